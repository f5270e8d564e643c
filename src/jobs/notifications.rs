//! Reminders before a consultation closes, and daily digests. Every
//! instance may run it: each reminder and digest is claimed once.

use std::time::Duration;

use crate::context::AppContext;
use crate::service::notifications;

pub async fn run(ctx: AppContext, every: Duration) {
    loop {
        if let Err(e) = notifications::send_reminders(&ctx).await {
            tracing::warn!(error = ?e, "closing reminders failed");
        }
        if let Err(e) = notifications::send_digests(&ctx).await {
            tracing::warn!(error = ?e, "daily digests failed");
        }
        tokio::time::sleep(every).await;
    }
}
