//! Registering, confirming, signing in, recovering and closing an account.

use chrono::{NaiveDateTime, TimeDelta};

use crate::auth::rate_limit::Limit;
use crate::auth::{passwords, tokens};
use crate::context::AppContext;
use crate::domain::api_token::TokenScope;
use crate::domain::validation::bounded_text;
use crate::domain::{
    ContributorCategory, DisplayName, Email, FieldError, FieldErrors, Locale, NewPassword, Role,
    User, time,
};
use crate::error::AppError;
use crate::mail::{self, messages};
use crate::store::email_tokens::{self, NewEmailToken, TokenUse};
use crate::store::users::{self, NewUser};
use crate::store::{StoreError, api_tokens, outbox, sessions};

pub use crate::domain::account::{CONFIRM_TOKEN_HOURS, RESET_TOKEN_MINUTES};
pub const TOKEN_LABEL_MAX: usize = 80;

/// What someone types into the registration form or API.
#[derive(Debug, Default, Clone)]
pub struct Registration {
    pub email: String,
    pub display_name: String,
    pub password: String,
    pub category: String,
    pub locale: Option<Locale>,
    /// A local path the confirmation link leads back to (already checked
    /// by the page that asks).
    pub return_to: Option<String>,
}

fn internal(e: impl std::fmt::Display) -> AppError {
    AppError::Internal(e.to_string())
}

/// Runs an argon2id computation off the async executor, on the bounded
/// pool of its own ([`crate::auth::hashing_pool`]): a burst of sign-ins
/// queues instead of growing threads and memory.
async fn with_hashing<T: Send + 'static>(
    f: impl FnOnce() -> T + Send + 'static,
) -> Result<T, AppError> {
    crate::auth::hashing_pool::run(f)
        .await
        .ok_or_else(|| internal("the password hashing pool is gone"))
}

async fn hash_password(password: String) -> Result<String, AppError> {
    with_hashing(move || passwords::hash(&password))
        .await?
        .map_err(internal)
}

async fn verify_password(stored: String, password: String) -> Result<bool, AppError> {
    with_hashing(move || passwords::verify(&stored, &password)).await
}

fn new_password(raw: &str, personal: &[&str]) -> Result<NewPassword, FieldError> {
    NewPassword::parse(raw, personal, passwords::is_common)
}

/// What a registration answers, the same whether the address was new or
/// already had an account (so that it reveals nothing).
#[derive(Debug, Clone)]
pub struct Registered {
    pub email: String,
    pub display_name: String,
    pub locale: Locale,
    /// The account made, when the address was new: the pages sign it in
    /// (writing still waits for the confirmation). Never said by the API.
    pub created: Option<User>,
}

/// Creates an unconfirmed citizen account and queues the confirmation email.
/// An address that already has an account gets an email saying someone
/// tried, and the answer is the same as for a new one.
pub async fn register(ctx: &AppContext, input: Registration) -> Result<Registered, AppError> {
    let mut errors = FieldErrors::default();
    let email = errors.take(Email::parse(&input.email));
    let name = errors.take(DisplayName::parse(&input.display_name));
    let category = errors.take(ContributorCategory::parse(&input.category));
    let personal = [input.email.as_str(), input.display_name.as_str()];
    let password = errors.take(new_password(&input.password, &personal));
    let (Some(email), Some(name), Some(category), Some(password)) =
        (email, name, category, password)
    else {
        return Err(AppError::Invalid(errors));
    };
    let locale = input.locale.unwrap_or_default();
    let return_to = input.return_to.clone();
    // Hashed either way, so the time taken says nothing either.
    let hash = hash_password(password.expose().to_string()).await?;
    let token = tokens::generate();
    let ctx2 = ctx.clone();
    let token_hash = tokens::digest(&token);
    let mut answer = Registered {
        email: email.as_str().to_string(),
        display_name: name.as_str().to_string(),
        locale,
        created: None,
    };
    answer.created = ctx
        .db
        .write(move |conn| -> Result<Option<User>, StoreError> {
            let now = time::now();
            if let Some(owner) = users::find_by_email(conn, email.as_str())? {
                let owner = User::from(owner);
                if !owner.is_deleted() {
                    let message = messages::account_exists(
                        &ctx2,
                        &owner.email,
                        &owner.display_name,
                        owner.locale,
                    )
                    .map_err(StoreError::Task)?;
                    mail::enqueue(conn, &message)?;
                }
                return Ok(None);
            }
            let id = users::insert(
                conn,
                &NewUser::new(
                    email.as_str(),
                    name.as_str(),
                    &hash,
                    Role::Citizen,
                    category,
                    locale,
                    None,
                    now,
                ),
            )?;
            email_tokens::insert(
                conn,
                &NewEmailToken {
                    user_id: id,
                    purpose: email_tokens::CONFIRM_EMAIL,
                    token_hash: &token_hash,
                    created_at: now,
                    expires_at: now + TimeDelta::hours(CONFIRM_TOKEN_HOURS),
                },
            )?;
            let message = messages::confirm_email(
                &ctx2,
                email.as_str(),
                name.as_str(),
                locale,
                &token,
                return_to.as_deref(),
            )
            .map_err(StoreError::Task)?;
            mail::enqueue(conn, &message)?;
            Ok(Some(User::from(users::find(conn, id)?)))
        })
        .await
        .map_err(|e| match e {
            // Two registrations of one address at the same instant: the
            // other one created it; the answer stays the same.
            StoreError::Duplicate => None,
            other => Some(AppError::from(other)),
        })
        .or_else(|e| e.map_or(Ok(None), Err))?;
    ctx.mail_wakeup.notify_one();
    Ok(answer)
}

/// Sends a fresh confirmation link to an account not yet confirmed.
pub async fn resend_confirmation(ctx: &AppContext, user: &User) -> Result<(), AppError> {
    if user.email_confirmed() {
        return Ok(());
    }
    let token = tokens::generate();
    let token_hash = tokens::digest(&token);
    let ctx2 = ctx.clone();
    let user = user.clone();
    ctx.db
        .write(move |conn| -> Result<(), StoreError> {
            let now = time::now();
            let recent = email_tokens::count_since(
                conn,
                user.id,
                email_tokens::CONFIRM_EMAIL,
                now - TimeDelta::hours(1),
            )?;
            if recent >= 5 {
                return Ok(());
            }
            email_tokens::insert(
                conn,
                &NewEmailToken {
                    user_id: user.id,
                    purpose: email_tokens::CONFIRM_EMAIL,
                    token_hash: &token_hash,
                    created_at: now,
                    expires_at: now + TimeDelta::hours(CONFIRM_TOKEN_HOURS),
                },
            )?;
            let message = messages::confirm_email(
                &ctx2,
                &user.email,
                &user.display_name,
                user.locale,
                &token,
                None,
            )
            .map_err(StoreError::Task)?;
            mail::enqueue(conn, &message)?;
            Ok(())
        })
        .await?;
    ctx.mail_wakeup.notify_one();
    Ok(())
}

fn token_error(outcome: TokenUse) -> AppError {
    AppError::field(
        "token",
        match outcome {
            TokenUse::Expired => "error-token-expired",
            TokenUse::AlreadyUsed => "error-token-used",
            _ => "error-token-invalid",
        },
    )
}

/// Confirms the email of the account the single-use link was sent to.
pub async fn confirm_email(ctx: &AppContext, token: &str) -> Result<User, AppError> {
    if token.is_empty() || token.len() > 200 {
        return Err(token_error(TokenUse::Unknown));
    }
    let token_hash = tokens::digest(token);
    ctx.db
        .write(move |conn| {
            let now = time::now();
            match email_tokens::consume(conn, email_tokens::CONFIRM_EMAIL, &token_hash, now)? {
                TokenUse::Accepted { user_id } => {
                    users::confirm_email(conn, user_id, now)?;
                    Ok(User::from(users::find(conn, user_id)?))
                }
                other => Err(token_error(other)),
            }
        })
        .await
}

/// The counters of failed sign-ins: per account from one address, per
/// account from everywhere (a higher ceiling), and per address.
pub struct LoginLimits {
    /// Keyed by account and address: those who fail are locked out, not
    /// the owner signing in from elsewhere.
    pub by_account: Limit,
    /// Keyed by account alone, ten times higher: a guess spread over many
    /// addresses still meets a limit.
    pub by_account_everywhere: Limit,
    pub by_address: Limit,
}

/// Checks the credentials. Every attempt is counted before the (slow)
/// password check, so parallel attempts cannot outrun the limit; a success
/// takes its count back and clears the account's failures from that
/// address, so a room full of people behind one address can all sign in.
pub async fn login(
    ctx: &AppContext,
    limits: &LoginLimits,
    email: &str,
    password: &str,
    address: &str,
) -> Result<User, AppError> {
    // Only well-formed addresses get a counter of their own (bounded keys).
    let email_key = Email::parse(email)
        .map(|e| e.as_str().to_string())
        .unwrap_or_else(|_| "(malformed)".to_string());
    let pair_key = format!("{email_key}|{address}");
    // Counted in the database, so every instance shares the limits; one
    // transaction, so a refusal by any of them counts nothing.
    let (by_address, by_account, everywhere) = (
        limits.by_address.clone(),
        limits.by_account.clone(),
        limits.by_account_everywhere.clone(),
    );
    let (address_key, pair, account) = (address.to_string(), pair_key.clone(), email_key.clone());
    ctx.db
        .write(move |conn| {
            let now = time::now();
            by_address.hit_in(conn, &address_key, now)?;
            by_account.hit_in(conn, &pair, now)?;
            everywhere.hit_in(conn, &account, now)
        })
        .await?;
    let key = email_key.clone();
    let row = ctx
        .db
        .run(move |conn| users::find_by_email(conn, &key))
        .await?;
    let matched = match &row {
        Some(row) => verify_password(row.password_hash.clone(), password.to_string()).await?,
        None => {
            let password = password.to_string();
            with_hashing(move || passwords::verify_dummy(&password)).await?;
            false
        }
    };
    match row {
        Some(row) if matched => {
            let (by_address, by_account, everywhere) = (
                limits.by_address.clone(),
                limits.by_account.clone(),
                limits.by_account_everywhere.clone(),
            );
            let address = address.to_string();
            ctx.db
                .write(move |conn| {
                    by_account.clear_in(conn, &pair_key)?;
                    everywhere.give_back_in(conn, &email_key)?;
                    by_address.give_back_in(conn, &address)
                })
                .await?;
            Ok(User::from(row))
        }
        // The attempt stays counted as a failure.
        _ => Err(AppError::Unauthorized("error-login-failed")),
    }
}

/// Sends a reset link if the account exists. Says nothing either way, and
/// answers before doing the work, so timing says nothing either.
pub async fn request_password_reset(ctx: &AppContext, email: &str) -> Result<(), AppError> {
    let Ok(email) = Email::parse(email) else {
        return Ok(());
    };
    let ctx = ctx.clone();
    tokio::spawn(async move {
        if let Err(e) = queue_password_reset(&ctx, email).await {
            tracing::error!(error = ?e, "password reset email not queued");
        }
    });
    Ok(())
}

async fn queue_password_reset(ctx: &AppContext, email: Email) -> Result<(), AppError> {
    let ctx2 = ctx.clone();
    let per_account = ctx.settings.limits.password_resets_per_account as i64;
    let token = tokens::generate();
    let token_hash = tokens::digest(&token);
    let queued = ctx
        .db
        .write(move |conn| -> Result<bool, StoreError> {
            let Some(row) = users::find_by_email(conn, email.as_str())? else {
                return Ok(false);
            };
            let now = time::now();
            let recent = email_tokens::count_since(
                conn,
                row.id,
                email_tokens::RESET_PASSWORD,
                now - TimeDelta::hours(1),
            )?;
            if recent >= per_account {
                return Ok(false);
            }
            email_tokens::insert(
                conn,
                &NewEmailToken {
                    user_id: row.id,
                    purpose: email_tokens::RESET_PASSWORD,
                    token_hash: &token_hash,
                    created_at: now,
                    expires_at: now + TimeDelta::minutes(RESET_TOKEN_MINUTES),
                },
            )?;
            let user = User::from(row);
            let message = messages::password_reset(
                &ctx2,
                &user.email,
                &user.display_name,
                user.locale,
                &token,
            )
            .map_err(StoreError::Task)?;
            mail::enqueue(conn, &message)?;
            Ok(true)
        })
        .await?;
    if queued {
        ctx.mail_wakeup.notify_one();
    }
    Ok(())
}

/// Sets a new password from a reset link; ends every session.
pub async fn reset_password(
    ctx: &AppContext,
    token: &str,
    password: &str,
) -> Result<User, AppError> {
    if token.is_empty() || token.len() > 200 {
        return Err(token_error(TokenUse::Unknown));
    }
    let token_hash = tokens::digest(token);
    // Check the token before the (slow) hash, without using it up.
    let th = token_hash.clone();
    let user = ctx
        .db
        .run(move |conn| email_tokens::peek(conn, email_tokens::RESET_PASSWORD, &th, time::now()))
        .await?;
    let user_id = match user {
        TokenUse::Accepted { user_id } => user_id,
        other => return Err(token_error(other)),
    };
    let target = User::from(ctx.db.run(move |conn| users::find(conn, user_id)).await?);
    let password = new_password(password, &[&target.email, &target.display_name])?;
    let hash = hash_password(password.expose().to_string()).await?;
    let ctx2 = ctx.clone();
    let result = ctx
        .db
        .write(move |conn| {
            let now = time::now();
            match email_tokens::consume(conn, email_tokens::RESET_PASSWORD, &token_hash, now)? {
                TokenUse::Accepted { user_id } => {
                    users::set_password(conn, user_id, &hash, now)?;
                    // Following the link proves the address is theirs.
                    users::confirm_email(conn, user_id, now)?;
                    email_tokens::void_unused(conn, user_id, email_tokens::RESET_PASSWORD, now)?;
                    // Recovering an account also revokes the tokens whoever
                    // held it may have made.
                    api_tokens::delete_for_user(conn, user_id)?;
                    let user = User::from(users::find(conn, user_id)?);
                    let message = messages::password_changed(
                        &ctx2,
                        &user.email,
                        &user.display_name,
                        user.locale,
                    )
                    .map_err(StoreError::Task)?;
                    mail::enqueue(conn, &message)?;
                    Ok(user)
                }
                other => Err(token_error(other)),
            }
        })
        .await?;
    ctx.mail_wakeup.notify_one();
    Ok(result)
}

/// Checks `password` against the account's current one.
pub async fn check_password(
    ctx: &AppContext,
    user: &User,
    password: &str,
) -> Result<bool, AppError> {
    let id = user.id;
    let row = ctx.db.run(move |conn| users::find(conn, id)).await?;
    verify_password(row.password_hash, password.to_string()).await
}

/// Changes the password of a signed-in account; other sessions end.
pub async fn change_password(
    ctx: &AppContext,
    user: &User,
    current: &str,
    new: &str,
) -> Result<User, AppError> {
    let mut errors = FieldErrors::default();
    if !check_password(ctx, user, current).await? {
        errors.push(FieldError::new("current_password", "error-password-wrong"));
    }
    let new = errors.take(new_password(new, &[&user.email, &user.display_name]));
    let (Some(new), true) = (new, errors.is_empty()) else {
        return Err(AppError::Invalid(errors));
    };
    let hash = hash_password(new.expose().to_string()).await?;
    let ctx2 = ctx.clone();
    let id = user.id;
    let user = ctx
        .db
        .write(move |conn| -> Result<User, StoreError> {
            users::set_password(conn, id, &hash, time::now())?;
            // Whoever knew the old password may have made tokens with it.
            api_tokens::delete_for_user(conn, id)?;
            let user = User::from(users::find(conn, id)?);
            let message =
                messages::password_changed(&ctx2, &user.email, &user.display_name, user.locale)
                    .map_err(StoreError::Task)?;
            mail::enqueue(conn, &message)?;
            Ok(user)
        })
        .await?;
    ctx.mail_wakeup.notify_one();
    Ok(user)
}

pub async fn set_locale(ctx: &AppContext, user: &User, locale: Locale) -> Result<(), AppError> {
    let id = user.id;
    Ok(ctx
        .db
        .write(move |conn| users::set_locale(conn, id, locale))
        .await?)
}

/// Deletes the account once its current password is given (a session or a
/// token alone is not enough): personal data wiped, sessions and tokens
/// ended; anything it wrote stays, shown as by "deleted participant".
/// Without the password, or with a wrong one, nothing changes.
pub async fn delete_account(ctx: &AppContext, user: &User, password: &str) -> Result<(), AppError> {
    if password.is_empty() {
        return Err(AppError::field("password", "error-password-to-delete"));
    }
    if !check_password(ctx, user, password).await? {
        return Err(AppError::field("password", "error-password-wrong"));
    }
    let id = user.id;
    let email = user.email.clone();
    ctx.db
        .write(move |conn| {
            api_tokens::delete_for_user(conn, id)?;
            email_tokens::delete_for_user(conn, id)?;
            let now = time::now();
            outbox::redact_recipient(conn, &email, &format!("deleted-{id}@deleted.invalid"), now)?;
            users::anonymise(conn, id, now)
        })
        .await?;
    Ok(())
}

/// A token just made: the clear token is shown this once.
#[derive(Debug, Clone)]
pub struct NewToken {
    pub id: i64,
    pub token: String,
    pub label: String,
    pub scope: TokenScope,
}

/// A new personal API token for `user`, with the scope asked for (read
/// only if none).
pub async fn create_api_token(
    ctx: &AppContext,
    user: &User,
    label: &str,
    scope: Option<&str>,
) -> Result<NewToken, AppError> {
    let mut errors = FieldErrors::default();
    let label = errors.take(bounded_text("label", label, 1, TOKEN_LABEL_MAX));
    let scope = errors.take(TokenScope::parse(scope));
    let (Some(label), Some(scope)) = (label, scope) else {
        return Err(AppError::Invalid(errors));
    };
    let token = tokens::generate_api_token();
    let hash = tokens::digest(&token);
    let id = user.id;
    let l = label.clone();
    let token_id = ctx
        .db
        .write(move |conn| {
            api_tokens::insert(
                conn,
                &api_tokens::NewApiToken {
                    user_id: id,
                    label: &l,
                    token_hash: &hash,
                    created_at: time::now(),
                    scope,
                },
            )
        })
        .await?;
    Ok(NewToken {
        id: token_id,
        token,
        label,
        scope,
    })
}

pub async fn revoke_api_token(
    ctx: &AppContext,
    user: &User,
    token_id: i64,
) -> Result<(), AppError> {
    let id = user.id;
    Ok(ctx
        .db
        .write(move |conn| api_tokens::delete(conn, id, token_id))
        .await?)
}

pub async fn list_api_tokens(
    ctx: &AppContext,
    user: &User,
) -> Result<Vec<api_tokens::ApiTokenRow>, AppError> {
    let id = user.id;
    Ok(ctx
        .db
        .run(move |conn| api_tokens::list_for_user(conn, id))
        .await?)
}

/// The account a personal API token belongs to, and what the token may
/// do, if it is live.
pub async fn user_for_api_token(
    ctx: &AppContext,
    token: &str,
) -> Result<Option<(User, TokenScope)>, AppError> {
    let hash = tokens::digest(token);
    let now = time::now();
    let Some(owner) = ctx
        .db
        .run_short(move |conn| api_tokens::owner_of(conn, &hash, now))
        .await?
    else {
        return Ok(None);
    };
    if owner.use_to_record {
        let id = owner.token_id;
        ctx.db
            .write(move |conn| api_tokens::record_use(conn, id, now))
            .await?;
    }
    let user = User::from(owner.user);
    Ok((!user.is_deleted()).then_some((user, owner.scope)))
}

/// The account behind a session, if the session is still valid.
pub async fn user_for_session(
    ctx: &AppContext,
    user_id: i64,
    generation: i32,
    session_id: String,
) -> Result<Option<User>, AppError> {
    let row = ctx
        .db
        .run_short(move |conn| {
            if sessions::is_revoked(conn, &session_id)? {
                return Ok(None);
            }
            match users::find(conn, user_id) {
                Ok(row) => Ok(Some(row)),
                Err(StoreError::NotFound) => Ok(None),
                Err(e) => Err(e),
            }
        })
        .await?;
    Ok(row
        .map(User::from)
        .filter(|u| !u.is_deleted() && u.session_generation == generation))
}

/// Ends one browser session on the server (signing out): a copy of its
/// cookie no longer works.
pub async fn end_session(
    ctx: &AppContext,
    user_id: i64,
    session_id: String,
    expires_at: NaiveDateTime,
) -> Result<(), AppError> {
    ctx.db
        .write(move |conn| -> Result<(), StoreError> {
            sessions::revoke(conn, &session_id, user_id, expires_at, time::now())
        })
        .await?;
    Ok(())
}

/// Ends every session of the account, on every device ("sign out
/// everywhere"); API tokens are not sessions and stay.
pub async fn end_all_sessions(ctx: &AppContext, user: &User) -> Result<(), AppError> {
    let id = user.id;
    ctx.db
        .write(move |conn| -> Result<(), StoreError> { users::end_sessions(conn, id) })
        .await?;
    Ok(())
}

/// Creates a confirmed account from the command line or the demo seed.
pub async fn create_confirmed_user(
    ctx: &AppContext,
    email: &str,
    name: &str,
    role: Role,
    category: ContributorCategory,
    password: &str,
) -> Result<User, AppError> {
    let mut errors = FieldErrors::default();
    let email = errors.take(Email::parse(email));
    let name = errors.take(DisplayName::parse(name));
    let password = errors.take(new_password(password, &[]));
    let (Some(email), Some(name), Some(password)) = (email, name, password) else {
        return Err(AppError::Invalid(errors));
    };
    let hash = hash_password(password.expose().to_string()).await?;
    ctx.db
        .write(move |conn| {
            let now = time::now();
            let id = users::insert(
                conn,
                &NewUser::new(
                    email.as_str(),
                    name.as_str(),
                    &hash,
                    role,
                    category,
                    Locale::Fr,
                    Some(now),
                    now,
                ),
            )?;
            // The operator vouches for the category they give.
            if category != ContributorCategory::Citizen {
                users::set_category_verified(conn, id, true, now)?;
            }
            Ok(User::from(users::find(conn, id)?))
        })
        .await
        .map_err(|e| match e {
            StoreError::Duplicate => AppError::field("email", "error-email-taken"),
            other => other.into(),
        })
}

/// Whether the person's name is shown with their contributions.
pub async fn set_name_public(ctx: &AppContext, user: &User, public: bool) -> Result<(), AppError> {
    if user.is_deleted() {
        return Err(AppError::Unauthorized("error-sign-in-required"));
    }
    let id = user.id;
    Ok(ctx
        .db
        .write(move |c| users::set_name_public(c, id, public, time::now()))
        .await?)
}
