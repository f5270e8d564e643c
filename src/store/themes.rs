//! What suggested themes read: the texts of a bill's standing contributions
//! with their near-duplicate group, and a cheap fingerprint that changes
//! whenever any of them may have.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::schema::{articles, contributions, moderation_cases};
use super::{DbConnection, StoreError};
use crate::domain::contribution::{ContributionKind, ContributionState};
use crate::domain::moderation::State;

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
        .filter(contributions::status.eq(ContributionState::Published))
        .filter(
            contributions::moderation
                .is_null()
                .or(contributions::moderation.eq(State::Redacted)),
        )
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

/// What the texts depend on, read in two aggregate queries: how many
/// contributions the bill has, the last one's id, the last change to any
/// of them (edits, withdrawals and moderation acts all set `updated_at`;
/// a new copy joining a near-duplicate group is a new id) and the last
/// change to an article (amendments are read against their article).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Fingerprint {
    pub count: i64,
    pub last_id: Option<i64>,
    pub last_change: Option<NaiveDateTime>,
    pub last_article_change: Option<NaiveDateTime>,
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
    Ok(Fingerprint {
        count,
        last_id,
        last_change,
        last_article_change,
    })
}
