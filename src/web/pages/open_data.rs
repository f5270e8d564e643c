//! A bill's open data for people and machines: the page (a summary in
//! words, charts each followed by its figures, the files, the data
//! dictionary) and the Data Package that describes the CSV files.

use actix_web::{HttpResponse, web};
use serde_json::json;

use crate::domain::{BillStatus, Locale};
use crate::error::AppError;
use crate::export::datapackage::{self, RESOURCES};
use crate::export::open_data::{self, File, Provenance};
use crate::i18n::t;
use crate::service::exports::{self, available};
use crate::web::AppState;
use crate::web::render::{base_context, page};
use crate::web::viewer::Viewer;
use crate::web::views::open_data::{charts_of, summary};

/// A bill's open-data page.
pub async fn bill_page(
    state: web::Data<AppState>,
    viewer: Viewer,
    slug: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let f = crate::service::open_data::figures(&state.ctx, viewer.user.as_ref(), &slug).await?;
    let l = viewer.locale;
    let bill = &f.bill;
    let published = bill.status == BillStatus::Published;
    let mut c = base_context(&viewer);
    c.insert(
        "files",
        &File::ALL
            .iter()
            .filter(|file| available(**file, bill))
            .map(|file| file.name())
            .collect::<Vec<_>>(),
    );
    c.insert(
        "tables",
        &RESOURCES
            .iter()
            .filter(|r| available(r.file, bill))
            .map(|r| {
                json!({
                    "file": r.file.name(),
                    "xlsx": r.file.name().replace(".csv", ".xlsx"),
                    "title": if l == Locale::Fr { r.title_fr } else { r.title_en },
                    "fields": r.fields.iter().map(|f| json!({
                        "name": f.name,
                        "type": t(l, &format!("open-data-type-{}", serde_json::to_value(f.kind).ok().and_then(|v| v.as_str().map(String::from)).unwrap_or_default())),
                        "description": if l == Locale::Fr { f.fr } else { f.en },
                    })).collect::<Vec<_>>(),
                })
            })
            .collect::<Vec<_>>(),
    );
    c.insert("summary", &summary(l, &f));
    c.insert("charts", &charts_of(l, &f));
    c.insert("published", &published);
    c.insert("bill", &json!({"slug": bill.slug, "title": bill.title}));
    c.insert("licence", open_data::LICENCE);
    c.insert("licence_url", open_data::LICENCE_URL);
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
