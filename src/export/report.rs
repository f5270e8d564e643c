//! The synthesis report: what citizens said and what became of it, read
//! from the database into one model, then written as HTML (by a template),
//! Markdown, DOCX and JSON, and the comparative table as HTML and CSV.

use std::collections::HashMap;
use std::io::{self, Write};

use serde::Serialize;

use super::docx::{Block, Document, Run};
use super::stream::io_error;
use crate::domain::contribution::{ContributionKind, ContributionState, Stance};
use crate::domain::pseudonym::Shown;
use crate::domain::{BillStatus, time};
use crate::service::synthesis::{Item, workspace_in};
use crate::store::bills::{self, BillRow};
use crate::store::contributions::{self, ListQuery, Listed, Order};
use crate::store::{DbConnection, StoreError, articles, synthesis};
use crate::text::diff::{self, Change};

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

#[derive(Debug, Clone, Serialize)]
pub struct Quote {
    pub id: i64,
    pub author: String,
    pub text: String,
    pub support: i32,
}

#[derive(Debug, Clone, Serialize)]
pub struct ThemeSummary {
    pub title: String,
    pub counts: Vec<Count>,
    pub quotes: Vec<Quote>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Decided {
    pub id: i64,
    pub kind: String,
    pub title: Option<String>,
    pub author: String,
    pub proposed_text: Option<String>,
    pub deletes_article: bool,
    pub rationale: String,
    pub votes: [i32; 3],
    pub themes: Vec<String>,
    pub decision: Option<String>,
    pub justification: Option<String>,
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
    pub diff: Vec<diff::Span>,
    pub votes: [i32; 3],
    pub note: Option<String>,
    pub themes: Vec<ThemeSummary>,
    pub strongest_for: Vec<Quote>,
    pub strongest_against: Vec<Quote>,
    pub amendments: Vec<Decided>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ModerationCount {
    pub action: String,
    pub reason: Option<String>,
    pub count: i64,
}

#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub slug: String,
    pub title: String,
    pub sponsors: Vec<String>,
    pub status: String,
    pub opens_at: Option<String>,
    pub closes_at: Option<String>,
    pub published_at: Option<String>,
    pub source_url: String,
    pub licence: &'static str,
    pub participation: Participation,
    pub articles: Vec<ArticleReport>,
    pub proposals: Vec<Decided>,
    pub moderation: Vec<ModerationCount>,
}

fn author(shown: &Shown) -> String {
    match shown {
        Shown::Name(n) => n.clone(),
        Shown::Pseudonym(code) => format!("Participant {code}"),
        Shown::Deleted => "participant supprimé".into(),
    }
}

fn excerpt(text: &str, max: usize) -> String {
    let t: String = text.chars().take(max).collect();
    if t.chars().count() < text.chars().count() {
        format!("{}…", t.trim_end())
    } else {
        t
    }
}

fn quote(l: &Listed) -> Quote {
    Quote {
        id: l.row.id,
        author: author(&l.author),
        text: excerpt(&l.row.body, 400),
        support: l.row.votes_support,
    }
}

fn decided(item: &Item, public: bool) -> Decided {
    let r = &item.listed.row;
    Decided {
        id: r.id,
        kind: r.kind.to_string(),
        title: r.title.clone(),
        author: author(&item.listed.author),
        proposed_text: r.proposed_text.clone(),
        deletes_article: r.deletes_article,
        rationale: r.body.clone(),
        votes: [r.votes_agree, r.votes_mixed, r.votes_disagree],
        themes: item.themes.clone(),
        decision: item
            .decision
            .as_ref()
            .filter(|_| public)
            .map(|d| d.decision.to_string()),
        justification: item
            .decision
            .as_ref()
            .filter(|_| public)
            .and_then(|d| d.justification.clone()),
    }
}

/// The strongest arguments of a stance on an article, moderated ones left out.
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
        .filter(|l| l.row.status == ContributionState::Published && l.row.moderation.is_none())
        .take(3)
        .map(quote)
        .collect())
}

/// Reads the whole report. Decisions are left out until publication.
pub fn build(
    c: &mut DbConnection,
    bill: BillRow,
    source_url: String,
) -> Result<Report, StoreError> {
    let public = bill.status == BillStatus::Published;
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
    for t in &themes {
        let quotes = synthesis::theme_quotes(c, t.id, 2)?
            .iter()
            .map(quote)
            .collect();
        summaries
            .entry(t.article_id)
            .or_default()
            .push(ThemeSummary {
                title: t.title.clone(),
                counts: counts
                    .iter()
                    .filter(|(id, ..)| *id == t.id)
                    .map(|(_, kind, stance, n)| Count {
                        key: match stance {
                            Some(s) => format!("{kind}:{s}"),
                            None => kind.clone(),
                        },
                        count: *n,
                    })
                    .collect(),
                quotes,
            });
    }
    let work = workspace_in(c, bill.clone())?;
    let mut reports = Vec::new();
    for a in &work.articles {
        let art = &a.article;
        let deleted = art.fate.as_deref() == Some("deleted");
        let added = art.fate.as_deref() == Some("added");
        let initial_text = if added {
            None
        } else {
            initial.get(&art.id).cloned()
        };
        let final_text = (!deleted).then(|| art.body.clone());
        let diff = diff::words(
            initial_text.as_deref().unwrap_or(""),
            final_text.as_deref().unwrap_or(""),
        );
        reports.push(ArticleReport {
            id: art.id,
            label: art.label.clone(),
            heading: art.heading.clone(),
            initial: initial_text,
            final_text,
            fate: art.fate.clone(),
            diff,
            votes: [art.votes_agree, art.votes_mixed, art.votes_disagree],
            note: a.note.clone(),
            themes: summaries.remove(&Some(art.id)).unwrap_or_default(),
            strongest_for: strongest(c, bill.id, art.id, Stance::For)?,
            strongest_against: strongest(c, bill.id, art.id, Stance::Against)?,
            amendments: a.amendments.iter().map(|i| decided(i, public)).collect(),
        });
    }
    Ok(Report {
        slug: bill.slug.clone(),
        title: bill.title.clone(),
        sponsors,
        status: bill.status.to_string(),
        opens_at: bill.opens_at.map(time::rfc3339),
        closes_at: bill.closes_at.map(time::rfc3339),
        published_at: bill.published_at.map(time::rfc3339),
        source_url,
        licence: super::open_data::LICENCE,
        participation,
        articles: reports,
        proposals: work.proposals.iter().map(|i| decided(i, public)).collect(),
        moderation: synthesis::moderation_summary(c, bill.id)?
            .into_iter()
            .map(|(action, reason, count)| ModerationCount {
                action: action.trim_start_matches("contribution.").to_string(),
                reason,
                count,
            })
            .collect(),
    })
}

fn decision_label(d: Option<&str>) -> &'static str {
    match d {
        Some("accepted") => "retenu",
        Some("partially_accepted") => "retenu en partie",
        Some("rejected") => "rejeté",
        Some("already_satisfied") => "déjà satisfait",
        Some("out_of_scope") => "hors sujet",
        _ => "sans décision publiée",
    }
}

/// The report in Markdown (French, as the consultation).
pub fn markdown<W: Write>(r: &Report, out: &mut W) -> io::Result<()> {
    writeln!(out, "# Synthèse de la consultation : {}\n", r.title)?;
    writeln!(
        out,
        "Porté par {}. Source : <{}>\n",
        r.sponsors.join(", "),
        r.source_url
    )?;
    writeln!(out, "## Participation\n")?;
    writeln!(
        out,
        "- {} participants, {} votes",
        r.participation.participants, r.participation.votes
    )?;
    for c in &r.participation.by_category {
        writeln!(out, "- participants, {} : {}", c.key, c.count)?;
    }
    for c in &r.participation.contributions_by_kind {
        writeln!(out, "- contributions, {} : {}", c.key, c.count)?;
    }
    writeln!(out)?;
    for a in &r.articles {
        let fate = match a.fate.as_deref() {
            Some("deleted") => " (supprimé)",
            Some("added") => " (nouveau)",
            _ => "",
        };
        writeln!(out, "## {}{fate}\n", a.label)?;
        if let Some(h) = &a.heading {
            writeln!(out, "*{h}*\n")?;
        }
        writeln!(
            out,
            "Votes : d'accord {}, mitigé {}, pas d'accord {}\n",
            a.votes[0], a.votes[1], a.votes[2]
        )?;
        writeln!(out, "### Texte initial et texte final\n")?;
        let mut diff = String::new();
        for s in &a.diff {
            match s.change {
                Change::Same => diff.push_str(&s.text),
                Change::Removed => diff.push_str(&format!("~~{}~~", s.text.trim())),
                Change::Added => diff.push_str(&format!("**{}**", s.text.trim())),
            }
        }
        writeln!(out, "{diff}\n")?;
        if let Some(n) = &a.note {
            writeln!(out, "### Note de synthèse\n\n{n}\n")?;
        }
        for t in &a.themes {
            let counts: Vec<String> = t
                .counts
                .iter()
                .map(|c| format!("{} {}", c.key, c.count))
                .collect();
            writeln!(out, "### Thème : {} ({})\n", t.title, counts.join(", "))?;
            for q in &t.quotes {
                writeln!(out, "> {} — {}, n° {}\n", q.text, q.author, q.id)?;
            }
        }
        for (title, quotes) in [
            ("Arguments pour", &a.strongest_for),
            ("Arguments contre", &a.strongest_against),
        ] {
            if !quotes.is_empty() {
                writeln!(out, "### {title}\n")?;
                for q in quotes {
                    writeln!(
                        out,
                        "> {} — {}, n° {} ({} soutiens)\n",
                        q.text, q.author, q.id, q.support
                    )?;
                }
            }
        }
        if !a.amendments.is_empty() {
            writeln!(out, "### Amendements\n")?;
            for d in &a.amendments {
                write_decided(out, d)?;
            }
        }
    }
    if !r.proposals.is_empty() {
        writeln!(out, "## Propositions d'articles\n")?;
        for d in &r.proposals {
            write_decided(out, d)?;
        }
    }
    writeln!(out, "## Modération\n")?;
    if r.moderation.is_empty() {
        writeln!(out, "Aucune contribution modérée.\n")?;
    }
    for m in &r.moderation {
        writeln!(
            out,
            "- {} : {} ({})",
            m.action,
            m.count,
            m.reason.as_deref().unwrap_or("—")
        )?;
    }
    writeln!(out, "\n## Méthode et licence\n")?;
    writeln!(out, "{METHOD}\n\nLicence des données : {}.", r.licence)?;
    Ok(())
}

pub const METHOD: &str = "Chaque article a été soumis à la consultation : les participants ont voté (d'accord, mitigé, pas d'accord), argumenté, proposé des amendements et de nouveaux articles. La modération a regroupé les contributions par thèmes et rédigé une note par article. Le porteur du texte a rendu une décision motivée sur chaque amendement et chaque proposition ; les amendements retenus ont produit le texte final. Les citoyens apparaissent sous un pseudonyme sauf s'ils ont choisi d'afficher leur nom.";

fn write_decided<W: Write>(out: &mut W, d: &Decided) -> io::Result<()> {
    let title = d.title.clone().unwrap_or_else(|| format!("n° {}", d.id));
    writeln!(
        out,
        "- **{}** ({}) — décision : {}",
        title,
        d.author,
        decision_label(d.decision.as_deref())
    )?;
    if let Some(j) = &d.justification {
        writeln!(out, "  - Justification : {j}")?;
    }
    Ok(())
}

fn runs_of_diff(spans: &[diff::Span]) -> Vec<Run> {
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

/// The report as a DOCX document.
pub fn docx<W: Write + io::Seek>(r: &Report, out: W) -> io::Result<()> {
    let mut b = vec![
        Block::Title(format!("Synthèse de la consultation : {}", r.title)),
        Block::Paragraph(vec![Run::plain(format!(
            "Porté par {}. Source : {}",
            r.sponsors.join(", "),
            r.source_url
        ))]),
        Block::Heading(1, "Participation".into()),
        Block::Bullet(vec![Run::plain(format!(
            "{} participants, {} votes",
            r.participation.participants, r.participation.votes
        ))]),
    ];
    for c in &r.participation.contributions_by_kind {
        b.push(Block::Bullet(vec![Run::plain(format!(
            "{} : {}",
            c.key, c.count
        ))]));
    }
    for a in &r.articles {
        b.push(Block::Heading(1, a.label.clone()));
        if let Some(h) = &a.heading {
            b.push(Block::Paragraph(vec![Run::italic(h.clone())]));
        }
        b.push(Block::Paragraph(vec![Run::plain(format!(
            "Votes : d'accord {}, mitigé {}, pas d'accord {}",
            a.votes[0], a.votes[1], a.votes[2]
        ))]));
        b.push(Block::Heading(2, "Texte initial et texte final".into()));
        b.push(Block::Paragraph(runs_of_diff(&a.diff)));
        if let Some(n) = &a.note {
            b.push(Block::Heading(2, "Note de synthèse".into()));
            b.push(Block::Paragraph(vec![Run::plain(n.clone())]));
        }
        for (title, quotes) in [
            ("Arguments pour", &a.strongest_for),
            ("Arguments contre", &a.strongest_against),
        ] {
            if !quotes.is_empty() {
                b.push(Block::Heading(2, title.into()));
                for q in quotes {
                    b.push(Block::Quote(vec![Run::plain(format!(
                        "{} — {}, n° {}",
                        q.text, q.author, q.id
                    ))]));
                }
            }
        }
        if !a.amendments.is_empty() {
            b.push(Block::Heading(2, "Amendements".into()));
            b.push(decided_table(&a.amendments));
        }
    }
    if !r.proposals.is_empty() {
        b.push(Block::Heading(1, "Propositions d'articles".into()));
        b.push(decided_table(&r.proposals));
    }
    b.push(Block::Heading(1, "Modération".into()));
    for m in &r.moderation {
        b.push(Block::Bullet(vec![Run::plain(format!(
            "{} : {} ({})",
            m.action,
            m.count,
            m.reason.as_deref().unwrap_or("—")
        ))]));
    }
    b.push(Block::Heading(1, "Méthode et licence".into()));
    b.push(Block::Paragraph(vec![Run::plain(METHOD)]));
    b.push(Block::Paragraph(vec![Run::plain(format!(
        "Licence des données : {}.",
        r.licence
    ))]));
    super::docx::write(
        out,
        &Document {
            title: format!("Synthèse — {}", r.title),
            language: "fr-FR".into(),
            blocks: b,
        },
    )
}

fn decided_table(items: &[Decided]) -> Block {
    Block::Table {
        header: vec![
            "N°".into(),
            "Proposition".into(),
            "Décision".into(),
            "Justification".into(),
        ],
        rows: items
            .iter()
            .map(|d| {
                vec![
                    vec![Run::plain(d.id.to_string())],
                    // An excerpt: the full text is on the contribution's page.
                    vec![Run::plain(
                        d.proposed_text
                            .as_deref()
                            .map(|t| excerpt(t, 300))
                            .or(d.title.clone())
                            .unwrap_or_else(|| {
                                if d.deletes_article {
                                    "Suppression".into()
                                } else {
                                    String::new()
                                }
                            }),
                    )],
                    vec![Run::bold(decision_label(d.decision.as_deref()))],
                    vec![Run::plain(d.justification.clone().unwrap_or_default())],
                ]
            })
            .collect(),
    }
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
                    decision_label(d.decision.as_deref()),
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

    /// The whole file (a .docx needs to seek, so it is built in memory).
    pub fn write(self, r: &Report, base_url: &str) -> io::Result<Vec<u8>> {
        let mut out = Vec::new();
        match self {
            ReportFormat::Markdown => markdown(r, &mut out)?,
            ReportFormat::Docx => docx(r, io::Cursor::new(&mut out))?,
            ReportFormat::Json => {
                serde_json::to_writer_pretty(&mut out, r).map_err(io::Error::other)?
            }
            ReportFormat::ComparativeCsv => comparative_csv(r, base_url, &mut out)?,
        }
        Ok(out)
    }
}
