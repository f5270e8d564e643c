//! Moderation API: the queue, acts on contributions, contests, bans, and
//! each bill's public moderation record.

use actix_web::{HttpResponse, web};
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};

use crate::error::AppError;
use crate::service::moderation::{self as service, ActRequest, BulkOutcome, QueueRequest};
use crate::web::AppState;
use crate::web::api::Problem;
use crate::web::forms::ApiJson;
use crate::web::viewer::Viewer;
use crate::web::views::moderation::{BanView, ModerationResult, QueueView, TrashView};

#[derive(Deserialize, IntoParams)]
pub struct QueueParams {
    /// A bill's slug.
    bill: Option<String>,
    /// spam, offensive, off_topic, personal_data, illegal, other,
    /// duplicate or contested.
    reason: Option<String>,
    /// `next_cursor` of the previous page.
    cursor: Option<String>,
    /// At most 100; 50 by default.
    limit: Option<i64>,
}

/// The moderation queue, most urgent first (moderators and admins).
#[utoipa::path(get, path = "/api/v1/moderation/queue", tag = "moderation", params(QueueParams),
    responses((status = 200, body = QueueView), (status = 403, body = Problem, content_type = "application/problem+json")),
    security(("bearer" = []), ("session" = [])))]
pub async fn queue(
    state: web::Data<AppState>,
    viewer: Viewer,
    params: web::Query<QueueParams>,
) -> Result<HttpResponse, AppError> {
    let user = viewer.require_user()?;
    let p = params.into_inner();
    let limit = p.limit.unwrap_or(50);
    if !(1..=100).contains(&limit) {
        return Err(AppError::field("limit", "error-limit-range"));
    }
    let page = service::queue(
        &state.ctx,
        user,
        QueueRequest {
            bill: p.bill,
            reason: p.reason.filter(|r| !r.is_empty()),
            cursor: p.cursor,
            limit,
        },
    )
    .await?;
    Ok(HttpResponse::Ok().json(QueueView::from(page)))
}

#[derive(Deserialize, ToSchema)]
pub struct ModerationRequest {
    /// hide, trash, restore or redact
    action: String,
    /// Public: shown in the bill's moderation log.
    reason: String,
    /// For redact: the text as it will be published.
    redacted_body: Option<String>,
    /// For redact: the title as it will be published (omit to keep it,
    /// empty to remove it).
    redacted_title: Option<String>,
    /// For redact: an amendment's or proposal's proposed text as it will be
    /// published (omit to keep it).
    redacted_proposed_text: Option<String>,
    /// For redact: a source's address as it will be published (omit to
    /// keep it, empty to remove it).
    redacted_url: Option<String>,
}

/// Moderates a contribution (moderators and admins, never their own).
#[utoipa::path(post, path = "/api/v1/contributions/{id}/moderation", tag = "moderation", params(("id" = i64, Path)),
    request_body = ModerationRequest,
    responses(
        (status = 200, body = ModerationResult),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Withdrawn", body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json")
    ),
    security(("bearer" = []), ("session" = [])))]
pub async fn act(
    state: web::Data<AppState>,
    viewer: Viewer,
    id: web::Path<i64>,
    ApiJson(body): ApiJson<ModerationRequest>,
) -> Result<HttpResponse, AppError> {
    let user = viewer.require_user()?;
    let action = service::parse_action(&body.action)?;
    let row = service::act(
        &state.ctx,
        user,
        *id,
        ActRequest {
            action,
            reason: body.reason,
            redacted_title: body.redacted_title,
            redacted_body: body.redacted_body,
            redacted_proposed_text: body.redacted_proposed_text,
            redacted_url: body.redacted_url,
        },
    )
    .await?;
    Ok(HttpResponse::Ok().json(ModerationResult::from(&row)))
}

#[derive(Deserialize, ToSchema)]
pub struct BulkRequest {
    #[serde(default)]
    ids: Vec<i64>,
    /// A near-duplicate group: the id of its first contribution.
    group: Option<i64>,
    /// hide, trash or restore
    action: String,
    reason: String,
}

/// Moderates many contributions, or a whole near-duplicate group, at once.
#[utoipa::path(post, path = "/api/v1/moderation/bulk", tag = "moderation",
    request_body = BulkRequest,
    responses((status = 200, body = BulkOutcome), (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json")),
    security(("bearer" = []), ("session" = [])))]
pub async fn bulk(
    state: web::Data<AppState>,
    viewer: Viewer,
    ApiJson(body): ApiJson<BulkRequest>,
) -> Result<HttpResponse, AppError> {
    let user = viewer.require_user()?;
    let action = service::parse_action(&body.action)?;
    let outcome =
        service::act_on_many(&state.ctx, user, body.ids, body.group, action, &body.reason).await?;
    Ok(HttpResponse::Ok().json(outcome))
}

#[derive(Deserialize, ToSchema)]
pub struct ContestRequest {
    text: String,
}

/// The author contests a moderation of their contribution, once.
#[utoipa::path(post, path = "/api/v1/contributions/{id}/contest", tag = "moderation", params(("id" = i64, Path)),
    request_body = ContestRequest,
    responses((status = 201, description = "Back in the queue"), (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Not moderated, or already contested", body = Problem, content_type = "application/problem+json")),
    security(("bearer" = []), ("session" = [])))]
pub async fn contest(
    state: web::Data<AppState>,
    viewer: Viewer,
    id: web::Path<i64>,
    ApiJson(body): ApiJson<ContestRequest>,
) -> Result<HttpResponse, AppError> {
    let user = viewer.require_user()?;
    service::contest(&state.ctx, user, *id, &body.text).await?;
    Ok(HttpResponse::Created().json(serde_json::json!({"status": "received"})))
}

#[derive(Deserialize, ToSchema)]
pub struct BanRequest {
    reason: String,
    /// 7d, 30d or permanent; permanent when left out.
    #[serde(default)]
    duration: Option<String>,
}

/// Suspends an account: it can read but not write (moderators ban
/// participants; only admins ban staff).
#[utoipa::path(post, path = "/api/v1/users/{id}/ban", tag = "moderation", params(("id" = i64, Path)),
    request_body = BanRequest,
    responses((status = 200, body = BanView), (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Already banned", body = Problem, content_type = "application/problem+json")),
    security(("bearer" = []), ("session" = [])))]
pub async fn ban(
    state: web::Data<AppState>,
    viewer: Viewer,
    id: web::Path<i64>,
    ApiJson(body): ApiJson<BanRequest>,
) -> Result<HttpResponse, AppError> {
    let user = viewer.require_user()?;
    let duration = body.duration.as_deref().unwrap_or("permanent");
    let target = service::set_ban(&state.ctx, user, *id, Some((&body.reason, duration))).await?;
    Ok(HttpResponse::Ok().json(BanView::from(target)))
}

/// Lifts a suspension.
#[utoipa::path(delete, path = "/api/v1/users/{id}/ban", tag = "moderation", params(("id" = i64, Path)),
    responses((status = 200, body = BanView), (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Not banned", body = Problem, content_type = "application/problem+json")),
    security(("bearer" = []), ("session" = [])))]
pub async fn unban(
    state: web::Data<AppState>,
    viewer: Viewer,
    id: web::Path<i64>,
) -> Result<HttpResponse, AppError> {
    let user = viewer.require_user()?;
    let target = service::set_ban(&state.ctx, user, *id, None).await?;
    Ok(HttpResponse::Ok().json(BanView::from(target)))
}

/// A bill's public moderation record: moderated contributions and the log
/// of acts, without moderators' names or hidden text.
#[utoipa::path(get, path = "/api/v1/bills/{slug}/trash", tag = "moderation", params(("slug" = String, Path)),
    responses((status = 200, body = TrashView), (status = 404, body = Problem, content_type = "application/problem+json")))]
pub async fn trash(
    state: web::Data<AppState>,
    viewer: Viewer,
    slug: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let t = service::trash(&state.ctx, viewer.user.as_ref(), &slug).await?;
    Ok(HttpResponse::Ok().json(TrashView::from(t)))
}
