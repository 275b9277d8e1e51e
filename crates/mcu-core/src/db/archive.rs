//! The report archive (архив отчётов, migration 0007): each exported report's
//! listing line with the frozen content it was printed from, as JSON. Rows
//! are only inserted, never updated. What the content means is the reports
//! module's business.

use rusqlite::{Connection, OptionalExtension, params};

use super::rows::{fmt_dt, get_dt};
use crate::error::{CoreError, CoreResult};
use crate::model::ArchiveEntry;

/// Stores a report's listing line with its content as JSON; returns the id
/// (the `id` of `entry` is ignored).
pub fn insert(conn: &Connection, entry: &ArchiveEntry, content_json: &str) -> CoreResult<i64> {
    conn.prepare_cached(
        "INSERT INTO report_archive (kind, period, title, format, made_at, operator, content)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?
    .execute(params![
        entry.kind,
        entry.period,
        entry.title,
        entry.format,
        fmt_dt(entry.made_at),
        entry.operator,
        content_json
    ])?;
    Ok(conn.last_insert_rowid())
}

const COLUMNS: &str = "id, kind, period, title, format, made_at, operator";

fn entry(r: &rusqlite::Row<'_>) -> rusqlite::Result<ArchiveEntry> {
    Ok(ArchiveEntry {
        id: r.get(0)?,
        kind: r.get(1)?,
        period: r.get(2)?,
        title: r.get(3)?,
        format: r.get(4)?,
        made_at: get_dt(r, 5)?,
        operator: r.get(6)?,
    })
}

/// The archive, newest first.
pub fn list(conn: &Connection) -> CoreResult<Vec<ArchiveEntry>> {
    let mut st = conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM report_archive ORDER BY made_at DESC, id DESC"
    ))?;
    let rows = st.query_map([], entry)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// The listing line and the stored content JSON of report `id`.
pub fn get(conn: &Connection, id: i64) -> CoreResult<(ArchiveEntry, String)> {
    let found = conn
        .prepare_cached(&format!(
            "SELECT {COLUMNS}, content FROM report_archive WHERE id = ?1"
        ))?
        .query_row([id], |r| Ok((entry(r)?, r.get::<_, String>(7)?)))
        .optional()?;
    found.ok_or_else(|| CoreError::NotFound(format!("В архиве нет отчёта № {id}.")))
}
