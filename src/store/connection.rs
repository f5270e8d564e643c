//! The one database connection type, its pool, and the backend choice.

use std::path::PathBuf;
use std::time::Duration;

use diesel::Connection;
use diesel::connection::{AnsiTransactionManager, SimpleConnection, TransactionManager};
use diesel::pg::PgConnection;
use diesel::r2d2::{ManageConnection, Pool, PooledConnection, R2D2Connection};
use diesel::sqlite::SqliteConnection;

use super::StoreError;

#[derive(diesel::MultiConnection)]
pub enum DbConnection {
    Postgresql(PgConnection),
    Sqlite(SqliteConnection),
}

/// Which backend a database URL names. Chosen from the scheme only, so a
/// typo never silently creates a new SQLite file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DatabaseUrl {
    Sqlite(PathBuf),
    Postgres(String),
}

impl DatabaseUrl {
    pub fn parse(url: &str) -> Result<Self, String> {
        let url = url.trim();
        if let Some(path) = url.strip_prefix("sqlite://") {
            if path.is_empty() || path == ":memory:" {
                return Err("a SQLite URL needs a file path, e.g. sqlite://data/codraft.db (in-memory databases are not supported)".into());
            }
            return Ok(Self::Sqlite(PathBuf::from(path)));
        }
        if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            return Ok(Self::Postgres(url.to_string()));
        }
        let scheme = url.split("://").next().filter(|_| url.contains("://"));
        Err(match scheme {
            Some(s) => format!(
                "unknown database scheme '{s}://' (expected sqlite://, postgres:// or postgresql://)"
            ),
            None => {
                "not a database URL (expected sqlite://PATH, postgres://… or postgresql://…)".into()
            }
        })
    }

    pub fn backend_name(&self) -> &'static str {
        match self {
            Self::Sqlite(_) => "sqlite",
            Self::Postgres(_) => "postgres",
        }
    }
}

/// How long a SQLite writer waits for the lock before it gives up.
const SQLITE_BUSY_TIMEOUT: Duration = Duration::from_secs(15);

/// r2d2 manager that opens the variant the URL names and applies the
/// SQLite settings on every new connection.
#[derive(Clone, Debug)]
pub struct Manager {
    url: DatabaseUrl,
}

impl Manager {
    fn establish(&self) -> Result<DbConnection, StoreError> {
        match &self.url {
            DatabaseUrl::Sqlite(path) => {
                if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
                    std::fs::create_dir_all(dir).map_err(|e| {
                        StoreError::Connect(format!("cannot create {}: {e}", dir.display()))
                    })?;
                }
                let mut conn = SqliteConnection::establish(&path.to_string_lossy())
                    .map_err(|e| StoreError::Connect(e.to_string()))?;
                // busy_timeout first: switching to WAL itself needs the lock.
                conn.batch_execute(&format!(
                    "PRAGMA busy_timeout = {};
                     PRAGMA journal_mode = WAL;
                     PRAGMA synchronous = NORMAL;
                     PRAGMA foreign_keys = ON;",
                    SQLITE_BUSY_TIMEOUT.as_millis()
                ))
                .map_err(|e| StoreError::Connect(e.to_string()))?;
                Ok(DbConnection::Sqlite(conn))
            }
            DatabaseUrl::Postgres(url) => PgConnection::establish(url)
                .map(DbConnection::Postgresql)
                .map_err(|e| StoreError::Connect(e.to_string())),
        }
    }
}

impl ManageConnection for Manager {
    type Connection = DbConnection;
    type Error = StoreError;

    fn connect(&self) -> Result<DbConnection, StoreError> {
        self.establish()
    }

    fn is_valid(&self, conn: &mut DbConnection) -> Result<(), StoreError> {
        conn.ping().map_err(StoreError::from)
    }

    fn has_broken(&self, conn: &mut DbConnection) -> bool {
        conn.is_broken()
    }
}

pub type DbPool = Pool<Manager>;
pub type PooledDb = PooledConnection<Manager>;

pub fn build_pool(url: &DatabaseUrl, max_size: u32) -> Result<DbPool, StoreError> {
    let manager = Manager { url: url.clone() };
    // Fail fast with the real reason instead of r2d2's 30 s timeout.
    let mut probe = manager.establish()?;
    probe.ping()?;
    drop(probe);
    Pool::builder()
        .max_size(max_size)
        .min_idle(Some(1))
        // Long enough to queue behind a busy pool at the peak, short enough
        // that an unreachable database answers 503 quickly.
        .connection_timeout(Duration::from_secs(5))
        .build(manager)
        .map_err(|e| StoreError::Connect(e.to_string()))
}

/// The writers of this process to SQLite, one at a time.
///
/// SQLite has one writer; the others wait in its busy handler, which polls
/// with sleeps growing to 100 ms, so under load a writer sleeps on past the
/// moment the lock is free, and the requests behind it with it. Writers of
/// this process take their turn here first, and the next one is woken as
/// soon as the previous one ends. Other processes on the same file still
/// meet the busy handler, and so does a writer that waited here longer
/// than the busy timeout (then it goes on to SQLite's own wait).
static SQLITE_WRITER: parking_lot::Mutex<()> = parking_lot::Mutex::new(());

/// Runs `f` in a write transaction and returns what it returns: any `Err`,
/// the store's or the use case's own refusal, rolls back everything `f`
/// wrote. On SQLite the outermost transaction takes this process's writer
/// turn ([`SQLITE_WRITER`]) and starts IMMEDIATE so that concurrent
/// writers queue on busy_timeout instead of failing when a read lock is
/// upgraded. Called inside a transaction, it opens a savepoint, so a
/// nested call never fails and an inner refusal undoes only its own part.
pub fn write_tx<T, E, F>(conn: &mut DbConnection, f: F) -> Result<T, E>
where
    E: From<StoreError>,
    F: FnOnce(&mut DbConnection) -> Result<T, E>,
{
    let outermost_on_sqlite = match conn {
        DbConnection::Sqlite(c) => AnsiTransactionManager::transaction_manager_status_mut(c)
            .transaction_depth()
            .is_ok_and(|depth| depth.is_none()),
        DbConnection::Postgresql(_) => false,
    };
    // Held until the commit or the rollback, and through a panic's unwinding.
    let _turn = outermost_on_sqlite
        .then(|| SQLITE_WRITER.try_lock_for(SQLITE_BUSY_TIMEOUT))
        .flatten();
    begin(conn).map_err(|e| E::from(e.into()))?;
    // A panic must not hand the pool a connection that still holds the
    // write lock.
    let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| f(conn)))
        .unwrap_or_else(|panic| {
            let _ = rollback(conn);
            std::panic::resume_unwind(panic)
        });
    match outcome {
        Ok(value) => {
            // On failure diesel rolls the transaction back itself.
            commit(conn).map_err(|e| E::from(e.into()))?;
            Ok(value)
        }
        Err(refusal) => {
            rollback(conn).map_err(|e| E::from(e.into()))?;
            Err(refusal)
        }
    }
}

/// BEGIN (IMMEDIATE on SQLite), or a savepoint inside a transaction.
fn begin(conn: &mut DbConnection) -> diesel::QueryResult<()> {
    match conn {
        DbConnection::Postgresql(c) => AnsiTransactionManager::begin_transaction(c),
        DbConnection::Sqlite(c) => {
            match AnsiTransactionManager::begin_transaction_sql(c, "BEGIN IMMEDIATE") {
                Err(diesel::result::Error::AlreadyInTransaction) => {
                    AnsiTransactionManager::begin_transaction(c)
                }
                other => other,
            }
        }
    }
}

/// COMMIT, or RELEASE of the innermost savepoint.
fn commit(conn: &mut DbConnection) -> diesel::QueryResult<()> {
    match conn {
        DbConnection::Postgresql(c) => AnsiTransactionManager::commit_transaction(c),
        DbConnection::Sqlite(c) => AnsiTransactionManager::commit_transaction(c),
    }
}

/// ROLLBACK, or ROLLBACK TO the innermost savepoint.
fn rollback(conn: &mut DbConnection) -> diesel::QueryResult<()> {
    match conn {
        DbConnection::Postgresql(c) => AnsiTransactionManager::rollback_transaction(c),
        DbConnection::Sqlite(c) => AnsiTransactionManager::rollback_transaction(c),
    }
}
