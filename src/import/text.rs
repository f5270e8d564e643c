//! Plain text or Markdown bills.
//!
//! Article headings sit on their own line ("Article 1er", "Article premier",
//! "Art. 2", "Article 3 bis – Titre"), structure headings likewise ("TITRE Ier",
//! "CHAPITRE II : …", "Section 1", "Sous-section 2") with their heading text
//! after a separator or on the next non-empty line. Markdown heading markers
//! (`#`) and bold markers around a heading are allowed. Lines inside a « »
//! quotation (code articles quoted by the bill) are always body text.

use super::{
    Draft, Format, ImportProblem, ImportWarning, ImportedArticle, ImportedBill, ImportedSection,
    NumberStyle, SectionKind, clean_spaces, parse_number, strip_article_word,
};

/// A heading recognised on a line.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Heading {
    Article {
        label: String,
        heading: Option<String>,
        /// Text after the number that reads as the first alinéa rather than a title.
        first_alinea: Option<String>,
    },
    Structure {
        kind: SectionKind,
        label: String,
        heading: Option<String>,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Phase {
    /// Before the exposé des motifs and any heading.
    Preamble,
    /// Inside the exposé des motifs.
    Expose,
    /// After "PROPOSITION DE LOI" closed the exposé, before the first heading.
    AfterExpose,
    /// From the first heading on.
    Body,
}

struct Article {
    label: String,
    heading: Option<String>,
    alineas: Vec<String>,
    section: Option<usize>,
    line: usize,
}

pub(crate) fn parse(text: &str) -> Result<Draft, Vec<ImportProblem>> {
    let lines: Vec<String> = text
        .lines()
        .map(|l| clean_spaces(l).trim().to_string())
        .collect();
    let mut phase = Phase::Preamble;
    let mut title: Option<String> = None;
    let mut title_needs_next = false;
    let mut seen_content = false;
    let mut summary: Vec<String> = Vec::new();
    let mut preamble: Vec<String> = Vec::new();
    let mut sections: Vec<ImportedSection> = Vec::new();
    // Index of each open structure level (by rank) to find the innermost.
    let mut open_sections: Vec<usize> = Vec::new();
    let mut articles: Vec<Article> = Vec::new();
    // The last heading seen was a structure heading: the lines that follow,
    // up to the next heading, are its heading text.
    let mut last_was_section = false;
    let mut quotes = Quotes::default();
    let mut numbering = Numbering::default();
    let mut warnings = Warnings::default();
    let mut lookahead = Lookahead::new(&lines);
    // Exposés often discuss the articles under lines like "Article 1er":
    // when a "PROPOSITION DE LOI" line closes the exposé further down,
    // everything up to it is exposé.
    let expose_end = lines
        .iter()
        .position(|l| is_expose_marker(strip_markup(l)))
        .and_then(|start| {
            lines
                .iter()
                .enumerate()
                .skip(start + 1)
                .find(|(_, l)| bill_marker(strip_markup(l)).is_some())
                .map(|(i, _)| i)
        });

    for (index, line) in lines.iter().enumerate() {
        let number = index + 1;
        let line = line.as_str();
        if line.is_empty() {
            continue;
        }
        if phase == Phase::Expose && expose_end.is_some_and(|end| index < end) {
            summary.push(line.to_string());
            continue;
        }
        let quoted = quotes.reads_quoted(index, line, &numbering, &mut lookahead, &mut warnings);
        if !quoted {
            let bare = strip_markup(line);
            if phase == Phase::Preamble && articles.is_empty() && is_expose_marker(bare) {
                phase = Phase::Expose;
                seen_content = true;
                continue;
            }
            if matches!(phase, Phase::Preamble | Phase::Expose)
                && let Some(rest) = bill_marker(bare)
            {
                if phase == Phase::Expose {
                    phase = Phase::AfterExpose;
                }
                if title.is_none() {
                    if rest.is_empty() {
                        title_needs_next = true;
                    }
                    title = Some(bare.to_string());
                }
                seen_content = true;
                continue;
            }
            if let Some(heading) = parse_heading(line) {
                phase = Phase::Body;
                title_needs_next = false;
                seen_content = true;
                match heading {
                    Heading::Article {
                        label,
                        heading,
                        first_alinea,
                    } => {
                        numbering.warn_if_out_of_sequence(&label, number, &mut warnings);
                        numbering.record(&label, number);
                        articles.push(Article {
                            label,
                            heading,
                            alineas: first_alinea.into_iter().collect(),
                            section: open_sections.last().copied(),
                            line: number,
                        });
                        last_was_section = false;
                    }
                    Heading::Structure {
                        kind,
                        label,
                        heading,
                    } => {
                        // Close the open levels at the same depth or deeper.
                        while let Some(&last) = open_sections.last() {
                            if sections[last].kind.rank() >= kind.rank() {
                                open_sections.pop();
                            } else {
                                break;
                            }
                        }
                        let level = open_sections.len() as u8 + 1;
                        last_was_section = true;
                        sections.push(ImportedSection {
                            kind,
                            label,
                            heading: heading.unwrap_or_default(),
                            level,
                        });
                        open_sections.push(sections.len() - 1);
                    }
                }
                let current = articles.last().map(|a| a.label.as_str());
                quotes.after_line(line, number, current);
                continue;
            }
        }
        quotes.after_line(line, number, articles.last().map(|a| a.label.as_str()));
        if last_was_section {
            // Heading text of the last structure heading, possibly on several lines.
            if let Some(section) = sections.last_mut() {
                let bare = strip_markup(line);
                if !section.heading.is_empty() {
                    section.heading.push(' ');
                }
                section.heading.push_str(bare);
            }
            continue;
        }
        match phase {
            Phase::Preamble => {
                if title_needs_next {
                    title_needs_next = false;
                    if let Some(title) = title.as_mut() {
                        title.push(' ');
                        title.push_str(strip_markup(line));
                    }
                } else if title.is_none() && !seen_content && !quoted {
                    title = Some(strip_markup(line).to_string());
                } else {
                    preamble.push(line.to_string());
                }
                seen_content = true;
            }
            Phase::Expose => summary.push(line.to_string()),
            Phase::AfterExpose => {
                if title_needs_next {
                    title_needs_next = false;
                    if let Some(title) = title.as_mut() {
                        title.push(' ');
                        title.push_str(strip_markup(line));
                    }
                }
                // Other lines between the exposé and the first heading
                // (committee referral, authors) are not part of the bill text.
            }
            Phase::Body => {
                if let Some(article) = articles.last_mut() {
                    article.alineas.push(line.to_string());
                }
            }
        }
    }
    quotes.at_end(&mut warnings);

    let summary = if summary.is_empty() {
        preamble.join("\n\n")
    } else {
        summary.join("\n\n")
    };
    let article_locations = articles
        .iter()
        .map(|a| format!("line {}", a.line))
        .collect();
    let articles = articles
        .into_iter()
        .map(|a| ImportedArticle {
            label: a.label,
            heading: a.heading,
            body: a.alineas.join("\n\n"),
            section: a.section,
            explanation: None,
        })
        .collect();
    Ok(Draft {
        bill: ImportedBill {
            format: Format::Text,
            title: title.filter(|t| !t.is_empty()),
            summary,
            sections,
            articles,
            source: None,
            warnings: warnings.into_list(),
        },
        article_locations,
        root_location: "line 1".to_string(),
    })
}

/// How many warnings a preview lists before saying how many more there are.
const WARNINGS_SHOWN: usize = 100;

#[derive(Default)]
struct Warnings {
    list: Vec<ImportWarning>,
    more: usize,
}

impl Warnings {
    fn push(&mut self, line: usize, message: &'static str, args: Vec<(&'static str, String)>) {
        if self.list.len() < WARNINGS_SHOWN {
            self.list.push(ImportWarning {
                line,
                message,
                args,
            });
        } else {
            self.more += 1;
        }
    }

    fn into_list(mut self) -> Vec<ImportWarning> {
        if self.more > 0 {
            let line = self.list.last().map_or(1, |w| w.line);
            self.list.push(ImportWarning {
                line,
                message: "import-warning-more",
                args: vec![("count", self.more.to_string())],
            });
        }
        self.list
    }
}

/// "Article 14 bis" → 14; "Article 1er" → 1; "Article IV" → 4; "Article
/// liminaire" → 0; "Article unique" → None (outside any sequence).
fn article_number(label: &str) -> Option<u32> {
    let number = label.strip_prefix("Article ")?;
    let base = number.split(' ').next()?;
    if let Some(digits) = base.strip_suffix("er") {
        return digits.parse().ok();
    }
    if let Ok(n) = base.parse() {
        return Some(n);
    }
    match base {
        "liminaire" | "préliminaire" => Some(0),
        _ => roman_value(base),
    }
}

fn roman_value(word: &str) -> Option<u32> {
    let digit = |c| match c {
        'I' => Some(1),
        'V' => Some(5),
        'X' => Some(10),
        'L' => Some(50),
        'C' => Some(100),
        'D' => Some(500),
        'M' => Some(1000),
        _ => None,
    };
    let values: Vec<u32> = word.chars().map(digit).collect::<Option<_>>()?;
    let mut total = 0;
    for (i, v) in values.iter().enumerate() {
        if values.get(i + 1).is_some_and(|next| next > v) {
            total -= *v as i64;
        } else {
            total += *v as i64;
        }
    }
    u32::try_from(total).ok().filter(|&n| n > 0)
}

/// Where a heading's number falls in the bill's own numbering.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Place {
    /// The first article, the same number again with another suffix
    /// ("Article 2 bis" after "Article 2"), or the next number.
    Next,
    /// Numbers were skipped: `expected` is the first one missing.
    Skipped { expected: String },
    /// A lower number than the article before.
    Backwards,
    /// A label already used, first on line `first`.
    Repeated { first: usize },
}

/// The article numbers read so far.
#[derive(Default)]
struct Numbering {
    last: Option<(String, Option<u32>)>,
    seen: std::collections::HashMap<String, usize>,
}

impl Numbering {
    fn place(&self, label: &str) -> Place {
        if let Some(&first) = self.seen.get(label) {
            return Place::Repeated { first };
        }
        match (
            self.last.as_ref().and_then(|(_, n)| *n),
            article_number(label),
        ) {
            (Some(previous), Some(n)) if n > previous + 1 => Place::Skipped {
                expected: format!("Article {}", previous + 1),
            },
            (Some(previous), Some(n)) if n < previous => Place::Backwards,
            _ => Place::Next,
        }
    }

    fn record(&mut self, label: &str, line: usize) {
        self.seen.entry(label.to_string()).or_insert(line);
        self.last = Some((label.to_string(), article_number(label)));
    }

    /// A skipped or backward number is read as an article, and said. A
    /// repeated one is refused later, with both lines.
    fn warn_if_out_of_sequence(&self, label: &str, line: usize, warnings: &mut Warnings) {
        let previous = self
            .last
            .as_ref()
            .map(|(l, _)| l.clone())
            .unwrap_or_default();
        match self.place(label) {
            Place::Skipped { expected } => warnings.push(
                line,
                "import-warning-number-skipped",
                vec![
                    ("label", label.to_string()),
                    ("previous", previous),
                    ("expected", expected),
                ],
            ),
            Place::Backwards => warnings.push(
                line,
                "import-warning-number-backwards",
                vec![("label", label.to_string()), ("previous", previous)],
            ),
            Place::Next | Place::Repeated { .. } => {}
        }
    }
}

/// The label of the article heading on `line`, if it is one.
fn article_label(line: &str) -> Option<String> {
    match parse_heading(line) {
        Some(Heading::Article { label, .. }) => Some(label),
        _ => None,
    }
}

/// How a line moves the « » depth: the depth after it, and whether the
/// quotation open before it closed on it. A leading « while a quotation
/// is open continues it (French style reopens « at the start of each
/// quoted paragraph without closing the one before).
fn quote_step(depth: usize, line: &str) -> (usize, bool) {
    let mut chars = line.chars().peekable();
    if depth > 0 && chars.peek() == Some(&'«') {
        chars.next();
    }
    let mut d = depth;
    let mut closed = false;
    for c in chars {
        match c {
            '«' => d += 1,
            '»' if d > 0 => {
                d -= 1;
                closed |= d == 0 && depth > 0;
            }
            _ => {}
        }
    }
    (d, closed)
}

/// How many lines may be read ahead, in all, to find where quotations
/// close: a long or contrived file costs bounded work, and a quotation
/// whose end is not found within it counts as unclosed.
const LOOKAHEAD_BUDGET: usize = 200_000;

/// Reads ahead for the end of an open quotation.
struct Lookahead<'a> {
    lines: &'a [String],
    budget: usize,
}

impl<'a> Lookahead<'a> {
    fn new(lines: &'a [String]) -> Self {
        Lookahead {
            lines,
            budget: LOOKAHEAD_BUDGET,
        }
    }

    /// The index of the line where the quotation open at depth `depth`
    /// closes, reading from line `from`; None if the bill's next article
    /// (a heading in its own numbering, at the start of a paragraph that
    /// does not open with «) or the end of the file comes first.
    fn closing(&mut self, from: usize, depth: usize, numbering: &Numbering) -> Option<usize> {
        let mut depth = depth;
        for (index, line) in self.lines.iter().enumerate().skip(from) {
            if self.budget == 0 {
                return None;
            }
            self.budget -= 1;
            if line.is_empty() {
                continue;
            }
            if index > from
                && !line.starts_with('«')
                && article_label(line).is_some_and(|l| numbering.place(&l) == Place::Next)
            {
                return None;
            }
            let (after, closed) = quote_step(depth, line);
            if closed {
                return Some(index);
            }
            depth = after;
        }
        None
    }
}

/// Follows « » quotations from paragraph to paragraph.
///
/// French legal style quotes several paragraphs by opening each with «
/// and closing only the last with ». So a quotation runs while each
/// paragraph opens with «; a paragraph that does not is either quoted text
/// written without its « (the quotation closes further on) or the sign
/// that the closing » was forgotten, and the quotation ended with the
/// paragraph before. A heading in the bill's own numbering ("Article 14"
/// in Article 13) at the start of such a paragraph is always an article.
/// Every guess is a warning.
#[derive(Default)]
struct Quotes {
    depth: usize,
    /// Line where the open quotation started, and the article it is in.
    opened_at: usize,
    opened_in: Option<String>,
    /// The open quotation is known to close on this line (index).
    closes_at: Option<usize>,
}

impl Quotes {
    /// Whether the line at `index` is quoted text (so never a heading).
    fn reads_quoted(
        &mut self,
        index: usize,
        line: &str,
        numbering: &Numbering,
        lookahead: &mut Lookahead,
        warnings: &mut Warnings,
    ) -> bool {
        if self.depth == 0 {
            return line.starts_with(['«', '"', '“', '„']);
        }
        if line.starts_with('«') || self.closes_at.is_some_and(|end| index <= end) {
            return true;
        }
        let number = index + 1;
        let label = article_label(line);
        let place = label.as_deref().map(|l| numbering.place(l));
        if place == Some(Place::Next) {
            let label = label.unwrap_or_default();
            warnings.push(number, "import-warning-quote-ends-at-article", {
                let mut args = self.opening_args();
                args.push(("label", label));
                args
            });
            self.end();
            return false;
        }
        if let Some(end) = lookahead.closing(index, self.depth, numbering) {
            self.closes_at = Some(end);
            return true;
        }
        if let (Some(label), Some(Place::Repeated { first })) = (&label, &place) {
            // An earlier number at the start of a paragraph inside an
            // unclosed quotation: a citation more likely than an article.
            let mut args = self.opening_args();
            args.push(("label", label.clone()));
            args.push(("first", first.to_string()));
            warnings.push(number, "import-warning-number-repeated-quoted", args);
            return true;
        }
        if let (Some(label), Some(Place::Backwards)) = (&label, &place) {
            let mut args = self.opening_args();
            args.push(("label", label.clone()));
            warnings.push(number, "import-warning-number-backwards-quoted", args);
            return true;
        }
        warnings.push(number, "import-warning-quote-ended", self.opening_args());
        self.end();
        false
    }

    fn opening_args(&self) -> Vec<(&'static str, String)> {
        vec![
            ("opened", self.opened_at.to_string()),
            (
                "article",
                self.opened_in.clone().unwrap_or_else(|| "none".to_string()),
            ),
        ]
    }

    fn end(&mut self) {
        self.depth = 0;
        self.closes_at = None;
    }

    fn after_line(&mut self, line: &str, number: usize, article: Option<&str>) {
        let (after, closed) = quote_step(self.depth, line);
        if after > 0 && (self.depth == 0 || closed) {
            self.opened_at = number;
            self.opened_in = article.map(str::to_string);
            self.closes_at = None;
        }
        if after == 0 {
            self.closes_at = None;
        }
        self.depth = after;
    }

    /// A quotation still open at the end of the file.
    fn at_end(&self, warnings: &mut Warnings) {
        if self.depth > 0 {
            warnings.push(
                self.opened_at,
                "import-warning-quote-open-at-end",
                self.opening_args(),
            );
        }
    }
}

/// Drops Markdown heading markers, block quote markers and bold/italic
/// wrappers around a whole line.
fn strip_markup(line: &str) -> &str {
    let mut s = line.trim();
    if s.starts_with('#') {
        s = s.trim_start_matches('#').trim_start();
    }
    for wrapper in ["**", "__", "*", "_"] {
        if s.len() > 2 * wrapper.len() && s.starts_with(wrapper) && s.ends_with(wrapper) {
            s = s[wrapper.len()..s.len() - wrapper.len()].trim();
        }
    }
    s
}

/// Uppercase, accents removed, for comparing markers.
fn fold(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            'à' | 'â' | 'ä' | 'À' | 'Â' | 'Ä' => 'A',
            'é' | 'è' | 'ê' | 'ë' | 'É' | 'È' | 'Ê' | 'Ë' => 'E',
            'î' | 'ï' | 'Î' | 'Ï' => 'I',
            'ô' | 'ö' | 'Ô' | 'Ö' => 'O',
            'ù' | 'û' | 'ü' | 'Ù' | 'Û' | 'Ü' => 'U',
            'ç' | 'Ç' => 'C',
            c => c.to_ascii_uppercase(),
        })
        .collect()
}

fn is_expose_marker(line: &str) -> bool {
    let folded = fold(line);
    let folded = folded.trim_end_matches(|c: char| c == ':' || c == '.' || c.is_whitespace());
    folded == "EXPOSE DES MOTIFS"
}

/// "PROPOSITION DE LOI …" / "PROJET DE LOI …": the rest of the line.
fn bill_marker(line: &str) -> Option<&str> {
    let folded = fold(line);
    for marker in [
        "PROPOSITION DE LOI ORGANIQUE",
        "PROJET DE LOI ORGANIQUE",
        "PROPOSITION DE LOI CONSTITUTIONNELLE",
        "PROJET DE LOI CONSTITUTIONNELLE",
        "PROPOSITION DE LOI",
        "PROJET DE LOI",
    ] {
        if let Some(after) = folded.strip_prefix(marker)
            && (after.is_empty() || after.starts_with([' ', ',', ':']))
        {
            // Folding keeps one char per char: cut by characters.
            let count = marker.chars().count();
            let byte = line
                .char_indices()
                .nth(count)
                .map(|(i, _)| i)
                .unwrap_or(line.len());
            return Some(line[byte..].trim());
        }
    }
    None
}

/// Structure words and the kind and printed label word they give.
const STRUCTURE_WORDS: &[(&str, SectionKind, &str, NumberStyle)] = &[
    (
        "SOUS-SECTION",
        SectionKind::SousSection,
        "Sous-section",
        NumberStyle::Arabic,
    ),
    (
        "SOUS SECTION",
        SectionKind::SousSection,
        "Sous-section",
        NumberStyle::Arabic,
    ),
    (
        "SECTION",
        SectionKind::Section,
        "Section",
        NumberStyle::Arabic,
    ),
    (
        "CHAPITRE",
        SectionKind::Chapitre,
        "CHAPITRE",
        NumberStyle::Roman,
    ),
    ("TITRE", SectionKind::Titre, "TITRE", NumberStyle::Roman),
    ("LIVRE", SectionKind::Part, "LIVRE", NumberStyle::Roman),
    ("PARTIE", SectionKind::Part, "PARTIE", NumberStyle::Roman),
];

/// Recognises an article or structure heading line (not checking quotes).
pub(crate) fn parse_heading(line: &str) -> Option<Heading> {
    let unbolded;
    let mut line = strip_markup(line);
    // "**Article 2 A** : Ratification"
    for marker in ["**", "__"] {
        if let Some(after) = line.strip_prefix(marker)
            && let Some(end) = after.find(marker)
        {
            unbolded = format!("{}{}", &after[..end], &after[end + marker.len()..]);
            line = unbolded.as_str();
            break;
        }
    }
    if let Some(rest) = strip_article_word(line) {
        let (number, remainder) = parse_number(rest, NumberStyle::Article)?;
        let text = after_separator(remainder)?;
        let label = format!("Article {number}");
        return Some(match text {
            None => Heading::Article {
                label,
                heading: None,
                first_alinea: None,
            },
            Some(text) if reads_as_alinea(text) => Heading::Article {
                label,
                heading: None,
                first_alinea: Some(text.to_string()),
            },
            Some(text) => Heading::Article {
                label,
                heading: Some(text.to_string()),
                first_alinea: None,
            },
        });
    }
    let folded = fold(line);
    for &(word, kind, printed, style) in STRUCTURE_WORDS {
        let Some(after) = folded.strip_prefix(word) else {
            continue;
        };
        if !after.starts_with(' ') {
            continue;
        }
        let skip = line
            .char_indices()
            .nth(word.chars().count())
            .map(|(i, _)| i)
            .unwrap_or(line.len());
        let (number, remainder) = parse_number(&line[skip..], style)?;
        let heading = after_separator(remainder)?;
        return Some(Heading::Structure {
            kind,
            label: format!("{printed} {number}"),
            heading: heading.map(str::to_string),
        });
    }
    None
}

/// After a heading's number: nothing (Ok(None)), or a separator and text
/// (Ok(Some(text))); None when the line goes on as a sentence.
fn after_separator(remainder: &str) -> Option<Option<&str>> {
    let trimmed = remainder.trim();
    if trimmed.is_empty() {
        return Some(None);
    }
    let starts_with_separator = trimmed.starts_with(['.', '–', '—', '-', ':', ')', '|']);
    if !starts_with_separator {
        return None;
    }
    let text = trimmed.trim_start_matches(|c: char| ".–—-:)|".contains(c) || c.is_whitespace());
    let text = text.trim();
    if text.is_empty() {
        Some(None)
    } else {
        Some(Some(text))
    }
}

/// A long sentence after an article number ("Article 1er. – La présente loi
/// s'applique …") is the first alinéa, not a title.
fn reads_as_alinea(text: &str) -> bool {
    text.ends_with(['.', ';', ':']) && text.split_whitespace().count() >= 8
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::domain::Locale;
    use crate::import::{Format, SectionKind, parse as parse_bill};

    const BILL: &str = "\
Proposition de loi relative à l'information des passagers aériens

EXPOSÉ DES MOTIFS

Mesdames, Messieurs,

Les grèves du transport aérien pénalisent les passagers.

Article 1er

Cet article définit le champ d'application.

PROPOSITION DE LOI

TITRE Ier
DISPOSITIONS GÉNÉRALES

CHAPITRE Ier – Champ d'application

Article premier

La présente loi est applicable aux entreprises de transport aérien de passagers.

Art. 2. – Information des passagers

Le code des transports est ainsi modifié :
1° Après l'article L. 112-1, il est inséré un article ainsi rédigé :
« Art. L. 112-1. – Le transporteur informe les passagers.
« Article 4. – Les modalités sont fixées par décret. »
2° Le dernier alinéa est supprimé.

TITRE II
DISPOSITIONS FINALES

## Article 3 bis

Le Gouvernement remet un rapport au Parlement.
";

    #[test]
    fn imports_a_french_bill() {
        let bill = parse_bill(Format::Text, BILL.as_bytes()).unwrap();
        assert_eq!(bill.format, Format::Text);
        assert_eq!(
            bill.title.as_deref(),
            Some("Proposition de loi relative à l'information des passagers aériens")
        );
        assert_eq!(
            bill.summary,
            "Mesdames, Messieurs,\n\nLes grèves du transport aérien pénalisent les passagers.\n\n\
             Article 1er\n\nCet article définit le champ d'application."
        );
        let labels: Vec<_> = bill.articles.iter().map(|a| a.label.as_str()).collect();
        assert_eq!(labels, ["Article 1er", "Article 2", "Article 3 bis"]);
        assert_eq!(
            bill.sections,
            vec![
                ImportedSection {
                    kind: SectionKind::Titre,
                    label: "TITRE Ier".into(),
                    heading: "DISPOSITIONS GÉNÉRALES".into(),
                    level: 1,
                },
                ImportedSection {
                    kind: SectionKind::Chapitre,
                    label: "CHAPITRE Ier".into(),
                    heading: "Champ d'application".into(),
                    level: 2,
                },
                ImportedSection {
                    kind: SectionKind::Titre,
                    label: "TITRE II".into(),
                    heading: "DISPOSITIONS FINALES".into(),
                    level: 1,
                },
            ]
        );
        let [first, second, third] = &bill.articles[..] else {
            panic!("three articles");
        };
        assert_eq!(first.section, Some(1));
        assert_eq!(first.heading, None);
        assert_eq!(
            first.body,
            "La présente loi est applicable aux entreprises de transport aérien de passagers."
        );
        assert_eq!(second.heading.as_deref(), Some("Information des passagers"));
        assert_eq!(second.section, Some(1));
        assert_eq!(
            second.body,
            "Le code des transports est ainsi modifié :\n\n\
             1° Après l'article L. 112-1, il est inséré un article ainsi rédigé :\n\n\
             « Art. L. 112-1. – Le transporteur informe les passagers.\n\n\
             « Article 4. – Les modalités sont fixées par décret. »\n\n\
             2° Le dernier alinéa est supprimé."
        );
        assert_eq!(third.section, Some(2));
        assert_eq!(third.body, "Le Gouvernement remet un rapport au Parlement.");
    }

    #[test]
    fn quoted_lines_without_guillemet_stay_quoted() {
        // The quotation opened on one line goes on over lines that do not
        // start with «; an "Article" line inside it is body text.
        let text = "Article 1er\nIl est inséré un article ainsi rédigé : « Art. 3. – Le \
                    premier alinéa.\nArticle 4\nSuite du texte cité. »\nArticle 2\nFin.";
        let bill = parse_bill(Format::Text, text.as_bytes()).unwrap();
        let labels: Vec<_> = bill.articles.iter().map(|a| a.label.as_str()).collect();
        assert_eq!(labels, ["Article 1er", "Article 2"]);
        assert!(bill.articles[0].body.contains("\n\nArticle 4\n\n"));
        assert_eq!(bill.title, None);
        assert_eq!(bill.summary, "");
    }

    #[test]
    fn headings_on_one_line() {
        assert_eq!(
            parse_heading("ARTICLE UNIQUE"),
            Some(Heading::Article {
                label: "Article unique".into(),
                heading: None,
                first_alinea: None
            })
        );
        assert_eq!(
            parse_heading("**Article 2 A** : Ratification"),
            Some(Heading::Article {
                label: "Article 2 A".into(),
                heading: Some("Ratification".into()),
                first_alinea: None
            })
        );
        assert_eq!(
            parse_heading("### Article 7 : Entrée en vigueur"),
            Some(Heading::Article {
                label: "Article 7".into(),
                heading: Some("Entrée en vigueur".into()),
                first_alinea: None
            })
        );
        assert_eq!(
            parse_heading(
                "Art. 5. – La présente loi entre en vigueur le premier jour du mois suivant."
            ),
            Some(Heading::Article {
                label: "Article 5".into(),
                heading: None,
                first_alinea: Some(
                    "La présente loi entre en vigueur le premier jour du mois suivant.".into()
                )
            })
        );
        assert_eq!(
            parse_heading("Titre premier : De l'organisation"),
            Some(Heading::Structure {
                kind: SectionKind::Titre,
                label: "TITRE Ier".into(),
                heading: Some("De l'organisation".into())
            })
        );
        assert_eq!(
            parse_heading("Sous-section 2"),
            Some(Heading::Structure {
                kind: SectionKind::SousSection,
                label: "Sous-section 2".into(),
                heading: None
            })
        );
        for body in [
            "Article 2 de la loi n° 78-753 est abrogé.",
            "Titre de séjour pluriannuel",
            "Section française de la commission",
            "L'article 3 est supprimé.",
        ] {
            assert_eq!(parse_heading(body), None, "{body}");
        }
    }

    #[test]
    fn no_article_heading_is_reported_at_line_1() {
        let problems =
            parse_bill(Format::Text, "Un texte\n\nsans aucun article.\n".as_bytes()).unwrap_err();
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].location, "line 1");
        assert_eq!(problems[0].message, "import-no-articles");
        assert_eq!(problems[0].args, vec![("format", "text".to_string())]);
    }

    #[test]
    fn duplicate_and_empty_articles_are_reported_with_their_lines() {
        let text = "Article 1er\nPremier alinéa.\n\nArticle 2\n\nArt. 1er – Encore\nTexte.\n";
        let problems = parse_bill(Format::Text, text.as_bytes()).unwrap_err();
        assert_eq!(
            problems,
            vec![
                ImportProblem::new(
                    "line 4",
                    "import-empty-article",
                    vec![("label", "Article 2".into())]
                ),
                ImportProblem::new(
                    "line 6",
                    "import-duplicate-label",
                    vec![("label", "Article 1er".into()), ("first", "line 1".into())]
                ),
            ]
        );
    }

    #[test]
    fn an_unclosed_quotation_ends_at_the_bills_next_article() {
        let text = "Article 1er\nIl est ajouté : « Le texte cité\nArticle 2\nSuite.\n";
        let bill = parse_bill(Format::Text, text.as_bytes()).unwrap();
        assert_eq!(labels(&bill), ["Article 1er", "Article 2"]);
        assert_eq!(
            bill.warnings,
            vec![ImportWarning {
                line: 3,
                message: "import-warning-quote-ends-at-article",
                args: vec![
                    ("opened", "2".into()),
                    ("article", "Article 1er".into()),
                    ("label", "Article 2".into())
                ],
            }]
        );
        let en = bill.warning_texts(Locale::En);
        assert_eq!(en[0].line, 3);
        assert_eq!(
            en[0].message,
            "A quotation opened in Article 1er (line 2) is not closed by »; Article 2 is read \
             as a new article."
        );
        let fr = bill.warning_texts(Locale::Fr);
        assert!(
            fr[0]
                .message
                .contains("l'Article 2 est lu comme un nouvel article")
        );
    }

    fn labels(bill: &ImportedBill) -> Vec<&str> {
        bill.articles.iter().map(|a| a.label.as_str()).collect()
    }

    fn codes(bill: &ImportedBill) -> Vec<(usize, &str)> {
        bill.warnings.iter().map(|w| (w.line, w.message)).collect()
    }

    #[test]
    fn a_quotation_that_closes_keeps_its_paragraphs() {
        let text = "\
Article 1er
L'article L. 1 est ainsi rédigé :
« Art. L. 1. – Le premier alinéa.
« Article 2. – Un article du code, cité.
« Le dernier alinéa. »
Article 2
Le second article de la loi.
";
        let bill = parse_bill(Format::Text, text.as_bytes()).unwrap();
        assert_eq!(labels(&bill), ["Article 1er", "Article 2"]);
        assert!(
            bill.articles[0]
                .body
                .contains("« Article 2. – Un article du code, cité.")
        );
        assert_eq!(bill.articles[1].body, "Le second article de la loi.");
        assert_eq!(bill.warnings, []);
    }

    #[test]
    fn an_unclosed_quotation_is_said() {
        // Each quoted paragraph opens with «, the last one never closes:
        // the next paragraph that does not open with « ends it.
        let text = "\
Article 1er
Le code est ainsi modifié :
« Premier alinéa cité ;
« Second alinéa cité, sans guillemet fermant.
II. – Le II entre en vigueur en 2017.
Article 2
Texte.
";
        let bill = parse_bill(Format::Text, text.as_bytes()).unwrap();
        assert_eq!(labels(&bill), ["Article 1er", "Article 2"]);
        assert!(
            bill.articles[0]
                .body
                .ends_with("II. – Le II entre en vigueur en 2017.")
        );
        assert_eq!(codes(&bill), [(5, "import-warning-quote-ended")]);
        assert_eq!(
            bill.warnings[0].args,
            vec![("opened", "3".into()), ("article", "Article 1er".into())]
        );
        // Open until the end of the text.
        let bill = parse_bill(
            Format::Text,
            "Article 1er\n« Texte cité\n« suite".as_bytes(),
        )
        .unwrap();
        assert_eq!(codes(&bill), [(2, "import-warning-quote-open-at-end")]);
        for locale in [Locale::Fr, Locale::En] {
            let text = &bill.warning_texts(locale)[0].message;
            assert!(text.contains("Article 1er") && text.contains('»'), "{text}");
        }
    }

    #[test]
    fn quotation_marks_inside_a_paragraph() {
        let text = "\
Article 1er
Au premier alinéa, les mots : « la personne » sont remplacés par les mots : « l'opérateur ».
Article 2
Les mots « et conseille » sont supprimés.
";
        let bill = parse_bill(Format::Text, text.as_bytes()).unwrap();
        assert_eq!(labels(&bill), ["Article 1er", "Article 2"]);
        assert_eq!(bill.warnings, []);
    }

    #[test]
    fn an_article_cited_in_a_quotation_stays_quoted() {
        // "Article 5", the bill's next number, opens a quoted paragraph;
        // "Article 9", written without its «, sits in a quotation that
        // closes further on.
        let text = "\
Article 4
La loi est complétée par deux articles ainsi rédigés :
« Article 5. – Le texte cité.
« Article 6. – Suite du texte cité. »
Après l'article 8, il est inséré un article ainsi rédigé : « Art. 3. – Premier alinéa.
Article 9
Dernier alinéa. »
Article 5
Le vrai article 5.
";
        let bill = parse_bill(Format::Text, text.as_bytes()).unwrap();
        assert_eq!(labels(&bill), ["Article 4", "Article 5"]);
        assert!(
            bill.articles[0]
                .body
                .contains("« Article 5. – Le texte cité.")
        );
        assert!(
            bill.articles[0]
                .body
                .contains("\n\nArticle 9\n\nDernier alinéa. »")
        );
        assert_eq!(bill.articles[1].body, "Le vrai article 5.");
        assert_eq!(bill.warnings, []);
    }

    #[test]
    fn a_skipped_number_is_said() {
        let text = "Article 1er\nUn.\nArticle 2\nDeux.\nArticle 4\nQuatre.\nArticle 3\nTrois.\n";
        let bill = parse_bill(Format::Text, text.as_bytes()).unwrap();
        assert_eq!(
            labels(&bill),
            ["Article 1er", "Article 2", "Article 4", "Article 3"]
        );
        assert_eq!(
            codes(&bill),
            [
                (5, "import-warning-number-skipped"),
                (7, "import-warning-number-backwards")
            ]
        );
        assert_eq!(
            bill.warning_texts(Locale::En)[0].message,
            "Article 4 follows Article 2: Article 3 is missing, or its heading was not recognised."
        );
        // Suffixes and the next number follow on.
        let text =
            "Article 1er\nA.\nArticle 1er bis\nB.\nArticle 2 A\nC.\nArticle 2\nD.\nArticle 3\nE.\n";
        assert_eq!(
            parse_bill(Format::Text, text.as_bytes()).unwrap().warnings,
            []
        );
    }

    #[test]
    fn a_repeated_number_is_said() {
        // Inside an unclosed quotation, an earlier number at the start of a
        // paragraph is a citation: quoted text, and said.
        let text = "\
Article 1er
Premier article.
Article 2
Le code est ainsi modifié :
« Le texte cité, sans guillemet fermant.
Article 1er
Texte de l'article 1er du code.
Article 3
Troisième article.
";
        let bill = parse_bill(Format::Text, text.as_bytes()).unwrap();
        assert_eq!(labels(&bill), ["Article 1er", "Article 2", "Article 3"]);
        assert!(
            bill.articles[1]
                .body
                .contains("Article 1er\n\nTexte de l'article 1er du code.")
        );
        assert_eq!(
            codes(&bill),
            [
                (6, "import-warning-number-repeated-quoted"),
                (7, "import-warning-quote-ended"),
            ]
        );
        let en = &bill.warning_texts(Locale::En)[0].message;
        assert!(
            en.contains("line 1") && en.contains("Article 2 (line 5)"),
            "{en}"
        );
        // Outside any quotation, two articles cannot share a number: the
        // file is refused with both lines.
        let problems = parse_bill(
            Format::Text,
            "Article 1er\nUn.\nArticle 2\nDeux.\nArticle 2\nTrois.\n".as_bytes(),
        )
        .unwrap_err();
        assert_eq!(problems[0].message, "import-duplicate-label");
        assert_eq!(problems[0].location, "line 5");
    }

    #[test]
    fn warnings_are_bounded() {
        let mut text = String::from("Article 1er\n");
        for _ in 0..5_000 {
            text.push_str("« Cité\nNon cité\n");
        }
        let started = std::time::Instant::now();
        let bill = parse_bill(Format::Text, text.as_bytes()).unwrap();
        assert!(started.elapsed() < std::time::Duration::from_secs(5));
        assert_eq!(bill.warnings.len(), WARNINGS_SHOWN + 1);
        let last = bill.warnings.last().unwrap();
        assert_eq!(last.message, "import-warning-more");
        assert_eq!(last.args, vec![("count", "4900".into())]);
    }

    /// The 2015 bill as a sponsor pastes it: the title, each section
    /// heading and each article's heading, then its text as the project
    /// converts its HTML.
    pub(crate) fn republique_numerique_as_text(with_titles: bool) -> String {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../shared/data/consultations/republique-numerique-2015/bill-articles.json"
        );
        let json = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"));
        let items: serde_json::Value = serde_json::from_str(&json).unwrap();
        let mut text = String::from("PROJET DE LOI pour une République numérique\n\n");
        let mut section = String::new();
        for (i, item) in items.as_array().unwrap().iter().enumerate() {
            let this = format!(
                "{} – {}",
                item["section"].as_str().unwrap(),
                item["heading"].as_str().unwrap()
            );
            if this != section {
                text.push_str(&format!("{this}\n\n"));
                section = this;
            }
            let number = if i == 0 {
                "1er".to_string()
            } else {
                (i + 1).to_string()
            };
            let title = item["title"].as_str().unwrap();
            let (_, heading) = title.split_once(" - ").unwrap();
            if with_titles {
                text.push_str(&format!("Article {number} – {heading}\n\n"));
            } else {
                text.push_str(&format!("Article {number}\n\n"));
            }
            let body = crate::import::html::to_markdown(item["body_html"].as_str().unwrap());
            text.push_str(&body);
            text.push_str("\n\n");
        }
        text
    }

    #[test]
    fn the_2015_bill_pasted_as_text_keeps_its_thirty_articles() {
        for with_titles in [false, true] {
            let text = republique_numerique_as_text(with_titles);
            let bill = parse_bill(Format::Text, text.as_bytes()).unwrap();
            let expected: Vec<String> = std::iter::once("Article 1er".to_string())
                .chain((2..=30).map(|n| format!("Article {n}")))
                .collect();
            assert_eq!(labels(&bill), expected);
            assert_eq!(
                bill.title.as_deref(),
                Some("PROJET DE LOI pour une République numérique")
            );
            let thirteen = &bill.articles[12].body;
            assert!(thirteen.starts_with("L’article L. 111-5-1 du code de la consommation"));
            for quoted in [
                "« Sans préjudice des obligations",
                "1° Sont qualifiées de plateformes en ligne",
                "« 2° Toute plateforme en ligne est tenue",
                "II. Aux deuxième et troisième alinéas",
            ] {
                assert!(thirteen.contains(quoted), "{quoted}");
            }
            let fourteen = &bill.articles[13];
            assert!(
                !fourteen
                    .body
                    .contains("Toute plateforme en ligne est tenue")
            );
            assert_eq!(
                bill.articles[14]
                    .section
                    .map(|i| bill.sections[i].heading.as_str()),
                Some("Information des consommateurs")
            );
            // Every guess is in Article 13, whose quotation lacks its ».
            let lines: Vec<&str> = text.lines().collect();
            assert!(!bill.warnings.is_empty());
            for w in &bill.warnings {
                assert_eq!(w.message, "import-warning-quote-ended", "{w:?}");
                assert!(w.args.contains(&("article", "Article 13".into())), "{w:?}");
                let line = lines[w.line - 1];
                assert!(!line.starts_with('«'), "{line}");
            }
            if with_titles {
                assert_eq!(
                    bill.articles[12].heading.as_deref(),
                    Some("Principe de loyauté des plateformes en lignes")
                );
            }
        }
    }
}
