//! Reference data edits: validated, audited, and rules versioned so that
//! registered appeals keep their deadlines.

#![allow(clippy::unwrap_used)] // tests fail loudly on purpose

mod common;

use common::*;
use mcu_core::model::AppealKind;
use mcu_core::reference::*;

#[test]
fn settlement_edit_is_validated_and_audited() {
    let t = office();
    let r = t.office.reference().unwrap();
    let s = r.settlements.iter().find(|s| s.name == "Майское").unwrap();
    let mut d = SettlementDraft {
        id: Some(s.id),
        name: s.name.clone(),
        kind: s.kind.clone(),
        population: "абв".into(),
        population_year: "1700".into(),
        lat: "52,41".into(),
        lon: String::new(),
        note: "уточнено".into(),
        active: true,
    };
    let err = t
        .office
        .save_settlement(&d, &actor())
        .unwrap_err()
        .to_public();
    let fields: Vec<&str> = err.fields.iter().map(|f| f.field.as_str()).collect();
    assert_eq!(fields, ["population", "population_year", "lon"]);
    d.population = "1 204".into();
    d.population_year = "2021".into();
    d.lon = "49.88".into();
    t.office.save_settlement(&d, &actor()).unwrap();
    let s = t
        .office
        .reference()
        .unwrap()
        .settlements
        .into_iter()
        .find(|s| s.name == "Майское")
        .unwrap();
    assert_eq!(
        (s.population, s.lat, s.lon),
        (Some(1204), Some(52.41), Some(49.88))
    );
    let history = t.office.history("settlement", s.id).unwrap();
    assert!(
        history
            .iter()
            .any(|h| h.field == "population" && h.old_value.is_empty() && h.new_value == "1204")
    );
    assert!(history.iter().all(|h| h.operator == "Иванова А.П."));
    // Names stay unique.
    d.id = None;
    let err = t
        .office
        .save_settlement(&d, &actor())
        .unwrap_err()
        .to_public();
    assert_eq!(err.fields[0].field, "name");
}

#[test]
fn a_new_rule_version_does_not_move_registered_deadlines() {
    let t = office();
    let id = t.office.register(&draft(), &actor()).unwrap();
    let before = t.office.card(id, d("2026-11-27")).unwrap();
    assert_eq!(before.deadline.due_date, d("2026-12-28"));
    let rule = t
        .office
        .reference()
        .unwrap()
        .rules
        .into_iter()
        .find(|r| r.kind == AppealKind::Fz59)
        .unwrap();
    let new = RuleDraft {
        replaces: Some(rule.id),
        kind: "59fz".into(),
        topic_prefix: String::new(),
        name: "59-ФЗ: 15 дней (проверка)".into(),
        days: "15".into(),
        day_kind: "calendar".into(),
        response_hours: String::new(),
        extendable: true,
        max_extension_days: "30".into(),
    };
    t.office.save_rule(&new, &actor()).unwrap();
    let after = t.office.card(id, d("2026-11-27")).unwrap();
    assert_eq!(after.deadline.due_date, before.deadline.due_date);
    assert_eq!(after.deadline.rule_name, rule.name);
    // A new appeal gets the new rule: 26.11 + 15 = 11.12.2026.
    let id2 = t.office.register(&draft(), &actor()).unwrap();
    assert_eq!(
        t.office
            .card(id2, d("2026-11-27"))
            .unwrap()
            .deadline
            .due_date,
        d("2026-12-11")
    );
    let rules = t.office.reference().unwrap().rules;
    assert!(!rules.iter().find(|r| r.id == rule.id).unwrap().active);
    // Bad rule input is reported per field.
    let bad = RuleDraft {
        days: "0".into(),
        day_kind: "лунные".into(),
        extendable: true,
        max_extension_days: String::new(),
        ..new
    };
    let err = t.office.save_rule(&bad, &actor()).unwrap_err().to_public();
    let fields: Vec<&str> = err.fields.iter().map(|f| f.field.as_str()).collect();
    assert_eq!(fields, ["days", "day_kind", "max_extension_days"]);
}

#[test]
fn calendar_override_moves_new_deadlines() {
    let t = office();
    // 26.12.2026 is a Saturday; make it a working day: 59-ФЗ due of 26.11 becomes 26.12.
    t.office
        .set_calendar_override(
            &CalendarOverrideDraft {
                date: "26.12.2026".into(),
                kind: "working".into(),
                note: "перенос".into(),
            },
            &actor(),
        )
        .unwrap();
    let id = t.office.register(&draft(), &actor()).unwrap();
    assert_eq!(
        t.office
            .card(id, d("2026-11-27"))
            .unwrap()
            .deadline
            .due_date,
        d("2026-12-26")
    );
    assert_eq!(t.office.reference().unwrap().calendar_overrides.len(), 1);
    t.office
        .set_calendar_override(
            &CalendarOverrideDraft {
                date: "2026-12-26".into(),
                kind: String::new(),
                note: String::new(),
            },
            &actor(),
        )
        .unwrap();
    assert!(t.office.reference().unwrap().calendar_overrides.is_empty());
    let err = t.office.set_calendar_override(
        &CalendarOverrideDraft {
            date: "31.02.2026".into(),
            kind: "working".into(),
            note: String::new(),
        },
        &actor(),
    );
    assert_eq!(err.unwrap_err().to_public().fields[0].field, "date");
}

#[test]
fn number_pattern_is_checked_and_used() {
    let t = office();
    assert_eq!(
        t.office
            .set_number_pattern("{YYYY}", &actor())
            .unwrap_err()
            .to_public()
            .fields[0]
            .field,
        "number_pattern"
    );
    t.office
        .set_number_pattern("МЦУ/{KIND}/{YY}-{N:3}", &actor())
        .unwrap();
    let id = t.office.register(&draft(), &actor()).unwrap();
    assert_eq!(
        t.office.card(id, d("2026-11-27")).unwrap().number,
        "МЦУ/59/26-001"
    );
}

#[test]
fn topic_mapping_and_blocks_and_persons() {
    let t = office();
    let r = t.office.reference().unwrap();
    let eco = r.blocks.iter().find(|b| b.code == "ecology").unwrap().id;
    t.office
        .save_topic_mapping(
            &TopicMappingDraft {
                code: "0003.0009.0097.0694".into(),
                theme: "waste".into(),
                block_id: Some(eco),
            },
            &actor(),
        )
        .unwrap();
    let topic = t
        .office
        .topics()
        .unwrap()
        .into_iter()
        .find(|x| x.code == "0003.0009.0097.0694")
        .unwrap();
    assert_eq!(topic.block_id, Some(eco));
    let bid = t
        .office
        .save_block(
            &BlockDraft {
                id: None,
                code: "sport2".into(),
                name: "Молодёжь".into(),
                active: true,
            },
            &actor(),
        )
        .unwrap();
    let pid = t
        .office
        .save_person(
            &PersonDraft {
                id: None,
                full_name: "Новиков Н.Н.".into(),
                position: "специалист".into(),
                role: String::new(),
                block_ids: vec![bid],
                active: true,
            },
            &actor(),
        )
        .unwrap();
    let p = t
        .office
        .reference()
        .unwrap()
        .persons
        .into_iter()
        .find(|p| p.id == pid)
        .unwrap();
    assert_eq!(p.block_ids, vec![bid]);
    let err = t
        .office
        .save_block(
            &BlockDraft {
                id: None,
                code: "bad code!".into(),
                name: String::new(),
                active: true,
            },
            &actor(),
        )
        .unwrap_err();
    assert_eq!(err.to_public().fields.len(), 2);
}

#[test]
fn the_office_profile_is_validated_audited_and_read_by_the_analytics() {
    let t = office();
    let seeded = t.office.office_profile().unwrap();
    assert!(seeded.name.contains("Пестравский"), "{seeded:?}");
    assert_eq!(seeded.population, "14881");
    assert_eq!(t.office.facts().unwrap().district_population, Some(14_881));

    let mut p = seeded.clone();
    p.name = String::new();
    p.population = "15 тыс.".into();
    let err = t
        .office
        .save_office_profile(&p, &actor())
        .unwrap_err()
        .to_public();
    let fields: Vec<&str> = err.fields.iter().map(|f| f.field.as_str()).collect();
    assert_eq!(fields, ["name", "population"]);
    assert_eq!(t.office.office_profile().unwrap(), seeded, "nothing saved");

    p.name = "Муниципальный центр управления Кинель-Черкасского района".into();
    p.short_name = "МЦУ Кинель-Черкассы".into();
    p.population = "45 012".into();
    p.signer_position = "Глава района".into();
    p.signer_name = "А. В. Иванов".into();
    let saved = t.office.save_office_profile(&p, &actor()).unwrap();
    assert_eq!(saved.population, "45012");
    assert_eq!(t.office.office_profile().unwrap(), saved);
    assert_eq!(
        t.office.reference().unwrap().office_name,
        "МЦУ Кинель-Черкассы"
    );
    assert_eq!(t.office.office_name().unwrap(), saved.name);
    // The cached analytics reload with the new denominator.
    assert_eq!(t.office.facts().unwrap().district_population, Some(45_012));
    let history = t.office.history("settings", 0).unwrap();
    assert!(
        history
            .iter()
            .any(|h| h.field == "population" && h.old_value == "14881" && h.new_value == "45012"),
        "{history:?}"
    );
}
