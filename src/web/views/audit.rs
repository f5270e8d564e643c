//! The audit chain as it is shown: its head, as the API and the open-data
//! manifests publish it; its entries, in the API and on the staff's page.

use serde::Serialize;
use utoipa::ToSchema;

use super::dates;
use crate::domain::audit::GENESIS;
use crate::domain::{Locale, time};
use crate::service::audit_log::AuditPage;
use crate::store::audit::AuditRow;

/// The newest entry of the audit chain. Kept somewhere outside the
/// platform, it lets anyone check later that the chain still holds it
/// (`codraft audit verify --head SEQ:HASH`, or a later head's chain).
#[derive(Serialize, ToSchema, Debug, Clone, PartialEq, Eq)]
pub struct AuditHead {
    /// The entry's sequence number; 0 when the log is empty.
    #[schema(example = 42)]
    pub seq: i64,
    /// Its hash, 64 hexadecimal digits.
    #[schema(example = "3f9a0c5e1b7d24e8a6f0b9c2d4e1f3a5b7c9d0e2f4a6b8c0d2e4f6a8b0c2d4e6")]
    pub hash: String,
    /// When it was written (RFC 3339); null when the log is empty.
    #[schema(example = "2026-12-04T10:15:00Z")]
    pub at: Option<String>,
}

impl From<Option<&AuditRow>> for AuditHead {
    fn from(row: Option<&AuditRow>) -> AuditHead {
        match row {
            Some(r) => AuditHead {
                seq: r.seq,
                hash: r.hash.clone(),
                at: Some(time::rfc3339(r.at)),
            },
            None => AuditHead {
                seq: 0,
                hash: GENESIS.to_string(),
                at: None,
            },
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct AuditEntryView {
    pub seq: i64,
    pub at: String,
    pub actor: Option<String>,
    pub action: String,
    pub target: String,
    pub reason: Option<String>,
    pub hash: String,
    pub prev_hash: String,
}

#[derive(Serialize, ToSchema)]
pub struct AuditList {
    pub items: Vec<AuditEntryView>,
    pub next_cursor: Option<String>,
}

impl From<AuditPage> for AuditList {
    fn from(page: AuditPage) -> AuditList {
        let items: Vec<AuditEntryView> = page
            .entries
            .into_iter()
            .map(|(r, actor)| AuditEntryView {
                seq: r.seq,
                at: time::rfc3339(r.at),
                actor: actor.filter(|a| !a.is_empty()),
                action: r.action,
                target: match r.target_id {
                    Some(id) => format!("{}:{id}", r.target_kind),
                    None => r.target_kind,
                },
                reason: r.reason,
                hash: r.hash,
                prev_hash: r.prev_hash,
            })
            .collect();
        let next_cursor = if page.more {
            items.last().map(|i| i.seq.to_string())
        } else {
            None
        };
        AuditList { items, next_cursor }
    }
}

/// The staff's audit page: entries with dates in words and short hashes,
/// and where the next page starts.
#[derive(Serialize)]
pub struct AuditScreen {
    pub entries: Vec<AuditLine>,
    pub next_before: Option<i64>,
}

#[derive(Serialize)]
pub struct AuditLine {
    pub seq: i64,
    pub at: String,
    pub actor: Option<String>,
    pub action: String,
    pub target: String,
    pub reason: Option<String>,
    /// The hash's first 16 digits.
    pub hash: String,
}

pub fn screen(locale: Locale, page: AuditPage) -> AuditScreen {
    let entries: Vec<AuditLine> = page
        .entries
        .into_iter()
        .map(|(r, actor)| AuditLine {
            seq: r.seq,
            at: dates::long(locale, r.at),
            actor: actor.filter(|a| !a.is_empty()),
            action: r.action,
            target: match r.target_id {
                Some(id) => format!("{} {id}", r.target_kind),
                None => r.target_kind,
            },
            reason: r.reason,
            hash: r.hash[..16].to_string(),
        })
        .collect();
    let next_before = if page.more {
        entries.last().map(|e| e.seq)
    } else {
        None
    };
    AuditScreen {
        entries,
        next_before,
    }
}
