use chrono::{DateTime, NaiveDateTime, Utc};

/// The current UTC time truncated to microseconds, the precision both
/// databases keep, so a stored value reads back equal.
pub fn now() -> NaiveDateTime {
    truncate(Utc::now()).naive_utc()
}

pub fn truncate(t: DateTime<Utc>) -> DateTime<Utc> {
    let micros = t.timestamp_micros();
    DateTime::from_timestamp_micros(micros).unwrap_or(t)
}

/// RFC 3339 in UTC, as the API speaks it.
pub fn rfc3339(t: NaiveDateTime) -> String {
    t.and_utc()
        .to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}
