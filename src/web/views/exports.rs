//! The synthesis report and comparative table for templates.

use serde_json::{Value, json};

use crate::domain::Locale;
use crate::export::report::{Report, retained};
use crate::text::markdown;

/// The report as the template reads it: Markdown rendered (notes cite
/// contributions as `#123`, which become links).
pub fn report(_locale: Locale, r: &Report) -> Value {
    let mut v = json!(r);
    for (i, a) in r.articles.iter().enumerate() {
        v["articles"][i]["note_html"] =
            json!(a.note.as_deref().map(|n| markdown::to_html(&cite(n))));
        v["articles"][i]["retained"] = json!(retained(a).collect::<Vec<_>>());
    }
    v
}

/// `#123` becomes a link to contribution 123.
pub fn cite(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find('#') {
        let (before, after) = rest.split_at(i);
        out.push_str(before);
        let digits: String = after[1..]
            .chars()
            .take_while(char::is_ascii_digit)
            .collect();
        let preceded_by_word = before.chars().last().is_some_and(char::is_alphanumeric);
        if digits.is_empty() || preceded_by_word {
            out.push('#');
            rest = &after[1..];
        } else {
            out.push_str(&format!("[#{digits}](/contributions/{digits})"));
            rest = &after[1 + digits.len()..];
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::cite;

    #[test]
    fn hash_numbers_cite_contributions() {
        assert_eq!(
            cite("Voir #12 et #7."),
            "Voir [#12](/contributions/12) et [#7](/contributions/7)."
        );
        assert_eq!(cite("C# et a#1 et # seul"), "C# et a#1 et # seul");
    }
}
