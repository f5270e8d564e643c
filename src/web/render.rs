//! Rendering pages: the layout's shared context and small response helpers.

use actix_web::HttpResponse;
use actix_web::http::header;
use serde::Serialize;

use super::AppState;
use super::viewer::Viewer;
use super::views::layout::{languages, url_encode};
use crate::domain::{Locale, Permission, allows};
use crate::error::AppError;
use crate::i18n;

/// The language of what sponsors and citizens write (bills,
/// contributions): marked on their containers so that an English page
/// reads them as French.
pub const CONTENT_LANG: &str = "fr";

/// The context every page template receives.
pub fn base_context(viewer: &Viewer) -> tera::Context {
    let mut c = neutral_context(viewer.locale, &viewer.path);
    c.insert("csrf_token", &viewer.session.csrf_token());
    c.insert("signed_in", &viewer.user.is_some());
    // The viewer's id (0 when signed out), for what differs on one's own
    // contributions.
    c.insert("viewer_id", &viewer.user.as_ref().map_or(0, |u| u.id));
    if let Some(user) = &viewer.user {
        c.insert(
            "user",
            &serde_json::json!({
                "id": user.id,
                "display_name": user.display_name,
                "role": user.role.as_str(),
                "locale": user.locale.as_str(),
                "email_confirmed": user.email_confirmed(),
                "is_admin": allows(Some(user), Permission::AdministerUsers),
                "is_moderator": allows(Some(user), Permission::Moderate),
                "banned": user.is_banned(),
                "ban_reason": user.ban_reason,
            }),
        );
    }
    if let Some(flash) = viewer.session.take_flash() {
        c.insert("flash", &i18n::t(viewer.locale, &flash));
    }
    c
}

/// The context of a page rendered for every viewer in `locale` at `path`:
/// no session, no account, no CSRF token, no message to show once (a
/// page made from it is signed out to all).
pub fn neutral_context(locale: Locale, path: &str) -> tera::Context {
    let mut c = tera::Context::new();
    c.insert("lang", locale.as_str());
    c.insert("time_zone", &super::views::dates::zone_name(locale));
    c.insert("csrf_token", "");
    c.insert("signed_in", &false);
    c.insert("viewer_id", &0);
    // The language of the bills' and contributions' text, French whatever
    // the interface's language.
    c.insert("content_lang", CONTENT_LANG);
    c.insert("errors", &serde_json::json!({}));
    c.insert("error_summary", "");
    c.insert("error_section", "");
    c.insert("current_path", path);
    // The account pages themselves are not worth coming back to.
    let account_page = ["/login", "/register", "/password-reset", "/account/confirm"]
        .iter()
        .any(|p| path.starts_with(p));
    let back = if account_page {
        String::new()
    } else {
        format!("?next={}", url_encode(path))
    };
    c.insert("login_href", &format!("/login{back}"));
    c.insert("register_href", &format!("/register{back}"));
    c.insert("languages", &languages(locale, path));
    c
}

/// An HTML page already rendered, with `status`.
pub fn html(status: u16, body: String) -> HttpResponse {
    HttpResponse::build(
        actix_web::http::StatusCode::from_u16(status).unwrap_or(actix_web::http::StatusCode::OK),
    )
    .content_type("text/html; charset=utf-8")
    .insert_header((header::CACHE_CONTROL, "no-store"))
    .body(body)
}

pub fn page(
    state: &AppState,
    template: &str,
    context: &tera::Context,
) -> Result<HttpResponse, AppError> {
    let html = state
        .ctx
        .templates
        .render(template, context)
        .map_err(|e| AppError::Internal(format!("template {template}: {e:?}")))?;
    Ok(HttpResponse::Ok()
        .content_type("text/html; charset=utf-8")
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .body(html))
}

/// Like [`page`] with a status other than 200 (a form shown again).
pub fn page_with_status(
    state: &AppState,
    status: u16,
    template: &str,
    context: &tera::Context,
) -> Result<HttpResponse, AppError> {
    let mut res = page(state, template, context)?;
    *res.status_mut() =
        actix_web::http::StatusCode::from_u16(status).unwrap_or(actix_web::http::StatusCode::OK);
    Ok(res)
}

/// 303 See Other, the answer to a successful form.
pub fn redirect(to: &str) -> HttpResponse {
    HttpResponse::SeeOther()
        .insert_header((header::LOCATION, to))
        .finish()
}

/// Where a form goes back to: its `return_to` if it gave a local path,
/// else `default`.
pub fn back_to(return_to: &str, default: String) -> String {
    if return_to.is_empty() {
        default
    } else {
        safe_next(Some(return_to))
    }
}

/// Only local paths are followed after sign-in or a language switch.
pub fn safe_next(next: Option<&str>) -> String {
    let local = |n: &str| {
        n.starts_with('/')
            && !n.starts_with("//")
            && !n.contains('\\')
            && n.len() <= 2000
            && n.chars().all(|c| c.is_ascii_graphic())
    };
    match next {
        Some(n) if local(n) => n.to_string(),
        _ => "/".to_string(),
    }
}

/// On the sign-in and sign-up pages: the links between them carry `next`.
pub fn insert_account_links(c: &mut tera::Context, next: Option<&str>) {
    let back = match next.filter(|n| !n.is_empty()).map(|n| safe_next(Some(n))) {
        Some(n) if n != "/" => format!("?next={}", url_encode(&n)),
        _ => String::new(),
    };
    c.insert("login_href", &format!("/login{back}"));
    c.insert("register_href", &format!("/register{back}"));
}

pub fn login_redirect(viewer: &Viewer) -> HttpResponse {
    redirect(&format!("/login?next={}", url_encode(&viewer.path)))
}

/// A form shown again after `error`, with what was typed and a message
/// next to each invalid field.
pub fn form_with_errors(
    state: &AppState,
    viewer: &Viewer,
    template: &str,
    values: &impl Serialize,
    error: &AppError,
) -> Result<HttpResponse, AppError> {
    let mut c = base_context(viewer);
    c.insert("form", values);
    insert_errors(&mut c, error, viewer.locale);
    page_with_status(state, error.status(), template, &c)
}

/// Puts a form error in the context: a message next to each invalid field
/// and a summary at the top.
pub fn insert_errors(c: &mut tera::Context, error: &AppError, locale: Locale) {
    c.insert("errors", &super::errors::field_messages(error, locale));
    c.insert("error_summary", &super::errors::detail(error, locale));
}

/// True for errors a form shows next to its fields rather than as a page.
pub fn is_form_error(error: &AppError) -> bool {
    matches!(error, AppError::Invalid(_) | AppError::Unauthorized(_))
}

#[cfg(test)]
mod tests {
    use super::safe_next;

    #[test]
    fn only_local_paths_are_followed() {
        assert_eq!(safe_next(Some("/account?tab=1")), "/account?tab=1");
        for bad in [
            "https://evil.example",
            "//evil.example",
            "/\\evil.example",
            "/\t/evil.example",
            "/a\r\nSet-Cookie: x",
            "/é",
            "",
        ] {
            assert_eq!(safe_next(Some(bad)), "/", "{bad:?}");
        }
        assert_eq!(safe_next(None), "/");
    }
}
