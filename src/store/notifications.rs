//! Following bills, and the notifications waiting to be emailed.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::kept::KeepPrepared;
use super::schema::{bills, follows, notifications, users};
use super::{DbConnection, StoreError};

pub fn follow(
    conn: &mut DbConnection,
    user_id: i64,
    bill_id: i64,
    now: NaiveDateTime,
) -> Result<(), StoreError> {
    // INSERT … ON CONFLICT DO NOTHING per backend: a double click follows once.
    let row = (
        follows::user_id.eq(user_id),
        follows::bill_id.eq(bill_id),
        follows::created_at.eq(now),
    );
    // The derived connection has no conflict clause; a kept write runs on
    // the backend's own.
    diesel::insert_into(follows::table)
        .values(row)
        .on_conflict_do_nothing()
        .kept()
        .execute(conn)?;
    Ok(())
}

pub fn unfollow(conn: &mut DbConnection, user_id: i64, bill_id: i64) -> Result<(), StoreError> {
    diesel::delete(
        follows::table
            .filter(follows::user_id.eq(user_id))
            .filter(follows::bill_id.eq(bill_id)),
    )
    .execute(conn)?;
    Ok(())
}

pub fn is_following(
    conn: &mut DbConnection,
    user_id: i64,
    bill_id: i64,
) -> Result<bool, StoreError> {
    Ok(follows::table
        .filter(follows::user_id.eq(user_id))
        .filter(follows::bill_id.eq(bill_id))
        .count()
        .get_result::<i64>(conn)?
        > 0)
}

pub fn followers(conn: &mut DbConnection, bill_id: i64) -> Result<Vec<i64>, StoreError> {
    Ok(follows::table
        .filter(follows::bill_id.eq(bill_id))
        .select(follows::user_id)
        .load(conn)?)
}

pub fn insert(
    conn: &mut DbConnection,
    user_id: i64,
    bill_id: i64,
    contribution_id: Option<i64>,
    kind: &str,
    emailed_at: Option<NaiveDateTime>,
    now: NaiveDateTime,
) -> Result<(), StoreError> {
    diesel::insert_into(notifications::table)
        .values((
            notifications::user_id.eq(user_id),
            notifications::bill_id.eq(bill_id),
            notifications::contribution_id.eq(contribution_id),
            notifications::kind.eq(kind),
            notifications::created_at.eq(now),
            notifications::emailed_at.eq(emailed_at),
        ))
        .kept()
        .execute(conn)?;
    Ok(())
}

/// A notification waiting for the digest, with its bill.
#[derive(Queryable, Debug, Clone)]
pub struct Pending {
    pub id: i64,
    pub kind: String,
    pub contribution_id: Option<i64>,
    pub bill_slug: String,
    pub bill_title: String,
}

pub fn pending(conn: &mut DbConnection, user_id: i64) -> Result<Vec<Pending>, StoreError> {
    Ok(notifications::table
        .inner_join(bills::table)
        .filter(notifications::user_id.eq(user_id))
        .filter(notifications::emailed_at.is_null())
        .select((
            notifications::id,
            notifications::kind,
            notifications::contribution_id,
            bills::slug,
            bills::title,
        ))
        .order(notifications::id.asc())
        .limit(200)
        .load(conn)?)
}

pub fn mark_emailed(
    conn: &mut DbConnection,
    ids: &[i64],
    now: NaiveDateTime,
) -> Result<(), StoreError> {
    diesel::update(notifications::table.filter(notifications::id.eq_any(ids)))
        .set(notifications::emailed_at.eq(now))
        .execute(conn)?;
    Ok(())
}

/// People on the daily digest with something waiting, not emailed for a day.
pub fn due_digests(
    conn: &mut DbConnection,
    day_ago: NaiveDateTime,
) -> Result<Vec<i64>, StoreError> {
    Ok(users::table
        .filter(users::notify.eq("daily"))
        .filter(users::deleted_at.is_null())
        .filter(
            users::last_digest_at
                .is_null()
                .or(users::last_digest_at.le(day_ago)),
        )
        .filter(diesel::dsl::exists(
            notifications::table
                .filter(notifications::user_id.eq(users::id))
                .filter(notifications::emailed_at.is_null()),
        ))
        .select(users::id)
        .limit(1000)
        .load(conn)?)
}

/// Claims a user's digest for this pass (once, even with several instances).
pub fn claim_digest(
    conn: &mut DbConnection,
    user_id: i64,
    day_ago: NaiveDateTime,
    now: NaiveDateTime,
) -> Result<bool, StoreError> {
    let n = diesel::update(users::table.find(user_id))
        .filter(
            users::last_digest_at
                .is_null()
                .or(users::last_digest_at.le(day_ago)),
        )
        .set(users::last_digest_at.eq(now))
        .kept()
        .execute(conn)?;
    Ok(n == 1)
}

pub fn set_frequency(
    conn: &mut DbConnection,
    user_id: i64,
    frequency: &str,
) -> Result<(), StoreError> {
    diesel::update(users::table.find(user_id))
        .set(users::notify.eq(frequency))
        .kept()
        .execute(conn)?;
    // Leaving the digest: what waited for it is dropped, not sent months
    // later if the person comes back to it.
    if frequency != "daily" {
        diesel::update(
            notifications::table
                .filter(notifications::user_id.eq(user_id))
                .filter(notifications::emailed_at.is_null()),
        )
        .set(notifications::emailed_at.eq(crate::domain::time::now()))
        .kept()
        .execute(conn)?;
    }
    Ok(())
}

pub fn frequency(conn: &mut DbConnection, user_id: i64) -> Result<String, StoreError> {
    Ok(users::table
        .find(user_id)
        .select(users::notify)
        .first(conn)?)
}

/// Open bills closing within the reminder window whose followers have not
/// been reminded.
pub fn due_reminders(
    conn: &mut DbConnection,
    now: NaiveDateTime,
    until: NaiveDateTime,
) -> Result<Vec<i64>, StoreError> {
    Ok(bills::table
        .filter(bills::status.eq("open"))
        .filter(bills::reminder_sent_at.is_null())
        .filter(bills::closes_at.gt(now))
        .filter(bills::closes_at.le(until))
        .select(bills::id)
        .load(conn)?)
}

/// Marks the reminder sent; false if another instance did first.
pub fn claim_reminder(
    conn: &mut DbConnection,
    bill_id: i64,
    now: NaiveDateTime,
) -> Result<bool, StoreError> {
    let n = diesel::update(bills::table.find(bill_id))
        .filter(bills::reminder_sent_at.is_null())
        .set(bills::reminder_sent_at.eq(now))
        .kept()
        .execute(conn)?;
    Ok(n == 1)
}
