//! Contributing, voting, and reading one contribution.

use actix_web::{HttpResponse, web};
use serde::{Deserialize, Serialize};

use crate::domain::Permission;
use crate::domain::contribution::{ContributionInput, ContributionKind, Stance};
use crate::error::AppError;
use crate::service::participation::{self, ListRequest, NewRequest, VoteOn};
use crate::web::AppState;
use crate::web::forms::{CsrfForm, NoFields};
use crate::web::render::{
    base_context, is_form_error, login_redirect, page, page_with_status, redirect, safe_next,
};
use crate::web::viewer::Viewer;
use crate::web::views::contributions as views;

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
            let back = safe_next(Some(&form.return_to));
            Ok(redirect(&format!("{back}#contribution-{}", row.id)))
        }
        Err(e) if is_form_error(&e) => {
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

#[derive(Deserialize)]
pub struct ListParams {
    sort: Option<String>,
    /// Where each list goes on from ("more" links).
    for_cursor: Option<String>,
    against_cursor: Option<String>,
    sources_cursor: Option<String>,
}

pub async fn show(
    state: web::Data<AppState>,
    viewer: Viewer,
    id: web::Path<i64>,
    params: web::Query<ListParams>,
) -> Result<HttpResponse, AppError> {
    let detail = participation::detail(&state.ctx, viewer.user.as_ref(), *id).await?;
    let sort = params.sort.as_deref().and_then(|s| s.parse().ok());
    let list =
        |kind: ContributionKind, stance: Option<Stance>, cursor: &Option<String>| ListRequest {
            parent_id: Some(*id),
            kind: Some(kind),
            stance,
            sort,
            cursor: cursor.clone(),
            limit: 50,
            ..Default::default()
        };
    let slug = detail.bill.slug.clone();
    let mut c = base_context(&viewer);
    for (name, kind, stance, cursor) in [
        (
            "arguments_for",
            ContributionKind::Argument,
            Some(Stance::For),
            &params.for_cursor,
        ),
        (
            "arguments_against",
            ContributionKind::Argument,
            Some(Stance::Against),
            &params.against_cursor,
        ),
        (
            "sources",
            ContributionKind::Source,
            None,
            &params.sources_cursor,
        ),
    ] {
        let page = participation::list(
            &state.ctx,
            viewer.user.as_ref(),
            &slug,
            list(kind, stance, cursor),
        )
        .await?;
        c.insert(name, &views::page(viewer.locale, &page));
    }
    c.insert("item", &views::detail(viewer.locale, &detail));
    let row = &detail.item.row;
    let case = crate::service::moderation::case_view(&state.ctx, viewer.user.as_ref(), *id).await?;
    c.insert(
        "moderation",
        &case.map(|v| crate::web::views::moderation::panel(viewer.locale, &v, row)),
    );
    let may_contest =
        crate::service::moderation::contest_state(&state.ctx, viewer.user.as_ref(), row).await?;
    c.insert(
        "may_contest",
        match may_contest {
            Some(true) => "yes",
            Some(false) => "no",
            None => "",
        },
    );
    c.insert("author_id", &row.author_id);
    c.insert(
        "themes",
        &crate::service::synthesis::themes_for(&state.ctx, viewer.user.as_ref(), row).await?,
    );
    c.insert(
        "decision",
        &crate::service::synthesis::decision_of(&state.ctx, viewer.user.as_ref(), row)
            .await?
            .map(|d| serde_json::json!({"decision": d.decision, "justification": d.justification})),
    );
    c.insert(
        "bill",
        &crate::web::views::bills::bill_card(
            viewer.locale,
            &detail.bill,
            crate::domain::time::now(),
        ),
    );
    c.insert(
        "article",
        &detail
            .article
            .as_ref()
            .map(|a| serde_json::json!({"id": a.id, "label": a.label})),
    );
    c.insert(
        "parent",
        &detail
            .parent
            .as_ref()
            .map(|p| views::item(viewer.locale, p, None)),
    );
    c.insert("open", &(detail.status == crate::domain::BillStatus::Open));
    c.insert(
        "is_author",
        &viewer
            .user
            .as_ref()
            .is_some_and(|u| u.id == detail.item.row.author_id),
    );
    c.insert(
        "can_participate",
        &crate::domain::allows(viewer.user.as_ref(), Permission::Participate),
    );
    // Each form its own key: a retry of one form never returns another's.
    for form in ["argument", "amendment", "source"] {
        c.insert(format!("key_{form}"), &fresh_key());
    }
    c.insert("return_to", &format!("/contributions/{id}"));
    page(&state, "contributions/show.html", &c)
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

pub async fn withdraw(
    state: web::Data<AppState>,
    viewer: Viewer,
    id: web::Path<i64>,
    _form: CsrfForm<NoFields>,
) -> Result<HttpResponse, AppError> {
    let Some(user) = viewer.user.clone() else {
        return Ok(login_redirect(&viewer));
    };
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
    let detail = crate::service::bills::detail(&state.ctx, viewer.user.as_ref(), &slug).await?;
    let results =
        crate::service::search::in_bill(&state.ctx, viewer.user.as_ref(), &slug, &query.q).await?;
    let mut c = base_context(&viewer);
    c.insert(
        "bill",
        &crate::web::views::bills::bill_card(
            viewer.locale,
            &detail.bill,
            crate::domain::time::now(),
        ),
    );
    c.insert("q", &query.q);
    let results: Vec<serde_json::Value> = results
        .iter()
        .map(crate::web::views::search::result)
        .collect();
    c.insert("results", &results);
    page(&state, "bills/search.html", &c)
}

#[derive(Deserialize)]
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
    crate::service::reports::report(&state.ctx, &user, *id, &form.reason, Some(&form.details))
        .await?;
    viewer.session.set_flash("flash-report-received");
    Ok(redirect(&format!("/contributions/{id}")))
}

/// Search over every bill the public reads.
pub async fn site_search(
    state: web::Data<AppState>,
    viewer: Viewer,
    query: web::Query<SearchQuery>,
) -> Result<HttpResponse, AppError> {
    let results = crate::service::search::everywhere(&state.ctx, &query.q).await?;
    let mut c = base_context(&viewer);
    c.insert("q", &query.q);
    let results: Vec<serde_json::Value> = results
        .iter()
        .map(crate::web::views::search::result)
        .collect();
    c.insert("results", &results);
    page(&state, "search/index.html", &c)
}
