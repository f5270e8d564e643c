//! `column IN (?, …, ?)` with a fixed number of places.
//!
//! diesel's `eq_any` writes as many places as it has values, so each
//! length is a statement of its own, and diesel never keeps such a
//! statement prepared: a lookup whose list differs on every request was
//! parsed and planned on every request. [`InFixed`] always writes `N`
//! places, repeating its last value to fill them, so its text never
//! changes and the connection keeps it prepared. Callers ask for their
//! values `N` at a time.

use diesel::QueryResult;
use diesel::backend::Backend;
use diesel::expression::{AppearsOnTable, Expression, ValidGrouping, is_aggregate};
use diesel::query_builder::{AstPass, QueryFragment, QueryId};
use diesel::serialize::ToSql;
use diesel::sql_types::{Bool, HasSqlType};

/// `column IN` the values, written with exactly `N` places.
#[derive(Debug, Clone, Copy)]
pub struct InFixed<'v, C, V, const N: usize> {
    column: C,
    /// 1 to `N` values; none writes a condition that is false.
    values: &'v [V],
}

/// `column IN` `values`, with `N` places: at most `N` values.
pub fn in_fixed<const N: usize, C, V>(column: C, values: &[V]) -> InFixed<'_, C, V, N> {
    debug_assert!(values.len() <= N, "{} values for {N} places", values.len());
    InFixed { column, values }
}

impl<C, V, const N: usize> Expression for InFixed<'_, C, V, N> {
    type SqlType = Bool;
}

impl<QS, C: AppearsOnTable<QS>, V, const N: usize> AppearsOnTable<QS> for InFixed<'_, C, V, N> {}

impl<C, V, const N: usize> ValidGrouping<()> for InFixed<'_, C, V, N> {
    type IsAggregate = is_aggregate::Never;
}

impl<C, V, const N: usize> QueryId for InFixed<'_, C, V, N> {
    type QueryId = ();
    // The text is the cache's key.
    const HAS_STATIC_QUERY_ID: bool = false;
}

impl<C, V, DB, const N: usize> QueryFragment<DB> for InFixed<'_, C, V, N>
where
    DB: Backend + HasSqlType<C::SqlType>,
    C: Expression + QueryFragment<DB>,
    V: ToSql<C::SqlType, DB>,
{
    fn walk_ast<'b>(&'b self, mut out: AstPass<'_, 'b, DB>) -> QueryResult<()> {
        let Some(last) = self.values.last() else {
            out.push_sql("1 = 0");
            return Ok(());
        };
        self.column.walk_ast(out.reborrow())?;
        out.push_sql(" IN (");
        for i in 0..N {
            if i > 0 {
                out.push_sql(", ");
            }
            out.push_bind_param::<C::SqlType, V>(self.values.get(i).unwrap_or(last))?;
        }
        out.push_sql(")");
        Ok(())
    }
}
