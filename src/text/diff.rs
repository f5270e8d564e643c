//! Differences between two texts (with the `similar` crate): word by word,
//! and paragraph by paragraph for reading a whole article's change.

use serde::Serialize;
use similar::{ChangeTag, DiffTag, TextDiff};

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Change {
    Same,
    Removed,
    Added,
}

/// A run of words that is the same, removed or added.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Span {
    pub change: Change,
    pub text: String,
}

/// The word diff from `old` to `new`, adjacent runs of one kind merged.
pub fn words(old: &str, new: &str) -> Vec<Span> {
    let diff = TextDiff::from_words(old, new);
    let mut spans: Vec<Span> = Vec::new();
    for change in diff.iter_all_changes() {
        let kind = match change.tag() {
            ChangeTag::Equal => Change::Same,
            ChangeTag::Delete => Change::Removed,
            ChangeTag::Insert => Change::Added,
        };
        match spans.last_mut() {
            Some(last) if last.change == kind => last.text.push_str(change.value()),
            _ => spans.push(Span {
                change: kind,
                text: change.value().to_string(),
            }),
        }
    }
    spans
}

/// Counts of words removed and added, for summaries.
pub fn stats(spans: &[Span]) -> (usize, usize) {
    let count = |c: Change| {
        spans
            .iter()
            .filter(|s| s.change == c)
            .map(|s| s.text.split_whitespace().count())
            .sum()
    };
    (count(Change::Removed), count(Change::Added))
}

/// One paragraph of a paragraph-level diff.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "change", rename_all = "snake_case")]
pub enum Block {
    /// Unchanged.
    Same { text: String },
    /// Gone from the new text.
    Removed { text: String },
    /// New in the new text.
    Added { text: String },
    /// Rewritten: the old paragraph, then the new one, side by side.
    Rewritten { before: String, after: String },
    /// A few words changed: the paragraph with its changed words marked.
    Edited { spans: Vec<Span> },
}

/// Share of a paragraph's words that may change for it to be shown word by
/// word; beyond it, before and after read better whole.
const FEW_WORDS: f64 = 0.34;

fn paragraphs(text: &str) -> Vec<&str> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect()
}

/// One changed paragraph: word by word where few words change, whole
/// before and after otherwise.
fn changed(before: &str, after: &str) -> Block {
    let spans = words(before, after);
    let (removed, added) = stats(&spans);
    let total = before
        .split_whitespace()
        .count()
        .max(after.split_whitespace().count())
        .max(1);
    if (removed.max(added) as f64) <= FEW_WORDS * total as f64 {
        Block::Edited { spans }
    } else {
        Block::Rewritten {
            before: before.to_string(),
            after: after.to_string(),
        }
    }
}

/// The paragraph-level diff from `old` to `new`: paragraphs kept, removed,
/// added, and changed ones paired in order.
pub fn blocks(old: &str, new: &str) -> Vec<Block> {
    let (old, new) = (paragraphs(old), paragraphs(new));
    let diff = similar::capture_diff_slices(similar::Algorithm::Myers, &old, &new);
    let mut out = Vec::new();
    for op in diff {
        let (tag, o, n) = op.as_tag_tuple();
        match tag {
            DiffTag::Equal => out.extend(old[o].iter().map(|t| Block::Same {
                text: t.to_string(),
            })),
            DiffTag::Delete => out.extend(old[o].iter().map(|t| Block::Removed {
                text: t.to_string(),
            })),
            DiffTag::Insert => out.extend(new[n].iter().map(|t| Block::Added {
                text: t.to_string(),
            })),
            DiffTag::Replace => {
                let (before, after) = (&old[o], &new[n]);
                for i in 0..before.len().max(after.len()) {
                    out.push(match (before.get(i), after.get(i)) {
                        (Some(b), Some(a)) => changed(b, a),
                        (Some(b), None) => Block::Removed {
                            text: b.to_string(),
                        },
                        (None, Some(a)) => Block::Added {
                            text: a.to_string(),
                        },
                        (None, None) => unreachable!("within the longer side"),
                    });
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paragraphs_kept_changed_added_and_removed() {
        let old = "Premier alinéa inchangé.\n\nLes données de référence sont mises à disposition gratuitement.\nUn alinéa qui part.";
        let new = "Premier alinéa inchangé.\n\nLes données de référence sont publiées gratuitement.\nToute autre chose, écrite de nouveau du tout au tout.";
        let b = blocks(old, new);
        assert_eq!(
            b[0],
            Block::Same {
                text: "Premier alinéa inchangé.".into()
            }
        );
        // Two words out of nine: shown word by word.
        let Block::Edited { spans } = &b[1] else {
            panic!("{b:?}")
        };
        assert!(
            spans
                .iter()
                .any(|s| s.change == Change::Added && s.text.contains("publiées"))
        );
        // Everything changes: before and after whole.
        assert_eq!(
            b[2],
            Block::Rewritten {
                before: "Un alinéa qui part.".into(),
                after: "Toute autre chose, écrite de nouveau du tout au tout.".into()
            }
        );
        assert_eq!(b.len(), 3);
        assert_eq!(
            blocks("A.", "A.\nB."),
            vec![
                Block::Same { text: "A.".into() },
                Block::Added { text: "B.".into() }
            ]
        );
        assert_eq!(
            blocks("A.\nB.", "B."),
            vec![
                Block::Removed { text: "A.".into() },
                Block::Same { text: "B.".into() }
            ]
        );
    }

    #[test]
    fn finds_the_changed_words() {
        let spans = words(
            "tout passager a le droit de disposer d'une information gratuite",
            "tout passager a le droit de recevoir une information gratuite et précise",
        );
        let removed: String = spans
            .iter()
            .filter(|s| s.change == Change::Removed)
            .map(|s| s.text.as_str())
            .collect();
        let added: String = spans
            .iter()
            .filter(|s| s.change == Change::Added)
            .map(|s| s.text.as_str())
            .collect();
        assert!(removed.contains("disposer"));
        assert!(added.contains("recevoir") && added.contains("précise"));
        let rebuilt_new: String = spans
            .iter()
            .filter(|s| s.change != Change::Removed)
            .map(|s| s.text.as_str())
            .collect();
        assert_eq!(
            rebuilt_new,
            "tout passager a le droit de recevoir une information gratuite et précise"
        );
        assert_eq!(stats(&words("a b", "a b")), (0, 0));
    }
}
