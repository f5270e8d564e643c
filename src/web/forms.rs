//! Request bodies: HTML forms that must carry the session's CSRF token, and
//! JSON bodies whose errors come back as problem documents.

use actix_web::dev::Payload;
use actix_web::{FromRequest, HttpRequest, web};
use futures_util::future::LocalBoxFuture;
use serde::Deserialize;
use serde::de::DeserializeOwned;

use super::session::Session;
use crate::error::AppError;

const FORM_LIMIT: usize = 256 * 1024;
const JSON_LIMIT: usize = 1024 * 1024;

fn read_body(
    req: &HttpRequest,
    payload: &mut Payload,
    limit: usize,
) -> LocalBoxFuture<'static, Result<web::Bytes, AppError>> {
    let too_large = req
        .headers()
        .get("Content-Length")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<usize>().ok())
        .is_some_and(|n| n > limit);
    let fut = web::Bytes::from_request(req, payload);
    Box::pin(async move {
        if too_large {
            return Err(AppError::TooLarge);
        }
        let bytes = fut.await.map_err(|_| AppError::TooLarge)?;
        if bytes.len() > limit {
            return Err(AppError::TooLarge);
        }
        Ok(bytes)
    })
}

/// A submitted form's fields, repeated ones included (checkboxes), as
/// `CsrfForm<Vec<(String, String)>>` gives them.
pub struct FormFields(pub Vec<(String, String)>);

impl FormFields {
    /// The first value of `name`, trimmed; empty if absent.
    pub fn one(&self, name: &str) -> &str {
        self.0
            .iter()
            .find(|(k, _)| k == name)
            .map_or("", |(_, v)| v.trim())
    }

    /// Ids from repeated fields (`name=1&name=2`) and comma-separated ones
    /// (`name=1,2`); a 422 with `message` on `name` for anything else.
    pub fn ids(&self, name: &'static str, message: &'static str) -> Result<Vec<i64>, AppError> {
        self.0
            .iter()
            .filter(|(k, _)| k == name)
            .flat_map(|(_, v)| v.split(','))
            .map(str::trim)
            .filter(|v| !v.is_empty())
            .map(|v| v.parse::<i64>().map_err(|_| AppError::field(name, message)))
            .collect()
    }

    /// One id; a 422 with `message` on `name` if absent or not a number.
    pub fn id(&self, name: &'static str, message: &'static str) -> Result<i64, AppError> {
        self.one(name)
            .parse()
            .map_err(|_| AppError::field(name, message))
    }
}

/// A urlencoded form whose `csrf_token` field matches the session.
pub struct CsrfForm<T>(pub T);

#[derive(Deserialize)]
struct TokenField {
    #[serde(default)]
    csrf_token: String,
}

impl<T: DeserializeOwned + 'static> FromRequest for CsrfForm<T> {
    type Error = AppError;
    type Future = LocalBoxFuture<'static, Result<Self, AppError>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let session = Session::of(req);
        let body = read_body(req, payload, FORM_LIMIT);
        Box::pin(async move {
            let bytes = body.await?;
            if bytes.contains(&0) || bytes.windows(3).any(|w| w == b"%00") {
                return Err(AppError::BadRequest(
                    "the form contains a NUL character (%00)".into(),
                ));
            }
            let token: TokenField = serde_urlencoded::from_bytes(&bytes).unwrap_or(TokenField {
                csrf_token: String::new(),
            });
            if !session.csrf_matches(&token.csrf_token) {
                return Err(AppError::Csrf);
            }
            serde_urlencoded::from_bytes(&bytes)
                .map(CsrfForm)
                .map_err(|e| AppError::BadRequest(format!("malformed form: {e}")))
        })
    }
}

/// A JSON body; a wrong content type, malformed JSON or a body too large
/// each get a clear problem document.
pub struct ApiJson<T>(pub T);

impl<T: DeserializeOwned + 'static> FromRequest for ApiJson<T> {
    type Error = AppError;
    type Future = LocalBoxFuture<'static, Result<Self, AppError>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let is_json = req
            .headers()
            .get("Content-Type")
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| {
                let mime = v
                    .split(';')
                    .next()
                    .unwrap_or("")
                    .trim()
                    .to_ascii_lowercase();
                mime == "application/json" || mime.ends_with("+json")
            });
        let body = read_body(req, payload, JSON_LIMIT);
        Box::pin(async move {
            if !is_json {
                return Err(AppError::UnsupportedMediaType);
            }
            let bytes = body.await?;
            if bytes.contains(&0) || bytes.windows(6).any(|w| w.eq_ignore_ascii_case(b"\\u0000")) {
                return Err(AppError::BadRequest(
                    "the JSON body contains a NUL character (\\u0000)".into(),
                ));
            }
            serde_json::from_slice(&bytes)
                .map(ApiJson)
                .map_err(|e| AppError::BadRequest(format!("invalid JSON body: {e}")))
        })
    }
}

/// A form with nothing but its CSRF token (a button).
#[derive(Deserialize)]
pub struct NoFields {}
