//! What one person wrote and follows, for their own pages, newest first,
//! a page at a time (keyset: `before` is the last id of the page shown).

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::schema::{articles, bills, contributions, follows};
use super::{DbConnection, StoreError};
use crate::domain::BillStatus;
use crate::domain::contribution::{ContributionKind, ContributionState, Stance};
use crate::domain::moderation::State;

pub struct MyContribution {
    pub id: i64,
    pub kind: ContributionKind,
    pub stance: Option<Stance>,
    pub title: Option<String>,
    pub body: String,
    pub status: ContributionState,
    pub moderation: Option<State>,
    pub created_at: NaiveDateTime,
    pub bill_slug: String,
    pub bill_title: String,
    pub article_id: Option<i64>,
    pub article_label: Option<String>,
}

type ContributionLine = (
    i64,
    ContributionKind,
    Option<Stance>,
    Option<String>,
    String,
    ContributionState,
    Option<State>,
    NaiveDateTime,
    String,
    String,
    Option<i64>,
);

/// Up to `limit` of the author's contributions with an id below `before`,
/// and whether more follow.
pub fn contributions_of(
    conn: &mut DbConnection,
    author_id: i64,
    before: Option<i64>,
    limit: i64,
) -> Result<(Vec<MyContribution>, bool), StoreError> {
    let mut query = contributions::table
        .inner_join(bills::table)
        .filter(contributions::author_id.eq(author_id))
        .into_boxed();
    if let Some(before) = before {
        query = query.filter(contributions::id.lt(before));
    }
    let mut lines: Vec<ContributionLine> = query
        .order(contributions::id.desc())
        .limit(limit + 1)
        .select((
            contributions::id,
            contributions::kind,
            contributions::stance,
            contributions::title,
            contributions::body,
            contributions::status,
            contributions::moderation,
            contributions::created_at,
            bills::slug,
            bills::title,
            contributions::article_id,
        ))
        .load(conn)?;
    let more = lines.len() as i64 > limit;
    lines.truncate(limit as usize);
    let ids: Vec<i64> = lines.iter().filter_map(|l| l.10).collect();
    let labels: std::collections::HashMap<i64, String> = if ids.is_empty() {
        Default::default()
    } else {
        articles::table
            .filter(articles::id.eq_any(&ids))
            .select((articles::id, articles::label))
            .load::<(i64, String)>(conn)?
            .into_iter()
            .collect()
    };
    let items = lines
        .into_iter()
        .map(|l| MyContribution {
            id: l.0,
            kind: l.1,
            stance: l.2,
            title: l.3,
            body: l.4,
            status: l.5,
            moderation: l.6,
            created_at: l.7,
            bill_slug: l.8,
            bill_title: l.9,
            article_id: l.10,
            article_label: l.10.and_then(|id| labels.get(&id).cloned()),
        })
        .collect();
    Ok((items, more))
}

type FollowLine = (
    i64,
    String,
    String,
    BillStatus,
    Option<NaiveDateTime>,
    Option<NaiveDateTime>,
    NaiveDateTime,
);

pub struct MyFollow {
    pub bill_id: i64,
    pub slug: String,
    pub title: String,
    pub status: BillStatus,
    pub opens_at: Option<NaiveDateTime>,
    pub closes_at: Option<NaiveDateTime>,
    pub followed_at: NaiveDateTime,
}

/// Up to `limit` of the bills the person follows with an id below
/// `before`, and whether more follow (never a draft: only a bill the
/// public can read is followed).
pub fn follows_of(
    conn: &mut DbConnection,
    user_id: i64,
    before: Option<i64>,
    limit: i64,
) -> Result<(Vec<MyFollow>, bool), StoreError> {
    let mut query = follows::table
        .inner_join(bills::table)
        .filter(follows::user_id.eq(user_id))
        .filter(bills::status.ne(BillStatus::Draft))
        .into_boxed();
    if let Some(before) = before {
        query = query.filter(bills::id.lt(before));
    }
    let mut rows: Vec<FollowLine> = query
        .order(bills::id.desc())
        .limit(limit + 1)
        .select((
            bills::id,
            bills::slug,
            bills::title,
            bills::status,
            bills::opens_at,
            bills::closes_at,
            follows::created_at,
        ))
        .load(conn)?;
    let more = rows.len() as i64 > limit;
    rows.truncate(limit as usize);
    Ok((
        rows.into_iter()
            .map(|r| MyFollow {
                bill_id: r.0,
                slug: r.1,
                title: r.2,
                status: r.3,
                opens_at: r.4,
                closes_at: r.5,
                followed_at: r.6,
            })
            .collect(),
        more,
    ))
}
