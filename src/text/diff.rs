//! Differences between two texts (with the `similar` crate): word by word,
//! and paragraph by paragraph for a reader (a paragraph rewritten is shown
//! before and after, a paragraph touched in a few words as a word diff).

use serde::Serialize;
use similar::{ChangeTag, TextDiff};

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

/// The share of a paragraph's words that may change and still be shown as
/// a word diff; above it, the paragraph reads better before and after.
pub const WORD_DIFF_MAX_RATIO: f64 = 0.3;

/// What became of one paragraph from the initial to the final text.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "change", rename_all = "snake_case")]
pub enum Paragraph {
    Same {
        text: String,
    },
    /// A few words changed: the word diff reads well.
    Edited {
        spans: Vec<Span>,
    },
    /// Rewritten: shown whole, before and after (one or more paragraphs
    /// on each side).
    Rewritten {
        before: Vec<String>,
        after: Vec<String>,
    },
    Added {
        text: String,
    },
    Removed {
        text: String,
    },
}

impl Paragraph {
    pub fn changed(&self) -> bool {
        !matches!(self, Paragraph::Same { .. })
    }
}

fn paragraphs_of(text: &str) -> Vec<&str> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect()
}

/// How much of a paragraph changed: words removed or added over the words
/// of the longer side.
fn changed_ratio(spans: &[Span], old: &str, new: &str) -> f64 {
    let (removed, added) = stats(spans);
    let total = old
        .split_whitespace()
        .count()
        .max(new.split_whitespace().count())
        .max(1);
    removed.max(added) as f64 / total as f64
}

/// One paragraph changed into another, shown as a word diff when few words
/// changed, else before and after.
fn pair(old: &str, new: &str) -> Paragraph {
    let spans = words(old, new);
    if changed_ratio(&spans, old, new) <= WORD_DIFF_MAX_RATIO {
        Paragraph::Edited { spans }
    } else {
        Paragraph::Rewritten {
            before: vec![old.to_string()],
            after: vec![new.to_string()],
        }
    }
}

/// The share of changed words above which two paragraphs are not one
/// paragraph amended but different paragraphs.
const SAME_PARAGRAPH_MAX_RATIO: f64 = 0.6;

fn similar_enough(old: &str, new: &str) -> bool {
    changed_ratio(&words(old, new), old, new) <= SAME_PARAGRAPH_MAX_RATIO
}

/// Paragraphs that did not pair up: removed, added, or a block rewritten.
fn flush(out: &mut Vec<Paragraph>, pending: &mut (Vec<String>, Vec<String>)) {
    let (before, after) = std::mem::take(pending);
    match (before.is_empty(), after.is_empty()) {
        (true, true) => {}
        (false, true) => out.extend(before.into_iter().map(|text| Paragraph::Removed { text })),
        (true, false) => out.extend(after.into_iter().map(|text| Paragraph::Added { text })),
        (false, false) => out.push(Paragraph::Rewritten { before, after }),
    }
}

/// The paragraph-level changes from `old` to `new` (a paragraph is a line).
/// Replaced runs are paired one to one; what is left over is added or
/// removed.
pub fn paragraphs(old: &str, new: &str) -> Vec<Paragraph> {
    let (old_p, new_p) = (paragraphs_of(old), paragraphs_of(new));
    let diff = similar::capture_diff_slices(similar::Algorithm::Myers, &old_p, &new_p);
    let mut out = Vec::new();
    for op in diff {
        let (tag, o, n) = op.as_tag_tuple();
        match tag {
            similar::DiffTag::Equal => out.extend(o.map(|i| Paragraph::Same {
                text: old_p[i].to_string(),
            })),
            similar::DiffTag::Delete => out.extend(o.map(|i| Paragraph::Removed {
                text: old_p[i].to_string(),
            })),
            similar::DiffTag::Insert => out.extend(n.map(|i| Paragraph::Added {
                text: new_p[i].to_string(),
            })),
            similar::DiffTag::Replace => {
                let (o, n): (Vec<usize>, Vec<usize>) = (o.collect(), n.collect());
                // Paragraphs amended one by one pair up; what was rewritten
                // as a whole reads better as one block before, one after.
                let mut pending = (Vec::new(), Vec::new());
                for k in 0..o.len().max(n.len()) {
                    match (o.get(k), n.get(k)) {
                        (Some(&i), Some(&j)) if similar_enough(old_p[i], new_p[j]) => {
                            flush(&mut out, &mut pending);
                            out.push(pair(old_p[i], new_p[j]));
                        }
                        (i, j) => {
                            pending.0.extend(i.map(|&i| old_p[i].to_string()));
                            pending.1.extend(j.map(|&j| new_p[j].to_string()));
                        }
                    }
                }
                flush(&mut out, &mut pending);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

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

    #[test]
    fn paragraphs_show_a_rewrite_whole_and_a_small_edit_as_words() {
        let old = "Premier alinéa inchangé.\nLe transporteur informe les passagers de leurs droits avant le départ.\nL'accord collectif fixe l'exercice du droit de grève.";
        let new = "Premier alinéa inchangé.\nLe transporteur informe les passagers de tous leurs droits avant le départ.\nLes salariés déclarent leur intention de participer à la grève quarante-huit heures avant.\nUn alinéa nouveau.";
        let p = paragraphs(old, new);
        assert_eq!(p.len(), 3, "{p:?}");
        assert!(matches!(&p[0], Paragraph::Same { text } if text == "Premier alinéa inchangé."));
        assert!(matches!(&p[1], Paragraph::Edited { .. }), "{:?}", p[1]);
        assert!(
            matches!(&p[2], Paragraph::Rewritten { before, after } if before[0].starts_with("L'accord") && after[0].starts_with("Les salariés") && after[1] == "Un alinéa nouveau."),
            "{:?}",
            p[2]
        );
        assert!(paragraphs("a\nb", "a\nb").iter().all(|x| !x.changed()));
        assert!(matches!(
            &paragraphs("Texte supprimé.", "")[0],
            Paragraph::Removed { .. }
        ));
    }
}
