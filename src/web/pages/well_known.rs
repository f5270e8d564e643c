//! What browsers and crawlers ask every site for: the icon and robots.txt.

use actix_web::HttpResponse;
use actix_web::http::header;

use crate::embedded;
use crate::error::AppError;

/// The icon at the address browsers try on their own (the pages also name
/// it with `<link rel=icon>`, versioned under /assets/).
pub async fn favicon() -> Result<HttpResponse, AppError> {
    let icon = embedded::asset("favicon.svg").ok_or(AppError::NotFound)?;
    Ok(HttpResponse::Ok()
        .content_type(icon.mime)
        .insert_header((header::CACHE_CONTROL, "public, max-age=86400"))
        .insert_header((header::ETAG, format!("\"{}\"", icon.hash)))
        .body(icon.bytes.into_owned()))
}

/// Public pages are open to crawlers; accounts, administration,
/// moderation, the API, searches and the heavy downloads are not.
pub const ROBOTS: &str = "\
User-agent: *
Allow: /
Disallow: /account
Disallow: /admin
Disallow: /moderation
Disallow: /audit
Disallow: /login
Disallow: /logout
Disallow: /register
Disallow: /password-reset
Disallow: /language
Disallow: /me/
Disallow: /notifications/
Disallow: /metrics
Disallow: /api/
Disallow: /search
Disallow: /bills/*/search
Disallow: /bills/*/edit
Disallow: /bills/*/open-data/
Disallow: /bills/*/synthesis.
Disallow: /bills/*/comparative-table.csv
Disallow: /bills/*/articles/*/history
Disallow: /contributions/*/edit
";

pub async fn robots() -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/plain; charset=utf-8")
        .insert_header((header::CACHE_CONTROL, "public, max-age=86400"))
        .body(ROBOTS)
}
