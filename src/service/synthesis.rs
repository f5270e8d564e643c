//! Synthesis and arbitration: themes and notes (moderators), a decision on
//! every amendment and proposal (the sponsor), the final wording where
//! amendments meet, and publication of it all together.

use std::collections::HashMap;

use crate::context::AppContext;
use crate::domain::bill::{self as bill_rules, BillStatus};
use crate::domain::contribution::{ContributionKind, ContributionState};
use crate::domain::decision::{self, Decision, Outcome, Retained};
use crate::domain::moderation::State;
use crate::domain::validation::{FieldError, FieldErrors, bounded_text};
use crate::domain::{Permission, User, allows, time};
use crate::error::AppError;
use crate::service::access::{BillAccess, BillKey, synthesiser};
use crate::store::articles::{self, ArticleRow, NewArticle};
use crate::store::audit::{self, NewEntry};
use crate::store::bills::{self, BillRow};
use crate::store::contributions::{self, ContributionRow, Listed};
use crate::store::synthesis::{self as store, DecisionRow};
use crate::store::{DbConnection, StoreError};

/// The reason written on article versions that publication creates.
pub const FINAL_REASON: &str = "Texte final après la consultation";

// Themes and notes.

pub async fn set_themes(
    ctx: &AppContext,
    user: &User,
    contribution_id: i64,
    theme_ids: Vec<i64>,
) -> Result<Vec<i64>, AppError> {
    synthesiser(user)?;
    let user = user.clone();
    ctx.db
        .write(move |c| {
            contributions::lock(c, contribution_id)?;
            let row = contributions::find(c, contribution_id)?;
            BillAccess::read(c, BillKey::Id(row.bill_id), Some(&user))?
                .visible()?
                .not_published()?;
            let known: Vec<i64> = store::themes_of_bill(c, row.bill_id)?
                .iter()
                .map(|t| t.id)
                .collect();
            let mut ids = theme_ids.clone();
            ids.sort_unstable();
            ids.dedup();
            if ids.iter().any(|id| !known.contains(id)) {
                return Err(AppError::field("theme_ids", "error-theme-unknown"));
            }
            store::set_themes(c, contribution_id, &ids)?;
            Ok(ids)
        })
        .await
}

pub async fn set_note(
    ctx: &AppContext,
    user: &User,
    article_id: i64,
    body: &str,
) -> Result<(), AppError> {
    synthesiser(user)?;
    let body = bounded_text("body", body, 1, decision::NOTE_MAX)?;
    let user = user.clone();
    let audit_key = ctx.audit_key.clone();
    ctx.db
        .write(move |c| {
            let article = articles::find(c, article_id)?;
            // Two notes on one article at once: one waits, then replaces.
            BillAccess::write(c, &audit_key, BillKey::Id(article.bill_id), Some(&user))?
                .visible()?
                .not_published()?;
            Ok(store::set_note(
                c,
                article_id,
                article.bill_id,
                &body,
                user.id,
                time::now(),
            )?)
        })
        .await
}

// Decisions and wordings.

pub async fn decide(
    ctx: &AppContext,
    user: &User,
    contribution_id: i64,
    decision_raw: &str,
    justification: Option<&str>,
    wording: Option<&str>,
) -> Result<DecisionRow, AppError> {
    let (decision, justification) = decision::check(decision_raw, justification)?;
    let wording = wording.map(str::trim).filter(|w| !w.is_empty());
    let wording = match wording {
        Some(w) => Some(bounded_text(
            "wording",
            w,
            1,
            crate::domain::contribution::PROPOSED_TEXT_MAX,
        )?),
        None => None,
    };
    let user = user.clone();
    let audit_key = ctx.audit_key.clone();
    ctx.db
        .write(move |c| {
            // The item, then its bill: the order every write locks them in.
            contributions::lock(c, contribution_id)?;
            let row = contributions::find(c, contribution_id)?;
            BillAccess::write(c, &audit_key, BillKey::Id(row.bill_id), Some(&user))?
                .managed()?
                .not_published()?;
            let kind = row.kind;
            if !matches!(
                kind,
                ContributionKind::Amendment | ContributionKind::Proposal
            ) {
                return Err(AppError::Conflict("error-decision-kind"));
            }
            if row.status != ContributionState::Published || row.moderation == Some(State::Hidden) {
                return Err(AppError::Conflict("error-item-withdrawn"));
            }
            // A proposal taken in part becomes an article in the sponsor's words.
            if kind == ContributionKind::Proposal
                && decision == Decision::PartiallyAccepted
                && wording.is_none()
            {
                return Err(AppError::field("wording", "error-wording-required"));
            }
            let d = DecisionRow {
                contribution_id,
                bill_id: row.bill_id,
                decision,
                justification: justification.clone(),
                wording: wording
                    .clone()
                    .filter(|_| kind == ContributionKind::Proposal),
                decided_by: user.id,
                decided_at: time::now(),
            };
            store::set_decision(c, &d)?;
            // Private until publication: the audit log is for staff.
            audit::append(
                c,
                &audit_key,
                &NewEntry {
                    actor_id: Some(user.id),
                    action: "decision.set",
                    target_kind: "decision",
                    target_id: Some(contribution_id),
                    bill_id: Some(row.bill_id),
                    reason: Some(decision.as_str()),
                },
            )?;
            Ok(d)
        })
        .await
}

/// The sponsor's wording of an article where amendments meet.
pub async fn set_wording(
    ctx: &AppContext,
    user: &User,
    article_id: i64,
    body: &str,
) -> Result<(), AppError> {
    let body = bill_rules::parse_body("body", body)?;
    let user = user.clone();
    let audit_key = ctx.audit_key.clone();
    ctx.db
        .write(move |c| {
            let bill_id = articles::find(c, article_id)?.bill_id;
            BillAccess::write(c, &audit_key, BillKey::Id(bill_id), Some(&user))?
                .managed()?
                .not_published()?;
            Ok(store::set_wording(
                c,
                article_id,
                bill_id,
                &body,
                user.id,
                time::now(),
            )?)
        })
        .await
}

/// The slug of the bill an item belongs to, for showing its workspace
/// again; only to those who manage that bill.
pub async fn slug_of_item(
    ctx: &AppContext,
    user: &User,
    contribution_id: i64,
) -> Result<String, AppError> {
    let user = user.clone();
    ctx.db
        .run(move |c| {
            let row = contributions::find(c, contribution_id)?;
            let access = BillAccess::read(c, BillKey::Id(row.bill_id), Some(&user))?.managed()?;
            Ok(access.row.slug)
        })
        .await
}

// The workspace.

#[derive(Debug, Clone)]
pub struct Item {
    pub listed: Listed,
    pub decision: Option<DecisionRow>,
    pub themes: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct ArticleWork {
    pub article: ArticleRow,
    pub note: Option<String>,
    pub wording: Option<String>,
    pub amendments: Vec<Item>,
    pub outcome: Outcome,
}

#[derive(Debug, Clone)]
pub struct Workspace {
    pub bill: BillRow,
    pub articles: Vec<ArticleWork>,
    pub proposals: Vec<Item>,
    /// Amendments and proposals without a decision.
    pub missing: Vec<i64>,
    /// Articles whose final wording the sponsor must write.
    pub conflicts: Vec<String>,
}

impl Workspace {
    pub fn ready(&self) -> bool {
        self.missing.is_empty() && self.conflicts.is_empty()
    }
}

fn retained_of(items: &[Item]) -> Vec<Retained> {
    items
        .iter()
        .filter_map(|i| {
            let d = i.decision.as_ref()?.decision;
            d.retained().then(|| Retained {
                amendment_id: i.listed.row.id,
                decision: d,
                deletes_article: i.listed.row.deletes_article,
                proposed_text: i.listed.row.proposed_text.clone(),
            })
        })
        .collect()
}

/// Everything arbitration needs, read in one go.
pub fn workspace_in(c: &mut DbConnection, bill: BillRow) -> Result<Workspace, StoreError> {
    let decisions: HashMap<i64, DecisionRow> = store::decisions_of_bill(c, bill.id)?
        .into_iter()
        .map(|d| (d.contribution_id, d))
        .collect();
    let theme_titles: HashMap<i64, String> = store::themes_of_bill(c, bill.id)?
        .into_iter()
        .map(|t| (t.id, t.title))
        .collect();
    let mut themes_by_item: HashMap<i64, Vec<String>> = HashMap::new();
    for (cid, tid) in store::assignments(c, bill.id)? {
        if let Some(t) = theme_titles.get(&tid) {
            themes_by_item.entry(cid).or_default().push(t.clone());
        }
    }
    let notes: HashMap<i64, String> = store::notes(c, bill.id)?.into_iter().collect();
    let wordings: HashMap<i64, String> = store::wordings(c, bill.id)?.into_iter().collect();
    let mut by_article: HashMap<i64, Vec<Item>> = HashMap::new();
    let mut proposals = Vec::new();
    for listed in contributions::arbitrable(c, bill.id)? {
        let (id, article_id) = (listed.row.id, listed.row.article_id);
        let amendment = listed.row.kind == ContributionKind::Amendment;
        let item = Item {
            decision: decisions.get(&id).cloned(),
            themes: themes_by_item.remove(&id).unwrap_or_default(),
            listed,
        };
        match (amendment, article_id) {
            (true, Some(a)) => by_article.entry(a).or_default().push(item),
            _ => proposals.push(item),
        }
    }
    let mut missing = Vec::new();
    let mut conflicts = Vec::new();
    let mut works = Vec::new();
    for article in articles::list_for_bill(c, bill.id)? {
        let amendments = by_article.remove(&article.id).unwrap_or_default();
        missing.extend(
            amendments
                .iter()
                .filter(|i| i.decision.is_none())
                .map(|i| i.listed.row.id),
        );
        let wording = wordings.get(&article.id).cloned();
        let outcome = decision::outcome(&retained_of(&amendments), wording.as_deref());
        if matches!(outcome, Outcome::NeedsWording { .. }) {
            conflicts.push(article.label.clone());
        }
        works.push(ArticleWork {
            note: notes.get(&article.id).cloned(),
            wording,
            amendments,
            outcome,
            article,
        });
    }
    missing.extend(
        proposals
            .iter()
            .filter(|i| i.decision.is_none())
            .map(|i| i.listed.row.id),
    );
    Ok(Workspace {
        bill,
        articles: works,
        proposals,
        missing,
        conflicts,
    })
}

pub async fn workspace(ctx: &AppContext, user: &User, slug: &str) -> Result<Workspace, AppError> {
    let (user, slug) = (user.clone(), slug.to_string());
    ctx.db
        .run(move |c| {
            let access = BillAccess::read(c, BillKey::Slug(&slug), Some(&user))?.managed()?;
            Ok(workspace_in(c, access.row)?)
        })
        .await
}

// Publication.

/// Why a bill cannot be published yet, field by field.
fn blockers(w: &Workspace) -> FieldErrors {
    let mut errors = FieldErrors::default();
    if !w.missing.is_empty() {
        let ids: Vec<String> = w.missing.iter().map(|id| format!("n° {id}")).collect();
        errors.push(
            FieldError::new("decisions", "error-decisions-missing")
                .with_arg("count", w.missing.len())
                .with_arg("items", ids.join(", ")),
        );
    }
    if !w.conflicts.is_empty() {
        errors.push(
            FieldError::new("wordings", "error-wordings-needed")
                .with_arg("articles", w.conflicts.join(", ")),
        );
    }
    errors
}

/// Publishes the decisions, the final text and the synthesis together; the
/// bill becomes `published`. Everything or nothing.
pub async fn publish(ctx: &AppContext, user: &User, slug: &str) -> Result<BillRow, AppError> {
    let (user, slug, ctx2) = (user.clone(), slug.to_string(), ctx.clone());
    let audit_key = ctx.audit_key.clone();
    let row = ctx
        .db
        .write(move |c| {
            // Under the bill's lock: a second publication waits, then finds
            // the bill published.
            let access =
                BillAccess::write(c, &audit_key, BillKey::Slug(&slug), Some(&user))?.managed()?;
            match access.status {
                BillStatus::Closed => {}
                BillStatus::Published => return Err(AppError::Conflict("error-bill-published")),
                _ => return Err(AppError::Conflict("error-publish-close-first")),
            }
            let bill = access.row;
            let w = workspace_in(c, bill.clone())?;
            let errors = blockers(&w);
            if !errors.is_empty() {
                return Err(AppError::Invalid(errors));
            }
            let now = time::now();
            // The final text, article by article.
            for work in &w.articles {
                match &work.outcome {
                    Outcome::Replaced { body, .. } if *body != work.article.body => {
                        articles::new_version(
                            c,
                            &work.article,
                            &work.article.label,
                            work.article.heading.as_deref(),
                            body,
                            Some(FINAL_REASON),
                            user.id,
                            now,
                        )?;
                    }
                    Outcome::Deleted { .. } => {
                        articles::set_fate(c, work.article.id, "deleted", None)?
                    }
                    _ => {}
                }
            }
            // Retained proposals become articles at their place.
            let mut last_after: HashMap<i64, i32> = HashMap::new();
            for item in &w.proposals {
                let Some(d) = &item.decision else { continue };
                if !d.decision.retained() {
                    continue;
                }
                let row = &item.listed.row;
                let list = articles::list_for_bill(c, bill.id)?;
                let Some(after) = row
                    .after_article_id
                    .and_then(|a| list.iter().find(|x| x.id == a))
                    .or(list.iter().rfind(|a| a.fate.is_none()))
                    .or(list.last())
                else {
                    continue;
                };
                let taken: Vec<String> = list.iter().map(|a| a.label.clone()).collect();
                let label = decision::inserted_label(&after.label, &taken);
                let position = last_after.get(&after.id).copied().unwrap_or(after.position) + 1;
                articles::shift_from(c, bill.id, position)?;
                let body = d
                    .wording
                    .clone()
                    .or(row.proposed_text.clone())
                    .unwrap_or_default();
                let id = articles::insert(
                    c,
                    &NewArticle {
                        bill_id: bill.id,
                        section_id: after.section_id,
                        position,
                        label: &label,
                        heading: row.title.as_deref(),
                        body: &body,
                        explanation: None,
                        author_id: Some(user.id),
                        now,
                    },
                )?;
                articles::set_fate(c, id, "added", Some(row.id))?;
                last_after.insert(after.id, position);
            }
            bills::mark_published(c, bill.id, now)?;
            if !bills::move_status(
                c,
                &audit_key,
                bill.id,
                BillStatus::Closed,
                BillStatus::Published,
                Some(user.id),
                now,
            )? {
                return Err(AppError::Conflict("error-transition-not-allowed"));
            }
            // Each author hears of the decisions on all they wrote, in one
            // email; followers of the news.
            tell_authors(&ctx2, c, &w)?;
            crate::service::notifications::on_published(&ctx2, c, bill.id)?;
            Ok(bills::find(c, bill.id)?)
        })
        .await?;
    ctx.mail_wakeup.notify_one();
    Ok(row)
}

/// One email per author at publication, in their language: each of their
/// amendments and proposals with its decision and justification, and the
/// link to the report. Written to the outbox in the publication's
/// transaction, so it is sent once, and only if publication happens.
fn tell_authors(ctx: &AppContext, c: &mut DbConnection, w: &Workspace) -> Result<(), AppError> {
    use crate::domain::notification::{Event, Frequency};
    use crate::store::{notifications, users};
    let labels: HashMap<i64, String> = w
        .articles
        .iter()
        .map(|a| (a.article.id, a.article.label.clone()))
        .collect();
    let mut by_author: Vec<(i64, Vec<&Item>)> = Vec::new();
    for item in w
        .articles
        .iter()
        .flat_map(|a| &a.amendments)
        .chain(&w.proposals)
    {
        let author = item.listed.row.author_id;
        match by_author.iter_mut().find(|(a, _)| *a == author) {
            Some((_, items)) => items.push(item),
            None => by_author.push((author, vec![item])),
        }
    }
    let now = time::now();
    let report = ctx.url(&format!("/bills/{}/synthesis", w.bill.slug));
    for (author_id, items) in by_author {
        let author: User = users::find(c, author_id)?.into();
        if author.is_deleted() {
            continue;
        }
        // Kept in their notifications, already told.
        for item in &items {
            notifications::insert(
                c,
                author_id,
                w.bill.id,
                Some(item.listed.row.id),
                Event::Decision.as_str(),
                Some(now),
                now,
            )?;
        }
        let frequency: Frequency = notifications::frequency(c, author_id)?
            .parse()
            .unwrap_or_default();
        if frequency == Frequency::Never {
            continue;
        }
        let l = author.locale;
        let lines: Vec<serde_json::Value> = items
            .iter()
            .filter_map(|item| {
                let d = item.decision.as_ref()?;
                let r = &item.listed.row;
                let kind = crate::i18n::t(l, &format!("kind-{}", r.kind));
                let what = match &r.title {
                    Some(t) => format!("{kind} n° {} « {t} »", r.id),
                    None => format!("{kind} n° {}", r.id),
                };
                let article = r
                    .article_id
                    .or(r.after_article_id)
                    .and_then(|a| labels.get(&a));
                Some(serde_json::json!({
                    "what": what,
                    "article": article,
                    "decision": crate::i18n::t(l, &format!("decision-{}", d.decision)),
                    "justification": d.justification,
                    "link": ctx.url(&format!("/contributions/{}", r.id)),
                }))
            })
            .collect();
        if lines.is_empty() {
            continue;
        }
        let mut t = tera::Context::new();
        t.insert("name", &author.display_name);
        t.insert("bill", &w.bill.title);
        t.insert("items", &lines);
        t.insert("report", &report);
        t.insert(
            "unsubscribe",
            &crate::service::notifications::unsubscribe_link(ctx, author_id),
        );
        let message = crate::mail::compose(&ctx.templates, "decisions", l, &author.email, t)
            .map_err(AppError::Internal)?;
        crate::mail::enqueue(c, &message)?;
    }
    Ok(())
}

/// The contributions a decision is about, for pages.
pub async fn decision_of(
    ctx: &AppContext,
    viewer: Option<&User>,
    row: &ContributionRow,
) -> Result<Option<DecisionRow>, AppError> {
    let (id, bill_id, viewer) = (row.id, row.bill_id, viewer.cloned());
    ctx.db
        .run(move |c| {
            let access = BillAccess::read(c, BillKey::Id(bill_id), viewer.as_ref())?;
            // Public once published; the sponsors see their drafts.
            if access.status != BillStatus::Published && !access.can_manage {
                return Ok(None);
            }
            Ok(store::decisions_of_bill(c, bill_id)?
                .into_iter()
                .find(|d| d.contribution_id == id))
        })
        .await
}

/// The bill's themes with whether the contribution has each (moderators
/// only; None for others).
pub async fn themes_for(
    ctx: &AppContext,
    viewer: Option<&User>,
    row: &ContributionRow,
) -> Result<Option<Vec<serde_json::Value>>, AppError> {
    if !allows(viewer, Permission::Synthesise) {
        return Ok(None);
    }
    let (id, bill_id, article_id) = (row.id, row.bill_id, row.article_id);
    Ok(Some(
        ctx.db
            .run(move |c| -> Result<_, StoreError> {
                let mine = store::themes_of(c, id)?;
                Ok(store::themes_of_bill(c, bill_id)?
                    .into_iter()
                    .filter(|t| t.article_id.is_none() || t.article_id == article_id)
                    .map(|t| serde_json::json!({"id": t.id, "title": t.title, "checked": mine.contains(&t.id)}))
                    .collect())
            })
            .await?,
    ))
}
