//! The pages admins write (see `domain::site_pages`), per language.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::schema::site_pages;
use super::{DbConnection, StoreError};

pub struct SitePageRow {
    pub body: String,
    pub updated_at: NaiveDateTime,
}

pub fn find(
    conn: &mut DbConnection,
    slug: &str,
    locale: &str,
) -> Result<Option<SitePageRow>, StoreError> {
    Ok(site_pages::table
        .filter(site_pages::slug.eq(slug))
        .filter(site_pages::locale.eq(locale))
        .select((site_pages::body, site_pages::updated_at))
        .first::<(String, NaiveDateTime)>(conn)
        .optional()?
        .map(|(body, updated_at)| SitePageRow { body, updated_at }))
}

/// Writes the page: an update, or the first row of that page and language.
pub fn save(
    conn: &mut DbConnection,
    slug: &str,
    locale: &str,
    body: &str,
    by: i64,
    now: NaiveDateTime,
) -> Result<(), StoreError> {
    let updated = diesel::update(
        site_pages::table
            .filter(site_pages::slug.eq(slug))
            .filter(site_pages::locale.eq(locale)),
    )
    .set((
        site_pages::body.eq(body),
        site_pages::updated_at.eq(now),
        site_pages::updated_by.eq(Some(by)),
    ))
    .execute(conn)?;
    if updated == 0 {
        diesel::insert_into(site_pages::table)
            .values((
                site_pages::slug.eq(slug),
                site_pages::locale.eq(locale),
                site_pages::body.eq(body),
                site_pages::updated_at.eq(now),
                site_pages::updated_by.eq(Some(by)),
            ))
            .execute(conn)?;
    }
    Ok(())
}
