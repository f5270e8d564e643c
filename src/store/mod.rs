//! Persistence: the only module that names diesel. One code path for
//! SQLite and PostgreSQL through [`DbConnection`].

pub mod account_export;
pub mod api_tokens;
pub mod articles;
pub mod audit;
pub mod backup;
pub mod bills;
pub mod bulk;
pub mod connection;
pub mod contributions;
pub mod email_tokens;
mod enum_columns;
pub mod fixed_in;
pub mod forewords;
pub mod group_commit;
pub mod kept;
pub mod migrate;
pub mod moderation;
pub mod my_activity;
pub mod notifications;
pub mod outbox;
pub mod page_generations;
pub mod pending_scans;
pub mod rate_limits;
pub mod rendered;
pub mod reports;
pub mod schema;
pub mod scratch;
pub mod search;
pub mod sessions;
pub mod site_pages;
pub mod synthesis;
pub mod themes;
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
    /// True for a lock the database gave up on: "database is locked" on
    /// SQLite, a deadlock or a serialization failure on PostgreSQL. The
    /// whole transaction is worth running again.
    pub fn is_transient(&self) -> bool {
        use diesel::result::{DatabaseErrorKind, Error};
        match self {
            StoreError::Query(Error::DatabaseError(DatabaseErrorKind::SerializationFailure, _)) => {
                true
            }
            StoreError::Query(Error::DatabaseError(_, info)) => {
                let message = info.message();
                message.contains("database is locked") || message.contains("deadlock detected")
            }
            _ => false,
        }
    }
}

/// A row lock's no-op update touched its row, or the row does not exist.
fn locked(rows: usize) -> Result<(), StoreError> {
    if rows == 0 {
        Err(StoreError::NotFound)
    } else {
        Ok(())
    }
}

/// What a transaction's closure may fail with: a store error or a use
/// case's own error built from one, which says whether running the whole
/// transaction again may succeed.
pub trait TxError: From<StoreError> {
    fn is_transient(&self) -> bool;
}

impl TxError for StoreError {
    fn is_transient(&self) -> bool {
        StoreError::is_transient(self)
    }
}

/// How many times a write that lost a deadlock or a serialization race is
/// run in all before its error is returned.
const WRITE_ATTEMPTS: u32 = 4;

/// [`write_tx`], run again from the start (a bounded number of times)
/// when it lost a deadlock or a serialization race; for blocking code that
/// already holds a connection. [`Db::write`] is the way in for the rest.
pub fn write_retrying<T, E, F>(conn: &mut DbConnection, mut f: F) -> Result<T, E>
where
    E: TxError,
    F: FnMut(&mut DbConnection) -> Result<T, E>,
{
    let mut attempt = 1;
    loop {
        match write_tx(conn, &mut f) {
            Err(e) if e.is_transient() && attempt < WRITE_ATTEMPTS => {
                tracing::info!(attempt, "write lost a lock conflict; running it again");
                // Let the winner finish before trying again.
                let pause = 5 * u64::from(attempt) + rand::random_range(0..10);
                std::thread::sleep(std::time::Duration::from_millis(pause));
                attempt += 1;
            }
            outcome => return outcome,
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

    /// A connection if one is free at once, without waiting: for a read
    /// short enough to run where it is asked for.
    pub fn try_conn(&self) -> Option<connection::PooledDb> {
        self.pool.try_get()
    }

    /// Runs `f` with a pooled connection on the blocking thread pool.
    /// Reads use it; `f` returns the use case's own error type.
    pub async fn run<T, E, F>(&self, f: F) -> Result<T, E>
    where
        T: Send + 'static,
        E: From<StoreError> + Send + 'static,
        F: FnOnce(&mut DbConnection) -> Result<T, E> + Send + 'static,
    {
        let pool = self.pool.clone();
        tokio::task::spawn_blocking(move || {
            let mut conn = pool
                .get()
                .map_err(|e| E::from(StoreError::Pool(e.to_string())))?;
            f(&mut conn)
        })
        .await
        .map_err(|e| E::from(StoreError::Task(e.to_string())))?
    }

    /// Runs `f`, a read of a few indexed rows, where it is asked for when
    /// a connection is free at once, and on the blocking pool otherwise.
    /// Under load the hop to the blocking pool and back costs more than
    /// such a read.
    pub async fn run_short<T, E, F>(&self, f: F) -> Result<T, E>
    where
        T: Send + 'static,
        E: From<StoreError> + Send + 'static,
        F: FnOnce(&mut DbConnection) -> Result<T, E> + Send + 'static,
    {
        match self.try_conn() {
            Some(mut conn) => f(&mut conn),
            None => self.run(f).await,
        }
    }

    /// Runs `f` in a write transaction ([`write_tx`]): any `Err` rolls
    /// everything back. A transaction that lost a deadlock or a
    /// serialization race is run again from the start, a bounded number of
    /// times, so `f` must only act through the connection.
    pub async fn write<T, E, F>(&self, mut f: F) -> Result<T, E>
    where
        T: Send + 'static,
        E: TxError + Send + 'static,
        F: FnMut(&mut DbConnection) -> Result<T, E> + Send + 'static,
    {
        self.run(move |conn| write_retrying(conn, &mut f)).await
    }

    /// The pool's open connections and how many of them are idle.
    pub fn pool_state(&self) -> (u32, u32) {
        let state = self.pool.state();
        (state.connections, state.idle_connections)
    }

    /// The pool's largest size.
    pub fn pool_max(&self) -> u32 {
        self.pool.max_size()
    }

    /// How many migrations the database lacks (readiness checks).
    pub async fn pending_migrations(&self) -> Result<usize, StoreError> {
        self.run(migrate::pending).await
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
