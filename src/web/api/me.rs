use actix_web::{HttpResponse, web};
use serde::Deserialize;
use utoipa::ToSchema;

use crate::error::AppError;
use crate::service::accounts;
use crate::web::AppState;
use crate::web::forms::ApiJson;
use crate::web::viewer::Viewer;
use crate::web::views::account::{AccountView, MeView};

/// My account.
#[utoipa::path(get, path = "/api/v1/me", tag = "accounts",
    responses(
        (status = 200, body = MeView),
        (status = 401, description = "Not signed in", body = crate::web::api::Problem, content_type = "application/problem+json")
    ),
    security(("bearer" = []), ("session" = [])))]
pub async fn show(viewer: Viewer) -> Result<HttpResponse, AppError> {
    let user = viewer.require_user()?;
    Ok(HttpResponse::Ok()
        .insert_header(("Cache-Control", "no-store"))
        .json(MeView {
            account: AccountView::from(user),
            csrf_token: (!viewer.via_token).then(|| viewer.session.csrf_token()),
            token_scope: viewer.token_scope,
        }))
}

/// Everything the platform holds about me.
#[utoipa::path(get, path = "/api/v1/me/export", tag = "accounts",
    responses((status = 200, description = "My data", content_type = "application/json")),
    security(("bearer" = []), ("session" = [])))]
pub async fn export(state: web::Data<AppState>, viewer: Viewer) -> Result<HttpResponse, AppError> {
    let user = viewer.require_user()?;
    let data = crate::service::account_export::export_data(&state.ctx, user).await?;
    Ok(HttpResponse::Ok()
        .insert_header(("Cache-Control", "no-store"))
        .json(data))
}

#[derive(Deserialize, ToSchema)]
pub struct AccountDeletion {
    /// My current password: a session or a token alone cannot delete the
    /// account.
    #[serde(default)]
    password: String,
}

/// Deletes my account: my personal data goes, what I wrote stays as by
/// "deleted participant", every session and token ends. Needs my current
/// password in the body, whether the call comes with a cookie or a token.
#[utoipa::path(delete, path = "/api/v1/me", tag = "accounts",
    request_body = AccountDeletion,
    responses(
        (status = 204, description = "Deleted"),
        (status = 403, description = "A read-only token, or a cookie call without its CSRF header", body = crate::web::api::Problem, content_type = "application/problem+json"),
        (status = 422, description = "Password missing or wrong: nothing deleted", body = crate::web::api::Problem, content_type = "application/problem+json")
    ),
    security(("bearer" = []), ("session" = [])))]
pub async fn delete(
    state: web::Data<AppState>,
    viewer: Viewer,
    body: Option<ApiJson<AccountDeletion>>,
) -> Result<HttpResponse, AppError> {
    let user = viewer.require_user()?;
    // No body (or not JSON) reads as no password: refused the same way.
    let password = body.map(|ApiJson(b)| b.password).unwrap_or_default();
    accounts::delete_account(&state.ctx, user, &password).await?;
    viewer.session.logout();
    Ok(HttpResponse::NoContent().finish())
}

#[derive(Deserialize, ToSchema)]
pub struct PasswordChange {
    current_password: String,
    password: String,
}

/// Changes my password; my other sessions end.
#[utoipa::path(put, path = "/api/v1/me/password", tag = "accounts",
    request_body = PasswordChange,
    responses(
        (status = 204, description = "Changed"),
        (status = 422, description = "Wrong current password or weak new one", body = crate::web::api::Problem, content_type = "application/problem+json")
    ),
    security(("bearer" = []), ("session" = [])))]
pub async fn change_password(
    state: web::Data<AppState>,
    viewer: Viewer,
    ApiJson(body): ApiJson<PasswordChange>,
) -> Result<HttpResponse, AppError> {
    let user = viewer.require_user()?;
    let updated =
        accounts::change_password(&state.ctx, user, &body.current_password, &body.password).await?;
    if !viewer.via_token {
        viewer.session.login(&updated);
    }
    Ok(HttpResponse::NoContent().finish())
}
