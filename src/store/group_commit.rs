//! Group commit: writes that arrive while one batch is being written wait
//! for it to end, then are written together in one transaction, each in a
//! savepoint of its own.
//!
//! At the peak, hundreds of posts a second each paid for a transaction of
//! their own: its commit (on SQLite, its pages appended to the log, and a
//! turn of the one writer handed from thread to thread), and on PostgreSQL
//! the wait for the bill's counter row that every post takes. Here:
//! - a write that refuses (its savepoint rolled back) has written nothing
//!   and gets its own answer, while the others of its batch are kept;
//! - a write that loses a lock race, or a commit that fails, undoes the
//!   batch, whose writes are then run one by one, each retried as
//!   [`write_retrying`] does;
//! - each request is answered after the commit that holds its write, so
//!   an acknowledged write is durable.
//!
//! No thread waits for work: the request that finds no batch running
//! becomes the writer, on the blocking pool, and stays it while writes
//! keep coming.

use std::sync::{Arc, Mutex, MutexGuard};

use tokio::sync::oneshot;

use super::{Db, DbConnection, StoreError, TxError, write_retrying, write_tx};

/// Most writes in one transaction.
pub const MAX_BATCH: usize = 64;

struct Pending<T, E> {
    job: Job<T, E>,
    answer: oneshot::Sender<Result<T, E>>,
}

struct Queue<T, E> {
    waiting: Vec<Pending<T, E>>,
    /// A writer is running and will take what is waiting.
    writing: bool,
}

/// The writes of one kind waiting for the next batch.
pub struct GroupCommit<T, E> {
    queue: Mutex<Queue<T, E>>,
}

impl<T, E> Default for GroupCommit<T, E> {
    fn default() -> Self {
        GroupCommit {
            queue: Mutex::new(Queue {
                waiting: Vec::new(),
                writing: false,
            }),
        }
    }
}

impl<T, E> GroupCommit<T, E>
where
    T: Send + 'static,
    E: TxError + Send + 'static,
{
    fn queue(&self) -> MutexGuard<'_, Queue<T, E>> {
        self.queue.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Runs `job` with the others of its batch, in a transaction that
    /// `job` shares (it may run again, alone, if the batch fails); its
    /// outcome once the batch is committed.
    pub async fn write<F>(self: &Arc<Self>, db: &Db, job: F) -> Result<T, E>
    where
        F: FnMut(&mut DbConnection) -> Result<T, E> + Send + 'static,
    {
        let (answer, outcome) = oneshot::channel();
        let lead = {
            let mut q = self.queue();
            q.waiting.push(Pending {
                job: Box::new(job),
                answer,
            });
            !std::mem::replace(&mut q.writing, true)
        };
        if lead {
            let (batcher, db) = (self.clone(), db.clone());
            tokio::task::spawn_blocking(move || batcher.write_while_waiting(&db));
        }
        outcome
            .await
            .map_err(|_| E::from(StoreError::Task("the write was not run".into())))?
    }

    /// Writes batches until none is waiting.
    fn write_while_waiting(&self, db: &Db) {
        loop {
            let batch: Vec<Pending<T, E>> = {
                let mut q = self.queue();
                if q.waiting.is_empty() {
                    q.writing = false;
                    return;
                }
                let n = q.waiting.len().min(MAX_BATCH);
                q.waiting.drain(..n).collect()
            };
            // A panic loses this batch's answers (their requests get an
            // error), not the writer.
            let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| match db.conn() {
                Ok(mut conn) => write_batch(&mut conn, batch),
                Err(e) => {
                    let message = e.to_string();
                    for p in batch {
                        let _ = p.answer.send(Err(StoreError::Pool(message.clone()).into()));
                    }
                }
            }));
        }
    }
}

/// A write run by [`GroupCommit`]: it may run twice (in its batch, then
/// alone), so it must not have consumed what it writes.
pub type Job<T, E> = Box<dyn FnMut(&mut DbConnection) -> Result<T, E> + Send>;

fn write_batch<T, E: TxError>(conn: &mut DbConnection, batch: Vec<Pending<T, E>>) {
    let (mut jobs, answers): (Vec<Job<T, E>>, Vec<_>) =
        batch.into_iter().map(|p| (p.job, p.answer)).unzip();
    for (answer, outcome) in answers.into_iter().zip(write_together(conn, &mut jobs)) {
        let _ = answer.send(outcome);
    }
}

/// Runs `jobs` in order in one transaction, each in a savepoint of its
/// own; the outcome of each, all committed before this returns. A job that
/// refuses has its savepoint rolled back; a lock race or a failed commit
/// undoes them all, and each then runs alone, retried as
/// [`write_retrying`] does.
pub fn write_together<T, E: TxError>(
    conn: &mut DbConnection,
    jobs: &mut [Job<T, E>],
) -> Vec<Result<T, E>> {
    let written = write_tx(conn, |c| {
        let mut outcomes = Vec::with_capacity(jobs.len());
        for job in jobs.iter_mut() {
            match write_tx(c, job) {
                Err(e) if e.is_transient() => return Err(e),
                outcome => outcomes.push(outcome),
            }
        }
        Ok::<_, E>(outcomes)
    });
    match written {
        Ok(outcomes) => outcomes,
        // Nothing of the batch was written: each job runs on its own.
        Err(_) => jobs
            .iter_mut()
            .map(|job| write_retrying(conn, job))
            .collect(),
    }
}
