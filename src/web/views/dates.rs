//! Dates as people read them, in their language.

use chrono::{Datelike, NaiveDateTime, Timelike};

use crate::domain::Locale;
use crate::i18n;

const MONTHS_FR: [&str; 12] = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
];
const MONTHS_EN: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// "1er décembre 2026 à 10 h 00 UTC" / "1 December 2026, 10:00 UTC".
pub fn long(locale: Locale, t: NaiveDateTime) -> String {
    let month = (t.month0()) as usize;
    match locale {
        Locale::Fr => {
            let day = if t.day() == 1 {
                "1er".to_string()
            } else {
                t.day().to_string()
            };
            format!(
                "{day} {} {} à {} h {:02} UTC",
                MONTHS_FR[month],
                t.year(),
                t.hour(),
                t.minute()
            )
        }
        Locale::En => format!(
            "{} {} {}, {:02}:{:02} UTC",
            t.day(),
            MONTHS_EN[month],
            t.year(),
            t.hour(),
            t.minute()
        ),
    }
}

/// "1er décembre 2026" / "1 December 2026".
pub fn day(locale: Locale, t: NaiveDateTime) -> String {
    let month = (t.month0()) as usize;
    match locale {
        Locale::Fr => {
            let day = if t.day() == 1 {
                "1er".to_string()
            } else {
                t.day().to_string()
            };
            format!("{day} {} {}", MONTHS_FR[month], t.year())
        }
        Locale::En => format!("{} {} {}", t.day(), MONTHS_EN[month], t.year()),
    }
}

/// "12 jours" / "5 hours": what is left until `until`, in the largest unit.
pub fn remaining(locale: Locale, now: NaiveDateTime, until: NaiveDateTime) -> String {
    let secs = (until - now).num_seconds().max(0);
    let (key, n) = if secs >= 2 * 86_400 {
        ("time-days", secs / 86_400)
    } else if secs >= 2 * 3600 {
        ("time-hours", secs / 3600)
    } else {
        ("time-minutes", (secs / 60).max(1))
    };
    i18n::t_args(locale, key, &[("count", n.to_string())])
}

/// The value of an `<input type="datetime-local">` (UTC).
pub fn input_value(t: Option<NaiveDateTime>) -> String {
    t.map(|t| t.format("%Y-%m-%dT%H:%M").to_string())
        .unwrap_or_default()
}

/// Reads an `<input type="datetime-local">` (taken as UTC); empty is none.
pub fn parse_input(
    field: &'static str,
    raw: &str,
) -> Result<Option<NaiveDateTime>, crate::domain::FieldError> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Ok(None);
    }
    for format in ["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M"] {
        if let Ok(t) = NaiveDateTime::parse_from_str(raw, format) {
            return Ok(Some(t));
        }
    }
    if let Ok(d) = chrono::NaiveDate::parse_from_str(raw, "%Y-%m-%d") {
        return Ok(d.and_hms_opt(0, 0, 0));
    }
    Err(crate::domain::FieldError::new(field, "error-date-invalid"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_read_naturally() {
        let t = chrono::NaiveDate::from_ymd_opt(2026, 12, 1)
            .unwrap()
            .and_hms_opt(9, 5, 0)
            .unwrap();
        assert_eq!(long(Locale::Fr, t), "1er décembre 2026 à 9 h 05 UTC");
        assert_eq!(long(Locale::En, t), "1 December 2026, 09:05 UTC");
        assert_eq!(parse_input("x", "2026-12-01T09:05").unwrap(), Some(t));
        assert!(parse_input("x", "demain").is_err());
        assert_eq!(parse_input("x", "").unwrap(), None);
    }
}
