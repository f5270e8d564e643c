//! Text cells of every CSV the platform writes: a cell a spreadsheet would
//! run as a formula (OWASP's "CSV injection") is written with a leading
//! apostrophe, so it shows as the text it is.

use std::borrow::Cow;

/// `text` as a CSV cell that no spreadsheet evaluates: one starting with
/// `=`, `+`, `-`, `@`, a tab or a carriage return gets a leading `'`.
pub fn text_cell(text: &str) -> Cow<'_, str> {
    match text.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => Cow::Owned(format!("'{text}")),
        _ => Cow::Borrowed(text),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_written_as_text() {
        assert_eq!(text_cell("=cmd|' /C calc'!A0"), "'=cmd|' /C calc'!A0");
        assert_eq!(
            text_cell("=HYPERLINK(\"http://x\")"),
            "'=HYPERLINK(\"http://x\")"
        );
        for lead in ["+1", "-1+2", "@SUM(A1)", "\tx", "\rx"] {
            assert!(text_cell(lead).starts_with('\''), "{lead:?}");
        }
    }

    #[test]
    fn ordinary_text_is_untouched() {
        for text in [
            "Article 1er",
            "Les administrations…",
            "",
            "1 000 €",
            "« = »",
        ] {
            assert_eq!(text_cell(text), text);
        }
    }
}
