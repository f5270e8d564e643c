//! Who is asking, and in which language.

use actix_web::dev::Payload;
use actix_web::http::Method;
use actix_web::{FromRequest, HttpMessage, HttpRequest, web};
use futures_util::future::LocalBoxFuture;

use super::AppState;
use super::session::Session;
use crate::domain::api_token::TokenScope;
use crate::domain::{Locale, Permission, User, allows};
use crate::error::AppError;
use crate::service::accounts;

pub const CSRF_HEADER: &str = "X-CSRF-Token";

/// The language resolved for this request, kept for the error pages.
#[derive(Clone, Copy)]
pub struct ResolvedLocale(pub Locale);

pub struct Viewer {
    pub user: Option<User>,
    pub locale: Locale,
    pub session: Session,
    /// Authenticated with a personal API token rather than a cookie.
    pub via_token: bool,
    /// What that token may do.
    pub token_scope: Option<TokenScope>,
    /// Path and query of the request, for "come back here" links.
    pub path: String,
}

impl Viewer {
    /// Signs this browser out, on the server too: a copy of the cookie
    /// taken before no longer works.
    pub async fn sign_out(&self, ctx: &crate::context::AppContext) -> Result<(), AppError> {
        if let Some((user_id, _, session_id)) = self.session.user() {
            accounts::end_session(ctx, user_id, session_id, self.session.expires_at()).await?;
        }
        self.session.logout();
        Ok(())
    }

    pub fn require_user(&self) -> Result<&User, AppError> {
        self.user
            .as_ref()
            .ok_or(AppError::Unauthorized("error-sign-in-required"))
    }

    pub fn require(&self, permission: Permission) -> Result<&User, AppError> {
        let user = self.require_user()?;
        if allows(Some(user), permission) {
            Ok(user)
        } else {
            Err(AppError::Forbidden(match permission {
                Permission::Participate => crate::domain::permissions::participation_refusal(user),
                Permission::AdministerUsers => "error-admin-only",
                _ => "error-not-allowed",
            }))
        }
    }
}

/// The language from the session choice, the account, `Accept-Language`,
/// then French.
pub fn negotiate(req: &HttpRequest, session: &Session, user: Option<&User>) -> Locale {
    session
        .locale()
        .or(user.map(|u| u.locale))
        .or_else(|| {
            req.headers()
                .get("Accept-Language")
                .and_then(|h| h.to_str().ok())
                .and_then(Locale::negotiate)
        })
        .unwrap_or_default()
}

/// The language for a request whose viewer may not have been loaded.
pub fn request_locale(req: &HttpRequest) -> Locale {
    if let Some(l) = req.extensions().get::<ResolvedLocale>() {
        return l.0;
    }
    negotiate(req, &Session::of(req), None)
}

/// The client's address, for per-address limits. Behind our own proxy
/// (`CODRAFT_TRUST_PROXY`), the last `X-Forwarded-For` hop, which the proxy
/// itself wrote; the rest of that header is whatever the client claimed.
pub fn client_address(req: &HttpRequest, trust_proxy: bool) -> String {
    let forwarded = trust_proxy
        .then(|| req.headers().get("X-Forwarded-For"))
        .flatten()
        .and_then(|h| h.to_str().ok())
        .and_then(|v| v.rsplit(',').next())
        .map(str::trim)
        .filter(|v| !v.is_empty() && v.len() <= 64);
    match forwarded {
        Some(address) => address.to_string(),
        None => req
            .peer_addr()
            .map(|a| a.ip().to_string())
            .unwrap_or_else(|| "unknown".into()),
    }
}

fn bearer_token(req: &HttpRequest) -> Option<Result<String, AppError>> {
    let header = req.headers().get("Authorization")?;
    let value = header.to_str().ok().unwrap_or("");
    Some(match value.strip_prefix("Bearer ") {
        Some(token) if !token.trim().is_empty() => Ok(token.trim().to_string()),
        _ => Err(AppError::Unauthorized("error-bearer-malformed")),
    })
}

fn is_safe(method: &Method) -> bool {
    matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS)
}

/// Whether a request may change something, for token scopes: anything but
/// GET and HEAD.
fn writes(method: &Method) -> bool {
    !matches!(*method, Method::GET | Method::HEAD)
}

impl FromRequest for Viewer {
    type Error = AppError;
    type Future = LocalBoxFuture<'static, Result<Viewer, AppError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let req = req.clone();
        Box::pin(async move {
            let state = req
                .app_data::<web::Data<AppState>>()
                .cloned()
                .ok_or_else(|| AppError::Internal("application state missing".into()))?;
            let session = Session::of(&req);
            let mut via_token = false;
            let mut token_scope = None;
            let user = match bearer_token(&req) {
                Some(token) => {
                    via_token = true;
                    let (user, scope) = accounts::user_for_api_token(&state.ctx, &token?)
                        .await?
                        .ok_or(AppError::Unauthorized("error-bearer-unknown"))?;
                    // Refused before the handler runs: nothing is written.
                    if !scope.allows(writes(req.method())) {
                        return Err(AppError::Forbidden("error-token-read-only"));
                    }
                    token_scope = Some(scope);
                    Some(user)
                }
                None => match session.user() {
                    Some((id, generation, session_id)) => {
                        let user =
                            accounts::user_for_session(&state.ctx, id, generation, session_id)
                                .await?;
                        if user.is_none() {
                            session.logout();
                        }
                        user
                    }
                    None => None,
                },
            };
            // JSON writes carried by the session cookie need the CSRF
            // header; token-authenticated scripts do not.
            if user.is_some()
                && !via_token
                && !is_safe(req.method())
                && req.path().starts_with("/api/")
            {
                let sent = req
                    .headers()
                    .get(CSRF_HEADER)
                    .and_then(|h| h.to_str().ok())
                    .unwrap_or("");
                if !session.csrf_matches(sent) {
                    return Err(AppError::Csrf);
                }
            }
            let locale = negotiate(&req, &session, user.as_ref());
            req.extensions_mut().insert(ResolvedLocale(locale));
            let path = match req.query_string() {
                "" => req.path().to_string(),
                q => format!("{}?{q}", req.path()),
            };
            Ok(Viewer {
                user,
                locale,
                session,
                via_token,
                token_scope,
                path,
            })
        })
    }
}
