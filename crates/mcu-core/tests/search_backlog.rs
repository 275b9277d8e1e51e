//! The search index and bulk writes: appeals registered by an import wait in
//! the backlog (not indexed inside the import's transaction), are found by the
//! journal's search while they wait, and are indexed once by the background
//! thread after the commit or at the next start.

#![allow(clippy::unwrap_used)] // tests fail loudly on purpose

use std::time::{Duration, Instant};

use chrono::NaiveDateTime;
use mcu_core::appeals::{Registrar, update_in};
use mcu_core::model::{AppealDraft, JournalQuery};
use mcu_core::{Actor, Office, bulk};

/// FTS5's own `automerge` (segments per level before they are merged), which
/// the index thread switches off while it indexes a chunk and back on after.
const FTS5_DEFAULT_AUTOMERGE: i64 = 4;

fn test_office() -> (tempfile::TempDir, Office, NaiveDateTime) {
    let dir = tempfile::tempdir().unwrap();
    let now = NaiveDateTime::parse_from_str("2026-11-27T10:00:00", "%Y-%m-%dT%H:%M:%S").unwrap();
    let (office, _) = Office::open(&dir.path().join("t.sqlite"), now).unwrap();
    (dir, office, now)
}

fn draft(text: &str) -> AppealDraft {
    AppealDraft {
        received_at: "2026-11-26T09:00".into(),
        registered_at: "2026-11-26T10:00".into(),
        channel: "letter".into(),
        appeal_type: "complaint".into(),
        applicant_name: "Ёлкина Алёна".into(),
        settlement: "Мосты".into(),
        text: text.into(),
        questions: vec!["0005.0005.0056.1154".into()],
        ..Default::default()
    }
}

fn found(office: &Office, s: &str) -> u64 {
    office
        .journal(
            &JournalQuery {
                search: s.into(),
                ..Default::default()
            },
            chrono::NaiveDate::from_ymd_opt(2026, 11, 27).unwrap(),
        )
        .unwrap()
        .total
}

fn one(office: &Office, sql: &str) -> i64 {
    office
        .db()
        .read(|c| Ok(c.query_row(sql, [], |r| r.get(0))?))
        .unwrap()
}

/// Waits (up to a minute, on a loaded machine) for the index thread to
/// empty the backlog.
fn wait_indexed(office: &Office) {
    let start = Instant::now();
    while office.db().search_backlog().unwrap() > 0 {
        assert!(
            start.elapsed() < Duration::from_secs(60),
            "the index thread did not run"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// Registers three appeals in one bulk write, one of them edited after.
fn register_in_bulk(office: &Office, actor: &Actor<'_>) {
    office
        .db()
        .write(|tx| {
            bulk::write(tx, || {
                let registrar = Registrar::load(tx)?;
                registrar.register(&draft("Нет воды на улице Зелёной"), actor)?;
                let id = registrar.register(&draft("Яма"), actor)?;
                // A file may carry a row and then its change: the row is
                // in the backlog already, its trigger leaves it alone.
                update_in(tx, id, None, &draft("Яма на дороге"), actor)
            })
        })
        .unwrap();
}

fn searches(office: &Office) {
    assert_eq!(found(office, "зеленой"), 1, "ё folded as the trigger does");
    assert_eq!(found(office, "елкина"), 3);
    assert_eq!(found(office, "фонарь"), 1, "the trigger is back");
    assert_eq!(found(office, "яма"), 1);
    assert_eq!(found(office, "ДОРОГЕ"), 1, "the edited text");
    assert_eq!(found(office, "Яма дороге"), 1);
    assert_eq!(found(office, "яма фонарь"), 0);
}

#[test]
fn a_bulk_write_waits_in_the_backlog_and_is_found_before_and_after_indexing() {
    let (_dir, office, now) = test_office();
    let actor = Actor {
        operator: "тест",
        at: now,
    };
    {
        let _idle = office.db().hold_indexer();
        register_in_bulk(&office, &actor);
        office.register(&draft("Не горит фонарь"), &actor).unwrap();
        assert_eq!(office.db().search_backlog().unwrap(), 2);
        assert_eq!(
            one(&office, "SELECT count(*) FROM search_backlog"),
            1,
            "one closed range"
        );
        searches(&office);
        office.db().index_backlog().unwrap();
    }
    assert_eq!(office.db().search_backlog().unwrap(), 0);
    assert_eq!(one(&office, "SELECT count(*) FROM search_backlog"), 0);
    searches(&office);
    assert_eq!(
        one(
            &office,
            "SELECT count(*) FROM appeals_fts WHERE appeals_fts MATCH '\"яма\"'"
        ),
        1,
        "indexed once, not by the trigger and again by the backlog"
    );
    office
        .db()
        .write(|tx| {
            Ok(tx.execute_batch(
                "INSERT INTO appeals_fts (appeals_fts, rank) VALUES ('integrity-check', 0)",
            )?)
        })
        .expect("the index agrees with itself");
    assert_eq!(
        one(
            &office,
            "SELECT v FROM appeals_fts_config WHERE k = 'automerge'"
        ),
        FTS5_DEFAULT_AUTOMERGE,
        "merging is switched back on"
    );
    // Edits after indexing go through the triggers again.
    office
        .update(3, 1, &draft("Не горит фонарь у школы"), &actor)
        .unwrap();
    assert_eq!(found(&office, "школы"), 1);
}

#[test]
fn a_bulk_write_that_registers_nothing_leaves_no_backlog() {
    let (_dir, office, _) = test_office();
    office
        .db()
        .write(|tx| bulk::write(tx, || Ok::<_, mcu_core::CoreError>(())))
        .unwrap();
    assert_eq!(one(&office, "SELECT count(*) FROM search_backlog"), 0);
}

#[test]
fn the_background_thread_indexes_after_the_commit() {
    let (_dir, office, now) = test_office();
    let actor = Actor {
        operator: "тест",
        at: now,
    };
    register_in_bulk(&office, &actor);
    wait_indexed(&office);
    office.register(&draft("Не горит фонарь"), &actor).unwrap();
    searches(&office);
}

#[test]
fn a_backlog_left_by_a_program_that_ended_is_indexed_at_the_next_start() {
    let (dir, office, now) = test_office();
    let actor = Actor {
        operator: "тест",
        at: now,
    };
    office.register(&draft("Нет воды"), &actor).unwrap();
    office.register(&draft("Яма на дороге"), &actor).unwrap();
    drop(office);
    let path = dir.path().join("t.sqlite");
    {
        // What a killed import leaves: its appeals committed, not indexed
        // (and here a range left open, which must not run on forever).
        let c = rusqlite::Connection::open(&path).unwrap();
        c.execute_batch(
            "DELETE FROM appeals_fts WHERE rowid = 2;
             INSERT INTO search_backlog (from_id, to_id) VALUES (2, 9223372036854775807);",
        )
        .unwrap();
    }
    let (office, _) = Office::open(&path, now).unwrap();
    assert_eq!(found(&office, "дороге"), 1, "found while it waits");
    wait_indexed(&office);
    assert_eq!(
        one(
            &office,
            "SELECT count(*) FROM appeals_fts WHERE appeals_fts MATCH '\"дороге\"'"
        ),
        1
    );
}
