//! New contributions whose near-duplicate bands and search row are still
//! to be written (by `service::catch_up`), oldest first.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::kept::KeepPrepared;
use super::schema::{job_locks, pending_scans};
use super::{DbConnection, StoreError};

/// The `job_locks` row of this job.
const JOB: &str = "pending_scans";

/// Records that a contribution's scan is owed; in the transaction that
/// writes the contribution.
pub fn add(
    conn: &mut DbConnection,
    contribution_id: i64,
    now: NaiveDateTime,
) -> Result<(), StoreError> {
    diesel::insert_into(pending_scans::table)
        .values((
            pending_scans::contribution_id.eq(contribution_id),
            pending_scans::created_at.eq(now),
        ))
        .kept()
        .execute(conn)?;
    Ok(())
}

/// Takes the job's lock (until the transaction ends: a second instance
/// waits here) and returns up to `limit` pending contributions, by id.
pub fn claim(conn: &mut DbConnection, limit: i64) -> Result<Vec<i64>, StoreError> {
    super::locked(
        diesel::update(job_locks::table.find(JOB))
            .set(job_locks::runs.eq(job_locks::runs + 1))
            .kept()
            .execute(conn)?,
    )?;
    Ok(pending_scans::table
        .select(pending_scans::contribution_id)
        .order(pending_scans::contribution_id.asc())
        .limit(limit)
        .load(conn)?)
}

/// Forgets the scans done.
pub fn done(conn: &mut DbConnection, ids: &[i64]) -> Result<(), StoreError> {
    diesel::delete(pending_scans::table.filter(pending_scans::contribution_id.eq_any(ids)))
        .execute(conn)?;
    Ok(())
}

/// How many scans are owed (health and tests).
pub fn count(conn: &mut DbConnection) -> Result<i64, StoreError> {
    Ok(pending_scans::table.count().get_result(conn)?)
}
