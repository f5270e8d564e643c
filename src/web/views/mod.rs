//! What templates receive: plain serialisable structs built from service
//! results, with dates and Markdown already formatted.

pub mod audit;
pub mod bills;
pub mod contributions;
pub mod dates;
pub mod exports;
pub mod layout;
pub mod moderation;
pub mod search;
pub mod themes;
