//! Themes as the synthesis reads and changes them: the texts suggestions
//! are computed from (standing contributions with their near-duplicate
//! group, and a cheap fingerprint that changes whenever any of them may
//! have), and the members of accepted themes: added and removed in bulk,
//! themes renamed, merged and deleted, each theme's members by support,
//! the contributions no theme holds yet, and how far the grouping has gone.
//!
//! Only contributions that still stand count: published, neither hidden
//! nor trashed (a redacted one stands with its redacted text).

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::contributions::ContributionRow;
use super::schema::{
    articles, contribution_themes, contributions, moderation_cases, pending_scans, themes,
};
use super::{DbConnection, StoreError};
use crate::domain::contribution::{ContributionKind, ContributionState};
use crate::domain::moderation::State;
use crate::domain::themes::KINDS;

/// Published, neither hidden nor trashed.
macro_rules! standing {
    () => {
        contributions::status.eq(ContributionState::Published).and(
            contributions::moderation
                .is_null()
                .or(contributions::moderation.eq(State::Redacted)),
        )
    };
}

/// Bound on the contributions read at once (a national consultation has
/// tens of thousands).
pub const MAX_TEXTS: i64 = 200_000;

#[derive(Queryable, Debug, Clone)]
pub struct ThemeText {
    pub id: i64,
    pub kind: ContributionKind,
    pub article_id: Option<i64>,
    pub title: Option<String>,
    pub body: String,
    pub proposed_text: Option<String>,
    /// The root of its near-duplicate group, if any.
    pub duplicate_of: Option<i64>,
}

/// The texts of the bill's contributions of `kinds` (on `article_id` only,
/// if given) that still stand: published, neither hidden nor trashed
/// (redacted ones carry their redacted text). In one query, by id.
pub fn texts(
    conn: &mut DbConnection,
    bill_id: i64,
    article_id: Option<i64>,
    kinds: &[ContributionKind],
) -> Result<Vec<ThemeText>, StoreError> {
    let mut query = contributions::table
        .left_join(moderation_cases::table)
        .filter(contributions::bill_id.eq(bill_id))
        .filter(contributions::kind.eq_any(kinds.to_vec()))
        .filter(standing!())
        .select((
            contributions::id,
            contributions::kind,
            contributions::article_id,
            contributions::title,
            contributions::body,
            contributions::proposed_text,
            moderation_cases::duplicate_of.nullable(),
        ))
        .order(contributions::id.asc())
        .limit(MAX_TEXTS)
        .into_boxed();
    if let Some(a) = article_id {
        query = query.filter(contributions::article_id.eq(a));
    }
    Ok(query.load(conn)?)
}

/// What the texts depend on, read in three aggregate queries: how many
/// contributions the bill has, the last one's id, the last change to any
/// of them (edits, withdrawals and moderation acts all set `updated_at`),
/// the last change to an article (amendments are read against their
/// article), and how many of its contributions still wait for their
/// near-duplicate scan: a copy joins its group only once scanned, after
/// its post ([`super::pending_scans`]), and the themes count a group once.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Fingerprint {
    pub count: i64,
    pub last_id: Option<i64>,
    pub last_change: Option<NaiveDateTime>,
    pub last_article_change: Option<NaiveDateTime>,
    pub unscanned: i64,
}

pub fn fingerprint(conn: &mut DbConnection, bill_id: i64) -> Result<Fingerprint, StoreError> {
    use diesel::dsl::{count_star, max};
    let (count, last_id, last_change) = contributions::table
        .filter(contributions::bill_id.eq(bill_id))
        .select((
            count_star(),
            max(contributions::id),
            max(contributions::updated_at),
        ))
        .first::<(i64, Option<i64>, Option<NaiveDateTime>)>(conn)?;
    let last_article_change = articles::table
        .filter(articles::bill_id.eq(bill_id))
        .select(max(articles::updated_at))
        .first::<Option<NaiveDateTime>>(conn)?;
    let unscanned = pending_scans::table
        .inner_join(contributions::table)
        .filter(contributions::bill_id.eq(bill_id))
        .count()
        .get_result(conn)?;
    Ok(Fingerprint {
        count,
        last_id,
        last_change,
        last_article_change,
        unscanned,
    })
}

// The members of accepted themes.

/// The most members listed at once on a theme's page.
pub const PAGE: i64 = 200;

/// Adds contributions to a theme (those already in it stay once), in
/// batches; the number added.
pub fn add(conn: &mut DbConnection, theme_id: i64, ids: &[i64]) -> Result<usize, StoreError> {
    let mut added = 0;
    for chunk in ids.chunks(500) {
        let rows: Vec<_> = chunk
            .iter()
            .map(|&id| {
                (
                    contribution_themes::contribution_id.eq(id),
                    contribution_themes::theme_id.eq(theme_id),
                )
            })
            .collect();
        // One statement per backend: MultiConnection has no conflict clause.
        added += match conn {
            DbConnection::Sqlite(c) => diesel::insert_or_ignore_into(contribution_themes::table)
                .values(&rows)
                .execute(c)?,
            DbConnection::Postgresql(c) => diesel::insert_into(contribution_themes::table)
                .values(&rows)
                .on_conflict_do_nothing()
                .execute(c)?,
        };
    }
    Ok(added)
}

/// Takes contributions out of a theme; the number taken out.
pub fn remove(conn: &mut DbConnection, theme_id: i64, ids: &[i64]) -> Result<usize, StoreError> {
    let mut removed = 0;
    for chunk in ids.chunks(500) {
        removed += diesel::delete(
            contribution_themes::table
                .filter(contribution_themes::theme_id.eq(theme_id))
                .filter(contribution_themes::contribution_id.eq_any(chunk)),
        )
        .execute(conn)?;
    }
    Ok(removed)
}

pub fn rename(conn: &mut DbConnection, theme_id: i64, title: &str) -> Result<(), StoreError> {
    diesel::update(themes::table.find(theme_id))
        .set(themes::title.eq(title))
        .execute(conn)?;
    Ok(())
}

/// The ids of a theme's members, whatever their state.
pub fn member_ids(conn: &mut DbConnection, theme_id: i64) -> Result<Vec<i64>, StoreError> {
    Ok(contribution_themes::table
        .filter(contribution_themes::theme_id.eq(theme_id))
        .select(contribution_themes::contribution_id)
        .order(contribution_themes::contribution_id.asc())
        .load(conn)?)
}

/// Deletes a theme and its memberships (the contributions stay).
pub fn delete(conn: &mut DbConnection, theme_id: i64) -> Result<(), StoreError> {
    diesel::delete(contribution_themes::table.filter(contribution_themes::theme_id.eq(theme_id)))
        .execute(conn)?;
    diesel::delete(themes::table.find(theme_id)).execute(conn)?;
    Ok(())
}

/// The standing members of a theme, most supported first (ties by id).
pub fn members(conn: &mut DbConnection, theme_id: i64) -> Result<Vec<ContributionRow>, StoreError> {
    Ok(contributions::table
        .inner_join(contribution_themes::table)
        .filter(contribution_themes::theme_id.eq(theme_id))
        .filter(standing!())
        .select(ContributionRow::as_select())
        .order((contributions::support_score.desc(), contributions::id.asc()))
        .limit(PAGE)
        .load(conn)?)
}

/// The number of standing members of each of the bill's themes (themes
/// with none are absent).
pub fn standing_counts(
    conn: &mut DbConnection,
    bill_id: i64,
) -> Result<std::collections::HashMap<i64, i64>, StoreError> {
    use diesel::dsl::count_star;
    Ok(contribution_themes::table
        .inner_join(themes::table)
        .inner_join(contributions::table)
        .filter(themes::bill_id.eq(bill_id))
        .filter(standing!())
        .group_by(contribution_themes::theme_id)
        .select((contribution_themes::theme_id, count_star()))
        .load::<(i64, i64)>(conn)?
        .into_iter()
        .collect())
}

/// Standing contributions of the bill (of the themed kinds) that no theme
/// holds, after `after_id`, by id.
pub fn unthemed(
    conn: &mut DbConnection,
    bill_id: i64,
    after_id: i64,
    limit: i64,
) -> Result<Vec<ContributionRow>, StoreError> {
    let themed = contribution_themes::table.select(contribution_themes::contribution_id);
    Ok(contributions::table
        .filter(contributions::bill_id.eq(bill_id))
        .filter(contributions::kind.eq_any(KINDS))
        .filter(standing!())
        .filter(contributions::id.gt(after_id))
        .filter(contributions::id.ne_all(themed))
        .select(ContributionRow::as_select())
        .order(contributions::id.asc())
        .limit(limit)
        .load(conn)?)
}

/// How many standing contributions of the bill (of the themed kinds) are
/// in at least one theme, and how many there are.
pub fn progress(conn: &mut DbConnection, bill_id: i64) -> Result<(i64, i64), StoreError> {
    let standing = || {
        contributions::table
            .filter(contributions::bill_id.eq(bill_id))
            .filter(contributions::kind.eq_any(KINDS))
            .filter(standing!())
    };
    let total: i64 = standing().count().get_result(conn)?;
    let themed = contribution_themes::table.select(contribution_themes::contribution_id);
    let in_a_theme: i64 = standing()
        .filter(contributions::id.eq_any(themed))
        .count()
        .get_result(conn)?;
    Ok((in_a_theme, total))
}

/// Of `ids`, those that are standing contributions of the bill, of the
/// themed kinds.
pub fn standing_of_bill(
    conn: &mut DbConnection,
    bill_id: i64,
    ids: &[i64],
) -> Result<Vec<i64>, StoreError> {
    let mut found = Vec::new();
    for chunk in ids.chunks(500) {
        found.extend(
            contributions::table
                .filter(contributions::bill_id.eq(bill_id))
                .filter(contributions::id.eq_any(chunk))
                .filter(contributions::kind.eq_any(KINDS))
                .filter(standing!())
                .select(contributions::id)
                .load::<i64>(conn)?,
        );
    }
    found.sort_unstable();
    Ok(found)
}

/// `ids` with the near-duplicate copies of those that lead a group (a
/// campaign is one member of a suggestion, and all of its copies join the
/// theme together).
pub fn with_copies(conn: &mut DbConnection, ids: &[i64]) -> Result<Vec<i64>, StoreError> {
    let mut all = ids.to_vec();
    for chunk in ids.chunks(500) {
        all.extend(
            moderation_cases::table
                .filter(moderation_cases::duplicate_of.eq_any(chunk))
                .select(moderation_cases::contribution_id)
                .load::<i64>(conn)?,
        );
    }
    all.sort_unstable();
    all.dedup();
    Ok(all)
}

/// The standing arguments on an article, each with the themes that hold it
/// (one row per theme, and one with none for those in no theme), most
/// supported first.
pub fn arguments_with_themes(
    conn: &mut DbConnection,
    article_id: i64,
) -> Result<Vec<(ContributionRow, Option<i64>)>, StoreError> {
    Ok(contributions::table
        .left_join(contribution_themes::table)
        .filter(contributions::article_id.eq(article_id))
        .filter(contributions::kind.eq(crate::domain::contribution::ContributionKind::Argument))
        .filter(contributions::parent_id.is_null())
        .filter(standing!())
        .select((
            ContributionRow::as_select(),
            contribution_themes::theme_id.nullable(),
        ))
        .order((contributions::support_score.desc(), contributions::id.asc()))
        .load(conn)?)
}

/// Standing contributions by id (those that no longer stand are left out).
pub fn rows(conn: &mut DbConnection, ids: &[i64]) -> Result<Vec<ContributionRow>, StoreError> {
    let mut rows = Vec::new();
    for chunk in ids.chunks(500) {
        rows.extend(
            contributions::table
                .filter(contributions::id.eq_any(chunk))
                .filter(standing!())
                .select(ContributionRow::as_select())
                .load::<ContributionRow>(conn)?,
        );
    }
    Ok(rows)
}
