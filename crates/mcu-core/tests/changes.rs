//! The office's change log: every audited change, newest first, by day and by
//! operator, in pages.

#![allow(clippy::unwrap_used)] // tests fail loudly on purpose

mod common;

use common::*;
use mcu_core::Actor;
use mcu_core::appeals::ActionRequest;
use mcu_core::changes::{ChangeQuery, PAGE};

fn at(operator: &'static str, when: &str) -> Actor<'static> {
    Actor {
        operator,
        at: dt(when),
    }
}

#[test]
fn the_log_shows_who_changed_what_newest_first_by_day_and_operator() {
    let t = office();
    let night = at("Ночная Н.Н.", "2026-11-25 23:10");
    let day = at("Дневная Д.Д.", "2026-11-26 10:00");
    let mut early = draft();
    early.received_at = "2026-11-25T08:00".into();
    early.registered_at = "2026-11-25T09:00".into();
    let first = t.office.register(&early, &night).unwrap();
    let second = t.office.register(&early, &day).unwrap();
    let v = t.office.card(second, d("2026-11-26")).unwrap().version;
    t.office
        .act(
            second,
            v,
            &ActionRequest::Redirect {
                addressee: "Министерство транспорта".into(),
            },
            &day,
        )
        .unwrap();
    let mut profile = t.office.office_profile().unwrap();
    profile.signer_name = "А. В. Иванов".into();
    t.office.save_office_profile(&profile, &day).unwrap();

    let all = t.office.changes(&ChangeQuery::default()).unwrap();
    assert!(!all.more);
    let newest = &all.rows[0];
    assert_eq!(
        (
            newest.entity_label.as_str(),
            newest.entry.field_label.as_str(),
            newest.entry.new_value.as_str()
        ),
        ("Настройки", "Подписывает письма: ФИО", "А. В. Иванов")
    );
    let redirect = all
        .rows
        .iter()
        .find(|r| r.entry.field == "redirect_to")
        .unwrap();
    assert_eq!(redirect.action_label, "Направить по компетенции");
    assert_eq!(redirect.number, "2026-00002");
    assert_eq!(redirect.entry.operator, "Дневная Д.Д.");
    assert!(
        all.rows.windows(2).all(|w| w[0].id > w[1].id),
        "newest first"
    );
    let oldest = all.rows.last().unwrap();
    assert_eq!(
        (oldest.entity_id, oldest.action_label.as_str()),
        (first, "Регистрация")
    );

    // By day, and by operator.
    let night_rows = t
        .office
        .changes(&ChangeQuery {
            from: Some(d("2026-11-25")),
            to: Some(d("2026-11-25")),
            ..Default::default()
        })
        .unwrap()
        .rows;
    assert!(!night_rows.is_empty());
    assert!(
        night_rows
            .iter()
            .all(|r| r.entry.operator == "Ночная Н.Н." && r.entity_id == first)
    );
    let by_day_operator = t
        .office
        .changes(&ChangeQuery {
            operator: "Дневная Д.Д.".into(),
            ..Default::default()
        })
        .unwrap()
        .rows;
    assert_eq!(by_day_operator.len(), all.rows.len() - night_rows.len());
}

#[test]
fn pages_go_back_by_id_without_gaps_or_repeats() {
    let t = office();
    for _ in 0..(2 * PAGE + 10) {
        t.office.register(&draft(), &actor()).unwrap();
    }
    let total = t.office.changes(&ChangeQuery::default()).unwrap();
    assert!(total.more);
    let mut seen = Vec::new();
    let mut before = None;
    loop {
        let page = t
            .office
            .changes(&ChangeQuery {
                before,
                ..Default::default()
            })
            .unwrap();
        assert!(page.rows.len() <= PAGE as usize);
        seen.extend(page.rows.iter().map(|r| r.id));
        if !page.more {
            break;
        }
        before = page.rows.last().map(|r| r.id);
    }
    let mut sorted = seen.clone();
    sorted.sort_unstable_by(|a, b| b.cmp(a));
    sorted.dedup();
    assert_eq!(seen, sorted, "strictly newest first, no repeats");
    let count: i64 = t
        .office
        .db()
        .read(|c| Ok(c.query_row("SELECT count(*) FROM audit", [], |r| r.get(0))?))
        .unwrap();
    assert_eq!(seen.len() as i64, count, "every row once");
}
