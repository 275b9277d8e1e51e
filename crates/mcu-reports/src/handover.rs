//! The shift handover note as a document. It stays in the office but still
//! carries no applicants' personal data: numbers, topics, places and holders
//! are enough to hand over a shift.

use mcu_core::handover::HandoverNote;
use mcu_core::model::JournalRow;
use mcu_docs::{Block, Document, Table};

fn d(date: chrono::NaiveDate) -> String {
    date.format("%d.%m.%Y").to_string()
}

fn holder(r: &JournalRow) -> String {
    match (r.person_name.is_empty(), r.block_name.is_empty()) {
        (false, _) => r.person_name.clone(),
        (true, false) => r.block_name.clone(),
        (true, true) => "не распределено".to_owned(),
    }
}

fn table(rows: &[JournalRow], due: bool) -> Block {
    let mut headers = vec![
        "№".to_owned(),
        "Вопрос".into(),
        "Нас. пункт".into(),
        "Исполнитель".into(),
    ];
    if due {
        headers.push("Срок".into());
    }
    Block::Table(Table {
        headers,
        rows: rows
            .iter()
            .map(|r| {
                let mut row = vec![
                    r.number.clone(),
                    r.topic_name.clone(),
                    r.settlement_name.clone(),
                    holder(r),
                ];
                if due {
                    let late = r
                        .days_left
                        .filter(|d| *d < 0)
                        .map(|d| format!(" (−{})", -d))
                        .unwrap_or_default();
                    row.push(format!("{}{late}", d(r.due_date)));
                }
                row
            })
            .collect(),
        widths: if due {
            vec![1.3, 3.0, 1.4, 2.2, 1.4]
        } else {
            vec![1.3, 3.4, 1.6, 2.4]
        },
        numeric: Vec::new(),
    })
}

fn section(blocks: &mut Vec<Block>, title: String, rows: &[JournalRow], due: bool) {
    blocks.push(Block::Heading {
        level: 2,
        text: title,
    });
    if rows.is_empty() {
        blocks.push(Block::Paragraph("Нет.".into()));
    } else {
        blocks.push(table(rows, due));
    }
}

pub fn handover_document(n: &HandoverNote) -> Document {
    let mut blocks = vec![Block::KeyValues(vec![
        ("Поступило за сутки".into(), n.arrived.len().to_string()),
        ("Дан ответ за сутки".into(), n.answered.len().to_string()),
        (
            format!("Срок на {}", d(n.next_working_day)),
            n.due_next.len().to_string(),
        ),
        ("Просрочено (открытые)".into(), n.overdue.len().to_string()),
    ])];
    if !n.arrived_by_channel.is_empty() {
        blocks.push(Block::Paragraph(format!(
            "Поступило по каналам: {}.",
            n.arrived_by_channel
                .iter()
                .map(|c| format!("{} — {}", c.name, c.count))
                .collect::<Vec<_>>()
                .join("; ")
        )));
    }
    section(
        &mut blocks,
        format!("Поступило {}", d(n.date)),
        &n.arrived,
        false,
    );
    section(
        &mut blocks,
        format!("Дан ответ {}", d(n.date)),
        &n.answered,
        false,
    );
    section(
        &mut blocks,
        format!("Срок ответа {}", d(n.next_working_day)),
        &n.due_next,
        true,
    );
    blocks.push(Block::Heading {
        level: 2,
        text: "Просрочено".into(),
    });
    if n.overdue.is_empty() {
        blocks.push(Block::Paragraph("Просроченных обращений нет.".into()));
    } else {
        blocks.push(Block::Table(Table {
            headers: vec!["Кто держит".into(), "Просрочено".into()],
            rows: n
                .overdue_by_holder
                .iter()
                .map(|h| vec![h.name.clone(), h.count.to_string()])
                .collect(),
            widths: vec![5.0, 1.2],
            numeric: vec![false, true],
        }));
        blocks.push(table(&n.overdue, true));
    }
    Document {
        title: format!("Сводка за сутки {}", d(n.date)),
        org_header: crate::org_header(&n.office_name),
        subtitle: format!("с 00:00 {} до 24:00 {}", d(n.date), d(n.date)),
        blocks,
        footer_note: crate::made_by(n.made_at, &n.operator),
    }
}
