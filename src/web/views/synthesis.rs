//! Synthesis and arbitration as the pages and the API show them: the
//! sponsor's workspace (each item with its diff against the article, the
//! wordings to write, what a refused form held), a decision, a publication.

use serde::Serialize;
use utoipa::ToSchema;

use super::contributions::shown;
use crate::domain::decision::{Decision, Outcome};
use crate::domain::{Locale, time};
use crate::service::synthesis::{Item, Workspace};
use crate::store::bills::BillRow;
use crate::store::synthesis::DecisionRow;
use crate::text::diff::{self, Paragraph};

// The arbitration page.

#[derive(Serialize)]
pub struct ArbitrationPage {
    pub bill: BillLine,
    pub articles: Vec<ArticleLine>,
    pub proposals: Vec<ItemLine>,
    pub missing: Vec<i64>,
    pub conflicts: Vec<String>,
    pub ready: bool,
    pub pending: bool,
    pub decisions: Vec<&'static str>,
    pub return_to: String,
    /// The decision form refused, if any (`id` null otherwise).
    pub failed: FailedDecision,
    /// The final wording refused, if any (`article` null otherwise).
    pub failed_wording: FailedWording,
}

#[derive(Serialize)]
pub struct BillLine {
    pub slug: String,
    pub title: String,
    pub status: crate::domain::BillStatus,
}

#[derive(Serialize)]
pub struct ArticleLine {
    pub id: i64,
    pub label: String,
    pub heading: Option<String>,
    pub body: String,
    pub note: Option<String>,
    pub wording: Option<String>,
    pub needs_wording: bool,
    pub outcome: &'static str,
    /// The amendments retained on it, side by side with its text.
    pub retained: Vec<ItemLine>,
    /// Its amendments listed (those pending only, when so filtered).
    pub items: Vec<ItemLine>,
    pub count: usize,
}

/// An amendment or a proposal; an amendment's diff against its article.
#[derive(Serialize)]
pub struct ItemLine {
    pub diff: Option<Vec<Paragraph>>,
    pub id: i64,
    pub kind: crate::domain::contribution::ContributionKind,
    pub title: Option<String>,
    pub author: String,
    pub body: String,
    pub proposed_text: Option<String>,
    pub deletes_article: bool,
    /// Agree, mixed, disagree.
    pub votes: [i32; 3],
    pub arguments: i32,
    pub themes: Vec<String>,
    pub decision: Option<Decision>,
    pub justification: Option<String>,
    pub wording: Option<String>,
}

#[derive(Serialize, Default)]
pub struct FailedDecision {
    pub id: Option<i64>,
    pub decision: String,
    pub justification: String,
    pub wording: String,
}

#[derive(Serialize, Default)]
pub struct FailedWording {
    pub article: Option<i64>,
    pub body: String,
}

fn item(locale: Locale, i: &Item, article: Option<&str>) -> ItemLine {
    let r = &i.listed.row;
    let diff = match (article, &r.proposed_text) {
        (Some(body), Some(text)) if !r.deletes_article => Some(diff::paragraphs(body, text)),
        _ => None,
    };
    ItemLine {
        diff,
        id: r.id,
        kind: r.kind,
        title: r.title.clone(),
        author: shown(locale, &i.listed.author),
        body: r.body.clone(),
        proposed_text: r.proposed_text.clone(),
        deletes_article: r.deletes_article,
        votes: [r.votes_agree, r.votes_mixed, r.votes_disagree],
        arguments: r.arguments_count,
        themes: i.themes.clone(),
        decision: i.decision.as_ref().map(|d| d.decision),
        justification: i.decision.as_ref().and_then(|d| d.justification.clone()),
        wording: i.decision.as_ref().and_then(|d| d.wording.clone()),
    }
}

/// The workspace; with `pending`, only the items without a decision.
pub fn arbitration(
    locale: Locale,
    w: &Workspace,
    pending: bool,
    return_to: &str,
    failed: FailedDecision,
    failed_wording: FailedWording,
) -> ArbitrationPage {
    let keep = |i: &&Item| !pending || i.decision.is_none();
    let articles = w
        .articles
        .iter()
        .map(|a| {
            let retained: Vec<i64> = match &a.outcome {
                Outcome::NeedsWording { amendments } => amendments.clone(),
                Outcome::Replaced { from, .. } => from.clone(),
                _ => Vec::new(),
            };
            let body = Some(a.article.body.as_str());
            ArticleLine {
                id: a.article.id,
                label: a.article.label.clone(),
                heading: a.article.heading.clone(),
                body: a.article.body.clone(),
                note: a.note.clone(),
                wording: a.wording.clone(),
                needs_wording: matches!(a.outcome, Outcome::NeedsWording { .. }),
                outcome: match &a.outcome {
                    Outcome::Unchanged => "unchanged",
                    Outcome::Replaced { .. } => "replaced",
                    Outcome::Deleted { .. } => "deleted",
                    Outcome::NeedsWording { .. } => "needs_wording",
                },
                retained: a
                    .amendments
                    .iter()
                    .filter(|i| retained.contains(&i.listed.row.id))
                    .map(|i| item(locale, i, body))
                    .collect(),
                items: a
                    .amendments
                    .iter()
                    .filter(keep)
                    .map(|i| item(locale, i, body))
                    .collect(),
                count: a.amendments.len(),
            }
        })
        .collect();
    ArbitrationPage {
        bill: BillLine {
            slug: w.bill.slug.clone(),
            title: w.bill.title.clone(),
            status: w.bill.status,
        },
        articles,
        proposals: w
            .proposals
            .iter()
            .filter(keep)
            .map(|i| item(locale, i, None))
            .collect(),
        missing: w.missing.clone(),
        conflicts: w.conflicts.clone(),
        ready: w.ready(),
        pending,
        decisions: Decision::ALL.iter().map(|d| d.as_str()).collect(),
        return_to: return_to.to_string(),
        failed,
        failed_wording,
    }
}

// The API.

#[derive(Serialize, ToSchema)]
pub struct DecisionView {
    pub contribution_id: i64,
    pub decision: String,
    pub justification: Option<String>,
    pub wording: Option<String>,
    pub decided_at: String,
}

impl From<DecisionRow> for DecisionView {
    fn from(d: DecisionRow) -> DecisionView {
        DecisionView {
            contribution_id: d.contribution_id,
            decision: d.decision.to_string(),
            justification: d.justification,
            wording: d.wording,
            decided_at: time::rfc3339(d.decided_at),
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct PublicationView {
    pub slug: String,
    pub status: String,
    pub published_at: Option<String>,
    pub synthesis: String,
}

impl PublicationView {
    /// `synthesis` is the report's address.
    pub fn of(bill: BillRow, synthesis: String) -> PublicationView {
        PublicationView {
            synthesis,
            slug: bill.slug,
            status: bill.status.to_string(),
            published_at: bill.published_at.map(time::rfc3339),
        }
    }
}

/// A contribution's themes as kept.
#[derive(Serialize)]
pub struct ThemeIdsView {
    pub theme_ids: Vec<i64>,
}

/// The report's foreword as kept.
#[derive(Serialize)]
pub struct ForewordView {
    pub body: String,
}
