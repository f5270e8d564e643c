//! `/metrics` in the Prometheus text format: requests by route and status,
//! their latency, the database pool, the outbox and the background jobs.
//! Served only with `CODRAFT_METRICS_TOKEN` set, to that bearer token.
//! Counts are this instance's since it started; Prometheus sums instances.

use std::collections::BTreeMap;
use std::fmt::Write;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Instant;

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::middleware::Next;
use actix_web::{Error, HttpRequest, HttpResponse, web};
use sha2::{Digest, Sha256};

use crate::domain::time;
use crate::store::outbox;
use crate::web::AppState;

/// Upper bounds of the latency histogram, in seconds.
const BUCKETS: [f64; 12] = [
    0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 10.0,
];

struct Latency {
    /// One more than BUCKETS: the last is +Inf.
    counts: [AtomicU64; BUCKETS.len() + 1],
    sum_micros: AtomicU64,
}

static LATENCY: Latency = Latency {
    counts: [const { AtomicU64::new(0) }; BUCKETS.len() + 1],
    sum_micros: AtomicU64::new(0),
};

/// (route pattern, method, status) → requests.
static REQUESTS: Mutex<BTreeMap<(String, String, u16), u64>> = Mutex::new(BTreeMap::new());

/// Counts every request by its route pattern (never its path: bounded
/// labels) and status, and its latency.
pub async fn middleware(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<impl MessageBody>, Error> {
    let started = Instant::now();
    let route = req.match_pattern().unwrap_or_else(|| "unmatched".into());
    // Only the methods the platform answers: any other counts as OTHER,
    // so a client cannot grow the label set.
    let method = match req.method().as_str() {
        m @ ("GET" | "HEAD" | "POST" | "PUT" | "PATCH" | "DELETE" | "OPTIONS") => m,
        _ => "OTHER",
    }
    .to_string();
    let res = next.call(req).await?;
    let elapsed = started.elapsed();
    let status = res.status().as_u16();
    {
        let mut requests = REQUESTS.lock().unwrap_or_else(|e| e.into_inner());
        *requests.entry((route, method, status)).or_default() += 1;
    }
    let secs = elapsed.as_secs_f64();
    let bucket = BUCKETS
        .iter()
        .position(|b| secs <= *b)
        .unwrap_or(BUCKETS.len());
    LATENCY.counts[bucket].fetch_add(1, Ordering::Relaxed);
    LATENCY
        .sum_micros
        .fetch_add(elapsed.as_micros() as u64, Ordering::Relaxed);
    Ok(res)
}

fn token_matches(req: &HttpRequest, expected: &str) -> bool {
    let given = req
        .headers()
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .unwrap_or("");
    // Comparing digests: the time taken says nothing about the token.
    Sha256::digest(given.as_bytes()) == Sha256::digest(expected.as_bytes())
}

pub async fn render(req: HttpRequest, state: web::Data<AppState>) -> HttpResponse {
    let Some(token) = &state.ctx.settings.metrics_token else {
        return HttpResponse::NotFound().finish();
    };
    if !token_matches(&req, token.expose()) {
        return HttpResponse::Unauthorized()
            .insert_header(("WWW-Authenticate", "Bearer"))
            .finish();
    }
    let queue = state.ctx.db.run(outbox::queue).await;
    let mut out = String::new();
    write_requests(&mut out);
    let db = &state.ctx.db;
    let (open, idle) = db.pool_state();
    let _ = writeln!(
        out,
        "# HELP codraft_db_pool_connections Database connections of this instance's pool.\n\
         # TYPE codraft_db_pool_connections gauge\n\
         codraft_db_pool_connections{{state=\"in_use\"}} {}\n\
         codraft_db_pool_connections{{state=\"idle\"}} {idle}\n\
         # HELP codraft_db_pool_max_connections The pool's largest size.\n\
         # TYPE codraft_db_pool_max_connections gauge\n\
         codraft_db_pool_max_connections {}",
        open.saturating_sub(idle),
        db.pool_max()
    );
    match queue {
        Ok((depth, oldest)) => {
            let age = oldest.map_or(0.0, |t| {
                (time::now() - t).num_milliseconds().max(0) as f64 / 1000.0
            });
            let _ = writeln!(
                out,
                "# HELP codraft_outbox_queue_depth Emails waiting for delivery (all instances).\n\
                 # TYPE codraft_outbox_queue_depth gauge\n\
                 codraft_outbox_queue_depth {depth}\n\
                 # HELP codraft_outbox_oldest_age_seconds Age of the oldest email waiting.\n\
                 # TYPE codraft_outbox_oldest_age_seconds gauge\n\
                 codraft_outbox_oldest_age_seconds {age}"
            );
        }
        Err(e) => tracing::warn!(error = %e, "metrics: outbox not read"),
    }
    let _ = writeln!(
        out,
        "# HELP codraft_job_runs_total Background job passes of this instance.\n\
         # TYPE codraft_job_runs_total counter"
    );
    for (job, ok, n) in crate::telemetry::job_runs() {
        let outcome = if ok { "ok" } else { "error" };
        let _ = writeln!(
            out,
            "codraft_job_runs_total{{job=\"{job}\",outcome=\"{outcome}\"}} {n}"
        );
    }
    HttpResponse::Ok()
        .content_type("text/plain; version=0.0.4; charset=utf-8")
        .insert_header(("Cache-Control", "no-store"))
        .body(out)
}

fn label(value: &str) -> String {
    value
        .replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace('\n', "\\n")
}

fn write_requests(out: &mut String) {
    let _ = writeln!(
        out,
        "# HELP codraft_http_requests_total HTTP requests by route pattern, method and status.\n\
         # TYPE codraft_http_requests_total counter"
    );
    let requests = REQUESTS.lock().unwrap_or_else(|e| e.into_inner()).clone();
    for ((route, method, status), n) in requests {
        let _ = writeln!(
            out,
            "codraft_http_requests_total{{route=\"{}\",method=\"{method}\",status=\"{status}\"}} {n}",
            label(&route)
        );
    }
    let _ = writeln!(
        out,
        "# HELP codraft_http_request_duration_seconds Time to answer a request.\n\
         # TYPE codraft_http_request_duration_seconds histogram"
    );
    let mut cumulative = 0;
    for (i, count) in LATENCY.counts.iter().enumerate() {
        cumulative += count.load(Ordering::Relaxed);
        let le = BUCKETS
            .get(i)
            .map_or_else(|| "+Inf".to_string(), |b| b.to_string());
        let _ = writeln!(
            out,
            "codraft_http_request_duration_seconds_bucket{{le=\"{le}\"}} {cumulative}"
        );
    }
    let sum = LATENCY.sum_micros.load(Ordering::Relaxed) as f64 / 1e6;
    let _ = writeln!(
        out,
        "codraft_http_request_duration_seconds_sum {sum}\n\
         codraft_http_request_duration_seconds_count {cumulative}"
    );
}
