//! Browser sessions: one private (encrypted and authenticated) cookie that
//! holds the signed-in account, its session generation, the CSRF token,
//! the language choice and a one-shot flash message. The account row is
//! read on every request, so a password change, ban or deletion (which
//! bump the generation) ends every session at once.

use std::cell::RefCell;
use std::rc::Rc;

use actix_web::body::MessageBody;
use actix_web::cookie::{Cookie, CookieJar, SameSite, time::Duration as CookieDuration};
use actix_web::dev::{Payload, ServiceRequest, ServiceResponse};
use actix_web::middleware::Next;
use actix_web::{Error, FromRequest, HttpMessage, HttpRequest, web};
use serde::{Deserialize, Serialize};

use super::AppState;
use crate::auth::tokens;
use crate::domain::{Locale, User};

pub const COOKIE_NAME: &str = "codraft_session";
const MAX_AGE_DAYS: i64 = 30;

#[derive(Serialize, Deserialize, Clone, Default, Debug)]
struct SessionState {
    #[serde(rename = "u", default, skip_serializing_if = "Option::is_none")]
    user_id: Option<i64>,
    #[serde(rename = "g", default)]
    generation: i32,
    #[serde(rename = "c", default)]
    csrf: String,
    #[serde(rename = "f", default, skip_serializing_if = "Option::is_none")]
    flash: Option<String>,
    #[serde(rename = "l", default, skip_serializing_if = "Option::is_none")]
    locale: Option<String>,
    /// When the person signed in (Unix seconds): a copied cookie stops
    /// working after MAX_AGE_DAYS even if its own expiry was tampered with.
    #[serde(rename = "i", default)]
    issued_at: i64,
    /// This sign-in's own id, so that signing out ends it on the server.
    #[serde(rename = "s", default, skip_serializing_if = "String::is_empty")]
    id: String,
}

struct Inner {
    state: SessionState,
    /// The browser sent a valid cookie.
    existed: bool,
    dirty: bool,
}

/// The session of the current request.
#[derive(Clone)]
pub struct Session(Rc<RefCell<Inner>>);

impl Session {
    fn new(state: Option<SessionState>) -> Self {
        let existed = state.is_some();
        Session(Rc::new(RefCell::new(Inner {
            state: state.unwrap_or_default(),
            existed,
            dirty: false,
        })))
    }

    /// The signed-in account id, session generation and session id, if
    /// any. A cookie made before sessions had ids is not signed in.
    pub fn user(&self) -> Option<(i64, i32, String)> {
        let inner = self.0.borrow();
        let age = chrono::Utc::now().timestamp() - inner.state.issued_at;
        if age > MAX_AGE_DAYS * 86_400 || inner.state.id.is_empty() {
            return None;
        }
        inner
            .state
            .user_id
            .map(|id| (id, inner.state.generation, inner.state.id.clone()))
    }

    /// When this sign-in's cookie stops working at the latest.
    pub fn expires_at(&self) -> chrono::NaiveDateTime {
        let issued = self.0.borrow().state.issued_at;
        chrono::DateTime::from_timestamp(issued + MAX_AGE_DAYS * 86_400, 0)
            .unwrap_or_default()
            .naive_utc()
    }

    pub fn login(&self, user: &User) {
        let mut inner = self.0.borrow_mut();
        inner.state.user_id = Some(user.id);
        inner.state.generation = user.session_generation;
        inner.state.issued_at = chrono::Utc::now().timestamp();
        inner.state.id = tokens::generate();
        // A new token at every sign-in (no fixation of a known token).
        inner.state.csrf = tokens::generate();
        inner.dirty = true;
    }

    pub fn logout(&self) {
        let mut inner = self.0.borrow_mut();
        inner.state.user_id = None;
        inner.state.generation = 0;
        inner.state.id = String::new();
        inner.state.csrf = tokens::generate();
        inner.dirty = true;
    }

    /// The CSRF token, created on first use.
    pub fn csrf_token(&self) -> String {
        let mut inner = self.0.borrow_mut();
        if inner.state.csrf.is_empty() {
            inner.state.csrf = tokens::generate();
            inner.dirty = true;
        }
        inner.state.csrf.clone()
    }

    /// Whether `candidate` is this session's CSRF token. A session the
    /// browser did not send back has no token to match.
    pub fn csrf_matches(&self, candidate: &str) -> bool {
        let inner = self.0.borrow();
        inner.existed
            && !inner.state.csrf.is_empty()
            && tokens::constant_time_eq(&inner.state.csrf, candidate)
    }

    /// The CSRF token if one was made, without making one.
    pub fn csrf_if_any(&self) -> Option<String> {
        let inner = self.0.borrow();
        (!inner.state.csrf.is_empty()).then(|| inner.state.csrf.clone())
    }

    /// Whether a message waits to be shown once.
    pub fn has_flash(&self) -> bool {
        self.0.borrow().state.flash.is_some()
    }

    pub fn set_flash(&self, message_id: &str) {
        let mut inner = self.0.borrow_mut();
        inner.state.flash = Some(message_id.to_string());
        inner.dirty = true;
    }

    pub fn take_flash(&self) -> Option<String> {
        let mut inner = self.0.borrow_mut();
        let flash = inner.state.flash.take();
        if flash.is_some() {
            inner.dirty = true;
        }
        flash
    }

    pub fn locale(&self) -> Option<Locale> {
        self.0
            .borrow()
            .state
            .locale
            .as_deref()
            .and_then(|l| l.parse().ok())
    }

    pub fn set_locale(&self, locale: Locale) {
        let mut inner = self.0.borrow_mut();
        inner.state.locale = Some(locale.as_str().to_string());
        inner.dirty = true;
    }

    pub fn of(req: &HttpRequest) -> Session {
        req.extensions()
            .get::<Session>()
            .cloned()
            .unwrap_or_else(|| Session::new(None))
    }
}

impl FromRequest for Session {
    type Error = Error;
    type Future = std::future::Ready<Result<Session, Error>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        std::future::ready(Ok(Session::of(req)))
    }
}

fn read(req: &ServiceRequest, state: &AppState) -> Option<SessionState> {
    let cookie = req.cookie(COOKIE_NAME)?;
    let mut jar = CookieJar::new();
    jar.add_original(cookie);
    let plain = jar.private(&state.cookie_key).get(COOKIE_NAME)?;
    serde_json::from_str(plain.value()).ok()
}

fn write(session: &Session, state: &AppState) -> Option<Cookie<'static>> {
    let inner = session.0.borrow();
    let value = serde_json::to_string(&inner.state).ok()?;
    let mut cookie = Cookie::new(COOKIE_NAME, value);
    cookie.set_path("/");
    cookie.set_http_only(true);
    cookie.set_same_site(SameSite::Lax);
    cookie.set_secure(state.ctx.settings.secure_cookies());
    cookie.set_max_age(CookieDuration::days(MAX_AGE_DAYS));
    let mut jar = CookieJar::new();
    jar.private_mut(&state.cookie_key).add(cookie);
    jar.get(COOKIE_NAME).cloned()
}

/// Loads the session before the handler and writes it back if it changed.
pub async fn middleware(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, Error> {
    let Some(state) = req.app_data::<web::Data<AppState>>().cloned() else {
        return next.call(req).await;
    };
    let session = Session::new(read(&req, &state));
    req.extensions_mut().insert(session.clone());
    let mut res = next.call(req).await?;
    if session.0.borrow().dirty {
        if let Some(cookie) = write(&session, &state) {
            res.response_mut().add_cookie(&cookie)?;
        }
    }
    Ok(res)
}
