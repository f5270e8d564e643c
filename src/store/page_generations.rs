//! Per bill, the numbers that tell a cache of its public pages whether what
//! it holds is still current. The database moves them itself (triggers of
//! migration `2026-12-10-000060_peak`) in the transaction of every write
//! that changes what those pages show: no write path can forget them.

use diesel::prelude::*;

use super::schema::{bills, page_generations};
use super::{DbConnection, StoreError};

/// `generation` moves with every change of content; `tally` with vote
/// counters alone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Generation {
    pub content: i64,
    pub tally: i64,
}

/// The generation of the bill at `slug`, if there is such a bill: one
/// indexed read.
pub fn of_slug(conn: &mut DbConnection, slug: &str) -> Result<Option<Generation>, StoreError> {
    let found: Option<(i64, i64)> = page_generations::table
        .inner_join(bills::table)
        .filter(bills::slug.eq(slug))
        .select((page_generations::generation, page_generations::tally))
        .first(conn)
        .optional()?;
    Ok(found.map(|(content, tally)| Generation { content, tally }))
}
