//! Bills and articles for templates and the API.

use chrono::NaiveDateTime;
use serde_json::{Value, json};

use super::dates;
use crate::domain::{BillStatus, Locale, time};
use crate::service::bills::{ArticleDetail, BillDetail};
use crate::store::articles::{ArticleRow, VersionRow};
use crate::store::bills::{BillRow, SectionRow};
use crate::text::{diff, markdown};

/// A bill in a list: title, status, and when it closes.
pub fn bill_card(locale: Locale, row: &BillRow, now: NaiveDateTime) -> Value {
    let status = row.status;
    json!({
        "slug": row.slug,
        "title": row.title,
        "status": status.as_str(),
        "opens_at": row.opens_at.map(|t| dates::day(locale, t)),
        "closes_at": row.closes_at.map(|t| dates::day(locale, t)),
        "closes_at_iso": row.closes_at.map(time::rfc3339),
        "remaining": match (status, row.closes_at) {
            (BillStatus::Open, Some(c)) if c > now => Some(dates::remaining(locale, now, c)),
            _ => None,
        },
        "milestone": dates::milestone(locale, status, row.opens_at, row.closes_at),
    })
}

fn article_link(a: &ArticleRow) -> Value {
    json!({"id": a.id, "label": a.label, "heading": a.heading})
}

fn section_value(s: &SectionRow) -> Value {
    json!({"id": s.id, "level": s.level, "kind": s.kind, "label": s.label, "heading": s.heading})
}

/// The table of contents as a tree following the headings' levels.
fn toc(sections: &[SectionRow], articles: &[ArticleRow]) -> Value {
    // Build bottom-up: each section's node with its articles, then nest by level.
    let mut nodes: Vec<(i32, Value)> = sections
        .iter()
        .map(|s| {
            let own: Vec<Value> = articles
                .iter()
                .filter(|a| a.section_id == Some(s.id))
                .map(article_link)
                .collect();
            let mut node = section_value(s);
            node["articles"] = json!(own);
            node["children"] = json!([]);
            (s.level, node)
        })
        .collect();
    // Fold children into their parent: the nearest earlier node of a lower level.
    let mut roots: Vec<Value> = Vec::new();
    let mut stack: Vec<(i32, Value)> = Vec::new();
    for (level, node) in nodes.drain(..) {
        while let Some((top_level, _)) = stack.last() {
            if *top_level >= level {
                let (_, done) = stack.pop().unwrap_or((0, Value::Null));
                attach(&mut stack, &mut roots, done);
            } else {
                break;
            }
        }
        stack.push((level, node));
    }
    while let Some((_, done)) = stack.pop() {
        attach(&mut stack, &mut roots, done);
    }
    let loose: Vec<Value> = articles
        .iter()
        .filter(|a| a.section_id.is_none())
        .map(article_link)
        .collect();
    json!({"articles": loose, "sections": roots})
}

fn attach(stack: &mut [(i32, Value)], roots: &mut Vec<Value>, node: Value) {
    match stack.last_mut() {
        Some((_, parent)) => {
            if let Some(children) = parent["children"].as_array_mut() {
                children.push(node);
            }
        }
        None => roots.push(node),
    }
}

fn article_block(a: &ArticleRow) -> Value {
    json!({
        "kind": "article",
        "id": a.id,
        "label": a.label,
        "heading": a.heading,
        "body_html": markdown::to_html(&a.body),
        "version": a.version,
        "fate": a.fate,
        "tally": {"agree": a.votes_agree, "mixed": a.votes_mixed, "disagree": a.votes_disagree},
        "counts": {"arguments": a.arguments_count, "amendments": a.amendments_count, "sources": a.sources_count},
    })
}

/// The bill's text in reading order: headings, then the articles under them.
fn blocks(sections: &[SectionRow], articles: &[ArticleRow]) -> Vec<Value> {
    let mut out: Vec<Value> = articles
        .iter()
        .filter(|a| a.section_id.is_none())
        .map(article_block)
        .collect();
    for s in sections {
        let mut heading = section_value(s);
        heading["kind"] = json!("heading");
        // h2 for the outermost level, down to h4.
        heading["tag"] = json!(format!("h{}", (s.level + 1).clamp(2, 4)));
        out.push(heading);
        out.extend(
            articles
                .iter()
                .filter(|a| a.section_id == Some(s.id))
                .map(article_block),
        );
    }
    out
}

pub fn bill_page(locale: Locale, d: &BillDetail, now: NaiveDateTime) -> Value {
    let mut bill = bill_card(locale, &d.bill, now);
    bill["summary_html"] = json!(markdown::to_html(&d.bill.summary));
    bill["source"] = json!(d.bill.source);
    bill["opens_at_long"] = json!(d.bill.opens_at.map(|t| dates::long(locale, t)));
    bill["closes_at_long"] = json!(d.bill.closes_at.map(|t| dates::long(locale, t)));
    bill["opens_at_input"] = json!(dates::input_value(d.bill.opens_at));
    bill["closes_at_input"] = json!(dates::input_value(d.bill.closes_at));
    bill["summary"] = json!(d.bill.summary);
    bill["sponsors"] = json!(d.sponsors.iter().map(|(_, n)| n).collect::<Vec<_>>());
    bill["next_status"] = json!(d.status.next().map(BillStatus::as_str));
    bill["article_count"] = json!(d.articles.len());
    bill["figures"] = json!({
        "participants": d.bill.participants_count,
        "contributions": d.bill.contributions_count,
        "proposals": d.bill.proposals_count,
        "votes": d.bill.votes_count,
    });
    json!({
        "bill": bill,
        "toc": toc(&d.sections, &d.articles),
        "blocks": blocks(&d.sections, &d.articles),
        "transitions": d.transitions.iter().map(|t| json!({
            "from": t.from_status,
            "to": t.to_status,
            "actor": t.actor_name,
            "at": dates::long(locale, t.at),
        })).collect::<Vec<_>>(),
        "can_manage": d.can_manage,
    })
}

fn version_value(locale: Locale, v: &VersionRow) -> Value {
    json!({
        "version": v.version,
        "label": v.label,
        "heading": v.heading,
        "reason": v.reason,
        "author": v.author_name,
        "at": dates::long(locale, v.created_at),
        "at_iso": time::rfc3339(v.created_at),
    })
}

pub fn article_page(locale: Locale, d: &ArticleDetail, now: NaiveDateTime) -> Value {
    let latest = d.versions.last();
    json!({
        "bill": bill_card(locale, &d.bill, now),
        "article": {
            "id": d.article.id,
            "label": d.article.label,
            "heading": d.article.heading,
            "body": d.article.body,
            "body_html": markdown::to_html(&d.article.body),
            "version": d.article.version,
        },
        // "Modified on … because …" once the text has changed.
        "modified": latest.filter(|v| v.version > 1).map(|v| version_value(locale, v)),
        "section": d.section.as_ref().map(section_value),
        "previous": d.previous.as_ref().map(|(id, label)| json!({"id": id, "label": label})),
        "next": d.next.as_ref().map(|(id, label)| json!({"id": id, "label": label})),
        "can_manage": d.can_manage,
        "editing": crate::domain::bill::article_edits(d.status) != crate::domain::bill::ArticleEdits::Frozen,
        "reason_required": d.status == BillStatus::Open,
        "label_editable": d.status == BillStatus::Draft,
    })
}

/// The versions and the word diff between two of them (default: the last
/// two).
pub fn history(locale: Locale, d: &ArticleDetail, from: Option<i32>, to: Option<i32>) -> Value {
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
    json!({
        "versions": d.versions.iter().rev().map(|v| version_value(locale, v)).collect::<Vec<_>>(),
        "from": from,
        "to": to,
        "diff": spans,
        "removed": removed,
        "added": added,
    })
}
