//! Builds the running application on a listener it is handed (port 0 in
//! tests), with its background workers.

use std::net::TcpListener;

use actix_web::dev::{Server, ServerHandle};
use actix_web::middleware::from_fn;
use actix_web::web::{Data, PayloadConfig};
use actix_web::{App, HttpServer};
use tracing_actix_web::TracingLogger;

use crate::config::Settings;
use crate::context::AppContext;
use crate::mail::{transport::Transport, worker};
use crate::store::Db;
use crate::web::{self as http, AppState};

pub struct Application {
    pub port: u16,
    pub ctx: AppContext,
    server: Server,
}

impl Application {
    /// Opens the database (applying migrations), binds, and prepares the
    /// server; nothing is served until [`Application::run`].
    pub fn build(settings: Settings) -> anyhow::Result<Application> {
        let listener = TcpListener::bind(settings.bind)
            .map_err(|e| anyhow::anyhow!("CODRAFT_BIND {}: {e}", settings.bind))?;
        Application::build_on(settings, listener)
    }

    pub fn build_on(settings: Settings, listener: TcpListener) -> anyhow::Result<Application> {
        std::fs::create_dir_all(&settings.data_dir).map_err(|e| {
            anyhow::anyhow!("CODRAFT_DATA_DIR {}: {e}", settings.data_dir.display())
        })?;
        http::views::dates::set_zone(settings.time_zone);
        let db = Db::open(&settings.database_url, settings.pool_size)?;
        let ctx = AppContext::new(db, settings).map_err(|e| anyhow::anyhow!(e))?;
        let transport =
            Transport::from_settings(ctx.settings.smtp_url.as_deref(), ctx.settings.outbox_dir())
                .map_err(|e| anyhow::anyhow!(e))?;
        let port = listener.local_addr()?.port();
        let state = Data::new(AppState::new(ctx.clone(), ctx.secret.expose()));
        let max_body = ctx.settings.max_body_bytes;
        let https = ctx.settings.base_url.starts_with("https://");
        let server = HttpServer::new(move || {
            App::new()
                .app_data(state.clone())
                .app_data(PayloadConfig::new(max_body))
                .configure(http::routes::configure)
                .wrap(from_fn(http::unread_body::middleware))
                .wrap(from_fn(http::errors::middleware))
                .wrap(from_fn(http::session::middleware))
                .wrap(http::headers::security_headers(https))
                .wrap(from_fn(http::metrics::middleware))
                .wrap(TracingLogger::<http::request_log::PathOnlySpans>::new())
        })
        .workers(ctx.settings.workers)
        .listen(listener)?
        .run();
        // The worker lives on the server's runtime and ends with it.
        actix_web::rt::spawn(worker::run(ctx.clone(), transport));
        actix_web::rt::spawn(crate::jobs::calendar::run(
            ctx.clone(),
            ctx.settings.calendar_every,
        ));
        actix_web::rt::spawn(crate::jobs::notifications::run(
            ctx.clone(),
            ctx.settings.notifications_every,
        ));
        actix_web::rt::spawn(crate::jobs::rendering::run(ctx.clone()));
        actix_web::rt::spawn(crate::jobs::scans::run(ctx.clone()));
        actix_web::rt::spawn(crate::jobs::retention::run(
            ctx.clone(),
            ctx.settings.calendar_every,
        ));
        Ok(Application { port, ctx, server })
    }

    pub fn handle(&self) -> ServerHandle {
        self.server.handle()
    }

    pub async fn run(self) -> std::io::Result<()> {
        self.server.await
    }
}
