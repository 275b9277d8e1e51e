//! The journal export (выгрузка журнала): every appeal the journal's filters
//! select, streamed row by row from SQLite so that 100,000 rows take no more
//! memory than one. Personal data are masked unless asked otherwise
//! ([`PersonalData`]): initials for names, no phones or e-mails, the
//! settlement for addresses, and scrubbed text.

use chrono::{NaiveDate, NaiveDateTime};
use rusqlite::{Connection, ToSql};
use serde::Serialize;

use crate::db::journal::{order_by, where_clause};
use crate::db::rows::{get_date, get_dt};
use crate::deadline::days_left;
use crate::error::CoreResult;
use crate::model::{AppealKind, AppealType, JournalQuery, Status};
use crate::privacy::{PersonalData, address_to_settlement, hide, initials, scrub_text};

/// One exported appeal.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ExportRow {
    pub number: String,
    pub registered_at: NaiveDateTime,
    pub received_at: NaiveDateTime,
    pub channel: String,
    pub kind: AppealKind,
    pub appeal_type: AppealType,
    pub applicant: String,
    pub phone: String,
    pub email: String,
    pub applicant_address: String,
    pub settlement: String,
    pub address: String,
    /// «код название» of every question, `; `-separated.
    pub questions: String,
    pub block: String,
    pub person: String,
    pub status: Status,
    pub due_date: NaiveDate,
    pub answer_date: Option<NaiveDate>,
    /// Calendar days left for open appeals (negative: overdue).
    pub days_left: Option<i64>,
    pub overdue: bool,
    pub text: String,
}

/// The column titles, in the order of [`ExportRow`]'s fields.
pub const COLUMNS: [&str; 21] = [
    "Номер",
    "Зарегистрировано",
    "Поступило",
    "Канал",
    "Вид",
    "Тип",
    "Заявитель",
    "Телефон",
    "E-mail",
    "Адрес заявителя",
    "Населённый пункт",
    "Место проблемы",
    "Вопросы (ТОТК)",
    "Отраслевой блок",
    "Ответственный",
    "Статус",
    "Срок",
    "Дата ответа",
    "Осталось дней",
    "Просрочено",
    "Текст",
];

/// Calls `f` for every appeal the filters select, in the journal's order
/// (paging fields are ignored); returns how many rows were passed.
pub fn for_each(
    conn: &Connection,
    q: &JournalQuery,
    today: NaiveDate,
    pd: PersonalData,
    f: &mut dyn FnMut(ExportRow) -> CoreResult<()>,
) -> CoreResult<u64> {
    let (where_sql, params) = where_clause(q, today)?;
    let refs: Vec<&dyn ToSql> = params.iter().map(|b| b.as_ref()).collect();
    let sql = format!(
        "SELECT a.number, a.registered_at, a.received_at, coalesce(c.name, a.channel), a.kind,
                a.appeal_type, a.anonymous, a.applicant_name, a.applicant_phone, a.applicant_email,
                a.applicant_address, coalesce(s.name, ''), a.address,
                coalesce((SELECT group_concat(q.topic_code || ' ' || coalesce(t.name, ''), '; ')
                          FROM appeal_questions q LEFT JOIN topics t ON t.code = q.topic_code
                          WHERE q.appeal_id = a.id), ''),
                coalesce(b.name, ''), coalesce(p.full_name, ''), a.status, a.due_date,
                a.answer_date, a.text
         FROM appeals a
         LEFT JOIN channels c ON c.code = a.channel
         LEFT JOIN settlements s ON s.id = a.settlement_id
         LEFT JOIN sector_blocks b ON b.id = a.block_id
         LEFT JOIN persons p ON p.id = a.person_id
         {where_sql}
         ORDER BY {}",
        order_by(q.sort)
    );
    let mut st = conn.prepare(&sql)?;
    let mut rows = st.query(refs.as_slice())?;
    let mut n = 0;
    let masked = pd == PersonalData::Masked;
    while let Some(r) = rows.next()? {
        let status: Status = r.get(16)?;
        let due = get_date(r, 17)?;
        let left = status.is_open().then(|| days_left(due, today));
        let anonymous: bool = r.get(6)?;
        let name: String = r.get(7)?;
        let settlement: String = r.get(11)?;
        let text: String = r.get(19)?;
        let applicant = match (anonymous && name.is_empty(), masked) {
            (true, _) => "Анонимно".to_owned(),
            (false, true) => initials(&name),
            (false, false) => name.clone(),
        };
        let (phone, email, applicant_address, text) = if masked {
            (
                hide(&r.get::<_, String>(8)?),
                hide(&r.get::<_, String>(9)?),
                address_to_settlement(&r.get::<_, String>(10)?, &settlement),
                scrub_text(&text, &name),
            )
        } else {
            (r.get(8)?, r.get(9)?, r.get(10)?, text)
        };
        let answer_date: Option<String> = r.get(18)?;
        f(ExportRow {
            number: r.get(0)?,
            registered_at: get_dt(r, 1)?,
            received_at: get_dt(r, 2)?,
            channel: r.get(3)?,
            kind: r.get(4)?,
            appeal_type: r.get(5)?,
            applicant,
            phone,
            email,
            applicant_address,
            settlement,
            address: r.get(12)?,
            questions: r.get(13)?,
            block: r.get(14)?,
            person: r.get(15)?,
            status,
            due_date: due,
            answer_date: answer_date.and_then(|s| NaiveDate::parse_from_str(&s, "%Y-%m-%d").ok()),
            days_left: left,
            overdue: left.is_some_and(|d| d < 0),
            text,
        })?;
        n += 1;
    }
    Ok(n)
}
