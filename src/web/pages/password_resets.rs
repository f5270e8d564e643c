//! "Forgot your password?": the request, then the link from the email.

use actix_web::{HttpRequest, HttpResponse, web};
use serde::{Deserialize, Serialize};

use crate::error::AppError;
use crate::service::accounts;
use crate::web::AppState;
use crate::web::forms::CsrfForm;
use crate::web::render::{base_context, form_with_errors, is_form_error, page, redirect};
use crate::web::viewer::{Viewer, client_address};

#[derive(Deserialize, Serialize, Default)]
pub struct RequestForm {
    #[serde(default)]
    email: String,
}

pub async fn request_form(
    state: web::Data<AppState>,
    viewer: Viewer,
) -> Result<HttpResponse, AppError> {
    let mut c = base_context(&viewer);
    c.insert("form", &RequestForm::default());
    page(&state, "accounts/password_reset_request.html", &c)
}

/// Always the same answer, whether or not the account exists.
pub async fn request_submit(
    req: HttpRequest,
    state: web::Data<AppState>,
    viewer: Viewer,
    CsrfForm(form): CsrfForm<RequestForm>,
) -> Result<HttpResponse, AppError> {
    let address = client_address(&req, state.ctx.settings.trust_proxy);
    state.password_resets.hit(&state.ctx.db, &address).await?;
    accounts::request_password_reset(&state.ctx, &form.email).await?;
    viewer.session.set_flash("flash-reset-sent");
    Ok(redirect("/login"))
}

#[derive(Deserialize, Serialize, Default)]
pub struct ResetForm {
    #[serde(default)]
    token: String,
    #[serde(default, skip_serializing)]
    password: String,
}

#[derive(Deserialize)]
pub struct TokenQuery {
    #[serde(default)]
    token: String,
}

pub async fn reset_form(
    state: web::Data<AppState>,
    viewer: Viewer,
    query: web::Query<TokenQuery>,
) -> Result<HttpResponse, AppError> {
    let mut c = base_context(&viewer);
    c.insert(
        "form",
        &ResetForm {
            token: query.token.clone(),
            password: String::new(),
        },
    );
    page(&state, "accounts/password_reset_form.html", &c)
}

pub async fn reset_submit(
    state: web::Data<AppState>,
    viewer: Viewer,
    CsrfForm(form): CsrfForm<ResetForm>,
) -> Result<HttpResponse, AppError> {
    match accounts::reset_password(&state.ctx, &form.token, &form.password).await {
        Ok(_) => {
            viewer.session.logout();
            viewer.session.set_flash("flash-password-reset");
            Ok(redirect("/login"))
        }
        Err(e) if is_form_error(&e) => form_with_errors(
            &state,
            &viewer,
            "accounts/password_reset_form.html",
            &form,
            &e,
        ),
        Err(e) => Err(e),
    }
}
