//! Static assets embedded in the binary. A URL carrying the content hash
//! (`?v=…`, see the `asset()` template function) is cached for a year.

use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, web};

use crate::embedded;
use crate::error::AppError;

#[derive(serde::Deserialize)]
pub struct Version {
    v: Option<String>,
}

pub async fn serve(
    req: HttpRequest,
    path: web::Path<String>,
    version: web::Query<Version>,
) -> Result<HttpResponse, AppError> {
    let asset = embedded::asset(&path).ok_or(AppError::NotFound)?;
    let etag = format!("\"{}\"", asset.hash);
    let cache = if version.v.as_deref() == Some(asset.hash.as_str()) {
        "public, max-age=31536000, immutable"
    } else {
        "public, max-age=300"
    };
    let matches = req
        .headers()
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v == etag);
    if matches {
        return Ok(HttpResponse::NotModified()
            .insert_header((header::ETAG, etag))
            .finish());
    }
    Ok(HttpResponse::Ok()
        .content_type(asset.mime)
        .insert_header((header::ETAG, etag))
        .insert_header((header::CACHE_CONTROL, cache))
        .body(asset.bytes.into_owned()))
}
