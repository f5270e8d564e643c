//! The report's words in the reader's language: codes (`citizen`,
//! `amendment`, `trash`, `accepted`…) become labels, dates are written out.
//! The page, the Markdown and the DOCX all take their words from here or
//! from the same message catalogue.

use crate::domain::Locale;
use crate::i18n::{t, t_args};
use crate::web::views::dates;

use super::{Author, Decided, Report, Summary};

pub fn decision(locale: Locale, d: Option<&str>) -> String {
    match d {
        Some(
            d @ ("accepted" | "partially_accepted" | "rejected" | "already_satisfied"
            | "out_of_scope"),
        ) => t(locale, &format!("decision-{d}")),
        _ => t(locale, "decision-none"),
    }
}

pub fn category(locale: Locale, key: &str) -> String {
    match key {
        "citizen" | "association" | "company" | "public_institution" | "elected_official" => {
            t(locale, &format!("category-{key}"))
        }
        other => other.to_string(),
    }
}

pub fn kind_plural(locale: Locale, key: &str) -> String {
    match key {
        "argument" | "amendment" | "proposal" | "source" => {
            t(locale, &format!("kind-plural-{key}"))
        }
        other => other.to_string(),
    }
}

/// A theme's count key: `argument:for` reads "Arguments pour".
pub fn theme_count(locale: Locale, key: &str) -> String {
    match key {
        "argument:for" => t(locale, "arguments-for"),
        "argument:against" => t(locale, "arguments-against"),
        k => kind_plural(locale, k.split(':').next().unwrap_or(k)),
    }
}

pub fn moderation_action(locale: Locale, action: &str) -> String {
    match action {
        "trash" | "hide" | "restore" | "redact" | "auto_hide" => {
            t(locale, &format!("log-action-{action}"))
        }
        _ => t(locale, "report-moderation-other"),
    }
}

pub fn author(locale: Locale, a: &Author) -> String {
    match a {
        Author::Name(n) => n.clone(),
        Author::Pseudonym(code) => t_args(locale, "report-participant", &[("code", code.clone())]),
        Author::Deleted => t(locale, "report-author-deleted"),
    }
}

pub fn votes(locale: Locale, v: [i32; 3]) -> String {
    t_args(
        locale,
        "report-votes-line",
        &[
            ("agree", v[0].to_string()),
            ("mixed", v[1].to_string()),
            ("disagree", v[2].to_string()),
        ],
    )
}

/// "n° 228".
pub fn number(locale: Locale, id: i64) -> String {
    t_args(
        locale,
        "report-contribution-link",
        &[("id", id.to_string())],
    )
}

/// The excerpt an item is listed with ("Suppression de l'article" for a
/// deletion without text).
pub fn item_text(locale: Locale, d: &Decided) -> String {
    if d.deletes_article && d.title.is_none() {
        t(locale, "report-deletion")
    } else {
        d.excerpt.clone()
    }
}

/// "Consultation ouverte du 1er octobre 2026 au 30 octobre 2026".
pub fn consultation_dates(locale: Locale, r: &Report) -> Option<String> {
    let (opens, closes) = (r.dates.opens?, r.dates.closes?);
    Some(t_args(
        locale,
        "report-consultation-dates",
        &[
            ("opens", dates::day(locale, opens)),
            ("closes", dates::day(locale, closes)),
        ],
    ))
}

/// "Publié le 3 novembre 2026", or the preview's date.
pub fn publication(locale: Locale, r: &Report) -> Option<String> {
    match (r.dates.published, r.dates.generated) {
        (Some(p), _) if !r.preview => Some(t_args(
            locale,
            "report-published-on",
            &[("date", dates::day(locale, p))],
        )),
        (_, Some(g)) => Some(t_args(
            locale,
            "report-generated-on",
            &[("date", dates::day(locale, g))],
        )),
        _ => None,
    }
}

/// The method paragraph: only what happened.
pub fn method(locale: Locale, r: &Report) -> Vec<String> {
    let m = &r.method;
    let count = |key: &str, n: i64| t_args(locale, key, &[("count", n.to_string())]);
    let mut out = vec![t(locale, "report-method-base")];
    out.push(if m.themes > 0 {
        count("report-method-themes", m.themes)
    } else {
        t(locale, "report-method-no-themes")
    });
    out.push(if m.notes > 0 {
        count("report-method-notes", m.notes)
    } else {
        t(locale, "report-method-no-notes")
    });
    out.push(if m.moderation_acts > 0 {
        count("report-method-moderation", m.moderation_acts)
    } else {
        t(locale, "report-method-no-moderation")
    });
    if r.decisions_shown && m.decisions > 0 {
        out.push(count("report-method-decisions", m.decisions));
    }
    out.push(t(locale, "report-method-pseudonyms"));
    out
}

/// "Article 2 (à la suite de n° 12, n° 14)".
/// The summary's "what changed", for the text formats: one (heading, line)
/// per kind of change that happened, the articles listed with the
/// contributions they came from.
pub fn change_groups(locale: Locale, summary: &Summary) -> Vec<(String, String)> {
    [
        ("report-summary-modified", &summary.modified),
        ("report-summary-added", &summary.added),
        ("report-summary-deleted", &summary.deleted),
    ]
    .into_iter()
    .filter(|(_, list)| !list.is_empty())
    .map(|(key, list)| {
        let lines: Vec<String> = list
            .iter()
            .map(|c| change_line(locale, &c.label, &c.from))
            .collect();
        (t(locale, key), lines.join(" ; "))
    })
    .collect()
}

pub fn change_line(locale: Locale, label: &str, from: &[i64]) -> String {
    if from.is_empty() {
        return label.to_string();
    }
    let ids: Vec<String> = from.iter().map(|id| number(locale, *id)).collect();
    format!(
        "{label} ({} {})",
        t(locale, "report-summary-from"),
        ids.join(", ")
    )
}

/// Groups of a sorted list, one per decision, in the list's order.
pub fn groups(items: &[Decided]) -> Vec<(Option<&str>, &[Decided])> {
    let mut out: Vec<(Option<&str>, &[Decided])> = Vec::new();
    let mut start = 0;
    for i in 1..=items.len() {
        if i == items.len() || items[i].decision != items[start].decision {
            out.push((items[start].decision.as_deref(), &items[start..i]));
            start = i;
        }
    }
    out
}
