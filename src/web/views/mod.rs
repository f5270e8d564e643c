//! What templates receive: plain serialisable structs built from service
//! results, with dates and Markdown already formatted.

pub mod account;
pub mod article_page;
pub mod audit;
pub mod bill_page;
pub mod bills;
pub mod contribution_page;
pub mod contributions;
pub mod dates;
pub mod exports;
pub mod layout;
pub mod moderation;
pub mod open_data;
pub mod proposals_page;
pub mod search;
pub mod synthesis;
pub mod themes;
