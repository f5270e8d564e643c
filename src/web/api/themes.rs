//! Suggested themes API: the bill's contributions grouped by what they say,
//! for the moderation team and the bill's sponsors.

use actix_web::{HttpResponse, web};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::domain::themes::Request;
use crate::domain::time;
use crate::error::AppError;
use crate::service::theme_workspace::{self as workspace, NewTheme};
use crate::service::themes::{self as service, Suggested};
use crate::store::synthesis::ThemeRow;
use crate::web::AppState;
use crate::web::api::Problem;
use crate::web::forms::ApiJson;
use crate::web::viewer::Viewer;
use crate::web::views::themes::MemberLine;

#[derive(Deserialize, IntoParams)]
pub struct SuggestionParams {
    /// `bill` (default) or `article:{id}`.
    scope: Option<String>,
    /// Comma-separated among proposal, amendment, argument (default: all).
    kinds: Option<String>,
    /// How many themes, 2 to 30; chosen from the contributions if absent.
    themes: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct SuggestedThemeView {
    /// Three to five words that set the theme apart.
    label: String,
    keywords: Vec<String>,
    /// Contribution ids, closest to the theme's centre first; a
    /// near-duplicate group appears once, under its root's id.
    members: Vec<i64>,
    /// The member closest to the centre.
    representative: i64,
    /// Contributions in the theme, near-duplicates included.
    size: usize,
}

#[derive(Serialize, ToSchema)]
pub struct GroupView {
    /// The id standing for the group in `members` or `unassigned`.
    id: i64,
    /// How many contributions share its text.
    size: usize,
}

#[derive(Serialize, ToSchema)]
pub struct ThemeSuggestionsView {
    scope: String,
    kinds: Vec<String>,
    computed_at: String,
    /// Contributions read (published, neither hidden nor trashed).
    contributions: usize,
    /// Largest first.
    themes: Vec<SuggestedThemeView>,
    /// Contributions too unlike any theme, or with too few words to place.
    unassigned: Vec<i64>,
    /// The near-duplicate groups among members and unassigned.
    near_duplicates: Vec<GroupView>,
}

impl From<&Suggested> for ThemeSuggestionsView {
    fn from(s: &Suggested) -> Self {
        let found = &s.suggestions;
        let groups = found
            .themes
            .iter()
            .flat_map(|t| &t.members)
            .chain(&found.unassigned)
            .filter(|m| m.size > 1)
            .map(|m| GroupView {
                id: m.id,
                size: m.size,
            });
        let mut near_duplicates: Vec<GroupView> = groups.collect();
        near_duplicates.sort_by_key(|g| g.id);
        ThemeSuggestionsView {
            scope: s.scope.to_string(),
            kinds: s.kinds.iter().map(|k| k.to_string()).collect(),
            computed_at: time::rfc3339(s.computed_at),
            contributions: s.contributions,
            themes: found
                .themes
                .iter()
                .map(|t| SuggestedThemeView {
                    label: t.label.clone(),
                    keywords: t.keywords.clone(),
                    members: t.members.iter().map(|m| m.id).collect(),
                    representative: t.representative,
                    size: t.size,
                })
                .collect(),
            unassigned: found.unassigned.iter().map(|m| m.id).collect(),
            near_duplicates,
        }
    }
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

#[derive(Serialize, ToSchema)]
pub struct ThemeView {
    id: i64,
    title: String,
    article_id: Option<i64>,
}

impl From<ThemeRow> for ThemeView {
    fn from(t: ThemeRow) -> Self {
        ThemeView {
            id: t.id,
            title: t.title,
            article_id: t.article_id,
        }
    }
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

#[derive(Serialize, ToSchema)]
pub struct ThemeDetailView {
    #[serde(flatten)]
    theme: ThemeView,
    /// Standing members, most supported first.
    members: Vec<MemberLine>,
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

#[derive(Serialize, ToSchema)]
pub struct MembersView {
    /// Every member after the change, by id.
    members: Vec<i64>,
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
