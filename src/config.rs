//! Typed settings: defaults, overridden by `CODRAFT_*` environment
//! variables. A bad value stops start-up with a message naming the setting.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use crate::store::DatabaseUrl;

#[derive(Debug, thiserror::Error)]
#[error("invalid setting {name}: {message}")]
pub struct ConfigError {
    pub name: &'static str,
    pub message: String,
}

/// A secret that never prints.
#[derive(Clone)]
pub struct Secret(String);

impl Secret {
    pub fn new(value: String) -> Self {
        Secret(value)
    }
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Secret(***)")
    }
}

#[derive(Clone, Debug)]
pub struct Limits {
    /// Failed logins allowed per account within `login_window`.
    pub login_failures_per_account: u32,
    /// Failed logins allowed per client address within `login_window`:
    /// generous, since a whole room may share one address.
    pub login_failures_per_address: u32,
    pub login_window: Duration,
    /// Registrations per address per hour.
    pub registrations_per_address: u32,
    /// Password-reset requests per address per hour.
    pub password_resets_per_address: u32,
    /// Reset emails sent to one account per hour.
    pub password_resets_per_account: u32,
}

#[derive(Clone, Debug)]
pub struct Settings {
    pub database_url: DatabaseUrl,
    pub bind: SocketAddr,
    pub data_dir: PathBuf,
    pub base_url: String,
    pub smtp_url: Option<String>,
    pub mail_from: String,
    pub secret_key: Option<Secret>,
    pub pool_size: u32,
    pub workers: usize,
    /// Trust the first `X-Forwarded-For` address (behind our own proxy).
    pub trust_proxy: bool,
    pub limits: Limits,
    pub outbox_poll: Duration,
    pub outbox_retry_base: Duration,
    pub outbox_max_attempts: u32,
    pub max_body_bytes: usize,
    /// How often consultations are opened and closed by their dates.
    pub calendar_every: Duration,
    /// How often closing reminders and daily digests are sent.
    pub notifications_every: Duration,
    /// Hide a contribution once it has this many reports (0: never).
    pub auto_hide_reports: u32,
    /// How long the text before a redaction stays visible to moderators.
    pub redaction_retention: Duration,
    /// Serves `/metrics` to `Authorization: Bearer <token>`; unset, no
    /// `/metrics` at all.
    pub metrics_token: Option<Secret>,
    /// Every date shown or typed is in this zone (IANA name).
    pub time_zone: chrono_tz::Tz,
}

impl Settings {
    pub fn from_env() -> Result<Settings, ConfigError> {
        Settings::from_lookup(|name| std::env::var(name).ok())
    }

    /// Reads settings through `lookup` (the environment, or a map in tests).
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Result<Settings, ConfigError> {
        let get = |name: &str| lookup(name).filter(|v| !v.trim().is_empty());

        let database_url =
            get("CODRAFT_DATABASE_URL").unwrap_or_else(|| "sqlite://data/codraft.db".into());
        let database_url = DatabaseUrl::parse(&database_url).map_err(|message| ConfigError {
            name: "CODRAFT_DATABASE_URL",
            message,
        })?;
        let bind: SocketAddr = parse(&get, "CODRAFT_BIND", "127.0.0.1:8080".parse().ok())?;
        let data_dir = PathBuf::from(get("CODRAFT_DATA_DIR").unwrap_or_else(|| "data".into()));
        let base_url = get("CODRAFT_BASE_URL")
            .unwrap_or_else(|| format!("http://{bind}"))
            .trim_end_matches('/')
            .to_string();
        if !(base_url.starts_with("http://") || base_url.starts_with("https://")) {
            return Err(ConfigError {
                name: "CODRAFT_BASE_URL",
                message: format!("'{base_url}' must start with http:// or https://"),
            });
        }
        let smtp_url = get("CODRAFT_SMTP_URL");
        if let Some(url) = &smtp_url {
            if !(url.starts_with("smtp://") || url.starts_with("smtps://")) {
                return Err(ConfigError {
                    name: "CODRAFT_SMTP_URL",
                    message: format!("'{url}' must start with smtp:// or smtps://"),
                });
            }
        }
        let secret_key = get("CODRAFT_SECRET_KEY").map(Secret::new);
        if let Some(key) = &secret_key {
            if key.expose().len() < 32 {
                return Err(ConfigError {
                    name: "CODRAFT_SECRET_KEY",
                    message: "must be at least 32 characters long".into(),
                });
            }
        }
        let metrics_token = get("CODRAFT_METRICS_TOKEN").map(Secret::new);
        if metrics_token
            .as_ref()
            .is_some_and(|t| t.expose().trim().len() < 16)
        {
            return Err(ConfigError {
                name: "CODRAFT_METRICS_TOKEN",
                message: "must be at least 16 characters long".into(),
            });
        }
        let default_pool = match database_url {
            DatabaseUrl::Sqlite(_) => 8,
            DatabaseUrl::Postgres(_) => 16,
        };
        let workers = std::thread::available_parallelism().map_or(2, |n| n.get());
        let at_least_one = |name: &'static str, value: usize| {
            if value == 0 {
                Err(ConfigError {
                    name,
                    message: "must be at least 1".into(),
                })
            } else {
                Ok(value)
            }
        };
        Ok(Settings {
            database_url,
            bind,
            data_dir,
            base_url,
            smtp_url,
            mail_from: get("CODRAFT_MAIL_FROM")
                .unwrap_or_else(|| "codraft <no-reply@codraft.localhost>".into()),
            secret_key,
            pool_size: at_least_one(
                "CODRAFT_DB_POOL_SIZE",
                parse(&get, "CODRAFT_DB_POOL_SIZE", Some(default_pool as usize))?,
            )? as u32,
            workers: at_least_one(
                "CODRAFT_WORKERS",
                parse(&get, "CODRAFT_WORKERS", Some(workers))?,
            )?,
            trust_proxy: parse(&get, "CODRAFT_TRUST_PROXY", Some(false))?,
            limits: Limits {
                login_failures_per_account: parse(
                    &get,
                    "CODRAFT_LOGIN_FAILURES_PER_ACCOUNT",
                    Some(10),
                )?,
                login_failures_per_address: parse(
                    &get,
                    "CODRAFT_LOGIN_FAILURES_PER_ADDRESS",
                    Some(300),
                )?,
                login_window: Duration::from_secs(parse(
                    &get,
                    "CODRAFT_LOGIN_WINDOW_SECS",
                    Some(900),
                )?),
                registrations_per_address: parse(
                    &get,
                    "CODRAFT_REGISTRATIONS_PER_ADDRESS",
                    Some(600),
                )?,
                password_resets_per_address: parse(
                    &get,
                    "CODRAFT_PASSWORD_RESETS_PER_ADDRESS",
                    Some(300),
                )?,
                password_resets_per_account: parse(
                    &get,
                    "CODRAFT_PASSWORD_RESETS_PER_ACCOUNT",
                    Some(3),
                )?,
            },
            outbox_poll: Duration::from_millis(parse(&get, "CODRAFT_OUTBOX_POLL_MS", Some(1000))?),
            outbox_retry_base: Duration::from_millis(parse(
                &get,
                "CODRAFT_OUTBOX_RETRY_BASE_MS",
                Some(5000),
            )?),
            outbox_max_attempts: parse(&get, "CODRAFT_OUTBOX_MAX_ATTEMPTS", Some(12))?,
            max_body_bytes: parse(&get, "CODRAFT_MAX_BODY_BYTES", Some(5 * 1024 * 1024))?,
            calendar_every: Duration::from_secs(parse(&get, "CODRAFT_CALENDAR_SECS", Some(30))?),
            notifications_every: Duration::from_secs(parse(
                &get,
                "CODRAFT_NOTIFICATIONS_SECS",
                Some(60),
            )?),
            auto_hide_reports: parse(&get, "CODRAFT_AUTO_HIDE_REPORTS", Some(0))?,
            redaction_retention: Duration::from_secs(
                86_400 * parse::<u64>(&get, "CODRAFT_REDACTION_RETENTION_DAYS", Some(30))?,
            ),
            metrics_token,
            time_zone: parse(
                &get,
                "CODRAFT_TIME_ZONE",
                Some(crate::web::views::dates::DEFAULT_ZONE),
            )?,
        })
    }

    pub fn outbox_dir(&self) -> PathBuf {
        self.data_dir.join("outbox")
    }

    pub fn secure_cookies(&self) -> bool {
        self.base_url.starts_with("https://")
    }
}

fn parse<T: std::str::FromStr>(
    get: &impl Fn(&str) -> Option<String>,
    name: &'static str,
    default: Option<T>,
) -> Result<T, ConfigError>
where
    T::Err: std::fmt::Display,
{
    match get(name) {
        Some(raw) => raw.trim().parse().map_err(|e: T::Err| ConfigError {
            name,
            message: format!("'{raw}': {e}"),
        }),
        None => default.ok_or(ConfigError {
            name,
            message: "is required".into(),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn settings(vars: &[(&str, &str)]) -> Result<Settings, ConfigError> {
        let map: HashMap<String, String> = vars
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        Settings::from_lookup(|k| map.get(k).cloned())
    }

    #[test]
    fn defaults_are_the_embedded_sqlite() {
        let s = settings(&[]).unwrap();
        assert_eq!(
            s.database_url,
            DatabaseUrl::Sqlite("data/codraft.db".into())
        );
        assert_eq!(s.bind.to_string(), "127.0.0.1:8080");
        assert_eq!(s.base_url, "http://127.0.0.1:8080");
        assert!(s.smtp_url.is_none());
        assert_eq!(s.time_zone, chrono_tz::Europe::Paris);
        let s = settings(&[("CODRAFT_TIME_ZONE", "America/New_York")]).unwrap();
        assert_eq!(s.time_zone, chrono_tz::America::New_York);
    }

    #[test]
    fn bad_settings_name_themselves() {
        let e = settings(&[("CODRAFT_DATABASE_URL", "mysql://localhost/db")]).unwrap_err();
        assert_eq!(e.name, "CODRAFT_DATABASE_URL");
        assert!(e.to_string().contains("mysql://"), "{e}");
        let e = settings(&[("CODRAFT_BIND", "not an address")]).unwrap_err();
        assert_eq!(e.name, "CODRAFT_BIND");
        let e = settings(&[("CODRAFT_SECRET_KEY", "short")]).unwrap_err();
        assert_eq!(e.name, "CODRAFT_SECRET_KEY");
        let e = settings(&[("CODRAFT_SMTP_URL", "http://mail")]).unwrap_err();
        assert_eq!(e.name, "CODRAFT_SMTP_URL");
        let e = settings(&[("CODRAFT_DB_POOL_SIZE", "0")]).unwrap_err();
        assert_eq!(e.name, "CODRAFT_DB_POOL_SIZE");
        let e = settings(&[("CODRAFT_LOGIN_WINDOW_SECS", "-4")]).unwrap_err();
        assert_eq!(e.name, "CODRAFT_LOGIN_WINDOW_SECS");
        let e = settings(&[("CODRAFT_TIME_ZONE", "Paris")]).unwrap_err();
        assert_eq!(e.name, "CODRAFT_TIME_ZONE");
    }

    #[test]
    fn postgres_urls_are_recognised() {
        for url in ["postgres://u@h/db", "postgresql://u@h/db"] {
            let s = settings(&[("CODRAFT_DATABASE_URL", url)]).unwrap();
            assert!(matches!(s.database_url, DatabaseUrl::Postgres(_)));
        }
    }
}
