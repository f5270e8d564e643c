//! Synthesis pages: the moderators' themes and notes, the sponsor's
//! arbitration workspace, and publication.

use actix_web::{HttpResponse, web};
use serde::Deserialize;
use serde_json::json;

use crate::domain::decision::{Decision, Outcome};
use crate::error::AppError;
use crate::service::synthesis::{self as service, Item};
use crate::web::AppState;
use crate::web::forms::{CsrfForm, FormFields, NoFields};
use crate::web::render::{back_to, base_context, login_redirect, page, redirect};
use crate::web::viewer::Viewer;
use crate::web::views::contributions::shown;

fn item_view(viewer: &Viewer, i: &Item) -> serde_json::Value {
    let r = &i.listed.row;
    json!({
        "id": r.id,
        "kind": r.kind,
        "title": r.title,
        "author": shown(viewer.locale, &i.listed.author),
        "body": r.body,
        "proposed_text": r.proposed_text,
        "deletes_article": r.deletes_article,
        "votes": [r.votes_agree, r.votes_mixed, r.votes_disagree],
        "arguments": r.arguments_count,
        "themes": i.themes,
        "decision": i.decision.as_ref().map(|d| &d.decision),
        "justification": i.decision.as_ref().and_then(|d| d.justification.clone()),
        "wording": i.decision.as_ref().and_then(|d| d.wording.clone()),
    })
}

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
    let pending = params.pending.is_some();
    let keep = |i: &&Item| !pending || i.decision.is_none();
    let articles: Vec<_> = w
        .articles
        .iter()
        .map(|a| {
            let retained: Vec<i64> = match &a.outcome {
                Outcome::NeedsWording { amendments } => amendments.clone(),
                Outcome::Replaced { from, .. } => from.clone(),
                _ => Vec::new(),
            };
            json!({
                "id": a.article.id,
                "label": a.article.label,
                "heading": a.article.heading,
                "body": a.article.body,
                "note": a.note,
                "wording": a.wording,
                "needs_wording": matches!(a.outcome, Outcome::NeedsWording { .. }),
                "outcome": match &a.outcome {
                    Outcome::Unchanged => "unchanged",
                    Outcome::Replaced { .. } => "replaced",
                    Outcome::Deleted { .. } => "deleted",
                    Outcome::NeedsWording { .. } => "needs_wording",
                },
                "retained": a.amendments.iter().filter(|i| retained.contains(&i.listed.row.id))
                    .map(|i| item_view(&viewer, i)).collect::<Vec<_>>(),
                "items": a.amendments.iter().filter(keep).map(|i| item_view(&viewer, i)).collect::<Vec<_>>(),
                "count": a.amendments.len(),
            })
        })
        .collect();
    let mut c = base_context(&viewer);
    c.insert(
        "bill",
        &json!({"slug": w.bill.slug, "title": w.bill.title, "status": w.bill.status}),
    );
    c.insert("articles", &articles);
    c.insert(
        "proposals",
        &w.proposals
            .iter()
            .filter(keep)
            .map(|i| item_view(&viewer, i))
            .collect::<Vec<_>>(),
    );
    c.insert("missing", &w.missing);
    c.insert("conflicts", &w.conflicts);
    c.insert("ready", &w.ready());
    c.insert("pending", &pending);
    c.insert(
        "decisions",
        &Decision::ALL.iter().map(|d| d.as_str()).collect::<Vec<_>>(),
    );
    c.insert("return_to", &viewer.path);
    page(&state, "synthesis/arbitration.html", &c)
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
    service::decide(
        &state.ctx,
        &user,
        *id,
        &form.decision,
        form.justification.as_deref(),
        form.wording.as_deref(),
    )
    .await?;
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
    service::set_wording(&state.ctx, &user, id, &form.body).await?;
    viewer.session.set_flash("flash-wording-saved");
    Ok(redirect(&back_to(
        &form.return_to,
        format!("/bills/{slug}/arbitration"),
    )))
}

pub async fn publish(
    state: web::Data<AppState>,
    viewer: Viewer,
    slug: web::Path<String>,
    _form: CsrfForm<NoFields>,
) -> Result<HttpResponse, AppError> {
    let Some(user) = viewer.user.clone() else {
        return Ok(login_redirect(&viewer));
    };
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
    service::set_note(&state.ctx, &user, id, &form.body).await?;
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
