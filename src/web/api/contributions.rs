//! Contributions and votes over JSON.

use actix_web::{HttpRequest, HttpResponse, web};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::domain::contribution::{ContributionInput, ContributionKind};
use crate::error::AppError;
use crate::service::participation::{self, ListRequest, NewRequest, VoteOn};
use crate::store::contributions::Listed;
use crate::web::AppState;
use crate::web::forms::ApiJson;
use crate::web::viewer::Viewer;
use crate::web::views::contributions::{ContributionView, VotesView};

fn view(l: &Listed) -> ContributionView {
    ContributionView::from(l)
}

#[derive(Serialize, ToSchema)]
pub struct ContributionList {
    items: Vec<ContributionView>,
    next_cursor: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct SearchHit {
    kind: String,
    id: i64,
    article_id: Option<i64>,
    label: String,
    /// An excerpt around the first match.
    excerpt: String,
    /// The matched words, as they appear in the excerpt.
    matches: Vec<String>,
}

#[derive(Serialize, ToSchema)]
pub struct SearchResults {
    items: Vec<SearchHit>,
    next_cursor: Option<String>,
}

#[derive(Deserialize, IntoParams)]
pub struct ListParams {
    article: Option<i64>,
    /// argument, amendment, proposal or source
    kind: Option<String>,
    /// for or against
    stance: Option<String>,
    /// supported (default), recent, controversial or random
    sort: Option<String>,
    /// Seed of the random order (keep it to page through one shuffle).
    seed: Option<i64>,
    /// Full-text search (French-aware); returns search hits instead.
    q: Option<String>,
    cursor: Option<String>,
    limit: Option<i64>,
}

fn parse<T: std::str::FromStr>(
    field: &'static str,
    raw: Option<&str>,
) -> Result<Option<T>, AppError> {
    match raw {
        None | Some("") => Ok(None),
        Some(v) => v
            .parse()
            .map(Some)
            .map_err(|_| AppError::field(field, "error-value-invalid")),
    }
}

/// A bill's contributions, filtered and sorted, keyset-paginated; or, with
/// `q`, search hits over its articles and contributions.
#[utoipa::path(get, path = "/api/v1/bills/{slug}/contributions", tag = "participation",
    params(("slug" = String, Path), ListParams),
    responses((status = 200, body = ContributionList), (status = 404, body = crate::web::api::Problem, content_type = "application/problem+json")))]
pub async fn list(
    state: web::Data<AppState>,
    viewer: Viewer,
    slug: web::Path<String>,
    params: web::Query<ListParams>,
) -> Result<HttpResponse, AppError> {
    if let Some(q) = params.q.as_deref().filter(|q| !q.trim().is_empty()) {
        let found =
            crate::service::search::in_bill(&state.ctx, viewer.user.as_ref(), &slug, q).await?;
        let items = found
            .into_iter()
            .map(|f| SearchHit {
                kind: f.kind,
                id: f.id,
                article_id: f.article_id,
                label: f.label,
                excerpt: f.excerpt.iter().map(|x| x.text.as_str()).collect(),
                matches: f
                    .excerpt
                    .iter()
                    .filter(|x| x.hit)
                    .map(|x| x.text.clone())
                    .collect(),
            })
            .collect();
        return Ok(HttpResponse::Ok().json(SearchResults {
            items,
            next_cursor: None,
        }));
    }
    let limit = params.limit.unwrap_or(50);
    if !(1..=100).contains(&limit) {
        return Err(AppError::field("limit", "error-limit-range"));
    }
    let request = ListRequest {
        article_id: params.article,
        parent_id: None,
        kind: parse("kind", params.kind.as_deref())?,
        stance: parse("stance", params.stance.as_deref())?,
        sort: parse("sort", params.sort.as_deref())?,
        seed: params.seed.unwrap_or(0),
        cursor: params.cursor.clone(),
        limit,
    };
    let page = participation::list(&state.ctx, viewer.user.as_ref(), &slug, request).await?;
    Ok(HttpResponse::Ok().json(ContributionList {
        items: page.items.iter().map(view).collect(),
        next_cursor: page.next_cursor,
    }))
}

/// What each kind takes: an argument `article_id` or `parent_id`,
/// `stance` and `body`; an amendment `article_id`, `body` (its rationale)
/// and `proposed_text` (or `deletes_article`); a proposal, a new article,
/// `title`, `proposed_text`, optionally `body` (its explanation) and
/// `after_article_id`; a source `article_id` or `parent_id`, `title`, `url`
/// and optionally `body` (its description). Lengths are in characters.
#[derive(Deserialize, ToSchema)]
pub struct NewContributionRequest {
    /// argument, amendment, proposal or source
    kind: String,
    /// The article an amendment rewrites, or that an argument or a source
    /// is about. Never for a proposal, which is a new article: place it with
    /// `after_article_id`.
    article_id: Option<i64>,
    /// The amendment or proposal an argument or a source answers (instead
    /// of `article_id`).
    parent_id: Option<i64>,
    /// for or against (arguments)
    stance: Option<String>,
    /// A proposal's or a source's title: 3 to 300 characters.
    #[schema(min_length = 3, max_length = 300)]
    title: Option<String>,
    /// An argument: 3 to 2,000 characters. An amendment's rationale:
    /// required, 3 to 30,000. A proposal's explanation: optional, up to
    /// 30,000. A source's description: optional, up to 20,000.
    #[serde(default)]
    #[schema(max_length = 30000)]
    body: String,
    /// The article as the amendment would word it (required unless
    /// `deletes_article`), or the proposed article's text: up to 20,000
    /// characters.
    #[schema(max_length = 20000)]
    proposed_text: Option<String>,
    /// An amendment that deletes its article (no `proposed_text`).
    #[serde(default)]
    deletes_article: bool,
    /// A source's address: http or https, up to 2,000 characters.
    #[schema(max_length = 2000)]
    url: Option<String>,
    /// Proposals only: the article the new one would follow (absent: at the
    /// end of the bill).
    after_article_id: Option<i64>,
}

/// Contributes to a bill while it is open (confirmed accounts). Send an
/// `Idempotency-Key` header: a retry with the same key returns the first
/// answer and creates nothing.
#[utoipa::path(post, path = "/api/v1/bills/{slug}/contributions", tag = "participation",
    params(("slug" = String, Path), ("Idempotency-Key" = Option<String>, Header)),
    request_body = NewContributionRequest,
    responses(
        (status = 201, body = ContributionView),
        (status = 403, description = "Email not confirmed", body = crate::web::api::Problem, content_type = "application/problem+json"),
        (status = 409, description = "Consultation not open", body = crate::web::api::Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields: each named in `errors` with a message that states its rule (a missing or too long text: the limit and the length sent; a proposal sent with `article_id`: use `after_article_id`)", body = crate::web::api::Problem, content_type = "application/problem+json")
    ),
    security(("bearer" = []), ("session" = [])))]
pub async fn create(
    req: HttpRequest,
    state: web::Data<AppState>,
    viewer: Viewer,
    slug: web::Path<String>,
    ApiJson(body): ApiJson<NewContributionRequest>,
) -> Result<HttpResponse, AppError> {
    let user = viewer.require_user()?;
    let kind: ContributionKind = body
        .kind
        .parse()
        .map_err(|_| AppError::field("kind", "error-kind-invalid"))?;
    let key = req
        .headers()
        .get("Idempotency-Key")
        .map(|v| {
            v.to_str()
                .map(str::to_string)
                .map_err(|_| AppError::BadRequest("Idempotency-Key must be text".into()))
        })
        .transpose()?;
    let (row, _) = participation::contribute(
        &state.ctx,
        user,
        &slug,
        NewRequest {
            kind,
            article_id: body.article_id,
            parent_id: body.parent_id,
            after_article_id: body.after_article_id,
            input: ContributionInput {
                stance: body.stance,
                title: body.title,
                body: body.body,
                proposed_text: body.proposed_text,
                deletes_article: body.deletes_article,
                url: body.url,
            },
            idempotency_key: key,
        },
    )
    .await?;
    let detail = participation::detail(&state.ctx, Some(user), row.id).await?;
    Ok(HttpResponse::Created().json(view(&detail.item)))
}

/// One contribution.
#[utoipa::path(get, path = "/api/v1/contributions/{id}", tag = "participation", params(("id" = i64, Path)),
    responses((status = 200, body = ContributionView), (status = 404, body = crate::web::api::Problem, content_type = "application/problem+json")))]
pub async fn show(
    state: web::Data<AppState>,
    viewer: Viewer,
    id: web::Path<i64>,
) -> Result<HttpResponse, AppError> {
    let detail = participation::detail(&state.ctx, viewer.user.as_ref(), *id).await?;
    Ok(HttpResponse::Ok().json(view(&detail.item)))
}

/// The same fields and limits as when the contribution was created.
#[derive(Deserialize, ToSchema)]
pub struct EditRequest {
    #[schema(min_length = 3, max_length = 300)]
    title: Option<String>,
    #[schema(max_length = 30000)]
    body: String,
    #[schema(max_length = 20000)]
    proposed_text: Option<String>,
    #[schema(max_length = 2000)]
    url: Option<String>,
}

/// The author edits their contribution while the consultation is open.
#[utoipa::path(patch, path = "/api/v1/contributions/{id}", tag = "participation", params(("id" = i64, Path)),
    request_body = EditRequest,
    responses((status = 200, body = ContributionView), (status = 403, body = crate::web::api::Problem, content_type = "application/problem+json"), (status = 409, body = crate::web::api::Problem, content_type = "application/problem+json")),
    security(("bearer" = []), ("session" = [])))]
pub async fn edit(
    state: web::Data<AppState>,
    viewer: Viewer,
    id: web::Path<i64>,
    ApiJson(body): ApiJson<EditRequest>,
) -> Result<HttpResponse, AppError> {
    let user = viewer.require_user()?;
    participation::edit(
        &state.ctx,
        user,
        *id,
        ContributionInput {
            stance: None,
            title: body.title,
            body: body.body,
            proposed_text: body.proposed_text,
            deletes_article: false,
            url: body.url,
        },
    )
    .await?;
    let detail = participation::detail(&state.ctx, Some(user), *id).await?;
    Ok(HttpResponse::Ok().json(view(&detail.item)))
}

/// The author withdraws their contribution (a placeholder stays).
#[utoipa::path(delete, path = "/api/v1/contributions/{id}", tag = "participation", params(("id" = i64, Path)),
    responses((status = 204, description = "Withdrawn")),
    security(("bearer" = []), ("session" = [])))]
pub async fn withdraw(
    state: web::Data<AppState>,
    viewer: Viewer,
    id: web::Path<i64>,
) -> Result<HttpResponse, AppError> {
    let user = viewer.require_user()?;
    participation::withdraw(&state.ctx, user, *id).await?;
    Ok(HttpResponse::NoContent().finish())
}

#[derive(Deserialize, ToSchema)]
pub struct VoteRequest {
    /// agree, mixed or disagree (articles, amendments, proposals); support (arguments, sources)
    value: String,
}

async fn cast(
    state: &AppState,
    viewer: &Viewer,
    on: VoteOn,
    value: Option<&str>,
) -> Result<HttpResponse, AppError> {
    let user = viewer.require_user()?;
    let value = match value {
        Some(v) => Some(
            v.parse()
                .map_err(|_| AppError::field("value", "error-vote-value"))?,
        ),
        None => None,
    };
    let tally = participation::vote(&state.ctx, user, on, value).await?;
    Ok(HttpResponse::Ok().json(VotesView::from(tally)))
}

/// My vote on an article; returns the new tallies.
#[utoipa::path(put, path = "/api/v1/articles/{id}/vote", tag = "participation", params(("id" = i64, Path)),
    request_body = VoteRequest, responses((status = 200, body = VotesView), (status = 409, body = crate::web::api::Problem, content_type = "application/problem+json")),
    security(("bearer" = []), ("session" = [])))]
pub async fn vote_article(
    state: web::Data<AppState>,
    viewer: Viewer,
    id: web::Path<i64>,
    ApiJson(body): ApiJson<VoteRequest>,
) -> Result<HttpResponse, AppError> {
    cast(&state, &viewer, VoteOn::Article(*id), Some(&body.value)).await
}

/// Removes my vote on an article.
#[utoipa::path(delete, path = "/api/v1/articles/{id}/vote", tag = "participation", params(("id" = i64, Path)),
    responses((status = 200, body = VotesView)), security(("bearer" = []), ("session" = [])))]
pub async fn unvote_article(
    state: web::Data<AppState>,
    viewer: Viewer,
    id: web::Path<i64>,
) -> Result<HttpResponse, AppError> {
    cast(&state, &viewer, VoteOn::Article(*id), None).await
}

/// My vote on a contribution; returns the new tallies.
#[utoipa::path(put, path = "/api/v1/contributions/{id}/vote", tag = "participation", params(("id" = i64, Path)),
    request_body = VoteRequest, responses((status = 200, body = VotesView), (status = 409, body = crate::web::api::Problem, content_type = "application/problem+json")),
    security(("bearer" = []), ("session" = [])))]
pub async fn vote_contribution(
    state: web::Data<AppState>,
    viewer: Viewer,
    id: web::Path<i64>,
    ApiJson(body): ApiJson<VoteRequest>,
) -> Result<HttpResponse, AppError> {
    cast(
        &state,
        &viewer,
        VoteOn::Contribution(*id),
        Some(&body.value),
    )
    .await
}

/// Removes my vote on a contribution.
#[utoipa::path(delete, path = "/api/v1/contributions/{id}/vote", tag = "participation", params(("id" = i64, Path)),
    responses((status = 200, body = VotesView)), security(("bearer" = []), ("session" = [])))]
pub async fn unvote_contribution(
    state: web::Data<AppState>,
    viewer: Viewer,
    id: web::Path<i64>,
) -> Result<HttpResponse, AppError> {
    cast(&state, &viewer, VoteOn::Contribution(*id), None).await
}

/// Follows a consultation: reminders before it closes.
#[utoipa::path(post, path = "/api/v1/bills/{slug}/follow", tag = "participation", params(("slug" = String, Path)),
    responses((status = 204, description = "Following")), security(("bearer" = []), ("session" = [])))]
pub async fn follow(
    state: web::Data<AppState>,
    viewer: Viewer,
    slug: web::Path<String>,
    // Read (and ignore) any body, so the connection can be kept alive.
    _body: web::Bytes,
) -> Result<HttpResponse, AppError> {
    let user = viewer.require_user()?;
    crate::service::notifications::set_following(&state.ctx, user, &slug, true).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Stops following a consultation.
#[utoipa::path(delete, path = "/api/v1/bills/{slug}/follow", tag = "participation", params(("slug" = String, Path)),
    responses((status = 204, description = "Not following")), security(("bearer" = []), ("session" = [])))]
pub async fn unfollow(
    state: web::Data<AppState>,
    viewer: Viewer,
    slug: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let user = viewer.require_user()?;
    crate::service::notifications::set_following(&state.ctx, user, &slug, false).await?;
    Ok(HttpResponse::NoContent().finish())
}

#[derive(Deserialize, ToSchema)]
pub struct FrequencyRequest {
    /// immediate, daily or never
    frequency: String,
}

/// How often I am emailed about what I follow and what I wrote.
#[utoipa::path(put, path = "/api/v1/me/notifications", tag = "participation", request_body = FrequencyRequest,
    responses((status = 204, description = "Saved"), (status = 422, body = crate::web::api::Problem, content_type = "application/problem+json")),
    security(("bearer" = []), ("session" = [])))]
pub async fn set_frequency(
    state: web::Data<AppState>,
    viewer: Viewer,
    ApiJson(body): ApiJson<FrequencyRequest>,
) -> Result<HttpResponse, AppError> {
    let user = viewer.require_user()?;
    let frequency = body
        .frequency
        .parse()
        .map_err(|_| AppError::field("frequency", "error-frequency-invalid"))?;
    crate::service::notifications::set_frequency(&state.ctx, user.id, frequency).await?;
    Ok(HttpResponse::NoContent().finish())
}

#[derive(Deserialize, ToSchema)]
pub struct ReportRequest {
    /// spam, offensive, off_topic, personal_data, illegal or other
    reason: String,
    details: Option<String>,
}

/// Reports a contribution to the moderators (once per person).
#[utoipa::path(post, path = "/api/v1/contributions/{id}/reports", tag = "participation", params(("id" = i64, Path)),
    request_body = ReportRequest,
    responses(
        (status = 201, description = "Received"),
        (status = 409, description = "Already reported by me, or withdrawn", body = crate::web::api::Problem, content_type = "application/problem+json"),
        (status = 422, body = crate::web::api::Problem, content_type = "application/problem+json")
    ),
    security(("bearer" = []), ("session" = [])))]
pub async fn report(
    state: web::Data<AppState>,
    viewer: Viewer,
    id: web::Path<i64>,
    ApiJson(body): ApiJson<ReportRequest>,
) -> Result<HttpResponse, AppError> {
    let user = viewer.require_user()?;
    crate::service::reports::report(&state.ctx, user, *id, &body.reason, body.details.as_deref())
        .await?;
    Ok(HttpResponse::Created().json(serde_json::json!({"status": "received"})))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::contribution::{
        ARGUMENT_MAX, EXPLANATION_MAX, PROPOSED_TEXT_MAX, SOURCE_DESCRIPTION_MAX, TITLE_MAX,
        TITLE_MIN, URL_MAX,
    };

    /// The API document states the limits the domain applies.
    #[test]
    fn documented_limits_are_the_rules() {
        for schema in [
            serde_json::to_value(<NewContributionRequest as utoipa::PartialSchema>::schema()),
            serde_json::to_value(<EditRequest as utoipa::PartialSchema>::schema()),
        ] {
            let properties = schema.unwrap()["properties"].clone();
            let limit =
                |field: &str, key: &str| properties[field][key].as_u64().map(|n| n as usize);
            assert_eq!(limit("title", "maxLength"), Some(TITLE_MAX));
            assert_eq!(limit("title", "minLength"), Some(TITLE_MIN));
            assert_eq!(
                limit("body", "maxLength"),
                Some(
                    EXPLANATION_MAX
                        .max(ARGUMENT_MAX)
                        .max(SOURCE_DESCRIPTION_MAX)
                )
            );
            assert_eq!(limit("proposed_text", "maxLength"), Some(PROPOSED_TEXT_MAX));
            assert_eq!(limit("url", "maxLength"), Some(URL_MAX));
        }
        let schema =
            serde_json::to_value(<NewContributionRequest as utoipa::PartialSchema>::schema())
                .unwrap();
        let body = schema["properties"]["body"]["description"]
            .as_str()
            .unwrap();
        for figure in ["2,000", "30,000", "20,000"] {
            assert!(body.contains(figure), "{body}");
        }
    }
}
