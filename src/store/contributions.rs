//! Contributions: rows, the counters they move, and the lists pages show.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::kept::KeepPrepared;
use super::rendered::{self, Html, StoredValues};
use super::schema::{
    articles, bill_participants, bills, contribution_html, contribution_versions, contributions,
    moderation_cases, users,
};
use super::{DbConnection, StoreError};
use crate::domain::Role;
use crate::domain::contribution::{ContributionKind, ContributionState, Stance};
use crate::domain::moderation::State;
use crate::domain::pseudonym::{self, AuthorFacts, Shown};

#[derive(Queryable, Selectable, Debug, Clone)]
#[diesel(table_name = contributions)]
pub struct ContributionRow {
    pub id: i64,
    pub bill_id: i64,
    pub article_id: Option<i64>,
    pub parent_id: Option<i64>,
    pub kind: ContributionKind,
    pub stance: Option<Stance>,
    pub title: Option<String>,
    pub body: String,
    pub proposed_text: Option<String>,
    pub deletes_article: bool,
    pub url: Option<String>,
    pub after_article_id: Option<i64>,
    pub article_version: Option<i32>,
    pub author_id: i64,
    pub status: ContributionState,
    pub votes_agree: i32,
    pub votes_mixed: i32,
    pub votes_disagree: i32,
    pub votes_support: i32,
    pub arguments_count: i32,
    pub sources_count: i32,
    pub support_score: i32,
    pub controversy_score: i32,
    pub random_key: i64,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub edited_at: Option<NaiveDateTime>,
    pub withdrawn_at: Option<NaiveDateTime>,
    pub reports_count: i32,
    pub moderation: Option<State>,
}

impl ContributionRow {
    /// What the public sees of it ([`crate::domain::moderation::PublicView`]).
    pub fn public_view(&self) -> crate::domain::moderation::PublicView {
        crate::domain::moderation::public_view(self.status, self.moderation)
    }

    /// Whether the public may read its text ([`moderation::text_is_public`]).
    pub fn text_is_public(&self) -> bool {
        self.public_view().text_is_public()
    }

    /// All its text, as the near-duplicate scan reads it: title, body,
    /// proposed text.
    pub fn scanned_text(&self) -> String {
        format!(
            "{}\n{}\n{}",
            self.title.as_deref().unwrap_or(""),
            self.body,
            self.proposed_text.as_deref().unwrap_or("")
        )
    }
}

/// A contribution with how its author is shown and why it was moderated.
#[derive(Debug, Clone)]
pub struct Listed {
    pub row: ContributionRow,
    pub author: Shown,
    pub moderation_reason: Option<String>,
    /// The HTML of its Markdown fields, as stored with the text.
    pub html: Html,
}

/// The author's columns that decide how they are shown.
type AuthorColumns = (
    users::display_name,
    users::name_public,
    users::role,
    users::category,
    diesel::dsl::IsNotNull<users::deleted_at>,
);

fn author_columns() -> AuthorColumns {
    (
        users::display_name,
        users::name_public,
        users::role,
        users::category,
        users::deleted_at.is_not_null(),
    )
}

pub type AuthorValues = (String, bool, String, String, bool);

/// How the author of a contribution to `bill_id` is shown, from the
/// author's columns.
pub fn shown(author_id: i64, bill_id: i64, a: &AuthorValues) -> Shown {
    let (display_name, name_public, role, category, deleted) = a;
    pseudonym::shown(&AuthorFacts {
        id: author_id,
        bill_id,
        display_name,
        name_public: *name_public,
        role: role.parse().unwrap_or(Role::Citizen),
        category: category.parse().unwrap_or_default(),
        deleted: *deleted,
    })
}

fn listed(
    (row, a, moderation_reason, stored): (
        ContributionRow,
        AuthorValues,
        Option<String>,
        StoredValues,
    ),
) -> Listed {
    let author = shown(row.author_id, row.bill_id, &a);
    let html = Html::stored_or_render(stored, &row.body, row.proposed_text.as_deref());
    Listed {
        row,
        author,
        moderation_reason,
        html,
    }
}

type ListedValues = (ContributionRow, AuthorValues, Option<String>, StoredValues);

#[derive(Insertable)]
#[diesel(table_name = contributions)]
pub struct NewContribution<'a> {
    pub bill_id: i64,
    pub article_id: Option<i64>,
    pub parent_id: Option<i64>,
    pub kind: ContributionKind,
    pub stance: Option<Stance>,
    pub title: Option<&'a str>,
    pub body: &'a str,
    pub proposed_text: Option<&'a str>,
    pub deletes_article: bool,
    pub url: Option<&'a str>,
    pub after_article_id: Option<i64>,
    pub article_version: Option<i32>,
    pub author_id: i64,
    pub idempotency_key: Option<&'a str>,
    pub random_key: i64,
    pub search_terms: &'a str,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// Writes the row and its rendered HTML.
pub fn insert(conn: &mut DbConnection, new: &NewContribution) -> Result<i64, StoreError> {
    let id = diesel::insert_into(contributions::table)
        .values(new)
        .returning(contributions::id)
        .kept()
        .get_result(conn)?;
    rendered::write(conn, id, new.body, new.proposed_text)?;
    Ok(id)
}

/// Writes a new row with the HTML rendered before the transaction;
/// returns the row as stored.
pub fn insert_rendered(
    conn: &mut DbConnection,
    new: &NewContribution,
    html: &Html,
) -> Result<ContributionRow, StoreError> {
    let id: i64 = diesel::insert_into(contributions::table)
        .values(new)
        .returning(contributions::id)
        .kept()
        .get_result(conn)?;
    rendered::insert(conn, id, html)?;
    find(conn, id)
}

/// The search terms stored with a contribution's text.
pub fn search_terms(conn: &mut DbConnection, id: i64) -> Result<String, StoreError> {
    Ok(contributions::table
        .find(id)
        .select(contributions::search_terms)
        .first(conn)?)
}

pub fn find(conn: &mut DbConnection, id: i64) -> Result<ContributionRow, StoreError> {
    Ok(contributions::table
        .find(id)
        .select(ContributionRow::as_select())
        .first(conn)?)
}

pub fn find_listed(conn: &mut DbConnection, id: i64) -> Result<Listed, StoreError> {
    let found = contributions::table
        .inner_join(users::table)
        .left_join(moderation_cases::table)
        .left_join(contribution_html::table)
        .filter(contributions::id.eq(id))
        .select((
            ContributionRow::as_select(),
            author_columns(),
            moderation_cases::reason.nullable(),
            rendered::stored_columns(),
        ))
        .first::<ListedValues>(conn)?;
    Ok(listed(found))
}

/// The contribution an author already made with this idempotency key.
pub fn find_by_key(
    conn: &mut DbConnection,
    author_id: i64,
    key: &str,
) -> Result<Option<ContributionRow>, StoreError> {
    Ok(contributions::table
        .filter(contributions::author_id.eq(author_id))
        .filter(contributions::idempotency_key.eq(key))
        .select(ContributionRow::as_select())
        .first(conn)
        .optional()?)
}

/// Which list, in which order, from where.
#[derive(Debug, Clone)]
pub struct ListQuery {
    pub bill_id: i64,
    pub article_id: Option<i64>,
    pub parent_id: Option<i64>,
    /// Only contributions attached directly (no parent).
    pub top_level: bool,
    pub kind: Option<ContributionKind>,
    pub stance: Option<Stance>,
    pub order: Order,
    pub after: Option<(i64, i64)>,
    pub limit: i64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Order {
    /// Highest support first.
    Supported,
    /// Newest first.
    Recent,
    /// Most controversial first.
    Controversial,
    /// A shuffle stable for one visitor's seed.
    Random(i64),
}

/// How far below every other item an item that sinks
/// ([`crate::domain::moderation::PublicView::sinks`]) goes: more than any
/// score, id or random key, so that one descending key orders both.
const SINK: i64 = 1 << 48;

/// The sort key of a row under `order` (the cursor carries it).
pub fn sort_key(row: &ContributionRow, order: Order) -> i64 {
    let key = match order {
        Order::Supported => row.support_score as i64,
        Order::Recent => row.id,
        Order::Controversial => row.controversy_score as i64,
        Order::Random(seed) => row.random_key ^ (seed & 0x7fff_ffff),
    };
    if crate::domain::moderation::public_view(row.status, row.moderation).sinks() {
        key - SINK
    } else {
        key
    }
}

/// SQL true for the rows that sink, as [`sort_key`] decides.
fn sinks_sql() -> String {
    format!(
        "(contributions.status = '{}' OR contributions.moderation IN ('{}', '{}'))",
        crate::domain::contribution::ContributionState::Withdrawn,
        State::Trashed,
        State::Hidden,
    )
}

/// One page of a list, keyset-paginated on (sort key, id), descending.
pub fn list(conn: &mut DbConnection, q: &ListQuery) -> Result<Vec<Listed>, StoreError> {
    use diesel::dsl::sql;
    use diesel::sql_types::{BigInt, Bool};

    let mut query = contributions::table
        .inner_join(users::table)
        .left_join(moderation_cases::table)
        .left_join(contribution_html::table)
        .select((
            ContributionRow::as_select(),
            author_columns(),
            moderation_cases::reason.nullable(),
            rendered::stored_columns(),
        ))
        .into_boxed();
    // Filter on the narrowest key only, so that the planner walks the
    // (article, kind, score, id) index in order instead of sorting a bill.
    match (q.article_id, q.parent_id) {
        (Some(a), None) => query = query.filter(contributions::article_id.eq(a)),
        (_, Some(_)) => {}
        (None, None) => query = query.filter(contributions::bill_id.eq(q.bill_id)),
    }
    if let Some(p) = q.parent_id {
        query = query.filter(contributions::parent_id.eq(p));
    } else if q.top_level {
        query = query.filter(contributions::parent_id.is_null());
    }
    if let Some(k) = &q.kind {
        query = query.filter(contributions::kind.eq(*k));
    }
    if let Some(s) = &q.stance {
        query = query.filter(contributions::stance.eq(*s));
    }
    // The random order: random_key XOR seed, written with | and & so that
    // SQLite and PostgreSQL read it alike.
    let key_sql = match q.order {
        Order::Supported => "contributions.support_score".to_string(),
        Order::Recent => "contributions.id".to_string(),
        Order::Controversial => "contributions.controversy_score".to_string(),
        Order::Random(seed) => {
            let seed = seed & 0x7fff_ffff;
            format!("((contributions.random_key | {seed}) - (contributions.random_key & {seed}))")
        }
    };
    let key_sql = format!(
        "(CASE WHEN {} THEN {key_sql} - {SINK} ELSE {key_sql} END)",
        sinks_sql()
    );
    if let Some((key, id)) = q.after {
        query = query.filter(sql::<Bool>(&format!(
            "({key_sql} < {key} OR ({key_sql} = {key} AND contributions.id < {id}))"
        )));
    }
    let rows: Vec<ListedValues> = query
        .order((sql::<BigInt>(&key_sql).desc(), contributions::id.desc()))
        .limit(q.limit)
        .load(conn)?;
    Ok(rows.into_iter().map(listed).collect())
}

/// Keeps the earlier text of an edited contribution, then writes the new.
#[allow(clippy::too_many_arguments)]
pub fn edit(
    conn: &mut DbConnection,
    old: &ContributionRow,
    title: Option<&str>,
    body: &str,
    proposed_text: Option<&str>,
    url: Option<&str>,
    search_terms: &str,
    now: NaiveDateTime,
) -> Result<(), StoreError> {
    diesel::insert_into(contribution_versions::table)
        .values((
            contribution_versions::contribution_id.eq(old.id),
            contribution_versions::title.eq(&old.title),
            contribution_versions::body.eq(&old.body),
            contribution_versions::proposed_text.eq(&old.proposed_text),
            contribution_versions::url.eq(&old.url),
            contribution_versions::created_at.eq(old.edited_at.unwrap_or(old.created_at)),
        ))
        .kept()
        .execute(conn)?;
    diesel::update(contributions::table.find(old.id))
        .set((
            contributions::title.eq(title),
            contributions::body.eq(body),
            contributions::proposed_text.eq(proposed_text),
            contributions::url.eq(url),
            contributions::search_terms.eq(search_terms),
            contributions::edited_at.eq(now),
            contributions::updated_at.eq(now),
        ))
        .kept()
        .execute(conn)?;
    rendered::write(conn, old.id, body, proposed_text)
}

/// Takes the contribution's row lock for the rest of the transaction (a
/// no-op update), before what is read of it decides a change: on
/// PostgreSQL, concurrent acts on one contribution queue behind each other;
/// SQLite's IMMEDIATE transactions already do. Lock order: contribution,
/// then article, then bill (the counters' order).
pub fn lock(conn: &mut DbConnection, id: i64) -> Result<(), StoreError> {
    super::locked(
        diesel::update(contributions::table.find(id))
            .set(contributions::updated_at.eq(contributions::updated_at))
            .kept()
            .execute(conn)?,
    )
}

/// Locks many contributions in id order (bulk acts), so that two bulk
/// acts never wait on each other in a circle.
pub fn lock_many(conn: &mut DbConnection, ids: &[i64]) -> Result<(), StoreError> {
    let mut ids = ids.to_vec();
    ids.sort_unstable();
    for id in ids {
        match lock(conn, id) {
            Ok(()) | Err(StoreError::NotFound) => {}
            Err(e) => return Err(e),
        }
    }
    Ok(())
}

/// Locks a published contribution's row for a change by its author (a
/// no-op update); false if it is not published any more.
pub fn lock_published(conn: &mut DbConnection, id: i64) -> Result<bool, StoreError> {
    let n = diesel::update(contributions::table.find(id))
        .filter(contributions::status.eq(ContributionState::Published))
        .set(contributions::updated_at.eq(contributions::updated_at))
        .kept()
        .execute(conn)?;
    Ok(n == 1)
}

pub fn mark_withdrawn(
    conn: &mut DbConnection,
    id: i64,
    now: NaiveDateTime,
) -> Result<bool, StoreError> {
    let n = diesel::update(contributions::table.find(id))
        .filter(contributions::status.eq(ContributionState::Published))
        .set((
            contributions::status.eq(ContributionState::Withdrawn),
            contributions::withdrawn_at.eq(now),
            contributions::updated_at.eq(now),
        ))
        .kept()
        .execute(conn)?;
    Ok(n == 1)
}

/// How many earlier versions an edited contribution has.
pub fn version_count(conn: &mut DbConnection, id: i64) -> Result<i64, StoreError> {
    Ok(contribution_versions::table
        .filter(contribution_versions::contribution_id.eq(id))
        .count()
        .get_result(conn)?)
}

/// Moves the per-kind counts of the article, the parent and the bill when a
/// contribution appears (+1) or is withdrawn (-1).
pub fn count(conn: &mut DbConnection, row: &ContributionRow, delta: i32) -> Result<(), StoreError> {
    use ContributionKind::{Amendment, Argument, Proposal, Source};
    let kind = row.kind;
    match (row.parent_id, row.article_id) {
        (Some(parent), _) => {
            let target = contributions::table.find(parent);
            match kind {
                Argument => diesel::update(target)
                    .set(contributions::arguments_count.eq(contributions::arguments_count + delta))
                    .kept()
                    .execute(conn)?,
                Source => diesel::update(target)
                    .set(contributions::sources_count.eq(contributions::sources_count + delta))
                    .kept()
                    .execute(conn)?,
                _ => 0,
            };
        }
        (None, Some(article)) => {
            let target = articles::table.find(article);
            match kind {
                Argument => diesel::update(target)
                    .set(articles::arguments_count.eq(articles::arguments_count + delta))
                    .kept()
                    .execute(conn)?,
                Amendment => diesel::update(target)
                    .set(articles::amendments_count.eq(articles::amendments_count + delta))
                    .kept()
                    .execute(conn)?,
                Source => diesel::update(target)
                    .set(articles::sources_count.eq(articles::sources_count + delta))
                    .kept()
                    .execute(conn)?,
                _ => 0,
            };
        }
        (None, None) => {}
    }
    let proposal = i32::from(kind == Proposal) * delta;
    diesel::update(bills::table.find(row.bill_id))
        .set((
            bills::contributions_count.eq(bills::contributions_count + delta),
            bills::proposals_count.eq(bills::proposals_count + proposal),
        ))
        .kept()
        .execute(conn)?;
    Ok(())
}

/// Records that `user_id` took part in the bill; counts them once.
pub fn add_participant(
    conn: &mut DbConnection,
    bill_id: i64,
    user_id: i64,
) -> Result<(), StoreError> {
    // The derived connection has no conflict clause; a kept write runs on
    // the backend's own.
    let inserted = diesel::insert_into(bill_participants::table)
        .values((
            bill_participants::bill_id.eq(bill_id),
            bill_participants::user_id.eq(user_id),
        ))
        .on_conflict_do_nothing()
        .kept()
        .execute(conn)?;
    if inserted == 1 {
        diesel::update(bills::table.find(bill_id))
            .set(bills::participants_count.eq(bills::participants_count + 1))
            .kept()
            .execute(conn)?;
    }
    Ok(())
}

/// A contribution as open data needs it: the row, who wrote it (name,
/// role, category, deleted) and the moderators' reason.
pub type ExportRow = (ContributionRow, AuthorValues, Option<String>);

/// One page of a bill's contributions after `after`, by id (exports).
pub fn export_page(
    conn: &mut DbConnection,
    bill_id: i64,
    after: i64,
    limit: i64,
) -> Result<Vec<ExportRow>, StoreError> {
    Ok(contributions::table
        .inner_join(users::table)
        .left_join(moderation_cases::table)
        .filter(contributions::bill_id.eq(bill_id))
        .filter(contributions::id.gt(after))
        .select((
            ContributionRow::as_select(),
            author_columns(),
            moderation_cases::reason.nullable(),
        ))
        .order(contributions::id.asc())
        .limit(limit)
        .load(conn)?)
}

/// One page of the amendments and proposals that await or have a decision
/// (as [`arbitrable`]), ids above `after_id`, in id order: the report reads
/// thousands of them page by page instead of all at once.
pub fn arbitrable_page(
    conn: &mut DbConnection,
    bill_id: i64,
    after_id: i64,
    limit: i64,
) -> Result<Vec<Listed>, StoreError> {
    let rows: Vec<ListedValues> = contributions::table
        .inner_join(users::table)
        .left_join(moderation_cases::table)
        .left_join(contribution_html::table)
        .filter(contributions::bill_id.eq(bill_id))
        .filter(contributions::id.gt(after_id))
        .filter(
            contributions::kind.eq_any([ContributionKind::Amendment, ContributionKind::Proposal]),
        )
        .filter(contributions::status.eq(ContributionState::Published))
        .filter(
            contributions::moderation
                .is_null()
                .or(contributions::moderation.ne(State::Hidden)),
        )
        .select((
            ContributionRow::as_select(),
            author_columns(),
            moderation_cases::reason.nullable(),
            rendered::stored_columns(),
        ))
        .order(contributions::id.asc())
        .limit(limit)
        .load(conn)?;
    Ok(rows.into_iter().map(listed).collect())
}

/// Every amendment and proposal of a bill still standing (published, not
/// hidden), with their authors, in one query: what needs a decision.
pub fn arbitrable(conn: &mut DbConnection, bill_id: i64) -> Result<Vec<Listed>, StoreError> {
    arbitrable_page(conn, bill_id, 0, 100_000)
}

/// What open data says of a contribution beside its own row: kind, title,
/// article and place, and whether its text is public.
#[derive(Queryable, Debug, Clone)]
pub struct Subject {
    pub id: i64,
    pub kind: ContributionKind,
    pub title: Option<String>,
    pub article_id: Option<i64>,
    pub after_article_id: Option<i64>,
    pub status: ContributionState,
    pub moderation: Option<State>,
}

impl Subject {
    pub fn text_is_public(&self) -> bool {
        crate::domain::moderation::text_is_public(self.status, self.moderation)
    }
}

/// Every contribution of a bill, narrowly, for the open-data tables that
/// refer to contributions (votes, decisions).
pub fn subjects_of_bill(conn: &mut DbConnection, bill_id: i64) -> Result<Vec<Subject>, StoreError> {
    Ok(contributions::table
        .filter(contributions::bill_id.eq(bill_id))
        .select((
            contributions::id,
            contributions::kind,
            contributions::title,
            contributions::article_id,
            contributions::after_article_id,
            contributions::status,
            contributions::moderation,
        ))
        .order(contributions::id.asc())
        .load(conn)?)
}

/// When each contribution of a bill was submitted, with its state, for
/// counts per day.
pub fn created_dates(
    conn: &mut DbConnection,
    bill_id: i64,
) -> Result<Vec<(NaiveDateTime, ContributionState, Option<State>)>, StoreError> {
    Ok(contributions::table
        .filter(contributions::bill_id.eq(bill_id))
        .select((
            contributions::created_at,
            contributions::status,
            contributions::moderation,
        ))
        .load(conn)?)
}
