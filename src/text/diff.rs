//! Word-level differences between two texts (with the `similar` crate).

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
}
