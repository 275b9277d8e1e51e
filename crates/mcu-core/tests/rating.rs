//! The rating of responsible recipients: its figures against the appeals
//! themselves, its places, its settings (validated, audited) and the journal
//! behind each count.

#![allow(clippy::unwrap_used)] // tests fail loudly on purpose

mod common;

use common::*;
use mcu_core::model::*;
use mcu_core::rating::{Rating, RatingSettings};
use mcu_core::timeliness::GroupBy;

fn rating(t: &TestOffice, by: GroupBy) -> Rating {
    t.office
        .rating(d("2026-10-01"), d("2026-11-30"), by, d("2026-11-27"))
        .unwrap()
}

#[test]
fn figures_criteria_and_places_of_blocks() {
    let t = office();
    let block = |b: &'static str| move |dr: &mut AppealDraft| dr.block = b.into();
    // Construction: one on time with measures and a satisfied applicant, one
    // late and explained to an unsatisfied one, one open past its deadline.
    let a = reg(&t, "2026-10-01", block("construction")); // due 02.11
    answer_with(&t, a, "2026-10-20", "supported_measures", "satisfied");
    let b = reg(&t, "2026-10-01", block("construction"));
    answer_with(&t, b, "2026-11-10", "explained", "unsatisfied");
    reg(&t, "2026-10-01", block("construction"));
    // Utilities: three on time, one with measures, nobody rated.
    for result in ["supported_measures", "explained", "not_supported"] {
        let id = reg(&t, "2026-10-05", block("utilities"));
        answer_with(&t, id, "2026-10-25", result, "");
    }
    // Social: one answered on time only: too small a base to be ranked.
    let s = reg(&t, "2026-10-05", block("social"));
    answer_with(&t, s, "2026-10-25", "supported", "");
    // Not assigned to a block: listed, not ranked.
    reg(&t, "2026-11-20", |dr| dr.block = String::new());

    let r = rating(&t, GroupBy::Block);
    let row = |prefix: &str| {
        r.rows
            .iter()
            .find(|x| x.name.starts_with(prefix))
            .unwrap_or_else(|| panic!("{prefix}: {:?}", r.rows))
            .clone()
    };
    let c = row("Строительство");
    assert_eq!(
        (c.registered, c.answered, c.answered_on_time, c.open_overdue),
        (3, 2, 1, 1)
    );
    assert_eq!(
        (c.with_result, c.measures_taken, c.rated, c.satisfied),
        (2, 1, 2, 1)
    );
    let pct = |v: Option<f64>| v.map(|v| (v * 10.0).round() / 10.0);
    assert_eq!(pct(c.timeliness_percent), Some(33.3));
    assert_eq!(c.measures_percent, Some(50.0));
    assert_eq!(c.satisfaction_percent, Some(50.0));
    // (33.3·50 + 50·25 + 50·25) / 100
    assert_eq!(c.score, Some(41.7));
    let u = row("Жилищно");
    assert_eq!((u.answered, u.answered_on_time, u.rated), (3, 3, 0));
    assert_eq!(u.satisfaction_percent, None);
    // (100·50 + 33.3·25) / 75: satisfaction has no figures and no weight here
    assert_eq!(u.score, Some(77.8));
    assert_eq!((u.place, c.place), (Some(1), Some(2)));
    let social = row("Социальная");
    assert_eq!((social.score, social.place), (None, None));
    let none = row("Не назначен");
    assert_eq!((none.id, none.place), (None, None));
    // Ranked rows first, by place.
    assert_eq!(r.rows[0].name, u.name);
    assert_eq!(r.rows[1].name, c.name);

    // Weights are the office's: with the deadline alone utilities stay first;
    // with satisfaction alone construction is the only one with figures.
    let actor = actor();
    let only_satisfaction = RatingSettings {
        timeliness_weight: 0,
        measures_weight: 0,
        satisfaction_weight: 100,
        min_base: 3,
    };
    t.office
        .save_rating_settings(&only_satisfaction, &actor)
        .unwrap();
    let r2 = rating(&t, GroupBy::Block);
    assert_eq!(r2.settings, only_satisfaction);
    let u2 = r2.rows.iter().find(|x| x.name == u.name).unwrap();
    let c2 = r2.rows.iter().find(|x| x.name == c.name).unwrap();
    assert_eq!((c2.score, c2.place), (Some(50.0), Some(1)));
    assert_eq!(
        (u2.score, u2.place),
        (None, None),
        "no figures for the only weighted criterion"
    );
}

#[test]
fn settings_are_validated_at_their_fields_and_audited() {
    let t = office();
    let actor = actor();
    let bad = RatingSettings {
        timeliness_weight: 150,
        measures_weight: 0,
        satisfaction_weight: 0,
        min_base: 0,
    };
    let err = t.office.save_rating_settings(&bad, &actor).unwrap_err();
    let mcu_core::CoreError::Validation(errs) = err else {
        panic!("{err:?}")
    };
    let fields: Vec<&str> = errs.iter().map(|e| e.field.as_str()).collect();
    assert_eq!(fields, ["timeliness_weight", "min_base"]);
    assert_eq!(
        t.office.rating_settings().unwrap(),
        RatingSettings::default()
    );

    let s = RatingSettings {
        min_base: 5,
        ..RatingSettings::default()
    };
    t.office.save_rating_settings(&s, &actor).unwrap();
    assert_eq!(t.office.rating_settings().unwrap(), s);
    let history = t.office.history("settings", 0).unwrap();
    let change = history
        .iter()
        .find(|h| h.field == "min_base")
        .unwrap_or_else(|| panic!("{history:?}"));
    assert_eq!(change.operator, "Иванова А.П.");
    assert_eq!(
        (change.old_value.as_str(), change.new_value.as_str()),
        ("3", "5")
    );
}

#[test]
fn counts_match_the_appeals_and_the_journal_they_open() {
    let t = office();
    let actor = actor();
    t.office.demo(1500, 7, &actor).unwrap();
    let (from, to, today) = (d("2026-06-01"), d("2026-11-30"), d("2026-11-27"));
    let ids: Vec<i64> = t
        .office
        .db()
        .read(|c| {
            Ok(c.prepare("SELECT id FROM appeals")?
                .query_map([], |r| r.get(0))?
                .collect::<Result<_, _>>()?)
        })
        .unwrap();
    let all: Vec<Appeal> = ids.iter().map(|id| t.office.appeal(*id).unwrap()).collect();
    for by in [GroupBy::Block, GroupBy::Person] {
        let r = t.office.rating(from, to, by, today).unwrap();
        assert!(r.rows.iter().filter(|x| x.place.is_some()).count() >= 3);
        for row in &r.rows {
            let mine: Vec<&Appeal> = all
                .iter()
                .filter(|a| {
                    let day = a.fields.registered_at.date();
                    let key = match by {
                        GroupBy::Block => a.fields.block_id,
                        GroupBy::Person => a.fields.person_id,
                    };
                    key == row.id && day >= from && day <= to
                })
                .collect();
            let count = |f: &dyn Fn(&Appeal) -> bool| mine.iter().filter(|a| f(a)).count() as u64;
            fn answered(a: &Appeal) -> Option<&Answer> {
                a.answer.as_ref()
            }
            assert_eq!(row.registered, mine.len() as u64, "{}", row.name);
            assert_eq!(row.answered, count(&|a| answered(a).is_some()));
            assert_eq!(
                row.answered_on_time,
                count(&|a| answered(a).is_some_and(|x| x.date <= a.due_date))
            );
            assert_eq!(
                row.open_overdue,
                count(&|a| a.status.is_open() && a.due_date < today)
            );
            assert_eq!(
                row.measures_taken,
                count(&|a| answered(a).is_some_and(|x| x.result == AnswerResult::SupportedMeasures))
            );
            assert_eq!(
                row.rated,
                count(&|a| matches!(
                    a.satisfaction,
                    Some(Satisfaction::Satisfied | Satisfaction::Unsatisfied)
                ))
            );
            assert_eq!(
                row.satisfied,
                count(&|a| a.satisfaction == Some(Satisfaction::Satisfied))
            );
            // What the window opens for the counts of a recipient.
            if let Some(id) = row.id {
                let mut q = JournalQuery {
                    from: Some(from),
                    to: Some(to),
                    ..Default::default()
                };
                match by {
                    GroupBy::Block => q.block_id = Some(id),
                    GroupBy::Person => q.person_id = Some(id),
                }
                assert_eq!(t.office.journal_count(&q, today).unwrap(), row.registered);
                q.overdue = true;
                assert_eq!(t.office.journal_count(&q, today).unwrap(), row.open_overdue);
            }
        }
    }
}
