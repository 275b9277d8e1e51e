//! Deadline control: the control screen's lists, notifications and their
//! dedup, timeliness figures, the handover note and calendar changes.

#![allow(clippy::unwrap_used)] // tests fail loudly on purpose

mod common;

use common::*;
use mcu_core::appeals::ActionRequest;
use mcu_core::model::*;
use mcu_core::reference::CalendarOverrideDraft;
use mcu_core::timeliness::GroupBy;
use proptest::prelude::*;

fn act(t: &TestOffice, id: i64, req: ActionRequest) {
    let v = t.office.card(id, d("2026-11-27")).unwrap().version;
    t.office.act(id, v, &req, &actor()).unwrap();
}

fn answer(date: &str) -> ActionRequest {
    ActionRequest::Answer {
        date: date.into(),
        number: String::new(),
        method: "post".into(),
        summary: "Ответ дан".into(),
        result: "explained".into(),
        satisfaction: String::new(),
    }
}

fn numbers(rows: &[JournalRow]) -> Vec<i64> {
    rows.iter().map(|r| r.id).collect()
}

#[test]
fn control_screen_lists_every_clock() {
    let t = office();
    let overdue = reg(&t, "2026-10-01", |_| {}); // due 02.11.2026
    let today = reg(&t, "2026-10-28", |d| d.block = "construction".into()); // due 27.11.2026
    let soon = reg(&t, "2026-11-02", |_| {}); // due 02.12.2026
    let later = reg(&t, "2026-11-26", |_| {}); // due 28.12.2026
    let answered = reg(&t, "2026-10-02", |_| {});
    act(&t, answered, answer("2026-11-20"));
    let incident = reg(&t, "2026-11-26", |d| d.channel = "im".into());
    let late_reg = reg(&t, "2026-11-25", |d| {
        d.received_at = "2026-11-20T10:00".into()
    });
    let extended = reg(&t, "2026-11-20", |_| {});
    act(
        &t,
        extended,
        ActionRequest::Extend {
            days: "10".into(),
            reason: "запрос".into(),
            notice_date: String::new(),
        },
    );

    let s = t.office.control(dt(NOW)).unwrap();
    assert_eq!(s.soon_until, d("2026-12-02"));
    assert_eq!(numbers(&s.overdue), [overdue]);
    assert_eq!(numbers(&s.due_today), [today]);
    assert_eq!(numbers(&s.due_soon), [soon]);
    assert_eq!(s.counts.overdue, 1);
    assert!(
        !s.unassigned.iter().any(|c| c.row.id == today),
        "assigned at registration"
    );
    let un = s.unassigned.iter().find(|c| c.row.id == overdue).unwrap();
    assert!(
        un.minutes_left < 0,
        "redirection clock of an October appeal has run out"
    );
    assert!(s.counts.redirect_overdue >= 1);
    let fr = s
        .first_response
        .iter()
        .find(|c| c.row.id == incident)
        .unwrap();
    // Registered 26.11 09:00: 7 working hours that day, the 8th on the next morning.
    assert_eq!(fr.due, dt("2026-11-27 09:00"));
    assert_eq!(fr.minutes_left, -60);
    assert!(s.counts.first_response_overdue >= 1);
    assert_eq!(numbers(&s.extension_notice_missing), [extended]);
    assert_eq!(
        s.registered_late
            .iter()
            .map(|c| c.row.id)
            .collect::<Vec<_>>(),
        [late_reg]
    );
    assert!(!numbers(&s.due_soon).contains(&later));
    let construction = s
        .by_block
        .iter()
        .find(|b| b.name.starts_with("Строительство"))
        .unwrap();
    assert_eq!((construction.due_today, construction.open), (1, 1));
    let none = s.by_block.iter().find(|b| b.id.is_none()).unwrap();
    assert_eq!(none.overdue, 1);

    // Extending the overdue appeal moves it out of the overdue list.
    act(
        &t,
        overdue,
        ActionRequest::Extend {
            days: "30".into(),
            reason: "выезд".into(),
            notice_date: "2026-11-27".into(),
        },
    );
    let s = t.office.control(dt(NOW)).unwrap();
    assert!(s.overdue.is_empty());
}

#[test]
fn notifications_are_sent_once_across_restarts_and_again_after_extension() {
    let t = office();
    let path = t.dir.path().join("mcu.sqlite");
    let overdue = reg(&t, "2026-10-01", |_| {});
    reg(&t, "2026-10-28", |_| {}); // due today
    let first = t.office.pending_notices(dt(NOW)).unwrap();
    let kinds: Vec<&str> = first.iter().map(|n| n.threshold.as_str()).collect();
    assert_eq!(kinds, ["overdue", "due_today"]);
    assert_eq!(first[0].appeal_id, Some(overdue));
    assert!(
        first[0].summary.contains("2026-00001"),
        "{}",
        first[0].summary
    );
    assert!(first[0].body.contains("02.11.2026"), "{}", first[0].body);
    // Asking twice without sending gives the same answer; marking twice is harmless.
    assert_eq!(t.office.pending_notices(dt(NOW)).unwrap(), first);
    t.office.mark_notices_sent(&first, dt(NOW)).unwrap();
    t.office.mark_notices_sent(&first, dt(NOW)).unwrap();
    assert!(t.office.pending_notices(dt(NOW)).unwrap().is_empty());
    drop(t.office);
    let (again, _) = mcu_core::Office::open(&path, dt(NOW)).unwrap();
    assert!(
        again
            .pending_notices(dt("2026-11-27 16:00"))
            .unwrap()
            .is_empty()
    );
    // An extension is a new deadline: when it is due, it is notified again.
    let v = again.card(overdue, d("2026-11-27")).unwrap().version;
    again
        .act(
            overdue,
            v,
            &ActionRequest::Extend {
                days: "30".into(),
                reason: "r".into(),
                notice_date: String::new(),
            },
            &actor(),
        )
        .unwrap();
    assert!(again.pending_notices(dt(NOW)).unwrap().is_empty());
    let due = again
        .card(overdue, d("2026-11-27"))
        .unwrap()
        .deadline
        .due_date;
    let later = again
        .pending_notices(due.and_hms_opt(9, 0, 0).unwrap())
        .unwrap();
    assert!(
        later
            .iter()
            .any(|n| n.threshold == "due_today" && n.appeal_id == Some(overdue))
    );
    // Switched off: nothing.
    let mut s = again.notify_settings().unwrap();
    s.enabled = false;
    again.save_notify_settings(&s, &actor()).unwrap();
    assert!(
        again
            .pending_notices(due.and_hms_opt(9, 0, 0).unwrap())
            .unwrap()
            .is_empty()
    );
}

#[test]
fn many_items_fold_into_one_notice() {
    let t = office();
    for _ in 0..7 {
        reg(&t, "2026-10-01", |_| {});
    }
    let n = t.office.pending_notices(dt(NOW)).unwrap();
    assert_eq!(n.len(), 1);
    assert_eq!(n[0].keys.len(), 7);
    assert_eq!(n[0].appeal_id, None);
    assert!(n[0].summary.contains('7'));
    t.office.mark_notices_sent(&n, dt(NOW)).unwrap();
    assert!(t.office.pending_notices(dt(NOW)).unwrap().is_empty());
    let digest = t.office.digest(dt(NOW)).unwrap().unwrap();
    assert!(digest.body.contains("Просрочено: 7"), "{}", digest.body);
}

#[test]
fn first_response_warning_and_overdue() {
    let t = office();
    let id = reg(&t, "2026-11-26", |d| {
        d.channel = "im".into();
        d.registered_at = "2026-11-26T16:30".into();
        d.received_at = "2026-11-26T16:00".into();
    }); // first response due 27.11.2026 16:30
    let at = |s: &str| t.office.pending_notices(dt(s)).unwrap();
    assert!(
        at("2026-11-27 10:00")
            .iter()
            .all(|n| !n.threshold.starts_with("first_response"))
    );
    let soon = at("2026-11-27 15:45");
    assert!(
        soon.iter()
            .any(|n| n.threshold == "first_response_soon" && n.appeal_id == Some(id))
    );
    let late = at("2026-11-27 16:45");
    assert!(late.iter().any(|n| n.threshold == "first_response_overdue"));
}

#[test]
fn timeliness_by_block_and_person() {
    let t = office();
    let a = reg(&t, "2026-10-01", |d| d.block = "construction".into()); // due 02.11
    act(&t, a, answer("2026-10-20")); // on time, 19 days
    let b = reg(&t, "2026-10-01", |d| d.block = "construction".into());
    act(&t, b, answer("2026-11-10")); // late, 40 days
    reg(&t, "2026-10-01", |d| d.block = "construction".into()); // open, overdue
    reg(&t, "2026-11-20", |d| d.block = "utilities".into()); // open in time
    let tl = t
        .office
        .timeliness(
            d("2026-10-01"),
            d("2026-11-30"),
            GroupBy::Block,
            d("2026-11-27"),
        )
        .unwrap();
    let c = tl
        .rows
        .iter()
        .find(|r| r.name.starts_with("Строительство"))
        .unwrap();
    assert_eq!(
        (
            c.registered,
            c.answered_on_time,
            c.answered_late,
            c.open_overdue
        ),
        (3, 1, 1, 1)
    );
    assert_eq!(c.avg_days_to_answer, Some(29.5));
    assert_eq!(c.on_time_percent, Some(50.0));
    assert_eq!(tl.total.registered, 4);
    assert_eq!(tl.total.open_in_time, 1);
    let by_person = t
        .office
        .timeliness(
            d("2026-10-01"),
            d("2026-11-30"),
            GroupBy::Person,
            d("2026-11-27"),
        )
        .unwrap();
    assert_eq!(by_person.rows.len(), 1);
    assert_eq!(by_person.rows[0].name, "Не назначен");
    // An empty period.
    let empty = t
        .office
        .timeliness(
            d("2020-01-01"),
            d("2020-01-31"),
            GroupBy::Block,
            d("2026-11-27"),
        )
        .unwrap();
    assert!(empty.rows.is_empty());
    assert_eq!(empty.total.on_time_percent, None);
}

#[test]
fn handover_note_of_a_day() {
    let t = office();
    let arrived = reg(&t, "2026-11-26", |d| d.channel = "pos".into());
    let answered = reg(&t, "2026-11-20", |_| {});
    act(&t, answered, answer("2026-11-26"));
    let overdue = reg(&t, "2026-10-01", |d| {
        d.block = "utilities".into();
        d.person = "Гринёв Сергей Александрович".into();
    });
    let due_next = reg(&t, "2026-10-28", |_| {}); // due 27.11 = next working day after 26.11
    let n = t
        .office
        .handover(d("2026-11-26"), dt(NOW), "Иванова А.П.")
        .unwrap();
    assert_eq!(n.next_working_day, d("2026-11-27"));
    assert_eq!(numbers(&n.arrived), [arrived]);
    assert_eq!(
        n.arrived_by_channel,
        [mcu_core::handover::NamedCount {
            name: "ПОС (сообщение)".into(),
            count: 1
        }]
    );
    assert_eq!(numbers(&n.answered), [answered]);
    assert_eq!(numbers(&n.overdue), [overdue]);
    assert_eq!(numbers(&n.due_next), [due_next]);
    assert_eq!(n.overdue_by_holder[0].name, "Гринёв Сергей Александрович");
}

#[test]
fn calendar_change_is_previewed_then_moves_open_deadlines() {
    let t = office();
    let open = reg(&t, "2026-11-26", |_| {}); // due Mon 28.12.2026 (26.12 is Saturday)
    let closed = reg(&t, "2026-11-26", |_| {});
    act(&t, closed, answer("2026-11-27"));
    let draft = CalendarOverrideDraft {
        date: "26.12.2026".into(),
        kind: "working".into(),
        note: "перенос".into(),
    };
    let preview = t.office.preview_calendar_override(&draft).unwrap();
    assert_eq!(preview.len(), 1);
    assert_eq!(
        (preview[0].id, preview[0].old_due, preview[0].new_due),
        (open, d("2026-12-28"), d("2026-12-26"))
    );
    // Preview wrote nothing.
    assert_eq!(
        t.office
            .card(open, d("2026-11-27"))
            .unwrap()
            .deadline
            .due_date,
        d("2026-12-28")
    );
    let moved = t.office.set_calendar_override(&draft, &actor()).unwrap();
    assert_eq!(moved, preview);
    let card = t.office.card(open, d("2026-11-27")).unwrap();
    assert_eq!(card.deadline.due_date, d("2026-12-26"));
    assert!(card.history.iter().any(|h| h.action == "calendar"
        && h.old_value == "28.12.2026"
        && h.new_value == "26.12.2026"));
    assert_eq!(
        t.office
            .card(closed, d("2026-11-27"))
            .unwrap()
            .deadline
            .due_date,
        d("2026-12-28")
    );
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 12, ..ProptestConfig::default() })]

    /// Invariants of the control screen on random registers: an item is never
    /// both due today and overdue, closed items never appear, counters match.
    #[test]
    fn control_lists_are_disjoint_and_open_only(
        items in proptest::collection::vec((0i64..80, 0u8..4, prop::bool::ANY), 1..12),
        hour in 0u32..24,
    ) {
        let t = office();
        for (days_back, fate, pos) in &items {
            let date = d("2026-11-27") - chrono::Duration::days(*days_back);
            let id = reg(&t, &date.format("%Y-%m-%d").to_string(), |d| if *pos { d.channel = "pos".into() });
            match fate {
                0 => act(&t, id, answer("2026-11-27")),
                1 => act(&t, id, ActionRequest::Redirect { addressee: "МВД".into() }),
                _ => {}
            }
        }
        let at = d("2026-11-27").and_hms_opt(hour, 0, 0).unwrap();
        let s = t.office.control(at).unwrap();
        let od = numbers(&s.overdue);
        let td = numbers(&s.due_today);
        let sn = numbers(&s.due_soon);
        prop_assert!(od.iter().all(|id| !td.contains(id) && !sn.contains(id)));
        prop_assert!(td.iter().all(|id| !sn.contains(id)));
        for r in s.overdue.iter().chain(&s.due_today).chain(&s.due_soon) {
            prop_assert!(r.status.is_open());
            let card = t.office.card(r.id, at.date()).unwrap();
            prop_assert!(card.answer.is_none());
        }
        prop_assert_eq!(s.counts.overdue as usize, od.len());
        prop_assert_eq!(s.counts.due_today as usize, td.len());
        prop_assert_eq!(s.counts.due_soon as usize, sn.len());
        // Notification dedup is idempotent: what was marked is never pending again.
        let p = t.office.pending_notices(at).unwrap();
        t.office.mark_notices_sent(&p, at).unwrap();
        t.office.mark_notices_sent(&p, at).unwrap();
        prop_assert!(t.office.pending_notices(at).unwrap().is_empty());
        for n in &p {
            for k in &n.keys {
                let card = t.office.card(k.appeal_id, at.date()).unwrap();
                prop_assert!(card.status.is_open());
            }
        }
    }
}
