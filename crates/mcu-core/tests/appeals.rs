//! The operator's core loop through the core API: register, validate, act,
//! see the history.

#![allow(clippy::unwrap_used)] // tests fail loudly on purpose

mod common;

use common::*;
use mcu_core::ErrorCode;
use mcu_core::appeals::ActionRequest;
use mcu_core::model::*;

#[test]
fn registers_with_number_deadline_and_audit() {
    let t = office();
    let id = t.office.register(&draft(), &actor()).unwrap();
    let card = t.office.card(id, d("2026-11-27")).unwrap();
    assert_eq!(card.number, "2026-00001");
    assert_eq!(card.status, Status::New);
    assert_eq!(card.kind_resolved, AppealKind::Fz59);
    // 26.11.2026 + 30 days = 26.12.2026 (Saturday) → Monday 28.12.2026.
    assert_eq!(card.deadline.due_date, d("2026-12-28"));
    assert_eq!(card.deadline.days_left, Some(31));
    assert!(card.deadline.official);
    assert_eq!(card.settlement_name, "Пестравка");
    assert_eq!(card.question_views[0].theme, Some(Theme::Roads));
    assert_eq!(card.history.len(), 1);
    assert_eq!(card.history[0].action, "create");
    assert_eq!(card.history[0].operator, "Иванова А.П.");
    let id2 = t.office.register(&draft(), &actor()).unwrap();
    assert_eq!(
        t.office.card(id2, d("2026-11-27")).unwrap().number,
        "2026-00002"
    );
}

#[test]
fn every_field_error_is_reported_at_once() {
    let t = office();
    let mut bad = draft();
    bad.received_at = "2026-12-31T10:00".into(); // future
    bad.registered_at = "вчера".into();
    bad.channel = String::new();
    bad.appeal_type = "жалоба?".into();
    bad.applicant_name = String::new();
    bad.applicant_email = "petrov@".into();
    bad.signatories = "1".into();
    bad.settlement = "Атлантида".into();
    bad.text = "   ".into();
    bad.external_url = "ftp://x".into();
    bad.questions = vec!["9999.9999.9999.9999".into()];
    bad.person = "Никто Никтович".into();
    let err = t.office.register(&bad, &actor()).unwrap_err();
    let public = err.to_public();
    assert_eq!(public.code, ErrorCode::Validation);
    let fields: Vec<&str> = public.fields.iter().map(|f| f.field.as_str()).collect();
    for f in [
        "received_at",
        "registered_at",
        "channel",
        "appeal_type",
        "applicant_name",
        "applicant_email",
        "signatories",
        "settlement",
        "text",
        "external_url",
        "questions.0",
        "person",
    ] {
        assert!(fields.contains(&f), "no error for {f}: {fields:?}");
    }
    assert!(public.fields.iter().all(|f| !f.message.is_empty()));
    // Nothing was written.
    let page = t
        .office
        .journal(&JournalQuery::default(), d("2026-11-27"))
        .unwrap();
    assert_eq!(page.total, 0);
}

#[test]
fn text_is_stored_exactly_sql_emoji_and_large() {
    let t = office();
    let texts = [
        "'); DROP TABLE appeals; -- «кавычки» \"двойные\" %_ \\".to_string(),
        "Спасибо 🙏🏻 за ремонт 👍 — 𝒯𝑒𝓍𝓉 и ё".to_string(),
        "Длинное письмо. ".repeat(6_500), // ≈ 100 KB of UTF-8
    ];
    for text in texts {
        let mut dr = draft();
        dr.text = text.clone();
        let id = t.office.register(&dr, &actor()).unwrap();
        assert_eq!(t.office.card(id, d("2026-11-27")).unwrap().draft.text, text);
    }
    let mut huge = draft();
    huge.text = "я".repeat(mcu_core::appeals::MAX_TEXT_CHARS + 1);
    let err = t.office.register(&huge, &actor()).unwrap_err().to_public();
    assert_eq!(err.fields[0].field, "text");
}

#[test]
fn lifecycle_assign_extend_answer_close_with_history() {
    let t = office();
    let id = t.office.register(&draft(), &actor()).unwrap();
    let today = d("2026-11-27");
    let v = |t: &TestOffice| t.office.card(id, today).unwrap().version;

    // Only allowed actions are offered; closing a new appeal is refused by the core.
    let card = t.office.card(id, today).unwrap();
    assert!(!card.allowed_actions.contains(&ActionKind::Close));
    let err = t
        .office
        .act(id, v(&t), &ActionRequest::Close, &actor())
        .unwrap_err();
    assert_eq!(err.code(), ErrorCode::Transition);

    let assign = ActionRequest::Assign {
        block: "construction".into(),
        person: "Имангулов Алексей Валерьевич".into(),
    };
    t.office.act(id, v(&t), &assign, &actor()).unwrap();
    assert_eq!(t.office.card(id, today).unwrap().status, Status::Assigned);

    // A person must belong to the block.
    let wrong = ActionRequest::Assign {
        block: "construction".into(),
        person: "Уварова Елена Владимировна".into(),
    };
    assert_eq!(
        t.office
            .act(id, v(&t), &wrong, &actor())
            .unwrap_err()
            .to_public()
            .fields[0]
            .field,
        "person"
    );

    t.office
        .act(id, v(&t), &ActionRequest::StartWork, &actor())
        .unwrap();
    let ext = ActionRequest::Extend {
        days: "30".into(),
        reason: "Запрос в ГКУ «Самарауправтодор»".into(),
        notice_date: "2026-11-27".into(),
    };
    t.office.act(id, v(&t), &ext, &actor()).unwrap();
    let card = t.office.card(id, today).unwrap();
    assert_eq!(card.status, Status::Extended);
    assert_eq!(card.deadline.original_due_date, Some(d("2026-12-28")));
    // 28.12.2026 + 30 = 27.01.2027 (Wednesday).
    assert_eq!(card.deadline.due_date, d("2027-01-27"));
    // Only once.
    assert!(!card.allowed_actions.contains(&ActionKind::Extend));
    assert_eq!(
        t.office.act(id, v(&t), &ext, &actor()).unwrap_err().code(),
        ErrorCode::Transition
    );

    let answer = ActionRequest::Answer {
        date: "2026-11-27".into(),
        number: "01-15/123".into(),
        method: "post".into(),
        summary: "Ремонт включён в план на май 2027 года.".into(),
        result: "supported_measures".into(),
        satisfaction: String::new(),
    };
    t.office.act(id, v(&t), &answer, &actor()).unwrap();
    t.office
        .act(
            id,
            v(&t),
            &ActionRequest::Rate {
                satisfaction: "satisfied".into(),
            },
            &actor(),
        )
        .unwrap();
    t.office
        .act(id, v(&t), &ActionRequest::Close, &actor())
        .unwrap();
    let card = t.office.card(id, today).unwrap();
    assert_eq!(card.status, Status::Closed);
    assert_eq!(card.satisfaction, Some(Satisfaction::Satisfied));
    assert_eq!(card.deadline.days_left, None);

    let h = &card.history;
    let has = |action: &str, field: &str, old: &str, new: &str| {
        h.iter().any(|e| {
            e.action == action && e.field == field && e.old_value == old && e.new_value == new
        })
    };
    assert!(has("assign", "status", "Новое", "Назначено"), "{h:#?}");
    assert!(has(
        "assign",
        "block",
        "",
        "Строительство, архитектура и благоустройство территорий"
    ));
    assert!(has("extend", "due_date", "28.12.2026", "27.01.2027"));
    assert!(has(
        "answer",
        "answer_result",
        "",
        "Поддержано, в т.ч. меры приняты"
    ));
    assert!(has("close", "status", "Дан ответ", "Закрыто"));
    assert!(h.iter().all(|e| e.operator == "Иванова А.П."));
}

#[test]
fn stale_version_is_a_conflict_and_changes_nothing() {
    let t = office();
    let id = t.office.register(&draft(), &actor()).unwrap();
    let v = t.office.card(id, d("2026-11-27")).unwrap().version;
    t.office
        .act(id, v, &ActionRequest::StartWork, &actor())
        .unwrap_err();
    let assign = ActionRequest::Assign {
        block: "construction".into(),
        person: String::new(),
    };
    t.office.act(id, v, &assign, &actor()).unwrap();
    let err = t
        .office
        .act(id, v, &ActionRequest::StartWork, &actor())
        .unwrap_err();
    assert_eq!(err.code(), ErrorCode::Conflict);
}

#[test]
fn editing_recomputes_the_deadline_and_audits_each_field() {
    let t = office();
    let id = t.office.register(&draft(), &actor()).unwrap();
    let card = t.office.card(id, d("2026-11-27")).unwrap();
    let mut edit = card.draft.clone();
    edit.channel = "pos".into();
    edit.kind = "pos".into();
    edit.applicant_phone = String::new();
    t.office.update(id, card.version, &edit, &actor()).unwrap();
    let card = t.office.card(id, d("2026-11-27")).unwrap();
    // ПОС: 10 working days after 26.11.2026 → 10.12.2026.
    assert_eq!(card.deadline.due_date, d("2026-12-10"));
    let fields: Vec<&str> = card
        .history
        .iter()
        .filter(|e| e.action == "update")
        .map(|e| e.field.as_str())
        .collect();
    assert_eq!(fields, ["channel", "kind", "applicant_phone", "due_date"]);
    // Saving the same draft again changes nothing and writes no audit.
    t.office
        .update(id, card.version, &card.draft, &actor())
        .unwrap();
    assert_eq!(
        t.office.card(id, d("2026-11-27")).unwrap().history.len(),
        card.history.len()
    );
}

#[test]
fn card_json_registers_again_in_another_database() {
    let a = office();
    let mut dr = draft();
    dr.block = "construction".into();
    dr.person = "Имангулов Алексей Валерьевич".into();
    dr.questions.push("0003.0009.0097.0690".into());
    let id = a.office.register(&dr, &actor()).unwrap();
    let json = serde_json::to_value(a.office.card(id, d("2026-11-27")).unwrap()).unwrap();
    let copy = AppealDraft::from_json(json).unwrap();
    let b = office();
    let id_b = b.office.register(&copy, &actor()).unwrap();
    let card_b = b.office.card(id_b, d("2026-11-27")).unwrap();
    assert_eq!(
        card_b.draft,
        a.office.card(id, d("2026-11-27")).unwrap().draft
    );
    assert_eq!(card_b.status, Status::Assigned);
}

#[test]
fn external_ids_are_unique_per_kind() {
    let t = office();
    let mut dr = draft();
    dr.channel = "pos".into();
    dr.external_id = "ПОС-123456".into();
    t.office.register(&dr, &actor()).unwrap();
    let err = t.office.register(&dr, &actor()).unwrap_err().to_public();
    assert_eq!(err.fields[0].field, "external_id");
    assert!(err.fields[0].message.contains("2026-00001"));
}

#[test]
fn incident_has_a_first_response_clock() {
    let t = office();
    let mut dr = draft();
    dr.channel = "im".into();
    dr.registered_at = "2026-11-26T16:30".into();
    dr.received_at = "2026-11-26T16:00".into();
    let id = t.office.register(&dr, &actor()).unwrap();
    let card = t.office.card(id, d("2026-11-27")).unwrap();
    assert_eq!(
        card.deadline.first_response_due,
        Some(dt("2026-11-27 16:30"))
    );
    assert!(card.allowed_actions.contains(&ActionKind::FirstResponse));
    t.office
        .act(
            id,
            card.version,
            &ActionRequest::FirstResponse { at: String::new() },
            &actor(),
        )
        .unwrap();
    let card = t.office.card(id, d("2026-11-27")).unwrap();
    assert_eq!(card.deadline.first_response_at, Some(dt(NOW)));
    assert!(!card.allowed_actions.contains(&ActionKind::FirstResponse));
}

#[test]
fn operator_is_remembered_and_reference_is_seeded() {
    let t = office();
    assert_eq!(t.office.operator().unwrap(), None);
    assert_eq!(
        t.office.set_operator("  Сидорова   Н.В. ").unwrap(),
        "Сидорова Н.В."
    );
    assert_eq!(
        t.office.operator().unwrap().as_deref(),
        Some("Сидорова Н.В.")
    );
    assert!(t.office.set_operator("  ").is_err());
    let r = t.office.reference().unwrap();
    assert_eq!(r.settlements.len(), 8);
    assert_eq!(r.channels.len(), 8);
    assert!(
        r.blocks
            .iter()
            .any(|b| b.name == "Жилищно-коммунальное хозяйство")
    );
    let prokudina = r
        .persons
        .iter()
        .find(|p| p.full_name.starts_with("Прокудина"))
        .unwrap();
    assert_eq!(prokudina.block_ids.len(), 6);
    let unknown = r.settlements.iter().find(|s| s.name == "Майское").unwrap();
    assert_eq!((unknown.population, unknown.lat), (None, None));
    let topics = t.office.topics().unwrap();
    assert!(topics.len() > 2000);
    for theme in Theme::ALL {
        assert!(
            topics.iter().any(|t| t.theme == Some(*theme)),
            "no topic for {theme:?}"
        );
    }
}

#[test]
fn a_registrar_registers_a_batch_as_the_form_registers_one_by_one() {
    use mcu_core::appeals::Registrar;
    let one_by_one = office();
    let batch = office();
    let drafts: Vec<AppealDraft> = (0..3)
        .map(|i| {
            let mut dr = draft();
            dr.external_id = format!("ПОС-{i}");
            dr.channel = "pos".into();
            dr.settlement = ["Пестравка", "Мосты", "Марьевка"][i].into();
            dr
        })
        .collect();
    let a: Vec<i64> = drafts
        .iter()
        .map(|dr| one_by_one.office.register(dr, &actor()).unwrap())
        .collect();
    let (b, refused) = batch
        .office
        .db()
        .write(|tx| {
            let r = Registrar::load(tx)?;
            let ids = drafts
                .iter()
                .map(|dr| r.register(dr, &actor()))
                .collect::<Result<Vec<_>, _>>()?;
            // Within the batch the remembered reference data must not hide an
            // appeal registered a moment ago: the same external id is refused.
            Ok((ids, r.register(&drafts[1], &actor())))
        })
        .unwrap();
    for (x, y) in a.iter().zip(&b) {
        let (p, q) = (
            one_by_one.office.card(*x, d("2026-11-27")).unwrap(),
            batch.office.card(*y, d("2026-11-27")).unwrap(),
        );
        assert_eq!(
            (p.number, p.deadline.due_date, p.settlement_name, p.status),
            (q.number, q.deadline.due_date, q.settlement_name, q.status)
        );
    }
    let Err(mcu_core::CoreError::Validation(errs)) = refused else {
        panic!("a repeated external id was accepted: {refused:?}")
    };
    assert!(errs.iter().any(|e| e.field == "external_id"), "{errs:?}");
}

#[test]
fn earlier_appeals_of_the_same_applicant_newest_first() {
    let t = office();
    let first = reg(&t, "2026-11-20", |_| {});
    let second = reg(&t, "2026-11-24", |d| {
        d.applicant_name = "ПЕТРОВ  Петр петрович".into()
    });
    // A namesake by substring, and the name in someone else's text: not the applicant.
    reg(&t, "2026-11-25", |d| {
        d.applicant_name = "Петрова Анна Сергеевна".into()
    });
    reg(&t, "2026-11-25", |d| {
        d.applicant_name = "Сидоров Иван Ильич".into();
        d.text = "Сосед Петров Пётр Петрович жалуется на яму.".into();
    });
    let today = d("2026-11-27");
    let ids = |except| -> Vec<i64> {
        t.office
            .applicant_appeals("петров пётр  ПЕТРОВИЧ", except, today)
            .unwrap()
            .iter()
            .map(|r| r.id)
            .collect()
    };
    assert_eq!(ids(None), [second, first]);
    // Editing the second appeal shows only the first.
    assert_eq!(ids(Some(second)), [first]);
    // A surname alone, or with initials, is not looked up.
    for name in ["Петров", "Петров П. П.", ""] {
        assert!(
            t.office
                .applicant_appeals(name, None, today)
                .unwrap()
                .is_empty()
        );
    }
}
