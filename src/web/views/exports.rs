//! The synthesis report for templates, typed: every code in words, dates
//! written out, charts drawn.

use serde::Serialize;

use crate::domain::Locale;
use crate::export::charts::{self, Bar, Caption, Series, StackedRow};
use crate::export::report::{
    ArticleReport, Count, Decided, Quote, Report, TextChange, labels, retained,
};
use crate::i18n::{t, t_args};
use crate::text::diff::Paragraph;
use crate::text::markdown;

/// An amendment or proposal as the pages list it: an excerpt, who, its
/// votes, what became of it (the texts stay on its own page, so a report of
/// thousands stays light).
#[derive(Serialize)]
pub struct DecidedLine<'a> {
    pub id: i64,
    pub number: String,
    pub text: String,
    pub author: String,
    pub votes: [i32; 3],
    pub votes_label: String,
    pub decision: Option<&'a str>,
    pub decision_label: String,
    pub justification: Option<&'a str>,
}

fn decided<'a>(l: Locale, d: &'a Decided) -> DecidedLine<'a> {
    DecidedLine {
        id: d.id,
        number: labels::number(l, d.id),
        text: labels::item_text(l, d),
        author: labels::author(l, &d.author),
        votes: d.votes,
        votes_label: labels::votes(l, d.votes),
        decision: d.decision.as_deref(),
        decision_label: labels::decision(l, d.decision.as_deref()),
        justification: d.justification.as_deref(),
    }
}

/// Items that got the same decision, most supported first.
#[derive(Serialize)]
pub struct DecisionGroup<'a> {
    pub label: String,
    pub count: usize,
    pub items: Vec<DecidedLine<'a>>,
}

fn groups(l: Locale, items: &[Decided]) -> Vec<DecisionGroup<'_>> {
    labels::groups(items)
        .into_iter()
        .map(|(decision, group)| DecisionGroup {
            label: labels::decision(l, decision),
            count: group.len(),
            items: group.iter().map(|d| decided(l, d)).collect(),
        })
        .collect()
}

/// A contribution quoted whole, paragraph by paragraph.
#[derive(Serialize)]
pub struct QuoteView<'a> {
    pub id: i64,
    pub number: String,
    pub author: String,
    pub paragraphs: Vec<&'a str>,
    pub support: i32,
}

fn paragraphs(text: &str) -> Vec<&str> {
    text.lines()
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect()
}

fn quote(l: Locale, q: &Quote) -> QuoteView<'_> {
    QuoteView {
        id: q.id,
        number: labels::number(l, q.id),
        author: labels::author(l, &q.author),
        paragraphs: paragraphs(&q.text),
        support: q.support,
    }
}

/// The three opinions of a vote, named and coloured, for a stacked chart.
pub fn vote_series(l: Locale) -> Vec<Series> {
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

/// A figure with its label in words.
#[derive(Serialize)]
pub struct LabelledCount {
    pub label: String,
    pub count: i64,
}

/// A theme of an article: its counts, and quotes from its members.
#[derive(Serialize)]
pub struct ThemeBlock<'a> {
    pub title: &'a str,
    pub counts: Vec<LabelledCount>,
    pub quotes: Vec<QuoteView<'a>>,
}

/// The strongest arguments for, or against.
#[derive(Serialize)]
pub struct QuoteBlock<'a> {
    pub title: String,
    pub quotes: Vec<QuoteView<'a>>,
}

/// One article of the report.
#[derive(Serialize)]
pub struct ArticleSection<'a> {
    pub id: i64,
    pub label: &'a str,
    pub heading: Option<&'a str>,
    pub initial: Option<&'a str>,
    pub final_text: Option<&'a str>,
    pub final_paragraphs: Option<Vec<&'a str>>,
    pub fate: Option<&'a str>,
    pub changed: bool,
    pub changes: Vec<&'a Paragraph>,
    pub votes: [i32; 3],
    pub votes_label: String,
    pub votes_chart: String,
    pub has_votes: bool,
    pub wording_by_sponsor: bool,
    pub note_html: Option<String>,
    pub themes: Vec<ThemeBlock<'a>>,
    pub arguments: Vec<QuoteBlock<'a>>,
    pub amendment_groups: Vec<DecisionGroup<'a>>,
    pub has_amendments: bool,
    pub retained: Vec<DecidedLine<'a>>,
}

fn article_section<'a>(l: Locale, a: &'a ArticleReport) -> ArticleSection<'a> {
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
    let votes_chart = charts::stacked_bars(
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
    ArticleSection {
        id: a.id,
        label: &a.label,
        heading: a.heading.as_deref(),
        initial: a.initial.as_deref(),
        final_text: a.final_text.as_deref(),
        final_paragraphs: a.final_text.as_deref().map(paragraphs),
        fate: a.fate.as_deref(),
        changed: a.changed(),
        changes: a.changes.iter().filter(|p| p.changed()).collect(),
        votes: a.votes,
        votes_label: labels::votes(l, a.votes),
        votes_chart,
        has_votes: a.votes.iter().any(|v| *v > 0),
        wording_by_sponsor: a.wording_by_sponsor,
        note_html: a.note.as_deref().map(|n| markdown::to_html(&cite(n))),
        themes: a
            .themes
            .iter()
            .map(|th| ThemeBlock {
                title: &th.title,
                counts: th
                    .counts
                    .iter()
                    .map(|c| LabelledCount {
                        label: labels::theme_count(l, &c.key),
                        count: c.count,
                    })
                    .collect(),
                quotes: th.quotes.iter().map(|q| quote(l, q)).collect(),
            })
            .collect(),
        arguments: [
            ("report-arguments-for", &a.strongest_for),
            ("report-arguments-against", &a.strongest_against),
        ]
        .into_iter()
        .filter(|(_, list)| !list.is_empty())
        .map(|(key, list)| QuoteBlock {
            title: t(l, key),
            quotes: list.iter().map(|q| quote(l, q)).collect(),
        })
        .collect(),
        amendment_groups: groups(l, &a.amendments),
        has_amendments: !a.amendments.is_empty(),
        retained: retained(a).map(|d| decided(l, d)).collect(),
    }
}

/// A contribution a change came from.
#[derive(Serialize)]
pub struct Source {
    pub id: i64,
    pub number: String,
}

/// An article modified, added or deleted, and what it came from.
#[derive(Serialize)]
pub struct ChangeLine<'a> {
    pub article_id: i64,
    pub label: &'a str,
    pub from: Vec<Source>,
}

fn change_lines(l: Locale, list: &[TextChange]) -> Vec<ChangeLine<'_>> {
    list.iter()
        .map(|c| ChangeLine {
            article_id: c.article_id,
            label: &c.label,
            from: c
                .from
                .iter()
                .map(|id| Source {
                    id: *id,
                    number: labels::number(l, *id),
                })
                .collect(),
        })
        .collect()
}

#[derive(Serialize)]
pub struct ChangeGroup<'a> {
    pub label: String,
    pub items: Vec<ChangeLine<'a>>,
}

/// A main theme of the consultation, its count in words.
#[derive(Serialize)]
pub struct ThemeLine<'a> {
    pub title: &'a str,
    pub count: String,
}

/// The executive summary: what changed, the main themes.
#[derive(Serialize)]
pub struct SummaryView<'a> {
    pub groups: Vec<ChangeGroup<'a>>,
    pub unchanged: bool,
    pub themes: Vec<ThemeLine<'a>>,
}

#[derive(Serialize)]
pub struct DayLine<'a> {
    pub day: &'a str,
    pub label: String,
    pub contributions: i64,
    pub votes: i64,
}

#[derive(Serialize)]
pub struct ParticipationView<'a> {
    pub participants: i64,
    pub votes: i64,
    pub by_category: Vec<LabelledCount>,
    pub contributions_by_kind: Vec<LabelledCount>,
    pub by_day: Vec<DayLine<'a>>,
}

/// How many acts of one kind, for one reason.
#[derive(Serialize)]
pub struct ModerationLine<'a> {
    pub label: String,
    pub reason: Option<&'a str>,
    pub count: i64,
}

/// The report as the template reads it.
#[derive(Serialize)]
pub struct ReportView<'a> {
    pub slug: &'a str,
    pub title: &'a str,
    pub sponsors: &'a [String],
    pub status: &'a str,
    pub preview: bool,
    pub decisions_shown: bool,
    pub can_write_foreword: bool,
    pub published_at: Option<&'a str>,
    pub consultation_dates: Option<String>,
    pub publication: Option<String>,
    pub foreword: Option<&'a str>,
    pub foreword_html: Option<String>,
    pub source_url: &'a str,
    pub licence: &'static str,
    pub summary_participation: String,
    pub summary: SummaryView<'a>,
    pub votes_chart: Option<String>,
    pub days_chart: Option<String>,
    pub participation: ParticipationView<'a>,
    pub articles: Vec<ArticleSection<'a>>,
    pub proposal_groups: Vec<DecisionGroup<'a>>,
    pub has_proposals: bool,
    pub moderation: Vec<ModerationLine<'a>>,
    pub method: Vec<String>,
}

fn labelled(counts: &[Count], label: impl Fn(&str) -> String) -> Vec<LabelledCount> {
    counts
        .iter()
        .map(|c| LabelledCount {
            label: label(&c.key),
            count: c.count,
        })
        .collect()
}

/// The report as the template reads it: every code in words, dates written
/// out, charts drawn, Markdown rendered (notes cite contributions as `#123`,
/// which become links).
pub fn report(l: Locale, r: &Report) -> ReportView<'_> {
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
    ReportView {
        slug: &r.slug,
        title: &r.title,
        sponsors: &r.sponsors,
        status: &r.status,
        preview: r.preview,
        decisions_shown: r.decisions_shown,
        can_write_foreword: r.preview && r.decisions_shown,
        published_at: r.published_at.as_deref(),
        consultation_dates: labels::consultation_dates(l, r),
        publication: labels::publication(l, r),
        foreword: r.foreword.as_deref(),
        foreword_html: r.foreword.as_deref().map(|f| markdown::to_html(&cite(f))),
        source_url: &r.source_url,
        licence: r.licence,
        summary_participation: t_args(
            l,
            "report-summary-participation",
            &[
                ("participants", p.participants.to_string()),
                ("contributions", p.contributions().to_string()),
                ("votes", p.votes.to_string()),
            ],
        ),
        summary: SummaryView {
            groups: [
                ("report-summary-modified", &r.summary.modified),
                ("report-summary-added", &r.summary.added),
                ("report-summary-deleted", &r.summary.deleted),
            ]
            .into_iter()
            .filter(|(_, list)| !list.is_empty())
            .map(|(key, list)| ChangeGroup {
                label: t(l, key),
                items: change_lines(l, list),
            })
            .collect(),
            unchanged: r.summary.modified.is_empty()
                && r.summary.added.is_empty()
                && r.summary.deleted.is_empty(),
            themes: r
                .summary
                .themes
                .iter()
                .map(|c| ThemeLine {
                    title: &c.key,
                    count: t_args(
                        l,
                        "report-contributions-count",
                        &[("count", c.count.to_string())],
                    ),
                })
                .collect(),
        },
        votes_chart,
        days_chart,
        participation: ParticipationView {
            participants: p.participants,
            votes: p.votes,
            by_category: labelled(&p.by_category, |k| labels::category(l, k)),
            contributions_by_kind: labelled(&p.contributions_by_kind, |k| {
                labels::kind_plural(l, k)
            }),
            by_day: p
                .by_day
                .iter()
                .map(|d| DayLine {
                    day: &d.day,
                    label: day_label(l, &d.day),
                    contributions: d.contributions,
                    votes: d.votes,
                })
                .collect(),
        },
        articles: r.articles.iter().map(|a| article_section(l, a)).collect(),
        proposal_groups: groups(l, &r.proposals),
        has_proposals: !r.proposals.is_empty(),
        moderation: r
            .moderation
            .iter()
            .map(|m| ModerationLine {
                label: labels::moderation_action(l, &m.action),
                reason: m.reason.as_deref(),
                count: m.count,
            })
            .collect(),
        method: labels::method(l, r),
    }
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
