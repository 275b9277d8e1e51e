//! What an import and a preview report: the options they take, progress,
//! the summary with its listed rows, and the preview rows.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::atomic::AtomicBool;

use mcu_core::Actor;
use mcu_core::FieldError;
use serde::Serialize;
use ts_rs::TS;

use crate::apply::Mapped;
use crate::mapping::Mapping;

/// How many rejected and updated rows the summary lists (all of them go to
/// the rejects file and the audit log).
pub const LIST_LIMIT: usize = 1000;

/// How far an import has got (the window's `import-progress` event).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[ts(export, rename = "ImportProgress")]
pub struct Progress {
    /// Data rows read so far.
    pub rows: u64,
    /// Position in the input (bytes of a CSV file, rows of a sheet) …
    pub position: u64,
    /// … out of this many.
    pub total: u64,
}

/// What to import and how.
pub struct ImportOptions<'a> {
    pub mapping: &'a Mapping,
    /// Who imports and when (the audit log's operator and moment; also "now"
    /// for validation and for `received_at = "now"`).
    pub actor: Actor<'a>,
    /// Run everything, report, then roll back; no rejects file is written.
    pub dry_run: bool,
    /// Where rejected rows go; default `<name>.rejected.csv` next to the source.
    pub rejects_path: Option<PathBuf>,
    /// Called every 1,000 rows and at the end.
    pub progress: Option<&'a (dyn Fn(Progress) + Sync)>,
    /// Set it to stop: the whole import is rolled back.
    pub cancel: Option<&'a AtomicBool>,
}

/// A rejected row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct RejectedRow {
    pub row: u64,
    pub reason: String,
}

/// One changed field of an updated appeal (as the audit log has it).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct FieldChange {
    pub field: String,
    pub old: String,
    pub new: String,
}

/// An appeal changed by the import.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct UpdatedRow {
    pub row: u64,
    pub appeal_id: i64,
    pub number: String,
    pub changes: Vec<FieldChange>,
}

/// The result of an import (сводка импорта).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct ImportSummary {
    /// The batch (`import_batches.id`): the journal selects its appeals by it.
    /// `None` after a dry run.
    pub batch_id: Option<i64>,
    pub file: String,
    pub mapping: String,
    pub dry_run: bool,
    /// Data rows read (blank rows included).
    pub rows: u64,
    pub imported: u64,
    pub updated: u64,
    pub present: u64,
    pub rejected: u64,
    /// Blank rows (every cell empty): nothing to import.
    pub empty: u64,
    /// Imported and updated appeals by channel name.
    pub by_channel: BTreeMap<String, u64>,
    /// Imported and updated appeals by sector block name («без блока» when none).
    pub by_block: BTreeMap<String, u64>,
    /// The first [`LIST_LIMIT`] updated appeals with what changed.
    pub updates: Vec<UpdatedRow>,
    /// The first [`LIST_LIMIT`] rejected rows.
    pub rejects: Vec<RejectedRow>,
    /// The file with every rejected row (original columns + reason).
    #[ts(type = "string | null")]
    pub rejects_file: Option<PathBuf>,
    /// Ids of the appeals created, in order (the first 10,000).
    pub imported_ids: Vec<i64>,
}

/// What the preview predicts for a row.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export, rename = "ImportOutcome")]
pub enum Outcome {
    New,
    Update,
    Present,
    Reject,
}

/// A row of the preview: the appeal exactly as it would be stored.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct PreviewRow {
    pub row: u64,
    pub outcome: Outcome,
    /// The stored appeal's id when the row is already in the database.
    pub existing_id: Option<i64>,
    pub mapped: Mapped,
    /// Every problem: the mapping's and the core validation's (field, Russian message).
    pub problems: Vec<FieldError>,
}

/// The preview of a file under a mapping.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export, rename = "ImportPreview")]
pub struct Preview {
    pub columns: Vec<String>,
    pub rows: Vec<PreviewRow>,
}
