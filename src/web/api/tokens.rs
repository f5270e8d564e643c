use actix_web::{HttpRequest, HttpResponse, web};
use serde::Deserialize;
use utoipa::ToSchema;

use crate::error::AppError;
use crate::service::accounts;
use crate::web::AppState;
use crate::web::forms::ApiJson;
use crate::web::viewer::{Viewer, client_address};
use crate::web::views::account::NewTokenView;

#[derive(Deserialize, ToSchema)]
pub struct TokenRequest {
    email: String,
    password: String,
    label: String,
    /// What the token may do: `read` (GET and HEAD requests only; the
    /// default) or `read-write` (also votes, contributions, moderation and
    /// everything else its owner may do).
    #[schema(example = "read")]
    scope: Option<String>,
}

/// Creates a personal API token, for `Authorization: Bearer`. It is
/// read-only unless `scope` is `read-write`: a read-only token gets 403 on
/// any request but GET and HEAD.
#[utoipa::path(post, path = "/api/v1/tokens", tag = "accounts",
    request_body = TokenRequest,
    responses(
        (status = 201, body = NewTokenView),
        (status = 401, description = "Wrong email or password", body = crate::web::api::Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid label or scope", body = crate::web::api::Problem, content_type = "application/problem+json")
    ))]
pub async fn create(
    req: HttpRequest,
    state: web::Data<AppState>,
    ApiJson(body): ApiJson<TokenRequest>,
) -> Result<HttpResponse, AppError> {
    let address = client_address(&req, state.ctx.settings.trust_proxy);
    let user = accounts::login(
        &state.ctx,
        &state.login_limits,
        &body.email,
        &body.password,
        &address,
    )
    .await?;
    let made =
        accounts::create_api_token(&state.ctx, &user, &body.label, body.scope.as_deref()).await?;
    Ok(HttpResponse::Created().json(NewTokenView {
        id: made.id,
        token: made.token,
        label: made.label,
        scope: made.scope,
    }))
}

/// Revokes one of my tokens.
#[utoipa::path(delete, path = "/api/v1/tokens/{id}", tag = "accounts",
    params(("id" = i64, Path, description = "Token id")),
    responses(
        (status = 204, description = "Revoked"),
        (status = 404, description = "No such token of mine", body = crate::web::api::Problem, content_type = "application/problem+json")
    ),
    security(("bearer" = []), ("session" = [])))]
pub async fn revoke(
    state: web::Data<AppState>,
    viewer: Viewer,
    path: web::Path<i64>,
) -> Result<HttpResponse, AppError> {
    let user = viewer.require_user()?;
    accounts::revoke_api_token(&state.ctx, user, path.into_inner()).await?;
    Ok(HttpResponse::NoContent().finish())
}
