//! Contributing, voting, and reading one contribution.

use actix_web::{HttpResponse, web};
use serde::{Deserialize, Serialize};

use crate::domain::contribution::{ContributionInput, ContributionKind};
use crate::domain::time;
use crate::error::AppError;
use crate::service::participation::{self, NewRequest, VoteOn};
use crate::service::reading::{self, ContributionLists};
use crate::web::AppState;
use crate::web::confirm::{self, Confirmation};
use crate::web::forms::CsrfForm;
use crate::web::render::{
    base_context, is_form_error, login_redirect, page, page_with_status, redirect, safe_next,
};
use crate::web::viewer::Viewer;
use crate::web::views::contribution_page::contribution_page;
use crate::web::views::contributions as views;
use crate::web::views::search::search_page;

/// Every field any kind of contribution form may send.
#[derive(Deserialize, Serialize, Default, Clone)]
pub struct ContributionForm {
    #[serde(default)]
    kind: String,
    #[serde(default)]
    article_id: String,
    #[serde(default)]
    parent_id: String,
    #[serde(default)]
    after_article_id: String,
    #[serde(default)]
    stance: String,
    #[serde(default)]
    title: String,
    #[serde(default)]
    body: String,
    #[serde(default)]
    proposed_text: String,
    #[serde(default)]
    deletes_article: Option<String>,
    #[serde(default)]
    url: String,
    #[serde(default)]
    idempotency_key: String,
    #[serde(default)]
    return_to: String,
}

fn id_field(field: &'static str, raw: &str) -> Result<Option<i64>, AppError> {
    match raw.trim() {
        "" => Ok(None),
        v => v
            .parse()
            .map(Some)
            .map_err(|_| AppError::field(field, "error-article-unknown")),
    }
}

fn some(s: &str) -> Option<String> {
    Some(s.trim().to_string()).filter(|s| !s.is_empty())
}

impl ContributionForm {
    /// Which form of a page sent it: "for" or "against" (arguments), else
    /// its kind.
    pub fn which(&self) -> &str {
        match (self.kind.as_str(), self.stance.as_str()) {
            ("argument", "for") => "for",
            ("argument", "against") => "against",
            (kind, _) => kind,
        }
    }

    /// An empty form of `kind`, with a fresh idempotency key.
    pub fn fresh(kind: &str) -> ContributionForm {
        ContributionForm {
            kind: kind.to_string(),
            idempotency_key: fresh_key(),
            ..Default::default()
        }
    }

    fn input(&self) -> ContributionInput {
        ContributionInput {
            stance: some(&self.stance),
            title: some(&self.title),
            body: self.body.clone(),
            proposed_text: some(&self.proposed_text),
            deletes_article: self.deletes_article.is_some(),
            url: some(&self.url),
        }
    }
}

/// A new idempotency key for each form shown: a double click or a resent
/// form creates one contribution.
pub fn fresh_key() -> String {
    crate::auth::tokens::generate()
}

/// Where to go after posting: back to the form's page with the new
/// contribution first in its list and scrolled to.
fn highlighting(return_to: &str, id: i64) -> String {
    let back = safe_next(Some(return_to));
    let back = back.split('#').next().unwrap_or("/");
    let sep = if back.contains('?') { '&' } else { '?' };
    format!("{back}{sep}highlight={id}#contribution-{id}")
}

pub async fn create(
    state: web::Data<AppState>,
    viewer: Viewer,
    slug: web::Path<String>,
    CsrfForm(form): CsrfForm<ContributionForm>,
) -> Result<HttpResponse, AppError> {
    let Some(user) = viewer.user.clone() else {
        return Ok(login_redirect(&viewer));
    };
    let result = async {
        let kind: ContributionKind = form
            .kind
            .parse()
            .map_err(|_| AppError::field("kind", "error-kind-invalid"))?;
        let req = NewRequest {
            kind,
            article_id: id_field("article_id", &form.article_id)?,
            parent_id: id_field("parent_id", &form.parent_id)?,
            after_article_id: id_field("after_article_id", &form.after_article_id)?,
            input: form.input(),
            idempotency_key: some(&form.idempotency_key),
        };
        participation::contribute(&state.ctx, &user, &slug, req).await
    }
    .await;
    match result {
        Ok((row, _)) => {
            viewer.session.set_flash("flash-contribution-published");
            Ok(redirect(&highlighting(&form.return_to, row.id)))
        }
        Err(e) if is_form_error(&e) => {
            // The page the form was on, shown again with it as typed.
            let origin = safe_next(Some(&form.return_to));
            let origin = origin.split(['?', '#']).next().unwrap_or("");
            let parts: Vec<&str> = origin.trim_start_matches('/').split('/').collect();
            match parts.as_slice() {
                ["bills", s, "articles", id] if *s == slug.as_str() => {
                    if let Ok(id) = id.parse::<i64>() {
                        return crate::web::pages::articles::render_show(
                            &state,
                            &viewer,
                            &slug,
                            id,
                            &Default::default(),
                            Some((&form, &e)),
                        )
                        .await;
                    }
                }
                ["bills", s, "proposals"] if *s == slug.as_str() => {
                    let c = crate::web::pages::bills::proposals_context(
                        &state,
                        &viewer,
                        &slug,
                        &Default::default(),
                        Some((&form, &e)),
                    )
                    .await?;
                    return page_with_status(&state, e.status(), "bills/proposals.html", &c);
                }
                ["contributions", id] => {
                    if let Ok(id) = id.parse::<i64>() {
                        return render_show(
                            &state,
                            &viewer,
                            id,
                            &Default::default(),
                            Failed::Contribution(&form, &e),
                        )
                        .await;
                    }
                }
                _ => {}
            }
            let mut c = base_context(&viewer);
            let mut form = form;
            form.return_to = safe_next(Some(&form.return_to));
            c.insert("form", &form);
            c.insert("slug", &*slug);
            crate::web::render::insert_errors(&mut c, &e, viewer.locale);
            page_with_status(&state, e.status(), "contributions/form.html", &c)
        }
        Err(e) => Err(e),
    }
}

#[derive(Deserialize, Default)]
pub struct ListParams {
    sort: Option<String>,
    /// Where each list goes on from ("more" links).
    for_cursor: Option<String>,
    against_cursor: Option<String>,
    sources_cursor: Option<String>,
    /// An argument or source just posted, shown first in its list.
    highlight: Option<i64>,
}

pub async fn show(
    state: web::Data<AppState>,
    viewer: Viewer,
    id: web::Path<i64>,
    params: web::Query<ListParams>,
) -> Result<HttpResponse, AppError> {
    render_show(&state, &viewer, *id, &params, Failed::Nothing).await
}

/// A form of a contribution's page that was refused.
pub enum Failed<'a> {
    Nothing,
    /// An argument or a source posted on it.
    Contribution(&'a ContributionForm, &'a AppError),
    /// A report.
    Report(&'a ReportForm, &'a AppError),
    /// A moderator's act on it.
    Moderation(&'a super::moderation::ActForm, &'a AppError),
    /// Its author's contest of a moderation.
    Contest(&'a super::moderation::ContestForm, &'a AppError),
}

/// The contribution's page; with a failed form, that form as it was sent
/// and its errors, status 422 (or the error's own 4xx).
pub async fn render_show(
    state: &AppState,
    viewer: &Viewer,
    id: i64,
    params: &ListParams,
    failed: Failed<'_>,
) -> Result<HttpResponse, AppError> {
    let want = ContributionLists {
        sort: params.sort.as_deref().and_then(|s| s.parse().ok()),
        for_cursor: params.for_cursor.clone(),
        against_cursor: params.against_cursor.clone(),
        sources_cursor: params.sources_cursor.clone(),
        highlight: params.highlight,
    };
    let data = reading::contribution_page(&state.ctx, viewer.user.as_ref(), id, want).await?;
    let view = contribution_page(viewer.locale, viewer.user.as_ref(), &data, time::now());
    let mut c = base_context(viewer);
    crate::web::views::layout::insert_view(&mut c, &view)?;
    // Each form its own key: a retry of one form never returns another's.
    c.insert(
        "keys",
        &serde_json::json!({"for": fresh_key(), "against": fresh_key(), "source": fresh_key()}),
    );
    c.insert("form", &serde_json::Value::Null);
    let mut status = 200;
    match failed {
        Failed::Nothing => {
            c.insert("failed_form", "");
        }
        Failed::Contribution(form, e) => {
            c.insert("failed_form", form.which());
            c.insert("form", form);
            crate::web::render::insert_errors(&mut c, e, viewer.locale);
            status = e.status();
        }
        Failed::Report(form, e) => {
            c.insert("failed_form", "report");
            c.insert("report_form", form);
            crate::web::render::insert_errors(&mut c, e, viewer.locale);
            status = e.status();
        }
        Failed::Moderation(form, e) => {
            c.insert("failed_form", "moderation");
            c.insert("act_form", form);
            crate::web::render::insert_errors(&mut c, e, viewer.locale);
            status = e.status();
        }
        Failed::Contest(form, e) => {
            c.insert("failed_form", "contest");
            c.insert("contest_form", form);
            crate::web::render::insert_errors(&mut c, e, viewer.locale);
            status = e.status();
        }
    }
    page_with_status(state, status, "contributions/show.html", &c)
}

#[derive(Deserialize)]
pub struct VoteForm {
    #[serde(default)]
    value: String,
    #[serde(default)]
    return_to: String,
}

pub async fn vote_contribution(
    state: web::Data<AppState>,
    viewer: Viewer,
    id: web::Path<i64>,
    CsrfForm(form): CsrfForm<VoteForm>,
) -> Result<HttpResponse, AppError> {
    let Some(user) = viewer.user.clone() else {
        return Ok(login_redirect(&viewer));
    };
    let value = participation::parse_vote(&form.value)?;
    participation::vote(&state.ctx, &user, VoteOn::Contribution(*id), value).await?;
    viewer.session.set_flash(if value.is_some() {
        "flash-vote-counted"
    } else {
        "flash-vote-removed"
    });
    let back = safe_next(Some(&form.return_to));
    Ok(redirect(&format!("{back}#contribution-{id}")))
}

pub async fn vote_article(
    state: web::Data<AppState>,
    viewer: Viewer,
    path: web::Path<(String, i64)>,
    CsrfForm(form): CsrfForm<VoteForm>,
) -> Result<HttpResponse, AppError> {
    let Some(user) = viewer.user.clone() else {
        return Ok(login_redirect(&viewer));
    };
    let (slug, id) = path.into_inner();
    let value = participation::parse_vote(&form.value)?;
    participation::vote(&state.ctx, &user, VoteOn::Article(id), value).await?;
    viewer.session.set_flash(if value.is_some() {
        "flash-vote-counted"
    } else {
        "flash-vote-removed"
    });
    Ok(redirect(&format!("/bills/{slug}/articles/{id}#vote")))
}

pub async fn edit_form(
    state: web::Data<AppState>,
    viewer: Viewer,
    id: web::Path<i64>,
) -> Result<HttpResponse, AppError> {
    if viewer.user.is_none() {
        return Ok(login_redirect(&viewer));
    }
    let detail = participation::detail(&state.ctx, viewer.user.as_ref(), *id).await?;
    let r = &detail.item.row;
    if detail.status != crate::domain::BillStatus::Open {
        return Err(AppError::Conflict("error-consultation-closed"));
    }
    if r.status != crate::domain::contribution::ContributionState::Published {
        return Err(AppError::Conflict("error-item-withdrawn"));
    }
    if viewer.user.as_ref().map(|u| u.id) != Some(r.author_id) {
        return Err(AppError::Forbidden("error-author-only"));
    }
    let mut c = base_context(&viewer);
    c.insert("item", &views::detail(viewer.locale, &detail));
    c.insert(
        "form",
        &ContributionForm {
            kind: r.kind.to_string(),
            title: r.title.clone().unwrap_or_default(),
            body: r.body.clone(),
            proposed_text: r.proposed_text.clone().unwrap_or_default(),
            url: r.url.clone().unwrap_or_default(),
            ..Default::default()
        },
    );
    page(&state, "contributions/edit.html", &c)
}

pub async fn edit(
    state: web::Data<AppState>,
    viewer: Viewer,
    id: web::Path<i64>,
    CsrfForm(form): CsrfForm<ContributionForm>,
) -> Result<HttpResponse, AppError> {
    let Some(user) = viewer.user.clone() else {
        return Ok(login_redirect(&viewer));
    };
    match participation::edit(&state.ctx, &user, *id, form.input()).await {
        Ok(_) => {
            viewer.session.set_flash("flash-contribution-edited");
            Ok(redirect(&format!("/contributions/{id}")))
        }
        Err(e) if is_form_error(&e) => {
            let detail = participation::detail(&state.ctx, Some(&user), *id).await?;
            let mut c = base_context(&viewer);
            c.insert("item", &views::detail(viewer.locale, &detail));
            let mut form = form;
            form.kind = detail.item.row.kind.to_string();
            c.insert("form", &form);
            crate::web::render::insert_errors(&mut c, &e, viewer.locale);
            page_with_status(&state, e.status(), "contributions/edit.html", &c)
        }
        Err(e) => Err(e),
    }
}

#[derive(Deserialize)]
pub struct ConfirmForm {
    confirm: Option<String>,
}

pub async fn withdraw(
    state: web::Data<AppState>,
    viewer: Viewer,
    id: web::Path<i64>,
    CsrfForm(form): CsrfForm<ConfirmForm>,
) -> Result<HttpResponse, AppError> {
    let Some(user) = viewer.user.clone() else {
        return Ok(login_redirect(&viewer));
    };
    if !confirm::confirmed(form.confirm.as_deref()) {
        // What withdrawing does, before it is done.
        let detail = participation::detail(&state.ctx, Some(&user), *id).await?;
        let row = &detail.item.row;
        if row.author_id != user.id {
            return Err(AppError::Forbidden("error-author-only"));
        }
        let l = viewer.locale;
        let what = match &row.title {
            Some(title) => format!("« {title} »"),
            None => format!(
                "{} n° {}",
                crate::i18n::t(l, &format!("kind-{}", row.kind)),
                row.id
            ),
        };
        let votes = row.votes_agree + row.votes_mixed + row.votes_disagree + row.votes_support;
        let confirmation = Confirmation {
            title: crate::i18n::t(l, "confirm-withdraw-title"),
            lines: vec![
                crate::i18n::t_args(l, "confirm-withdraw-what", &[("what", what)]),
                crate::i18n::t_args(l, "confirm-withdraw-votes", &[("votes", votes.to_string())]),
                crate::i18n::t(l, "confirm-irreversible"),
            ],
            figures: Vec::new(),
            action: format!("/contributions/{id}/withdraw"),
            fields: Vec::new(),
            confirm_label: crate::i18n::t(l, "confirm-withdraw-button"),
            cancel: format!("/contributions/{id}"),
            blocked: Vec::new(),
        };
        return confirm::show(&state, &viewer, &confirmation);
    }
    participation::withdraw(&state.ctx, &user, *id).await?;
    viewer.session.set_flash("flash-contribution-withdrawn");
    Ok(redirect(&format!("/contributions/{id}")))
}

#[derive(Deserialize)]
pub struct SearchQuery {
    #[serde(default)]
    q: String,
}

pub async fn search(
    state: web::Data<AppState>,
    viewer: Viewer,
    slug: web::Path<String>,
    query: web::Query<SearchQuery>,
) -> Result<HttpResponse, AppError> {
    let found = reading::bill_search(&state.ctx, viewer.user.as_ref(), &slug, &query.q).await?;
    let bill = crate::web::views::bills::bill_card(viewer.locale, &found.detail.bill, time::now());
    let view = search_page(Some(bill), &query.q, &found.results);
    let mut c = base_context(&viewer);
    crate::web::views::layout::insert_view(&mut c, &view)?;
    page(&state, "bills/search.html", &c)
}

#[derive(Deserialize, Serialize)]
pub struct ReportForm {
    #[serde(default)]
    reason: String,
    #[serde(default)]
    details: String,
}

/// Reports a contribution to the moderators; the reporter is told it was
/// received.
pub async fn report(
    state: web::Data<AppState>,
    viewer: Viewer,
    id: web::Path<i64>,
    CsrfForm(form): CsrfForm<ReportForm>,
) -> Result<HttpResponse, AppError> {
    let Some(user) = viewer.user.clone() else {
        return Ok(login_redirect(&viewer));
    };
    match crate::service::reports::report(&state.ctx, &user, *id, &form.reason, Some(&form.details))
        .await
    {
        Ok(_) => {
            viewer.session.set_flash("flash-report-received");
            Ok(redirect(&format!("/contributions/{id}")))
        }
        Err(e) if is_form_error(&e) || e.status() == 409 => {
            render_show(
                &state,
                &viewer,
                *id,
                &Default::default(),
                Failed::Report(&form, &e),
            )
            .await
        }
        Err(e) => Err(e),
    }
}

/// Search over every bill the public reads.
pub async fn site_search(
    state: web::Data<AppState>,
    viewer: Viewer,
    query: web::Query<SearchQuery>,
) -> Result<HttpResponse, AppError> {
    let results = crate::service::search::everywhere(&state.ctx, &query.q).await?;
    let view = search_page(None, &query.q, &results);
    let mut c = base_context(&viewer);
    crate::web::views::layout::insert_view(&mut c, &view)?;
    page(&state, "search/index.html", &c)
}
