//! The sanitised HTML of each contribution's Markdown, stored beside its
//! source: written with the text (insert, edit, redaction), read with the
//! rows, so that no page view runs the Markdown pipeline.

use diesel::prelude::*;

use super::schema::{contribution_html, contributions};
use super::{DbConnection, StoreError};
use crate::text::markdown;

/// The HTML of one contribution's fields.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Html {
    pub body: String,
    pub proposed_text: Option<String>,
}

impl Html {
    pub fn render(body: &str, proposed_text: Option<&str>) -> Html {
        Html {
            body: markdown::to_html(body),
            proposed_text: proposed_text.map(markdown::to_html),
        }
    }

    /// The stored HTML if the current pipeline made it, else rendered now
    /// (a row written before it and not yet caught up by [`catch_up`]).
    pub fn stored_or_render(
        stored: Option<(i32, String, Option<String>)>,
        body: &str,
        proposed_text: Option<&str>,
    ) -> Html {
        match stored {
            Some((version, body, proposed_text)) if version == markdown::RENDER_VERSION => Html {
                body,
                proposed_text,
            },
            _ => Html::render(body, proposed_text),
        }
    }
}

/// The columns read with a row: `(render_version, body_html,
/// proposed_text_html)`, none without a stored rendering.
pub type StoredColumns = diesel::dsl::Nullable<(
    contribution_html::render_version,
    contribution_html::body_html,
    contribution_html::proposed_text_html,
)>;

pub fn stored_columns() -> StoredColumns {
    (
        contribution_html::render_version,
        contribution_html::body_html,
        contribution_html::proposed_text_html,
    )
        .nullable()
}

pub type StoredValues = Option<(i32, String, Option<String>)>;

/// Renders and stores the HTML of a contribution's text, replacing what
/// was there; called in the transaction that writes the text.
pub fn write(
    conn: &mut DbConnection,
    contribution_id: i64,
    body: &str,
    proposed_text: Option<&str>,
) -> Result<(), StoreError> {
    let html = Html::render(body, proposed_text);
    diesel::delete(contribution_html::table.find(contribution_id)).execute(conn)?;
    insert(conn, contribution_id, &html)
}

/// Stores the HTML rendered before the transaction of a new contribution.
pub fn insert(
    conn: &mut DbConnection,
    contribution_id: i64,
    html: &Html,
) -> Result<(), StoreError> {
    diesel::insert_into(contribution_html::table)
        .values((
            contribution_html::contribution_id.eq(contribution_id),
            contribution_html::render_version.eq(markdown::RENDER_VERSION),
            contribution_html::body_html.eq(&html.body),
            contribution_html::proposed_text_html.eq(&html.proposed_text),
        ))
        .execute(conn)?;
    Ok(())
}

/// Up to `batch` contributions whose HTML is missing or was made by an
/// older pipeline, by id.
pub fn stale(conn: &mut DbConnection, batch: i64) -> Result<Vec<i64>, StoreError> {
    Ok(contributions::table
        .left_join(contribution_html::table)
        .filter(
            contribution_html::render_version
                .is_null()
                .or(contribution_html::render_version.ne(markdown::RENDER_VERSION)),
        )
        .select(contributions::id)
        .order(contributions::id.asc())
        .limit(batch)
        .load(conn)?)
}
