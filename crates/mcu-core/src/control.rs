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
use crate::office::Office;
use crate::timeliness::GroupBy;

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

/// The control screen as of `at`: one section after another, in the order
/// of the screen.
pub fn screen(conn: &Connection, at: NaiveDateTime) -> CoreResult<ControlScreen> {
    let now = AsOf::new(conn, at)?;
    let answer = final_answer(conn, &now)?;
    let unassigned = unassigned(conn, &now)?;
    let first_response = first_response(conn, &now)?;
    let notice_missing = extensions_without_notice(conn, &now)?;
    let registered_late = late_registrations(conn, &now)?;
    let counts = ControlCounts {
        overdue: answer.overdue.count,
        due_today: answer.due_today.count,
        due_soon: answer.due_soon.count,
        unassigned: unassigned.waiting.count,
        redirect_overdue: unassigned.redirect_overdue,
        first_response_pending: first_response.pending.count,
        first_response_overdue: first_response.overdue,
        extension_notice_missing: notice_missing.count,
        registered_late: registered_late.count,
        road_map_overdue: road_map_overdue(conn, &now)?,
        beyond_calendar: beyond_calendar(conn)?,
    };
    Ok(ControlScreen {
        at,
        soon_until: now.soon,
        counts,
        overdue: answer.overdue.items,
        due_today: answer.due_today.items,
        due_soon: answer.due_soon.items,
        unassigned: unassigned.waiting.items,
        first_response: first_response.pending.items,
        extension_notice_missing: notice_missing.items,
        registered_late: registered_late.items,
        by_block: breakdown(conn, &now, GroupBy::Block)?,
        by_person: breakdown(conn, &now, GroupBy::Person)?,
        list_limit: LIST_LIMIT,
    })
}

/// The moment of the screen and the days its clocks compare with.
struct AsOf {
    at: NaiveDateTime,
    today: NaiveDate,
    /// The last day that counts as "due soon".
    soon: NaiveDate,
    /// `today` and `soon` as stored.
    today_sql: String,
    soon_sql: String,
}

impl AsOf {
    fn new(conn: &Connection, at: NaiveDateTime) -> CoreResult<AsOf> {
        let today = at.date();
        let soon = settings::calendar(conn)?.add_working_days(today, SOON_WORKING_DAYS);
        Ok(AsOf {
            at,
            today,
            soon,
            today_sql: fmt_date(today),
            soon_sql: fmt_date(soon),
        })
    }
}

/// A complete count and the first [`LIST_LIMIT`] of what it counts.
struct Listed<T> {
    count: u64,
    items: Vec<T>,
}

/// The final-answer clock: overdue, due today, due within the working days
/// of "soon".
struct FinalAnswer {
    overdue: Listed<JournalRow>,
    due_today: Listed<JournalRow>,
    due_soon: Listed<JournalRow>,
}

fn final_answer(conn: &Connection, now: &AsOf) -> CoreResult<FinalAnswer> {
    let (t, s, today) = (&now.today_sql, &now.soon_sql, now.today);
    let open = open_list();
    let lim = LIST_LIMIT;
    let sql = format!(
        "SELECT coalesce(sum(due_date < ?1), 0), coalesce(sum(due_date = ?1), 0), coalesce(sum(due_date > ?1), 0)
             FROM appeals WHERE status IN ({open}) AND due_date <= ?2"
    );
    let (o, d, n): (i64, i64, i64) = conn
        .prepare_cached(&sql)?
        .query_row(params![t, s], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
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
    Ok(FinalAnswer {
        overdue: Listed {
            count: o as u64,
            items: overdue,
        },
        due_today: Listed {
            count: d as u64,
            items: due_today,
        },
        due_soon: Listed {
            count: n as u64,
            items: due_soon,
        },
    })
}

/// Registered but not given to a block, on the redirection clock (59-ФЗ
/// ст. 8 ч. 3), which runs from registration.
struct Unassigned {
    waiting: Listed<ClockItem>,
    redirect_overdue: u64,
}

fn unassigned(conn: &Connection, now: &AsOf) -> CoreResult<Unassigned> {
    let (at, lim) = (now.at, LIST_LIMIT);
    let redirect_from = fmt_dt(at - Duration::days(REDIRECT_DAYS));
    let count_all = count(
        conn,
        "SELECT count(*) FROM appeals WHERE status = 'new'",
        &[],
    )?;
    let redirect_overdue = count(
        conn,
        "SELECT count(*) FROM appeals WHERE status = 'new' AND kind = '59fz' AND registered_at < ?1",
        params![redirect_from],
    )?;
    let ids = format!(
        "SELECT a.id FROM appeals a WHERE a.status = 'new' ORDER BY a.registered_at, a.id LIMIT {lim}"
    );
    let list = rows(conn, &ids, &[], "a.registered_at, a.id", now.today)?;
    let moments: Vec<(i64, NaiveDateTime)> = list
        .iter()
        .map(|r| {
            (
                r.id,
                end_of_day((r.registered_at + Duration::days(REDIRECT_DAYS)).date()),
            )
        })
        .collect();
    Ok(Unassigned {
        waiting: Listed {
            count: count_all,
            items: clock_items(list, &moments, at),
        },
        redirect_overdue,
    })
}

/// Incidents waiting for their first response.
struct FirstResponse {
    pending: Listed<ClockItem>,
    overdue: u64,
}

fn first_response(conn: &Connection, now: &AsOf) -> CoreResult<FirstResponse> {
    let (at, lim) = (now.at, LIST_LIMIT);
    // The queries read through a partial index over open appeals repeat its
    // condition (see open_condition).
    let open_a = open_condition("a.status");
    let pending = format!(
        "FROM appeals a INDEXED BY appeals_open_first_response
         WHERE a.first_response_at IS NULL AND a.first_response_due IS NOT NULL AND {open_a}"
    );
    let count_pending = count(conn, &format!("SELECT count(*) {pending}"), &[])?;
    let overdue = count(
        conn,
        &format!("SELECT count(*) {pending} AND a.first_response_due < ?1"),
        params![fmt_dt(at)],
    )?;
    let ids = format!("SELECT a.id {pending} ORDER BY a.first_response_due LIMIT {lim}");
    let list = rows(conn, &ids, &[], "a.first_response_due, a.id", now.today)?;
    let moments = id_moments(
        conn,
        &format!(
            "SELECT a.id, a.first_response_due {pending} ORDER BY a.first_response_due LIMIT {lim}"
        ),
        &[],
    )?;
    Ok(FirstResponse {
        pending: Listed {
            count: count_pending,
            items: clock_items(list, &moments, at),
        },
        overdue,
    })
}

/// Extended deadlines without a recorded notice to the applicant.
fn extensions_without_notice(conn: &Connection, now: &AsOf) -> CoreResult<Listed<JournalRow>> {
    let lim = LIST_LIMIT;
    // Read through a partial index over open appeals (see open_condition).
    let open_a = open_condition("a.status");
    let missing = format!(
        "FROM appeals a INDEXED BY appeals_open_extension_notice
         WHERE a.original_due_date IS NOT NULL AND a.extension_notice_at IS NULL AND {open_a}"
    );
    Ok(Listed {
        count: count(conn, &format!("SELECT count(*) {missing}"), &[])?,
        items: rows(
            conn,
            &format!("SELECT a.id {missing} ORDER BY a.due_date LIMIT {lim}"),
            &[],
            "a.due_date, a.id",
            now.today,
        )?,
    })
}

/// Late registrations of the last 7 days (received_at + 3 days <
/// registered_at); `due` is the registration deadline.
fn late_registrations(conn: &Connection, now: &AsOf) -> CoreResult<Listed<ClockItem>> {
    let lim = LIST_LIMIT;
    let late = "FROM appeals a WHERE a.registered_at >= ?1 AND julianday(a.registered_at) - julianday(a.received_at) > ?2";
    let week = fmt_dt(now.at - Duration::days(7));
    let count_late = count(
        conn,
        &format!("SELECT count(*) {late}"),
        params![week, REGISTRATION_DAYS],
    )?;
    let list = rows(
        conn,
        &format!("SELECT a.id {late} ORDER BY a.registered_at DESC LIMIT {lim}"),
        params![week, REGISTRATION_DAYS],
        "a.registered_at DESC",
        now.today,
    )?;
    let moments = id_moments(
        conn,
        &format!("SELECT a.id, a.received_at {late}"),
        params![week, REGISTRATION_DAYS],
    )?
    .into_iter()
    .map(|(id, rcv)| (id, rcv + Duration::days(REGISTRATION_DAYS)))
    .collect::<Vec<_>>();
    Ok(Listed {
        count: count_late,
        items: clock_items(list, &moments, now.at),
    })
}

/// Road-map measures not done by their deadline.
fn road_map_overdue(conn: &Connection, now: &AsOf) -> CoreResult<u64> {
    count(
        conn,
        "SELECT count(*) FROM road_map_items WHERE status IN (?1, ?2) AND due_date < ?3",
        params![
            crate::model::RoadMapStatus::Planned,
            crate::model::RoadMapStatus::InProgress,
            now.today_sql
        ],
    )
}

/// Open deadlines beyond the official production calendar (forecast dates).
fn beyond_calendar(conn: &Connection) -> CoreResult<u64> {
    let open = open_list();
    count(
        conn,
        &format!("SELECT count(*) FROM appeals WHERE status IN ({open}) AND due_date > ?1"),
        params![format!("{}-12-31", WorkCalendar::last_official_year())],
    )
}

/// The final-answer clock per sector block or responsible person, most
/// overdue first.
fn breakdown(conn: &Connection, now: &AsOf, by: GroupBy) -> CoreResult<Vec<Breakdown>> {
    let (key, join, name) = by.sql();
    // The partial indexes over open appeals (migration 0005) are named
    // explicitly: without statistics the planner prefers the status index and
    // reads the table, ten times slower.
    let index = match by {
        GroupBy::Block => "appeals_open_block",
        GroupBy::Person => "appeals_open_person",
    };
    let open_a = open_condition("a.status");
    let sql = format!(
        "SELECT {key}, coalesce({name}, 'Не назначен'),
                    sum(a.due_date < ?1), sum(a.due_date = ?1), sum(a.due_date > ?1 AND a.due_date <= ?2), count(*)
             FROM appeals a INDEXED BY {index} {join}
             WHERE {open_a}
             GROUP BY {key}
             ORDER BY sum(a.due_date < ?1) DESC, count(*) DESC"
    );
    let mut st = conn.prepare_cached(&sql)?;
    let rows = st.query_map(params![now.today_sql, now.soon_sql], |r| {
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
}

impl Office {
    /// The control screen as of `at`.
    pub fn control(&self, at: NaiveDateTime) -> CoreResult<crate::control::ControlScreen> {
        self.db.read(|c| crate::control::screen(c, at))
    }
}
