//! A person's access and portability request (GDPR articles 15 and 20):
//! everything the platform holds about them, as one JSON document.

use serde_json::{Value, json};

use crate::context::AppContext;
use crate::domain::{User, time};
use crate::error::AppError;
use crate::store::account_export::{self, AccountData};
use crate::store::{StoreError, api_tokens, outbox};

/// Everything the platform holds about the account, as JSON: the account
/// and its settings, every contribution (withdrawn ones too) with its
/// earlier wordings and what moderation decided, votes, reports, follows,
/// sponsorships, notifications, acts recorded in the audit log, API tokens
/// (never the token itself) and the emails sent.
pub async fn export_data(ctx: &AppContext, user: &User) -> Result<Value, AppError> {
    let (id, email) = (user.id, user.email.clone());
    let (data, tokens, mails) = ctx
        .db
        .run(move |conn| -> Result<_, StoreError> {
            Ok((
                account_export::load(conn, id)?,
                api_tokens::list_for_user(conn, id)?,
                outbox::list_for_recipient(conn, &email)?,
            ))
        })
        .await?;
    let mut doc = json!({
        "format": "codraft-account-export/2",
        "exported_at": time::rfc3339(time::now()),
        "account": account(user, &data),
        "api_tokens": tokens.iter().map(|t| json!({
            "id": t.id,
            "label": t.label,
            "scope": t.scope,
            "created_at": time::rfc3339(t.created_at),
            "last_used_at": t.last_used_at.map(time::rfc3339),
        })).collect::<Vec<_>>(),
        "emails_sent": mails.iter().map(|m| json!({
            "subject": m.subject,
            "created_at": time::rfc3339(m.created_at),
            "sent_at": m.sent_at.map(time::rfc3339),
        })).collect::<Vec<_>>(),
    });
    for (key, value) in activity(&data) {
        doc[key] = value;
    }
    Ok(doc)
}

fn account(user: &User, data: &AccountData) -> Value {
    let s = &data.settings;
    json!({
        "id": user.id,
        "email": user.email,
        "display_name": user.display_name,
        "name_public": s.name_public,
        "role": user.role.as_str(),
        "category": user.category.as_str(),
        "category_verified": s.category_verified,
        "locale": user.locale.as_str(),
        "notify": s.notify,
        "last_digest_at": s.last_digest_at.map(time::rfc3339),
        "email_confirmed_at": user.email_confirmed_at.map(time::rfc3339),
        "created_at": time::rfc3339(user.created_at),
        "banned_at": s.banned_at.map(time::rfc3339),
        "ban_reason": s.ban_reason,
    })
}

/// What the person did on the platform, one key per kind of record.
fn activity(d: &AccountData) -> Vec<(&'static str, Value)> {
    let contributions = d.contributions.iter().map(|c| {
        let r = &c.row;
        json!({
            "id": r.id,
            "bill": c.bill_slug,
            "kind": r.kind.to_string(),
            "article_id": r.article_id,
            "parent_id": r.parent_id,
            "after_article_id": r.after_article_id,
            "stance": r.stance.map(|s| s.to_string()),
            "title": r.title,
            "body": r.body,
            "proposed_text": r.proposed_text,
            "deletes_article": r.deletes_article,
            "url": r.url,
            "status": r.status.to_string(),
            "moderation": r.moderation.map(|m| m.to_string()),
            "moderation_reason": c.moderation_reason,
            "contested_at": c.contested_at.map(time::rfc3339),
            "contest_text": c.contest_text,
            "created_at": time::rfc3339(r.created_at),
            "edited_at": r.edited_at.map(time::rfc3339),
            "withdrawn_at": r.withdrawn_at.map(time::rfc3339),
        })
    });
    let versions = d.versions.iter().map(|v| {
        json!({
            "contribution_id": v.contribution_id,
            "title": v.title,
            "body": v.body,
            "proposed_text": v.proposed_text,
            "url": v.url,
            "created_at": time::rfc3339(v.created_at),
        })
    });
    let votes = d.votes.iter().map(|v| {
        json!({
            "bill": v.bill_slug,
            "target_kind": v.target_kind,
            "target_id": v.target_id,
            "value": v.value,
            "created_at": time::rfc3339(v.created_at),
            "updated_at": time::rfc3339(v.updated_at),
        })
    });
    let reports = d.reports.iter().map(|r| {
        json!({
            "contribution_id": r.contribution_id,
            "reason": r.reason,
            "details": r.details,
            "created_at": time::rfc3339(r.created_at),
        })
    });
    let dated = |(slug, at): &(String, chrono::NaiveDateTime)| json!({"bill": slug, "since": time::rfc3339(*at)});
    let notifications = d.notifications.iter().map(|n| {
        json!({
            "bill": n.bill_slug,
            "contribution_id": n.contribution_id,
            "kind": n.kind,
            "created_at": time::rfc3339(n.created_at),
            "emailed_at": n.emailed_at.map(time::rfc3339),
        })
    });
    let acts = d.acts.iter().map(|a| {
        json!({
            "seq": a.seq,
            "at": time::rfc3339(a.at),
            "action": a.action,
            "target_kind": a.target_kind,
            "target_id": a.target_id,
            "reason": a.reason,
        })
    });
    vec![
        ("contributions", contributions.collect()),
        ("contribution_versions", versions.collect()),
        ("votes", votes.collect()),
        ("reports", reports.collect()),
        ("follows", d.follows.iter().map(dated).collect()),
        ("sponsorships", d.sponsorships.iter().map(dated).collect()),
        ("notifications", notifications.collect()),
        ("audit_entries", acts.collect()),
    ]
}
