//! "My contributions" and "my follows": one person's own lists.

use crate::context::AppContext;
use crate::domain::User;
use crate::error::AppError;
use crate::store::my_activity::{self, MyContribution, MyFollow};

/// Lines per page of these lists.
pub const PAGE_SIZE: i64 = 20;

/// A page of a list and the cursor of the next one, if any.
pub struct Page<T> {
    pub items: Vec<T>,
    pub next: Option<i64>,
}

pub async fn contributions(
    ctx: &AppContext,
    user: &User,
    before: Option<i64>,
) -> Result<Page<MyContribution>, AppError> {
    let user_id = user.id;
    let (items, more) = ctx
        .db
        .run(move |c| my_activity::contributions_of(c, user_id, before, PAGE_SIZE))
        .await?;
    let next = more.then(|| items.last().map(|i| i.id)).flatten();
    Ok(Page { items, next })
}

pub async fn follows(
    ctx: &AppContext,
    user: &User,
    before: Option<i64>,
) -> Result<Page<MyFollow>, AppError> {
    let user_id = user.id;
    let (items, more) = ctx
        .db
        .run(move |c| my_activity::follows_of(c, user_id, before, PAGE_SIZE))
        .await?;
    let next = more.then(|| items.last().map(|i| i.bill_id)).flatten();
    Ok(Page { items, next })
}
