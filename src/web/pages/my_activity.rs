//! "My contributions" and "my follows", linked from the account page.

use actix_web::{HttpResponse, web};
use serde::Deserialize;
use serde_json::json;

use crate::domain::{bill, moderation, time};
use crate::error::AppError;
use crate::service::my_activity;
use crate::text::excerpt;
use crate::web::AppState;
use crate::web::render::{base_context, login_redirect, page};
use crate::web::viewer::Viewer;
use crate::web::views::dates;

#[derive(Deserialize)]
pub struct Cursor {
    before: Option<i64>,
}

pub async fn contributions(
    state: web::Data<AppState>,
    viewer: Viewer,
    cursor: web::Query<Cursor>,
) -> Result<HttpResponse, AppError> {
    let Some(user) = viewer.user.clone() else {
        return Ok(login_redirect(&viewer));
    };
    let page_of = my_activity::contributions(&state.ctx, &user, cursor.before).await?;
    let locale = viewer.locale;
    let items: Vec<_> = page_of
        .items
        .iter()
        .map(|c| {
            json!({
                "id": c.id,
                "kind": c.kind.as_str(),
                "stance": c.stance.map(|s| s.as_str()),
                "title": c.title,
                "excerpt": excerpt::at_word(&c.body, 200),
                "withdrawn": c.status != crate::domain::contribution::ContributionState::Published,
                "moderation": c.moderation.map(|m| m.as_str()),
                "public": moderation::text_is_public(c.status, c.moderation),
                "bill_slug": c.bill_slug,
                "bill_title": c.bill_title,
                "article_id": c.article_id,
                "article_label": c.article_label,
                "at": time::rfc3339(c.created_at),
                "at_long": dates::long(locale, c.created_at),
            })
        })
        .collect();
    let mut c = base_context(&viewer);
    c.insert("items", &items);
    c.insert("next_cursor", &page_of.next);
    c.insert("first_page", &cursor.before.is_none());
    page(&state, "account/contributions.html", &c)
}

pub async fn follows(
    state: web::Data<AppState>,
    viewer: Viewer,
    cursor: web::Query<Cursor>,
) -> Result<HttpResponse, AppError> {
    let Some(user) = viewer.user.clone() else {
        return Ok(login_redirect(&viewer));
    };
    let page_of = my_activity::follows(&state.ctx, &user, cursor.before).await?;
    let (locale, now) = (viewer.locale, time::now());
    let items: Vec<_> = page_of
        .items
        .iter()
        .map(|f| {
            let status = bill::effective_status(f.status, f.opens_at, f.closes_at, now);
            json!({
                "slug": f.slug,
                "title": f.title,
                "status": status.as_str(),
                "milestone": dates::milestone(locale, status, f.opens_at, f.closes_at),
                "followed_on": dates::day(locale, f.followed_at),
            })
        })
        .collect();
    let mut c = base_context(&viewer);
    c.insert("items", &items);
    c.insert("next_cursor", &page_of.next);
    c.insert("first_page", &cursor.before.is_none());
    page(&state, "account/follows.html", &c)
}
