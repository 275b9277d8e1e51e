//! The database file on disk: after the program closes it, or after a
//! checkpoint, the `.sqlite` file alone holds every saved appeal, so copying
//! that one file (a backup, a move to another PC) takes everything.

#![allow(clippy::unwrap_used)] // tests fail loudly on purpose

mod common;

use std::path::Path;

use common::*;
use rusqlite::{Connection, OpenFlags};

/// Appeals in a copy of the main file alone, without its `-wal` and `-shm`.
fn appeals_in_a_copy_of(db: &Path) -> i64 {
    let copy_dir = tempfile::tempdir().unwrap();
    let copy = copy_dir.path().join("copy.sqlite");
    std::fs::copy(db, &copy).unwrap();
    let conn = Connection::open_with_flags(&copy, OpenFlags::SQLITE_OPEN_READ_ONLY).unwrap();
    conn.query_row("SELECT count(*) FROM appeals", [], |r| r.get(0))
        .unwrap()
}

fn wal_of(db: &Path) -> std::path::PathBuf {
    db.with_file_name(format!("{}-wal", db.file_name().unwrap().to_string_lossy()))
}

#[test]
fn a_closed_database_file_holds_everything_without_its_log() {
    let t = office();
    let db = t.dir.path().join("mcu.sqlite");
    for day in ["2026-11-23", "2026-11-24", "2026-11-25"] {
        reg(&t, day, |_| {});
    }
    // While open, the newest pages live in the write-ahead log.
    assert!(wal_of(&db).exists());
    let common::TestOffice { dir, office } = t;
    drop(office);
    assert!(
        !wal_of(&db).exists(),
        "the log is copied into the file and removed on close"
    );
    assert_eq!(appeals_in_a_copy_of(&db), 3);
    drop(dir);
}

#[test]
fn a_checkpoint_empties_the_log_into_the_file_of_an_open_database() {
    let t = office();
    let db = t.dir.path().join("mcu.sqlite");
    reg(&t, "2026-11-24", |_| {});
    reg(&t, "2026-11-25", |_| {});
    // The reader has read something: a finished read must not hold the log.
    assert_eq!(
        t.office
            .db()
            .read(|c| Ok(c.query_row("SELECT count(*) FROM appeals", [], |r| r.get::<_, i64>(0))?))
            .unwrap(),
        2
    );
    assert!(t.office.db().checkpoint().unwrap());
    assert_eq!(std::fs::metadata(wal_of(&db)).unwrap().len(), 0);
    assert_eq!(appeals_in_a_copy_of(&db), 2);
    // The database goes on working after the checkpoint.
    reg(&t, "2026-11-26", |_| {});
    assert!(t.office.db().checkpoint().unwrap());
    assert_eq!(appeals_in_a_copy_of(&db), 3);
}
