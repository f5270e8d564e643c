//! Copies of the database while the platform serves.

use std::path::Path;

use diesel::RunQueryDsl;

use super::{DbConnection, StoreError};

/// Writes a consistent copy of a SQLite database to `path` with `VACUUM
/// INTO`: one snapshot, taken while readers and writers go on.
pub fn sqlite_copy(conn: &mut DbConnection, path: &Path) -> Result<(), StoreError> {
    let DbConnection::Sqlite(c) = conn else {
        return Err(StoreError::Task(
            "VACUUM INTO copies SQLite databases only".into(),
        ));
    };
    let target = path
        .to_str()
        .ok_or_else(|| StoreError::Task(format!("{}: not a UTF-8 path", path.display())))?;
    diesel::sql_query("VACUUM INTO ?")
        .bind::<diesel::sql_types::Text, _>(target)
        .execute(c)?;
    Ok(())
}

/// The command that copies a PostgreSQL database to `path` (PostgreSQL's
/// own tool does it better than we could), and the one that restores it.
pub fn pg_commands(url: &str, path: &Path) -> (String, String) {
    let path = path.display();
    (
        format!("pg_dump --format=custom --no-owner --file '{path}' '{url}'"),
        format!("pg_restore --clean --if-exists --no-owner --dbname '{url}' '{path}'"),
    )
}
