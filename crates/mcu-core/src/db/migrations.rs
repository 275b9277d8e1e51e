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
