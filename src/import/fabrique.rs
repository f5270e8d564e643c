//! La Fabrique de la Loi `texte.json`: one step of a bill, article by article
//! and alinéa by alinéa.
//!
//! ```json
//! { "titre": "…", "expose": "…", "source": "http://…",
//!   "sections": [{ "id": "T1C2", "titre": "Chapitre II", "titre_long": "…" }],
//!   "articles": [{ "titre": "1er", "newtitre": "2", "statut": "none",
//!                  "section": "T1C2", "order": 1, "alineas": { "001": "…" } }] }
//! ```
//!
//! Deleted articles (`statut` "supprimé", "supprimés") are left out. When an
//! article was renumbered in that step (`newtitre`, as in a final reading),
//! the new number is its label.

use serde_json::Value;

use super::{
    Draft, Format, ImportProblem, ImportedArticle, ImportedBill, ImportedSection, NumberStyle,
    SectionKind, html, normalise_label, parse_number, text,
};

pub(crate) fn parse(source: &str) -> Result<Draft, Vec<ImportProblem>> {
    let root: Value = serde_json::from_str(source).map_err(|e| {
        vec![ImportProblem::new(
            format!("line {}, column {}", e.line(), e.column()),
            "import-json-syntax",
            vec![("detail", e.to_string())],
        )]
    })?;
    let Some(object) = root.as_object() else {
        return Err(vec![shape("$", "object")]);
    };
    let mut problems = Vec::new();

    let title = optional_string(object.get("titre"), "titre", &mut problems);
    let source = optional_string(object.get("source"), "source", &mut problems);
    let expose = optional_string(object.get("expose"), "expose", &mut problems).unwrap_or_default();

    let (sections, section_ids) = match object.get("sections") {
        None | Some(Value::Null) => (Vec::new(), Vec::new()),
        Some(Value::Array(items)) => read_sections(items, &mut problems),
        Some(_) => {
            problems.push(shape("sections", "array"));
            (Vec::new(), Vec::new())
        }
    };

    let items = match object.get("articles") {
        Some(Value::Array(items)) => items.as_slice(),
        Some(_) => {
            problems.push(shape("articles", "array"));
            &[]
        }
        None => {
            problems.push(shape("articles", "array"));
            &[]
        }
    };

    // (order, position, article, location)
    let mut read: Vec<(f64, usize, ImportedArticle, String)> = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let path = format!("articles[{i}]");
        let Some(article) = item.as_object() else {
            problems.push(shape(&path, "object"));
            continue;
        };
        if let Some(kind) = article.get("type").and_then(Value::as_str)
            && kind != "article"
        {
            continue;
        }
        let statut = article.get("statut").and_then(Value::as_str).unwrap_or("");
        if statut.to_lowercase().starts_with("suppr") {
            continue;
        }
        let titre_key = match article.get("newtitre") {
            Some(Value::String(s)) if !s.trim().is_empty() => "newtitre",
            _ => "titre",
        };
        let label = match article.get(titre_key) {
            Some(Value::String(raw)) => match normalise_label(raw) {
                Some(label) => Some(label),
                None => {
                    problems.push(ImportProblem::new(
                        format!("{path}.{titre_key}"),
                        "import-bad-label",
                        vec![("label", raw.clone())],
                    ));
                    None
                }
            },
            Some(Value::Number(n)) => normalise_label(&n.to_string()),
            _ => {
                problems.push(shape(&format!("{path}.titre"), "string"));
                None
            }
        };
        let body = match article.get("alineas") {
            Some(Value::Object(alineas)) => {
                let mut keyed: Vec<(&String, &Value)> = alineas.iter().collect();
                keyed.sort_by(|a, b| alinea_key(a.0).cmp(&alinea_key(b.0)));
                let mut paragraphs = Vec::new();
                for (key, value) in keyed {
                    match value {
                        Value::String(s) => {
                            let s = s.trim();
                            if !s.is_empty() {
                                paragraphs.push(s.to_string());
                            }
                        }
                        Value::Null => {}
                        _ => problems.push(shape(&format!("{path}.alineas.{key}"), "string")),
                    }
                }
                Some(paragraphs.join("\n\n"))
            }
            Some(Value::Array(alineas)) => {
                let mut paragraphs = Vec::new();
                for (j, value) in alineas.iter().enumerate() {
                    match value {
                        Value::String(s) if !s.trim().is_empty() => {
                            paragraphs.push(s.trim().to_string())
                        }
                        Value::String(_) | Value::Null => {}
                        _ => problems.push(shape(&format!("{path}.alineas[{j}]"), "string")),
                    }
                }
                Some(paragraphs.join("\n\n"))
            }
            None | Some(Value::Null) => Some(String::new()),
            Some(_) => {
                problems.push(shape(&format!("{path}.alineas"), "object"));
                None
            }
        };
        let section = match article.get("section") {
            Some(Value::String(id)) => section_ids.iter().position(|s| s == id),
            _ => None,
        };
        let order = article
            .get("order")
            .and_then(Value::as_f64)
            .unwrap_or(i as f64);
        if let (Some(label), Some(body)) = (label, body) {
            let heading = article
                .get("titre_long")
                .and_then(Value::as_str)
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_string);
            read.push((
                order,
                i,
                ImportedArticle {
                    label,
                    heading,
                    body,
                    section,
                    explanation: None,
                },
                path,
            ));
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    read.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
    let article_locations = read.iter().map(|r| r.3.clone()).collect();
    let articles = read.into_iter().map(|r| r.2).collect();

    Ok(Draft {
        bill: ImportedBill {
            format: Format::FabriqueJson,
            title: title
                .map(|t| super::collapse_whitespace(&t))
                .filter(|t| !t.is_empty()),
            summary: expose_to_markdown(&expose),
            sections,
            articles,
            source: source.filter(|s| !s.trim().is_empty()),
            warnings: Vec::new(),
        },
        article_locations,
        root_location: "articles".to_string(),
    })
}

fn shape(path: &str, expected: &str) -> ImportProblem {
    ImportProblem::new(
        path,
        "import-json-shape",
        vec![("expected", expected.to_string())],
    )
}

fn optional_string(
    value: Option<&Value>,
    path: &str,
    problems: &mut Vec<ImportProblem>,
) -> Option<String> {
    match value {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) => Some(s.clone()),
        Some(_) => {
            problems.push(shape(path, "string"));
            None
        }
    }
}

/// Sort key for "001", "002", … (numeric when possible).
fn alinea_key(key: &str) -> (u64, &str) {
    (key.parse().unwrap_or(u64::MAX), key)
}

/// The exposé may be HTML or plain text.
fn expose_to_markdown(expose: &str) -> String {
    let trimmed = expose.trim();
    if trimmed.contains('<') && trimmed.contains('>') {
        html::to_markdown(trimmed)
    } else {
        trimmed
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .collect::<Vec<_>>()
            .join("\n\n")
    }
}

/// Reads the `sections` list; also returns each section's id for the
/// articles' `section` references.
fn read_sections(
    items: &[Value],
    problems: &mut Vec<ImportProblem>,
) -> (Vec<ImportedSection>, Vec<String>) {
    let mut sections = Vec::new();
    let mut ids = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let path = format!("sections[{i}]");
        let Some(section) = item.as_object() else {
            problems.push(shape(&path, "object"));
            continue;
        };
        if section
            .get("statut")
            .and_then(Value::as_str)
            .is_some_and(|s| s.to_lowercase().starts_with("suppr"))
        {
            continue;
        }
        let id = section
            .get("id")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string();
        let titre = section
            .get("newtitre")
            .or_else(|| section.get("titre"))
            .and_then(Value::as_str)
            .unwrap_or_default()
            .trim();
        let heading = section
            .get("titre_long")
            .or_else(|| section.get("heading"))
            .and_then(Value::as_str)
            .map(super::collapse_whitespace)
            .unwrap_or_default();
        let segments = id_segments(&id);
        let kind_from_id = segments.last().and_then(|s| kind_from_code(s));
        let (kind, label, inline_heading) = match text::parse_heading(titre) {
            Some(text::Heading::Structure {
                kind,
                label,
                heading,
            }) => (kind, label, heading),
            _ => {
                let Some(kind) = kind_from_id.or_else(|| {
                    section
                        .get("type_section")
                        .and_then(Value::as_str)
                        .and_then(kind_from_word)
                }) else {
                    problems.push(ImportProblem::new(
                        format!("{path}.titre"),
                        "import-bad-section",
                        vec![("label", titre.to_string())],
                    ));
                    continue;
                };
                let label = label_for(kind, titre);
                (kind, label, None)
            }
        };
        let level = if segments.is_empty() {
            kind.rank()
        } else {
            segments.len().min(u8::MAX as usize) as u8
        };
        let heading = if heading.is_empty() {
            inline_heading.unwrap_or_default()
        } else {
            heading
        };
        sections.push(ImportedSection {
            kind,
            label,
            heading,
            level,
        });
        ids.push(id);
    }
    (sections, ids)
}

/// "T1C2S1SS3" -> ["T1", "C2", "S1", "SS3"].
fn id_segments(id: &str) -> Vec<&str> {
    let mut segments = Vec::new();
    let mut start = 0;
    let mut previous_digit = false;
    for (i, c) in id.char_indices() {
        if c.is_ascii_alphabetic() && previous_digit {
            segments.push(&id[start..i]);
            start = i;
        }
        previous_digit = c.is_ascii_digit();
    }
    if start < id.len() {
        segments.push(&id[start..]);
    }
    segments
}

fn kind_from_code(segment: &str) -> Option<SectionKind> {
    let letters: String = segment
        .chars()
        .take_while(char::is_ascii_alphabetic)
        .collect();
    match letters.to_ascii_uppercase().as_str() {
        "L" | "P" => Some(SectionKind::Part),
        "T" => Some(SectionKind::Titre),
        "C" => Some(SectionKind::Chapitre),
        "S" => Some(SectionKind::Section),
        "SS" => Some(SectionKind::SousSection),
        _ => None,
    }
}

fn kind_from_word(word: &str) -> Option<SectionKind> {
    match word.to_lowercase().as_str() {
        "livre" | "partie" | "part" => Some(SectionKind::Part),
        "titre" => Some(SectionKind::Titre),
        "chapitre" => Some(SectionKind::Chapitre),
        "section" => Some(SectionKind::Section),
        "sous-section" | "soussection" | "sous_section" => Some(SectionKind::SousSection),
        _ => None,
    }
}

/// A label from a bare number ("Ier" -> "TITRE Ier").
fn label_for(kind: SectionKind, titre: &str) -> String {
    let (word, style) = match kind {
        SectionKind::Part => ("PARTIE", NumberStyle::Roman),
        SectionKind::Titre => ("TITRE", NumberStyle::Roman),
        SectionKind::Chapitre => ("CHAPITRE", NumberStyle::Roman),
        SectionKind::Section => ("Section", NumberStyle::Arabic),
        SectionKind::SousSection => ("Sous-section", NumberStyle::Arabic),
    };
    match parse_number(titre, style) {
        Some((number, rest)) if rest.trim().is_empty() => format!("{word} {number}"),
        _ if titre.is_empty() => word.to_string(),
        _ => titre.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use crate::import::{Format, ImportProblem, SectionKind, parse};

    fn step(dir: &str) -> Vec<u8> {
        let path = format!(
            "{}/../shared/data/bills/ppl11-290/procedure/{dir}/texte/texte.json",
            env!("CARGO_MANIFEST_DIR")
        );
        std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
    }

    #[test]
    fn imports_the_deposited_bill() {
        let bill = parse(
            Format::FabriqueJson,
            &step("00_1erelecture_assemblee_depot"),
        )
        .unwrap();
        assert_eq!(bill.format, Format::FabriqueJson);
        let labels: Vec<_> = bill.articles.iter().map(|a| a.label.as_str()).collect();
        assert_eq!(
            labels,
            ["Article 1er", "Article 2", "Article 3", "Article 4"]
        );
        assert_eq!(
            bill.articles[0].body,
            "La présente loi est applicable aux entreprises, établissements ou parties \
             d'établissement qui concourent directement à l'activité de transport aérien de \
             passagers."
        );
        let article_2: Vec<_> = bill.articles[1].body.split("\n\n").collect();
        assert_eq!(article_2.len(), 9);
        assert_eq!(article_2[1], "II. - L'accord-cadre détermine notamment :");
        assert_eq!(
            article_2[3],
            "2° Le délai dans lequel, à compter de cette notification, l'employeur est tenu de \
             réunir les organisations syndicales représentatives qui ont procédé à la \
             notification. Ce délai ne peut dépasser trois jours ;"
        );
        let article_3: Vec<_> = bill.articles[2].body.split("\n\n").collect();
        assert_eq!(article_3.len(), 3);
        assert_eq!(
            article_3[2],
            "Est passible d'une sanction disciplinaire le salarié qui n'a pas informé son \
             employeur de son intention de participer à la grève dans les conditions prévues au \
             présent article."
        );
        assert!(
            bill.title
                .as_deref()
                .unwrap()
                .starts_with("N° 3991 - Proposition de loi")
        );
        assert_eq!(
            bill.source.as_deref(),
            Some("http://www.assemblee-nationale.fr/13/propositions/pion3991.asp")
        );
        assert_eq!(bill.summary, "");
        assert!(bill.sections.is_empty());
        assert!(
            bill.articles
                .iter()
                .all(|a| a.section.is_none() && a.heading.is_none())
        );
    }

    #[test]
    fn imports_later_steps_with_inserted_and_deleted_articles() {
        let bill = parse(
            Format::FabriqueJson,
            &step("02_1erelecture_assemblee_hemicycle"),
        )
        .unwrap();
        let labels: Vec<_> = bill.articles.iter().map(|a| a.label.as_str()).collect();
        assert_eq!(
            labels,
            [
                "Article 2 A",
                "Article 2",
                "Article 2 bis",
                "Article 2 ter",
                "Article 2 quater"
            ]
        );
        assert!(bill.articles[1].body.starts_with(
            "Le titre Ier du livre Ier de la première partie du code des transports est \
             complété par un chapitre IV ainsi rédigé :\n\n\"Chapitre IV"
        ));

        // Articles 1er, 3 and 4 were deleted in committee: only article 2 is left.
        let bill = parse(
            Format::FabriqueJson,
            &step("01_1erelecture_assemblee_commission"),
        )
        .unwrap();
        let labels: Vec<_> = bill.articles.iter().map(|a| a.label.as_str()).collect();
        assert_eq!(labels, ["Article 2"]);

        // The final reading renumbers the articles ("newtitre").
        let bill = parse(
            Format::FabriqueJson,
            &step("14_l.définitive_assemblee_hemicycle"),
        )
        .unwrap();
        let labels: Vec<_> = bill.articles.iter().map(|a| a.label.as_str()).collect();
        assert_eq!(
            labels,
            [
                "Article 1er",
                "Article 2",
                "Article 3",
                "Article 4",
                "Article 5"
            ]
        );
    }

    #[test]
    fn a_step_without_text_is_reported() {
        // The Senate committee adopted no text: only an exposé.
        let problems = parse(
            Format::FabriqueJson,
            &step("04_1erelecture_senat_commission"),
        )
        .unwrap_err();
        assert_eq!(
            problems,
            vec![ImportProblem::new(
                "articles",
                "import-no-articles",
                vec![("format", "fabrique_json".into())]
            )]
        );
    }

    #[test]
    fn maps_sections() {
        let json = r#"{
            "titre": "Projet de loi",
            "expose": "<p>Premier&nbsp;paragraphe.</p><p>Second.</p>",
            "sections": [
                {"type": "section", "id": "T1", "titre": "Titre Ier", "titre_long": "Dispositions générales"},
                {"type": "section", "id": "T1C1", "titre": "Chapitre Ier", "titre_long": "Champ"},
                {"type": "section", "id": "T1C1S2", "titre": "2", "titre_long": "Détails"}
            ],
            "articles": [
                {"type": "article", "titre": "1er", "section": "T1C1", "order": 1, "alineas": {"002": "B", "001": "A", "010": "C"}},
                {"type": "article", "titre": "2", "section": "T1C1S2", "order": 2, "alineas": {"001": "D"}},
                {"type": "article", "titre": "3", "statut": "supprimé", "order": 3, "alineas": {}}
            ]
        }"#;
        let bill = parse(Format::FabriqueJson, json.as_bytes()).unwrap();
        assert_eq!(bill.summary, "Premier paragraphe.\n\nSecond.");
        let sections: Vec<_> = bill
            .sections
            .iter()
            .map(|s| (s.kind, s.label.as_str(), s.heading.as_str(), s.level))
            .collect();
        assert_eq!(
            sections,
            [
                (SectionKind::Titre, "TITRE Ier", "Dispositions générales", 1),
                (SectionKind::Chapitre, "CHAPITRE Ier", "Champ", 2),
                (SectionKind::Section, "Section 2", "Détails", 3),
            ]
        );
        assert_eq!(bill.articles.len(), 2);
        assert_eq!(bill.articles[0].body, "A\n\nB\n\nC");
        assert_eq!(bill.articles[0].section, Some(1));
        assert_eq!(bill.articles[1].section, Some(2));
    }

    #[test]
    fn json_syntax_and_shape_errors() {
        let problems = parse(
            Format::FabriqueJson,
            b"{\n  \"titre\": \"x\",\n  \"articles\": [\n}",
        )
        .unwrap_err();
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].message, "import-json-syntax");
        assert_eq!(problems[0].location, "line 4, column 1");

        let problems = parse(Format::FabriqueJson, b"[1, 2]").unwrap_err();
        assert_eq!(problems[0].location, "$");
        assert_eq!(problems[0].message, "import-json-shape");

        let problems =
            parse(Format::FabriqueJson, br#"{"articles": [{"titre": "1er", "alineas": 3}, {"titre": "Chapitre", "alineas": {}}]}"#)
                .unwrap_err();
        assert_eq!(
            problems,
            vec![
                ImportProblem::new(
                    "articles[0].alineas",
                    "import-json-shape",
                    vec![("expected", "object".into())]
                ),
                ImportProblem::new(
                    "articles[1].titre",
                    "import-bad-label",
                    vec![("label", "Chapitre".into())]
                ),
            ]
        );

        let problems = parse(Format::FabriqueJson, br#"{"titre": "x"}"#).unwrap_err();
        assert_eq!(
            problems,
            vec![ImportProblem::new(
                "articles",
                "import-json-shape",
                vec![("expected", "array".into())]
            )]
        );
    }
}
