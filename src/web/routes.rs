//! The one routing table.

use actix_web::web;

use super::{api, pages};

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.route("/", web::get().to(pages::home::show))
        .route("/healthz", web::get().to(pages::health::check))
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
        .route("/account/delete", web::post().to(pages::account::delete))
        // Administration
        .route("/admin", web::get().to(pages::admin::users))
        .route(
            "/admin/users/{id}/role",
            web::post().to(pages::admin::change_role),
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
                .route("/users", web::get().to(api::users::list))
                .route("/users/{id}/role", web::put().to(api::users::change_role)),
        )
        .default_service(web::to(pages::home::not_found));
}
