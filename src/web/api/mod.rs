//! The JSON API under `/api/v1` and its OpenAPI document.

pub mod accounts;
pub mod audit;
pub mod bills;
pub mod contributions;
pub mod me;
pub mod moderation;
pub mod password_resets;
pub mod session;
pub mod synthesis;
pub mod themes;
pub mod tokens;
pub mod users;

use actix_web::HttpResponse;
use serde::Serialize;
use utoipa::openapi::security::{ApiKey, ApiKeyValue, HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi, ToSchema};

/// An RFC 9457 problem document.
#[derive(Serialize, ToSchema)]
pub struct Problem {
    #[schema(example = "/problems/invalid")]
    pub r#type: String,
    pub title: String,
    pub status: u16,
    pub detail: String,
    /// Messages per invalid field.
    #[schema(value_type = Option<Object>)]
    pub errors: Option<serde_json::Value>,
}

struct SecuritySchemes;

impl Modify for SecuritySchemes {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .description(Some(
                        "A personal API token (POST /api/v1/tokens). A `read` token may only \
                         make GET and HEAD requests: any other answers 403. A `read-write` \
                         token may do whatever its owner may.",
                    ))
                    .build(),
            ),
        );
        components.add_security_scheme(
            "session",
            SecurityScheme::ApiKey(ApiKey::Cookie(ApiKeyValue::with_description(
                crate::web::session::COOKIE_NAME,
                "Browser session; writes also need the X-CSRF-Token header",
            ))),
        );
    }
}

#[derive(OpenApi)]
#[openapi(
    info(
        title = "codraft API",
        description = "Legislative co-drafting: bills, contributions, moderation, arbitration, open data. Errors are application/problem+json (RFC 9457).",
        license(name = "AGPL-3.0-or-later")
    ),
    paths(
        accounts::register,
        accounts::confirm,
        session::create,
        session::destroy,
        tokens::create,
        tokens::revoke,
        me::show,
        me::export,
        me::delete,
        me::change_password,
        password_resets::request,
        password_resets::confirm,
        users::list,
        users::change_role,
        users::verify_category,
        bills::list,
        bills::create,
        bills::import,
        bills::show,
        bills::update,
        bills::transition,
        bills::add_article,
        bills::article,
        bills::versions,
        bills::edit_article,
        bills::delete_article,
        contributions::list,
        contributions::create,
        contributions::show,
        contributions::edit,
        contributions::withdraw,
        contributions::vote_article,
        contributions::unvote_article,
        contributions::vote_contribution,
        contributions::unvote_contribution,
        contributions::follow,
        contributions::unfollow,
        contributions::set_frequency,
        audit::list,
        audit::head,
        contributions::report,
        moderation::queue,
        moderation::act,
        moderation::bulk,
        moderation::contest,
        moderation::ban,
        moderation::unban,
        moderation::trash,
        themes::create_theme,
        themes::theme,
        themes::change_members,
        themes::rename,
        themes::merge,
        themes::split,
        themes::delete,
        synthesis::set_themes,
        synthesis::set_note,
        synthesis::decide,
        synthesis::set_wording,
        synthesis::publish,
        synthesis::set_foreword,
        themes::suggestions,
    ),
    components(schemas(Problem)),
    modifiers(&SecuritySchemes),
    tags(
        (name = "accounts", description = "Accounts, sessions and tokens"),
        (name = "bills", description = "Bills, articles and their versions"),
        (name = "participation", description = "Contributions, votes and search"),
        (name = "moderation", description = "Moderation queue, acts, contests, bans and the public record"),
        (name = "synthesis", description = "Themes, synthesis notes, decisions, final text and publication"),
        (name = "audit", description = "The head of the tamper-evident audit log, for anyone to keep"),
        (name = "admin", description = "Administration")
    )
)]
pub struct ApiDoc;

pub async fn openapi() -> HttpResponse {
    HttpResponse::Ok()
        .content_type("application/json")
        .body(ApiDoc::openapi().to_pretty_json().unwrap_or_default())
}
