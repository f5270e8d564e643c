//! The report in Markdown, in the consultation's language: every label from
//! the catalogue, quotations whole (every paragraph quoted), word diffs only
//! inside one paragraph, with the spaces outside the markers.

use std::io::{self, Write};

use super::labels;
use super::{ArticleReport, Decided, Quote, Report};
use crate::domain::Locale;
use crate::i18n::{t, t_args};
use crate::text::diff::{Change, Paragraph, Span};

/// Every line of `text` quoted, blank lines kept inside the quotation.
pub fn blockquote(text: &str) -> String {
    text.trim()
        .lines()
        .map(|l| {
            let l = l.trim_end();
            if l.is_empty() {
                ">".to_string()
            } else {
                format!("> {l}")
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// A marker around the words of a span, its spaces left outside so that
/// neither the marker breaks nor words glue together.
fn marked(text: &str, marker: &str) -> String {
    let core = text.trim();
    if core.is_empty() {
        return text.to_string();
    }
    let start = &text[..text.len() - text.trim_start().len()];
    let end = &text[text.trim_end().len()..];
    format!("{start}{marker}{core}{marker}{end}")
}

pub fn word_diff(spans: &[Span]) -> String {
    let mut out = String::new();
    for s in spans {
        match s.change {
            Change::Same => out.push_str(&s.text),
            Change::Removed => out.push_str(&marked(&s.text, "~~")),
            Change::Added => out.push_str(&marked(&s.text, "**")),
        }
        // A removed run right before an added one: keep them apart.
        if s.change == Change::Removed && !out.ends_with(char::is_whitespace) {
            out.push(' ');
        }
    }
    out.trim().to_string()
}

fn write_quote<W: Write>(out: &mut W, l: Locale, q: &Quote, support: bool) -> io::Result<()> {
    writeln!(out, "{}\n>", blockquote(&q.text))?;
    let mut by = format!(
        "> — {}, {}",
        labels::author(l, &q.author),
        labels::number(l, q.id)
    );
    if support {
        by.push_str(&format!(
            " ({})",
            t_args(l, "report-supports", &[("count", q.support.to_string())])
        ));
    }
    writeln!(out, "{by}\n")
}

fn write_changes<W: Write>(out: &mut W, l: Locale, a: &ArticleReport) -> io::Result<()> {
    if a.fate.as_deref() == Some("added") {
        return Ok(());
    }
    if !a.changed() {
        return writeln!(out, "{}\n", t(l, "report-no-change"));
    }
    writeln!(out, "### {}\n", t(l, "report-changes"))?;
    for p in a.changes.iter().filter(|p| p.changed()) {
        match p {
            Paragraph::Edited { spans } => {
                writeln!(out, "*{}* :\n", t(l, "report-paragraph-edited"))?;
                writeln!(out, "{}\n", word_diff(spans))?;
            }
            Paragraph::Rewritten { before, after } => {
                writeln!(
                    out,
                    "*{}* :\n\n{}\n",
                    t(l, "report-before"),
                    blockquote(&before.join("\n"))
                )?;
                writeln!(
                    out,
                    "*{}* :\n\n{}\n",
                    t(l, "report-after"),
                    blockquote(&after.join("\n"))
                )?;
            }
            Paragraph::Added { text } => {
                writeln!(
                    out,
                    "*{}* :\n\n{}\n",
                    t(l, "report-paragraph-added"),
                    blockquote(text)
                )?;
            }
            Paragraph::Removed { text } => {
                writeln!(
                    out,
                    "*{}* :\n\n{}\n",
                    t(l, "report-paragraph-removed"),
                    blockquote(text)
                )?;
            }
            Paragraph::Same { .. } => {}
        }
    }
    Ok(())
}

fn write_items<W: Write>(out: &mut W, l: Locale, items: &[Decided], level: &str) -> io::Result<()> {
    for (decision, group) in labels::groups(items) {
        writeln!(
            out,
            "{level} {} ({})\n",
            labels::decision(l, decision),
            group.len()
        )?;
        for d in group {
            writeln!(
                out,
                "- **{}** — {} ({}) — {}",
                labels::number(l, d.id),
                labels::item_text(l, d),
                labels::author(l, &d.author),
                labels::votes(l, d.votes),
            )?;
            if let Some(j) = &d.justification {
                let j = j.split_whitespace().collect::<Vec<_>>().join(" ");
                writeln!(out, "  - {} : {j}", t(l, "report-justification"))?;
            }
        }
        writeln!(out)?;
    }
    Ok(())
}

/// The report in Markdown (French, as the consultation).
pub fn markdown<W: Write>(r: &Report, out: &mut W) -> io::Result<()> {
    let l = Locale::Fr;
    writeln!(out, "# {} : {}\n", t(l, "synthesis-title"), r.title)?;
    if r.preview {
        let explain = if r.decisions_shown {
            "report-preview-explain"
        } else {
            "report-preview-no-decisions"
        };
        writeln!(
            out,
            "**{}** {}\n",
            t(l, "report-preview-banner"),
            t(l, explain)
        )?;
    }
    writeln!(
        out,
        "{} {}.\n",
        t(l, "synthesis-sponsored-by"),
        r.sponsors.join(", ")
    )?;
    if let Some(d) = labels::consultation_dates(l, r) {
        writeln!(out, "{d}.\n")?;
    }
    if let Some(p) = labels::publication(l, r) {
        writeln!(out, "{p}.\n")?;
    }
    writeln!(out, "{} <{}>\n", t(l, "synthesis-source"), r.source_url)?;
    if let Some(f) = &r.foreword {
        writeln!(out, "## {}\n\n{}\n", t(l, "report-foreword"), f.trim())?;
    }
    // The summary.
    let p = &r.participation;
    writeln!(out, "## {}\n", t(l, "report-summary"))?;
    writeln!(
        out,
        "{}\n",
        t_args(
            l,
            "report-summary-participation",
            &[
                ("participants", p.participants.to_string()),
                ("contributions", p.contributions().to_string()),
                ("votes", p.votes.to_string()),
            ]
        )
    )?;
    if r.decisions_shown {
        writeln!(out, "### {}\n", t(l, "report-summary-changes"))?;
        let s = &r.summary;
        if s.modified.is_empty() && s.added.is_empty() && s.deleted.is_empty() {
            writeln!(out, "{}\n", t(l, "report-summary-unchanged"))?;
        }
        for (heading, line) in labels::change_groups(l, s) {
            writeln!(out, "- {heading} : {line}")?;
        }
        writeln!(out)?;
    }
    if !r.summary.themes.is_empty() {
        writeln!(out, "### {}\n", t(l, "report-summary-themes"))?;
        for th in &r.summary.themes {
            writeln!(
                out,
                "- {} ({})",
                th.key,
                t_args(
                    l,
                    "report-contributions-count",
                    &[("count", th.count.to_string())]
                )
            )?;
        }
        writeln!(out)?;
    }
    writeln!(out, "## {}\n", t(l, "synthesis-participation"))?;
    writeln!(
        out,
        "- {}\n- {}",
        t_args(
            l,
            "synthesis-participants",
            &[("count", p.participants.to_string())]
        ),
        t_args(l, "synthesis-votes", &[("count", p.votes.to_string())])
    )?;
    for c in &p.by_category {
        writeln!(out, "- {} : {}", labels::category(l, &c.key), c.count)?;
    }
    for c in &p.contributions_by_kind {
        writeln!(out, "- {} : {}", labels::kind_plural(l, &c.key), c.count)?;
    }
    writeln!(out)?;
    for a in &r.articles {
        let fate = match a.fate.as_deref() {
            Some("deleted") => format!(" ({})", t(l, "article-deleted")),
            Some("added") => format!(" ({})", t(l, "article-added")),
            _ => String::new(),
        };
        writeln!(out, "## {}{fate}\n", a.label)?;
        if let Some(h) = &a.heading {
            writeln!(out, "*{}*\n", h.trim())?;
        }
        writeln!(
            out,
            "{} : {}\n",
            t(l, "report-votes"),
            labels::votes(l, a.votes)
        )?;
        match &a.final_text {
            Some(text) => {
                writeln!(
                    out,
                    "### {}\n\n{}\n",
                    t(l, "report-final-text"),
                    blockquote(text)
                )?;
            }
            None => writeln!(out, "{}\n", t(l, "report-deleted-article"))?,
        }
        write_changes(out, l, a)?;
        if a.wording_by_sponsor {
            writeln!(out, "{}\n", t(l, "report-wording-by-sponsor"))?;
        }
        if let Some(n) = &a.note {
            writeln!(out, "### {}\n\n{}\n", t(l, "synthesis-note"), n.trim())?;
        }
        if !a.themes.is_empty() {
            writeln!(out, "### {}\n", t(l, "report-themes"))?;
            for th in &a.themes {
                let counts: Vec<String> = th
                    .counts
                    .iter()
                    .map(|c| format!("{} : {}", labels::theme_count(l, &c.key), c.count))
                    .collect();
                writeln!(out, "#### {} ({})\n", th.title, counts.join(", "))?;
                for q in &th.quotes {
                    write_quote(out, l, q, false)?;
                }
            }
        }
        for (key, quotes) in [
            ("report-arguments-for", &a.strongest_for),
            ("report-arguments-against", &a.strongest_against),
        ] {
            if !quotes.is_empty() {
                writeln!(out, "### {}\n", t(l, key))?;
                for q in quotes {
                    write_quote(out, l, q, true)?;
                }
            }
        }
        if !a.amendments.is_empty() {
            writeln!(out, "### {}\n", t(l, "report-amendments"))?;
            write_items(out, l, &a.amendments, "####")?;
        }
    }
    if !r.proposals.is_empty() {
        writeln!(out, "## {}\n", t(l, "report-proposals"))?;
        write_items(out, l, &r.proposals, "###")?;
    }
    writeln!(out, "## {}\n", t(l, "synthesis-moderation"))?;
    if r.moderation.is_empty() {
        writeln!(out, "{}\n", t(l, "report-moderation-none"))?;
    } else {
        for m in &r.moderation {
            match &m.reason {
                Some(reason) => writeln!(
                    out,
                    "- {} : {} ({reason})",
                    labels::moderation_action(l, &m.action),
                    m.count
                )?,
                None => writeln!(
                    out,
                    "- {} : {}",
                    labels::moderation_action(l, &m.action),
                    m.count
                )?,
            }
        }
        writeln!(out)?;
    }
    writeln!(out, "## {}\n", t(l, "report-method"))?;
    writeln!(out, "{}\n", labels::method(l, r).join(" "))?;
    writeln!(
        out,
        "{}",
        t_args(l, "report-licence", &[("licence", r.licence.to_string())])
    )?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::diff::words;

    #[test]
    fn word_diffs_keep_their_spaces_and_quotes_every_paragraph() {
        let md = word_diff(&words(
            "Les salariés informent, avant le départ raisonnable, pendant la grève.",
            "Les salariés déclarent, avant le départ raisonnable, pendant la grève.",
        ));
        assert!(md.contains("~~informent,~~ **déclarent,**"), "{md}");
        assert!(!md.contains("****") && !md.contains("~~~~"), "{md}");
        assert_eq!(
            blockquote("Un.\n\nDeux.\nTrois."),
            "> Un.\n>\n> Deux.\n> Trois."
        );
    }
}
