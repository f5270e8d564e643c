//! HTML pages.

pub mod account;
pub mod admin;
pub mod articles;
pub mod assets;
pub mod bills;
pub mod contributions;
pub mod exports;
pub mod health;
pub mod home;
pub mod language;
pub mod moderation;
pub mod notifications;
pub mod password_resets;
pub mod registration;
pub mod sessions;
pub mod synthesis;
