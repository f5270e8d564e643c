//! Signing in and out.

use actix_web::{HttpRequest, HttpResponse, web};
use serde::{Deserialize, Serialize};

use crate::error::AppError;
use crate::service::accounts;
use crate::web::AppState;
use crate::web::forms::{CsrfForm, NoFields};
use crate::web::render::{
    base_context, form_with_errors, insert_account_links, is_form_error, page, redirect, safe_next,
};
use crate::web::viewer::{Viewer, client_address};

#[derive(Deserialize, Serialize, Default)]
pub struct LoginForm {
    #[serde(default)]
    email: String,
    #[serde(default, skip_serializing)]
    password: String,
    #[serde(default)]
    next: Option<String>,
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
        &LoginForm {
            // Only a local path is carried, and followed after sign-in.
            next: query
                .next
                .as_deref()
                .filter(|n| !n.is_empty())
                .map(|n| safe_next(Some(n)))
                .filter(|n| n != "/"),
            ..LoginForm::default()
        },
    );
    insert_account_links(&mut c, query.next.as_deref());
    page(&state, "accounts/login.html", &c)
}

pub async fn submit(
    req: HttpRequest,
    state: web::Data<AppState>,
    viewer: Viewer,
    CsrfForm(form): CsrfForm<LoginForm>,
) -> Result<HttpResponse, AppError> {
    let address = client_address(&req, state.ctx.settings.trust_proxy);
    match accounts::login(
        &state.ctx,
        &state.login_limits,
        &form.email,
        &form.password,
        &address,
    )
    .await
    {
        Ok(user) => {
            viewer.session.login(&user);
            // A suspended account signs in to read; the page says why.
            viewer.session.set_flash(if user.is_banned() {
                "flash-banned-login"
            } else {
                "flash-signed-in"
            });
            let next = match form.next.as_deref() {
                Some(n) if !n.is_empty() => safe_next(Some(n)),
                _ => "/account".to_string(),
            };
            Ok(redirect(&next))
        }
        Err(e) if is_form_error(&e) => {
            form_with_errors(&state, &viewer, "accounts/login.html", &form, &e)
        }
        Err(e) => Err(e),
    }
}

pub async fn logout(
    state: web::Data<AppState>,
    viewer: Viewer,
    _form: CsrfForm<NoFields>,
) -> Result<HttpResponse, AppError> {
    viewer.sign_out(&state.ctx).await?;
    viewer.session.set_flash("flash-signed-out");
    Ok(redirect("/"))
}

/// Ends every session of the account, on every device, this one too.
pub async fn logout_everywhere(
    state: web::Data<AppState>,
    viewer: Viewer,
    _form: CsrfForm<NoFields>,
) -> Result<HttpResponse, AppError> {
    if let Some(user) = &viewer.user {
        accounts::end_all_sessions(&state.ctx, user).await?;
    }
    viewer.sign_out(&state.ctx).await?;
    viewer.session.set_flash("flash-signed-out-everywhere");
    Ok(redirect("/login"))
}
