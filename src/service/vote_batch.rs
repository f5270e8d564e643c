//! Group commit of votes. At the peak, thousands of votes a second each
//! paid for a transaction of their own (its commit, and on PostgreSQL the
//! wait for the bill's row that every vote's counters take). Here the
//! votes that arrive while one batch is being written wait for it to end,
//! then are written together in one transaction: the voted items locked
//! first, each bill read once, each vote checked before anything of it is
//! written, so a refused vote (closed consultation, own contribution,
//! value not allowed…) has written nothing and gets its own answer while
//! the others are kept. A write that fails undoes the batch, whose votes
//! are then written one by one. Each request
//! is answered after the commit that holds its vote, so an acknowledged
//! vote is durable, and the counters move in the same transaction as the
//! rows, so they always equal a recount.
//!
//! No thread waits for work: the request that finds no batch running
//! becomes the writer, on the blocking pool, and stays it while votes keep
//! coming.

use std::sync::{Arc, Mutex, MutexGuard};

use tokio::sync::oneshot;

use crate::domain::contribution::Tally;
use crate::error::AppError;
use crate::service::participation::{Locking, OpenBills, Vote, VoteOn, cast, check, record};
use crate::store::{Db, DbConnection, StoreError, TxError, articles, contributions};
use crate::store::{write_retrying, write_tx};

/// Most votes written in one transaction.
pub const MAX_BATCH: usize = 256;

struct Pending {
    vote: Vote,
    answer: oneshot::Sender<Result<Tally, AppError>>,
}

#[derive(Default)]
struct Queue {
    waiting: Vec<Pending>,
    /// A writer is running and will take what is waiting.
    writing: bool,
}

/// The votes waiting for the next batch.
#[derive(Default)]
pub struct VoteBatcher {
    queue: Mutex<Queue>,
}

impl VoteBatcher {
    fn queue(&self) -> MutexGuard<'_, Queue> {
        self.queue.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Writes `vote` with the others of its batch; its own outcome once
    /// the batch is committed.
    pub async fn submit(self: &Arc<Self>, db: &Db, vote: Vote) -> Result<Tally, AppError> {
        let (answer, outcome) = oneshot::channel();
        let lead = {
            let mut q = self.queue();
            q.waiting.push(Pending { vote, answer });
            !std::mem::replace(&mut q.writing, true)
        };
        if lead {
            let (batcher, db) = (self.clone(), db.clone());
            tokio::task::spawn_blocking(move || batcher.write_while_waiting(&db));
        }
        outcome
            .await
            .map_err(|_| AppError::from(StoreError::Task("the vote was not written".into())))?
    }

    /// Writes batches until none is waiting.
    fn write_while_waiting(&self, db: &Db) {
        loop {
            let batch: Vec<Pending> = {
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

/// The items a batch votes on, locked before any vote takes the bill's
/// row: contributions, then articles, each in id order (the order every
/// writer takes them in), so that a batch never waits in a circle with a
/// writer of one item.
fn lock_targets(c: &mut DbConnection, votes: &[Vote]) -> Result<(), StoreError> {
    let (mut on_contributions, mut on_articles) = (Vec::new(), Vec::new());
    for v in votes {
        match v.on {
            VoteOn::Contribution(id) => on_contributions.push(id),
            VoteOn::Article(id) => on_articles.push(id),
        }
    }
    on_contributions.sort_unstable();
    on_contributions.dedup();
    contributions::lock_many(c, &on_contributions)?;
    articles::lock_many(c, &on_articles)
}

fn write_batch(conn: &mut DbConnection, batch: Vec<Pending>) {
    let votes: Vec<Vote> = batch.iter().map(|p| p.vote).collect();
    let outcomes = write_votes(conn, &votes);
    for (p, outcome) in batch.into_iter().zip(outcomes) {
        let _ = p.answer.send(outcome);
    }
}

/// Writes `votes` in order in one transaction; the outcome of each, all
/// committed before this returns. Each vote is checked before anything of
/// it is written ([`check`] only reads), so a refused vote has nothing to
/// undo and needs no savepoint of its own.
pub fn write_votes(conn: &mut DbConnection, votes: &[Vote]) -> Vec<Result<Tally, AppError>> {
    let written = write_tx(conn, |c| {
        lock_targets(c, votes)?;
        let mut open = OpenBills::default();
        let mut outcomes = Vec::with_capacity(votes.len());
        for v in votes {
            let checked = match check(c, v, &mut open) {
                Ok(checked) => checked,
                // A read that lost a race: the batch is undone and its
                // votes written one by one, in order.
                Err(e) if e.is_transient() => return Err(e),
                Err(refusal) => {
                    outcomes.push(Err(refusal));
                    continue;
                }
            };
            // A write that fails fails the batch (below).
            outcomes.push(Ok(record(c, &checked, Locking::AlreadyLocked)?));
        }
        Ok::<_, AppError>(outcomes)
    });
    match written {
        Ok(outcomes) => outcomes,
        // The batch as a whole failed (a lock race, its commit): nothing
        // of it was written; each vote is written on its own, in order.
        Err(_) => votes
            .iter()
            .map(|v| write_retrying(conn, |c| cast(c, v)))
            .collect(),
    }
}
