//! Following bills and hearing about them: a reply to what you wrote, a
//! consultation you follow closing in two days, the sponsor's decision on
//! your contribution. Emailed at once, in a daily digest, or never, by the
//! person's choice; every email carries a one-click unsubscribe link.

use chrono::TimeDelta;
use hmac::{Hmac, Mac};
use serde_json::json;
use sha2::Sha256;

use crate::context::AppContext;
use crate::domain::notification::{Event, Frequency, REMINDER_HOURS};
use crate::domain::{Locale, User, time};
use crate::error::AppError;
use crate::mail;
use crate::service::access::{BillAccess, BillKey};
use crate::store::contributions::ContributionRow;
use crate::store::{DbConnection, StoreError, bills, notifications, users, write_tx};

/// The signature of a user's unsubscribe link.
pub fn unsubscribe_token(ctx: &AppContext, user_id: i64) -> String {
    let mut mac =
        Hmac::<Sha256>::new_from_slice(ctx.secret.expose().as_bytes()).expect("HMAC takes any key");
    mac.update(format!("unsubscribe:{user_id}").as_bytes());
    hex::encode(mac.finalize().into_bytes())
}

pub fn unsubscribe_link(ctx: &AppContext, user_id: i64) -> String {
    ctx.url(&format!(
        "/notifications/unsubscribe?user={user_id}&token={}",
        unsubscribe_token(ctx, user_id)
    ))
}

/// One line of an email about what happened.
fn item(
    ctx: &AppContext,
    locale: Locale,
    event: &str,
    bill_slug: &str,
    bill_title: &str,
    contribution_id: Option<i64>,
) -> serde_json::Value {
    let link = match contribution_id {
        Some(id) => ctx.url(&format!("/contributions/{id}")),
        None => ctx.url(&format!("/bills/{bill_slug}")),
    };
    json!({
        "text": crate::i18n::t_args(locale, &format!("notification-{}", event.replace('_', "-")), &[("bill", bill_title.to_string())]),
        "link": link,
    })
}

/// Records the event for `user_id` and, for those who want it at once,
/// queues the email, in the caller's transaction.
pub fn notify(
    ctx: &AppContext,
    conn: &mut DbConnection,
    user_id: i64,
    event: Event,
    bill_id: i64,
    contribution_id: Option<i64>,
) -> Result<(), StoreError> {
    let user = User::from(users::find(conn, user_id)?);
    if user.is_deleted() {
        return Ok(());
    }
    let frequency: Frequency = notifications::frequency(conn, user_id)?
        .parse()
        .unwrap_or_default();
    let now = time::now();
    match frequency {
        Frequency::Never => Ok(()),
        Frequency::Daily => notifications::insert(
            conn,
            user_id,
            bill_id,
            contribution_id,
            event.as_str(),
            None,
            now,
        ),
        Frequency::Immediate => {
            let bill = bills::find(conn, bill_id)?;
            let items = vec![item(
                ctx,
                user.locale,
                event.as_str(),
                &bill.slug,
                &bill.title,
                contribution_id,
            )];
            let subject_key = format!("notification-subject-{}", event.as_str().replace('_', "-"));
            let message =
                compose(ctx, &user, &subject_key, &bill.title, items).map_err(StoreError::Task)?;
            mail::enqueue(conn, &message)?;
            notifications::insert(
                conn,
                user_id,
                bill_id,
                contribution_id,
                event.as_str(),
                Some(now),
                now,
            )
        }
    }
}

fn compose(
    ctx: &AppContext,
    user: &User,
    subject_key: &str,
    bill_title: &str,
    items: Vec<serde_json::Value>,
) -> Result<mail::Composed, String> {
    let mut c = tera::Context::new();
    c.insert("name", &user.display_name);
    c.insert(
        "subject",
        &crate::i18n::t_args(
            user.locale,
            subject_key,
            &[("bill", bill_title.to_string())],
        ),
    );
    c.insert("items", &items);
    c.insert("unsubscribe", &unsubscribe_link(ctx, user.id));
    c.insert("preferences", &ctx.url("/account#notifications"));
    mail::compose(&ctx.templates, "notification", user.locale, &user.email, c)
}

/// A reply (argument or source) to someone's contribution tells its author.
pub fn on_reply(
    ctx: &AppContext,
    conn: &mut DbConnection,
    reply: &ContributionRow,
    parent: &ContributionRow,
) -> Result<(), StoreError> {
    if reply.author_id == parent.author_id {
        return Ok(());
    }
    notify(
        ctx,
        conn,
        parent.author_id,
        Event::Reply,
        parent.bill_id,
        Some(parent.id),
    )
}

/// Reminds the followers of every consultation closing within two days,
/// once per consultation.
pub async fn send_reminders(ctx: &AppContext) -> Result<usize, AppError> {
    let ctx2 = ctx.clone();
    let sent = ctx
        .db
        .run(move |conn| -> Result<usize, StoreError> {
            let now = time::now();
            let due =
                notifications::due_reminders(conn, now, now + TimeDelta::hours(REMINDER_HOURS))?;
            let mut sent = 0;
            for bill_id in due {
                sent += write_tx(conn, |c| -> Result<usize, StoreError> {
                    if !notifications::claim_reminder(c, bill_id, now)? {
                        return Ok(0);
                    }
                    let followers = notifications::followers(c, bill_id)?;
                    for user_id in &followers {
                        notify(&ctx2, c, *user_id, Event::ClosingSoon, bill_id, None)?;
                    }
                    Ok(followers.len())
                })?;
            }
            Ok(sent)
        })
        .await?;
    if sent > 0 {
        ctx.mail_wakeup.notify_one();
    }
    Ok(sent)
}

/// Sends each daily-digest reader, at most once a day, one email with all
/// that waited.
pub async fn send_digests(ctx: &AppContext) -> Result<usize, AppError> {
    let ctx2 = ctx.clone();
    let sent = ctx
        .db
        .run(move |conn| -> Result<usize, StoreError> {
            let now = time::now();
            let day_ago = now - TimeDelta::hours(24);
            let mut sent = 0;
            for user_id in notifications::due_digests(conn, day_ago)? {
                sent += write_tx(conn, |c| -> Result<usize, StoreError> {
                    if !notifications::claim_digest(c, user_id, day_ago, now)? {
                        return Ok(0);
                    }
                    let user = User::from(users::find(c, user_id)?);
                    let pending = notifications::pending(c, user_id)?;
                    if pending.is_empty() {
                        return Ok(0);
                    }
                    let items = pending
                        .iter()
                        .map(|p| {
                            item(
                                &ctx2,
                                user.locale,
                                &p.kind,
                                &p.bill_slug,
                                &p.bill_title,
                                p.contribution_id,
                            )
                        })
                        .collect();
                    let message = compose(&ctx2, &user, "notification-subject-digest", "", items)
                        .map_err(StoreError::Task)?;
                    mail::enqueue(c, &message)?;
                    let ids: Vec<i64> = pending.iter().map(|p| p.id).collect();
                    notifications::mark_emailed(c, &ids, now)?;
                    Ok(1)
                })?;
            }
            Ok(sent)
        })
        .await?;
    if sent > 0 {
        ctx.mail_wakeup.notify_one();
    }
    Ok(sent)
}

pub async fn set_following(
    ctx: &AppContext,
    user: &User,
    slug: &str,
    follow: bool,
) -> Result<(), AppError> {
    // Unfollowing stays open to everyone: it only means fewer emails.
    if follow {
        crate::service::access::participant(user)?;
    }
    let (user, slug) = (user.clone(), slug.to_string());
    ctx.db
        .write(move |c| {
            let bill = BillAccess::read(c, BillKey::Slug(&slug), Some(&user))?
                .visible()?
                .row;
            if follow {
                Ok(notifications::follow(c, user.id, bill.id, time::now())?)
            } else {
                Ok(notifications::unfollow(c, user.id, bill.id)?)
            }
        })
        .await
}

pub async fn is_following(ctx: &AppContext, user: &User, bill_id: i64) -> Result<bool, AppError> {
    let user_id = user.id;
    ctx.db
        .run(move |conn| Ok(notifications::is_following(conn, user_id, bill_id)?))
        .await
}

pub async fn set_frequency(
    ctx: &AppContext,
    user_id: i64,
    frequency: Frequency,
) -> Result<(), AppError> {
    ctx.db
        .write(move |conn| {
            Ok(notifications::set_frequency(
                conn,
                user_id,
                frequency.as_str(),
            )?)
        })
        .await
}

pub async fn frequency(ctx: &AppContext, user_id: i64) -> Result<Frequency, AppError> {
    let raw = ctx
        .db
        .run(move |conn| -> Result<_, AppError> { Ok(notifications::frequency(conn, user_id)?) })
        .await?;
    Ok(raw.parse().unwrap_or_default())
}

/// The one-click unsubscribe: a signed link, no sign-in needed.
pub async fn unsubscribe(ctx: &AppContext, user_id: i64, token: &str) -> Result<(), AppError> {
    check_unsubscribe(ctx, user_id, token)?;
    set_frequency(ctx, user_id, Frequency::Never).await
}

pub fn check_unsubscribe(ctx: &AppContext, user_id: i64, token: &str) -> Result<(), AppError> {
    let expected = unsubscribe_token(ctx, user_id);
    if crate::auth::tokens::constant_time_eq(&expected, token) {
        Ok(())
    } else {
        Err(AppError::field("token", "error-token-invalid"))
    }
}

/// The consultation's outcome is published: every follower who has not
/// turned emails off hears of it at once (it is news, not a digest item).
pub fn on_published(
    ctx: &AppContext,
    conn: &mut DbConnection,
    bill_id: i64,
) -> Result<usize, StoreError> {
    let bill = bills::find(conn, bill_id)?;
    let mut sent = 0;
    for user_id in notifications::followers(conn, bill_id)? {
        let user = User::from(users::find(conn, user_id)?);
        let frequency: Frequency = notifications::frequency(conn, user_id)?
            .parse()
            .unwrap_or_default();
        if user.is_deleted() || frequency == Frequency::Never {
            continue;
        }
        let items = vec![json!({
            "text": crate::i18n::t_args(user.locale, "notification-published", &[("bill", bill.title.clone())]),
            "link": ctx.url(&format!("/bills/{}/synthesis", bill.slug)),
        })];
        let message = compose(
            ctx,
            &user,
            "notification-subject-published",
            &bill.title,
            items,
        )
        .map_err(StoreError::Task)?;
        mail::enqueue(conn, &message)?;
        sent += 1;
    }
    Ok(sent)
}
