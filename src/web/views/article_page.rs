//! An article's page: its text and explanation, its tally and the viewer's
//! vote, the arguments for and against side by side, its amendments and
//! sources.

use chrono::NaiveDateTime;
use serde::Serialize;

use super::bill_page::TallyBar;
use super::bills::{self, ArticleCounts, BillCard, VersionLine};
use super::contributions::{self, PageView};
use crate::domain::contribution::{ContributionKind, Stance};
use crate::domain::{BillStatus, Locale};
use crate::service::reading::ArticlePage;
use crate::store::articles::ArticleRow;
use crate::text::markdown;

#[derive(Serialize)]
pub struct ArticlePageView {
    /// The bill's card (title, status, time left).
    pub bill: BillCard,
    pub article: ArticleText,
    /// "Modified on … because …" once the text has changed.
    pub modified: Option<VersionLine>,
    pub section: Option<SectionLabel>,
    pub previous: Option<Neighbour>,
    pub next: Option<Neighbour>,
    pub can_manage: bool,
    pub editing: bool,
    pub tally: TallyBar,
    pub counts: ArticleCounts,
    pub my_vote: Option<&'static str>,
    pub open: bool,
    /// Arguments for, then against; amendments; sources (each absent when
    /// another list alone is shown).
    pub arguments_for: Option<ListView>,
    pub arguments_against: Option<ListView>,
    pub amendments: Option<ListView>,
    pub sources: Option<ListView>,
}

#[derive(Serialize)]
pub struct ArticleText {
    pub id: i64,
    pub label: String,
    pub heading: Option<String>,
    pub body: String,
    pub body_html: String,
    /// Its own explanation ("Objectif / Explication"), when it has one.
    pub explanation_html: Option<String>,
    pub version: i32,
}

impl From<&ArticleRow> for ArticleText {
    fn from(a: &ArticleRow) -> Self {
        ArticleText {
            id: a.id,
            label: a.label.clone(),
            heading: a.heading.clone(),
            body: a.body.clone(),
            body_html: markdown::to_html(&a.body),
            explanation_html: a
                .explanation
                .as_deref()
                .filter(|e| !e.trim().is_empty())
                .map(markdown::to_html),
            version: a.version,
        }
    }
}

#[derive(Serialize)]
pub struct SectionLabel {
    pub label: String,
    pub heading: String,
}

#[derive(Serialize)]
pub struct Neighbour {
    pub id: i64,
    pub label: String,
}

/// One list: its items and where the next page starts.
#[derive(Serialize)]
pub struct ListView {
    pub kind: &'static str,
    pub stance: Option<&'static str>,
    /// The highlighted item first.
    pub page: PageView,
}

pub fn article_page(locale: Locale, p: &ArticlePage, now: NaiveDateTime) -> ArticlePageView {
    let d = &p.detail;
    let a = &d.article;
    let latest = d.versions.last();
    let mut view = ArticlePageView {
        bill: bills::bill_card(locale, &d.bill, now),
        article: ArticleText::from(a),
        modified: latest
            .filter(|v| v.version > 1)
            .map(|v| bills::version_line(locale, v)),
        section: d.section.as_ref().map(|s| SectionLabel {
            label: s.label.clone(),
            heading: s.heading.clone(),
        }),
        previous: d.previous.as_ref().map(|(id, label)| Neighbour {
            id: *id,
            label: label.clone(),
        }),
        next: d.next.as_ref().map(|(id, label)| Neighbour {
            id: *id,
            label: label.clone(),
        }),
        can_manage: d.can_manage,
        editing: crate::domain::bill::article_edits(d.status)
            != crate::domain::bill::ArticleEdits::Frozen,
        tally: TallyBar::new(a.votes_agree, a.votes_mixed, a.votes_disagree),
        counts: ArticleCounts::from(a),
        my_vote: p.my_vote.map(|v| v.as_str()),
        open: d.status == BillStatus::Open,
        arguments_for: None,
        arguments_against: None,
        amendments: None,
        sources: None,
    };
    for list in &p.lists {
        let mut page = contributions::page(locale, &list.page);
        if let Some(h) = &p.highlighted {
            let row = &h.item.row;
            if row.kind == list.kind && row.stance == list.stance {
                page.highlight_first(locale, row.id, Some(h));
            }
        }
        let shown = ListView {
            kind: list.kind.as_str(),
            stance: list.stance.map(|s| s.as_str()),
            page,
        };
        match (list.kind, list.stance) {
            (ContributionKind::Argument, Some(Stance::For)) => view.arguments_for = Some(shown),
            (ContributionKind::Argument, _) => view.arguments_against = Some(shown),
            (ContributionKind::Amendment, _) => view.amendments = Some(shown),
            _ => view.sources = Some(shown),
        }
    }
    view
}
