//! Who a contribution is shown as: a public name, a stable pseudonym
//! ("Participant 4F2A-91C3") or "deleted participant".
//!
//! The pseudonym is a keyed permutation of the account id (a four-round
//! Feistel network over 32 bits), so two people never share one and nobody
//! without the platform's secret can tell which account it stands for.

use std::sync::OnceLock;

use hmac::{Hmac, Mac};
use sha2::Sha256;

use super::{ContributorCategory, Role};

static KEY: OnceLock<Vec<u8>> = OnceLock::new();

/// Sets the key once, at start-up, from the platform secret.
pub fn init(secret: &[u8]) {
    let _ = KEY.set(secret.to_vec());
}

fn round(key: &[u8], round: u8, half: u16) -> u16 {
    let mut mac = Hmac::<Sha256>::new_from_slice(key).expect("HMAC takes any key length");
    mac.update(b"pseudonym");
    mac.update(&[round]);
    mac.update(&half.to_be_bytes());
    let out = mac.finalize().into_bytes();
    u16::from_be_bytes([out[0], out[1]])
}

fn permute(key: &[u8], id: u32) -> u32 {
    let (mut left, mut right) = ((id >> 16) as u16, id as u16);
    for r in 0..4 {
        let next = left ^ round(key, r, right);
        left = right;
        right = next;
    }
    (u32::from(left) << 16) | u32::from(right)
}

/// The code of an account's pseudonym, e.g. "4F2A-91C3".
pub fn code(user_id: i64) -> String {
    let key = KEY.get().map(Vec::as_slice).unwrap_or(b"codraft");
    let n = permute(key, user_id as u32);
    format!("{:04X}-{:04X}", n >> 16, n & 0xFFFF)
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
        Shown::Pseudonym(code(a.id))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_permutation_never_gives_two_people_one_pseudonym() {
        let key = b"k";
        let mut seen = std::collections::HashSet::new();
        for id in 0..50_000u32 {
            assert!(seen.insert(permute(key, id)), "collision at {id}");
        }
        assert_ne!(permute(b"k", 7), permute(b"other", 7));
        assert_eq!(code(42), code(42));
        assert_eq!(code(42).len(), 9);
    }

    fn facts(name_public: bool, role: Role, category: ContributorCategory) -> AuthorFacts<'static> {
        AuthorFacts {
            id: 5,
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
