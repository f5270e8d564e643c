//! Single-use tokens sent by email (confirmation, password reset). Only
//! their SHA-256 is stored.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::schema::email_tokens;
use super::{DbConnection, StoreError};

pub const CONFIRM_EMAIL: &str = "confirm_email";
pub const RESET_PASSWORD: &str = "reset_password";

#[derive(Insertable)]
#[diesel(table_name = email_tokens)]
pub struct NewEmailToken<'a> {
    pub user_id: i64,
    pub purpose: &'a str,
    pub token_hash: &'a str,
    pub created_at: NaiveDateTime,
    pub expires_at: NaiveDateTime,
}

pub fn insert(conn: &mut DbConnection, new: &NewEmailToken) -> Result<(), StoreError> {
    diesel::insert_into(email_tokens::table)
        .values(new)
        .execute(conn)?;
    Ok(())
}

#[derive(Debug, PartialEq, Eq)]
pub enum TokenUse {
    Accepted { user_id: i64 },
    Expired,
    AlreadyUsed,
    Unknown,
}

/// Marks the token used if it is valid now. The conditional update makes a
/// token single-use even when two requests race with it.
pub fn consume(
    conn: &mut DbConnection,
    purpose: &str,
    token_hash: &str,
    now: NaiveDateTime,
) -> Result<TokenUse, StoreError> {
    let user_id = match peek(conn, purpose, token_hash, now)? {
        TokenUse::Accepted { user_id } => user_id,
        other => return Ok(other),
    };
    let claimed = diesel::update(email_tokens::table)
        .filter(email_tokens::token_hash.eq(token_hash))
        .filter(email_tokens::used_at.is_null())
        .set(email_tokens::used_at.eq(now))
        .execute(conn)?;
    Ok(if claimed == 1 {
        TokenUse::Accepted { user_id }
    } else {
        TokenUse::AlreadyUsed
    })
}

/// Voids the unused tokens of an account for one purpose (e.g. older reset
/// links once the password has changed).
pub fn void_unused(
    conn: &mut DbConnection,
    user_id: i64,
    purpose: &str,
    now: NaiveDateTime,
) -> Result<(), StoreError> {
    diesel::update(email_tokens::table)
        .filter(email_tokens::user_id.eq(user_id))
        .filter(email_tokens::purpose.eq(purpose))
        .filter(email_tokens::used_at.is_null())
        .set(email_tokens::used_at.eq(now))
        .execute(conn)?;
    Ok(())
}

/// How many tokens for `purpose` the account got since `since` (to cap
/// how many reset emails one address can be sent).
pub fn count_since(
    conn: &mut DbConnection,
    user_id: i64,
    purpose: &str,
    since: NaiveDateTime,
) -> Result<i64, StoreError> {
    Ok(email_tokens::table
        .filter(email_tokens::user_id.eq(user_id))
        .filter(email_tokens::purpose.eq(purpose))
        .filter(email_tokens::created_at.gt(since))
        .count()
        .get_result(conn)?)
}

pub fn delete_for_user(conn: &mut DbConnection, user_id: i64) -> Result<(), StoreError> {
    diesel::delete(email_tokens::table.filter(email_tokens::user_id.eq(user_id))).execute(conn)?;
    Ok(())
}

/// Like [`consume`] but leaves the token unused.
pub fn peek(
    conn: &mut DbConnection,
    purpose: &str,
    token_hash: &str,
    now: NaiveDateTime,
) -> Result<TokenUse, StoreError> {
    let found: Option<(i64, NaiveDateTime, Option<NaiveDateTime>)> = email_tokens::table
        .filter(email_tokens::token_hash.eq(token_hash))
        .filter(email_tokens::purpose.eq(purpose))
        .select((
            email_tokens::user_id,
            email_tokens::expires_at,
            email_tokens::used_at,
        ))
        .first(conn)
        .optional()?;
    Ok(match found {
        None => TokenUse::Unknown,
        Some((_, _, Some(_))) => TokenUse::AlreadyUsed,
        Some((_, expires, None)) if expires <= now => TokenUse::Expired,
        Some((user_id, _, None)) => TokenUse::Accepted { user_id },
    })
}
