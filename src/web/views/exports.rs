//! The synthesis report and comparative table for templates.

use serde_json::{Value, json};

use crate::domain::Locale;
use crate::export::report::{Decided, Report, retained};
use crate::text::markdown;

/// An amendment or proposal as the pages list it: who, what became of it
/// (the texts stay on its own page, so a report of thousands stays light).
fn decided(d: &Decided) -> Value {
    json!({
        "id": d.id,
        "title": d.title,
        "author": d.author,
        "decision": d.decision,
        "justification": d.justification,
    })
}

/// The report as the template reads it: Markdown rendered (notes cite
/// contributions as `#123`, which become links).
pub fn report(_locale: Locale, r: &Report) -> Value {
    let articles: Vec<Value> = r
        .articles
        .iter()
        .map(|a| {
            json!({
                "id": a.id,
                "label": a.label,
                "heading": a.heading,
                "initial": a.initial,
                "final_text": a.final_text,
                "fate": a.fate,
                "diff": a.diff,
                "votes": a.votes,
                "note_html": a.note.as_deref().map(|n| markdown::to_html(&cite(n))),
                "themes": a.themes,
                "strongest_for": a.strongest_for,
                "strongest_against": a.strongest_against,
                "amendments": a.amendments.iter().map(decided).collect::<Vec<_>>(),
                "retained": retained(a).map(decided).collect::<Vec<_>>(),
            })
        })
        .collect();
    json!({
        "slug": r.slug,
        "title": r.title,
        "sponsors": r.sponsors,
        "status": r.status,
        "published_at": r.published_at,
        "source_url": r.source_url,
        "licence": r.licence,
        "participation": r.participation,
        "articles": articles,
        "proposals": r.proposals.iter().map(decided).collect::<Vec<_>>(),
        "moderation": r.moderation,
    })
}

/// `#123` becomes a link to contribution 123.
pub fn cite(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find('#') {
        let (before, after) = rest.split_at(i);
        out.push_str(before);
        let digits: String = after[1..]
            .chars()
            .take_while(char::is_ascii_digit)
            .collect();
        let preceded_by_word = before.chars().last().is_some_and(char::is_alphanumeric);
        if digits.is_empty() || preceded_by_word {
            out.push('#');
            rest = &after[1..];
        } else {
            out.push_str(&format!("[#{digits}](/contributions/{digits})"));
            rest = &after[1 + digits.len()..];
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::cite;

    #[test]
    fn hash_numbers_cite_contributions() {
        assert_eq!(
            cite("Voir #12 et #7."),
            "Voir [#12](/contributions/12) et [#7](/contributions/7)."
        );
        assert_eq!(cite("C# et a#1 et # seul"), "C# et a#1 et # seul");
    }
}
