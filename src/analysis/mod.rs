//! Text processing for search and moderation: tokenising, French stemming,
//! personal data, near-duplicates, suggested themes.

pub mod near_duplicates;
pub mod personal_data;
pub mod search;
pub mod themes;
