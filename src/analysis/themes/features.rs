//! From texts to vectors: the search pipeline's terms (accents folded, stop
//! words dropped, French stems), adjacent pairs of them as bigrams, a
//! vocabulary of terms neither rare nor everywhere, and L2-normalised TF-IDF
//! rows with sublinear term frequency (normalised by the text's whole
//! length, see [`weighted_row`]).

use std::borrow::Cow;
use std::collections::HashMap;

use super::in_parallel;
use crate::analysis::search::terms_with_words;

/// A term must occur in this many texts to say something they share.
const MIN_DF: u32 = 2;
/// A term in more than this share of the texts says nothing about any of them.
const MAX_DF_SHARE: f64 = 0.5;
/// Bound on the vocabulary, kept by document frequency: memory and time
/// stay flat however large the consultation.
pub(super) const MAX_VOCABULARY: usize = 20_000;

/// A feature: one stem, or two stems that follow each other.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum Term {
    Word(u32),
    Pair(u32, u32),
}

impl Term {
    pub(super) fn stems(self) -> impl Iterator<Item = u32> {
        let (a, b) = match self {
            Term::Word(a) => (a, None),
            Term::Pair(a, b) => (a, Some(b)),
        };
        std::iter::once(a).chain(b)
    }
}

/// Sparse rows (compressed: one offset per row) of L2-normalised TF-IDF weights.
pub(super) struct Matrix {
    offsets: Vec<usize>,
    columns: Vec<u32>,
    weights: Vec<f32>,
    pub(super) dimensions: usize,
}

impl Matrix {
    pub(super) fn row(&self, i: usize) -> (&[u32], &[f32]) {
        let range = self.offsets[i]..self.offsets[i + 1];
        (&self.columns[range.clone()], &self.weights[range])
    }

    pub(super) fn is_empty_row(&self, i: usize) -> bool {
        self.offsets[i] == self.offsets[i + 1]
    }

    /// Rows given as (column, weight) pairs in column order.
    pub(super) fn from_rows(
        rows: impl IntoIterator<Item = Vec<(u32, f32)>>,
        dimensions: usize,
    ) -> Matrix {
        let mut matrix = Matrix {
            offsets: vec![0],
            columns: Vec::new(),
            weights: Vec::new(),
            dimensions,
        };
        for row in rows {
            for (column, weight) in row {
                matrix.columns.push(column);
                matrix.weights.push(weight);
            }
            matrix.offsets.push(matrix.columns.len());
        }
        matrix
    }
}

/// Everything the clustering and the labels need from the texts.
pub(super) struct Features {
    pub(super) matrix: Matrix,
    /// The term of each column.
    pub(super) terms: Vec<Term>,
    /// For each stem, the word people most often wrote for it.
    surfaces: Vec<String>,
}

impl Features {
    pub(super) fn build(texts: &[&str]) -> Features {
        let tokens = tokenise(texts);
        let vocabulary = select_vocabulary(&tokens.sequences, tokens.stems.len());
        let matrix = weigh(&tokens.sequences, &vocabulary);
        Features {
            matrix,
            terms: vocabulary.terms,
            surfaces: tokens.surfaces,
        }
    }

    /// How a term reads: each stem as its most frequent written form.
    pub(super) fn surface(&self, term: Term) -> String {
        term.stems()
            .map(|s| self.surfaces[s as usize].as_str())
            .collect::<Vec<_>>()
            .join(" ")
    }
}

// Tokenising.

/// The stems of every text, numbered in alphabetical order of the stems
/// so the numbers do not depend on how the work was split between cores.
struct Tokens {
    sequences: Vec<Vec<u32>>,
    stems: Vec<String>,
    surfaces: Vec<String>,
}

/// What one core found in its share of the texts, numbered its own way.
struct LocalTokens<'a> {
    sequences: Vec<Vec<u32>>,
    stems: Vec<String>,
    surface_counts: HashMap<(u32, Cow<'a, str>), u32>,
}

fn tokenise(texts: &[&str]) -> Tokens {
    let parts = in_parallel(texts, |chunk| tokenise_chunk(chunk));
    let mut stems: Vec<String> = parts.iter().flat_map(|p| p.stems.clone()).collect();
    stems.sort_unstable();
    stems.dedup();
    let global = |s: &str| stems.binary_search_by(|x| x.as_str().cmp(s)).unwrap_or(0) as u32;
    let mut sequences = Vec::with_capacity(texts.len());
    let mut surface_counts: HashMap<(u32, Cow<str>), u32> = HashMap::new();
    for part in parts {
        let renumber: Vec<u32> = part.stems.iter().map(|s| global(s)).collect();
        sequences.extend(
            part.sequences
                .into_iter()
                .map(|seq| seq.into_iter().map(|l| renumber[l as usize]).collect()),
        );
        for ((local, word), n) in part.surface_counts {
            *surface_counts
                .entry((renumber[local as usize], word))
                .or_default() += n;
        }
    }
    let surfaces = most_frequent_surfaces(&stems, surface_counts);
    Tokens {
        sequences,
        stems,
        surfaces,
    }
}

fn tokenise_chunk<'a>(texts: &[&'a str]) -> LocalTokens<'a> {
    let mut ids: HashMap<String, u32> = HashMap::new();
    let mut local = LocalTokens {
        sequences: Vec::with_capacity(texts.len()),
        stems: Vec::new(),
        surface_counts: HashMap::new(),
    };
    for text in texts {
        let mut sequence = Vec::new();
        for (stem, word) in terms_with_words(text) {
            if !is_telling(&stem, word) {
                continue;
            }
            let id = *ids.entry(stem).or_insert_with_key(|stem| {
                local.stems.push(stem.clone());
                (local.stems.len() - 1) as u32
            });
            sequence.push(id);
            *local
                .surface_counts
                .entry((id, surface_form(word)))
                .or_default() += 1;
        }
        local.sequences.push(sequence);
    }
    local
}

/// Numbers, and the pieces of web addresses, say nothing of a theme.
fn is_telling(stem: &str, word: &str) -> bool {
    !stem.bytes().all(|b| b.is_ascii_digit())
        && !matches!(
            stem,
            "http" | "https" | "www" | "com" | "fr" | "org" | "html"
        )
        && !word.bytes().all(|b| b.is_ascii_digit())
}

/// How a word is counted for display: lower-case, except acronyms (CNIL, DNS).
fn surface_form(word: &str) -> Cow<'_, str> {
    let letters = word.chars().filter(|c| c.is_alphabetic()).count();
    let is_acronym = letters >= 2 && word.chars().all(|c| !c.is_lowercase());
    if is_acronym || !word.chars().any(char::is_uppercase) {
        Cow::Borrowed(word)
    } else {
        Cow::Owned(word.to_lowercase())
    }
}

/// For each stem, its most frequent written form (ties: the first in
/// alphabetical order, so the choice is stable).
fn most_frequent_surfaces(stems: &[String], counts: HashMap<(u32, Cow<str>), u32>) -> Vec<String> {
    let mut best: Vec<Option<(u32, Cow<str>)>> = vec![None; stems.len()];
    for ((stem, word), n) in counts {
        let slot = &mut best[stem as usize];
        let better = match slot {
            None => true,
            Some((m, w)) => n > *m || (n == *m && word < *w),
        };
        if better {
            *slot = Some((n, word));
        }
    }
    best.into_iter()
        .zip(stems)
        .map(|(b, stem)| b.map_or_else(|| stem.clone(), |(_, w)| w.into_owned()))
        .collect()
}

// Vocabulary.

struct Vocabulary {
    /// Columns in order.
    terms: Vec<Term>,
    /// Inverse document frequency of each column.
    idf: Vec<f32>,
    /// Column of each stem, if it is kept.
    word_column: Vec<Option<u32>>,
    pair_column: HashMap<(u32, u32), u32>,
    /// Stems found in one text only, and their idf: no column, but they
    /// count in the length of their text's vector (see [`weighted_row`]).
    lone: Vec<bool>,
    lone_idf: f32,
}

fn select_vocabulary(sequences: &[Vec<u32>], stem_count: usize) -> Vocabulary {
    let n = sequences.len();
    let max_df = ((n as f64 * MAX_DF_SHARE).floor() as u32).max(MIN_DF);
    let (word_df, pair_df) = document_frequencies(sequences, stem_count);
    let mut kept: Vec<(u32, Term)> = word_df
        .iter()
        .enumerate()
        .map(|(s, &df)| (df, Term::Word(s as u32)))
        .chain(
            pair_df
                .into_iter()
                .map(|((a, b), df)| (df, Term::Pair(a, b))),
        )
        .filter(|&(df, _)| (MIN_DF..=max_df).contains(&df))
        .collect();
    if kept.len() > MAX_VOCABULARY {
        kept.sort_unstable_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
        kept.truncate(MAX_VOCABULARY);
    }
    kept.sort_unstable_by_key(|&(_, term)| term);
    let mut vocabulary = Vocabulary {
        terms: Vec::with_capacity(kept.len()),
        idf: Vec::with_capacity(kept.len()),
        word_column: vec![None; stem_count],
        pair_column: HashMap::new(),
        lone: word_df.iter().map(|&df| df == 1).collect(),
        lone_idf: idf(n, 1),
    };
    for (column, (df, term)) in kept.into_iter().enumerate() {
        let column = column as u32;
        match term {
            Term::Word(s) => vocabulary.word_column[s as usize] = Some(column),
            Term::Pair(a, b) => {
                vocabulary.pair_column.insert((a, b), column);
            }
        }
        vocabulary.terms.push(term);
        vocabulary.idf.push(idf(n, df));
    }
    vocabulary
}

/// Smoothed inverse document frequency, as if one more text held every term.
fn idf(texts: usize, df: u32) -> f32 {
    ((1.0 + texts as f64) / (1.0 + f64::from(df))).ln() as f32 + 1.0
}

/// In how many texts each stem, and each pair of adjacent stems, occurs.
fn document_frequencies(
    sequences: &[Vec<u32>],
    stem_count: usize,
) -> (Vec<u32>, HashMap<(u32, u32), u32>) {
    let mut word_df = vec![0u32; stem_count];
    let mut last_seen = vec![usize::MAX; stem_count];
    let mut pair_df: HashMap<(u32, u32), u32> = HashMap::new();
    let mut pairs = Vec::new();
    for (doc, sequence) in sequences.iter().enumerate() {
        for &s in sequence {
            if last_seen[s as usize] != doc {
                last_seen[s as usize] = doc;
                word_df[s as usize] += 1;
            }
        }
        pairs.clear();
        pairs.extend(adjacent_pairs(sequence));
        pairs.sort_unstable();
        pairs.dedup();
        for &pair in &pairs {
            *pair_df.entry(pair).or_default() += 1;
        }
    }
    (word_df, pair_df)
}

/// Bigrams: a stem and the next, when they differ.
fn adjacent_pairs(sequence: &[u32]) -> impl Iterator<Item = (u32, u32)> + '_ {
    sequence
        .windows(2)
        .filter(|w| w[0] != w[1])
        .map(|w| (w[0], w[1]))
}

// Weighting.

fn weigh(sequences: &[Vec<u32>], vocabulary: &Vocabulary) -> Matrix {
    let rows = in_parallel(sequences, |chunk| {
        chunk
            .iter()
            .map(|sequence| weighted_row(sequence, vocabulary))
            .collect::<Vec<_>>()
    });
    Matrix::from_rows(rows.into_iter().flatten(), vocabulary.terms.len())
}

/// One text's TF-IDF row: (1 + ln tf) × idf, scaled to unit length.
///
/// The length counts the words found in this text only: they have no
/// column (no other text shares them, so they would add nothing to any
/// similarity), but a text that shares one word with a theme and says ten
/// others nobody else says is not close to that theme.
fn weighted_row(sequence: &[u32], vocabulary: &Vocabulary) -> Vec<(u32, f32)> {
    let mut columns: Vec<u32> = sequence
        .iter()
        .filter_map(|&s| vocabulary.word_column[s as usize])
        .chain(adjacent_pairs(sequence).filter_map(|p| vocabulary.pair_column.get(&p).copied()))
        .collect();
    columns.sort_unstable();
    let mut row: Vec<(u32, f32)> = Vec::new();
    for chunk in columns.chunk_by(|a, b| a == b) {
        let tf = chunk.len() as f32;
        row.push((
            chunk[0],
            (1.0 + tf.ln()) * vocabulary.idf[chunk[0] as usize],
        ));
    }
    let mut lone: Vec<u32> = sequence
        .iter()
        .copied()
        .filter(|&s| vocabulary.lone[s as usize])
        .collect();
    lone.sort_unstable();
    let lone_length: f32 = lone
        .chunk_by(|a, b| a == b)
        .map(|c| ((1.0 + (c.len() as f32).ln()) * vocabulary.lone_idf).powi(2))
        .sum();
    let norm = (row.iter().map(|(_, w)| w * w).sum::<f32>() + lone_length).sqrt();
    if norm > 0.0 && !row.is_empty() {
        row.iter_mut().for_each(|(_, w)| *w /= norm);
    }
    row
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_are_normalised_and_rare_terms_dropped() {
        let f = Features::build(&[
            "La neutralité de l'internet protège les citoyens.",
            "La neutralité de l'internet est un principe.",
            "Les logiciels libres dans les écoles.",
            "Les logiciels libres pour les administrations.",
        ]);
        for i in 0..4 {
            let (_, w) = f.matrix.row(i);
            let norm: f32 = w.iter().map(|x| x * x).sum();
            // Below 1 by the words of this text alone.
            assert!(norm > 0.0 && norm <= 1.0 + 1e-5, "row {i}: {norm}");
        }
        let alike = Features::build(&["logiciels libres", "logiciels libres"]);
        let (_, w) = alike.matrix.row(0);
        assert!((w.iter().map(|x| x * x).sum::<f32>() - 1.0).abs() < 1e-5);
        let shown: Vec<String> = f.terms.iter().map(|&t| f.surface(t)).collect();
        for wanted in [
            "neutralité",
            "internet",
            "neutralité internet",
            "logiciels libres",
        ] {
            assert!(shown.iter().any(|s| s == wanted), "{wanted}: {shown:?}");
        }
        for rare in ["citoyens", "principe", "écoles"] {
            assert!(!shown.iter().any(|s| s == rare), "{rare}: {shown:?}");
        }
    }

    #[test]
    fn acronyms_keep_their_capitals_and_numbers_are_ignored() {
        assert_eq!(surface_form("CNIL"), "CNIL");
        assert_eq!(surface_form("Internet"), "internet");
        assert!(!is_telling("2015", "2015"));
        assert!(!is_telling("https", "https"));
        assert!(is_telling("neutral", "neutralité"));
    }
}
