//! Import of appeals from files: ПОС and «Инцидент Менеджмент» exports and
//! Excel registers, as CSV (UTF-8 or Windows-1251) or workbooks (XLSX, XLS,
//! ODS through calamine), with a column [`Mapping`] that people can read and
//! share. The UI calls [`preview_file`] to show the first rows as they will be
//! stored, then [`import_file`] with a progress callback and a cancel flag.
//!
//! Nothing is lost: every row is imported, recognised as present, or rejected
//! with its row number and a Russian reason (and written to a rejects file next
//! to the source). Nothing is half-done: one transaction per import.

pub mod apply;
#[cfg(feature = "bench")]
pub mod bench;
pub mod builder;
pub mod clean;
pub mod engine;
pub mod error;
mod examine;
pub mod fingerprint;
pub mod inbox;
pub mod mapping;
mod pipeline;
mod preview;
mod rejects;
pub mod source;
pub mod store;
pub mod summary;

pub use engine::import_file;
pub use error::{ImportError, ImportResult};
pub use mapping::{FIELDS, Mapping, MappingInfo, PRESETS};
pub use preview::preview_file;
pub use rejects::rejects_path_for;
pub use store::{list_mappings, load_mapping, save_mapping};
pub use summary::{
    FieldChange, ImportOptions, ImportSummary, Outcome, Preview, PreviewRow, Progress, RejectedRow,
    UpdatedRow,
};
