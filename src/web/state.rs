use std::time::Duration;

use actix_web::cookie::Key;
use sha2::{Digest, Sha512};

use crate::auth::rate_limit::Limit;
use crate::context::AppContext;
use crate::service::accounts::LoginLimits;

/// What handlers receive through `web::Data`.
pub struct AppState {
    pub ctx: AppContext,
    pub cookie_key: Key,
    pub login_limits: LoginLimits,
    pub registrations: Limit,
    pub password_resets: Limit,
    /// The pages anonymous readers get ([`super::page_cache`]).
    pub page_cache: super::page_cache::PageCache,
}

impl AppState {
    pub fn new(ctx: AppContext, secret: &str) -> Self {
        let limits = ctx.settings.limits.clone();
        let hour = Duration::from_secs(3600);
        AppState {
            // Key::derive_from needs 32+ bytes of key material; a SHA-512
            // of the secret gives 64 whatever its form.
            cookie_key: Key::derive_from(&Sha512::digest(secret.as_bytes())),
            login_limits: LoginLimits {
                by_account: Limit::new(
                    "login-account-address",
                    limits.login_failures_per_account,
                    limits.login_window,
                ),
                by_account_everywhere: Limit::new(
                    "login-account",
                    limits.login_failures_per_account.saturating_mul(10),
                    limits.login_window,
                ),
                by_address: Limit::new(
                    "login-address",
                    limits.login_failures_per_address,
                    limits.login_window,
                ),
            },
            registrations: Limit::new("registration", limits.registrations_per_address, hour),
            password_resets: Limit::new("reset-address", limits.password_resets_per_address, hour),
            page_cache: Default::default(),
            ctx,
        }
    }
}
