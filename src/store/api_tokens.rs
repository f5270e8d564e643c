//! Personal API tokens for scripts. Only their SHA-256 is stored.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::kept::KeepPrepared;
use super::schema::{api_tokens, users};
use super::users::UserRow;
use super::{DbConnection, StoreError};
use crate::domain::api_token::TokenScope;

#[derive(Queryable, Selectable, Debug, Clone)]
#[diesel(table_name = api_tokens)]
pub struct ApiTokenRow {
    pub id: i64,
    pub user_id: i64,
    pub label: String,
    pub created_at: NaiveDateTime,
    pub last_used_at: Option<NaiveDateTime>,
    pub scope: TokenScope,
}

#[derive(Insertable)]
#[diesel(table_name = api_tokens)]
pub struct NewApiToken<'a> {
    pub user_id: i64,
    pub label: &'a str,
    pub token_hash: &'a str,
    pub created_at: NaiveDateTime,
    pub scope: TokenScope,
}

pub fn insert(conn: &mut DbConnection, new: &NewApiToken) -> Result<i64, StoreError> {
    Ok(diesel::insert_into(api_tokens::table)
        .values(new)
        .returning(api_tokens::id)
        .kept()
        .get_result(conn)?)
}

/// A token found, with its owner.
pub struct Owner {
    pub token_id: i64,
    pub user: UserRow,
    pub scope: TokenScope,
    /// Its last use was recorded over [`USE_RECORDED_EVERY`] ago (or never):
    /// this one is to be recorded ([`record_use`]).
    pub use_to_record: bool,
}

/// How often a token's use is written down: at most one write per token
/// in this time, and none on the other requests. On SQLite every write
/// takes the database's lock, and every request carrying the token would
/// queue on it.
pub const USE_RECORDED_EVERY: chrono::TimeDelta = chrono::TimeDelta::minutes(5);

/// The token and its owner, if the token exists (one read, no write).
pub fn owner_of(
    conn: &mut DbConnection,
    token_hash: &str,
    now: NaiveDateTime,
) -> Result<Option<Owner>, StoreError> {
    let found: Option<(i64, UserRow, TokenScope, Option<NaiveDateTime>)> = api_tokens::table
        .inner_join(users::table)
        .filter(api_tokens::token_hash.eq(token_hash))
        .select((
            api_tokens::id,
            UserRow::as_select(),
            api_tokens::scope,
            api_tokens::last_used_at,
        ))
        .first(conn)
        .optional()?;
    Ok(found.map(|(token_id, user, scope, last_used)| Owner {
        token_id,
        user,
        scope,
        use_to_record: last_used.is_none_or(|at| at < now - USE_RECORDED_EVERY),
    }))
}

/// Records a token's use at `now`, unless another request just did.
pub fn record_use(conn: &mut DbConnection, id: i64, now: NaiveDateTime) -> Result<(), StoreError> {
    let stale = now - USE_RECORDED_EVERY;
    diesel::update(api_tokens::table.find(id))
        .filter(
            api_tokens::last_used_at
                .is_null()
                .or(api_tokens::last_used_at.lt(stale)),
        )
        .set(api_tokens::last_used_at.eq(now))
        .kept()
        .execute(conn)?;
    Ok(())
}

pub fn list_for_user(
    conn: &mut DbConnection,
    user_id: i64,
) -> Result<Vec<ApiTokenRow>, StoreError> {
    Ok(api_tokens::table
        .filter(api_tokens::user_id.eq(user_id))
        .select(ApiTokenRow::as_select())
        .order(api_tokens::id.asc())
        .limit(200)
        .load(conn)?)
}

/// Deletes one of the user's tokens; NotFound if it is not theirs.
pub fn delete(conn: &mut DbConnection, user_id: i64, id: i64) -> Result<(), StoreError> {
    let n = diesel::delete(
        api_tokens::table
            .filter(api_tokens::id.eq(id))
            .filter(api_tokens::user_id.eq(user_id)),
    )
    .execute(conn)?;
    if n == 0 {
        Err(StoreError::NotFound)
    } else {
        Ok(())
    }
}

pub fn delete_for_user(conn: &mut DbConnection, user_id: i64) -> Result<(), StoreError> {
    diesel::delete(api_tokens::table.filter(api_tokens::user_id.eq(user_id))).execute(conn)?;
    Ok(())
}
