//! Bills and articles over JSON.

use actix_web::{HttpRequest, HttpResponse, web};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Deserializer, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::domain::{BillStatus, time};
use crate::error::AppError;
use crate::import::Format;
use crate::service::bills::{
    self as service, ArticleEdit, ArticleInput, BillDetail, BillDraft, BillPatch,
};
use crate::store::articles::{ArticleRow, VersionRow};
use crate::store::bills::BillRow;
use crate::web::AppState;
use crate::web::forms::ApiJson;
use crate::web::pages::bills::{parse_off_worker, problems_as_errors};
use crate::web::viewer::Viewer;

#[derive(Serialize, ToSchema)]
pub struct BillSummaryView {
    id: i64,
    slug: String,
    title: String,
    #[schema(example = "open")]
    status: &'static str,
    opens_at: Option<String>,
    closes_at: Option<String>,
    updated_at: String,
}

impl From<&BillRow> for BillSummaryView {
    fn from(b: &BillRow) -> Self {
        BillSummaryView {
            id: b.id,
            slug: b.slug.clone(),
            title: b.title.clone(),
            status: b.status.as_str(),
            opens_at: b.opens_at.map(time::rfc3339),
            closes_at: b.closes_at.map(time::rfc3339),
            updated_at: time::rfc3339(b.updated_at),
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct ArticleView {
    id: i64,
    bill_id: i64,
    position: i32,
    label: String,
    heading: Option<String>,
    /// Markdown, one paragraph per alinéa.
    body: String,
    version: i32,
    section_id: Option<i64>,
    updated_at: String,
    /// After publication: "deleted" (supprimé) or "added" (from a proposal).
    fate: Option<String>,
    votes: ArticleVotes,
    counts: ArticleCounts,
}

#[derive(Serialize, ToSchema)]
pub struct ArticleVotes {
    agree: i32,
    mixed: i32,
    disagree: i32,
}

#[derive(Serialize, ToSchema)]
pub struct ArticleCounts {
    arguments: i32,
    amendments: i32,
    sources: i32,
}

impl From<&ArticleRow> for ArticleView {
    fn from(a: &ArticleRow) -> Self {
        ArticleView {
            id: a.id,
            bill_id: a.bill_id,
            position: a.position,
            label: a.label.clone(),
            heading: a.heading.clone(),
            body: a.body.clone(),
            version: a.version,
            section_id: a.section_id,
            updated_at: time::rfc3339(a.updated_at),
            fate: a.fate.clone(),
            votes: ArticleVotes {
                agree: a.votes_agree,
                mixed: a.votes_mixed,
                disagree: a.votes_disagree,
            },
            counts: ArticleCounts {
                arguments: a.arguments_count,
                amendments: a.amendments_count,
                sources: a.sources_count,
            },
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct SectionView {
    id: i64,
    level: i32,
    kind: String,
    label: String,
    heading: String,
}

#[derive(Serialize, ToSchema)]
pub struct PersonView {
    id: i64,
    display_name: String,
}

#[derive(Serialize, ToSchema)]
pub struct TransitionView {
    from: String,
    to: String,
    /// None when the calendar moved the bill.
    actor: Option<String>,
    at: String,
}

#[derive(Serialize, ToSchema)]
pub struct BillView {
    #[serde(flatten)]
    summary: BillSummaryView,
    /// Exposé des motifs, Markdown.
    summary_text: String,
    source: Option<String>,
    sponsors: Vec<PersonView>,
    sections: Vec<SectionView>,
    articles: Vec<ArticleView>,
    transitions: Vec<TransitionView>,
    participation: ParticipationView,
}

#[derive(Serialize, ToSchema)]
pub struct ParticipationView {
    participants: i32,
    contributions: i32,
    proposals: i32,
    votes: i32,
}

impl From<&BillDetail> for BillView {
    fn from(d: &BillDetail) -> Self {
        BillView {
            summary: BillSummaryView::from(&d.bill),
            summary_text: d.bill.summary.clone(),
            source: d.bill.source.clone(),
            sponsors: d
                .sponsors
                .iter()
                .map(|(id, name)| PersonView {
                    id: *id,
                    display_name: name.clone(),
                })
                .collect(),
            sections: d
                .sections
                .iter()
                .map(|s| SectionView {
                    id: s.id,
                    level: s.level,
                    kind: s.kind.clone(),
                    label: s.label.clone(),
                    heading: s.heading.clone(),
                })
                .collect(),
            articles: d.articles.iter().map(ArticleView::from).collect(),
            transitions: d
                .transitions
                .iter()
                .map(|t| TransitionView {
                    from: t.from_status.to_string(),
                    to: t.to_status.to_string(),
                    actor: t.actor_name.clone(),
                    at: time::rfc3339(t.at),
                })
                .collect(),
            participation: ParticipationView {
                participants: d.bill.participants_count,
                contributions: d.bill.contributions_count,
                proposals: d.bill.proposals_count,
                votes: d.bill.votes_count,
            },
        }
    }
}

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
pub struct VersionView {
    version: i32,
    label: String,
    heading: Option<String>,
    body: String,
    reason: Option<String>,
    author: Option<String>,
    created_at: String,
}

impl From<&VersionRow> for VersionView {
    fn from(v: &VersionRow) -> Self {
        VersionView {
            version: v.version,
            label: v.label.clone(),
            heading: v.heading.clone(),
            body: v.body.clone(),
            reason: v.reason.clone(),
            author: v.author_name.clone(),
            created_at: time::rfc3339(v.created_at),
        }
    }
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
