//! Moderation as the pages and the API show it: the queue, the panel on a
//! contribution, bans, and each bill's public trash. The pages get dates
//! in words and the text cut around what the finder found; the API gets
//! RFC 3339 dates and byte offsets.

use serde::Serialize;
use utoipa::ToSchema;

use super::dates;
use crate::analysis::personal_data::Span;
use crate::domain::contribution::ContributionKind;
use crate::domain::moderation::State;
use crate::domain::{Locale, User, time};
use crate::service::moderation::{CaseDetail, QueuePage, Trash};
use crate::store::contributions::ContributionRow;
use crate::text::markdown;

// How many reports gave one reason (the API's schema has no description).
#[derive(Serialize, ToSchema)]
pub struct ReasonCount {
    pub reason: String,
    pub count: i64,
}

fn reason_counts(reasons: &[(String, i64)]) -> Vec<ReasonCount> {
    reasons
        .iter()
        .map(|(reason, count)| ReasonCount {
            reason: reason.clone(),
            count: *count,
        })
        .collect()
}

/// A piece of a text; `kind` when the finder found personal data in it.
/// The template escapes each piece.
#[derive(Serialize)]
pub struct TextPiece {
    pub text: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kind: Option<&'static str>,
}

/// The text cut into pieces, those the finder found marked with their kind.
pub fn highlighted(text: &str, spans: &[Span]) -> Vec<TextPiece> {
    let piece = |t: &str, kind: Option<&'static str>| TextPiece {
        text: t.to_string(),
        kind,
    };
    let mut out = Vec::new();
    let mut at = 0;
    for s in spans {
        if s.start < at
            || s.end > text.len()
            || !text.is_char_boundary(s.start)
            || !text.is_char_boundary(s.end)
        {
            continue;
        }
        if s.start > at {
            out.push(piece(&text[at..s.start], None));
        }
        out.push(piece(&text[s.start..s.end], Some(s.kind.as_str())));
        at = s.end;
    }
    if at < text.len() {
        out.push(piece(&text[at..], None));
    }
    out
}

fn excerpt(row: &ContributionRow) -> String {
    let text = row
        .title
        .as_deref()
        .map_or_else(|| row.body.clone(), |t| format!("{t} — {}", row.body));
    crate::text::excerpt::at_word(&text, 400)
}

// The queue page.

/// The queue page: the queue as filtered, the filters, and the bulk form
/// (as it was sent, when it was refused).
#[derive(Serialize)]
pub struct QueueScreen {
    pub queue: QueueList,
    pub bills: Vec<BillChoice>,
    pub reasons: Vec<&'static str>,
    pub filter_bill: String,
    pub filter_reason: String,
    pub return_to: String,
    pub bulk: BulkSent,
}

#[derive(Serialize)]
pub struct BillChoice {
    pub slug: String,
    pub title: String,
}

/// The bulk form as it was sent (empty on a fresh page).
#[derive(Serialize, Default)]
pub struct BulkSent {
    pub ids: Vec<i64>,
    pub action: String,
    pub reason: String,
}

#[derive(Serialize)]
pub struct QueueList {
    pub items: Vec<QueueLine>,
    pub next_cursor: Option<String>,
    pub total: i64,
}

#[derive(Serialize)]
pub struct QueueLine {
    pub id: i64,
    pub kind: ContributionKind,
    pub bill_slug: String,
    pub bill_title: String,
    pub author: String,
    pub author_id: i64,
    pub at: String,
    pub excerpt: String,
    pub body: Vec<TextPiece>,
    /// The kinds of personal data found, one per finding.
    pub personal_data: Vec<&'static str>,
    pub reports: i32,
    pub report_reasons: Vec<ReasonCount>,
    pub contested: bool,
    pub contest_text: Option<String>,
    pub group_size: i32,
    pub moderation: Option<State>,
    pub urgency: i32,
}

pub fn queue(locale: Locale, p: &QueuePage) -> QueueList {
    let items = p
        .entries
        .iter()
        .map(|e| {
            let r = &e.item.contribution;
            QueueLine {
                id: r.id,
                kind: r.kind,
                bill_slug: e.item.bill_slug.clone(),
                bill_title: e.item.bill_title.clone(),
                author: e.item.author_name.clone(),
                author_id: r.author_id,
                at: dates::long(locale, r.created_at),
                excerpt: excerpt(r),
                body: highlighted(&r.body, &e.found.body),
                personal_data: e.found.spans().map(|s| s.kind.as_str()).collect(),
                reports: e.item.reports_count,
                report_reasons: reason_counts(&e.report_reasons),
                contested: e.contested,
                contest_text: e.item.case.contest_text.clone(),
                group_size: e.group_size,
                moderation: r.moderation,
                urgency: e.item.case.urgency,
            }
        })
        .collect();
    QueueList {
        items,
        next_cursor: p.next_cursor.clone(),
        total: p.total,
    }
}

// The panel on a contribution's page.

#[derive(Serialize)]
pub struct Panel {
    pub reports: Vec<ReasonCount>,
    pub details: Vec<String>,
    pub found: bool,
    pub body: Vec<TextPiece>,
    pub title: Option<Vec<TextPiece>>,
    pub proposed_text: Option<Vec<TextPiece>>,
    pub url: Option<Vec<TextPiece>>,
    pub masked_title: Option<String>,
    pub masked_body: String,
    pub masked_proposed_text: Option<String>,
    pub masked_url: Option<String>,
    pub original_title: Option<String>,
    pub original_body: Option<String>,
    pub original_proposed_text: Option<String>,
    pub original_url: Option<String>,
    pub contest_text: Option<String>,
    pub contested_at: Option<String>,
    pub moderated_at: Option<String>,
    pub group_size: i32,
    pub group: Option<i64>,
    pub may_moderate: bool,
    pub author_banned: bool,
}

pub fn panel(locale: Locale, v: &CaseDetail, row: &ContributionRow) -> Panel {
    Panel {
        reports: reason_counts(&v.report_reasons),
        details: v.report_details.clone(),
        found: !v.found.is_empty(),
        body: highlighted(&row.body, &v.found.body),
        title: row.title.as_deref().map(|t| highlighted(t, &v.found.title)),
        proposed_text: row
            .proposed_text
            .as_deref()
            .filter(|_| !v.found.proposed_text.is_empty())
            .map(|t| highlighted(t, &v.found.proposed_text)),
        url: row
            .url
            .as_deref()
            .filter(|_| !v.found.url.is_empty())
            .map(|u| highlighted(u, &v.found.url)),
        masked_title: v.masked_title.clone(),
        masked_body: v.masked_body.clone(),
        masked_proposed_text: v.masked_proposed_text.clone(),
        masked_url: v.masked_url.clone(),
        original_title: v.case.original_title.clone(),
        original_body: v.case.original_body.clone(),
        original_proposed_text: v.case.original_proposed_text.clone(),
        original_url: v.case.original_url.clone(),
        contest_text: v.case.contest_text.clone(),
        contested_at: v.case.contested_at.map(|t| dates::long(locale, t)),
        moderated_at: v.case.moderated_at.map(|t| dates::long(locale, t)),
        group_size: v.group_size,
        group: v.case.duplicate_of,
        may_moderate: v.may_moderate,
        author_banned: v.author_banned,
    }
}

// The public trash page.

#[derive(Serialize)]
pub struct TrashPage {
    pub bill: BillChoice,
    pub items: Vec<TrashLine>,
    pub log: Vec<LogLine>,
}

#[derive(Serialize)]
pub struct TrashLine {
    pub id: i64,
    pub kind: ContributionKind,
    pub state: &'static str,
    pub reason: Option<String>,
    pub at: String,
    /// Hidden contributions' text is never shown, here or anywhere public.
    pub title: Option<String>,
    pub body_html: String,
}

#[derive(Serialize)]
pub struct LogLine {
    pub at: String,
    /// The act without its `contribution.` prefix.
    pub action: String,
    pub contribution_id: Option<i64>,
    pub reason: Option<String>,
}

pub fn trash(locale: Locale, t: &Trash) -> TrashPage {
    let items = t
        .items
        .iter()
        .map(|i| {
            let r = &i.contribution;
            let readable = i.state != State::Hidden;
            TrashLine {
                id: r.id,
                kind: r.kind,
                state: i.state.as_str(),
                reason: i.reason.clone(),
                at: dates::long(locale, i.at),
                title: if readable { r.title.clone() } else { None },
                body_html: if readable {
                    markdown::to_html(&r.body)
                } else {
                    String::new()
                },
            }
        })
        .collect();
    let log = t
        .log
        .iter()
        .map(|e| LogLine {
            at: dates::long(locale, e.at),
            action: e.action.trim_start_matches("contribution.").to_string(),
            contribution_id: e.contribution_id,
            reason: e.reason.clone(),
        })
        .collect();
    TrashPage {
        bill: BillChoice {
            slug: t.bill.slug.clone(),
            title: t.bill.title.clone(),
        },
        items,
        log,
    }
}

// The API.

#[derive(Serialize, ToSchema)]
pub struct PersonalDataView {
    #[schema(value_type = Vec<Object>)]
    pub title: Vec<Span>,
    /// Byte offsets into the body, with the kind found.
    #[schema(value_type = Vec<Object>)]
    pub body: Vec<Span>,
    /// Byte offsets into an amendment's or proposal's proposed text.
    #[schema(value_type = Vec<Object>)]
    pub proposed_text: Vec<Span>,
    /// Byte offsets into a source's address.
    #[schema(value_type = Vec<Object>)]
    pub url: Vec<Span>,
}

#[derive(Serialize, ToSchema)]
pub struct QueueItemView {
    pub contribution_id: i64,
    pub bill: String,
    pub kind: String,
    pub author_id: i64,
    pub title: Option<String>,
    pub body: String,
    pub proposed_text: Option<String>,
    pub url: Option<String>,
    pub created_at: String,
    pub urgency: i32,
    pub reports: Vec<ReasonCount>,
    pub personal_data: PersonalDataView,
    /// How many contributions share this text (1: none other).
    pub group_size: i32,
    pub contested: bool,
    pub contest_text: Option<String>,
    /// Current state, if already moderated.
    pub moderation: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct QueueView {
    pub items: Vec<QueueItemView>,
    pub next_cursor: Option<String>,
    pub total: i64,
}

impl From<QueuePage> for QueueView {
    fn from(page: QueuePage) -> QueueView {
        let items = page
            .entries
            .into_iter()
            .map(|e| {
                let r = e.item.contribution;
                QueueItemView {
                    contribution_id: r.id,
                    bill: e.item.bill_slug,
                    kind: r.kind.to_string(),
                    author_id: r.author_id,
                    title: r.title,
                    body: r.body,
                    proposed_text: r.proposed_text,
                    url: r.url,
                    created_at: time::rfc3339(r.created_at),
                    urgency: e.item.case.urgency,
                    reports: reason_counts(&e.report_reasons),
                    personal_data: PersonalDataView {
                        title: e.found.title,
                        body: e.found.body,
                        proposed_text: e.found.proposed_text,
                        url: e.found.url,
                    },
                    group_size: e.group_size,
                    contested: e.contested,
                    contest_text: e.item.case.contest_text,
                    moderation: r.moderation.map(|m| m.to_string()),
                }
            })
            .collect();
        QueueView {
            items,
            next_cursor: page.next_cursor,
            total: page.total,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct ModerationResult {
    pub contribution_id: i64,
    /// The state the public now sees (null: not moderated).
    pub moderation: Option<String>,
}

impl From<&ContributionRow> for ModerationResult {
    fn from(row: &ContributionRow) -> ModerationResult {
        ModerationResult {
            contribution_id: row.id,
            moderation: row.moderation.map(|m| m.to_string()),
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct BanView {
    pub user_id: i64,
    pub banned: bool,
    pub reason: Option<String>,
    /// When the ban ends by itself (RFC 3339); null when permanent or not
    /// banned.
    pub until: Option<String>,
}

impl From<User> for BanView {
    fn from(target: User) -> BanView {
        BanView {
            user_id: target.id,
            banned: target.is_banned(),
            until: target
                .banned_until
                .filter(|_| target.is_banned())
                .map(time::rfc3339),
            reason: target.ban_reason,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct TrashItemView {
    pub contribution_id: i64,
    pub kind: String,
    /// trashed, hidden or redacted
    pub moderation: String,
    pub reason: Option<String>,
    pub moderated_at: String,
    /// The text, except for hidden contributions.
    pub title: Option<String>,
    pub body: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct LogEntryView {
    pub at: String,
    pub action: String,
    pub contribution_id: Option<i64>,
    pub reason: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct TrashView {
    pub items: Vec<TrashItemView>,
    pub log: Vec<LogEntryView>,
}

impl From<Trash> for TrashView {
    fn from(t: Trash) -> TrashView {
        let items = t
            .items
            .into_iter()
            .map(|i| {
                let readable = i.state != State::Hidden;
                let r = i.contribution;
                TrashItemView {
                    contribution_id: r.id,
                    kind: r.kind.to_string(),
                    moderation: i.state.as_str().to_string(),
                    reason: i.reason,
                    moderated_at: time::rfc3339(i.at),
                    title: r.title.filter(|_| readable),
                    body: readable.then_some(r.body),
                }
            })
            .collect();
        let log = t
            .log
            .into_iter()
            .map(|e| LogEntryView {
                at: time::rfc3339(e.at),
                action: e.action,
                contribution_id: e.contribution_id,
                reason: e.reason,
            })
            .collect();
        TrashView { items, log }
    }
}
