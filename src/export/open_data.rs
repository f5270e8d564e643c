//! Open data: contributions, votes and decisions as CSV with a JSON twin,
//! the bill as JSON. Each file is written page by page from the database
//! into any `Write`, so memory stays flat whatever the size.
//!
//! Authors appear as on the bill's pages: citizens under their pseudonym
//! for this bill (or their name if they chose to show it), organisations,
//! sponsors and staff named; pseudonyms of two bills never match. Votes are
//! listed under a voter key that nothing else carries (see
//! `domain::pseudonym`), so nobody's votes are tied to their name or to
//! their contributions. No email address is ever written. Hidden
//! contributions appear as their id and the moderators' reason only.

use std::collections::HashMap;
use std::io::{self, Write};

use chrono::NaiveDateTime;
use serde_json::{Value, json};

use super::dictionary::{self, Field};
use super::stream::io_error;
use crate::domain::contribution::ContributionKind;
use crate::domain::moderation::State;
use crate::domain::pseudonym::{self, Shown};
use crate::domain::{Locale, time};
use crate::store::bills::BillRow;
use crate::store::contributions::{self, ExportRow};
use crate::store::{DbConnection, articles, synthesis, votes};

pub const LICENCE: &str = "Open Database License (ODbL) 1.0";
pub const LICENCE_URL: &str = "https://opendatacommons.org/licenses/odbl/1-0/";
const PAGE: i64 = 1000;

/// What every file says about itself.
pub struct Provenance {
    pub bill: BillRow,
    pub source_url: String,
    /// The state the files describe: publication, or now for a consultation
    /// still running.
    pub generated_at: NaiveDateTime,
}

impl Provenance {
    pub fn new(base_url: &str, bill: BillRow) -> Provenance {
        Provenance {
            source_url: format!("{base_url}/bills/{}", bill.slug),
            generated_at: bill.published_at.unwrap_or_else(time::now),
            bill,
        }
    }

    pub fn header(&self) -> Value {
        json!({
            "licence": LICENCE,
            "licence_url": LICENCE_URL,
            "source": self.source_url,
            "generated_at": time::rfc3339(self.generated_at),
            "bill": self.bill.slug,
            "platform": "codraft",
        })
    }

    /// How a contribution's author appears in open data: as on the pages.
    pub fn author(&self, row_author: i64, a: &contributions::AuthorValues) -> String {
        match contributions::shown(row_author, self.bill.id, a) {
            Shown::Name(name) => name,
            Shown::Pseudonym(code) => format!("Participant {code}"),
            Shown::Deleted => "deleted participant".into(),
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Csv,
    Json,
}

/// Writes rows as CSV, or as `{"…provenance…", "items": [ … ]}`.
struct Table<'w, W: Write> {
    format: Format,
    csv: Option<csv::Writer<&'w mut W>>,
    out: Option<&'w mut W>,
    first: bool,
    columns: &'static [Field],
}

impl<'w, W: Write> Table<'w, W> {
    fn start(
        out: &'w mut W,
        format: Format,
        columns: &'static [Field],
        p: &Provenance,
    ) -> io::Result<Self> {
        match format {
            Format::Csv => {
                let mut csv = csv::Writer::from_writer(out);
                csv.write_record(dictionary::names(columns))
                    .map_err(io_error)?;
                Ok(Table {
                    format,
                    csv: Some(csv),
                    out: None,
                    first: true,
                    columns,
                })
            }
            Format::Json => {
                let mut head = p.header();
                head["columns"] = json!(dictionary::names(columns));
                let head = serde_json::to_string(&head).map_err(io_error)?;
                // The header object, opened to append the items.
                out.write_all(&head.as_bytes()[..head.len() - 1])?;
                out.write_all(b",\"items\":[")?;
                Ok(Table {
                    format,
                    csv: None,
                    out: Some(out),
                    first: true,
                    columns,
                })
            }
        }
    }

    fn row(&mut self, values: &[Value]) -> io::Result<()> {
        match self.format {
            Format::Csv => {
                let cells: Vec<String> = values
                    .iter()
                    .map(|v| match v {
                        Value::Null => String::new(),
                        Value::String(s) => super::csv_cells::text_cell(s).into_owned(),
                        other => other.to_string(),
                    })
                    .collect();
                self.csv
                    .as_mut()
                    .expect("csv table")
                    .write_record(&cells)
                    .map_err(io_error)
            }
            Format::Json => {
                let out = self.out.as_mut().expect("json table");
                if !self.first {
                    out.write_all(b",")?;
                }
                let obj: serde_json::Map<String, Value> = self
                    .columns
                    .iter()
                    .zip(values)
                    .map(|(k, v)| (k.name.to_string(), v.clone()))
                    .collect();
                serde_json::to_writer(&mut **out, &obj).map_err(io_error)?;
                self.first = false;
                Ok(())
            }
        }
    }

    fn finish(self) -> io::Result<()> {
        match self.format {
            Format::Csv => self.csv.expect("csv table").flush(),
            Format::Json => self.out.expect("json table").write_all(b"]}"),
        }
    }
}

pub const CONTRIBUTION_COLUMNS: &[Field] = dictionary::CONTRIBUTIONS;

/// A French label of a code, from the catalogue; empty for no code.
fn fr(prefix: &str, code: Option<&str>) -> Value {
    match code {
        Some(c) => json!(crate::i18n::t(Locale::Fr, &format!("{prefix}{c}"))),
        None => Value::Null,
    }
}

/// A row in the order of `fields`, from its cells by name.
fn by_name(fields: &[Field], cells: Vec<(&str, Value)>) -> Vec<Value> {
    let mut row = vec![Value::Null; fields.len()];
    for (name, value) in cells {
        row[dictionary::index(fields, name)] = value;
    }
    row
}

fn article_labels(conn: &mut DbConnection, bill_id: i64) -> io::Result<HashMap<i64, String>> {
    Ok(articles::list_for_bill(conn, bill_id)
        .map_err(io_error)?
        .into_iter()
        .map(|a| (a.id, a.label))
        .collect())
}

fn contribution_values(
    p: &Provenance,
    labels: &HashMap<i64, String>,
    (row, author, reason): &ExportRow,
) -> Vec<Value> {
    // Its text as the pages show it (PublicView); a hidden one, even once
    // withdrawn, leaves only its id and why it was hidden.
    let text_is_public = row.public_view().text_is_public();
    if row.moderation == Some(State::Hidden) {
        return by_name(
            CONTRIBUTION_COLUMNS,
            vec![
                ("id", json!(row.id)),
                ("moderation", json!("hidden")),
                ("moderation_fr", fr("moderation-state-", Some("hidden"))),
                ("moderation_reason", json!(reason)),
            ],
        );
    }
    let text = |s: Option<&str>| {
        if text_is_public {
            json!(s)
        } else {
            Value::Null
        }
    };
    let label = |id: Option<i64>| json!(id.and_then(|a| labels.get(&a)));
    by_name(
        CONTRIBUTION_COLUMNS,
        vec![
            ("id", json!(row.id)),
            ("kind", json!(row.kind)),
            ("kind_fr", fr("kind-", Some(row.kind.as_str()))),
            ("article_id", json!(row.article_id)),
            ("article", label(row.article_id)),
            ("after_article_id", json!(row.after_article_id)),
            ("after_article", label(row.after_article_id)),
            ("parent_id", json!(row.parent_id)),
            ("stance", json!(row.stance)),
            ("stance_fr", fr("stance-", row.stance.map(|s| s.as_str()))),
            ("title", text(row.title.as_deref())),
            ("body", text(Some(&row.body))),
            ("proposed_text", text(row.proposed_text.as_deref())),
            ("deletes_article", json!(row.deletes_article)),
            ("url", text(row.url.as_deref())),
            ("author", json!(p.author(row.author_id, author))),
            ("created_at", json!(time::rfc3339(row.created_at))),
            ("edited_at", json!(row.edited_at.map(time::rfc3339))),
            ("status", json!(row.status)),
            (
                "status_fr",
                fr("open-data-status-", Some(row.status.as_str())),
            ),
            ("moderation", json!(row.moderation)),
            (
                "moderation_fr",
                fr("moderation-state-", row.moderation.map(|m| m.as_str())),
            ),
            ("moderation_reason", json!(reason)),
            ("votes_agree", json!(row.votes_agree)),
            ("votes_mixed", json!(row.votes_mixed)),
            ("votes_disagree", json!(row.votes_disagree)),
            ("votes_support", json!(row.votes_support)),
        ],
    )
}

pub fn contributions<W: Write>(
    conn: &mut DbConnection,
    p: &Provenance,
    format: Format,
    out: &mut W,
) -> io::Result<()> {
    let labels = article_labels(conn, p.bill.id)?;
    let mut table = Table::start(out, format, CONTRIBUTION_COLUMNS, p)?;
    let mut after = 0;
    loop {
        let page = contributions::export_page(conn, p.bill.id, after, PAGE).map_err(io_error)?;
        let Some(last) = page.last() else { break };
        after = last.0.id;
        for r in &page {
            table.row(&contribution_values(p, &labels, r))?;
        }
    }
    table.finish()
}

pub const VOTE_COLUMNS: &[Field] = dictionary::VOTES;

pub fn votes<W: Write>(
    conn: &mut DbConnection,
    p: &Provenance,
    format: Format,
    out: &mut W,
) -> io::Result<()> {
    let labels = article_labels(conn, p.bill.id)?;
    // The article of each contribution, for votes on contributions.
    let article_of: HashMap<i64, Option<i64>> = contributions::subjects_of_bill(conn, p.bill.id)
        .map_err(io_error)?
        .into_iter()
        .map(|s| (s.id, s.article_id))
        .collect();
    let mut table = Table::start(out, format, VOTE_COLUMNS, p)?;
    let mut after = None;
    loop {
        let page = votes::export_page(conn, p.bill.id, after, PAGE).map_err(io_error)?;
        let Some(last) = page.last() else { break };
        after = Some((last.0, last.1.clone(), last.2));
        for (voter, kind, id, value, at) in &page {
            let article = match kind.as_str() {
                "article" => Some(*id),
                _ => article_of.get(id).copied().flatten(),
            };
            table.row(&by_name(
                VOTE_COLUMNS,
                vec![
                    ("voter", json!(pseudonym::voter_key(p.bill.id, *voter))),
                    ("target_kind", json!(kind)),
                    ("target_kind_fr", fr("open-data-target-", Some(kind))),
                    ("target_id", json!(id)),
                    ("article_id", json!(article)),
                    ("article", json!(article.and_then(|a| labels.get(&a)))),
                    ("value", json!(value)),
                    ("value_fr", fr("vote-", Some(value))),
                    ("at", json!(time::rfc3339(*at))),
                ],
            ))?;
        }
    }
    table.finish()
}

pub const DECISION_COLUMNS: &[Field] = dictionary::DECISIONS;

/// Decisions, once published (the caller checks).
pub fn decisions<W: Write>(
    conn: &mut DbConnection,
    p: &Provenance,
    format: Format,
    out: &mut W,
) -> io::Result<()> {
    let labels = article_labels(conn, p.bill.id)?;
    let subjects: HashMap<i64, contributions::Subject> =
        contributions::subjects_of_bill(conn, p.bill.id)
            .map_err(io_error)?
            .into_iter()
            .map(|s| (s.id, s))
            .collect();
    let mut table = Table::start(out, format, DECISION_COLUMNS, p)?;
    let mut after = 0;
    loop {
        let page = synthesis::decisions_page(conn, p.bill.id, after, PAGE).map_err(io_error)?;
        let Some(last) = page.last() else { break };
        after = last.contribution_id;
        for d in &page {
            let s = subjects.get(&d.contribution_id);
            // A proposal is placed after an article; an amendment targets one.
            let article = s.and_then(|s| s.article_id.or(s.after_article_id));
            let title = s
                .filter(|s| s.text_is_public())
                .and_then(|s| s.title.clone());
            table.row(&by_name(
                DECISION_COLUMNS,
                vec![
                    ("contribution_id", json!(d.contribution_id)),
                    ("kind", json!(s.map(|s| s.kind))),
                    ("kind_fr", fr("kind-", s.map(|s| s.kind.as_str()))),
                    ("title", json!(title)),
                    ("article_id", json!(article)),
                    ("article", json!(article.and_then(|a| labels.get(&a)))),
                    ("decision", json!(d.decision)),
                    ("decision_fr", fr("decision-", Some(d.decision.as_str()))),
                    ("justification", json!(d.justification)),
                    ("wording", json!(d.wording)),
                    ("decided_at", json!(time::rfc3339(d.decided_at))),
                ],
            ))?;
        }
    }
    table.finish()
}

/// The bill: its articles with their text as opened and as final, and its
/// figures.
pub fn bill_json<W: Write>(conn: &mut DbConnection, p: &Provenance, out: &mut W) -> io::Result<()> {
    let b = &p.bill;
    let opened_at = crate::store::bills::opened_at(conn, b.id).map_err(io_error)?;
    let initial: HashMap<i64, String> = articles::initial_versions(conn, b.id, opened_at)
        .map_err(io_error)?
        .into_iter()
        .collect();
    let articles: Vec<Value> = articles::list_for_bill(conn, b.id)
        .map_err(io_error)?
        .into_iter()
        .map(|a| {
            json!({
                "id": a.id,
                "label": a.label,
                "heading": a.heading,
                "initial_text": if a.fate.as_deref() == Some("added") { None } else { initial.get(&a.id) },
                "text": a.body,
                "fate": a.fate,
                "from_proposal": a.origin_id,
                "version": a.version,
                "votes": {"agree": a.votes_agree, "mixed": a.votes_mixed, "disagree": a.votes_disagree},
                "counts": {"arguments": a.arguments_count, "amendments": a.amendments_count, "sources": a.sources_count},
            })
        })
        .collect();
    let mut doc = p.header();
    doc["title"] = json!(b.title);
    doc["summary"] = json!(b.summary);
    doc["status"] = json!(b.status);
    doc["opens_at"] = json!(b.opens_at.map(time::rfc3339));
    doc["closes_at"] = json!(b.closes_at.map(time::rfc3339));
    doc["published_at"] = json!(b.published_at.map(time::rfc3339));
    doc["participation"] = json!({
        "participants": b.participants_count,
        "contributions": b.contributions_count,
        "proposals": b.proposals_count,
        "votes": b.votes_count,
    });
    doc["articles"] = json!(articles);
    serde_json::to_writer_pretty(out, &doc).map_err(io_error)
}

fn akn_meta<'a>(p: &'a Provenance, sponsors: &'a [String]) -> super::akoma_ntoso::AknMeta<'a> {
    super::akoma_ntoso::AknMeta {
        slug: &p.bill.slug,
        title: &p.bill.title,
        sponsors,
        published: p.generated_at,
        source_url: &p.source_url,
        platform: "codraft",
    }
}

/// The article number of a label, as an eId seed ("Article 3 bis" → "3 bis").
fn short_id(label: &str) -> &str {
    label.strip_prefix("Article ").unwrap_or(label)
}

/// The bill's text (final once published) in Akoma Ntoso.
pub fn bill_akn<W: Write>(conn: &mut DbConnection, p: &Provenance, out: &mut W) -> io::Result<()> {
    use super::akoma_ntoso::{AknArticle, write_bill};
    let sponsors = crate::store::bills::sponsor_names(conn, p.bill.id).map_err(io_error)?;
    let list = articles::list_for_bill(conn, p.bill.id).map_err(io_error)?;
    let items: Vec<AknArticle> = list
        .iter()
        .map(|a| AknArticle {
            eid: short_id(&a.label),
            label: &a.label,
            heading: a.heading.as_deref(),
            body: &a.body,
            deleted: a.fate.as_deref() == Some("deleted"),
        })
        .collect();
    write_bill(out, &akn_meta(p, &sponsors), &items)
}

/// Every amendment and proposal with its decision, in Akoma Ntoso (once
/// published; the caller checks). Hidden ones are left out.
pub fn amendments_akn<W: Write>(
    conn: &mut DbConnection,
    p: &Provenance,
    out: &mut W,
) -> io::Result<()> {
    use super::akoma_ntoso::{AknAmendment, write_amendments};
    let sponsors = crate::store::bills::sponsor_names(conn, p.bill.id).map_err(io_error)?;
    let labels = article_labels(conn, p.bill.id)?;
    let decisions: HashMap<i64, synthesis::DecisionRow> =
        synthesis::decisions_of_bill(conn, p.bill.id)
            .map_err(io_error)?
            .into_iter()
            .map(|d| (d.contribution_id, d))
            .collect();
    let mut rows: Vec<ExportRow> = Vec::new();
    let mut after = 0;
    loop {
        let page = contributions::export_page(conn, p.bill.id, after, PAGE).map_err(io_error)?;
        let Some(last) = page.last() else { break };
        after = last.0.id;
        rows.extend(page.into_iter().filter(|(r, _, _)| {
            matches!(
                r.kind,
                ContributionKind::Amendment | ContributionKind::Proposal
            ) && r.text_is_public()
                && decisions.contains_key(&r.id)
        }));
    }
    let authors: Vec<String> = rows
        .iter()
        .map(|(r, a, _)| p.author(r.author_id, a))
        .collect();
    let items = rows.iter().zip(&authors).map(|((r, _, _), author)| {
        let d = &decisions[&r.id];
        let label = r
            .article_id
            .and_then(|a| labels.get(&a))
            .map(String::as_str);
        AknAmendment {
            id: r.id,
            article_label: label,
            article_eid: label.map(short_id),
            author,
            submitted: r.created_at,
            deletes_article: r.deletes_article,
            proposed_text: r.proposed_text.as_deref(),
            rationale: &r.body,
            decision: d.decision.as_str(),
            justification: d.justification.as_deref(),
        }
    });
    write_amendments(out, &akn_meta(p, &sponsors), items)
}

/// The files of a bill's open data.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum File {
    Contributions(Format),
    Votes(Format),
    Decisions(Format),
    Bill,
    BillAkn,
    AmendmentsAkn,
}

impl File {
    pub const ALL: [File; 9] = [
        File::Contributions(Format::Csv),
        File::Contributions(Format::Json),
        File::Votes(Format::Csv),
        File::Votes(Format::Json),
        File::Decisions(Format::Csv),
        File::Decisions(Format::Json),
        File::Bill,
        File::BillAkn,
        File::AmendmentsAkn,
    ];

    pub fn name(self) -> &'static str {
        match self {
            File::Contributions(Format::Csv) => "contributions.csv",
            File::Contributions(Format::Json) => "contributions.json",
            File::Votes(Format::Csv) => "votes.csv",
            File::Votes(Format::Json) => "votes.json",
            File::Decisions(Format::Csv) => "decisions.csv",
            File::Decisions(Format::Json) => "decisions.json",
            File::Bill => "bill.json",
            File::BillAkn => "bill.akn.xml",
            File::AmendmentsAkn => "amendments.akn.xml",
        }
    }

    pub fn parse(name: &str) -> Option<File> {
        File::ALL.into_iter().find(|f| f.name() == name)
    }

    pub fn content_type(self) -> &'static str {
        match self {
            File::Contributions(Format::Csv)
            | File::Votes(Format::Csv)
            | File::Decisions(Format::Csv) => "text/csv; charset=utf-8",
            File::BillAkn | File::AmendmentsAkn => "application/akn+xml; charset=utf-8",
            _ => "application/json",
        }
    }

    /// Decisions are private until the synthesis is published.
    pub fn needs_publication(self) -> bool {
        matches!(self, File::Decisions(_) | File::AmendmentsAkn)
    }

    pub fn write<W: Write>(
        self,
        conn: &mut DbConnection,
        p: &Provenance,
        out: &mut W,
    ) -> io::Result<()> {
        match self {
            File::Contributions(f) => contributions(conn, p, f, out),
            File::Votes(f) => votes(conn, p, f, out),
            File::Decisions(f) => decisions(conn, p, f, out),
            File::Bill => bill_json(conn, p, out),
            File::BillAkn => bill_akn(conn, p, out),
            File::AmendmentsAkn => amendments_akn(conn, p, out),
        }
    }
}
