//! The sponsor's foreword to the synthesis report: written by the bill's
//! sponsors (and the admins) until publication, then frozen with the rest
//! of the report.

use crate::context::AppContext;
use crate::domain::validation::bounded_text;
use crate::domain::{User, time};
use crate::error::AppError;
use crate::service::access::{BillAccess, BillKey};
use crate::store::forewords;

/// The longest foreword, in characters.
pub const FOREWORD_MAX: usize = 20_000;

/// Writes the foreword of bill `slug`; returns the text kept.
pub async fn set(
    ctx: &AppContext,
    user: &User,
    slug: &str,
    body: &str,
) -> Result<String, AppError> {
    let body = bounded_text("body", body, 1, FOREWORD_MAX)?;
    let (user, slug) = (user.clone(), slug.to_string());
    let audit_key = ctx.audit_key.clone();
    ctx.db
        .write(move |c| {
            // Under the bill's lock: publication waits, or this waits for it
            // and is refused.
            let access = BillAccess::write(c, &audit_key, BillKey::Slug(&slug), Some(&user))?
                .managed()?
                .not_published()?;
            forewords::set(c, access.row.id, &body, user.id, time::now())?;
            Ok(body.clone())
        })
        .await
}
