//! Dates as people read and type them: in the platform's time zone
//! (`CODRAFT_TIME_ZONE`), always named, in their language. Everything
//! stored and everything the API speaks is UTC; this is the one place that
//! turns one into the other.

use std::sync::OnceLock;

use chrono::{DateTime, Datelike, LocalResult, NaiveDateTime, TimeZone, Timelike};
use chrono_tz::Tz;

use crate::domain::{FieldError, Locale};
use crate::i18n;

/// The platform's zone when none is set.
pub const DEFAULT_ZONE: Tz = chrono_tz::Europe::Paris;

static ZONE: OnceLock<Tz> = OnceLock::new();

/// Sets the platform's zone, once, at start-up (later calls keep the first).
pub fn set_zone(tz: Tz) {
    let _ = ZONE.set(tz);
}

pub fn zone() -> Tz {
    ZONE.get().copied().unwrap_or(DEFAULT_ZONE)
}

/// "Paris" for Europe/Paris, "New York" for America/New_York.
fn city(tz: Tz) -> String {
    tz.name()
        .rsplit('/')
        .next()
        .unwrap_or(tz.name())
        .replace('_', " ")
}

fn is_utc(tz: Tz) -> bool {
    matches!(
        tz.name(),
        "UTC"
            | "Etc/UTC"
            | "Etc/UCT"
            | "UCT"
            | "Etc/Universal"
            | "Universal"
            | "Zulu"
            | "Etc/Zulu"
            | "GMT"
            | "Etc/GMT"
    )
}

/// The zone as the pages name it: "heure de Paris" / "Paris time", or "UTC".
pub fn zone_name(locale: Locale) -> String {
    let tz = zone();
    if is_utc(tz) {
        return "UTC".into();
    }
    i18n::t_args(locale, "time-zone-name", &[("city", city(tz))])
}

fn local(t: NaiveDateTime) -> DateTime<Tz> {
    t.and_utc().with_timezone(&zone())
}

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

fn date_words<D: Datelike>(locale: Locale, d: &D) -> String {
    let month = d.month0() as usize;
    match locale {
        Locale::Fr => {
            let day = if d.day() == 1 {
                "1er".to_string()
            } else {
                d.day().to_string()
            };
            format!("{day} {} {}", MONTHS_FR[month], d.year())
        }
        Locale::En => format!("{} {} {}", d.day(), MONTHS_EN[month], d.year()),
    }
}

/// "1er décembre 2026 à 10 h 00 (heure de Paris)" /
/// "1 December 2026, 10:00 (Paris time)", from a stored UTC time.
pub fn long(locale: Locale, t: NaiveDateTime) -> String {
    let l = local(t);
    let zone = zone_name(locale);
    match locale {
        Locale::Fr => format!(
            "{} à {} h {:02} ({zone})",
            date_words(locale, &l),
            l.hour(),
            l.minute()
        ),
        Locale::En => format!(
            "{}, {:02}:{:02} ({zone})",
            date_words(locale, &l),
            l.hour(),
            l.minute()
        ),
    }
}

/// "1er décembre 2026" / "1 December 2026": the day in the platform's zone.
pub fn day(locale: Locale, t: NaiveDateTime) -> String {
    date_words(locale, &local(t))
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

/// The date a bill's card names, in the right tense: "opens on" for a
/// scheduled draft, "closes on" while open, "closed on" once closed.
pub fn milestone(
    locale: Locale,
    status: crate::domain::BillStatus,
    opens_at: Option<NaiveDateTime>,
    closes_at: Option<NaiveDateTime>,
) -> Option<String> {
    use crate::domain::BillStatus::*;
    let (key, t) = match status {
        Draft => ("bill-opens-on", opens_at?),
        Open => ("bill-closes-on", closes_at?),
        Closed | Published => ("bill-closed-on", closes_at?),
    };
    Some(i18n::t_args(locale, key, &[("date", day(locale, t))]))
}

/// The value of an `<input type="datetime-local">`, in the platform's zone.
pub fn input_value(t: Option<NaiveDateTime>) -> String {
    t.map(|t| local(t).format("%Y-%m-%dT%H:%M").to_string())
        .unwrap_or_default()
}

/// Reads an `<input type="datetime-local">` typed in the platform's zone
/// and returns it in UTC; empty is none. A time the clocks skip (spring
/// forward) or pass twice (fall back) is refused with a message saying so.
pub fn parse_input(field: &'static str, raw: &str) -> Result<Option<NaiveDateTime>, FieldError> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Ok(None);
    }
    let typed = ["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M"]
        .iter()
        .find_map(|format| NaiveDateTime::parse_from_str(raw, format).ok())
        .or_else(|| {
            chrono::NaiveDate::parse_from_str(raw, "%Y-%m-%d")
                .ok()
                .and_then(|d| d.and_hms_opt(0, 0, 0))
        })
        .ok_or_else(|| FieldError::new(field, "error-date-invalid"))?;
    let tz = zone();
    let shown = typed.format("%H:%M").to_string();
    match tz.from_local_datetime(&typed) {
        LocalResult::Single(t) => Ok(Some(t.naive_utc())),
        LocalResult::None => Err(FieldError::new(field, "error-date-skipped")
            .with_arg("time", shown)
            .with_arg("city", city(tz))),
        LocalResult::Ambiguous(_, _) => Err(FieldError::new(field, "error-date-ambiguous")
            .with_arg("time", shown)
            .with_arg("city", city(tz))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utc(y: i32, m: u32, d: u32, h: u32, min: u32) -> NaiveDateTime {
        chrono::NaiveDate::from_ymd_opt(y, m, d)
            .unwrap()
            .and_hms_opt(h, min, 0)
            .unwrap()
    }

    // The process's zone is never set in unit tests: Europe/Paris.
    #[test]
    fn dates_read_in_paris_time() {
        // 9:05 UTC in winter is 10:05 in Paris.
        let t = utc(2026, 12, 1, 9, 5);
        assert_eq!(
            long(Locale::Fr, t),
            "1er décembre 2026 à 10 h 05 (heure de Paris)"
        );
        assert_eq!(long(Locale::En, t), "1 December 2026, 10:05 (Paris time)");
        // 22:30 UTC on 30 June is already 1 July in Paris (summer, +2).
        assert_eq!(day(Locale::En, utc(2026, 6, 30, 22, 30)), "1 July 2026");
        assert_eq!(input_value(Some(t)), "2026-12-01T10:05");
    }

    #[test]
    fn typed_dates_are_paris_time() {
        assert_eq!(
            parse_input("x", "2026-12-01T10:05").unwrap(),
            Some(utc(2026, 12, 1, 9, 5))
        );
        assert_eq!(
            parse_input("x", "2026-07-01T10:00").unwrap(),
            Some(utc(2026, 7, 1, 8, 0))
        );
        assert!(parse_input("x", "demain").is_err());
        assert_eq!(parse_input("x", "").unwrap(), None);
    }

    #[test]
    fn clock_changes_are_refused_with_a_reason() {
        // 29 March 2026: 2:00 jumps to 3:00.
        let skipped = parse_input("opens_at", "2026-03-29T02:30").unwrap_err();
        assert_eq!(skipped.message, "error-date-skipped");
        // 25 October 2026: 2:00–3:00 happens twice.
        let twice = parse_input("opens_at", "2026-10-25T02:30").unwrap_err();
        assert_eq!(twice.message, "error-date-ambiguous");
        assert!(parse_input("opens_at", "2026-10-25T03:30").is_ok());
    }
}
