//! Schema migrations: append-only SQL files embedded at compile time, applied
//! in order on `PRAGMA user_version`, each in its own transaction. A database
//! newer than this program is refused, never touched. Before an existing
//! database is upgraded, a copy is written next to it.

use std::path::{Path, PathBuf};

use rusqlite::Connection;

use crate::error::{CoreError, CoreResult};

/// The migrations, in order. Never edit or reorder: only append.
pub const MIGRATIONS: &[(&str, &str)] = &[
    ("0001_initial", include_str!("migrations/0001_initial.sql")),
    (
        "0002_fulltext",
        include_str!("migrations/0002_fulltext.sql"),
    ),
    (
        "0003_journal_indexes",
        include_str!("migrations/0003_journal_indexes.sql"),
    ),
    ("0004_control", include_str!("migrations/0004_control.sql")),
    (
        "0005_open_indexes",
        include_str!("migrations/0005_open_indexes.sql"),
    ),
    (
        "0006_facts_generation",
        include_str!("migrations/0006_facts_generation.sql"),
    ),
    (
        "0007_report_archive",
        include_str!("migrations/0007_report_archive.sql"),
    ),
    ("0008_import", include_str!("migrations/0008_import.sql")),
    (
        "0009_road_maps",
        include_str!("migrations/0009_road_maps.sql"),
    ),
    (
        "0010_search_backlog",
        include_str!("migrations/0010_search_backlog.sql"),
    ),
    (
        "0011_open_indexes_without_lists",
        include_str!("migrations/0011_open_indexes_without_lists.sql"),
    ),
];

pub fn latest_version() -> i64 {
    MIGRATIONS.len() as i64
}

pub fn user_version(conn: &Connection) -> CoreResult<i64> {
    Ok(conn.query_row("PRAGMA user_version", [], |r| r.get(0))?)
}

/// Applies migrations above the current version up to `target`.
pub fn migrate_to(conn: &mut Connection, target: i64) -> CoreResult<()> {
    let current = user_version(conn)?;
    if current > latest_version() {
        return Err(CoreError::DbTooNew {
            found: current,
            supported: latest_version(),
        });
    }
    for (i, (_name, sql)) in MIGRATIONS.iter().enumerate() {
        let version = i as i64 + 1;
        if version <= current || version > target {
            continue;
        }
        let tx = conn.transaction()?;
        tx.execute_batch(sql)?;
        tx.pragma_update(None, "user_version", version)?;
        tx.commit()?;
    }
    Ok(())
}

/// Writes a consistent copy of the database before an upgrade
/// (`<name>.before-v<N>-<stamp>.sqlite`) and returns its path.
pub fn backup_before_upgrade(
    conn: &Connection,
    db_path: &Path,
    stamp: &str,
) -> CoreResult<PathBuf> {
    let from = user_version(conn)?;
    let name = db_path
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or("mcu");
    let backup = db_path.with_file_name(format!("{name}.before-v{}-{stamp}.sqlite", from + 1));
    conn.execute("VACUUM INTO ?1", [backup.to_string_lossy()])?;
    Ok(backup)
}

/// An upgraded database equals a fresh one, keeps its data and is backed up
/// first.
#[cfg(test)]
mod tests {
    use chrono::{NaiveDate, NaiveDateTime};
    use rusqlite::Connection;

    use super::{MIGRATIONS, latest_version, migrate_to};
    use crate::db::{Db, journal};
    use crate::model::JournalQuery;

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
        let now =
            NaiveDateTime::parse_from_str("2026-11-27T10:00:00", "%Y-%m-%dT%H:%M:%S").unwrap();
        Db::open(&fresh, now).unwrap();
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
            let (db, report) = Db::open(&old, now).unwrap();
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
            let today = NaiveDate::from_ymd_opt(2026, 11, 27).unwrap();
            assert_eq!(db.read(|c| journal::list(c, &q, today)).unwrap().total, 1);
        }
        assert_eq!(MIGRATIONS.len() as i64, latest_version());
    }
}
