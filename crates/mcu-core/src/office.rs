//! The office: the one API the desktop shell and the `mcu` command call.
//! `Office` holds the open database and the cached analytic facts; its
//! operations are spread over the domain modules, each an `impl Office`
//! (appeals, reference data, control, analytics, reports, road maps,
//! settings, backups), the way each writes one transaction with its audit
//! rows. Time and the operator are passed in by the caller.

use std::path::Path;
use std::sync::{Arc, Mutex};

use chrono::NaiveDateTime;

use crate::analytics::facts::Facts;
use crate::db::{Db, OpenReport};
use crate::error::CoreResult;

/// An open database of one office.
pub struct Office {
    pub(crate) db: Db,
    /// The analytic facts, rebuilt when their generation changes.
    pub(crate) facts: Mutex<Option<Arc<Facts>>>,
}

impl Office {
    pub fn open(path: &Path, now: NaiveDateTime) -> CoreResult<(Office, OpenReport)> {
        let (db, report) = Db::open(path, now)?;
        Ok((
            Office {
                db,
                facts: Mutex::new(None),
            },
            report,
        ))
    }

    pub fn db(&self) -> &Db {
        &self.db
    }
}

/// A new office in a temporary folder, opened at a fixed "now", for the unit
/// tests of the domain modules (the folder lives as long as the guard).
#[cfg(test)]
pub(crate) fn test_office() -> (tempfile::TempDir, Office, NaiveDateTime) {
    let dir = tempfile::tempdir().unwrap();
    let now = NaiveDateTime::parse_from_str("2026-11-27T10:00:00", "%Y-%m-%dT%H:%M:%S").unwrap();
    let (office, _) = Office::open(&dir.path().join("t.sqlite"), now).unwrap();
    (dir, office, now)
}
