//! A bill's landing page: what the bill is, who sponsors it, when the
//! consultation runs, its articles as a table of contents with their
//! figures, its most supported proposals and where to go next.

use chrono::NaiveDateTime;
use serde::Serialize;

use super::bills::ParticipationView;
use super::contributions::author;
use super::dates;
use crate::domain::moderation::public_view;
use crate::domain::{BillStatus, Locale, time};
use crate::i18n;
use crate::service::reading::BillLanding;
use crate::store::articles::ArticleRow;
use crate::store::bills::BillRow;
use crate::text::markdown;

#[derive(Serialize)]
pub struct BillPage {
    pub bill: BillHeader,
    /// "Closes in 3 days", "Closed 2 days ago"… from the page's `now`.
    pub countdown: Option<String>,
    pub toc: Vec<TocGroup>,
    pub proposals: Vec<ProposalLine>,
    /// More proposals than those listed.
    pub more_proposals: bool,
    pub transitions: Vec<TransitionLine>,
    pub can_manage: bool,
    pub can_follow: bool,
    pub following: bool,
    pub open: bool,
}

#[derive(Serialize)]
pub struct BillHeader {
    pub slug: String,
    pub title: String,
    pub status: &'static str,
    pub next_status: Option<&'static str>,
    pub summary_html: String,
    pub source: Option<String>,
    pub sponsors: Vec<String>,
    pub opens_at_long: Option<String>,
    pub closes_at_long: Option<String>,
    pub closes_at_iso: Option<String>,
    pub article_count: usize,
    pub figures: ParticipationView,
}

/// A heading of the bill (or none, for articles before the first) and the
/// articles under it.
#[derive(Serialize)]
pub struct TocGroup {
    pub label: Option<String>,
    pub heading: Option<String>,
    /// 1 = outermost.
    pub level: i32,
    pub articles: Vec<ArticleLine>,
}

#[derive(Serialize)]
pub struct ArticleLine {
    pub id: i64,
    pub label: String,
    pub heading: Option<String>,
    pub fate: Option<String>,
    pub tally: TallyBar,
    /// Arguments, amendments and sources.
    pub contributions: i32,
}

/// A vote tally and the widths (in percent) of its bar.
#[derive(Serialize)]
pub struct TallyBar {
    pub agree: i32,
    pub mixed: i32,
    pub disagree: i32,
    pub total: i32,
    pub agree_width: f64,
    pub mixed_width: f64,
    pub disagree_width: f64,
}

impl TallyBar {
    pub fn new(agree: i32, mixed: i32, disagree: i32) -> TallyBar {
        let total = agree + mixed + disagree;
        let width = |n: i32| {
            if total == 0 {
                0.0
            } else {
                (f64::from(n) * 1000.0 / f64::from(total)).round() / 10.0
            }
        };
        TallyBar {
            agree,
            mixed,
            disagree,
            total,
            agree_width: width(agree),
            mixed_width: width(mixed),
            disagree_width: width(disagree),
        }
    }
}

#[derive(Serialize)]
pub struct ProposalLine {
    pub id: i64,
    /// `None` when its text is not public (withdrawn, hidden).
    pub title: Option<String>,
    pub author: String,
    pub tally: TallyBar,
    /// Trashed, withdrawn or hidden: marked, listed last.
    pub sunk: bool,
}

#[derive(Serialize)]
pub struct TransitionLine {
    pub from: &'static str,
    pub to: &'static str,
    pub actor: Option<String>,
    pub at: String,
}

/// "Opens in 3 days", "Closes in 5 hours", "Closed 2 days ago", in the
/// reader's language.
pub fn countdown(
    locale: Locale,
    status: BillStatus,
    bill: &BillRow,
    now: NaiveDateTime,
) -> Option<String> {
    let (key, left) = match (status, bill.opens_at, bill.closes_at) {
        (BillStatus::Draft, Some(opens), _) if opens > now => {
            ("bill-countdown-opens", dates::remaining(locale, now, opens))
        }
        (BillStatus::Open, _, Some(closes)) if closes > now => (
            "bill-countdown-closes",
            dates::remaining(locale, now, closes),
        ),
        (BillStatus::Closed | BillStatus::Published, _, Some(closes)) if closes <= now => (
            "bill-countdown-closed",
            dates::remaining(locale, closes, now),
        ),
        _ => return None,
    };
    Some(i18n::t_args(locale, key, &[("left", left)]))
}

fn article_line(a: &ArticleRow) -> ArticleLine {
    ArticleLine {
        id: a.id,
        label: a.label.clone(),
        heading: a.heading.clone(),
        fate: a.fate.clone(),
        tally: TallyBar::new(a.votes_agree, a.votes_mixed, a.votes_disagree),
        contributions: a.arguments_count + a.amendments_count + a.sources_count,
    }
}

pub fn bill_page(locale: Locale, l: &BillLanding, now: NaiveDateTime) -> BillPage {
    let d = &l.detail;
    let b = &d.bill;
    let mut toc = Vec::new();
    let loose: Vec<ArticleLine> = d
        .articles
        .iter()
        .filter(|a| a.section_id.is_none())
        .map(article_line)
        .collect();
    if !loose.is_empty() {
        toc.push(TocGroup {
            label: None,
            heading: None,
            level: 1,
            articles: loose,
        });
    }
    for s in &d.sections {
        toc.push(TocGroup {
            label: Some(s.label.clone()),
            heading: Some(s.heading.clone()).filter(|h| !h.is_empty()),
            level: s.level,
            articles: d
                .articles
                .iter()
                .filter(|a| a.section_id == Some(s.id))
                .map(article_line)
                .collect(),
        });
    }
    let proposals = l
        .top_proposals
        .items
        .iter()
        .map(|p| {
            let view = public_view(p.row.status, p.row.moderation);
            ProposalLine {
                id: p.row.id,
                title: p.row.title.clone().filter(|_| view.text_is_public()),
                author: author(locale, p),
                tally: TallyBar::new(p.row.votes_agree, p.row.votes_mixed, p.row.votes_disagree),
                sunk: view.sinks(),
            }
        })
        .collect();
    BillPage {
        bill: BillHeader {
            slug: b.slug.clone(),
            title: b.title.clone(),
            status: d.status.as_str(),
            next_status: d.status.next().map(BillStatus::as_str),
            summary_html: markdown::to_html(&b.summary),
            source: b.source.clone(),
            sponsors: d.sponsors.iter().map(|(_, n)| n.clone()).collect(),
            opens_at_long: b.opens_at.map(|t| dates::long(locale, t)),
            closes_at_long: b.closes_at.map(|t| dates::long(locale, t)),
            closes_at_iso: b.closes_at.map(time::rfc3339),
            article_count: d.articles.len(),
            figures: ParticipationView::from(b),
        },
        countdown: countdown(locale, d.status, b, now),
        toc,
        proposals,
        more_proposals: l.top_proposals.next_cursor.is_some(),
        transitions: d
            .transitions
            .iter()
            .map(|t| TransitionLine {
                from: t.from_status.as_str(),
                to: t.to_status.as_str(),
                actor: t.actor_name.clone(),
                at: dates::long(locale, t.at),
            })
            .collect(),
        can_manage: d.can_manage,
        can_follow: l.following.is_some(),
        following: l.following.unwrap_or(false),
        open: d.status == BillStatus::Open,
    }
}

#[cfg(test)]
mod tests {
    use super::TallyBar;

    #[test]
    fn a_tally_bar_shares_its_width() {
        let t = TallyBar::new(1, 1, 2);
        assert_eq!(
            (t.agree_width, t.mixed_width, t.disagree_width),
            (25.0, 25.0, 50.0)
        );
        let empty = TallyBar::new(0, 0, 0);
        assert_eq!(empty.total, 0);
        assert_eq!(empty.agree_width, 0.0);
    }
}
