//! A bill's proposals page: its proposals, most supported first, the one
//! just posted first of all, and the form to propose a new article.

use chrono::NaiveDateTime;
use serde::Serialize;

use super::article_page::Neighbour;
use super::bills::{self, BillCard};
use super::contributions::{self, PageView};
use crate::domain::{BillStatus, Locale};
use crate::service::reading::ProposalsPage;

#[derive(Serialize)]
pub struct ProposalsPageView {
    pub bill: BillCard,
    pub proposals: PageView,
    pub highlight: Option<i64>,
    pub open: bool,
    pub can_participate: bool,
    /// Where the form comes back to.
    pub return_to: String,
    /// The articles a new one may follow.
    pub article_options: Vec<Neighbour>,
}

pub fn proposals_page(
    locale: Locale,
    p: &ProposalsPage,
    highlight: Option<i64>,
    can_participate: bool,
    now: NaiveDateTime,
) -> ProposalsPageView {
    let d = &p.detail;
    let mut proposals = contributions::page(locale, &p.proposals);
    if let Some(id) = highlight {
        proposals.highlight_first(locale, id, p.highlighted.as_ref());
    }
    ProposalsPageView {
        bill: bills::bill_card(locale, &d.bill, now),
        proposals,
        highlight,
        open: d.status == BillStatus::Open,
        can_participate,
        return_to: format!("/bills/{}/proposals", d.bill.slug),
        article_options: d
            .articles
            .iter()
            .map(|a| Neighbour {
                id: a.id,
                label: a.label.clone(),
            })
            .collect(),
    }
}
