//! Use cases shared by the HTML pages, the JSON API and the command line:
//! each validates with the domain, writes with the store, and queues the
//! emails in the same transaction.

pub mod access;
pub mod account_export;
pub mod accounts;
pub mod admin;
pub mod audit_log;
pub mod bills;
pub mod catch_up;
pub mod exports;
pub mod foreword;
pub mod moderation;
pub mod my_activity;
pub mod notifications;
pub mod open_data;
pub mod participation;
pub mod reading;
pub mod reports;
pub mod search;
pub mod site_pages;
pub mod synthesis;
pub mod theme_workspace;
pub mod themes;
pub mod vote_batch;
