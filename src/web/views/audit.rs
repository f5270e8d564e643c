//! The head of the audit chain, as the API and the open-data manifests
//! publish it.

use serde::Serialize;
use utoipa::ToSchema;

use crate::domain::audit::GENESIS;
use crate::domain::time;
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
