use actix_web::{HttpResponse, web};
use serde::Deserialize;

use crate::domain::Locale;
use crate::error::AppError;
use crate::service::accounts;
use crate::web::AppState;
use crate::web::render::{redirect, safe_next};
use crate::web::viewer::Viewer;

#[derive(Deserialize)]
pub struct Switch {
    lang: String,
    next: Option<String>,
}

/// The language switch: a plain link, so it works without JavaScript. A
/// signed-in person's choice is also kept for their emails.
pub async fn switch(
    state: web::Data<AppState>,
    viewer: Viewer,
    query: web::Query<Switch>,
) -> Result<HttpResponse, AppError> {
    let locale: Locale = query
        .lang
        .parse()
        .map_err(|_| AppError::BadRequest(format!("unknown language '{}'", query.lang)))?;
    viewer.session.set_locale(locale);
    if let Some(user) = &viewer.user {
        accounts::set_locale(&state.ctx, user, locale).await?;
    }
    Ok(redirect(&safe_next(query.next.as_deref())))
}
