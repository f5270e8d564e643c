//! Moderation for templates: the queue, the panel on a contribution, the
//! public trash.

use serde_json::{Value, json};

use super::dates;
use crate::analysis::personal_data::Span;
use crate::domain::Locale;
use crate::service::moderation::{CaseView, QueuePage, Trash};
use crate::store::contributions::ContributionRow;
use crate::text::markdown;

/// The text cut into pieces, those the finder found marked with their kind;
/// the template escapes each piece.
pub fn highlighted(text: &str, spans: &[Span]) -> Vec<Value> {
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
            out.push(json!({"text": &text[at..s.start]}));
        }
        out.push(json!({"text": &text[s.start..s.end], "kind": s.kind.as_str()}));
        at = s.end;
    }
    if at < text.len() {
        out.push(json!({"text": &text[at..]}));
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

pub fn queue(locale: Locale, p: &QueuePage) -> Value {
    let items: Vec<Value> = p
        .entries
        .iter()
        .map(|e| {
            let r = &e.item.contribution;
            json!({
                "id": r.id,
                "kind": r.kind,
                "bill_slug": e.item.bill_slug,
                "bill_title": e.item.bill_title,
                "author": e.item.author_name,
                "author_id": r.author_id,
                "at": dates::long(locale, r.created_at),
                "excerpt": excerpt(r),
                "body": highlighted(&r.body, &e.found.body),
                "personal_data": e.found.spans()
                    .map(|s| s.kind.as_str()).collect::<Vec<_>>(),
                "reports": e.item.reports_count,
                "report_reasons": e.report_reasons.iter()
                    .map(|(reason, n)| json!({"reason": reason, "count": n})).collect::<Vec<_>>(),
                "contested": e.contested,
                "contest_text": e.item.case.contest_text,
                "group_size": e.group_size,
                "moderation": r.moderation,
                "urgency": e.item.case.urgency,
            })
        })
        .collect();
    json!({"items": items, "next_cursor": p.next_cursor, "total": p.total})
}

pub fn panel(locale: Locale, v: &CaseView, row: &ContributionRow) -> Value {
    json!({
        "reports": v.report_reasons.iter()
            .map(|(reason, n)| json!({"reason": reason, "count": n})).collect::<Vec<_>>(),
        "details": v.report_details,
        "found": !v.found.is_empty(),
        "body": highlighted(&row.body, &v.found.body),
        "title": row.title.as_deref().map(|t| highlighted(t, &v.found.title)),
        "proposed_text": row.proposed_text.as_deref()
            .filter(|_| !v.found.proposed_text.is_empty())
            .map(|t| highlighted(t, &v.found.proposed_text)),
        "url": row.url.as_deref()
            .filter(|_| !v.found.url.is_empty())
            .map(|u| highlighted(u, &v.found.url)),
        "masked_title": v.masked_title,
        "masked_body": v.masked_body,
        "masked_proposed_text": v.masked_proposed_text,
        "masked_url": v.masked_url,
        "original_title": v.case.original_title,
        "original_body": v.case.original_body,
        "original_proposed_text": v.case.original_proposed_text,
        "original_url": v.case.original_url,
        "contest_text": v.case.contest_text,
        "contested_at": v.case.contested_at.map(|t| dates::long(locale, t)),
        "moderated_at": v.case.moderated_at.map(|t| dates::long(locale, t)),
        "group_size": v.case.duplicates_count,
        "group": v.case.duplicate_of,
        "may_moderate": v.may_moderate,
        "author_banned": v.author_banned,
    })
}

pub fn trash(locale: Locale, t: &Trash) -> Value {
    let items: Vec<Value> = t
        .items
        .iter()
        .map(|i| {
            let r = &i.contribution;
            let readable = i.state != crate::domain::moderation::State::Hidden;
            json!({
                "id": r.id,
                "kind": r.kind,
                "state": i.state.as_str(),
                "reason": i.reason,
                "at": dates::long(locale, i.at),
                // Hidden bodies are never shown, here or anywhere public.
                "title": if readable { r.title.clone() } else { None },
                "body_html": if readable { markdown::to_html(&r.body) } else { String::new() },
            })
        })
        .collect();
    let log: Vec<Value> = t
        .log
        .iter()
        .map(|e| {
            json!({
                "at": dates::long(locale, e.at),
                "action": e.action.trim_start_matches("contribution."),
                "contribution_id": e.contribution_id,
                "reason": e.reason,
            })
        })
        .collect();
    json!({
        "bill": {"slug": t.bill.slug, "title": t.bill.title},
        "items": items,
        "log": log,
    })
}
