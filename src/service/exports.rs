//! Who may read which export, and the report's model: the rules the
//! export pages follow.

use crate::context::AppContext;
use crate::domain::{BillStatus, Permission, User, allows};
use crate::error::AppError;
use crate::export::open_data::{File, Provenance};
use crate::export::report::{self, Report, ReportFormat};
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

/// The synthesis report: public once published; before that, a marked
/// preview for the bill's sponsors and the admins (with the decisions and
/// justifications as they will be published) and for the moderators
/// (without them).
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
    let audience = report::Audience {
        decisions: access.can_manage,
    };
    let bill = access.row;
    let source = ctx.url(&format!("/bills/{}", bill.slug));
    ctx.db
        .run(move |c| Ok(report::build(c, bill, source, audience)?))
        .await
}

/// Whether an open-data file of `bill` is public yet: decisions wait for
/// the publication.
pub fn available(file: File, bill: &BillRow) -> bool {
    !file.needs_publication() || bill.status == BillStatus::Published
}

/// One of a bill's exports, named as its address names it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Export {
    Report(ReportFormat),
    OpenData(File),
}

impl Export {
    pub fn parse(name: &str) -> Option<Export> {
        ReportFormat::parse(name)
            .map(Export::Report)
            .or_else(|| File::parse(name).map(Export::OpenData))
    }

    /// Every name `parse` accepts.
    pub fn names() -> Vec<&'static str> {
        ReportFormat::ALL
            .iter()
            .map(|f| f.name())
            .chain(File::ALL.iter().map(|f| f.name()))
            .collect()
    }
}

/// Writes the export of bill `slug` as `viewer` may download it to `out`
/// (what `codraft export` does with the HTTP routes' code and rules).
pub async fn write_to(
    ctx: &AppContext,
    viewer: Option<&User>,
    slug: &str,
    export: Export,
    out: impl std::io::Write + Send + 'static,
) -> Result<(), AppError> {
    let io = |e: std::io::Error| AppError::Internal(e.to_string());
    match export {
        Export::Report(format) => {
            let r = report(ctx, viewer, slug).await?;
            let base_url = ctx.settings.base_url.clone();
            tokio::task::spawn_blocking(move || {
                use std::io::Write;
                let mut out = std::io::BufWriter::new(out);
                format
                    .write_to(&r, &base_url, &mut out)
                    .and_then(|()| out.flush())
            })
            .await
            .map_err(|e| AppError::Internal(e.to_string()))?
            .map_err(io)
        }
        Export::OpenData(file) => {
            let bill = public_bill(ctx, viewer, slug).await?;
            if !available(file, &bill) {
                return Err(AppError::Conflict("error-decisions-not-published"));
            }
            let p = Provenance::new(&ctx.settings.base_url, bill);
            ctx.db
                .run(move |conn| {
                    use std::io::Write;
                    let mut out = std::io::BufWriter::new(out);
                    file.write(conn, &p, &mut out)
                        .and_then(|()| out.flush())
                        .map_err(io)
                })
                .await
        }
    }
}
