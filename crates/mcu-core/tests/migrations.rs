//! Migrations: an upgraded database equals a fresh one, keeps its data, is
//! backed up first; a database newer than the program is refused untouched.

#![allow(clippy::unwrap_used)] // tests fail loudly on purpose

mod common;

use common::*;
use mcu_core::Office;
use mcu_core::db::migrations::{MIGRATIONS, latest_version, migrate_to};
use mcu_core::model::JournalQuery;
use rusqlite::Connection;

fn schema(path: &std::path::Path) -> Vec<(String, String, String)> {
    let conn = Connection::open(path).unwrap();
    let mut st = conn
        .prepare("SELECT type, name, coalesce(sql, '') FROM sqlite_schema WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name")
        .unwrap();
    st.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

#[test]
fn every_intermediate_version_upgrades_to_the_fresh_schema() {
    let dir = tempfile::tempdir().unwrap();
    let fresh = dir.path().join("fresh.sqlite");
    Office::open(&fresh, dt(NOW)).unwrap();
    let fresh_schema = schema(&fresh);
    assert!(fresh_schema.iter().any(|(_, n, _)| n == "appeals_fts"));

    for start in 1..latest_version() {
        let old = dir.path().join(format!("v{start}.sqlite"));
        {
            let mut conn = Connection::open(&old).unwrap();
            migrate_to(&mut conn, start).unwrap();
            // A row written by the old version: it must survive the upgrade and be searchable.
            conn.execute_batch(
                "INSERT INTO channels (code, name, default_kind) VALUES ('letter', 'Письмо', '59fz');
                 INSERT INTO deadline_rules (id, kind, name, days, day_kind, extendable, created_at)
                   VALUES (1, '59fz', 'старое правило', 30, 'calendar', 1, '2026-01-01T00:00:00');
                 INSERT INTO appeals (number, received_at, registered_at, channel, kind, appeal_type, text, status,
                   due_date, due_rule_id, created_at, updated_at)
                 VALUES ('2026-00077', '2026-11-01T10:00:00', '2026-11-01T10:00:00', 'letter', '59fz', 'complaint',
                   'Старое обращение про фонари', 'new', '2026-12-01', 1, '2026-11-01T10:00:00', '2026-11-01T10:00:00');",
            )
            .unwrap();
        }
        let (office, report) = Office::open(&old, dt(NOW)).unwrap();
        assert_eq!(report.migrated_from, Some(start));
        let backup = report.backup.expect("a backup before the upgrade");
        assert!(backup.exists());
        assert_eq!(
            Connection::open(&backup)
                .unwrap()
                .query_row("PRAGMA user_version", [], |r| r.get::<_, i64>(0))
                .unwrap(),
            start
        );
        assert_eq!(
            schema(&old),
            fresh_schema,
            "upgrade from v{start} differs from a fresh database"
        );
        let q = JournalQuery {
            search: "фонари".into(),
            ..Default::default()
        };
        assert_eq!(office.journal(&q, d("2026-11-27")).unwrap().total, 1);
    }
    assert_eq!(MIGRATIONS.len() as i64, latest_version());
}

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

#[test]
fn a_newer_database_is_refused_and_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("future.sqlite");
    Connection::open(&path)
        .unwrap()
        .pragma_update(None, "user_version", latest_version() + 1)
        .unwrap();
    let err = Office::open(&path, dt(NOW)).err().expect("refused");
    assert_eq!(err.code(), mcu_core::ErrorCode::DbTooNew);
    let v: i64 = Connection::open(&path)
        .unwrap()
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(v, latest_version() + 1);
}
