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
//! The queue is [`GroupCommit`]'s; [`write_votes`] writes each batch.

use crate::domain::contribution::Tally;
use crate::error::AppError;
use crate::service::participation::{Locking, OpenBills, Vote, VoteOn, cast, check, record};
use crate::store::group_commit::GroupCommit;
use crate::store::{DbConnection, StoreError, TxError, articles, contributions};
use crate::store::{write_retrying, write_tx};

/// Most votes written in one transaction.
pub const MAX_BATCH: usize = 256;

/// The votes waiting for the next batch.
pub type VoteBatcher = GroupCommit<Vote, Result<Tally, AppError>>;

/// Batches of at most [`MAX_BATCH`] votes, each written by [`write_votes`].
pub fn batcher() -> VoteBatcher {
    GroupCommit::new(MAX_BATCH, |c, votes| write_votes(c, votes))
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
