//! The journal's current selection as a printable register (реестр
//! обращений), PDF or DOCX: what a block head takes to a meeting or the
//! curator signs off on paper. The same rows, order and masking as the XLSX
//! export, in fewer columns; a paper document is capped at [`MAX_ROWS`]
//! (beyond that the XLSX export is the tool).

use std::path::Path;

use chrono::NaiveDateTime;
use mcu_core::model::{JournalQuery, Status};
use mcu_core::privacy::PersonalData;
use mcu_core::reference::ReferenceData;
use mcu_core::{CoreError, Office};
use mcu_docs::{Block, Document, Table};

use crate::{DocFormat, ReportError, d};

/// The most rows a printed register holds (about 100 pages).
pub const MAX_ROWS: u64 = 2_000;

/// «Отдел: ЖКХ; статус: Новое; …»: the journal's filters in words.
pub fn describe(q: &JournalQuery, r: &ReferenceData) -> String {
    let mut parts = Vec::new();
    match (q.from, q.to) {
        (Some(f), Some(t)) => parts.push(format!("зарегистрированы с {} по {}", d(f), d(t))),
        (Some(f), None) => parts.push(format!("зарегистрированы с {}", d(f))),
        (None, Some(t)) => parts.push(format!("зарегистрированы по {}", d(t))),
        (None, None) => {}
    }
    if let Some(c) = &q.channel {
        let name = r
            .channels
            .iter()
            .find(|x| &x.code == c)
            .map(|x| x.name.as_str());
        parts.push(format!("канал: {}", name.unwrap_or(c)));
    }
    if let Some(k) = q.kind {
        parts.push(format!("вид: {}", k.label()));
    }
    if let Some(s) = q.status {
        parts.push(format!("статус: {}", s.label()));
    }
    if q.open_only {
        parts.push("только открытые".into());
    }
    if q.overdue {
        parts.push("только просроченные".into());
    }
    if let Some(id) = q.block_id {
        let name = r.blocks.iter().find(|x| x.id == id).map(|x| x.name.clone());
        parts.push(format!("блок: {}", name.unwrap_or_else(|| id.to_string())));
    }
    if let Some(id) = q.person_id {
        let name = r
            .persons
            .iter()
            .find(|x| x.id == id)
            .map(|x| x.full_name.clone());
        parts.push(format!(
            "ответственный: {}",
            name.unwrap_or_else(|| id.to_string())
        ));
    }
    if let Some(id) = q.settlement_id {
        let name = r
            .settlements
            .iter()
            .find(|x| x.id == id)
            .map(|x| x.name.clone());
        parts.push(format!(
            "населённый пункт: {}",
            name.unwrap_or_else(|| id.to_string())
        ));
    }
    if let Some(t) = q.theme {
        parts.push(format!("тема: {}", t.label()));
    }
    if let Some(code) = &q.topic {
        parts.push(format!("вопрос ТОТК: {code}"));
    }
    if q.import_batch.is_some() {
        parts.push("из одного импорта".into());
    }
    if !q.search.trim().is_empty() {
        parts.push(format!("поиск: «{}»", q.search.trim()));
    }
    if parts.is_empty() {
        "все обращения".into()
    } else {
        parts.join("; ")
    }
}

/// Longest questions cell: some ТОТК names run to 300 characters, and one
/// would make a row half a page tall.
const QUESTIONS_CHARS: usize = 100;

/// «Перебои в водоснабжении; Уличное освещение» from the export's
/// «0005.0005.0056.1154 Перебои в водоснабжении; 0003.… Уличное освещение»,
/// cut with «…» after [`QUESTIONS_CHARS`].
fn question_names(questions: &str) -> String {
    let names = questions
        .split("; ")
        .filter(|q| !q.is_empty())
        .map(|q| q.split_once(' ').map_or(q, |(_, name)| name))
        .collect::<Vec<_>>()
        .join("; ");
    if names.chars().count() <= QUESTIONS_CHARS {
        return names;
    }
    let cut: String = names.chars().take(QUESTIONS_CHARS - 1).collect();
    format!("{}…", cut.trim_end())
}

/// The register of the appeals `q` selects, as a document, with the number of
/// appeals in it; refused at the field `format` when more than [`MAX_ROWS`]
/// are selected.
pub fn registry_document(
    office: &Office,
    q: &JournalQuery,
    made_at: NaiveDateTime,
    operator: &str,
    pd: PersonalData,
) -> Result<(Document, u64), ReportError> {
    let today = made_at.date();
    let total = office.journal_count(q, today)?;
    if total > MAX_ROWS {
        return Err(CoreError::field(
            "format",
            format!(
                "Отобрано обращений: {total}, а в реестр для печати входит не больше {MAX_ROWS}. \
                 Сузьте отбор или выгрузите в XLSX."
            ),
        )
        .into());
    }
    let reference = office.reference()?;
    let (mut open, mut overdue) = (0u64, 0u64);
    let mut rows = Vec::new();
    office.export_journal(q, today, pd, &mut |r| {
        open += u64::from(r.status.is_open());
        overdue += u64::from(r.overdue);
        let due = match r.days_left.filter(|_| r.overdue) {
            Some(left) => format!("{}\nпросрочено на {} дн.", d(r.due_date), -left),
            None => d(r.due_date),
        };
        let status = match r.answer_date {
            Some(a) if r.status == Status::Answered => format!("Дан ответ {}", d(a)),
            Some(a) => format!("{}, ответ {}", r.status.label(), d(a)),
            None => r.status.label().to_owned(),
        };
        rows.push(vec![
            format!("{}\n{}", r.number, d(r.registered_at.date())),
            r.applicant,
            r.settlement,
            question_names(&r.questions),
            [r.block, r.person]
                .into_iter()
                .filter(|s| !s.is_empty())
                .collect::<Vec<_>>()
                .join("\n"),
            due,
            status,
        ]);
        Ok(())
    })?;
    let count = rows.len() as u64;
    let mut blocks = vec![Block::KeyValues(vec![
        ("Отбор".into(), describe(q, &reference)),
        ("Обращений".into(), count.to_string()),
        ("Из них открытых".into(), open.to_string()),
        ("Просрочено".into(), overdue.to_string()),
    ])];
    if rows.is_empty() {
        blocks.push(Block::Paragraph("По этому отбору обращений нет.".into()));
    } else {
        blocks.push(Block::Table(Table {
            headers: [
                "№, дата",
                "Заявитель",
                "Нас. пункт",
                "Вопрос",
                "Исполнитель",
                "Срок",
                "Статус",
            ]
            .map(String::from)
            .to_vec(),
            rows,
            widths: vec![1.2, 1.3, 1.1, 2.6, 1.7, 1.2, 1.2],
            numeric: Vec::new(),
        }));
    }
    if pd == PersonalData::Masked {
        blocks.push(Block::Paragraph(
            "Персональные данные заявителей скрыты (инициалы).".into(),
        ));
    }
    let doc = Document {
        title: "Реестр обращений".into(),
        org_header: crate::org_header(&office.office_name()?),
        subtitle: format!("на {}", made_at.format("%d.%m.%Y %H:%M")),
        blocks,
        footer_note: crate::made_by(made_at, operator),
    };
    Ok((doc, count))
}

/// Writes the register as PDF or DOCX; returns the number of appeals in it.
pub fn print_journal(
    office: &Office,
    q: &JournalQuery,
    made_at: NaiveDateTime,
    operator: &str,
    pd: PersonalData,
    format: DocFormat,
    path: &Path,
) -> Result<u64, ReportError> {
    let (doc, n) = registry_document(office, q, made_at, operator, pd)?;
    crate::write(&doc, format, path)?;
    Ok(n)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn question_codes_are_left_out() {
        assert_eq!(
            question_names(
                "0005.0005.0056.1154 Перебои в водоснабжении; 0003.0009.0097.0690 Уличное освещение"
            ),
            "Перебои в водоснабжении; Уличное освещение"
        );
        assert_eq!(question_names(""), "");
        let long = format!("0001.0001.0001.0001 {}", "слово ".repeat(40));
        let cut = question_names(&long);
        assert_eq!(cut.chars().count(), QUESTIONS_CHARS);
        assert!(cut.ends_with("слово…") || cut.ends_with('…'), "{cut}");
    }
}
