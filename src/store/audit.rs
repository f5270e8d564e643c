//! The append-only audit log and its hash chain.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::schema::{audit_log, users};
use super::{DbConnection, StoreError};
use crate::domain::audit::{
    self, ChainKey, EntryContent, GENESIS, Head, StoredEntry, Verdict, Walk,
};
use crate::domain::time;

#[derive(Queryable, Selectable, Debug, Clone)]
#[diesel(table_name = audit_log)]
pub struct AuditRow {
    pub seq: i64,
    pub at: NaiveDateTime,
    pub actor_id: Option<i64>,
    pub action: String,
    pub target_kind: String,
    pub target_id: Option<i64>,
    pub bill_id: Option<i64>,
    pub reason: Option<String>,
    pub prev_hash: String,
    pub hash: String,
    /// Hashed with the platform's key (false: written before it was).
    pub keyed: bool,
}

/// What happened, by whom, to what.
#[derive(Debug, Clone)]
pub struct NewEntry<'a> {
    pub actor_id: Option<i64>,
    pub action: &'a str,
    pub target_kind: &'a str,
    pub target_id: Option<i64>,
    pub bill_id: Option<i64>,
    pub reason: Option<&'a str>,
}

fn stamp(t: NaiveDateTime) -> String {
    t.and_utc()
        .to_rfc3339_opts(chrono::SecondsFormat::Micros, true)
}

fn content<'a>(row: &'a AuditRow, at: &'a str) -> EntryContent<'a> {
    EntryContent {
        at,
        actor_id: row.actor_id,
        action: &row.action,
        target_kind: &row.target_kind,
        target_id: row.target_id,
        bill_id: row.bill_id,
        reason: row.reason.as_deref(),
    }
}

/// Appends an entry, chained to the last one and keyed with `key`. Call
/// inside the write transaction of the change it records; on PostgreSQL the
/// table is locked for the transaction so that two appends never share a
/// previous hash (SQLite's IMMEDIATE transactions already run one at a time).
pub fn append(conn: &mut DbConnection, key: &ChainKey, entry: &NewEntry) -> Result<(), StoreError> {
    if let DbConnection::Postgresql(c) = conn {
        use diesel::connection::SimpleConnection;
        c.batch_execute("LOCK TABLE audit_log IN SHARE ROW EXCLUSIVE MODE")?;
    }
    let prev: String = audit_log::table
        .select(audit_log::hash)
        .order(audit_log::seq.desc())
        .first(conn)
        .optional()?
        .unwrap_or_else(|| GENESIS.to_string());
    let at = time::now();
    let at_text = stamp(at);
    let hash = audit::keyed_hash(
        key,
        &prev,
        &EntryContent {
            at: &at_text,
            actor_id: entry.actor_id,
            action: entry.action,
            target_kind: entry.target_kind,
            target_id: entry.target_id,
            bill_id: entry.bill_id,
            reason: entry.reason,
        },
    );
    diesel::insert_into(audit_log::table)
        .values((
            audit_log::at.eq(at),
            audit_log::actor_id.eq(entry.actor_id),
            audit_log::action.eq(entry.action),
            audit_log::target_kind.eq(entry.target_kind),
            audit_log::target_id.eq(entry.target_id),
            audit_log::bill_id.eq(entry.bill_id),
            audit_log::reason.eq(entry.reason),
            audit_log::prev_hash.eq(&prev),
            audit_log::hash.eq(&hash),
            audit_log::keyed.eq(true),
        ))
        .execute(conn)?;
    Ok(())
}

/// The newest entry, if any: the head of the chain.
pub fn head(conn: &mut DbConnection) -> Result<Option<AuditRow>, StoreError> {
    Ok(audit_log::table
        .select(AuditRow::as_select())
        .order(audit_log::seq.desc())
        .first(conn)
        .optional()?)
}

/// Walks the chain in order, a page at a time (memory stays flat), checking
/// each entry with `key` and, if given, that the chain still holds `kept`.
pub fn verify(
    conn: &mut DbConnection,
    key: &ChainKey,
    kept: Option<Head>,
) -> Result<Verdict, StoreError> {
    let mut walk = Walk::new(key, kept);
    let mut after = 0i64;
    loop {
        let page: Vec<AuditRow> = audit_log::table
            .filter(audit_log::seq.gt(after))
            .select(AuditRow::as_select())
            .order(audit_log::seq.asc())
            .limit(1000)
            .load(conn)?;
        if page.is_empty() {
            return Ok(walk.finish());
        }
        for row in &page {
            let at = stamp(row.at);
            let entry = StoredEntry {
                seq: row.seq,
                content: content(row, &at),
                keyed: row.keyed,
                prev_hash: &row.prev_hash,
                hash: &row.hash,
            };
            if let Err(verdict) = walk.step(&entry) {
                return Ok(verdict);
            }
            after = row.seq;
        }
    }
}

/// One page of entries, newest first, with the actor's name.
pub fn list(
    conn: &mut DbConnection,
    bill_id: Option<i64>,
    before: Option<i64>,
    limit: i64,
) -> Result<Vec<(AuditRow, Option<String>)>, StoreError> {
    let mut q = audit_log::table
        .left_join(users::table.on(users::id.nullable().eq(audit_log::actor_id)))
        .select((AuditRow::as_select(), users::display_name.nullable()))
        .order(audit_log::seq.desc())
        .limit(limit)
        .into_boxed();
    if let Some(b) = bill_id {
        q = q.filter(audit_log::bill_id.eq(b));
    }
    if let Some(s) = before {
        q = q.filter(audit_log::seq.lt(s));
    }
    Ok(q.load(conn)?)
}

/// A bill's moderation acts, newest first, for the public record (no actor).
pub fn moderation_log(
    conn: &mut DbConnection,
    bill_id: i64,
    limit: i64,
) -> Result<Vec<AuditRow>, StoreError> {
    Ok(audit_log::table
        .filter(audit_log::bill_id.eq(bill_id))
        .filter(audit_log::target_kind.eq("contribution"))
        .filter(audit_log::action.ne("contribution.contest"))
        .select(AuditRow::as_select())
        .order(audit_log::seq.desc())
        .limit(limit)
        .load(conn)?)
}
