//! The outbox worker: delivers due messages, retries with back-off, and
//! takes a lease on each row first so that no message is sent twice, even
//! with several app instances on one database.

use std::time::Duration;

use chrono::TimeDelta;

use super::transport::Transport;
use crate::context::AppContext;
use crate::domain::time;
use crate::store::outbox;

/// How long a claimed message stays reserved for the instance sending it.
const LEASE: TimeDelta = TimeDelta::minutes(5);
const BATCH: i64 = 50;
const MAX_BACKOFF: Duration = Duration::from_secs(3600);

pub async fn run(ctx: AppContext, transport: Transport) {
    loop {
        let outcome = deliver_due(&ctx, &transport).await;
        crate::telemetry::job_ran("outbox", outcome.is_ok());
        match outcome {
            Ok(n) if n > 0 => tracing::debug!(sent = n, "outbox delivered"),
            Ok(_) => {}
            Err(e) => tracing::warn!(error = %e, "outbox pass failed"),
        }
        tokio::select! {
            _ = ctx.mail_wakeup.notified() => {}
            _ = tokio::time::sleep(ctx.settings.outbox_poll) => {}
        }
    }
}

/// One pass over the due messages; returns how many were delivered.
pub async fn deliver_due(ctx: &AppContext, transport: &Transport) -> Result<usize, String> {
    let ids = ctx
        .db
        .run(|conn| outbox::due(conn, time::now(), BATCH))
        .await
        .map_err(|e| e.to_string())?;
    let mut delivered = 0;
    for id in ids {
        match deliver_one(ctx, transport, id).await {
            Ok(true) => delivered += 1,
            Ok(false) => {}
            Err(e) => tracing::warn!(id, error = %e, "outbox message skipped this pass"),
        }
    }
    Ok(delivered)
}

/// Claims, sends and records one message; false if another instance holds
/// it or the attempt failed (and was recorded for a retry).
async fn deliver_one(ctx: &AppContext, transport: &Transport, id: i64) -> Result<bool, String> {
    let claimed = ctx
        .db
        .run(move |conn| {
            let now = time::now();
            outbox::claim(conn, id, now, now + LEASE)
        })
        .await
        .map_err(|e| e.to_string())?;
    let Some(row) = claimed else { return Ok(false) };
    match transport.send(&ctx.settings.mail_from, &row).await {
        Ok(()) => {
            // The message is out: recording it must not fail for a passing
            // reason, or the lease would expire and it would go out again.
            let mut last_error = String::new();
            for attempt in 0..5u32 {
                match ctx
                    .db
                    .run(move |conn| outbox::mark_sent(conn, id, time::now()))
                    .await
                {
                    Ok(()) => return Ok(true),
                    Err(e) => last_error = e.to_string(),
                }
                tokio::time::sleep(Duration::from_millis(100 * 2u64.pow(attempt))).await;
            }
            Err(format!("sent but not recorded: {last_error}"))
        }
        Err(error) => {
            tracing::warn!(id, attempts = row.attempts, %error, "email delivery failed");
            let settings = ctx.settings.clone();
            let attempts = row.attempts;
            ctx.db
                .run(move |conn| {
                    let now = time::now();
                    let retry_at = (attempts < settings.outbox_max_attempts as i32).then(|| {
                        now + TimeDelta::from_std(backoff(settings.outbox_retry_base, attempts))
                            .unwrap_or(TimeDelta::hours(1))
                    });
                    outbox::mark_failed(conn, id, &error, retry_at, now)
                })
                .await
                .map_err(|e| e.to_string())?;
            Ok(false)
        }
    }
}

/// base × 2^(attempts − 1), capped at an hour.
pub fn backoff(base: Duration, attempts: i32) -> Duration {
    let exp = attempts.clamp(1, 20) as u32 - 1;
    base.saturating_mul(2u32.saturating_pow(exp))
        .min(MAX_BACKOFF)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_and_is_capped() {
        let base = Duration::from_secs(5);
        assert_eq!(backoff(base, 1), Duration::from_secs(5));
        assert_eq!(backoff(base, 2), Duration::from_secs(10));
        assert_eq!(backoff(base, 4), Duration::from_secs(40));
        assert_eq!(backoff(base, 30), MAX_BACKOFF);
    }
}
