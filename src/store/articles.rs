//! Articles and every version of their text.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::kept::KeepPrepared;
use super::schema::{article_versions, articles, users};
use super::{DbConnection, StoreError};

#[derive(Queryable, Selectable, Debug, Clone)]
#[diesel(table_name = articles)]
pub struct ArticleRow {
    pub id: i64,
    pub bill_id: i64,
    pub section_id: Option<i64>,
    pub position: i32,
    pub label: String,
    pub heading: Option<String>,
    pub body: String,
    pub version: i32,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub votes_agree: i32,
    pub votes_mixed: i32,
    pub votes_disagree: i32,
    pub arguments_count: i32,
    pub amendments_count: i32,
    pub sources_count: i32,
    /// After publication: "deleted" (supprimé) or "added" (from a proposal).
    pub fate: Option<String>,
    /// The proposal an added article comes from.
    pub origin_id: Option<i64>,
    /// Its own explanation (objective, reasons), Markdown; not part of
    /// the text.
    pub explanation: Option<String>,
}

#[derive(Queryable, Debug, Clone)]
pub struct VersionRow {
    pub version: i32,
    pub label: String,
    pub heading: Option<String>,
    pub body: String,
    pub reason: Option<String>,
    pub author_name: Option<String>,
    pub created_at: NaiveDateTime,
}

pub struct NewArticle<'a> {
    pub bill_id: i64,
    pub section_id: Option<i64>,
    pub position: i32,
    pub label: &'a str,
    pub heading: Option<&'a str>,
    pub body: &'a str,
    pub explanation: Option<&'a str>,
    pub author_id: Option<i64>,
    pub now: NaiveDateTime,
}

/// Inserts an article and its first version.
pub fn insert(conn: &mut DbConnection, new: &NewArticle) -> Result<i64, StoreError> {
    let id: i64 = diesel::insert_into(articles::table)
        .values((
            articles::bill_id.eq(new.bill_id),
            articles::section_id.eq(new.section_id),
            articles::position.eq(new.position),
            articles::label.eq(new.label),
            articles::heading.eq(new.heading),
            articles::body.eq(new.body),
            articles::explanation.eq(new.explanation),
            articles::version.eq(1),
            articles::created_at.eq(new.now),
            articles::updated_at.eq(new.now),
            articles::search_terms.eq(article_terms(new.label, new.heading, new.body)),
        ))
        .returning(articles::id)
        .kept()
        .get_result(conn)?;
    super::search::index(
        conn,
        new.bill_id,
        super::search::ARTICLE,
        id,
        &article_terms(new.label, new.heading, new.body),
    )?;
    insert_version(
        conn,
        id,
        1,
        new.label,
        new.heading,
        new.body,
        None,
        new.author_id,
        new.now,
    )?;
    Ok(id)
}

#[allow(clippy::too_many_arguments)]
fn insert_version(
    conn: &mut DbConnection,
    article_id: i64,
    version: i32,
    label: &str,
    heading: Option<&str>,
    body: &str,
    reason: Option<&str>,
    author_id: Option<i64>,
    now: NaiveDateTime,
) -> Result<(), StoreError> {
    diesel::insert_into(article_versions::table)
        .values((
            article_versions::article_id.eq(article_id),
            article_versions::version.eq(version),
            article_versions::label.eq(label),
            article_versions::heading.eq(heading),
            article_versions::body.eq(body),
            article_versions::reason.eq(reason),
            article_versions::author_id.eq(author_id),
            article_versions::created_at.eq(now),
        ))
        .kept()
        .execute(conn)?;
    Ok(())
}

/// Writes a new version of the article's text (and label and heading).
/// The version number is checked, so two concurrent edits cannot both
/// become version N + 1.
#[allow(clippy::too_many_arguments)]
pub fn new_version(
    conn: &mut DbConnection,
    article: &ArticleRow,
    label: &str,
    heading: Option<&str>,
    body: &str,
    reason: Option<&str>,
    author_id: i64,
    now: NaiveDateTime,
) -> Result<i32, StoreError> {
    let next = article.version + 1;
    let updated = diesel::update(articles::table.find(article.id))
        .filter(articles::version.eq(article.version))
        .set((
            articles::label.eq(label),
            articles::heading.eq(heading),
            articles::body.eq(body),
            articles::version.eq(next),
            articles::updated_at.eq(now),
            articles::search_terms.eq(article_terms(label, heading, body)),
        ))
        .kept()
        .execute(conn)?;
    if updated == 0 {
        return Err(StoreError::Duplicate);
    }
    super::search::index(
        conn,
        article.bill_id,
        super::search::ARTICLE,
        article.id,
        &article_terms(label, heading, body),
    )?;
    insert_version(
        conn,
        article.id,
        next,
        label,
        heading,
        body,
        reason,
        Some(author_id),
        now,
    )?;
    Ok(next)
}

/// What search finds an article by: its number, heading and text.
fn article_terms(label: &str, heading: Option<&str>, body: &str) -> String {
    crate::analysis::search::index_terms(&format!("{label} {} {body}", heading.unwrap_or("")))
}

pub fn find(conn: &mut DbConnection, id: i64) -> Result<ArticleRow, StoreError> {
    Ok(articles::table
        .find(id)
        .select(ArticleRow::as_select())
        .first(conn)?)
}

/// The bill an article belongs to (a vote needs no more of it).
pub fn bill_of(conn: &mut DbConnection, id: i64) -> Result<i64, StoreError> {
    Ok(articles::table
        .find(id)
        .select(articles::bill_id)
        .first(conn)?)
}

/// Locks articles in id order (a no-op update; a missing one is skipped),
/// so that writers locking several never wait on each other in a circle.
pub fn lock_many(conn: &mut DbConnection, ids: &[i64]) -> Result<(), StoreError> {
    let mut ids = ids.to_vec();
    ids.sort_unstable();
    ids.dedup();
    for id in ids {
        diesel::update(articles::table.find(id))
            .set(articles::votes_agree.eq(articles::votes_agree))
            .kept()
            .execute(conn)?;
    }
    Ok(())
}

pub fn list_for_bill(conn: &mut DbConnection, bill_id: i64) -> Result<Vec<ArticleRow>, StoreError> {
    Ok(articles::table
        .filter(articles::bill_id.eq(bill_id))
        .select(ArticleRow::as_select())
        .order((articles::position.asc(), articles::id.asc()))
        .limit(crate::domain::bill::MAX_ARTICLES as i64)
        .load(conn)?)
}

pub fn next_position(conn: &mut DbConnection, bill_id: i64) -> Result<i32, StoreError> {
    let max: Option<i32> = articles::table
        .filter(articles::bill_id.eq(bill_id))
        .select(diesel::dsl::max(articles::position))
        .first(conn)?;
    Ok(max.unwrap_or(0) + 1)
}

pub fn delete(conn: &mut DbConnection, id: i64) -> Result<(), StoreError> {
    super::search::unindex(conn, super::search::ARTICLE, id)?;
    diesel::delete(article_versions::table.filter(article_versions::article_id.eq(id)))
        .execute(conn)?;
    diesel::delete(articles::table.find(id)).execute(conn)?;
    Ok(())
}

pub fn versions(conn: &mut DbConnection, article_id: i64) -> Result<Vec<VersionRow>, StoreError> {
    Ok(article_versions::table
        .left_join(users::table.on(users::id.nullable().eq(article_versions::author_id)))
        .filter(article_versions::article_id.eq(article_id))
        .select((
            article_versions::version,
            article_versions::label,
            article_versions::heading,
            article_versions::body,
            article_versions::reason,
            users::display_name.nullable(),
            article_versions::created_at,
        ))
        .order(article_versions::version.asc())
        .limit(1000)
        .load(conn)?)
}

/// Gives search terms to articles that have none (written before search
/// existed); returns how many.
pub fn index_missing(conn: &mut DbConnection) -> Result<usize, StoreError> {
    let missing: Vec<ArticleRow> = articles::table
        .filter(articles::search_terms.eq(""))
        .select(ArticleRow::as_select())
        .limit(100_000)
        .load(conn)?;
    for a in &missing {
        let terms = article_terms(&a.label, a.heading.as_deref(), &a.body);
        diesel::update(articles::table.find(a.id))
            .set(articles::search_terms.eq(&terms))
            .kept()
            .execute(conn)?;
        super::search::index(conn, a.bill_id, super::search::ARTICLE, a.id, &terms)?;
    }
    Ok(missing.len())
}

/// Marks what publication did to an article ("deleted" or "added", with
/// the proposal it comes from).
pub fn set_fate(
    conn: &mut DbConnection,
    id: i64,
    fate: &str,
    origin_id: Option<i64>,
) -> Result<(), StoreError> {
    diesel::update(articles::table.find(id))
        .set((articles::fate.eq(fate), articles::origin_id.eq(origin_id)))
        .kept()
        .execute(conn)?;
    Ok(())
}

/// Makes room at `position`: every article of the bill from there moves
/// one place down.
pub fn shift_from(conn: &mut DbConnection, bill_id: i64, position: i32) -> Result<(), StoreError> {
    diesel::update(
        articles::table
            .filter(articles::bill_id.eq(bill_id))
            .filter(articles::position.ge(position)),
    )
    .set(articles::position.eq(articles::position + 1))
    .kept()
    .execute(conn)?;
    Ok(())
}

/// The text of each article of a bill as it stood when the consultation
/// opened (its first version if it came later): (article, version row).
pub fn initial_versions(
    conn: &mut DbConnection,
    bill_id: i64,
    opened_at: Option<NaiveDateTime>,
) -> Result<Vec<(i64, String)>, StoreError> {
    let rows: Vec<(i64, i32, String, NaiveDateTime)> = article_versions::table
        .inner_join(articles::table)
        .filter(articles::bill_id.eq(bill_id))
        .select((
            article_versions::article_id,
            article_versions::version,
            article_versions::body,
            article_versions::created_at,
        ))
        .order((
            article_versions::article_id.asc(),
            article_versions::version.asc(),
        ))
        .load(conn)?;
    let mut out: Vec<(i64, String)> = Vec::new();
    for (article_id, _, body, at) in rows {
        let before_opening = opened_at.is_none_or(|o| at <= o);
        match out.last_mut() {
            Some((last, text)) if *last == article_id => {
                if before_opening {
                    *text = body;
                }
            }
            _ => out.push((article_id, body)),
        }
    }
    Ok(out)
}
