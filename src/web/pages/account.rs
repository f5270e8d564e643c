//! "My account": profile, password, my data, deletion; API tokens on a
//! page of their own.

use actix_web::http::header;
use actix_web::{HttpResponse, web};
use serde::Deserialize;

use crate::domain::User;
use crate::error::AppError;
use crate::service::accounts;
use crate::web::AppState;
use crate::web::forms::CsrfForm;
use crate::web::render::{base_context, is_form_error, login_redirect, page_with_status, redirect};
use crate::web::viewer::Viewer;
use crate::web::views::account::{AccountSummary, TokenLine};

/// The tokens page, optionally with a just-created token or form errors.
async fn tokens_page(
    state: &AppState,
    viewer: &Viewer,
    user: &User,
    extra: impl FnOnce(&mut tera::Context),
    status: u16,
) -> Result<HttpResponse, AppError> {
    let locale = viewer.locale;
    let tokens: Vec<TokenLine> = accounts::list_api_tokens(&state.ctx, user)
        .await?
        .into_iter()
        .map(|t| TokenLine::new(locale, t))
        .collect();
    let mut c = base_context(viewer);
    c.insert("tokens", &tokens);
    extra(&mut c);
    page_with_status(state, status, "account/tokens.html", &c)
}

/// My API tokens.
pub async fn tokens(state: web::Data<AppState>, viewer: Viewer) -> Result<HttpResponse, AppError> {
    let Some(user) = viewer.user.clone() else {
        return Ok(login_redirect(&viewer));
    };
    tokens_page(&state, &viewer, &user, |_| {}, 200).await
}

/// The account page, optionally with form errors.
async fn account_page(
    state: &AppState,
    viewer: &Viewer,
    user: &User,
    extra: impl FnOnce(&mut tera::Context),
    status: u16,
) -> Result<HttpResponse, AppError> {
    let mut c = base_context(viewer);
    c.insert("account", &AccountSummary::new(viewer.locale, user));
    c.insert(
        "frequency",
        crate::service::notifications::frequency(&state.ctx, user.id)
            .await?
            .as_str(),
    );
    extra(&mut c);
    page_with_status(state, status, "account/index.html", &c)
}

fn with_errors(
    section: &'static str,
    e: &AppError,
    viewer: &Viewer,
) -> impl FnOnce(&mut tera::Context) {
    let errors = crate::web::errors::field_messages(e, viewer.locale);
    let summary = crate::web::errors::detail(e, viewer.locale);
    move |c: &mut tera::Context| {
        c.insert("errors", &errors);
        c.insert("error_summary", &summary);
        c.insert("error_section", section);
    }
}

pub async fn show(state: web::Data<AppState>, viewer: Viewer) -> Result<HttpResponse, AppError> {
    let Some(user) = viewer.user.clone() else {
        return Ok(login_redirect(&viewer));
    };
    account_page(&state, &viewer, &user, |_| {}, 200).await
}

#[derive(Deserialize)]
pub struct PasswordForm {
    #[serde(default)]
    current_password: String,
    #[serde(default)]
    password: String,
}

pub async fn change_password(
    state: web::Data<AppState>,
    viewer: Viewer,
    CsrfForm(form): CsrfForm<PasswordForm>,
) -> Result<HttpResponse, AppError> {
    let Some(user) = viewer.user.clone() else {
        return Ok(login_redirect(&viewer));
    };
    match accounts::change_password(&state.ctx, &user, &form.current_password, &form.password).await
    {
        Ok(updated) => {
            // Other sessions end; this one carries on.
            viewer.session.login(&updated);
            viewer.session.set_flash("flash-password-changed");
            Ok(redirect("/account"))
        }
        Err(e) if is_form_error(&e) => {
            account_page(
                &state,
                &viewer,
                &user,
                with_errors("password", &e, &viewer),
                e.status(),
            )
            .await
        }
        Err(e) => Err(e),
    }
}

#[derive(Deserialize)]
pub struct TokenForm {
    #[serde(default)]
    label: String,
    /// `read` or `read-write`; read when absent.
    scope: Option<String>,
}

/// Creates a token and shows it once, on the page itself (never in a
/// redirect or a cookie).
pub async fn create_token(
    state: web::Data<AppState>,
    viewer: Viewer,
    CsrfForm(form): CsrfForm<TokenForm>,
) -> Result<HttpResponse, AppError> {
    let Some(user) = viewer.user.clone() else {
        return Ok(login_redirect(&viewer));
    };
    match accounts::create_api_token(&state.ctx, &user, &form.label, form.scope.as_deref()).await {
        Ok(made) => {
            tokens_page(
                &state,
                &viewer,
                &user,
                move |c| {
                    c.insert("new_token", &made.token);
                    c.insert("new_token_label", &made.label);
                    c.insert("new_token_scope", &made.scope);
                },
                201,
            )
            .await
        }
        Err(e) if is_form_error(&e) => {
            tokens_page(
                &state,
                &viewer,
                &user,
                with_errors("tokens", &e, &viewer),
                e.status(),
            )
            .await
        }
        Err(e) => Err(e),
    }
}

pub async fn revoke_token(
    state: web::Data<AppState>,
    viewer: Viewer,
    path: web::Path<i64>,
    _form: CsrfForm<crate::web::forms::NoFields>,
) -> Result<HttpResponse, AppError> {
    let Some(user) = viewer.user.clone() else {
        return Ok(login_redirect(&viewer));
    };
    accounts::revoke_api_token(&state.ctx, &user, path.into_inner()).await?;
    viewer.session.set_flash("flash-token-revoked");
    Ok(redirect("/account/tokens"))
}

/// My data, as a JSON download.
pub async fn export(state: web::Data<AppState>, viewer: Viewer) -> Result<HttpResponse, AppError> {
    let Some(user) = viewer.user.clone() else {
        return Ok(login_redirect(&viewer));
    };
    let data = crate::service::account_export::export_data(&state.ctx, &user).await?;
    Ok(HttpResponse::Ok()
        .content_type("application/json")
        .insert_header((
            header::CONTENT_DISPOSITION,
            "attachment; filename=\"codraft-my-data.json\"",
        ))
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .body(serde_json::to_string_pretty(&data).unwrap_or_default()))
}

#[derive(Deserialize)]
pub struct DeleteForm {
    #[serde(default)]
    delete_password: String,
}

pub async fn delete(
    state: web::Data<AppState>,
    viewer: Viewer,
    CsrfForm(form): CsrfForm<DeleteForm>,
) -> Result<HttpResponse, AppError> {
    let Some(user) = viewer.user.clone() else {
        return Ok(login_redirect(&viewer));
    };
    if let Err(e) = accounts::delete_account(&state.ctx, &user, &form.delete_password).await {
        let AppError::Invalid(mut errors) = e else {
            return Err(e);
        };
        // The form names its field delete_password.
        for fe in &mut errors.0 {
            if fe.field == "password" {
                fe.field = "delete_password";
            }
        }
        let e = AppError::Invalid(errors);
        return account_page(
            &state,
            &viewer,
            &user,
            with_errors("delete", &e, &viewer),
            422,
        )
        .await;
    }
    viewer.session.logout();
    viewer.session.set_flash("flash-account-deleted");
    Ok(redirect("/"))
}

#[derive(serde::Deserialize)]
pub struct NameForm {
    name_public: Option<String>,
}

/// Whether my name is shown with my contributions.
#[derive(serde::Deserialize)]
pub struct LocaleForm {
    #[serde(default)]
    locale: String,
}

/// The language of the account's emails (the page switch changes only this
/// browser's pages).
pub async fn set_locale(
    state: web::Data<AppState>,
    viewer: Viewer,
    CsrfForm(form): CsrfForm<LocaleForm>,
) -> Result<HttpResponse, AppError> {
    let Some(user) = viewer.user.clone() else {
        return Ok(login_redirect(&viewer));
    };
    let locale: crate::domain::Locale = form
        .locale
        .parse()
        .map_err(|_| AppError::field("locale", "error-locale-invalid"))?;
    accounts::set_locale(&state.ctx, &user, locale).await?;
    viewer.session.set_flash("account-locale-saved");
    Ok(redirect("/account#locale-h"))
}

pub async fn set_name_public(
    state: web::Data<AppState>,
    viewer: Viewer,
    CsrfForm(form): CsrfForm<NameForm>,
) -> Result<HttpResponse, AppError> {
    let Some(user) = viewer.user.clone() else {
        return Ok(login_redirect(&viewer));
    };
    accounts::set_name_public(&state.ctx, &user, form.name_public.is_some()).await?;
    viewer.session.set_flash("account-name-saved");
    Ok(redirect("/account#profile-h"))
}
