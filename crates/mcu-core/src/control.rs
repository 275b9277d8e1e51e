//! Deadline control (контроль сроков): what burns first as of a moment. The
//! final-answer clock (overdue, due today, due within 3 working days), items
//! waiting to be assigned with the 7-day redirection clock of 59-ФЗ ст. 8 ч. 3,
//! the first-response clock of incidents, late registrations (ст. 8 ч. 2),
//! extensions without a notice to the applicant, and the breakdown by sector
//! block and responsible person.

use chrono::{Duration, NaiveDate, NaiveDateTime};
use rusqlite::{Connection, ToSql, params};
use serde::Serialize;
use ts_rs::TS;

use crate::calendar::WorkCalendar;
use crate::db::conditions::{open_condition, open_list};
use crate::db::journal::rows_for;
use crate::db::rows::{fmt_date, fmt_dt, get_dt};
use crate::db::settings;
use crate::error::CoreResult;
use crate::model::JournalRow;

/// Working days ahead that count as "due soon".
pub const SOON_WORKING_DAYS: u32 = 3;
/// 59-ФЗ ст. 8 ч. 2: registration within 3 days of receipt.
pub const REGISTRATION_DAYS: i64 = 3;
/// 59-ФЗ ст. 8 ч. 3: redirection by competence within 7 days of registration.
pub const REDIRECT_DAYS: i64 = 7;
/// How many items each list carries; the counters are always complete.
pub const LIST_LIMIT: u32 = 200;

/// An item on a clock other than the final answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct ClockItem {
    pub row: JournalRow,
    #[ts(type = "string")]
    pub due: NaiveDateTime,
    /// Minutes left (negative when late).
    pub minutes_left: i64,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct ControlCounts {
    pub overdue: u64,
    pub due_today: u64,
    pub due_soon: u64,
    pub unassigned: u64,
    pub redirect_overdue: u64,
    pub first_response_pending: u64,
    pub first_response_overdue: u64,
    pub extension_notice_missing: u64,
    pub registered_late: u64,
    /// Open deadlines beyond the official production calendar (forecast dates).
    pub beyond_calendar: u64,
    /// Road-map measures not done by their deadline.
    pub road_map_overdue: u64,
}

/// Counts of one block or person.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct Breakdown {
    pub id: Option<i64>,
    pub name: String,
    pub overdue: u64,
    pub due_today: u64,
    pub due_soon: u64,
    pub open: u64,
}

/// The control screen as of a moment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct ControlScreen {
    #[ts(type = "string")]
    pub at: NaiveDateTime,
    #[ts(type = "string")]
    pub soon_until: NaiveDate,
    pub counts: ControlCounts,
    pub overdue: Vec<JournalRow>,
    pub due_today: Vec<JournalRow>,
    pub due_soon: Vec<JournalRow>,
    /// Registered but not given to a block; `due` is the redirection deadline.
    pub unassigned: Vec<ClockItem>,
    /// Incidents waiting for the first response; `due` is its deadline.
    pub first_response: Vec<ClockItem>,
    pub extension_notice_missing: Vec<JournalRow>,
    /// Registered in the last 7 days later than 3 days after receipt; `due` is the registration deadline.
    pub registered_late: Vec<ClockItem>,
    pub by_block: Vec<Breakdown>,
    pub by_person: Vec<Breakdown>,
    pub list_limit: u32,
}

fn rows(
    conn: &Connection,
    ids: &str,
    p: &[&dyn ToSql],
    order: &str,
    today: NaiveDate,
) -> CoreResult<Vec<JournalRow>> {
    rows_for(conn, ids, p, order, today)
}

fn count(conn: &Connection, sql: &str, p: &[&dyn ToSql]) -> CoreResult<u64> {
    Ok(conn
        .prepare_cached(sql)?
        .query_row(p, |r| r.get::<_, i64>(0))? as u64)
}

fn end_of_day(d: NaiveDate) -> NaiveDateTime {
    d.and_hms_opt(23, 59, 59).expect("valid time")
}

/// Pairs rows with a per-id moment (the clock's deadline).
fn clock_items(
    list: Vec<JournalRow>,
    due_of: &[(i64, NaiveDateTime)],
    at: NaiveDateTime,
) -> Vec<ClockItem> {
    list.into_iter()
        .filter_map(|row| {
            let due = due_of.iter().find(|(id, _)| *id == row.id)?.1;
            Some(ClockItem {
                minutes_left: (due - at).num_minutes(),
                due,
                row,
            })
        })
        .collect()
}

fn id_moments(
    conn: &Connection,
    sql: &str,
    p: &[&dyn ToSql],
) -> CoreResult<Vec<(i64, NaiveDateTime)>> {
    let mut st = conn.prepare_cached(sql)?;
    let rows = st.query_map(p, |r| Ok((r.get(0)?, get_dt(r, 1)?)))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// The control screen as of `at`.
pub fn screen(conn: &Connection, at: NaiveDateTime) -> CoreResult<ControlScreen> {
    let today = at.date();
    let cal = settings::calendar(conn)?;
    let soon = cal.add_working_days(today, SOON_WORKING_DAYS);
    let (t, s) = (fmt_date(today), fmt_date(soon));
    let open = open_list();
    // The queries read through a partial index over open appeals repeat its
    // condition (see open_condition).
    let open_a = open_condition("a.status");
    let lim = LIST_LIMIT;

    let mut c = ControlCounts::default();
    {
        let sql = format!(
            "SELECT coalesce(sum(due_date < ?1), 0), coalesce(sum(due_date = ?1), 0), coalesce(sum(due_date > ?1), 0)
             FROM appeals WHERE status IN ({open}) AND due_date <= ?2"
        );
        let (o, d, n): (i64, i64, i64) = conn
            .prepare_cached(&sql)?
            .query_row(params![t, s], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
        (c.overdue, c.due_today, c.due_soon) = (o as u64, d as u64, n as u64);
    }
    let by_due = |cond: &str| {
        format!(
            "SELECT a.id FROM appeals a WHERE a.status IN ({open}) AND {cond} ORDER BY a.due_date, a.id LIMIT {lim}"
        )
    };
    let overdue = rows(
        conn,
        &by_due("a.due_date < ?1"),
        params![t],
        "a.due_date, a.id",
        today,
    )?;
    let due_today = rows(conn, &by_due("a.due_date = ?1"), params![t], "a.id", today)?;
    let due_soon = rows(
        conn,
        &by_due("a.due_date > ?1 AND a.due_date <= ?2"),
        params![t, s],
        "a.due_date, a.id",
        today,
    )?;

    // Unassigned: the redirection clock runs from registration.
    let redirect_from = fmt_dt(at - Duration::days(REDIRECT_DAYS));
    c.unassigned = count(
        conn,
        "SELECT count(*) FROM appeals WHERE status = 'new'",
        &[],
    )?;
    c.redirect_overdue = count(
        conn,
        "SELECT count(*) FROM appeals WHERE status = 'new' AND kind = '59fz' AND registered_at < ?1",
        params![redirect_from],
    )?;
    let ids = format!(
        "SELECT a.id FROM appeals a WHERE a.status = 'new' ORDER BY a.registered_at, a.id LIMIT {lim}"
    );
    let list = rows(conn, &ids, &[], "a.registered_at, a.id", today)?;
    let moments: Vec<(i64, NaiveDateTime)> = list
        .iter()
        .map(|r| {
            (
                r.id,
                end_of_day((r.registered_at + Duration::days(REDIRECT_DAYS)).date()),
            )
        })
        .collect();
    let unassigned = clock_items(list, &moments, at);

    // First response of incidents.
    let pending = format!(
        "FROM appeals a INDEXED BY appeals_open_first_response
         WHERE a.first_response_at IS NULL AND a.first_response_due IS NOT NULL AND {open_a}"
    );
    c.first_response_pending = count(conn, &format!("SELECT count(*) {pending}"), &[])?;
    c.first_response_overdue = count(
        conn,
        &format!("SELECT count(*) {pending} AND a.first_response_due < ?1"),
        params![fmt_dt(at)],
    )?;
    let ids = format!("SELECT a.id {pending} ORDER BY a.first_response_due LIMIT {lim}");
    let list = rows(conn, &ids, &[], "a.first_response_due, a.id", today)?;
    let moments = id_moments(
        conn,
        &format!(
            "SELECT a.id, a.first_response_due {pending} ORDER BY a.first_response_due LIMIT {lim}"
        ),
        &[],
    )?;
    let first_response = clock_items(list, &moments, at);

    // Extensions without a recorded notice to the applicant.
    let missing = format!(
        "FROM appeals a INDEXED BY appeals_open_extension_notice
         WHERE a.original_due_date IS NOT NULL AND a.extension_notice_at IS NULL AND {open_a}"
    );
    c.extension_notice_missing = count(conn, &format!("SELECT count(*) {missing}"), &[])?;
    let extension_notice_missing = rows(
        conn,
        &format!("SELECT a.id {missing} ORDER BY a.due_date LIMIT {lim}"),
        &[],
        "a.due_date, a.id",
        today,
    )?;

    // Late registrations of the last 7 days (received_at + 3 days < registered_at).
    let late = "FROM appeals a WHERE a.registered_at >= ?1 AND julianday(a.registered_at) - julianday(a.received_at) > ?2";
    let week = fmt_dt(at - Duration::days(7));
    c.registered_late = count(
        conn,
        &format!("SELECT count(*) {late}"),
        params![week, REGISTRATION_DAYS],
    )?;
    let list = rows(
        conn,
        &format!("SELECT a.id {late} ORDER BY a.registered_at DESC LIMIT {lim}"),
        params![week, REGISTRATION_DAYS],
        "a.registered_at DESC",
        today,
    )?;
    let moments = id_moments(
        conn,
        &format!("SELECT a.id, a.received_at {late}"),
        params![week, REGISTRATION_DAYS],
    )?
    .into_iter()
    .map(|(id, rcv)| (id, rcv + Duration::days(REGISTRATION_DAYS)))
    .collect::<Vec<_>>();
    let registered_late = clock_items(list, &moments, at);

    c.road_map_overdue = count(
        conn,
        "SELECT count(*) FROM road_map_items WHERE status IN (?1, ?2) AND due_date < ?3",
        params![
            crate::model::RoadMapStatus::Planned,
            crate::model::RoadMapStatus::InProgress,
            t
        ],
    )?;

    c.beyond_calendar = count(
        conn,
        &format!("SELECT count(*) FROM appeals WHERE status IN ({open}) AND due_date > ?1"),
        params![format!("{}-12-31", WorkCalendar::last_official_year())],
    )?;

    // The partial indexes over open appeals (migration 0005) are named
    // explicitly: without statistics the planner prefers the status index and
    // reads the table, ten times slower.
    let breakdown = |key: &str, join: &str, name: &str| -> CoreResult<Vec<Breakdown>> {
        let index = if key == "block_id" {
            "appeals_open_block"
        } else {
            "appeals_open_person"
        };
        let sql = format!(
            "SELECT a.{key}, coalesce({name}, 'Не назначен'),
                    sum(a.due_date < ?1), sum(a.due_date = ?1), sum(a.due_date > ?1 AND a.due_date <= ?2), count(*)
             FROM appeals a INDEXED BY {index} {join}
             WHERE {open_a}
             GROUP BY a.{key}
             ORDER BY sum(a.due_date < ?1) DESC, count(*) DESC"
        );
        let mut st = conn.prepare_cached(&sql)?;
        let rows = st.query_map(params![t, s], |r| {
            Ok(Breakdown {
                id: r.get(0)?,
                name: r.get(1)?,
                overdue: r.get::<_, i64>(2)? as u64,
                due_today: r.get::<_, i64>(3)? as u64,
                due_soon: r.get::<_, i64>(4)? as u64,
                open: r.get::<_, i64>(5)? as u64,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    };
    let by_block = breakdown(
        "block_id",
        "LEFT JOIN sector_blocks b ON b.id = a.block_id",
        "b.name",
    )?;
    let by_person = breakdown(
        "person_id",
        "LEFT JOIN persons p ON p.id = a.person_id",
        "p.full_name",
    )?;

    Ok(ControlScreen {
        at,
        soon_until: soon,
        counts: c,
        overdue,
        due_today,
        due_soon,
        unassigned,
        first_response,
        extension_notice_missing,
        registered_late,
        by_block,
        by_person,
        list_limit: lim,
    })
}
