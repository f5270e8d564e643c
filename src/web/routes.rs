//! The one routing table.

use actix_web::middleware::from_fn;
use actix_web::web;

use super::{api, pages};

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.route("/", web::get().to(pages::home::show))
        .route("/healthz", web::get().to(pages::health::alive))
        .route("/readyz", web::get().to(pages::health::ready))
        .route("/metrics", web::get().to(super::metrics::render))
        .route("/assets/{path:.*}", web::get().to(pages::assets::serve))
        .route("/language", web::get().to(pages::language::switch))
        // Accounts
        .route("/register", web::get().to(pages::registration::form))
        .route("/register", web::post().to(pages::registration::submit))
        .route(
            "/account/confirm",
            web::get().to(pages::registration::confirm),
        )
        .route(
            "/account/confirmation",
            web::post().to(pages::registration::resend),
        )
        .route("/login", web::get().to(pages::sessions::form))
        .route("/login", web::post().to(pages::sessions::submit))
        .route("/logout", web::post().to(pages::sessions::logout))
        .route(
            "/account/sessions/end",
            web::post().to(pages::sessions::logout_everywhere),
        )
        .route(
            "/password-reset",
            web::get().to(pages::password_resets::request_form),
        )
        .route(
            "/password-reset",
            web::post().to(pages::password_resets::request_submit),
        )
        .route(
            "/password-reset/confirm",
            web::get().to(pages::password_resets::reset_form),
        )
        .route(
            "/password-reset/confirm",
            web::post().to(pages::password_resets::reset_submit),
        )
        .route("/account", web::get().to(pages::account::show))
        .route("/account/tokens", web::get().to(pages::account::tokens))
        .route(
            "/account/contributions",
            web::get().to(pages::my_activity::contributions),
        )
        .route(
            "/account/follows",
            web::get().to(pages::my_activity::follows),
        )
        .route(
            "/account/password",
            web::post().to(pages::account::change_password),
        )
        .route(
            "/account/tokens",
            web::post().to(pages::account::create_token),
        )
        .route(
            "/account/tokens/{id}/revoke",
            web::post().to(pages::account::revoke_token),
        )
        .route("/account/export", web::get().to(pages::account::export))
        .route(
            "/account/name",
            web::post().to(pages::account::set_name_public),
        )
        .route("/account/delete", web::post().to(pages::account::delete))
        .route(
            "/account/locale",
            web::post().to(pages::account::set_locale),
        )
        // Bills and articles
        .route("/bills/new", web::get().to(pages::bills::new_form))
        .route("/bills", web::post().to(pages::bills::create))
        .route("/bills/import", web::get().to(pages::bills::import_form))
        .route(
            "/bills/import",
            web::post().to(pages::bills::import_preview),
        )
        .route(
            "/bills/import/confirm",
            web::post().to(pages::bills::import_confirm),
        )
        .service(
            web::resource("/bills/{slug}")
                .wrap(from_fn(super::page_cache::middleware))
                .route(web::get().to(pages::bills::show)),
        )
        .route(
            "/bills/{slug}/proposals",
            web::get().to(pages::bills::proposals),
        )
        .route("/bills/{slug}/edit", web::get().to(pages::bills::edit_form))
        .route("/bills/{slug}/edit", web::post().to(pages::bills::update))
        .route(
            "/bills/{slug}/transitions",
            web::post().to(pages::bills::transition),
        )
        .route(
            "/bills/{slug}/sponsors",
            web::post().to(pages::bills::add_cosponsor),
        )
        .route(
            "/bills/{slug}/articles",
            web::post().to(pages::bills::add_article),
        )
        .service(
            web::resource("/bills/{slug}/articles/{id}")
                .wrap(from_fn(super::page_cache::middleware))
                .route(web::get().to(pages::articles::show)),
        )
        .route(
            "/bills/{slug}/articles/{id}/history",
            web::get().to(pages::articles::history),
        )
        .route(
            "/bills/{slug}/articles/{id}/edit",
            web::get().to(pages::articles::edit_form),
        )
        .route(
            "/bills/{slug}/articles/{id}/edit",
            web::post().to(pages::articles::update),
        )
        .route(
            "/bills/{slug}/articles/{id}/delete",
            web::post().to(pages::articles::delete),
        )
        // Participation
        .route(
            "/contributions/{id}/report",
            web::post().to(pages::contributions::report),
        )
        .route(
            "/bills/{slug}/follow",
            web::post().to(pages::notifications::follow),
        )
        .route(
            "/account/notifications",
            web::post().to(pages::notifications::set_frequency),
        )
        .route(
            "/notifications/unsubscribe",
            web::get().to(pages::notifications::unsubscribe_form),
        )
        .route(
            "/notifications/unsubscribe",
            web::post().to(pages::notifications::unsubscribe),
        )
        .route(
            "/bills/{slug}/articles/{id}/vote",
            web::post().to(pages::contributions::vote_article),
        )
        .route(
            "/bills/{slug}/contributions",
            web::post().to(pages::contributions::create),
        )
        .route(
            "/bills/{slug}/search",
            web::get().to(pages::contributions::search),
        )
        .route("/search", web::get().to(pages::contributions::site_search))
        .route("/pages/{slug}", web::get().to(pages::site_pages::show))
        .route("/admin/pages", web::get().to(pages::site_pages::admin_list))
        .route(
            "/admin/pages/{slug}/{locale}",
            web::get().to(pages::site_pages::admin_edit),
        )
        .route(
            "/admin/pages/{slug}/{locale}",
            web::post().to(pages::site_pages::admin_save),
        )
        .route("/favicon.svg", web::get().to(pages::well_known::favicon))
        .route("/favicon.ico", web::get().to(pages::well_known::favicon))
        .route("/robots.txt", web::get().to(pages::well_known::robots))
        .route(
            "/contributions/{id}",
            web::get().to(pages::contributions::show),
        )
        .route(
            "/contributions/{id}/edit",
            web::get().to(pages::contributions::edit_form),
        )
        .route(
            "/contributions/{id}/edit",
            web::post().to(pages::contributions::edit),
        )
        .route(
            "/contributions/{id}/withdraw",
            web::post().to(pages::contributions::withdraw),
        )
        .route(
            "/contributions/{id}/vote",
            web::post().to(pages::contributions::vote_contribution),
        )
        // Moderation
        .route("/moderation", web::get().to(pages::moderation::queue))
        .route("/moderation/bulk", web::post().to(pages::moderation::bulk))
        .route("/audit", web::get().to(pages::moderation::audit))
        .route(
            "/contributions/{id}/moderation",
            web::post().to(pages::moderation::act),
        )
        .route(
            "/contributions/{id}/contest",
            web::post().to(pages::moderation::contest),
        )
        .route("/users/{id}/ban", web::post().to(pages::moderation::ban))
        .route(
            "/bills/{slug}/trash",
            web::get().to(pages::moderation::trash),
        )
        // Synthesis and arbitration
        .route(
            "/bills/{slug}/arbitration",
            web::get().to(pages::synthesis::arbitration),
        )
        .route(
            "/contributions/{id}/decision",
            web::post().to(pages::synthesis::decide),
        )
        .route(
            "/bills/{slug}/articles/{id}/final-wording",
            web::post().to(pages::synthesis::wording),
        )
        .route(
            "/bills/{slug}/publication",
            web::get().to(pages::synthesis::publish_form),
        )
        .route(
            "/bills/{slug}/publication",
            web::post().to(pages::synthesis::publish),
        )
        .route(
            "/bills/{slug}/themes",
            web::get().to(pages::themes::workspace),
        )
        .route(
            "/bills/{slug}/themes",
            web::post().to(pages::themes::create),
        )
        .route(
            "/bills/{slug}/themes/assign",
            web::post().to(pages::themes::assign),
        )
        .route(
            "/bills/{slug}/themes/{id}",
            web::get().to(pages::themes::show),
        )
        .route(
            "/bills/{slug}/themes/{id}",
            web::post().to(pages::themes::act),
        )
        .route(
            "/bills/{slug}/articles/{id}/synthesis",
            web::get().to(pages::themes::article),
        )
        .route(
            "/bills/{slug}/articles/{id}/synthesis",
            web::post().to(pages::synthesis::note),
        )
        .route(
            "/contributions/{id}/themes",
            web::post().to(pages::synthesis::contribution_themes),
        )
        // Public exports
        .route(
            "/bills/{slug}/synthesis",
            web::get().to(pages::exports::synthesis),
        )
        .route(
            "/bills/{slug}/synthesis/foreword",
            web::post().to(pages::exports::foreword),
        )
        .route(
            "/bills/{slug}/synthesis.{format}",
            web::get().to(pages::exports::synthesis_as),
        )
        .route(
            "/bills/{slug}/comparative-table",
            web::get().to(pages::exports::comparative),
        )
        .route(
            "/bills/{slug}/comparative-table.csv",
            web::get().to(pages::exports::comparative_csv),
        )
        .route("/open-data", web::get().to(pages::exports::index))
        .route(
            "/bills/{slug}/open-data",
            web::get().to(pages::open_data::bill_page),
        )
        .route(
            "/bills/{slug}/open-data/manifest.json",
            web::get().to(pages::exports::manifest),
        )
        .route(
            "/bills/{slug}/open-data/datapackage.json",
            web::get().to(pages::open_data::datapackage),
        )
        .route(
            "/bills/{slug}/open-data/{table}.xlsx",
            web::get().to(pages::open_data::spreadsheet),
        )
        .route(
            "/bills/{slug}/open-data/{file}",
            web::get().to(pages::exports::file),
        )
        // Administration
        .route("/admin", web::get().to(pages::admin::users))
        .route(
            "/admin/users/{id}/role",
            web::post().to(pages::admin::change_role),
        )
        .route(
            "/admin/users/{id}/category-verification",
            web::post().to(pages::admin::verify_category),
        )
        // JSON API
        .route("/api/openapi.json", web::get().to(api::openapi))
        .service(
            web::scope("/api/v1")
                .route("/accounts", web::post().to(api::accounts::register))
                .route("/accounts/confirm", web::post().to(api::accounts::confirm))
                .route("/session", web::post().to(api::session::create))
                .route("/session", web::delete().to(api::session::destroy))
                .route("/tokens", web::post().to(api::tokens::create))
                .route("/tokens/{id}", web::delete().to(api::tokens::revoke))
                .route("/me", web::get().to(api::me::show))
                .route("/me", web::delete().to(api::me::delete))
                .route("/me/export", web::get().to(api::me::export))
                .route("/me/password", web::put().to(api::me::change_password))
                .route(
                    "/password-resets",
                    web::post().to(api::password_resets::request),
                )
                .route(
                    "/password-resets/confirm",
                    web::post().to(api::password_resets::confirm),
                )
                .route("/bills", web::get().to(api::bills::list))
                .route("/bills", web::post().to(api::bills::create))
                .route("/bills/import", web::post().to(api::bills::import))
                .route("/bills/{slug}", web::get().to(api::bills::show))
                .route("/bills/{slug}", web::patch().to(api::bills::update))
                .route(
                    "/bills/{slug}/transitions",
                    web::post().to(api::bills::transition),
                )
                .route(
                    "/bills/{slug}/articles",
                    web::post().to(api::bills::add_article),
                )
                .route("/articles/{id}", web::get().to(api::bills::article))
                .route("/articles/{id}", web::put().to(api::bills::edit_article))
                .route(
                    "/articles/{id}",
                    web::delete().to(api::bills::delete_article),
                )
                .route(
                    "/articles/{id}/versions",
                    web::get().to(api::bills::versions),
                )
                .route(
                    "/articles/{id}/vote",
                    web::put().to(api::contributions::vote_article),
                )
                .route(
                    "/articles/{id}/vote",
                    web::delete().to(api::contributions::unvote_article),
                )
                .route(
                    "/bills/{slug}/contributions",
                    web::get().to(api::contributions::list),
                )
                .route(
                    "/bills/{slug}/contributions",
                    web::post().to(api::contributions::create),
                )
                .route(
                    "/contributions/{id}",
                    web::get().to(api::contributions::show),
                )
                .route(
                    "/contributions/{id}",
                    web::patch().to(api::contributions::edit),
                )
                .route(
                    "/contributions/{id}",
                    web::delete().to(api::contributions::withdraw),
                )
                .route(
                    "/contributions/{id}/vote",
                    web::put().to(api::contributions::vote_contribution),
                )
                .route(
                    "/contributions/{id}/vote",
                    web::delete().to(api::contributions::unvote_contribution),
                )
                .route(
                    "/bills/{slug}/follow",
                    web::post().to(api::contributions::follow),
                )
                .route(
                    "/bills/{slug}/follow",
                    web::delete().to(api::contributions::unfollow),
                )
                .route(
                    "/me/notifications",
                    web::put().to(api::contributions::set_frequency),
                )
                .route(
                    "/contributions/{id}/reports",
                    web::post().to(api::contributions::report),
                )
                .route("/moderation/queue", web::get().to(api::moderation::queue))
                .route("/moderation/bulk", web::post().to(api::moderation::bulk))
                .route(
                    "/contributions/{id}/moderation",
                    web::post().to(api::moderation::act),
                )
                .route(
                    "/contributions/{id}/contest",
                    web::post().to(api::moderation::contest),
                )
                .route("/users/{id}/ban", web::post().to(api::moderation::ban))
                .route("/users/{id}/ban", web::delete().to(api::moderation::unban))
                .route("/bills/{slug}/trash", web::get().to(api::moderation::trash))
                .route(
                    "/bills/{slug}/themes",
                    web::post().to(api::themes::create_theme),
                )
                .route(
                    "/contributions/{id}/themes",
                    web::put().to(api::synthesis::set_themes),
                )
                .route(
                    "/bills/{slug}/theme-suggestions",
                    web::get().to(api::themes::suggestions),
                )
                .route("/themes/{id}", web::get().to(api::themes::theme))
                .route("/themes/{id}", web::patch().to(api::themes::rename))
                .route("/themes/{id}", web::delete().to(api::themes::delete))
                .route(
                    "/themes/{id}/members",
                    web::put().to(api::themes::change_members),
                )
                .route("/themes/{id}/merge", web::post().to(api::themes::merge))
                .route("/themes/{id}/split", web::post().to(api::themes::split))
                .route(
                    "/articles/{id}/synthesis",
                    web::put().to(api::synthesis::set_note),
                )
                .route(
                    "/contributions/{id}/decision",
                    web::put().to(api::synthesis::decide),
                )
                .route(
                    "/articles/{id}/final-wording",
                    web::put().to(api::synthesis::set_wording),
                )
                .route(
                    "/bills/{slug}/publication",
                    web::post().to(api::synthesis::publish),
                )
                .route(
                    "/bills/{slug}/synthesis/foreword",
                    web::put().to(api::synthesis::set_foreword),
                )
                .route("/audit", web::get().to(api::audit::list))
                .route("/audit/head", web::get().to(api::audit::head))
                .route("/users", web::get().to(api::users::list))
                .route("/users/{id}/role", web::put().to(api::users::change_role))
                .route(
                    "/users/{id}/category-verification",
                    web::put().to(api::users::verify_category),
                ),
        )
        .default_service(web::to(pages::home::not_found));
}
