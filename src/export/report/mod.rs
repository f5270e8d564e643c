//! The synthesis report: what citizens said and what became of it, read
//! from the database into one bounded model (aggregates counted in SQL,
//! amendments and proposals read page by page and kept as excerpts, the full
//! texts staying on their own pages and in the open data), then written as
//! HTML (by a template), Markdown, DOCX and JSON, and the comparative table
//! as HTML and CSV.

mod docx;
pub mod labels;
mod markdown;

use std::collections::HashMap;
use std::io::{self, Write};

use chrono::NaiveDateTime;
use serde::Serialize;

use super::stream::io_error;
use crate::domain::contribution::{ContributionKind, Stance};
use crate::domain::decision::{self, Outcome, Retained};
use crate::domain::moderation::PublicView;
use crate::domain::pseudonym::Shown;
use crate::domain::{BillStatus, time};
use crate::store::bills::{self, BillRow};
use crate::store::contributions::{self, ListQuery, Listed, Order};
use crate::store::{DbConnection, StoreError, articles, forewords, synthesis};
use crate::text::diff::{self, Paragraph};
use crate::text::excerpt;

pub use docx::docx;
pub use markdown::markdown;

/// Amendments and proposals read per query.
const PAGE: i64 = 500;
/// The excerpt of an amendment or proposal in lists.
pub const ITEM_EXCERPT: usize = 180;
/// The excerpt of a quotation under a theme.
const THEME_QUOTE_EXCERPT: usize = 400;

#[derive(Debug, Clone, Serialize)]
pub struct Count {
    pub key: String,
    pub count: i64,
}

#[derive(Debug, Clone, Serialize)]
pub struct Day {
    pub day: String,
    pub contributions: i64,
    pub votes: i64,
}

#[derive(Debug, Clone, Serialize)]
pub struct Participation {
    pub participants: i64,
    pub by_category: Vec<Count>,
    pub contributions_by_kind: Vec<Count>,
    pub votes: i64,
    pub by_day: Vec<Day>,
}

impl Participation {
    pub fn contributions(&self) -> i64 {
        self.contributions_by_kind.iter().map(|c| c.count).sum()
    }
}

/// Who wrote a contribution, as the report shows them (in JSON, as the
/// open data names them: a name or "Participant CODE").
#[derive(Debug, Clone, Serialize)]
#[serde(into = "String")]
pub enum Author {
    Name(String),
    Pseudonym(String),
    Deleted,
}

impl From<Author> for String {
    fn from(a: Author) -> String {
        match a {
            Author::Name(n) => n,
            Author::Pseudonym(code) => format!("Participant {code}"),
            Author::Deleted => "participant supprimé".into(),
        }
    }
}

impl From<&Shown> for Author {
    fn from(s: &Shown) -> Author {
        match s {
            Shown::Name(n) => Author::Name(n.clone()),
            Shown::Pseudonym(code) => Author::Pseudonym(code.clone()),
            Shown::Deleted => Author::Deleted,
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Quote {
    pub id: i64,
    pub author: Author,
    /// Whole (the strongest arguments) or an excerpt (under a theme).
    pub text: String,
    pub support: i32,
}

#[derive(Debug, Clone, Serialize)]
pub struct ThemeCount {
    /// `kind` or `kind:stance` (argument:for…): the labels translate it.
    pub key: String,
    pub count: i64,
}

#[derive(Debug, Clone, Serialize)]
pub struct ThemeSummary {
    pub title: String,
    pub total: i64,
    pub counts: Vec<ThemeCount>,
    pub quotes: Vec<Quote>,
}

/// An amendment or proposal as the report lists it: an excerpt, its votes,
/// its decision (once published, or in the sponsor's preview).
#[derive(Debug, Clone, Serialize)]
pub struct Decided {
    pub id: i64,
    pub kind: String,
    pub title: Option<String>,
    /// The title, else the proposed text, else the rationale, cut at a word.
    pub excerpt: String,
    pub author: Author,
    pub deletes_article: bool,
    /// Agree, mixed, disagree.
    pub votes: [i32; 3],
    pub decision: Option<String>,
    pub justification: Option<String>,
}

/// The contributions a change of the text came from.
#[derive(Debug, Clone, Serialize)]
pub struct TextChange {
    pub article_id: i64,
    pub label: String,
    pub from: Vec<i64>,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct Summary {
    pub modified: Vec<TextChange>,
    pub added: Vec<TextChange>,
    pub deleted: Vec<TextChange>,
    /// The largest themes, most contributions first.
    pub themes: Vec<Count>,
}

/// What the method paragraph may say: only what happened.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Method {
    pub themes: i64,
    pub notes: i64,
    pub moderation_acts: i64,
    pub decisions: i64,
}

#[derive(Debug, Clone, Serialize)]
pub struct ArticleReport {
    pub id: i64,
    pub label: String,
    pub heading: Option<String>,
    pub initial: Option<String>,
    pub final_text: Option<String>,
    /// "deleted" or "added".
    pub fate: Option<String>,
    /// Paragraph by paragraph, from the initial to the final text.
    pub changes: Vec<Paragraph>,
    pub votes: [i32; 3],
    pub note: Option<String>,
    /// Retained amendments overlapped and the sponsor wrote the wording.
    pub wording_by_sponsor: bool,
    pub themes: Vec<ThemeSummary>,
    pub strongest_for: Vec<Quote>,
    pub strongest_against: Vec<Quote>,
    /// Grouped by decision, most supported first in each group.
    pub amendments: Vec<Decided>,
}

impl ArticleReport {
    pub fn changed(&self) -> bool {
        self.changes.iter().any(Paragraph::changed)
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct ModerationCount {
    pub action: String,
    pub reason: Option<String>,
    pub count: i64,
}

/// The dates of the report, for the labels to write in words.
#[derive(Debug, Clone, Default)]
pub struct Dates {
    pub opens: Option<NaiveDateTime>,
    pub closes: Option<NaiveDateTime>,
    pub published: Option<NaiveDateTime>,
    pub generated: Option<NaiveDateTime>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub slug: String,
    pub title: String,
    pub sponsors: Vec<String>,
    pub status: String,
    /// Not published yet: the sponsor's preview (with the decisions) or the
    /// moderators' (without).
    pub preview: bool,
    /// Whether decisions and justifications are in (published, or the
    /// sponsor's preview).
    pub decisions_shown: bool,
    pub opens_at: Option<String>,
    pub closes_at: Option<String>,
    pub published_at: Option<String>,
    #[serde(skip)]
    pub dates: Dates,
    /// The sponsor's foreword, in Markdown.
    pub foreword: Option<String>,
    pub source_url: String,
    pub licence: &'static str,
    pub participation: Participation,
    pub summary: Summary,
    pub articles: Vec<ArticleReport>,
    /// Grouped by decision, most supported first in each group.
    pub proposals: Vec<Decided>,
    pub moderation: Vec<ModerationCount>,
    pub method: Method,
}

/// The order decisions are listed in: what changed the text first.
fn decision_rank(d: Option<&str>) -> u8 {
    match d {
        Some("accepted") => 0,
        Some("partially_accepted") => 1,
        Some("already_satisfied") => 2,
        Some("rejected") => 3,
        Some("out_of_scope") => 4,
        _ => 5,
    }
}

/// Grouped by decision, then most approved first (agreements, then the
/// balance, then the oldest).
pub fn sort_by_support(items: &mut [Decided]) {
    items.sort_by_key(|d| {
        (
            decision_rank(d.decision.as_deref()),
            std::cmp::Reverse(d.votes[0]),
            std::cmp::Reverse(d.votes[0] - d.votes[2]),
            d.id,
        )
    });
}

fn quote(l: &Listed, max: Option<usize>) -> Quote {
    Quote {
        id: l.row.id,
        author: Author::from(&l.author),
        text: match max {
            Some(max) => excerpt::at_word(&l.row.body, max),
            None => l.row.body.trim().to_string(),
        },
        support: l.row.votes_support,
    }
}

fn decided(l: &Listed, d: Option<&synthesis::DecisionRow>) -> Decided {
    let r = &l.row;
    let source = r
        .title
        .as_deref()
        .filter(|t| !t.trim().is_empty())
        .or(r.proposed_text.as_deref().filter(|t| !t.trim().is_empty()))
        .unwrap_or(&r.body);
    Decided {
        id: r.id,
        kind: r.kind.to_string(),
        title: r.title.clone(),
        excerpt: excerpt::at_word(source, ITEM_EXCERPT),
        author: Author::from(&l.author),
        deletes_article: r.deletes_article,
        votes: [r.votes_agree, r.votes_mixed, r.votes_disagree],
        decision: d.map(|d| d.decision.to_string()),
        justification: d.and_then(|d| d.justification.clone()),
    }
}

/// The strongest arguments of a stance on an article, whole, moderated
/// ones left out.
fn strongest(
    c: &mut DbConnection,
    bill_id: i64,
    article_id: i64,
    stance: Stance,
) -> Result<Vec<Quote>, StoreError> {
    let list = contributions::list(
        c,
        &ListQuery {
            bill_id,
            article_id: Some(article_id),
            parent_id: None,
            top_level: true,
            kind: Some(ContributionKind::Argument),
            stance: Some(stance),
            order: Order::Supported,
            after: None,
            limit: 10,
        },
    )?;
    Ok(list
        .iter()
        .filter(|l| l.row.public_view() == PublicView::Shown)
        .take(3)
        .map(|l| quote(l, None))
        .collect())
}

/// Amendments per article, proposals, and the retained amendments (with
/// their text, for the final wording's origin), read page by page.
struct Items {
    by_article: HashMap<i64, Vec<Decided>>,
    retained: HashMap<i64, Vec<Retained>>,
    proposals: Vec<Decided>,
}

fn items(c: &mut DbConnection, bill_id: i64, with_decisions: bool) -> Result<Items, StoreError> {
    let decisions: HashMap<i64, synthesis::DecisionRow> = synthesis::decisions_of_bill(c, bill_id)?
        .into_iter()
        .map(|d| (d.contribution_id, d))
        .collect();
    let mut out = Items {
        by_article: HashMap::new(),
        retained: HashMap::new(),
        proposals: Vec::new(),
    };
    let mut after = 0;
    loop {
        let page = contributions::arbitrable_page(c, bill_id, after, PAGE)?;
        let Some(last) = page.last() else { break };
        after = last.row.id;
        for l in &page {
            let d = decisions.get(&l.row.id);
            let shown = d.filter(|_| with_decisions);
            let item = decided(l, shown);
            match (l.row.kind, l.row.article_id) {
                (ContributionKind::Amendment, Some(a)) => {
                    if let Some(d) = d.filter(|d| d.decision.retained()) {
                        out.retained.entry(a).or_default().push(Retained {
                            amendment_id: l.row.id,
                            decision: d.decision,
                            deletes_article: l.row.deletes_article,
                            proposed_text: l.row.proposed_text.clone(),
                        });
                    }
                    out.by_article.entry(a).or_default().push(item)
                }
                _ => out.proposals.push(item),
            }
        }
        if (page.len() as i64) < PAGE {
            break;
        }
    }
    Ok(out)
}

/// Who may read what: the public reads a published report; the sponsors
/// and admins preview it with the decisions; the moderators without.
#[derive(Debug, Clone, Copy)]
pub struct Audience {
    pub decisions: bool,
}

/// Reads the whole report.
pub fn build(
    c: &mut DbConnection,
    bill: BillRow,
    source_url: String,
    audience: Audience,
) -> Result<Report, StoreError> {
    let published = bill.status == BillStatus::Published;
    let with_decisions = published || audience.decisions;
    let opened_at = bills::opened_at(c, bill.id)?;
    let initial: HashMap<i64, String> = articles::initial_versions(c, bill.id, opened_at)?
        .into_iter()
        .collect();
    let sponsors = bills::sponsor_names(c, bill.id)?;
    let participation = Participation {
        participants: i64::from(bill.participants_count),
        by_category: synthesis::participants_by_category(c, bill.id)?
            .into_iter()
            .map(|(key, count)| Count { key, count })
            .collect(),
        contributions_by_kind: synthesis::contributions_by_kind(c, bill.id)?
            .into_iter()
            .map(|(key, count)| Count { key, count })
            .collect(),
        votes: i64::from(bill.votes_count),
        by_day: synthesis::activity_by_day(c, bill.id)?
            .into_iter()
            .map(|(day, contributions, votes)| Day {
                day,
                contributions,
                votes,
            })
            .collect(),
    };
    // Themes, with their counts and two quotes each.
    let themes = synthesis::themes_of_bill(c, bill.id)?;
    let counts = synthesis::theme_counts(c, bill.id)?;
    let mut summaries: HashMap<Option<i64>, Vec<ThemeSummary>> = HashMap::new();
    let mut theme_totals = Vec::new();
    for t in &themes {
        let quotes = synthesis::theme_quotes(c, t.id, 2)?
            .iter()
            .map(|l| quote(l, Some(THEME_QUOTE_EXCERPT)))
            .collect();
        let counts: Vec<ThemeCount> = counts
            .iter()
            .filter(|(id, ..)| *id == t.id)
            .map(|(_, kind, stance, n)| ThemeCount {
                key: match stance {
                    Some(s) => format!("{kind}:{s}"),
                    None => kind.clone(),
                },
                count: *n,
            })
            .collect();
        let total = counts.iter().map(|c| c.count).sum();
        theme_totals.push(Count {
            key: t.title.clone(),
            count: total,
        });
        summaries
            .entry(t.article_id)
            .or_default()
            .push(ThemeSummary {
                title: t.title.clone(),
                total,
                counts,
                quotes,
            });
    }
    for list in summaries.values_mut() {
        list.sort_by_key(|t| std::cmp::Reverse(t.total));
    }
    theme_totals.sort_by(|a, b| b.count.cmp(&a.count).then(a.key.cmp(&b.key)));
    theme_totals.truncate(5);
    let notes: HashMap<i64, String> = synthesis::notes(c, bill.id)?.into_iter().collect();
    let wordings: HashMap<i64, String> = synthesis::wordings(c, bill.id)?.into_iter().collect();
    let mut items = items(c, bill.id, with_decisions)?;
    let decisions_count =
        items.by_article.values().map(Vec::len).sum::<usize>() + items.proposals.len();
    let mut reports = Vec::new();
    let mut summary = Summary {
        themes: theme_totals,
        ..Summary::default()
    };
    for art in articles::list_for_bill(c, bill.id)? {
        let deleted = art.fate.as_deref() == Some("deleted");
        let added = art.fate.as_deref() == Some("added");
        let initial_text = if added {
            None
        } else {
            initial.get(&art.id).cloned()
        };
        let final_text = (!deleted).then(|| art.body.clone());
        let changes = diff::paragraphs(
            initial_text.as_deref().unwrap_or(""),
            final_text.as_deref().unwrap_or(""),
        );
        let retained = items.retained.remove(&art.id).unwrap_or_default();
        let from: Vec<i64> = retained.iter().map(|r| r.amendment_id).collect();
        let wording_by_sponsor = wordings.contains_key(&art.id)
            && matches!(
                decision::outcome(&retained, None),
                Outcome::NeedsWording { .. }
            );
        let mut amendments = items.by_article.remove(&art.id).unwrap_or_default();
        sort_by_support(&mut amendments);
        let change = |from: Vec<i64>| TextChange {
            article_id: art.id,
            label: art.label.clone(),
            from,
        };
        if with_decisions {
            if added {
                summary
                    .added
                    .push(change(art.origin_id.into_iter().collect()));
            } else if deleted {
                summary.deleted.push(change(from.clone()));
            } else if changes.iter().any(Paragraph::changed) {
                summary.modified.push(change(from.clone()));
            }
        }
        reports.push(ArticleReport {
            id: art.id,
            label: art.label.clone(),
            heading: art.heading.clone(),
            initial: initial_text,
            final_text,
            fate: art.fate.clone(),
            changes,
            votes: [art.votes_agree, art.votes_mixed, art.votes_disagree],
            note: notes.get(&art.id).cloned(),
            wording_by_sponsor: wording_by_sponsor && with_decisions,
            themes: summaries.remove(&Some(art.id)).unwrap_or_default(),
            strongest_for: strongest(c, bill.id, art.id, Stance::For)?,
            strongest_against: strongest(c, bill.id, art.id, Stance::Against)?,
            amendments,
        });
    }
    let mut proposals = items.proposals;
    sort_by_support(&mut proposals);
    let mut moderation: Vec<ModerationCount> = Vec::new();
    for (action, reason, count) in synthesis::moderation_summary(c, bill.id)? {
        let action = action.trim_start_matches("contribution.").to_string();
        // Automatic hiding records "N reports" as its reason: its label
        // says it already, one line for all.
        let reason = reason.filter(|_| action != "auto_hide");
        match moderation
            .iter_mut()
            .find(|m| m.action == action && m.reason == reason)
        {
            Some(m) => m.count += count,
            None => moderation.push(ModerationCount {
                action,
                reason,
                count,
            }),
        }
    }
    let method = Method {
        themes: themes.len() as i64,
        notes: notes.len() as i64,
        moderation_acts: moderation.iter().map(|m| m.count).sum(),
        decisions: decisions_count as i64,
    };
    Ok(Report {
        slug: bill.slug.clone(),
        title: bill.title.clone(),
        sponsors,
        status: bill.status.to_string(),
        preview: !published,
        decisions_shown: with_decisions,
        opens_at: bill.opens_at.map(time::rfc3339),
        closes_at: bill.closes_at.map(time::rfc3339),
        published_at: bill.published_at.map(time::rfc3339),
        dates: Dates {
            opens: bill.opens_at,
            closes: bill.closes_at,
            published: bill.published_at,
            generated: Some(time::now()),
        },
        foreword: forewords::find(c, bill.id)?,
        source_url,
        licence: super::open_data::LICENCE,
        participation,
        summary,
        articles: reports,
        proposals,
        moderation,
        method,
    })
}

/// The comparative table as CSV: article, initial text, retained
/// contributions, final text.
pub fn comparative_csv<W: Write>(r: &Report, base_url: &str, out: &mut W) -> io::Result<()> {
    let mut w = csv::Writer::from_writer(out);
    w.write_record(["article", "initial_text", "retained", "final_text"])
        .map_err(io_error)?;
    for a in &r.articles {
        let retained: Vec<String> = retained(a)
            .map(|d| {
                format!(
                    "n° {} ({}) {base_url}/contributions/{}",
                    d.id,
                    labels::decision(crate::domain::Locale::Fr, d.decision.as_deref()),
                    d.id
                )
            })
            .collect();
        let cells = [
            a.label.as_str(),
            a.initial.as_deref().unwrap_or(""),
            &retained.join("\n"),
            a.final_text.as_deref().unwrap_or("(supprimé)"),
        ];
        w.write_record(
            cells
                .map(super::csv_cells::text_cell)
                .iter()
                .map(|c| c.as_bytes()),
        )
        .map_err(io_error)?;
    }
    w.flush()
}

/// The amendments of an article that changed the final text.
pub fn retained(a: &ArticleReport) -> impl Iterator<Item = &Decided> {
    a.amendments.iter().filter(|d| {
        matches!(
            d.decision.as_deref(),
            Some("accepted" | "partially_accepted")
        )
    })
}

/// The report's downloadable forms, as the HTTP routes and `codraft export`
/// name them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReportFormat {
    Markdown,
    Docx,
    Json,
    ComparativeCsv,
}

impl ReportFormat {
    pub const ALL: [ReportFormat; 4] = [
        ReportFormat::Markdown,
        ReportFormat::Docx,
        ReportFormat::Json,
        ReportFormat::ComparativeCsv,
    ];

    pub fn name(self) -> &'static str {
        match self {
            ReportFormat::Markdown => "synthesis.md",
            ReportFormat::Docx => "synthesis.docx",
            ReportFormat::Json => "synthesis.json",
            ReportFormat::ComparativeCsv => "comparative-table.csv",
        }
    }

    pub fn parse(name: &str) -> Option<ReportFormat> {
        ReportFormat::ALL.into_iter().find(|f| f.name() == name)
    }

    pub fn content_type(self) -> &'static str {
        match self {
            ReportFormat::Markdown => "text/markdown; charset=utf-8",
            ReportFormat::Docx => {
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
            }
            ReportFormat::Json => "application/json",
            ReportFormat::ComparativeCsv => "text/csv; charset=utf-8",
        }
    }

    /// The file name a download suggests.
    pub fn file_name(self, slug: &str) -> String {
        match self {
            ReportFormat::Markdown => format!("synthese-{slug}.md"),
            ReportFormat::Docx => format!("synthese-{slug}.docx"),
            ReportFormat::Json => format!("synthese-{slug}.json"),
            ReportFormat::ComparativeCsv => format!("tableau-comparatif-{slug}.csv"),
        }
    }

    /// Writes the file to `out`: Markdown, JSON and CSV as they are made;
    /// a .docx needs to seek, so it is built in memory first.
    pub fn write_to<W: Write>(self, r: &Report, base_url: &str, out: &mut W) -> io::Result<()> {
        match self {
            ReportFormat::Markdown => markdown(r, out),
            ReportFormat::Docx => {
                let mut buf = Vec::new();
                docx(r, io::Cursor::new(&mut buf))?;
                out.write_all(&buf)
            }
            ReportFormat::Json => {
                serde_json::to_writer_pretty(&mut *out, r).map_err(io::Error::other)
            }
            ReportFormat::ComparativeCsv => comparative_csv(r, base_url, out),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(id: i64, decision: Option<&str>, agree: i32) -> Decided {
        Decided {
            id,
            kind: "proposal".into(),
            title: None,
            excerpt: String::new(),
            author: Author::Deleted,
            deletes_article: false,
            votes: [agree, 0, 0],
            decision: decision.map(str::to_string),
            justification: None,
        }
    }

    #[test]
    fn items_are_grouped_by_decision_most_supported_first() {
        let mut items = vec![
            item(1, Some("rejected"), 3),
            item(2, Some("accepted"), 1),
            item(555, Some("rejected"), 4055),
            item(4, None, 9),
            item(5, Some("accepted"), 7),
        ];
        sort_by_support(&mut items);
        let ids: Vec<i64> = items.iter().map(|d| d.id).collect();
        assert_eq!(ids, [5, 2, 555, 1, 4]);
        let groups = labels::groups(&items);
        let sizes: Vec<(Option<&str>, usize)> = groups.iter().map(|(d, g)| (*d, g.len())).collect();
        assert_eq!(
            sizes,
            [(Some("accepted"), 2), (Some("rejected"), 2), (None, 1)]
        );
    }
}
