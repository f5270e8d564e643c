//! Text processing for search and synthesis: tokenising, French stemming.

pub mod search;
