use actix_web::{HttpRequest, HttpResponse, web};
use serde::Deserialize;
use utoipa::ToSchema;

use crate::error::AppError;
use crate::service::accounts;
use crate::web::AppState;
use crate::web::forms::ApiJson;
use crate::web::viewer::{Viewer, client_address};
use crate::web::views::account::{AccountView, SessionView};

#[derive(Deserialize, ToSchema)]
pub struct LoginRequest {
    email: String,
    password: String,
}

/// Signs in and sets the session cookie.
#[utoipa::path(post, path = "/api/v1/session", tag = "accounts",
    request_body = LoginRequest,
    responses(
        (status = 200, body = SessionView),
        (status = 401, description = "Wrong email or password", body = crate::web::api::Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many failed attempts; see Retry-After", body = crate::web::api::Problem, content_type = "application/problem+json")
    ))]
pub async fn create(
    req: HttpRequest,
    state: web::Data<AppState>,
    viewer: Viewer,
    ApiJson(body): ApiJson<LoginRequest>,
) -> Result<HttpResponse, AppError> {
    let address = client_address(&req, state.ctx.settings.trust_proxy);
    let user = accounts::login(
        &state.ctx,
        &state.login_limits,
        &body.email,
        &body.password,
        &address,
    )
    .await?;
    viewer.session.login(&user);
    Ok(HttpResponse::Ok().json(SessionView {
        account: AccountView::from(&user),
        csrf_token: viewer.session.csrf_token(),
    }))
}

/// Signs out.
#[utoipa::path(delete, path = "/api/v1/session", tag = "accounts",
    responses((status = 204, description = "Signed out")))]
pub async fn destroy(state: web::Data<AppState>, viewer: Viewer) -> Result<HttpResponse, AppError> {
    viewer.sign_out(&state.ctx).await?;
    Ok(HttpResponse::NoContent().finish())
}
