use actix_web::{HttpResponse, web};
use serde::Deserialize;

use crate::domain::Locale;
use crate::error::AppError;
use crate::web::render::{redirect, safe_next};
use crate::web::viewer::Viewer;

#[derive(Deserialize)]
pub struct Switch {
    lang: String,
    next: Option<String>,
}

/// The language switch: a plain link, so it works without JavaScript. Being
/// a GET, it changes only this browser's pages; the language of the
/// account's emails is a form on the account page.
pub async fn switch(viewer: Viewer, query: web::Query<Switch>) -> Result<HttpResponse, AppError> {
    let locale: Locale = query
        .lang
        .parse()
        .map_err(|_| AppError::BadRequest(format!("unknown language '{}'", query.lang)))?;
    viewer.session.set_locale(locale);
    Ok(redirect(&safe_next(query.next.as_deref())))
}
