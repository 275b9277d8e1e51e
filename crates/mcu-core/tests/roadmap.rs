//! Road maps: saving with validation and audit, optimistic concurrency, and the
//! before/since figures, which must equal the journal's own counts.

#![allow(clippy::unwrap_used)] // tests fail loudly on purpose

mod common;

use common::*;
use mcu_core::error::CoreError;
use mcu_core::model::*;
use mcu_core::roadmap::RoadMapDraft;

const WATER: &str = "0005.0005.0056.1154";

fn settlement_id(t: &TestOffice, name: &str) -> i64 {
    let r = t.office.reference().unwrap();
    r.settlements.iter().find(|s| s.name == name).unwrap().id
}

fn measure(t: &TestOffice) -> RoadMapDraft {
    RoadMapDraft {
        problem: "Перебои водоснабжения: изношен насос скважины".into(),
        measure: "Заменить насос водозаборной скважины".into(),
        topic_code: WATER.into(),
        settlement_id: Some(settlement_id(t, "Мосты")),
        responsible: "Гринёв С. А., МУП «ЖКХ Пестравского района»".into(),
        start_date: "2026-11-16".into(),
        due_date: "2026-11-25".into(),
        funding: "бюджет района".into(),
        ..Default::default()
    }
}

fn register(t: &TestOffice, day: &str, topic: &str, place: &str) {
    let mut dr = draft();
    dr.received_at = format!("{day}T08:00");
    dr.registered_at = format!("{day}T09:00");
    dr.questions = vec![topic.into()];
    dr.settlement = place.into();
    t.office.register(&dr, &actor()).unwrap();
}

#[test]
fn the_figures_are_the_journals_counts_before_the_start_and_since() {
    let t = office();
    let roads = "0003.0009.0099.0742";
    // 21.09 is the first day of the 8 weeks before the start (16.11).
    for day in ["2026-09-21", "2026-10-05", "2026-10-20", "2026-11-15"] {
        register(&t, day, WATER, "Мосты");
    }
    register(&t, "2026-09-20", WATER, "Мосты"); // more than 8 weeks before
    register(&t, "2026-10-20", WATER, "Пестравка"); // another settlement
    register(&t, "2026-10-21", roads, "Мосты"); // another topic
    register(&t, "2026-11-16", WATER, "Мосты"); // on the start day: since
    register(&t, "2026-11-26", WATER, "Мосты");
    t.office.save_road_map(&measure(&t), &actor()).unwrap();

    let rows = t.office.road_map(d("2026-11-27")).unwrap();
    assert_eq!(rows.len(), 1);
    let r = &rows[0];
    assert_eq!((r.effect.before, r.effect.since), (4, Some(2)));
    assert_eq!(r.effect.since_days, 12);
    assert_eq!(r.effect.before_per_week, 4.0 / 8.0);
    assert_eq!(r.effect.since_per_week, Some(2.0 * 7.0 / 12.0));
    assert_eq!(r.place, "Перебои в водоснабжении — Мосты");
    assert_eq!(r.state, "Запланировано, срок нарушен");
    assert_eq!(r.settlement_name, "Мосты");
    assert!(r.overdue, "planned, deadline 25.11 passed on 27.11");
    let control = t.office.control(dt(NOW)).unwrap();
    assert_eq!(
        control.counts.road_map_overdue, 1,
        "the control screen counts it"
    );
    for (q, n) in [
        (&r.effect.before_query, 4),
        (r.effect.since_query.as_ref().unwrap(), 2),
    ] {
        let page = t.office.journal(q, d("2026-11-27")).unwrap();
        assert_eq!(page.total, n);
    }
}

#[test]
fn a_theme_alone_is_enough_and_a_done_measure_is_not_overdue() {
    let t = office();
    let mut m = measure(&t);
    m.topic_code.clear();
    m.theme = "housing".into();
    m.settlement_id = None;
    m.status = "done".into();
    m.done_date = "2026-11-24".into();
    m.result = "Насос заменён, подача воды восстановлена".into();
    t.office.save_road_map(&m, &actor()).unwrap();
    let r = &t.office.road_map(d("2026-11-27")).unwrap()[0];
    assert_eq!(r.item.theme, Some(Theme::Housing));
    assert_eq!(r.item.status, RoadMapStatus::Done);
    assert!(!r.overdue);
    let control = t.office.control(dt(NOW)).unwrap();
    assert_eq!(control.counts.road_map_overdue, 0);
}

#[test]
fn bad_input_is_refused_at_its_fields_and_nothing_is_written() {
    let t = office();
    let mut m = measure(&t);
    m.measure = "  ".into();
    m.due_date = "2026-11-01".into();
    m.topic_code = "9999.9999.9999.9999".into();
    match t.office.save_road_map(&m, &actor()) {
        Err(CoreError::Validation(errs)) => {
            let fields: Vec<&str> = errs.iter().map(|e| e.field.as_str()).collect();
            assert_eq!(fields, ["measure", "topic_code", "due_date"]);
        }
        other => panic!("expected validation errors, got {other:?}"),
    }
    assert!(t.office.road_map(d("2026-11-27")).unwrap().is_empty());
}

#[test]
fn every_change_is_audited_with_names_and_a_stale_edit_is_refused() {
    let t = office();
    let id = t.office.save_road_map(&measure(&t), &actor()).unwrap();
    let item = t.office.road_map(d("2026-11-27")).unwrap()[0].item.clone();
    assert_eq!(item.version, 1);
    let mut edit = measure(&t);
    edit.id = Some(id);
    edit.version = Some(item.version);
    edit.status = "in_progress".into();
    edit.due_date = "2026-12-20".into();
    edit.settlement_id = Some(settlement_id(&t, "Пестравка"));
    t.office
        .save_road_map(&edit, &actor_at("2026-11-27 11:00"))
        .unwrap();

    let h = t.office.road_map_history(id).unwrap();
    assert_eq!(h[0].action, "create");
    let changed: Vec<(&str, &str, &str)> = h
        .iter()
        .filter(|e| e.action == "update")
        .map(|e| {
            (
                e.field_label.as_str(),
                e.old_value.as_str(),
                e.new_value.as_str(),
            )
        })
        .collect();
    assert_eq!(
        changed,
        [
            ("Срок", "25.11.2026", "20.12.2026"),
            ("Населённый пункт", "Мосты", "Пестравка"),
            ("Статус", "Запланировано", "Выполняется"),
        ]
    );

    // The same version again: somebody saved after it was read.
    match t.office.save_road_map(&edit, &actor()) {
        Err(CoreError::Conflict(_)) => {}
        other => panic!("expected a conflict, got {other:?}"),
    }
    let now = &t.office.road_map(d("2026-11-27")).unwrap()[0].item;
    assert_eq!((now.version, now.status), (2, RoadMapStatus::InProgress));
}

/// The figures are counted in the analytics facts: for every kind of measure
/// (theme, topic at any level, both, with or without a settlement) and period
/// the count equals the journal's, which is what a click on it lists.
#[test]
fn facts_counts_equal_the_journal_for_every_kind_of_measure() {
    let t = office();
    t.office.demo(800, 3, &actor()).unwrap();
    let facts = t.office.facts().unwrap();
    let today = d("2026-11-27");
    let mut places: Vec<Option<i64>> = vec![None, Some(9_999)];
    places.extend(
        t.office
            .reference()
            .unwrap()
            .settlements
            .iter()
            .map(|s| Some(s.id)),
    );
    let mut themes: Vec<Option<Theme>> = vec![None];
    themes.extend(Theme::ALL.iter().copied().map(Some));
    let topics = [
        None,
        Some("0005.0005.0056.1154"),
        Some("0005.0005.0056.0000"),
        Some("0005.0005.0000.0000"),
        Some("0003"),
        Some("0003.0009.0099.0742"),
    ];
    let periods = [("2026-09-01", "2026-10-27"), ("2026-11-01", "2026-11-27")];
    let mut compared = 0;
    let mut nonzero = 0;
    for place in &places {
        for theme in &themes {
            for topic in topics {
                if theme.is_none() && topic.is_none() {
                    continue;
                }
                for (from, to) in periods {
                    let q = JournalQuery {
                        from: Some(d(from)),
                        to: Some(d(to)),
                        settlement_id: *place,
                        theme: *theme,
                        topic: topic.map(str::to_owned),
                        ..Default::default()
                    };
                    let journal = t.office.journal(&q, today).unwrap().total as i64;
                    assert_eq!(mcu_core::roadmap::count(&facts, &q), journal, "{q:?}");
                    compared += 1;
                    nonzero += usize::from(journal > 0);
                }
            }
        }
    }
    assert!(
        compared > 500 && nonzero > 100,
        "{compared} compared, {nonzero} non-zero"
    );
}
