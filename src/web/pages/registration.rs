//! Creating an account and confirming its email.

use actix_web::{HttpRequest, HttpResponse, web};
use serde::{Deserialize, Serialize};

use crate::error::AppError;
use crate::service::accounts::{self, Registration};
use crate::web::AppState;
use crate::web::forms::{CsrfForm, NoFields};
use crate::web::render::{base_context, form_with_errors, is_form_error, page, redirect};
use crate::web::viewer::{Viewer, client_address};

#[derive(Deserialize, Serialize, Default)]
pub struct RegisterForm {
    #[serde(default)]
    email: String,
    #[serde(default)]
    display_name: String,
    #[serde(default, skip_serializing)]
    password: String,
    #[serde(default)]
    category: String,
}

pub async fn form(state: web::Data<AppState>, viewer: Viewer) -> Result<HttpResponse, AppError> {
    let mut c = base_context(&viewer);
    c.insert("form", &RegisterForm::default());
    page(&state, "accounts/register.html", &c)
}

pub async fn submit(
    req: HttpRequest,
    state: web::Data<AppState>,
    viewer: Viewer,
    CsrfForm(form): CsrfForm<RegisterForm>,
) -> Result<HttpResponse, AppError> {
    let address = client_address(&req, state.ctx.settings.trust_proxy);
    state.registrations.hit(&state.ctx.db, &address).await?;
    let registration = Registration {
        email: form.email.clone(),
        display_name: form.display_name.clone(),
        password: form.password.clone(),
        category: form.category.clone(),
        locale: Some(viewer.locale),
    };
    match accounts::register(&state.ctx, registration).await {
        Ok(_) => {
            viewer.session.set_flash("flash-registered");
            Ok(redirect("/login"))
        }
        Err(e) if is_form_error(&e) => {
            form_with_errors(&state, &viewer, "accounts/register.html", &form, &e)
        }
        Err(e) => Err(e),
    }
}

#[derive(Deserialize)]
pub struct ConfirmQuery {
    #[serde(default)]
    token: String,
}

/// The link in the confirmation email.
pub async fn confirm(
    state: web::Data<AppState>,
    viewer: Viewer,
    query: web::Query<ConfirmQuery>,
) -> Result<HttpResponse, AppError> {
    match accounts::confirm_email(&state.ctx, &query.token).await {
        Ok(_) => {
            viewer.session.set_flash("flash-email-confirmed");
            Ok(redirect(if viewer.user.is_some() {
                "/account"
            } else {
                "/login"
            }))
        }
        Err(e) if is_form_error(&e) => form_with_errors(
            &state,
            &viewer,
            "accounts/confirm_failed.html",
            &serde_json::json!({}),
            &e,
        ),
        Err(e) => Err(e),
    }
}

/// Sends a new confirmation link to the signed-in account.
pub async fn resend(
    state: web::Data<AppState>,
    viewer: Viewer,
    _form: CsrfForm<NoFields>,
) -> Result<HttpResponse, AppError> {
    let Some(user) = &viewer.user else {
        return Ok(crate::web::render::login_redirect(&viewer));
    };
    accounts::resend_confirmation(&state.ctx, user).await?;
    viewer.session.set_flash("flash-confirmation-resent");
    Ok(redirect("/account"))
}
