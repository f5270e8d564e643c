//! Votes and the tallies they keep, changed in one transaction so that the
//! counters always equal a recount.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::kept::KeepPrepared;
use super::schema::{articles, bills, contributions, votes};
use super::{DbConnection, StoreError};
use crate::domain::contribution::{ContributionState, Tally, VoteValue};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Target {
    Article(i64),
    Contribution(i64),
}

impl Target {
    fn kind(self) -> &'static str {
        match self {
            Target::Article(_) => "article",
            Target::Contribution(_) => "contribution",
        }
    }

    fn id(self) -> i64 {
        match self {
            Target::Article(id) | Target::Contribution(id) => id,
        }
    }
}

pub fn current(
    conn: &mut DbConnection,
    user_id: i64,
    target: Target,
) -> Result<Option<VoteValue>, StoreError> {
    Ok(votes::table
        .filter(votes::user_id.eq(user_id))
        .filter(votes::target_kind.eq(target.kind()))
        .filter(votes::target_id.eq(target.id()))
        .select(votes::value)
        .first(conn)
        .optional()?)
}

/// The viewer's votes on many items at once (no query per item).
pub fn mine(
    conn: &mut DbConnection,
    user_id: i64,
    kind: &str,
    ids: &[i64],
) -> Result<Vec<(i64, VoteValue)>, StoreError> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    Ok(votes::table
        .filter(votes::user_id.eq(user_id))
        .filter(votes::target_kind.eq(kind))
        .filter(votes::target_id.eq_any(ids))
        .select((votes::target_id, votes::value))
        .load(conn)?)
}

/// A viewer's vote on an article (if any), and on those of the items
/// asked for that they voted on.
pub type ArticlePageVotes = (Option<VoteValue>, Vec<(i64, VoteValue)>);

/// The viewer's vote on an article and their votes on items of its page,
/// in one read.
pub fn on_article_page(
    conn: &mut DbConnection,
    user_id: i64,
    article_id: i64,
    items: &[i64],
) -> Result<ArticlePageVotes, StoreError> {
    let article = Target::Article(article_id);
    let rows: Vec<(String, i64, VoteValue)> = votes::table
        .filter(votes::user_id.eq(user_id))
        .filter(
            votes::target_kind
                .eq(article.kind())
                .and(votes::target_id.eq(article_id))
                .or(votes::target_kind
                    .eq("contribution")
                    .and(votes::target_id.eq_any(items))),
        )
        .select((votes::target_kind, votes::target_id, votes::value))
        .load(conn)?;
    let mut on_article = None;
    let mut on_items = Vec::with_capacity(rows.len());
    for (kind, id, value) in rows {
        if kind == article.kind() {
            on_article = Some(value);
        } else {
            on_items.push((id, value));
        }
    }
    Ok((on_article, on_items))
}

pub fn tally(conn: &mut DbConnection, target: Target) -> Result<Tally, StoreError> {
    let (agree, mixed, disagree, support) = match target {
        Target::Article(id) => articles::table
            .find(id)
            .select((
                articles::votes_agree,
                articles::votes_mixed,
                articles::votes_disagree,
                0.into_sql::<diesel::sql_types::Integer>(),
            ))
            .first::<(i32, i32, i32, i32)>(conn)?,
        Target::Contribution(id) => contributions::table
            .find(id)
            .select((
                contributions::votes_agree,
                contributions::votes_mixed,
                contributions::votes_disagree,
                contributions::votes_support,
            ))
            .first::<(i32, i32, i32, i32)>(conn)?,
    };
    Ok(Tally {
        agree,
        mixed,
        disagree,
        support,
    })
}

/// Takes the target's row lock (a no-op update) so that concurrent votes on
/// one item queue behind each other on PostgreSQL; SQLite's IMMEDIATE
/// transactions already do.
fn lock(conn: &mut DbConnection, target: Target, casting: bool) -> Result<(), StoreError> {
    let n = match target {
        Target::Article(id) => diesel::update(articles::table.find(id))
            .set(articles::votes_agree.eq(articles::votes_agree))
            .kept()
            .execute(conn)?,
        // A vote is cast only on a published contribution, checked under
        // the lock (a concurrent withdrawal wins or loses as a whole).
        Target::Contribution(id) if casting => diesel::update(contributions::table.find(id))
            .filter(contributions::status.eq(ContributionState::Published))
            .set(contributions::votes_agree.eq(contributions::votes_agree))
            .kept()
            .execute(conn)?,
        Target::Contribution(id) => diesel::update(contributions::table.find(id))
            .set(contributions::votes_agree.eq(contributions::votes_agree))
            .kept()
            .execute(conn)?,
    };
    super::locked(n)
}

fn apply(conn: &mut DbConnection, target: Target, d: Tally) -> Result<Tally, StoreError> {
    match target {
        Target::Article(id) => {
            diesel::update(articles::table.find(id))
                .set((
                    articles::votes_agree.eq(articles::votes_agree + d.agree),
                    articles::votes_mixed.eq(articles::votes_mixed + d.mixed),
                    articles::votes_disagree.eq(articles::votes_disagree + d.disagree),
                ))
                .kept()
                .execute(conn)?;
        }
        Target::Contribution(id) => {
            diesel::update(contributions::table.find(id))
                .set((
                    contributions::votes_agree.eq(contributions::votes_agree + d.agree),
                    contributions::votes_mixed.eq(contributions::votes_mixed + d.mixed),
                    contributions::votes_disagree.eq(contributions::votes_disagree + d.disagree),
                    contributions::votes_support.eq(contributions::votes_support + d.support),
                ))
                .kept()
                .execute(conn)?;
            let now = tally(conn, target)?;
            diesel::update(contributions::table.find(id))
                .set((
                    contributions::support_score.eq(now.support_score()),
                    contributions::controversy_score.eq(now.controversy_score()),
                ))
                .kept()
                .execute(conn)?;
        }
    }
    tally(conn, target)
}

/// Casts, changes (`Some`) or removes (`None`) `user_id`'s vote; returns the
/// new tally. Call inside a write transaction.
pub fn set(
    conn: &mut DbConnection,
    user_id: i64,
    bill_id: i64,
    target: Target,
    value: Option<VoteValue>,
    now: NaiveDateTime,
    lock_target: bool,
) -> Result<Tally, StoreError> {
    if lock_target {
        lock(conn, target, value.is_some())?;
    }
    let old = current(conn, user_id, target)?;
    if old == value {
        return tally(conn, target);
    }
    let key = votes::table
        .filter(votes::user_id.eq(user_id))
        .filter(votes::target_kind.eq(target.kind()))
        .filter(votes::target_id.eq(target.id()));
    match (old, value) {
        (None, Some(v)) => {
            diesel::insert_into(votes::table)
                .values((
                    votes::user_id.eq(user_id),
                    votes::target_kind.eq(target.kind()),
                    votes::target_id.eq(target.id()),
                    votes::bill_id.eq(bill_id),
                    votes::value.eq(v),
                    votes::created_at.eq(now),
                    votes::updated_at.eq(now),
                ))
                .kept()
                .execute(conn)?;
        }
        (Some(_), Some(v)) => {
            diesel::update(key)
                .set((votes::value.eq(v), votes::updated_at.eq(now)))
                .kept()
                .execute(conn)?;
        }
        (Some(_), None) => {
            diesel::delete(key).execute(conn)?;
        }
        (None, None) => {}
    }
    let count_delta = i32::from(value.is_some()) - i32::from(old.is_some());
    if count_delta != 0 {
        diesel::update(bills::table.find(bill_id))
            .set(bills::votes_count.eq(bills::votes_count + count_delta))
            .kept()
            .execute(conn)?;
    }
    apply(conn, target, Tally::delta(old, value))
}

/// Counts the votes rows of a target from scratch (to check counters).
pub fn recount(conn: &mut DbConnection, target: Target) -> Result<Tally, StoreError> {
    let rows: Vec<String> = votes::table
        .filter(votes::target_kind.eq(target.kind()))
        .filter(votes::target_id.eq(target.id()))
        .select(votes::value)
        .load(conn)?;
    let mut t = Tally::default();
    for v in rows.iter().filter_map(|v| v.parse::<VoteValue>().ok()) {
        let d = Tally::delta(None, Some(v));
        t.agree += d.agree;
        t.mixed += d.mixed;
        t.disagree += d.disagree;
        t.support += d.support;
    }
    Ok(t)
}

/// A vote as open data shows it: (voter, target kind, target id, value, at).
pub type ExportVote = (i64, String, i64, String, chrono::NaiveDateTime);

/// One page of a bill's votes after the key `after` (voter, kind, id).
pub fn export_page(
    conn: &mut DbConnection,
    bill_id: i64,
    after: Option<(i64, String, i64)>,
    limit: i64,
) -> Result<Vec<ExportVote>, StoreError> {
    use diesel::dsl::sql;
    use diesel::sql_types::Bool;
    let mut q = votes::table
        .filter(votes::bill_id.eq(bill_id))
        .select((
            votes::user_id,
            votes::target_kind,
            votes::target_id,
            votes::value,
            votes::updated_at,
        ))
        .order((
            votes::bill_id.asc(),
            votes::user_id.asc(),
            votes::target_kind.asc(),
            votes::target_id.asc(),
        ))
        .limit(limit)
        .into_boxed();
    if let Some((user, kind, id)) = after {
        // Kinds are "article" or "contribution": safe to inline.
        let kind = if kind == "article" {
            "article"
        } else {
            "contribution"
        };
        // A row-value comparison: both databases seek the index to it.
        q = q.filter(sql::<Bool>(&format!(
            "(votes.user_id, votes.target_kind, votes.target_id) > ({user}, '{kind}', {id})"
        )));
    }
    Ok(q.load(conn)?)
}
