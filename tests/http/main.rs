//! One integration test binary: the real app on a random port, real HTTP,
//! a real database, a real SMTP peer.

mod accounts;
mod admin;
mod arbitration;
mod audit;
mod bills;
mod consistency;
mod email;
mod everyday;
mod hardening;
mod helpers;
mod moderation;
mod open_data;
mod operations;
mod page_cache;
mod pages;
mod participation;
mod participation_limits;
mod platform;
mod post_batches;
mod privacy;
mod public_text;
mod rate_limits;
mod report;
mod scans;
mod sessions;
mod smtp_sink;
mod synthesis;
mod themes;
mod tokens;
mod vote_batches;
