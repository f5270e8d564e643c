//! Bills: the consultation's life, who may see and change a bill, and the
//! rules on its fields.

use std::fmt;
use std::str::FromStr;

use chrono::NaiveDateTime;

use super::account::User;
use super::role::Role;
use super::validation::{FieldError, bounded_text};

pub const TITLE_MAX: usize = 1_000;
pub const SUMMARY_MAX: usize = 200_000;
pub const ARTICLE_BODY_MAX: usize = 100_000;
pub const ARTICLE_HEADING_MAX: usize = 500;
pub const LABEL_MAX: usize = 60;
pub const REASON_MAX: usize = 2_000;
pub const MAX_ARTICLES: usize = 2_000;
const SLUG_MAX: usize = 80;

/// `draft → open → closed → published`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum BillStatus {
    Draft,
    Open,
    Closed,
    Published,
}

impl BillStatus {
    pub const ALL: [BillStatus; 4] = [
        BillStatus::Draft,
        BillStatus::Open,
        BillStatus::Closed,
        BillStatus::Published,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            BillStatus::Draft => "draft",
            BillStatus::Open => "open",
            BillStatus::Closed => "closed",
            BillStatus::Published => "published",
        }
    }

    /// The one step forward each status allows.
    pub fn next(self) -> Option<BillStatus> {
        match self {
            BillStatus::Draft => Some(BillStatus::Open),
            BillStatus::Open => Some(BillStatus::Closed),
            BillStatus::Closed => Some(BillStatus::Published),
            BillStatus::Published => None,
        }
    }

    pub fn can_become(self, to: BillStatus) -> bool {
        self.next() == Some(to)
    }
}

impl FromStr for BillStatus {
    type Err = ();
    fn from_str(s: &str) -> Result<Self, ()> {
        BillStatus::ALL
            .into_iter()
            .find(|b| b.as_str() == s)
            .ok_or(())
    }
}

impl fmt::Display for BillStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

// Views and open data carry the code.
impl serde::Serialize for BillStatus {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

/// Why a consultation may not be opened by hand at `now`, if it may not:
/// it needs a closing date, and one still ahead (the message key).
pub fn why_it_cannot_open(
    closes_at: Option<NaiveDateTime>,
    now: NaiveDateTime,
) -> Option<&'static str> {
    match closes_at {
        None => Some("error-closing-date-required"),
        Some(c) if c <= now => Some("error-closing-date-passed"),
        Some(_) => None,
    }
}

/// The move the calendar makes on its own, if one is due: a draft opens at
/// its opening date (if it has a closing date and has not already closed),
/// an open consultation closes at its closing date.
pub fn due_transition(
    status: BillStatus,
    opens_at: Option<NaiveDateTime>,
    closes_at: Option<NaiveDateTime>,
    now: NaiveDateTime,
) -> Option<BillStatus> {
    let closed_by_date = closes_at.is_some_and(|c| c <= now);
    match status {
        BillStatus::Draft
            if opens_at.is_some_and(|o| o <= now) && closes_at.is_some() && !closed_by_date =>
        {
            Some(BillStatus::Open)
        }
        BillStatus::Open if closed_by_date => Some(BillStatus::Closed),
        _ => None,
    }
}

/// The status a bill has at `now`, counting a date that has passed even if
/// nothing has moved it yet: what every read shows, and what every write
/// checks. A draft past its opening date is open; anything past its
/// closing date is closed.
pub fn effective_status(
    status: BillStatus,
    opens_at: Option<NaiveDateTime>,
    closes_at: Option<NaiveDateTime>,
    now: NaiveDateTime,
) -> BillStatus {
    match due_transition(status, opens_at, closes_at, now) {
        Some(BillStatus::Open) if closes_at.is_some_and(|c| c <= now) => BillStatus::Closed,
        Some(to) => to,
        None => status,
    }
}

/// Whether a bill may be shown to `viewer`: drafts only to their sponsors
/// and to admins.
pub fn can_view(status: BillStatus, viewer: Option<&User>, is_sponsor: bool) -> bool {
    status != BillStatus::Draft || is_bill_staff(viewer, is_sponsor)
}

/// Whether `user` may change the bill and move it through its life (a
/// ban takes that away).
pub fn can_manage(user: Option<&User>, is_sponsor: bool) -> bool {
    is_bill_staff(user.filter(|u| !u.is_banned()), is_sponsor)
}

/// Its sponsors and the admins.
fn is_bill_staff(user: Option<&User>, is_sponsor: bool) -> bool {
    match user.filter(|u| !u.is_deleted()) {
        Some(u) if u.role == Role::Admin => true,
        Some(u) => is_sponsor && matches!(u.role, Role::Sponsor),
        None => false,
    }
}

/// Who may be named a (co-)sponsor of a bill.
pub fn can_sponsor(user: &User) -> bool {
    !user.is_deleted() && matches!(user.role, Role::Sponsor | Role::Admin)
}

/// How an article's text may change in each status.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ArticleEdits {
    /// Drafting: any change, labels and order included.
    Free,
    /// During the consultation: only a new version of the text, with a
    /// reason citizens will read.
    NewVersionWithReason,
    /// Closed or published: the text citizens worked on is frozen.
    Frozen,
}

pub fn article_edits(status: BillStatus) -> ArticleEdits {
    match status {
        BillStatus::Draft => ArticleEdits::Free,
        BillStatus::Open => ArticleEdits::NewVersionWithReason,
        BillStatus::Closed | BillStatus::Published => ArticleEdits::Frozen,
    }
}

pub fn parse_title(raw: &str) -> Result<String, FieldError> {
    let title = bounded_text("title", raw, 3, TITLE_MAX)?;
    if title.contains('\n') {
        return Err(FieldError::new("title", "error-control-characters"));
    }
    Ok(title)
}

pub fn parse_summary(raw: &str) -> Result<String, FieldError> {
    bounded_text("summary", raw, 0, SUMMARY_MAX)
}

pub fn parse_body(field: &'static str, raw: &str) -> Result<String, FieldError> {
    // Keep the alinéas: normalise line ends only.
    let body = raw.replace("\r\n", "\n");
    bounded_text(field, &body, 1, ARTICLE_BODY_MAX)
}

pub fn parse_heading(raw: Option<&str>) -> Result<Option<String>, FieldError> {
    match raw.map(str::trim).filter(|h| !h.is_empty()) {
        None => Ok(None),
        Some(h) => bounded_text("heading", h, 1, ARTICLE_HEADING_MAX).map(Some),
    }
}

pub fn parse_reason(raw: Option<&str>, required: bool) -> Result<Option<String>, FieldError> {
    match raw.map(str::trim).filter(|r| !r.is_empty()) {
        None if required => Err(FieldError::new("reason", "error-reason-required")),
        None => Ok(None),
        Some(r) => bounded_text("reason", r, 3, REASON_MAX).map(Some),
    }
}

pub fn check_dates(
    opens_at: Option<NaiveDateTime>,
    closes_at: Option<NaiveDateTime>,
) -> Result<(), FieldError> {
    match (opens_at, closes_at) {
        (Some(o), Some(c)) if c <= o => {
            Err(FieldError::new("closes_at", "error-closes-before-opens"))
        }
        (Some(_), None) => Err(FieldError::new("closes_at", "error-closing-date-required")),
        _ => Ok(()),
    }
}

/// The readable part of a bill's address, from its title.
pub fn slug_base(title: &str) -> String {
    // "N° 3991" reads "n 3991", not "ndeg 3991".
    let full = slug::slugify(title.replace(['°', 'º'], ""));
    let mut cut = String::new();
    for word in full.split('-') {
        if !cut.is_empty() && cut.len() + 1 + word.len() > SLUG_MAX {
            break;
        }
        if !cut.is_empty() {
            cut.push('-');
        }
        cut.push_str(word);
    }
    cut.truncate(SLUG_MAX);
    if cut.is_empty() { "texte".into() } else { cut }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{ContributorCategory, Locale};
    use BillStatus::*;

    fn user(role: Role) -> User {
        let t = NaiveDateTime::default();
        User {
            id: 1,
            email: "u@example.fr".into(),
            display_name: "U".into(),
            role,
            category: ContributorCategory::Citizen,
            locale: Locale::Fr,
            email_confirmed_at: Some(t),
            session_generation: 0,
            created_at: t,
            deleted_at: None,
            name_public: false,
            banned_at: None,
            ban_reason: None,
            banned_until: None,
            category_verified: false,
        }
    }

    #[test]
    fn only_one_step_forward() {
        for from in BillStatus::ALL {
            for to in BillStatus::ALL {
                let allowed = matches!(
                    (from, to),
                    (Draft, Open) | (Open, Closed) | (Closed, Published)
                );
                assert_eq!(from.can_become(to), allowed, "{from} -> {to}");
            }
        }
    }

    #[test]
    fn the_calendar_opens_and_closes() {
        let t = |h: u32| {
            chrono::NaiveDate::from_ymd_opt(2026, 12, 1)
                .unwrap()
                .and_hms_opt(h, 0, 0)
                .unwrap()
        };
        assert_eq!(due_transition(Draft, Some(t(10)), Some(t(20)), t(9)), None);
        assert_eq!(
            due_transition(Draft, Some(t(10)), Some(t(20)), t(10)),
            Some(Open)
        );
        assert_eq!(
            due_transition(Draft, None, Some(t(20)), t(12)),
            None,
            "no opening date: the sponsor opens it"
        );
        assert_eq!(
            due_transition(Draft, Some(t(10)), Some(t(20)), t(21)),
            None,
            "a missed window never opens"
        );
        assert_eq!(due_transition(Open, Some(t(10)), Some(t(20)), t(19)), None);
        assert_eq!(
            due_transition(Open, Some(t(10)), Some(t(20)), t(20)),
            Some(Closed)
        );
        assert_eq!(due_transition(Open, None, None, t(20)), None);
        assert_eq!(due_transition(Closed, None, Some(t(1)), t(20)), None);
    }

    #[test]
    fn drafts_are_seen_by_their_sponsors_and_admins_only() {
        let citizen = user(Role::Citizen);
        let sponsor = user(Role::Sponsor);
        let admin = user(Role::Admin);
        assert!(!can_view(Draft, None, false));
        assert!(!can_view(Draft, Some(&citizen), false));
        assert!(
            !can_view(Draft, Some(&sponsor), false),
            "another sponsor's draft"
        );
        assert!(can_view(Draft, Some(&sponsor), true));
        assert!(can_view(Draft, Some(&admin), false));
        for status in [Open, Closed, Published] {
            assert!(can_view(status, None, false));
        }
        assert!(
            !can_manage(Some(&citizen), true),
            "a citizen named sponsor still cannot manage"
        );
        assert!(!can_manage(Some(&user(Role::Moderator)), false));
    }

    #[test]
    fn article_edits_by_status() {
        assert_eq!(article_edits(Draft), ArticleEdits::Free);
        assert_eq!(article_edits(Open), ArticleEdits::NewVersionWithReason);
        assert_eq!(article_edits(Closed), ArticleEdits::Frozen);
        assert_eq!(
            parse_reason(None, true).unwrap_err().message,
            "error-reason-required"
        );
        assert_eq!(parse_reason(Some("  "), false), Ok(None));
    }

    #[test]
    fn slugs_are_readable_and_bounded() {
        assert_eq!(
            slug_base("Projet de loi pour une République numérique"),
            "projet-de-loi-pour-une-republique-numerique"
        );
        assert!(slug_base(&"très long titre ".repeat(30)).len() <= 80);
        assert_eq!(slug_base("!!!"), "texte");
    }

    #[test]
    fn dates_must_be_in_order() {
        let t = |h: u32| {
            chrono::NaiveDate::from_ymd_opt(2026, 12, 1)
                .unwrap()
                .and_hms_opt(h, 0, 0)
                .unwrap()
        };
        assert!(check_dates(Some(t(10)), Some(t(9))).is_err());
        assert!(check_dates(Some(t(10)), Some(t(11))).is_ok());
        assert!(check_dates(None, Some(t(9))).is_ok());
    }
}
