//! Reporting a contribution to the moderators.

use crate::context::AppContext;
use crate::domain::contribution::ContributionState;
use crate::domain::contribution::{REPORT_DETAILS_MAX, ReportReason};
use crate::domain::validation::bounded_text;
use crate::domain::{User, time};
use crate::error::AppError;
use crate::service::access::{BillAccess, BillKey};
use crate::store::{StoreError, contributions, reports};

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
    // A confirmed, non-banned account: throwaway accounts cannot hide
    // what others wrote.
    crate::service::access::participant(user)?;
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
            contributions::lock(conn, contribution_id)?;
            let row = contributions::find(conn, contribution_id)?;
            BillAccess::read(conn, BillKey::Id(row.bill_id), Some(&user))?.visible()?;
            if row.status != ContributionState::Published {
                return Err(AppError::Conflict("error-item-withdrawn"));
            }
            match reports::insert(
                conn,
                contribution_id,
                user.id,
                reason.as_str(),
                details.as_deref(),
                time::now(),
            ) {
                Ok(()) => Ok(crate::service::moderation::on_report(
                    conn,
                    &ctx2,
                    contribution_id,
                )?),
                Err(StoreError::Duplicate) => Err(AppError::Conflict("error-already-reported")),
                Err(e) => Err(e.into()),
            }
        })
        .await
}

/// Whether the viewer already reported the contribution (their report
/// form is then not offered again).
pub async fn has_reported(
    ctx: &AppContext,
    viewer: Option<&User>,
    contribution_id: i64,
) -> Result<bool, AppError> {
    let Some(user_id) = viewer.map(|u| u.id) else {
        return Ok(false);
    };
    ctx.db
        .run(move |conn| Ok(reports::exists(conn, contribution_id, user_id)?))
        .await
}
