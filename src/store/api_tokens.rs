//! Personal API tokens for scripts. Only their SHA-256 is stored.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::schema::{api_tokens, users};
use super::users::UserRow;
use super::{DbConnection, StoreError, write_tx};
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
        .get_result(conn)?)
}

/// The owner of a token and what the token may do, if the token exists
/// (one read); records its use.
pub fn owner_of(
    conn: &mut DbConnection,
    token_hash: &str,
    now: NaiveDateTime,
) -> Result<Option<(UserRow, TokenScope)>, StoreError> {
    let owner: Option<(i64, UserRow, TokenScope, Option<NaiveDateTime>)> = api_tokens::table
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
    // At most one write per token every five minutes, and none otherwise:
    // on SQLite even an update that matches no row takes the database's
    // write lock, and every request carrying the token would queue on it.
    let stale = now - chrono::TimeDelta::minutes(5);
    if let Some((id, _, _, last_used)) = owner
        && last_used.is_none_or(|at| at < stale)
    {
        // A write transaction of its own: on SQLite it queues with this
        // process's other writers instead of polling for the lock.
        write_tx(conn, |conn| {
            diesel::update(api_tokens::table.find(id))
                .filter(
                    api_tokens::last_used_at
                        .is_null()
                        .or(api_tokens::last_used_at.lt(stale)),
                )
                .set(api_tokens::last_used_at.eq(now))
                .execute(conn)
                .map_err(StoreError::from)
        })?;
    }
    Ok(owner.map(|(_, user, scope, _)| (user, scope)))
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
