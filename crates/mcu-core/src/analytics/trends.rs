//! Growth (рост): the topic × settlement cells of a week that rose well above
//! their own recent baseline. The baseline is the mean of the previous weeks
//! (8 by default) with a small prior so that a cell that was always quiet is
//! not infinitely surprising; a cell is a problem point when it has at least
//! `min_count` questions, at least `min_ratio` times its baseline, and the
//! Poisson probability of a count that high is below `alpha`. So 1 → 2 is
//! never an alarm, while 0,0,1,0 → 6 is.

use std::collections::HashMap;

use chrono::{Duration, NaiveDate};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::facts::{Facts, NONE};
use super::poisson::upper_tail;
use super::week::{day_number, week_label, week_start};
use crate::model::Theme;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(default)]
#[ts(export)]
pub struct TrendParams {
    pub baseline_weeks: u32,
    pub min_count: u32,
    pub min_ratio: f64,
    pub alpha: f64,
}

impl Default for TrendParams {
    fn default() -> Self {
        Self {
            baseline_weeks: 8,
            min_count: 3,
            min_ratio: 2.0,
            alpha: 0.01,
        }
    }
}

/// One problem point with the figures behind the flag.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ProblemPoint {
    pub topic_code: String,
    pub topic_name: String,
    pub theme: Option<Theme>,
    pub settlement_id: Option<i64>,
    pub settlement_name: String,
    pub count: u32,
    /// Counts of the baseline weeks, oldest first.
    pub baseline: Vec<u32>,
    pub baseline_mean: f64,
    /// count / expected (expected = baseline mean with the prior).
    pub ratio: f64,
    /// P(X ≥ count) under Poisson(expected).
    pub p_value: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct Trends {
    pub week: String,
    #[ts(type = "string")]
    pub week_start: NaiveDate,
    pub params: TrendParams,
    /// Cells examined (with at least one question this week).
    pub cells: u32,
    pub points: Vec<ProblemPoint>,
}

/// The prior added to the baseline sum: half a question over the whole baseline.
const PRIOR: f64 = 0.5;

/// The decision for one cell's counts; `None` when it is not a problem point.
pub fn test_cell(count: u32, baseline: &[u32], p: &TrendParams) -> Option<(f64, f64, f64)> {
    let weeks = baseline.len().max(1) as f64;
    let mean = f64::from(baseline.iter().sum::<u32>()) / weeks;
    let expected = (f64::from(baseline.iter().sum::<u32>()) + PRIOR) / weeks;
    let ratio = f64::from(count) / expected;
    let p_value = upper_tail(count, expected);
    (count >= p.min_count && ratio >= p.min_ratio && p_value < p.alpha)
        .then_some((mean, ratio, p_value))
}

/// Problem points of the ISO week starting on `monday`.
pub fn trends(f: &Facts, monday: NaiveDate, p: &TrendParams) -> Trends {
    let monday = week_start(monday);
    let weeks = p.baseline_weeks.clamp(1, 52);
    let start = monday - Duration::weeks(i64::from(weeks));
    let range = f.range(
        Some(day_number(start)),
        Some(day_number(monday + Duration::days(6))),
    );
    let week0 = day_number(start);
    // (topic, settlement) → counts per week slot; the last slot is the week itself.
    let mut cells: HashMap<(u32, u32), Vec<u32>> = HashMap::new();
    for i in range {
        let slot = ((f.day[i] - week0) / 7) as usize;
        let v = cells
            .entry((f.topic[i], f.settlement[i]))
            .or_insert_with(|| vec![0; weeks as usize + 1]);
        v[slot] += 1;
    }
    let mut examined = 0;
    let mut points = Vec::new();
    for ((topic, place), v) in &cells {
        let (base, this) = v.split_at(weeks as usize);
        if this[0] == 0 {
            continue;
        }
        examined += 1;
        if let Some((mean, ratio, p_value)) = test_cell(this[0], base, p) {
            let t = f.topics.get(*topic as usize);
            let s = (*place != NONE).then(|| &f.settlements[*place as usize]);
            points.push(ProblemPoint {
                topic_code: t.map(|t| t.code.clone()).unwrap_or_default(),
                topic_name: t
                    .map(|t| t.name.clone())
                    .unwrap_or_else(|| "Не указано".into()),
                theme: t.and_then(|t| t.theme),
                settlement_id: s.map(|s| s.id),
                settlement_name: s.map_or_else(|| "Не указан".into(), |s| s.name.clone()),
                count: this[0],
                baseline: base.to_vec(),
                baseline_mean: mean,
                ratio,
                p_value,
            });
        }
    }
    points.sort_by(|a, b| {
        a.p_value
            .total_cmp(&b.p_value)
            .then(b.count.cmp(&a.count))
            .then(a.topic_code.cmp(&b.topic_code))
    });
    Trends {
        week: week_label(monday),
        week_start: monday,
        params: p.clone(),
        cells: examined,
        points,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p() -> TrendParams {
        TrendParams::default()
    }

    #[test]
    fn a_real_jump_is_flagged() {
        assert!(test_cell(6, &[0, 0, 1, 0, 0, 1, 0, 0], &p()).is_some());
        assert!(test_cell(12, &[2, 3, 2, 1, 3, 2, 2, 3], &p()).is_some());
    }

    #[test]
    fn noise_and_tiny_counts_are_not() {
        // 1 → 2 is not an alarm; nor is a busy cell at its usual level.
        assert!(test_cell(2, &[1, 1, 1, 1, 1, 1, 1, 1], &p()).is_none());
        assert!(test_cell(2, &[0, 0, 0, 0, 0, 0, 0, 0], &p()).is_none());
        assert!(test_cell(9, &[8, 10, 7, 9, 11, 8, 9, 10], &p()).is_none());
        // Three after a quiet spell with a couple of ones is within chance at 1 %.
        assert!(test_cell(3, &[1, 0, 1, 0, 1, 0, 1, 1], &p()).is_none());
    }

    #[test]
    fn stricter_alpha_flags_less() {
        let strict = TrendParams { alpha: 1e-7, ..p() }; // P(X ≥ 6 | 0.3125) ≈ 9.4e-7
        assert!(test_cell(6, &[0, 0, 1, 0, 0, 1, 0, 0], &strict).is_none());
    }
}
