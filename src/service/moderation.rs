//! Moderation: scanning what is written, the queue, the acts and their
//! consequences (search, counts, audit, the author's email), contests,
//! bans, and the public record.

use chrono::NaiveDateTime;

use crate::analysis::near_duplicates::{self, Signature};
use crate::analysis::personal_data::{self, NameMatcher, Span};
use crate::analysis::search as text_search;
use crate::context::AppContext;
use crate::domain::ban::BanDuration;
use crate::domain::contribution::ContributionState;
use crate::domain::moderation::{self, Action, QueueReason, Signals, State};
use crate::domain::permissions::{may_ban, may_moderate};
use crate::domain::validation::bounded_text;
use crate::domain::{Permission, User, allows, time};
use crate::error::AppError;
use crate::mail;
use crate::service::access::{BillAccess, BillKey};
use crate::store::audit::{self, NewEntry};
use crate::store::contributions::{self, ContributionRow};
use crate::store::moderation::{self as cases, CaseRow, QueueItem, QueueQuery, Redaction};
use crate::store::search as search_index;
use crate::store::{DbConnection, StoreError, users, write_tx};

/// What the finder finds in a text, with the registered names it may
/// contain looked up by their keys (always current, nothing held in memory).
fn find_personal_data(
    c: &mut DbConnection,
    text: &str,
    except: &[&str],
) -> Result<Vec<Span>, StoreError> {
    let names = users::names_with_keys(c, &personal_data::name_candidates(text))?;
    let matcher = NameMatcher::new(names.iter().map(String::as_str));
    Ok(personal_data::find(text, &matcher, except))
}

/// Personal data found in a contribution, per field a person wrote.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Found {
    #[serde(default)]
    pub title: Vec<Span>,
    #[serde(default)]
    pub body: Vec<Span>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub proposed_text: Vec<Span>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub url: Vec<Span>,
}

impl Found {
    pub fn is_empty(&self) -> bool {
        self.title.is_empty()
            && self.body.is_empty()
            && self.proposed_text.is_empty()
            && self.url.is_empty()
    }

    /// Every span, whatever its field.
    pub fn spans(&self) -> impl Iterator<Item = &Span> {
        self.title
            .iter()
            .chain(&self.body)
            .chain(&self.proposed_text)
            .chain(&self.url)
    }
}

/// The search terms of a contribution's text.
pub fn search_terms(title: Option<&str>, body: &str, proposed_text: Option<&str>) -> String {
    text_search::index_terms(&format!(
        "{} {} {}",
        title.unwrap_or(""),
        body,
        proposed_text.unwrap_or("")
    ))
}

/// Scans a new or edited contribution (inside its write transaction):
/// personal data, near-duplicates, then its place in the queue.
pub fn on_written(
    c: &mut DbConnection,
    row: &ContributionRow,
    is_new: bool,
) -> Result<(), StoreError> {
    if is_new {
        cases::open(c, row.id, row.bill_id)?;
    }
    scan(c, row, is_new)
}

/// Scans every contribution of a bill loaded in bulk (the demo), in order,
/// so that near-duplicates group as they would have one by one.
pub fn scan_bill(c: &mut DbConnection, bill_id: i64) -> Result<usize, StoreError> {
    use crate::store::schema::contributions as ct;
    use diesel::prelude::*;
    let ids: Vec<i64> = ct::table
        .filter(ct::bill_id.eq(bill_id))
        .select(ct::id)
        .order(ct::id.asc())
        .load(c)?;
    for id in &ids {
        let row = contributions::find(c, *id)?;
        scan(c, &row, true)?;
    }
    Ok(ids.len())
}

/// The personal data in every field of a contribution a person wrote (its
/// author's own name excepted), as stored on its case: None when there is
/// none.
fn personal_data_of(
    c: &mut DbConnection,
    row: &ContributionRow,
) -> Result<Option<String>, StoreError> {
    let author = users::find(c, row.author_id)?;
    let fields = (
        row.title.as_deref(),
        row.body.as_str(),
        row.proposed_text.as_deref(),
        row.url.as_deref(),
    );
    personal_data_in(c, &author.display_name, fields)
}

/// The personal data in the fields a person wrote (`author`'s own name
/// excepted), as stored on a case: None when there is none. Only reads,
/// so a new contribution is scanned before its write transaction.
pub fn personal_data_in(
    c: &mut DbConnection,
    author: &str,
    (title, body, proposed_text, url): (Option<&str>, &str, Option<&str>, Option<&str>),
) -> Result<Option<String>, StoreError> {
    let except = [author];
    let mut scan = |text: Option<&str>| match text {
        Some(t) => find_personal_data(c, t, &except),
        None => Ok(Vec::new()),
    };
    let found = Found {
        title: scan(title)?,
        body: scan(Some(body))?,
        proposed_text: scan(proposed_text)?,
        url: scan(url)?,
    };
    Ok((!found.is_empty()).then(|| serde_json::to_string(&found).unwrap_or_default()))
}

/// Where a new contribution enters the queue, from its personal data
/// alone (near-duplicates are grouped after the write): its urgency and
/// arrival, None when nothing calls for a moderator.
pub fn first_place(personal_data: bool, now: NaiveDateTime) -> Option<(i32, NaiveDateTime)> {
    let s = Signals {
        reports: 0,
        personal_data,
        group_size: 1,
        contested: false,
    };
    s.needs_review().then(|| (s.urgency(), now))
}

/// Puts a contribution in the group of the first earlier one of its bill
/// whose text is near enough to its signature, and brings the group back
/// to the queue; the group's first contribution, if one was found.
pub fn join_twin(
    c: &mut DbConnection,
    row: &ContributionRow,
    sig: &Signature,
) -> Result<Option<i64>, StoreError> {
    let near = |(_, other, _): &cases::Candidate| {
        other
            .as_deref()
            .and_then(Signature::decode)
            .is_some_and(|o| o.similarity(sig) >= near_duplicates::THRESHOLD)
    };
    let mut twin = None;
    let candidates = cases::candidates(c, row.bill_id, &sig.bands(), row.id)?;
    for ids in candidates.chunks(cases::SIGNATURES_PER_STATEMENT) {
        twin = cases::signatures(c, ids)?.into_iter().find(near);
        if twin.is_some() {
            break;
        }
    }
    let Some((id, _, group)) = twin else {
        return Ok(None);
    };
    let root = group.unwrap_or(id);
    // Read then changed: the group's first contribution is locked before
    // its case (a moderation act at the same moment waits, or went first).
    contributions::lock(c, root)?;
    cases::join_group(c, row.id, root)?;
    requeue(c, root)?;
    Ok(Some(root))
}

/// Personal data, near-duplicates (joining a group only when `group`),
/// then the queue.
fn scan(c: &mut DbConnection, row: &ContributionRow, group: bool) -> Result<(), StoreError> {
    let found_json = personal_data_of(c, row)?;
    let before = cases::find(c, row.id)?.personal_data;
    let text = row.scanned_text();
    let signature = near_duplicates::signature(&text);
    cases::set_scan(
        c,
        row.id,
        found_json.as_deref(),
        signature.as_ref().map(Signature::encode).as_deref(),
    )?;
    if let Some(sig) = &signature {
        if group {
            join_twin(c, row, sig)?;
        }
        cases::set_bands(c, row.bill_id, row.id, &sig.bands())?;
    }
    requeue(c, row.id)?;
    // Personal data the moderators have not seen yet (an edit after they
    // answered) brings the item back.
    if found_json.is_some() && found_json != before {
        let row = contributions::find(c, row.id)?;
        let case = cases::find(c, row.id)?;
        if row.status == ContributionState::Published {
            cases::set_queue(c, row.id, true, signals(&row, &case).urgency(), time::now())?;
        }
    }
    Ok(())
}

/// What the queue knows about one case.
fn signals(row: &ContributionRow, case: &CaseRow) -> Signals {
    Signals {
        reports: row.reports_count,
        personal_data: case.personal_data.is_some(),
        // A group is shown once, on its first contribution.
        group_size: if case.duplicate_of == Some(row.id) {
            case.duplicates_count
        } else {
            1
        },
        contested: contest_open(case),
    }
}

/// A contest waits for an answer until the next act.
fn contest_open(case: &CaseRow) -> bool {
    match (case.contested_at, case.moderated_at) {
        (Some(contested), Some(acted)) => contested >= acted,
        (Some(_), None) => true,
        _ => false,
    }
}

/// Puts a case in the queue or keeps it there at its current urgency. A
/// case a moderator already answered comes back only for something new (a
/// report since, or a contest).
pub fn requeue(c: &mut DbConnection, id: i64) -> Result<(), StoreError> {
    let row = contributions::find(c, id)?;
    let case = cases::find(c, id)?;
    let s = signals(&row, &case);
    let fresh = match case.moderated_at {
        None => s.needs_review(),
        Some(acted) => {
            // New copies since the last act bring a group back.
            let leads_group = case.duplicate_of == Some(id) && s.group_size > 1;
            s.contested
                || case.in_queue
                || reports_since(c, id, acted)?
                || (leads_group && group_grew_since(c, id, acted)?)
        }
    };
    if row.status != ContributionState::Published {
        return cases::set_queue(c, id, false, 0, time::now());
    }
    cases::set_queue(c, id, fresh, s.urgency(), time::now())
}

fn reports_since(c: &mut DbConnection, id: i64, at: NaiveDateTime) -> Result<bool, StoreError> {
    use crate::store::schema::reports;
    use diesel::prelude::*;
    let n: i64 = reports::table
        .filter(reports::contribution_id.eq(id))
        .filter(reports::created_at.gt(at))
        .count()
        .get_result(c)?;
    Ok(n > 0)
}

fn group_grew_since(
    c: &mut DbConnection,
    root: i64,
    at: NaiveDateTime,
) -> Result<bool, StoreError> {
    use crate::store::schema::{contributions as ct, moderation_cases as mc};
    use diesel::prelude::*;
    let n: i64 = mc::table
        .inner_join(ct::table)
        .filter(mc::duplicate_of.eq(root))
        .filter(ct::created_at.gt(at))
        .count()
        .get_result(c)?;
    Ok(n > 0)
}

/// A moderator's request on one contribution.
#[derive(Debug, Clone)]
pub struct ActRequest {
    pub action: Action,
    pub reason: String,
    /// For a redaction: the new title (None keeps it, empty removes it)
    /// and body (required).
    pub redacted_title: Option<String>,
    pub redacted_body: Option<String>,
    /// For a redaction: the new proposed text of an amendment or proposal
    /// (None keeps it).
    pub redacted_proposed_text: Option<String>,
    /// For a redaction: the new address of a source (None keeps it, empty
    /// removes it).
    pub redacted_url: Option<String>,
}

impl ActRequest {
    /// An act that is not a redaction.
    pub fn plain(action: Action, reason: String) -> ActRequest {
        ActRequest {
            action,
            reason,
            redacted_title: None,
            redacted_body: None,
            redacted_proposed_text: None,
            redacted_url: None,
        }
    }
}

/// What a redaction request makes of a contribution's text: every field a
/// person wrote, each checked against its limit (never below what the text
/// already holds). Refuses a request that changes nothing.
fn redaction(row: &ContributionRow, req: &ActRequest) -> Result<Redaction, AppError> {
    use crate::domain::contribution::{PROPOSED_TEXT_MAX, TextField, field_rule, parse_url};
    let Some(raw_body) = req.redacted_body.as_deref() else {
        return Err(AppError::field("redacted_body", "error-redacted-body"));
    };
    let at_least =
        |max: usize, current: Option<&str>| max.max(current.map_or(0, |t| t.chars().count()));
    // A proposal's explanation and a source's description are optional:
    // a redaction may leave them empty.
    let rule = field_rule(row.kind, TextField::Body);
    let body = bounded_text(
        "redacted_body",
        raw_body,
        rule.map_or(1, |r| usize::from(r.required)),
        at_least(rule.map_or(0, |r| r.max), Some(&row.body)),
    )?;
    // A proposal or a source keeps a title (its rule requires one); other
    // kinds may lose theirs.
    let title_rule = field_rule(row.kind, TextField::Title);
    let title = match req.redacted_title.as_deref().map(str::trim) {
        None => row.title.clone(),
        Some("") if !title_rule.as_ref().is_some_and(|r| r.required) => None,
        Some(t) => Some(bounded_text(
            "redacted_title",
            t,
            1,
            at_least(
                title_rule
                    .as_ref()
                    .map_or(crate::domain::contribution::TITLE_MAX, |r| r.max),
                row.title.as_deref(),
            ),
        )?),
    };
    let proposed_text = match (req.redacted_proposed_text.as_deref(), &row.proposed_text) {
        (Some(raw), Some(current)) => Some(bounded_text(
            "redacted_proposed_text",
            raw,
            1,
            at_least(PROPOSED_TEXT_MAX, Some(current)),
        )?),
        _ => row.proposed_text.clone(),
    };
    let url = match (req.redacted_url.as_deref().map(str::trim), &row.url) {
        (Some(""), Some(_)) => None,
        (Some(raw), Some(_)) => Some(parse_url(raw).map_err(|mut e| {
            e.field = "redacted_url";
            AppError::from(e)
        })?),
        _ => row.url.clone(),
    };
    let text = Redaction {
        title,
        body,
        proposed_text,
        url,
    };
    if text == Redaction::of(row) {
        return Err(AppError::field("redacted_body", "error-no-change"));
    }
    Ok(text)
}

/// Parses an action name from a form or the API.
pub fn parse_action(raw: &str) -> Result<Action, AppError> {
    raw.parse()
        .map_err(|_| AppError::field("action", "error-moderation-action"))
}

fn require_moderator(user: &User) -> Result<(), AppError> {
    if allows(Some(user), Permission::Moderate) {
        Ok(())
    } else {
        Err(AppError::Forbidden("error-moderators-only"))
    }
}

/// Moderates one contribution.
pub async fn act(
    ctx: &AppContext,
    moderator: &User,
    id: i64,
    req: ActRequest,
) -> Result<ContributionRow, AppError> {
    require_moderator(moderator)?;
    let reason = moderation::reason(&req.reason)?;
    let (moderator, ctx2) = (moderator.clone(), ctx.clone());
    let row = ctx
        .db
        .write(move |c| -> Result<ContributionRow, AppError> {
            act_in(c, &ctx2, &moderator, id, &req, &reason)?;
            Ok(contributions::find(c, id)?)
        })
        .await?;
    ctx.mail_wakeup.notify_one();
    Ok(row)
}

/// Moderates many contributions at once with one reason (a campaign's
/// group, or a selection from the queue). Items the moderator may not act
/// on are skipped and counted.
pub async fn act_on_many(
    ctx: &AppContext,
    moderator: &User,
    ids: Vec<i64>,
    group: Option<i64>,
    action: Action,
    reason: &str,
) -> Result<BulkOutcome, AppError> {
    require_moderator(moderator)?;
    if action == Action::Redact {
        return Err(AppError::field("action", "error-redact-one-by-one"));
    }
    let reason = moderation::reason(reason)?;
    if ids.len() > moderation::BULK_MAX {
        return Err(AppError::field("ids", "error-bulk-too-many"));
    }
    let (moderator, ctx2) = (moderator.clone(), ctx.clone());
    let outcome = ctx
        .db
        .write(move |c| {
            let mut ids = ids.clone();
            if let Some(root) = group {
                ids.extend(cases::group_members(c, root)?);
            }
            ids.sort_unstable();
            ids.dedup();
            if ids.is_empty() {
                return Err(AppError::field("ids", "error-bulk-empty"));
            }
            // All the rows first, in id order: a single act elsewhere waits
            // for the whole bulk act, never in a circle.
            contributions::lock_many(c, &ids)?;
            let req = ActRequest::plain(action, reason.clone());
            let mut outcome = BulkOutcome::default();
            for id in ids {
                // Each act in its own savepoint: one refused undoes only
                // its own part; a database failure stops the whole.
                match write_tx(c, |c| act_in(c, &ctx2, &moderator, id, &req, &reason)) {
                    Ok(Acted::Done) => outcome.done += 1,
                    Ok(Acted::Unchanged) => outcome.unchanged += 1,
                    Err(AppError::Internal(e)) => return Err(AppError::Internal(e)),
                    Err(AppError::Busy(e)) => return Err(AppError::Busy(e)),
                    Err(_) => outcome.skipped += 1,
                }
            }
            Ok(outcome)
        })
        .await?;
    ctx.mail_wakeup.notify_one();
    Ok(outcome)
}

#[derive(Debug, Clone, Copy, Default, serde::Serialize, utoipa::ToSchema)]
pub struct BulkOutcome {
    pub done: usize,
    /// Already in the state asked for, with nothing new to answer.
    pub unchanged: usize,
    pub skipped: usize,
}

/// What one act did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Acted {
    Done,
    /// The item already was as asked and nothing waited for an answer:
    /// nothing written, no email (a repeated or concurrent identical act).
    Unchanged,
}

/// One act inside the caller's transaction, on the contribution's row
/// lock taken before anything is read of it.
fn act_in(
    c: &mut DbConnection,
    ctx: &AppContext,
    moderator: &User,
    id: i64,
    req: &ActRequest,
    reason: &str,
) -> Result<Acted, AppError> {
    contributions::lock(c, id)?;
    let row = contributions::find(c, id)?;
    if !may_moderate(moderator, row.author_id) {
        return Err(AppError::Forbidden("error-own-contribution"));
    }
    if row.status != ContributionState::Published {
        return Err(AppError::Conflict("error-item-withdrawn"));
    }
    let case = cases::find(c, id)?;
    let before = row.moderation;
    let now = time::now();
    let mut after = req.action.state();
    // Once redacted, the original text never comes back in public.
    if req.action == Action::Restore && case.original_body.is_some() {
        after = Some(State::Redacted);
    }
    // The same act again, with nothing new for the moderators since: the
    // first one stands (one act, one audit entry, one email).
    if req.action != Action::Redact && after == before && !case.in_queue {
        return Ok(Acted::Unchanged);
    }
    match req.action {
        Action::Redact => {
            let text = redaction(&row, req)?;
            let terms = search_terms(
                text.title.as_deref(),
                &text.body,
                text.proposed_text.as_deref(),
            );
            cases::redact(c, &row, &text, &terms)?;
            // Redacted is public again, whatever it was before.
            search_index::index(c, row.bill_id, search_index::CONTRIBUTION, id, &terms)?;
            // The text that was scanned changed: scan again, without
            // queueing it anew.
            let fresh = contributions::find(c, id)?;
            let json = personal_data_of(c, &fresh)?;
            cases::set_scan(c, id, json.as_deref(), case.minhash.as_deref())?;
        }
        Action::Hide | Action::Trash => {
            search_index::unindex(c, search_index::CONTRIBUTION, id)?;
        }
        Action::Restore => {
            let terms = search_terms(
                row.title.as_deref(),
                &row.body,
                row.proposed_text.as_deref(),
            );
            search_index::index(c, row.bill_id, search_index::CONTRIBUTION, id, &terms)?;
        }
    }
    // A hidden contribution no longer counts in the tallies.
    match (before == Some(State::Hidden), after == Some(State::Hidden)) {
        (false, true) => contributions::count(c, &row, -1)?,
        (true, false) => contributions::count(c, &row, 1)?,
        _ => {}
    }
    cases::record_act(c, id, after, reason, Some(moderator.id), now)?;
    cases::set_queue(c, id, false, 0, now)?;
    audit::append(
        c,
        &ctx.audit_key,
        &NewEntry {
            actor_id: Some(moderator.id),
            action: req.action.audit_action(),
            target_kind: "contribution",
            target_id: Some(id),
            bill_id: Some(row.bill_id),
            reason: Some(reason),
        },
    )?;
    // The author hears of it, except of a restore of something that was
    // never moderated (a dismissed report).
    if req.action != Action::Restore || before.is_some() {
        let author = users::find(c, row.author_id)?;
        if author.deleted_at.is_none() {
            let author: User = author.into();
            let may_contest = case.contested_at.is_none() && after.is_some();
            if let Ok(message) = notice(ctx, &author, &row, req.action, reason, may_contest) {
                mail::enqueue(c, &message)?;
            }
        }
    }
    // Those who reported it hear what became of their report, once each.
    let outcome = match req.action {
        Action::Hide | Action::Trash => Some("moderated"),
        Action::Restore if before.is_none() => Some("kept"),
        _ => None,
    };
    if let Some(outcome) = outcome {
        let reporters = crate::store::reports::take_unanswered(c, id, now)?;
        if !reporters.is_empty() {
            let bill = crate::store::bills::find(c, row.bill_id)?;
            for reporter_id in reporters {
                let reporter: User = users::find(c, reporter_id)?.into();
                if reporter.is_deleted() {
                    continue;
                }
                if let Ok(message) = report_outcome(ctx, &reporter, &row, &bill.title, outcome) {
                    mail::enqueue(c, &message)?;
                }
            }
        }
    }
    Ok(Acted::Done)
}

/// To someone who reported a contribution: it was moderated, or kept.
fn report_outcome(
    ctx: &AppContext,
    reporter: &User,
    row: &ContributionRow,
    bill_title: &str,
    outcome: &str,
) -> Result<mail::Composed, String> {
    let mut t = tera::Context::new();
    t.insert("name", &reporter.display_name);
    t.insert("outcome", outcome);
    t.insert("bill", bill_title);
    t.insert("id", &row.id);
    t.insert("title", &row.title);
    t.insert("link", &ctx.url(&format!("/contributions/{}", row.id)));
    mail::compose(
        &ctx.templates,
        "report_outcome",
        reporter.locale,
        &reporter.email,
        t,
    )
}

fn notice(
    ctx: &AppContext,
    author: &User,
    row: &ContributionRow,
    action: Action,
    reason: &str,
    may_contest: bool,
) -> Result<mail::Composed, String> {
    let mut t = tera::Context::new();
    t.insert("name", &author.display_name);
    t.insert("action", action.as_str());
    t.insert("reason", reason);
    t.insert("link", &ctx.url(&format!("/contributions/{}", row.id)));
    t.insert("may_contest", &may_contest);
    mail::compose(
        &ctx.templates,
        "moderation",
        author.locale,
        &author.email,
        t,
    )
}

/// The author contests a moderation once; the item returns to the queue,
/// marked.
pub async fn contest(ctx: &AppContext, author: &User, id: i64, text: &str) -> Result<(), AppError> {
    if author.is_deleted() {
        return Err(AppError::Unauthorized("error-sign-in-required"));
    }
    let text = bounded_text("contest", text, 3, moderation::CONTEST_MAX)?;
    let author = author.clone();
    let audit_key = ctx.audit_key.clone();
    ctx.db
        .write(move |c| {
            contributions::lock(c, id)?;
            let row = contributions::find(c, id)?;
            if row.author_id != author.id {
                return Err(AppError::Forbidden("error-author-only"));
            }
            let case = cases::find(c, id)?;
            if row.moderation.is_none() {
                return Err(AppError::Conflict("error-not-moderated"));
            }
            if case.contested_at.is_some() {
                return Err(AppError::Conflict("error-already-contested"));
            }
            cases::set_contest(c, id, &text, time::now())?;
            audit::append(
                c,
                &audit_key,
                &NewEntry {
                    actor_id: Some(author.id),
                    action: "contribution.contest",
                    target_kind: "contribution",
                    target_id: Some(id),
                    bill_id: Some(row.bill_id),
                    reason: None,
                },
            )?;
            requeue(c, id)?;
            Ok(())
        })
        .await
}

/// After a report: back to the queue, and hidden at once past the
/// configured number of reports.
pub fn on_report(c: &mut DbConnection, ctx: &AppContext, id: i64) -> Result<(), StoreError> {
    requeue(c, id)?;
    let threshold = ctx.settings.auto_hide_reports;
    if threshold == 0 {
        return Ok(());
    }
    let row = contributions::find(c, id)?;
    let reporters = crate::store::reports::count_from_confirmed(c, id)?;
    if row.moderation.is_none() && reporters >= i64::from(threshold) {
        let reason = format!("{reporters} reports");
        search_index::unindex(c, search_index::CONTRIBUTION, id)?;
        contributions::count(c, &row, -1)?;
        cases::record_act(c, id, Some(State::Hidden), &reason, None, time::now())?;
        audit::append(
            c,
            &ctx.audit_key,
            &NewEntry {
                actor_id: None,
                action: "contribution.auto_hide",
                target_kind: "contribution",
                target_id: Some(id),
                bill_id: Some(row.bill_id),
                reason: Some(&reason),
            },
        )?;
        // Still in the queue: a moderator confirms or restores.
        let case = cases::find(c, id)?;
        let s = signals(&row, &case);
        cases::set_queue(c, id, true, s.urgency(), time::now())?;
    }
    Ok(())
}

/// The account a moderator is about to ban, for the confirmation page.
pub async fn ban_target(ctx: &AppContext, actor: &User, target_id: i64) -> Result<User, AppError> {
    require_moderator(actor)?;
    let actor = actor.clone();
    ctx.db
        .run(move |c| {
            let target: User = users::find(c, target_id)?.into();
            if !may_ban(&actor, &target) {
                return Err(AppError::Forbidden("error-ban-not-allowed"));
            }
            Ok(target)
        })
        .await
}

/// A ban as asked: a reason and a duration, both required.
pub fn check_ban(reason: &str, duration: &str) -> Result<(String, BanDuration), AppError> {
    let mut errors = crate::domain::FieldErrors::default();
    let reason = errors.take(bounded_text(
        "reason",
        reason,
        3,
        moderation::BAN_REASON_MAX,
    ));
    let duration = errors.take(BanDuration::parse_required(duration));
    match (reason, duration) {
        (Some(r), Some(d)) if errors.is_empty() => Ok((r, d)),
        _ => Err(AppError::Invalid(errors)),
    }
}

/// Bans (Some((reason, duration))) or unbans (None) an account. A ban with
/// a duration lifts by itself when it ends.
pub async fn set_ban(
    ctx: &AppContext,
    actor: &User,
    target_id: i64,
    ban: Option<(&str, &str)>,
) -> Result<User, AppError> {
    require_moderator(actor)?;
    let ban = match ban {
        Some((reason, duration)) => Some(check_ban(reason, duration)?),
        None => None,
    };
    let reason = ban.as_ref().map(|(r, _)| r.clone());
    let duration = ban.map(|(_, d)| d);
    let actor = actor.clone();
    let audit_key = ctx.audit_key.clone();
    ctx.db
        .write(move |c| {
            users::lock(c, target_id)?;
            let target: User = users::find(c, target_id)?.into();
            if !may_ban(&actor, &target) {
                return Err(AppError::Forbidden("error-ban-not-allowed"));
            }
            match (&reason, target.is_banned()) {
                (Some(_), true) => return Err(AppError::Conflict("error-already-banned")),
                (None, false) => return Err(AppError::Conflict("error-not-banned")),
                _ => {}
            }
            let now = time::now();
            let until = duration.and_then(|d| d.until(now));
            users::set_ban(c, target_id, reason.as_deref().map(|r| (r, until)), now)?;
            // The audit says for how long.
            let logged = duration
                .zip(reason.as_deref())
                .map(|(d, r)| format!("[{d}] {r}"));
            audit::append(
                c,
                &audit_key,
                &NewEntry {
                    actor_id: Some(actor.id),
                    action: if reason.is_some() {
                        "user.ban"
                    } else {
                        "user.unban"
                    },
                    target_kind: "user",
                    target_id: Some(target_id),
                    bill_id: None,
                    reason: logged.as_deref(),
                },
            )?;
            Ok(users::find(c, target_id)?.into())
        })
        .await
}

// The queue.

#[derive(Debug, Clone, Default)]
pub struct QueueRequest {
    pub bill: Option<String>,
    pub reason: Option<String>,
    pub cursor: Option<String>,
    pub limit: i64,
}

/// One item of the queue, with what a moderator needs to decide.
#[derive(Debug, Clone)]
pub struct QueueEntry {
    pub item: QueueItem,
    pub found: Found,
    pub report_reasons: Vec<(String, i64)>,
    pub contested: bool,
    /// How many contributions share this text (shown on the group's first).
    pub group_size: i32,
}

pub struct QueuePage {
    pub entries: Vec<QueueEntry>,
    pub next_cursor: Option<String>,
    pub total: i64,
}

pub async fn queue(
    ctx: &AppContext,
    moderator: &User,
    req: QueueRequest,
) -> Result<QueuePage, AppError> {
    require_moderator(moderator)?;
    if let Some(r) = &req.reason {
        if r.parse::<QueueReason>().is_err() {
            return Err(AppError::field("reason", "error-queue-reason"));
        }
    }
    let after = match req.cursor.as_deref() {
        None | Some("") => None,
        Some(raw) => Some(
            raw.split_once(':')
                .and_then(|(u, i)| Some((u.parse().ok()?, i.parse().ok()?)))
                .ok_or_else(|| AppError::field("cursor", "error-cursor-invalid"))?,
        ),
    };
    let limit = req.limit.clamp(1, 100);
    let moderator = moderator.clone();
    ctx.db
        .run(move |c| {
            // A bill the moderator may not see (a draft) answers as one
            // that does not exist.
            let bill_id = match req.bill.as_deref().filter(|s| !s.is_empty()) {
                Some(slug) => match BillAccess::read(c, BillKey::Slug(slug), Some(&moderator))
                    .and_then(BillAccess::visible)
                {
                    Ok(access) => Some(access.row.id),
                    Err(AppError::NotFound) => {
                        return Err(AppError::field("bill", "error-bill-unknown"));
                    }
                    Err(e) => return Err(e),
                },
                None => None,
            };
            let items = cases::queue(
                c,
                &QueueQuery {
                    bill_id,
                    reason: req.reason.clone(),
                    after,
                    limit: limit + 1,
                },
            )?;
            let more = items.len() as i64 > limit;
            let mut entries = Vec::new();
            for item in items.into_iter().take(limit as usize) {
                let id = item.contribution.id;
                let found = parse_found(item.case.personal_data.as_deref());
                let s = signals(&item.contribution, &item.case);
                entries.push(QueueEntry {
                    report_reasons: cases::report_reasons(c, id)?,
                    contested: s.contested,
                    group_size: s.group_size,
                    found,
                    item,
                });
            }
            let next_cursor = more
                .then(|| {
                    entries
                        .last()
                        .map(|e| format!("{}:{}", e.item.case.urgency, e.item.contribution.id))
                })
                .flatten();
            let total = cases::queue_size(c)?;
            Ok(QueuePage {
                entries,
                next_cursor,
                total,
            })
        })
        .await
}

fn parse_found(raw: Option<&str>) -> Found {
    raw.and_then(|j| serde_json::from_str(j).ok())
        .unwrap_or_default()
}

/// What moderators see of one contribution on its page.
#[derive(Debug, Clone)]
pub struct CaseDetail {
    pub case: CaseRow,
    pub found: Found,
    pub report_reasons: Vec<(String, i64)>,
    pub report_details: Vec<String>,
    /// The redaction form's starting text: the body with what the finder
    /// found masked.
    pub masked_title: Option<String>,
    pub masked_body: String,
    pub masked_proposed_text: Option<String>,
    pub masked_url: Option<String>,
    pub may_moderate: bool,
    pub author_banned: bool,
    /// How many contributions share this text (1: none).
    pub group_size: i32,
}

pub const MASK: &str = "[…]";

/// The moderation panel of a contribution (moderators only; None for
/// others).
pub async fn case_view(
    ctx: &AppContext,
    viewer: Option<&User>,
    id: i64,
) -> Result<Option<CaseDetail>, AppError> {
    let Some(user) = viewer
        .filter(|u| allows(Some(u), Permission::Moderate))
        .cloned()
    else {
        return Ok(None);
    };
    ctx.db
        .run(move |c| {
            let row = contributions::find(c, id)?;
            let case = cases::find(c, id)?;
            let found = parse_found(case.personal_data.as_deref());
            let author: User = users::find(c, row.author_id)?.into();
            Ok(Some(CaseDetail {
                group_size: cases::group_size(c, &case)?,
                report_reasons: cases::report_reasons(c, id)?,
                report_details: cases::report_details(c, id)?,
                masked_title: row
                    .title
                    .as_deref()
                    .map(|t| personal_data::mask(t, &found.title, MASK)),
                masked_body: personal_data::mask(&row.body, &found.body, MASK),
                masked_proposed_text: row
                    .proposed_text
                    .as_deref()
                    .map(|t| personal_data::mask(t, &found.proposed_text, MASK)),
                // A masked address is no address: what the finder flags in
                // one is cut out, and the moderator decides what remains.
                masked_url: row
                    .url
                    .as_deref()
                    .map(|u| personal_data::mask(u, &found.url, "")),
                may_moderate: may_moderate(&user, row.author_id),
                author_banned: author.is_banned(),
                found,
                case,
            }))
        })
        .await
}

/// The author's view of a moderation of their contribution: may they
/// still contest it?
pub async fn contest_state(
    ctx: &AppContext,
    viewer: Option<&User>,
    row: &ContributionRow,
) -> Result<Option<bool>, AppError> {
    if row.moderation.is_none() || viewer.map(|u| u.id) != Some(row.author_id) {
        return Ok(None);
    }
    let id = row.id;
    let case = ctx
        .db
        .run(move |c| -> Result<_, AppError> { Ok(cases::find(c, id)?) })
        .await?;
    Ok(Some(case.contested_at.is_none()))
}

// The public record.

pub struct TrashItem {
    pub contribution: ContributionRow,
    pub state: State,
    pub reason: Option<String>,
    pub at: NaiveDateTime,
}

pub struct LogEntry {
    pub at: NaiveDateTime,
    pub action: String,
    pub contribution_id: Option<i64>,
    pub reason: Option<String>,
}

pub struct Trash {
    pub bill: crate::store::bills::BillRow,
    pub items: Vec<TrashItem>,
    pub log: Vec<LogEntry>,
}

/// A bill's moderated contributions and its moderation log, as the public
/// sees them: no moderator names, no hidden text.
pub async fn trash(ctx: &AppContext, viewer: Option<&User>, slug: &str) -> Result<Trash, AppError> {
    let (viewer, slug) = (viewer.cloned(), slug.to_string());
    ctx.db
        .run(move |c| {
            let bill = BillAccess::read(c, BillKey::Slug(&slug), viewer.as_ref())?
                .visible()?
                .row;
            let items = cases::moderated(c, bill.id, 500)?
                .into_iter()
                .filter_map(|m| {
                    let state = m.contribution.moderation?;
                    Some(TrashItem {
                        state,
                        reason: m.reason,
                        at: m.moderated_at,
                        contribution: m.contribution,
                    })
                })
                .collect();
            let log = audit::moderation_log(c, bill.id, 500)?
                .into_iter()
                .map(|r| LogEntry {
                    at: r.at,
                    action: r.action,
                    contribution_id: r.target_id,
                    reason: r.reason,
                })
                .collect();
            Ok(Trash { bill, items, log })
        })
        .await
}

/// Forgets texts before redaction past the retention period.
pub async fn purge_originals(ctx: &AppContext) -> Result<usize, AppError> {
    let keep = chrono::Duration::from_std(ctx.settings.redaction_retention)
        .unwrap_or(chrono::Duration::days(30));
    let before = time::now() - keep;
    ctx.db
        .write(move |c| Ok(cases::purge_originals(c, before)?))
        .await
}
