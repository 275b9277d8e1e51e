//! Queries of the `appeals` and `appeal_questions` tables.

use chrono::{NaiveDate, NaiveDateTime};
use rusqlite::{Connection, OptionalExtension, params};

use super::rows::{APPEAL_COLUMNS, appeal_from_row, fmt_date, fmt_dt, questions_of};
use crate::deadline::Deadline;
use crate::error::{CoreError, CoreResult};
use crate::model::{Appeal, AppealInput, AppealKind, Status};
use crate::numbering;

pub fn get(conn: &Connection, id: i64) -> CoreResult<Appeal> {
    let sql = format!("SELECT {APPEAL_COLUMNS} FROM appeals WHERE id = ?1");
    let mut a = conn
        .prepare_cached(&sql)?
        .query_row([id], appeal_from_row)
        .optional()?
        .ok_or_else(|| CoreError::NotFound(format!("Обращение с кодом {id} не найдено.")))?;
    a.fields.questions = questions_of(conn, id)?;
    Ok(a)
}

pub fn id_by_number(conn: &Connection, number: &str) -> CoreResult<i64> {
    conn.prepare_cached("SELECT id FROM appeals WHERE number = ?1")?
        .query_row([number.trim()], |r| r.get(0))
        .optional()?
        .ok_or_else(|| CoreError::NotFound(format!("Обращение № {} не найдено.", number.trim())))
}

/// Takes the next free registration number for the pattern's period.
pub fn allocate_number(
    conn: &Connection,
    pattern: &str,
    date: NaiveDate,
    kind: AppealKind,
) -> CoreResult<String> {
    let key = numbering::period_key(pattern, date, kind);
    let mut n: u64 = conn
        .prepare_cached("SELECT value FROM counters WHERE key = ?1")?
        .query_row([&key], |r| r.get::<_, i64>(0))
        .optional()?
        .unwrap_or(0)
        .max(0) as u64;
    // Skip numbers already taken (e.g. typed in by hand or imported).
    let number = loop {
        n += 1;
        let candidate = numbering::format_number(pattern, date, kind, n);
        let taken = conn
            .prepare_cached("SELECT 1 FROM appeals WHERE number = ?1")?
            .query_row([&candidate], |_| Ok(()))
            .optional()?
            .is_some();
        if !taken {
            break candidate;
        }
    };
    conn.prepare_cached("INSERT INTO counters (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = excluded.value")?.execute(params![key, n as i64],
    )?;
    Ok(number)
}

/// The number the next appeal would get, without taking it.
pub fn peek_number(
    conn: &Connection,
    pattern: &str,
    date: NaiveDate,
    kind: AppealKind,
) -> CoreResult<String> {
    let key = numbering::period_key(pattern, date, kind);
    let n: i64 = conn
        .prepare_cached("SELECT value FROM counters WHERE key = ?1")?
        .query_row([&key], |r| r.get(0))
        .optional()?
        .unwrap_or(0);
    Ok(numbering::format_number(
        pattern,
        date,
        kind,
        n.max(0) as u64 + 1,
    ))
}

fn write_questions(conn: &Connection, id: i64, questions: &[String]) -> CoreResult<()> {
    conn.prepare_cached("DELETE FROM appeal_questions WHERE appeal_id = ?1")?
        .execute([id])?;
    insert_questions(conn, id, questions)
}

/// The questions of a new appeal: nothing to delete first (a DELETE with a
/// trigger on the table costs a temporary b-tree per run, even of no rows).
fn insert_questions(conn: &Connection, id: i64, questions: &[String]) -> CoreResult<()> {
    let mut st = conn.prepare_cached(
        "INSERT INTO appeal_questions (appeal_id, position, topic_code) VALUES (?1, ?2, ?3)",
    )?;
    for (i, q) in questions.iter().enumerate() {
        st.execute(params![id, i as i64, q])?;
    }
    Ok(())
}

/// Inserts a new appeal; returns its id.
pub fn insert(
    conn: &Connection,
    number: &str,
    input: &AppealInput,
    deadline: &Deadline,
    status: Status,
    now: NaiveDateTime,
) -> CoreResult<i64> {
    let mut st = conn.prepare_cached(
        "INSERT INTO appeals (number, received_at, registered_at, channel, kind, appeal_type, anonymous,
            applicant_name, applicant_address, applicant_phone, applicant_email, signatories, repeated_of,
            settlement_id, address, text, external_id, external_url, block_id, person_id, notes, status,
            due_date, due_rule_id, first_response_due, created_at, updated_at, version)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20,
            ?21, ?22, ?23, ?24, ?25, ?26, ?26, 1)",
    )?;
    st.execute(params![
        number,
        fmt_dt(input.received_at),
        fmt_dt(input.registered_at),
        input.channel,
        input.kind,
        input.appeal_type,
        input.anonymous,
        input.applicant_name,
        input.applicant_address,
        input.applicant_phone,
        input.applicant_email,
        input.signatories,
        input.repeated_of,
        input.settlement_id,
        input.address,
        input.text,
        input.external_id,
        input.external_url,
        input.block_id,
        input.person_id,
        input.notes,
        status,
        fmt_date(deadline.due_date),
        deadline.rule_id,
        deadline.first_response_due.map(fmt_dt),
        fmt_dt(now),
    ])?;
    let id = conn.last_insert_rowid();
    insert_questions(conn, id, &input.questions)?;
    Ok(id)
}

/// Writes the whole state of `a`, checking that nobody saved it since
/// `a.version` was read; bumps the version.
pub fn save(conn: &Connection, a: &Appeal, now: NaiveDateTime) -> CoreResult<()> {
    let (answer_date, answer_number, answer_method, answer_summary, answer_result) = match &a.answer
    {
        Some(x) => (
            Some(fmt_date(x.date)),
            x.number.clone(),
            Some(x.method),
            x.summary.clone(),
            Some(x.result),
        ),
        None => (None, String::new(), None, String::new(), None),
    };
    let n = conn.prepare_cached(
        "UPDATE appeals SET received_at = ?2, registered_at = ?3, channel = ?4, kind = ?5, appeal_type = ?6,
            anonymous = ?7, applicant_name = ?8, applicant_address = ?9, applicant_phone = ?10,
            applicant_email = ?11, signatories = ?12, repeated_of = ?13, settlement_id = ?14, address = ?15,
            text = ?16, external_id = ?17, external_url = ?18, block_id = ?19, person_id = ?20, notes = ?21,
            status = ?22, due_date = ?23, due_rule_id = ?24, first_response_due = ?25, first_response_at = ?26,
            original_due_date = ?27, extension_days = ?28, extension_reason = ?29, extension_notice_at = ?30,
            redirect_to = ?31, no_answer_ground = ?32, answer_date = ?33, answer_number = ?34,
            answer_method = ?35, answer_summary = ?36, answer_result = ?37, satisfaction = ?38,
            updated_at = ?39, version = version + 1
         WHERE id = ?1 AND version = ?40",
    )?
    .execute(params![
        a.id,
        fmt_dt(a.fields.received_at),
        fmt_dt(a.fields.registered_at),
        a.fields.channel,
        a.fields.kind,
        a.fields.appeal_type,
        a.fields.anonymous,
        a.fields.applicant_name,
        a.fields.applicant_address,
        a.fields.applicant_phone,
        a.fields.applicant_email,
        a.fields.signatories,
        a.fields.repeated_of,
        a.fields.settlement_id,
        a.fields.address,
        a.fields.text,
        a.fields.external_id,
        a.fields.external_url,
        a.fields.block_id,
        a.fields.person_id,
        a.fields.notes,
        a.status,
        fmt_date(a.due_date),
        a.due_rule_id,
        a.first_response_due.map(fmt_dt),
        a.first_response_at.map(fmt_dt),
        a.original_due_date.map(fmt_date),
        a.extension_days,
        a.extension_reason,
        a.extension_notice_at.map(fmt_date),
        a.redirect_to,
        a.no_answer_ground,
        answer_date,
        answer_number,
        answer_method,
        answer_summary,
        answer_result,
        a.satisfaction,
        fmt_dt(now),
        a.version,
    ])?;
    if n == 0 {
        return Err(CoreError::Conflict(format!(
            "Карточка № {} была изменена после того, как вы её открыли. Откройте её заново: ваши правки не сохранены, но остались в форме.",
            a.number
        )));
    }
    // Rewriting unchanged questions would invalidate the analytic facts for nothing.
    if super::rows::questions_of(conn, a.id)? != a.fields.questions {
        write_questions(conn, a.id, &a.fields.questions)?;
    }
    Ok(())
}
