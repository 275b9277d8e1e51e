//! Opening a database: reopening changes nothing; a database newer than the
//! program is refused untouched. (Upgrades from every version: db::migrations.)

#![allow(clippy::unwrap_used)] // tests fail loudly on purpose

mod common;

use common::*;
use mcu_core::Office;
use rusqlite::Connection;

#[test]
fn reopening_is_idempotent_and_keeps_edits() {
    let t = office();
    let path = t.dir.path().join("mcu.sqlite");
    let id = t.office.register(&draft(), &actor()).unwrap();
    drop(t.office);
    let (again, report) = Office::open(&path, dt(NOW)).unwrap();
    assert!(!report.created);
    assert_eq!(report.migrated_from, None);
    assert!(report.backup.is_none());
    assert_eq!(again.reference().unwrap().settlements.len(), 8);
    assert_eq!(
        again.card(id, d("2026-11-27")).unwrap().number,
        "2026-00001"
    );
}

/// A schema version no program has made yet.
const LATER_VERSION: i64 = 1_000;

#[test]
fn a_newer_database_is_refused_and_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("future.sqlite");
    Connection::open(&path)
        .unwrap()
        .pragma_update(None, "user_version", LATER_VERSION)
        .unwrap();
    let err = Office::open(&path, dt(NOW)).err().expect("refused");
    assert_eq!(err.code(), mcu_core::ErrorCode::DbTooNew);
    let v: i64 = Connection::open(&path)
        .unwrap()
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(v, LATER_VERSION);
}
