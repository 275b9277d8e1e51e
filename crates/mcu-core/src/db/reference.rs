//! Queries of the reference tables: loading everything the forms need, and
//! audited saves of the administrator's edits.

use rusqlite::{Connection, OptionalExtension, params};

use super::audit::record;
use super::settings;
use crate::audit::json_changes;
use crate::calendar::DayOverride;
use crate::deadline::DeadlineRule;
use crate::error::{CoreError, CoreResult};
use crate::model::Actor;
use crate::model::{CalendarOverride, Channel, Person, SectorBlock, Settlement, Theme, Topic};

pub fn channels(conn: &Connection) -> CoreResult<Vec<Channel>> {
    let mut st = conn.prepare_cached(
        "SELECT code, name, default_kind, active FROM channels ORDER BY sort, name",
    )?;
    let rows = st.query_map([], |r| {
        Ok(Channel {
            code: r.get(0)?,
            name: r.get(1)?,
            default_kind: r.get(2)?,
            active: r.get(3)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

pub fn blocks(conn: &Connection) -> CoreResult<Vec<SectorBlock>> {
    let mut st = conn
        .prepare_cached("SELECT id, code, name, active FROM sector_blocks ORDER BY sort, name")?;
    let rows = st.query_map([], |r| {
        Ok(SectorBlock {
            id: r.get(0)?,
            code: r.get(1)?,
            name: r.get(2)?,
            active: r.get(3)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

pub fn persons(conn: &Connection) -> CoreResult<Vec<Person>> {
    let mut st = conn.prepare_cached(
        "SELECT p.id, p.full_name, p.position, p.role, p.active,
                coalesce((SELECT group_concat(block_id) FROM block_persons WHERE person_id = p.id), '')
         FROM persons p ORDER BY p.sort, p.full_name",
    )?;
    let rows = st.query_map([], |r| {
        let blocks: String = r.get(5)?;
        Ok(Person {
            id: r.get(0)?,
            full_name: r.get(1)?,
            position: r.get(2)?,
            role: r.get(3)?,
            active: r.get(4)?,
            block_ids: blocks.split(',').filter_map(|s| s.parse().ok()).collect(),
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

pub fn settlements(conn: &Connection) -> CoreResult<Vec<Settlement>> {
    let mut st = conn.prepare_cached(
        "SELECT id, name, kind, population, population_year, lat, lon, note, active FROM settlements ORDER BY name",
    )?;
    let rows = st.query_map([], |r| {
        Ok(Settlement {
            id: r.get(0)?,
            name: r.get(1)?,
            kind: r.get(2)?,
            population: r.get(3)?,
            population_year: r.get(4)?,
            lat: r.get(5)?,
            lon: r.get(6)?,
            note: r.get(7)?,
            active: r.get(8)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

pub fn topics(conn: &Connection) -> CoreResult<Vec<Topic>> {
    let mut st =
        conn.prepare_cached("SELECT code, name, level, theme, block_id FROM topics ORDER BY code")?;
    let rows = st.query_map([], |r| {
        Ok(Topic {
            code: r.get(0)?,
            name: r.get(1)?,
            level: r.get(2)?,
            theme: r.get(3)?,
            block_id: r.get(4)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

pub fn topic(conn: &Connection, code: &str) -> CoreResult<Option<Topic>> {
    Ok(conn
        .query_row(
            "SELECT code, name, level, theme, block_id FROM topics WHERE code = ?1",
            [code],
            |r| {
                Ok(Topic {
                    code: r.get(0)?,
                    name: r.get(1)?,
                    level: r.get(2)?,
                    theme: r.get(3)?,
                    block_id: r.get(4)?,
                })
            },
        )
        .optional()?)
}

pub fn calendar_overrides(conn: &Connection) -> CoreResult<Vec<CalendarOverride>> {
    let mut st =
        conn.prepare_cached("SELECT date, kind, note FROM calendar_overrides ORDER BY date")?;
    let rows = st.query_map([], |r| {
        let kind: String = r.get(1)?;
        Ok(CalendarOverride {
            date: r.get(0)?,
            kind: DayOverride::from_code(&kind).unwrap_or(DayOverride::Working),
            note: r.get(2)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

fn unique_violation(e: &rusqlite::Error) -> bool {
    matches!(e, rusqlite::Error::SqliteFailure(f, _) if f.extended_code == rusqlite::ffi::SQLITE_CONSTRAINT_UNIQUE
        || f.extended_code == rusqlite::ffi::SQLITE_CONSTRAINT_PRIMARYKEY)
}

fn map_unique(e: rusqlite::Error, field: &str, msg: &str) -> CoreError {
    if unique_violation(&e) {
        CoreError::field(field, msg)
    } else {
        e.into()
    }
}

pub fn save_block(conn: &Connection, b: &SectorBlock, actor: &Actor<'_>) -> CoreResult<i64> {
    let old = if b.id > 0 {
        blocks(conn)?.into_iter().find(|x| x.id == b.id)
    } else {
        None
    };
    let id = if let Some(old) = &old {
        conn.execute(
            "UPDATE sector_blocks SET code = ?2, name = ?3, active = ?4 WHERE id = ?1",
            params![old.id, b.code, b.name, b.active],
        )
        .map_err(|e| map_unique(e, "name", "Блок с таким кодом или наименованием уже есть."))?;
        old.id
    } else {
        conn.execute(
            "INSERT INTO sector_blocks (code, name, active, sort) VALUES (?1, ?2, ?3, (SELECT coalesce(max(sort), 0) + 1 FROM sector_blocks))",
            params![b.code, b.name, b.active],
        )
        .map_err(|e| map_unique(e, "name", "Блок с таким кодом или наименованием уже есть."))?;
        conn.last_insert_rowid()
    };
    let new = SectorBlock { id, ..b.clone() };
    record(
        conn,
        "block",
        id,
        actor,
        if old.is_some() { "update" } else { "create" },
        &json_changes(old.as_ref(), &new),
    )?;
    Ok(id)
}

pub fn save_person(conn: &Connection, p: &Person, actor: &Actor<'_>) -> CoreResult<i64> {
    let old = if p.id > 0 {
        persons(conn)?.into_iter().find(|x| x.id == p.id)
    } else {
        None
    };
    let id = if let Some(old) = &old {
        conn.execute(
            "UPDATE persons SET full_name = ?2, position = ?3, role = ?4, active = ?5 WHERE id = ?1",
            params![old.id, p.full_name, p.position, p.role, p.active],
        )
        .map_err(|e| map_unique(e, "full_name", "Человек с такими ФИО уже есть в справочнике."))?;
        old.id
    } else {
        conn.execute(
            "INSERT INTO persons (full_name, position, role, active, sort) VALUES (?1, ?2, ?3, ?4, (SELECT coalesce(max(sort), 0) + 1 FROM persons))",
            params![p.full_name, p.position, p.role, p.active],
        )
        .map_err(|e| map_unique(e, "full_name", "Человек с такими ФИО уже есть в справочнике."))?;
        conn.last_insert_rowid()
    };
    conn.execute("DELETE FROM block_persons WHERE person_id = ?1", [id])?;
    for b in &p.block_ids {
        conn.execute(
            "INSERT OR IGNORE INTO block_persons (block_id, person_id) VALUES (?1, ?2)",
            params![b, id],
        )?;
    }
    let mut new = Person { id, ..p.clone() };
    new.block_ids.sort_unstable();
    let mut old = old;
    if let Some(o) = old.as_mut() {
        o.block_ids.sort_unstable();
    }
    record(
        conn,
        "person",
        id,
        actor,
        if old.is_some() { "update" } else { "create" },
        &json_changes(old.as_ref(), &new),
    )?;
    Ok(id)
}

pub fn save_settlement(conn: &Connection, s: &Settlement, actor: &Actor<'_>) -> CoreResult<i64> {
    let old = if s.id > 0 {
        settlements(conn)?.into_iter().find(|x| x.id == s.id)
    } else {
        None
    };
    let id = if let Some(old) = &old {
        conn.execute(
            "UPDATE settlements SET name = ?2, kind = ?3, population = ?4, population_year = ?5, lat = ?6, lon = ?7,
                note = ?8, active = ?9 WHERE id = ?1",
            params![old.id, s.name, s.kind, s.population, s.population_year, s.lat, s.lon, s.note, s.active],
        )
        .map_err(|e| map_unique(e, "name", "Населённый пункт с таким названием уже есть."))?;
        old.id
    } else {
        conn.execute(
            "INSERT INTO settlements (name, kind, population, population_year, lat, lon, note, active)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            params![s.name, s.kind, s.population, s.population_year, s.lat, s.lon, s.note, s.active],
        )
        .map_err(|e| map_unique(e, "name", "Населённый пункт с таким названием уже есть."))?;
        conn.last_insert_rowid()
    };
    let new = Settlement { id, ..s.clone() };
    record(
        conn,
        "settlement",
        id,
        actor,
        if old.is_some() { "update" } else { "create" },
        &json_changes(old.as_ref(), &new),
    )?;
    Ok(id)
}

pub fn save_channel(conn: &Connection, c: &Channel, actor: &Actor<'_>) -> CoreResult<()> {
    let old = channels(conn)?.into_iter().find(|x| x.code == c.code);
    if old.is_some() {
        conn.execute(
            "UPDATE channels SET name = ?2, default_kind = ?3, active = ?4 WHERE code = ?1",
            params![c.code, c.name, c.default_kind, c.active],
        )
        .map_err(|e| map_unique(e, "name", "Канал с таким наименованием уже есть."))?;
    } else {
        conn.execute(
            "INSERT INTO channels (code, name, default_kind, active, sort) VALUES (?1, ?2, ?3, ?4, (SELECT coalesce(max(sort), 0) + 1 FROM channels))",
            params![c.code, c.name, c.default_kind, c.active],
        )
        .map_err(|e| map_unique(e, "new_code", "Канал с таким кодом или наименованием уже есть."))?;
    }
    let rowid: i64 = conn.query_row(
        "SELECT rowid FROM channels WHERE code = ?1",
        [&c.code],
        |r| r.get(0),
    )?;
    record(
        conn,
        "channel",
        rowid,
        actor,
        if old.is_some() { "update" } else { "create" },
        &json_changes(old.as_ref(), c),
    )?;
    Ok(())
}

pub fn save_topic_mapping(
    conn: &Connection,
    code: &str,
    theme: Option<Theme>,
    block_id: Option<i64>,
    actor: &Actor<'_>,
) -> CoreResult<()> {
    let old = topic(conn, code)?
        .ok_or_else(|| CoreError::field("code", format!("Код ТОТК «{code}» не найден.")))?;
    conn.execute(
        "UPDATE topics SET theme = ?2, block_id = ?3 WHERE code = ?1",
        params![code, theme, block_id],
    )?;
    let new = Topic {
        theme,
        block_id,
        ..old.clone()
    };
    let rowid: i64 = conn.query_row("SELECT rowid FROM topics WHERE code = ?1", [code], |r| {
        r.get(0)
    })?;
    record(
        conn,
        "topic",
        rowid,
        actor,
        "update",
        &json_changes(Some(&old), &new),
    )?;
    Ok(())
}

/// Adds a rule; when it replaces one, the old rule is retired, never edited,
/// so appeals registered under it keep their deadlines.
pub fn save_rule(
    conn: &Connection,
    replaces: Option<i64>,
    r: &DeadlineRule,
    actor: &Actor<'_>,
) -> CoreResult<i64> {
    let stamp = super::rows::fmt_dt(actor.at);
    let old = match replaces {
        Some(id) => Some(
            settings::rules(conn)?
                .into_iter()
                .find(|x| x.id == id)
                .ok_or_else(|| CoreError::NotFound("Правило не найдено.".into()))?,
        ),
        None => None,
    };
    if let Some(o) = &old {
        conn.execute(
            "UPDATE deadline_rules SET active = 0, retired_at = ?2 WHERE id = ?1",
            params![o.id, stamp],
        )?;
        record(conn, "rule", o.id, actor, "retire", &[])?;
    }
    conn.execute(
        "INSERT INTO deadline_rules (kind, topic_prefix, name, days, day_kind, response_hours, extendable, max_extension_days, active, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, 1, ?9)",
        params![r.kind, r.topic_prefix, r.name, r.days, r.day_kind, r.response_hours, r.extendable, r.max_extension_days, stamp],
    )?;
    let id = conn.last_insert_rowid();
    let new = DeadlineRule { id, ..r.clone() };
    record(
        conn,
        "rule",
        id,
        actor,
        "create",
        &json_changes(old.as_ref(), &new),
    )?;
    Ok(id)
}

/// Retires a rule without a replacement.
pub fn retire_rule(conn: &Connection, id: i64, actor: &Actor<'_>) -> CoreResult<()> {
    let n = conn.execute(
        "UPDATE deadline_rules SET active = 0, retired_at = ?2 WHERE id = ?1 AND active = 1",
        params![id, super::rows::fmt_dt(actor.at)],
    )?;
    if n == 0 {
        return Err(CoreError::NotFound(
            "Действующее правило не найдено.".into(),
        ));
    }
    record(conn, "rule", id, actor, "retire", &[])
}

pub fn set_override(
    conn: &Connection,
    date: chrono::NaiveDate,
    kind: Option<DayOverride>,
    note: &str,
    actor: &Actor<'_>,
) -> CoreResult<()> {
    let d = super::rows::fmt_date(date);
    let old: Option<String> = conn
        .query_row(
            "SELECT kind FROM calendar_overrides WHERE date = ?1",
            [&d],
            |r| r.get(0),
        )
        .optional()?;
    match kind {
        Some(k) => {
            conn.execute(
                "INSERT INTO calendar_overrides (date, kind, note) VALUES (?1, ?2, ?3)
                 ON CONFLICT (date) DO UPDATE SET kind = excluded.kind, note = excluded.note",
                params![d, k.code(), note],
            )?;
        }
        None => {
            conn.execute("DELETE FROM calendar_overrides WHERE date = ?1", [&d])?;
        }
    }
    let change = crate::audit::Change {
        field: format!("calendar {d}"),
        old: old.unwrap_or_default(),
        new: kind.map(|k| k.code().to_owned()).unwrap_or_default(),
    };
    let day_number = date
        .signed_duration_since(chrono::NaiveDate::MIN)
        .num_days();
    record(conn, "calendar", day_number, actor, "update", &[change])
}

pub fn set_number_pattern(conn: &Connection, pattern: &str, actor: &Actor<'_>) -> CoreResult<()> {
    crate::numbering::check_pattern(pattern).map_err(|m| CoreError::field("number_pattern", m))?;
    let old = settings::number_pattern(conn)?;
    settings::set(conn, "number_pattern", pattern)?;
    let change = crate::audit::Change {
        field: "number_pattern".into(),
        old,
        new: pattern.to_owned(),
    };
    record(conn, "settings", 0, actor, "update", &[change])
}
