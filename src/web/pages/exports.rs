//! Public exports: each bill's open-data files (streamed), their manifest
//! with SHA-256, and the open-data index pages. No sign-in, cacheable.

use actix_web::{HttpResponse, web};

use crate::domain::BillStatus;
use crate::error::AppError;
use crate::export::open_data::{self, File, Provenance};
use crate::export::report::ReportFormat;
use crate::export::stream;
use crate::service::exports;
use crate::store::audit;
use crate::store::bills::BillRow;
use crate::web::AppState;
use crate::web::render::{base_context, page};
use crate::web::viewer::Viewer;
use crate::web::views::audit::AuditHead;

fn provenance(state: &AppState, bill: BillRow) -> Provenance {
    Provenance::new(&state.ctx.settings.base_url, bill)
}

use exports::available;

pub async fn file(
    state: web::Data<AppState>,
    viewer: Viewer,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, AppError> {
    let (slug, name) = path.into_inner();
    let Some(file) = File::parse(&name) else {
        return Err(AppError::NotFound);
    };
    let bill = exports::public_bill(&state.ctx, viewer.user.as_ref(), &slug).await?;
    if !available(file, &bill) {
        return Err(AppError::Conflict("error-decisions-not-published"));
    }
    let p = provenance(&state, bill);
    let headers = [
        ("X-Licence", open_data::LICENCE.to_string()),
        (
            "Link",
            format!("<{}>; rel=\"license\"", open_data::LICENCE_URL),
        ),
        ("X-Source", p.source_url.clone()),
        (
            "X-Generated-At",
            crate::domain::time::rfc3339(p.generated_at),
        ),
        (
            "Content-Disposition",
            format!("inline; filename=\"{}-{}\"", p.bill.slug, file.name()),
        ),
        ("Cache-Control", "public, max-age=300".to_string()),
    ];
    let db = state.ctx.db.clone();
    let body = stream::spawn(move |w| {
        let mut conn = db.conn().map_err(stream::io_error)?;
        file.write(&mut conn, &p, w)
    });
    let mut res = HttpResponse::Ok();
    res.content_type(file.content_type());
    for h in headers {
        res.insert_header(h);
    }
    Ok(res.streaming(body))
}

/// Each file's size and SHA-256, computed by writing it into a hash (the
/// files are the same bytes every time for a published bill).
pub async fn manifest(
    state: web::Data<AppState>,
    viewer: Viewer,
    slug: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let bill = exports::public_bill(&state.ctx, viewer.user.as_ref(), &slug).await?;
    let p = provenance(&state, bill.clone());
    let db = state.ctx.db.clone();
    let base = state.ctx.url(&format!("/bills/{}/open-data", bill.slug));
    let (files, head) = tokio::task::spawn_blocking(move || -> Result<_, AppError> {
        let mut conn = db.conn()?;
        // The chain's head as the files are made: whoever keeps the
        // manifest can later check that the log still holds it.
        let head = AuditHead::from(audit::head(&mut conn)?.as_ref());
        let mut out = Vec::new();
        for file in File::ALL.into_iter().filter(|f| available(*f, &p.bill)) {
            let mut h = stream::Hasher::default();
            file.write(&mut conn, &p, &mut h)
                .map_err(|e| AppError::Internal(e.to_string()))?;
            let bytes = h.bytes;
            out.push(serde_json::json!({
                "name": file.name(),
                "url": format!("{base}/{}", file.name()),
                "media_type": file.content_type(),
                "bytes": bytes,
                "sha256": h.hex(),
            }));
        }
        Ok((out, head))
    })
    .await
    .map_err(|e| AppError::Internal(e.to_string()))??;
    let mut doc = provenance(&state, bill).header();
    doc["files"] = serde_json::json!(files);
    doc["audit_head"] = serde_json::json!(head);
    Ok(HttpResponse::Ok()
        .insert_header(("Cache-Control", "public, max-age=300"))
        .json(doc))
}

/// Every public bill's open data.
pub async fn index(state: web::Data<AppState>, viewer: Viewer) -> Result<HttpResponse, AppError> {
    let bills = crate::service::bills::list(&state.ctx, viewer.user.as_ref(), None).await?;
    let mut c = base_context(&viewer);
    c.insert(
        "bills",
        &bills
            .iter()
            .filter(|b| b.status != BillStatus::Draft)
            .map(|b| serde_json::json!({"slug": b.slug, "title": b.title, "status": b.status}))
            .collect::<Vec<_>>(),
    );
    c.insert("licence", open_data::LICENCE);
    c.insert("licence_url", open_data::LICENCE_URL);
    page(&state, "exports/index.html", &c)
}

pub async fn synthesis(
    state: web::Data<AppState>,
    viewer: Viewer,
    slug: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    render_synthesis(&state, &viewer, &slug, None).await
}

/// The report's page; with `refused`, the foreword as it was typed and why
/// it was refused.
async fn render_synthesis(
    state: &AppState,
    viewer: &Viewer,
    slug: &str,
    refused: Option<(&str, &AppError)>,
) -> Result<HttpResponse, AppError> {
    let r = exports::report(&state.ctx, viewer.user.as_ref(), slug).await?;
    let mut c = base_context(viewer);
    c.insert(
        "report",
        &crate::web::views::exports::report(viewer.locale, &r),
    );
    match refused {
        None => {
            c.insert("foreword_refused", &false);
            page(state, "exports/synthesis.html", &c)
        }
        Some((typed, error)) => {
            c.insert("foreword_refused", &true);
            c.insert("foreword_typed", typed);
            crate::web::render::insert_errors(&mut c, error, viewer.locale);
            crate::web::render::page_with_status(
                state,
                error.status(),
                "exports/synthesis.html",
                &c,
            )
        }
    }
}

pub async fn synthesis_as(
    state: web::Data<AppState>,
    viewer: Viewer,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, AppError> {
    let (slug, format) = path.into_inner();
    let Some(format) = ReportFormat::parse(&format!("synthesis.{format}"))
        .filter(|f| *f != ReportFormat::ComparativeCsv)
    else {
        return Err(AppError::NotFound);
    };
    report_file(&state, &viewer, &slug, format).await
}

async fn report_file(
    state: &AppState,
    viewer: &Viewer,
    slug: &str,
    format: ReportFormat,
) -> Result<HttpResponse, AppError> {
    let r = exports::report(&state.ctx, viewer.user.as_ref(), slug).await?;
    let name = format.file_name(&r.slug);
    let base_url = state.ctx.settings.base_url.clone();
    let body = stream::spawn(move |w| format.write_to(&r, &base_url, w));
    // A word-processor file is saved, not shown; the text formats read in
    // the browser.
    let disposition = if format == ReportFormat::Docx {
        "attachment"
    } else {
        "inline"
    };
    Ok(HttpResponse::Ok()
        .content_type(format.content_type())
        .insert_header((
            "Content-Disposition",
            format!("{disposition}; filename=\"{name}\""),
        ))
        .insert_header(("X-Licence", open_data::LICENCE))
        .streaming(body))
}

pub async fn comparative(
    state: web::Data<AppState>,
    viewer: Viewer,
    slug: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let r = exports::report(&state.ctx, viewer.user.as_ref(), &slug).await?;
    let mut c = base_context(&viewer);
    c.insert(
        "report",
        &crate::web::views::exports::report(viewer.locale, &r),
    );
    page(&state, "exports/comparative.html", &c)
}

pub async fn comparative_csv(
    state: web::Data<AppState>,
    viewer: Viewer,
    slug: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    report_file(&state, &viewer, &slug, ReportFormat::ComparativeCsv).await
}

#[derive(serde::Deserialize)]
pub struct ForewordForm {
    #[serde(default)]
    body: String,
}

/// The foreword, from the form of the report's preview.
pub async fn foreword(
    state: web::Data<AppState>,
    viewer: Viewer,
    slug: web::Path<String>,
    crate::web::forms::CsrfForm(form): crate::web::forms::CsrfForm<ForewordForm>,
) -> Result<HttpResponse, AppError> {
    let Some(user) = viewer.user.clone() else {
        return Ok(crate::web::render::login_redirect(&viewer));
    };
    let saved = crate::service::foreword::set(&state.ctx, &user, &slug, &form.body).await;
    if let Err(error @ AppError::Invalid(_)) = &saved {
        return render_synthesis(&state, &viewer, &slug, Some((&form.body, error))).await;
    }
    saved?;
    viewer.session.set_flash("report-foreword-saved");
    Ok(crate::web::render::redirect(&format!(
        "/bills/{slug}/synthesis#foreword-h"
    )))
}
