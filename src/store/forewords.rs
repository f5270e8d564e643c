//! The sponsor's foreword to a bill's synthesis report (Markdown, one per
//! bill).

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::schema::report_forewords;
use super::{DbConnection, StoreError};

/// Writes (or replaces) the foreword of `bill_id`.
pub fn set(
    conn: &mut DbConnection,
    bill_id: i64,
    body: &str,
    author_id: i64,
    now: NaiveDateTime,
) -> Result<(), StoreError> {
    let n = diesel::update(report_forewords::table.find(bill_id))
        .set((
            report_forewords::body.eq(body),
            report_forewords::author_id.eq(author_id),
            report_forewords::updated_at.eq(now),
        ))
        .execute(conn)?;
    if n == 0 {
        diesel::insert_into(report_forewords::table)
            .values((
                report_forewords::bill_id.eq(bill_id),
                report_forewords::body.eq(body),
                report_forewords::author_id.eq(author_id),
                report_forewords::updated_at.eq(now),
            ))
            .execute(conn)?;
    }
    Ok(())
}

/// The foreword of `bill_id`, if its sponsor wrote one.
pub fn find(conn: &mut DbConnection, bill_id: i64) -> Result<Option<String>, StoreError> {
    Ok(report_forewords::table
        .find(bill_id)
        .select(report_forewords::body)
        .first(conn)
        .optional()?)
}
