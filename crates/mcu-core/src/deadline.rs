//! The deadline engine: which rule applies to an appeal, the due date it gives,
//! extensions, and how much time is left. Pure functions: the calendar, the
//! schedule and "now" are passed in, so every rule is testable for any date.

use chrono::{Duration, NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::calendar::{OfficeSchedule, WorkCalendar};
use crate::model::enums::{AppealKind, DayKind};

/// A deadline rule (правило срока). Rules are never edited in place: a change
/// retires the old row and adds a new one, so each appeal keeps the rule that
/// gave its deadline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct DeadlineRule {
    pub id: i64,
    pub kind: AppealKind,
    /// A ТОТК code prefix for a per-topic override (e.g. urgent topics), or none.
    pub topic_prefix: Option<String>,
    pub name: String,
    pub days: u32,
    pub day_kind: DayKind,
    /// First response within this many working hours (incidents), if any.
    pub response_hours: Option<u32>,
    pub extendable: bool,
    pub max_extension_days: u32,
    pub active: bool,
}

/// The deadline computed for one appeal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct Deadline {
    #[ts(type = "string")]
    pub due_date: NaiveDate,
    #[ts(type = "string | null")]
    pub first_response_due: Option<NaiveDateTime>,
    pub rule_id: i64,
    /// False when the due date lies beyond the official production calendar
    /// (a forecast): the UI flags such dates.
    pub official: bool,
}

/// Picks the rule for an appeal: the active rule of its kind with the longest
/// matching topic prefix; when several questions match different overrides,
/// the strictest (shortest) one wins because every question must be answered.
pub fn select_rule<'a>(
    rules: &'a [DeadlineRule],
    kind: AppealKind,
    topic_codes: &[String],
) -> Option<&'a DeadlineRule> {
    let candidates = rules.iter().filter(|r| r.active && r.kind == kind);
    let mut best: Option<(&DeadlineRule, usize)> = None;
    for rule in candidates {
        let specificity = match &rule.topic_prefix {
            None => 0,
            Some(p) if topic_codes.iter().any(|c| c.starts_with(p.as_str())) => p.len(),
            Some(_) => continue,
        };
        best = match best {
            None => Some((rule, specificity)),
            Some((b, bs)) => {
                let better = match (specificity > 0, bs > 0) {
                    (true, false) => true,
                    (false, true) => false,
                    (true, true) => rule.days < b.days || (rule.days == b.days && specificity > bs),
                    (false, false) => rule.id > b.id,
                };
                if better {
                    Some((rule, specificity))
                } else {
                    Some((b, bs))
                }
            }
        };
    }
    best.map(|(r, _)| r)
}

/// The due date of `rule` for an appeal registered at `registered_at`.
///
/// Calendar days: registration date + N, rolled forward to a working day
/// (59-ФЗ ст. 12 ч. 1 and the ГК analogy for the last day). Working days: the
/// N-th working day after the registration date.
pub fn compute(
    rule: &DeadlineRule,
    registered_at: NaiveDateTime,
    cal: &WorkCalendar,
    schedule: &OfficeSchedule,
) -> Deadline {
    let due_date = add_days(rule.day_kind, registered_at.date(), rule.days, cal);
    let first_response_due = rule
        .response_hours
        .map(|h| schedule.add_working_minutes(cal, registered_at, i64::from(h) * 60));
    Deadline {
        due_date,
        first_response_due,
        rule_id: rule.id,
        official: cal.day(due_date).official,
    }
}

/// The new due date after an extension by `days` counted from the original due
/// date (not from the day of the decision), in the rule's kind of days.
pub fn extend(
    rule_day_kind: DayKind,
    original_due: NaiveDate,
    days: u32,
    cal: &WorkCalendar,
) -> NaiveDate {
    add_days(rule_day_kind, original_due, days, cal)
}

fn add_days(kind: DayKind, from: NaiveDate, days: u32, cal: &WorkCalendar) -> NaiveDate {
    match kind {
        DayKind::Calendar => cal.roll_forward(from + Duration::days(i64::from(days))),
        DayKind::Working => cal.add_working_days(from, days),
    }
}

/// Calendar days from `today` to `due` (negative when overdue).
pub fn days_left(due: NaiveDate, today: NaiveDate) -> i64 {
    (due - today).num_days()
}

/// The default rules seeded into a new database (domain reference §2.3, §3, §9;
/// the ⚠️ values are editable in the app).
pub fn default_rules() -> Vec<DeadlineRule> {
    let rule = |id, kind, prefix: Option<&str>, name: &str, days, day_kind, hours, ext, max| {
        DeadlineRule {
            id,
            kind,
            topic_prefix: prefix.map(str::to_owned),
            name: name.to_owned(),
            days,
            day_kind,
            response_hours: hours,
            extendable: ext,
            max_extension_days: max,
            active: true,
        }
    };
    vec![
        rule(
            1,
            AppealKind::Fz59,
            None,
            "59-ФЗ: 30 календарных дней со дня регистрации",
            30,
            DayKind::Calendar,
            None,
            true,
            30,
        ),
        rule(
            2,
            AppealKind::Pos,
            None,
            "ПОС: 10 рабочих дней",
            10,
            DayKind::Working,
            None,
            false,
            0,
        ),
        rule(
            3,
            AppealKind::Incident,
            None,
            "Инцидент: первичный ответ 8 рабочих часов, окончательный 7 рабочих дней",
            7,
            DayKind::Working,
            Some(8),
            false,
            0,
        ),
        // Urgent ПОС topics (outages, snow, waste): 8 working days (⚠️ domain §2.3).
        rule(
            4,
            AppealKind::Pos,
            Some("0005.0005.0056.1153"),
            "ПОС, срочная тема (перебои электроснабжения): 8 рабочих дней",
            8,
            DayKind::Working,
            None,
            false,
            0,
        ),
        rule(
            5,
            AppealKind::Pos,
            Some("0005.0005.0056.1154"),
            "ПОС, срочная тема (перебои водоснабжения): 8 рабочих дней",
            8,
            DayKind::Working,
            None,
            false,
            0,
        ),
        rule(
            6,
            AppealKind::Pos,
            Some("0005.0005.0056.1155"),
            "ПОС, срочная тема (перебои газоснабжения): 8 рабочих дней",
            8,
            DayKind::Working,
            None,
            false,
            0,
        ),
        rule(
            7,
            AppealKind::Pos,
            Some("0005.0005.0056.1156"),
            "ПОС, срочная тема (перебои теплоснабжения): 8 рабочих дней",
            8,
            DayKind::Working,
            None,
            false,
            0,
        ),
        rule(
            8,
            AppealKind::Pos,
            Some("0003.0009.0097.0694"),
            "ПОС, срочная тема (уборка снега и мусора): 8 рабочих дней",
            8,
            DayKind::Working,
            None,
            false,
            0,
        ),
        rule(
            9,
            AppealKind::Pos,
            Some("0005.0005.0056.1160"),
            "ПОС, срочная тема (вывоз ТКО): 8 рабочих дней",
            8,
            DayKind::Working,
            None,
            false,
            0,
        ),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }
    fn dt(s: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap()
    }
    fn rules() -> Vec<DeadlineRule> {
        default_rules()
    }
    fn due(kind: AppealKind, topics: &[&str], reg: &str) -> NaiveDate {
        let rules = rules();
        let topics: Vec<String> = topics.iter().map(|s| s.to_string()).collect();
        let r = select_rule(&rules, kind, &topics).unwrap();
        compute(
            r,
            dt(reg),
            &WorkCalendar::default(),
            &OfficeSchedule::default(),
        )
        .due_date
    }

    #[test]
    fn fifty_nine_fz_is_thirty_calendar_days_rolled_forward() {
        // 2026-11-02 + 30 = 2026-12-02 (Wednesday).
        assert_eq!(
            due(AppealKind::Fz59, &[], "2026-11-02 10:00"),
            d("2026-12-02")
        );
        // 2026-12-02 + 30 = 2027-01-01, a holiday: the next working day is 2027-01-11.
        assert_eq!(
            due(AppealKind::Fz59, &[], "2026-12-02 10:00"),
            d("2027-01-11")
        );
        // Lands on Saturday 2026-11-28 → Monday 2026-11-30.
        assert_eq!(
            due(AppealKind::Fz59, &[], "2026-10-29 09:00"),
            d("2026-11-30")
        );
    }

    #[test]
    fn pos_counts_working_days_and_topic_overrides_are_stricter() {
        assert_eq!(
            due(
                AppealKind::Pos,
                &["0003.0009.0099.0742"],
                "2026-11-27 16:00"
            ),
            d("2026-12-11")
        );
        assert_eq!(
            due(
                AppealKind::Pos,
                &["0005.0005.0056.1154"],
                "2026-11-27 16:00"
            ),
            d("2026-12-09")
        );
        // One urgent question among ordinary ones makes the whole appeal urgent.
        assert_eq!(
            due(
                AppealKind::Pos,
                &["0003.0009.0099.0742", "0005.0005.0056.1154"],
                "2026-11-27 16:00"
            ),
            d("2026-12-09")
        );
    }

    #[test]
    fn incident_first_response_in_working_hours() {
        let rules = rules();
        let r = select_rule(&rules, AppealKind::Incident, &[]).unwrap();
        let dl = compute(
            r,
            dt("2026-11-27 16:30"),
            &WorkCalendar::default(),
            &OfficeSchedule::default(),
        );
        assert_eq!(dl.first_response_due, Some(dt("2026-11-30 16:30")));
        assert_eq!(dl.due_date, d("2026-12-08"));
    }

    #[test]
    fn retired_rules_are_not_selected() {
        let mut rules = rules();
        rules[0].active = false;
        assert!(select_rule(&rules, AppealKind::Fz59, &[]).is_none());
    }

    #[test]
    fn extension_counts_from_the_original_due_date() {
        let cal = WorkCalendar::default();
        assert_eq!(
            extend(DayKind::Calendar, d("2026-12-02"), 30, &cal),
            d("2027-01-11")
        );
        assert_eq!(
            extend(DayKind::Calendar, d("2026-11-02"), 30, &cal),
            d("2026-12-02")
        );
    }

    #[test]
    fn beyond_official_calendar_is_flagged() {
        let rules = rules();
        let r = select_rule(&rules, AppealKind::Fz59, &[]).unwrap();
        let last = WorkCalendar::last_official_year();
        let reg = NaiveDate::from_ymd_opt(last, 12, 20)
            .unwrap()
            .and_hms_opt(10, 0, 0)
            .unwrap();
        let dl = compute(r, reg, &WorkCalendar::default(), &OfficeSchedule::default());
        assert!(!dl.official);
        let dl = compute(
            r,
            dt("2026-11-02 10:00"),
            &WorkCalendar::default(),
            &OfficeSchedule::default(),
        );
        assert!(dl.official);
    }

    fn any_datetime() -> impl Strategy<Value = NaiveDateTime> {
        (0i64..(365 * 12), 0u32..24, 0u32..60).prop_map(|(days, h, m)| {
            (d("2020-01-01") + Duration::days(days))
                .and_hms_opt(h, m, 0)
                .unwrap()
        })
    }

    proptest! {
        #[test]
        fn due_is_a_working_day_never_before_the_legal_minimum(reg in any_datetime(), days in 1u32..90) {
            let cal = WorkCalendar::default();
            let mut rule = default_rules()[0].clone();
            rule.days = days;
            let dl = compute(&rule, reg, &cal, &OfficeSchedule::default());
            prop_assert!(cal.is_working(dl.due_date));
            let minimum = reg.date() + Duration::days(i64::from(days));
            prop_assert!(dl.due_date >= minimum);
            // Rolling forward never skips a working day.
            let mut x = minimum;
            while x < dl.due_date { prop_assert!(!cal.is_working(x)); x += Duration::days(1); }
        }

        #[test]
        fn working_day_rule_counts_exactly_n(reg in any_datetime(), n in 1u32..30) {
            let cal = WorkCalendar::default();
            let due = cal.add_working_days(reg.date(), n);
            prop_assert!(cal.is_working(due));
            prop_assert_eq!(cal.working_days_between(reg.date(), due), i64::from(n));
        }

        #[test]
        fn extension_is_at_least_the_extension(reg in any_datetime(), ext in 1u32..=30) {
            let cal = WorkCalendar::default();
            let rule = &default_rules()[0];
            let original = compute(rule, reg, &cal, &OfficeSchedule::default()).due_date;
            let extended = extend(rule.day_kind, original, ext, &cal);
            prop_assert!(extended >= original + Duration::days(i64::from(ext)));
            prop_assert!(cal.is_working(extended));
        }

        #[test]
        fn first_response_is_within_working_time(reg in any_datetime(), hours in 1u32..24) {
            let cal = WorkCalendar::default();
            let s = OfficeSchedule::default();
            let due = s.add_working_minutes(&cal, reg, i64::from(hours) * 60);
            prop_assert_eq!(s.working_minutes_between(&cal, reg, due), i64::from(hours) * 60);
            prop_assert!(due > reg);
        }
    }
}
