//! Synthesis and arbitration API: themes and notes (moderators), decisions,
//! final wordings and publication (the bill's sponsors).

use actix_web::{HttpResponse, web};
use serde::Deserialize;
use utoipa::ToSchema;

use crate::error::AppError;
use crate::service::synthesis as service;
use crate::web::AppState;
use crate::web::api::Problem;
use crate::web::forms::ApiJson;
use crate::web::viewer::Viewer;
use crate::web::views::synthesis::{DecisionView, ForewordView, PublicationView, ThemeIdsView};

#[derive(Deserialize, ToSchema)]
pub struct ThemesRequest {
    theme_ids: Vec<i64>,
}

/// Sets the themes of a contribution (moderators and admins).
#[utoipa::path(put, path = "/api/v1/contributions/{id}/themes", tag = "synthesis", params(("id" = i64, Path)),
    request_body = ThemesRequest,
    responses((status = 200, description = "The themes now set"), (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json")),
    security(("bearer" = []), ("session" = [])))]
pub async fn set_themes(
    state: web::Data<AppState>,
    viewer: Viewer,
    id: web::Path<i64>,
    ApiJson(body): ApiJson<ThemesRequest>,
) -> Result<HttpResponse, AppError> {
    let user = viewer.require_user()?;
    let ids = service::set_themes(&state.ctx, user, *id, body.theme_ids).await?;
    Ok(HttpResponse::Ok().json(ThemeIdsView { theme_ids: ids }))
}

#[derive(Deserialize, ToSchema)]
pub struct NoteRequest {
    /// Markdown; `#123` links to contribution 123.
    body: String,
}

/// Writes the synthesis note of an article (moderators and admins).
#[utoipa::path(put, path = "/api/v1/articles/{id}/synthesis", tag = "synthesis", params(("id" = i64, Path)),
    request_body = NoteRequest,
    responses((status = 204), (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json")),
    security(("bearer" = []), ("session" = [])))]
pub async fn set_note(
    state: web::Data<AppState>,
    viewer: Viewer,
    id: web::Path<i64>,
    ApiJson(body): ApiJson<NoteRequest>,
) -> Result<HttpResponse, AppError> {
    let user = viewer.require_user()?;
    service::set_note(&state.ctx, user, *id, &body.body).await?;
    Ok(HttpResponse::NoContent().finish())
}

#[derive(Deserialize, ToSchema)]
pub struct DecisionRequest {
    /// accepted, partially_accepted, rejected, already_satisfied or out_of_scope
    decision: String,
    /// Required except for accepted.
    justification: Option<String>,
    /// For a partially accepted proposal: the text of the new article.
    wording: Option<String>,
}

/// Decides on an amendment or a proposal (the bill's sponsors); private
/// until publication.
#[utoipa::path(put, path = "/api/v1/contributions/{id}/decision", tag = "synthesis", params(("id" = i64, Path)),
    request_body = DecisionRequest,
    responses((status = 200, body = DecisionView), (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Published already, or not an amendment or proposal", body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json")),
    security(("bearer" = []), ("session" = [])))]
pub async fn decide(
    state: web::Data<AppState>,
    viewer: Viewer,
    id: web::Path<i64>,
    ApiJson(body): ApiJson<DecisionRequest>,
) -> Result<HttpResponse, AppError> {
    let user = viewer.require_user()?;
    let d = service::decide(
        &state.ctx,
        user,
        *id,
        &body.decision,
        body.justification.as_deref(),
        body.wording.as_deref(),
    )
    .await?;
    Ok(HttpResponse::Ok().json(DecisionView::from(d)))
}

#[derive(Deserialize, ToSchema)]
pub struct WordingRequest {
    body: String,
}

/// The final wording of an article where several amendments meet (the
/// bill's sponsors).
#[utoipa::path(put, path = "/api/v1/articles/{id}/final-wording", tag = "synthesis", params(("id" = i64, Path)),
    request_body = WordingRequest,
    responses((status = 204), (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json")),
    security(("bearer" = []), ("session" = [])))]
pub async fn set_wording(
    state: web::Data<AppState>,
    viewer: Viewer,
    id: web::Path<i64>,
    ApiJson(body): ApiJson<WordingRequest>,
) -> Result<HttpResponse, AppError> {
    let user = viewer.require_user()?;
    service::set_wording(&state.ctx, user, *id, &body.body).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Publishes the decisions, the final text and the synthesis together.
/// Refused (422, listing what is missing) while an amendment or proposal
/// has no decision or amendments meet on an article without a wording.
#[utoipa::path(post, path = "/api/v1/bills/{slug}/publication", tag = "synthesis", params(("slug" = String, Path)),
    responses((status = 200, body = PublicationView), (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Not closed, or published already", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Decisions or wordings missing", body = Problem, content_type = "application/problem+json")),
    security(("bearer" = []), ("session" = [])))]
pub async fn publish(
    state: web::Data<AppState>,
    viewer: Viewer,
    slug: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let user = viewer.require_user()?;
    let bill = service::publish(&state.ctx, user, &slug).await?;
    let synthesis = state.ctx.url(&format!("/bills/{}/synthesis", bill.slug));
    Ok(HttpResponse::Ok().json(PublicationView::of(bill, synthesis)))
}

#[derive(Deserialize, ToSchema)]
pub struct ForewordRequest {
    /// Markdown; `#123` links to contribution 123.
    body: String,
}

/// Writes the sponsor's foreword to the synthesis report (the bill's
/// sponsors and the admins, until publication).
#[utoipa::path(put, path = "/api/v1/bills/{slug}/synthesis/foreword", tag = "synthesis", params(("slug" = String, Path)),
    request_body = ForewordRequest,
    responses((status = 200, description = "The foreword as kept"), (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Published: the report is frozen", body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json")),
    security(("bearer" = []), ("session" = [])))]
pub async fn set_foreword(
    state: web::Data<AppState>,
    viewer: Viewer,
    slug: web::Path<String>,
    ApiJson(body): ApiJson<ForewordRequest>,
) -> Result<HttpResponse, AppError> {
    let user = viewer.require_user()?;
    let body = crate::service::foreword::set(&state.ctx, user, &slug, &body.body).await?;
    Ok(HttpResponse::Ok().json(ForewordView { body }))
}
