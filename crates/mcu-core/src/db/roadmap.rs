//! Road-map measures (migration 0009), saved with their audit rows.

use rusqlite::{Connection, OptionalExtension, Row, params};
use serde::Serialize;

use super::audit::record;
use super::rows::{fmt_date, fmt_dt, get_date, get_opt_date};
use crate::audit::json_changes;
use crate::error::{CoreError, CoreResult};
use crate::model::fields::show_date;
use crate::model::{Actor, NamedItem, RoadMapItem};

const COLUMNS: &str =
    "r.id, r.problem, r.measure, r.theme, r.topic_code, r.settlement_id, r.block_id,
    r.responsible, r.start_date, r.due_date, r.funding, r.status, r.done_date, r.result, r.version";

fn item(r: &Row<'_>) -> rusqlite::Result<RoadMapItem> {
    Ok(RoadMapItem {
        id: r.get(0)?,
        problem: r.get(1)?,
        measure: r.get(2)?,
        theme: r.get(3)?,
        topic_code: r.get(4)?,
        settlement_id: r.get(5)?,
        block_id: r.get(6)?,
        responsible: r.get(7)?,
        start_date: get_date(r, 8)?,
        due_date: get_date(r, 9)?,
        funding: r.get(10)?,
        status: r.get(11)?,
        done_date: get_opt_date(r, 12)?,
        result: r.get(13)?,
        version: r.get(14)?,
    })
}

pub fn get(conn: &Connection, id: i64) -> CoreResult<Option<RoadMapItem>> {
    Ok(conn
        .query_row(
            &format!("SELECT {COLUMNS} FROM road_map_items r WHERE r.id = ?1"),
            [id],
            item,
        )
        .optional()?)
}

/// Every measure with its names: open ones first by deadline, then the
/// finished ones, the latest first.
pub fn list(conn: &Connection) -> CoreResult<Vec<NamedItem>> {
    let mut st = conn.prepare_cached(&format!(
        "SELECT {COLUMNS}, coalesce(t.name, ''), coalesce(s.name, ''), coalesce(b.name, '')
         FROM road_map_items r
         LEFT JOIN topics t ON t.code = r.topic_code
         LEFT JOIN settlements s ON s.id = r.settlement_id
         LEFT JOIN sector_blocks b ON b.id = r.block_id
         ORDER BY r.status IN ('done', 'cancelled'),
                  CASE WHEN r.status IN ('done', 'cancelled') THEN '' ELSE r.due_date END,
                  coalesce(r.done_date, r.due_date) DESC, r.id"
    ))?;
    let rows = st.query_map([], |r| {
        Ok(NamedItem {
            item: item(r)?,
            topic_name: r.get(15)?,
            settlement_name: r.get(16)?,
            block_name: r.get(17)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// What the history shows of a measure: names and Russian dates, not ids.
#[derive(Serialize)]
struct Shown {
    problem: String,
    measure: String,
    theme: String,
    topic: String,
    settlement: String,
    block: String,
    responsible: String,
    start_date: String,
    due_date: String,
    funding: String,
    status: String,
    done_date: String,
    result: String,
}

fn shown(conn: &Connection, i: &RoadMapItem) -> CoreResult<Shown> {
    let name = |sql: &str, id: Option<i64>| -> CoreResult<String> {
        Ok(match id {
            Some(id) => conn
                .query_row(sql, [id], |r| r.get(0))
                .optional()?
                .unwrap_or_default(),
            None => String::new(),
        })
    };
    Ok(Shown {
        problem: i.problem.clone(),
        measure: i.measure.clone(),
        theme: i.theme.map(|t| t.label().to_owned()).unwrap_or_default(),
        topic: i.topic_code.clone().unwrap_or_default(),
        settlement: name(
            "SELECT name FROM settlements WHERE id = ?1",
            i.settlement_id,
        )?,
        block: name("SELECT name FROM sector_blocks WHERE id = ?1", i.block_id)?,
        responsible: i.responsible.clone(),
        start_date: show_date(i.start_date),
        due_date: show_date(i.due_date),
        funding: i.funding.clone(),
        status: i.status.label().to_owned(),
        done_date: i.done_date.map(show_date).unwrap_or_default(),
        result: i.result.clone(),
    })
}

/// Inserts (`id == 0`) or updates a measure, refusing an update of a version
/// somebody else saved meanwhile; writes the audit rows. Returns the id.
pub fn save(conn: &Connection, i: &RoadMapItem, actor: &Actor<'_>) -> CoreResult<i64> {
    let now = fmt_dt(actor.at);
    let old = if i.id > 0 {
        let old = get(conn, i.id)?
            .ok_or_else(|| CoreError::NotFound(format!("Мероприятия № {} нет.", i.id)))?;
        if old.version != i.version {
            return Err(CoreError::Conflict(
                "Мероприятие уже изменено другим пользователем: откройте его заново.".into(),
            ));
        }
        Some(old)
    } else {
        None
    };
    let values = params![
        i.problem,
        i.measure,
        i.theme,
        i.topic_code,
        i.settlement_id,
        i.block_id,
        i.responsible,
        fmt_date(i.start_date),
        fmt_date(i.due_date),
        i.funding,
        i.status,
        i.done_date.map(fmt_date),
        i.result,
        now,
        i.id,
    ];
    let id = if old.is_some() {
        conn.execute(
            "UPDATE road_map_items SET problem = ?1, measure = ?2, theme = ?3, topic_code = ?4,
                settlement_id = ?5, block_id = ?6, responsible = ?7, start_date = ?8, due_date = ?9,
                funding = ?10, status = ?11, done_date = ?12, result = ?13, updated_at = ?14,
                version = version + 1
             WHERE id = ?15",
            values,
        )?;
        i.id
    } else {
        conn.execute(
            "INSERT INTO road_map_items (problem, measure, theme, topic_code, settlement_id, block_id,
                responsible, start_date, due_date, funding, status, done_date, result, created_at,
                updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?14)",
            &values[..14],
        )?;
        conn.last_insert_rowid()
    };
    let old_shown = old.as_ref().map(|o| shown(conn, o)).transpose()?;
    let changes = json_changes(old_shown.as_ref(), &shown(conn, i)?);
    let action = if old.is_some() { "update" } else { "create" };
    record(conn, "road_map", id, actor, action, &changes)?;
    Ok(id)
}
