//! Suggested themes API: the bill's contributions grouped by what they say,
//! for the moderation team and the bill's sponsors.

use actix_web::{HttpResponse, web};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::domain::themes::Request;
use crate::domain::time;
use crate::error::AppError;
use crate::service::themes::{self as service, Suggested};
use crate::web::AppState;
use crate::web::api::Problem;
use crate::web::viewer::Viewer;

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
