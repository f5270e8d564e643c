//! Bills and articles for templates and the API: a bill's card, the home
//! page, the pages around an article (its edition, its history), and the
//! API's bills, articles and versions.

use chrono::NaiveDateTime;
use serde::Serialize;
use utoipa::ToSchema;

use super::article_page::{ArticleText, Neighbour};
use super::dates;
use crate::domain::{BillStatus, Locale, time};
use crate::service::bills::{ArticleDetail, BillDetail, Overview};
use crate::store::articles::{ArticleRow, VersionRow};
use crate::store::bills::{BillRow, SectionRow};
use crate::text::diff;

/// A bill in a list or atop one of its pages: title, status, and when it
/// closes.
#[derive(Serialize, Clone, Debug)]
pub struct BillCard {
    pub slug: String,
    pub title: String,
    pub status: &'static str,
    pub opens_at: Option<String>,
    pub closes_at: Option<String>,
    pub closes_at_iso: Option<String>,
    /// "3 days left" while open.
    pub remaining: Option<String>,
    /// "Opens on…", "closes on…", "closed on…".
    pub milestone: Option<String>,
}

pub fn bill_card(locale: Locale, row: &BillRow, now: NaiveDateTime) -> BillCard {
    let status = row.status;
    BillCard {
        slug: row.slug.clone(),
        title: row.title.clone(),
        status: status.as_str(),
        opens_at: row.opens_at.map(|t| dates::day(locale, t)),
        closes_at: row.closes_at.map(|t| dates::day(locale, t)),
        closes_at_iso: row.closes_at.map(time::rfc3339),
        remaining: match (status, row.closes_at) {
            (BillStatus::Open, Some(c)) if c > now => Some(dates::remaining(locale, now, c)),
            _ => None,
        },
        milestone: dates::milestone(locale, status, row.opens_at, row.closes_at),
    }
}

/// The home page: open consultations with the time left, recently closed
/// and published ones, and a sponsor's own bills.
#[derive(Serialize)]
pub struct HomeView {
    pub open_bills: Vec<BillCard>,
    pub finished_bills: Vec<BillCard>,
    pub my_bills: Vec<BillCard>,
    pub is_sponsor: bool,
}

pub fn home(locale: Locale, o: &Overview, is_sponsor: bool, now: NaiveDateTime) -> HomeView {
    let cards = |rows: &[BillRow]| rows.iter().map(|r| bill_card(locale, r, now)).collect();
    HomeView {
        open_bills: cards(&o.open),
        finished_bills: cards(&o.finished),
        my_bills: cards(&o.mine),
        is_sponsor,
    }
}

/// What the bill's edit page shows of it.
#[derive(Serialize)]
pub struct BillEditHeader {
    pub slug: String,
    pub title: String,
    pub status: &'static str,
    pub sponsors: Vec<String>,
}

pub fn bill_edit_header(d: &BillDetail) -> BillEditHeader {
    BillEditHeader {
        slug: d.bill.slug.clone(),
        title: d.bill.title.clone(),
        status: d.status.as_str(),
        sponsors: d.sponsors.iter().map(|(_, n)| n.clone()).collect(),
    }
}

/// What the pages around an article (its edition, its history) show of it.
#[derive(Serialize)]
pub struct ArticleFrame {
    pub bill: BillCard,
    pub article: ArticleText,
    /// "Modified on … because …" once the text has changed.
    pub modified: Option<VersionLine>,
    pub section: Option<SectionView>,
    pub previous: Option<Neighbour>,
    pub next: Option<Neighbour>,
    pub can_manage: bool,
    pub editing: bool,
    /// A new version needs its reason while the consultation is open.
    pub reason_required: bool,
    /// Its label may change while the bill is a draft.
    pub label_editable: bool,
}

/// A version of an article's text, in a list.
#[derive(Serialize)]
pub struct VersionLine {
    pub version: i32,
    pub label: String,
    pub heading: Option<String>,
    pub reason: Option<String>,
    pub author: Option<String>,
    pub at: String,
    pub at_iso: String,
}

pub fn version_line(locale: Locale, v: &VersionRow) -> VersionLine {
    VersionLine {
        version: v.version,
        label: v.label.clone(),
        heading: v.heading.clone(),
        reason: v.reason.clone(),
        author: v.author_name.clone(),
        at: dates::long(locale, v.created_at),
        at_iso: time::rfc3339(v.created_at),
    }
}

fn neighbour((id, label): &(i64, String)) -> Neighbour {
    Neighbour {
        id: *id,
        label: label.clone(),
    }
}

pub fn article_frame(locale: Locale, d: &ArticleDetail, now: NaiveDateTime) -> ArticleFrame {
    let latest = d.versions.last();
    ArticleFrame {
        bill: bill_card(locale, &d.bill, now),
        article: ArticleText::from(&d.article),
        modified: latest
            .filter(|v| v.version > 1)
            .map(|v| version_line(locale, v)),
        section: d.section.as_ref().map(SectionView::from),
        previous: d.previous.as_ref().map(neighbour),
        next: d.next.as_ref().map(neighbour),
        can_manage: d.can_manage,
        editing: crate::domain::bill::article_edits(d.status)
            != crate::domain::bill::ArticleEdits::Frozen,
        reason_required: d.status == BillStatus::Open,
        label_editable: d.status == BillStatus::Draft,
    }
}

/// An article's versions and the word diff between two of them.
#[derive(Serialize)]
pub struct HistoryView {
    /// Newest first.
    pub versions: Vec<VersionLine>,
    pub from: i32,
    pub to: i32,
    pub diff: Vec<diff::Span>,
    pub removed: usize,
    pub added: usize,
}

/// The versions and the word diff between two of them (default: the last
/// two).
pub fn history(
    locale: Locale,
    d: &ArticleDetail,
    from: Option<i32>,
    to: Option<i32>,
) -> HistoryView {
    let last = d.versions.last().map_or(1, |v| v.version);
    let to = to.filter(|v| (1..=last).contains(v)).unwrap_or(last);
    let from = from
        .filter(|v| (1..=last).contains(v))
        .unwrap_or((to - 1).max(1));
    let text = |n: i32| {
        d.versions
            .iter()
            .find(|v| v.version == n)
            .map(|v| v.body.as_str())
            .unwrap_or("")
    };
    let spans = diff::words(text(from), text(to));
    let (removed, added) = diff::stats(&spans);
    HistoryView {
        versions: d
            .versions
            .iter()
            .rev()
            .map(|v| version_line(locale, v))
            .collect(),
        from,
        to,
        diff: spans,
        removed,
        added,
    }
}

/// A bill in the API's lists.
#[derive(Serialize, ToSchema)]
pub struct BillSummaryView {
    pub id: i64,
    pub slug: String,
    pub title: String,
    #[schema(example = "open")]
    pub status: &'static str,
    pub opens_at: Option<String>,
    pub closes_at: Option<String>,
    pub updated_at: String,
}

impl From<&BillRow> for BillSummaryView {
    fn from(b: &BillRow) -> Self {
        BillSummaryView {
            id: b.id,
            slug: b.slug.clone(),
            title: b.title.clone(),
            status: b.status.as_str(),
            opens_at: b.opens_at.map(time::rfc3339),
            closes_at: b.closes_at.map(time::rfc3339),
            updated_at: time::rfc3339(b.updated_at),
        }
    }
}

/// An article over the API.
#[derive(Serialize, ToSchema)]
pub struct ArticleView {
    pub id: i64,
    pub bill_id: i64,
    pub position: i32,
    pub label: String,
    pub heading: Option<String>,
    /// Markdown, one paragraph per alinéa.
    pub body: String,
    pub version: i32,
    pub section_id: Option<i64>,
    pub updated_at: String,
    /// After publication: "deleted" (supprimé) or "added" (from a proposal).
    pub fate: Option<String>,
    pub votes: ArticleVotes,
    pub counts: ArticleCounts,
}

#[derive(Serialize, ToSchema)]
pub struct ArticleVotes {
    pub agree: i32,
    pub mixed: i32,
    pub disagree: i32,
}

/// How many arguments, amendments and sources an article has.
#[derive(Serialize, ToSchema)]
pub struct ArticleCounts {
    pub arguments: i32,
    pub amendments: i32,
    pub sources: i32,
}

impl From<&ArticleRow> for ArticleCounts {
    fn from(a: &ArticleRow) -> Self {
        ArticleCounts {
            arguments: a.arguments_count,
            amendments: a.amendments_count,
            sources: a.sources_count,
        }
    }
}

impl From<&ArticleRow> for ArticleView {
    fn from(a: &ArticleRow) -> Self {
        ArticleView {
            id: a.id,
            bill_id: a.bill_id,
            position: a.position,
            label: a.label.clone(),
            heading: a.heading.clone(),
            body: a.body.clone(),
            version: a.version,
            section_id: a.section_id,
            updated_at: time::rfc3339(a.updated_at),
            fate: a.fate.clone(),
            votes: ArticleVotes {
                agree: a.votes_agree,
                mixed: a.votes_mixed,
                disagree: a.votes_disagree,
            },
            counts: ArticleCounts::from(a),
        }
    }
}

/// A heading of the bill (titre, chapitre, section…).
#[derive(Serialize, ToSchema)]
pub struct SectionView {
    pub id: i64,
    pub level: i32,
    pub kind: String,
    pub label: String,
    pub heading: String,
}

impl From<&SectionRow> for SectionView {
    fn from(s: &SectionRow) -> Self {
        SectionView {
            id: s.id,
            level: s.level,
            kind: s.kind.clone(),
            label: s.label.clone(),
            heading: s.heading.clone(),
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct PersonView {
    pub id: i64,
    pub display_name: String,
}

#[derive(Serialize, ToSchema)]
pub struct TransitionView {
    pub from: String,
    pub to: String,
    /// None when the calendar moved the bill.
    pub actor: Option<String>,
    pub at: String,
}

/// A bill over the API, with its headings and articles.
#[derive(Serialize, ToSchema)]
pub struct BillView {
    #[serde(flatten)]
    pub summary: BillSummaryView,
    /// Exposé des motifs, Markdown.
    pub summary_text: String,
    pub source: Option<String>,
    pub sponsors: Vec<PersonView>,
    pub sections: Vec<SectionView>,
    pub articles: Vec<ArticleView>,
    pub transitions: Vec<TransitionView>,
    pub participation: ParticipationView,
}

/// How many took part in a consultation, and how.
#[derive(Serialize, ToSchema)]
pub struct ParticipationView {
    pub participants: i32,
    pub contributions: i32,
    pub proposals: i32,
    pub votes: i32,
}

impl From<&BillRow> for ParticipationView {
    fn from(b: &BillRow) -> Self {
        ParticipationView {
            participants: b.participants_count,
            contributions: b.contributions_count,
            proposals: b.proposals_count,
            votes: b.votes_count,
        }
    }
}

impl From<&BillDetail> for BillView {
    fn from(d: &BillDetail) -> Self {
        BillView {
            summary: BillSummaryView::from(&d.bill),
            summary_text: d.bill.summary.clone(),
            source: d.bill.source.clone(),
            sponsors: d
                .sponsors
                .iter()
                .map(|(id, name)| PersonView {
                    id: *id,
                    display_name: name.clone(),
                })
                .collect(),
            sections: d.sections.iter().map(SectionView::from).collect(),
            articles: d.articles.iter().map(ArticleView::from).collect(),
            transitions: d
                .transitions
                .iter()
                .map(|t| TransitionView {
                    from: t.from_status.to_string(),
                    to: t.to_status.to_string(),
                    actor: t.actor_name.clone(),
                    at: time::rfc3339(t.at),
                })
                .collect(),
            participation: ParticipationView::from(&d.bill),
        }
    }
}

/// A version of an article's text over the API.
#[derive(Serialize, ToSchema)]
pub struct VersionView {
    pub version: i32,
    pub label: String,
    pub heading: Option<String>,
    pub body: String,
    pub reason: Option<String>,
    pub author: Option<String>,
    pub created_at: String,
}

impl From<&VersionRow> for VersionView {
    fn from(v: &VersionRow) -> Self {
        VersionView {
            version: v.version,
            label: v.label.clone(),
            heading: v.heading.clone(),
            body: v.body.clone(),
            reason: v.reason.clone(),
            author: v.author_name.clone(),
            created_at: time::rfc3339(v.created_at),
        }
    }
}
