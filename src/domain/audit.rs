//! The audit chain: each entry's hash covers its content and the previous
//! entry's hash, so changing or removing any entry breaks every hash after.

use sha2::{Digest, Sha256};

/// The hash before the first entry.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// What an entry says, as hashed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EntryContent<'a> {
    /// RFC 3339, microseconds.
    pub at: &'a str,
    pub actor_id: Option<i64>,
    pub action: &'a str,
    pub target_kind: &'a str,
    pub target_id: Option<i64>,
    pub bill_id: Option<i64>,
    pub reason: Option<&'a str>,
}

/// SHA-256 of the previous hash and the entry, with fields length-prefixed
/// so no two different entries serialise alike.
pub fn hash(prev_hash: &str, e: &EntryContent) -> String {
    let mut h = Sha256::new();
    let opt = |v: Option<i64>| v.map(|n| n.to_string()).unwrap_or_default();
    for field in [
        prev_hash,
        e.at,
        &opt(e.actor_id),
        e.action,
        e.target_kind,
        &opt(e.target_id),
        &opt(e.bill_id),
        e.reason.unwrap_or(""),
    ] {
        h.update((field.len() as u64).to_be_bytes());
        h.update(field.as_bytes());
    }
    hex::encode(h.finalize())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(reason: Option<&str>) -> EntryContent<'_> {
        EntryContent {
            at: "2026-11-28T10:00:00.000000Z",
            actor_id: Some(3),
            action: "bill.open",
            target_kind: "bill",
            target_id: Some(7),
            bill_id: Some(7),
            reason,
        }
    }

    #[test]
    fn any_change_changes_the_hash() {
        let a = hash(GENESIS, &entry(None));
        assert_eq!(a.len(), 64);
        assert_eq!(a, hash(GENESIS, &entry(None)));
        assert_ne!(a, hash(GENESIS, &entry(Some("motif"))));
        assert_ne!(a, hash(&a, &entry(None)), "the previous hash is covered");
        let mut moved = entry(None);
        moved.target_id = Some(8);
        assert_ne!(a, hash(GENESIS, &moved));
    }
}
