//! Reading the audit chain a page at a time, newest first, with each
//! entry's actor by name.

use crate::context::AppContext;
use crate::error::AppError;
use crate::store::audit::{self, AuditRow};

/// A page of the chain: its entries, and whether older ones follow.
pub struct AuditPage {
    pub entries: Vec<(AuditRow, Option<String>)>,
    pub more: bool,
}

/// Up to `limit` entries older than `before` (all of them, or one bill's);
/// the caller has checked that the reader may read the log.
pub async fn page(
    ctx: &AppContext,
    bill: Option<i64>,
    before: Option<i64>,
    limit: i64,
) -> Result<AuditPage, AppError> {
    let mut entries = ctx
        .db
        .run(move |c| audit::list(c, bill, before, limit + 1))
        .await?;
    let more = entries.len() as i64 > limit;
    entries.truncate(usize::try_from(limit).unwrap_or(0));
    Ok(AuditPage { entries, more })
}
