//! Who may read which export, and the report's model: the rules the
//! export pages follow.

use crate::context::AppContext;
use crate::domain::{BillStatus, Permission, User, allows};
use crate::error::AppError;
use crate::export::report::{self, Report};
use crate::service::bills::{status_of, visible_bill};
use crate::store::bills::{self, BillRow};

/// A bill whose exports are public: anything but a draft (drafts are
/// nobody's open data, not even their sponsors').
pub async fn public_bill(
    ctx: &AppContext,
    viewer: Option<&User>,
    slug: &str,
) -> Result<BillRow, AppError> {
    let (slug, user) = (slug.to_string(), viewer.cloned());
    let bill = ctx
        .db
        .run(move |c| visible_bill(c, &slug, user.as_ref()))
        .await?;
    if status_of(&bill) == BillStatus::Draft {
        return Err(AppError::NotFound);
    }
    Ok(bill)
}

/// The synthesis report: public once published; before that, a preview
/// for the bill's sponsors and the moderators (without decisions).
pub async fn report(
    ctx: &AppContext,
    viewer: Option<&User>,
    slug: &str,
) -> Result<Report, AppError> {
    let bill = public_bill(ctx, viewer, slug).await?;
    if status_of(&bill) != BillStatus::Published {
        let user = viewer.cloned().ok_or(AppError::NotFound)?;
        let staff = allows(Some(&user), Permission::Synthesise);
        let bill_id = bill.id;
        let sponsor = ctx
            .db
            .run(move |c| bills::is_sponsor(c, bill_id, user.id))
            .await?;
        if !sponsor && !staff {
            return Err(AppError::NotFound);
        }
    }
    let source = ctx.url(&format!("/bills/{}", bill.slug));
    Ok(ctx.db.run(move |c| report::build(c, bill, source)).await?)
}
