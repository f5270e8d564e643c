//! Full-text search, French-aware: within one bill, or over every bill the
//! public reads. Article titles and headings come first, then the text of
//! the articles, then contributions (those whose title matches first);
//! within each tier, the database's own rank.

use std::collections::HashMap;

use crate::analysis::search as text_search;
use crate::context::AppContext;
use crate::domain::User;
use crate::error::AppError;
use crate::service::access::{BillAccess, BillKey};
use crate::store::search::{self as index, Scope};
use crate::store::{DbConnection, StoreError, articles, bills, contributions};

/// Results shown at most.
pub const MAX_RESULTS: usize = 50;
/// Candidates read of each kind before ranking.
const CANDIDATES: i64 = 200;

/// One search result: what it is, where it is, and a highlighted excerpt.
#[derive(Debug, Clone)]
pub struct Found {
    /// `article`, or the contribution's kind.
    pub kind: String,
    pub id: i64,
    pub article_id: Option<i64>,
    /// The article's label, or the contribution's title (may be empty).
    pub label: String,
    /// "Article 11 — Neutralité de l'internet": the article it is, or the
    /// one it is about.
    pub article_title: Option<String>,
    /// `for` or `against`, for an argument.
    pub stance: Option<String>,
    pub bill_slug: String,
    pub bill_title: String,
    pub excerpt: Vec<text_search::Fragment>,
}

/// How many of the query's terms begin a term of `text` (as the index
/// matches them: prefixes of normalised terms).
fn matched_terms(text: &str, terms: &[String]) -> usize {
    let words = text_search::index_terms(text);
    terms
        .iter()
        .filter(|t| words.split(' ').any(|w| w.starts_with(t.as_str())))
        .count()
}

fn article_title(label: &str, heading: Option<&str>) -> String {
    match heading.filter(|h| !h.trim().is_empty()) {
        Some(h) => format!("{label} — {h}"),
        None => label.to_string(),
    }
}

fn find_all(
    conn: &mut DbConnection,
    scope: Scope,
    terms: &[String],
) -> Result<Vec<Found>, StoreError> {
    let (fts, tsq) = (text_search::fts5_match(terms), text_search::tsquery(terms));
    let mut bill_names: HashMap<i64, (String, String)> = HashMap::new();
    let mut article_titles: HashMap<i64, String> = HashMap::new();
    let mut ranked: Vec<(u8, usize, Found)> = Vec::new();
    for kind in [index::ARTICLE, index::CONTRIBUTION] {
        for hit in index::search(conn, scope, kind, &fts, &tsq, CANDIDATES)? {
            let (bill_slug, bill_title) = match bill_names.get(&hit.bill_id) {
                Some(names) => names.clone(),
                None => {
                    let b = bills::find(conn, hit.bill_id)?;
                    bill_names.insert(hit.bill_id, (b.slug.clone(), b.title.clone()));
                    (b.slug, b.title)
                }
            };
            let (tier, found) = if kind == index::ARTICLE {
                let a = articles::find(conn, hit.item_id)?;
                let title = article_title(&a.label, a.heading.as_deref());
                article_titles.insert(a.id, title.clone());
                let text = format!("{} {}", a.heading.clone().unwrap_or_default(), a.body);
                let tier = if matched_terms(&title, terms) > 0 {
                    0
                } else {
                    1
                };
                (
                    tier,
                    Found {
                        kind: "article".into(),
                        id: a.id,
                        article_id: Some(a.id),
                        label: a.label,
                        article_title: Some(title),
                        stance: None,
                        bill_slug,
                        bill_title,
                        excerpt: text_search::excerpt(text.trim(), terms, 220),
                    },
                )
            } else {
                let r = contributions::find(conn, hit.item_id)?;
                let about = match r.article_id {
                    Some(id) => match article_titles.get(&id) {
                        Some(t) => Some(t.clone()),
                        None => {
                            let a = articles::find(conn, id)?;
                            let t = article_title(&a.label, a.heading.as_deref());
                            article_titles.insert(id, t.clone());
                            Some(t)
                        }
                    },
                    None => None,
                };
                let title = r.title.clone().unwrap_or_default();
                let text = format!(
                    "{} {} {}",
                    title,
                    r.body,
                    r.proposed_text.clone().unwrap_or_default()
                );
                let tier = if matched_terms(&title, terms) > 0 {
                    2
                } else {
                    3
                };
                (
                    tier,
                    Found {
                        kind: r.kind.as_str().to_string(),
                        id: r.id,
                        article_id: r.article_id,
                        label: title,
                        article_title: about,
                        stance: r.stance.map(|s| s.as_str().to_string()),
                        bill_slug,
                        bill_title,
                        excerpt: text_search::excerpt(text.trim(), terms, 220),
                    },
                )
            };
            let rank = ranked.len();
            ranked.push((tier, rank, found));
        }
    }
    ranked.sort_by_key(|(tier, rank, _)| (*tier, *rank));
    Ok(ranked
        .into_iter()
        .take(MAX_RESULTS)
        .map(|(_, _, f)| f)
        .collect())
}

/// Within one bill the viewer may read.
pub async fn in_bill(
    ctx: &AppContext,
    viewer: Option<&User>,
    slug: &str,
    q: &str,
) -> Result<Vec<Found>, AppError> {
    let terms = text_search::query_terms(q);
    if terms.is_empty() {
        return Ok(Vec::new());
    }
    let viewer = viewer.cloned();
    let slug = slug.to_string();
    ctx.db
        .run(move |conn| {
            let bill = BillAccess::read(conn, BillKey::Slug(&slug), viewer.as_ref())?
                .visible()?
                .row;
            Ok(find_all(conn, Scope::Bill(bill.id), &terms)?)
        })
        .await
}

/// Over every open, closed or published bill (never a draft).
pub async fn everywhere(ctx: &AppContext, q: &str) -> Result<Vec<Found>, AppError> {
    let terms = text_search::query_terms(q);
    if terms.is_empty() {
        return Ok(Vec::new());
    }
    ctx.db
        .run(move |conn| Ok(find_all(conn, Scope::Public, &terms)?))
        .await
}
