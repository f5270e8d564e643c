//! The synthesis report and comparative table for templates.

use serde_json::{Value, json};

use crate::domain::Locale;
use crate::export::charts::{self, Bar, Caption, Series, StackedRow};
use crate::export::report::{Decided, Quote, Report, labels, retained};
use crate::i18n::{t, t_args};
use crate::text::markdown;

/// An amendment or proposal as the pages list it: an excerpt, who, its
/// votes, what became of it (the texts stay on its own page, so a report of
/// thousands stays light).
fn decided(l: Locale, d: &Decided) -> Value {
    json!({
        "id": d.id,
        "number": labels::number(l, d.id),
        "text": labels::item_text(l, d),
        "author": labels::author(l, &d.author),
        "votes": d.votes,
        "votes_label": labels::votes(l, d.votes),
        "decision": d.decision,
        "decision_label": labels::decision(l, d.decision.as_deref()),
        "justification": d.justification,
    })
}

fn groups(l: Locale, items: &[Decided]) -> Vec<Value> {
    labels::groups(items)
        .into_iter()
        .map(|(decision, group)| {
            json!({
                "label": labels::decision(l, decision),
                "count": group.len(),
                "items": group.iter().map(|d| decided(l, d)).collect::<Vec<_>>(),
            })
        })
        .collect()
}

fn quote(l: Locale, q: &Quote) -> Value {
    json!({
        "id": q.id,
        "number": labels::number(l, q.id),
        "author": labels::author(l, &q.author),
        "paragraphs": q.text.lines().map(str::trim).filter(|p| !p.is_empty()).collect::<Vec<_>>(),
        "support": q.support,
    })
}

fn vote_series(l: Locale) -> Vec<Series> {
    vec![
        Series {
            name: t(l, "vote-agree"),
            colour: charts::GREEN,
        },
        Series {
            name: t(l, "vote-mixed"),
            colour: charts::AMBER,
        },
        Series {
            name: t(l, "vote-disagree"),
            colour: charts::RED,
        },
    ]
}

fn vote_values(v: [i32; 3]) -> Vec<u64> {
    v.iter().map(|n| (*n).max(0) as u64).collect()
}

fn day_label(l: Locale, day: &str) -> String {
    chrono::NaiveDate::parse_from_str(day, "%Y-%m-%d")
        .ok()
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .map(|d| crate::web::views::dates::day(l, d))
        .unwrap_or_else(|| day.to_string())
}

/// The report as the template reads it: every code in words, dates written
/// out, charts drawn, Markdown rendered (notes cite contributions as `#123`,
/// which become links).
pub fn report(l: Locale, r: &Report) -> Value {
    let articles: Vec<Value> = r
        .articles
        .iter()
        .map(|a| {
            let desc = t_args(
                l,
                "report-chart-article-desc",
                &[
                    ("agree", a.votes[0].to_string()),
                    ("mixed", a.votes[1].to_string()),
                    ("disagree", a.votes[2].to_string()),
                ],
            );
            let chart_id = format!("votes-art-{}", a.id);
            let title = format!("{} — {}", t(l, "report-votes"), a.label);
            let chart = charts::stacked_bars(
                &Caption {
                    id: &chart_id,
                    title: &title,
                    description: &desc,
                },
                &vote_series(l),
                &[StackedRow {
                    label: a.label.clone(),
                    values: vote_values(a.votes),
                }],
            );
            json!({
                "id": a.id,
                "label": a.label,
                "heading": a.heading,
                "initial": a.initial,
                "final_text": a.final_text,
                "final_paragraphs": a.final_text.as_deref().map(|t| t.lines().map(str::trim).filter(|p| !p.is_empty()).collect::<Vec<_>>()),
                "fate": a.fate,
                "changed": a.changed(),
                "changes": a.changes.iter().filter(|p| p.changed()).collect::<Vec<_>>(),
                "votes": a.votes,
                "votes_label": labels::votes(l, a.votes),
                "votes_chart": chart,
                "has_votes": a.votes.iter().any(|v| *v > 0),
                "wording_by_sponsor": a.wording_by_sponsor,
                "note_html": a.note.as_deref().map(|n| markdown::to_html(&cite(n))),
                "themes": a.themes.iter().map(|th| json!({
                    "title": th.title,
                    "counts": th.counts.iter().map(|c| json!({"label": labels::theme_count(l, &c.key), "count": c.count})).collect::<Vec<_>>(),
                    "quotes": th.quotes.iter().map(|q| quote(l, q)).collect::<Vec<_>>(),
                })).collect::<Vec<_>>(),
                "arguments": ([
                    ("report-arguments-for", &a.strongest_for),
                    ("report-arguments-against", &a.strongest_against),
                ]
                .into_iter()
                .filter(|(_, list)| !list.is_empty())
                .map(|(key, list)| json!({"title": t(l, key), "quotes": list.iter().map(|q| quote(l, q)).collect::<Vec<_>>()}))
                .collect::<Vec<_>>()),
                "amendment_groups": groups(l, &a.amendments),
                "has_amendments": !a.amendments.is_empty(),
                "retained": retained(a).map(|d| decided(l, d)).collect::<Vec<_>>(),
            })
        })
        .collect();
    let p = &r.participation;
    let votes_title = t(l, "report-chart-votes");
    let votes_desc = t(l, "report-chart-votes-desc");
    let votes_chart = r
        .articles
        .iter()
        .any(|a| a.votes.iter().any(|v| *v > 0))
        .then(|| {
            charts::stacked_bars(
                &Caption {
                    id: "votes-by-article",
                    title: &votes_title,
                    description: &votes_desc,
                },
                &vote_series(l),
                &r.articles
                    .iter()
                    .map(|a| StackedRow {
                        label: a.label.clone(),
                        values: vote_values(a.votes),
                    })
                    .collect::<Vec<_>>(),
            )
        });
    let days_title = t(l, "report-chart-days");
    let days_desc = t(l, "report-chart-days-desc");
    // One day is no series: the table says it.
    let days_chart = (p.by_day.len() > 1).then(|| {
        charts::columns(
            &Caption {
                id: "contributions-by-day",
                title: &days_title,
                description: &days_desc,
            },
            &p.by_day
                .iter()
                .map(|d| Bar {
                    label: day_label(l, &d.day),
                    value: d.contributions.max(0) as u64,
                })
                .collect::<Vec<_>>(),
            charts::BLUE,
        )
    });
    let change_lines = |list: &[crate::export::report::TextChange]| -> Vec<Value> {
        list.iter()
            .map(|c| {
                json!({
                    "article_id": c.article_id,
                    "label": c.label,
                    "from": c.from.iter().map(|id| json!({"id": id, "number": labels::number(l, *id)})).collect::<Vec<_>>(),
                })
            })
            .collect()
    };
    json!({
        "slug": r.slug,
        "title": r.title,
        "sponsors": r.sponsors,
        "status": r.status,
        "preview": r.preview,
        "decisions_shown": r.decisions_shown,
        "can_write_foreword": r.preview && r.decisions_shown,
        "published_at": r.published_at,
        "consultation_dates": labels::consultation_dates(l, r),
        "publication": labels::publication(l, r),
        "foreword": r.foreword,
        "foreword_html": r.foreword.as_deref().map(|f| markdown::to_html(&cite(f))),
        "source_url": r.source_url,
        "licence": r.licence,
        "summary_participation": t_args(l, "report-summary-participation", &[
            ("participants", p.participants.to_string()),
            ("contributions", p.contributions().to_string()),
            ("votes", p.votes.to_string()),
        ]),
        "summary": {
            "groups": ([
                ("report-summary-modified", &r.summary.modified),
                ("report-summary-added", &r.summary.added),
                ("report-summary-deleted", &r.summary.deleted),
            ]
            .into_iter()
            .filter(|(_, list)| !list.is_empty())
            .map(|(key, list)| json!({"label": t(l, key), "items": change_lines(list)}))
            .collect::<Vec<_>>()),
            "unchanged": r.summary.modified.is_empty() && r.summary.added.is_empty() && r.summary.deleted.is_empty(),
            "themes": r.summary.themes.iter().map(|c| json!({"title": c.key, "count": t_args(l, "report-contributions-count", &[("count", c.count.to_string())])})).collect::<Vec<_>>(),
        },
        "votes_chart": votes_chart,
        "days_chart": days_chart,
        "participation": {
            "participants": p.participants,
            "votes": p.votes,
            "by_category": p.by_category.iter().map(|c| json!({"label": labels::category(l, &c.key), "count": c.count})).collect::<Vec<_>>(),
            "contributions_by_kind": p.contributions_by_kind.iter().map(|c| json!({"label": labels::kind_plural(l, &c.key), "count": c.count})).collect::<Vec<_>>(),
            "by_day": p.by_day.iter().map(|d| json!({"day": d.day, "label": day_label(l, &d.day), "contributions": d.contributions, "votes": d.votes})).collect::<Vec<_>>(),
        },
        "articles": articles,
        "proposal_groups": groups(l, &r.proposals),
        "has_proposals": !r.proposals.is_empty(),
        "moderation": r.moderation.iter().map(|m| json!({"label": labels::moderation_action(l, &m.action), "reason": m.reason, "count": m.count})).collect::<Vec<_>>(),
        "method": labels::method(l, r),
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
