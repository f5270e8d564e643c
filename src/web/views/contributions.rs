//! Contributions for templates.

use serde_json::{Value, json};

use super::dates;
use crate::domain::Locale;
use crate::i18n;
use crate::service::participation::{Detail, Page};
use crate::store::contributions::Listed;
use crate::text::{diff, markdown};

/// The name shown for an author ("deleted participant" once deleted).
pub fn author(locale: Locale, listed: &Listed) -> String {
    listed
        .author_name
        .clone()
        .unwrap_or_else(|| i18n::t(locale, "deleted-participant"))
}

pub fn item(locale: Locale, l: &Listed, my_vote: Option<&str>) -> Value {
    let r = &l.row;
    let withdrawn = r.status == "withdrawn";
    json!({
        "id": r.id,
        "kind": r.kind,
        "stance": r.stance,
        "title": if withdrawn { None } else { r.title.clone() },
        // A withdrawn contribution leaves only a placeholder.
        "body_html": if withdrawn { String::new() } else { markdown::to_html(&r.body) },
        "withdrawn": withdrawn,
        "deletes_article": r.deletes_article,
        "url": if withdrawn { None } else { r.url.clone() },
        "author": author(locale, l),
        "author_id": r.author_id,
        "at": dates::long(locale, r.created_at),
        "edited": r.edited_at.is_some(),
        "votes": {"agree": r.votes_agree, "mixed": r.votes_mixed, "disagree": r.votes_disagree, "support": r.votes_support},
        "arguments": r.arguments_count,
        "sources": r.sources_count,
        "my_vote": my_vote,
    })
}

pub fn page(locale: Locale, p: &Page) -> Value {
    let mine = |id: i64| {
        p.my_votes
            .iter()
            .find(|(i, _)| *i == id)
            .map(|(_, v)| v.as_str())
    };
    json!({
        "items": p.items.iter().map(|l| item(locale, l, mine(l.row.id))).collect::<Vec<_>>(),
        "next_cursor": p.next_cursor,
    })
}

pub fn detail(locale: Locale, d: &Detail) -> Value {
    let mut v = item(locale, &d.item, d.my_vote.map(|v| v.as_str()));
    let r = &d.item.row;
    v["proposed_text_html"] = json!(
        r.proposed_text
            .as_deref()
            .filter(|_| r.status != "withdrawn")
            .map(markdown::to_html)
    );
    v["edits"] = json!(d.edits);
    if let (Some(old), Some(new)) = (&d.amended_text, &r.proposed_text) {
        if r.status != "withdrawn" {
            v["diff"] = json!(diff::words(old, new));
        }
    }
    v["article_changed"] = json!(match (&d.article, r.article_version) {
        (Some(a), Some(version)) => a.version != version,
        _ => false,
    });
    v
}
