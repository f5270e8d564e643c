//! "The bill as this person may see or change it", in one place: loaded
//! once by slug or id, with the status its dates give, whether the viewer
//! sponsors it, and the checks every use case asks of it.
//!
//! Reads never write: [`BillAccess::read`] computes the status from the
//! dates and persists nothing. Writes that depend on the bill's life call
//! [`BillAccess::write`] inside their transaction: it takes the bill's row
//! lock and persists a calendar move that is due, so the move and the
//! write commit or roll back together.

use crate::domain::audit::ChainKey;
use crate::domain::bill::{self, BillStatus};
use crate::domain::permissions::participation_refusal;
use crate::domain::{Permission, User, allows, time};
use crate::error::AppError;
use crate::store::articles::{self, ArticleRow};
use crate::store::bills::{self, BillRow};
use crate::store::{DbConnection, StoreError};

/// Citizens' writes (contribute, vote, report, follow, withdraw) need a
/// confirmed account that is not banned.
pub fn participant(user: &User) -> Result<(), AppError> {
    if allows(Some(user), Permission::Participate) {
        Ok(())
    } else {
        Err(AppError::Forbidden(participation_refusal(user)))
    }
}

/// How a use case names the bill.
#[derive(Clone, Copy, Debug)]
pub enum BillKey<'a> {
    Slug(&'a str),
    Id(i64),
}

#[derive(Debug, Clone)]
pub struct BillAccess {
    /// The row, its `status` the effective one.
    pub row: BillRow,
    pub status: BillStatus,
    /// The viewer is one of the bill's sponsors.
    pub is_sponsor: bool,
    /// The viewer may change the bill and move it along (its sponsors and
    /// the admins).
    pub can_manage: bool,
    /// The viewer may see it (a draft: its sponsors and the admins, even
    /// banned).
    may_view: bool,
}

impl BillAccess {
    /// The bill as it stands now for `viewer`, without writing anything.
    pub fn read(
        c: &mut DbConnection,
        key: BillKey,
        viewer: Option<&User>,
    ) -> Result<Self, AppError> {
        let row = match key {
            BillKey::Slug(slug) => bills::find_by_slug(c, slug),
            BillKey::Id(id) => bills::find(c, id),
        }?;
        Self::of(c, row, viewer)
    }

    /// The bill for a write, inside its transaction: locked, with the
    /// calendar move that is due persisted first.
    pub fn write(
        c: &mut DbConnection,
        audit_key: &ChainKey,
        key: BillKey,
        viewer: Option<&User>,
    ) -> Result<Self, AppError> {
        let id = match key {
            BillKey::Slug(slug) => bills::id_of(c, slug)?,
            BillKey::Id(id) => id,
        };
        bills::lock(c, id)?;
        let found = bills::find(c, id)?;
        let row = settle(c, audit_key, found)?;
        Self::of(c, row, viewer)
    }

    /// The access of `viewer` to a bill already loaded (its status made
    /// effective).
    pub fn of(
        c: &mut DbConnection,
        mut row: BillRow,
        viewer: Option<&User>,
    ) -> Result<Self, AppError> {
        row.status = effective(&row);
        let is_sponsor = match viewer {
            Some(u) => bills::is_sponsor(c, row.id, u.id)?,
            None => false,
        };
        Ok(BillAccess {
            status: row.status,
            can_manage: bill::can_manage(viewer, is_sponsor),
            may_view: bill::can_view(row.status, viewer, is_sponsor),
            is_sponsor,
            row,
        })
    }

    /// 404 for a bill the viewer may not see (a draft, to all but its
    /// sponsors and the admins).
    pub fn visible(self) -> Result<Self, AppError> {
        if self.may_view {
            Ok(self)
        } else {
            Err(AppError::NotFound)
        }
    }

    /// 404 if the viewer may not see it, 403 if they may see but not
    /// change it.
    pub fn managed(self) -> Result<Self, AppError> {
        let access = self.visible()?;
        if access.can_manage {
            Ok(access)
        } else {
            Err(AppError::Forbidden("error-bill-sponsors-only"))
        }
    }

    /// Citizens' writes need the consultation open now.
    pub fn open_for_writes(self) -> Result<Self, AppError> {
        match self.status {
            BillStatus::Open => Ok(self),
            BillStatus::Draft => Err(AppError::NotFound),
            BillStatus::Closed | BillStatus::Published => {
                Err(AppError::Conflict("error-consultation-closed"))
            }
        }
    }

    /// Arbitration and synthesis end with publication.
    pub fn not_published(self) -> Result<Self, AppError> {
        if self.status == BillStatus::Published {
            Err(AppError::Conflict("error-bill-published"))
        } else {
            Ok(self)
        }
    }
}

/// The status the row's dates give it now.
pub fn effective(row: &BillRow) -> BillStatus {
    bill::effective_status(row.status, row.opens_at, row.closes_at, time::now())
}

/// Persists the moves the calendar calls for, if any, in the caller's
/// transaction; returns the bill as it now stands. The calendar job and
/// [`BillAccess::write`] call it, never a read.
pub fn settle(
    c: &mut DbConnection,
    audit_key: &ChainKey,
    row: BillRow,
) -> Result<BillRow, StoreError> {
    let mut row = row;
    // Opening may be due and then closing right after.
    while let Some(to) = bill::due_transition(row.status, row.opens_at, row.closes_at, time::now())
    {
        bills::move_status(c, audit_key, row.id, row.status, to, None, time::now())?;
        row = bills::find(c, row.id)?;
    }
    Ok(row)
}

/// Themes, notes and their acts are the moderation team's (and admins').
pub fn synthesiser(user: &User) -> Result<(), AppError> {
    if allows(Some(user), Permission::Synthesise) {
        Ok(())
    } else {
        Err(AppError::Forbidden("error-moderators-only"))
    }
}

/// The article `article_id` of the bill `bill_id`; a 422 on `field` for an
/// article that does not exist or belongs to another bill.
pub fn article_of_bill(
    c: &mut DbConnection,
    article_id: i64,
    bill_id: i64,
    field: &'static str,
) -> Result<ArticleRow, AppError> {
    match articles::find(c, article_id) {
        Ok(a) if a.bill_id == bill_id => Ok(a),
        Ok(_) | Err(StoreError::NotFound) => Err(AppError::field(field, "error-article-unknown")),
        Err(e) => Err(e.into()),
    }
}
