//! The road map as a document: «План („дорожная карта“) по устранению причин
//! обращений …» with every measure that is not cancelled, to approve and print.

use mcu_core::roadmap::RoadMapPlan;
use mcu_docs::{Block, Document, Table};

use crate::d;

pub fn plan_document(p: &RoadMapPlan) -> Document {
    let open = p.rows.iter().filter(|r| r.item.is_open()).count();
    let late = p.rows.iter().filter(|r| r.overdue).count();
    let mut blocks = vec![Block::Paragraph(format!(
        "Мероприятий: {}, из них в работе: {open}, с нарушением срока: {late}, выполнено: {}.",
        p.rows.len(),
        p.rows.len() - open,
    ))];
    if !p.rows.is_empty() {
        blocks.push(Block::Table(Table {
            headers: vec![
                "№".into(),
                "Проблема (первопричина), тема и место".into(),
                "Мероприятие".into(),
                "Ответственный".into(),
                "Срок".into(),
                "Источник финансирования".into(),
                "Состояние".into(),
            ],
            rows: p
                .rows
                .iter()
                .enumerate()
                .map(|(i, r)| {
                    vec![
                        (i + 1).to_string(),
                        format!("{} ({})", r.item.problem, r.place),
                        r.item.measure.clone(),
                        r.item.responsible.clone(),
                        d(r.item.due_date),
                        r.item.funding.clone(),
                        r.state.clone(),
                    ]
                })
                .collect(),
            widths: vec![0.5, 2.8, 2.4, 2.6, 1.8, 2.8, 2.6],
            numeric: vec![true, false, false, false, false, false, false],
        }));
    }
    Document {
        title: "План («дорожная карта») по устранению причин обращений граждан".into(),
        org_header: crate::org_header(&p.office_name),
        subtitle: format!(
            "по социально значимым тематикам; по состоянию на {}",
            d(p.as_of)
        ),
        blocks,
        footer_note: crate::made_by(p.made_at, &p.operator),
    }
}
