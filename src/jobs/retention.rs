//! Forgets what must not be kept: the texts before a redaction, once the
//! retention period has passed, and rate-limit counters out of their window. Idempotent, so every instance may run it.

use std::time::Duration;

use crate::context::AppContext;
use crate::service::moderation;

pub async fn run(ctx: AppContext, every: Duration) {
    loop {
        let outcome = moderation::purge_originals(&ctx).await;
        crate::telemetry::job_ran("retention", outcome.is_ok());
        match outcome {
            Ok(n) if n > 0 => tracing::info!(purged = n, "texts before redaction forgotten"),
            Ok(_) => {}
            Err(e) => tracing::warn!(error = ?e, "retention pass failed"),
        }
        if let Err(e) = crate::auth::rate_limit::prune(&ctx.db).await {
            tracing::warn!(error = ?e, "rate-limit counters not pruned");
        }
        tokio::time::sleep(every).await;
    }
}
