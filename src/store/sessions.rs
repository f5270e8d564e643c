//! Browser sessions signed out on the server. The session itself is a
//! cookie; what the server keeps is the list of those that must no longer
//! work, until they would have expired anyway.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::kept::KeepPrepared;
use super::schema::revoked_sessions;
use super::{DbConnection, StoreError};

/// Records that session `session_id` ended; forgets the entries whose
/// cookies have expired anyway. Idempotent.
pub fn revoke(
    conn: &mut DbConnection,
    session_id: &str,
    user_id: i64,
    expires_at: NaiveDateTime,
    now: NaiveDateTime,
) -> Result<(), StoreError> {
    diesel::delete(revoked_sessions::table.filter(revoked_sessions::expires_at.lt(now)))
        .execute(conn)?;
    if is_revoked(conn, session_id)? {
        return Ok(());
    }
    diesel::insert_into(revoked_sessions::table)
        .values((
            revoked_sessions::session_id.eq(session_id),
            revoked_sessions::user_id.eq(user_id),
            revoked_sessions::expires_at.eq(expires_at),
        ))
        .kept()
        .execute(conn)?;
    Ok(())
}

pub fn is_revoked(conn: &mut DbConnection, session_id: &str) -> Result<bool, StoreError> {
    Ok(revoked_sessions::table
        .find(session_id)
        .count()
        .get_result::<i64>(conn)?
        > 0)
}
