//! DOCX export: turns a small document model (titles, paragraphs, bullet
//! lists, quotes, tables, diff runs) into a `.docx` file that opens and stays
//! editable in LibreOffice and Word. Used for the consultation's synthesis
//! report.
//!
//! The package is produced by the `docx-rs` crate (without its `image`
//! feature). Two things it cannot express are added here:
//! - the document language (`w:lang` in the default run properties of
//!   `word/styles.xml`, which is what word processors use for spell checking);
//! - the core properties (`docProps/core.xml`): docx-rs has no setter for the
//!   title, so that part is written here in full.
//!
//! Insertions and deletions are rendered as visible formatting (underlined
//! green, struck-through red), not as tracked changes: a published report must
//! show both sides of a diff in every viewer and markup mode, and must not
//! lose them to an "accept all changes".

use std::io::{self, Seek, Write};

use docx_rs as dx;

/// A span of text with uniform formatting.
#[derive(Debug, Clone, Default)]
pub struct Run {
    pub text: String,
    pub bold: bool,
    pub italic: bool,
    /// Text added by a change: rendered underlined, in green.
    pub inserted: bool,
    /// Text removed by a change: rendered struck through, in red.
    pub deleted: bool,
}

impl Run {
    pub fn plain(t: impl Into<String>) -> Run {
        Run {
            text: t.into(),
            ..Run::default()
        }
    }

    pub fn bold(t: impl Into<String>) -> Run {
        Run {
            text: t.into(),
            bold: true,
            ..Run::default()
        }
    }

    pub fn italic(t: impl Into<String>) -> Run {
        Run {
            text: t.into(),
            italic: true,
            ..Run::default()
        }
    }
}

/// A block-level element of the document.
#[derive(Debug, Clone)]
pub enum Block {
    /// The document's title, shown in the "Title" style.
    Title(String),
    /// A heading of level 1..=3 (other levels are clamped into that range).
    Heading(u8, String),
    Paragraph(Vec<Run>),
    /// One item of a bulleted list.
    Bullet(Vec<Run>),
    /// An indented, italic quotation.
    Quote(Vec<Run>),
    /// A table with a bold, shaded header row; cells hold runs. Short rows
    /// are padded with empty cells.
    Table {
        header: Vec<String>,
        rows: Vec<Vec<Vec<Run>>>,
    },
    PageBreak,
}

/// A document to export.
#[derive(Debug, Clone, Default)]
pub struct Document {
    /// Stored as the title in the core properties (`docProps/core.xml`).
    pub title: String,
    /// BCP 47 tag such as "fr-FR": the proofing language of all the text.
    pub language: String,
    pub blocks: Vec<Block>,
}

/// Writes the .docx (a zip) to `out`.
pub fn write<W: Write + Seek>(out: W, doc: &Document) -> io::Result<()> {
    let mut parts = build_docx(doc).build();
    if !doc.language.is_empty() {
        parts.styles = with_default_language(parts.styles, &doc.language);
    }
    parts.doc_props.core = core_properties(doc);
    parts.pack(out).map_err(io::Error::other)
}

// Page geometry of docx-rs's default section (A4, 1701 twips side margins).
const TEXT_WIDTH_TWIPS: usize = 11906 - 2 * 1701;
// docx-rs always writes a decimal list as abstractNum 1 / num 1.
const BULLET_NUMBERING_ID: usize = 2;
const INSERTED_COLOR: &str = "00703C";
const DELETED_COLOR: &str = "C00000";
const HEADER_FILL: &str = "D9D9D9";

fn build_docx(doc: &Document) -> dx::Docx {
    let mut docx = dx::Docx::new()
        .default_fonts(
            dx::RunFonts::new()
                .ascii("Arial")
                .hi_ansi("Arial")
                .cs("Arial"),
        )
        .default_size(22)
        .default_line_spacing(dx::LineSpacing::new().after(120))
        .default_tab_stop(709);
    for style in styles() {
        docx = docx.add_style(style);
    }
    docx = docx
        .add_abstract_numbering(
            dx::AbstractNumbering::new(BULLET_NUMBERING_ID).add_level(
                dx::Level::new(
                    0,
                    dx::Start::new(1),
                    dx::NumberFormat::new("bullet"),
                    dx::LevelText::new("\u{2022}"),
                    dx::LevelJc::new("left"),
                )
                .indent(
                    Some(720),
                    Some(dx::SpecialIndentType::Hanging(360)),
                    None,
                    None,
                ),
            ),
        )
        .add_numbering(dx::Numbering::new(BULLET_NUMBERING_ID, BULLET_NUMBERING_ID));

    for block in &doc.blocks {
        docx = match block {
            Block::Title(text) => docx.add_paragraph(
                dx::Paragraph::new()
                    .style("Title")
                    .add_run(text_run(&Run::plain(text.as_str()))),
            ),
            Block::Heading(level, text) => {
                let level = (*level).clamp(1, 3);
                docx.add_paragraph(
                    dx::Paragraph::new()
                        .style(&format!("Heading{level}"))
                        .add_run(text_run(&Run::plain(text.as_str()))),
                )
            }
            Block::Paragraph(runs) => docx.add_paragraph(paragraph(runs)),
            Block::Bullet(runs) => {
                docx.add_paragraph(paragraph(runs).style("ListBullet").numbering(
                    dx::NumberingId::new(BULLET_NUMBERING_ID),
                    dx::IndentLevel::new(0),
                ))
            }
            Block::Quote(runs) => docx.add_paragraph(paragraph(runs).style("Quote")),
            Block::Table { header, rows } => match table(header, rows) {
                Some(t) => docx.add_table(t),
                None => docx,
            },
            Block::PageBreak => docx.add_paragraph(
                dx::Paragraph::new().add_run(dx::Run::new().add_break(dx::BreakType::Page)),
            ),
        };
    }
    // Word wants a paragraph between a table and the end of the body.
    if matches!(doc.blocks.last(), Some(Block::Table { .. })) {
        docx = docx.add_paragraph(dx::Paragraph::new());
    }
    docx
}

fn styles() -> Vec<dx::Style> {
    let para = |id: &str, name: &str| {
        dx::Style::new(id, dx::StyleType::Paragraph)
            .name(name)
            .based_on("Normal")
            .next("Normal")
    };
    let heading = |level: usize, size: usize| {
        let mut style = para(&format!("Heading{level}"), &format!("heading {level}"))
            .bold()
            .size(size)
            .outline_lvl(level - 1)
            .line_spacing(dx::LineSpacing::new().before(240).after(120));
        style.paragraph_property = style.paragraph_property.keep_next(true);
        style
    };
    vec![
        para("Title", "Title")
            .bold()
            .size(52)
            .line_spacing(dx::LineSpacing::new().after(240)),
        heading(1, 32),
        heading(2, 28),
        heading(3, 24),
        para("Quote", "Quote")
            .italic()
            .color("404040")
            .indent(Some(720), None, Some(720), None),
        para("ListBullet", "List Bullet").next("ListBullet"),
    ]
}

fn paragraph(runs: &[Run]) -> dx::Paragraph {
    runs.iter()
        .filter(|r| !r.text.is_empty())
        .fold(dx::Paragraph::new(), |p, r| p.add_run(text_run(r)))
}

/// One docx run: newlines become line breaks, tabs become tabs, and
/// characters that XML 1.0 cannot carry are dropped.
fn text_run(run: &Run) -> dx::Run {
    let mut out = dx::Run::new();
    if run.bold {
        out = out.bold();
    }
    if run.italic {
        out = out.italic();
    }
    if run.inserted {
        out = out.underline("single").color(INSERTED_COLOR);
    }
    if run.deleted {
        out = out.strike().color(DELETED_COLOR);
    }
    let text = run.text.replace("\r\n", "\n");
    let mut pending = String::new();
    for c in text.chars() {
        match c {
            // Carriage return and vertical tab (Word's manual line break in
            // copied text) are line breaks too.
            '\n' | '\r' | '\u{0B}' => {
                out = flush(out, &mut pending).add_break(dx::BreakType::TextWrapping);
            }
            '\t' => out = flush(out, &mut pending).add_tab(),
            c if is_xml_char(c) => pending.push(c),
            _ => {}
        }
    }
    flush(out, &mut pending)
}

fn flush(run: dx::Run, pending: &mut String) -> dx::Run {
    if pending.is_empty() {
        run
    } else {
        run.add_text(std::mem::take(pending))
    }
}

fn is_xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

fn table(header: &[String], rows: &[Vec<Vec<Run>>]) -> Option<dx::Table> {
    let columns = rows
        .iter()
        .map(Vec::len)
        .chain(std::iter::once(header.len()))
        .max()
        .unwrap_or(0);
    if columns == 0 {
        return None;
    }
    let width = TEXT_WIDTH_TWIPS / columns;
    let cell = |runs: &[Run]| {
        dx::TableCell::new()
            .width(width, dx::WidthType::Dxa)
            .add_paragraph(paragraph(runs))
    };
    let mut table_rows = Vec::with_capacity(rows.len() + 1);
    if !header.is_empty() {
        let cells = (0..columns)
            .map(|i| {
                let text = header.get(i).map(String::as_str).unwrap_or("");
                cell(&[Run::bold(text)]).shading(
                    dx::Shading::new()
                        .shd_type(dx::ShdType::Clear)
                        .fill(HEADER_FILL),
                )
            })
            .collect();
        table_rows.push(dx::TableRow::new(cells).cant_split());
    }
    for row in rows {
        let cells = (0..columns)
            .map(|i| cell(row.get(i).map(Vec::as_slice).unwrap_or(&[])))
            .collect();
        table_rows.push(dx::TableRow::new(cells));
    }
    Some(
        dx::Table::new(table_rows)
            .set_grid(vec![width; columns])
            .width(width * columns, dx::WidthType::Dxa),
    )
}

/// Adds `<w:lang w:val=".."/>` to the default run properties of styles.xml,
/// which docx-rs cannot express. Left unchanged if the expected markup is not
/// found (the language only drives proofing).
fn with_default_language(styles: Vec<u8>, language: &str) -> Vec<u8> {
    let xml = match String::from_utf8(styles) {
        Ok(xml) => xml,
        Err(e) => return e.into_bytes(),
    };
    let lang = format!(r#"<w:lang w:val="{}" />"#, escape_xml(language));
    match insert_default_language(&xml, &lang) {
        Some(patched) => patched.into_bytes(),
        None => xml.into_bytes(),
    }
}

fn insert_default_language(xml: &str, lang: &str) -> Option<String> {
    const OPEN: &str = "<w:rPrDefault>";
    let defaults = xml.find(OPEN)? + OPEN.len();
    let rest = &xml[defaults..];
    for empty in ["<w:rPr />", "<w:rPr/>"] {
        if rest.starts_with(empty) {
            let end = defaults + empty.len();
            return Some(format!(
                "{}<w:rPr>{lang}</w:rPr>{}",
                &xml[..defaults],
                &xml[end..]
            ));
        }
    }
    if !rest.starts_with("<w:rPr>") {
        return None;
    }
    let close = defaults + rest.find("</w:rPr>")?;
    Some(format!("{}{lang}{}", &xml[..close], &xml[close..]))
}

fn core_properties(doc: &Document) -> Vec<u8> {
    let mut xml = String::from(concat!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#,
        r#"<cp:coreProperties"#,
        r#" xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties""#,
        r#" xmlns:dc="http://purl.org/dc/elements/1.1/""#,
        r#" xmlns:dcterms="http://purl.org/dc/terms/""#,
        r#" xmlns:dcmitype="http://purl.org/dc/dcmitype/""#,
        r#" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">"#,
    ));
    if !doc.title.is_empty() {
        xml.push_str("<dc:title>");
        xml.push_str(&escape_xml(&doc.title));
        xml.push_str("</dc:title>");
    }
    if !doc.language.is_empty() {
        xml.push_str("<dc:language>");
        xml.push_str(&escape_xml(&doc.language));
        xml.push_str("</dc:language>");
    }
    xml.push_str("</cp:coreProperties>");
    xml.into_bytes()
}

/// Escapes text for XML content or attribute values, dropping characters that
/// XML 1.0 cannot carry.
fn escape_xml(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(' '),
            c if is_xml_char(c) => out.push(c),
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Cursor;
    use std::path::Path;

    fn sample() -> Document {
        Document {
            title: "Synthèse « consultation » <2025> & co".into(),
            language: "fr-FR".into(),
            blocks: vec![
                Block::Title("Rapport de synthèse".into()),
                Block::Heading(1, "Première partie".into()),
                Block::Heading(2, "Article 1er".into()),
                Block::Heading(3, "Alinéa 2".into()),
                Block::Heading(9, "Niveau ramené à 3".into()),
                Block::Paragraph(vec![
                    Run::plain("Les citoyens ont écrit « oui » "),
                    Run::bold("très"),
                    Run::plain(" souvent : a < b & c > d."),
                    Run::italic("\nDeuxième ligne\tavec tabulation\u{0}."),
                ]),
                Block::Bullet(vec![Run::plain("Premier point à retenir")]),
                Block::Bullet(vec![Run::bold("Second"), Run::plain(" point")]),
                Block::Quote(vec![Run::plain(
                    "« La loi est l'expression de la volonté générale. »",
                )]),
                Block::Paragraph(vec![
                    Run::plain("L'article est "),
                    Run {
                        text: "supprimé".into(),
                        deleted: true,
                        ..Run::default()
                    },
                    Run {
                        text: "modifié".into(),
                        inserted: true,
                        ..Run::default()
                    },
                    Run::plain("."),
                ]),
                Block::PageBreak,
                Block::Table {
                    header: vec!["Article".into(), "Avis".into(), "Réponse".into()],
                    rows: vec![
                        vec![
                            vec![Run::plain("Art. 1")],
                            vec![Run::plain("Favorable à 80 %")],
                            vec![Run::italic("Retenu")],
                        ],
                        vec![
                            vec![Run::plain("Art. 2 & 3")],
                            vec![Run::plain("Ligne courte")],
                        ],
                    ],
                },
            ],
        }
    }

    fn docx_bytes(doc: &Document) -> Vec<u8> {
        let mut cursor = Cursor::new(Vec::new());
        write(&mut cursor, doc).expect("write docx");
        cursor.into_inner()
    }

    fn unzip(archive: &Path, member: &str) -> Option<String> {
        use std::io::Read;
        let file = std::fs::File::open(archive).expect("open the archive");
        let mut zip = zip::ZipArchive::new(file).expect("a zip archive");
        let mut part = zip.by_name(member).ok()?;
        let mut text = String::new();
        part.read_to_string(&mut text).expect("UTF-8 part");
        Some(text)
    }

    #[test]
    fn writes_a_well_formed_package() {
        let bytes = docx_bytes(&sample());
        assert!(bytes.starts_with(b"PK\x03\x04"), "not a zip");
        let file = tempfile::Builder::new()
            .suffix(".docx")
            .tempfile()
            .expect("temp file");
        std::fs::write(file.path(), &bytes).expect("write temp file");

        let document = unzip(file.path(), "word/document.xml").expect("word/document.xml");
        roxmltree::Document::parse(&document).expect("document.xml is well-formed");
        for text in [
            "Rapport de synthèse",
            "Première partie",
            "Les citoyens ont écrit « oui » ",
            "très",
            " souvent : a &lt; b &amp; c &gt; d.",
            "Deuxième ligne",
            "avec tabulation.",
            "« La loi est l&apos;expression de la volonté générale. »",
            "supprimé",
            "modifié",
            "Réponse",
            "Favorable à 80 %",
            "Art. 2 &amp; 3",
        ] {
            assert!(document.contains(text), "missing {text:?} in document.xml");
        }
        assert!(!document.contains('\u{0}'));
        for element in [
            r#"<w:pStyle w:val="Title" />"#,
            r#"<w:pStyle w:val="Heading1" />"#,
            r#"<w:pStyle w:val="Heading2" />"#,
            r#"<w:pStyle w:val="Quote" />"#,
            r#"<w:br w:type="textWrapping" />"#,
            r#"<w:br w:type="page" />"#,
            "<w:tab />",
            "<w:strike />",
            r#"<w:u w:val="single" />"#,
            "<w:tbl>",
        ] {
            assert!(
                document.contains(element),
                "missing {element} in document.xml"
            );
        }
        assert_eq!(
            document.matches(r#"<w:pStyle w:val="Heading3" />"#).count(),
            2
        );
        let bullet_ref = format!(r#"<w:numId w:val="{BULLET_NUMBERING_ID}" />"#);
        assert_eq!(document.matches(&bullet_ref).count(), 2);
        // Header row plus two body rows, each padded to three columns.
        assert_eq!(document.matches("<w:tr>").count(), 3);
        assert_eq!(document.matches("<w:tc>").count(), 9);

        let styles = unzip(file.path(), "word/styles.xml").expect("word/styles.xml");
        let styles_xml = roxmltree::Document::parse(&styles).expect("styles.xml is well-formed");
        let lang = styles_xml
            .descendants()
            .find(|n| n.tag_name().name() == "rPrDefault")
            .and_then(|n| n.descendants().find(|n| n.tag_name().name() == "lang"))
            .expect("w:lang in the default run properties");
        assert_eq!(
            lang.attributes()
                .find(|a| a.name() == "val")
                .map(|a| a.value()),
            Some("fr-FR")
        );

        let core = unzip(file.path(), "docProps/core.xml").expect("docProps/core.xml");
        let core_xml = roxmltree::Document::parse(&core).expect("core.xml is well-formed");
        let text_of = |name: &str| {
            core_xml
                .descendants()
                .find(|n| n.tag_name().name() == name)
                .and_then(|n| n.text())
        };
        assert_eq!(
            text_of("title"),
            Some("Synthèse « consultation » <2025> & co")
        );
        assert_eq!(text_of("language"), Some("fr-FR"));

        // The bullet paragraphs point at a list whose only definition is a
        // bullet list.
        let numbering = unzip(file.path(), "word/numbering.xml").expect("word/numbering.xml");
        let numbering = roxmltree::Document::parse(&numbering).expect("numbering.xml");
        let val = |n: roxmltree::Node, child: &str| {
            n.children()
                .find(|c| c.tag_name().name() == child)
                .and_then(|c| c.attributes().find(|a| a.name() == "val"))
                .map(|a| a.value().to_owned())
        };
        let id = |n: roxmltree::Node, attr: &str| {
            n.attributes()
                .find(|a| a.name() == attr)
                .map(|a| a.value().to_owned())
        };
        let bullet_num = BULLET_NUMBERING_ID.to_string();
        let nums: Vec<_> = numbering
            .descendants()
            .filter(|n| n.tag_name().name() == "num" && id(*n, "numId") == Some(bullet_num.clone()))
            .collect();
        assert_eq!(nums.len(), 1, "one w:num {bullet_num}");
        let abstract_id = val(nums[0], "abstractNumId").expect("abstractNumId");
        let abstracts: Vec<_> = numbering
            .descendants()
            .filter(|n| {
                n.tag_name().name() == "abstractNum"
                    && id(*n, "abstractNumId") == Some(abstract_id.clone())
            })
            .collect();
        assert_eq!(abstracts.len(), 1, "one w:abstractNum {abstract_id}");
        let level = abstracts[0]
            .children()
            .find(|c| c.tag_name().name() == "lvl")
            .expect("w:lvl");
        assert_eq!(val(level, "numFmt").as_deref(), Some("bullet"));

        let types = unzip(file.path(), "[Content_Types].xml").expect("[Content_Types].xml");
        roxmltree::Document::parse(&types).expect("[Content_Types].xml is well-formed");
        assert!(types.contains("/word/numbering.xml"));
    }

    #[test]
    fn docx_rs_reads_it_back() {
        let bytes = docx_bytes(&sample());
        let read = dx::read_docx(&bytes).expect("docx-rs reads the package");
        let json = read.json();
        assert!(json.contains("Favorable à 80 %"));
        assert!(json.contains("volonté générale"));
    }

    #[test]
    fn empty_document_and_degenerate_tables() {
        let doc = Document {
            blocks: vec![
                Block::Paragraph(vec![]),
                Block::Table {
                    header: vec![],
                    rows: vec![],
                },
                Block::Table {
                    header: vec![],
                    rows: vec![vec![vec![], vec![Run::plain("seule")]]],
                },
            ],
            ..Document::default()
        };
        let bytes = docx_bytes(&doc);
        assert!(dx::read_docx(&bytes).is_ok());
        assert!(docx_bytes(&Document::default()).starts_with(b"PK"));
    }

    #[test]
    fn default_language_insertion() {
        let lang = r#"<w:lang w:val="fr-FR" />"#;
        assert_eq!(
            insert_default_language("<w:rPrDefault><w:rPr /></w:rPrDefault>", lang).as_deref(),
            Some(r#"<w:rPrDefault><w:rPr><w:lang w:val="fr-FR" /></w:rPr></w:rPrDefault>"#)
        );
        assert_eq!(
            insert_default_language(
                r#"<w:rPrDefault><w:rPr><w:sz w:val="22" /></w:rPr></w:rPrDefault>"#,
                lang
            )
            .as_deref(),
            Some(
                r#"<w:rPrDefault><w:rPr><w:sz w:val="22" /><w:lang w:val="fr-FR" /></w:rPr></w:rPrDefault>"#
            )
        );
        assert_eq!(insert_default_language("<w:styles />", lang), None);
    }

    #[test]
    fn escapes_and_drops_invalid_characters() {
        assert_eq!(
            escape_xml("a<b>&\"'\u{1}\u{FFFF}é"),
            "a&lt;b&gt;&amp;&quot;&apos;é"
        );
    }
}
