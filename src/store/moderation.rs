//! Moderation cases: one row per contribution holding what moderators
//! need (queue place, personal data found, near-duplicate group, the text
//! before redaction), and the queries of the queue and the public trash.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::contributions::ContributionRow;
use super::fixed_in::in_fixed;
use super::kept::KeepPrepared;
use super::schema::{bills, contribution_bands, contributions, moderation_cases, reports, users};
use super::{DbConnection, StoreError};
use crate::domain::moderation::State;

#[derive(Queryable, Selectable, Debug, Clone)]
#[diesel(table_name = moderation_cases)]
pub struct CaseRow {
    pub contribution_id: i64,
    pub bill_id: i64,
    pub reason: Option<String>,
    pub moderated_at: Option<NaiveDateTime>,
    pub moderated_by: Option<i64>,
    pub original_title: Option<String>,
    pub original_body: Option<String>,
    pub original_proposed_text: Option<String>,
    pub original_url: Option<String>,
    pub contested_at: Option<NaiveDateTime>,
    pub contest_text: Option<String>,
    pub in_queue: bool,
    pub urgency: i32,
    pub queued_at: Option<NaiveDateTime>,
    pub personal_data: Option<String>,
    pub minhash: Option<String>,
    pub duplicate_of: Option<i64>,
    /// The group's size, on its first case only: read it with [`group_size`].
    pub duplicates_count: i32,
}

/// Opens the case of a new contribution.
pub fn open(conn: &mut DbConnection, contribution_id: i64, bill_id: i64) -> Result<(), StoreError> {
    diesel::insert_into(moderation_cases::table)
        .values((
            moderation_cases::contribution_id.eq(contribution_id),
            moderation_cases::bill_id.eq(bill_id),
        ))
        .kept()
        .execute(conn)?;
    Ok(())
}

/// Opens the case of a new contribution with what its scan for personal
/// data found, and its place in the queue (`queued`: its urgency and
/// arrival), in one write.
pub fn open_scanned(
    conn: &mut DbConnection,
    contribution_id: i64,
    bill_id: i64,
    personal_data: Option<&str>,
    queued: Option<(i32, NaiveDateTime)>,
) -> Result<(), StoreError> {
    diesel::insert_into(moderation_cases::table)
        .values((
            moderation_cases::contribution_id.eq(contribution_id),
            moderation_cases::bill_id.eq(bill_id),
            moderation_cases::personal_data.eq(personal_data),
            moderation_cases::in_queue.eq(queued.is_some()),
            moderation_cases::urgency.eq(queued.map_or(0, |(u, _)| u)),
            moderation_cases::queued_at.eq(queued.map(|(_, at)| at)),
        ))
        .kept()
        .execute(conn)?;
    Ok(())
}

/// Records the near-duplicate signature of the current text.
pub fn set_minhash(
    conn: &mut DbConnection,
    contribution_id: i64,
    minhash: Option<&str>,
) -> Result<(), StoreError> {
    diesel::update(moderation_cases::table.find(contribution_id))
        .set(moderation_cases::minhash.eq(minhash))
        .kept()
        .execute(conn)?;
    Ok(())
}

pub fn find(conn: &mut DbConnection, contribution_id: i64) -> Result<CaseRow, StoreError> {
    Ok(moderation_cases::table
        .find(contribution_id)
        .select(CaseRow::as_select())
        .first(conn)?)
}

/// Records what the scans found in the current text.
pub fn set_scan(
    conn: &mut DbConnection,
    contribution_id: i64,
    personal_data: Option<&str>,
    minhash: Option<&str>,
) -> Result<(), StoreError> {
    diesel::update(moderation_cases::table.find(contribution_id))
        .set((
            moderation_cases::personal_data.eq(personal_data),
            moderation_cases::minhash.eq(minhash),
        ))
        .kept()
        .execute(conn)?;
    Ok(())
}

/// Puts the case in the queue (keeping its first arrival time) or takes it
/// out, at the given urgency.
pub fn set_queue(
    conn: &mut DbConnection,
    contribution_id: i64,
    in_queue: bool,
    urgency: i32,
    now: NaiveDateTime,
) -> Result<(), StoreError> {
    let case = moderation_cases::table.find(contribution_id);
    if in_queue {
        diesel::update(case.filter(moderation_cases::queued_at.is_null()))
            .set(moderation_cases::queued_at.eq(now))
            .kept()
            .execute(conn)?;
        diesel::update(case)
            .set((
                moderation_cases::in_queue.eq(true),
                moderation_cases::urgency.eq(urgency),
            ))
            .kept()
            .execute(conn)?;
    } else {
        diesel::update(case)
            .set((
                moderation_cases::in_queue.eq(false),
                moderation_cases::urgency.eq(0),
                moderation_cases::queued_at.eq(None::<NaiveDateTime>),
            ))
            .kept()
            .execute(conn)?;
    }
    Ok(())
}

/// A moderation act: the public state on the contribution, the reason and
/// who acted on the case.
pub fn record_act(
    conn: &mut DbConnection,
    contribution_id: i64,
    state: Option<State>,
    reason: &str,
    actor_id: Option<i64>,
    now: NaiveDateTime,
) -> Result<(), StoreError> {
    diesel::update(contributions::table.find(contribution_id))
        .set((
            contributions::moderation.eq(state),
            contributions::updated_at.eq(now),
        ))
        .kept()
        .execute(conn)?;
    diesel::update(moderation_cases::table.find(contribution_id))
        .set((
            moderation_cases::reason.eq(state.map(|_| reason)),
            moderation_cases::moderated_at.eq(now),
            moderation_cases::moderated_by.eq(actor_id),
        ))
        .kept()
        .execute(conn)?;
    Ok(())
}

/// A contribution's public text after a redaction: every field a person
/// wrote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Redaction {
    pub title: Option<String>,
    pub body: String,
    pub proposed_text: Option<String>,
    pub url: Option<String>,
}

impl Redaction {
    /// The contribution's text as it stands.
    pub fn of(row: &ContributionRow) -> Redaction {
        Redaction {
            title: row.title.clone(),
            body: row.body.clone(),
            proposed_text: row.proposed_text.clone(),
            url: row.url.clone(),
        }
    }
}

/// Replaces the public text with its redaction, keeping the original for
/// moderators (the first original if redacted twice), and drops earlier
/// versions, which may hold the same personal data.
pub fn redact(
    conn: &mut DbConnection,
    row: &ContributionRow,
    text: &Redaction,
    search_terms: &str,
) -> Result<(), StoreError> {
    use super::schema::contribution_versions;
    let case = find(conn, row.id)?;
    if case.original_body.is_none() {
        diesel::update(moderation_cases::table.find(row.id))
            .set((
                moderation_cases::original_title.eq(&row.title),
                moderation_cases::original_body.eq(&row.body),
                moderation_cases::original_proposed_text.eq(&row.proposed_text),
                moderation_cases::original_url.eq(&row.url),
            ))
            .kept()
            .execute(conn)?;
    }
    diesel::update(contributions::table.find(row.id))
        .set((
            contributions::title.eq(&text.title),
            contributions::body.eq(&text.body),
            contributions::proposed_text.eq(&text.proposed_text),
            contributions::url.eq(&text.url),
            contributions::search_terms.eq(search_terms),
        ))
        .kept()
        .execute(conn)?;
    diesel::delete(
        contribution_versions::table.filter(contribution_versions::contribution_id.eq(row.id)),
    )
    .execute(conn)?;
    super::rendered::write(conn, row.id, &text.body, text.proposed_text.as_deref())
}

/// Forgets the texts before redaction once kept for `before`; the count.
pub fn purge_originals(
    conn: &mut DbConnection,
    before: NaiveDateTime,
) -> Result<usize, StoreError> {
    Ok(diesel::update(
        moderation_cases::table
            .filter(moderation_cases::original_body.is_not_null())
            .filter(moderation_cases::moderated_at.lt(before)),
    )
    .set((
        moderation_cases::original_title.eq(None::<String>),
        moderation_cases::original_body.eq(None::<String>),
        moderation_cases::original_proposed_text.eq(None::<String>),
        moderation_cases::original_url.eq(None::<String>),
    ))
    .kept()
    .execute(conn)?)
}

pub fn set_contest(
    conn: &mut DbConnection,
    contribution_id: i64,
    text: &str,
    now: NaiveDateTime,
) -> Result<(), StoreError> {
    diesel::update(moderation_cases::table.find(contribution_id))
        .set((
            moderation_cases::contested_at.eq(now),
            moderation_cases::contest_text.eq(text),
        ))
        .kept()
        .execute(conn)?;
    Ok(())
}

// Near-duplicate groups.

/// A possible near-duplicate: its id, signature and group.
pub type Candidate = (i64, Option<String>, Option<i64>);

/// Candidates whose signatures one statement of [`signatures`] reads.
pub const SIGNATURES_PER_STATEMENT: usize = 16;

/// Contributions of the bill sharing a band with `bands`, `except`
/// excepted, oldest first.
pub fn candidates(
    conn: &mut DbConnection,
    bill_id: i64,
    bands: &[i64],
    except: i64,
) -> Result<Vec<i64>, StoreError> {
    let mut ids: Vec<i64> = Vec::new();
    for (band, hash) in bands.iter().enumerate() {
        let found: Vec<i64> = contribution_bands::table
            .filter(contribution_bands::bill_id.eq(bill_id))
            .filter(contribution_bands::band.eq(band as i32))
            .filter(contribution_bands::hash.eq(hash))
            .filter(contribution_bands::contribution_id.ne(except))
            .select(contribution_bands::contribution_id)
            .limit(200)
            .load(conn)?;
        ids.extend(found);
    }
    ids.sort_unstable();
    ids.dedup();
    Ok(ids)
}

/// The signatures and groups of at most [`SIGNATURES_PER_STATEMENT`]
/// candidates, oldest first: a new contribution's candidates are read a
/// few at a time, as far as the first near enough (for a campaign's copy,
/// the first one read), not all of them (a campaign's hundreds).
pub fn signatures(conn: &mut DbConnection, ids: &[i64]) -> Result<Vec<Candidate>, StoreError> {
    Ok(moderation_cases::table
        .filter(in_fixed::<SIGNATURES_PER_STATEMENT, _, _>(
            moderation_cases::contribution_id,
            ids,
        ))
        .select((
            moderation_cases::contribution_id,
            moderation_cases::minhash,
            moderation_cases::duplicate_of,
        ))
        .order(moderation_cases::contribution_id.asc())
        .load(conn)?)
}

/// Replaces a contribution's bands (one insert per row: see `store::bulk`).
pub fn set_bands(
    conn: &mut DbConnection,
    bill_id: i64,
    contribution_id: i64,
    bands: &[i64],
) -> Result<(), StoreError> {
    diesel::delete(
        contribution_bands::table.filter(contribution_bands::contribution_id.eq(contribution_id)),
    )
    .execute(conn)?;
    for (band, hash) in bands.iter().enumerate() {
        diesel::insert_into(contribution_bands::table)
            .values((
                contribution_bands::bill_id.eq(bill_id),
                contribution_bands::band.eq(band as i32),
                contribution_bands::hash.eq(hash),
                contribution_bands::contribution_id.eq(contribution_id),
            ))
            .kept()
            .execute(conn)?;
    }
    Ok(())
}

/// Puts `contribution_id` in the group led by `root`; the group's size.
///
/// The size is kept on the group's first case only ([`group_size`] reads
/// it for any member): a campaign's copies join one by one, and writing
/// the size on every member made each copy rewrite all the earlier ones.
pub fn join_group(
    conn: &mut DbConnection,
    contribution_id: i64,
    root: i64,
) -> Result<i32, StoreError> {
    for id in [root, contribution_id] {
        diesel::update(moderation_cases::table.find(id))
            .set(moderation_cases::duplicate_of.eq(root))
            .kept()
            .execute(conn)?;
    }
    let size: i64 = moderation_cases::table
        .filter(moderation_cases::duplicate_of.eq(root))
        .count()
        .get_result(conn)?;
    let size = size as i32;
    diesel::update(moderation_cases::table.find(root))
        .set(moderation_cases::duplicates_count.eq(size))
        .kept()
        .execute(conn)?;
    Ok(size)
}

/// How many contributions share `case`'s text: its group's size, 1 when
/// it is in none.
pub fn group_size(conn: &mut DbConnection, case: &CaseRow) -> Result<i32, StoreError> {
    match case.duplicate_of {
        None => Ok(1),
        Some(root) if root == case.contribution_id => Ok(case.duplicates_count),
        Some(root) => Ok(moderation_cases::table
            .find(root)
            .select(moderation_cases::duplicates_count)
            .first(conn)?),
    }
}

/// The members of a near-duplicate group.
pub fn group_members(conn: &mut DbConnection, root: i64) -> Result<Vec<i64>, StoreError> {
    Ok(moderation_cases::table
        .filter(moderation_cases::duplicate_of.eq(root))
        .select(moderation_cases::contribution_id)
        .order(moderation_cases::contribution_id.asc())
        .limit(10_000)
        .load(conn)?)
}

// The queue.

#[derive(Debug, Clone, Default)]
pub struct QueueQuery {
    pub bill_id: Option<i64>,
    /// A report reason, or "personal_data" (reported or found), "duplicate",
    /// "contested".
    pub reason: Option<String>,
    /// Keyset: after (urgency, contribution id).
    pub after: Option<(i32, i64)>,
    pub limit: i64,
}

#[derive(Debug, Clone)]
pub struct QueueItem {
    pub contribution: ContributionRow,
    pub case: CaseRow,
    pub bill_slug: String,
    pub bill_title: String,
    pub author_name: String,
    pub reports_count: i32,
}

pub fn queue(conn: &mut DbConnection, q: &QueueQuery) -> Result<Vec<QueueItem>, StoreError> {
    use diesel::dsl::{exists, sql};
    use diesel::sql_types::Bool;
    let mut query = moderation_cases::table
        .inner_join(
            contributions::table
                .inner_join(users::table)
                .inner_join(bills::table),
        )
        .filter(moderation_cases::in_queue)
        .select((
            ContributionRow::as_select(),
            CaseRow::as_select(),
            bills::slug,
            bills::title,
            users::display_name,
            contributions::reports_count,
        ))
        .into_boxed();
    if let Some(b) = q.bill_id {
        query = query.filter(moderation_cases::bill_id.eq(b));
    }
    match q.reason.as_deref() {
        None => {}
        Some("duplicate") => query = query.filter(moderation_cases::duplicate_of.is_not_null()),
        Some("contested") => query = query.filter(moderation_cases::contested_at.is_not_null()),
        Some(reason) => {
            let reported = exists(
                reports::table
                    .filter(reports::contribution_id.eq(moderation_cases::contribution_id))
                    .filter(reports::reason.eq(reason.to_string())),
            );
            query = if reason == "personal_data" {
                query.filter(reported.or(moderation_cases::personal_data.is_not_null()))
            } else {
                query.filter(reported)
            };
        }
    }
    if let Some((urgency, id)) = q.after {
        query = query.filter(sql::<Bool>(&format!(
            "(moderation_cases.urgency < {urgency} OR (moderation_cases.urgency = {urgency} \
             AND moderation_cases.contribution_id > {id}))"
        )));
    }
    let rows: Vec<(ContributionRow, CaseRow, String, String, String, i32)> = query
        .order((
            moderation_cases::urgency.desc(),
            moderation_cases::contribution_id.asc(),
        ))
        .limit(q.limit)
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(
            |(contribution, case, bill_slug, bill_title, author_name, reports_count)| QueueItem {
                contribution,
                case,
                bill_slug,
                bill_title,
                author_name,
                reports_count,
            },
        )
        .collect())
}

pub fn queue_size(conn: &mut DbConnection) -> Result<i64, StoreError> {
    Ok(moderation_cases::table
        .filter(moderation_cases::in_queue)
        .count()
        .get_result(conn)?)
}

/// Reasons given by reporters of a contribution, with counts.
pub fn report_reasons(
    conn: &mut DbConnection,
    contribution_id: i64,
) -> Result<Vec<(String, i64)>, StoreError> {
    use diesel::dsl::count_star;
    Ok(reports::table
        .filter(reports::contribution_id.eq(contribution_id))
        .group_by(reports::reason)
        .select((reports::reason, count_star()))
        .order(reports::reason.asc())
        .load(conn)?)
}

/// Details reporters wrote (no reporter identity), newest first.
pub fn report_details(
    conn: &mut DbConnection,
    contribution_id: i64,
) -> Result<Vec<String>, StoreError> {
    Ok(reports::table
        .filter(reports::contribution_id.eq(contribution_id))
        .filter(reports::details.is_not_null())
        .select(reports::details.assume_not_null())
        .order(reports::id.desc())
        .limit(20)
        .load(conn)?)
}

// The public record.

#[derive(Debug, Clone)]
pub struct Moderated {
    pub contribution: ContributionRow,
    pub reason: Option<String>,
    pub moderated_at: NaiveDateTime,
}

/// The bill's contributions currently moderated, latest act first.
pub fn moderated(
    conn: &mut DbConnection,
    bill_id: i64,
    limit: i64,
) -> Result<Vec<Moderated>, StoreError> {
    let rows: Vec<(ContributionRow, Option<String>, Option<NaiveDateTime>)> =
        moderation_cases::table
            .inner_join(contributions::table)
            .filter(moderation_cases::bill_id.eq(bill_id))
            .filter(moderation_cases::moderated_at.is_not_null())
            .filter(contributions::moderation.is_not_null())
            .select((
                ContributionRow::as_select(),
                moderation_cases::reason,
                moderation_cases::moderated_at,
            ))
            .order(moderation_cases::moderated_at.desc())
            .limit(limit)
            .load(conn)?;
    Ok(rows
        .into_iter()
        .filter_map(|(contribution, reason, at)| {
            at.map(|moderated_at| Moderated {
                contribution,
                reason,
                moderated_at,
            })
        })
        .collect())
}
