//! Article pages: the text, its history, and its edition by sponsors.

use actix_web::{HttpResponse, web};
use serde::{Deserialize, Serialize};

use crate::domain::time;
use crate::error::AppError;
use crate::service::bills::{self as service, ArticleEdit};
use crate::web::AppState;
use crate::web::forms::{CsrfForm, NoFields};
use crate::web::render::{
    base_context, is_form_error, login_redirect, page, page_with_status, redirect,
};
use crate::web::viewer::Viewer;
use crate::web::views::bills as views;

/// The article, checking that it belongs to the bill in the address.
async fn load(
    state: &AppState,
    viewer: &Viewer,
    slug: &str,
    id: i64,
) -> Result<service::ArticleDetail, AppError> {
    let detail = service::article(&state.ctx, viewer.user.as_ref(), id).await?;
    if detail.bill.slug != slug {
        return Err(AppError::NotFound);
    }
    Ok(detail)
}

fn article_context(viewer: &Viewer, detail: &service::ArticleDetail) -> tera::Context {
    let mut c = base_context(viewer);
    let view = views::article_page(viewer.locale, detail, time::now());
    if let Some(map) = view.as_object() {
        for (k, v) in map {
            c.insert(k, v);
        }
    }
    c
}

pub async fn show(
    state: web::Data<AppState>,
    viewer: Viewer,
    path: web::Path<(String, i64)>,
) -> Result<HttpResponse, AppError> {
    let (slug, id) = path.into_inner();
    let detail = load(&state, &viewer, &slug, id).await?;
    page(
        &state,
        "articles/show.html",
        &article_context(&viewer, &detail),
    )
}

#[derive(Deserialize)]
pub struct Compare {
    from: Option<i32>,
    to: Option<i32>,
}

pub async fn history(
    state: web::Data<AppState>,
    viewer: Viewer,
    path: web::Path<(String, i64)>,
    query: web::Query<Compare>,
) -> Result<HttpResponse, AppError> {
    let (slug, id) = path.into_inner();
    let detail = load(&state, &viewer, &slug, id).await?;
    let mut c = article_context(&viewer, &detail);
    c.insert(
        "history",
        &views::history(viewer.locale, &detail, query.from, query.to),
    );
    page(&state, "articles/history.html", &c)
}

#[derive(Deserialize, Serialize, Default)]
pub struct EditForm {
    #[serde(default)]
    label: String,
    #[serde(default)]
    heading: String,
    #[serde(default)]
    body: String,
    #[serde(default)]
    reason: String,
}

pub async fn edit_form(
    state: web::Data<AppState>,
    viewer: Viewer,
    path: web::Path<(String, i64)>,
) -> Result<HttpResponse, AppError> {
    if viewer.user.is_none() {
        return Ok(login_redirect(&viewer));
    }
    let (slug, id) = path.into_inner();
    let detail = load(&state, &viewer, &slug, id).await?;
    if !detail.can_manage {
        return Err(AppError::Forbidden("error-bill-sponsors-only"));
    }
    let mut c = article_context(&viewer, &detail);
    c.insert(
        "form",
        &EditForm {
            label: detail.article.label.clone(),
            heading: detail.article.heading.clone().unwrap_or_default(),
            body: detail.article.body.clone(),
            reason: String::new(),
        },
    );
    page(&state, "articles/edit.html", &c)
}

pub async fn update(
    state: web::Data<AppState>,
    viewer: Viewer,
    path: web::Path<(String, i64)>,
    CsrfForm(form): CsrfForm<EditForm>,
) -> Result<HttpResponse, AppError> {
    let user = viewer.require_user()?.clone();
    let (slug, id) = path.into_inner();
    let detail = load(&state, &viewer, &slug, id).await?;
    let edit = ArticleEdit {
        label: Some(form.label.clone()),
        heading: Some(form.heading.clone()),
        body: form.body.clone(),
        reason: Some(form.reason.clone()),
    };
    match service::edit_article(&state.ctx, &user, id, edit).await {
        Ok(article) => {
            viewer.session.set_flash("flash-article-saved");
            Ok(redirect(&format!("/bills/{slug}/articles/{}", article.id)))
        }
        Err(e) if is_form_error(&e) => {
            let mut c = article_context(&viewer, &detail);
            c.insert("form", &form);
            c.insert(
                "errors",
                &crate::web::errors::field_messages(&e, viewer.locale),
            );
            c.insert(
                "error_summary",
                &crate::web::errors::detail(&e, viewer.locale),
            );
            page_with_status(&state, e.status(), "articles/edit.html", &c)
        }
        Err(e) => Err(e),
    }
}

pub async fn delete(
    state: web::Data<AppState>,
    viewer: Viewer,
    path: web::Path<(String, i64)>,
    _form: CsrfForm<NoFields>,
) -> Result<HttpResponse, AppError> {
    let user = viewer.require_user()?.clone();
    let (slug, id) = path.into_inner();
    load(&state, &viewer, &slug, id).await?;
    let slug = service::delete_article(&state.ctx, &user, id).await?;
    viewer.session.set_flash("flash-article-deleted");
    Ok(redirect(&format!("/bills/{slug}")))
}
