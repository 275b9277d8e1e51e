//! The Russian production calendar (производственный календарь) with the
//! office's own overrides, and the office schedule for deadlines counted in
//! working hours. Official data comes from the `holidays-ru` crate; an office
//! adds a transferred working Saturday or a regional holiday as an override.

use std::collections::BTreeMap;

use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime, NaiveTime, Weekday};
use holidays_ru::{Federal, Resolved};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// An office's correction of one day of the calendar.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum DayOverride {
    /// A full working day (e.g. a transferred working Saturday).
    Working,
    /// A working day shortened by one hour (pre-holiday).
    Short,
    /// A day off (e.g. a regional holiday).
    DayOff,
}

impl DayOverride {
    pub fn code(self) -> &'static str {
        match self {
            DayOverride::Working => "working",
            DayOverride::Short => "short",
            DayOverride::DayOff => "day_off",
        }
    }

    pub fn from_code(s: &str) -> Option<Self> {
        match s {
            "working" => Some(DayOverride::Working),
            "short" => Some(DayOverride::Short),
            "day_off" => Some(DayOverride::DayOff),
            _ => None,
        }
    }
}

/// What the calendar knows about one date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DayInfo {
    pub working: bool,
    pub short: bool,
    /// True when the answer rests on official data or an office override,
    /// false when it is the library's forecast for a year not yet decreed.
    pub official: bool,
}

/// Working days of the office: federal calendar plus overrides.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WorkCalendar {
    overrides: BTreeMap<NaiveDate, DayOverride>,
}

/// A guard against endless loops on a calendar edited into nonsense
/// (e.g. every day marked as a day off).
const MAX_SCAN_DAYS: i64 = 3660;

impl WorkCalendar {
    pub fn new(overrides: impl IntoIterator<Item = (NaiveDate, DayOverride)>) -> Self {
        Self {
            overrides: overrides.into_iter().collect(),
        }
    }

    pub fn overrides(&self) -> &BTreeMap<NaiveDate, DayOverride> {
        &self.overrides
    }

    pub fn day(&self, date: NaiveDate) -> DayInfo {
        if let Some(o) = self.overrides.get(&date) {
            return DayInfo {
                working: *o != DayOverride::DayOff,
                short: *o == DayOverride::Short,
                official: true,
            };
        }
        match holidays_ru::flags::<Federal, _>(date) {
            Some(Resolved::Fact(f)) => DayInfo {
                working: f.is_working_day(),
                short: f.is_short_day(),
                official: true,
            },
            Some(Resolved::Predict(f)) => DayInfo {
                working: f.is_working_day(),
                short: f.is_short_day(),
                official: false,
            },
            // Outside the library's years: a plain five-day week, not official.
            None => DayInfo {
                working: !matches!(date.weekday(), Weekday::Sat | Weekday::Sun),
                short: false,
                official: false,
            },
        }
    }

    pub fn is_working(&self, date: NaiveDate) -> bool {
        self.day(date).working
    }

    /// The last year with official data in the built-in calendar.
    pub fn last_official_year() -> i32 {
        holidays_ru::LAST_FACT_YEAR
    }

    /// `date` itself when it is a working day, else the next working day.
    pub fn roll_forward(&self, date: NaiveDate) -> NaiveDate {
        let mut d = date;
        for _ in 0..MAX_SCAN_DAYS {
            if self.is_working(d) {
                return d;
            }
            d += Duration::days(1);
        }
        date
    }

    /// The `n`-th working day strictly after `date` (n ≥ 1); `date` for n = 0.
    pub fn add_working_days(&self, date: NaiveDate, n: u32) -> NaiveDate {
        let mut d = date;
        let mut left = n;
        let mut scanned = 0;
        while left > 0 && scanned < MAX_SCAN_DAYS {
            d += Duration::days(1);
            scanned += 1;
            if self.is_working(d) {
                left -= 1;
            }
        }
        d
    }

    /// Number of working days in the half-open range `(from, to]`; negative when `to < from`.
    pub fn working_days_between(&self, from: NaiveDate, to: NaiveDate) -> i64 {
        let (a, b, sign) = if to >= from {
            (from, to, 1)
        } else {
            (to, from, -1)
        };
        let mut n = 0;
        let mut d = a;
        while d < b {
            d += Duration::days(1);
            if self.is_working(d) {
                n += 1;
            }
        }
        n * sign
    }
}

/// The office's working hours, for deadlines counted in working hours.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct OfficeSchedule {
    #[ts(type = "string")]
    pub start: NaiveTime,
    #[ts(type = "string")]
    pub end: NaiveTime,
    /// Lunch break, not counted as working time.
    #[ts(type = "[string, string] | null")]
    pub lunch: Option<(NaiveTime, NaiveTime)>,
    /// How much earlier a shortened (pre-holiday) day ends, in minutes.
    pub short_day_minutes: u32,
}

impl Default for OfficeSchedule {
    fn default() -> Self {
        Self {
            start: hm(8, 0),
            end: hm(17, 0),
            lunch: Some((hm(12, 0), hm(13, 0))),
            short_day_minutes: 60,
        }
    }
}

fn hm(h: u32, m: u32) -> NaiveTime {
    NaiveTime::from_hms_opt(h, m, 0).expect("valid constant time")
}

impl OfficeSchedule {
    /// The working intervals of a date, in order; empty on a day off.
    pub fn intervals(
        &self,
        cal: &WorkCalendar,
        date: NaiveDate,
    ) -> Vec<(NaiveDateTime, NaiveDateTime)> {
        let info = cal.day(date);
        if !info.working || self.end <= self.start {
            return Vec::new();
        }
        let start = date.and_time(self.start);
        let mut end = date.and_time(self.end);
        if info.short {
            end -= Duration::minutes(i64::from(self.short_day_minutes));
        }
        let mut out = Vec::with_capacity(2);
        match self.lunch {
            Some((ls, le)) if ls < le => {
                let (ls, le) = (date.and_time(ls), date.and_time(le));
                push_clipped(&mut out, start, ls.min(end));
                push_clipped(&mut out, le.max(start), end);
            }
            _ => push_clipped(&mut out, start, end),
        }
        out
    }

    /// The moment when `minutes` of working time have passed since `from`.
    pub fn add_working_minutes(
        &self,
        cal: &WorkCalendar,
        from: NaiveDateTime,
        minutes: i64,
    ) -> NaiveDateTime {
        let mut left = minutes.max(0);
        let mut date = from.date();
        for _ in 0..MAX_SCAN_DAYS {
            for (s, e) in self.intervals(cal, date) {
                let s = s.max(from);
                if e <= s {
                    continue;
                }
                let avail = (e - s).num_minutes();
                if left <= avail {
                    return s + Duration::minutes(left);
                }
                left -= avail;
            }
            date += Duration::days(1);
        }
        from
    }

    /// Working minutes between two moments (0 when `to <= from`).
    pub fn working_minutes_between(
        &self,
        cal: &WorkCalendar,
        from: NaiveDateTime,
        to: NaiveDateTime,
    ) -> i64 {
        if to <= from {
            return 0;
        }
        let mut total = 0;
        let mut date = from.date();
        while date <= to.date() {
            for (s, e) in self.intervals(cal, date) {
                let (s, e) = (s.max(from), e.min(to));
                if e > s {
                    total += (e - s).num_minutes();
                }
            }
            date += Duration::days(1);
        }
        total
    }
}

fn push_clipped(out: &mut Vec<(NaiveDateTime, NaiveDateTime)>, s: NaiveDateTime, e: NaiveDateTime) {
    if e > s {
        out.push((s, e));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }
    fn dt(s: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap()
    }

    /// Days of the official calendar (ПП РФ № 1335 for 2025, № 1466 for 2026).
    #[test]
    fn official_days_around_russian_holidays() {
        let cal = WorkCalendar::default();
        let table = [
            // (date, working, short)
            ("2025-12-31", false, false), // extra day off in 2025
            ("2026-01-01", false, false),
            ("2026-01-08", false, false),
            ("2026-01-09", false, false), // transferred day off
            ("2026-01-12", true, false),
            ("2026-02-23", false, false),
            ("2026-03-09", false, false), // 8 March fell on Sunday
            ("2026-04-30", true, true),   // pre-holiday
            ("2026-05-01", false, false),
            ("2026-05-08", true, true),
            ("2026-05-11", false, false),
            ("2026-06-11", true, true),
            ("2026-06-12", false, false),
            ("2026-11-03", true, true),
            ("2026-11-04", false, false),
            ("2025-11-01", true, true), // working Saturday in 2025, shortened
            ("2025-05-02", false, false),
            ("2025-05-08", false, false),
            ("2026-11-27", true, false),
            ("2026-11-28", false, false), // Saturday
        ];
        for (date, working, short) in table {
            let info = cal.day(d(date));
            assert_eq!((info.working, info.short), (working, short), "{date}");
            assert!(info.official, "{date} must come from official data");
        }
    }

    #[test]
    fn overrides_win_over_the_federal_calendar() {
        let cal = WorkCalendar::new([
            (d("2026-11-28"), DayOverride::Working),
            (d("2026-11-27"), DayOverride::DayOff),
        ]);
        assert!(cal.is_working(d("2026-11-28")));
        assert!(!cal.is_working(d("2026-11-27")));
    }

    #[test]
    fn roll_forward_and_working_days() {
        let cal = WorkCalendar::default();
        assert_eq!(cal.roll_forward(d("2026-01-01")), d("2026-01-12"));
        assert_eq!(cal.roll_forward(d("2026-11-27")), d("2026-11-27"));
        // 10 working days after Friday 2026-11-27 → Friday 2026-12-11.
        assert_eq!(cal.add_working_days(d("2026-11-27"), 10), d("2026-12-11"));
        assert_eq!(
            cal.working_days_between(d("2026-11-27"), d("2026-12-11")),
            10
        );
        // Over the New Year holidays: 31 Dec 2026 is a day off, 1–11 Jan 2027 too.
        assert_eq!(cal.add_working_days(d("2026-12-29"), 2), d("2027-01-11"));
        assert_eq!(
            cal.working_days_between(d("2026-12-11"), d("2026-11-27")),
            -10
        );
    }

    #[test]
    fn working_hours_with_lunch_and_short_days() {
        let cal = WorkCalendar::default();
        let s = OfficeSchedule::default();
        // Friday 15:00 + 8 working hours: 2 h on Friday, 6 h on Monday (4 + lunch + 2).
        assert_eq!(
            s.add_working_minutes(&cal, dt("2026-11-27 15:00"), 480),
            dt("2026-11-30 15:00")
        );
        // Registered at night: the clock starts at 08:00.
        assert_eq!(
            s.add_working_minutes(&cal, dt("2026-11-26 23:30"), 60),
            dt("2026-11-27 09:00")
        );
        // Pre-holiday 2026-11-03 ends at 16:00; 4 Nov is a holiday.
        assert_eq!(
            s.add_working_minutes(&cal, dt("2026-11-03 15:00"), 120),
            dt("2026-11-05 09:00")
        );
        assert_eq!(
            s.working_minutes_between(&cal, dt("2026-11-03 08:00"), dt("2026-11-05 08:00")),
            420
        );
        // A full ordinary day is 8 working hours.
        assert_eq!(
            s.working_minutes_between(&cal, dt("2026-11-27 00:00"), dt("2026-11-27 23:59")),
            480
        );
    }
}
