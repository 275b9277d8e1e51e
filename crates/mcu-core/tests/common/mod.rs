//! Shared fixtures: an isolated database per test and a typical draft.
#![allow(dead_code)]
#![allow(clippy::unwrap_used)] // tests fail loudly on purpose

use chrono::{NaiveDate, NaiveDateTime};
use mcu_core::Actor;
use mcu_core::Office;
use mcu_core::model::AppealDraft;

pub fn dt(s: &str) -> NaiveDateTime {
    NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap()
}

pub fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

/// "Now" in every test: a Friday.
pub const NOW: &str = "2026-11-27 10:00";

pub fn actor() -> Actor<'static> {
    Actor {
        operator: "Иванова А.П.",
        at: dt(NOW),
    }
}

pub fn actor_at(at: &str) -> Actor<'static> {
    Actor {
        operator: "Иванова А.П.",
        at: dt(at),
    }
}

pub struct TestOffice {
    pub dir: tempfile::TempDir,
    pub office: Office,
}

pub fn office() -> TestOffice {
    let dir = tempfile::tempdir().unwrap();
    let (office, report) = Office::open(&dir.path().join("mcu.sqlite"), dt(NOW)).unwrap();
    assert!(report.created);
    TestOffice { dir, office }
}

pub fn draft() -> AppealDraft {
    AppealDraft {
        received_at: "2026-11-26T09:00".into(),
        registered_at: "2026-11-26T11:30".into(),
        channel: "letter".into(),
        kind: String::new(),
        appeal_type: "complaint".into(),
        applicant_name: "Петров Пётр Петрович".into(),
        applicant_address: "446160, с. Пестравка, ул. Ленина, д. 1".into(),
        applicant_phone: "+7 (846) 742-00-00".into(),
        settlement: "Пестравка".into(),
        address: "ул. Ленина, у дома 5".into(),
        text: "Прошу отремонтировать Дорогу по улице Ленина: после дождей яма у дома 5.".into(),
        questions: vec!["0003.0009.0099.0742".into()],
        ..Default::default()
    }
}

/// Registers the typical draft on a day (received at 08:00, registered at 09:00),
/// changed by `f`.
pub fn reg(t: &TestOffice, registered: &str, f: impl FnOnce(&mut AppealDraft)) -> i64 {
    let mut dr = draft();
    dr.received_at = format!("{registered}T08:00");
    dr.registered_at = format!("{registered}T09:00");
    f(&mut dr);
    t.office.register(&dr, &actor()).unwrap()
}

/// Records an answer (by post) with its result and the applicant's rating
/// ("" for none), as the card's «Ответ» does.
pub fn answer_with(t: &TestOffice, id: i64, date: &str, result: &str, satisfaction: &str) {
    let v = t.office.card(id, d("2026-11-27")).unwrap().version;
    let req = mcu_core::appeals::ActionRequest::Answer {
        date: date.into(),
        number: String::new(),
        method: "post".into(),
        summary: "Ответ дан".into(),
        result: result.into(),
        satisfaction: satisfaction.into(),
    };
    t.office.act(id, v, &req, &actor()).unwrap();
}
