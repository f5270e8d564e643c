//! The synthesis workspace's pages: themes beside the suggestions, the
//! contributions in no theme yet, each theme with its members, and an
//! article's argument map with its note. Plain forms; no JavaScript needed.

use actix_web::{HttpResponse, web};
use serde::Deserialize;

use crate::domain::User;
use crate::domain::themes::{KINDS, Request, Scope};
use crate::error::AppError;
use crate::service::theme_workspace::{self as workspace, NewTheme};
use crate::service::themes as suggestions;
use crate::web::AppState;
use crate::web::forms::{CsrfForm, FormFields};
use crate::web::render::{
    base_context, insert_errors, is_form_error, login_redirect, page, page_with_status, redirect,
};
use crate::web::viewer::Viewer;
use crate::web::views::themes::{self as views, SentForm};

#[derive(Deserialize)]
pub struct WorkspaceQuery {
    after: Option<i64>,
}

pub async fn workspace(
    state: web::Data<AppState>,
    viewer: Viewer,
    slug: web::Path<String>,
    query: web::Query<WorkspaceQuery>,
) -> Result<HttpResponse, AppError> {
    let Some(user) = viewer.user.clone() else {
        return Ok(login_redirect(&viewer));
    };
    render_workspace(
        &state,
        &viewer,
        &user,
        &slug,
        query.after.unwrap_or(0),
        None,
    )
    .await
}

/// The workspace; with `refused`, that form as it was sent and its errors.
async fn render_workspace(
    state: &AppState,
    viewer: &Viewer,
    user: &User,
    slug: &str,
    after: i64,
    refused: Option<(SentForm, &AppError)>,
) -> Result<HttpResponse, AppError> {
    let user = user.clone();
    let overview = workspace::overview(&state.ctx, &user, slug, after).await?;
    let request = Request {
        scope: Scope::Bill,
        kinds: KINDS.to_vec(),
        themes: None,
    };
    let suggested = suggestions::cached_or_started(&state.ctx, &user, slug, request).await?;
    let representatives = match &suggested {
        Some(s) => {
            let ids = s
                .suggestions
                .themes
                .iter()
                .map(|t| t.representative)
                .collect();
            workspace::rows(&state.ctx, ids).await?
        }
        None => Vec::new(),
    };
    let view = views::workspace(
        &overview,
        suggested.as_ref().map(|s| {
            (
                s.suggestions.themes.as_slice(),
                s.suggestions.unassigned.len(),
                representatives.as_slice(),
            )
        }),
    );
    let mut c = base_context(viewer);
    c.insert("w", &view);
    with_refused(state, viewer, c, refused, "themes/workspace.html")
}

/// Renders `template`; with a refused form, that form as sent (`sent`),
/// its errors and their status.
fn with_refused(
    state: &AppState,
    viewer: &Viewer,
    mut c: tera::Context,
    refused: Option<(SentForm, &AppError)>,
    template: &str,
) -> Result<HttpResponse, AppError> {
    match refused {
        None => {
            c.insert("sent", &SentForm::default());
            page(state, template, &c)
        }
        Some((sent, error)) => {
            c.insert("sent", &sent);
            insert_errors(&mut c, error, viewer.locale);
            page_with_status(state, error.status(), template, &c)
        }
    }
}

/// True for a refusal a themes form shows on its page.
fn shown_on_page(e: &AppError) -> bool {
    is_form_error(e) || e.status() == 409
}

/// A new theme: from the form, or a suggestion accepted with its members.
pub async fn create(
    state: web::Data<AppState>,
    viewer: Viewer,
    slug: web::Path<String>,
    CsrfForm(fields): CsrfForm<Vec<(String, String)>>,
) -> Result<HttpResponse, AppError> {
    let Some(user) = viewer.user.clone() else {
        return Ok(login_redirect(&viewer));
    };
    let f = FormFields(fields);
    let created = async {
        let article_id = match f.one("article_id") {
            "" => None,
            a => Some(
                a.parse()
                    .map_err(|_| AppError::field("article_id", "error-article-unknown"))?,
            ),
        };
        workspace::create(
            &state.ctx,
            &user,
            &slug,
            NewTheme {
                title: f.one("title").to_string(),
                article_id,
                contribution_ids: f.ids("contribution_ids", "error-theme-members-unknown")?,
            },
        )
        .await
    }
    .await;
    match created {
        Ok(theme) => {
            viewer.session.set_flash("flash-theme-created");
            Ok(redirect(&format!("/bills/{slug}/themes/{}", theme.id)))
        }
        Err(e) if shown_on_page(&e) => {
            let sent = SentForm::of("create", &f);
            render_workspace(&state, &viewer, &user, &slug, 0, Some((sent, &e))).await
        }
        Err(e) => Err(e),
    }
}

/// Checked contributions of the "in no theme" list into a theme.
pub async fn assign(
    state: web::Data<AppState>,
    viewer: Viewer,
    slug: web::Path<String>,
    CsrfForm(fields): CsrfForm<Vec<(String, String)>>,
) -> Result<HttpResponse, AppError> {
    let Some(user) = viewer.user.clone() else {
        return Ok(login_redirect(&viewer));
    };
    let f = FormFields(fields);
    let assigned = async {
        let theme = f.id("theme_id", "error-theme-unknown")?;
        workspace::change_members(&state.ctx, &user, theme, checked(&f)?, Vec::new()).await
    }
    .await;
    match assigned {
        Ok(_) => {
            viewer.session.set_flash("flash-themes-saved");
            Ok(redirect(&format!("/bills/{slug}/themes#unthemed")))
        }
        Err(e) if shown_on_page(&e) => {
            let sent = SentForm::of("assign", &f);
            render_workspace(&state, &viewer, &user, &slug, 0, Some((sent, &e))).await
        }
        Err(e) => Err(e),
    }
}

pub async fn show(
    state: web::Data<AppState>,
    viewer: Viewer,
    path: web::Path<(String, i64)>,
) -> Result<HttpResponse, AppError> {
    let Some(user) = viewer.user.clone() else {
        return Ok(login_redirect(&viewer));
    };
    let (slug, id) = path.into_inner();
    render_theme(&state, &viewer, &user, &slug, id, None).await
}

/// A theme's page; with `refused`, that form as it was sent and its errors.
async fn render_theme(
    state: &AppState,
    viewer: &Viewer,
    user: &User,
    slug: &str,
    id: i64,
    refused: Option<(SentForm, &AppError)>,
) -> Result<HttpResponse, AppError> {
    let p = workspace::theme_page(&state.ctx, user, id).await?;
    if p.bill.slug != slug {
        return Err(AppError::NotFound);
    }
    let mut c = base_context(viewer);
    c.insert("th", &views::theme(&p));
    with_refused(state, viewer, c, refused, "themes/theme.html")
}

/// The theme page's acts on checked members: remove, move, split off;
/// and on the theme: rename, merge, delete.
pub async fn act(
    state: web::Data<AppState>,
    viewer: Viewer,
    path: web::Path<(String, i64)>,
    CsrfForm(fields): CsrfForm<Vec<(String, String)>>,
) -> Result<HttpResponse, AppError> {
    let Some(user) = viewer.user.clone() else {
        return Ok(login_redirect(&viewer));
    };
    let (slug, id) = path.into_inner();
    let f = FormFields(fields);
    let ctx = &state.ctx;
    let here = format!("/bills/{slug}/themes/{id}");
    let done = async {
        Ok(match f.one("act") {
            "remove" => {
                workspace::change_members(ctx, &user, id, Vec::new(), checked(&f)?).await?;
                here
            }
            "move" => {
                let target = f.id("to", "error-theme-unknown")?;
                workspace::move_members(ctx, &user, id, target, checked(&f)?).await?;
                here
            }
            "split" => {
                let new = workspace::split(ctx, &user, id, f.one("title"), checked(&f)?).await?;
                format!("/bills/{slug}/themes/{}", new.id)
            }
            "rename" => {
                workspace::rename(ctx, &user, id, f.one("title")).await?;
                here
            }
            "merge" => {
                let kept =
                    workspace::merge(ctx, &user, id, f.id("into", "error-theme-unknown")?).await?;
                format!("/bills/{slug}/themes/{}", kept.id)
            }
            "delete" => {
                workspace::delete(ctx, &user, id).await?;
                format!("/bills/{slug}/themes")
            }
            _ => return Err(AppError::field("act", "error-theme-act")),
        })
    }
    .await;
    match done {
        Ok(to) => {
            viewer.session.set_flash("flash-themes-saved");
            Ok(redirect(&to))
        }
        Err(e) if shown_on_page(&e) => {
            // Each form of the page by its name: the theme's own fields, or
            // the acts on its checked members.
            let name = match f.one("act") {
                "rename" => "rename",
                "merge" => "merge",
                _ => "members",
            };
            let sent = SentForm::of(name, &f);
            render_theme(&state, &viewer, &user, &slug, id, Some((sent, &e))).await
        }
        Err(e) => Err(e),
    }
}

fn checked(f: &FormFields) -> Result<Vec<i64>, AppError> {
    let ids = f.ids("contribution_ids", "error-theme-members-unknown")?;
    if ids.is_empty() {
        return Err(AppError::field("contribution_ids", "error-bulk-empty"));
    }
    Ok(ids)
}

/// An article's synthesis for the moderation team: the argument map and
/// the note.
pub async fn article(
    state: web::Data<AppState>,
    viewer: Viewer,
    path: web::Path<(String, i64)>,
) -> Result<HttpResponse, AppError> {
    let Some(user) = viewer.user.clone() else {
        return Ok(login_redirect(&viewer));
    };
    let (slug, id) = path.into_inner();
    render_article(&state, &viewer, &user, &slug, id, None).await
}

/// The article's synthesis page; with `refused`, the note as it was typed
/// and why it was refused.
pub async fn render_article(
    state: &AppState,
    viewer: &Viewer,
    user: &crate::domain::User,
    slug: &str,
    id: i64,
    refused: Option<(&str, &AppError)>,
) -> Result<HttpResponse, AppError> {
    let map = workspace::argument_map(&state.ctx, user, slug, id).await?;
    let mut c = base_context(viewer);
    c.insert("map", &views::argument_map(&map));
    match refused {
        None => {
            c.insert("note_refused", &false);
            page(state, "themes/article.html", &c)
        }
        Some((note, error)) => {
            c.insert("note_refused", &true);
            c.insert("note_typed", note);
            crate::web::render::insert_errors(&mut c, error, viewer.locale);
            crate::web::render::page_with_status(state, error.status(), "themes/article.html", &c)
        }
    }
}
