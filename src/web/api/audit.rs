//! The audit log, for moderators and admins, and its head, for everyone.

use actix_web::{HttpResponse, web};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::domain::{Permission, time};
use crate::error::AppError;
use crate::store::audit;
use crate::web::AppState;
use crate::web::viewer::Viewer;
use crate::web::views::audit::AuditHead;

#[derive(Deserialize, IntoParams)]
pub struct AuditQuery {
    /// Only the entries of one bill (its id).
    bill: Option<i64>,
    /// `next_cursor` of the previous page.
    cursor: Option<i64>,
    /// At most 100; 50 by default.
    limit: Option<i64>,
}

#[derive(Serialize, ToSchema)]
pub struct AuditEntryView {
    seq: i64,
    at: String,
    actor: Option<String>,
    action: String,
    target: String,
    reason: Option<String>,
    hash: String,
    prev_hash: String,
}

#[derive(Serialize, ToSchema)]
pub struct AuditList {
    items: Vec<AuditEntryView>,
    next_cursor: Option<String>,
}

/// Audit entries, newest first (moderators and admins).
#[utoipa::path(get, path = "/api/v1/audit", tag = "admin", params(AuditQuery),
    responses((status = 200, body = AuditList), (status = 403, body = crate::web::api::Problem, content_type = "application/problem+json")),
    security(("bearer" = []), ("session" = [])))]
pub async fn list(
    state: web::Data<AppState>,
    viewer: Viewer,
    query: web::Query<AuditQuery>,
) -> Result<HttpResponse, AppError> {
    viewer.require(Permission::Moderate)?;
    let limit = query.limit.unwrap_or(50);
    if !(1..=100).contains(&limit) {
        return Err(AppError::field("limit", "error-limit-range"));
    }
    let (bill, before) = (query.bill, query.cursor);
    let rows = state
        .ctx
        .db
        .run(move |conn| audit::list(conn, bill, before, limit + 1))
        .await?;
    let more = rows.len() as i64 > limit;
    let items: Vec<AuditEntryView> = rows
        .into_iter()
        .take(limit as usize)
        .map(|(r, actor)| AuditEntryView {
            seq: r.seq,
            at: time::rfc3339(r.at),
            actor: actor.filter(|a| !a.is_empty()),
            action: r.action,
            target: match r.target_id {
                Some(id) => format!("{}:{id}", r.target_kind),
                None => r.target_kind,
            },
            reason: r.reason,
            hash: r.hash,
            prev_hash: r.prev_hash,
        })
        .collect();
    let next_cursor = if more {
        items.last().map(|i| i.seq.to_string())
    } else {
        None
    };
    Ok(HttpResponse::Ok().json(AuditList { items, next_cursor }))
}

/// The head of the audit chain: its newest entry. Public, so that anyone
/// (a journalist, a parliament's clerk) can keep it outside the platform
/// and later check that the chain still holds it: `codraft audit verify
/// --head SEQ:HASH`, or a later head whose chain contains it.
#[utoipa::path(get, path = "/api/v1/audit/head", tag = "audit",
    responses((status = 200, body = AuditHead)))]
pub async fn head(state: web::Data<AppState>) -> Result<HttpResponse, AppError> {
    let row = state.ctx.db.run(audit::head).await?;
    Ok(HttpResponse::Ok()
        .insert_header(("Cache-Control", "no-cache"))
        .json(AuditHead::from(row.as_ref())))
}
