//! Search results for templates: what each hit is, where, and its stance;
//! the search within a bill and the search over every bill.

use serde::Serialize;

use super::bills::BillCard;
use crate::analysis::search::Fragment;
use crate::service::search::Found;

#[derive(Serialize)]
pub struct SearchResult {
    /// `article`, or the contribution's kind.
    pub kind: String,
    pub id: i64,
    pub article_id: Option<i64>,
    pub label: String,
    pub article_title: Option<String>,
    pub stance: Option<String>,
    pub bill_slug: String,
    pub bill_title: String,
    /// The text around the first match, matches marked.
    pub excerpt: Vec<Fragment>,
}

pub fn result(f: &Found) -> SearchResult {
    SearchResult {
        kind: f.kind.clone(),
        id: f.id,
        article_id: f.article_id,
        label: f.label.clone(),
        article_title: f.article_title.clone(),
        stance: f.stance.clone(),
        bill_slug: f.bill_slug.clone(),
        bill_title: f.bill_title.clone(),
        excerpt: f.excerpt.clone(),
    }
}

/// The search page, within a bill (`bill`) or over every bill.
#[derive(Serialize)]
pub struct SearchPageView {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bill: Option<BillCard>,
    pub q: String,
    pub results: Vec<SearchResult>,
}

pub fn search_page(bill: Option<BillCard>, q: &str, found: &[Found]) -> SearchPageView {
    SearchPageView {
        bill,
        q: q.to_string(),
        results: found.iter().map(result).collect(),
    }
}
