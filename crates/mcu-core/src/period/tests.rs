//! Every accepted form of every field parser, and the one message of each
//! kind of mistake at its field.

use super::*;
use crate::error::FieldError;

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("test date")
}

fn dt(s: &str) -> NaiveDateTime {
    NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S").expect("test moment")
}

/// The field errors of a refused input, as (field, message).
fn refused<T: std::fmt::Debug>(r: CoreResult<T>) -> Vec<(String, String)> {
    match r {
        Err(CoreError::Validation(f)) => f
            .into_iter()
            .map(|FieldError { field, message }| (field, message))
            .collect(),
        other => panic!("expected field errors, got {other:?}"),
    }
}

fn one(field: &str, message: &str) -> Vec<(String, String)> {
    vec![(field.to_owned(), message.to_owned())]
}

#[test]
fn a_date_in_iso_or_russian_form() {
    for s in ["2026-11-27", "27.11.2026", "  2026-11-27 "] {
        assert_eq!(date("from", s).unwrap(), d("2026-11-27"), "{s}");
    }
    for s in ["", "27.13.2026", "2026-02-30", "вчера", "27/11/2026"] {
        assert_eq!(refused(date("day", s)), one("day", DATE), "{s:?}");
    }
    assert_eq!(
        DATE, "Дата в виде ДД.ММ.ГГГГ или ГГГГ-ММ-ДД.",
        "the message people read"
    );
}

#[test]
fn an_optional_date_is_none_when_blank() {
    assert_eq!(optional_date("from", None).unwrap(), None);
    assert_eq!(optional_date("from", Some("")).unwrap(), None);
    assert_eq!(optional_date("from", Some("   ")).unwrap(), None);
    assert_eq!(
        optional_date("from", Some("01.10.2026")).unwrap(),
        Some(d("2026-10-01"))
    );
    assert_eq!(
        refused(optional_date("to", Some("32.10.2026"))),
        one("to", DATE)
    );
}

#[test]
fn a_period_reports_both_ends_then_the_order() {
    assert_eq!(period(None, None).unwrap(), (None, None));
    assert_eq!(
        period(Some("2026-10-01"), None).unwrap(),
        (Some(d("2026-10-01")), None)
    );
    assert_eq!(
        period(None, Some("31.10.2026")).unwrap(),
        (None, Some(d("2026-10-31")))
    );
    // One day is a period.
    assert_eq!(
        period(Some("2026-10-01"), Some("01.10.2026")).unwrap(),
        (Some(d("2026-10-01")), Some(d("2026-10-01")))
    );
    assert_eq!(
        refused(period(Some("2026-11-01"), Some("2026-10-01"))),
        one("to", "Конец периода раньше начала.")
    );
    // Both ends wrong: both errors at once.
    assert_eq!(
        refused(period(Some("x"), Some("y"))),
        vec![
            ("from".to_owned(), DATE.to_owned()),
            ("to".to_owned(), DATE.to_owned())
        ]
    );
    assert_eq!(
        refused(period(Some("x"), Some("2026-10-01"))),
        one("from", DATE)
    );
}

#[test]
fn a_full_period_needs_both_ends() {
    assert_eq!(
        full_period("2026-10-01", "2026-10-31").unwrap(),
        (d("2026-10-01"), d("2026-10-31"))
    );
    assert_eq!(
        refused(full_period("", "")),
        vec![
            ("from".to_owned(), DATE.to_owned()),
            ("to".to_owned(), DATE.to_owned())
        ]
    );
    assert_eq!(
        refused(full_period("2026-10-31", "2026-10-01")),
        one("to", ORDER)
    );
}

#[test]
fn ordered_checks_typed_dates() {
    ordered(None, None).unwrap();
    ordered(Some(d("2026-10-01")), None).unwrap();
    ordered(None, Some(d("2026-10-01"))).unwrap();
    ordered(Some(d("2026-10-01")), Some(d("2026-10-01"))).unwrap();
    assert_eq!(
        refused(ordered(Some(d("2026-10-02")), Some(d("2026-10-01")))),
        one("to", ORDER)
    );
}

#[test]
fn a_moment_in_every_typed_form() {
    let at = dt("2026-11-27T10:15:00");
    for s in [
        "2026-11-27T10:15",
        "2026-11-27T10:15:00",
        "2026-11-27 10:15",
        "2026-11-27 10:15:00",
        "27.11.2026 10:15",
        "27.11.2026 10:15:00",
    ] {
        assert_eq!(moment("at", s).unwrap(), at, "{s}");
    }
    // A bare date is its midnight.
    assert_eq!(
        moment("at", "27.11.2026").unwrap(),
        dt("2026-11-27T00:00:00")
    );
    assert_eq!(
        moment("at", "2026-11-27").unwrap(),
        dt("2026-11-27T00:00:00")
    );
    for s in ["", "вчера", "2026-11-27T25:00", "27.11.2026 10"] {
        assert_eq!(
            refused(moment("registered_at", s)),
            one("registered_at", MOMENT),
            "{s:?}"
        );
    }
}

#[test]
fn a_week_as_its_code_or_a_date_in_it() {
    let monday = d("2026-11-16");
    for s in [
        "2026-W47",
        "2026-w47",
        " 2026-W47 ",
        "2026-11-16",
        "22.11.2026",
        "2026-11-19",
    ] {
        assert_eq!(optional_week("week", Some(s)).unwrap(), Some(monday), "{s}");
    }
    // Across the year boundary: 1 January 2027 is in 2026's 53rd week.
    assert_eq!(
        optional_week("week", Some("01.01.2027")).unwrap(),
        Some(d("2026-12-28"))
    );
    assert_eq!(optional_week("week", None).unwrap(), None);
    assert_eq!(optional_week("week", Some(" ")).unwrap(), None);
    for s in ["48", "2026-W54", "2026-47", "неделя"] {
        assert_eq!(
            refused(optional_week("week", Some(s))),
            one("week", WEEK),
            "{s}"
        );
    }
}

#[test]
fn the_default_week_is_the_last_full_one() {
    let today = d("2026-11-27"); // a Friday of week 48
    assert_eq!(week("week", None, today).unwrap(), d("2026-11-16"));
    assert_eq!(week("week", Some(""), today).unwrap(), d("2026-11-16"));
    // On a Monday the week before is the last full one.
    assert_eq!(
        week("week", None, d("2026-11-23")).unwrap(),
        d("2026-11-16")
    );
    assert_eq!(
        week("week", Some("2026-W48"), today).unwrap(),
        d("2026-11-23")
    );
    assert_eq!(refused(week("week", Some("48"), today)), one("week", WEEK));
}

#[test]
fn report_periods_quarters_and_years() {
    let q3 = ReportPeriod::Quarter {
        year: 2026,
        quarter: 3,
    };
    let y = ReportPeriod::Year { year: 2026 };
    assert_eq!(report_period("period", "2026-Q3").unwrap(), q3);
    assert_eq!(report_period("period", "2026-q3").unwrap(), q3);
    assert_eq!(report_period("period", " 2026 ").unwrap(), y);
    for s in ["", "2026-Q5", "2026-Q0", "Q3", "1812", "два"] {
        assert_eq!(
            refused(report_period("period", s)),
            one("period", REPORT_PERIOD),
            "{s:?}"
        );
    }
    assert_eq!(quarter("quarter", "2026-Q3").unwrap(), q3);
    assert_eq!(refused(quarter("quarter", "2026")), one("quarter", QUARTER));
    assert_eq!(
        refused(quarter("quarter", "2026-Q7")),
        one("quarter", QUARTER)
    );
    assert_eq!(year("year", "2026").unwrap(), y);
    assert_eq!(refused(year("year", "2026-Q3")), one("year", YEAR));
    assert_eq!(refused(year("year", "26.11")), one("year", YEAR));
}

#[test]
fn every_message_is_distinct_and_russian() {
    let all = [DATE, MOMENT, ORDER, WEEK, REPORT_PERIOD, QUARTER, YEAR];
    for (i, m) in all.iter().enumerate() {
        assert!(m.ends_with('.'), "{m}");
        assert!(m.chars().any(|c| ('а'..='я').contains(&c)), "{m}");
        assert!(!all[..i].contains(m), "{m} twice");
    }
}
