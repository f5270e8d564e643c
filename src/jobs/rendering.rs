//! Catches up the stored HTML of contributions written before it existed,
//! or by an older Markdown pipeline ([`crate::text::markdown::RENDER_VERSION`]),
//! in batches, once at start-up. Until a row is caught up, pages render it
//! when they read it, so nothing waits for this.

use crate::context::AppContext;
use crate::store::{StoreError, contributions, rendered};

/// Rows rendered per transaction: short enough not to hold the writer long.
const BATCH: i64 = 200;

pub async fn run(ctx: AppContext) {
    let mut done = 0usize;
    loop {
        let outcome = ctx
            .db
            .write(|conn| {
                let stale = rendered::stale(conn, BATCH)?;
                for id in &stale {
                    // Under the row's lock, from its text as it is now: an
                    // edit running alongside is not undone.
                    contributions::lock(conn, *id)?;
                    let row = contributions::find(conn, *id)?;
                    rendered::write(conn, *id, &row.body, row.proposed_text.as_deref())?;
                }
                Ok::<_, StoreError>(stale.len())
            })
            .await;
        match outcome {
            Ok(0) => break,
            Ok(n) => done += n,
            Err(e) => {
                tracing::warn!(error = ?e, "stored HTML not caught up");
                break;
            }
        }
        // Let the requests of the moment go first.
        tokio::task::yield_now().await;
    }
    if done > 0 {
        tracing::info!(rendered = done, "stored HTML caught up");
    }
}
