use actix_web::{HttpResponse, web};

use crate::domain::{Permission, allows, time};
use crate::error::AppError;
use crate::service::bills;
use crate::web::AppState;
use crate::web::render::{base_context, page};
use crate::web::viewer::Viewer;
use crate::web::views::bills as views;
use crate::web::views::layout::insert_view;

/// Open consultations with the time left, recently closed and published
/// ones, and a sponsor's own bills.
pub async fn show(state: web::Data<AppState>, viewer: Viewer) -> Result<HttpResponse, AppError> {
    let overview = bills::overview(&state.ctx, viewer.user.as_ref()).await?;
    let view = views::home(
        viewer.locale,
        &overview,
        allows(viewer.user.as_ref(), Permission::Sponsor),
        time::now(),
    );
    let mut c = base_context(&viewer);
    insert_view(&mut c, &view)?;
    page(&state, "home/index.html", &c)
}

/// Unknown addresses: a 404 page (or problem document).
pub async fn not_found() -> Result<HttpResponse, AppError> {
    Err(AppError::NotFound)
}
