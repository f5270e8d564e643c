//! The bill's open data described for machines as a Frictionless Data
//! Package: one tabular resource per CSV with its table schema (every
//! column's name, type and description in French and English, from
//! `dictionary`), the licence and the sources. Resource paths are relative,
//! so they resolve to the CSV files beside `datapackage.json`.

use serde_json::{Value, json};

use super::dictionary::{self, Field};
use super::open_data::{File, Format, LICENCE, LICENCE_URL, Provenance};
use crate::domain::time;

/// One table of the package: its file, its columns, what it holds, and its
/// key.
pub struct Resource {
    pub file: File,
    pub fields: &'static [Field],
    pub title_fr: &'static str,
    pub title_en: &'static str,
    pub key: &'static [&'static str],
}

pub const RESOURCES: [Resource; 3] = [
    Resource {
        file: File::Contributions(Format::Csv),
        fields: dictionary::CONTRIBUTIONS,
        title_fr: "Contributions : arguments, amendements, propositions d'articles et sources",
        title_en: "Contributions: arguments, amendments, proposed articles and sources",
        key: &["id"],
    },
    Resource {
        file: File::Votes(Format::Csv),
        fields: dictionary::VOTES,
        title_fr: "Votes sur les articles et les contributions",
        title_en: "Votes on articles and contributions",
        key: &["voter", "target_kind", "target_id"],
    },
    Resource {
        file: File::Decisions(Format::Csv),
        fields: dictionary::DECISIONS,
        title_fr: "Décisions du porteur du texte sur les amendements et propositions",
        title_en: "The sponsor's decisions on amendments and proposals",
        key: &["contribution_id"],
    },
];

fn schema(fields: &[Field], key: &[&str]) -> Value {
    json!({
        "fields": fields.iter().map(|f| json!({
            "name": f.name,
            "type": f.kind,
            "description": format!("{} — {}", f.fr, f.en),
        })).collect::<Vec<_>>(),
        "primaryKey": key,
        "missingValues": [""],
    })
}

/// The package for a bill; `available` says which files may be read now
/// (decisions wait for publication).
pub fn package(p: &Provenance, available: impl Fn(File) -> bool) -> Value {
    let resources: Vec<Value> = RESOURCES
        .iter()
        .filter(|r| available(r.file))
        .map(|r| {
            let name = r.file.name();
            json!({
                "name": name.trim_end_matches(".csv"),
                "path": name,
                "profile": "tabular-data-resource",
                "title": r.title_fr,
                "description": format!("{} — {}", r.title_fr, r.title_en),
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "schema": schema(r.fields, r.key),
            })
        })
        .collect();
    json!({
        "profile": "tabular-data-package",
        "name": format!("codraft-{}", p.bill.slug.to_lowercase()),
        "title": p.bill.title,
        "description": format!(
            "Données ouvertes de la consultation « {} » — Open data of the consultation \"{}\"",
            p.bill.title, p.bill.title
        ),
        "homepage": format!("{}/open-data", p.source_url),
        "created": time::rfc3339(p.generated_at),
        "licenses": [{"name": "ODbL-1.0", "path": LICENCE_URL, "title": LICENCE}],
        "sources": [{"title": "codraft", "path": p.source_url}],
        "resources": resources,
    })
}
