//! Loading many rows at once (the demo's real contributions, the load
//! generator): batched inserts per backend, then the counters recounted
//! from the rows, so they always equal a recount.

use crate::domain::contribution::{ContributionKind, Stance};
use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::schema::{api_tokens, contributions, users, votes};
use super::{DbConnection, StoreError};

const CHUNK: usize = 1_000;

#[derive(Insertable, Clone)]
#[diesel(table_name = users)]
pub struct UserLoad {
    pub email: String,
    pub display_name: String,
    /// `analysis::personal_data::name_key` of the display name.
    pub name_key: Option<String>,
    /// Empty: the account cannot sign in with a password.
    pub password_hash: String,
    pub role: String,
    pub category: String,
    pub locale: String,
    pub email_confirmed_at: Option<NaiveDateTime>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

#[derive(Insertable, Clone)]
#[diesel(table_name = contributions)]
pub struct ContributionLoad {
    pub bill_id: i64,
    pub article_id: Option<i64>,
    pub parent_id: Option<i64>,
    pub kind: ContributionKind,
    pub stance: Option<Stance>,
    pub title: Option<String>,
    pub body: String,
    pub proposed_text: Option<String>,
    pub url: Option<String>,
    pub article_version: Option<i32>,
    pub author_id: i64,
    pub random_key: i64,
    pub search_terms: String,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

#[derive(Insertable, Clone)]
#[diesel(table_name = votes)]
pub struct VoteLoad {
    pub user_id: i64,
    pub target_kind: String,
    pub target_id: i64,
    pub bill_id: i64,
    pub value: String,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

#[derive(Insertable, Clone)]
#[diesel(table_name = api_tokens)]
pub struct TokenLoad {
    pub user_id: i64,
    pub label: String,
    pub token_hash: String,
    pub created_at: NaiveDateTime,
    pub scope: crate::domain::api_token::TokenScope,
}

macro_rules! insert_chunks {
    ($conn:expr, $table:expr, $rows:expr) => {{
        for chunk in $rows.chunks(CHUNK) {
            match $conn {
                // Row by row: diesel runs a SQLite batch with optional
                // columns in a transaction of its own, which cannot nest in
                // ours; one prepared statement in one transaction is fast.
                DbConnection::Sqlite(c) => {
                    for row in chunk {
                        diesel::insert_into($table).values(row).execute(c)?;
                    }
                }
                DbConnection::Postgresql(c) => {
                    diesel::insert_into($table).values(chunk).execute(c)?;
                }
            }
        }
        Ok::<(), StoreError>(())
    }};
}

/// Inserts accounts; returns their ids in order.
pub fn users(conn: &mut DbConnection, rows: &[UserLoad]) -> Result<Vec<i64>, StoreError> {
    let before: i64 = users::table
        .select(diesel::dsl::max(users::id))
        .first::<Option<i64>>(conn)?
        .unwrap_or(0);
    insert_chunks!(conn, users::table, rows)?;
    Ok(users::table
        .filter(users::id.gt(before))
        .select(users::id)
        .order(users::id.asc())
        .load(conn)?)
}

/// Inserts contributions; returns their ids in order.
pub fn contributions(
    conn: &mut DbConnection,
    rows: &[ContributionLoad],
) -> Result<Vec<i64>, StoreError> {
    let before: i64 = contributions::table
        .select(diesel::dsl::max(contributions::id))
        .first::<Option<i64>>(conn)?
        .unwrap_or(0);
    insert_chunks!(conn, contributions::table, rows)?;
    // Each contribution has its moderation case from the start.
    diesel::sql_query(format!(
        "INSERT INTO moderation_cases (contribution_id, bill_id) \
         SELECT id, bill_id FROM contributions WHERE id > {before}"
    ))
    .execute(conn)?;
    Ok(contributions::table
        .filter(contributions::id.gt(before))
        .select(contributions::id)
        .order(contributions::id.asc())
        .load(conn)?)
}

pub fn votes(conn: &mut DbConnection, rows: &[VoteLoad]) -> Result<(), StoreError> {
    insert_chunks!(conn, votes::table, rows)
}

pub fn tokens(conn: &mut DbConnection, rows: &[TokenLoad]) -> Result<(), StoreError> {
    insert_chunks!(conn, api_tokens::table, rows)
}

/// Sets every counter of the bill from its rows: tallies, per-kind counts,
/// sort scores, participation figures. Plain SQL both databases read alike.
/// Participants are everyone who ever contributed or voted (a removed vote
/// still took part), so the list is only ever added to.
pub fn recount(conn: &mut DbConnection, bill_id: i64) -> Result<(), StoreError> {
    use diesel::connection::SimpleConnection;
    let b = bill_id;
    let sql = format!(
        "UPDATE articles SET
           votes_agree = (SELECT COUNT(*) FROM votes v WHERE v.target_kind = 'article' AND v.target_id = articles.id AND v.value = 'agree'),
           votes_mixed = (SELECT COUNT(*) FROM votes v WHERE v.target_kind = 'article' AND v.target_id = articles.id AND v.value = 'mixed'),
           votes_disagree = (SELECT COUNT(*) FROM votes v WHERE v.target_kind = 'article' AND v.target_id = articles.id AND v.value = 'disagree'),
           arguments_count = (SELECT COUNT(*) FROM contributions c WHERE c.article_id = articles.id AND c.parent_id IS NULL AND c.kind = 'argument' AND c.status = 'published'),
           amendments_count = (SELECT COUNT(*) FROM contributions c WHERE c.article_id = articles.id AND c.parent_id IS NULL AND c.kind = 'amendment' AND c.status = 'published'),
           sources_count = (SELECT COUNT(*) FROM contributions c WHERE c.article_id = articles.id AND c.parent_id IS NULL AND c.kind = 'source' AND c.status = 'published')
         WHERE bill_id = {b};
         UPDATE contributions SET
           votes_agree = (SELECT COUNT(*) FROM votes v WHERE v.target_kind = 'contribution' AND v.target_id = contributions.id AND v.value = 'agree'),
           votes_mixed = (SELECT COUNT(*) FROM votes v WHERE v.target_kind = 'contribution' AND v.target_id = contributions.id AND v.value = 'mixed'),
           votes_disagree = (SELECT COUNT(*) FROM votes v WHERE v.target_kind = 'contribution' AND v.target_id = contributions.id AND v.value = 'disagree'),
           votes_support = (SELECT COUNT(*) FROM votes v WHERE v.target_kind = 'contribution' AND v.target_id = contributions.id AND v.value = 'support'),
           arguments_count = (SELECT COUNT(*) FROM contributions r WHERE r.parent_id = contributions.id AND r.kind = 'argument' AND r.status = 'published'),
           sources_count = (SELECT COUNT(*) FROM contributions r WHERE r.parent_id = contributions.id AND r.kind = 'source' AND r.status = 'published')
         WHERE bill_id = {b};
         UPDATE contributions SET
           support_score = votes_support + votes_agree - votes_disagree,
           controversy_score = 2 * (CASE WHEN votes_agree < votes_disagree THEN votes_agree ELSE votes_disagree END) + votes_mixed
         WHERE bill_id = {b};
         INSERT INTO bill_participants (bill_id, user_id)
           SELECT {b}, author_id FROM contributions WHERE bill_id = {b}
           UNION SELECT {b}, user_id FROM votes WHERE bill_id = {b}
           EXCEPT SELECT bill_id, user_id FROM bill_participants WHERE bill_id = {b};
         UPDATE bills SET
           contributions_count = (SELECT COUNT(*) FROM contributions WHERE bill_id = {b} AND status = 'published'),
           proposals_count = (SELECT COUNT(*) FROM contributions WHERE bill_id = {b} AND kind = 'proposal' AND status = 'published'),
           votes_count = (SELECT COUNT(*) FROM votes WHERE bill_id = {b}),
           participants_count = (SELECT COUNT(*) FROM bill_participants WHERE bill_id = {b})
         WHERE id = {b};"
    );
    conn.batch_execute(&sql)?;
    Ok(())
}

/// Adds the contributions to the SQLite search table (PostgreSQL indexes
/// the column itself).
pub fn index_contributions(conn: &mut DbConnection, bill_id: i64) -> Result<(), StoreError> {
    use diesel::connection::SimpleConnection;
    if let DbConnection::Sqlite(c) = conn {
        c.batch_execute(&format!(
            "DELETE FROM search_index WHERE item_kind = 'contribution' AND bill_id = {bill_id};
             INSERT INTO search_index (rowid, terms, bill_id, item_kind, item_id)
               SELECT id * 2 + 1, search_terms, bill_id, 'contribution', id FROM contributions
               WHERE bill_id = {bill_id} AND status = 'published';"
        ))?;
    }
    Ok(())
}
