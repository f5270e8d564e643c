//! The audit chain: each entry's hash covers its content and the previous
//! entry's hash, so changing or removing any entry breaks every hash after.
//!
//! The hash is an HMAC-SHA256 keyed with a key derived from the platform
//! secret: someone who can write to the database but does not hold the
//! secret cannot recompute the chain after changing an entry. Entries
//! written before the chain was keyed carry a plain SHA-256 ("unkeyed") and
//! stay valid, but only as the start of the chain: once one entry is keyed,
//! every later one must be. Removing the newest entries leaves a chain that
//! holds; a head kept outside the platform ([`Head`]) catches that.

use std::fmt;
use std::str::FromStr;

use hmac::{Hmac, Mac};
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

/// The key of the chain. Derived from the platform secret rather than the
/// secret itself, which also signs cookies and links.
#[derive(Clone)]
pub struct ChainKey([u8; 32]);

impl ChainKey {
    pub fn from_secret(secret: &[u8]) -> ChainKey {
        let mut mac = Hmac::<Sha256>::new_from_slice(secret).expect("HMAC takes any key length");
        mac.update(b"codraft audit chain v1");
        ChainKey(mac.finalize().into_bytes().into())
    }
}

impl fmt::Debug for ChainKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ChainKey(***)")
    }
}

/// Feeds the previous hash and the entry, each field length-prefixed so no
/// two different entries serialise alike.
fn feed(mut update: impl FnMut(&[u8]), prev_hash: &str, e: &EntryContent) {
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
        update(&(field.len() as u64).to_be_bytes());
        update(field.as_bytes());
    }
}

/// The hash of an entry written today.
pub fn keyed_hash(key: &ChainKey, prev_hash: &str, e: &EntryContent) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(&key.0).expect("HMAC takes any key length");
    feed(|b| mac.update(b), prev_hash, e);
    hex::encode(mac.finalize().into_bytes())
}

/// The hash of an entry written before the chain was keyed: anyone can
/// compute it, which is why only the start of the chain may use it.
pub fn unkeyed_hash(prev_hash: &str, e: &EntryContent) -> String {
    let mut h = Sha256::new();
    feed(|b| h.update(b), prev_hash, e);
    hex::encode(h.finalize())
}

/// A head of the chain someone kept outside the platform: entry `seq` had
/// `hash`. Written `SEQ:HASH`; seq 0 is the empty chain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Head {
    pub seq: i64,
    pub hash: String,
}

impl FromStr for Head {
    type Err = String;

    fn from_str(s: &str) -> Result<Head, String> {
        let expected =
            "expected SEQ:HASH, e.g. 42:3f9a… (the seq and the 64 hexadecimal digits of the hash)";
        let (seq, hash) = s.trim().split_once(':').ok_or(expected)?;
        let seq: i64 = seq
            .trim()
            .parse()
            .ok()
            .filter(|n| *n >= 0)
            .ok_or(expected)?;
        let hash = hash.trim().to_ascii_lowercase();
        if hash.len() != 64 || !hash.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(expected.to_string());
        }
        Ok(Head { seq, hash })
    }
}

impl fmt::Display for Head {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.seq, self.hash)
    }
}

/// An entry as stored, to check.
#[derive(Debug, Clone)]
pub struct StoredEntry<'a> {
    pub seq: i64,
    pub content: EntryContent<'a>,
    pub keyed: bool,
    pub prev_hash: &'a str,
    pub hash: &'a str,
}

/// The outcome of checking the chain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// Every entry holds (and so does the kept head, if one was given).
    Intact {
        entries: i64,
        /// How many of them were written before the chain was keyed.
        unkeyed: i64,
        head: Option<Head>,
    },
    /// The first entry whose hash or link does not hold.
    Broken { seq: i64, why: &'static str },
    /// The chain holds but no longer has the kept entry.
    HeadMissing { head: Head, newest: Option<i64> },
    /// The chain holds but the kept entry now has another hash.
    HeadDiffers { head: Head, found: String },
}

impl Verdict {
    pub fn holds(&self) -> bool {
        matches!(self, Verdict::Intact { .. })
    }
}

impl fmt::Display for Verdict {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Verdict::Intact {
                entries,
                unkeyed,
                head,
            } => {
                write!(f, "Audit log intact: {entries} entries")?;
                if *unkeyed > 0 {
                    write!(
                        f,
                        " ({unkeyed} of them from before the chain was keyed, checked unkeyed)"
                    )?;
                }
                if let Some(h) = head {
                    write!(f, "; it still holds entry {} with hash {}", h.seq, h.hash)?;
                }
                f.write_str(".")
            }
            Verdict::Broken { seq, why } => write!(f, "audit log broken at entry {seq}: {why}"),
            Verdict::HeadMissing { head, newest } => {
                write!(
                    f,
                    "audit log no longer holds the kept head {head}: entry {} is missing (",
                    head.seq
                )?;
                match newest {
                    Some(n) => write!(f, "the newest entry is {n}")?,
                    None => f.write_str("the log is empty")?,
                }
                f.write_str("): entries were deleted")
            }
            Verdict::HeadDiffers { head, found } => write!(
                f,
                "audit log no longer holds the kept head {head}: entry {} now has the hash {found}: it or an entry before it was rewritten and the chain recomputed",
                head.seq
            ),
        }
    }
}

/// Checks a chain entry by entry, in order, so the caller can read it a
/// page at a time.
pub struct Walk<'k> {
    key: &'k ChainKey,
    kept: Option<Head>,
    kept_seen: bool,
    prev: String,
    keyed_seen: bool,
    entries: i64,
    unkeyed: i64,
    newest: Option<i64>,
}

impl<'k> Walk<'k> {
    pub fn new(key: &'k ChainKey, kept: Option<Head>) -> Walk<'k> {
        Walk {
            key,
            kept_seen: kept.as_ref().is_some_and(|h| h.seq == 0),
            kept,
            prev: GENESIS.to_string(),
            keyed_seen: false,
            entries: 0,
            unkeyed: 0,
            newest: None,
        }
    }

    /// Checks the next entry; the verdict at the first one that does not
    /// hold.
    pub fn step(&mut self, e: &StoredEntry) -> Result<(), Verdict> {
        let broken = |why| Verdict::Broken { seq: e.seq, why };
        if e.prev_hash != self.prev {
            return Err(broken(
                "its link to the previous entry does not match (an entry before it was changed or removed)",
            ));
        }
        if e.keyed {
            if keyed_hash(self.key, &self.prev, &e.content) != e.hash {
                return Err(broken(if self.keyed_seen {
                    "its content does not match its hash (it was changed)"
                } else {
                    "its content does not match its hash (it was changed, or this check is not using the platform's secret: CODRAFT_SECRET_KEY or secret.key in CODRAFT_DATA_DIR)"
                }));
            }
            self.keyed_seen = true;
        } else {
            if self.keyed_seen {
                return Err(broken(
                    "it is not keyed although an entry before it is (it was rewritten by someone without the platform's secret)",
                ));
            }
            if unkeyed_hash(&self.prev, &e.content) != e.hash {
                return Err(broken(
                    "its content does not match its hash (it was changed)",
                ));
            }
            self.unkeyed += 1;
        }
        if let Some(kept) = &self.kept {
            if e.seq == kept.seq {
                if e.hash != kept.hash {
                    return Err(Verdict::HeadDiffers {
                        head: kept.clone(),
                        found: e.hash.to_string(),
                    });
                }
                self.kept_seen = true;
            }
        }
        self.prev = e.hash.to_string();
        self.entries += 1;
        self.newest = Some(e.seq);
        Ok(())
    }

    /// The verdict once every entry has been read.
    pub fn finish(self) -> Verdict {
        match self.kept {
            Some(head) if head.seq == 0 && head.hash != GENESIS => Verdict::HeadDiffers {
                head,
                found: GENESIS.to_string(),
            },
            Some(head) if !self.kept_seen => Verdict::HeadMissing {
                head,
                newest: self.newest,
            },
            head => Verdict::Intact {
                entries: self.entries,
                unkeyed: self.unkeyed,
                head,
            },
        }
    }
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
        let key = ChainKey::from_secret(b"secret");
        for hash in [
            |prev: &str, e: &EntryContent| unkeyed_hash(prev, e),
            |prev: &str, e: &EntryContent| keyed_hash(&ChainKey::from_secret(b"secret"), prev, e),
        ] {
            let a = hash(GENESIS, &entry(None));
            assert_eq!(a.len(), 64);
            assert_eq!(a, hash(GENESIS, &entry(None)));
            assert_ne!(a, hash(GENESIS, &entry(Some("motif"))));
            assert_ne!(a, hash(&a, &entry(None)), "the previous hash is covered");
            let mut moved = entry(None);
            moved.target_id = Some(8);
            assert_ne!(a, hash(GENESIS, &moved));
        }
        assert_eq!(format!("{key:?}"), "ChainKey(***)");
    }

    #[test]
    fn the_keyed_hash_depends_on_the_secret() {
        let e = entry(None);
        let ours = keyed_hash(&ChainKey::from_secret(b"platform secret"), GENESIS, &e);
        assert_eq!(
            ours,
            keyed_hash(&ChainKey::from_secret(b"platform secret"), GENESIS, &e)
        );
        assert_ne!(
            ours,
            keyed_hash(&ChainKey::from_secret(b"another secret"), GENESIS, &e),
            "another secret gives another hash"
        );
        assert_ne!(
            ours,
            unkeyed_hash(GENESIS, &e),
            "nobody can compute it without the key"
        );
    }

    /// A chain of `n` entries, the first `legacy` of them unkeyed, as
    /// (seq, keyed, prev, hash, reason).
    fn chain(key: &ChainKey, n: i64, legacy: i64) -> Vec<(i64, bool, String, String)> {
        let mut out = Vec::new();
        let mut prev = GENESIS.to_string();
        for seq in 1..=n {
            let keyed = seq > legacy;
            let hash = if keyed {
                keyed_hash(key, &prev, &entry(None))
            } else {
                unkeyed_hash(&prev, &entry(None))
            };
            out.push((seq, keyed, prev.clone(), hash.clone()));
            prev = hash;
        }
        out
    }

    fn walk(key: &ChainKey, rows: &[(i64, bool, String, String)], kept: Option<Head>) -> Verdict {
        let mut w = Walk::new(key, kept);
        for (seq, keyed, prev, hash) in rows {
            let stored = StoredEntry {
                seq: *seq,
                content: entry(None),
                keyed: *keyed,
                prev_hash: prev,
                hash,
            };
            if let Err(v) = w.step(&stored) {
                return v;
            }
        }
        w.finish()
    }

    fn head_of(rows: &[(i64, bool, String, String)], seq: i64) -> Head {
        let row = &rows[(seq - 1) as usize];
        Head {
            seq,
            hash: row.3.clone(),
        }
    }

    #[test]
    fn entries_from_before_the_key_verify_at_the_start_of_the_chain() {
        let key = ChainKey::from_secret(b"k");
        let rows = chain(&key, 5, 2);
        assert_eq!(
            walk(&key, &rows, None),
            Verdict::Intact {
                entries: 5,
                unkeyed: 2,
                head: None
            }
        );
        // The same chain checked with another secret fails at the first
        // keyed entry, and says the secret may be the cause.
        match walk(&ChainKey::from_secret(b"other"), &rows, None) {
            Verdict::Broken { seq: 3, why } => assert!(why.contains("secret"), "{why}"),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn an_unkeyed_entry_after_a_keyed_one_breaks_the_chain() {
        let key = ChainKey::from_secret(b"k");
        let mut rows = chain(&key, 4, 0);
        // Entry 3 rewritten without the key: recomputed unkeyed from there.
        let mut prev = rows[1].3.clone();
        for row in rows.iter_mut().skip(2) {
            row.1 = false;
            row.2 = prev.clone();
            row.3 = unkeyed_hash(&prev, &entry(None));
            prev = row.3.clone();
        }
        assert!(matches!(
            walk(&key, &rows, None),
            Verdict::Broken { seq: 3, why } if why.contains("not keyed")
        ));
    }

    #[test]
    fn a_kept_head_catches_deletions_and_recomputed_chains() {
        let key = ChainKey::from_secret(b"k");
        let rows = chain(&key, 5, 0);
        let kept = head_of(&rows, 4);
        assert!(walk(&key, &rows, Some(kept.clone())).holds());
        assert!(walk(&key, &rows, Some(head_of(&rows, 5))).holds());
        // The newest entries deleted: the chain holds, the head is gone.
        assert_eq!(
            walk(&key, &rows[..2], Some(kept.clone())),
            Verdict::HeadMissing {
                head: kept.clone(),
                newest: Some(2)
            }
        );
        let message = walk(&key, &rows[..2], Some(kept.clone())).to_string();
        assert!(message.contains("entry 4 is missing"), "{message}");
        // Deleted, then new entries appended after the gap.
        let mut gap = rows[..2].to_vec();
        let mut tail = chain(&key, 7, 0).split_off(5);
        tail[0].2 = gap[1].3.clone();
        tail[0].3 = keyed_hash(&key, &tail[0].2, &entry(None));
        tail[1].2 = tail[0].3.clone();
        tail[1].3 = keyed_hash(&key, &tail[1].2, &entry(None));
        gap.extend(tail);
        assert!(matches!(
            walk(&key, &gap, Some(kept.clone())),
            Verdict::HeadMissing {
                newest: Some(7),
                ..
            }
        ));
        // Recomputed entirely (by someone holding the key, or unkeyed from
        // the first entry): another hash at the kept seq.
        let recomputed = chain(&key, 5, 5);
        match walk(&key, &recomputed, Some(kept.clone())) {
            Verdict::HeadDiffers { head, found } => {
                assert_eq!(head, kept);
                assert_eq!(found, recomputed[3].3);
            }
            other => panic!("{other:?}"),
        }
        // The empty chain's head.
        let empty: Head = format!("0:{GENESIS}").parse().unwrap();
        assert!(walk(&key, &rows, Some(empty)).holds());
        assert!(walk(&key, &[], Some(kept)).to_string().contains("empty"));
    }

    #[test]
    fn a_head_reads_as_seq_colon_hash() {
        let hash = "AB".repeat(32);
        let head: Head = format!(" 12:{hash} ").parse().unwrap();
        assert_eq!(head.seq, 12);
        assert_eq!(head.hash, hash.to_lowercase());
        assert_eq!(head.to_string(), format!("12:{}", hash.to_lowercase()));
        for bad in [
            "",
            "12",
            "x:ab",
            "-1:00",
            &format!("3:{}", "g".repeat(64)),
            "3:abc",
        ] {
            assert!(bad.parse::<Head>().is_err(), "{bad}");
        }
    }
}
