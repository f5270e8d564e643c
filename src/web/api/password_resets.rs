use actix_web::{HttpRequest, HttpResponse, web};
use serde::Deserialize;
use utoipa::ToSchema;

use crate::error::AppError;
use crate::service::accounts;
use crate::web::AppState;
use crate::web::forms::ApiJson;
use crate::web::viewer::client_address;

#[derive(Deserialize, ToSchema)]
pub struct ResetRequest {
    email: String,
}

/// Sends a reset link if the account exists; the answer is the same either way.
#[utoipa::path(post, path = "/api/v1/password-resets", tag = "accounts",
    request_body = ResetRequest,
    responses((status = 202, description = "Accepted (whether or not the account exists)")))]
pub async fn request(
    req: HttpRequest,
    state: web::Data<AppState>,
    ApiJson(body): ApiJson<ResetRequest>,
) -> Result<HttpResponse, AppError> {
    let address = client_address(&req, state.ctx.settings.trust_proxy);
    state.password_resets.hit(&state.ctx.db, &address).await?;
    accounts::request_password_reset(&state.ctx, &body.email).await?;
    Ok(HttpResponse::Accepted().json(serde_json::json!({"status": "accepted"})))
}

#[derive(Deserialize, ToSchema)]
pub struct ResetConfirm {
    token: String,
    password: String,
}

/// Sets a new password with the token from the reset link.
#[utoipa::path(post, path = "/api/v1/password-resets/confirm", tag = "accounts",
    request_body = ResetConfirm,
    responses(
        (status = 200, description = "Password changed; every session ended"),
        (status = 422, description = "Bad token or weak password", body = crate::web::api::Problem, content_type = "application/problem+json")
    ))]
pub async fn confirm(
    state: web::Data<AppState>,
    ApiJson(body): ApiJson<ResetConfirm>,
) -> Result<HttpResponse, AppError> {
    accounts::reset_password(&state.ctx, &body.token, &body.password).await?;
    Ok(HttpResponse::Ok().json(serde_json::json!({"status": "password_changed"})))
}
