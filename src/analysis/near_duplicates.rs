//! Near-identical texts, as copy-paste campaigns produce: word shingles,
//! a MinHash signature, and locality-sensitive hashing bands so that
//! candidates are found by equality in an index rather than by comparing
//! every pair.
//!
//! Hand-written (about 80 lines) rather than taken from a crate: the
//! MinHash crates keep their LSH index in memory, and ours must live in the
//! database, shared by every replica.

use std::collections::HashSet;

/// Signature length: 16 bands of 4 rows. Two texts share a band with
/// probability 1-(1-s⁴)¹⁶: 0.99 at 70 % similarity, 0.40 at 40 %.
pub const HASHES: usize = 64;
pub const BANDS: usize = 16;
const ROWS: usize = HASHES / BANDS;
/// Words per shingle.
const SHINGLE: usize = 3;
/// Texts with fewer shingles are too short to call a campaign.
const MIN_SHINGLES: usize = 8;
/// Estimated Jaccard similarity above which two texts are one group.
pub const THRESHOLD: f64 = 0.6;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Signature(pub Vec<u32>);

/// A 64-bit hash that does not change between runs or builds (FNV-1a).
fn stable_hash(bytes: &[u8], seed: u64) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325 ^ seed.wrapping_mul(0x9E37_79B9_7F4A_7C15);
    for b in bytes {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    // Final avalanche (splitmix64) so nearby seeds give unrelated hashes.
    h ^= h >> 30;
    h = h.wrapping_mul(0xbf58_476d_1ce4_e5b9);
    h ^= h >> 27;
    h = h.wrapping_mul(0x94d0_49bb_1331_11eb);
    h ^ (h >> 31)
}

fn shingles(text: &str) -> HashSet<u64> {
    let folded = text.to_lowercase();
    let words: Vec<&str> = folded
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    words
        .windows(SHINGLE)
        .map(|w| stable_hash(w.join(" ").as_bytes(), 0))
        .collect()
}

/// The signature of a text, or None when it is too short to compare.
pub fn signature(text: &str) -> Option<Signature> {
    let set = shingles(text);
    if set.len() < MIN_SHINGLES {
        return None;
    }
    let mut sig = vec![u32::MAX; HASHES];
    for s in set {
        for (i, slot) in sig.iter_mut().enumerate() {
            let h = stable_hash(&s.to_le_bytes(), i as u64 + 1) as u32;
            if h < *slot {
                *slot = h;
            }
        }
    }
    Some(Signature(sig))
}

impl Signature {
    /// One key per band; equal keys in a band make two texts candidates.
    pub fn bands(&self) -> Vec<i64> {
        self.0
            .chunks(ROWS)
            .map(|rows| {
                let bytes: Vec<u8> = rows.iter().flat_map(|r| r.to_le_bytes()).collect();
                stable_hash(&bytes, 0) as i64
            })
            .collect()
    }

    /// The share of equal slots: an estimate of the Jaccard similarity.
    pub fn similarity(&self, other: &Signature) -> f64 {
        let same = self.0.iter().zip(&other.0).filter(|(a, b)| a == b).count();
        same as f64 / HASHES as f64
    }

    pub fn encode(&self) -> String {
        self.0.iter().map(|n| format!("{n:08x}")).collect()
    }

    pub fn decode(s: &str) -> Option<Signature> {
        if s.len() != HASHES * 8 || !s.is_ascii() {
            return None;
        }
        (0..HASHES)
            .map(|i| u32::from_str_radix(&s[i * 8..i * 8 + 8], 16).ok())
            .collect::<Option<Vec<_>>>()
            .map(Signature)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "Le principe de neutralité du net doit être inscrit dans la loi \
        sans exception, car les opérateurs ne doivent pas pouvoir favoriser leurs \
        propres services au détriment des autres acteurs de l'internet.";

    /// Light edits of the kind campaign copies carry: a greeting, a word
    /// changed, a sign-off.
    fn copy(i: usize) -> String {
        let mut t = TEXT.to_string();
        if i % 2 == 0 {
            t = format!("Bonjour, {t}");
        }
        if i % 3 == 0 {
            t = t.replace("sans exception", "sans aucune exception");
        }
        if i % 5 == 0 {
            t = t.replace("opérateurs", "fournisseurs d'accès");
        }
        format!("{t} Merci. Signé n°{i}")
    }

    #[test]
    fn fifty_lightly_edited_copies_are_one_group() {
        let first = signature(&copy(0)).unwrap();
        for i in 1..50 {
            let sig = signature(&copy(i)).unwrap();
            assert!(
                first.similarity(&sig) >= THRESHOLD,
                "copy {i}: {}",
                first.similarity(&sig)
            );
            assert!(
                first.bands().iter().zip(sig.bands()).any(|(a, b)| *a == b),
                "copy {i} shares no band"
            );
        }
    }

    #[test]
    fn different_texts_are_not_grouped() {
        let a = signature(TEXT).unwrap();
        let b = signature(
            "La neutralité du net est déjà garantie par le règlement européen de 2015 \
             et il serait inutile d'ajouter une disposition nationale qui créerait \
             une insécurité juridique pour les entreprises françaises.",
        )
        .unwrap();
        assert!(a.similarity(&b) < THRESHOLD);
        assert_eq!(signature("Trop court pour comparer."), None);
    }

    #[test]
    fn signatures_survive_storage() {
        let a = signature(TEXT).unwrap();
        assert_eq!(Signature::decode(&a.encode()), Some(a.clone()));
        assert_eq!(Signature::decode("zz"), None);
        assert_eq!(signature(TEXT), Some(a), "stable between runs");
    }
}
