use actix_web::{HttpResponse, web};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::domain::{Permission, Role};
use crate::error::AppError;
use crate::service::admin;
use crate::web::AppState;
use crate::web::forms::ApiJson;
use crate::web::viewer::Viewer;
use crate::web::views::account::AccountView;

#[derive(Deserialize, IntoParams)]
pub struct ListQuery {
    /// At most 100; 50 by default.
    limit: Option<i64>,
    /// `next_cursor` of the previous page.
    cursor: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct UserList {
    items: Vec<AccountView>,
    next_cursor: Option<String>,
}

/// Lists accounts (admins).
#[utoipa::path(get, path = "/api/v1/users", tag = "admin",
    params(ListQuery),
    responses(
        (status = 200, body = UserList),
        (status = 403, description = "Admins only", body = crate::web::api::Problem, content_type = "application/problem+json")
    ),
    security(("bearer" = []), ("session" = [])))]
pub async fn list(
    state: web::Data<AppState>,
    viewer: Viewer,
    query: web::Query<ListQuery>,
) -> Result<HttpResponse, AppError> {
    let user = viewer.require(Permission::AdministerUsers)?;
    let after = match query.cursor.as_deref() {
        None | Some("") => None,
        Some(c) => Some(
            c.parse::<i64>()
                .map_err(|_| AppError::field("cursor", "error-cursor-invalid"))?,
        ),
    };
    let limit = query.limit.unwrap_or(admin::PAGE_SIZE);
    if !(1..=100).contains(&limit) {
        return Err(AppError::Invalid(
            crate::domain::FieldError::new("limit", "error-limit-range").into(),
        ));
    }
    let (users, next) = admin::list_users(&state.ctx, user, after, limit).await?;
    Ok(HttpResponse::Ok().json(UserList {
        items: users.iter().map(AccountView::from).collect(),
        next_cursor: next.map(|n| n.to_string()),
    }))
}

#[derive(Deserialize, ToSchema)]
pub struct CategoryVerification {
    /// true: the declared category is verified; false: it no longer is.
    verified: bool,
}

/// Verifies the category an account declared (admins): association,
/// company, public institution or elected official.
#[utoipa::path(put, path = "/api/v1/users/{id}/category-verification", tag = "admin",
    params(("id" = i64, Path, description = "Account id")),
    request_body = CategoryVerification,
    responses(
        (status = 200, body = AccountView),
        (status = 403, description = "Admins only", body = crate::web::api::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such account", body = crate::web::api::Problem, content_type = "application/problem+json"),
        (status = 422, description = "A citizen's category needs no verification", body = crate::web::api::Problem, content_type = "application/problem+json")
    ),
    security(("bearer" = []), ("session" = [])))]
pub async fn verify_category(
    state: web::Data<AppState>,
    viewer: Viewer,
    path: web::Path<i64>,
    ApiJson(body): ApiJson<CategoryVerification>,
) -> Result<HttpResponse, AppError> {
    let user = viewer.require(Permission::AdministerUsers)?;
    let updated =
        admin::verify_category(&state.ctx, user, path.into_inner(), body.verified).await?;
    Ok(HttpResponse::Ok().json(AccountView::from(&updated)))
}

#[derive(Deserialize, ToSchema)]
pub struct RoleChange {
    /// citizen, moderator, sponsor or admin
    role: String,
}

/// Changes an account's role (admins).
#[utoipa::path(put, path = "/api/v1/users/{id}/role", tag = "admin",
    params(("id" = i64, Path, description = "Account id")),
    request_body = RoleChange,
    responses(
        (status = 200, body = AccountView),
        (status = 403, description = "Admins only; an admin cannot demote themselves", body = crate::web::api::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such account", body = crate::web::api::Problem, content_type = "application/problem+json")
    ),
    security(("bearer" = []), ("session" = [])))]
pub async fn change_role(
    state: web::Data<AppState>,
    viewer: Viewer,
    path: web::Path<i64>,
    ApiJson(body): ApiJson<RoleChange>,
) -> Result<HttpResponse, AppError> {
    let user = viewer.require(Permission::AdministerUsers)?;
    let role: Role = body
        .role
        .parse()
        .map_err(|_| AppError::field("role", "error-role-invalid"))?;
    let updated = admin::change_role(&state.ctx, user, path.into_inner(), role).await?;
    Ok(HttpResponse::Ok().json(AccountView::from(&updated)))
}
