//! codraft: a legislative co-drafting platform.

pub mod analysis;
pub mod auth;
pub mod cli;
pub mod config;
pub mod context;
pub mod demo;
pub mod domain;
pub mod embedded;
pub mod error;
pub mod export;
pub mod i18n;
pub mod import;
pub mod jobs;
pub mod mail;
pub mod service;
pub mod startup;
pub mod store;
pub mod telemetry;
pub mod text;
pub mod web;
