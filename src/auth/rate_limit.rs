//! Sliding-window counters per key (an account, an address). Kept in
//! process memory: with several instances each limits on its own, which
//! degrades gracefully (the effective limit is multiplied, never zero).
//!
//! A general-purpose limiter (GCRA, token bucket) spends a cell on every
//! request; here only *failures* count, and the caller needs to know, before
//! trying, whether a key is blocked and for how long (`Retry-After`).

use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;
use std::time::{Duration, Instant};

pub struct SlidingWindow {
    max: u32,
    window: Duration,
    hits: Mutex<HashMap<String, VecDeque<Instant>>>,
}

impl SlidingWindow {
    pub fn new(max: u32, window: Duration) -> Self {
        SlidingWindow {
            max,
            window,
            hits: Mutex::new(HashMap::new()),
        }
    }

    /// `Err(wait)` when `key` has reached the limit in the current window.
    pub fn check(&self, key: &str) -> Result<(), Duration> {
        self.check_at(key, Instant::now())
    }

    pub fn check_at(&self, key: &str, now: Instant) -> Result<(), Duration> {
        let mut hits = self.hits.lock().unwrap_or_else(|e| e.into_inner());
        let Some(q) = hits.get_mut(key) else {
            return Ok(());
        };
        Self::expire(q, now, self.window);
        if q.len() >= self.max as usize {
            let oldest = q.front().copied().unwrap_or(now);
            let wait = (oldest + self.window).saturating_duration_since(now);
            return Err(wait.max(Duration::from_secs(1)));
        }
        Ok(())
    }

    /// Counts one event for `key`.
    pub fn record(&self, key: &str) {
        self.record_at(key, Instant::now())
    }

    pub fn record_at(&self, key: &str, now: Instant) {
        // Unchecked: it always counts.
        let _ = self.count_at(key, now, false);
    }

    /// Checks, then counts, under one lock: for limits on every attempt
    /// (registrations), and for an attempt counted before the work it
    /// guards, so that parallel attempts cannot all pass the check.
    pub fn hit(&self, key: &str) -> Result<(), Duration> {
        self.hit_at(key, Instant::now())
    }

    pub fn hit_at(&self, key: &str, now: Instant) -> Result<(), Duration> {
        self.count_at(key, now, true)
    }

    /// Counts one event for `key` at `now`; with `checked`, only if the key
    /// is under its limit (else how long until it is).
    fn count_at(&self, key: &str, now: Instant, checked: bool) -> Result<(), Duration> {
        let mut hits = self.hits.lock().unwrap_or_else(|e| e.into_inner());
        // Keep memory bounded under a flood of distinct keys.
        if hits.len() > 100_000 {
            let window = self.window;
            hits.retain(|_, q| {
                Self::expire(q, now, window);
                !q.is_empty()
            });
        }
        let q = hits.entry(key.to_string()).or_default();
        Self::expire(q, now, self.window);
        if checked && q.len() >= self.max as usize {
            let oldest = q.front().copied().unwrap_or(now);
            let wait = (oldest + self.window).saturating_duration_since(now);
            return Err(wait.max(Duration::from_secs(1)));
        }
        q.push_back(now);
        Ok(())
    }

    /// Takes back the newest count of `key` (an attempt that succeeded).
    pub fn give_back(&self, key: &str) {
        let mut hits = self.hits.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(q) = hits.get_mut(key) {
            q.pop_back();
        }
    }

    pub fn clear(&self, key: &str) {
        let mut hits = self.hits.lock().unwrap_or_else(|e| e.into_inner());
        hits.remove(key);
    }

    fn expire(q: &mut VecDeque<Instant>, now: Instant, window: Duration) {
        while q
            .front()
            .is_some_and(|t| now.saturating_duration_since(*t) >= window)
        {
            q.pop_front();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_after_max_until_the_window_slides() {
        let limit = SlidingWindow::new(3, Duration::from_secs(60));
        let t0 = Instant::now();
        for i in 0..3 {
            assert!(limit.check_at("a", t0 + Duration::from_secs(i)).is_ok());
            limit.record_at("a", t0 + Duration::from_secs(i));
        }
        let wait = limit
            .check_at("a", t0 + Duration::from_secs(10))
            .unwrap_err();
        assert_eq!(wait, Duration::from_secs(50));
        assert!(limit.check_at("b", t0).is_ok(), "other keys are unaffected");
        assert!(limit.check_at("a", t0 + Duration::from_secs(60)).is_ok());
    }

    #[test]
    fn hit_counts_under_the_same_lock_as_the_check() {
        let limit = std::sync::Arc::new(SlidingWindow::new(10, Duration::from_secs(60)));
        let passed: usize = std::thread::scope(|s| {
            let handles: Vec<_> = (0..40)
                .map(|_| {
                    let limit = limit.clone();
                    s.spawn(move || limit.hit("a").is_ok())
                })
                .collect();
            handles
                .into_iter()
                .map(|h| usize::from(h.join().unwrap()))
                .sum()
        });
        assert_eq!(passed, 10);
        limit.give_back("a");
        assert!(limit.hit("a").is_ok());
        assert!(limit.hit("a").is_err());
    }

    #[test]
    fn clear_forgets_a_key() {
        let limit = SlidingWindow::new(1, Duration::from_secs(60));
        limit.record("a");
        assert!(limit.check("a").is_err());
        limit.clear("a");
        assert!(limit.check("a").is_ok());
    }
}
