//! Following consultations and choosing how often to hear about them.

use actix_web::{HttpResponse, web};
use serde::Deserialize;

use crate::domain::notification::Frequency;
use crate::error::AppError;
use crate::service::notifications;
use crate::web::AppState;
use crate::web::forms::CsrfForm;
use crate::web::render::{base_context, login_redirect, page, redirect};
use crate::web::viewer::Viewer;

#[derive(Deserialize)]
pub struct FollowForm {
    #[serde(default)]
    follow: String,
}

pub async fn follow(
    state: web::Data<AppState>,
    viewer: Viewer,
    slug: web::Path<String>,
    CsrfForm(form): CsrfForm<FollowForm>,
) -> Result<HttpResponse, AppError> {
    let Some(user) = viewer.user.clone() else {
        return Ok(login_redirect(&viewer));
    };
    let follow = form.follow == "1";
    notifications::set_following(&state.ctx, &user, &slug, follow).await?;
    viewer.session.set_flash(if follow {
        "flash-followed"
    } else {
        "flash-unfollowed"
    });
    Ok(redirect(&format!("/bills/{slug}")))
}

#[derive(Deserialize)]
pub struct FrequencyForm {
    #[serde(default)]
    frequency: String,
}

pub async fn set_frequency(
    state: web::Data<AppState>,
    viewer: Viewer,
    CsrfForm(form): CsrfForm<FrequencyForm>,
) -> Result<HttpResponse, AppError> {
    let Some(user) = viewer.user.clone() else {
        return Ok(login_redirect(&viewer));
    };
    let frequency: Frequency = form
        .frequency
        .parse()
        .map_err(|_| AppError::field("frequency", "error-frequency-invalid"))?;
    notifications::set_frequency(&state.ctx, user.id, frequency).await?;
    viewer.session.set_flash("flash-notifications-saved");
    Ok(redirect("/account#notifications"))
}

#[derive(Deserialize)]
pub struct UnsubscribeQuery {
    #[serde(default)]
    user: i64,
    #[serde(default)]
    token: String,
}

/// The link in every notification email: a page with one button (mail
/// scanners that open links do not unsubscribe anybody), no sign-in.
pub async fn unsubscribe_form(
    state: web::Data<AppState>,
    viewer: Viewer,
    query: web::Query<UnsubscribeQuery>,
) -> Result<HttpResponse, AppError> {
    notifications::check_unsubscribe(&state.ctx, query.user, &query.token)?;
    let mut c = base_context(&viewer);
    c.insert("user", &query.user);
    c.insert("token", &query.token);
    page(&state, "notifications/unsubscribe.html", &c)
}

pub async fn unsubscribe(
    state: web::Data<AppState>,
    viewer: Viewer,
    CsrfForm(form): CsrfForm<UnsubscribeQuery>,
) -> Result<HttpResponse, AppError> {
    notifications::unsubscribe(&state.ctx, form.user, &form.token).await?;
    page(
        &state,
        "notifications/unsubscribed.html",
        &base_context(&viewer),
    )
}
