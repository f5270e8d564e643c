//! Short forms of long texts for lists: cut at a word, never inside one.

/// The first `max` characters of `text` (whitespace folded), cut at the last
/// word boundary before the limit, with "…" when something was left out.
pub fn at_word(text: &str, max: usize) -> String {
    let folded = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if folded.chars().count() <= max {
        return folded;
    }
    let cut: String = folded.chars().take(max).collect();
    // The character after the cut tells whether it fell between two words.
    let next = folded.chars().nth(max);
    let kept = if next.is_some_and(char::is_whitespace) {
        cut.as_str()
    } else {
        match cut.rfind(char::is_whitespace) {
            Some(i) => &cut[..i],
            // One very long word: cut it rather than show nothing.
            None => cut.as_str(),
        }
    };
    let kept = kept.trim_end_matches(|c: char| c.is_whitespace() || ",;:–—-".contains(c));
    format!("{kept}…")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cuts_between_words_with_an_ellipsis() {
        assert_eq!(at_word("Court.", 40), "Court.");
        assert_eq!(
            at_word("Les administrations diffusent en ligne les documents", 26),
            "Les administrations…"
        );
        assert_eq!(at_word("un deux trois", 7), "un deux…");
        assert_eq!(at_word("un,\n\ndeux trois", 9), "un, deux…");
        assert_eq!(at_word("anticonstitutionnellement", 5), "antic…");
        for n in 1..60 {
            let e = at_word("Le droit à l'information des passagers, sans délai.", n);
            let words: Vec<&str> = e.trim_end_matches('…').split(' ').collect();
            for w in &words[..words.len().saturating_sub(1)] {
                assert!(
                    "Le droit à l'information des passagers, sans délai."
                        .split(' ')
                        .any(|x| x == *w),
                    "{e}"
                );
            }
        }
    }
}
