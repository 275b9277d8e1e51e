//! The rating of responsible recipients. Постановление № 530 makes the МЦУ
//! take part in «рейтинговании подразделений муниципального образования,
//! ответственных получателей по количеству, срокам рассмотрения и полноте
//! реагирования по существу»; no official method exists (domain.md ⚠), so the
//! criteria are what the office records and their weights are a setting.
//!
//! For the appeals registered in a period, per sector block or responsible
//! person: how many, answered within the deadline (late answers and open
//! appeals past it both count against), answers with measures taken among
//! answers with a recorded result, and satisfied applicants among those who
//! rated the answer. The score is the weighted mean of the criteria a
//! recipient has figures for; a recipient with too small a base is listed but
//! not ranked, and neither is «not assigned».

use chrono::{Duration, NaiveDate};
use rusqlite::{Connection, params};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::db::conditions::{answered_on_time, open_overdue};
use crate::db::rows::fmt_date;
use crate::error::{CoreError, CoreResult, FieldError};
use crate::model::Actor;
use crate::office::Office;
use crate::settings::Setting;
use crate::timeliness::GroupBy;

/// How the score is made: weights of the three criteria (any non-negative
/// numbers; only their proportions count) and the smallest base ranked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(default)]
#[ts(export)]
pub struct RatingSettings {
    pub timeliness_weight: u32,
    pub measures_weight: u32,
    pub satisfaction_weight: u32,
    /// Answers plus open overdue appeals a recipient needs to be ranked.
    pub min_base: u32,
}

impl Default for RatingSettings {
    fn default() -> Self {
        Self {
            timeliness_weight: 50,
            measures_weight: 25,
            satisfaction_weight: 25,
            min_base: 3,
        }
    }
}

impl Setting for RatingSettings {
    const KEY: &'static str = "rating";

    fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut errs = Vec::new();
        for (field, w) in [
            ("timeliness_weight", self.timeliness_weight),
            ("measures_weight", self.measures_weight),
            ("satisfaction_weight", self.satisfaction_weight),
        ] {
            if w > 100 {
                errs.push(FieldError::new(field, "Вес — от 0 до 100."));
            }
        }
        if self.timeliness_weight + self.measures_weight + self.satisfaction_weight == 0 {
            errs.push(FieldError::new(
                "timeliness_weight",
                "Хотя бы один критерий должен иметь вес больше нуля.",
            ));
        }
        if !(1..=1000).contains(&self.min_base) {
            errs.push(FieldError::new("min_base", "Минимум — от 1 до 1000."));
        }
        if errs.is_empty() { Ok(()) } else { Err(errs) }
    }
}

/// One recipient's figures, criteria (percent) and place.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct RatingRow {
    /// The block or person; none for appeals not assigned to any.
    pub id: Option<i64>,
    pub name: String,
    pub registered: u64,
    pub answered: u64,
    pub answered_on_time: u64,
    pub open_overdue: u64,
    /// Answers with a recorded result, and those with measures taken.
    pub with_result: u64,
    pub measures_taken: u64,
    /// Applicants who rated the answer, and those satisfied.
    pub rated: u64,
    pub satisfied: u64,
    /// Answered on time among answers and open overdue appeals.
    pub timeliness_percent: Option<f64>,
    pub measures_percent: Option<f64>,
    pub satisfaction_percent: Option<f64>,
    /// The weighted mean of the criteria, 0–100; none when not ranked.
    pub score: Option<f64>,
    /// 1 is best; equal scores share a place.
    pub place: Option<u32>,
}

impl RatingRow {
    /// The base of the deadline criterion: what could have been answered on time.
    pub fn base(&self) -> u64 {
        self.answered + self.open_overdue
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Rating {
    #[ts(type = "string")]
    pub from: NaiveDate,
    #[ts(type = "string")]
    pub to: NaiveDate,
    /// Open appeals count as overdue against this day.
    #[ts(type = "string")]
    pub as_of: NaiveDate,
    pub group_by: GroupBy,
    pub settings: RatingSettings,
    /// Ranked rows by place, then those not ranked.
    pub rows: Vec<RatingRow>,
}

/// The first day of the quarter of `day`: the default start of a rating.
pub fn quarter_start(day: NaiveDate) -> NaiveDate {
    use chrono::Datelike;
    NaiveDate::from_ymd_opt(day.year(), (day.month() - 1) / 3 * 3 + 1, 1)
        .expect("a quarter's first day")
}

fn percent(part: u64, whole: u64) -> Option<f64> {
    (whole > 0).then(|| 100.0 * part as f64 / whole as f64)
}

/// The score of a row under `s`: the weighted mean of its criteria that have
/// figures; none for «not assigned», below the minimum base, or without the
/// deadline criterion.
pub fn score(row: &RatingRow, s: &RatingSettings) -> Option<f64> {
    if row.id.is_none() || row.base() < u64::from(s.min_base) {
        return None;
    }
    row.timeliness_percent?;
    let parts = [
        (row.timeliness_percent, s.timeliness_weight),
        (row.measures_percent, s.measures_weight),
        (row.satisfaction_percent, s.satisfaction_weight),
    ];
    let (sum, weight) = parts
        .iter()
        .filter_map(|(v, w)| v.map(|v| (v * f64::from(*w), f64::from(*w))))
        .fold((0.0, 0.0), |(a, b), (v, w)| (a + v, b + w));
    // Rounded as shown, so that equal-looking scores share a place.
    (weight > 0.0).then(|| (sum / weight * 10.0).round() / 10.0)
}

/// Scores, places (competition ranking: 1, 2, 2, 4) and order: ranked rows
/// by place, then more appeals first; unranked ones after them.
pub fn rank(rows: &mut [RatingRow], s: &RatingSettings) {
    for r in rows.iter_mut() {
        r.score = score(r, s);
        r.place = None;
    }
    rows.sort_by(|a, b| {
        let key = |r: &RatingRow| r.score.map(|v| -v);
        match (key(a), key(b)) {
            (Some(x), Some(y)) => x.total_cmp(&y),
            (Some(_), None) => std::cmp::Ordering::Less,
            (None, Some(_)) => std::cmp::Ordering::Greater,
            (None, None) => std::cmp::Ordering::Equal,
        }
        .then(b.registered.cmp(&a.registered))
        .then(a.name.cmp(&b.name))
    });
    let mut prev: Option<(f64, u32)> = None;
    for (i, r) in rows.iter_mut().enumerate() {
        if let Some(v) = r.score {
            let place = match prev {
                Some((p, place)) if p == v => place,
                _ => i as u32 + 1,
            };
            r.place = Some(place);
            prev = Some((v, place));
        }
    }
}

/// The rating of appeals registered from `from` to `to` inclusive, as of `today`.
pub fn rating(
    conn: &Connection,
    from: NaiveDate,
    to: NaiveDate,
    group_by: GroupBy,
    today: NaiveDate,
) -> CoreResult<Rating> {
    if from > to {
        return Err(CoreError::field("to", "Конец периода раньше начала."));
    }
    let s = RatingSettings::load(conn)?;
    let (key, join, name) = group_by.sql();
    let sql = format!(
        "SELECT {key}, coalesce({name}, 'Не назначен'), count(*),
                coalesce(sum(a.answer_date IS NOT NULL), 0),
                coalesce(sum({on_time}), 0),
                coalesce(sum({overdue}), 0),
                coalesce(sum(a.answer_date IS NOT NULL AND a.answer_result IS NOT NULL), 0),
                coalesce(sum(a.answer_date IS NOT NULL AND a.answer_result = 'supported_measures'), 0),
                coalesce(sum(a.satisfaction IN ('satisfied', 'unsatisfied')), 0),
                coalesce(sum(a.satisfaction = 'satisfied'), 0)
         FROM appeals a {join}
         WHERE a.registered_at >= ?1 AND a.registered_at < ?2
         GROUP BY {key}",
        on_time = answered_on_time("a"),
        overdue = open_overdue("a", "?3"),
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
            let (answered, on_time, overdue) = (n(3)?, n(4)?, n(5)?);
            let (with_result, measures, rated, satisfied) = (n(6)?, n(7)?, n(8)?, n(9)?);
            Ok(RatingRow {
                id: r.get(0)?,
                name: r.get(1)?,
                registered: n(2)?,
                answered,
                answered_on_time: on_time,
                open_overdue: overdue,
                with_result,
                measures_taken: measures,
                rated,
                satisfied,
                timeliness_percent: percent(on_time, answered + overdue),
                measures_percent: percent(measures, with_result),
                satisfaction_percent: percent(satisfied, rated),
                score: None,
                place: None,
            })
        },
    )?;
    let mut rows: Vec<RatingRow> = rows.collect::<Result<_, _>>()?;
    rank(&mut rows, &s);
    Ok(Rating {
        from,
        to,
        as_of: today,
        group_by,
        settings: s,
        rows,
    })
}

impl Office {
    /// The rating of responsible recipients (blocks or persons) for appeals
    /// registered in a period, under the office's rating settings.
    pub fn rating(
        &self,
        from: NaiveDate,
        to: NaiveDate,
        by: GroupBy,
        today: NaiveDate,
    ) -> CoreResult<Rating> {
        self.db.read(|c| rating(c, from, to, by, today))
    }

    pub fn rating_settings(&self) -> CoreResult<RatingSettings> {
        self.setting()
    }

    /// Saves the rating's weights and minimum base, audited.
    pub fn save_rating_settings(&self, s: &RatingSettings, actor: &Actor<'_>) -> CoreResult<()> {
        self.save_setting(s, actor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn row(id: i64, on_time: u64, answered: u64, overdue: u64) -> RatingRow {
        RatingRow {
            id: Some(id),
            name: format!("Р{id}"),
            registered: answered + overdue,
            answered,
            answered_on_time: on_time,
            open_overdue: overdue,
            with_result: 0,
            measures_taken: 0,
            rated: 0,
            satisfied: 0,
            timeliness_percent: percent(on_time, answered + overdue),
            measures_percent: None,
            satisfaction_percent: None,
            score: None,
            place: None,
        }
    }

    #[test]
    fn the_score_is_the_weighted_mean_of_the_criteria_with_figures() {
        let s = RatingSettings::default();
        let mut r = row(1, 8, 9, 1); // 80 % on time
        assert_eq!(score(&r, &s), Some(80.0));
        r.measures_percent = Some(40.0);
        // (80·50 + 40·25) / 75
        assert_eq!(score(&r, &s), Some(66.7));
        r.satisfaction_percent = Some(100.0);
        assert_eq!(score(&r, &s), Some(75.0));
        let only_deadlines = RatingSettings {
            measures_weight: 0,
            satisfaction_weight: 0,
            ..s
        };
        assert_eq!(score(&r, &only_deadlines), Some(80.0));
    }

    #[test]
    fn small_bases_and_unassigned_appeals_are_not_ranked() {
        let s = RatingSettings::default();
        assert_eq!(score(&row(1, 2, 2, 0), &s), None, "base 2 < 3");
        assert_eq!(score(&row(1, 2, 2, 1), &s), Some(66.7));
        let mut none = row(1, 5, 5, 0);
        none.id = None;
        assert_eq!(score(&none, &s), None);
    }

    #[test]
    fn equal_scores_share_a_place_and_unranked_rows_come_last() {
        let s = RatingSettings::default();
        let mut rows = vec![
            row(1, 1, 4, 0), // 25
            row(2, 1, 1, 0), // base 1: not ranked
            row(3, 4, 4, 0), // 100
            row(4, 3, 4, 0), // 75
            row(5, 6, 8, 0), // 75
        ];
        rank(&mut rows, &s);
        let got: Vec<(i64, Option<u32>)> = rows.iter().map(|r| (r.id.unwrap(), r.place)).collect();
        assert_eq!(
            got,
            [
                (3, Some(1)),
                (5, Some(2)),
                (4, Some(2)),
                (1, Some(4)),
                (2, None)
            ]
        );
    }

    #[test]
    fn settings_errors_are_all_reported_at_their_fields() {
        let bad = RatingSettings {
            timeliness_weight: 0,
            measures_weight: 0,
            satisfaction_weight: 0,
            min_base: 0,
        };
        let errs = bad.validate().unwrap_err();
        let fields: Vec<&str> = errs.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["timeliness_weight", "min_base"]);
        let over = RatingSettings {
            measures_weight: 101,
            ..RatingSettings::default()
        };
        assert_eq!(over.validate().unwrap_err()[0].field, "measures_weight");
        assert!(RatingSettings::default().validate().is_ok());
    }

    proptest! {
        #[test]
        fn scores_stay_within_0_100_and_more_on_time_never_lowers_one(
            answered in 0u64..50, overdue in 0u64..20, on_time_frac in 0.0f64..=1.0,
            measures in proptest::option::of(0.0f64..=100.0),
            satisfied in proptest::option::of(0.0f64..=100.0),
            w in (0u32..=100, 0u32..=100, 0u32..=100),
        ) {
            let s = RatingSettings { timeliness_weight: w.0, measures_weight: w.1, satisfaction_weight: w.2, min_base: 1 };
            prop_assume!(s.validate().is_ok());
            let on_time = (answered as f64 * on_time_frac).floor() as u64;
            let mut r = row(1, on_time, answered, overdue);
            r.measures_percent = measures;
            r.satisfaction_percent = satisfied;
            if let Some(v) = score(&r, &s) {
                prop_assert!((0.0..=100.0).contains(&v), "{v}");
                if on_time < answered {
                    let mut better = r.clone();
                    better.answered_on_time += 1;
                    better.timeliness_percent = percent(on_time + 1, answered + overdue);
                    prop_assert!(score(&better, &s).unwrap() >= v);
                }
            }
        }

        #[test]
        fn places_follow_scores(scores in proptest::collection::vec((0u64..10, 1u64..10), 1..30)) {
            let s = RatingSettings { min_base: 1, ..RatingSettings::default() };
            let mut rows: Vec<RatingRow> = scores.iter().enumerate()
                .map(|(i, (on, extra))| row(i as i64, *on, on + extra, 0)).collect();
            rank(&mut rows, &s);
            for pair in rows.windows(2) {
                let (a, b) = (&pair[0], &pair[1]);
                prop_assert!(a.score >= b.score);
                prop_assert!(a.place <= b.place);
                prop_assert_eq!(a.score == b.score, a.place == b.place);
            }
            prop_assert_eq!(rows[0].place, Some(1));
        }
    }
}
