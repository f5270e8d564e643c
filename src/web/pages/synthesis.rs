//! Synthesis pages: the moderators' themes and notes, the sponsor's
//! arbitration workspace, and publication.

use actix_web::{HttpResponse, web};
use serde::Deserialize;

use crate::domain::decision::{Decision, Outcome};
use crate::error::AppError;
use crate::i18n;
use crate::service::synthesis as service;
use crate::web::AppState;
use crate::web::confirm::{self, Confirmation};
use crate::web::forms::{CsrfForm, FormFields};
use crate::web::render::{
    back_to, base_context, insert_errors, login_redirect, page_with_status, redirect,
};
use crate::web::viewer::Viewer;
use crate::web::views::layout::insert_view;
use crate::web::views::synthesis::{self as views, FailedDecision, FailedWording};

#[derive(Deserialize)]
pub struct WorkspaceParams {
    pending: Option<String>,
}

pub async fn arbitration(
    state: web::Data<AppState>,
    viewer: Viewer,
    slug: web::Path<String>,
    params: web::Query<WorkspaceParams>,
) -> Result<HttpResponse, AppError> {
    let Some(user) = viewer.user.clone() else {
        return Ok(login_redirect(&viewer));
    };
    let w = service::workspace(&state.ctx, &user, &slug).await?;
    workspace_page(&state, &viewer, &w, params.pending.is_some(), None)
}

/// A form of the workspace that was refused: what was typed, and why.
enum Refused<'a> {
    /// An item's decision.
    Decision {
        id: i64,
        form: &'a DecisionForm,
        error: &'a AppError,
    },
    /// An article's final wording.
    Wording {
        article: i64,
        body: &'a str,
        error: &'a AppError,
    },
}

/// The workspace; with `refused`, shown again with that item's form as it
/// was typed and the messages by its fields (status 422).
fn workspace_page(
    state: &AppState,
    viewer: &Viewer,
    w: &service::Workspace,
    pending: bool,
    refused: Option<Refused>,
) -> Result<HttpResponse, AppError> {
    let mut c = base_context(viewer);
    let (mut failed, mut failed_wording) = (FailedDecision::default(), FailedWording::default());
    let mut status = 200;
    if let Some(refused) = refused {
        let error = match refused {
            Refused::Decision { id, form, error } => {
                failed = FailedDecision {
                    id: Some(id),
                    decision: form.decision.clone(),
                    justification: form.justification.clone().unwrap_or_default(),
                    wording: form.wording.clone().unwrap_or_default(),
                };
                status = 422;
                error
            }
            Refused::Wording {
                article,
                body,
                error,
            } => {
                failed_wording = FailedWording {
                    article: Some(article),
                    body: body.to_string(),
                };
                status = error.status();
                error
            }
        };
        insert_errors(&mut c, error, viewer.locale);
    }
    let view = views::arbitration(
        viewer.locale,
        w,
        pending,
        &viewer.path,
        failed,
        failed_wording,
    );
    insert_view(&mut c, &view)?;
    page_with_status(state, status, "synthesis/arbitration.html", &c)
}

#[derive(Deserialize)]
pub struct DecisionForm {
    #[serde(default)]
    decision: String,
    justification: Option<String>,
    wording: Option<String>,
    #[serde(default)]
    return_to: String,
}

pub async fn decide(
    state: web::Data<AppState>,
    viewer: Viewer,
    id: web::Path<i64>,
    CsrfForm(form): CsrfForm<DecisionForm>,
) -> Result<HttpResponse, AppError> {
    let Some(user) = viewer.user.clone() else {
        return Ok(login_redirect(&viewer));
    };
    let decided = service::decide(
        &state.ctx,
        &user,
        *id,
        &form.decision,
        form.justification.as_deref(),
        form.wording.as_deref(),
    )
    .await;
    if let Err(error @ AppError::Invalid(_)) = &decided {
        // The workspace again, this form as typed, the message by its field.
        let slug = service::slug_of_item(&state.ctx, &user, *id).await?;
        let w = service::workspace(&state.ctx, &user, &slug).await?;
        let pending = form.return_to.contains("pending=");
        let refused = Refused::Decision {
            id: *id,
            form: &form,
            error,
        };
        return workspace_page(&state, &viewer, &w, pending, Some(refused));
    }
    decided?;
    viewer.session.set_flash("flash-decision-saved");
    Ok(redirect(&format!(
        "{}#item-{id}",
        back_to(&form.return_to, "/".into())
            .split('#')
            .next()
            .unwrap_or("/")
    )))
}

#[derive(Deserialize)]
pub struct TextForm {
    #[serde(default)]
    body: String,
    #[serde(default)]
    return_to: String,
}

pub async fn wording(
    state: web::Data<AppState>,
    viewer: Viewer,
    path: web::Path<(String, i64)>,
    CsrfForm(form): CsrfForm<TextForm>,
) -> Result<HttpResponse, AppError> {
    let Some(user) = viewer.user.clone() else {
        return Ok(login_redirect(&viewer));
    };
    let (slug, id) = path.into_inner();
    let saved = service::set_wording(&state.ctx, &user, id, &form.body).await;
    if let Err(error @ AppError::Invalid(_)) = &saved {
        // The workspace again, this wording as typed, the message by it.
        let w = service::workspace(&state.ctx, &user, &slug).await?;
        let refused = Refused::Wording {
            article: id,
            body: &form.body,
            error,
        };
        return workspace_page(&state, &viewer, &w, false, Some(refused));
    }
    saved?;
    viewer.session.set_flash("flash-wording-saved");
    Ok(redirect(&back_to(
        &form.return_to,
        format!("/bills/{slug}/arbitration"),
    )))
}

#[derive(Deserialize)]
pub struct ConfirmForm {
    confirm: Option<String>,
}

/// The publication's confirmation page, from a link.
pub async fn publish_form(
    state: web::Data<AppState>,
    viewer: Viewer,
    slug: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let Some(user) = viewer.user.clone() else {
        return Ok(login_redirect(&viewer));
    };
    publish_confirmation(&state, &viewer, &user, &slug).await
}

/// What publishing does, with the figures of what will be published; the
/// confirm button only when publication is possible.
pub async fn publish_confirmation(
    state: &AppState,
    viewer: &Viewer,
    user: &crate::domain::User,
    slug: &str,
) -> Result<HttpResponse, AppError> {
    let w = service::workspace(&state.ctx, user, slug).await?;
    let l = viewer.locale;
    let items = w
        .articles
        .iter()
        .flat_map(|a| &a.amendments)
        .chain(&w.proposals);
    let mut by_decision: Vec<(Decision, usize)> = Decision::ALL.iter().map(|d| (*d, 0)).collect();
    let mut authors = std::collections::HashSet::new();
    let mut total = 0;
    for i in items {
        total += 1;
        authors.insert(i.listed.row.author_id);
        if let Some(d) = &i.decision {
            if let Some(entry) = by_decision.iter_mut().find(|(x, _)| *x == d.decision) {
                entry.1 += 1;
            }
        }
    }
    let count = |f: fn(&Outcome) -> bool| w.articles.iter().filter(|a| f(&a.outcome)).count();
    let replaced = count(|o| matches!(o, Outcome::Replaced { .. }));
    let deleted = count(|o| matches!(o, Outcome::Deleted { .. }));
    let added = w
        .proposals
        .iter()
        .filter(|i| i.decision.as_ref().is_some_and(|d| d.decision.retained()))
        .count();
    let mut figures: Vec<(String, String)> = by_decision
        .iter()
        .map(|(d, n)| (i18n::t(l, &format!("decision-{d}")), n.to_string()))
        .collect();
    figures.push((i18n::t(l, "confirm-publish-changed"), replaced.to_string()));
    figures.push((i18n::t(l, "confirm-publish-deleted"), deleted.to_string()));
    figures.push((i18n::t(l, "confirm-publish-added"), added.to_string()));
    let mut blocked = Vec::new();
    match w.bill.status.as_str() {
        "closed" => {}
        "published" => blocked.push(i18n::t(l, "error-bill-published")),
        _ => blocked.push(i18n::t(l, "error-publish-close-first")),
    }
    if !w.missing.is_empty() {
        blocked.push(i18n::t_args(
            l,
            "arbitration-missing",
            &[("count", w.missing.len().to_string())],
        ));
    }
    if !w.conflicts.is_empty() {
        blocked.push(format!(
            "{} {}",
            i18n::t(l, "arbitration-conflicts"),
            w.conflicts.join(", ")
        ));
    }
    let confirmation = Confirmation {
        title: format!("{} — {}", i18n::t(l, "confirm-publish-title"), w.bill.title),
        lines: vec![
            i18n::t_args(l, "confirm-publish-effect", &[("count", total.to_string())]),
            i18n::t_args(
                l,
                "confirm-publish-mail",
                &[("authors", authors.len().to_string())],
            ),
            i18n::t(l, "confirm-irreversible"),
        ],
        figures,
        action: format!("/bills/{}/publication", w.bill.slug),
        fields: Vec::new(),
        confirm_label: i18n::t(l, "confirm-publish-button"),
        cancel: format!("/bills/{}/arbitration", w.bill.slug),
        blocked,
    };
    confirm::show(state, viewer, &confirmation)
}

pub async fn publish(
    state: web::Data<AppState>,
    viewer: Viewer,
    slug: web::Path<String>,
    CsrfForm(form): CsrfForm<ConfirmForm>,
) -> Result<HttpResponse, AppError> {
    let Some(user) = viewer.user.clone() else {
        return Ok(login_redirect(&viewer));
    };
    if !confirm::confirmed(form.confirm.as_deref()) {
        return publish_confirmation(&state, &viewer, &user, &slug).await;
    }
    let bill = service::publish(&state.ctx, &user, &slug).await?;
    viewer.session.set_flash("flash-published");
    Ok(redirect(&format!("/bills/{}/synthesis", bill.slug)))
}

/// The moderators' synthesis: themes with counts, notes per article.
pub async fn note(
    state: web::Data<AppState>,
    viewer: Viewer,
    path: web::Path<(String, i64)>,
    CsrfForm(form): CsrfForm<TextForm>,
) -> Result<HttpResponse, AppError> {
    let Some(user) = viewer.user.clone() else {
        return Ok(login_redirect(&viewer));
    };
    let (slug, id) = path.into_inner();
    let saved = service::set_note(&state.ctx, &user, id, &form.body).await;
    if let Err(error @ AppError::Invalid(_)) = &saved {
        return super::themes::render_article(
            &state,
            &viewer,
            &user,
            &slug,
            id,
            Some((&form.body, error)),
        )
        .await;
    }
    saved?;
    viewer.session.set_flash("flash-note-saved");
    Ok(redirect(&format!("/bills/{slug}/articles/{id}/synthesis")))
}

/// The themes of one contribution, from the checkboxes of its page.
pub async fn contribution_themes(
    state: web::Data<AppState>,
    viewer: Viewer,
    id: web::Path<i64>,
    CsrfForm(fields): CsrfForm<Vec<(String, String)>>,
) -> Result<HttpResponse, AppError> {
    let Some(user) = viewer.user.clone() else {
        return Ok(login_redirect(&viewer));
    };
    let ids = FormFields(fields).ids("theme_ids", "error-theme-unknown")?;
    service::set_themes(&state.ctx, &user, *id, ids).await?;
    viewer.session.set_flash("flash-themes-saved");
    Ok(redirect(&format!("/contributions/{id}")))
}
