//! The journal: filters, sorting, paging and full-text search.

#![allow(clippy::unwrap_used)] // tests fail loudly on purpose

mod common;

use common::*;
use mcu_core::ErrorCode;
use mcu_core::appeals::ActionRequest;
use mcu_core::model::*;

fn seed(t: &TestOffice) {
    let mut a = draft();
    a.text = "На улице Советской не горят ФОНАРИ, темно и опасно.".into();
    a.questions = vec!["0003.0009.0097.0690".into()];
    a.settlement = "Мосты".into();
    t.office.register(&a, &actor()).unwrap();

    let mut b = draft();
    b.channel = "pos".into();
    b.registered_at = "2026-10-01T10:00".into();
    b.received_at = "2026-10-01T09:00".into();
    b.applicant_name = "Ёлкина Алёна".into();
    b.text = "Нет воды в доме третий день. Перебои водоснабжения".into();
    b.questions = vec!["0005.0005.0056.1154".into()];
    t.office.register(&b, &actor()).unwrap();

    let mut c = draft();
    c.channel = "im".into();
    c.anonymous = true;
    c.applicant_name = String::new();
    c.text = "Школьный автобус опять не пришёл".into();
    c.questions = vec!["0002.0013.0139.0335".into()];
    t.office.register(&c, &actor()).unwrap();
}

fn search(t: &TestOffice, s: &str) -> Vec<String> {
    let q = JournalQuery {
        search: s.into(),
        ..Default::default()
    };
    t.office
        .journal(&q, d("2026-11-27"))
        .unwrap()
        .rows
        .into_iter()
        .map(|r| r.excerpt)
        .collect()
}

#[test]
fn full_text_finds_russian_substrings_case_insensitively() {
    let t = office();
    seed(&t);
    assert_eq!(search(&t, "фонар").len(), 1);
    assert_eq!(search(&t, "ФОНАРИ").len(), 1);
    assert_eq!(search(&t, "Фонари").len(), 1);
    assert_eq!(search(&t, "водоснабж").len(), 1);
    assert_eq!(search(&t, "ВОДОСНАБЖ дом").len(), 1);
    assert_eq!(search(&t, "водоснабж фонар").len(), 0);
    // ё and е are the same letter for search.
    assert_eq!(search(&t, "елкина").len(), 1);
    assert_eq!(search(&t, "Алена").len(), 1);
    // By registration number, by address.
    assert_eq!(search(&t, "2026-00003").len(), 1);
    assert_eq!(search(&t, "Ленина").len(), 3);
    // Quotes and FTS syntax are literal text, not query operators.
    assert_eq!(search(&t, "\"фонари\" OR NEAR(").len(), 0);
    let err = t
        .office
        .journal(
            &JournalQuery {
                search: "яи".into(),
                ..Default::default()
            },
            d("2026-11-27"),
        )
        .unwrap_err();
    assert_eq!(err.to_public().fields[0].field, "search");
    assert_eq!(err.code(), ErrorCode::Validation);
}

#[test]
fn filters_and_overdue() {
    let t = office();
    seed(&t);
    let today = d("2026-11-27");
    let count = |q: JournalQuery| t.office.journal(&q, today).unwrap().total;
    assert_eq!(count(JournalQuery::default()), 3);
    assert_eq!(
        count(JournalQuery {
            channel: Some("pos".into()),
            ..Default::default()
        }),
        1
    );
    assert_eq!(
        count(JournalQuery {
            kind: Some(AppealKind::Incident),
            ..Default::default()
        }),
        1
    );
    assert_eq!(
        count(JournalQuery {
            theme: Some(Theme::Housing),
            ..Default::default()
        }),
        1
    );
    assert_eq!(
        count(JournalQuery {
            theme: Some(Theme::Education),
            ..Default::default()
        }),
        1
    );
    assert_eq!(
        count(JournalQuery {
            topic: Some("0005.0005.0056.0000".into()),
            ..Default::default()
        }),
        1
    );
    assert_eq!(
        count(JournalQuery {
            topic: Some("0005".into()),
            ..Default::default()
        }),
        1
    );
    let mosty = t
        .office
        .reference()
        .unwrap()
        .settlements
        .into_iter()
        .find(|s| s.name == "Мосты")
        .unwrap();
    assert_eq!(
        count(JournalQuery {
            settlement_id: Some(mosty.id),
            ..Default::default()
        }),
        1
    );
    assert_eq!(
        count(JournalQuery {
            from: Some(d("2026-11-01")),
            ..Default::default()
        }),
        2
    );
    assert_eq!(
        count(JournalQuery {
            to: Some(d("2026-10-01")),
            ..Default::default()
        }),
        1
    );
    // The ПОС message of 01.10.2026 (due 14.10.2026, urgent water topic) is overdue.
    let overdue = t
        .office
        .journal(
            &JournalQuery {
                overdue: true,
                ..Default::default()
            },
            today,
        )
        .unwrap();
    assert_eq!(overdue.total, 1);
    assert!(overdue.rows[0].overdue);
    assert!(overdue.rows[0].days_left.unwrap() < 0);
    assert_eq!(overdue.rows[0].applicant, "Ёлкина Алёна");

    // Answering it removes it from the overdue list.
    let id = overdue.rows[0].id;
    let v = t.office.card(id, today).unwrap().version;
    let answer = ActionRequest::Answer {
        date: "2026-11-27".into(),
        number: String::new(),
        method: "epgu".into(),
        summary: "Водоснабжение восстановлено.".into(),
        result: "supported_measures".into(),
        satisfaction: String::new(),
    };
    t.office.act(id, v, &answer, &actor()).unwrap();
    assert_eq!(
        count(JournalQuery {
            overdue: true,
            ..Default::default()
        }),
        0
    );
    assert_eq!(
        count(JournalQuery {
            status: Some(Status::Answered),
            ..Default::default()
        }),
        1
    );
    assert_eq!(
        count(JournalQuery {
            open_only: true,
            ..Default::default()
        }),
        2
    );
}

#[test]
fn sorting_and_paging() {
    let t = office();
    seed(&t);
    let today = d("2026-11-27");
    let page = |sort, offset, limit| {
        let q = JournalQuery {
            sort,
            offset,
            limit,
            ..Default::default()
        };
        t.office
            .journal(&q, today)
            .unwrap()
            .rows
            .into_iter()
            .map(|r| r.number)
            .collect::<Vec<_>>()
    };
    assert_eq!(
        page(SortKey::RegisteredDesc, 0, 2),
        ["2026-00003", "2026-00001"]
    );
    assert_eq!(page(SortKey::RegisteredDesc, 2, 2), ["2026-00002"]);
    assert_eq!(page(SortKey::RegisteredAsc, 0, 1), ["2026-00002"]);
    assert_eq!(
        page(SortKey::Number, 0, 3),
        ["2026-00001", "2026-00002", "2026-00003"]
    );
    let rows = t
        .office
        .journal(&JournalQuery::default(), today)
        .unwrap()
        .rows;
    let anon = rows
        .iter()
        .find(|r| r.kind == AppealKind::Incident)
        .unwrap();
    assert_eq!(anon.applicant, "Анонимно");
    assert_eq!(anon.topic_name, "Доставка обучающихся");
}
