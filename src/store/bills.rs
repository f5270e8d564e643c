//! Bills, their sponsors, their headings and their transitions.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::kept::KeepPrepared;
use super::schema::{bill_sections, bill_sponsors, bill_transitions, bills, users};
use super::{DbConnection, StoreError};
use crate::domain::BillStatus;
use crate::domain::audit::ChainKey;

#[derive(Queryable, Selectable, Debug, Clone)]
#[diesel(table_name = bills)]
pub struct BillRow {
    pub id: i64,
    pub slug: String,
    pub title: String,
    pub summary: String,
    /// As stored; reads see the status its dates give (`BillAccess`).
    pub status: BillStatus,
    pub opens_at: Option<NaiveDateTime>,
    pub closes_at: Option<NaiveDateTime>,
    pub source: Option<String>,
    pub created_by: i64,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub contributions_count: i32,
    pub proposals_count: i32,
    pub votes_count: i32,
    pub participants_count: i32,
    pub published_at: Option<NaiveDateTime>,
}

#[derive(Insertable)]
#[diesel(table_name = bills)]
pub struct NewBill<'a> {
    pub slug: &'a str,
    pub title: &'a str,
    pub summary: &'a str,
    pub status: BillStatus,
    pub opens_at: Option<NaiveDateTime>,
    pub closes_at: Option<NaiveDateTime>,
    pub source: Option<&'a str>,
    pub created_by: i64,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

#[derive(AsChangeset, Default)]
#[diesel(table_name = bills)]
pub struct BillChanges<'a> {
    pub slug: Option<&'a str>,
    pub title: Option<&'a str>,
    pub summary: Option<&'a str>,
    pub opens_at: Option<Option<NaiveDateTime>>,
    pub closes_at: Option<Option<NaiveDateTime>>,
    pub updated_at: Option<NaiveDateTime>,
}

#[derive(Queryable, Selectable, Debug, Clone)]
#[diesel(table_name = bill_sections)]
pub struct SectionRow {
    pub id: i64,
    pub bill_id: i64,
    pub position: i32,
    pub level: i32,
    pub kind: String,
    pub label: String,
    pub heading: String,
}

#[derive(Insertable)]
#[diesel(table_name = bill_sections)]
pub struct NewSection<'a> {
    pub bill_id: i64,
    pub position: i32,
    pub level: i32,
    pub kind: &'a str,
    pub label: &'a str,
    pub heading: &'a str,
}

#[derive(Queryable, Debug, Clone)]
pub struct TransitionRow {
    pub from_status: BillStatus,
    pub to_status: BillStatus,
    pub actor_name: Option<String>,
    pub at: NaiveDateTime,
}

pub fn insert(conn: &mut DbConnection, new: &NewBill) -> Result<i64, StoreError> {
    Ok(diesel::insert_into(bills::table)
        .values(new)
        .returning(bills::id)
        .kept()
        .get_result(conn)?)
}

pub fn slug_taken(conn: &mut DbConnection, slug: &str) -> Result<bool, StoreError> {
    Ok(bills::table
        .filter(bills::slug.eq(slug))
        .count()
        .get_result::<i64>(conn)?
        > 0)
}

/// `base`, or `base-2`, `base-3`… the first no bill has.
pub fn unique_slug(conn: &mut DbConnection, base: &str) -> Result<String, StoreError> {
    if !slug_taken(conn, base)? {
        return Ok(base.to_string());
    }
    for n in 2..1000 {
        let candidate = format!("{base}-{n}");
        if !slug_taken(conn, &candidate)? {
            return Ok(candidate);
        }
    }
    Ok(format!(
        "{base}-{}",
        crate::auth::tokens::generate()[..8].to_lowercase()
    ))
}

/// A draft's address: readable, with a random part no other sponsor can
/// guess or be told by a clash.
pub fn new_slug(conn: &mut DbConnection, title: &str) -> Result<String, StoreError> {
    let base = crate::domain::bill::slug_base(title);
    unique_slug(
        conn,
        &format!(
            "{base}-{}",
            crate::auth::tokens::generate()[..6].to_lowercase()
        ),
    )
}

pub fn find(conn: &mut DbConnection, id: i64) -> Result<BillRow, StoreError> {
    Ok(bills::table
        .find(id)
        .select(BillRow::as_select())
        .first(conn)?)
}

pub fn find_by_slug(conn: &mut DbConnection, slug: &str) -> Result<BillRow, StoreError> {
    Ok(bills::table
        .filter(bills::slug.eq(slug))
        .select(BillRow::as_select())
        .first(conn)?)
}

/// The id of the bill at `slug`.
pub fn id_of(conn: &mut DbConnection, slug: &str) -> Result<i64, StoreError> {
    Ok(bills::table
        .filter(bills::slug.eq(slug))
        .select(bills::id)
        .first(conn)?)
}

/// Takes the bill's row lock for the rest of the transaction (a no-op
/// update): on PostgreSQL, changes to one bill's life and arbitration queue
/// behind each other; SQLite's IMMEDIATE transactions already do.
pub fn lock(conn: &mut DbConnection, id: i64) -> Result<(), StoreError> {
    super::locked(
        diesel::update(bills::table.find(id))
            .set(bills::updated_at.eq(bills::updated_at))
            .kept()
            .execute(conn)?,
    )
}

/// Bills in `statuses`, most recently active first, bounded.
pub fn list_by_status(
    conn: &mut DbConnection,
    statuses: &[BillStatus],
    limit: i64,
) -> Result<Vec<BillRow>, StoreError> {
    Ok(bills::table
        .filter(bills::status.eq_any(statuses))
        .select(BillRow::as_select())
        .order((bills::updated_at.desc(), bills::id.desc()))
        .limit(limit)
        .load(conn)?)
}

/// The bills `user_id` sponsors, whatever their status.
pub fn list_sponsored_by(
    conn: &mut DbConnection,
    user_id: i64,
    limit: i64,
) -> Result<Vec<BillRow>, StoreError> {
    Ok(bills::table
        .inner_join(bill_sponsors::table)
        .filter(bill_sponsors::user_id.eq(user_id))
        .select(BillRow::as_select())
        .order(bills::updated_at.desc())
        .limit(limit)
        .load(conn)?)
}

pub fn update(conn: &mut DbConnection, id: i64, changes: &BillChanges) -> Result<(), StoreError> {
    diesel::update(bills::table.find(id))
        .set(changes)
        .kept()
        .execute(conn)?;
    Ok(())
}

/// Moves the bill from `from` to `to` if it is still in `from`; returns
/// whether it moved (a concurrent move wins once).
pub fn move_status(
    conn: &mut DbConnection,
    audit_key: &ChainKey,
    id: i64,
    from: BillStatus,
    to: BillStatus,
    actor_id: Option<i64>,
    now: NaiveDateTime,
) -> Result<bool, StoreError> {
    let moved = diesel::update(bills::table.find(id))
        .filter(bills::status.eq(from))
        .set((bills::status.eq(to), bills::updated_at.eq(now)))
        .kept()
        .execute(conn)?;
    if moved == 1 {
        diesel::insert_into(bill_transitions::table)
            .values((
                bill_transitions::bill_id.eq(id),
                bill_transitions::from_status.eq(from),
                bill_transitions::to_status.eq(to),
                bill_transitions::actor_id.eq(actor_id),
                bill_transitions::at.eq(now),
            ))
            .kept()
            .execute(conn)?;
        super::audit::append(
            conn,
            audit_key,
            &super::audit::NewEntry {
                actor_id,
                action: &format!("bill.{to}"),
                target_kind: "bill",
                target_id: Some(id),
                bill_id: Some(id),
                reason: None,
            },
        )?;
    }
    Ok(moved == 1)
}

/// Bills whose calendar calls for a move: drafts past their opening date,
/// open bills past their closing date.
pub fn due_for_calendar(
    conn: &mut DbConnection,
    now: NaiveDateTime,
) -> Result<Vec<BillRow>, StoreError> {
    Ok(bills::table
        .filter(
            bills::status
                .eq(BillStatus::Draft)
                .and(bills::opens_at.le(now))
                .or(bills::status
                    .eq(BillStatus::Open)
                    .and(bills::closes_at.le(now))),
        )
        .select(BillRow::as_select())
        .limit(500)
        .load(conn)?)
}

pub fn transitions(
    conn: &mut DbConnection,
    bill_id: i64,
) -> Result<Vec<TransitionRow>, StoreError> {
    Ok(bill_transitions::table
        .left_join(users::table.on(users::id.nullable().eq(bill_transitions::actor_id)))
        .filter(bill_transitions::bill_id.eq(bill_id))
        .select((
            bill_transitions::from_status,
            bill_transitions::to_status,
            users::display_name.nullable(),
            bill_transitions::at,
        ))
        .order(bill_transitions::id.asc())
        .limit(100)
        .load(conn)?)
}

pub fn add_sponsor(
    conn: &mut DbConnection,
    bill_id: i64,
    user_id: i64,
    now: NaiveDateTime,
) -> Result<(), StoreError> {
    diesel::insert_into(bill_sponsors::table)
        .values((
            bill_sponsors::bill_id.eq(bill_id),
            bill_sponsors::user_id.eq(user_id),
            bill_sponsors::added_at.eq(now),
        ))
        .kept()
        .execute(conn)?;
    Ok(())
}

pub fn is_sponsor(conn: &mut DbConnection, bill_id: i64, user_id: i64) -> Result<bool, StoreError> {
    Ok(bill_sponsors::table
        .filter(bill_sponsors::bill_id.eq(bill_id))
        .filter(bill_sponsors::user_id.eq(user_id))
        .count()
        .get_result::<i64>(conn)?
        > 0)
}

/// (id, display name) of the bill's sponsors, in the order they joined.
pub fn sponsors(conn: &mut DbConnection, bill_id: i64) -> Result<Vec<(i64, String)>, StoreError> {
    Ok(bill_sponsors::table
        .inner_join(users::table)
        .filter(bill_sponsors::bill_id.eq(bill_id))
        .select((users::id, users::display_name))
        .order(bill_sponsors::added_at.asc())
        .load(conn)?)
}

pub fn insert_section(conn: &mut DbConnection, new: &NewSection) -> Result<i64, StoreError> {
    Ok(diesel::insert_into(bill_sections::table)
        .values(new)
        .returning(bill_sections::id)
        .kept()
        .get_result(conn)?)
}

pub fn sections(conn: &mut DbConnection, bill_id: i64) -> Result<Vec<SectionRow>, StoreError> {
    Ok(bill_sections::table
        .filter(bill_sections::bill_id.eq(bill_id))
        .select(SectionRow::as_select())
        .order(bill_sections::position.asc())
        .load(conn)?)
}

pub fn mark_published(
    conn: &mut DbConnection,
    id: i64,
    now: NaiveDateTime,
) -> Result<(), StoreError> {
    diesel::update(bills::table.find(id))
        .set((bills::published_at.eq(now), bills::updated_at.eq(now)))
        .kept()
        .execute(conn)?;
    Ok(())
}

/// When the consultation last opened (None if it never did).
pub fn opened_at(
    conn: &mut DbConnection,
    bill_id: i64,
) -> Result<Option<NaiveDateTime>, StoreError> {
    Ok(bill_transitions::table
        .filter(bill_transitions::bill_id.eq(bill_id))
        .filter(bill_transitions::to_status.eq(BillStatus::Open))
        .select(bill_transitions::at)
        .order(bill_transitions::at.desc())
        .first(conn)
        .optional()?)
}

pub fn sponsor_names(conn: &mut DbConnection, bill_id: i64) -> Result<Vec<String>, StoreError> {
    Ok(sponsors(conn, bill_id)?
        .into_iter()
        .map(|(_, n)| n)
        .collect())
}
