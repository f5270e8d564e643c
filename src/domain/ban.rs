//! How long a ban lasts: a week, a month, or for good. A ban with an end
//! lifts by itself once that time has passed; nothing has to run for it.

use std::fmt;
use std::str::FromStr;

use chrono::{Duration, NaiveDateTime};

use super::contribution::text_enum;
use super::validation::FieldError;

text_enum!(BanDuration {
    Week => "7d",
    Month => "30d",
    Permanent => "permanent",
});

impl BanDuration {
    /// When a ban given at `now` ends; None for a permanent one.
    pub fn until(self, now: NaiveDateTime) -> Option<NaiveDateTime> {
        match self {
            BanDuration::Week => Some(now + Duration::days(7)),
            BanDuration::Month => Some(now + Duration::days(30)),
            BanDuration::Permanent => None,
        }
    }

    /// A duration as a form or a call gives it: required, one of the three.
    pub fn parse_required(raw: &str) -> Result<BanDuration, FieldError> {
        match raw.trim() {
            "" => Err(FieldError::new("duration", "error-ban-duration-required")),
            other => other
                .parse()
                .map_err(|_| FieldError::new("duration", "error-ban-duration-invalid")),
        }
    }
}

/// Whether a ban ending at `until` (None: never) still holds at `now`.
pub fn in_force(until: Option<NaiveDateTime>, now: NaiveDateTime) -> bool {
    until.is_none_or(|u| u > now)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_ban_ends_when_its_time_passes_and_a_permanent_one_never() {
        let now = NaiveDateTime::default();
        let week = BanDuration::Week.until(now);
        assert_eq!(week, Some(now + Duration::days(7)));
        assert!(in_force(week, now + Duration::days(6)));
        assert!(!in_force(week, now + Duration::days(7)));
        assert_eq!(
            BanDuration::Month.until(now),
            Some(now + Duration::days(30))
        );
        assert_eq!(BanDuration::Permanent.until(now), None);
        assert!(in_force(None, now + Duration::days(10_000)));
        assert_eq!(BanDuration::parse_required("30d"), Ok(BanDuration::Month));
        assert_eq!(
            BanDuration::parse_required("").unwrap_err().message,
            "error-ban-duration-required"
        );
        assert_eq!(
            BanDuration::parse_required("forever").unwrap_err().message,
            "error-ban-duration-invalid"
        );
    }
}
