//! A contribution's page: the contribution in full, what it answers, the
//! arguments for and against it and its sources, the sponsor's decision,
//! and what the viewer may do with it.

use chrono::NaiveDateTime;
use serde::Serialize;
use serde_json::Value;

use super::bills::{self, BillCard};
use super::contributions::{self, DetailView, ItemView, PageView};
use crate::domain::contribution::Stance;
use crate::domain::decision::Decision;
use crate::domain::{BillStatus, Locale, Permission, User, allows};
use crate::service::reading::ContributionPage;

#[derive(Serialize)]
pub struct ContributionPageView {
    pub item: DetailView,
    /// The amendment or proposal it answers.
    pub parent: Option<ItemView>,
    pub bill: BillCard,
    pub article: Option<ArticleLink>,
    pub arguments_for: PageView,
    pub arguments_against: PageView,
    pub sources: PageView,
    /// The moderation panel, for moderators.
    pub moderation: Option<super::moderation::Panel>,
    /// For its author, once moderated: "yes" (may contest), "no" (already
    /// did), else "".
    pub may_contest: &'static str,
    pub author_id: i64,
    /// The themes it may be filed under, for those who synthesise.
    pub themes: Option<Vec<Value>>,
    pub decision: Option<DecisionLine>,
    pub open: bool,
    pub is_author: bool,
    pub can_participate: bool,
    pub reported: bool,
    /// Where its forms come back to.
    pub return_to: String,
}

#[derive(Serialize)]
pub struct ArticleLink {
    pub id: i64,
    pub label: String,
}

#[derive(Serialize)]
pub struct DecisionLine {
    pub decision: Decision,
    pub justification: Option<String>,
}

pub fn contribution_page(
    locale: Locale,
    viewer: Option<&User>,
    p: &ContributionPage,
    now: NaiveDateTime,
) -> ContributionPageView {
    let d = &p.detail;
    let row = &d.item.row;
    let list = |stance: Option<Stance>, kind| {
        let mut shown = p
            .lists
            .iter()
            .find(|l| l.kind == kind && l.stance == stance)
            .map(|l| contributions::page(locale, &l.page))
            .unwrap_or(PageView {
                items: Vec::new(),
                next_cursor: None,
            });
        if let Some(h) = &p.highlighted {
            let r = &h.item.row;
            if r.kind == kind && (stance.is_none() || r.stance == stance) {
                shown.highlight_first(locale, r.id, Some(h));
            }
        }
        shown
    };
    use crate::domain::contribution::ContributionKind::{Argument, Source};
    ContributionPageView {
        item: contributions::detail(locale, d),
        parent: d
            .parent
            .as_ref()
            .map(|l| contributions::item(locale, l, None)),
        bill: bills::bill_card(locale, &d.bill, now),
        article: d.article.as_ref().map(|a| ArticleLink {
            id: a.id,
            label: a.label.clone(),
        }),
        arguments_for: list(Some(Stance::For), Argument),
        arguments_against: list(Some(Stance::Against), Argument),
        sources: list(None, Source),
        moderation: p
            .case
            .as_ref()
            .map(|v| super::moderation::panel(locale, v, row)),
        may_contest: match p.may_contest {
            Some(true) => "yes",
            Some(false) => "no",
            None => "",
        },
        author_id: row.author_id,
        themes: p.themes.clone(),
        decision: p.decision.as_ref().map(|d| DecisionLine {
            decision: d.decision,
            justification: d.justification.clone(),
        }),
        open: d.status == BillStatus::Open,
        is_author: viewer.is_some_and(|u| u.id == row.author_id),
        can_participate: allows(viewer, Permission::Participate),
        reported: p.reported,
        return_to: format!("/contributions/{}", row.id),
    }
}
