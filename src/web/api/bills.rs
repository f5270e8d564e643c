//! Bills and articles over JSON.

use actix_web::{HttpRequest, HttpResponse, web};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Deserializer, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::domain::{BillStatus, time};
use crate::error::AppError;
use crate::import::Format;
use crate::service::bills::{self as service, ArticleEdit, ArticleInput, BillDraft, BillPatch};
use crate::web::AppState;
use crate::web::forms::ApiJson;
use crate::web::pages::bills::{parse_off_worker, problems_as_errors};
use crate::web::viewer::Viewer;
use crate::web::views::bills::{ArticleView, BillSummaryView, BillView, VersionView};

#[derive(Serialize, ToSchema)]
pub struct BillList {
    items: Vec<BillSummaryView>,
    next_cursor: Option<String>,
}

#[derive(Deserialize, IntoParams)]
pub struct ListQuery {
    /// draft, open, closed or published
    status: Option<String>,
}

/// Bills: open, closed and published ones for everybody, plus my drafts.
#[utoipa::path(get, path = "/api/v1/bills", tag = "bills", params(ListQuery),
    responses((status = 200, body = BillList)))]
pub async fn list(
    state: web::Data<AppState>,
    viewer: Viewer,
    query: web::Query<ListQuery>,
) -> Result<HttpResponse, AppError> {
    let status = match query.status.as_deref() {
        None | Some("") => None,
        Some(s) => Some(
            s.parse::<BillStatus>()
                .map_err(|_| AppError::field("status", "error-status-invalid"))?,
        ),
    };
    let rows = service::list(&state.ctx, viewer.user.as_ref(), status).await?;
    Ok(HttpResponse::Ok().json(BillList {
        items: rows.iter().map(BillSummaryView::from).collect(),
        next_cursor: None,
    }))
}

fn double_option<'de, D, T>(d: D) -> Result<Option<Option<T>>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    Option::<T>::deserialize(d).map(Some)
}

fn naive(t: Option<DateTime<Utc>>) -> Option<chrono::NaiveDateTime> {
    t.map(|t| time::truncate(t).naive_utc())
}

#[derive(Deserialize, ToSchema)]
pub struct ArticleRequest {
    label: String,
    heading: Option<String>,
    body: String,
}

#[derive(Deserialize, ToSchema)]
pub struct NewBillRequest {
    title: String,
    #[serde(default)]
    summary: String,
    articles: Vec<ArticleRequest>,
    opens_at: Option<DateTime<Utc>>,
    closes_at: Option<DateTime<Utc>>,
}

async fn respond_detail(
    state: &AppState,
    viewer: &Viewer,
    slug: &str,
    created: bool,
) -> Result<HttpResponse, AppError> {
    let detail = service::detail(&state.ctx, viewer.user.as_ref(), slug).await?;
    let mut res = if created {
        HttpResponse::Created()
    } else {
        HttpResponse::Ok()
    };
    Ok(res.json(BillView::from(&detail)))
}

/// Creates a draft bill (sponsors).
#[utoipa::path(post, path = "/api/v1/bills", tag = "bills", request_body = NewBillRequest,
    responses(
        (status = 201, body = BillView),
        (status = 403, description = "Sponsors only", body = crate::web::api::Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields", body = crate::web::api::Problem, content_type = "application/problem+json")
    ),
    security(("bearer" = []), ("session" = [])))]
pub async fn create(
    state: web::Data<AppState>,
    viewer: Viewer,
    ApiJson(body): ApiJson<NewBillRequest>,
) -> Result<HttpResponse, AppError> {
    let user = viewer.require_user()?;
    let draft = BillDraft {
        title: body.title,
        summary: body.summary,
        opens_at: naive(body.opens_at),
        closes_at: naive(body.closes_at),
        source: None,
        sections: Vec::new(),
        articles: body
            .articles
            .into_iter()
            .map(|a| ArticleInput {
                label: a.label,
                heading: a.heading,
                body: a.body,
                section: None,
                explanation: None,
            })
            .collect(),
    };
    let bill = service::create(&state.ctx, user, draft).await?;
    respond_detail(&state, &viewer, &bill.slug, true).await
}

#[derive(Deserialize, IntoParams)]
pub struct ImportQuery {
    /// Parse and return what was understood without saving anything.
    #[serde(default)]
    dry_run: bool,
    /// Replaces the title found in the file.
    title: Option<String>,
}

/// Imports a bill file (text/plain, text/markdown, application/json for La
/// Fabrique de la Loi, application/xml for Akoma Ntoso).
#[utoipa::path(post, path = "/api/v1/bills/import", tag = "bills", params(ImportQuery),
    request_body(content = String, description = "The file itself", content_type = "text/plain"),
    responses(
        (status = 200, description = "dry_run: what the file holds (format, title, summary, sections, articles), nothing saved; and `warnings`, each `{line, code, message}` in the reader's language: where the importer had to guess (a quotation never closed, a skipped or backward article number) and what it read", content_type = "application/json"),
        (status = 201, body = BillView),
        (status = 413, description = "File too large", body = crate::web::api::Problem, content_type = "application/problem+json"),
        (status = 415, description = "Unknown Content-Type", body = crate::web::api::Problem, content_type = "application/problem+json"),
        (status = 422, description = "Unreadable file: where and why", body = crate::web::api::Problem, content_type = "application/problem+json")
    ),
    security(("bearer" = []), ("session" = [])))]
pub async fn import(
    req: HttpRequest,
    state: web::Data<AppState>,
    viewer: Viewer,
    query: web::Query<ImportQuery>,
    body: web::Bytes,
) -> Result<HttpResponse, AppError> {
    let user = viewer.require(crate::domain::Permission::Sponsor)?;
    let content_type = req
        .headers()
        .get("Content-Type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let format = Format::from_content_type(content_type).ok_or(AppError::UnsupportedMediaType)?;
    let parsed = parse_off_worker(format, body)
        .await?
        .map_err(problems_as_errors)?;
    if query.dry_run {
        return Ok(HttpResponse::Ok().json(parsed.preview(viewer.locale)));
    }
    let bill = service::create(
        &state.ctx,
        user,
        BillDraft::from_import(parsed, query.title.clone()),
    )
    .await?;
    respond_detail(&state, &viewer, &bill.slug, true).await
}

/// A bill with its headings and articles (a draft: its sponsors only).
#[utoipa::path(get, path = "/api/v1/bills/{slug}", tag = "bills",
    params(("slug" = String, Path)),
    responses((status = 200, body = BillView), (status = 404, body = crate::web::api::Problem, content_type = "application/problem+json")))]
pub async fn show(
    state: web::Data<AppState>,
    viewer: Viewer,
    slug: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    respond_detail(&state, &viewer, &slug, false).await
}

#[derive(Deserialize, ToSchema)]
pub struct BillPatchRequest {
    title: Option<String>,
    summary: Option<String>,
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<String>)]
    opens_at: Option<Option<DateTime<Utc>>>,
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<String>)]
    closes_at: Option<Option<DateTime<Utc>>>,
}

/// Changes a bill's title, exposé or dates (sponsors).
#[utoipa::path(patch, path = "/api/v1/bills/{slug}", tag = "bills", params(("slug" = String, Path)),
    request_body = BillPatchRequest,
    responses((status = 200, body = BillView), (status = 409, description = "Closed bills are frozen", body = crate::web::api::Problem, content_type = "application/problem+json")),
    security(("bearer" = []), ("session" = [])))]
pub async fn update(
    state: web::Data<AppState>,
    viewer: Viewer,
    slug: web::Path<String>,
    ApiJson(body): ApiJson<BillPatchRequest>,
) -> Result<HttpResponse, AppError> {
    let user = viewer.require_user()?;
    let patch = BillPatch {
        title: body.title,
        summary: body.summary,
        opens_at: body.opens_at.map(naive),
        closes_at: body.closes_at.map(naive),
    };
    let bill = service::update(&state.ctx, user, &slug, patch).await?;
    respond_detail(&state, &viewer, &bill.slug, false).await
}

#[derive(Deserialize, ToSchema)]
pub struct TransitionRequest {
    /// open, closed or published
    to: String,
}

/// Moves the bill one step: draft → open → closed → published.
#[utoipa::path(post, path = "/api/v1/bills/{slug}/transitions", tag = "bills", params(("slug" = String, Path)),
    request_body = TransitionRequest,
    responses(
        (status = 200, body = BillView),
        (status = 403, body = crate::web::api::Problem, content_type = "application/problem+json"),
        (status = 409, description = "Not allowed from the current status", body = crate::web::api::Problem, content_type = "application/problem+json")
    ),
    security(("bearer" = []), ("session" = [])))]
pub async fn transition(
    state: web::Data<AppState>,
    viewer: Viewer,
    slug: web::Path<String>,
    ApiJson(body): ApiJson<TransitionRequest>,
) -> Result<HttpResponse, AppError> {
    let user = viewer.require_user()?;
    let to: BillStatus = body
        .to
        .parse()
        .map_err(|_| AppError::field("to", "error-status-invalid"))?;
    // Publication is its own use case (decisions, final text, synthesis).
    let bill = match to {
        BillStatus::Published => {
            crate::service::synthesis::publish(&state.ctx, user, &slug).await?
        }
        _ => service::transition(&state.ctx, user, &slug, to).await?,
    };
    respond_detail(&state, &viewer, &bill.slug, false).await
}

/// Adds an article to a draft.
#[utoipa::path(post, path = "/api/v1/bills/{slug}/articles", tag = "bills", params(("slug" = String, Path)),
    request_body = ArticleRequest,
    responses((status = 201, body = ArticleView), (status = 409, description = "Not a draft", body = crate::web::api::Problem, content_type = "application/problem+json")),
    security(("bearer" = []), ("session" = [])))]
pub async fn add_article(
    state: web::Data<AppState>,
    viewer: Viewer,
    slug: web::Path<String>,
    ApiJson(body): ApiJson<ArticleRequest>,
) -> Result<HttpResponse, AppError> {
    let user = viewer.require_user()?;
    let article = service::add_article(
        &state.ctx,
        user,
        &slug,
        ArticleInput {
            label: body.label,
            heading: body.heading,
            body: body.body,
            section: None,
            explanation: None,
        },
    )
    .await?;
    Ok(HttpResponse::Created().json(ArticleView::from(&article)))
}

/// An article's current text.
#[utoipa::path(get, path = "/api/v1/articles/{id}", tag = "bills", params(("id" = i64, Path)),
    responses((status = 200, body = ArticleView), (status = 404, body = crate::web::api::Problem, content_type = "application/problem+json")))]
pub async fn article(
    state: web::Data<AppState>,
    viewer: Viewer,
    id: web::Path<i64>,
) -> Result<HttpResponse, AppError> {
    let detail = service::article(&state.ctx, viewer.user.as_ref(), *id).await?;
    Ok(HttpResponse::Ok().json(ArticleView::from(&detail.article)))
}

#[derive(Serialize, ToSchema)]
pub struct VersionList {
    items: Vec<VersionView>,
    next_cursor: Option<String>,
}

/// Every version of an article's text, oldest first.
#[utoipa::path(get, path = "/api/v1/articles/{id}/versions", tag = "bills", params(("id" = i64, Path)),
    responses((status = 200, body = VersionList)))]
pub async fn versions(
    state: web::Data<AppState>,
    viewer: Viewer,
    id: web::Path<i64>,
) -> Result<HttpResponse, AppError> {
    let detail = service::article(&state.ctx, viewer.user.as_ref(), *id).await?;
    Ok(HttpResponse::Ok().json(VersionList {
        items: detail.versions.iter().map(VersionView::from).collect(),
        next_cursor: None,
    }))
}

#[derive(Deserialize, ToSchema)]
pub struct ArticleEditRequest {
    label: Option<String>,
    heading: Option<String>,
    body: String,
    /// Required while the consultation is open.
    reason: Option<String>,
}

/// Publishes a new version of an article (sponsors).
#[utoipa::path(put, path = "/api/v1/articles/{id}", tag = "bills", params(("id" = i64, Path)),
    request_body = ArticleEditRequest,
    responses(
        (status = 200, body = ArticleView),
        (status = 409, description = "Closed: the text is frozen", body = crate::web::api::Problem, content_type = "application/problem+json"),
        (status = 422, description = "Missing reason or invalid text", body = crate::web::api::Problem, content_type = "application/problem+json")
    ),
    security(("bearer" = []), ("session" = [])))]
pub async fn edit_article(
    state: web::Data<AppState>,
    viewer: Viewer,
    id: web::Path<i64>,
    ApiJson(body): ApiJson<ArticleEditRequest>,
) -> Result<HttpResponse, AppError> {
    let user = viewer.require_user()?;
    let article = service::edit_article(
        &state.ctx,
        user,
        *id,
        ArticleEdit {
            label: body.label,
            heading: body.heading,
            body: body.body,
            reason: body.reason,
        },
    )
    .await?;
    Ok(HttpResponse::Ok().json(ArticleView::from(&article)))
}

/// Removes an article from a draft.
#[utoipa::path(delete, path = "/api/v1/articles/{id}", tag = "bills", params(("id" = i64, Path)),
    responses((status = 204, description = "Deleted"), (status = 409, description = "Not a draft", body = crate::web::api::Problem, content_type = "application/problem+json")),
    security(("bearer" = []), ("session" = [])))]
pub async fn delete_article(
    state: web::Data<AppState>,
    viewer: Viewer,
    id: web::Path<i64>,
) -> Result<HttpResponse, AppError> {
    let user = viewer.require_user()?;
    service::delete_article(&state.ctx, user, *id).await?;
    Ok(HttpResponse::NoContent().finish())
}
