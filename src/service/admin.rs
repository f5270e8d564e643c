//! Account administration: listing accounts and changing roles.

use crate::context::AppContext;
use crate::domain::audit::ChainKey;
use crate::domain::permissions::may_change_role;
use crate::domain::{ContributorCategory, Permission, Role, User, allows, time};
use crate::error::AppError;
use crate::store::{DbConnection, StoreError, users};

pub const PAGE_SIZE: i64 = 50;

/// One page of accounts after `after_id`, and the cursor of the next page.
pub async fn list_users(
    ctx: &AppContext,
    admin: &User,
    after_id: Option<i64>,
    limit: i64,
) -> Result<(Vec<User>, Option<i64>), AppError> {
    if !allows(Some(admin), Permission::AdministerUsers) {
        return Err(AppError::Forbidden("error-admin-only"));
    }
    let limit = limit.clamp(1, 100);
    let rows = ctx
        .db
        .run(move |conn| users::list(conn, after_id, limit + 1))
        .await?;
    let mut users: Vec<User> = rows.into_iter().map(User::from).collect();
    let next = if users.len() as i64 > limit {
        users.truncate(limit as usize);
        users.last().map(|u| u.id)
    } else {
        None
    };
    Ok((users, next))
}

/// Verifies (or takes back the verification of) the category an account
/// declared: an association, a company, a public institution or an elected
/// official is shown as declared, and not counted by category, until then.
pub async fn verify_category(
    ctx: &AppContext,
    admin: &User,
    target_id: i64,
    verified: bool,
) -> Result<User, AppError> {
    if !allows(Some(admin), Permission::AdministerUsers) {
        return Err(AppError::Forbidden("error-admin-only"));
    }
    let admin_id = admin.id;
    let audit_key = ctx.audit_key.clone();
    ctx.db
        .write(move |conn| -> Result<User, AppError> {
            users::lock(conn, target_id)?;
            let target = User::from(users::find(conn, target_id)?);
            if target.is_deleted() {
                return Err(AppError::NotFound);
            }
            if target.category == ContributorCategory::Citizen {
                return Err(AppError::field("verified", "error-category-citizen"));
            }
            if target.category_verified == verified {
                return Ok(target);
            }
            users::set_category_verified(conn, target_id, verified, time::now())?;
            let change = format!(
                "{} {}",
                target.category.as_str(),
                if verified { "verified" } else { "unverified" }
            );
            Ok(recorded(
                conn,
                &audit_key,
                admin_id,
                "user.category",
                target_id,
                &change,
            )?)
        })
        .await
}

pub async fn change_role(
    ctx: &AppContext,
    admin: &User,
    target_id: i64,
    role: Role,
) -> Result<User, AppError> {
    if !allows(Some(admin), Permission::AdministerUsers) {
        return Err(AppError::Forbidden("error-admin-only"));
    }
    let (admin, audit_key) = (admin.clone(), ctx.audit_key.clone());
    ctx.db
        .write(move |conn| -> Result<User, AppError> {
            // Locked before it is read: a deletion or another admin's change
            // cannot slip in between.
            users::lock(conn, target_id)?;
            let target = User::from(users::find(conn, target_id)?);
            if target.is_deleted() {
                return Err(AppError::NotFound);
            }
            if !may_change_role(&admin, &target, role) {
                return Err(AppError::Forbidden("error-role-self"));
            }
            users::set_role(conn, target_id, role, time::now())?;
            let change = format!("{} -> {}", target.role, role);
            Ok(recorded(
                conn,
                &audit_key,
                admin.id,
                "user.role",
                target_id,
                &change,
            )?)
        })
        .await
}

/// Records an admin's change to an account in the audit log; the account
/// as it now is.
fn recorded(
    conn: &mut DbConnection,
    audit_key: &ChainKey,
    admin_id: i64,
    action: &str,
    target_id: i64,
    change: &str,
) -> Result<User, StoreError> {
    crate::store::audit::append(
        conn,
        audit_key,
        &crate::store::audit::NewEntry {
            actor_id: Some(admin_id),
            action,
            target_kind: "user",
            target_id: Some(target_id),
            bill_id: None,
            reason: Some(change),
        },
    )?;
    Ok(User::from(users::find(conn, target_id)?))
}
