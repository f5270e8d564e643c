//! Importing a bill from a file: plain text or Markdown, La Fabrique de la Loi
//! `texte.json`, Akoma Ntoso 3.0 XML, and the 2015 "République numérique"
//! consultation export.
//!
//! Every importer either returns the whole bill or every problem it found
//! (a location and a Fluent message id from `locales/*/import.ftl`), never a
//! half result.

pub mod akoma_ntoso;
pub mod consultation;
pub mod fabrique;
pub mod html;
pub mod text;

use std::collections::HashMap;

/// How deeply the elements of an imported document may nest (the root
/// being level 1). The importers walk documents recursively, so a deeper
/// file is refused before any walk: real bills nest fewer than 15 levels.
pub const MAX_NESTING_DEPTH: usize = 100;

/// "/akomaNtoso/bill/body/hcontainer/hcontainer/…/hcontainer/span": the
/// first five and the last two names of a long element path.
pub(crate) fn abbreviated_path(names: &[&str]) -> String {
    const HEAD: usize = 5;
    const TAIL: usize = 2;
    if names.len() <= HEAD + TAIL + 1 {
        return format!("/{}", names.join("/"));
    }
    format!(
        "/{}/…/{}",
        names[..HEAD].join("/"),
        names[names.len() - TAIL..].join("/")
    )
}

/// The file formats a bill can be imported from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Format {
    Text,
    FabriqueJson,
    AkomaNtoso,
}

impl Format {
    /// From a Content-Type: text/plain and text/markdown -> Text,
    /// application/json -> FabriqueJson, application/xml, text/xml,
    /// application/akn+xml -> AkomaNtoso (parameters like charset ignored).
    pub fn from_content_type(ct: &str) -> Option<Format> {
        let essence = ct
            .split(';')
            .next()
            .unwrap_or("")
            .trim()
            .to_ascii_lowercase();
        match essence.as_str() {
            "text/plain" | "text/markdown" | "text/x-markdown" => Some(Format::Text),
            "application/json" => Some(Format::FabriqueJson),
            "application/xml" | "text/xml" | "application/akn+xml" => Some(Format::AkomaNtoso),
            _ => None,
        }
    }

    /// For uploads: by file extension, else by sniffing the first non-blank
    /// byte ('<' XML, '{' or '[' JSON, anything else text).
    pub fn detect(filename: Option<&str>, bytes: &[u8]) -> Format {
        if let Some(name) = filename
            && let Some((_, ext)) = name.rsplit_once('.')
        {
            match ext.to_ascii_lowercase().as_str() {
                "txt" | "text" | "md" | "markdown" => return Format::Text,
                "json" => return Format::FabriqueJson,
                "xml" | "akn" => return Format::AkomaNtoso,
                _ => {}
            }
        }
        let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
        match bytes.iter().find(|b| !b.is_ascii_whitespace()) {
            Some(b'<') => Format::AkomaNtoso,
            Some(b'{') | Some(b'[') => Format::FabriqueJson,
            _ => Format::Text,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Format::Text => "text",
            Format::FabriqueJson => "fabrique_json",
            Format::AkomaNtoso => "akoma_ntoso",
        }
    }
}

/// The kind of a structural heading above articles.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SectionKind {
    Part,
    Titre,
    Chapitre,
    Section,
    SousSection,
}

impl SectionKind {
    /// Nesting rank, used when a format gives no explicit depth.
    pub(crate) fn rank(self) -> u8 {
        match self {
            SectionKind::Part => 1,
            SectionKind::Titre => 2,
            SectionKind::Chapitre => 3,
            SectionKind::Section => 4,
            SectionKind::SousSection => 5,
        }
    }
}

/// A structural heading ("TITRE Ier – Dispositions générales").
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct ImportedSection {
    pub kind: SectionKind,
    /// "TITRE Ier", "CHAPITRE II", "Section 1".
    pub label: String,
    pub heading: String,
    /// 1 = outermost.
    pub level: u8,
}

#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct ImportedArticle {
    /// Normalised: "Article 1er", "Article 2", "Article 3 bis", "Article unique", "Article 2 A".
    pub label: String,
    /// A title given to the article, if any.
    pub heading: Option<String>,
    /// Markdown: one paragraph per alinéa, paragraphs separated by a blank line.
    pub body: String,
    /// Index into [`ImportedBill::sections`] of the innermost heading it falls under.
    pub section: Option<usize>,
    /// The article's own explanation (Markdown), when the file gives one.
    pub explanation: Option<String>,
}

#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct ImportedBill {
    pub format: Format,
    /// The bill's title if the file has one.
    pub title: Option<String>,
    /// Exposé des motifs as Markdown ("" if none).
    pub summary: String,
    pub sections: Vec<ImportedSection>,
    /// At least one on success.
    pub articles: Vec<ImportedArticle>,
    /// Provenance if the file says (La Fabrique "source" URL, AKN FRBRuri).
    pub source: Option<String>,
    /// Where the importer had to guess, for the sponsor to check before
    /// saving (see [`ImportedBill::warning_texts`]).
    #[serde(skip)]
    pub warnings: Vec<ImportWarning>,
}

/// A place where the file was read by a guess rather than by its own
/// marks: an unclosed quotation, a skipped or repeated article number.
/// `message` is a Fluent message id from `locales/*/import.ftl`.
#[derive(Debug, Clone, PartialEq)]
pub struct ImportWarning {
    /// 1-based line of the file.
    pub line: usize,
    pub message: &'static str,
    pub args: Vec<(&'static str, String)>,
}

/// A warning as shown and sent: its line and its text in one language.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct WarningText {
    pub line: usize,
    /// The message id, stable for scripts ("import-warning-quote-ended").
    pub code: &'static str,
    pub message: String,
}

/// What a dry run answers: the bill as read, and the warnings in the
/// reader's language.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Preview<'a> {
    #[serde(flatten)]
    pub bill: &'a ImportedBill,
    pub warnings: Vec<WarningText>,
}

impl ImportedBill {
    pub fn warning_texts(&self, locale: crate::domain::Locale) -> Vec<WarningText> {
        self.warnings
            .iter()
            .map(|w| WarningText {
                line: w.line,
                code: w.message,
                message: crate::i18n::t_args(locale, w.message, &w.args),
            })
            .collect()
    }

    pub fn preview(&self, locale: crate::domain::Locale) -> Preview<'_> {
        Preview {
            bill: self,
            warnings: self.warning_texts(locale),
        }
    }
}

/// A reason the file cannot be imported. `message` is a Fluent message id
/// defined in `locales/{fr,en}/import.ftl`, `args` its named arguments;
/// `location` is "line 12" for text, "line 3, column 7" for XML/JSON syntax
/// errors, or an element path ("/akomaNtoso/bill/body/article[3]") or a JSON
/// path ("articles[2].alineas").
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct ImportProblem {
    pub location: String,
    pub message: &'static str,
    pub args: Vec<(&'static str, String)>,
}

impl ImportProblem {
    pub(crate) fn new(
        location: impl Into<String>,
        message: &'static str,
        args: Vec<(&'static str, String)>,
    ) -> Self {
        ImportProblem {
            location: location.into(),
            message,
            args,
        }
    }
}

/// What a format parser hands back before the common checks: the bill, the
/// location of each article (same order) and the location to blame when
/// there is no article at all.
pub(crate) struct Draft {
    pub bill: ImportedBill,
    pub article_locations: Vec<String>,
    pub root_location: String,
}

/// Parses the whole file or reports every problem found; never a half result.
pub fn parse(format: Format, bytes: &[u8]) -> Result<ImportedBill, Vec<ImportProblem>> {
    let text = decode_utf8(bytes)?;
    let draft = match format {
        Format::Text => text::parse(text)?,
        Format::FabriqueJson => fabrique::parse(text)?,
        Format::AkomaNtoso => akoma_ntoso::parse(text)?,
    };
    finish(draft)
}

/// Checks the file is UTF-8 (a leading byte-order mark is dropped).
pub(crate) fn decode_utf8(bytes: &[u8]) -> Result<&str, Vec<ImportProblem>> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    std::str::from_utf8(bytes).map_err(|e| {
        let good = &bytes[..e.valid_up_to()];
        let line = good.iter().filter(|&&b| b == b'\n').count() + 1;
        let column = match good.iter().rposition(|&b| b == b'\n') {
            Some(nl) => String::from_utf8_lossy(&good[nl + 1..]).chars().count() + 1,
            None => String::from_utf8_lossy(good).chars().count() + 1,
        };
        vec![ImportProblem::new(
            format!("line {line}, column {column}"),
            "import-not-utf8",
            vec![("byte", format!("0x{:02X}", bytes[e.valid_up_to()]))],
        )]
    })
}

/// The checks every format shares: at least one article, no duplicate
/// label, no empty article.
pub(crate) fn finish(draft: Draft) -> Result<ImportedBill, Vec<ImportProblem>> {
    let Draft {
        bill,
        article_locations,
        root_location,
    } = draft;
    if bill.articles.is_empty() {
        return Err(vec![ImportProblem::new(
            root_location,
            "import-no-articles",
            vec![("format", bill.format.as_str().to_string())],
        )]);
    }
    let mut problems = Vec::new();
    let mut seen: HashMap<&str, &str> = HashMap::new();
    for (article, location) in bill.articles.iter().zip(&article_locations) {
        if let Some(first) = seen.get(article.label.as_str()) {
            problems.push(ImportProblem::new(
                location.clone(),
                "import-duplicate-label",
                vec![
                    ("label", article.label.clone()),
                    ("first", (*first).to_string()),
                ],
            ));
        } else {
            seen.insert(&article.label, location);
        }
        if article.body.trim().is_empty() {
            problems.push(ImportProblem::new(
                location.clone(),
                "import-empty-article",
                vec![("label", article.label.clone())],
            ));
        }
    }
    if problems.is_empty() {
        Ok(bill)
    } else {
        Err(problems)
    }
}

/// Latin multiplicative suffixes used in French article numbers.
const LATIN_SUFFIXES: &[&str] = &[
    "bis",
    "ter",
    "quater",
    "quinquies",
    "sexies",
    "septies",
    "octies",
    "nonies",
    "novies",
    "decies",
    "undecies",
    "duodecies",
    "terdecies",
    "tredecies",
    "quaterdecies",
    "quindecies",
    "sexdecies",
    "sexiesdecies",
    "septdecies",
    "septiesdecies",
    "octodecies",
    "octiesdecies",
    "novodecies",
    "noviesdecies",
    "vicies",
];

/// Words that introduce an article number (compared in lowercase).
const ARTICLE_WORDS: &[&str] = &["article", "artículo", "articulo", "articolo", "artigo"];

/// Normalises an article label: "Article premier"/"ARTICLE 1ER"/"Art. 1er" ->
/// "Article 1er"; "Art. 2" -> "Article 2"; "article 3 BIS" -> "Article 3 bis";
/// "Article unique"; "1er" -> "Article 1er"; "2 A" -> "Article 2 A".
/// Returns None if it is not an article label.
pub fn normalise_label(raw: &str) -> Option<String> {
    let cleaned = clean_spaces(raw);
    let s = cleaned
        .trim()
        .trim_end_matches(|c: char| c.is_whitespace() || ".:–—-)".contains(c));
    let rest = strip_article_word(s).unwrap_or(s);
    let (number, remainder) = parse_number(rest, NumberStyle::Article)?;
    if !remainder.trim().is_empty() {
        return None;
    }
    Some(format!("Article {number}"))
}

/// Replaces non-breaking and other unusual spaces by ordinary spaces.
pub(crate) fn clean_spaces(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '\u{a0}' | '\u{202f}' | '\u{2007}' | '\u{2009}' | '\t' => ' ',
            c => c,
        })
        .collect()
}

/// Collapses every run of whitespace into one space and trims.
pub(crate) fn collapse_whitespace(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for word in clean_spaces(s).split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// If `s` starts with "Article", "Art." (any case) and similar words, the rest.
pub(crate) fn strip_article_word(s: &str) -> Option<&str> {
    let lower = s.to_lowercase();
    // Lowercasing keeps byte lengths for the words below (ASCII and "í").
    for word in ARTICLE_WORDS {
        if lower.starts_with(word) && s.is_char_boundary(word.len()) {
            let rest = &s[word.len()..];
            if rest.starts_with(|c: char| c.is_whitespace()) {
                return Some(rest.trim_start());
            }
        }
    }
    if lower.starts_with("art.") && s.is_char_boundary(4) {
        return Some(s[4..].trim_start());
    }
    if lower.starts_with("art ") && s.is_char_boundary(4) {
        return Some(s[4..].trim_start());
    }
    None
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum NumberStyle {
    /// "1er", "2", "3 bis", "unique", "2 A".
    Article,
    /// Roman numerals allowed and "premier" written "Ier".
    Roman,
    /// Arabic numbering, "premier"/"première" written "1er".
    Arabic,
}

fn is_roman(word: &str) -> bool {
    !word.is_empty() && word.chars().all(|c| "IVXLCDM".contains(c))
}

/// Parses a number with its suffixes at the start of `s` ("1er bis A – …"),
/// returning the normalised number and the unparsed remainder.
pub(crate) fn parse_number(s: &str, style: NumberStyle) -> Option<(String, &str)> {
    let s = s.trim_start();
    let first_len = s
        .char_indices()
        .find(|&(_, c)| !c.is_alphanumeric())
        .map(|(i, _)| i)
        .unwrap_or(s.len());
    if first_len == 0 {
        return None;
    }
    let word = &s[..first_len];
    let mut rest = &s[first_len..];
    let lower = word.to_lowercase();
    let digits_len = word.chars().take_while(|c| c.is_ascii_digit()).count();
    let base = if digits_len > 0 {
        let digits = &word[..digits_len];
        let ordinal = &lower[digits_len..];
        match ordinal {
            "" | "º" | "°" | "o" => {
                // "1 er" is rare but "1°" can be followed by the ordinal sign.
                if rest.starts_with(['º', '°']) {
                    rest = &rest[rest.chars().next().map(char::len_utf8).unwrap_or(0)..];
                }
                digits.to_string()
            }
            "er" | "re" | "ère" if digits == "1" => "1er".to_string(),
            _ => return None,
        }
    } else {
        match (lower.as_str(), style) {
            ("premier" | "première" | "premiere" | "ier" | "ire", NumberStyle::Roman) => {
                "Ier".to_string()
            }
            ("premier" | "première" | "premiere", _) => "1er".to_string(),
            ("unique", _) => "unique".to_string(),
            ("préliminaire" | "preliminaire", _) => "préliminaire".to_string(),
            ("liminaire", _) => "liminaire".to_string(),
            (_, NumberStyle::Roman) if is_roman(word) => {
                if word == "I" {
                    "Ier".to_string()
                } else {
                    word.to_string()
                }
            }
            (_, NumberStyle::Article) if is_roman(word) && word.len() > 1 => word.to_string(),
            _ => return None,
        }
    };
    let mut number = base;
    // Suffixes: latin multiplicatives and capital letters ("2 bis A", "14-bis").
    loop {
        let trimmed = rest.trim_start_matches([' ', '-']);
        let len = trimmed
            .char_indices()
            .find(|&(_, c)| !c.is_alphabetic())
            .map(|(i, _)| i)
            .unwrap_or(trimmed.len());
        if len == 0 {
            break;
        }
        let suffix = &trimmed[..len];
        let lower = suffix.to_lowercase();
        if LATIN_SUFFIXES.contains(&lower.as_str()) {
            number.push(' ');
            number.push_str(&lower);
        } else if suffix.chars().all(|c| c.is_ascii_uppercase())
            && (len == 1 || (len <= 3 && suffix.starts_with('A')))
            && !rest.starts_with('-')
        {
            number.push(' ');
            number.push_str(suffix);
        } else {
            break;
        }
        rest = &trimmed[len..];
    }
    Some((number, rest))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalises_labels() {
        let cases = [
            ("Article premier", "Article 1er"),
            ("ARTICLE 1ER", "Article 1er"),
            ("Art. 1er", "Article 1er"),
            ("Art. 2", "Article 2"),
            ("article 3 BIS", "Article 3 bis"),
            ("Article unique", "Article unique"),
            ("ARTICLE UNIQUE", "Article unique"),
            ("1er", "Article 1er"),
            ("2 A", "Article 2 A"),
            ("2 bis", "Article 2 bis"),
            ("2 quater", "Article 2 quater"),
            ("1er AA", "Article 1er AA"),
            ("Art. 1.", "Article 1"),
            ("Artículo 2º.", "Article 2"),
            ("Article 14-bis", "Article 14 bis"),
            ("Article 7 ter A", "Article 7 ter A"),
            ("Article\u{a0}4", "Article 4"),
            ("Article liminaire", "Article liminaire"),
        ];
        for (raw, want) in cases {
            assert_eq!(normalise_label(raw).as_deref(), Some(want), "{raw}");
        }
        for raw in [
            "",
            "Article",
            "Titre Ier",
            "L'article 2 est abrogé",
            "Art. L. 112-1",
            "Le transporteur",
            "Article 2 de la loi",
        ] {
            assert_eq!(normalise_label(raw), None, "{raw}");
        }
    }

    #[test]
    fn detects_formats() {
        assert_eq!(
            Format::from_content_type("text/plain; charset=utf-8"),
            Some(Format::Text)
        );
        assert_eq!(
            Format::from_content_type("text/markdown"),
            Some(Format::Text)
        );
        assert_eq!(
            Format::from_content_type("Application/JSON"),
            Some(Format::FabriqueJson)
        );
        assert_eq!(
            Format::from_content_type("application/akn+xml"),
            Some(Format::AkomaNtoso)
        );
        assert_eq!(
            Format::from_content_type("text/xml"),
            Some(Format::AkomaNtoso)
        );
        assert_eq!(Format::from_content_type("image/png"), None);
        assert_eq!(Format::detect(Some("loi.MD"), b"<x/>"), Format::Text);
        assert_eq!(
            Format::detect(Some("texte.json"), b""),
            Format::FabriqueJson
        );
        assert_eq!(Format::detect(Some("bill.akn"), b""), Format::AkomaNtoso);
        assert_eq!(
            Format::detect(None, b"\n  <?xml version='1.0'?>"),
            Format::AkomaNtoso
        );
        assert_eq!(
            Format::detect(Some("upload"), b"\xEF\xBB\xBF {\"a\":1}"),
            Format::FabriqueJson
        );
        assert_eq!(Format::detect(None, "Article 1er".as_bytes()), Format::Text);
        assert_eq!(Format::AkomaNtoso.as_str(), "akoma_ntoso");
        assert_eq!(Format::FabriqueJson.as_str(), "fabrique_json");
    }

    /// What `codraft import FILE` does: detect the format from the file's
    /// name and bytes, then parse.
    #[test]
    fn a_deeply_nested_file_is_refused_by_the_file_import_path() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("profond.xml");
        std::fs::write(&path, akoma_ntoso::tests::deep_bill(4_000, 20_000)).unwrap();
        let bytes = std::fs::read(&path).unwrap();
        let format = Format::detect(path.file_name().and_then(|n| n.to_str()), &bytes);
        assert_eq!(format, Format::AkomaNtoso);
        let problems = parse(format, &bytes).unwrap_err();
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].message, "import-too-deep");
        let message = crate::i18n::t_args(
            crate::domain::Locale::En,
            problems[0].message,
            &problems[0].args,
        );
        assert!(message.contains("100"), "{message}");
        // JSON nests through serde_json, whose own limit reports an error.
        let deep_json = "[".repeat(100_000);
        let problems = parse(Format::FabriqueJson, deep_json.as_bytes()).unwrap_err();
        assert_eq!(problems[0].message, "import-json-syntax");
    }

    #[test]
    fn rejects_bytes_that_are_not_utf8() {
        let bytes = b"Article 1er\nLe pr\xe9sent texte.\n";
        for format in [Format::Text, Format::FabriqueJson, Format::AkomaNtoso] {
            let problems = parse(format, bytes).unwrap_err();
            assert_eq!(problems.len(), 1);
            assert_eq!(problems[0].message, "import-not-utf8");
            assert_eq!(problems[0].location, "line 2, column 6");
            assert_eq!(problems[0].args, vec![("byte", "0xE9".to_string())]);
        }
    }

    #[test]
    fn every_message_is_translated() {
        use crate::domain::Locale;
        use crate::i18n::t_args;
        let messages: &[(&str, Vec<(&str, String)>)] = &[
            ("import-not-utf8", vec![("byte", "0xE9".into())]),
            ("import-no-articles", vec![("format", "text".into())]),
            (
                "import-no-articles",
                vec![("format", "fabrique_json".into())],
            ),
            ("import-no-articles", vec![("format", "akoma_ntoso".into())]),
            (
                "import-duplicate-label",
                vec![("label", "Article 2".into()), ("first", "line 3".into())],
            ),
            ("import-empty-article", vec![("label", "Article 2".into())]),
            ("import-bad-label", vec![("label", "Annexe".into())]),
            ("import-missing-label", vec![]),
            ("import-bad-section", vec![("label", "Foo".into())]),
            ("import-json-syntax", vec![("detail", "EOF".into())]),
            ("import-json-shape", vec![("expected", "object".into())]),
            ("import-json-shape", vec![("expected", "array".into())]),
            ("import-json-shape", vec![("expected", "string".into())]),
            ("import-xml-syntax", vec![("detail", "bad".into())]),
            (
                "import-wrong-root",
                vec![("found", "html".into()), ("expected", "akomaNtoso".into())],
            ),
            ("import-not-a-bill", vec![("found", "debate".into())]),
            ("import-too-deep", vec![("limit", "100".into())]),
        ];
        for locale in [Locale::Fr, Locale::En] {
            for (id, args) in messages {
                // `i18n::has` looks up without arguments, which fails for
                // messages with variables: render with the arguments instead.
                let text = t_args(locale, id, args);
                assert!(
                    !text.starts_with("Unknown localization key"),
                    "{id} missing in {locale:?}"
                );
                assert!(!text.contains('$') && !text.contains("{ "), "{id}: {text}");
                for (_, value) in args {
                    if !matches!(value.as_str(), "text" | "fabrique_json" | "akoma_ntoso")
                        && !matches!(value.as_str(), "object" | "array" | "string")
                    {
                        assert!(text.contains(value.as_str()), "{id}: {text}");
                    }
                }
            }
        }
        for (id, args) in messages {
            assert_ne!(
                t_args(Locale::Fr, id, args),
                t_args(Locale::En, id, args),
                "{id}"
            );
        }
        let article = ("article", "Article 13".to_string());
        let opened = ("opened", "398".to_string());
        let label = ("label", "Article 14".to_string());
        let warnings: &[(&str, Vec<(&str, String)>)] = &[
            (
                "import-warning-quote-ends-at-article",
                vec![opened.clone(), article.clone(), label.clone()],
            ),
            (
                "import-warning-quote-ended",
                vec![opened.clone(), article.clone()],
            ),
            (
                "import-warning-quote-open-at-end",
                vec![opened.clone(), article.clone()],
            ),
            (
                "import-warning-number-skipped",
                vec![
                    label.clone(),
                    ("previous", "Article 12".into()),
                    ("expected", "Article 13".into()),
                ],
            ),
            (
                "import-warning-number-backwards",
                vec![label.clone(), ("previous", "Article 15".into())],
            ),
            (
                "import-warning-number-repeated-quoted",
                vec![
                    opened.clone(),
                    article.clone(),
                    label.clone(),
                    ("first", "12".into()),
                ],
            ),
            (
                "import-warning-number-backwards-quoted",
                vec![opened.clone(), article.clone(), label.clone()],
            ),
            ("import-warning-more", vec![("count", "4900".into())]),
        ];
        for (id, args) in warnings {
            let mut texts = Vec::new();
            for locale in [Locale::Fr, Locale::En] {
                let text = t_args(locale, id, args);
                assert!(!text.starts_with("Unknown localization key"), "{id}");
                assert!(!text.contains('$') && !text.contains("{ "), "{id}: {text}");
                for (name, value) in args {
                    if *name != "opened" || !id.ends_with("open-at-end") {
                        assert!(text.contains(value.as_str()), "{id}: {text}");
                    }
                }
                texts.push(text);
            }
            assert_ne!(texts[0], texts[1], "{id}");
            // Before any article, the messages say where without one.
            let before: Vec<_> = args
                .iter()
                .map(|(k, v)| {
                    (
                        *k,
                        if *k == "article" {
                            "none".into()
                        } else {
                            v.clone()
                        },
                    )
                })
                .collect();
            assert!(!t_args(Locale::Fr, id, &before).contains("none"), "{id}");
            assert!(!t_args(Locale::En, id, &before).contains("none"), "{id}");
        }
        assert_eq!(
            t_args(
                Locale::Fr,
                "import-json-shape",
                &[("expected", "object".into())]
            ),
            "Structure JSON inattendue : attendu un objet {…} à cet endroit."
        );
        assert!(
            t_args(
                Locale::Fr,
                "import-no-articles",
                &[("format", "text".into())]
            )
            .contains("« Article 1er »")
        );
    }
}
