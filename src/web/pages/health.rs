use actix_web::{HttpResponse, web};
use serde_json::json;

use crate::web::AppState;

/// `{"status":"ok"}` once the database answered a round trip.
pub async fn check(state: web::Data<AppState>) -> HttpResponse {
    match state.ctx.db.ping().await {
        Ok(()) => HttpResponse::Ok()
            .insert_header(("Cache-Control", "no-store"))
            .json(json!({"status": "ok", "database": state.ctx.db.backend_name()})),
        Err(e) => {
            tracing::error!(error = %e, "health check failed");
            HttpResponse::ServiceUnavailable()
                .insert_header(("Cache-Control", "no-store"))
                .json(json!({"status": "unavailable"}))
        }
    }
}
