//! User and bill text is Markdown; rendered HTML is cleaned so that no
//! script, style or event handler can come through.

use std::borrow::Cow;

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd, html};

/// The version of this pipeline. HTML stored by an older one is rendered
/// again (see `store::rendered`): bump it with any change to the output.
pub const RENDER_VERSION: i32 = 2;

/// How many block quotes and list items may open on one line. Each one is a
/// container that every later stage (parser, HTML sanitiser) handles at a
/// cost growing with the nesting, so a line of thousands of `>` took over a
/// second to render; nobody quotes a quote of a quote eight times over.
pub const MAX_NESTING: usize = 8;

/// Text shown inside a page (contributions, bills, articles): its headings
/// become bold paragraphs (see [`demote_heading`]).
pub fn to_html(markdown: &str) -> String {
    render(markdown, true)
}

/// Text that is the whole page (the charter, the legal notice…): its
/// headings are the page's own outline and are kept.
pub fn page_to_html(markdown: &str) -> String {
    render(markdown, false)
}

fn render(markdown: &str, demote_headings: bool) -> String {
    let markdown = cap_nesting(markdown);
    let markdown = markdown.as_ref();
    let mut options = Options::empty();
    options.insert(Options::ENABLE_STRIKETHROUGH);
    options.insert(Options::ENABLE_TABLES);
    let parser = Parser::new_ext(markdown, options).flat_map(|event| {
        if demote_headings {
            demote_heading(event)
        } else {
            vec![event]
        }
    });
    let mut raw = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut raw, parser);
    ammonia::Builder::default()
        .link_rel(Some("noopener noreferrer nofollow ugc"))
        .clean(&raw)
        .to_string()
}

/// A heading in user text becomes a paragraph in bold: contribution text
/// is shown inside pages at different depths (a list item under an `<h4>`,
/// a detail page under an `<h2>`), where no heading level would be right in
/// both, and a `# Title` must never pose as one of the page's own headings
/// (nor break their order).
fn demote_heading(event: Event<'_>) -> Vec<Event<'_>> {
    match event {
        Event::Start(Tag::Heading { .. }) => {
            vec![Event::Start(Tag::Paragraph), Event::Start(Tag::Strong)]
        }
        Event::End(TagEnd::Heading(_)) => {
            vec![Event::End(TagEnd::Strong), Event::End(TagEnd::Paragraph)]
        }
        other => vec![other],
    }
}

/// Keeps at most [`MAX_NESTING`] container markers (`>`, `-`, `+`, `*`,
/// `1.`, `1)`) at the start of each line: the markers past the limit are
/// dropped and the rest of the line stays as it was, so the text is still
/// shown, one level up. Lines within the limit, and thematic breaks
/// (`- - - -`), are left untouched.
fn cap_nesting(markdown: &str) -> Cow<'_, str> {
    if !markdown
        .lines()
        .any(|line| container_markers(line).len() > MAX_NESTING)
    {
        return Cow::Borrowed(markdown);
    }
    let mut out = String::with_capacity(markdown.len());
    for line in markdown.split_inclusive('\n') {
        let markers = container_markers(line);
        if markers.len() <= MAX_NESTING {
            out.push_str(line);
            continue;
        }
        out.push_str(&line[..markers[MAX_NESTING - 1]]);
        out.push(' ');
        out.push_str(line[markers[markers.len() - 1]..].trim_start_matches([' ', '\t']));
    }
    Cow::Owned(out)
}

/// The byte offset just past each container marker opening `line`; none for
/// a thematic break, which opens no container.
fn container_markers(line: &str) -> Vec<usize> {
    let bytes = line.as_bytes();
    let mut ends = Vec::new();
    let mut i = 0;
    loop {
        while i < bytes.len() && matches!(bytes[i], b' ' | b'\t') {
            i += 1;
        }
        let blank_after = |j: usize| j >= bytes.len() || bytes[j].is_ascii_whitespace();
        match bytes.get(i) {
            Some(b'>') => i += 1,
            Some(b'-' | b'+' | b'*') if blank_after(i + 1) => {
                if is_thematic_break(&line[i..]) {
                    break;
                }
                i += 1;
            }
            Some(b'0'..=b'9') => {
                let digits = bytes[i..].iter().take_while(|b| b.is_ascii_digit()).count();
                let j = i + digits;
                if digits <= 9 && matches!(bytes.get(j), Some(b'.' | b')')) && blank_after(j + 1) {
                    i = j + 1;
                } else {
                    break;
                }
            }
            _ => break,
        }
        ends.push(i);
    }
    ends
}

/// Three or more of the same `-`, `*` or `_` and nothing else but spaces.
fn is_thematic_break(rest: &str) -> bool {
    let rest = rest.trim_end();
    let Some(first) = rest.chars().next() else {
        return false;
    };
    matches!(first, '-' | '*' | '_')
        && rest.chars().all(|c| c == first || c == ' ' || c == '\t')
        && rest.chars().filter(|&c| c == first).count() >= 3
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn alineas_become_paragraphs_and_scripts_vanish() {
        let html = to_html("Premier alinéa.\n\nDeuxième « alinéa ».");
        assert_eq!(html.matches("<p>").count(), 2);
        assert!(html.contains("« alinéa »"));
        let evil = to_html(
            "<script>alert(1)</script>\n\n[x](javascript:alert(1))\n\n<img src=x onerror=alert(1)>",
        );
        assert!(
            !evil.contains("<script")
                && !evil.contains("href=\"javascript:")
                && !evil.contains("onerror"),
            "{evil}"
        );
        let link = to_html("[la loi](https://www.legifrance.gouv.fr/)");
        assert!(
            link.contains("href=\"https://www.legifrance.gouv.fr/\"") && link.contains("nofollow"),
            "{link}"
        );
    }

    #[test]
    fn headings_never_become_page_headings() {
        let html = to_html("# Titre\n\n## Sous-titre\n\nTexte.\n\nSetext\n======\n");
        assert!(!html.contains("<h"), "{html}");
        assert!(html.contains("<p><strong>Titre</strong></p>"), "{html}");
        assert!(html.contains("<p><strong>Setext</strong></p>"), "{html}");
        assert!(html.contains("<p>Texte.</p>"), "{html}");
        // A text that is the whole page keeps its outline, still sanitised.
        let page = page_to_html("# Charte\n\n## Règles\n\n<script>x</script>");
        assert!(page.contains("<h1>Charte</h1>") && page.contains("<h2>Règles</h2>"));
        assert!(!page.contains("<script"), "{page}");
    }

    #[test]
    fn deep_nesting_is_capped_and_still_sanitised() {
        let quotes = ">".repeat(19_990);
        let html = to_html(&quotes);
        assert_eq!(html.matches("<blockquote>").count(), MAX_NESTING, "{html}");
        let text = format!("{} <script>alert(1)</script> profond", "> ".repeat(5_000));
        let html = to_html(&text);
        assert_eq!(html.matches("<blockquote>").count(), MAX_NESTING);
        assert!(
            html.contains("profond") && !html.contains("<script"),
            "{html}"
        );
        let lists = format!("{}x", "- 1. > ".repeat(3_000));
        let html = to_html(&lists);
        let opened = html.matches("<ul>").count()
            + html.matches("<ol>").count()
            + html.matches("<blockquote>").count();
        assert_eq!(opened, MAX_NESTING, "{html}");
        assert!(html.contains('x'));
        // Ordinary nesting and thematic breaks are untouched.
        let normal = "> cité\n> > cité deux fois\n\n- a\n  - b\n\n- - - - - - - - - - -\n";
        assert_eq!(cap_nesting(normal), normal);
        assert_eq!(to_html("> > > x").matches("<blockquote>").count(), 3);
        assert!(to_html(&"- ".repeat(20)).contains("<hr"));
    }
}
