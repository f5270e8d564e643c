use actix_web::{HttpRequest, HttpResponse, web};
use serde::Deserialize;
use utoipa::ToSchema;

use crate::domain::Locale;
use crate::error::AppError;
use crate::service::accounts::{self, Registration};
use crate::web::AppState;
use crate::web::forms::ApiJson;
use crate::web::viewer::{Viewer, client_address};
use crate::web::views::account::{AccountView, RegisteredView};

#[derive(Deserialize, ToSchema)]
pub struct RegisterRequest {
    email: String,
    display_name: String,
    password: String,
    /// citizen, association, company, public_institution or elected_official
    category: Option<String>,
    /// fr or en
    locale: Option<String>,
}

/// Creates an account and sends the confirmation email.
#[utoipa::path(post, path = "/api/v1/accounts", tag = "accounts",
    request_body = RegisterRequest,
    responses(
        (status = 201, body = RegisteredView),
        (status = 422, description = "Invalid fields", body = crate::web::api::Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many registrations from this address", body = crate::web::api::Problem, content_type = "application/problem+json")
    ))]
pub async fn register(
    req: HttpRequest,
    state: web::Data<AppState>,
    viewer: Viewer,
    ApiJson(body): ApiJson<RegisterRequest>,
) -> Result<HttpResponse, AppError> {
    let address = client_address(&req, state.ctx.settings.trust_proxy);
    state.registrations.hit(&state.ctx.db, &address).await?;
    let locale = match body.locale.as_deref() {
        None | Some("") => viewer.locale,
        Some(l) => l
            .parse::<Locale>()
            .map_err(|_| AppError::field("locale", "error-locale-invalid"))?,
    };
    let user = accounts::register(
        &state.ctx,
        Registration {
            email: body.email,
            display_name: body.display_name,
            password: body.password,
            category: body.category.unwrap_or_default(),
            locale: Some(locale),
            return_to: None,
        },
    )
    .await?;
    Ok(HttpResponse::Created().json(RegisteredView {
        email: user.email,
        display_name: user.display_name,
        role: crate::domain::Role::Citizen.as_str(),
        locale: user.locale.as_str(),
        email_confirmed: false,
    }))
}

#[derive(Deserialize, ToSchema)]
pub struct ConfirmRequest {
    token: String,
}

/// Confirms an email address with the token from the confirmation link.
#[utoipa::path(post, path = "/api/v1/accounts/confirm", tag = "accounts",
    request_body = ConfirmRequest,
    responses(
        (status = 200, body = AccountView),
        (status = 422, description = "Unknown, used or expired token", body = crate::web::api::Problem, content_type = "application/problem+json")
    ))]
pub async fn confirm(
    state: web::Data<AppState>,
    ApiJson(body): ApiJson<ConfirmRequest>,
) -> Result<HttpResponse, AppError> {
    let user = accounts::confirm_email(&state.ctx, &body.token).await?;
    Ok(HttpResponse::Ok().json(AccountView::from(&user)))
}
