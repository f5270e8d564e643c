//! Akoma Ntoso 3.0 bills (the OASIS namespace and its earlier drafts alike:
//! elements are matched on their local names).
//!
//! The document must be a `bill` or an `act`, directly under `akomaNtoso` or
//! as a component of a `documentCollection`. Hierarchy elements of its body
//! (`part`, `title`, `chapter`, `section`, `subsection`, …) become sections;
//! `article` elements become articles, except those quoted inside a
//! `quotedStructure` or `mod`, which are text of the enclosing article.

use roxmltree::{Document, Node, ParsingOptions};

use super::{
    Draft, Format, ImportProblem, ImportedArticle, ImportedBill, ImportedSection, SectionKind,
    collapse_whitespace, normalise_label,
};

const ROOT: &str = "akomaNtoso";

/// Document types that are not bills.
const DOCUMENT_TYPES: &[&str] = &[
    "bill",
    "act",
    "debate",
    "debateReport",
    "judgment",
    "amendment",
    "amendmentList",
    "officialGazette",
    "documentCollection",
    "doc",
    "statement",
    "portion",
];

/// Inline elements: their text continues the current paragraph.
const INLINE: &[&str] = &[
    "a",
    "abbr",
    "affectedDocument",
    "b",
    "change",
    "concept",
    "courtType",
    "date",
    "decoration",
    "def",
    "del",
    "docAuthority",
    "docCommittee",
    "docDate",
    "docIntroducer",
    "docJurisdiction",
    "docNumber",
    "docProponent",
    "docPurpose",
    "docStage",
    "docStatus",
    "docTitle",
    "docType",
    "entity",
    "event",
    "extractText",
    "fillIn",
    "i",
    "inline",
    "ins",
    "judge",
    "lawyer",
    "legislature",
    "location",
    "mod",
    "mmod",
    "mref",
    "neutralCitation",
    "object",
    "omissis",
    "organization",
    "party",
    "person",
    "placeholder",
    "process",
    "quantity",
    "quotedText",
    "recordedTime",
    "ref",
    "relatedDocument",
    "role",
    "rref",
    "session",
    "shortTitle",
    "signature",
    "span",
    "sub",
    "sup",
    "term",
    "time",
    "u",
    "vote",
];

/// Elements whose content is not bill text.
const SKIPPED: &[&str] = &[
    "authorialNote",
    "meta",
    "noteRef",
    "marker",
    "img",
    "componentRef",
];

/// Containers whose `num` starts a numbered unit ("1.", "a)").
const NUMBERED: &[&str] = &[
    "paragraph",
    "subparagraph",
    "point",
    "item",
    "indent",
    "alinea",
    "list",
    "clause",
    "subclause",
    "rule",
    "subrule",
    "division",
    "article",
    "section",
    "subsection",
    "chapter",
    "title",
    "part",
    "hcontainer",
    "level",
    "tblock",
    "recital",
    "citation",
];

/// How deeply elements may nest, the root element being level 1. Real
/// Akoma Ntoso bills nest fewer than 15 levels (akomaNtoso, bill, body,
/// part, title, chapter, section, article, paragraph, list, point, content,
/// p, inline markup); 100 leaves ample room for any real text while keeping
/// the recursive walks below well within a thread's stack.
pub const MAX_DEPTH: usize = super::MAX_NESTING_DEPTH;

/// Most nodes a document may hold (elements, texts, attributes counted by
/// the parser): far beyond any bill, and an error, not a panic, past it.
const MAX_NODES: u32 = 2_000_000;

pub(crate) fn parse(source: &str) -> Result<Draft, Vec<ImportProblem>> {
    let options = ParsingOptions {
        allow_dtd: false,
        nodes_limit: MAX_NODES,
        ..ParsingOptions::default()
    };
    let document = Document::parse_with_options(source, options).map_err(|e| {
        let pos = e.pos();
        vec![ImportProblem::new(
            format!("line {}, column {}", pos.row, pos.col),
            "import-xml-syntax",
            vec![("detail", e.to_string())],
        )]
    })?;
    check_depth(&document)?;
    let root = document.root_element();
    let root_name = root.tag_name().name();
    if root_name != ROOT {
        return Err(vec![ImportProblem::new(
            format!("/{root_name}"),
            "import-wrong-root",
            vec![
                ("found", root_name.to_string()),
                ("expected", ROOT.to_string()),
            ],
        )]);
    }
    let Some(document_node) = root
        .children()
        .find(|n| n.is_element() && DOCUMENT_TYPES.contains(&n.tag_name().name()))
        .or_else(|| root.first_element_child())
    else {
        return Err(vec![ImportProblem::new(
            format!("/{ROOT}"),
            "import-not-a-bill",
            vec![("found", String::new())],
        )]);
    };
    let bill = match document_node.tag_name().name() {
        "bill" | "act" => document_node,
        "documentCollection" => match find_bill_in_collection(root) {
            Some(bill) => bill,
            None => return Err(not_a_bill(document_node)),
        },
        _ => return Err(not_a_bill(document_node)),
    };

    let body = children_named(bill, &["body", "mainBody"]).next();
    let Some(body) = body else {
        return Err(vec![ImportProblem::new(
            path_of(bill),
            "import-no-articles",
            vec![("format", Format::AkomaNtoso.as_str().to_string())],
        )]);
    };

    let mut walker = Walker::default();
    walker.walk_hierarchy(body, 0, None);

    if !walker.problems.is_empty() {
        return Err(walker.problems);
    }
    let summary = summary_of(bill, document_node);
    Ok(Draft {
        bill: ImportedBill {
            format: Format::AkomaNtoso,
            // In a collection, the collection's title is the specific one
            // (the bill component's is often generic: "PROYECTO DE LEY").
            title: (document_node != bill)
                .then(|| title_of(document_node))
                .flatten()
                .or_else(|| title_of(bill)),
            summary,
            sections: walker.sections,
            articles: walker.articles,
            source: frbr_value(bill, "FRBRuri").or_else(|| frbr_value(document_node, "FRBRuri")),
            warnings: Vec::new(),
        },
        article_locations: walker.locations,
        root_location: path_of(body),
    })
}

/// Refuses a document whose elements nest deeper than [`MAX_DEPTH`], before
/// any recursive walk: one pass over the document, no recursion.
fn check_depth(document: &Document) -> Result<(), Vec<ImportProblem>> {
    // An explicit stack of (element, its level): each element is visited once.
    let mut stack = vec![(document.root_element(), 1usize)];
    while let Some((node, depth)) = stack.pop() {
        if depth > MAX_DEPTH {
            return Err(vec![too_deep(node)]);
        }
        stack.extend(
            node.children()
                .filter(Node::is_element)
                .map(|child| (child, depth + 1)),
        );
    }
    Ok(())
}

fn too_deep(node: Node) -> ImportProblem {
    let mut names: Vec<&str> = node
        .ancestors()
        .filter(Node::is_element)
        .map(|n| n.tag_name().name())
        .collect();
    names.reverse();
    ImportProblem::new(
        super::abbreviated_path(&names),
        "import-too-deep",
        vec![("limit", MAX_DEPTH.to_string())],
    )
}

fn not_a_bill(node: Node) -> Vec<ImportProblem> {
    vec![ImportProblem::new(
        path_of(node),
        "import-not-a-bill",
        vec![("found", node.tag_name().name().to_string())],
    )]
}

/// A `bill` (else an `act`) among the components of a collection.
fn find_bill_in_collection<'a, 'input>(root: Node<'a, 'input>) -> Option<Node<'a, 'input>> {
    let candidates = || {
        root.descendants().filter(|n| {
            n.is_element()
                && !n
                    .ancestors()
                    .any(|a| matches!(a.tag_name().name(), "quotedStructure" | "mod" | "meta"))
        })
    };
    candidates()
        .find(|n| n.tag_name().name() == "bill")
        .or_else(|| candidates().find(|n| n.tag_name().name() == "act"))
}

fn children_named<'a, 'input: 'a>(
    node: Node<'a, 'input>,
    names: &'a [&'a str],
) -> impl Iterator<Item = Node<'a, 'input>> + 'a {
    node.children()
        .filter(move |n| n.is_element() && names.contains(&n.tag_name().name()))
}

/// "/akomaNtoso/bill/body/article[3]": local names, with a 1-based index
/// when the element has siblings of the same name.
fn path_of(node: Node) -> String {
    let mut parts = Vec::new();
    let mut current = Some(node);
    while let Some(n) = current {
        if !n.is_element() {
            break;
        }
        let name = n.tag_name().name();
        let same = |s: &Node| s.is_element() && s.tag_name().name() == name;
        let before = n.prev_siblings().skip(1).filter(same).count();
        let after = n.next_siblings().skip(1).filter(same).count();
        if before + after > 0 {
            parts.push(format!("{name}[{}]", before + 1));
        } else {
            parts.push(name.to_string());
        }
        current = n.parent();
    }
    parts.reverse();
    format!("/{}", parts.join("/"))
}

fn section_kind(name: &str) -> Option<SectionKind> {
    match name {
        "book" | "part" | "subpart" => Some(SectionKind::Part),
        "title" | "subtitle" => Some(SectionKind::Titre),
        "chapter" | "subchapter" => Some(SectionKind::Chapitre),
        "section" => Some(SectionKind::Section),
        "subsection" => Some(SectionKind::SousSection),
        _ => None,
    }
}

#[derive(Default)]
struct Walker {
    sections: Vec<ImportedSection>,
    articles: Vec<ImportedArticle>,
    locations: Vec<String>,
    problems: Vec<ImportProblem>,
}

impl Walker {
    /// Walks the body: hierarchy elements become sections, articles articles.
    fn walk_hierarchy(&mut self, node: Node, depth: u8, section: Option<usize>) {
        for child in node.children().filter(Node::is_element) {
            let name = child.tag_name().name();
            if name == "article" {
                self.article(child, section);
            } else if let Some(kind) = section_kind(name) {
                let label = child_text(child, "num").unwrap_or_default();
                let heading = child_text(child, "heading").unwrap_or_default();
                self.sections.push(ImportedSection {
                    kind,
                    label,
                    heading,
                    level: depth + 1,
                });
                let index = self.sections.len() - 1;
                self.walk_hierarchy(child, depth + 1, Some(index));
            } else if !matches!(
                name,
                "num" | "heading" | "subheading" | "meta" | "quotedStructure" | "mod"
            ) && !SKIPPED.contains(&name)
            {
                // hcontainer, division, wrappers: look for articles inside.
                self.walk_hierarchy(child, depth, section);
            }
        }
    }

    fn article(&mut self, node: Node, section: Option<usize>) {
        let location = path_of(node);
        let num = child_text(node, "num");
        let label = match &num {
            Some(raw) => match normalise_label(raw) {
                Some(label) => Some(label),
                None => {
                    self.problems.push(ImportProblem::new(
                        location.clone(),
                        "import-bad-label",
                        vec![("label", raw.clone())],
                    ));
                    None
                }
            },
            None => {
                self.problems.push(ImportProblem::new(
                    location.clone(),
                    "import-missing-label",
                    Vec::new(),
                ));
                None
            }
        };
        let heading = child_text(node, "heading").filter(|h| !h.is_empty());
        let mut text = TextCollector::default();
        for child in node.children() {
            if child.is_element() && matches!(child.tag_name().name(), "num" | "heading") {
                continue;
            }
            text.collect(child);
        }
        let mut paragraphs = text.finish();
        // "Artículo 1º.- Texto": drop the separator left at the start.
        if let Some(first) = paragraphs.first_mut() {
            let stripped = first.trim_start_matches(['-', '–', '—', '.']).trim_start();
            if stripped.len() != first.len() && !stripped.is_empty() {
                *first = stripped.to_string();
            }
        }
        if let Some(label) = label {
            self.articles.push(ImportedArticle {
                label,
                heading,
                body: paragraphs.join("\n\n"),
                section,
                explanation: None,
            });
            self.locations.push(location);
        }
    }
}

/// The collapsed text of the first child element named `name`.
fn child_text(node: Node, name: &str) -> Option<String> {
    node.children()
        .find(|n| n.is_element() && n.tag_name().name() == name)
        .map(|n| collapse_whitespace(&inline_text(n)))
}

/// All text under `node`, notes left out, line-break elements as spaces.
fn inline_text(node: Node) -> String {
    let mut out = String::new();
    for d in node.descendants() {
        if d.is_text() {
            if d.ancestors()
                .any(|a| a.is_element() && SKIPPED.contains(&a.tag_name().name()))
            {
                continue;
            }
            out.push_str(d.text().unwrap_or_default());
        } else if d.is_element() && matches!(d.tag_name().name(), "eol" | "eop" | "br") {
            out.push(' ');
        }
    }
    out
}

/// Gathers paragraphs: each block element is a paragraph; the `num` of a
/// numbered unit prefixes its first paragraph ("1. La …", "a) …").
#[derive(Default)]
struct TextCollector {
    paragraphs: Vec<String>,
    current: String,
    pending_num: Option<String>,
}

impl TextCollector {
    fn collect(&mut self, node: Node) {
        if node.is_text() {
            self.current.push_str(node.text().unwrap_or_default());
            return;
        }
        if !node.is_element() {
            return;
        }
        let name = node.tag_name().name();
        if SKIPPED.contains(&name) {
            return;
        }
        if matches!(name, "eol" | "eop" | "br") {
            self.current.push(' ');
            return;
        }
        if name == "num"
            && node
                .parent_element()
                .is_some_and(|p| NUMBERED.contains(&p.tag_name().name()))
        {
            self.flush();
            let num = collapse_whitespace(&inline_text(node));
            if !num.is_empty() {
                self.pending_num = Some(match self.pending_num.take() {
                    // A unit numbered inside a unit that had no text yet: "1. a)".
                    Some(outer) => format!("{outer} {num}"),
                    None => num,
                });
            }
            return;
        }
        if INLINE.contains(&name) {
            for child in node.children() {
                self.collect(child);
            }
            return;
        }
        // Block or container: its own paragraph(s).
        self.flush();
        for child in node.children() {
            self.collect(child);
        }
        self.flush();
    }

    fn flush(&mut self) {
        let text = collapse_whitespace(&self.current);
        self.current.clear();
        if text.is_empty() {
            return;
        }
        let paragraph = match self.pending_num.take() {
            Some(num) => format!("{num} {text}"),
            None => text,
        };
        self.paragraphs.push(paragraph);
    }

    fn finish(mut self) -> Vec<String> {
        self.flush();
        if let Some(num) = self.pending_num.take() {
            self.paragraphs.push(num);
        }
        self.paragraphs
    }
}

/// All paragraphs of an element, as Markdown.
fn paragraphs_of(node: Node) -> String {
    let mut text = TextCollector::default();
    for child in node.children() {
        text.collect(child);
    }
    text.finish().join("\n\n")
}

/// `docTitle` in the preface or cover page, else the `longTitle`, else the
/// work's `FRBRalias` or `FRBRthis`.
fn title_of(document: Node) -> Option<String> {
    let front = || children_named(document, &["preface", "coverPage"]);
    let found = |name: &str| {
        front()
            .flat_map(|f| f.descendants())
            .find(|n| n.is_element() && n.tag_name().name() == name)
            .map(|n| collapse_whitespace(&inline_text(n)))
            .filter(|t| !t.is_empty())
    };
    found("docTitle")
        .or_else(|| found("longTitle"))
        .or_else(|| frbr_value(document, "FRBRalias"))
        .or_else(|| frbr_value(document, "FRBRthis"))
}

/// The `value` of an FRBRWork child of the document's own metadata.
fn frbr_value(document: Node, name: &str) -> Option<String> {
    children_named(document, &["meta"])
        .flat_map(|m| children_named(m, &["identification"]))
        .flat_map(|i| children_named(i, &["FRBRWork"]))
        .flat_map(|w| w.children())
        .find(|n| n.is_element() && n.tag_name().name() == name)
        .and_then(|n| n.attribute("value"))
        .map(str::to_string)
        .filter(|v| !v.trim().is_empty())
}

/// The bill's preamble, else an accompanying explanatory document (an
/// attachment of the bill, or another component of its collection).
fn summary_of(bill: Node, document: Node) -> String {
    if let Some(preamble) = children_named(bill, &["preamble"]).next() {
        let text = paragraphs_of(preamble);
        if !text.is_empty() {
            return text;
        }
    }
    let explanation = |scope: Node| {
        scope
            .descendants()
            .filter(|n| n.is_element() && n.tag_name().name() == "doc")
            .find_map(|doc| {
                children_named(doc, &["mainBody"])
                    .next()
                    .map(paragraphs_of)
                    .filter(|t| !t.is_empty())
            })
    };
    let in_attachments = children_named(bill, &["attachments"]).find_map(explanation);
    let in_collection = || {
        (document != bill)
            .then(|| {
                document
                    .parent()
                    .and_then(|root| children_named(root, &["components"]).next())
                    .and_then(explanation)
            })
            .flatten()
    };
    in_attachments.or_else(in_collection).unwrap_or_default()
}

#[cfg(test)]
pub(crate) mod tests {
    use crate::import::{Format, ImportProblem, parse};

    fn example(name: &str) -> Vec<u8> {
        let path = format!(
            "{}/../shared/data/akoma-ntoso/examples/{name}",
            env!("CARGO_MANIFEST_DIR")
        );
        std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
    }

    #[test]
    fn imports_the_italian_senate_bill() {
        let bill = parse(Format::AkomaNtoso, &example("it_senato_ddl_2013.xml")).unwrap();
        // The body holds 6 articles; the 2 `article` elements quoted inside
        // `quotedStructure` (articles 1 and 3 of the amended code) are text.
        let labels: Vec<_> = bill.articles.iter().map(|a| a.label.as_str()).collect();
        assert_eq!(
            labels,
            [
                "Article 1",
                "Article 2",
                "Article 3",
                "Article 4",
                "Article 5",
                "Article 6"
            ]
        );
        assert!(
            bill.title
                .as_deref()
                .unwrap()
                .starts_with("Modifiche al testo unico di cui al decreto del Presidente")
        );
        assert_eq!(
            bill.source.as_deref(),
            Some("/akn/it/bill/Ddl/2013-03-29/356")
        );
        let first = &bill.articles[0];
        assert_eq!(
            first.heading.as_deref(),
            Some("(Modifiche al sistema elettorale della Camera dei deputati)")
        );
        let paragraphs: Vec<_> = first.body.split("\n\n").collect();
        assert!(paragraphs[0].starts_with("1. Al testo unico delle leggi recanti norme per la"));
        assert_eq!(paragraphs[1], "a) l'articolo 1 è sostituito dal seguente:");
        assert!(
            paragraphs[2].starts_with(
                "«Art. 1. -- 1. La Camera dei deputati è eletta a suffragio universale,"
            )
        );
        assert!(paragraphs.contains(&"b) l'articolo 3 è sostituito dal seguente:"));
        assert!(
            bill.articles
                .iter()
                .all(|a| !a.body.is_empty() && a.section.is_none())
        );
        assert_eq!(
            bill.articles[5].heading.as_deref(),
            Some("(Entrata in vigore)")
        );
        // The presenters' report attached to the bill stands for the exposé.
        assert!(!bill.summary.is_empty());
    }

    #[test]
    fn imports_the_bill_inside_the_uruguayan_collection() {
        let bill = parse(Format::AkomaNtoso, &example("uy_bill_2010-09-27.xml")).unwrap();
        let labels: Vec<_> = bill.articles.iter().map(|a| a.label.as_str()).collect();
        assert_eq!(labels, ["Article 1", "Article 2", "Article 3"]);
        assert!(
            bill.articles[0]
                .body
                .starts_with("Declárese como interpretación auténtica")
        );
        assert!(bill.summary.starts_with("Los legisladores firmantes"));
        assert_eq!(
            bill.title.as_deref(),
            Some(
                "ARTÍCULOS 1º, 3º Y 4º DE LA LEY Nº 15.848, DE CADUCIDAD DE LA PRETENSIÓN \
                 PUNITIVA DEL ESTADO"
            )
        );
    }

    #[test]
    fn imports_chapters_of_the_eu_proposal() {
        let bill = parse(Format::AkomaNtoso, &example("eu_COM(2013)0619_EN-8.xml")).unwrap();
        assert_eq!(bill.articles.len(), 24);
        assert_eq!(
            bill.source.as_deref(),
            Some("/akn/eu/documentCollection/COMproposal/ec/2013/619")
        );
        assert_eq!(bill.sections[0].label, "CHAPTER I");
        assert_eq!(bill.articles[0].section, Some(0));
        assert_eq!(
            bill.articles[0].heading.as_deref(),
            Some("Subject matter and scope")
        );
    }

    #[test]
    fn reports_documents_that_are_not_bills() {
        for (file, found, path) in [
            (
                "ke_Debate_Bungeni_2011-06-10.xml",
                "debate",
                "/akomaNtoso/debate",
            ),
            (
                "za_Judgement_2008-11-26.xml",
                "judgment",
                "/akomaNtoso/judgment",
            ),
        ] {
            let problems = parse(Format::AkomaNtoso, &example(file)).unwrap_err();
            assert_eq!(
                problems,
                vec![ImportProblem::new(
                    path,
                    "import-not-a-bill",
                    vec![("found", found.into())]
                )],
                "{file}"
            );
        }
    }

    #[test]
    fn reports_malformed_xml_and_wrong_root() {
        let xml = "<akomaNtoso>\n  <bill>\n    <body>\n      <article><num>Art. 1</num></bill>\n";
        let problems = parse(Format::AkomaNtoso, xml.as_bytes()).unwrap_err();
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].message, "import-xml-syntax");
        assert_eq!(problems[0].location, "line 4, column 33");

        let problems = parse(
            Format::AkomaNtoso,
            b"<?xml version=\"1.0\"?>\n<html><body/></html>",
        )
        .unwrap_err();
        assert_eq!(
            problems,
            vec![ImportProblem::new(
                "/html",
                "import-wrong-root",
                vec![("found", "html".into()), ("expected", "akomaNtoso".into())]
            )]
        );
    }

    #[test]
    fn quoted_articles_hierarchy_and_article_problems() {
        let xml = r#"<akomaNtoso xmlns="http://docs.oasis-open.org/legaldocml/ns/akn/3.0">
  <bill name="ppl">
    <preface><p><docTitle>Proposition de loi test</docTitle></p></preface>
    <preamble><p>Exposé  des
      motifs.</p></preamble>
    <body>
      <title><num>TITRE Ier</num><heading>Dispositions</heading>
        <chapter><num>CHAPITRE Ier</num><heading>Champ</heading>
          <article><num>Article 1er</num><heading>Objet</heading>
            <paragraph><num>I.</num><content><p>Le code est ainsi modifié :</p>
              <p><mod><quotedStructure><article><num>« Art. L. 1.</num>
                <content><p>Texte cité.</p></content></article></quotedStructure></mod></p></content></paragraph>
          </article>
        </chapter>
      </title>
      <article><num>Article 2</num><content><p>Fin.</p></content></article>
      <article><num>Article 2</num><content><p>Doublon.</p></content></article>
      <article><content><p>Sans numéro.</p></content></article>
      <article><num>Annexe</num><content><p>?</p></content></article>
      <article><num>Article 3</num></article>
    </body>
  </bill>
</akomaNtoso>"#;
        let problems = parse(Format::AkomaNtoso, xml.as_bytes()).unwrap_err();
        assert_eq!(
            problems,
            vec![
                ImportProblem::new(
                    "/akomaNtoso/bill/body/article[3]",
                    "import-missing-label",
                    vec![]
                ),
                ImportProblem::new(
                    "/akomaNtoso/bill/body/article[4]",
                    "import-bad-label",
                    vec![("label", "Annexe".into())]
                ),
            ]
        );
        let fixed = xml
            .replace(
                "<article><content><p>Sans numéro.</p></content></article>",
                "",
            )
            .replace(
                "<article><num>Annexe</num><content><p>?</p></content></article>",
                "",
            );
        let problems = parse(Format::AkomaNtoso, fixed.as_bytes()).unwrap_err();
        assert_eq!(
            problems,
            vec![
                ImportProblem::new(
                    "/akomaNtoso/bill/body/article[2]",
                    "import-duplicate-label",
                    vec![
                        ("label", "Article 2".into()),
                        ("first", "/akomaNtoso/bill/body/article[1]".into())
                    ]
                ),
                ImportProblem::new(
                    "/akomaNtoso/bill/body/article[3]",
                    "import-empty-article",
                    vec![("label", "Article 3".into())]
                ),
            ]
        );
        let fixed = fixed
            .replace(
                "<article><num>Article 2</num><content><p>Doublon.</p></content></article>",
                "",
            )
            .replace("<article><num>Article 3</num></article>", "");
        let bill = parse(Format::AkomaNtoso, fixed.as_bytes()).unwrap();
        assert_eq!(bill.title.as_deref(), Some("Proposition de loi test"));
        assert_eq!(bill.summary, "Exposé des motifs.");
        assert_eq!(bill.sections.len(), 2);
        assert_eq!(
            (bill.sections[1].label.as_str(), bill.sections[1].level),
            ("CHAPITRE Ier", 2)
        );
        assert_eq!(bill.articles.len(), 2);
        assert_eq!(bill.articles[0].label, "Article 1er");
        assert_eq!(bill.articles[0].heading.as_deref(), Some("Objet"));
        assert_eq!(bill.articles[0].section, Some(1));
        assert_eq!(
            bill.articles[0].body,
            "I. Le code est ainsi modifié :\n\n« Art. L. 1. Texte cité."
        );
        assert_eq!(bill.articles[1].section, None);
    }

    /// `<akomaNtoso><bill><body>`, `wrappers` nested `hcontainer`s, an
    /// article whose text sits in `spans` nested `span`s.
    pub(crate) fn deep_bill(wrappers: usize, spans: usize) -> String {
        let mut xml = String::from("<akomaNtoso><bill><body>");
        xml.push_str(&"<hcontainer name=\"x\">".repeat(wrappers));
        xml.push_str("<article><num>Article 1er</num><content><p>");
        xml.push_str(&"<span>".repeat(spans));
        xml.push_str("Le présent texte.");
        xml.push_str(&"</span>".repeat(spans));
        xml.push_str("</p></content></article>");
        xml.push_str(&"</hcontainer>".repeat(wrappers));
        xml.push_str("</body></bill></akomaNtoso>");
        xml
    }

    fn too_deep(xml: &str) -> ImportProblem {
        let problems = parse(Format::AkomaNtoso, xml.as_bytes()).unwrap_err();
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert_eq!(problems[0].message, "import-too-deep");
        assert_eq!(
            problems[0].args,
            vec![("limit", super::MAX_DEPTH.to_string())]
        );
        problems[0].clone()
    }

    #[test]
    fn refuses_documents_nested_deeper_than_the_limit() {
        // Run on a small stack: the refusal must come before any recursion.
        std::thread::Builder::new()
            .stack_size(256 * 1024)
            .spawn(|| {
                let hcontainers = too_deep(&deep_bill(4_000, 0));
                assert_eq!(
                    hcontainers.location,
                    "/akomaNtoso/bill/body/hcontainer/hcontainer/…/hcontainer/hcontainer"
                );
                let spans = too_deep(&deep_bill(0, 20_000));
                assert!(
                    spans
                        .location
                        .starts_with("/akomaNtoso/bill/body/article/content/…/span/span"),
                    "{}",
                    spans.location
                );
            })
            .unwrap()
            .join()
            .unwrap();
        // Exactly at the limit is fine: akomaNtoso, bill, body = 3 levels,
        // then article, content, p = 3 more, then the text's span.
        let at_limit = deep_bill(super::MAX_DEPTH - 7, 1);
        let bill = parse(Format::AkomaNtoso, at_limit.as_bytes()).unwrap();
        assert_eq!(bill.articles[0].body, "Le présent texte.");
        too_deep(&deep_bill(super::MAX_DEPTH - 6, 1));
    }

    #[test]
    fn too_many_nodes_is_an_error_not_a_panic() {
        let xml = format!(
            "<akomaNtoso><bill><body>{}</body></bill></akomaNtoso>",
            "<p/>".repeat(super::MAX_NODES as usize + 1)
        );
        let problems = parse(Format::AkomaNtoso, xml.as_bytes()).unwrap_err();
        assert_eq!(problems[0].message, "import-xml-syntax");
    }
}
