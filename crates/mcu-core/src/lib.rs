//! МЦУ·Дежурный core: the domain of a municipal control centre's duty office.
//!
//! Appeals and messages (59-ФЗ обращения, ПОС сообщения, incidents from social
//! media), their classification, deadlines on the Russian production calendar,
//! lifecycle, audit and storage in one SQLite file. No UI and no Tauri here:
//! the desktop shell and the `mcu` command are thin layers over [`office::Office`].

pub mod analytics;
pub mod appeals;
pub mod audit;
pub mod backup;
pub mod calendar;
pub mod changes;
pub mod control;
pub(crate) mod db;
pub mod deadline;
pub mod deadlines;
pub mod demo;
pub mod env;
pub mod error;
pub mod export;
pub mod handover;
pub mod indicators;
pub mod model;
pub mod notify;
pub mod numbering;
pub mod office;
pub mod papers;
pub mod period;
pub mod privacy;
pub mod profile;
pub mod rating;
pub mod reference;
pub mod repeats;
pub mod reports;
pub mod roadmap;
pub mod settings;
pub mod timeliness;
pub mod validate;
pub mod weekly;

pub use db::{Db, OpenReport};
pub use error::{CoreError, CoreResult, ErrorCode, FieldError, PublicError};
pub use model::Actor;
pub use office::Office;

/// What the import's bulk path needs of storage besides [`Office`]: it writes
/// thousands of rows in one transaction of its own (`bulk::write` sets the
/// conditions of such a write), audits what it writes itself, and stores
/// moments in the database's format.
pub mod bulk {
    pub use crate::db::audit::record;
    pub use crate::db::bulk::write;
    pub use crate::db::rows::{fmt_date, fmt_dt};
}
