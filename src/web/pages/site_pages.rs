//! The charter, legal notice, privacy policy and accessibility statement:
//! read by everyone, written by admins.

use actix_web::{HttpResponse, web};
use serde::{Deserialize, Serialize};
use serde_json::json;

use crate::domain::site_pages::{BODY_MAX, SitePage};
use crate::domain::{Locale, Permission};
use crate::error::AppError;
use crate::service::site_pages as service;
use crate::text::markdown;
use crate::web::AppState;
use crate::web::forms::CsrfForm;
use crate::web::render::{
    base_context, insert_errors, is_form_error, login_redirect, page, page_with_status, redirect,
};
use crate::web::viewer::Viewer;
use crate::web::views::dates;

fn page_of(slug: &str) -> Result<SitePage, AppError> {
    SitePage::from_slug(slug).ok_or(AppError::NotFound)
}

pub async fn show(
    state: web::Data<AppState>,
    viewer: Viewer,
    slug: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let site_page = page_of(&slug)?;
    let text = service::read(&state.ctx, site_page, viewer.locale).await?;
    let mut c = base_context(&viewer);
    c.insert("title_key", &format!("site-page-{}", site_page.slug()));
    c.insert("html", &markdown::page_to_html(&text.markdown));
    c.insert(
        "updated_on",
        &text.updated_at.map(|t| dates::day(viewer.locale, t)),
    );
    page(&state, "site_pages/show.html", &c)
}

/// The list of pages to edit, per language.
pub async fn admin_list(
    state: web::Data<AppState>,
    viewer: Viewer,
) -> Result<HttpResponse, AppError> {
    if viewer.user.is_none() {
        return Ok(login_redirect(&viewer));
    }
    viewer.require(Permission::AdministerUsers)?;
    let mut c = base_context(&viewer);
    let pages: Vec<_> = SitePage::ALL
        .iter()
        .map(|p| json!({"slug": p.slug()}))
        .collect();
    c.insert("pages", &pages);
    page(&state, "site_pages/admin.html", &c)
}

fn locale_of(raw: &str) -> Result<Locale, AppError> {
    raw.parse().map_err(|_| AppError::NotFound)
}

#[derive(Deserialize, Serialize, Default)]
pub struct PageForm {
    #[serde(default)]
    body: String,
}

fn edit_form(
    state: &AppState,
    viewer: &Viewer,
    site_page: SitePage,
    locale: Locale,
    body: &str,
    error: Option<&AppError>,
) -> Result<HttpResponse, AppError> {
    let mut c = base_context(viewer);
    c.insert("slug", site_page.slug());
    c.insert("page_locale", locale.as_str());
    c.insert("form", &PageForm { body: body.into() });
    c.insert("max", &BODY_MAX);
    let status = match error {
        Some(e) => {
            insert_errors(&mut c, e, viewer.locale);
            e.status()
        }
        None => 200,
    };
    page_with_status(state, status, "site_pages/edit.html", &c)
}

pub async fn admin_edit(
    state: web::Data<AppState>,
    viewer: Viewer,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, AppError> {
    if viewer.user.is_none() {
        return Ok(login_redirect(&viewer));
    }
    viewer.require(Permission::AdministerUsers)?;
    let (site_page, locale) = (page_of(&path.0)?, locale_of(&path.1)?);
    let text = service::read(&state.ctx, site_page, locale).await?;
    edit_form(&state, &viewer, site_page, locale, &text.markdown, None)
}

pub async fn admin_save(
    state: web::Data<AppState>,
    viewer: Viewer,
    path: web::Path<(String, String)>,
    CsrfForm(form): CsrfForm<PageForm>,
) -> Result<HttpResponse, AppError> {
    if viewer.user.is_none() {
        return Ok(login_redirect(&viewer));
    }
    let admin = viewer.require(Permission::AdministerUsers)?.clone();
    let (site_page, locale) = (page_of(&path.0)?, locale_of(&path.1)?);
    match service::edit(&state.ctx, &admin, site_page, locale, &form.body).await {
        Ok(()) => {
            viewer.session.set_flash("flash-site-page-saved");
            Ok(redirect("/admin/pages"))
        }
        Err(e) if is_form_error(&e) => {
            edit_form(&state, &viewer, site_page, locale, &form.body, Some(&e))
        }
        Err(e) => Err(e),
    }
}
