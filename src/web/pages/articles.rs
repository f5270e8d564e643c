//! Article pages: the text, its history, and its edition by sponsors.

use std::sync::Arc;

use actix_web::{HttpRequest, HttpResponse, web};
use serde::{Deserialize, Serialize};

use crate::domain::contribution::{ContributionKind, SortOrder, Stance};
use crate::domain::time;
use crate::error::AppError;
use crate::service::bills::{self as service, ArticleEdit};
use crate::service::reading::{self, ArticleLists, ViewerState};
use crate::web::AppState;
use crate::web::forms::{CsrfForm, NoFields};
use crate::web::page_cache::{self, Shared};
use crate::web::page_slots::{self, Slot, SlottedPage};
use crate::web::pages::contributions::{ContributionForm, fresh_key};
use crate::web::render::{
    base_context, html, is_form_error, login_redirect, neutral_context, page, page_with_status,
    redirect,
};
use crate::web::viewer::Viewer;
use crate::web::views::article_page as article_view;
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

fn article_context(
    viewer: &Viewer,
    detail: &service::ArticleDetail,
) -> Result<tera::Context, AppError> {
    let mut c = base_context(viewer);
    crate::web::views::layout::insert_view(
        &mut c,
        &views::article_frame(viewer.locale, detail, time::now()),
    )?;
    Ok(c)
}

#[derive(Deserialize, Default)]
pub struct ListParams {
    sort: Option<String>,
    stance: Option<String>,
    /// Show one kind only, paginated from `cursor`.
    kind: Option<String>,
    cursor: Option<String>,
    /// A contribution to show first in its list (the one just posted).
    highlight: Option<i64>,
}

/// A seed for the random order that stays the same for one visitor (from
/// their session), so paging through a shuffled list is consistent.
fn visitor_seed(viewer: &Viewer) -> i64 {
    use sha2::{Digest, Sha256};
    let digest = Sha256::digest(viewer.session.csrf_token().as_bytes());
    i64::from_le_bytes(digest[..8].try_into().unwrap_or([0; 8])) & 0x7fff_ffff
}

fn parse_param<T: std::str::FromStr>(name: &str, raw: Option<&str>) -> Result<Option<T>, AppError> {
    match raw {
        None | Some("") => Ok(None),
        Some(v) => v
            .parse()
            .map(Some)
            .map_err(|_| AppError::BadRequest(format!("unknown {name} '{v}'"))),
    }
}

/// The article, its tallies and the viewer's vote, and its contributions
/// by kind (each list bounded, the next page one link away). A signed-in
/// viewer gets the page anonymous readers share, when it is current, with
/// their own part filled in from one trip to the database.
pub async fn show(
    state: web::Data<AppState>,
    viewer: Viewer,
    req: HttpRequest,
    path: web::Path<(String, i64)>,
    params: web::Query<ListParams>,
) -> Result<HttpResponse, AppError> {
    let (slug, id) = path.into_inner();
    if let Some(user) = &viewer.user {
        let shared = page_cache::shared_body(&req, viewer.locale).await;
        if let Some(page) = shared.and_then(|s| s.downcast::<ArticleSlots>().ok()) {
            let own =
                reading::viewer_state(&state.ctx, user, &slug, id, page.voted_items()).await?;
            return Ok(html(200, fill(&state, &viewer, &page, &own, None)?));
        }
    }
    render_show(&state, &viewer, &slug, id, &params, None).await
}

/// What the viewer's part of an article page needs to know of the page.
#[derive(Serialize)]
pub struct ArticleFill {
    slug: String,
    article_id: i64,
    /// The text an amendment starts from.
    article_body: String,
    return_to: String,
}

/// An article page rendered for every viewer.
pub type ArticleSlots = SlottedPage<ArticleFill>;

/// The article page; with `failed`, a contribution form sent from it is
/// shown again in its place, as typed, with its errors (status 422).
///
/// Rendered in two parts: the page for every viewer, with markers where
/// the viewer's own part goes (kept by the page cache for anonymous
/// readers and signed-in viewers alike), then that part, filled in.
pub async fn render_show(
    state: &AppState,
    viewer: &Viewer,
    slug: &str,
    id: i64,
    params: &ListParams,
    failed: Option<(&ContributionForm, &AppError)>,
) -> Result<HttpResponse, AppError> {
    let sort: Option<SortOrder> = parse_param("sort", params.sort.as_deref())?;
    let stance: Option<Stance> = parse_param("stance", params.stance.as_deref())?;
    let only: Option<ContributionKind> = parse_param("kind", params.kind.as_deref())?;
    let want = ArticleLists {
        sort,
        seed: visitor_seed(viewer),
        only: only.map(|k| (k, stance.filter(|_| k == ContributionKind::Argument))),
        cursor: params.cursor.clone(),
        highlight: params.highlight,
    };
    let data = reading::article_page(&state.ctx, viewer.user.as_ref(), slug, id, want).await?;
    let mut view = article_view::article_page(viewer.locale, &data, time::now());
    // Nothing of the viewer in the page for every viewer.
    view.my_vote = None;
    view.can_manage = false;
    let return_to = format!("/bills/{slug}/articles/{id}");
    let mut c = neutral_context(viewer.locale, &viewer.path);
    c.insert("slots", &true);
    c.insert("page", &view);
    c.insert("sort", &sort.map(|s| s.as_str()).unwrap_or("supported"));
    c.insert("only", &only.map(|k| k.as_str()));
    c.insert("can_participate", &false);
    c.insert("return_to", &return_to);
    // The form that failed: the summary of its errors at the top.
    c.insert(
        "failed_form",
        &failed.map(|(form, _)| form.which()).unwrap_or(""),
    );
    let status = match failed {
        Some((_, e)) => {
            crate::web::render::insert_errors(&mut c, e, viewer.locale);
            e.status()
        }
        None => 200,
    };
    let rendered = state
        .ctx
        .templates
        .render("articles/show.html", &c)
        .map_err(|e| AppError::Internal(format!("template articles/show.html: {e:?}")))?;
    let fill_data = ArticleFill {
        slug: slug.to_string(),
        article_id: id,
        article_body: data.detail.article.body.clone(),
        return_to,
    };
    let page = SlottedPage::parse(&rendered, fill_data)
        .ok_or_else(|| AppError::Internal("articles/show.html: an unknown marker".into()))?;
    let own = ViewerState::of_page(&data);
    let mut res = html(status, fill(state, viewer, &page, &own, failed)?);
    if viewer.user.is_none() && failed.is_none() {
        res.extensions_mut().insert(Shared(Arc::new(page)));
    }
    Ok(res)
}

/// The page with the viewer's own part in place: their account links,
/// their votes pressed, the forms with their CSRF token (or the sign-in
/// invitations), and with `failed` the form sent back as typed.
///
/// What a fragment shows besides the token and the form keys is its
/// variant (see [`SlottedPage::fill`]): every value `articles/viewer.html`
/// reads for that slot is in it.
fn fill(
    state: &AppState,
    viewer: &Viewer,
    page: &ArticleSlots,
    own: &ViewerState,
    failed: Option<(&ContributionForm, &AppError)>,
) -> Result<String, AppError> {
    let mut c = base_context(viewer);
    let csrf = c
        .get("csrf_token")
        .and_then(|v| v.as_str())
        .unwrap_or_default()
        .to_string();
    c.insert("csrf_token", page_slots::CSRF.as_str());
    let lang = viewer.locale.as_str();
    let can_participate =
        crate::domain::allows(viewer.user.as_ref(), crate::domain::Permission::Participate);
    let signed_in = viewer.user.is_some();
    let viewer_id = viewer.user.as_ref().map_or(0, |u| u.id);
    let my_vote = own.article_vote.map(|v| v.as_str());
    let variants: Vec<Option<String>> = page
        .slots
        .iter()
        .map(|slot| match slot {
            Slot::Account | Slot::Notices => None,
            Slot::Edit => Some(format!("{lang}:{}", own.can_manage)),
            Slot::ArticleVote => Some(format!(
                "{lang}:{can_participate}:{signed_in}:{}",
                my_vote.unwrap_or("")
            )),
            Slot::Contribute { .. } => failed
                .is_none()
                .then(|| format!("{lang}:{can_participate}")),
            Slot::Vote { id, author_id, .. } => Some(format!(
                "{lang}:{can_participate}:{}:{}",
                viewer_id != 0 && *author_id == viewer_id,
                own.vote_on(*id).map_or("", |v| v.as_str())
            )),
        })
        .collect();
    c.insert("fill", &page.data);
    c.insert("can_manage", &own.can_manage);
    c.insert("my_vote", &my_vote);
    c.insert("can_participate", &can_participate);
    // Each form its own key: a retry of one form never returns another's.
    let key = page_slots::KEY.as_str();
    c.insert(
        "keys",
        &serde_json::json!({ "for": key, "against": key, "amendment": key, "source": key }),
    );
    // The form that failed: which one, what was typed, what is wrong.
    c.insert(
        "failed_form",
        &failed.map(|(form, _)| form.which()).unwrap_or(""),
    );
    c.insert("form", &failed.map(|(form, _)| form));
    if let Some((_, e)) = failed {
        crate::web::render::insert_errors(&mut c, e, viewer.locale);
    }
    let mut error = None;
    let filled = page.fill(&variants, &csrf, fresh_key, |wanted| {
        let slots: Vec<serde_json::Value> = wanted
            .iter()
            .map(|&i| {
                let slot = &page.slots[i];
                let mut v = serde_json::to_value(slot).unwrap_or_default();
                if let Slot::Vote { id, .. } = slot {
                    v["my_vote"] = serde_json::json!(own.vote_on(*id).map(|v| v.as_str()));
                }
                v
            })
            .collect();
        c.insert("viewer_slots", &slots);
        state
            .ctx
            .templates
            .render("articles/viewer.html", &c)
            .map_err(|e| error = Some(format!("template articles/viewer.html: {e:?}")))
            .ok()
    });
    filled.ok_or_else(|| {
        AppError::Internal(
            error.unwrap_or_else(|| "articles/viewer.html: fragments and markers differ".into()),
        )
    })
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
    let mut c = article_context(&viewer, &detail)?;
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
    let mut c = article_context(&viewer, &detail)?;
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
            let mut c = article_context(&viewer, &detail)?;
            c.insert("form", &form);
            crate::web::render::insert_errors(&mut c, &e, viewer.locale);
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
