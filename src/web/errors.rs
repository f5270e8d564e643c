//! AppError as HTTP: an HTML error page for people, a problem document
//! (RFC 9457) for programs, in the reader's language.

use actix_web::body::{EitherBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::StatusCode;
use actix_web::http::header::{self, HeaderValue};
use actix_web::middleware::Next;
use actix_web::{Error, HttpRequest, HttpResponse, ResponseError, web};
use serde_json::json;

use super::AppState;
use super::session::Session;
use super::viewer::request_locale;
use crate::domain::Locale;
use crate::error::AppError;
use crate::i18n;

impl ResponseError for AppError {
    fn status_code(&self) -> StatusCode {
        StatusCode::from_u16(self.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
    }

    /// A plain English problem document; [`middleware`] replaces it with
    /// the localised page or document once the request is known.
    fn error_response(&self) -> HttpResponse {
        match self {
            AppError::Internal(detail) => tracing::error!(%detail, "internal error"),
            AppError::Busy(detail) => tracing::warn!(%detail, "database busy after retries"),
            _ => {}
        }
        problem_response(self, Locale::En)
    }
}

/// Whether a raw (percent-encoded) part of an address or body holds a NUL.
pub fn has_nul(raw: &str) -> bool {
    raw.contains('\0') || raw.contains("%00")
}

fn kind(e: &AppError) -> &'static str {
    e.title_key().trim_start_matches("problem-")
}

pub fn detail(e: &AppError, locale: Locale) -> String {
    match (e, e.detail_key()) {
        (AppError::RateLimited(wait), Some(key)) => i18n::t_args(
            locale,
            key,
            &[("seconds", wait.as_secs().max(1).to_string())],
        ),
        (_, Some(key)) => i18n::t(locale, key),
        (AppError::BadRequest(text), None) => text.clone(),
        _ => String::new(),
    }
}

fn field_errors(e: &AppError, locale: Locale) -> serde_json::Map<String, serde_json::Value> {
    let mut map = serde_json::Map::new();
    if let AppError::Invalid(errors) = e {
        for (field, list) in errors.by_field() {
            let messages: Vec<String> = list
                .iter()
                .map(|fe| {
                    let args: Vec<(&str, String)> = fe
                        .args
                        .iter()
                        .map(|(k, v)| {
                            (
                                *k,
                                if v.starts_with("line ") {
                                    localise_location(locale, v)
                                } else {
                                    v.clone()
                                },
                            )
                        })
                        .collect();
                    let text = i18n::t_args(locale, fe.message, &args);
                    // Problems found in a file say where.
                    match fe.args.iter().find(|(k, _)| *k == "location") {
                        Some((_, at)) => format!("{} — {text}", localise_location(locale, at)),
                        None => text,
                    }
                })
                .collect();
            map.insert(field.to_string(), json!(messages));
        }
    }
    map
}

/// "line 3, column 7" in the reader's language (importers say where in
/// English; element paths stay as they are).
fn localise_location(locale: Locale, at: &str) -> String {
    match locale {
        Locale::En => at.to_string(),
        Locale::Fr => at.replace("line ", "ligne ").replace("column ", "colonne "),
    }
}

/// The localised message of each invalid field, for forms.
pub fn field_messages(e: &AppError, locale: Locale) -> serde_json::Value {
    serde_json::Value::Object(field_errors(e, locale))
}

fn with_retry_after(
    mut builder: actix_web::HttpResponseBuilder,
    e: &AppError,
) -> actix_web::HttpResponseBuilder {
    match e {
        AppError::RateLimited(wait) => {
            builder.insert_header((header::RETRY_AFTER, wait.as_secs().max(1).to_string()));
        }
        AppError::Busy(_) => {
            builder.insert_header((header::RETRY_AFTER, "1"));
        }
        _ => {}
    }
    builder
}

pub fn problem_response(e: &AppError, locale: Locale) -> HttpResponse {
    let status = e.status_code();
    let mut body = json!({
        "type": format!("/problems/{}", kind(e)),
        "title": i18n::t(locale, e.title_key()),
        "status": status.as_u16(),
        "detail": detail(e, locale),
    });
    let errors = field_errors(e, locale);
    if !errors.is_empty() {
        body["errors"] = serde_json::Value::Object(errors);
    }
    with_retry_after(HttpResponse::build(status), e)
        .content_type("application/problem+json")
        .body(body.to_string())
}

fn html_response(req: &HttpRequest, e: &AppError, locale: Locale) -> HttpResponse {
    let Some(state) = req.app_data::<web::Data<AppState>>() else {
        return problem_response(e, locale);
    };
    let mut context = tera::Context::new();
    context.insert("lang", locale.as_str());
    context.insert("status", &e.status());
    context.insert("title", &i18n::t(locale, e.title_key()));
    context.insert("detail", &detail(e, locale));
    context.insert("field_errors", &field_messages(e, locale));
    context.insert("signed_in", &Session::of(req).user().is_some());
    context.insert("current_path", req.path());
    context.insert(
        "languages",
        &super::views::layout::languages(locale, req.path()),
    );
    match state.ctx.templates.render("errors/page.html", &context) {
        Ok(html) => with_retry_after(HttpResponse::build(e.status_code()), e)
            .content_type("text/html; charset=utf-8")
            .body(html),
        Err(err) => {
            tracing::error!(error = ?err, "cannot render the error page");
            problem_response(e, locale)
        }
    }
}

fn wants_html(req: &HttpRequest) -> bool {
    if req.path().starts_with("/api/") {
        return false;
    }
    let accept = req
        .headers()
        .get(header::ACCEPT)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("");
    let json = accept.contains("application/json") || accept.contains("application/problem+json");
    !json || accept.contains("text/html")
}

/// Errors raised outside our handlers (routing, actix extractors) mapped
/// onto AppError by their status.
fn as_app_error(res: &ServiceResponse<impl MessageBody>) -> Option<AppError> {
    if let Some(e) = res.response().error() {
        if let Some(app) = e.as_error::<AppError>() {
            return Some(app.clone());
        }
        return Some(match res.status().as_u16() {
            404 => AppError::NotFound,
            413 => AppError::TooLarge,
            415 => AppError::UnsupportedMediaType,
            s if (400..500).contains(&s) => AppError::BadRequest(e.to_string()),
            _ => AppError::Internal(e.to_string()),
        });
    }
    match res.status() {
        StatusCode::NOT_FOUND => Some(AppError::NotFound),
        StatusCode::METHOD_NOT_ALLOWED => Some(AppError::BadRequest("method not allowed".into())),
        _ => None,
    }
}

pub async fn middleware(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<EitherBody<impl MessageBody>>, Error> {
    // A NUL byte is text no database stores (PostgreSQL refuses it): the
    // request is refused before any handler sees it.
    if has_nul(req.uri().path()) || req.uri().query().is_some_and(has_nul) {
        let error = AppError::BadRequest("the address contains a NUL character (%00)".into());
        let (http_req, _) = req.into_parts();
        let locale = request_locale(&http_req);
        let mut response = if wants_html(&http_req) {
            html_response(&http_req, &error, locale)
        } else {
            problem_response(&error, locale)
        };
        response
            .headers_mut()
            .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
        return Ok(ServiceResponse::new(http_req, response).map_into_right_body());
    }
    let res = next.call(req).await?;
    if res.status().as_u16() < 400 {
        return Ok(res.map_into_left_body());
    }
    let Some(error) = as_app_error(&res) else {
        return Ok(res.map_into_left_body());
    };
    let req = res.request().clone();
    let locale = request_locale(&req);
    let status = res.status();
    let mut response = if wants_html(&req) {
        html_response(&req, &error, locale)
    } else {
        problem_response(&error, locale)
    };
    // Keep the original status (e.g. 405) when it was not ours.
    *response.status_mut() = status;
    if status == StatusCode::METHOD_NOT_ALLOWED {
        if let Some(allow) = res.headers().get(header::ALLOW) {
            response.headers_mut().insert(header::ALLOW, allow.clone());
        }
    }
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(res.into_response(response).map_into_right_body())
}
