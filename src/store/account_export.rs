//! Everything stored about one person, read for their access and
//! portability request (GDPR articles 15 and 20).

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::contributions::ContributionRow;
use super::schema::{
    audit_log, bill_sponsors, bills, contribution_versions, contributions, follows,
    moderation_cases, notifications, reports, users, votes,
};
use super::{DbConnection, StoreError};

/// The account row's settings and standing, beyond what `User` carries.
pub struct Settings {
    pub notify: String,
    pub name_public: bool,
    pub last_digest_at: Option<NaiveDateTime>,
    pub banned_at: Option<NaiveDateTime>,
    pub ban_reason: Option<String>,
    pub category_verified: bool,
}

/// One of the person's contributions, with its bill and what moderation
/// decided about it (the reason is public; who acted is not theirs).
pub struct Contribution {
    pub row: ContributionRow,
    pub bill_slug: String,
    pub moderation_reason: Option<String>,
    pub contested_at: Option<NaiveDateTime>,
    pub contest_text: Option<String>,
}

/// An earlier wording of one of the person's contributions.
pub struct Version {
    pub contribution_id: i64,
    pub title: Option<String>,
    pub body: String,
    pub proposed_text: Option<String>,
    pub url: Option<String>,
    pub created_at: NaiveDateTime,
}

pub struct Vote {
    pub bill_slug: String,
    pub target_kind: String,
    pub target_id: i64,
    pub value: String,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

pub struct Report {
    pub contribution_id: i64,
    pub reason: String,
    pub details: Option<String>,
    pub created_at: NaiveDateTime,
}

pub struct Notification {
    pub bill_slug: String,
    pub contribution_id: Option<i64>,
    pub kind: String,
    pub created_at: NaiveDateTime,
    pub emailed_at: Option<NaiveDateTime>,
}

/// An act recorded in the audit log with the person as its actor.
pub struct Act {
    pub seq: i64,
    pub at: NaiveDateTime,
    pub action: String,
    pub target_kind: String,
    pub target_id: Option<i64>,
    pub reason: Option<String>,
}

/// Everything stored about the person but their tokens and emails (read
/// by their own modules).
pub struct AccountData {
    pub settings: Settings,
    pub contributions: Vec<Contribution>,
    pub versions: Vec<Version>,
    pub votes: Vec<Vote>,
    pub reports: Vec<Report>,
    pub follows: Vec<(String, NaiveDateTime)>,
    pub sponsorships: Vec<(String, NaiveDateTime)>,
    pub notifications: Vec<Notification>,
    pub acts: Vec<Act>,
}

/// Reads it all, in one transaction's snapshot when the caller holds one.
pub fn load(conn: &mut DbConnection, user_id: i64) -> Result<AccountData, StoreError> {
    let (notify, name_public, last_digest_at, banned_at, ban_reason, category_verified) =
        users::table
            .find(user_id)
            .select((
                users::notify,
                users::name_public,
                users::last_digest_at,
                users::banned_at,
                users::ban_reason,
                users::category_verified,
            ))
            .first(conn)?;
    let contributions = contributions::table
        .inner_join(bills::table)
        .left_join(moderation_cases::table)
        .filter(contributions::author_id.eq(user_id))
        .order(contributions::id.asc())
        .select((
            ContributionRow::as_select(),
            bills::slug,
            moderation_cases::reason.nullable(),
            moderation_cases::contested_at.nullable(),
            moderation_cases::contest_text.nullable(),
        ))
        .load::<(
            ContributionRow,
            String,
            Option<String>,
            Option<NaiveDateTime>,
            Option<String>,
        )>(conn)?
        .into_iter()
        .map(
            |(row, bill_slug, reason, contested_at, contest_text)| Contribution {
                row,
                bill_slug,
                moderation_reason: reason,
                contested_at,
                contest_text,
            },
        )
        .collect();
    let versions = contribution_versions::table
        .inner_join(contributions::table)
        .filter(contributions::author_id.eq(user_id))
        .order(contribution_versions::id.asc())
        .select((
            contribution_versions::contribution_id,
            contribution_versions::title,
            contribution_versions::body,
            contribution_versions::proposed_text,
            contribution_versions::url,
            contribution_versions::created_at,
        ))
        .load::<(
            i64,
            Option<String>,
            String,
            Option<String>,
            Option<String>,
            NaiveDateTime,
        )>(conn)?
        .into_iter()
        .map(
            |(contribution_id, title, body, proposed_text, url, created_at)| Version {
                contribution_id,
                title,
                body,
                proposed_text,
                url,
                created_at,
            },
        )
        .collect();
    let votes = votes::table
        .inner_join(bills::table.on(bills::id.eq(votes::bill_id)))
        .filter(votes::user_id.eq(user_id))
        .order((votes::bill_id.asc(), votes::created_at.asc()))
        .select((
            bills::slug,
            votes::target_kind,
            votes::target_id,
            votes::value,
            votes::created_at,
            votes::updated_at,
        ))
        .load::<(String, String, i64, String, NaiveDateTime, NaiveDateTime)>(conn)?
        .into_iter()
        .map(
            |(bill_slug, target_kind, target_id, value, created_at, updated_at)| Vote {
                bill_slug,
                target_kind,
                target_id,
                value,
                created_at,
                updated_at,
            },
        )
        .collect();
    let reports = reports::table
        .filter(reports::reporter_id.eq(user_id))
        .order(reports::id.asc())
        .select((
            reports::contribution_id,
            reports::reason,
            reports::details,
            reports::created_at,
        ))
        .load::<(i64, String, Option<String>, NaiveDateTime)>(conn)?
        .into_iter()
        .map(|(contribution_id, reason, details, created_at)| Report {
            contribution_id,
            reason,
            details,
            created_at,
        })
        .collect();
    let follows = follows::table
        .inner_join(bills::table)
        .filter(follows::user_id.eq(user_id))
        .order(follows::created_at.asc())
        .select((bills::slug, follows::created_at))
        .load(conn)?;
    let sponsorships = bill_sponsors::table
        .inner_join(bills::table)
        .filter(bill_sponsors::user_id.eq(user_id))
        .order(bill_sponsors::added_at.asc())
        .select((bills::slug, bill_sponsors::added_at))
        .load(conn)?;
    let notifications = notifications::table
        .inner_join(bills::table)
        .filter(notifications::user_id.eq(user_id))
        .order(notifications::id.asc())
        .select((
            bills::slug,
            notifications::contribution_id,
            notifications::kind,
            notifications::created_at,
            notifications::emailed_at,
        ))
        .load::<(
            String,
            Option<i64>,
            String,
            NaiveDateTime,
            Option<NaiveDateTime>,
        )>(conn)?
        .into_iter()
        .map(
            |(bill_slug, contribution_id, kind, created_at, emailed_at)| Notification {
                bill_slug,
                contribution_id,
                kind,
                created_at,
                emailed_at,
            },
        )
        .collect();
    let acts = audit_log::table
        .filter(audit_log::actor_id.eq(user_id))
        .order(audit_log::seq.asc())
        .select((
            audit_log::seq,
            audit_log::at,
            audit_log::action,
            audit_log::target_kind,
            audit_log::target_id,
            audit_log::reason,
        ))
        .load::<(
            i64,
            NaiveDateTime,
            String,
            String,
            Option<i64>,
            Option<String>,
        )>(conn)?
        .into_iter()
        .map(|(seq, at, action, target_kind, target_id, reason)| Act {
            seq,
            at,
            action,
            target_kind,
            target_id,
            reason,
        })
        .collect();
    Ok(AccountData {
        settings: Settings {
            notify,
            name_public,
            last_digest_at,
            banned_at,
            ban_reason,
            category_verified,
        },
        contributions,
        versions,
        votes,
        reports,
        follows,
        sponsorships,
        notifications,
        acts,
    })
}
