//! Sliding-window limits per key (an account, an address), counted in the
//! database so that N instances enforce one limit, not N.
//!
//! The window is cut into ten buckets; a key is over its limit when the
//! buckets of the last window hold `max` hits. A hit is counted and checked
//! in one transaction that rolls back when it is refused: a refused attempt
//! changes nothing, and parallel attempts on any instance cannot all pass.
//! A general-purpose limiter (GCRA, token bucket) spends a cell on every
//! request; here a success may take its count back (sign-ins count
//! failures), and the caller needs to know how long to wait (`Retry-After`).

use std::time::Duration;

use chrono::{NaiveDateTime, TimeDelta};

use crate::domain::time;
use crate::error::AppError;
use crate::store::{Db, DbConnection, rate_limits};

const BUCKETS: i64 = 10;

#[derive(Clone, Debug)]
pub struct Limit {
    /// Names the counters of this limit in the database.
    kind: &'static str,
    max: u32,
    window: Duration,
}

impl Limit {
    pub fn new(kind: &'static str, max: u32, window: Duration) -> Self {
        Limit { kind, max, window }
    }

    fn bucket_secs(&self) -> i64 {
        let window = i64::try_from(self.window.as_secs()).unwrap_or(i64::MAX / 2);
        ((window + BUCKETS - 1) / BUCKETS).max(1)
    }

    /// The bucket `now` falls in.
    fn bucket(&self, now: NaiveDateTime) -> i64 {
        now.and_utc().timestamp().div_euclid(self.bucket_secs())
    }

    /// How long until the oldest counted bucket leaves the window.
    fn wait(&self, oldest: i64, now: NaiveDateTime) -> Duration {
        let leaves = (oldest + BUCKETS) * self.bucket_secs();
        let wait = leaves - now.and_utc().timestamp();
        Duration::from_secs(wait.clamp(1, i64::MAX) as u64)
    }

    /// Counts one attempt for `key`, unless the key is at its limit: then
    /// `RateLimited` with the wait, and (the transaction rolling back)
    /// nothing counted. Runs inside the caller's transaction.
    pub fn hit_in(
        &self,
        conn: &mut DbConnection,
        key: &str,
        now: NaiveDateTime,
    ) -> Result<(), AppError> {
        let bucket = self.bucket(now);
        let expires_at = now + TimeDelta::seconds(self.bucket_secs() * (BUCKETS + 1));
        rate_limits::add_hit(conn, self.kind, key, bucket, expires_at)?;
        let (hits, oldest) = rate_limits::count_since(conn, self.kind, key, bucket - BUCKETS + 1)?;
        if hits > i64::from(self.max) {
            return Err(AppError::RateLimited(
                self.wait(oldest.unwrap_or(bucket), now),
            ));
        }
        Ok(())
    }

    /// Takes back the newest count of `key` (an attempt that succeeded).
    pub fn give_back_in(&self, conn: &mut DbConnection, key: &str) -> Result<(), AppError> {
        Ok(rate_limits::take_back(conn, self.kind, key)?)
    }

    pub fn clear_in(&self, conn: &mut DbConnection, key: &str) -> Result<(), AppError> {
        Ok(rate_limits::clear(conn, self.kind, key)?)
    }

    /// Counts one attempt for `key` in a transaction of its own.
    pub async fn hit(&self, db: &Db, key: &str) -> Result<(), AppError> {
        let (limit, key) = (self.clone(), key.to_string());
        db.write(move |conn| limit.hit_in(conn, &key, time::now()))
            .await
    }
}

/// Forgets the counters whose buckets have left their window.
pub async fn prune(db: &Db) -> Result<usize, AppError> {
    db.write(|conn| Ok(rate_limits::prune(conn, time::now())?))
        .await
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(secs: i64) -> NaiveDateTime {
        chrono::DateTime::from_timestamp(secs, 0)
            .unwrap()
            .naive_utc()
    }

    #[test]
    fn a_window_is_ten_buckets() {
        let limit = Limit::new("t", 3, Duration::from_secs(900));
        assert_eq!(limit.bucket_secs(), 90);
        assert_eq!(limit.bucket(at(900)), 10);
        assert_eq!(limit.bucket(at(989)), 10);
        assert_eq!(limit.bucket(at(990)), 11);
        // Hits in bucket 10 stop counting when bucket 20 begins.
        assert_eq!(limit.wait(10, at(1000)), Duration::from_secs(800));
        assert_eq!(limit.wait(10, at(1800)), Duration::from_secs(1));
    }

    #[test]
    fn short_windows_have_one_second_buckets() {
        let limit = Limit::new("t", 3, Duration::from_secs(5));
        assert_eq!(limit.bucket_secs(), 1);
        let limit = Limit::new("t", 3, Duration::from_secs(0));
        assert_eq!(limit.bucket_secs(), 1);
    }
}
