//! A real delivery of the app's desktop notifications: a notification daemon
//! from Debian (dunst) on the session bus receives what the notifier sends.
//! Needs a session D-Bus and a display: `./dev test` runs the tests under
//! `xvfb-run` and `dbus-run-session`.

#![allow(clippy::unwrap_used)] // tests fail loudly on purpose

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use chrono::NaiveDateTime;
use mcu_core::Actor;
use mcu_core::Office;
use mcu_core::model::AppealDraft;

struct Kill(Child);
impl Drop for Kill {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn need(var: &str) {
    assert!(
        std::env::var_os(var).is_some(),
        "{var} is not set: this test needs a session D-Bus and a display; run it through ./dev test \
         (xvfb-run -a dbus-run-session -- cargo test)"
    );
}

fn wait_for(what: &str, mut ok: impl FnMut() -> bool) {
    let start = Instant::now();
    while !ok() {
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "timed out waiting for {what}"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

#[test]
fn the_notifier_delivers_pending_notices_to_the_desktop_daemon() {
    need("DBUS_SESSION_BUS_ADDRESS");
    need("DISPLAY");
    let _dunst = Kill(
        Command::new("dunst")
            .args(["-conf", "/dev/null"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("dunst (Debian package dunst) is needed"),
    );
    wait_for("the notification daemon on the bus", || {
        Command::new("dbus-send")
            .args([
                "--session",
                "--print-reply",
                "--dest=org.freedesktop.DBus",
                "/org/freedesktop/DBus",
                "org.freedesktop.DBus.NameHasOwner",
                "string:org.freedesktop.Notifications",
            ])
            .output()
            .map(|o| String::from_utf8_lossy(&o.stdout).contains("boolean true"))
            .unwrap_or(false)
    });
    let seen = Arc::new(Mutex::new(String::new()));
    let mut monitor = Command::new("dbus-monitor")
        .args([
            "--session",
            "interface='org.freedesktop.Notifications',member='Notify'",
        ])
        .stdout(Stdio::piped())
        .spawn()
        .expect("dbus-monitor (Debian package dbus) is needed");
    let out = monitor.stdout.take().unwrap();
    let _monitor = Kill(monitor);
    let sink = seen.clone();
    std::thread::spawn(move || {
        for line in BufReader::new(out).lines().map_while(Result::ok) {
            sink.lock().unwrap().push_str(&line);
            sink.lock().unwrap().push('\n');
        }
    });
    std::thread::sleep(Duration::from_millis(500));

    // An overdue appeal in a real database: the core says what is pending.
    let dir = tempfile::tempdir().unwrap();
    let now = NaiveDateTime::parse_from_str("2026-11-27 10:00", "%Y-%m-%d %H:%M").unwrap();
    let (office, _) = Office::open(&dir.path().join("mcu.sqlite"), now).unwrap();
    let draft = AppealDraft {
        received_at: "2026-10-01T09:00".into(),
        registered_at: "2026-10-01T10:00".into(),
        channel: "letter".into(),
        appeal_type: "complaint".into(),
        applicant_name: "Тест".into(),
        settlement: "Мосты".into(),
        text: "Нет воды".into(),
        questions: vec!["0005.0005.0056.1154".into()],
        ..Default::default()
    };
    office
        .register(
            &draft,
            &Actor {
                operator: "тест",
                at: now,
            },
        )
        .unwrap();
    let pending = office.pending_notices(now).unwrap();
    assert_eq!(pending.len(), 1);

    mcu_app_lib::notifier::send(&pending[0]).expect("the daemon accepts the notification");
    office.mark_notices_sent(&pending, now).unwrap();

    wait_for("the Notify call on the bus", || {
        let s = seen.lock().unwrap();
        s.contains("Просрочено: № 2026-00001") && s.contains("Перебои в водоснабжении · Мосты")
    });
    let s = seen.lock().unwrap().clone();
    assert!(s.contains("МЦУ·Дежурный"), "app name missing:\n{s}");
    assert!(s.contains("Срок: 02.11.2026."), "deadline missing:\n{s}");

    // The daemon itself has it (dunstctl asks dunst over the bus). A shown
    // notification reaches dunst's history only once closed, so close first:
    // on a fast display it is still on screen when we look.
    wait_for("dunst history", || {
        let _ = Command::new("dunstctl").arg("close-all").status();
        Command::new("dunstctl")
            .arg("history")
            .output()
            .map(|o| String::from_utf8_lossy(&o.stdout).contains("2026-00001"))
            .unwrap_or(false)
    });
    // Sent once: nothing pending afterwards.
    assert!(office.pending_notices(now).unwrap().is_empty());
}
