//! Suggested themes API: the bill's contributions grouped by what they say,
//! for the moderation team and the bill's sponsors.

use actix_web::{HttpResponse, web};
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};

use crate::domain::themes::Request;
use crate::error::AppError;
use crate::service::theme_workspace::{self as workspace, NewTheme};
use crate::service::themes as service;
use crate::web::AppState;
use crate::web::api::Problem;
use crate::web::forms::ApiJson;
use crate::web::viewer::Viewer;
use crate::web::views::themes::{
    MemberLine, MembersView, ThemeDetailView, ThemeSuggestionsView, ThemeView,
};

#[derive(Deserialize, IntoParams)]
pub struct SuggestionParams {
    /// `bill` (default) or `article:{id}`.
    scope: Option<String>,
    /// Comma-separated among proposal, amendment, argument (default: all).
    kinds: Option<String>,
    /// How many themes, 2 to 30; chosen from the contributions if absent.
    themes: Option<String>,
}

/// Themes suggested by grouping the bill's contributions by what they say
/// (moderators, admins and the bill's sponsors). Computed on demand, then
/// kept until the contributions change; nothing is written.
#[utoipa::path(get, path = "/api/v1/bills/{slug}/theme-suggestions", tag = "synthesis",
    params(("slug" = String, Path), SuggestionParams),
    responses((status = 200, body = ThemeSuggestionsView),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Bad scope, kinds or number of themes", body = Problem, content_type = "application/problem+json")),
    security(("bearer" = []), ("session" = [])))]
pub async fn suggestions(
    state: web::Data<AppState>,
    viewer: Viewer,
    slug: web::Path<String>,
    params: web::Query<SuggestionParams>,
) -> Result<HttpResponse, AppError> {
    let user = viewer.require_user()?;
    let p = params.into_inner();
    let request = Request::parse(p.scope.as_deref(), p.kinds.as_deref(), p.themes.as_deref())?;
    let suggested = service::suggest(&state.ctx, user, &slug, request).await?;
    Ok(HttpResponse::Ok().json(ThemeSuggestionsView::from(&*suggested)))
}

// The synthesis workspace's acts.

#[derive(Deserialize, ToSchema)]
pub struct ThemeRequest {
    title: String,
    /// Omit for a theme of the whole bill.
    article_id: Option<i64>,
    /// Its first members (e.g. an accepted suggestion's); the
    /// near-duplicate copies of a group's root join with it.
    #[serde(default)]
    contribution_ids: Vec<i64>,
}

/// Creates a theme, with its members if given (moderators and admins).
#[utoipa::path(post, path = "/api/v1/bills/{slug}/themes", tag = "synthesis", params(("slug" = String, Path)),
    request_body = ThemeRequest,
    responses((status = 201, body = ThemeView), (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Published: the synthesis is frozen", body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json")),
    security(("bearer" = []), ("session" = [])))]
pub async fn create_theme(
    state: web::Data<AppState>,
    viewer: Viewer,
    slug: web::Path<String>,
    ApiJson(body): ApiJson<ThemeRequest>,
) -> Result<HttpResponse, AppError> {
    let user = viewer.require_user()?;
    let new = NewTheme {
        title: body.title,
        article_id: body.article_id,
        contribution_ids: body.contribution_ids,
    };
    let t = workspace::create(&state.ctx, user, &slug, new).await?;
    Ok(HttpResponse::Created().json(ThemeView::from(t)))
}

/// A theme with its members, most supported first (moderators and admins).
#[utoipa::path(get, path = "/api/v1/themes/{id}", tag = "synthesis", params(("id" = i64, Path)),
    responses((status = 200, body = ThemeDetailView), (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json")),
    security(("bearer" = []), ("session" = [])))]
pub async fn theme(
    state: web::Data<AppState>,
    viewer: Viewer,
    id: web::Path<i64>,
) -> Result<HttpResponse, AppError> {
    let user = viewer.require_user()?;
    let page = workspace::theme_page(&state.ctx, user, *id).await?;
    let members = page.members.iter().map(MemberLine::from).collect();
    Ok(HttpResponse::Ok().json(ThemeDetailView {
        theme: ThemeView::from(page.theme),
        members,
    }))
}

#[derive(Deserialize, ToSchema)]
pub struct MembersRequest {
    #[serde(default)]
    add: Vec<i64>,
    #[serde(default)]
    remove: Vec<i64>,
}

/// Adds and removes members in one act (moderators and admins).
#[utoipa::path(put, path = "/api/v1/themes/{id}/members", tag = "synthesis", params(("id" = i64, Path)),
    request_body = MembersRequest,
    responses((status = 200, body = MembersView), (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 409, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json")),
    security(("bearer" = []), ("session" = [])))]
pub async fn change_members(
    state: web::Data<AppState>,
    viewer: Viewer,
    id: web::Path<i64>,
    ApiJson(body): ApiJson<MembersRequest>,
) -> Result<HttpResponse, AppError> {
    let user = viewer.require_user()?;
    let members = workspace::change_members(&state.ctx, user, *id, body.add, body.remove).await?;
    Ok(HttpResponse::Ok().json(MembersView { members }))
}

#[derive(Deserialize, ToSchema)]
pub struct RenameRequest {
    title: String,
}

/// Renames a theme (moderators and admins).
#[utoipa::path(patch, path = "/api/v1/themes/{id}", tag = "synthesis", params(("id" = i64, Path)),
    request_body = RenameRequest,
    responses((status = 200, body = ThemeView), (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json")),
    security(("bearer" = []), ("session" = [])))]
pub async fn rename(
    state: web::Data<AppState>,
    viewer: Viewer,
    id: web::Path<i64>,
    ApiJson(body): ApiJson<RenameRequest>,
) -> Result<HttpResponse, AppError> {
    let user = viewer.require_user()?;
    let t = workspace::rename(&state.ctx, user, *id, &body.title).await?;
    Ok(HttpResponse::Ok().json(ThemeView::from(t)))
}

#[derive(Deserialize, ToSchema)]
pub struct MergeRequest {
    /// The theme that remains, with both themes' members.
    into: i64,
}

/// Merges a theme into another of the bill (moderators and admins).
#[utoipa::path(post, path = "/api/v1/themes/{id}/merge", tag = "synthesis", params(("id" = i64, Path)),
    request_body = MergeRequest,
    responses((status = 200, description = "The theme that remains", body = ThemeView), (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json")),
    security(("bearer" = []), ("session" = [])))]
pub async fn merge(
    state: web::Data<AppState>,
    viewer: Viewer,
    id: web::Path<i64>,
    ApiJson(body): ApiJson<MergeRequest>,
) -> Result<HttpResponse, AppError> {
    let user = viewer.require_user()?;
    let t = workspace::merge(&state.ctx, user, *id, body.into).await?;
    Ok(HttpResponse::Ok().json(ThemeView::from(t)))
}

#[derive(Deserialize, ToSchema)]
pub struct SplitRequest {
    /// The new theme's title.
    title: String,
    /// Members of this theme that leave it for the new one.
    contribution_ids: Vec<i64>,
}

/// Splits members off into a new theme (moderators and admins).
#[utoipa::path(post, path = "/api/v1/themes/{id}/split", tag = "synthesis", params(("id" = i64, Path)),
    request_body = SplitRequest,
    responses((status = 201, description = "The new theme", body = ThemeView), (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json")),
    security(("bearer" = []), ("session" = [])))]
pub async fn split(
    state: web::Data<AppState>,
    viewer: Viewer,
    id: web::Path<i64>,
    ApiJson(body): ApiJson<SplitRequest>,
) -> Result<HttpResponse, AppError> {
    let user = viewer.require_user()?;
    let t = workspace::split(&state.ctx, user, *id, &body.title, body.contribution_ids).await?;
    Ok(HttpResponse::Created().json(ThemeView::from(t)))
}

/// Deletes a theme; its contributions stay (moderators and admins).
#[utoipa::path(delete, path = "/api/v1/themes/{id}", tag = "synthesis", params(("id" = i64, Path)),
    responses((status = 204), (status = 403, body = Problem, content_type = "application/problem+json")),
    security(("bearer" = []), ("session" = [])))]
pub async fn delete(
    state: web::Data<AppState>,
    viewer: Viewer,
    id: web::Path<i64>,
) -> Result<HttpResponse, AppError> {
    let user = viewer.require_user()?;
    workspace::delete(&state.ctx, user, *id).await?;
    Ok(HttpResponse::NoContent().finish())
}
