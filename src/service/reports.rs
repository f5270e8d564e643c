//! Reporting a contribution to the moderators.

use crate::context::AppContext;
use crate::domain::contribution::{REPORT_DETAILS_MAX, ReportReason};
use crate::domain::validation::bounded_text;
use crate::domain::{User, time};
use crate::error::AppError;
use crate::service::bills::visible_bill;
use crate::store::{StoreError, bills, contributions, reports};

/// Any signed-in person reports a contribution once, with a reason.
pub async fn report(
    ctx: &AppContext,
    user: &User,
    contribution_id: i64,
    reason: &str,
    details: Option<&str>,
) -> Result<(), AppError> {
    if user.is_deleted() {
        return Err(AppError::Unauthorized("error-sign-in-required"));
    }
    if user.is_banned() {
        return Err(AppError::Forbidden("error-banned"));
    }
    let reason: ReportReason = reason
        .parse()
        .map_err(|_| AppError::field("reason", "error-report-reason"))?;
    let details = match details.map(str::trim).filter(|d| !d.is_empty()) {
        Some(d) => Some(bounded_text("details", d, 1, REPORT_DETAILS_MAX)?),
        None => None,
    };
    let (user, ctx2) = (user.clone(), ctx.clone());
    ctx.db
        .write(move |conn| {
            let row = contributions::find(conn, contribution_id)?;
            let slug = bills::find(conn, row.bill_id)?.slug;
            visible_bill(conn, &slug, Some(&user))?;
            if row.status != "published" {
                return Ok(Err(AppError::Conflict("error-item-withdrawn")));
            }
            match reports::insert(
                conn,
                contribution_id,
                user.id,
                reason.as_str(),
                details.as_deref(),
                time::now(),
            ) {
                Ok(()) => {
                    crate::service::moderation::on_report(conn, &ctx2, contribution_id)?;
                    Ok(Ok(()))
                }
                Err(StoreError::Duplicate) => Ok(Err(AppError::Conflict("error-already-reported"))),
                Err(e) => Err(e),
            }
        })
        .await?
}
