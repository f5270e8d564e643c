//! Who may read which export, and the report's model: the rules the
//! export pages follow.

use crate::context::AppContext;
use crate::domain::{BillStatus, Permission, User, allows};
use crate::error::AppError;
use crate::export::report::{self, Report};
use crate::service::access::{BillAccess, BillKey};
use crate::store::bills::BillRow;

/// A bill whose exports are public: anything but a draft (drafts are
/// nobody's open data, not even their sponsors').
pub async fn public_bill(
    ctx: &AppContext,
    viewer: Option<&User>,
    slug: &str,
) -> Result<BillRow, AppError> {
    Ok(public_access(ctx, viewer, slug).await?.row)
}

async fn public_access(
    ctx: &AppContext,
    viewer: Option<&User>,
    slug: &str,
) -> Result<BillAccess, AppError> {
    let (slug, user) = (slug.to_string(), viewer.cloned());
    let access = ctx
        .db
        .run(move |c| BillAccess::read(c, BillKey::Slug(&slug), user.as_ref()))
        .await?;
    if access.status == BillStatus::Draft {
        return Err(AppError::NotFound);
    }
    Ok(access)
}

/// The synthesis report: public once published; before that, a preview
/// for the bill's sponsors and the moderators (without decisions).
pub async fn report(
    ctx: &AppContext,
    viewer: Option<&User>,
    slug: &str,
) -> Result<Report, AppError> {
    let access = public_access(ctx, viewer, slug).await?;
    if access.status != BillStatus::Published
        && !access.is_sponsor
        && !allows(viewer, Permission::Synthesise)
    {
        return Err(AppError::NotFound);
    }
    let bill = access.row;
    let source = ctx.url(&format!("/bills/{}", bill.slug));
    ctx.db
        .run(move |c| Ok(report::build(c, bill, source)?))
        .await
}
