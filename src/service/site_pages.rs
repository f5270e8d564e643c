//! Reading and editing the charter, legal notice, privacy policy and
//! accessibility statement.

use chrono::NaiveDateTime;

use crate::context::AppContext;
use crate::domain::site_pages::{self, SitePage};
use crate::domain::{Locale, Permission, User, allows, time};
use crate::error::AppError;
use crate::store::audit::{self, NewEntry};
use crate::store::site_pages as store;

pub struct PageText {
    pub markdown: String,
    /// None while the default shows.
    pub updated_at: Option<NaiveDateTime>,
}

pub async fn read(ctx: &AppContext, page: SitePage, locale: Locale) -> Result<PageText, AppError> {
    let row = ctx
        .db
        .run(move |c| store::find(c, page.slug(), locale.as_str()))
        .await?;
    Ok(match row {
        Some(r) => PageText {
            markdown: r.body,
            updated_at: Some(r.updated_at),
        },
        None => PageText {
            markdown: page.default_body(locale).to_string(),
            updated_at: None,
        },
    })
}

/// An admin rewrites a page in one language; the act is in the audit log.
pub async fn edit(
    ctx: &AppContext,
    admin: &User,
    page: SitePage,
    locale: Locale,
    body: &str,
) -> Result<(), AppError> {
    if !allows(Some(admin), Permission::AdministerUsers) {
        return Err(AppError::Forbidden("error-admin-only"));
    }
    let body = site_pages::parse_body(body)?;
    let (admin_id, audit_key) = (admin.id, ctx.audit_key.clone());
    ctx.db
        .write(move |c| -> Result<(), AppError> {
            store::save(
                c,
                page.slug(),
                locale.as_str(),
                &body,
                admin_id,
                time::now(),
            )?;
            audit::append(
                c,
                &audit_key,
                &NewEntry {
                    actor_id: Some(admin_id),
                    action: "page.edit",
                    target_kind: "page",
                    target_id: None,
                    bill_id: None,
                    reason: Some(&format!("{} ({})", page.slug(), locale.as_str())),
                },
            )?;
            Ok(())
        })
        .await
}
