//! The 2015 "Projet de loi pour une République numérique" consultation
//! export (`bill-articles.json`): a list of articles with their section,
//! heading, title ("Article 1 - Open data par défaut (…)"), HTML body and
//! appendices (the explanation of each article).

use serde_json::Value;

use super::{
    Draft, Format, ImportProblem, ImportedArticle, ImportedBill, ImportedSection, SectionKind,
    collapse_whitespace, decode_utf8, finish, html, normalise_label,
};

pub const REPUBLIQUE_NUMERIQUE_TITLE: &str = "Projet de loi pour une République numérique";

/// Parses the consultation export. The bill's summary is made of the
/// explanation appended to each article ("Explication de l'article"), under
/// a heading per article, since the export has no exposé des motifs of its
/// own.
pub fn parse_republique_numerique(bytes: &[u8]) -> Result<ImportedBill, Vec<ImportProblem>> {
    let source = decode_utf8(bytes)?;
    let root: Value = serde_json::from_str(source).map_err(|e| {
        vec![ImportProblem::new(
            format!("line {}, column {}", e.line(), e.column()),
            "import-json-syntax",
            vec![("detail", e.to_string())],
        )]
    })?;
    let Some(items) = root.as_array() else {
        return Err(vec![shape("$", "array")]);
    };
    let mut problems = Vec::new();
    let mut sections: Vec<ImportedSection> = Vec::new();
    let mut section_keys: Vec<(String, String)> = Vec::new();
    let mut articles = Vec::new();
    let mut locations = Vec::new();
    let mut explanations = Vec::new();

    for (i, item) in items.iter().enumerate() {
        let path = format!("[{i}]");
        let Some(object) = item.as_object() else {
            problems.push(shape(&path, "object"));
            continue;
        };
        let field = |name: &str, problems: &mut Vec<ImportProblem>| match object.get(name) {
            Some(Value::String(s)) => Some(s.clone()),
            None | Some(Value::Null) => None,
            Some(_) => {
                problems.push(shape(&format!("{path}.{name}"), "string"));
                None
            }
        };
        let Some(title) = field("title", &mut problems) else {
            problems.push(shape(&format!("{path}.title"), "string"));
            continue;
        };
        let body_html = field("body_html", &mut problems).unwrap_or_default();
        let section_label = field("section", &mut problems).map(|s| collapse_whitespace(&s));
        let section_heading = field("heading", &mut problems).map(|s| collapse_whitespace(&s));

        let (raw_label, heading) = match title.split_once(" - ") {
            Some((label, heading)) => (label.trim(), Some(collapse_whitespace(heading))),
            None => (title.trim(), None),
        };
        let Some(label) = normalise_label(raw_label) else {
            problems.push(ImportProblem::new(
                format!("{path}.title"),
                "import-bad-label",
                vec![("label", raw_label.to_string())],
            ));
            continue;
        };

        let section = match (section_label, section_heading) {
            (None, None) => None,
            (label, heading) => {
                let key = (label.unwrap_or_default(), heading.unwrap_or_default());
                let index = match section_keys.iter().position(|k| *k == key) {
                    Some(index) => index,
                    None => {
                        sections.push(ImportedSection {
                            kind: SectionKind::Section,
                            label: key.0.clone(),
                            heading: key.1.clone(),
                            level: 1,
                        });
                        section_keys.push(key);
                        sections.len() - 1
                    }
                };
                Some(index)
            }
        };

        let mut own = Vec::new();
        if let Some(Value::Array(appendices)) = object.get("appendices") {
            for appendix in appendices {
                if let Some(body) = appendix.get("body").and_then(Value::as_str) {
                    let text = html::to_markdown(body);
                    if !text.is_empty() {
                        let title = match &heading {
                            Some(heading) => format!("{label} – {heading}"),
                            None => label.clone(),
                        };
                        explanations.push(format!("### {title}\n\n{text}"));
                        own.push(text);
                    }
                }
            }
        }

        articles.push(ImportedArticle {
            label,
            heading: heading.filter(|h| !h.is_empty()),
            body: html::to_markdown(&body_html),
            section,
            explanation: Some(own.join("\n\n")).filter(|e| !e.is_empty()),
        });
        locations.push(path);
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    finish(Draft {
        bill: ImportedBill {
            format: Format::FabriqueJson,
            title: Some(REPUBLIQUE_NUMERIQUE_TITLE.to_string()),
            summary: explanations.join("\n\n"),
            sections,
            articles,
            source: None,
            warnings: Vec::new(),
        },
        article_locations: locations,
        root_location: "$".to_string(),
    })
}

fn shape(path: &str, expected: &str) -> ImportProblem {
    ImportProblem::new(
        path,
        "import-json-shape",
        vec![("expected", expected.to_string())],
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn data() -> Vec<u8> {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../shared/data/consultations/republique-numerique-2015/bill-articles.json"
        );
        std::fs::read(path).unwrap_or_else(|e| panic!("{path}: {e}"))
    }

    #[test]
    fn imports_the_thirty_articles() {
        let bill = parse_republique_numerique(&data()).unwrap();
        assert_eq!(bill.title.as_deref(), Some(REPUBLIQUE_NUMERIQUE_TITLE));
        assert_eq!(bill.articles.len(), 30);
        let labels: Vec<_> = bill.articles.iter().map(|a| a.label.clone()).collect();
        let expected: Vec<_> = (1..=30).map(|n| format!("Article {n}")).collect();
        assert_eq!(labels, expected);

        let first = &bill.articles[0];
        assert_eq!(
            first.heading.as_deref(),
            Some(
                "Open data par défaut (obligation de diffuser en ligne les principaux documents \
                 et données des organismes publics)"
            )
        );
        let paragraphs: Vec<_> = first.body.split("\n\n").collect();
        assert_eq!(
            paragraphs[0],
            "I. Les deuxième, troisième et quatrième alinéas de l’article 7 de la loi n° 78-753 \
             du 17 juillet 1978 sont remplacés par les dispositions suivantes :"
        );
        assert_eq!(
            paragraphs[2],
            "1° les documents qu’elles communiquent en application des procédures prévues par \
             le présent titre, ainsi que leurs mises à jour ;"
        );
        assert_eq!(
            paragraphs[8],
            "« Un décret en Conseil d’Etat pris après avis de la commission mentionnée au \
             chapitre III définit les modalités d’application du présent article. »"
        );
        assert!(!bill.articles.iter().any(|a| a.body.contains('&')
            && a.body.contains(';')
            && (a.body.contains("&eacute;") || a.body.contains("&nbsp;"))));
        assert!(!bill.articles.iter().any(|a| a.body.contains('<')));

        // Sections: distinct (section, heading) pairs, in order.
        assert_eq!(bill.sections[0].label, "Section 1");
        assert_eq!(bill.sections[0].heading, "Ouverture des données publiques");
        assert_eq!(bill.sections[3].heading, "Les Communs");
        assert_eq!(bill.articles[7].section, Some(3));
        assert_eq!(bill.sections.len(), 18);

        assert!(
            bill.summary
                .starts_with("### Article 1 – Open data par défaut")
        );
        assert!(bill.summary.contains(
            "**Objectif :** créer un droit à réutiliser librement les informations publiques"
        ));
        // Each article keeps its own explanation too.
        let first = bill.articles[0].explanation.as_deref().unwrap_or("");
        assert!(
            first.starts_with("**Objectif :** élargir massivement"),
            "{first}"
        );
        assert!(!first.contains("###"));
        assert!(bill.articles.iter().all(|a| a.explanation.is_some()));
    }

    #[test]
    fn reports_bad_titles() {
        let json = r#"[{"title": "Article 1 - Un", "body_html": "<p>Texte</p>"},
                       {"title": "Préambule - Deux", "body_html": "<p>Texte</p>"}]"#;
        let problems = parse_republique_numerique(json.as_bytes()).unwrap_err();
        assert_eq!(
            problems,
            vec![ImportProblem::new(
                "[1].title",
                "import-bad-label",
                vec![("label", "Préambule".into())]
            )]
        );
    }
}
