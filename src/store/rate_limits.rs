//! Rate-limit counters kept in the database, so that every instance
//! counts against one limit. A counter is a row per (kind, key, bucket);
//! the limit's window is the sum of its newest buckets.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::kept::KeepPrepared;
use super::schema::rate_limit_counts as rl;
use super::{DbConnection, StoreError};

/// Adds one to the counter of `bucket` (creating it), in one statement.
/// Inside a transaction the row stays locked until the end, so concurrent
/// hits on one key are counted one after the other.
pub fn add_hit(
    conn: &mut DbConnection,
    kind: &str,
    key: &str,
    bucket: i64,
    expires_at: NaiveDateTime,
) -> Result<(), StoreError> {
    let values = (
        rl::kind.eq(kind),
        rl::key.eq(key),
        rl::bucket.eq(bucket),
        rl::hits.eq(1),
        rl::expires_at.eq(expires_at),
    );
    // The derived connection has no conflict clause; a kept write runs on
    // the backend's own.
    diesel::insert_into(rl::table)
        .values(values)
        .on_conflict((rl::kind, rl::key, rl::bucket))
        .do_update()
        .set(rl::hits.eq(rl::hits + 1))
        .kept()
        .execute(conn)?;
    Ok(())
}

/// The hits of `key` in buckets from `first_bucket` on, and the oldest of
/// those buckets that holds any.
pub fn count_since(
    conn: &mut DbConnection,
    kind: &str,
    key: &str,
    first_bucket: i64,
) -> Result<(i64, Option<i64>), StoreError> {
    let rows: Vec<(i64, i32)> = rl::table
        .filter(rl::kind.eq(kind))
        .filter(rl::key.eq(key))
        .filter(rl::bucket.ge(first_bucket))
        .filter(rl::hits.gt(0))
        .select((rl::bucket, rl::hits))
        .load(conn)?;
    let total = rows.iter().map(|(_, h)| i64::from(*h)).sum();
    let oldest = rows.iter().map(|(b, _)| *b).min();
    Ok((total, oldest))
}

/// Takes one hit back from the newest bucket of `key` that has any.
pub fn take_back(conn: &mut DbConnection, kind: &str, key: &str) -> Result<(), StoreError> {
    let newest: Option<i64> = rl::table
        .filter(rl::kind.eq(kind))
        .filter(rl::key.eq(key))
        .filter(rl::hits.gt(0))
        .select(diesel::dsl::max(rl::bucket))
        .first(conn)?;
    if let Some(bucket) = newest {
        diesel::update(rl::table.find((kind, key, bucket)))
            .set(rl::hits.eq(rl::hits - 1))
            .kept()
            .execute(conn)?;
    }
    Ok(())
}

/// Forgets every count of `key`.
pub fn clear(conn: &mut DbConnection, kind: &str, key: &str) -> Result<(), StoreError> {
    diesel::delete(rl::table.filter(rl::kind.eq(kind)).filter(rl::key.eq(key))).execute(conn)?;
    Ok(())
}

/// Forgets the buckets that have left their window; returns how many.
pub fn prune(conn: &mut DbConnection, now: NaiveDateTime) -> Result<usize, StoreError> {
    Ok(diesel::delete(rl::table.filter(rl::expires_at.lt(now))).execute(conn)?)
}
