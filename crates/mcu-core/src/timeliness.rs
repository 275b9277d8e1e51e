//! Timeliness figures (своевременность) per sector block or responsible person
//! for appeals registered in a period: answered on time, late, extended, still
//! open (in time or overdue), and the average days from registration to answer.
//! An extended deadline is the deadline: an answer within it is on time.

use chrono::{Duration, NaiveDate};
use rusqlite::{Connection, params};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::db::conditions::{
    answered_late, answered_on_time, days_to_answer, extended, open_in_time, open_list,
    open_overdue,
};
use crate::db::rows::fmt_date;
use crate::error::CoreResult;
use crate::office::Office;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "clap", derive(clap::ValueEnum))]
#[ts(export)]
pub enum GroupBy {
    Block,
    Person,
}

impl GroupBy {
    /// The appeal column grouped by, the join that names it, and its name
    /// (SQL over `appeals a`).
    pub(crate) fn sql(self) -> (&'static str, &'static str, &'static str) {
        match self {
            GroupBy::Block => (
                "a.block_id",
                "LEFT JOIN sector_blocks b ON b.id = a.block_id",
                "b.name",
            ),
            GroupBy::Person => (
                "a.person_id",
                "LEFT JOIN persons p ON p.id = a.person_id",
                "p.full_name",
            ),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct TimelinessRow {
    pub id: Option<i64>,
    pub name: String,
    pub registered: u64,
    pub answered_on_time: u64,
    pub answered_late: u64,
    pub extended: u64,
    pub open_in_time: u64,
    pub open_overdue: u64,
    /// Redirected, left without answer: closed with no answer of ours.
    pub closed_other: u64,
    /// Average calendar days from registration to answer; none without answers.
    pub avg_days_to_answer: Option<f64>,
    /// Share answered on time among answered, percent.
    pub on_time_percent: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct Timeliness {
    #[ts(type = "string")]
    pub from: NaiveDate,
    #[ts(type = "string")]
    pub to: NaiveDate,
    pub group_by: GroupBy,
    pub rows: Vec<TimelinessRow>,
    pub total: TimelinessRow,
}

/// Figures for appeals registered from `from` to `to` inclusive, as of `today`.
pub fn timeliness(
    conn: &Connection,
    from: NaiveDate,
    to: NaiveDate,
    group_by: GroupBy,
    today: NaiveDate,
) -> CoreResult<Timeliness> {
    let (key, join, name) = group_by.sql();
    let open = open_list();
    let sql = format!(
        "SELECT {key}, coalesce({name}, 'Не назначен'), count(*),
                coalesce(sum({on_time}), 0),
                coalesce(sum({late}), 0),
                coalesce(sum({extended}), 0),
                coalesce(sum({open_in_time}), 0),
                coalesce(sum({open_overdue}), 0),
                coalesce(sum(a.answer_date IS NULL AND a.status NOT IN ({open})), 0),
                avg({days})
         FROM appeals a {join}
         WHERE a.registered_at >= ?1 AND a.registered_at < ?2
         GROUP BY {key}
         ORDER BY count(*) DESC",
        on_time = answered_on_time("a"),
        late = answered_late("a"),
        extended = extended("a"),
        open_in_time = open_in_time("a", "?3"),
        open_overdue = open_overdue("a", "?3"),
        days = days_to_answer("a"),
    );
    let mut st = conn.prepare_cached(&sql)?;
    let rows = st.query_map(
        params![
            fmt_date(from),
            fmt_date(to + Duration::days(1)),
            fmt_date(today)
        ],
        |r| {
            let n = |i: usize| r.get::<_, i64>(i).map(|v| v as u64);
            Ok(TimelinessRow {
                id: r.get(0)?,
                name: r.get(1)?,
                registered: n(2)?,
                answered_on_time: n(3)?,
                answered_late: n(4)?,
                extended: n(5)?,
                open_in_time: n(6)?,
                open_overdue: n(7)?,
                closed_other: n(8)?,
                avg_days_to_answer: r.get(9)?,
                on_time_percent: None,
            })
        },
    )?;
    let mut rows: Vec<TimelinessRow> = rows.collect::<Result<_, _>>()?;
    let mut total = TimelinessRow {
        id: None,
        name: "Итого".into(),
        registered: 0,
        answered_on_time: 0,
        answered_late: 0,
        extended: 0,
        open_in_time: 0,
        open_overdue: 0,
        closed_other: 0,
        avg_days_to_answer: None,
        on_time_percent: None,
    };
    let mut days_sum = 0.0;
    for r in &mut rows {
        r.on_time_percent = percent(r.answered_on_time, r.answered_late);
        total.registered += r.registered;
        total.answered_on_time += r.answered_on_time;
        total.answered_late += r.answered_late;
        total.extended += r.extended;
        total.open_in_time += r.open_in_time;
        total.open_overdue += r.open_overdue;
        total.closed_other += r.closed_other;
        days_sum +=
            r.avg_days_to_answer.unwrap_or(0.0) * (r.answered_on_time + r.answered_late) as f64;
    }
    let answered = total.answered_on_time + total.answered_late;
    total.avg_days_to_answer = (answered > 0).then(|| days_sum / answered as f64);
    total.on_time_percent = percent(total.answered_on_time, total.answered_late);
    Ok(Timeliness {
        from,
        to,
        group_by,
        rows,
        total,
    })
}

fn percent(on_time: u64, late: u64) -> Option<f64> {
    let all = on_time + late;
    (all > 0).then(|| 100.0 * on_time as f64 / all as f64)
}

impl Office {
    pub fn timeliness(
        &self,
        from: NaiveDate,
        to: NaiveDate,
        by: crate::timeliness::GroupBy,
        today: NaiveDate,
    ) -> CoreResult<crate::timeliness::Timeliness> {
        self.db
            .read(|c| crate::timeliness::timeliness(c, from, to, by, today))
    }
}
