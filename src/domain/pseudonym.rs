//! Who a contribution is shown as: a public name, a pseudonym
//! ("Participant 4F2A-91C3") or "deleted participant".
//!
//! A citizen's pseudonym belongs to one bill: it is a permutation of the
//! account id (a four-round Feistel network over 32 bits) keyed by the
//! platform's secret and the bill. Within a bill two people never share
//! one; across bills nothing links them, so the open data of two
//! consultations cannot be joined on it; and nobody without the secret can
//! tell which account it stands for. Pages, API, report and open data of a
//! bill all show the same one.
//!
//! Votes are never published under a contributor's name or pseudonym: the
//! open data lists them under a voter key of their own (see [`voter_key`]),
//! so a citizen who shows her name on her contributions is not tied to her
//! votes, and neither is a pseudonymous one.

use std::sync::OnceLock;

use hmac::{Hmac, Mac};
use sha2::Sha256;

use super::{ContributorCategory, Role};

static KEY: OnceLock<Vec<u8>> = OnceLock::new();

/// Sets the key once, at start-up, from the platform secret.
pub fn init(secret: &[u8]) {
    let _ = KEY.set(secret.to_vec());
}

fn key() -> &'static [u8] {
    KEY.get().map(Vec::as_slice).unwrap_or(b"codraft")
}

fn round(key: &[u8], bill_id: i64, round: u8, half: u16) -> u16 {
    let mut mac = Hmac::<Sha256>::new_from_slice(key).expect("HMAC takes any key length");
    mac.update(b"pseudonym");
    mac.update(&bill_id.to_be_bytes());
    mac.update(&[round]);
    mac.update(&half.to_be_bytes());
    let out = mac.finalize().into_bytes();
    u16::from_be_bytes([out[0], out[1]])
}

fn permute(key: &[u8], bill_id: i64, id: u32) -> u32 {
    let (mut left, mut right) = ((id >> 16) as u16, id as u16);
    for r in 0..4 {
        let next = left ^ round(key, bill_id, r, right);
        left = right;
        right = next;
    }
    (u32::from(left) << 16) | u32::from(right)
}

/// The code of an account's pseudonym on a bill, e.g. "4F2A-91C3".
pub fn code(bill_id: i64, user_id: i64) -> String {
    let n = permute(key(), bill_id, user_id as u32);
    format!("{:04X}-{:04X}", n >> 16, n & 0xFFFF)
}

/// The key a voter's votes on a bill are published under in open data,
/// e.g. "V-3f9a0c12d4e5": the same for all of one person's votes on that
/// bill (so ballots can be counted per person), unrelated to any name or
/// pseudonym shown on contributions, and to the keys of other bills.
pub fn voter_key(bill_id: i64, user_id: i64) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(key()).expect("HMAC takes any key length");
    mac.update(b"voter");
    mac.update(&bill_id.to_be_bytes());
    mac.update(&user_id.to_be_bytes());
    format!("V-{}", &hex::encode(mac.finalize().into_bytes())[..12])
}

/// How an author is shown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Shown {
    Name(String),
    Pseudonym(String),
    Deleted,
}

/// What is known of an author, as stored.
#[derive(Debug, Clone)]
pub struct AuthorFacts<'a> {
    pub id: i64,
    /// The bill the contribution belongs to: pseudonyms are per bill.
    pub bill_id: i64,
    pub display_name: &'a str,
    pub name_public: bool,
    pub role: Role,
    pub category: ContributorCategory,
    pub deleted: bool,
}

/// Sponsors, staff and organisations are always named; citizens only if
/// they chose to be.
pub fn shown(a: &AuthorFacts) -> Shown {
    if a.deleted || a.display_name.is_empty() {
        return Shown::Deleted;
    }
    let named =
        a.name_public || a.role != Role::Citizen || a.category != ContributorCategory::Citizen;
    if named {
        Shown::Name(a.display_name.to_string())
    } else {
        Shown::Pseudonym(code(a.bill_id, a.id))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_permutation_never_gives_two_people_one_pseudonym_on_a_bill() {
        let key = b"k";
        let mut seen = std::collections::HashSet::new();
        for id in 0..50_000u32 {
            assert!(seen.insert(permute(key, 3, id)), "collision at {id}");
        }
        assert_ne!(permute(b"k", 3, 7), permute(b"other", 3, 7));
        assert_eq!(code(3, 42), code(3, 42));
        assert_eq!(code(3, 42).len(), 9);
    }

    #[test]
    fn pseudonyms_of_two_bills_do_not_match() {
        let differ = (1..2_000).filter(|&id| code(1, id) != code(2, id)).count();
        assert!(differ > 1_990, "{differ}");
        assert_ne!(voter_key(1, 42), voter_key(2, 42));
        assert_eq!(voter_key(1, 42), voter_key(1, 42));
        assert!(!voter_key(1, 42).contains(&code(1, 42)));
    }

    fn facts(name_public: bool, role: Role, category: ContributorCategory) -> AuthorFacts<'static> {
        AuthorFacts {
            id: 5,
            bill_id: 1,
            display_name: "Marie Curie",
            name_public,
            role,
            category,
            deleted: false,
        }
    }

    #[test]
    fn citizens_choose_others_are_named() {
        let c = ContributorCategory::Citizen;
        assert!(matches!(
            shown(&facts(false, Role::Citizen, c)),
            Shown::Pseudonym(_)
        ));
        assert_eq!(
            shown(&facts(true, Role::Citizen, c)),
            Shown::Name("Marie Curie".into())
        );
        assert!(matches!(
            shown(&facts(false, Role::Sponsor, c)),
            Shown::Name(_)
        ));
        assert!(matches!(
            shown(&facts(
                false,
                Role::Citizen,
                ContributorCategory::PublicInstitution
            )),
            Shown::Name(_)
        ));
        let mut gone = facts(true, Role::Citizen, c);
        gone.deleted = true;
        assert_eq!(shown(&gone), Shown::Deleted);
    }
}
