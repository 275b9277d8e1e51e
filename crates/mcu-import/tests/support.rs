//! Shared helpers of the import tests: a fresh database per test, the real
//! data files from ../shared/data (never copied into the repository) and the
//! test mappings in tests/fixtures.

#![allow(dead_code, clippy::unwrap_used, clippy::new_without_default)] // test helpers fail loudly

use std::path::{Path, PathBuf};

use chrono::NaiveDateTime;
use mcu_core::Actor;
use mcu_core::Office;
use mcu_import::{ImportOptions, ImportResult, ImportSummary, Mapping};

pub const NOW: &str = "2026-11-27T10:00:00";

pub fn now() -> NaiveDateTime {
    NaiveDateTime::parse_from_str(NOW, "%Y-%m-%dT%H:%M:%S").unwrap()
}

pub struct Env {
    pub dir: tempfile::TempDir,
    pub office: Office,
}

impl Env {
    pub fn new() -> Env {
        let dir = tempfile::tempdir().unwrap();
        let (office, _) = Office::open(&dir.path().join("mcu.sqlite"), now()).unwrap();
        Env { dir, office }
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    pub fn write(&self, name: &str, bytes: &[u8]) -> PathBuf {
        let p = self.path(name);
        std::fs::write(&p, bytes).unwrap();
        p
    }

    /// Imports with rejects written into the test's folder.
    pub fn import(
        &self,
        file: &Path,
        mapping: &Mapping,
        dry_run: bool,
    ) -> ImportResult<ImportSummary> {
        let rejects = self.path(&format!(
            "{}.rejected.csv",
            file.file_stem().unwrap().to_string_lossy()
        ));
        mcu_import::import_file(
            &self.office,
            file,
            &ImportOptions {
                mapping,
                actor: Actor {
                    operator: "Тестов Т.Т.",
                    at: now(),
                },
                dry_run,
                rejects_path: Some(rejects),
                progress: None,
                cancel: None,
            },
        )
    }

    pub fn count(&self, sql: &str) -> i64 {
        self.office
            .db()
            .read(|c| Ok(c.query_row(sql, [], |r| r.get(0))?))
            .unwrap()
    }
}

/// A real data file; fails loudly when the shared data folder is missing.
pub fn data(name: &str) -> PathBuf {
    let p = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/data")).join(name);
    assert!(
        p.exists(),
        "test data {} is missing: these tests need ../shared/data next to the repository",
        p.display()
    );
    p
}

pub fn fixture(name: &str) -> Mapping {
    Mapping::from_file(
        &Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures")).join(name),
    )
    .unwrap()
}
