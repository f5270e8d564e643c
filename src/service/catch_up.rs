//! What a new contribution owes after its write, done within a second by
//! `jobs::scans`: its near-duplicate signature, bands and group (and the
//! queueing a group brings), and its row in the search index. Kept out of
//! the writer's transaction so that posting holds the database's writer
//! for as little as it can; recorded in that transaction
//! (`store::pending_scans`), so nothing is lost to a crash.

use crate::analysis::near_duplicates::{self, Signature};
use crate::domain::contribution::ContributionState;
use crate::domain::moderation::State;
use crate::service::moderation::{join_twin, requeue};
use crate::store::moderation as cases;
use crate::store::{DbConnection, StoreError, contributions, pending_scans, search};

/// Contributions scanned per transaction: enough to share one commit,
/// few enough not to hold the writer long.
pub const BATCH: i64 = 50;

/// Scans up to [`BATCH`] pending contributions in id order, in one write
/// transaction that the caller opens; the number scanned. Two instances
/// never scan at once (the job's lock), so groups form in order, as they
/// would one by one.
pub fn scan_pending(c: &mut DbConnection) -> Result<usize, StoreError> {
    let ids = pending_scans::claim(c, BATCH)?;
    for &id in &ids {
        scan_one(c, id)?;
    }
    pending_scans::done(c, &ids)?;
    Ok(ids.len())
}

fn scan_one(c: &mut DbConnection, id: i64) -> Result<(), StoreError> {
    // Locked, then read: an edit or a moderation act meanwhile is either
    // before (and its text is what is scanned) or after.
    match contributions::lock(c, id) {
        Ok(()) => {}
        Err(StoreError::NotFound) => return Ok(()),
        Err(e) => return Err(e),
    }
    let row = contributions::find(c, id)?;
    let text = row.scanned_text();
    let signature = near_duplicates::signature(&text);
    cases::set_minhash(c, id, signature.as_ref().map(Signature::encode).as_deref())?;
    if let Some(sig) = &signature {
        if join_twin(c, &row, sig)?.is_some() {
            requeue(c, id)?;
        }
        cases::set_bands(c, row.bill_id, id, &sig.bands())?;
    }
    let searchable = row.status == ContributionState::Published
        && matches!(row.moderation, None | Some(State::Redacted));
    if searchable {
        let terms = contributions::search_terms(c, id)?;
        search::index(c, row.bill_id, search::CONTRIBUTION, id, &terms)?;
    }
    Ok(())
}
