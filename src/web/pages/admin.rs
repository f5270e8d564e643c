//! Administration: accounts and their roles.

use actix_web::{HttpResponse, web};
use serde::{Deserialize, Serialize};

use crate::domain::{Permission, Role, time};
use crate::error::AppError;
use crate::service::admin;
use crate::web::AppState;
use crate::web::forms::CsrfForm;
use crate::web::render::{base_context, login_redirect, page, redirect};
use crate::web::viewer::Viewer;

#[derive(Deserialize)]
pub struct Cursor {
    after: Option<i64>,
}

#[derive(Serialize)]
struct UserLine {
    id: i64,
    email: String,
    display_name: String,
    role: &'static str,
    category: &'static str,
    category_verified: bool,
    email_confirmed: bool,
    created_at: String,
    created_on: String,
}

pub async fn users(
    state: web::Data<AppState>,
    viewer: Viewer,
    cursor: web::Query<Cursor>,
) -> Result<HttpResponse, AppError> {
    if viewer.user.is_none() {
        return Ok(login_redirect(&viewer));
    }
    let admin_user = viewer.require(Permission::AdministerUsers)?;
    let (users, next) =
        admin::list_users(&state.ctx, admin_user, cursor.after, admin::PAGE_SIZE).await?;
    let lines: Vec<UserLine> = users
        .into_iter()
        .map(|u| UserLine {
            id: u.id,
            email_confirmed: u.email_confirmed(),
            email: u.email,
            display_name: u.display_name,
            role: u.role.as_str(),
            category: u.category.as_str(),
            category_verified: u.category_verified,
            created_at: time::rfc3339(u.created_at),
            created_on: crate::web::views::dates::day(viewer.locale, u.created_at),
        })
        .collect();
    let mut c = base_context(&viewer);
    c.insert("users", &lines);
    c.insert("next_cursor", &next);
    c.insert(
        "roles",
        &Role::ALL.iter().map(|r| r.as_str()).collect::<Vec<_>>(),
    );
    page(&state, "admin/users.html", &c)
}

#[derive(Deserialize)]
pub struct RoleForm {
    role: String,
}

pub async fn change_role(
    state: web::Data<AppState>,
    viewer: Viewer,
    path: web::Path<i64>,
    CsrfForm(form): CsrfForm<RoleForm>,
) -> Result<HttpResponse, AppError> {
    let admin_user = viewer.require(Permission::AdministerUsers)?;
    let role: Role = form
        .role
        .parse()
        .map_err(|_| AppError::field("role", "error-role-invalid"))?;
    admin::change_role(&state.ctx, admin_user, path.into_inner(), role).await?;
    viewer.session.set_flash("flash-role-changed");
    Ok(redirect("/admin"))
}

#[derive(Deserialize)]
pub struct VerificationForm {
    #[serde(default)]
    verified: String,
}

pub async fn verify_category(
    state: web::Data<AppState>,
    viewer: Viewer,
    path: web::Path<i64>,
    CsrfForm(form): CsrfForm<VerificationForm>,
) -> Result<HttpResponse, AppError> {
    let admin_user = viewer.require(Permission::AdministerUsers)?;
    let verified = form.verified == "true";
    admin::verify_category(&state.ctx, admin_user, path.into_inner(), verified).await?;
    viewer.session.set_flash(if verified {
        "flash-category-verified"
    } else {
        "flash-category-unverified"
    });
    Ok(redirect("/admin"))
}
