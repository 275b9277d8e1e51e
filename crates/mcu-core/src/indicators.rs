//! Indicators (показатели эффективности работы МЦУ) for a quarter or a year.
//!
//! The official list (Приложение 1 к Правилам, ПП РФ № 1844) was not available
//! and changes with the regulation, so the list is configuration: each
//! indicator has a code, a name, a unit, a target and a formula chosen from a
//! fixed set of computable [`Measure`]s with parameters (no expression
//! language: every measure has a tested definition). The built-in list is
//! marked «по умолчанию»; an office may save its own list in the settings.

use chrono::{Datelike, NaiveDate, NaiveDateTime};
use rusqlite::{Connection, ToSql, params};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::db::conditions::{
    answered_late, answered_on_time, days_to_answer, open_list, open_overdue,
};
use crate::db::rows::fmt_date;
use crate::db::settings;
use crate::error::{CoreError, CoreResult, FieldError};
use crate::model::AppealKind;

/// The settings key of a saved indicator list.
pub const SETTINGS_KEY: &str = "indicators";

/// A reporting period: a quarter or a calendar year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "type", rename_all = "snake_case")]
#[ts(export)]
pub enum ReportPeriod {
    Quarter { year: i32, quarter: u32 },
    Year { year: i32 },
}

impl ReportPeriod {
    /// «2026-Q4» or «2026».
    pub fn parse(s: &str) -> Option<ReportPeriod> {
        let s = s.trim();
        if let Some((y, q)) = s.split_once("-Q").or_else(|| s.split_once("-q")) {
            let (year, quarter) = (y.parse().ok()?, q.parse().ok()?);
            return ((1..=4).contains(&quarter) && (1990..=2200).contains(&year))
                .then_some(ReportPeriod::Quarter { year, quarter });
        }
        let year: i32 = s.parse().ok()?;
        (1990..=2200)
            .contains(&year)
            .then_some(ReportPeriod::Year { year })
    }

    pub fn code(self) -> String {
        match self {
            ReportPeriod::Quarter { year, quarter } => format!("{year}-Q{quarter}"),
            ReportPeriod::Year { year } => year.to_string(),
        }
    }

    /// «IV квартал 2026 г.», «2026 год».
    pub fn label(self) -> String {
        match self {
            ReportPeriod::Quarter { year, quarter } => {
                let roman = ["I", "II", "III", "IV"][(quarter.clamp(1, 4) - 1) as usize];
                format!("{roman} квартал {year} г.")
            }
            ReportPeriod::Year { year } => format!("{year} год"),
        }
    }

    /// First and last day, inclusive.
    pub fn days(self) -> (NaiveDate, NaiveDate) {
        let ymd = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).expect("valid period date");
        match self {
            ReportPeriod::Quarter { year, quarter } => {
                let m = (quarter.clamp(1, 4) - 1) * 3 + 1;
                let next = if m == 10 {
                    ymd(year + 1, 1, 1)
                } else {
                    ymd(year, m + 3, 1)
                };
                (ymd(year, m, 1), next.pred_opt().expect("not the first day"))
            }
            ReportPeriod::Year { year } => (ymd(year, 1, 1), ymd(year, 12, 31)),
        }
    }

    /// The last full quarter before `today`.
    pub fn last_quarter(today: NaiveDate) -> ReportPeriod {
        let q = (today.month() - 1) / 3 + 1;
        if q == 1 {
            ReportPeriod::Quarter {
                year: today.year() - 1,
                quarter: 4,
            }
        } else {
            ReportPeriod::Quarter {
                year: today.year(),
                quarter: q - 1,
            }
        }
    }
}

/// The computable measures an indicator may use.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "measure", rename_all = "snake_case")]
#[ts(export)]
pub enum Measure {
    /// Appeals registered in the period, optionally of one channel or kind.
    Count {
        #[serde(default)]
        channel: Option<String>,
        #[serde(default)]
        kind: Option<AppealKind>,
    },
    /// Appeals registered in the period, broken down by channel.
    CountByChannel,
    /// Answers of the period given within the deadline, % of the period's answers.
    ShareOnTime,
    /// Deadlines of the period missed (answered late or still open), % of the deadlines.
    ShareOverdue,
    /// Repeated appeals, % of those registered.
    ShareRepeated,
    /// «Удовлетворён» among rated answers of the period, %.
    SharePositiveSatisfaction,
    /// Average calendar hours from registration to the first response.
    AvgFirstResponseHours {
        #[serde(default)]
        kind: Option<AppealKind>,
    },
    /// Average calendar days from registration to the answer (answers of the period).
    AvgDaysToAnswer,
    /// Appeals per 1,000 residents, by settlement (the value is the district's).
    Per1000BySettlement,
}

/// One configured indicator.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct IndicatorDef {
    pub code: String,
    pub name: String,
    /// The section (one sheet of the workbook).
    pub section: String,
    pub measure: Measure,
    pub unit: String,
    #[serde(default)]
    pub target: Option<f64>,
    /// Whether larger values are better (for judging the target).
    #[serde(default = "yes")]
    pub higher_is_better: bool,
    /// A built-in indicator, printed with «по умолчанию».
    #[serde(default)]
    pub is_default: bool,
}

fn yes() -> bool {
    true
}

pub const SECTION_FLOW: &str = "Поток обращений";
pub const SECTION_TIMELINESS: &str = "Своевременность";
pub const SECTION_QUALITY: &str = "Качество и удовлетворённость";
pub const SECTION_ACTIVITY: &str = "Активность населения";

/// The built-in list (typical ЦУР/МЦУ indicators, domain §4).
pub fn default_indicators() -> Vec<IndicatorDef> {
    let d = |code: &str,
             name: &str,
             section: &str,
             measure: Measure,
             unit: &str,
             target: Option<f64>,
             higher: bool| IndicatorDef {
        code: code.into(),
        name: name.into(),
        section: section.into(),
        measure,
        unit: unit.into(),
        target,
        higher_is_better: higher,
        is_default: true,
    };
    vec![
        d(
            "P01",
            "Количество поступивших обращений и сообщений",
            SECTION_FLOW,
            Measure::Count {
                channel: None,
                kind: None,
            },
            "ед.",
            None,
            true,
        ),
        d(
            "P02",
            "Количество обращений и сообщений по каналам",
            SECTION_FLOW,
            Measure::CountByChannel,
            "ед.",
            None,
            true,
        ),
        d(
            "P03",
            "Количество обращений по 59-ФЗ",
            SECTION_FLOW,
            Measure::Count {
                channel: None,
                kind: Some(AppealKind::Fz59),
            },
            "ед.",
            None,
            true,
        ),
        d(
            "P04",
            "Количество сообщений ПОС",
            SECTION_FLOW,
            Measure::Count {
                channel: None,
                kind: Some(AppealKind::Pos),
            },
            "ед.",
            None,
            true,
        ),
        d(
            "P05",
            "Количество инцидентов (соцсети)",
            SECTION_FLOW,
            Measure::Count {
                channel: None,
                kind: Some(AppealKind::Incident),
            },
            "ед.",
            None,
            true,
        ),
        d(
            "P06",
            "Доля ответов, данных в установленный срок",
            SECTION_TIMELINESS,
            Measure::ShareOnTime,
            "%",
            Some(95.0),
            true,
        ),
        d(
            "P07",
            "Доля просроченных обращений",
            SECTION_TIMELINESS,
            Measure::ShareOverdue,
            "%",
            Some(5.0),
            false,
        ),
        d(
            "P08",
            "Среднее время первичной реакции на инциденты",
            SECTION_TIMELINESS,
            Measure::AvgFirstResponseHours {
                kind: Some(AppealKind::Incident),
            },
            "ч",
            Some(8.0),
            false,
        ),
        d(
            "P09",
            "Среднее время подготовки ответа",
            SECTION_TIMELINESS,
            Measure::AvgDaysToAnswer,
            "дн.",
            None,
            false,
        ),
        d(
            "P10",
            "Доля повторных обращений",
            SECTION_QUALITY,
            Measure::ShareRepeated,
            "%",
            Some(10.0),
            false,
        ),
        d(
            "P11",
            "Доля положительных оценок ответов",
            SECTION_QUALITY,
            Measure::SharePositiveSatisfaction,
            "%",
            Some(70.0),
            true,
        ),
        d(
            "P12",
            "Обращений на 1000 жителей",
            SECTION_ACTIVITY,
            Measure::Per1000BySettlement,
            "на 1000 жит.",
            None,
            true,
        ),
    ]
}

/// Checks a list before it is saved: every field error at once.
pub fn validate_defs(defs: &[IndicatorDef]) -> Result<(), Vec<FieldError>> {
    let mut errors = Vec::new();
    if defs.is_empty() {
        errors.push(FieldError::new("indicators", "Список показателей пуст."));
    }
    for (i, d) in defs.iter().enumerate() {
        let f = |name: &str| format!("indicators[{i}].{name}");
        if d.code.trim().is_empty() {
            errors.push(FieldError::new(f("code"), "Укажите код показателя."));
        } else if defs[..i].iter().any(|o| o.code.trim() == d.code.trim()) {
            errors.push(FieldError::new(
                f("code"),
                format!("Код «{}» уже есть в списке.", d.code.trim()),
            ));
        }
        if d.name.trim().is_empty() {
            errors.push(FieldError::new(
                f("name"),
                "Укажите наименование показателя.",
            ));
        }
        if d.section.trim().is_empty() {
            errors.push(FieldError::new(f("section"), "Укажите раздел отчёта."));
        }
        if d.target.is_some_and(|t| !t.is_finite()) {
            errors.push(FieldError::new(f("target"), "Целевое значение — число."));
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors)
    }
}

/// The office's list: saved in the settings, else the built-in one.
pub fn load_defs(conn: &Connection) -> CoreResult<Vec<IndicatorDef>> {
    match settings::get(conn, SETTINGS_KEY)? {
        Some(json) => serde_json::from_str(&json).map_err(|e| {
            CoreError::field(
                "indicators",
                format!("Сохранённый список показателей не читается: {e}"),
            )
        }),
        None => Ok(default_indicators()),
    }
}

/// A part of an indicator's value (a channel, a settlement).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct IndicatorPart {
    pub name: String,
    pub count: u64,
    pub value: Option<f64>,
}

/// An indicator's value for the period.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct IndicatorValue {
    pub def: IndicatorDef,
    /// None when there is nothing to divide (no answers, no population).
    pub value: Option<f64>,
    /// The counts behind a share or an average, e.g. 45 of 50.
    pub numerator: Option<f64>,
    pub denominator: Option<f64>,
    pub meets_target: Option<bool>,
    pub parts: Vec<IndicatorPart>,
}

/// The indicators report.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct IndicatorReport {
    pub period: ReportPeriod,
    pub period_label: String,
    #[ts(type = "string")]
    pub from: NaiveDate,
    #[ts(type = "string")]
    pub to: NaiveDate,
    /// Deadlines are judged as of this day.
    #[ts(type = "string")]
    pub as_of: NaiveDate,
    #[ts(type = "string")]
    pub made_at: NaiveDateTime,
    pub operator: String,
    pub office_name: String,
    /// Sections in the order of first appearance.
    pub sections: Vec<String>,
    pub values: Vec<IndicatorValue>,
}

struct Range {
    from: String,
    end: String,
    as_of: String,
}

fn one<T: rusqlite::types::FromSql>(
    conn: &Connection,
    sql: &str,
    p: &[&dyn ToSql],
) -> CoreResult<T> {
    Ok(conn.prepare_cached(sql)?.query_row(p, |r| r.get(0))?)
}

fn share(num: i64, den: i64) -> (Option<f64>, Option<f64>, Option<f64>) {
    (
        (den > 0).then(|| num as f64 * 100.0 / den as f64),
        Some(num as f64),
        Some(den as f64),
    )
}

fn compute(
    conn: &Connection,
    def: &IndicatorDef,
    r: &Range,
    district_population: Option<i64>,
) -> CoreResult<IndicatorValue> {
    let (from, end, as_of) = (&r.from, &r.end, &r.as_of);
    let open = open_list();
    let mut parts = Vec::new();
    let (value, numerator, denominator) = match &def.measure {
        Measure::Count { channel, kind } => {
            let n: i64 = one(
                conn,
                "SELECT count(*) FROM appeals WHERE registered_at >= ?1 AND registered_at < ?2
                 AND (?3 IS NULL OR channel = ?3) AND (?4 IS NULL OR kind = ?4)",
                params![from, end, channel, kind],
            )?;
            (Some(n as f64), None, None)
        }
        Measure::CountByChannel => {
            let mut st = conn.prepare_cached(
                "SELECT c.name, (SELECT count(*) FROM appeals a WHERE a.channel = c.code
                        AND a.registered_at >= ?1 AND a.registered_at < ?2)
                 FROM channels c ORDER BY c.sort, c.name",
            )?;
            let rows = st.query_map(params![from, end], |row| {
                Ok((row.get::<_, String>(0)?, row.get::<_, i64>(1)?))
            })?;
            let mut total = 0;
            for row in rows {
                let (name, n) = row?;
                total += n;
                parts.push(IndicatorPart {
                    name,
                    count: n as u64,
                    value: Some(n as f64),
                });
            }
            (Some(total as f64), None, None)
        }
        Measure::ShareOnTime => {
            let sql = format!(
                "SELECT coalesce(sum({}), 0), count(*) FROM appeals
                     WHERE answer_date >= ?1 AND answer_date < ?2",
                answered_on_time("")
            );
            let (on_time, all): (i64, i64) = conn
                .prepare_cached(&sql)?
                .query_row(params![from, end], |row| Ok((row.get(0)?, row.get(1)?)))?;
            share(on_time, all)
        }
        Measure::ShareOverdue => {
            // Missed: answered late, or still open with the deadline passed.
            let sql = format!(
                "SELECT coalesce(sum({late} OR {overdue}), 0), count(*)
                 FROM appeals WHERE due_date >= ?1 AND due_date < ?2 AND due_date < ?3
                 AND (answer_date IS NOT NULL OR status IN ({open}))",
                late = answered_late(""),
                overdue = open_overdue("", "?3"),
            );
            let (late, all): (i64, i64) = conn
                .prepare_cached(&sql)?
                .query_row(params![from, end, as_of], |row| {
                    Ok((row.get(0)?, row.get(1)?))
                })?;
            share(late, all)
        }
        Measure::ShareRepeated => {
            let (rep, all): (i64, i64) = conn
                .prepare_cached(
                    "SELECT coalesce(sum(repeated_of IS NOT NULL), 0), count(*) FROM appeals
                     WHERE registered_at >= ?1 AND registered_at < ?2",
                )?
                .query_row(params![from, end], |row| Ok((row.get(0)?, row.get(1)?)))?;
            share(rep, all)
        }
        Measure::SharePositiveSatisfaction => {
            let (pos, rated): (i64, i64) = conn
                .prepare_cached(
                    "SELECT coalesce(sum(satisfaction = 'satisfied'), 0),
                            coalesce(sum(satisfaction IN ('satisfied', 'unsatisfied')), 0)
                     FROM appeals WHERE answer_date >= ?1 AND answer_date < ?2",
                )?
                .query_row(params![from, end], |row| Ok((row.get(0)?, row.get(1)?)))?;
            share(pos, rated)
        }
        Measure::AvgFirstResponseHours { kind } => {
            let (avg, n): (Option<f64>, i64) = conn
                .prepare_cached(
                    "SELECT avg((julianday(first_response_at) - julianday(registered_at)) * 24), count(*)
                     FROM appeals WHERE registered_at >= ?1 AND registered_at < ?2
                     AND first_response_at IS NOT NULL AND (?3 IS NULL OR kind = ?3)",
                )?
                .query_row(params![from, end, kind], |row| {
                    Ok((row.get(0)?, row.get(1)?))
                })?;
            (avg, None, Some(n as f64))
        }
        Measure::AvgDaysToAnswer => {
            let sql = format!(
                "SELECT avg({}), count(*)
                     FROM appeals WHERE answer_date >= ?1 AND answer_date < ?2",
                days_to_answer("")
            );
            let (avg, n): (Option<f64>, i64) = conn
                .prepare_cached(&sql)?
                .query_row(params![from, end], |row| Ok((row.get(0)?, row.get(1)?)))?;
            (avg, None, Some(n as f64))
        }
        Measure::Per1000BySettlement => {
            let mut st = conn.prepare_cached(
                "SELECT s.name, s.population, (SELECT count(*) FROM appeals a WHERE a.settlement_id = s.id
                        AND a.registered_at >= ?1 AND a.registered_at < ?2)
                 FROM settlements s WHERE s.active ORDER BY s.name",
            )?;
            let rows = st.query_map(params![from, end], |row| {
                Ok((
                    row.get::<_, String>(0)?,
                    row.get::<_, Option<i64>>(1)?,
                    row.get::<_, i64>(2)?,
                ))
            })?;
            for row in rows {
                let (name, population, n) = row?;
                parts.push(IndicatorPart {
                    name,
                    count: n as u64,
                    value: population
                        .filter(|p| *p > 0)
                        .map(|p| n as f64 * 1000.0 / p as f64),
                });
            }
            let all: i64 = one(
                conn,
                "SELECT count(*) FROM appeals WHERE registered_at >= ?1 AND registered_at < ?2",
                params![from, end],
            )?;
            let population = district_population.filter(|p| *p > 0);
            (
                population.map(|p| all as f64 * 1000.0 / p as f64),
                Some(all as f64),
                population.map(|p| p as f64),
            )
        }
    };
    let meets_target = match (value, def.target) {
        (Some(v), Some(t)) => Some(if def.higher_is_better { v >= t } else { v <= t }),
        _ => None,
    };
    Ok(IndicatorValue {
        def: def.clone(),
        value,
        numerator,
        denominator,
        meets_target,
        parts,
    })
}

/// Computes `defs` for the period as of `made_at`.
pub fn report(
    conn: &Connection,
    defs: &[IndicatorDef],
    period: ReportPeriod,
    made_at: NaiveDateTime,
    operator: &str,
) -> CoreResult<IndicatorReport> {
    let (from, to) = period.days();
    let end = to.succ_opt().expect("not the last day");
    let as_of = end.min(made_at.date());
    let range = Range {
        from: fmt_date(from),
        end: fmt_date(end),
        as_of: fmt_date(as_of),
    };
    let district_population: Option<i64> =
        match settings::get(conn, "district_population")?.and_then(|s| s.parse().ok()) {
            Some(p) => Some(p),
            None => one(
                conn,
                "SELECT sum(population) FROM settlements WHERE active",
                params![],
            )?,
        };
    let mut sections: Vec<String> = Vec::new();
    let mut values = Vec::with_capacity(defs.len());
    for def in defs {
        if !sections.contains(&def.section) {
            sections.push(def.section.clone());
        }
        values.push(compute(conn, def, &range, district_population)?);
    }
    Ok(IndicatorReport {
        period,
        period_label: period.label(),
        from,
        to,
        as_of,
        made_at,
        operator: operator.to_owned(),
        office_name: settings::get(conn, "office_name")?.unwrap_or_default(),
        sections,
        values,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn periods_parse_and_span() {
        let q = ReportPeriod::parse("2026-Q4").expect("quarter");
        assert_eq!(q.label(), "IV квартал 2026 г.");
        let d = |s| NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("date");
        assert_eq!(q.days(), (d("2026-10-01"), d("2026-12-31")));
        assert_eq!(
            ReportPeriod::parse("2025-Q1").map(|p| p.days()),
            Some((d("2025-01-01"), d("2025-03-31")))
        );
        assert_eq!(
            ReportPeriod::parse("2026").map(|p| p.days()),
            Some((d("2026-01-01"), d("2026-12-31")))
        );
        assert_eq!(ReportPeriod::parse("2026-Q5"), None);
        assert_eq!(ReportPeriod::parse("Q4"), None);
        assert_eq!(
            ReportPeriod::last_quarter(d("2026-02-10")),
            ReportPeriod::Quarter {
                year: 2025,
                quarter: 4
            }
        );
    }

    #[test]
    fn defaults_are_valid_and_round_trip_as_json() {
        let defs = default_indicators();
        assert!(validate_defs(&defs).is_ok());
        assert!(defs.iter().all(|d| d.is_default));
        let json = serde_json::to_string(&defs).expect("json");
        let back: Vec<IndicatorDef> = serde_json::from_str(&json).expect("parse");
        assert_eq!(back, defs);
        let mut bad = defs.clone();
        bad[1].code = bad[0].code.clone();
        bad[2].name = " ".into();
        let errs = validate_defs(&bad).expect_err("invalid");
        assert_eq!(errs.len(), 2);
        assert_eq!(errs[0].field, "indicators[1].code");
    }
}
