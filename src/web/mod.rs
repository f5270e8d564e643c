//! HTTP: the only module that names actix. Handlers read the request, call
//! the services, and render a view.

pub mod api;
pub mod confirm;
pub mod errors;
pub mod forms;
pub mod generation_reads;
pub mod headers;
pub mod metrics;
pub mod page_cache;
pub mod page_slots;
pub mod pages;
pub mod render;
pub mod request_log;
pub mod routes;
pub mod session;
pub mod state;
pub mod unread_body;
pub mod viewer;
pub mod views;

pub use state::AppState;
