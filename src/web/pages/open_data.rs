//! A bill's open data for people and machines: the page (a summary in
//! words, charts each followed by its figures, the files, the data
//! dictionary) and the Data Package that describes the CSV files.

use actix_web::{HttpResponse, web};

use crate::error::AppError;
use crate::export::datapackage::{self, RESOURCES};
use crate::export::open_data::{self, Provenance};
use crate::service::exports::{self, available};
use crate::web::AppState;
use crate::web::render::{base_context, page};
use crate::web::viewer::Viewer;
use crate::web::views::layout::insert_view;
use crate::web::views::open_data::OpenDataPageView;

/// A bill's open-data page.
pub async fn bill_page(
    state: web::Data<AppState>,
    viewer: Viewer,
    slug: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let f = crate::service::open_data::figures(&state.ctx, viewer.user.as_ref(), &slug).await?;
    let mut c = base_context(&viewer);
    insert_view(&mut c, &OpenDataPageView::new(viewer.locale, &f))?;
    page(&state, "exports/open_data.html", &c)
}

/// `datapackage.json`: the CSV files described for machines.
pub async fn datapackage(
    state: web::Data<AppState>,
    viewer: Viewer,
    slug: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let bill = exports::public_bill(&state.ctx, viewer.user.as_ref(), &slug).await?;
    let p = Provenance::new(&state.ctx.settings.base_url, bill.clone());
    let doc = datapackage::package(&p, |f| available(f, &bill));
    Ok(HttpResponse::Ok()
        .insert_header(("Cache-Control", "public, max-age=300"))
        .content_type("application/json")
        .json(doc))
}

/// One open-data table as a spreadsheet (`contributions.xlsx`, …), French
/// headers; the same rows as its CSV.
pub async fn spreadsheet(
    state: web::Data<AppState>,
    viewer: Viewer,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, AppError> {
    let (slug, table) = path.into_inner();
    let Some(resource) = RESOURCES
        .iter()
        .find(|r| r.file.name().trim_end_matches(".csv") == table)
    else {
        return Err(AppError::NotFound);
    };
    let bill = exports::public_bill(&state.ctx, viewer.user.as_ref(), &slug).await?;
    if !available(resource.file, &bill) {
        return Err(AppError::Conflict("error-decisions-not-published"));
    }
    let filename = format!("{}-{table}.xlsx", bill.slug);
    let bytes = crate::service::open_data::spreadsheet(&state.ctx, bill, resource, table).await?;
    Ok(HttpResponse::Ok()
        .content_type("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        .insert_header((
            "Content-Disposition",
            format!("attachment; filename=\"{filename}\""),
        ))
        .insert_header(("X-Licence", open_data::LICENCE))
        .insert_header(("Cache-Control", "public, max-age=300"))
        .body(bytes))
}
