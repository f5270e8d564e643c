//! The report as a DOCX document: the sections, headings and tables of the
//! page, charts as tables (a word processor reads them, nothing to
//! rasterise), excerpts cut at a word.

use std::io::{self, Write};

use super::labels;
use super::{ArticleReport, Decided, Quote, Report};
use crate::domain::Locale;
use crate::export::docx::{Block, Document, Run};
use crate::i18n::{t, t_args};
use crate::text::diff::{Change, Paragraph, Span};

fn runs_of_diff(spans: &[Span]) -> Vec<Run> {
    spans
        .iter()
        .map(|s| Run {
            text: s.text.clone(),
            inserted: s.change == Change::Added,
            deleted: s.change == Change::Removed,
            ..Default::default()
        })
        .collect()
}

/// One paragraph per line of `text`.
fn paragraphs(b: &mut Vec<Block>, text: &str, quote: bool) {
    for line in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
        let runs = vec![Run::plain(line)];
        b.push(if quote {
            Block::Quote(runs)
        } else {
            Block::Paragraph(runs)
        });
    }
}

fn quote(b: &mut Vec<Block>, l: Locale, q: &Quote, support: bool) {
    paragraphs(b, &q.text, true);
    let mut by = format!(
        "— {}, {}",
        labels::author(l, &q.author),
        labels::number(l, q.id)
    );
    if support {
        by.push_str(&format!(
            " ({})",
            t_args(l, "report-supports", &[("count", q.support.to_string())])
        ));
    }
    b.push(Block::Quote(vec![Run::italic(by)]));
}

fn changes(b: &mut Vec<Block>, l: Locale, a: &ArticleReport) {
    if a.fate.as_deref() == Some("added") {
        return;
    }
    if !a.changed() {
        b.push(Block::Paragraph(vec![Run::italic(t(
            l,
            "report-no-change",
        ))]));
        return;
    }
    b.push(Block::Heading(3, t(l, "report-changes")));
    for p in a.changes.iter().filter(|p| p.changed()) {
        match p {
            Paragraph::Edited { spans } => {
                b.push(Block::Paragraph(vec![Run::bold(t(
                    l,
                    "report-paragraph-edited",
                ))]));
                b.push(Block::Paragraph(runs_of_diff(spans)));
            }
            Paragraph::Rewritten { before, after } => {
                b.push(Block::Table {
                    header: vec![t(l, "report-before"), t(l, "report-after")],
                    rows: vec![vec![
                        vec![Run {
                            text: before.join("\n"),
                            deleted: true,
                            ..Default::default()
                        }],
                        vec![Run {
                            text: after.join("\n"),
                            inserted: true,
                            ..Default::default()
                        }],
                    ]],
                });
            }
            Paragraph::Added { text } => {
                b.push(Block::Paragraph(vec![Run::bold(t(
                    l,
                    "report-paragraph-added",
                ))]));
                b.push(Block::Paragraph(vec![Run {
                    text: text.clone(),
                    inserted: true,
                    ..Default::default()
                }]));
            }
            Paragraph::Removed { text } => {
                b.push(Block::Paragraph(vec![Run::bold(t(
                    l,
                    "report-paragraph-removed",
                ))]));
                b.push(Block::Paragraph(vec![Run {
                    text: text.clone(),
                    deleted: true,
                    ..Default::default()
                }]));
            }
            Paragraph::Same { .. } => {}
        }
    }
}

/// Amendments and proposals, one paragraph each under their decision's
/// heading (as the page lists them): a table of thousands of rows weighs
/// several times more, in memory and in the file, than paragraphs.
fn items(b: &mut Vec<Block>, l: Locale, list: &[Decided], level: u8) {
    for (decision, group) in labels::groups(list) {
        b.push(Block::Heading(
            level,
            format!("{} ({})", labels::decision(l, decision), group.len()),
        ));
        for d in group {
            let mut runs = vec![
                Run::bold(labels::number(l, d.id)),
                Run::plain(format!(" — {} ", labels::item_text(l, d))),
                Run::italic(format!(
                    "({}) — {}",
                    labels::author(l, &d.author),
                    labels::votes(l, d.votes)
                )),
            ];
            if let Some(j) = &d.justification {
                runs.push(Run::plain(format!(
                    ". {} : {}",
                    t(l, "report-justification"),
                    j.split_whitespace().collect::<Vec<_>>().join(" ")
                )));
            }
            b.push(Block::Bullet(runs));
        }
    }
}

/// The report as a DOCX document.
pub fn docx<W: Write + io::Seek>(r: &Report, out: W) -> io::Result<()> {
    let l = Locale::Fr;
    let mut b = vec![Block::Title(format!(
        "{} : {}",
        t(l, "synthesis-title"),
        r.title
    ))];
    if r.preview {
        let explain = if r.decisions_shown {
            "report-preview-explain"
        } else {
            "report-preview-no-decisions"
        };
        b.push(Block::Paragraph(vec![
            Run::bold(t(l, "report-preview-banner")),
            Run::plain(format!(" {}", t(l, explain))),
        ]));
    }
    b.push(Block::Paragraph(vec![Run::plain(format!(
        "{} {}.",
        t(l, "synthesis-sponsored-by"),
        r.sponsors.join(", ")
    ))]));
    for line in [labels::consultation_dates(l, r), labels::publication(l, r)]
        .into_iter()
        .flatten()
    {
        b.push(Block::Paragraph(vec![Run::plain(format!("{line}."))]));
    }
    b.push(Block::Paragraph(vec![Run::plain(format!(
        "{} {}",
        t(l, "synthesis-source"),
        r.source_url
    ))]));
    if let Some(f) = &r.foreword {
        b.push(Block::Heading(1, t(l, "report-foreword")));
        paragraphs(&mut b, f, false);
    }
    let p = &r.participation;
    b.push(Block::Heading(1, t(l, "report-summary")));
    b.push(Block::Paragraph(vec![Run::plain(t_args(
        l,
        "report-summary-participation",
        &[
            ("participants", p.participants.to_string()),
            ("contributions", p.contributions().to_string()),
            ("votes", p.votes.to_string()),
        ],
    ))]));
    if r.decisions_shown {
        b.push(Block::Heading(2, t(l, "report-summary-changes")));
        let s = &r.summary;
        if s.modified.is_empty() && s.added.is_empty() && s.deleted.is_empty() {
            b.push(Block::Paragraph(vec![Run::plain(t(
                l,
                "report-summary-unchanged",
            ))]));
        }
        for (heading, line) in labels::change_groups(l, s) {
            b.push(Block::Bullet(vec![
                Run::bold(format!("{heading} : ")),
                Run::plain(line),
            ]));
        }
    }
    if !r.summary.themes.is_empty() {
        b.push(Block::Heading(2, t(l, "report-summary-themes")));
        for th in &r.summary.themes {
            b.push(Block::Bullet(vec![Run::plain(format!(
                "{} ({})",
                th.key,
                t_args(
                    l,
                    "report-contributions-count",
                    &[("count", th.count.to_string())]
                )
            ))]));
        }
    }
    // The votes chart, as a table.
    b.push(Block::Heading(2, t(l, "report-chart-votes")));
    b.push(Block::Table {
        header: vec![
            t(l, "comparative-article"),
            t(l, "vote-agree"),
            t(l, "vote-mixed"),
            t(l, "vote-disagree"),
        ],
        rows: r
            .articles
            .iter()
            .map(|a| {
                let mut row = vec![vec![Run::plain(a.label.clone())]];
                row.extend(a.votes.iter().map(|v| vec![Run::plain(v.to_string())]));
                row
            })
            .collect(),
    });
    b.push(Block::Heading(1, t(l, "synthesis-participation")));
    b.push(Block::Bullet(vec![Run::plain(t_args(
        l,
        "synthesis-participants",
        &[("count", p.participants.to_string())],
    ))]));
    b.push(Block::Bullet(vec![Run::plain(t_args(
        l,
        "synthesis-votes",
        &[("count", p.votes.to_string())],
    ))]));
    for c in &p.by_category {
        b.push(Block::Bullet(vec![Run::plain(format!(
            "{} : {}",
            labels::category(l, &c.key),
            c.count
        ))]));
    }
    for c in &p.contributions_by_kind {
        b.push(Block::Bullet(vec![Run::plain(format!(
            "{} : {}",
            labels::kind_plural(l, &c.key),
            c.count
        ))]));
    }
    for a in &r.articles {
        let fate = match a.fate.as_deref() {
            Some("deleted") => format!(" ({})", t(l, "article-deleted")),
            Some("added") => format!(" ({})", t(l, "article-added")),
            _ => String::new(),
        };
        b.push(Block::Heading(1, format!("{}{fate}", a.label)));
        if let Some(h) = &a.heading {
            b.push(Block::Paragraph(vec![Run::italic(h.trim())]));
        }
        b.push(Block::Paragraph(vec![Run::plain(format!(
            "{} : {}",
            t(l, "report-votes"),
            labels::votes(l, a.votes)
        ))]));
        match &a.final_text {
            Some(text) => {
                b.push(Block::Heading(2, t(l, "report-final-text")));
                paragraphs(&mut b, text, false);
            }
            None => b.push(Block::Paragraph(vec![Run::bold(t(
                l,
                "report-deleted-article",
            ))])),
        }
        changes(&mut b, l, a);
        if a.wording_by_sponsor {
            b.push(Block::Paragraph(vec![Run::italic(t(
                l,
                "report-wording-by-sponsor",
            ))]));
        }
        if let Some(n) = &a.note {
            b.push(Block::Heading(2, t(l, "synthesis-note")));
            paragraphs(&mut b, n, false);
        }
        if !a.themes.is_empty() {
            b.push(Block::Heading(2, t(l, "report-themes")));
            for th in &a.themes {
                let counts: Vec<String> = th
                    .counts
                    .iter()
                    .map(|c| format!("{} : {}", labels::theme_count(l, &c.key), c.count))
                    .collect();
                b.push(Block::Heading(
                    3,
                    format!("{} ({})", th.title, counts.join(", ")),
                ));
                for q in &th.quotes {
                    quote(&mut b, l, q, false);
                }
            }
        }
        for (key, quotes) in [
            ("report-arguments-for", &a.strongest_for),
            ("report-arguments-against", &a.strongest_against),
        ] {
            if !quotes.is_empty() {
                b.push(Block::Heading(2, t(l, key)));
                for q in quotes {
                    quote(&mut b, l, q, true);
                }
            }
        }
        if !a.amendments.is_empty() {
            b.push(Block::Heading(2, t(l, "report-amendments")));
            items(&mut b, l, &a.amendments, 3);
        }
    }
    if !r.proposals.is_empty() {
        b.push(Block::Heading(1, t(l, "report-proposals")));
        items(&mut b, l, &r.proposals, 2);
    }
    b.push(Block::Heading(1, t(l, "synthesis-moderation")));
    if r.moderation.is_empty() {
        b.push(Block::Paragraph(vec![Run::plain(t(
            l,
            "report-moderation-none",
        ))]));
    }
    for m in &r.moderation {
        let mut line = format!("{} : {}", labels::moderation_action(l, &m.action), m.count);
        if let Some(reason) = &m.reason {
            line.push_str(&format!(" ({reason})"));
        }
        b.push(Block::Bullet(vec![Run::plain(line)]));
    }
    b.push(Block::Heading(1, t(l, "report-method")));
    b.push(Block::Paragraph(vec![Run::plain(
        labels::method(l, r).join(" "),
    )]));
    b.push(Block::Paragraph(vec![Run::plain(t_args(
        l,
        "report-licence",
        &[("licence", r.licence.to_string())],
    ))]));
    crate::export::docx::write(
        out,
        &Document {
            title: format!("{} — {}", t(l, "synthesis-title"), r.title),
            language: "fr-FR".into(),
            blocks: b,
        },
    )
}
