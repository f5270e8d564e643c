//! "My contributions" and "my follows", linked from the account page.

use actix_web::{HttpResponse, web};
use serde::Deserialize;

use crate::domain::time;
use crate::error::AppError;
use crate::service::my_activity;
use crate::web::AppState;
use crate::web::render::{base_context, login_redirect, page};
use crate::web::viewer::Viewer;
use crate::web::views::account::{MyContributionLine, MyFollowLine, MyPage};
use crate::web::views::layout::insert_view;

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
    let view = MyPage::new(&page_of, cursor.before, |c| {
        MyContributionLine::new(viewer.locale, c)
    });
    let mut c = base_context(&viewer);
    insert_view(&mut c, &view)?;
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
    let now = time::now();
    let view = MyPage::new(&page_of, cursor.before, |f| {
        MyFollowLine::new(viewer.locale, f, now)
    });
    let mut c = base_context(&viewer);
    insert_view(&mut c, &view)?;
    page(&state, "account/follows.html", &c)
}
