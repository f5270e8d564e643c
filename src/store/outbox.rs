//! The email outbox. Rows are written in the same transaction as the change
//! that causes them; delivery claims a row with a lease before sending so
//! that several app instances never send the same message.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::kept::KeepPrepared;
use super::schema::outbox;
use super::{DbConnection, StoreError};

#[derive(Queryable, Selectable, Debug, Clone)]
#[diesel(table_name = outbox)]
pub struct OutboxRow {
    pub id: i64,
    pub message_id: String,
    pub recipient: String,
    pub subject: String,
    pub body_text: String,
    pub body_html: String,
    pub created_at: NaiveDateTime,
    pub attempts: i32,
    pub next_attempt_at: NaiveDateTime,
    pub sent_at: Option<NaiveDateTime>,
    pub failed_at: Option<NaiveDateTime>,
    pub last_error: Option<String>,
}

#[derive(Insertable)]
#[diesel(table_name = outbox)]
pub struct NewOutboxEmail<'a> {
    pub message_id: &'a str,
    pub recipient: &'a str,
    pub subject: &'a str,
    pub body_text: &'a str,
    pub body_html: &'a str,
    pub created_at: NaiveDateTime,
    pub next_attempt_at: NaiveDateTime,
}

pub fn enqueue(conn: &mut DbConnection, email: &NewOutboxEmail) -> Result<i64, StoreError> {
    Ok(diesel::insert_into(outbox::table)
        .values(email)
        .returning(outbox::id)
        .kept()
        .get_result(conn)?)
}

/// Ids of messages due for delivery, oldest first.
pub fn due(
    conn: &mut DbConnection,
    now: NaiveDateTime,
    limit: i64,
) -> Result<Vec<i64>, StoreError> {
    Ok(outbox::table
        .filter(outbox::sent_at.is_null())
        .filter(outbox::failed_at.is_null())
        .filter(outbox::next_attempt_at.le(now))
        .filter(
            outbox::claimed_until
                .is_null()
                .or(outbox::claimed_until.lt(now)),
        )
        .select(outbox::id)
        .order(outbox::next_attempt_at.asc())
        .limit(limit)
        .load(conn)?)
}

/// Takes a lease on one message. The conditional update is atomic on both
/// backends: of two instances racing for the same row, one gets it.
pub fn claim(
    conn: &mut DbConnection,
    id: i64,
    now: NaiveDateTime,
    lease_until: NaiveDateTime,
) -> Result<Option<OutboxRow>, StoreError> {
    let n = diesel::update(outbox::table.find(id))
        .filter(outbox::sent_at.is_null())
        .filter(outbox::failed_at.is_null())
        .filter(
            outbox::claimed_until
                .is_null()
                .or(outbox::claimed_until.lt(now)),
        )
        .set((
            outbox::claimed_until.eq(lease_until),
            outbox::attempts.eq(outbox::attempts + 1),
        ))
        .kept()
        .execute(conn)?;
    if n == 0 {
        return Ok(None);
    }
    Ok(Some(
        outbox::table
            .find(id)
            .select(OutboxRow::as_select())
            .first(conn)?,
    ))
}

pub fn mark_sent(conn: &mut DbConnection, id: i64, now: NaiveDateTime) -> Result<(), StoreError> {
    diesel::update(outbox::table.find(id))
        .set((
            outbox::sent_at.eq(now),
            outbox::claimed_until.eq(None::<NaiveDateTime>),
            outbox::last_error.eq(None::<String>),
            // Sent bodies hold single-use links: keep only the envelope.
            outbox::body_text.eq(""),
            outbox::body_html.eq(""),
        ))
        .kept()
        .execute(conn)?;
    Ok(())
}

/// Records a failed attempt; `retry_at` None means give up for good.
pub fn mark_failed(
    conn: &mut DbConnection,
    id: i64,
    error: &str,
    retry_at: Option<NaiveDateTime>,
    now: NaiveDateTime,
) -> Result<(), StoreError> {
    let error: String = error.chars().take(1000).collect();
    match retry_at {
        Some(at) => diesel::update(outbox::table.find(id))
            .set((
                outbox::next_attempt_at.eq(at),
                outbox::claimed_until.eq(None::<NaiveDateTime>),
                outbox::last_error.eq(error),
            ))
            .kept()
            .execute(conn)?,
        None => diesel::update(outbox::table.find(id))
            .set((
                outbox::failed_at.eq(now),
                outbox::claimed_until.eq(None::<NaiveDateTime>),
                outbox::last_error.eq(error),
            ))
            .kept()
            .execute(conn)?,
    };
    Ok(())
}

pub fn list_for_recipient(
    conn: &mut DbConnection,
    recipient: &str,
) -> Result<Vec<OutboxRow>, StoreError> {
    Ok(outbox::table
        .filter(outbox::recipient.eq(recipient))
        .select(OutboxRow::as_select())
        .order(outbox::id.asc())
        .limit(500)
        .load(conn)?)
}

/// Forgets the mail of a deleted account: its address must not survive,
/// and what was not sent yet never will be.
pub fn redact_recipient(
    conn: &mut DbConnection,
    recipient: &str,
    replacement: &str,
    now: NaiveDateTime,
) -> Result<(), StoreError> {
    diesel::update(
        outbox::table
            .filter(outbox::recipient.eq(recipient))
            .filter(outbox::sent_at.is_null())
            .filter(outbox::failed_at.is_null()),
    )
    .set((
        outbox::failed_at.eq(now),
        outbox::last_error.eq("account deleted"),
    ))
    .kept()
    .execute(conn)?;
    diesel::update(outbox::table.filter(outbox::recipient.eq(recipient)))
        .set((
            outbox::recipient.eq(replacement),
            outbox::body_text.eq(""),
            outbox::body_html.eq(""),
        ))
        .kept()
        .execute(conn)?;
    Ok(())
}

/// Messages waiting to be delivered (neither sent nor given up), and when
/// the oldest of them was queued.
pub fn queue(conn: &mut DbConnection) -> Result<(i64, Option<NaiveDateTime>), StoreError> {
    Ok(outbox::table
        .filter(outbox::sent_at.is_null())
        .filter(outbox::failed_at.is_null())
        .select((
            diesel::dsl::count_star(),
            diesel::dsl::min(outbox::created_at),
        ))
        .first(conn)?)
}
