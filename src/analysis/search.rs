//! French-aware full-text search helpers.
//!
//! The same normalisation runs on stored text (producing a "search document" of terms, see
//! [`index_terms`]) and on user queries ([`query_terms`]), so the database only has to match
//! plain `[a-z0-9]` tokens: SQLite FTS5 ([`fts5_match`]) and PostgreSQL `to_tsquery('simple', …)`
//! ([`tsquery`]) then behave identically. Highlighting ([`highlight`], [`excerpt`]) works on the
//! original text and returns plain spans for the caller to escape.
//!
//! Pipeline for each word (a maximal run of alphanumeric characters, apostrophes and hyphens
//! split words): compatibility decomposition (NFKD), diacritics dropped, `œ`/`æ` expanded,
//! lower-cased, anything left outside `[a-z0-9]` treated as a separator; tokens of one
//! character and French stop words are dropped; purely alphabetic tokens are stemmed with the
//! Snowball French stemmer. Accents are folded *before* stemming: the stemmer relies on accents
//! for some suffixes (`données` would stem to `don` but `donnees` to `donne`), and users often
//! type without accents, so folding first is what makes both spellings meet.

use std::collections::HashSet;
use std::sync::OnceLock;

use rust_stemmers::{Algorithm, Stemmer};
use serde::Serialize;
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// Maximum number of terms kept from a user query.
pub const MAX_QUERY_TERMS: usize = 12;

/// Ellipsis marking a cut in an excerpt.
const ELLIPSIS: &str = "…";

/// The French stop list (stopwords-iso, MIT), one word per line, `#` lines are comments.
const STOPWORDS_FR: &str = include_str!("stopwords_fr.txt");

/// Folded stop words (the list itself carries accents).
fn stopwords() -> &'static HashSet<String> {
    static SET: OnceLock<HashSet<String>> = OnceLock::new();
    SET.get_or_init(|| {
        STOPWORDS_FR
            .lines()
            .map(str::trim)
            .filter(|line| !line.is_empty() && !line.starts_with('#'))
            .filter_map(|line| {
                // Entries such as "celle-là" cannot match a single token: keep only entries
                // that fold to exactly one token.
                let mut parts = fold_tokens(line);
                (parts.len() == 1).then(|| parts.remove(0))
            })
            .collect()
    })
}

/// Whether a folded word (lower case, no accents) is a French stop word.
pub fn is_stopword(folded: &str) -> bool {
    stopwords().contains(folded)
}

/// Whether `c` belongs to a word of the original text.
fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || is_combining_mark(c)
}

/// Byte ranges of the words of `text`.
fn word_spans(text: &str) -> Vec<(usize, usize)> {
    let mut spans = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices() {
        match (is_word_char(c), start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                spans.push((s, i));
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        spans.push((s, text.len()));
    }
    spans
}

/// Folds `word` to lower-case ASCII and splits it into `[a-z0-9]+` tokens.
fn fold_tokens(word: &str) -> Vec<String> {
    let mut tokens = Vec::new();
    let mut current = String::new();
    let mut flush = |current: &mut String| {
        if !current.is_empty() {
            tokens.push(std::mem::take(current));
        }
    };
    for c in word.nfkd() {
        if is_combining_mark(c) {
            continue;
        }
        let expanded: &str = match c {
            'œ' | 'Œ' => "oe",
            'æ' | 'Æ' => "ae",
            'ß' | 'ẞ' => "ss",
            'ø' | 'Ø' => "o",
            'đ' | 'Đ' => "d",
            'ł' | 'Ł' => "l",
            'ı' => "i",
            _ => "",
        };
        if !expanded.is_empty() {
            current.push_str(expanded);
            continue;
        }
        let lower = c.to_ascii_lowercase();
        if lower.is_ascii_alphanumeric() {
            current.push(lower);
        } else {
            flush(&mut current);
        }
    }
    flush(&mut current);
    tokens
}

/// Appends the search terms of one word of the original text to `out`.
fn word_terms(word: &str, stemmer: &Stemmer, out: &mut Vec<String>) {
    let stops = stopwords();
    for token in fold_tokens(word) {
        if token.len() < 2 || stops.contains(&token) {
            continue;
        }
        let term = if token.bytes().all(|b| b.is_ascii_lowercase()) {
            let stem = stemmer.stem(&token);
            // The stemmer works on ASCII input here, but keep the output contract strict.
            stem.chars()
                .map(|c| c.to_ascii_lowercase())
                .filter(char::is_ascii_alphanumeric)
                .collect::<String>()
        } else {
            token
        };
        if !term.is_empty() {
            out.push(term);
        }
    }
}

fn french_stemmer() -> Stemmer {
    Stemmer::create(Algorithm::French)
}

/// All terms of `text`, in order, with repetitions.
fn terms_of(text: &str) -> Vec<String> {
    let stemmer = french_stemmer();
    let mut out = Vec::new();
    for (s, e) in word_spans(text) {
        word_terms(&text[s..e], &stemmer, &mut out);
    }
    out
}

/// Terms of `text` for the search index: tokens split on anything not alphanumeric (digits are
/// kept, apostrophes and hyphens split), lower-cased, accents removed (`é`→`e`, `ç`→`c`,
/// `œ`→`oe`, `æ`→`ae`), French stop words and one-character tokens dropped, then stemmed with
/// the Snowball French stemmer. Terms are joined by single spaces; only `[a-z0-9]` and spaces
/// appear in the result.
pub fn index_terms(text: &str) -> String {
    terms_of(text).join(" ")
}

/// Each term of `text` (the same terms, in the same order, as [`index_terms`]) with the word of
/// the original text it came from, so that a term can be shown as people wrote it.
pub fn terms_with_words(text: &str) -> Vec<(String, &str)> {
    let stemmer = french_stemmer();
    let mut out = Vec::new();
    let mut terms = Vec::new();
    for (s, e) in word_spans(text) {
        let word = &text[s..e];
        word_terms(word, &stemmer, &mut terms);
        out.extend(terms.drain(..).map(|term| (term, word)));
    }
    out
}

/// The normalised terms of a user's query (same pipeline as [`index_terms`]), deduplicated, in
/// order of first appearance, at most [`MAX_QUERY_TERMS`]; empty if nothing searchable remains.
pub fn query_terms(query: &str) -> Vec<String> {
    let stemmer = french_stemmer();
    let mut terms: Vec<String> = Vec::new();
    let mut word = Vec::new();
    for (s, e) in word_spans(query) {
        word.clear();
        word_terms(&query[s..e], &stemmer, &mut word);
        for term in word.drain(..) {
            if !terms.contains(&term) {
                terms.push(term);
                if terms.len() == MAX_QUERY_TERMS {
                    return terms;
                }
            }
        }
    }
    terms
}

/// Keeps only the `[a-z0-9]` characters of each term, dropping empty terms, so that nothing a
/// caller passes can become query syntax.
fn safe_terms(terms: &[String]) -> impl Iterator<Item = String> + '_ {
    terms
        .iter()
        .map(|t| {
            t.chars()
                .filter(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
                .collect::<String>()
        })
        .filter(|t| !t.is_empty())
}

/// The SQLite FTS5 `MATCH` expression requiring every term, each as a quoted prefix:
/// `"donne"* AND "numer"*`. Empty string for no terms.
pub fn fts5_match(terms: &[String]) -> String {
    safe_terms(terms)
        .map(|t| format!("\"{t}\"*"))
        .collect::<Vec<_>>()
        .join(" AND ")
}

/// The PostgreSQL `to_tsquery('simple', …)` argument requiring every term as a prefix:
/// `donne:* & numer:*`. Empty string for no terms.
pub fn tsquery(terms: &[String]) -> String {
    safe_terms(terms)
        .map(|t| format!("{t}:*"))
        .collect::<Vec<_>>()
        .join(" & ")
}

/// A span of displayed text; `hit` spans match the query. Plain text: the caller escapes it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Fragment {
    pub text: String,
    pub hit: bool,
}

/// Appends `text` to `out`, merging it with the previous fragment when both have the same `hit`.
fn push_fragment(out: &mut Vec<Fragment>, text: &str, hit: bool) {
    if text.is_empty() {
        return;
    }
    match out.last_mut() {
        Some(last) if last.hit == hit && !hit => last.text.push_str(text),
        _ => out.push(Fragment {
            text: text.to_owned(),
            hit,
        }),
    }
}

/// Whether one word of the original text matches: one of its terms starts with a query term.
fn word_hits(word: &str, terms: &[String], stemmer: &Stemmer, buf: &mut Vec<String>) -> bool {
    buf.clear();
    word_terms(word, stemmer, buf);
    buf.iter().any(|w| {
        terms
            .iter()
            .any(|t| !t.is_empty() && w.starts_with(t.as_str()))
    })
}

/// Byte ranges of the words of `text` that match `terms`.
fn hit_spans(text: &str, terms: &[String]) -> Vec<(usize, usize)> {
    if terms.iter().all(String::is_empty) {
        return Vec::new();
    }
    let stemmer = french_stemmer();
    let mut buf = Vec::new();
    word_spans(text)
        .into_iter()
        .filter(|&(s, e)| word_hits(&text[s..e], terms, &stemmer, &mut buf))
        .collect()
}

/// Splits `text` into fragments marking every word whose term (same pipeline as
/// [`index_terms`]) starts with one of `terms`. Concatenating the fragment texts gives `text`
/// back exactly. Adjacent hits stay separate fragments; non-hit text is merged.
pub fn highlight(text: &str, terms: &[String]) -> Vec<Fragment> {
    let mut out = Vec::new();
    let mut pos = 0;
    for (s, e) in hit_spans(text, terms) {
        push_fragment(&mut out, &text[pos..s], false);
        push_fragment(&mut out, &text[s..e], true);
        pos = e;
    }
    push_fragment(&mut out, &text[pos..], false);
    out
}

/// Byte index `n` characters after `from` (clamped to the end).
fn forward_chars(text: &str, from: usize, n: usize) -> usize {
    text[from..]
        .char_indices()
        .nth(n)
        .map_or(text.len(), |(i, _)| from + i)
}

/// Byte index `n` characters before `to` (clamped to the start).
fn backward_chars(text: &str, to: usize, n: usize) -> usize {
    if n == 0 {
        return to;
    }
    text[..to]
        .char_indices()
        .rev()
        .nth(n - 1)
        .map_or(0, |(i, _)| i)
}

/// A short excerpt of `text` (about `max_chars` characters, cut on word boundaries, with "…"
/// where cut) centred on the first hit, as highlighted fragments. Without a hit, the start of
/// the text. A single hit word longer than `max_chars` is kept whole.
pub fn excerpt(text: &str, terms: &[String], max_chars: usize) -> Vec<Fragment> {
    let total = text.chars().count();
    if total <= max_chars {
        return highlight(text, terms);
    }
    let words = word_spans(text);
    let first_hit = hit_spans(text, terms).into_iter().next();

    let (start, end) = match first_hit {
        Some((hs, he)) => {
            let hit_len = text[hs..he].chars().count();
            let budget = max_chars.saturating_sub(hit_len);
            let avail_before = text[..hs].chars().count();
            let avail_after = total - avail_before - hit_len;
            let mut before = (budget / 2).min(avail_before);
            let mut after = budget - before;
            if after > avail_after {
                after = avail_after;
                before = (budget - after).min(avail_before);
            }
            let ws = backward_chars(text, hs, before);
            let we = forward_chars(text, he, after);
            // Keep only whole words: start at the first word beginning at or after `ws`,
            // end at the last word ending at or before `we` (the hit itself always fits).
            let start = words
                .iter()
                .find(|&&(s, _)| s >= ws)
                .map_or(hs, |&(s, _)| s.min(hs));
            let end = words
                .iter()
                .rev()
                .find(|&&(_, e)| e <= we)
                .map_or(he, |&(_, e)| e.max(he));
            (start, end)
        }
        None => {
            let start = words.first().map_or(0, |&(s, _)| s);
            let limit = forward_chars(text, start, max_chars);
            let end = words
                .iter()
                .rev()
                .find(|&&(s, e)| e <= limit && s >= start)
                .map_or(limit, |&(_, e)| e);
            (start, end)
        }
    };

    let mut out = Vec::new();
    if start > 0 {
        push_fragment(&mut out, ELLIPSIS, false);
    }
    for fragment in highlight(&text[start..end], terms) {
        push_fragment(&mut out, &fragment.text, fragment.hit);
    }
    if end < text.len() {
        push_fragment(&mut out, ELLIPSIS, false);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// From the "République numérique" bill (2015), article 1.
    const BILL_SENTENCE: &str = "3° les bases de données qu’elles produisent ou qu’elles reçoivent, ainsi que les données dont la publication présente un intérêt économique, social ou environnemental.";

    fn terms(text: &str) -> Vec<String> {
        index_terms(text).split(' ').map(str::to_owned).collect()
    }

    fn concat(fragments: &[Fragment]) -> String {
        fragments.iter().map(|f| f.text.as_str()).collect()
    }

    fn hits(fragments: &[Fragment]) -> Vec<&str> {
        fragments
            .iter()
            .filter(|f| f.hit)
            .map(|f| f.text.as_str())
            .collect()
    }

    #[test]
    fn accents_and_case_give_one_term() {
        let expected = index_terms("données");
        assert!(!expected.is_empty());
        assert!(!expected.contains(' '));
        for variant in ["donnee", "Données", "DONNÉES", "donnees", "donnée"] {
            assert_eq!(index_terms(variant), expected, "{variant}");
        }
        assert_eq!(expected, "donne");
    }

    #[test]
    fn query_matches_indexed_sentence() {
        let index = index_terms("Les données publiques sont ouvertes");
        let query = query_terms("donnee");
        assert_eq!(query.len(), 1);
        assert!(
            index.split(' ').any(|t| t.starts_with(&query[0])),
            "{index:?} / {query:?}"
        );
    }

    #[test]
    fn plurals_share_a_term() {
        for (a, b) in [
            ("numérique", "numériques"),
            ("numerique", "numériques"),
            ("article", "articles"),
            ("contribution", "contributions"),
        ] {
            assert_eq!(index_terms(a), index_terms(b), "{a} / {b}");
            assert!(!index_terms(a).is_empty());
        }
    }

    #[test]
    fn stop_words_are_removed() {
        let t = terms("la loi et le décret");
        for stop in ["la", "et", "le"] {
            assert!(!t.iter().any(|x| x == stop), "{t:?}");
        }
        assert_eq!(t, vec![index_terms("loi"), index_terms("décret")]);
        // The stop list carries accents; unaccented spellings are folded the same way.
        assert_eq!(index_terms("déjà deja après apres"), "");
    }

    #[test]
    fn apostrophes_split_words() {
        let admin = index_terms("administration");
        assert_eq!(index_terms("l'administration"), admin);
        assert_eq!(index_terms("l’administration"), admin);
        assert_eq!(index_terms("L’ADMINISTRATION"), admin);
    }

    #[test]
    fn digits_are_kept() {
        let t = terms("article 226-13 du code");
        assert!(t.iter().any(|x| x == "226"), "{t:?}");
        assert!(t.iter().any(|x| x == "13"), "{t:?}");
    }

    #[test]
    fn ligatures_and_cedilla_are_folded() {
        assert_eq!(index_terms("cœur"), index_terms("coeur"));
        assert_eq!(index_terms("ex æquo"), index_terms("ex aequo"));
        assert_eq!(index_terms("reçoivent"), index_terms("recoivent"));
    }

    #[test]
    fn output_is_plain_ascii_terms() {
        let out = index_terms(BILL_SENTENCE);
        assert!(
            out.chars()
                .all(|c| c == ' ' || c.is_ascii_lowercase() || c.is_ascii_digit()),
            "{out}"
        );
        assert!(!out.contains("  ") && !out.starts_with(' ') && !out.ends_with(' '));
        assert_eq!(index_terms(""), "");
        assert_eq!(index_terms("Ω ∑ — « » ’"), "");
    }

    #[test]
    fn query_terms_dedup_and_limit() {
        let q = query_terms("données Donnees numérique DONNÉE numériques");
        assert_eq!(q, vec![index_terms("données"), index_terms("numérique")]);
        let many = (0..30)
            .map(|i| format!("mot{i}"))
            .collect::<Vec<_>>()
            .join(" ");
        assert_eq!(query_terms(&many).len(), MAX_QUERY_TERMS);
    }

    #[test]
    fn match_formats() {
        let q = query_terms("données numériques");
        assert_eq!(q, vec!["donne".to_owned(), "numer".to_owned()]);
        assert_eq!(fts5_match(&q), "\"donne\"* AND \"numer\"*");
        assert_eq!(tsquery(&q), "donne:* & numer:*");
        let one = vec!["loi".to_owned()];
        assert_eq!(fts5_match(&one), "\"loi\"*");
        assert_eq!(tsquery(&one), "loi:*");
    }

    #[test]
    fn nothing_searchable_gives_empty_strings() {
        for query in ["", "   ", "le la les et de", "!!! ... ’' --", "l' d’ à"] {
            let q = query_terms(query);
            assert!(q.is_empty(), "{query:?} -> {q:?}");
            assert_eq!(fts5_match(&q), "");
            assert_eq!(tsquery(&q), "");
        }
    }

    #[test]
    fn query_syntax_never_leaks() {
        for query in [
            "données\" OR 1=1",
            "NEAR(",
            "a & b | !c",
            "\"x\"* AND y:* ) ( - ^ + : ; '",
            "col:valeur NOT NEAR(a b, 3)",
        ] {
            let q = query_terms(query);
            for t in &q {
                assert!(
                    t.chars()
                        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit()),
                    "{query:?} -> {t:?}"
                );
            }
            let is_term = |t: &str| {
                !t.is_empty()
                    && t.chars()
                        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
            };
            let fts = fts5_match(&q);
            assert!(
                fts.is_empty()
                    || fts.split(" AND ").all(|part| part
                        .strip_prefix('"')
                        .and_then(|p| p.strip_suffix("\"*"))
                        .is_some_and(is_term)),
                "{query:?} -> {fts:?}"
            );
            let ts = tsquery(&q);
            assert!(
                ts.is_empty()
                    || ts
                        .split(" & ")
                        .all(|part| part.strip_suffix(":*").is_some_and(is_term)),
                "{query:?} -> {ts:?}"
            );
        }
        // Operator words become plain quoted lower-case terms, never operators.
        let q = query_terms("données\" OR 1=1");
        assert_eq!(fts5_match(&q), "\"donne\"* AND \"or\"*");
        assert_eq!(tsquery(&q), "donne:* & or:*");
        // Unsafe input passed directly is sanitised too.
        let hostile = vec!["a\"b".to_owned(), "c:*|d".to_owned(), "\"".to_owned()];
        assert_eq!(fts5_match(&hostile), "\"ab\"* AND \"cd\"*");
        assert_eq!(tsquery(&hostile), "ab:* & cd:*");
    }

    #[test]
    fn highlight_marks_accented_and_plain_queries() {
        for query in ["données", "donnees", "DONNEE"] {
            let q = query_terms(query);
            let fragments = highlight(BILL_SENTENCE, &q);
            assert_eq!(concat(&fragments), BILL_SENTENCE);
            assert_eq!(hits(&fragments), vec!["données", "données"], "{query}");
        }
    }

    #[test]
    fn highlight_prefix_and_several_terms() {
        let q = query_terms("publi économ");
        let fragments = highlight(BILL_SENTENCE, &q);
        assert_eq!(concat(&fragments), BILL_SENTENCE);
        assert_eq!(hits(&fragments), vec!["publication", "économique"]);
        // Stop words and apostrophe-attached articles are not highlighted.
        let text = "l’administration et l'administration";
        let fragments = highlight(text, &query_terms("administrations"));
        assert_eq!(concat(&fragments), text);
        assert_eq!(hits(&fragments), vec!["administration", "administration"]);
    }

    #[test]
    fn highlight_without_terms_is_the_whole_text() {
        let fragments = highlight(BILL_SENTENCE, &[]);
        assert_eq!(
            fragments,
            vec![Fragment {
                text: BILL_SENTENCE.to_owned(),
                hit: false
            }]
        );
        assert!(highlight("", &query_terms("loi")).is_empty());
    }

    #[test]
    fn excerpt_is_bounded_and_contains_the_hit() {
        let long = format!(
            "{} {} {}",
            "Préambule sans rapport avec la recherche, répété plusieurs fois. ".repeat(8),
            BILL_SENTENCE,
            "Suite du texte qui continue encore longtemps après la phrase. ".repeat(8)
        );
        let q = query_terms("intérêt");
        for max in [20, 40, 80, 120] {
            let fragments = excerpt(&long, &q, max);
            let text = concat(&fragments);
            assert!(
                text.chars().count() <= max + 2,
                "{max}: {} chars: {text:?}",
                text.chars().count()
            );
            assert_eq!(hits(&fragments), vec!["intérêt"], "{max}: {text:?}");
            assert!(text.starts_with(ELLIPSIS) && text.ends_with(ELLIPSIS));
            // Cuts fall on word boundaries: the inner text is a slice of the input
            // starting and ending on a word.
            let inner = text.trim_start_matches(ELLIPSIS).trim_end_matches(ELLIPSIS);
            assert!(long.contains(inner), "{inner:?}");
            assert!(inner.starts_with(is_word_char) && inner.ends_with(is_word_char));
        }
    }

    #[test]
    fn excerpt_without_hit_or_short_text() {
        let q = query_terms("introuvable");
        let fragments = excerpt(BILL_SENTENCE, &q, 30);
        let text = concat(&fragments);
        assert!(text.starts_with("3° les bases de données"), "{text:?}");
        assert!(text.ends_with(ELLIPSIS));
        assert!(text.chars().count() <= 31);
        assert!(hits(&fragments).is_empty());
        // Short enough: the whole text, highlighted.
        let q = query_terms("données");
        assert_eq!(concat(&excerpt(BILL_SENTENCE, &q, 1000)), BILL_SENTENCE);
        // Hit at the very start: no leading ellipsis.
        let fragments = excerpt(BILL_SENTENCE, &query_terms("bases"), 30);
        let text = concat(&fragments);
        assert!(
            !text.starts_with(ELLIPSIS) && text.ends_with(ELLIPSIS),
            "{text:?}"
        );
        assert_eq!(hits(&fragments), vec!["bases"]);
        // A hit longer than the budget is kept whole.
        let fragments = excerpt(BILL_SENTENCE, &query_terms("environnemental"), 5);
        assert_eq!(hits(&fragments), vec!["environnemental"]);
    }

    #[test]
    fn terms_keep_the_words_they_came_from() {
        let pairs = terms_with_words("La neutralité de l’Internet, les opérateurs");
        let terms: Vec<&str> = pairs.iter().map(|(t, _)| t.as_str()).collect();
        assert_eq!(
            terms.join(" "),
            index_terms("La neutralité de l’Internet, les opérateurs")
        );
        let words: Vec<&str> = pairs.iter().map(|(_, w)| *w).collect();
        assert_eq!(words, ["neutralité", "Internet", "opérateurs"]);
    }

    #[test]
    fn stemming_order_folds_first() {
        // Documents why accents are folded before stemming: stemming the accented word
        // directly gives a different stem than its unaccented spelling.
        let stemmer = french_stemmer();
        assert_ne!(stemmer.stem("données"), stemmer.stem("donnees"));
        assert_eq!(index_terms("données"), index_terms("donnees"));
    }
}
