//! One function per email the platform sends.

use super::{Composed, compose};
use crate::context::AppContext;
use crate::domain::Locale;

pub fn confirm_email(
    ctx: &AppContext,
    to: &str,
    name: &str,
    locale: Locale,
    token: &str,
    return_to: Option<&str>,
) -> Result<Composed, String> {
    let mut c = tera::Context::new();
    c.insert("name", name);
    let back = return_to
        .map(|p| format!("&next={}", crate::web::views::layout::url_encode(p)))
        .unwrap_or_default();
    c.insert(
        "link",
        &ctx.url(&format!("/account/confirm?token={token}{back}")),
    );
    c.insert("hours", &crate::domain::account::CONFIRM_TOKEN_HOURS);
    compose(&ctx.templates, "confirm_email", locale, to, c)
}

/// To the owner of an address someone tried to register again: nothing
/// happened, and here is how to recover the account if it was them.
pub fn account_exists(
    ctx: &AppContext,
    to: &str,
    name: &str,
    locale: Locale,
) -> Result<Composed, String> {
    let mut c = tera::Context::new();
    c.insert("name", name);
    c.insert("reset", &ctx.url("/password-reset"));
    compose(&ctx.templates, "account_exists", locale, to, c)
}

pub fn password_reset(
    ctx: &AppContext,
    to: &str,
    name: &str,
    locale: Locale,
    token: &str,
) -> Result<Composed, String> {
    let mut c = tera::Context::new();
    c.insert("name", name);
    c.insert(
        "link",
        &ctx.url(&format!("/password-reset/confirm?token={token}")),
    );
    c.insert("minutes", &crate::domain::account::RESET_TOKEN_MINUTES);
    compose(&ctx.templates, "password_reset", locale, to, c)
}

pub fn password_changed(
    ctx: &AppContext,
    to: &str,
    name: &str,
    locale: Locale,
) -> Result<Composed, String> {
    let mut c = tera::Context::new();
    c.insert("name", name);
    c.insert("link", &ctx.url("/password-reset"));
    compose(&ctx.templates, "password_changed", locale, to, c)
}
