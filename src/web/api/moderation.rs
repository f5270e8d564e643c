//! Moderation API: the queue, acts on contributions, contests, bans, and
//! each bill's public moderation record.

use actix_web::{HttpResponse, web};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::analysis::personal_data::Span;
use crate::domain::time;
use crate::error::AppError;
use crate::service::moderation::{self as service, ActRequest, BulkOutcome, QueueRequest};
use crate::web::AppState;
use crate::web::api::Problem;
use crate::web::forms::ApiJson;
use crate::web::viewer::Viewer;

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

#[derive(Serialize, ToSchema)]
pub struct ReasonCount {
    reason: String,
    count: i64,
}

#[derive(Serialize, ToSchema)]
pub struct PersonalDataView {
    #[schema(value_type = Vec<Object>)]
    title: Vec<Span>,
    /// Byte offsets into the body, with the kind found.
    #[schema(value_type = Vec<Object>)]
    body: Vec<Span>,
    /// Byte offsets into an amendment's or proposal's proposed text.
    #[schema(value_type = Vec<Object>)]
    proposed_text: Vec<Span>,
    /// Byte offsets into a source's address.
    #[schema(value_type = Vec<Object>)]
    url: Vec<Span>,
}

#[derive(Serialize, ToSchema)]
pub struct QueueItemView {
    contribution_id: i64,
    bill: String,
    kind: String,
    author_id: i64,
    title: Option<String>,
    body: String,
    proposed_text: Option<String>,
    url: Option<String>,
    created_at: String,
    urgency: i32,
    reports: Vec<ReasonCount>,
    personal_data: PersonalDataView,
    /// How many contributions share this text (1: none other).
    group_size: i32,
    contested: bool,
    contest_text: Option<String>,
    /// Current state, if already moderated.
    moderation: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct QueueView {
    items: Vec<QueueItemView>,
    next_cursor: Option<String>,
    total: i64,
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
    let items = page
        .entries
        .into_iter()
        .map(|e| {
            let r = e.item.contribution;
            QueueItemView {
                contribution_id: r.id,
                bill: e.item.bill_slug,
                kind: r.kind.to_string(),
                author_id: r.author_id,
                title: r.title,
                body: r.body,
                proposed_text: r.proposed_text,
                url: r.url,
                created_at: time::rfc3339(r.created_at),
                urgency: e.item.case.urgency,
                reports: e
                    .report_reasons
                    .into_iter()
                    .map(|(reason, count)| ReasonCount { reason, count })
                    .collect(),
                personal_data: PersonalDataView {
                    title: e.found.title,
                    body: e.found.body,
                    proposed_text: e.found.proposed_text,
                    url: e.found.url,
                },
                group_size: e.group_size,
                contested: e.contested,
                contest_text: e.item.case.contest_text,
                moderation: r.moderation.map(|m| m.to_string()),
            }
        })
        .collect();
    Ok(HttpResponse::Ok().json(QueueView {
        items,
        next_cursor: page.next_cursor,
        total: page.total,
    }))
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

#[derive(Serialize, ToSchema)]
pub struct ModerationResult {
    contribution_id: i64,
    /// The state the public now sees (null: not moderated).
    moderation: Option<String>,
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
    Ok(HttpResponse::Ok().json(ModerationResult {
        contribution_id: row.id,
        moderation: row.moderation.map(|m| m.to_string()),
    }))
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

#[derive(Serialize, ToSchema)]
pub struct BanView {
    user_id: i64,
    banned: bool,
    reason: Option<String>,
    /// When the ban ends by itself (RFC 3339); null when permanent or not
    /// banned.
    until: Option<String>,
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
    Ok(HttpResponse::Ok().json(BanView {
        user_id: target.id,
        banned: target.is_banned(),
        until: target
            .banned_until
            .filter(|_| target.is_banned())
            .map(time::rfc3339),
        reason: target.ban_reason,
    }))
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
    Ok(HttpResponse::Ok().json(BanView {
        user_id: target.id,
        banned: target.is_banned(),
        until: target
            .banned_until
            .filter(|_| target.is_banned())
            .map(time::rfc3339),
        reason: target.ban_reason,
    }))
}

#[derive(Serialize, ToSchema)]
pub struct TrashItemView {
    contribution_id: i64,
    kind: String,
    /// trashed, hidden or redacted
    moderation: String,
    reason: Option<String>,
    moderated_at: String,
    /// The text, except for hidden contributions.
    title: Option<String>,
    body: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct LogEntryView {
    at: String,
    action: String,
    contribution_id: Option<i64>,
    reason: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct TrashView {
    items: Vec<TrashItemView>,
    log: Vec<LogEntryView>,
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
    let items = t
        .items
        .into_iter()
        .map(|i| {
            let readable = i.state != crate::domain::moderation::State::Hidden;
            let r = i.contribution;
            TrashItemView {
                contribution_id: r.id,
                kind: r.kind.to_string(),
                moderation: i.state.as_str().to_string(),
                reason: i.reason,
                moderated_at: time::rfc3339(i.at),
                title: r.title.filter(|_| readable),
                body: readable.then_some(r.body),
            }
        })
        .collect();
    let log = t
        .log
        .into_iter()
        .map(|e| LogEntryView {
            at: time::rfc3339(e.at),
            action: e.action,
            contribution_id: e.contribution_id,
            reason: e.reason,
        })
        .collect();
    Ok(HttpResponse::Ok().json(TrashView { items, log }))
}
