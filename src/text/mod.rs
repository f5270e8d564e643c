//! Text shown to people: Markdown rendered safely, word-level diffs.

pub mod diff;
pub mod excerpt;
pub mod markdown;
