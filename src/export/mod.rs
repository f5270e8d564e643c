//! What the platform publishes: the synthesis report, the comparative
//! table, open data, Akoma Ntoso.

pub mod akoma_ntoso;
pub mod charts;
pub mod csv_cells;
pub mod datapackage;
pub mod dictionary;
pub mod docx;
pub mod open_data;
pub mod report;
pub mod stream;
pub mod xlsx;
