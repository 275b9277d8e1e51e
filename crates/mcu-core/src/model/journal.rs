//! The journal (журнал обращений): its filters, sorting, paging and rows.

use chrono::{NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::enums::*;

/// Sort orders of the journal.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum SortKey {
    #[default]
    RegisteredDesc,
    RegisteredAsc,
    DueAsc,
    DueDesc,
    Number,
    Status,
}

/// Filters of the journal; empty values mean "any".
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(default)]
#[ts(export)]
pub struct JournalQuery {
    /// Registration date from (inclusive).
    #[ts(type = "string | null")]
    pub from: Option<NaiveDate>,
    /// Registration date to (inclusive).
    #[ts(type = "string | null")]
    pub to: Option<NaiveDate>,
    pub channel: Option<String>,
    pub kind: Option<AppealKind>,
    pub status: Option<Status>,
    /// Only open appeals (any open status).
    pub open_only: bool,
    pub block_id: Option<i64>,
    pub person_id: Option<i64>,
    pub settlement_id: Option<i64>,
    pub theme: Option<Theme>,
    /// A ТОТК code or prefix: appeals with a question under it.
    pub topic: Option<String>,
    /// Open appeals whose due date has passed.
    pub overdue: bool,
    /// Appeals created or updated by this file import (`import_batches.id`).
    #[ts(optional)]
    pub import_batch: Option<i64>,
    /// Full-text search over number, text, applicant and address.
    pub search: String,
    pub sort: SortKey,
    pub offset: u32,
    pub limit: u32,
}

/// One line of the journal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct JournalRow {
    pub id: i64,
    pub number: String,
    #[ts(type = "string")]
    pub registered_at: NaiveDateTime,
    pub channel_name: String,
    pub kind: AppealKind,
    pub appeal_type: AppealType,
    pub applicant: String,
    pub settlement_name: String,
    pub topic_name: String,
    pub excerpt: String,
    pub block_name: String,
    pub person_name: String,
    pub status: Status,
    #[ts(type = "string")]
    pub due_date: NaiveDate,
    /// Calendar days left for open appeals (negative: overdue).
    pub days_left: Option<i64>,
    pub overdue: bool,
}

/// A page of the journal with the total count for the same filters.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct JournalPage {
    pub total: u64,
    pub offset: u32,
    pub rows: Vec<JournalRow>,
}
