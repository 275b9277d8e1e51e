//! A line of the report archive's list.

use chrono::NaiveDateTime;
use serde::Serialize;
use ts_rs::TS;

/// A line of the archive list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct ArchiveEntry {
    pub id: i64,
    /// «weekly» or «indicators».
    pub kind: String,
    /// «2026-W47», «2026-Q4», «2026».
    pub period: String,
    pub title: String,
    /// The format it was exported in: pdf, docx, xlsx.
    pub format: String,
    #[ts(type = "string")]
    pub made_at: NaiveDateTime,
    pub operator: String,
}
