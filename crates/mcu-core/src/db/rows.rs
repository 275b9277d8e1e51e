//! How values are written to and read from SQLite text columns, and the one
//! place that maps an `appeals` row to an [`Appeal`].

use chrono::{Datelike, NaiveDate, NaiveDateTime, Timelike};
use rusqlite::{Connection, Row, params};

use crate::error::CoreResult;
use crate::model::{Answer, Appeal, AppealInput};

pub const DT_FORMAT: &str = "%Y-%m-%dT%H:%M:%S";
pub const DATE_FORMAT: &str = "%Y-%m-%d";

/// `v` as [`DT_FORMAT`] writes it. Written out rather than through chrono's
/// `format`, which parses the format string on every call: an import formats
/// several moments of every row (2–3 % of its profile under perf; the
/// whole-import gain is within this machine's noise).
pub fn fmt_dt(v: NaiveDateTime) -> String {
    format!(
        "{}T{:02}:{:02}:{:02}",
        fmt_date(v.date()),
        v.hour(),
        v.minute(),
        v.second()
    )
}

/// `v` as [`DATE_FORMAT`] writes it (four-digit years, as validation allows).
pub fn fmt_date(v: NaiveDate) -> String {
    format!("{:04}-{:02}-{:02}", v.year(), v.month(), v.day())
}

fn conv_err(idx: usize, s: &str) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(
        idx,
        rusqlite::types::Type::Text,
        format!("bad date {s:?}").into(),
    )
}

pub fn get_dt(row: &Row<'_>, idx: usize) -> rusqlite::Result<NaiveDateTime> {
    let s: String = row.get(idx)?;
    NaiveDateTime::parse_from_str(&s, DT_FORMAT).map_err(|_| conv_err(idx, &s))
}

pub fn get_opt_dt(row: &Row<'_>, idx: usize) -> rusqlite::Result<Option<NaiveDateTime>> {
    let s: Option<String> = row.get(idx)?;
    s.map(|s| NaiveDateTime::parse_from_str(&s, DT_FORMAT).map_err(|_| conv_err(idx, &s)))
        .transpose()
}

pub fn get_date(row: &Row<'_>, idx: usize) -> rusqlite::Result<NaiveDate> {
    let s: String = row.get(idx)?;
    NaiveDate::parse_from_str(&s, DATE_FORMAT).map_err(|_| conv_err(idx, &s))
}

pub fn get_opt_date(row: &Row<'_>, idx: usize) -> rusqlite::Result<Option<NaiveDate>> {
    let s: Option<String> = row.get(idx)?;
    s.map(|s| NaiveDate::parse_from_str(&s, DATE_FORMAT).map_err(|_| conv_err(idx, &s)))
        .transpose()
}

/// The column list matching [`appeal_from_row`].
pub const APPEAL_COLUMNS: &str = "id, number, received_at, registered_at, channel, kind, appeal_type, anonymous,
    applicant_name, applicant_address, applicant_phone, applicant_email, signatories, repeated_of,
    settlement_id, address, text, external_id, external_url, block_id, person_id, notes, status,
    due_date, due_rule_id, first_response_due, first_response_at, original_due_date, extension_days,
    extension_reason, extension_notice_at, redirect_to, no_answer_ground, answer_date, answer_number,
    answer_method, answer_summary, answer_result, satisfaction, created_at, updated_at, version";

/// Maps a row selected with [`APPEAL_COLUMNS`]; questions are loaded separately.
pub fn appeal_from_row(r: &Row<'_>) -> rusqlite::Result<Appeal> {
    let answer = match get_opt_date(r, 33)? {
        Some(date) => Some(Answer {
            date,
            number: r.get(34)?,
            method: r.get(35)?,
            summary: r.get(36)?,
            result: r.get(37)?,
        }),
        None => None,
    };
    Ok(Appeal {
        id: r.get(0)?,
        number: r.get(1)?,
        fields: AppealInput {
            received_at: get_dt(r, 2)?,
            registered_at: get_dt(r, 3)?,
            channel: r.get(4)?,
            kind: r.get(5)?,
            appeal_type: r.get(6)?,
            anonymous: r.get(7)?,
            applicant_name: r.get(8)?,
            applicant_address: r.get(9)?,
            applicant_phone: r.get(10)?,
            applicant_email: r.get(11)?,
            signatories: r.get(12)?,
            repeated_of: r.get(13)?,
            settlement_id: r.get(14)?,
            address: r.get(15)?,
            text: r.get(16)?,
            external_id: r.get(17)?,
            external_url: r.get(18)?,
            questions: Vec::new(),
            block_id: r.get(19)?,
            person_id: r.get(20)?,
            notes: r.get(21)?,
        },
        status: r.get(22)?,
        due_date: get_date(r, 23)?,
        due_rule_id: r.get(24)?,
        first_response_due: get_opt_dt(r, 25)?,
        first_response_at: get_opt_dt(r, 26)?,
        original_due_date: get_opt_date(r, 27)?,
        extension_days: r.get(28)?,
        extension_reason: r.get(29)?,
        extension_notice_at: get_opt_date(r, 30)?,
        redirect_to: r.get(31)?,
        no_answer_ground: r.get(32)?,
        answer,
        satisfaction: r.get(38)?,
        created_at: get_dt(r, 39)?,
        updated_at: get_dt(r, 40)?,
        version: r.get(41)?,
    })
}

/// The question codes of an appeal, in order.
pub fn questions_of(conn: &Connection, appeal_id: i64) -> CoreResult<Vec<String>> {
    let mut st = conn.prepare_cached(
        "SELECT topic_code FROM appeal_questions WHERE appeal_id = ?1 ORDER BY position",
    )?;
    let rows = st.query_map(params![appeal_id], |r| r.get(0))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

#[cfg(test)]
mod tests {
    use chrono::{NaiveDate, NaiveDateTime};
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn written_moments_are_what_the_formats_say(days in 0i64..3_650_000, secs in 0u32..86_400) {
            let date = NaiveDate::from_ymd_opt(1, 1, 1).unwrap() + chrono::Days::new(days as u64);
            let v = NaiveDateTime::new(date, chrono::NaiveTime::from_num_seconds_from_midnight_opt(secs, 0).unwrap());
            prop_assert_eq!(super::fmt_dt(v), v.format(super::DT_FORMAT).to_string());
            prop_assert_eq!(super::fmt_date(date), date.format(super::DATE_FORMAT).to_string());
        }
    }
}
