//! Writes the connection keeps prepared.
//!
//! diesel prepares every UPDATE and most INSERTs afresh: a changeset that
//! skips its `None` fields, or an insert that leaves a column to its
//! default, writes a different text under the same Rust type, and diesel
//! keys its statement cache by type when it can. So a vote's counter
//! update, or a post's insert, was parsed and planned again on every
//! request; on SQLite that also compiles the table's triggers into the
//! statement each time.
//!
//! [`Kept`] keys the cache by the statement's text instead (it gives no
//! static id), so a write whose text is the same is prepared once per
//! connection, and one whose text differs is simply another entry. Use it
//! only for writes whose text takes a bounded number of shapes: never
//! around an `IN` list of any length or text built from values.
//!
//! Two details of diesel shape this:
//! - A statement asks itself whether it may be kept by walking its syntax,
//!   and the write inside says no. So [`Kept`] hands the inner write only the
//!   passes that build its text and collect its values, never that question.
//!   It tells the passes apart with the helper diesel exports for its own
//!   derived connections.
//! - A kept write runs on the backend's own connection. The derived
//!   `DbConnection` hands its statements on by reference, and a reference
//!   asks that question of the statement inside.

use diesel::backend::Backend;
use diesel::internal::derives::multiconnection::AstPassHelper;
use diesel::pg::Pg;
use diesel::query_builder::{AstPass, Query, QueryFragment, QueryId};
use diesel::query_dsl::LoadQuery;
use diesel::sqlite::Sqlite;
use diesel::{PgConnection, QueryResult, RunQueryDsl, SqliteConnection};

use super::DbConnection;

/// A write kept prepared by its text; see the module's documentation.
#[derive(Debug, Clone, Copy)]
pub struct Kept<Q>(Q);

/// `.kept()` on any statement.
pub trait KeepPrepared: Sized {
    /// This statement, prepared once per connection for each text it takes.
    fn kept(self) -> Kept<Self> {
        Kept(self)
    }
}

impl<Q> KeepPrepared for Q {}

/// The backends a write can be kept on, each one value for as long as the
/// program runs (a pass collecting values lends the statement its backend
/// for that long).
pub trait KeptOn: Backend + Sized + 'static {
    const BACKEND: &'static Self;
}

impl KeptOn for Sqlite {
    const BACKEND: &'static Self = &Sqlite;
}

impl KeptOn for Pg {
    const BACKEND: &'static Self = &Pg;
}

impl<Q, DB> QueryFragment<DB> for Kept<Q>
where
    Q: QueryFragment<DB>,
    DB: KeptOn,
    DB::QueryBuilder: Default,
{
    fn walk_ast<'b>(&'b self, mut pass: AstPass<'_, 'b, DB>) -> QueryResult<()> {
        if let Some((values, lookup)) = pass.bind_collector() {
            return self.0.collect_binds(values, lookup, DB::BACKEND);
        }
        if let Some((shown, backend)) = pass.debug_binds() {
            return self
                .0
                .walk_ast(AstPass::collect_debug_binds_pass(shown, backend));
        }
        // Building the text, or asking whether it may be kept (or changes
        // nothing): the inner write's own text, and no objection.
        let mut text = DB::QueryBuilder::default();
        self.0.to_sql(&mut text, DB::BACKEND)?;
        pass.push_sql(&diesel::query_builder::QueryBuilder::finish(text));
        Ok(())
    }
}

impl<Q> QueryId for Kept<Q> {
    type QueryId = ();
    // The text, not the type, is the cache's key.
    const HAS_STATIC_QUERY_ID: bool = false;
}

impl<Q: Query> Query for Kept<Q> {
    type SqlType = Q::SqlType;
}

impl<Q, Conn> RunQueryDsl<Conn> for Kept<Q> {}

impl<Q> Kept<Q>
where
    Q: QueryFragment<Sqlite> + QueryFragment<Pg>,
{
    /// Runs the write; the number of rows it touched.
    pub fn execute(self, conn: &mut DbConnection) -> QueryResult<usize> {
        match conn {
            DbConnection::Sqlite(c) => RunQueryDsl::execute(self, c),
            DbConnection::Postgresql(c) => RunQueryDsl::execute(self, c),
        }
    }

    /// Runs the write and reads the one row it returns.
    pub fn get_result<'q, U>(self, conn: &mut DbConnection) -> QueryResult<U>
    where
        Self: LoadQuery<'q, SqliteConnection, U> + LoadQuery<'q, PgConnection, U>,
    {
        match conn {
            DbConnection::Sqlite(c) => RunQueryDsl::get_result(self, c),
            DbConnection::Postgresql(c) => RunQueryDsl::get_result(self, c),
        }
    }
}
