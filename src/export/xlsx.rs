//! The open-data tables as spreadsheets, for people who open files with a
//! spreadsheet program: one sheet, French column headers, numbers as
//! numbers, the header row frozen. Written from the JSON twin of each
//! table, so the cells hold the text as written (the CSV guards against
//! formulas; a spreadsheet cell written as a string is never a formula).

use std::io;

use rust_xlsxwriter::{Format, Workbook, XlsxError};
use serde_json::Value;

use super::dictionary::{Field, Kind};
use super::stream::io_error;

fn xlsx_error(e: XlsxError) -> io::Error {
    io_error(e)
}

/// A spreadsheet of `rows` (JSON objects keyed by column name) with the
/// columns of `fields`, headed by their French titles.
pub fn table(fields: &[Field], sheet: &str, rows: &[Value]) -> io::Result<Vec<u8>> {
    let mut book = Workbook::new();
    let ws = book.add_worksheet();
    ws.set_name(sheet).map_err(xlsx_error)?;
    let bold = Format::new().set_bold();
    for (c, f) in fields.iter().enumerate() {
        let c = c as u16;
        ws.write_string_with_format(0, c, f.title_fr, &bold)
            .map_err(xlsx_error)?;
        ws.set_column_width(c, (f.title_fr.chars().count().max(10) + 2) as f64)
            .map_err(xlsx_error)?;
    }
    for (r, row) in rows.iter().enumerate() {
        let r = r as u32 + 1;
        for (c, f) in fields.iter().enumerate() {
            let c = c as u16;
            match (&row[f.name], f.kind) {
                (Value::Null, _) => {}
                (Value::Number(n), Kind::Integer) => {
                    ws.write_number(r, c, n.as_f64().unwrap_or_default())
                        .map_err(xlsx_error)?;
                }
                (Value::Bool(b), _) => {
                    ws.write_boolean(r, c, *b).map_err(xlsx_error)?;
                }
                (Value::String(s), _) => {
                    ws.write_string(r, c, s).map_err(xlsx_error)?;
                }
                (other, _) => {
                    ws.write_string(r, c, other.to_string())
                        .map_err(xlsx_error)?;
                }
            }
        }
    }
    ws.set_freeze_panes(1, 0).map_err(xlsx_error)?;
    book.save_to_buffer().map_err(xlsx_error)
}
