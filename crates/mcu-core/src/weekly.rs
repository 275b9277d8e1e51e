//! The weekly analytic note (еженедельная аналитическая записка, domain §7):
//! the figures of one ISO week against the week before, timeliness per
//! responsible person, top topics with typical problems, the heat map and the
//! problem points, satisfaction and the overdue list, with a drafted summary
//! the operator may rewrite. A content model only (serialisable, so the report
//! archive can keep it frozen); documents are made by the reports crate.
//!
//! Applicants never appear by name: excerpts are scrubbed of names, phones and
//! e-mails (see [`crate::privacy`]), and lists name appeals by number.

use chrono::{Duration, NaiveDate, NaiveDateTime};
use rusqlite::{Connection, params};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::analytics::facts::Facts;
use crate::analytics::heatmap::{ColDim, HeatmapQuery, RowDim, heatmap};
use crate::analytics::trends::{ProblemPoint, TrendParams, trends};
use crate::analytics::week::{week_label, week_start};
use crate::db::conditions::{
    answered_late, answered_on_time, days_to_answer, extended, open_in_time, open_list,
    open_overdue,
};
use crate::db::journal::{excerpt, rows_for};
use crate::db::rows::fmt_date;
use crate::db::settings;
use crate::error::CoreResult;
use crate::model::{AppealKind, RoadMapStatus, Satisfaction};
use crate::privacy::scrub_text;

/// How many topics the note lists.
pub const TOP_TOPICS: usize = 5;
/// How many problem points the note lists.
pub const MAX_POINTS: usize = 10;
/// How many overdue appeals the note lists (the count is always complete).
pub const MAX_OVERDUE: usize = 200;

/// One line of a breakdown: this week, the week before and the change.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct WeekCount {
    pub name: String,
    pub count: u64,
    pub previous: u64,
    /// Change against the previous week, percent; none when it had nothing.
    pub change_percent: Option<f64>,
    /// Per 1,000 residents (settlements with a known population only).
    pub per_1000: Option<f64>,
}

/// Timeliness of one responsible person (or a block without one) in the week.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct PersonTimeliness {
    pub name: String,
    /// Answers given in the week within the deadline.
    pub answered_on_time: u64,
    /// Answers given in the week after the deadline.
    pub answered_late: u64,
    /// Extended deadlines among those answered in the week or still open.
    pub extended: u64,
    /// Still open, deadline not passed at the end of the week.
    pub open_in_time: u64,
    /// Still open, deadline passed.
    pub open_overdue: u64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct WeekTimeliness {
    pub total: PersonTimeliness,
    /// Share of answers in time among the week's answers, percent.
    pub on_time_percent: Option<f64>,
    /// Average calendar days from registration to the answers of the week.
    pub avg_days_to_answer: Option<f64>,
    pub by_person: Vec<PersonTimeliness>,
}

/// A frequent topic with typical problems (anonymised excerpts).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct TopTopic {
    pub code: String,
    pub name: String,
    pub count: u64,
    pub previous: u64,
    pub change_percent: Option<f64>,
    pub examples: Vec<String>,
}

/// The heat map of the week as a plain table (enough to draw it again).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct HeatTable {
    pub row_header: String,
    pub col_header: String,
    pub rows: Vec<String>,
    pub cols: Vec<String>,
    /// Questions, `[row][col]`.
    pub counts: Vec<Vec<u64>>,
    pub row_totals: Vec<u64>,
    pub col_totals: Vec<u64>,
    pub total: u64,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct SatisfactionFigures {
    pub satisfied: u64,
    pub unsatisfied: u64,
    pub no_rating: u64,
    /// Satisfied among rated answers, percent.
    pub positive_percent: Option<f64>,
}

/// An overdue appeal as the note lists it: no applicant.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct OverdueItem {
    pub number: String,
    #[ts(type = "string")]
    pub registered: NaiveDate,
    pub topic: String,
    pub settlement: String,
    /// The responsible person, else the block, else «не распределено».
    pub holder: String,
    #[ts(type = "string")]
    pub due_date: NaiveDate,
    pub days_overdue: i64,
}

/// A road-map measure as the note lists it: open at the note's date, or
/// finished during the week.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct RoadMapLine {
    pub problem: String,
    pub measure: String,
    /// The topic or theme, and the settlement.
    pub place: String,
    /// The state as printed («Выполняется, срок нарушен»).
    pub state: String,
    pub responsible: String,
    #[ts(type = "string")]
    pub due_date: NaiveDate,
    pub status: RoadMapStatus,
    #[ts(type = "string | null")]
    pub done_date: Option<NaiveDate>,
    pub overdue: bool,
    /// Appeals on the problem per week: in the 8 weeks before the start, and since.
    pub before_per_week: f64,
    pub since_per_week: Option<f64>,
}

/// The weekly note.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct WeeklyNote {
    /// «2026-W47».
    pub week: String,
    #[ts(type = "string")]
    pub from: NaiveDate,
    #[ts(type = "string")]
    pub to: NaiveDate,
    /// Deadlines are judged as of this day (the day after the week, or today if earlier).
    #[ts(type = "string")]
    pub as_of: NaiveDate,
    #[ts(type = "string")]
    pub made_at: NaiveDateTime,
    pub operator: String,
    pub office_name: String,
    pub total: WeekCount,
    /// Questions (appeal × ТОТК question) of the week.
    pub questions: u64,
    pub by_channel: Vec<WeekCount>,
    pub by_kind: Vec<WeekCount>,
    pub by_block: Vec<WeekCount>,
    pub by_settlement: Vec<WeekCount>,
    pub timeliness: WeekTimeliness,
    pub top_topics: Vec<TopTopic>,
    pub heat: HeatTable,
    pub problem_points: Vec<ProblemPoint>,
    pub satisfaction: SatisfactionFigures,
    /// All overdue appeals at `as_of` (the list below may be cut).
    pub overdue_total: u64,
    pub overdue: Vec<OverdueItem>,
    /// Road-map measures; `None` in notes archived before road maps existed,
    /// which are re-rendered without the section, exactly as they were printed.
    #[serde(default)]
    pub road_map: Option<Vec<RoadMapLine>>,
    /// The rating of responsible persons from the start of the quarter to the
    /// week's end; `None` in notes archived before it was part of the note.
    #[serde(default)]
    pub rating: Option<crate::rating::Rating>,
    /// The summary paragraph as printed.
    pub summary: String,
    /// True when the operator replaced the drafted summary.
    pub summary_edited: bool,
}

/// The last full ISO week before `today` (its Monday).
pub fn last_full_week(today: NaiveDate) -> NaiveDate {
    week_start(today) - Duration::weeks(1)
}

fn change(count: u64, previous: u64) -> Option<f64> {
    (previous > 0).then(|| (count as f64 - previous as f64) * 100.0 / previous as f64)
}

fn percent(part: u64, all: u64) -> Option<f64> {
    (all > 0).then(|| part as f64 * 100.0 / all as f64)
}

/// Counts by a grouping of the appeals registered in [from, to).
fn grouped(
    conn: &Connection,
    name: &str,
    join: &str,
    from: NaiveDate,
    to: NaiveDate,
) -> CoreResult<Vec<(String, u64, Option<i64>)>> {
    let sql = format!(
        "SELECT {name}, count(*) FROM appeals a {join}
         WHERE a.registered_at >= ?1 AND a.registered_at < ?2 GROUP BY 1"
    );
    let mut st = conn.prepare_cached(&sql)?;
    let rows = st.query_map(params![fmt_date(from), fmt_date(to)], |r| {
        Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)? as u64, None))
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// This week against the previous one, largest first.
fn compare(
    this: Vec<(String, u64, Option<i64>)>,
    prev: Vec<(String, u64, Option<i64>)>,
    population: impl Fn(&str) -> Option<i64>,
) -> Vec<WeekCount> {
    let mut out: Vec<WeekCount> = this
        .into_iter()
        .map(|(name, count, _)| {
            let previous = prev.iter().find(|p| p.0 == name).map_or(0, |p| p.1);
            let per_1000 = population(&name)
                .filter(|p| *p > 0)
                .map(|p| count as f64 * 1000.0 / p as f64);
            WeekCount {
                change_percent: change(count, previous),
                per_1000,
                name,
                count,
                previous,
            }
        })
        .collect();
    for (name, previous, _) in prev {
        if !out.iter().any(|w| w.name == name) {
            out.push(WeekCount {
                name,
                count: 0,
                previous,
                change_percent: change(0, previous),
                per_1000: None,
            });
        }
    }
    out.sort_by(|a, b| {
        b.count
            .cmp(&a.count)
            .then(b.previous.cmp(&a.previous))
            .then(a.name.cmp(&b.name))
    });
    out
}

const HOLDER: &str = "coalesce(p.full_name, CASE WHEN b.name IS NULL THEN 'Не распределено'
    ELSE b.name || ' (ответственный не назначен)' END)";

fn timeliness(
    conn: &Connection,
    from: NaiveDate,
    end: NaiveDate,
    as_of: NaiveDate,
) -> CoreResult<WeekTimeliness> {
    let open = open_list();
    let sql = format!(
        "SELECT {HOLDER},
                coalesce(sum(a.answer_date >= ?1 AND a.answer_date < ?2 AND {on_time}), 0),
                coalesce(sum(a.answer_date >= ?1 AND a.answer_date < ?2 AND {late}), 0),
                coalesce(sum({extended}), 0),
                coalesce(sum({open_in_time}), 0),
                coalesce(sum({open_overdue}), 0)
         FROM appeals a
         LEFT JOIN persons p ON p.id = a.person_id
         LEFT JOIN sector_blocks b ON b.id = a.block_id
         WHERE a.id IN (SELECT id FROM appeals WHERE answer_date >= ?1 AND answer_date < ?2
                        UNION ALL
                        SELECT id FROM appeals WHERE status IN ({open}) AND registered_at < ?2)
         GROUP BY 1",
        on_time = answered_on_time("a"),
        late = answered_late("a"),
        extended = extended("a"),
        open_in_time = open_in_time("a", "?3"),
        open_overdue = open_overdue("a", "?3"),
    );
    let mut st = conn.prepare_cached(&sql)?;
    let rows = st.query_map(
        params![fmt_date(from), fmt_date(end), fmt_date(as_of)],
        |r| {
            let n = |i: usize| r.get::<_, i64>(i).map(|v| v as u64);
            Ok(PersonTimeliness {
                name: r.get(0)?,
                answered_on_time: n(1)?,
                answered_late: n(2)?,
                extended: n(3)?,
                open_in_time: n(4)?,
                open_overdue: n(5)?,
            })
        },
    )?;
    let mut by_person: Vec<PersonTimeliness> = rows.collect::<Result<_, _>>()?;
    by_person.sort_by(|a, b| {
        b.open_overdue
            .cmp(&a.open_overdue)
            .then(b.answered_late.cmp(&a.answered_late))
            .then(a.name.cmp(&b.name))
    });
    let mut total = PersonTimeliness {
        name: "Итого".into(),
        answered_on_time: 0,
        answered_late: 0,
        extended: 0,
        open_in_time: 0,
        open_overdue: 0,
    };
    for p in &by_person {
        total.answered_on_time += p.answered_on_time;
        total.answered_late += p.answered_late;
        total.extended += p.extended;
        total.open_in_time += p.open_in_time;
        total.open_overdue += p.open_overdue;
    }
    let avg_days_to_answer: Option<f64> = conn.query_row(
        &format!(
            "SELECT avg({})
         FROM appeals WHERE answer_date >= ?1 AND answer_date < ?2",
            days_to_answer("")
        ),
        params![fmt_date(from), fmt_date(end)],
        |r| r.get(0),
    )?;
    Ok(WeekTimeliness {
        on_time_percent: percent(
            total.answered_on_time,
            total.answered_on_time + total.answered_late,
        ),
        avg_days_to_answer,
        total,
        by_person,
    })
}

fn top_topics(conn: &Connection, from: NaiveDate, end: NaiveDate) -> CoreResult<Vec<TopTopic>> {
    let prev_from = from - Duration::weeks(1);
    // CROSS JOIN keeps the week's appeals (registered_at index) as the outer
    // loop: driven by the topic instead, a frequent topic reads its whole
    // history (0.3 s per query at 1,000,000 appeals instead of 7 ms).
    let count_sql =
        "SELECT count(*) FROM appeals a CROSS JOIN appeal_questions q ON q.appeal_id = a.id
         WHERE q.topic_code = ?1 AND a.registered_at >= ?2 AND a.registered_at < ?3";
    let mut st = conn.prepare_cached(&format!(
        "SELECT q.topic_code, coalesce(t.name, q.topic_code), count(*)
         FROM appeals a JOIN appeal_questions q ON q.appeal_id = a.id
         LEFT JOIN topics t ON t.code = q.topic_code
         WHERE a.registered_at >= ?1 AND a.registered_at < ?2
         GROUP BY q.topic_code ORDER BY 3 DESC, 1 LIMIT {TOP_TOPICS}"
    ))?;
    let tops: Vec<(String, String, i64)> = st
        .query_map(params![fmt_date(from), fmt_date(end)], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })?
        .collect::<Result<_, _>>()?;
    let mut out = Vec::new();
    for (code, name, count) in tops {
        let previous: i64 = conn.query_row(
            count_sql,
            params![code, fmt_date(prev_from), fmt_date(from)],
            |r| r.get(0),
        )?;
        let mut ex = conn.prepare_cached(
            "SELECT a.text, a.applicant_name FROM appeals a CROSS JOIN appeal_questions q ON q.appeal_id = a.id
             WHERE q.topic_code = ?1 AND a.registered_at >= ?2 AND a.registered_at < ?3
             ORDER BY a.registered_at, a.id LIMIT 30",
        )?;
        let mut examples: Vec<String> = Vec::new();
        let texts = ex.query_map(params![code, fmt_date(from), fmt_date(end)], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))
        })?;
        for t in texts {
            let (text, name) = t?;
            let e = excerpt(&scrub_text(&text, &name), 140);
            if !e.is_empty() && !examples.contains(&e) {
                examples.push(e);
            }
            if examples.len() == 3 {
                break;
            }
        }
        let (count, previous) = (count as u64, previous as u64);
        out.push(TopTopic {
            code,
            name,
            count,
            previous,
            change_percent: change(count, previous),
            examples,
        });
    }
    Ok(out)
}

fn satisfaction(
    conn: &Connection,
    from: NaiveDate,
    end: NaiveDate,
) -> CoreResult<SatisfactionFigures> {
    let mut s = SatisfactionFigures::default();
    let mut st = conn.prepare_cached(
        "SELECT satisfaction, count(*) FROM appeals
         WHERE answer_date >= ?1 AND answer_date < ?2 GROUP BY 1",
    )?;
    let rows = st.query_map(params![fmt_date(from), fmt_date(end)], |r| {
        Ok((
            r.get::<_, Option<Satisfaction>>(0)?,
            r.get::<_, i64>(1)? as u64,
        ))
    })?;
    for row in rows {
        match row? {
            (Some(Satisfaction::Satisfied), n) => s.satisfied += n,
            (Some(Satisfaction::Unsatisfied), n) => s.unsatisfied += n,
            (_, n) => s.no_rating += n,
        }
    }
    s.positive_percent = percent(s.satisfied, s.satisfied + s.unsatisfied);
    Ok(s)
}

fn heat_table(facts: &Facts, from: NaiveDate, to: NaiveDate) -> HeatTable {
    let h = heatmap(
        facts,
        &HeatmapQuery {
            rows: RowDim::Block,
            cols: ColDim::Settlement,
            from: Some(from),
            to: Some(to),
            ..HeatmapQuery::default()
        },
    );
    HeatTable {
        row_header: RowDim::Block.label().into(),
        col_header: ColDim::Settlement.label().into(),
        rows: h.rows.into_iter().map(|l| l.name).collect(),
        cols: h.cols.into_iter().map(|l| l.name).collect(),
        counts: h.counts,
        row_totals: h.row_totals,
        col_totals: h.col_totals,
        total: h.total,
    }
}

/// Builds the note of the ISO week containing `week`, as of `made_at`.
/// `summary` replaces the drafted summary when given and not blank.
/// The note's week (Monday to Sunday) and the day its deadlines are judged
/// on: the day after the week, or the day it is made if earlier.
pub fn period(week: NaiveDate, made_at: NaiveDateTime) -> (NaiveDate, NaiveDate, NaiveDate) {
    let from = week_start(week);
    let to = from + Duration::days(6);
    (from, to, (to + Duration::days(1)).min(made_at.date()))
}

/// The road-map measures the note of `week` lists: open at its date, or
/// finished within the week (the road map's own order).
pub fn listed_measures(
    conn: &Connection,
    week: NaiveDate,
    made_at: NaiveDateTime,
) -> CoreResult<Vec<crate::model::NamedItem>> {
    let (from, to, as_of) = period(week, made_at);
    let mut measures = crate::db::roadmap::list(conn)?;
    measures.retain(|n| n.item.in_week_note(from, to, as_of));
    Ok(measures)
}

/// `measures` are [`listed_measures`]; `facts` must also cover their figures
/// ([`crate::roadmap::facts_from`]).
pub fn note(
    conn: &Connection,
    facts: &Facts,
    week: NaiveDate,
    made_at: NaiveDateTime,
    operator: &str,
    summary: Option<&str>,
    measures: Vec<crate::model::NamedItem>,
) -> CoreResult<WeeklyNote> {
    let (from, to, as_of) = period(week, made_at);
    let end = to + Duration::days(1);
    let prev = from - Duration::weeks(1);

    let total_of = |a: NaiveDate, b: NaiveDate| -> CoreResult<u64> {
        Ok(conn.query_row(
            "SELECT count(*) FROM appeals WHERE registered_at >= ?1 AND registered_at < ?2",
            params![fmt_date(a), fmt_date(b)],
            |r| r.get::<_, i64>(0),
        )? as u64)
    };
    let (count, previous) = (total_of(from, end)?, total_of(prev, from)?);
    let questions: i64 = conn.query_row(
        "SELECT count(*) FROM appeals a JOIN appeal_questions q ON q.appeal_id = a.id
         WHERE a.registered_at >= ?1 AND a.registered_at < ?2",
        params![fmt_date(from), fmt_date(end)],
        |r| r.get(0),
    )?;

    let no_population = |_: &str| None;
    let both = |name: &str, join: &str| -> CoreResult<_> {
        Ok((
            grouped(conn, name, join, from, end)?,
            grouped(conn, name, join, prev, from)?,
        ))
    };
    let (t, p) = both(
        "coalesce(c.name, a.channel)",
        "LEFT JOIN channels c ON c.code = a.channel",
    )?;
    let by_channel = compare(t, p, no_population);
    let (t, p) = both("a.kind", "")?;
    let label = |v: Vec<(String, u64, Option<i64>)>| {
        v.into_iter()
            .map(|(k, n, x)| {
                let name = AppealKind::from_code(&k).map_or(k, |k| k.label().to_owned());
                (name, n, x)
            })
            .collect::<Vec<_>>()
    };
    let by_kind = compare(label(t), label(p), no_population);
    let (t, p) = both(
        "coalesce(b.name, 'Не распределено')",
        "LEFT JOIN sector_blocks b ON b.id = a.block_id",
    )?;
    let by_block = compare(t, p, no_population);
    let (t, p) = both(
        "coalesce(s.name, 'Не указан')",
        "LEFT JOIN settlements s ON s.id = a.settlement_id",
    )?;
    let by_settlement = compare(t, p, |name| {
        facts
            .settlements
            .iter()
            .find(|s| s.name == name)
            .and_then(|s| s.population)
    });

    let overdue_sql = format!(
        "SELECT a.id FROM appeals a WHERE {}",
        open_overdue("a", "?1")
    );
    let overdue_total: i64 = conn.query_row(
        &format!("SELECT count(*) FROM ({overdue_sql})"),
        params![fmt_date(as_of)],
        |r| r.get(0),
    )?;
    let overdue = rows_for(
        conn,
        &format!("{overdue_sql} ORDER BY a.due_date, a.number LIMIT {MAX_OVERDUE}"),
        params![fmt_date(as_of)],
        "a.due_date, a.number",
        as_of,
    )?
    .into_iter()
    .map(|r| OverdueItem {
        holder: if !r.person_name.is_empty() {
            r.person_name.clone()
        } else if !r.block_name.is_empty() {
            r.block_name.clone()
        } else {
            "не распределено".into()
        },
        number: r.number,
        registered: r.registered_at.date(),
        topic: r.topic_name,
        settlement: r.settlement_name,
        due_date: r.due_date,
        days_overdue: (as_of - r.due_date).num_days(),
    })
    .collect();

    let mut points = trends(facts, from, &TrendParams::default()).points;
    points.truncate(MAX_POINTS);

    let mut n = WeeklyNote {
        week: week_label(from),
        from,
        to,
        as_of,
        made_at,
        operator: operator.to_owned(),
        office_name: settings::get(conn, "office_name")?.unwrap_or_default(),
        total: WeekCount {
            name: "Всего".into(),
            count,
            previous,
            change_percent: change(count, previous),
            per_1000: None,
        },
        questions: questions as u64,
        by_channel,
        by_kind,
        by_block,
        by_settlement,
        timeliness: timeliness(conn, from, end, as_of)?,
        top_topics: top_topics(conn, from, end)?,
        heat: heat_table(facts, from, to),
        problem_points: points,
        satisfaction: satisfaction(conn, from, end)?,
        overdue_total: overdue_total as u64,
        overdue,
        road_map: Some(road_map_lines(measures, facts, as_of)),
        rating: Some(crate::rating::rating(
            conn,
            crate::rating::quarter_start(to),
            to,
            crate::timeliness::GroupBy::Person,
            as_of,
        )?),
        summary: String::new(),
        summary_edited: false,
    };
    match summary.map(str::trim).filter(|s| !s.is_empty()) {
        Some(s) => {
            n.summary = s.to_owned();
            n.summary_edited = true;
        }
        None => n.summary = draft_summary(&n),
    }
    Ok(n)
}

/// The note's lines of the listed measures, with their figures as of `as_of`.
fn road_map_lines(
    measures: Vec<crate::model::NamedItem>,
    facts: &Facts,
    as_of: NaiveDate,
) -> Vec<RoadMapLine> {
    measures
        .into_iter()
        .map(|n| crate::roadmap::row(n, facts, as_of))
        .map(|r| RoadMapLine {
            place: r.place,
            state: r.state,
            problem: r.item.problem,
            measure: r.item.measure,
            responsible: r.item.responsible,
            due_date: r.item.due_date,
            status: r.item.status,
            done_date: r.item.done_date,
            overdue: r.overdue,
            before_per_week: r.effect.before_per_week,
            since_per_week: r.effect.since_per_week,
        })
        .collect()
}

/// «на 12,5 % больше, чем неделей ранее» and the like.
pub fn change_phrase(change: Option<f64>) -> String {
    match change {
        None => "неделей ранее обращений не было".into(),
        Some(c) if c.abs() < 0.05 => "столько же, сколько неделей ранее".into(),
        Some(c) if c > 0.0 => format!("на {} % больше, чем неделей ранее", fmt1(c)),
        Some(c) => format!("на {} % меньше, чем неделей ранее", fmt1(-c)),
    }
}

/// One decimal with a comma, as Russian documents write numbers.
pub fn fmt1(v: f64) -> String {
    format!("{v:.1}").replace('.', ",")
}

/// The drafted summary paragraph.
pub fn draft_summary(n: &WeeklyNote) -> String {
    let d = |x: NaiveDate| x.format("%d.%m.%Y").to_string();
    let mut s = format!(
        "За неделю с {} по {} поступило обращений и сообщений: {} ({}).",
        d(n.from),
        d(n.to),
        n.total.count,
        change_phrase(n.total.change_percent)
    );
    if let Some(c) = n.by_channel.first().filter(|c| c.count > 0) {
        s.push_str(&format!(
            " Основной канал — «{}» ({} из {}).",
            c.name, c.count, n.total.count
        ));
    }
    if let Some(t) = n.top_topics.first() {
        s.push_str(&format!(
            " Чаще всего обращались по вопросу «{}» ({}).",
            t.name, t.count
        ));
    }
    let t = &n.timeliness;
    let answered = t.total.answered_on_time + t.total.answered_late;
    if answered > 0 {
        s.push_str(&format!(
            " Дано ответов: {answered}, из них в срок {} ({} %).",
            t.total.answered_on_time,
            fmt1(t.on_time_percent.unwrap_or(0.0))
        ));
    }
    if n.overdue_total > 0 {
        s.push_str(&format!(
            " На {} просрочено обращений: {}.",
            d(n.as_of),
            n.overdue_total
        ));
    } else {
        s.push_str(&format!(" На {} просроченных обращений нет.", d(n.as_of)));
    }
    match n.problem_points.first() {
        Some(p) => s.push_str(&format!(
            " Выявлено проблемных точек: {}; наибольший рост — «{}», {} ({} при обычных {} в неделю).",
            n.problem_points.len(),
            p.topic_name,
            p.settlement_name,
            p.count,
            fmt1(p.baseline_mean)
        )),
        None => s.push_str(" Необычного роста жалоб не выявлено."),
    }
    if let Some(r) = &n.rating {
        let ranked: Vec<&crate::rating::RatingRow> =
            r.rows.iter().filter(|x| x.place.is_some()).collect();
        if let (Some(first), Some(last)) = (ranked.first(), ranked.last())
            && ranked.len() > 1
        {
            s.push_str(&format!(
                " В рейтинге ответственных с {} первое место — {} ({}), последнее — {} ({}).",
                d(r.from),
                first.name,
                fmt1(first.score.unwrap_or(0.0)),
                last.name,
                fmt1(last.score.unwrap_or(0.0))
            ));
        }
    }
    if let Some(p) = n.satisfaction.positive_percent {
        s.push_str(&format!(
            " Доля положительных оценок ответов — {} %.",
            fmt1(p)
        ));
    }
    let lines = n.road_map.as_deref().unwrap_or_default();
    let open = lines.iter().filter(|l| l.done_date.is_none()).count();
    let late = lines.iter().filter(|l| l.overdue).count();
    if open > 0 {
        s.push_str(&format!(
            " Мероприятий дорожных карт в работе: {open}{}.",
            if late > 0 {
                format!(", из них с нарушением срока: {late}")
            } else {
                String::new()
            }
        ));
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn change_phrases() {
        assert_eq!(
            change_phrase(Some(12.46)),
            "на 12,5 % больше, чем неделей ранее"
        );
        assert_eq!(
            change_phrase(Some(-50.0)),
            "на 50,0 % меньше, чем неделей ранее"
        );
        assert_eq!(
            change_phrase(Some(0.0)),
            "столько же, сколько неделей ранее"
        );
        assert_eq!(change_phrase(None), "неделей ранее обращений не было");
    }
}
