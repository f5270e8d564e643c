//! Opens and closes consultations at their dates. Every instance may run
//! it: a move is a conditional update, so it happens once. Reads and writes
//! show a bill with the status its dates give, and the writes that depend
//! on it persist the move first, so nothing waits for this tick.

use std::time::Duration;

use crate::context::AppContext;
use crate::service::bills;

pub async fn run(ctx: AppContext, every: Duration) {
    loop {
        let outcome = bills::apply_calendar(&ctx).await;
        crate::telemetry::job_ran("calendar", outcome.is_ok());
        match outcome {
            Ok(n) if n > 0 => {
                tracing::info!(moved = n, "consultations opened or closed by their dates")
            }
            Ok(_) => {}
            Err(e) => tracing::warn!(error = ?e, "calendar pass failed"),
        }
        tokio::time::sleep(every).await;
    }
}
