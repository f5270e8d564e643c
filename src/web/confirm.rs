//! Confirmation before an act that cannot be undone: the first request
//! shows a page saying exactly what will happen, with "Confirmer" (the same
//! form again, carrying `confirm=yes`) and "Annuler" (a link back). Only a
//! POST carrying the confirmation acts. Works without JavaScript.

use actix_web::HttpResponse;
use serde::Serialize;

use super::AppState;
use super::render::{base_context, page};
use super::viewer::Viewer;
use crate::error::AppError;

/// The field and value a confirmed form carries.
pub const FIELD: &str = "confirm";
pub const YES: &str = "yes";

/// Whether a submitted form carries the confirmation.
pub fn confirmed(value: Option<&str>) -> bool {
    value == Some(YES)
}

/// What the confirmation page says and sends.
#[derive(Serialize)]
pub struct Confirmation {
    /// The page's title, already in the reader's language.
    pub title: String,
    /// What will happen, one sentence a line, already translated.
    pub lines: Vec<String>,
    /// Figures shown as a list of label and value.
    pub figures: Vec<(String, String)>,
    /// Where the confirmed form goes.
    pub action: String,
    /// The fields the form sends again (besides the token and `confirm`).
    pub fields: Vec<(String, String)>,
    /// The confirm button's label.
    pub confirm_label: String,
    /// Where "Annuler" leads.
    pub cancel: String,
    /// Whether the act is refused as things stand (the button is left out).
    pub blocked: Vec<String>,
}

pub fn show(
    state: &AppState,
    viewer: &Viewer,
    confirmation: &Confirmation,
) -> Result<HttpResponse, AppError> {
    let mut c = base_context(viewer);
    c.insert("confirmation", confirmation);
    c.insert("confirm_field", FIELD);
    c.insert("confirm_value", YES);
    page(state, "confirmations/page.html", &c)
}
