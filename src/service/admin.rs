//! Account administration: listing accounts, changing roles, verifying
//! declared categories.

use crate::context::AppContext;
use crate::domain::permissions::may_change_role;
use crate::domain::{ContributorCategory, Permission, Role, User, allows, time};
use crate::error::AppError;
use crate::store::{DbConnection, users};

pub const PAGE_SIZE: i64 = 50;

/// One page of accounts after `after_id`, and the cursor of the next page.
pub async fn list_users(
    ctx: &AppContext,
    admin: &User,
    after_id: Option<i64>,
    limit: i64,
) -> Result<(Vec<User>, Option<i64>), AppError> {
    require_admin(admin)?;
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

fn require_admin(user: &User) -> Result<(), AppError> {
    if allows(Some(user), Permission::AdministerUsers) {
        Ok(())
    } else {
        Err(AppError::Forbidden("error-admin-only"))
    }
}

/// Runs an admin's change to an account in one write transaction: the
/// account locked before it is read (a deletion or another admin's change
/// cannot slip in between), a deleted one a 404. `act` makes the change and
/// says what to record in the audit log (`None`: nothing changed). Returns
/// the account as it now is.
async fn on_account<F>(
    ctx: &AppContext,
    admin: &User,
    target_id: i64,
    mut act: F,
) -> Result<User, AppError>
where
    F: FnMut(&mut DbConnection, &User, &User) -> Result<Option<(&'static str, String)>, AppError>
        + Send
        + 'static,
{
    require_admin(admin)?;
    let (admin, audit_key) = (admin.clone(), ctx.audit_key.clone());
    ctx.db
        .write(move |conn| -> Result<User, AppError> {
            users::lock(conn, target_id)?;
            let target = User::from(users::find(conn, target_id)?);
            if target.is_deleted() {
                return Err(AppError::NotFound);
            }
            if let Some((action, change)) = act(conn, &admin, &target)? {
                crate::store::audit::append(
                    conn,
                    &audit_key,
                    &crate::store::audit::NewEntry {
                        actor_id: Some(admin.id),
                        action,
                        target_kind: "user",
                        target_id: Some(target_id),
                        bill_id: None,
                        reason: Some(&change),
                    },
                )?;
            }
            Ok(User::from(users::find(conn, target_id)?))
        })
        .await
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
    on_account(ctx, admin, target_id, move |conn, _, target| {
        if target.category == ContributorCategory::Citizen {
            return Err(AppError::field("verified", "error-category-citizen"));
        }
        if target.category_verified == verified {
            return Ok(None);
        }
        users::set_category_verified(conn, target.id, verified, time::now())?;
        let state = if verified { "verified" } else { "unverified" };
        Ok(Some((
            "user.category",
            format!("{} {state}", target.category.as_str()),
        )))
    })
    .await
}

pub async fn change_role(
    ctx: &AppContext,
    admin: &User,
    target_id: i64,
    role: Role,
) -> Result<User, AppError> {
    on_account(ctx, admin, target_id, move |conn, admin, target| {
        if !may_change_role(admin, target, role) {
            return Err(AppError::Forbidden("error-role-self"));
        }
        users::set_role(conn, target.id, role, time::now())?;
        Ok(Some(("user.role", format!("{} -> {}", target.role, role))))
    })
    .await
}
