//! The shift handover note (сводка за сутки): what arrived on a day, what was
//! answered, what is due on the next working day, what is overdue and who
//! holds it. A content model only; files are made by the reports crate.

use chrono::{Duration, NaiveDate, NaiveDateTime};
use rusqlite::{Connection, params};
use serde::Serialize;
use ts_rs::TS;

use crate::db::conditions::{open_list, open_overdue};
use crate::db::journal::rows_for;
use crate::db::rows::fmt_date;
use crate::db::settings;
use crate::error::CoreResult;
use crate::model::JournalRow;
use crate::office::Office;

/// A count by name (channel, block…).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct NamedCount {
    pub name: String,
    pub count: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct HandoverNote {
    #[ts(type = "string")]
    pub date: NaiveDate,
    #[ts(type = "string")]
    pub next_working_day: NaiveDate,
    #[ts(type = "string")]
    pub made_at: NaiveDateTime,
    pub operator: String,
    pub office_name: String,
    pub arrived: Vec<JournalRow>,
    pub arrived_by_channel: Vec<NamedCount>,
    pub answered: Vec<JournalRow>,
    pub due_next: Vec<JournalRow>,
    pub overdue: Vec<JournalRow>,
    /// Overdue items by responsible person (or block when nobody is named).
    pub overdue_by_holder: Vec<NamedCount>,
}

/// The note for `date`, with deadlines as of the end of that day.
pub fn note(
    conn: &Connection,
    date: NaiveDate,
    made_at: NaiveDateTime,
    operator: &str,
) -> CoreResult<HandoverNote> {
    let cal = settings::calendar(conn)?;
    let next = cal.add_working_days(date, 1);
    let (d, d1, n) = (
        fmt_date(date),
        fmt_date(date + Duration::days(1)),
        fmt_date(next),
    );
    let open = open_list();
    let arrived = rows_for(
        conn,
        "SELECT a.id FROM appeals a WHERE a.registered_at >= ?1 AND a.registered_at < ?2",
        params![d, d1],
        "a.registered_at, a.id",
        date,
    )?;
    let mut by_channel: Vec<NamedCount> = Vec::new();
    for r in &arrived {
        match by_channel.iter_mut().find(|c| c.name == r.channel_name) {
            Some(c) => c.count += 1,
            None => by_channel.push(NamedCount {
                name: r.channel_name.clone(),
                count: 1,
            }),
        }
    }
    by_channel.sort_by(|a, b| b.count.cmp(&a.count).then(a.name.cmp(&b.name)));
    let answered = rows_for(
        conn,
        "SELECT a.id FROM appeals a WHERE a.answer_date = ?1",
        params![d],
        "a.number",
        date,
    )?;
    let due_next = rows_for(
        conn,
        &format!(
            "SELECT a.id FROM appeals a WHERE a.status IN ({open}) AND a.due_date > ?1 AND a.due_date <= ?2"
        ),
        params![d, n],
        "a.due_date, a.number",
        date,
    )?;
    let overdue = rows_for(
        conn,
        &format!(
            "SELECT a.id FROM appeals a WHERE {}",
            open_overdue("a", "?1")
        ),
        params![d],
        "a.due_date, a.number",
        date,
    )?;
    let mut holders: Vec<NamedCount> = Vec::new();
    for r in &overdue {
        let name = if !r.person_name.is_empty() {
            r.person_name.clone()
        } else if !r.block_name.is_empty() {
            format!("{} (ответственный не назначен)", r.block_name)
        } else {
            "Не распределено".to_owned()
        };
        match holders.iter_mut().find(|c| c.name == name) {
            Some(c) => c.count += 1,
            None => holders.push(NamedCount { name, count: 1 }),
        }
    }
    holders.sort_by(|a, b| b.count.cmp(&a.count).then(a.name.cmp(&b.name)));
    Ok(HandoverNote {
        date,
        next_working_day: next,
        made_at,
        operator: operator.to_owned(),
        office_name: settings::get(conn, "office_name")?.unwrap_or_default(),
        arrived,
        arrived_by_channel: by_channel,
        answered,
        due_next,
        overdue,
        overdue_by_holder: holders,
    })
}

impl Office {
    pub fn handover(
        &self,
        date: NaiveDate,
        at: NaiveDateTime,
        operator: &str,
    ) -> CoreResult<crate::handover::HandoverNote> {
        self.db
            .read(|c| crate::handover::note(c, date, at, operator))
    }
}
