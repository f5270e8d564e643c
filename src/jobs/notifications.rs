//! Reminders before a consultation closes, and daily digests. Every
//! instance may run it: each reminder and digest is claimed once.

use std::time::Duration;

use crate::context::AppContext;
use crate::service::notifications;

pub async fn run(ctx: AppContext, every: Duration) {
    loop {
        let reminders = notifications::send_reminders(&ctx).await;
        crate::telemetry::job_ran("reminders", reminders.is_ok());
        if let Err(e) = reminders {
            tracing::warn!(error = ?e, "closing reminders failed");
        }
        let digests = notifications::send_digests(&ctx).await;
        crate::telemetry::job_ran("digests", digests.is_ok());
        if let Err(e) = digests {
            tracing::warn!(error = ?e, "daily digests failed");
        }
        tokio::time::sleep(every).await;
    }
}
