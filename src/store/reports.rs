//! Reports of contributions.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::kept::KeepPrepared;
use super::schema::{contributions, reports};
use super::{DbConnection, StoreError};

/// Records a report and counts it; `StoreError::Duplicate` if this person
/// already reported this contribution. Call inside a write transaction.
pub fn insert(
    conn: &mut DbConnection,
    contribution_id: i64,
    reporter_id: i64,
    reason: &str,
    details: Option<&str>,
    now: NaiveDateTime,
) -> Result<(), StoreError> {
    let already: i64 = reports::table
        .filter(reports::contribution_id.eq(contribution_id))
        .filter(reports::reporter_id.eq(reporter_id))
        .count()
        .get_result(conn)?;
    if already > 0 {
        return Err(StoreError::Duplicate);
    }
    diesel::insert_into(reports::table)
        .values((
            reports::contribution_id.eq(contribution_id),
            reports::reporter_id.eq(reporter_id),
            reports::reason.eq(reason),
            reports::details.eq(details),
            reports::created_at.eq(now),
        ))
        .kept()
        .execute(conn)?;
    diesel::update(contributions::table.find(contribution_id))
        .set(contributions::reports_count.eq(contributions::reports_count + 1))
        .kept()
        .execute(conn)?;
    Ok(())
}

/// Reports on a contribution by distinct accounts that are confirmed, not
/// banned and not deleted: what automatic hiding counts.
pub fn count_from_confirmed(
    conn: &mut DbConnection,
    contribution_id: i64,
) -> Result<i64, StoreError> {
    use super::schema::users;
    Ok(reports::table
        .inner_join(users::table.on(users::id.eq(reports::reporter_id)))
        .filter(reports::contribution_id.eq(contribution_id))
        .filter(users::email_confirmed_at.is_not_null())
        .filter(
            users::banned_at
                .is_null()
                .or(users::banned_until.le(crate::domain::time::now())),
        )
        .filter(users::deleted_at.is_null())
        .select(diesel::dsl::count(reports::reporter_id).aggregate_distinct())
        .get_result(conn)?)
}

pub fn count_for(conn: &mut DbConnection, contribution_id: i64) -> Result<i64, StoreError> {
    Ok(reports::table
        .filter(reports::contribution_id.eq(contribution_id))
        .count()
        .get_result(conn)?)
}

/// The people whose report on a contribution has not been answered yet,
/// marked answered at `now` in the same statement's transaction: each
/// report gets its outcome once. Call inside a write transaction, after
/// locking the contribution.
pub fn take_unanswered(
    conn: &mut DbConnection,
    contribution_id: i64,
    now: NaiveDateTime,
) -> Result<Vec<i64>, StoreError> {
    let reporters: Vec<i64> = reports::table
        .filter(reports::contribution_id.eq(contribution_id))
        .filter(reports::outcome_sent_at.is_null())
        .select(reports::reporter_id)
        .order(reports::id.asc())
        .load(conn)?;
    diesel::update(reports::table)
        .filter(reports::contribution_id.eq(contribution_id))
        .filter(reports::outcome_sent_at.is_null())
        .set(reports::outcome_sent_at.eq(now))
        .kept()
        .execute(conn)?;
    Ok(reporters)
}

/// Whether `reporter_id` already reported the contribution.
pub fn exists(
    conn: &mut DbConnection,
    contribution_id: i64,
    reporter_id: i64,
) -> Result<bool, StoreError> {
    use diesel::dsl::exists;
    Ok(diesel::select(exists(
        reports::table
            .filter(reports::contribution_id.eq(contribution_id))
            .filter(reports::reporter_id.eq(reporter_id)),
    ))
    .get_result(conn)?)
}
