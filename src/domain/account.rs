//! Accounts: validated inputs and the account as the rest of the app sees it.

use std::fmt;
use std::str::FromStr;

use chrono::NaiveDateTime;

use super::locale::Locale;
use super::role::Role;
use super::validation::{FieldError, bounded_text};

pub const PASSWORD_MIN_CHARS: usize = 10;
pub const PASSWORD_MAX_CHARS: usize = 256;
pub const DISPLAY_NAME_MAX_CHARS: usize = 80;
pub const EMAIL_MAX_CHARS: usize = 254;
/// How long an email-confirmation link stays valid.
pub const CONFIRM_TOKEN_HOURS: i64 = 48;
/// How long a password-reset link stays valid.
pub const RESET_TOKEN_MINUTES: i64 = 60;

/// A syntactically valid email address, trimmed and lower-cased.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Email(String);

impl Email {
    pub fn parse(raw: &str) -> Result<Email, FieldError> {
        let value = raw.trim().to_lowercase();
        if value.is_empty() {
            return Err(FieldError::new("email", "error-required"));
        }
        if value.chars().count() > EMAIL_MAX_CHARS {
            return Err(FieldError::new("email", "error-too-long").with_arg("max", EMAIL_MAX_CHARS));
        }
        let domain_has_dot = value
            .rsplit_once('@')
            .is_some_and(|(_, d)| d.contains('.') && !d.starts_with('.') && !d.ends_with('.'));
        if !email_address::EmailAddress::is_valid(&value) || !domain_has_dot {
            return Err(FieldError::new("email", "error-email-invalid"));
        }
        Ok(Email(value))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Email {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The name shown next to what someone writes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DisplayName(String);

impl DisplayName {
    pub fn parse(raw: &str) -> Result<DisplayName, FieldError> {
        let value = bounded_text("display_name", raw, 2, DISPLAY_NAME_MAX_CHARS)?;
        if value.contains(['\n', '\r', '\t']) {
            return Err(FieldError::new("display_name", "error-control-characters"));
        }
        Ok(DisplayName(value))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A password that meets the policy: long enough, not absurdly long, not in
/// the list of common passwords, not the account's own email or name.
pub struct NewPassword(String);

impl NewPassword {
    pub fn parse(
        raw: &str,
        personal: &[&str],
        is_common: impl Fn(&str) -> bool,
    ) -> Result<NewPassword, FieldError> {
        let len = raw.chars().count();
        if len < PASSWORD_MIN_CHARS {
            return Err(FieldError::new("password", "error-password-short")
                .with_arg("min", PASSWORD_MIN_CHARS));
        }
        if len > PASSWORD_MAX_CHARS {
            return Err(
                FieldError::new("password", "error-too-long").with_arg("max", PASSWORD_MAX_CHARS)
            );
        }
        let lowered = raw.to_lowercase();
        if is_common(&lowered) {
            return Err(FieldError::new("password", "error-password-common"));
        }
        if personal
            .iter()
            .any(|p| !p.is_empty() && lowered == p.trim().to_lowercase())
        {
            return Err(FieldError::new("password", "error-password-personal"));
        }
        Ok(NewPassword(raw.to_string()))
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for NewPassword {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("NewPassword(***)")
    }
}

/// Who someone contributes as; used later in participation statistics.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum ContributorCategory {
    #[default]
    Citizen,
    Association,
    Company,
    PublicInstitution,
    ElectedOfficial,
}

impl ContributorCategory {
    pub const ALL: [ContributorCategory; 5] = [
        ContributorCategory::Citizen,
        ContributorCategory::Association,
        ContributorCategory::Company,
        ContributorCategory::PublicInstitution,
        ContributorCategory::ElectedOfficial,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ContributorCategory::Citizen => "citizen",
            ContributorCategory::Association => "association",
            ContributorCategory::Company => "company",
            ContributorCategory::PublicInstitution => "public_institution",
            ContributorCategory::ElectedOfficial => "elected_official",
        }
    }

    pub fn parse(raw: &str) -> Result<Self, FieldError> {
        if raw.trim().is_empty() {
            return Ok(ContributorCategory::default());
        }
        raw.trim()
            .parse()
            .map_err(|_| FieldError::new("category", "error-category-invalid"))
    }
}

impl FromStr for ContributorCategory {
    type Err = ();
    fn from_str(s: &str) -> Result<Self, ()> {
        ContributorCategory::ALL
            .into_iter()
            .find(|c| c.as_str() == s)
            .ok_or(())
    }
}

/// A user account as the application sees it (never the password hash).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct User {
    pub id: i64,
    pub email: String,
    pub display_name: String,
    pub role: Role,
    pub category: ContributorCategory,
    pub locale: Locale,
    pub email_confirmed_at: Option<NaiveDateTime>,
    pub session_generation: i32,
    pub created_at: NaiveDateTime,
    pub deleted_at: Option<NaiveDateTime>,
    /// Whether the display name is shown with contributions; otherwise a
    /// stable pseudonym is.
    pub name_public: bool,
    /// Banned people read but do not write.
    pub banned_at: Option<NaiveDateTime>,
    pub ban_reason: Option<String>,
    /// When a ban ends by itself; None for a permanent one.
    pub banned_until: Option<NaiveDateTime>,
    /// Whether an admin has verified the category the person declared.
    pub category_verified: bool,
}

impl User {
    /// A category other than citizen that nobody has verified yet: shown
    /// as declared, and not counted by category.
    pub fn category_is_declared_only(&self) -> bool {
        self.category != ContributorCategory::Citizen && !self.category_verified
    }

    /// Banned now: a ban whose time has passed no longer counts.
    pub fn is_banned(&self) -> bool {
        self.banned_at.is_some()
            && crate::domain::ban::in_force(self.banned_until, crate::domain::time::now())
    }

    pub fn email_confirmed(&self) -> bool {
        self.email_confirmed_at.is_some()
    }

    pub fn is_deleted(&self) -> bool {
        self.deleted_at.is_some()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn never_common(_: &str) -> bool {
        false
    }

    #[test]
    fn emails_are_normalised_and_checked() {
        assert_eq!(
            Email::parse("  Marie.Curie@Example.FR ").unwrap().as_str(),
            "marie.curie@example.fr"
        );
        for bad in [
            "",
            "marie",
            "marie@",
            "@example.fr",
            "marie@example",
            "ma rie@example.fr",
            "a@b@c.fr",
        ] {
            assert!(Email::parse(bad).is_err(), "{bad:?} accepted");
        }
        let long = format!("{}@example.fr", "a".repeat(250));
        assert_eq!(Email::parse(&long).unwrap_err().message, "error-too-long");
    }

    #[test]
    fn display_names_are_bounded() {
        assert_eq!(DisplayName::parse("  Jeanne  ").unwrap().as_str(), "Jeanne");
        assert_eq!(
            DisplayName::parse("").unwrap_err().message,
            "error-too-short"
        );
        assert_eq!(
            DisplayName::parse(&"x".repeat(81)).unwrap_err().message,
            "error-too-long"
        );
        assert!(DisplayName::parse("Jean\nne").is_err());
    }

    #[test]
    fn password_policy() {
        assert_eq!(
            NewPassword::parse("short", &[], never_common)
                .unwrap_err()
                .message,
            "error-password-short"
        );
        assert_eq!(
            NewPassword::parse("Password123", &[], |p| p == "password123")
                .unwrap_err()
                .message,
            "error-password-common"
        );
        assert_eq!(
            NewPassword::parse("Jeanne@Example.fr", &["jeanne@example.fr"], never_common)
                .unwrap_err()
                .message,
            "error-password-personal"
        );
        // Ten characters, counted as characters not bytes.
        assert!(NewPassword::parse("éééééééééé", &[], never_common).is_ok());
        assert!(NewPassword::parse("ééééééééé", &[], never_common).is_err());
    }

    #[test]
    fn categories_round_trip() {
        for c in ContributorCategory::ALL {
            assert_eq!(ContributorCategory::parse(c.as_str()), Ok(c));
        }
        assert_eq!(
            ContributorCategory::parse(""),
            Ok(ContributorCategory::Citizen)
        );
        assert!(ContributorCategory::parse("lobby").is_err());
    }
}
