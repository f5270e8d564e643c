//! Turning the simple HTML found in bill exports into Markdown paragraphs.

use super::collapse_whitespace;

/// Elements whose start or end begins a new paragraph.
const BLOCKS: &[&str] = &[
    "p",
    "br",
    "div",
    "li",
    "ul",
    "ol",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "blockquote",
    "table",
    "tr",
    "td",
    "th",
    "hr",
    "dl",
    "dt",
    "dd",
    "section",
    "article",
    "header",
    "footer",
    "pre",
    "body",
    "html",
];

/// Elements whose content is dropped.
const SKIPPED: &[&str] = &["script", "style", "head", "title"];

/// Turns simple HTML (p, br, strong/em, lists, entities) into Markdown
/// paragraphs separated by a blank line. Tags are stripped, entities decoded,
/// whitespace (non-breaking spaces included) collapsed to single spaces;
/// `strong`/`b` become `**…**`, `em`/`i` become `*…*`, list items start with
/// "- " (or "1. " in an ordered list). A `br` starts a new paragraph.
pub fn to_markdown(html: &str) -> String {
    let mut out = Builder::default();
    let mut rest = html;
    let mut skipping: Option<String> = None;
    let mut lists: Vec<Option<usize>> = Vec::new();
    while !rest.is_empty() {
        let Some(lt) = rest.find('<') else {
            if skipping.is_none() {
                out.text(rest);
            }
            break;
        };
        if skipping.is_none() {
            out.text(&rest[..lt]);
        }
        rest = &rest[lt..];
        if let Some(comment) = rest.strip_prefix("<!--") {
            rest = match comment.find("-->") {
                Some(end) => &comment[end + 3..],
                None => "",
            };
            continue;
        }
        let Some(tag) = Tag::read(rest) else {
            // A lone "<" is text.
            if skipping.is_none() {
                out.text("<");
            }
            rest = &rest[1..];
            continue;
        };
        rest = &rest[tag.len..];
        if let Some(name) = &skipping {
            if tag.closing && &tag.name == name {
                skipping = None;
            }
            continue;
        }
        let name = tag.name.as_str();
        if SKIPPED.contains(&name) {
            if !tag.closing && !tag.self_closing {
                skipping = Some(tag.name.clone());
            }
            continue;
        }
        match (name, tag.closing) {
            ("strong" | "b", _) => out.emphasis("**", tag.closing),
            ("em" | "i", _) => out.emphasis("*", tag.closing),
            ("ul", false) => {
                out.paragraph_break();
                lists.push(None);
            }
            ("ol", false) => {
                out.paragraph_break();
                lists.push(Some(0));
            }
            ("ul" | "ol", true) => {
                out.paragraph_break();
                lists.pop();
            }
            ("li", false) => {
                out.paragraph_break();
                match lists.last_mut() {
                    Some(Some(n)) => {
                        *n += 1;
                        out.prefix = format!("{n}. ");
                    }
                    _ => out.prefix = "- ".to_string(),
                }
            }
            _ if BLOCKS.contains(&name) => out.paragraph_break(),
            _ => {}
        }
    }
    out.finish()
}

struct Tag {
    name: String,
    closing: bool,
    self_closing: bool,
    /// Bytes from '<' to '>' included.
    len: usize,
}

impl Tag {
    /// Reads a tag at the start of `s` (which starts with '<').
    fn read(s: &str) -> Option<Tag> {
        let inner = &s[1..];
        let (closing, name_start) = match inner.strip_prefix('/') {
            Some(after) => (true, after),
            None => (false, inner),
        };
        if !name_start.starts_with(|c: char| c.is_ascii_alphabetic() || c == '!' || c == '?') {
            return None;
        }
        // Find the closing '>' outside quoted attribute values.
        let mut quote: Option<char> = None;
        let mut end = None;
        for (i, c) in s.char_indices().skip(1) {
            match (quote, c) {
                (Some(q), c) if c == q => quote = None,
                (Some(_), _) => {}
                (None, '"' | '\'') => quote = Some(c),
                (None, '>') => {
                    end = Some(i);
                    break;
                }
                _ => {}
            }
        }
        let end = end?;
        let name: String = name_start
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect::<String>()
            .to_ascii_lowercase();
        Some(Tag {
            name,
            closing,
            self_closing: s[..end].ends_with('/'),
            len: end + 1,
        })
    }
}

#[derive(Default)]
struct Builder {
    paragraphs: Vec<String>,
    current: String,
    /// Emphasis markers opened but not yet followed by text.
    pending_open: Vec<&'static str>,
    /// Emphasis markers opened with text after them, innermost last.
    open: Vec<&'static str>,
    /// "- " or "1. " for the next paragraph (a list item).
    prefix: String,
}

impl Builder {
    fn text(&mut self, raw: &str) {
        let decoded = html_escape::decode_html_entities(raw);
        let decoded = super::clean_spaces(&decoded);
        // Whitespace is significant only as a separator between words.
        let starts_with_space = decoded.starts_with(char::is_whitespace);
        let ends_with_space = decoded.ends_with(char::is_whitespace);
        let words = collapse_whitespace(&decoded);
        if words.is_empty() {
            if starts_with_space {
                self.space();
            }
            return;
        }
        if starts_with_space {
            self.space();
        }
        for marker in self.pending_open.drain(..) {
            self.current.push_str(marker);
            self.open.push(marker);
        }
        self.current.push_str(&words);
        if ends_with_space {
            self.space();
        }
    }

    fn space(&mut self) {
        if !self.current.is_empty() && !self.current.ends_with(' ') {
            self.current.push(' ');
        }
    }

    fn emphasis(&mut self, marker: &'static str, closing: bool) {
        if !closing {
            self.pending_open.push(marker);
            return;
        }
        if let Some(i) = self.pending_open.iter().rposition(|m| *m == marker) {
            // Opened and closed with no text in between: nothing to mark.
            self.pending_open.remove(i);
            return;
        }
        if let Some(i) = self.open.iter().rposition(|m| *m == marker) {
            self.open.remove(i);
            let trailing_space = self.current.ends_with(' ');
            if trailing_space {
                self.current.pop();
            }
            self.current.push_str(marker);
            if trailing_space {
                self.current.push(' ');
            }
        }
    }

    fn paragraph_break(&mut self) {
        // Close emphasis left open so that Markdown stays balanced.
        while let Some(marker) = self.open.pop() {
            let trimmed = self.current.trim_end().len();
            self.current.truncate(trimmed);
            self.current.push_str(marker);
        }
        let text = self.current.trim();
        if !text.is_empty() {
            let paragraph = format!("{}{}", self.prefix, text);
            self.paragraphs.push(paragraph);
            self.prefix.clear();
        }
        self.current.clear();
        self.pending_open.clear();
    }

    fn finish(mut self) -> String {
        self.paragraph_break();
        self.paragraphs.join("\n\n")
    }
}

#[cfg(test)]
mod tests {
    use super::to_markdown;

    #[test]
    fn paragraphs_entities_and_emphasis() {
        let html = "<p><strong>Objectif&nbsp;:</strong> cr&eacute;er un droit</p>\r\n\r\n\
                    <p>&laquo;&nbsp;Art. 10 - Les informations l&rsquo;&eacute;tat&nbsp;:<br />\r\n\
                    a) Dont la communication&nbsp;;<br />\r\nb) Ou sur lesquels.&nbsp;&raquo;</p>";
        assert_eq!(
            to_markdown(html),
            "**Objectif :** créer un droit\n\n\
             « Art. 10 - Les informations l’état :\n\n\
             a) Dont la communication ;\n\n\
             b) Ou sur lesquels. »"
        );
    }

    #[test]
    fn lists_spaces_and_odd_markup() {
        let html = "<div>Intro <em> mot </em>suite</div><ul><li>un</li><li>deux &amp; trois</li></ul>\
                    <ol><li>premier</li><li>second</li></ol><script>x()</script><!-- note -->\
                    <p>a &lt; b, 3 < 4 <b></b></p><p>   </p>Fin";
        assert_eq!(
            to_markdown(html),
            "Intro *mot* suite\n\n- un\n\n- deux & trois\n\n1. premier\n\n2. second\n\na < b, 3 < 4\n\nFin"
        );
        assert_eq!(to_markdown(""), "");
        assert_eq!(
            to_markdown("Texte simple\n sur deux lignes"),
            "Texte simple sur deux lignes"
        );
    }
}
