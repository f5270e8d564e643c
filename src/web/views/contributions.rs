//! Contributions for templates.

use serde_json::{Value, json};

use super::dates;
use crate::domain::Locale;
use crate::domain::contribution::ContributionState;
use crate::domain::pseudonym::Shown;
use crate::i18n;
use crate::service::participation::{Detail, Page};
use crate::store::contributions::Listed;
use crate::text::diff;

/// The name shown for an author: their name if public, a pseudonym, or
/// "deleted participant".
pub fn author(locale: Locale, listed: &Listed) -> String {
    shown(locale, &listed.author)
}

pub fn shown(locale: Locale, author: &Shown) -> String {
    match author {
        Shown::Name(n) => n.clone(),
        Shown::Pseudonym(code) => {
            i18n::t_args(locale, "participant-pseudonym", &[("code", code.clone())])
        }
        Shown::Deleted => i18n::t(locale, "deleted-participant"),
    }
}

pub fn item(locale: Locale, l: &Listed, my_vote: Option<&str>) -> Value {
    let r = &l.row;
    let withdrawn = r.status == ContributionState::Withdrawn;
    // Withdrawn and hidden contributions leave only a placeholder.
    let gone = !r.text_is_public();
    json!({
        "id": r.id,
        "kind": r.kind,
        "stance": r.stance,
        "title": if gone { None } else { r.title.clone() },
        "body_html": if gone { String::new() } else { l.html.body.clone() },
        "withdrawn": withdrawn,
        "moderation": r.moderation,
        "moderation_reason": l.moderation_reason,
        "deletes_article": r.deletes_article,
        "url": if gone { None } else { r.url.clone() },
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

/// Puts contribution `id` first in a list view (`page`'s) and marks it
/// `highlighted`: taken from the list, or from `found` when the list does
/// not hold it (sorted further down, or on a later page).
pub fn highlight_first(locale: Locale, list: &mut Value, id: i64, found: Option<&Detail>) {
    let Some(items) = list.get_mut("items").and_then(Value::as_array_mut) else {
        return;
    };
    let at = items.iter().position(|i| i["id"] == json!(id));
    let mut item = match (at, found) {
        (Some(at), _) => items.remove(at),
        (None, Some(d)) if d.item.row.id == id => {
            item(locale, &d.item, d.my_vote.map(|v| v.as_str()))
        }
        _ => return,
    };
    item["highlighted"] = json!(true);
    items.insert(0, item);
}

pub fn detail(locale: Locale, d: &Detail) -> Value {
    let mut v = item(locale, &d.item, d.my_vote.map(|v| v.as_str()));
    let r = &d.item.row;
    v["proposed_text_html"] = json!(
        d.item
            .html
            .proposed_text
            .as_deref()
            .filter(|_| r.text_is_public())
    );
    v["edits"] = json!(d.edits);
    if let (Some(old), Some(new)) = (&d.amended_text, &r.proposed_text) {
        if r.text_is_public() {
            v["diff"] = json!(diff::words(old, new));
        }
    }
    v["article_changed"] = json!(match (&d.article, r.article_version) {
        (Some(a), Some(version)) => a.version != version,
        _ => false,
    });
    v
}

/// The tera function `contribution_rule(kind="proposal", field="body")`:
/// `{required, min, max}` of that field, so that forms carry the rules
/// [`crate::domain::contribution::check`] applies (`required`, `maxlength`).
pub struct RuleFunction;

impl tera::Function for RuleFunction {
    fn call(&self, args: &std::collections::HashMap<String, Value>) -> tera::Result<Value> {
        use crate::domain::contribution::{ContributionKind, TextField, field_rule};
        let arg = |name: &str| {
            args.get(name)
                .and_then(Value::as_str)
                .ok_or_else(|| tera::Error::msg(format!("contribution_rule() needs {name}=\"…\"")))
        };
        let field: TextField = arg("field")?
            .parse()
            .map_err(|_| tera::Error::msg("contribution_rule(): unknown field"))?;
        // A form sent back with an unknown kind is shown again with its
        // errors: its fields then carry no rule rather than failing the page.
        let rule = arg("kind")?
            .parse::<ContributionKind>()
            .ok()
            .and_then(|kind| field_rule(kind, field));
        Ok(match rule {
            Some(rule) => json!({"required": rule.required, "min": rule.min, "max": rule.max}),
            None => json!({"required": false, "min": 0, "max": 0}),
        })
    }

    fn is_safe(&self) -> bool {
        true
    }
}
