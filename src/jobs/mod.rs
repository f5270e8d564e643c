//! Background work that runs in every instance.

pub mod calendar;
pub mod notifications;
pub mod rendering;
pub mod retention;
pub mod scans;
