//! Report models: the weekly note, the indicators, the report archive, the
//! journal export and the masking of personal data in it.

#![allow(clippy::unwrap_used)] // tests fail loudly on purpose

mod common;

use common::*;
use expect_test::{Expect, expect};
use mcu_core::indicators::{IndicatorReport, ReportPeriod, default_indicators};
use mcu_core::model::*;
use mcu_core::privacy::PersonalData;
use mcu_core::reports::ReportContent;
use mcu_core::weekly::WeeklyNote;

/// Two appeals the week before, four in week 2026-W47, two old ones answered
/// in it (one late), one old one still open and overdue.
fn fixture() -> TestOffice {
    let t = office();
    reg(&t, "2026-11-10", |_| {});
    reg(&t, "2026-11-12", |d| d.settlement = "Мосты".into());
    reg(&t, "2026-11-16", |d| {
        d.text = "Петров П. П. просит перезвонить по тел. 8 927 123-45-67, почта petrov@mail.ru: яма у дома 5.".into();
    });
    reg(&t, "2026-11-17", |d| d.channel = "pos".into());
    reg(&t, "2026-11-18", |d| {
        d.channel = "im".into();
        d.settlement = "Мосты".into();
    });
    reg(&t, "2026-11-20", |d| d.block = "construction".into());
    let late = reg(&t, "2026-10-01", |_| {}); // due 02.11.2026
    answer_with(&t, late, "2026-11-18", "explained", "");
    let on_time = reg(&t, "2026-11-02", |_| {});
    answer_with(&t, on_time, "2026-11-17", "explained", "satisfied");
    reg(&t, "2026-10-02", |d| d.block = "construction".into()); // overdue
    t
}

/// The figures and sections of a note, one line each.
fn outline(n: &WeeklyNote) -> String {
    let counts = |v: &[mcu_core::weekly::WeekCount]| {
        v.iter()
            .map(|c| {
                format!(
                    "{} {}/{} {:?}",
                    c.name, c.count, c.previous, c.change_percent
                )
            })
            .collect::<Vec<_>>()
            .join("; ")
    };
    let t = &n.timeliness;
    let mut s = format!(
        "week {} {}..{} as of {}\ntotal {}/{} {:?}, questions {}\nchannels: {}\nkinds: {}\nblocks: {}\nsettlements: {}\n",
        n.week,
        n.from,
        n.to,
        n.as_of,
        n.total.count,
        n.total.previous,
        n.total.change_percent,
        n.questions,
        counts(&n.by_channel),
        counts(&n.by_kind),
        counts(&n.by_block),
        counts(&n.by_settlement),
    );
    s += &format!(
        "timeliness: on time {}, late {}, extended {}, open {}, overdue {}, {:?} %, {:?} days\n",
        t.total.answered_on_time,
        t.total.answered_late,
        t.total.extended,
        t.total.open_in_time,
        t.total.open_overdue,
        t.on_time_percent,
        t.avg_days_to_answer
    );
    for p in &t.by_person {
        s += &format!(
            "  {}: {} {} {} {} {}\n",
            p.name, p.answered_on_time, p.answered_late, p.extended, p.open_in_time, p.open_overdue
        );
    }
    for tt in &n.top_topics {
        s += &format!(
            "topic {} {}/{}: {:?}\n",
            tt.code, tt.count, tt.previous, tt.examples
        );
    }
    s += &format!(
        "heat {}x{} total {}\npoints {}\nsatisfaction {:?}\noverdue {}: {:?}\nsummary: {}\n",
        n.heat.rows.len(),
        n.heat.cols.len(),
        n.heat.total,
        n.problem_points.len(),
        n.satisfaction,
        n.overdue_total,
        n.overdue
            .iter()
            .map(|o| format!(
                "{} {} {} {}",
                o.number, o.holder, o.due_date, o.days_overdue
            ))
            .collect::<Vec<_>>(),
        n.summary
    );
    s
}

fn check_note(n: &WeeklyNote, expect: Expect) {
    expect.assert_eq(&outline(n));
}

#[test]
fn weekly_note_figures() {
    let t = fixture();
    let n = t
        .office
        .weekly_note(d("2026-11-18"), dt(NOW), "Иванова А.П.", None)
        .unwrap();
    check_note(
        &n,
        expect![[r#"
            week 2026-W47 2026-11-16..2026-11-22 as of 2026-11-23
            total 4/2 Some(100.0), questions 4
            channels: Письмо (почта) 2/2 Some(0.0); Инцидент Менеджмент / соцсети 1/0 None; ПОС (сообщение) 1/0 None
            kinds: Обращение по 59-ФЗ 2/2 Some(0.0); Инцидент (соцсети) 1/0 None; Сообщение ПОС 1/0 None
            blocks: Не распределено 3/2 Some(50.0); Строительство, архитектура и благоустройство территорий 1/0 None
            settlements: Пестравка 3/1 Some(200.0); Мосты 1/1 Some(0.0)
            timeliness: on time 1, late 1, extended 0, open 6, overdue 1, Some(50.0) %, Some(31.5) days
              Строительство, архитектура и благоустройство территорий (ответственный не назначен): 0 0 0 1 1
              Не распределено: 1 1 0 5 0
            topic 0003.0009.0099.0742 4/2: ["[заявитель] П. П. просит перезвонить по тел. [телефон], почта [e-mail]: яма у дома 5.", "Прошу отремонтировать Дорогу по улице Ленина: после дождей яма у дома 5."]
            heat 2x8 total 4
            points 0
            satisfaction SatisfactionFigures { satisfied: 1, unsatisfied: 0, no_rating: 1, positive_percent: Some(100.0) }
            overdue 1: ["2026-00009 Строительство, архитектура и благоустройство территорий 2026-11-02 21"]
            summary: За неделю с 16.11.2026 по 22.11.2026 поступило обращений и сообщений: 4 (на 100,0 % больше, чем неделей ранее). Основной канал — «Письмо (почта)» (2 из 4). Чаще всего обращались по вопросу «Эксплуатация и сохранность автомобильных дорог» (4). Дано ответов: 2, из них в срок 1 (50,0 %). На 23.11.2026 просрочено обращений: 1. Необычного роста жалоб не выявлено. Доля положительных оценок ответов — 100,0 %.
        "#]],
    );
    // No applicant data anywhere in the note.
    let json = serde_json::to_string(&n).unwrap();
    for secret in ["Петров", "927", "petrov@", "Ленина, д. 1", "742-00-00"] {
        assert!(!json.contains(secret), "{secret} leaked: {json}");
    }
}

#[test]
fn weekly_summary_can_be_replaced_and_defaults_to_last_full_week() {
    let t = fixture();
    let n = t
        .office
        .weekly_note(d("2026-11-16"), dt(NOW), "", Some("  Свой вывод.  "))
        .unwrap();
    assert_eq!(n.summary, "Свой вывод.");
    assert!(n.summary_edited);
    let blank = t
        .office
        .weekly_note(d("2026-11-16"), dt(NOW), "", Some("   "))
        .unwrap();
    assert!(!blank.summary_edited);
    assert!(
        blank
            .summary
            .starts_with("За неделю с 16.11.2026 по 22.11.2026 поступило обращений и сообщений: 4"),
        "{}",
        blank.summary
    );
    assert_eq!(
        mcu_core::weekly::last_full_week(d("2026-11-27")),
        d("2026-11-16")
    );
    assert_eq!(
        mcu_core::weekly::last_full_week(d("2026-11-23")),
        d("2026-11-16")
    );
}

#[test]
fn archive_keeps_what_was_printed() {
    let t = fixture();
    let note = t
        .office
        .weekly_note(d("2026-11-16"), dt(NOW), "Иванова А.П.", None)
        .unwrap();
    let content = ReportContent::Weekly(Box::new(note.clone()));
    let id = t.office.archive_report(&content, "pdf", &actor()).unwrap();
    // The register changes afterwards…
    reg(&t, "2026-11-19", |_| {});
    let fresh = t
        .office
        .weekly_note(d("2026-11-16"), dt(NOW), "Иванова А.П.", None)
        .unwrap();
    assert_eq!(fresh.total.count, note.total.count + 1);
    // …the archive still holds the note as it was.
    let archived = t.office.archived_report(id).unwrap();
    assert_eq!(archived.content, content);
    assert_eq!(archived.entry.format, "pdf");
    assert_eq!(archived.entry.period, "2026-W47");
    let list = t.office.report_archive().unwrap();
    assert_eq!(list.len(), 1);
    assert_eq!(list[0].id, id);
    let missing = t.office.archived_report(id + 100).unwrap_err();
    assert_eq!(missing.code(), mcu_core::ErrorCode::NotFound);

    let r = t
        .office
        .indicators(ReportPeriod::parse("2026-Q4").unwrap(), dt(NOW), "")
        .unwrap();
    let id2 = t
        .office
        .archive_report(
            &ReportContent::Indicators(Box::new(r.clone())),
            "xlsx",
            &actor(),
        )
        .unwrap();
    match t.office.archived_report(id2).unwrap().content {
        ReportContent::Indicators(back) => assert_eq!(*back, r),
        other => panic!("wrong kind: {other:?}"),
    }
    assert_eq!(t.office.report_archive().unwrap()[0].id, id2);
}

fn indicator_lines(r: &IndicatorReport) -> String {
    let mut s = format!(
        "{} {}..{} as of {}\n",
        r.period_label, r.from, r.to, r.as_of
    );
    for v in &r.values {
        s += &format!(
            "{} [{}] {:?} ({:?}/{:?}) target {:?} met {:?}\n",
            v.def.code,
            v.def.section,
            v.value,
            v.numerator,
            v.denominator,
            v.def.target,
            v.meets_target
        );
        for p in v.parts.iter().filter(|p| p.count > 0 || p.value.is_some()) {
            s += &format!("    {} {} {:?}\n", p.name, p.count, p.value);
        }
    }
    s
}

#[test]
fn indicators_of_a_quarter() {
    let t = fixture();
    let r = t
        .office
        .indicators(ReportPeriod::parse("2026-Q4").unwrap(), dt(NOW), "")
        .unwrap();
    expect![[r#"
        IV квартал 2026 г. 2026-10-01..2026-12-31 as of 2026-11-27
        P01 [Поток обращений] Some(9.0) (None/None) target None met None
        P02 [Поток обращений] Some(9.0) (None/None) target None met None
            Письмо (почта) 7 Some(7.0)
            Электронная почта 0 Some(0.0)
            Госуслуги / ЕПГУ (по 59-ФЗ) 0 Some(0.0)
            ПОС (сообщение) 1 Some(1.0)
            Инцидент Менеджмент / соцсети 1 Some(1.0)
            Телефон / ЕДДС 0 Some(0.0)
            Личный приём 0 Some(0.0)
            Другое 0 Some(0.0)
        P03 [Поток обращений] Some(7.0) (None/None) target None met None
        P04 [Поток обращений] Some(1.0) (None/None) target None met None
        P05 [Поток обращений] Some(1.0) (None/None) target None met None
        P06 [Своевременность] Some(50.0) (Some(1.0)/Some(2.0)) target Some(95.0) met Some(false)
        P07 [Своевременность] Some(100.0) (Some(2.0)/Some(2.0)) target Some(5.0) met Some(false)
        P08 [Своевременность] None (None/Some(0.0)) target Some(8.0) met None
        P09 [Своевременность] Some(31.5) (None/Some(2.0)) target None met None
        P10 [Качество и удовлетворённость] Some(0.0) (Some(0.0)/Some(9.0)) target Some(10.0) met Some(true)
        P11 [Качество и удовлетворённость] Some(100.0) (Some(1.0)/Some(1.0)) target Some(70.0) met Some(true)
        P12 [Активность населения] Some(0.6047980646461931) (Some(9.0)/Some(14881.0)) target None met None
            Михайло-Овсянка 0 Some(0.0)
            Мосты 2 Some(2.094240837696335)
            Пестравка 7 Some(1.0649627263045793)
    "#]]
    .assert_eq(&indicator_lines(&r));
}

#[test]
fn indicator_list_is_configurable() {
    let t = office();
    assert_eq!(t.office.indicator_defs().unwrap(), default_indicators());
    let mut defs = default_indicators();
    defs.truncate(2);
    defs[1].is_default = false;
    defs[1].name = "Сообщения по каналам (своя редакция)".into();
    t.office.save_indicator_defs(&defs, &actor()).unwrap();
    assert_eq!(t.office.indicator_defs().unwrap(), defs);
    let r = t
        .office
        .indicators(ReportPeriod::parse("2026").unwrap(), dt(NOW), "")
        .unwrap();
    assert_eq!(r.values.len(), 2);
    assert_eq!(r.values[1].def.name, "Сообщения по каналам (своя редакция)");
    let mut bad = defs.clone();
    bad[0].code = String::new();
    bad[1].name = String::new();
    match t.office.save_indicator_defs(&bad, &actor()).unwrap_err() {
        mcu_core::CoreError::Validation(f) => assert_eq!(f.len(), 2),
        other => panic!("{other}"),
    }
}

#[test]
fn journal_export_streams_every_row_masked_by_default() {
    let t = fixture();
    let q = JournalQuery {
        from: Some(d("2026-11-01")),
        ..JournalQuery::default()
    };
    let today = d("2026-11-27");
    let count = t.office.journal_count(&q, today).unwrap();
    assert_eq!(count, 7);
    let mut rows = Vec::new();
    let n = t
        .office
        .export_journal(&q, today, PersonalData::default(), &mut |r| {
            rows.push(r);
            Ok(())
        })
        .unwrap();
    assert_eq!(n, count);
    assert_eq!(rows.len() as u64, count);
    let all = serde_json::to_string(&rows).unwrap();
    for secret in [
        "Петров",
        "742-00-00",
        "123-45-67",
        "petrov@",
        "Ленина, д. 1",
    ] {
        assert!(!all.contains(secret), "{secret} leaked");
    }
    assert!(rows.iter().all(|r| r.applicant == "П. П. П."));
    assert!(rows.iter().all(|r| r.phone == "скрыто"));
    assert!(rows.iter().all(|r| r.applicant_address == r.settlement));

    let mut full = Vec::new();
    t.office
        .export_journal(&q, today, PersonalData::Full, &mut |r| {
            full.push(r);
            Ok(())
        })
        .unwrap();
    assert!(full.iter().all(|r| r.applicant == "Петров Пётр Петрович"));
    assert!(full.iter().any(|r| r.text.contains("petrov@mail.ru")));
}
