//! Themes, synthesis notes, decisions and final wordings.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::schema::{
    contribution_themes, contributions, decisions, final_wordings, synthesis_notes, themes,
};
use super::{DbConnection, StoreError};
use crate::domain::contribution::ContributionState;
use crate::domain::decision::Decision;
use crate::domain::moderation::State;

#[derive(Queryable, Selectable, Debug, Clone)]
#[diesel(table_name = themes)]
pub struct ThemeRow {
    pub id: i64,
    pub bill_id: i64,
    pub article_id: Option<i64>,
    pub title: String,
    pub created_by: i64,
    pub created_at: NaiveDateTime,
}

pub fn insert_theme(
    conn: &mut DbConnection,
    bill_id: i64,
    article_id: Option<i64>,
    title: &str,
    author_id: i64,
    now: NaiveDateTime,
) -> Result<i64, StoreError> {
    Ok(diesel::insert_into(themes::table)
        .values((
            themes::bill_id.eq(bill_id),
            themes::article_id.eq(article_id),
            themes::title.eq(title),
            themes::created_by.eq(author_id),
            themes::created_at.eq(now),
        ))
        .returning(themes::id)
        .get_result(conn)?)
}

pub fn find_theme(conn: &mut DbConnection, id: i64) -> Result<ThemeRow, StoreError> {
    Ok(themes::table
        .find(id)
        .select(ThemeRow::as_select())
        .first(conn)?)
}

pub fn themes_of_bill(conn: &mut DbConnection, bill_id: i64) -> Result<Vec<ThemeRow>, StoreError> {
    Ok(themes::table
        .filter(themes::bill_id.eq(bill_id))
        .select(ThemeRow::as_select())
        .order(themes::id.asc())
        .limit(10_000)
        .load(conn)?)
}

/// Sets the themes of a contribution (replacing any before).
pub fn set_themes(
    conn: &mut DbConnection,
    contribution_id: i64,
    theme_ids: &[i64],
) -> Result<(), StoreError> {
    diesel::delete(
        contribution_themes::table.filter(contribution_themes::contribution_id.eq(contribution_id)),
    )
    .execute(conn)?;
    for theme_id in theme_ids {
        diesel::insert_into(contribution_themes::table)
            .values((
                contribution_themes::contribution_id.eq(contribution_id),
                contribution_themes::theme_id.eq(theme_id),
            ))
            .execute(conn)?;
    }
    Ok(())
}

/// (contribution, theme) pairs of a bill.
pub fn assignments(conn: &mut DbConnection, bill_id: i64) -> Result<Vec<(i64, i64)>, StoreError> {
    Ok(contribution_themes::table
        .inner_join(themes::table)
        .filter(themes::bill_id.eq(bill_id))
        .select((
            contribution_themes::contribution_id,
            contribution_themes::theme_id,
        ))
        .load(conn)?)
}

pub fn themes_of(conn: &mut DbConnection, contribution_id: i64) -> Result<Vec<i64>, StoreError> {
    Ok(contribution_themes::table
        .filter(contribution_themes::contribution_id.eq(contribution_id))
        .select(contribution_themes::theme_id)
        .load(conn)?)
}

/// (theme, kind, stance, count).
pub type ThemeCount = (i64, String, Option<String>, i64);

/// Counts per theme by kind and stance.
pub fn theme_counts(conn: &mut DbConnection, bill_id: i64) -> Result<Vec<ThemeCount>, StoreError> {
    use diesel::dsl::count_star;
    Ok(contribution_themes::table
        .inner_join(themes::table)
        .inner_join(contributions::table)
        .filter(themes::bill_id.eq(bill_id))
        .filter(contributions::status.eq(ContributionState::Published))
        .filter(
            contributions::moderation
                .is_null()
                .or(contributions::moderation.ne(State::Hidden)),
        )
        .group_by((
            contribution_themes::theme_id,
            contributions::kind,
            contributions::stance,
        ))
        .select((
            contribution_themes::theme_id,
            contributions::kind,
            contributions::stance,
            count_star(),
        ))
        .load(conn)?)
}

// Notes.

pub fn set_note(
    conn: &mut DbConnection,
    article_id: i64,
    bill_id: i64,
    body: &str,
    author_id: i64,
    now: NaiveDateTime,
) -> Result<(), StoreError> {
    let n = diesel::update(synthesis_notes::table.find(article_id))
        .set((
            synthesis_notes::body.eq(body),
            synthesis_notes::author_id.eq(author_id),
            synthesis_notes::updated_at.eq(now),
        ))
        .execute(conn)?;
    if n == 0 {
        diesel::insert_into(synthesis_notes::table)
            .values((
                synthesis_notes::article_id.eq(article_id),
                synthesis_notes::bill_id.eq(bill_id),
                synthesis_notes::body.eq(body),
                synthesis_notes::author_id.eq(author_id),
                synthesis_notes::updated_at.eq(now),
            ))
            .execute(conn)?;
    }
    Ok(())
}

/// (article, note) of a bill.
pub fn notes(conn: &mut DbConnection, bill_id: i64) -> Result<Vec<(i64, String)>, StoreError> {
    Ok(synthesis_notes::table
        .filter(synthesis_notes::bill_id.eq(bill_id))
        .select((synthesis_notes::article_id, synthesis_notes::body))
        .load(conn)?)
}

// Decisions.

#[derive(Queryable, Selectable, Debug, Clone)]
#[diesel(table_name = decisions)]
pub struct DecisionRow {
    pub contribution_id: i64,
    pub bill_id: i64,
    pub decision: Decision,
    pub justification: Option<String>,
    pub wording: Option<String>,
    pub decided_by: i64,
    pub decided_at: NaiveDateTime,
}

pub fn set_decision(conn: &mut DbConnection, row: &DecisionRow) -> Result<(), StoreError> {
    diesel::delete(decisions::table.find(row.contribution_id)).execute(conn)?;
    diesel::insert_into(decisions::table)
        .values((
            decisions::contribution_id.eq(row.contribution_id),
            decisions::bill_id.eq(row.bill_id),
            decisions::decision.eq(&row.decision),
            decisions::justification.eq(&row.justification),
            decisions::wording.eq(&row.wording),
            decisions::decided_by.eq(row.decided_by),
            decisions::decided_at.eq(row.decided_at),
        ))
        .execute(conn)?;
    Ok(())
}

pub fn decisions_of_bill(
    conn: &mut DbConnection,
    bill_id: i64,
) -> Result<Vec<DecisionRow>, StoreError> {
    Ok(decisions::table
        .filter(decisions::bill_id.eq(bill_id))
        .select(DecisionRow::as_select())
        .order(decisions::contribution_id.asc())
        .load(conn)?)
}

/// One page of a bill's decisions after `after` (for streaming exports).
pub fn decisions_page(
    conn: &mut DbConnection,
    bill_id: i64,
    after: i64,
    limit: i64,
) -> Result<Vec<DecisionRow>, StoreError> {
    Ok(decisions::table
        .filter(decisions::bill_id.eq(bill_id))
        .filter(decisions::contribution_id.gt(after))
        .select(DecisionRow::as_select())
        .order(decisions::contribution_id.asc())
        .limit(limit)
        .load(conn)?)
}

// Final wordings.

pub fn set_wording(
    conn: &mut DbConnection,
    article_id: i64,
    bill_id: i64,
    body: &str,
    author_id: i64,
    now: NaiveDateTime,
) -> Result<(), StoreError> {
    diesel::delete(final_wordings::table.find(article_id)).execute(conn)?;
    diesel::insert_into(final_wordings::table)
        .values((
            final_wordings::article_id.eq(article_id),
            final_wordings::bill_id.eq(bill_id),
            final_wordings::body.eq(body),
            final_wordings::author_id.eq(author_id),
            final_wordings::updated_at.eq(now),
        ))
        .execute(conn)?;
    Ok(())
}

/// (article, wording) of a bill.
pub fn wordings(conn: &mut DbConnection, bill_id: i64) -> Result<Vec<(i64, String)>, StoreError> {
    Ok(final_wordings::table
        .filter(final_wordings::bill_id.eq(bill_id))
        .select((final_wordings::article_id, final_wordings::body))
        .load(conn)?)
}

// What the report counts.

#[derive(QueryableByName)]
struct KeyCount {
    #[diesel(sql_type = diesel::sql_types::Text)]
    key: String,
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    count: i64,
}

fn key_counts(conn: &mut DbConnection, sql: String) -> Result<Vec<(String, i64)>, StoreError> {
    let rows: Vec<KeyCount> = diesel::sql_query(sql).load(conn)?;
    Ok(rows.into_iter().map(|r| (r.key, r.count)).collect())
}

/// Participants by contributor category, verified categories only (the
/// others under `unverified`).
pub fn participants_by_category(
    conn: &mut DbConnection,
    bill_id: i64,
) -> Result<Vec<(String, i64)>, StoreError> {
    key_counts(
        conn,
        format!(
            // A category nobody verified is counted as such, not as the
            // category it claims.
            "SELECT CASE WHEN u.category = 'citizen' OR u.category_verified \
             THEN u.category ELSE 'unverified' END AS key, COUNT(*) AS count \
             FROM bill_participants p JOIN users u ON u.id = p.user_id \
             WHERE p.bill_id = {bill_id} GROUP BY 1 ORDER BY 1"
        ),
    )
}

/// Contributions standing (published, not hidden) by kind.
pub fn contributions_by_kind(
    conn: &mut DbConnection,
    bill_id: i64,
) -> Result<Vec<(String, i64)>, StoreError> {
    key_counts(
        conn,
        format!(
            "SELECT kind AS key, COUNT(*) AS count FROM contributions \
             WHERE bill_id = {bill_id} AND status = 'published' \
               AND (moderation IS NULL OR moderation <> 'hidden') \
             GROUP BY kind ORDER BY kind"
        ),
    )
}

/// Per day (UTC): contributions written and votes last cast.
pub fn activity_by_day(
    conn: &mut DbConnection,
    bill_id: i64,
) -> Result<Vec<(String, i64, i64)>, StoreError> {
    // The first ten characters of a timestamp as text are its day on both
    // databases.
    let day = |col: &str| format!("SUBSTR(CAST({col} AS TEXT), 1, 10)");
    let contributions = key_counts(
        conn,
        format!(
            "SELECT {d} AS key, COUNT(*) AS count FROM contributions \
             WHERE bill_id = {bill_id} GROUP BY {d} ORDER BY {d}",
            d = day("created_at")
        ),
    )?;
    let votes = key_counts(
        conn,
        format!(
            "SELECT {d} AS key, COUNT(*) AS count FROM votes \
             WHERE bill_id = {bill_id} GROUP BY {d} ORDER BY {d}",
            d = day("created_at")
        ),
    )?;
    let mut days: std::collections::BTreeMap<String, (i64, i64)> = Default::default();
    for (d, n) in contributions {
        days.entry(d).or_default().0 = n;
    }
    for (d, n) in votes {
        days.entry(d).or_default().1 = n;
    }
    Ok(days.into_iter().map(|(d, (c, v))| (d, c, v)).collect())
}

/// The most supported contributions of a theme, moderated ones left out.
pub fn theme_quotes(
    conn: &mut DbConnection,
    theme_id: i64,
    limit: i64,
) -> Result<Vec<super::contributions::Listed>, StoreError> {
    let ids: Vec<i64> = contribution_themes::table
        .inner_join(contributions::table)
        .filter(contribution_themes::theme_id.eq(theme_id))
        .filter(contributions::status.eq(ContributionState::Published))
        .filter(contributions::moderation.is_null())
        .order((contributions::support_score.desc(), contributions::id.asc()))
        .select(contributions::id)
        .limit(limit)
        .load(conn)?;
    ids.into_iter()
        .map(|id| super::contributions::find_listed(conn, id))
        .collect()
}

/// Moderation acts on the bill's contributions by action and reason.
pub fn moderation_summary(
    conn: &mut DbConnection,
    bill_id: i64,
) -> Result<Vec<(String, Option<String>, i64)>, StoreError> {
    use super::schema::audit_log;
    use diesel::dsl::count_star;
    Ok(audit_log::table
        .filter(audit_log::bill_id.eq(bill_id))
        .filter(audit_log::target_kind.eq("contribution"))
        .filter(audit_log::action.ne("contribution.contest"))
        .group_by((audit_log::action, audit_log::reason))
        .select((audit_log::action, audit_log::reason, count_star()))
        .order((audit_log::action.asc(), audit_log::reason.asc()))
        .load(conn)?)
}
