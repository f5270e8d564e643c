//! Bill pages: reading, drafting, importing, running the consultation.

use actix_multipart::Multipart;
use actix_web::{HttpResponse, web};
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use futures_util::StreamExt;
use serde::{Deserialize, Serialize};

use crate::domain::{BillStatus, FieldError, FieldErrors, Permission, time};
use crate::error::AppError;
use crate::import::{self, Format, ImportProblem};
use crate::service::bills::{self as service, ArticleInput, BillDraft, BillPatch};
use crate::service::reading;
use crate::web::AppState;
use crate::web::confirm::{self, Confirmation};
use crate::web::forms::CsrfForm;
use crate::web::render::{
    base_context, form_with_errors, is_form_error, login_redirect, page, page_with_status, redirect,
};
use crate::web::session::Session;
use crate::web::viewer::Viewer;
use crate::web::views::{bill_page, bills as views, dates, proposals_page};

/// A bill's landing page: what it is, when the consultation runs, its
/// articles with their figures (links, not texts), its most supported
/// proposals, and where to go from there.
pub async fn show(
    state: web::Data<AppState>,
    viewer: Viewer,
    slug: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let landing = reading::bill_landing(&state.ctx, viewer.user.as_ref(), &slug).await?;
    let mut c = base_context(&viewer);
    c.insert(
        "page",
        &bill_page::bill_page(viewer.locale, &landing, time::now()),
    );
    page(&state, "bills/show.html", &c)
}

#[derive(Deserialize, Default)]
pub struct ProposalsCursor {
    cursor: Option<String>,
    sort: Option<String>,
    /// The proposal just posted, shown first.
    highlight: Option<i64>,
}

/// Every proposal of a bill, most supported first, with the form to
/// propose a new article at the top.
pub async fn proposals(
    state: web::Data<AppState>,
    viewer: Viewer,
    slug: web::Path<String>,
    query: web::Query<ProposalsCursor>,
) -> Result<HttpResponse, AppError> {
    let c = proposals_context(&state, &viewer, &slug, &query, None).await?;
    page(&state, "bills/proposals.html", &c)
}

/// The proposals page's context; with `failed`, the proposal form as it
/// was sent and its errors.
pub async fn proposals_context(
    state: &AppState,
    viewer: &Viewer,
    slug: &str,
    query: &ProposalsCursor,
    failed: Option<(
        &crate::web::pages::contributions::ContributionForm,
        &AppError,
    )>,
) -> Result<tera::Context, AppError> {
    let want = reading::ProposalLists {
        sort: query.sort.as_deref().and_then(|s| s.parse().ok()),
        cursor: query.cursor.clone(),
        highlight: query.highlight,
    };
    let data = reading::proposals_page(&state.ctx, viewer.user.as_ref(), slug, want).await?;
    let view = proposals_page::proposals_page(
        viewer.locale,
        &data,
        query.highlight,
        crate::domain::allows(viewer.user.as_ref(), Permission::Participate),
        time::now(),
    );
    let mut c = base_context(viewer);
    crate::web::views::layout::insert_view(&mut c, &view)?;
    match failed {
        Some((form, e)) => {
            c.insert("form", form);
            crate::web::render::insert_errors(&mut c, e, viewer.locale);
        }
        None => {
            c.insert(
                "form",
                &crate::web::pages::contributions::ContributionForm::fresh("proposal"),
            );
        }
    }
    Ok(c)
}

/// Problems of an unreadable file as field errors on `file`, each with
/// where it was found.
/// Parses an imported file on the blocking thread pool: a large or
/// convoluted file must not hold up an actix worker (and every connection
/// it serves) while it is read.
pub async fn parse_off_worker(
    format: Format,
    bytes: impl AsRef<[u8]> + Send + 'static,
) -> Result<Result<import::ImportedBill, Vec<ImportProblem>>, AppError> {
    tokio::task::spawn_blocking(move || import::parse(format, bytes.as_ref()))
        .await
        .map_err(|e| AppError::Internal(format!("import parser: {e}")))
}

pub fn problems_as_errors(problems: Vec<ImportProblem>) -> AppError {
    let mut errors = FieldErrors::default();
    for p in problems {
        let mut e = FieldError::new("file", p.message).with_arg("location", p.location);
        e.args.extend(p.args);
        errors.push(e);
    }
    AppError::Invalid(errors)
}

fn sponsor_only(viewer: &Viewer) -> Result<Option<HttpResponse>, AppError> {
    if viewer.user.is_none() {
        return Ok(Some(login_redirect(viewer)));
    }
    viewer.require(Permission::Sponsor)?;
    Ok(None)
}

#[derive(Deserialize, Serialize, Default)]
pub struct NewBillForm {
    #[serde(default)]
    title: String,
    #[serde(default)]
    summary: String,
    #[serde(default)]
    articles: String,
    #[serde(default)]
    opens_at: String,
    #[serde(default)]
    closes_at: String,
}

pub async fn new_form(
    state: web::Data<AppState>,
    viewer: Viewer,
) -> Result<HttpResponse, AppError> {
    if let Some(r) = sponsor_only(&viewer)? {
        return Ok(r);
    }
    let mut c = base_context(&viewer);
    c.insert("form", &NewBillForm::default());
    page(&state, "bills/new.html", &c)
}

fn dates_of(
    opens: &str,
    closes: &str,
) -> Result<(Option<chrono::NaiveDateTime>, Option<chrono::NaiveDateTime>), AppError> {
    let mut errors = FieldErrors::default();
    let opens = errors.take(dates::parse_input("opens_at", opens));
    let closes = errors.take(dates::parse_input("closes_at", closes));
    errors.into_result()?;
    Ok((opens.flatten(), closes.flatten()))
}

/// A bill typed in: the articles are written as in a bill ("Article 1er",
/// then its alinéas) and read by the text importer.
pub async fn create(
    state: web::Data<AppState>,
    viewer: Viewer,
    CsrfForm(form): CsrfForm<NewBillForm>,
) -> Result<HttpResponse, AppError> {
    let user = viewer.require(Permission::Sponsor)?.clone();
    let result = async {
        let (opens_at, closes_at) = dates_of(&form.opens_at, &form.closes_at)?;
        let parsed = import::parse(Format::Text, form.articles.as_bytes()).map_err(|problems| {
            let mut e = problems_as_errors(problems);
            if let AppError::Invalid(errors) = &mut e {
                for fe in &mut errors.0 {
                    fe.field = "articles";
                }
            }
            e
        })?;
        let mut draft = BillDraft::from_import(parsed, Some(form.title.clone()));
        if !form.summary.trim().is_empty() {
            draft.summary = form.summary.clone();
        }
        draft.opens_at = opens_at;
        draft.closes_at = closes_at;
        service::create(&state.ctx, &user, draft).await
    }
    .await;
    match result {
        Ok(bill) => {
            viewer.session.set_flash("flash-bill-created");
            Ok(redirect(&format!("/bills/{}", bill.slug)))
        }
        Err(e) if is_form_error(&e) => {
            form_with_errors(&state, &viewer, "bills/new.html", &form, &e)
        }
        Err(e) => Err(e),
    }
}

pub async fn import_form(
    state: web::Data<AppState>,
    viewer: Viewer,
) -> Result<HttpResponse, AppError> {
    if let Some(r) = sponsor_only(&viewer)? {
        return Ok(r);
    }
    page(&state, "bills/import.html", &base_context(&viewer))
}

struct Upload {
    csrf_token: String,
    filename: Option<String>,
    content: Vec<u8>,
}

async fn read_upload(mut payload: Multipart, limit: usize) -> Result<Upload, AppError> {
    let mut upload = Upload {
        csrf_token: String::new(),
        filename: None,
        content: Vec::new(),
    };
    while let Some(field) = payload.next().await {
        let mut field =
            field.map_err(|e| AppError::BadRequest(format!("malformed upload: {e}")))?;
        let name = field.name().unwrap_or("").to_string();
        let filename = field
            .content_disposition()
            .and_then(|d| d.get_filename())
            .map(str::to_string);
        let mut bytes = Vec::new();
        while let Some(chunk) = field.next().await {
            let chunk =
                chunk.map_err(|e| AppError::BadRequest(format!("malformed upload: {e}")))?;
            if bytes.len() + chunk.len() > limit {
                return Err(AppError::TooLarge);
            }
            bytes.extend_from_slice(&chunk);
        }
        match name.as_str() {
            "csrf_token" => upload.csrf_token = String::from_utf8_lossy(&bytes).into_owned(),
            "file" => {
                upload.filename = filename;
                upload.content = bytes;
            }
            _ => {}
        }
    }
    Ok(upload)
}

fn preview_context(
    viewer: &Viewer,
    format: Format,
    content: &[u8],
    parsed: &import::ImportedBill,
) -> tera::Context {
    let mut c = base_context(viewer);
    c.insert("format", format.as_str());
    c.insert("content", &STANDARD.encode(content));
    c.insert("title", &parsed.title.clone().unwrap_or_default());
    c.insert(
        "summary_html",
        &crate::text::markdown::to_html(&parsed.summary),
    );
    c.insert("sections", &parsed.sections);
    let articles: Vec<serde_json::Value> = parsed
        .articles
        .iter()
        .map(|a| {
            serde_json::json!({
                "label": a.label,
                "heading": a.heading,
                "body_html": crate::text::markdown::to_html(&a.body),
                "section": a.section.and_then(|i| parsed.sections.get(i)).map(|s| format!("{} {}", s.label, s.heading)),
            })
        })
        .collect();
    c.insert("articles", &articles);
    c.insert("warnings", &parsed.warning_texts(viewer.locale));
    c
}

/// The uploaded file, read but not saved: the sponsor checks what was
/// understood before creating the draft.
pub async fn import_preview(
    state: web::Data<AppState>,
    viewer: Viewer,
    payload: Multipart,
) -> Result<HttpResponse, AppError> {
    let limit = state.ctx.settings.max_body_bytes;
    let upload = read_upload(payload, limit).await?;
    if !Session::csrf_matches(&viewer.session, &upload.csrf_token) {
        return Err(AppError::Csrf);
    }
    viewer.require(Permission::Sponsor)?;
    if upload.content.is_empty() {
        let e = AppError::field("file", "error-file-missing");
        return form_with_errors(
            &state,
            &viewer,
            "bills/import.html",
            &serde_json::json!({}),
            &e,
        );
    }
    let format = Format::detect(upload.filename.as_deref(), &upload.content);
    match parse_off_worker(format, upload.content.clone()).await? {
        Ok(parsed) => page(
            &state,
            "bills/import_preview.html",
            &preview_context(&viewer, format, &upload.content, &parsed),
        ),
        Err(problems) => {
            let e = problems_as_errors(problems);
            form_with_errors(
                &state,
                &viewer,
                "bills/import.html",
                &serde_json::json!({}),
                &e,
            )
        }
    }
}

#[derive(Deserialize)]
pub struct ImportConfirm {
    #[serde(default)]
    format: String,
    #[serde(default)]
    content: String,
    #[serde(default)]
    title: String,
}

fn format_named(name: &str) -> Option<Format> {
    [Format::Text, Format::FabriqueJson, Format::AkomaNtoso]
        .into_iter()
        .find(|f| f.as_str() == name)
}

pub async fn import_confirm(
    state: web::Data<AppState>,
    viewer: Viewer,
    CsrfForm(form): CsrfForm<ImportConfirm>,
) -> Result<HttpResponse, AppError> {
    let user = viewer.require(Permission::Sponsor)?.clone();
    let format =
        format_named(&form.format).ok_or_else(|| AppError::BadRequest("unknown format".into()))?;
    let content = STANDARD
        .decode(form.content.trim())
        .map_err(|_| AppError::BadRequest("the previewed file was altered".into()))?;
    let parsed = parse_off_worker(format, content.clone())
        .await?
        .map_err(problems_as_errors)?;
    let title = Some(form.title.clone());
    match service::create(
        &state.ctx,
        &user,
        BillDraft::from_import(parsed.clone(), title),
    )
    .await
    {
        Ok(bill) => {
            viewer.session.set_flash("flash-bill-created");
            Ok(redirect(&format!("/bills/{}", bill.slug)))
        }
        Err(e @ AppError::Invalid(_)) => {
            let mut c = preview_context(&viewer, format, &content, &parsed);
            c.insert("title", &form.title);
            crate::web::render::insert_errors(&mut c, &e, viewer.locale);
            page_with_status(&state, 422, "bills/import_preview.html", &c)
        }
        Err(e) => Err(e),
    }
}

async fn managed_detail(
    state: &AppState,
    viewer: &Viewer,
    slug: &str,
) -> Result<service::BillDetail, AppError> {
    let detail = service::detail(&state.ctx, viewer.user.as_ref(), slug).await?;
    if !detail.can_manage {
        return Err(AppError::Forbidden("error-bill-sponsors-only"));
    }
    Ok(detail)
}

pub async fn edit_form(
    state: web::Data<AppState>,
    viewer: Viewer,
    slug: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    if viewer.user.is_none() {
        return Ok(login_redirect(&viewer));
    }
    let detail = managed_detail(&state, &viewer, &slug).await?;
    let mut c = base_context(&viewer);
    c.insert("bill", &views::bill_edit_header(&detail));
    c.insert(
        "form",
        &EditForm {
            title: detail.bill.title.clone(),
            summary: detail.bill.summary.clone(),
            opens_at: dates::input_value(detail.bill.opens_at),
            closes_at: dates::input_value(detail.bill.closes_at),
        },
    );
    page(&state, "bills/edit.html", &c)
}

#[derive(Deserialize, Serialize, Default)]
pub struct EditForm {
    #[serde(default)]
    title: String,
    #[serde(default)]
    summary: String,
    #[serde(default)]
    opens_at: String,
    #[serde(default)]
    closes_at: String,
}

pub async fn update(
    state: web::Data<AppState>,
    viewer: Viewer,
    slug: web::Path<String>,
    CsrfForm(form): CsrfForm<EditForm>,
) -> Result<HttpResponse, AppError> {
    let user = viewer.require_user()?.clone();
    let detail = managed_detail(&state, &viewer, &slug).await?;
    let result = async {
        let (opens_at, closes_at) = dates_of(&form.opens_at, &form.closes_at)?;
        let patch = BillPatch {
            title: Some(form.title.clone()),
            summary: Some(form.summary.clone()),
            opens_at: (detail.status == BillStatus::Draft && opens_at != detail.bill.opens_at)
                .then_some(opens_at),
            closes_at: (closes_at != detail.bill.closes_at).then_some(closes_at),
        };
        service::update(&state.ctx, &user, &slug, patch).await
    }
    .await;
    match result {
        Ok(bill) => {
            viewer.session.set_flash("flash-bill-saved");
            Ok(redirect(&format!("/bills/{}", bill.slug)))
        }
        Err(e) if is_form_error(&e) => {
            let mut c = base_context(&viewer);
            c.insert("bill", &views::bill_edit_header(&detail));
            c.insert("form", &form);
            crate::web::render::insert_errors(&mut c, &e, viewer.locale);
            page_with_status(&state, e.status(), "bills/edit.html", &c)
        }
        Err(e) => Err(e),
    }
}

#[derive(Deserialize)]
pub struct TransitionForm {
    to: String,
    confirm: Option<String>,
}

pub async fn transition(
    state: web::Data<AppState>,
    viewer: Viewer,
    slug: web::Path<String>,
    CsrfForm(form): CsrfForm<TransitionForm>,
) -> Result<HttpResponse, AppError> {
    let user = viewer.require_user()?;
    let to: BillStatus = form
        .to
        .parse()
        .map_err(|_| AppError::field("to", "error-status-invalid"))?;
    if !confirm::confirmed(form.confirm.as_deref()) {
        return match to {
            BillStatus::Published => {
                crate::web::pages::synthesis::publish_confirmation(&state, &viewer, user, &slug)
                    .await
            }
            _ => transition_confirmation(&state, &viewer, user, &slug, to).await,
        };
    }
    // Publication is its own use case (decisions, final text, synthesis).
    let bill = match to {
        BillStatus::Published => {
            crate::service::synthesis::publish(&state.ctx, user, &slug).await?
        }
        _ => service::transition(&state.ctx, user, &slug, to).await?,
    };
    viewer.session.set_flash(match to {
        BillStatus::Open => "flash-bill-opened",
        BillStatus::Closed => "flash-bill-closed",
        _ => "flash-bill-published",
    });
    Ok(redirect(&format!("/bills/{}", bill.slug)))
}

/// What opening or closing the consultation does, before it is done.
async fn transition_confirmation(
    state: &AppState,
    viewer: &Viewer,
    user: &crate::domain::User,
    slug: &str,
    to: BillStatus,
) -> Result<HttpResponse, AppError> {
    let detail = service::detail(&state.ctx, Some(user), slug).await?;
    if !detail.can_manage {
        return Err(AppError::Forbidden("error-bill-sponsors-only"));
    }
    let l = viewer.locale;
    let b = &detail.bill;
    // Refused before any confirmation, as the act itself would be.
    if to == BillStatus::Open
        && let Some(why) = crate::domain::bill::why_it_cannot_open(b.closes_at, time::now())
    {
        return Err(AppError::Conflict(why));
    }
    let mut blocked = Vec::new();
    if !detail.status.can_become(to) {
        blocked.push(crate::i18n::t(l, "error-transition-not-allowed"));
    }
    let n = |v: i32| crate::web::views::open_data::grouped(l, v.max(0) as u64);
    let (title, lines) = match to {
        BillStatus::Closed => (
            "confirm-close-title",
            vec![
                crate::i18n::t(l, "confirm-close-effect"),
                crate::i18n::t_args(
                    l,
                    "confirm-close-figures",
                    &[
                        ("contributions", n(b.contributions_count)),
                        ("participants", n(b.participants_count)),
                        ("votes", n(b.votes_count)),
                        ("c", b.contributions_count.to_string()),
                        ("p", b.participants_count.to_string()),
                        ("v", b.votes_count.to_string()),
                    ],
                ),
                crate::i18n::t(l, "confirm-close-next"),
            ],
        ),
        _ => (
            "confirm-open-title",
            vec![
                crate::i18n::t(l, "confirm-open-effect"),
                crate::i18n::t_args(
                    l,
                    "confirm-open-until",
                    &[(
                        "date",
                        b.closes_at.map(|c| dates::long(l, c)).unwrap_or_default(),
                    )],
                ),
            ],
        ),
    };
    let confirmation = Confirmation {
        title: format!("{} — {}", crate::i18n::t(l, title), b.title),
        lines,
        figures: Vec::new(),
        action: format!("/bills/{}/transitions", b.slug),
        fields: vec![("to".into(), to.as_str().into())],
        confirm_label: crate::i18n::t(
            l,
            match to {
                BillStatus::Closed => "confirm-close-button",
                _ => "confirm-open-button",
            },
        ),
        cancel: format!("/bills/{}", b.slug),
        blocked,
    };
    confirm::show(state, viewer, &confirmation)
}

#[derive(Deserialize)]
pub struct CosponsorForm {
    #[serde(default)]
    email: String,
}

pub async fn add_cosponsor(
    state: web::Data<AppState>,
    viewer: Viewer,
    slug: web::Path<String>,
    CsrfForm(form): CsrfForm<CosponsorForm>,
) -> Result<HttpResponse, AppError> {
    let user = viewer.require_user()?;
    service::add_cosponsor(&state.ctx, user, &slug, &form.email).await?;
    viewer.session.set_flash("flash-cosponsor-added");
    Ok(redirect(&format!("/bills/{slug}/edit")))
}

#[derive(Deserialize)]
pub struct ArticleForm {
    #[serde(default)]
    label: String,
    #[serde(default)]
    heading: String,
    #[serde(default)]
    body: String,
}

pub async fn add_article(
    state: web::Data<AppState>,
    viewer: Viewer,
    slug: web::Path<String>,
    CsrfForm(form): CsrfForm<ArticleForm>,
) -> Result<HttpResponse, AppError> {
    let user = viewer.require_user()?;
    let article = service::add_article(
        &state.ctx,
        user,
        &slug,
        ArticleInput {
            label: form.label,
            heading: Some(form.heading),
            body: form.body,
            section: None,
            explanation: None,
        },
    )
    .await?;
    viewer.session.set_flash("flash-article-added");
    Ok(redirect(&format!("/bills/{slug}#article-{}", article.id)))
}
