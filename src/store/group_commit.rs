//! Group commit: writes that arrive while one batch is being written wait
//! for it to end, then are written together in one transaction.
//!
//! At the peak, hundreds of posts and thousands of votes a second each
//! paid for a transaction of their own: its commit (on SQLite, its pages
//! appended to the log, and the one writer's turn handed from thread to
//! thread), and on PostgreSQL the wait for the bill's counter row that
//! every one of them takes. [`GroupCommit`] holds the queue; how a batch
//! is written is given to it: votes check each vote before writing
//! anything (`service::vote_batch`), other writes run as [`Job`]s, each in
//! a savepoint of its own ([`write_together`]):
//! - a job that refuses (its savepoint rolled back) has written nothing
//!   and gets its own answer, while the others of its batch are kept;
//! - a job that loses a lock race, or a commit that fails, undoes the
//!   batch, whose jobs are then run one by one, each retried as
//!   [`write_retrying`] does.
//!
//! Each request is answered after the commit that holds its write, so an
//! acknowledged write is durable. No thread waits for work: the request
//! that finds no batch running becomes the writer, on the blocking pool,
//! and stays it while writes keep coming.

use std::sync::{Arc, Mutex, MutexGuard};

use tokio::sync::oneshot;

use super::{Db, DbConnection, StoreError, TxError, write_retrying, write_tx};

struct Pending<I, O> {
    item: I,
    answer: oneshot::Sender<Result<O, StoreError>>,
}

struct Queue<I, O> {
    waiting: Vec<Pending<I, O>>,
    /// A writer is running and will take what is waiting.
    writing: bool,
}

/// Writes of one kind (`I`) waiting for the next batch, and how a batch is
/// written: in one transaction, an outcome (`O`) per write, in order, all
/// committed when it returns.
pub struct GroupCommit<I, O> {
    queue: Mutex<Queue<I, O>>,
    write: fn(&mut DbConnection, &mut [I]) -> Vec<O>,
    most: usize,
}

impl<I, O> GroupCommit<I, O>
where
    I: Send + 'static,
    O: Send + 'static,
{
    /// Batches of at most `most` writes, each batch written by `write`.
    pub fn new(most: usize, write: fn(&mut DbConnection, &mut [I]) -> Vec<O>) -> Self {
        GroupCommit {
            queue: Mutex::new(Queue {
                waiting: Vec::new(),
                writing: false,
            }),
            write,
            most,
        }
    }

    fn queue(&self) -> MutexGuard<'_, Queue<I, O>> {
        self.queue.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Writes `item` with the others of its batch; its outcome once the
    /// batch is committed (an error if no connection could be had).
    pub async fn submit(self: &Arc<Self>, db: &Db, item: I) -> Result<O, StoreError> {
        let (answer, outcome) = oneshot::channel();
        let lead = {
            let mut q = self.queue();
            q.waiting.push(Pending { item, answer });
            !std::mem::replace(&mut q.writing, true)
        };
        if lead {
            let (batcher, db) = (self.clone(), db.clone());
            tokio::task::spawn_blocking(move || batcher.write_while_waiting(&db));
        }
        outcome
            .await
            .map_err(|_| StoreError::Task("the write was not run".into()))?
    }

    /// Writes batches until none is waiting.
    fn write_while_waiting(&self, db: &Db) {
        loop {
            let batch: Vec<Pending<I, O>> = {
                let mut q = self.queue();
                if q.waiting.is_empty() {
                    q.writing = false;
                    return;
                }
                let n = q.waiting.len().min(self.most);
                q.waiting.drain(..n).collect()
            };
            let (mut items, answers): (Vec<I>, Vec<_>) =
                batch.into_iter().map(|p| (p.item, p.answer)).unzip();
            // A panic loses this batch's answers (their requests get an
            // error), not the writer.
            let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| match db.conn() {
                Ok(mut conn) => {
                    let outcomes = (self.write)(&mut conn, &mut items);
                    for (answer, outcome) in answers.into_iter().zip(outcomes) {
                        let _ = answer.send(Ok(outcome));
                    }
                }
                Err(e) => {
                    let message = e.to_string();
                    for answer in answers {
                        let _ = answer.send(Err(StoreError::Pool(message.clone())));
                    }
                }
            }));
        }
    }
}

/// A write run by [`GroupCommit`]: it may run twice (in its batch, then
/// alone), so it must not have consumed what it writes.
pub type Job<T, E> = Box<dyn FnMut(&mut DbConnection) -> Result<T, E> + Send>;

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

impl<I, T, E> GroupCommit<I, Result<T, E>>
where
    I: Send + 'static,
    T: Send + 'static,
    E: From<StoreError> + Send + 'static,
{
    /// [`GroupCommit::submit`] for writes that answer a `Result`: `item`'s
    /// own outcome, or why it was not run.
    pub async fn write(self: &Arc<Self>, db: &Db, item: I) -> Result<T, E> {
        self.submit(db, item)
            .await
            .unwrap_or_else(|e| Err(E::from(e)))
    }
}

/// Group commit of [`Job`]s, each in a savepoint ([`write_together`]).
pub type Jobs<T, E> = GroupCommit<Job<T, E>, Result<T, E>>;

impl<T, E> Jobs<T, E>
where
    T: Send + 'static,
    E: TxError + Send + 'static,
{
    /// Batches of at most `most` jobs.
    pub fn of_jobs(most: usize) -> Self {
        GroupCommit::new(most, write_together::<T, E>)
    }

    /// Runs `job` with the others of its batch, in a transaction that
    /// `job` shares (it may run again, alone, if the batch fails); its
    /// outcome once the batch is committed.
    pub async fn run<F>(self: &Arc<Self>, db: &Db, job: F) -> Result<T, E>
    where
        F: FnMut(&mut DbConnection) -> Result<T, E> + Send + 'static,
    {
        self.write(db, Box::new(job)).await
    }
}
