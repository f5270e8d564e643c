//! The audit log, for moderators and admins, and its head, for everyone.

use actix_web::{HttpResponse, web};
use serde::Deserialize;
use utoipa::IntoParams;

use crate::domain::Permission;
use crate::error::AppError;
use crate::service::audit_log;
use crate::store::audit;
use crate::web::AppState;
use crate::web::viewer::Viewer;
use crate::web::views::audit::{AuditHead, AuditList};

#[derive(Deserialize, IntoParams)]
pub struct AuditQuery {
    /// Only the entries of one bill (its id).
    bill: Option<i64>,
    /// `next_cursor` of the previous page.
    cursor: Option<i64>,
    /// At most 100; 50 by default.
    limit: Option<i64>,
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
    let page = audit_log::page(&state.ctx, query.bill, query.cursor, limit).await?;
    Ok(HttpResponse::Ok().json(AuditList::from(page)))
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
