//! Key–value settings of the office (number pattern, schedule, operator…).

use rusqlite::{Connection, OptionalExtension, params};

use crate::calendar::{DayOverride, OfficeSchedule, WorkCalendar};
use crate::deadline::DeadlineRule;
use crate::error::CoreResult;

pub fn get(conn: &Connection, key: &str) -> CoreResult<Option<String>> {
    Ok(conn
        .prepare_cached("SELECT value FROM settings WHERE key = ?1")?
        .query_row([key], |r| r.get(0))
        .optional()?)
}

pub fn set(conn: &Connection, key: &str, value: &str) -> CoreResult<()> {
    conn.prepare_cached("INSERT INTO settings (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = excluded.value")?.execute(params![key, value],
    )?;
    Ok(())
}

/// A setting kept as JSON; its default when absent or unreadable.
pub fn get_json<T: serde::de::DeserializeOwned + Default>(
    conn: &Connection,
    key: &str,
) -> CoreResult<T> {
    Ok(get(conn, key)?
        .and_then(|s| serde_json::from_str(&s).ok())
        .unwrap_or_default())
}

pub fn set_json<T: serde::Serialize>(conn: &Connection, key: &str, value: &T) -> CoreResult<()> {
    set(
        conn,
        key,
        &serde_json::to_string(value).expect("serialisable"),
    )
}

pub fn schedule(conn: &Connection) -> CoreResult<OfficeSchedule> {
    get_json(conn, "schedule")
}

pub fn number_pattern(conn: &Connection) -> CoreResult<String> {
    Ok(
        get(conn, "number_pattern")?
            .unwrap_or_else(|| crate::numbering::DEFAULT_PATTERN.to_owned()),
    )
}

/// The production calendar with the office's overrides.
pub fn calendar(conn: &Connection) -> CoreResult<WorkCalendar> {
    let mut st = conn.prepare_cached("SELECT date, kind FROM calendar_overrides")?;
    let rows = st.query_map([], |r| {
        let d = super::rows::get_date(r, 0)?;
        let k: String = r.get(1)?;
        Ok((d, k))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (d, k) = row?;
        if let Some(k) = DayOverride::from_code(&k) {
            out.push((d, k));
        }
    }
    Ok(WorkCalendar::new(out))
}

/// All deadline rules, retired ones included (appeals keep theirs).
pub fn rules(conn: &Connection) -> CoreResult<Vec<DeadlineRule>> {
    let mut st = conn.prepare_cached(
        "SELECT id, kind, topic_prefix, name, days, day_kind, response_hours, extendable, max_extension_days, active
         FROM deadline_rules ORDER BY id",
    )?;
    let rows = st.query_map([], |r| {
        Ok(DeadlineRule {
            id: r.get(0)?,
            kind: r.get(1)?,
            topic_prefix: r.get(2)?,
            name: r.get(3)?,
            days: r.get(4)?,
            day_kind: r.get(5)?,
            response_hours: r.get(6)?,
            extendable: r.get(7)?,
            max_extension_days: r.get(8)?,
            active: r.get(9)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}
