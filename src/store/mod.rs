//! Persistence: the only module that names diesel. One code path for
//! SQLite and PostgreSQL through [`DbConnection`].

pub mod api_tokens;
pub mod articles;
pub mod audit;
pub mod bills;
pub mod bulk;
pub mod connection;
pub mod contributions;
pub mod email_tokens;
pub mod migrate;
pub mod moderation;
pub mod notifications;
pub mod outbox;
pub mod reports;
pub mod schema;
pub mod scratch;
pub mod search;
pub mod synthesis;
pub mod users;
pub mod votes;

use std::sync::Arc;

pub use connection::{DatabaseUrl, DbConnection, DbPool, write_tx};

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("not found")]
    NotFound,
    #[error("already exists")]
    Duplicate,
    #[error("cannot connect to the database: {0}")]
    Connect(String),
    #[error("migration failed: {0}")]
    Migration(String),
    #[error("database error: {0}")]
    Query(diesel::result::Error),
    #[error("database pool: {0}")]
    Pool(String),
    #[error("background task failed: {0}")]
    Task(String),
}

impl From<diesel::result::Error> for StoreError {
    fn from(e: diesel::result::Error) -> Self {
        use diesel::result::{DatabaseErrorKind, Error};
        match e {
            Error::NotFound => StoreError::NotFound,
            Error::DatabaseError(DatabaseErrorKind::UniqueViolation, _) => StoreError::Duplicate,
            other => StoreError::Query(other),
        }
    }
}

impl StoreError {
    /// True for "database is locked"/serialization failures worth a retry.
    pub fn is_transient(&self) -> bool {
        use diesel::result::{DatabaseErrorKind, Error};
        match self {
            StoreError::Query(Error::DatabaseError(DatabaseErrorKind::SerializationFailure, _)) => {
                true
            }
            StoreError::Query(Error::DatabaseError(_, info)) => {
                info.message().contains("database is locked")
            }
            _ => false,
        }
    }
}

/// The shared handle on the database: a pool plus a way to run blocking
/// diesel code off the async executor.
#[derive(Clone)]
pub struct Db {
    pool: Arc<DbPool>,
    url: DatabaseUrl,
}

impl Db {
    /// Connects, then applies pending migrations.
    pub fn open(url: &DatabaseUrl, pool_size: u32) -> Result<Self, StoreError> {
        let pool = connection::build_pool(url, pool_size)?;
        let db = Db {
            pool: Arc::new(pool),
            url: url.clone(),
        };
        let mut conn = db.conn()?;
        migrate::run(&mut conn)?;
        write_tx(&mut conn, articles::index_missing)?;
        users::fill_name_keys(&mut conn)?;
        search::rebuild_if_empty(&mut conn)?;
        Ok(db)
    }

    pub fn backend_name(&self) -> &'static str {
        self.url.backend_name()
    }

    pub fn conn(&self) -> Result<connection::PooledDb, StoreError> {
        self.pool.get().map_err(|e| StoreError::Pool(e.to_string()))
    }

    /// Runs `f` with a pooled connection on the blocking thread pool.
    pub async fn run<T, F>(&self, f: F) -> Result<T, StoreError>
    where
        T: Send + 'static,
        F: FnOnce(&mut DbConnection) -> Result<T, StoreError> + Send + 'static,
    {
        let pool = self.pool.clone();
        tokio::task::spawn_blocking(move || {
            let mut conn = pool.get().map_err(|e| StoreError::Pool(e.to_string()))?;
            f(&mut conn)
        })
        .await
        .map_err(|e| StoreError::Task(e.to_string()))?
    }

    /// Like [`Db::run`] inside a write transaction.
    pub async fn write<T, F>(&self, f: F) -> Result<T, StoreError>
    where
        T: Send + 'static,
        F: FnOnce(&mut DbConnection) -> Result<T, StoreError> + Send + 'static,
    {
        self.run(move |conn| write_tx(conn, f)).await
    }

    /// A round trip to the database, for health checks.
    pub async fn ping(&self) -> Result<(), StoreError> {
        self.run(|conn| {
            use diesel::r2d2::R2D2Connection;
            conn.ping().map_err(StoreError::from)
        })
        .await
    }
}
