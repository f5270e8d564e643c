//! Catches up the scans new contributions owe (`service::catch_up`):
//! woken by each post, and every half second for the posts of other
//! instances and those left pending by a stop.

use std::time::Duration;

use crate::context::AppContext;
use crate::service::catch_up;

const EVERY: Duration = Duration::from_millis(500);

pub async fn run(ctx: AppContext) {
    loop {
        loop {
            match ctx.db.write(catch_up::scan_pending).await {
                Ok(n) if n < catch_up::BATCH as usize => break,
                Ok(_) => tokio::task::yield_now().await,
                Err(e) => {
                    tracing::warn!(error = ?e, "pending scans not caught up");
                    break;
                }
            }
        }
        tokio::select! {
            _ = ctx.scan_wakeup.notified() => {}
            _ = tokio::time::sleep(EVERY) => {}
        }
    }
}
