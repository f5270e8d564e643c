//! The one application error. The web layer maps it to an HTML error page
//! or to `application/problem+json`, by what the client accepts.

use std::time::Duration;

use crate::domain::{FieldError, FieldErrors};
use crate::store::{StoreError, TxError};

#[derive(Debug, Clone, thiserror::Error)]
pub enum AppError {
    /// 422: fields that failed validation, each with a message id.
    #[error("invalid input")]
    Invalid(FieldErrors),
    /// 400: a malformed request; the message id says what.
    #[error("bad request: {0}")]
    BadRequest(String),
    /// 401
    #[error("not signed in")]
    Unauthorized(&'static str),
    /// 403
    #[error("forbidden: {0}")]
    Forbidden(&'static str),
    /// 403 on a form or cookie-authenticated write without a valid token.
    #[error("missing or invalid CSRF token")]
    Csrf,
    /// 404
    #[error("not found")]
    NotFound,
    /// 409: not allowed in the current state.
    #[error("conflict: {0}")]
    Conflict(&'static str),
    /// 413
    #[error("payload too large")]
    TooLarge,
    /// 415
    #[error("unsupported media type")]
    UnsupportedMediaType,
    /// 429
    #[error("too many attempts")]
    RateLimited(Duration),
    /// 503: the database gave up on a lock even after the write was run
    /// again; nothing was written and the same request may succeed later.
    #[error("busy: {0}")]
    Busy(String),
    /// 500: logged, never detailed to the client.
    #[error("internal error: {0}")]
    Internal(String),
}

impl AppError {
    pub fn field(field: &'static str, message: &'static str) -> Self {
        AppError::Invalid(FieldErrors::from(FieldError::new(field, message)))
    }

    pub fn status(&self) -> u16 {
        match self {
            AppError::Invalid(_) => 422,
            AppError::BadRequest(_) => 400,
            AppError::Unauthorized(_) => 401,
            AppError::Forbidden(_) | AppError::Csrf => 403,
            AppError::NotFound => 404,
            AppError::Conflict(_) => 409,
            AppError::TooLarge => 413,
            AppError::UnsupportedMediaType => 415,
            AppError::RateLimited(_) => 429,
            AppError::Busy(_) => 503,
            AppError::Internal(_) => 500,
        }
    }

    /// Message id of the title shown to people.
    pub fn title_key(&self) -> &'static str {
        match self {
            AppError::Invalid(_) => "problem-invalid",
            AppError::BadRequest(_) => "problem-bad-request",
            AppError::Unauthorized(_) => "problem-unauthorized",
            AppError::Forbidden(_) => "problem-forbidden",
            AppError::Csrf => "problem-csrf",
            AppError::NotFound => "problem-not-found",
            AppError::Conflict(_) => "problem-conflict",
            AppError::TooLarge => "problem-too-large",
            AppError::UnsupportedMediaType => "problem-unsupported-media-type",
            AppError::RateLimited(_) => "problem-rate-limited",
            AppError::Busy(_) => "problem-busy",
            AppError::Internal(_) => "problem-internal",
        }
    }

    /// Message id of the detail; `None` when the detail is free text.
    pub fn detail_key(&self) -> Option<&'static str> {
        match self {
            AppError::Invalid(_) => Some("problem-invalid-detail"),
            AppError::BadRequest(_) => None,
            AppError::Unauthorized(k) | AppError::Forbidden(k) | AppError::Conflict(k) => Some(k),
            AppError::Csrf => Some("problem-csrf-detail"),
            AppError::NotFound => Some("problem-not-found-detail"),
            AppError::TooLarge => Some("problem-too-large-detail"),
            AppError::UnsupportedMediaType => Some("problem-unsupported-media-type-detail"),
            AppError::RateLimited(_) => Some("problem-rate-limited-detail"),
            AppError::Busy(_) => Some("problem-busy-detail"),
            AppError::Internal(_) => Some("problem-internal-detail"),
        }
    }
}

impl From<StoreError> for AppError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::NotFound => AppError::NotFound,
            StoreError::Duplicate => AppError::Conflict("error-duplicate"),
            other if other.is_transient() => AppError::Busy(other.to_string()),
            // No connection to be had: the database is down or saturated.
            StoreError::Pool(e) => AppError::Busy(format!("database pool: {e}")),
            other => AppError::Internal(other.to_string()),
        }
    }
}

impl From<FieldErrors> for AppError {
    fn from(e: FieldErrors) -> Self {
        AppError::Invalid(e)
    }
}

impl From<FieldError> for AppError {
    fn from(e: FieldError) -> Self {
        AppError::Invalid(e.into())
    }
}

impl TxError for AppError {
    fn is_transient(&self) -> bool {
        matches!(self, AppError::Busy(_))
    }
}
