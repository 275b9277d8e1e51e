//! ISO weeks and months as labels and date ranges.

use chrono::{Datelike, Duration, IsoWeek, NaiveDate, Weekday};

/// "2026-W48".
pub fn week_label(d: NaiveDate) -> String {
    let w: IsoWeek = d.iso_week();
    format!("{}-W{:02}", w.year(), w.week())
}

/// The Monday of the ISO week of `d`.
pub fn week_start(d: NaiveDate) -> NaiveDate {
    d - Duration::days(i64::from(d.weekday().num_days_from_monday()))
}

/// Parses "2026-W48" into its Monday.
pub fn parse_week(s: &str) -> Option<NaiveDate> {
    let (y, w) = s
        .trim()
        .split_once("-W")
        .or_else(|| s.trim().split_once("-w"))?;
    NaiveDate::from_isoywd_opt(y.parse().ok()?, w.parse().ok()?, Weekday::Mon)
}

/// "2026-11".
pub fn month_label(d: NaiveDate) -> String {
    format!("{:04}-{:02}", d.year(), d.month())
}

pub fn month_start(d: NaiveDate) -> NaiveDate {
    d.with_day(1).expect("day 1 exists")
}

pub fn next_month(d: NaiveDate) -> NaiveDate {
    let (y, m) = if d.month() == 12 {
        (d.year() + 1, 1)
    } else {
        (d.year(), d.month() + 1)
    };
    NaiveDate::from_ymd_opt(y, m, 1).expect("valid month")
}

/// Days since 1970-01-01, the compact date of the facts.
pub fn day_number(d: NaiveDate) -> i32 {
    (d - NaiveDate::from_ymd_opt(1970, 1, 1).expect("epoch")).num_days() as i32
}

pub fn from_day_number(n: i32) -> NaiveDate {
    NaiveDate::from_ymd_opt(1970, 1, 1).expect("epoch") + Duration::days(i64::from(n))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iso_weeks_across_the_year_boundary() {
        let d = |s| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        assert_eq!(week_label(d("2026-11-27")), "2026-W48");
        assert_eq!(week_label(d("2027-01-01")), "2026-W53");
        assert_eq!(week_label(d("2025-12-29")), "2026-W01");
        assert_eq!(parse_week("2026-W48"), Some(d("2026-11-23")));
        assert_eq!(week_start(d("2026-11-29")), d("2026-11-23"));
        assert_eq!(parse_week("2026-W54"), None);
        assert_eq!(
            from_day_number(day_number(d("2026-11-27"))),
            d("2026-11-27")
        );
        assert_eq!(next_month(d("2026-12-15")), d("2027-01-01"));
    }
}
