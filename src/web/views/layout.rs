//! What the layout of every page needs, for pages and error pages alike.

use serde::Serialize;

use crate::domain::Locale;
use crate::error::AppError;

/// Puts a page's view in its context, each field under its own name.
pub fn insert_view(c: &mut tera::Context, view: &impl Serialize) -> Result<(), AppError> {
    let fields = tera::Context::from_serialize(view)
        .map_err(|e| AppError::Internal(format!("page view: {e}")))?;
    c.extend(fields);
    Ok(())
}

#[derive(Serialize)]
pub struct LanguageLink {
    pub code: &'static str,
    pub name: &'static str,
    pub href: String,
    pub current: bool,
}

pub fn url_encode(s: &str) -> String {
    serde_urlencoded::to_string([("", s)])
        .map(|q| q.trim_start_matches('=').to_string())
        .unwrap_or_default()
}

pub fn languages(current: Locale, path: &str) -> Vec<LanguageLink> {
    Locale::ALL
        .into_iter()
        .map(|l| LanguageLink {
            code: l.as_str(),
            name: match l {
                Locale::Fr => "Français",
                Locale::En => "English",
            },
            href: format!("/language?lang={}&next={}", l.as_str(), url_encode(path)),
            current: l == current,
        })
        .collect()
}
