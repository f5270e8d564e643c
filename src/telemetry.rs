//! Logs: one line per request, level from `RUST_LOG` (default info).

use tracing_subscriber::EnvFilter;
use tracing_subscriber::fmt::format::FmtSpan;

pub fn init() {
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info"));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        // tracing-actix-web reports a request when its span closes.
        .with_span_events(FmtSpan::CLOSE)
        .with_target(false)
        .try_init();
}
