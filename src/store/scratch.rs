//! Throwaway PostgreSQL databases for the test suite: created from a server
//! URL, dropped afterwards.

use diesel::Connection;
use diesel::connection::SimpleConnection;
use diesel::pg::PgConnection;

use super::StoreError;

fn with_database(url: &str, database: &str) -> String {
    match url.rfind('/') {
        Some(i) if i > "postgres://".len() => format!("{}/{database}", &url[..i]),
        _ => format!("{url}/{database}"),
    }
}

/// Creates database `name` on the server of `server_url`; returns its URL.
pub fn create_postgres_database(server_url: &str, name: &str) -> Result<String, StoreError> {
    let mut conn =
        PgConnection::establish(server_url).map_err(|e| StoreError::Connect(e.to_string()))?;
    conn.batch_execute(&format!("CREATE DATABASE \"{name}\""))?;
    Ok(with_database(server_url, name))
}

pub fn drop_postgres_database(server_url: &str, name: &str) -> Result<(), StoreError> {
    let mut conn =
        PgConnection::establish(server_url).map_err(|e| StoreError::Connect(e.to_string()))?;
    conn.batch_execute(&format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"))?;
    Ok(())
}
