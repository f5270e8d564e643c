//! The figures of a bill's open-data page, read in one go: participation
//! per day, votes per article, contributions by kind, decisions by outcome.

use std::collections::BTreeMap;

use chrono::NaiveDate;

use crate::context::AppContext;
use crate::domain::contribution::ContributionKind;
use crate::domain::decision::Decision;
use crate::domain::moderation;
use crate::domain::{BillStatus, User};
use crate::error::AppError;
use crate::export::datapackage::Resource;
use crate::export::open_data::{File, Format, Provenance};
use crate::service::exports::public_bill;
use crate::store::bills::BillRow;
use crate::store::{articles, contributions, synthesis};

/// An article's votes: agree, mixed, disagree.
#[derive(Debug, Clone)]
pub struct ArticleVotes {
    pub label: String,
    pub agree: u64,
    pub mixed: u64,
    pub disagree: u64,
}

#[derive(Debug, Clone)]
pub struct Figures {
    pub bill: BillRow,
    /// Public contributions submitted each day, from the first to the last
    /// day with any (days without are zero).
    pub per_day: Vec<(NaiveDate, u64)>,
    pub votes_per_article: Vec<ArticleVotes>,
    pub by_kind: Vec<(ContributionKind, u64)>,
    /// Once published; empty before.
    pub by_decision: Vec<(Decision, u64)>,
}

pub async fn figures(
    ctx: &AppContext,
    viewer: Option<&User>,
    slug: &str,
) -> Result<Figures, AppError> {
    let bill = public_bill(ctx, viewer, slug).await?;
    ctx.db
        .run(move |c| {
            let subjects = contributions::subjects_of_bill(c, bill.id)?;
            let dates = contributions::created_dates(c, bill.id)?;
            // What the public reads, as the pages show it.
            let public = moderation::text_is_public;
            let mut days: BTreeMap<NaiveDate, u64> = BTreeMap::new();
            for (at, status, moderation) in dates {
                if public(status, moderation) {
                    *days.entry(at.date()).or_default() += 1;
                }
            }
            let per_day = match (days.keys().next(), days.keys().next_back()) {
                (Some(first), Some(last)) => first
                    .iter_days()
                    .take_while(|d| d <= last)
                    .map(|d| (d, days.get(&d).copied().unwrap_or(0)))
                    .collect(),
                _ => Vec::new(),
            };
            let by_kind = ContributionKind::ALL
                .iter()
                .map(|k| {
                    let n = subjects
                        .iter()
                        .filter(|s| s.kind == *k && public(s.status, s.moderation))
                        .count() as u64;
                    (*k, n)
                })
                .collect();
            let votes_per_article = articles::list_for_bill(c, bill.id)?
                .into_iter()
                .filter(|a| a.fate.as_deref() != Some("added"))
                .map(|a| ArticleVotes {
                    label: a.label,
                    agree: a.votes_agree.max(0) as u64,
                    mixed: a.votes_mixed.max(0) as u64,
                    disagree: a.votes_disagree.max(0) as u64,
                })
                .collect();
            let by_decision = if bill.status == BillStatus::Published {
                let decisions = synthesis::decisions_of_bill(c, bill.id)?;
                Decision::ALL
                    .iter()
                    .map(|d| {
                        let n = decisions.iter().filter(|x| x.decision == *d).count() as u64;
                        (*d, n)
                    })
                    .collect()
            } else {
                Vec::new()
            };
            Ok(Figures {
                bill,
                per_day,
                votes_per_article,
                by_kind,
                by_decision,
            })
        })
        .await
}

/// One open-data table as a spreadsheet: the rows of its JSON twin (the
/// same rows as its CSV), written with French headers.
pub async fn spreadsheet(
    ctx: &AppContext,
    bill: BillRow,
    resource: &'static Resource,
    table: String,
) -> Result<Vec<u8>, AppError> {
    let json_twin = match resource.file {
        File::Contributions(_) => File::Contributions(Format::Json),
        File::Votes(_) => File::Votes(Format::Json),
        _ => File::Decisions(Format::Json),
    };
    let p = Provenance::new(&ctx.settings.base_url, bill);
    let db = ctx.db.clone();
    tokio::task::spawn_blocking(move || -> Result<Vec<u8>, AppError> {
        let mut conn = db.conn()?;
        let mut json = Vec::new();
        json_twin
            .write(&mut conn, &p, &mut json)
            .map_err(|e| AppError::Internal(e.to_string()))?;
        let doc: serde_json::Value =
            serde_json::from_slice(&json).map_err(|e| AppError::Internal(e.to_string()))?;
        let rows = doc["items"].as_array().cloned().unwrap_or_default();
        crate::export::xlsx::table(resource.fields, &table, &rows)
            .map_err(|e| AppError::Internal(e.to_string()))
    })
    .await
    .map_err(|e| AppError::Internal(e.to_string()))?
}
