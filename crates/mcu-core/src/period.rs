//! Dates, moments and periods as people type them (forms, the `mcu` command,
//! the window's filters): one parser per notion, so that the window and the
//! command accept the same text and say the same thing about bad input.

use chrono::{NaiveDate, NaiveDateTime, NaiveTime};

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
