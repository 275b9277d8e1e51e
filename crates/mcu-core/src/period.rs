//! Dates, moments and periods as people type them (forms, the `mcu` command,
//! the window's filters): one parser per notion, so that the window and the
//! command accept the same text and say the same thing about bad input.
//!
//! The bare parsers (`parse_date`, `parse_datetime`) answer `Option`; the
//! field parsers answer `CoreResult` with the error at the named field, one
//! Russian message per kind of mistake, every field's error at once.

use chrono::{NaiveDate, NaiveDateTime, NaiveTime};

use crate::analytics::week::{parse_week, week_start};
use crate::error::{CoreError, CoreResult};
use crate::indicators::ReportPeriod;

const DATE: &str = "Дата в виде ДД.ММ.ГГГГ или ГГГГ-ММ-ДД.";
const MOMENT: &str = "Дата и время в виде ДД.ММ.ГГГГ ЧЧ:ММ или ГГГГ-ММ-ДДTЧЧ:ММ.";
const ORDER: &str = "Конец периода раньше начала.";
const WEEK: &str = "Неделя в виде 2026-W47 (ГГГГ-Wнн) или дата в ней.";
const REPORT_PERIOD: &str = "Квартал в виде 2026-Q3 или год в виде 2026.";
const QUARTER: &str = "Квартал в виде ГГГГ-Qn, например 2026-Q3.";
const YEAR: &str = "Год в виде ГГГГ, например 2026.";

/// Parses the date-time formats people type: ISO (`2026-11-27T10:15`,
/// `2026-11-27 10:15[:00]`) and Russian (`27.11.2026 10:15`); a bare date means 00:00.
pub fn parse_datetime(s: &str) -> Option<NaiveDateTime> {
    let s = s.trim();
    const FORMATS: &[&str] = &[
        "%Y-%m-%dT%H:%M:%S",
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%d %H:%M",
        "%d.%m.%Y %H:%M:%S",
        "%d.%m.%Y %H:%M",
    ];
    FORMATS
        .iter()
        .find_map(|f| NaiveDateTime::parse_from_str(s, f).ok())
        .or_else(|| parse_date(s).map(|d| d.and_time(NaiveTime::MIN)))
}

/// Parses `2026-11-27` or `27.11.2026`.
pub fn parse_date(s: &str) -> Option<NaiveDate> {
    let s = s.trim();
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .or_else(|_| NaiveDate::parse_from_str(s, "%d.%m.%Y"))
        .ok()
}

/// Text that says nothing: absent, empty or blank.
fn given(s: Option<&str>) -> Option<&str> {
    s.map(str::trim).filter(|s| !s.is_empty())
}

/// A required date typed into `field`.
pub fn date(field: &str, s: &str) -> CoreResult<NaiveDate> {
    parse_date(s).ok_or_else(|| CoreError::field(field, DATE))
}

/// An optional date: absent or blank is `None`.
pub fn optional_date(field: &str, s: Option<&str>) -> CoreResult<Option<NaiveDate>> {
    given(s).map(|s| date(field, s)).transpose()
}

/// Refuses a period whose end (`to`) is before its start.
pub fn ordered(from: Option<NaiveDate>, to: Option<NaiveDate>) -> CoreResult<()> {
    match (from, to) {
        (Some(f), Some(t)) if f > t => Err(CoreError::field("to", ORDER)),
        _ => Ok(()),
    }
}

/// A period from–to, either end optional, at the fields `from` and `to`:
/// both ends' errors at once, then the order.
pub fn period(
    from: Option<&str>,
    to: Option<&str>,
) -> CoreResult<(Option<NaiveDate>, Option<NaiveDate>)> {
    let (from, to) = (optional_date("from", from), optional_date("to", to));
    let (from, to) = both(from, to)?;
    ordered(from, to)?;
    Ok((from, to))
}

/// A period with both ends required (a blank end is refused as a bad date).
pub fn full_period(from: &str, to: &str) -> CoreResult<(NaiveDate, NaiveDate)> {
    let (from, to) = both(date("from", from), date("to", to))?;
    ordered(Some(from), Some(to))?;
    Ok((from, to))
}

/// Both results, or the field errors of both.
fn both<A, B>(a: CoreResult<A>, b: CoreResult<B>) -> CoreResult<(A, B)> {
    match (a, b) {
        (Ok(a), Ok(b)) => Ok((a, b)),
        (Err(CoreError::Validation(mut x)), Err(CoreError::Validation(y))) => {
            x.extend(y);
            Err(CoreError::Validation(x))
        }
        (Err(e), _) | (_, Err(e)) => Err(e),
    }
}

/// A moment (date and time; a bare date means 00:00) typed into `field`.
pub fn moment(field: &str, s: &str) -> CoreResult<NaiveDateTime> {
    parse_datetime(s).ok_or_else(|| CoreError::field(field, MOMENT))
}

/// The Monday of an ISO week typed as `2026-W47` or as any date in it;
/// absent or blank is `None`.
pub fn optional_week(field: &str, s: Option<&str>) -> CoreResult<Option<NaiveDate>> {
    given(s)
        .map(|s| {
            parse_week(s)
                .or_else(|| parse_date(s).map(week_start))
                .ok_or_else(|| CoreError::field(field, WEEK))
        })
        .transpose()
}

/// [`optional_week`], the last full week before `today` when blank (the
/// weekly note's and the problem points' default).
pub fn week(field: &str, s: Option<&str>, today: NaiveDate) -> CoreResult<NaiveDate> {
    Ok(optional_week(field, s)?.unwrap_or_else(|| crate::weekly::last_full_week(today)))
}

/// A report period: a quarter `2026-Q3` or a year `2026`.
pub fn report_period(field: &str, s: &str) -> CoreResult<ReportPeriod> {
    ReportPeriod::parse(s).ok_or_else(|| CoreError::field(field, REPORT_PERIOD))
}

/// A quarter only (`2026-Q3`).
pub fn quarter(field: &str, s: &str) -> CoreResult<ReportPeriod> {
    ReportPeriod::parse(s)
        .filter(|p| matches!(p, ReportPeriod::Quarter { .. }))
        .ok_or_else(|| CoreError::field(field, QUARTER))
}

/// A year only (`2026`).
pub fn year(field: &str, s: &str) -> CoreResult<ReportPeriod> {
    ReportPeriod::parse(s)
        .filter(|p| matches!(p, ReportPeriod::Year { .. }))
        .ok_or_else(|| CoreError::field(field, YEAR))
}

#[cfg(test)]
mod tests;
