//! Plain text or Markdown bills.
//!
//! Article headings sit on their own line ("Article 1er", "Article premier",
//! "Art. 2", "Article 3 bis – Titre"), structure headings likewise ("TITRE Ier",
//! "CHAPITRE II : …", "Section 1", "Sous-section 2") with their heading text
//! after a separator or on the next non-empty line. Markdown heading markers
//! (`#`) and bold markers around a heading are allowed. Lines inside a « »
//! quotation (code articles quoted by the bill) are always body text.

use super::{
    Draft, Format, ImportProblem, ImportedArticle, ImportedBill, ImportedSection, NumberStyle,
    SectionKind, clean_spaces, parse_number, strip_article_word,
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
    let mut quotes = QuoteTracker::default();
    // Exposés often discuss the articles under lines like "Article 1er":
    // when a "PROPOSITION DE LOI" line closes the exposé further down,
    // everything up to it is exposé.
    let expose_end = text
        .lines()
        .position(|l| is_expose_marker(strip_markup(&clean_spaces(l))))
        .and_then(|start| {
            text.lines()
                .enumerate()
                .skip(start + 1)
                .find(|(_, l)| bill_marker(strip_markup(&clean_spaces(l))).is_some())
                .map(|(i, _)| i)
        });

    for (index, raw) in text.lines().enumerate() {
        let number = index + 1;
        let line = clean_spaces(raw);
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        if phase == Phase::Expose && expose_end.is_some_and(|end| index < end) {
            summary.push(line.to_string());
            continue;
        }
        let quoted = quotes.before_line(line, number);
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
                quotes.after_line(line);
                continue;
            }
        }
        quotes.after_line(line);
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

    let mut problems = Vec::new();
    if let Some(problem) = quotes.problem() {
        problems.push(problem);
    }
    if !problems.is_empty() {
        return Err(problems);
    }
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
        },
        article_locations,
        root_location: "line 1".to_string(),
    })
}

/// Follows « » quotations across lines. French style reopens « at the start
/// of each quoted alinéa without closing the previous one, so a leading «
/// while a quotation is open continues it rather than nesting.
#[derive(Default)]
struct QuoteTracker {
    depth: usize,
    /// Line where the open quotation started.
    opened_at: usize,
    /// First line inside the open quotation that would otherwise be an article heading.
    hidden_heading: Option<usize>,
}

impl QuoteTracker {
    /// Whether `line` is quoted text (so never a heading).
    fn before_line(&mut self, line: &str, number: usize) -> bool {
        let starts_quoted = line.starts_with(['«', '"', '“', '„']);
        if self.depth == 0 {
            self.opened_at = number;
            self.hidden_heading = None;
            return starts_quoted;
        }
        if !starts_quoted
            && self.hidden_heading.is_none()
            && matches!(parse_heading(line), Some(Heading::Article { .. }))
        {
            self.hidden_heading = Some(number);
        }
        true
    }

    fn after_line(&mut self, line: &str) {
        let mut chars = line.chars().peekable();
        if self.depth > 0 && chars.peek() == Some(&'«') {
            chars.next();
        }
        for c in chars {
            match c {
                '«' => self.depth += 1,
                '»' => self.depth = self.depth.saturating_sub(1),
                _ => {}
            }
        }
    }

    /// A quotation left open at the end of the file that hid an article heading.
    fn problem(&self) -> Option<ImportProblem> {
        if self.depth == 0 {
            return None;
        }
        self.hidden_heading.map(|hidden| {
            ImportProblem::new(
                format!("line {}", self.opened_at),
                "import-unclosed-quote",
                vec![("heading_line", hidden.to_string())],
            )
        })
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
mod tests {
    use super::*;
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
    fn unclosed_quotation_hiding_articles_is_reported() {
        let text = "Article 1er\nIl est ajouté : « Le texte cité\nArticle 2\nSuite.\n";
        let problems = parse_bill(Format::Text, text.as_bytes()).unwrap_err();
        assert_eq!(
            problems,
            vec![ImportProblem::new(
                "line 2",
                "import-unclosed-quote",
                vec![("heading_line", "3".into())]
            )]
        );
    }
}
