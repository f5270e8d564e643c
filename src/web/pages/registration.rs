//! Creating an account and confirming its email.

use actix_web::{HttpRequest, HttpResponse, web};
use serde::{Deserialize, Serialize};

use crate::error::AppError;
use crate::service::accounts::{self, Registration};
use crate::web::AppState;
use crate::web::forms::{CsrfForm, NoFields};
use crate::web::render::{
    base_context, form_with_errors, insert_account_links, is_form_error, page, redirect, safe_next,
};
use crate::web::viewer::{Viewer, client_address};
use crate::web::views::layout::url_encode;

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
    /// Where to go once registered, and where the confirmation link leads.
    #[serde(default)]
    next: Option<String>,
}

/// The `next` worth carrying: a local path other than the home page.
fn return_to(next: Option<&str>) -> Option<String> {
    next.filter(|n| !n.is_empty())
        .map(|n| safe_next(Some(n)))
        .filter(|n| n != "/")
}

#[derive(Deserialize)]
pub struct NextQuery {
    next: Option<String>,
}

pub async fn form(
    state: web::Data<AppState>,
    viewer: Viewer,
    query: web::Query<NextQuery>,
) -> Result<HttpResponse, AppError> {
    let mut c = base_context(&viewer);
    c.insert(
        "form",
        &RegisterForm {
            next: return_to(query.next.as_deref()),
            ..RegisterForm::default()
        },
    );
    insert_account_links(&mut c, query.next.as_deref());
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
        return_to: return_to(form.next.as_deref()),
    };
    match accounts::register(&state.ctx, registration).await {
        // A new account is signed in at once; it writes once confirmed.
        Ok(accounts::Registered {
            created: Some(user),
            ..
        }) => {
            viewer.session.login(&user);
            viewer.session.set_flash("flash-registered-signed-in");
            Ok(redirect(
                &return_to(form.next.as_deref()).unwrap_or_else(|| "/account".into()),
            ))
        }
        // An address that already has an account: nobody is signed in, and
        // the answer goes to the same place (the page there asks to sign in).
        Ok(_) => {
            viewer.session.set_flash("flash-registered");
            Ok(redirect(
                &return_to(form.next.as_deref()).unwrap_or_else(|| "/account".into()),
            ))
        }
        Err(e) if is_form_error(&e) => {
            form_with_errors(&state, &viewer, "accounts/register.html", &form, &e)
        }
        Err(e) => Err(e),
    }
}

/// The sign-in page, coming back to `next` afterwards.
fn login_to(next: Option<&str>) -> String {
    match return_to(next) {
        Some(n) => format!("/login?next={}", url_encode(&n)),
        None => "/login".into(),
    }
}

#[derive(Deserialize)]
pub struct ConfirmQuery {
    #[serde(default)]
    token: String,
    next: Option<String>,
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
            let next = query.next.as_deref();
            Ok(redirect(&if viewer.user.is_some() {
                return_to(next).unwrap_or_else(|| "/account".into())
            } else {
                login_to(next)
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
