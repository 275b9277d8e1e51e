//! The report archive (архив отчётов): each exported report with the frozen
//! content model it was printed from. Rows are only inserted, never updated.

use chrono::NaiveDateTime;
use rusqlite::{Connection, OptionalExtension, params};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::rows::{fmt_dt, get_dt};
use crate::error::{CoreError, CoreResult};
use crate::indicators::IndicatorReport;
use crate::weekly::WeeklyNote;

/// The content of an archived report: exactly what was printed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(tag = "kind", content = "content", rename_all = "snake_case")]
#[ts(export)]
pub enum ReportContent {
    Weekly(Box<WeeklyNote>),
    Indicators(Box<IndicatorReport>),
}

impl ReportContent {
    pub fn kind(&self) -> &'static str {
        match self {
            ReportContent::Weekly(_) => "weekly",
            ReportContent::Indicators(_) => "indicators",
        }
    }

    pub fn period(&self) -> String {
        match self {
            ReportContent::Weekly(n) => n.week.clone(),
            ReportContent::Indicators(r) => r.period.code(),
        }
    }

    pub fn title(&self) -> String {
        match self {
            ReportContent::Weekly(n) => format!(
                "Аналитическая записка за неделю {} – {}",
                n.from.format("%d.%m.%Y"),
                n.to.format("%d.%m.%Y")
            ),
            ReportContent::Indicators(r) => format!("Показатели работы МЦУ, {}", r.period_label),
        }
    }

    pub fn made_at(&self) -> NaiveDateTime {
        match self {
            ReportContent::Weekly(n) => n.made_at,
            ReportContent::Indicators(r) => r.made_at,
        }
    }

    pub fn operator(&self) -> &str {
        match self {
            ReportContent::Weekly(n) => &n.operator,
            ReportContent::Indicators(r) => &r.operator,
        }
    }
}

/// A line of the archive list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct ArchiveEntry {
    pub id: i64,
    /// «weekly» or «indicators».
    pub kind: String,
    /// «2026-W47», «2026-Q4», «2026».
    pub period: String,
    pub title: String,
    /// The format it was exported in: pdf, docx, xlsx.
    pub format: String,
    #[ts(type = "string")]
    pub made_at: NaiveDateTime,
    pub operator: String,
}

/// An archived report with its frozen content.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct ArchivedReport {
    pub entry: ArchiveEntry,
    pub content: ReportContent,
}

pub fn insert(conn: &Connection, content: &ReportContent, format: &str) -> CoreResult<i64> {
    let json = serde_json::to_string(content)
        .map_err(|e| CoreError::Conflict(format!("отчёт не удалось сохранить в архив: {e}")))?;
    conn.prepare_cached(
        "INSERT INTO report_archive (kind, period, title, format, made_at, operator, content)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?
    .execute(params![
        content.kind(),
        content.period(),
        content.title(),
        format,
        fmt_dt(content.made_at()),
        content.operator(),
        json
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

pub fn get(conn: &Connection, id: i64) -> CoreResult<ArchivedReport> {
    let found = conn
        .prepare_cached(&format!(
            "SELECT {COLUMNS}, content FROM report_archive WHERE id = ?1"
        ))?
        .query_row([id], |r| Ok((entry(r)?, r.get::<_, String>(7)?)))
        .optional()?;
    let (entry, json) =
        found.ok_or_else(|| CoreError::NotFound(format!("В архиве нет отчёта № {id}.")))?;
    let content = serde_json::from_str(&json)
        .map_err(|e| CoreError::Conflict(format!("Отчёт № {id} в архиве не читается: {e}")))?;
    Ok(ArchivedReport { entry, content })
}
