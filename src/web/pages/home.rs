use actix_web::{HttpResponse, web};

use crate::error::AppError;
use crate::web::AppState;
use crate::web::render::{base_context, page};
use crate::web::viewer::Viewer;

pub async fn show(state: web::Data<AppState>, viewer: Viewer) -> Result<HttpResponse, AppError> {
    page(&state, "home/index.html", &base_context(&viewer))
}

/// Unknown addresses: a 404 page (or problem document).
pub async fn not_found() -> Result<HttpResponse, AppError> {
    Err(AppError::NotFound)
}
