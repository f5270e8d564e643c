use actix_web::{HttpResponse, web};
use serde_json::json;

use crate::web::AppState;

/// Alive: the process answers. Asks nothing of the database, so a
/// database outage does not get healthy instances restarted.
pub async fn alive(state: web::Data<AppState>) -> HttpResponse {
    HttpResponse::Ok()
        .insert_header(("Cache-Control", "no-store"))
        .json(json!({"status": "ok", "database": state.ctx.db.backend_name()}))
}

/// Ready to serve: the database answers and has every migration this
/// binary knows. A load balancer sends traffic only to ready instances.
pub async fn ready(state: web::Data<AppState>) -> HttpResponse {
    let unavailable = |reason: &str| {
        HttpResponse::ServiceUnavailable()
            .insert_header(("Cache-Control", "no-store"))
            .insert_header(("Retry-After", "5"))
            .json(json!({"status": "unavailable", "reason": reason}))
    };
    match state.ctx.db.pending_migrations().await {
        Ok(0) => HttpResponse::Ok()
            .insert_header(("Cache-Control", "no-store"))
            .json(json!({"status": "ready", "database": state.ctx.db.backend_name()})),
        Ok(n) => {
            tracing::warn!(pending = n, "not ready: migrations pending");
            unavailable("migrations pending")
        }
        Err(e) => {
            tracing::warn!(error = %e, "not ready: database unreachable");
            unavailable("database unreachable")
        }
    }
}
