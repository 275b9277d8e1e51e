//! Desktop notifications: a background thread asks the core which deadline
//! thresholds were crossed, shows them with notify-rust and records them as
//! sent. It does not depend on the window being visible, so it keeps working
//! while the window is minimised. Activating a single-item notification brings
//! the window forward on that appeal where the platform supports actions.

use std::time::Duration;

use chrono::NaiveDateTime;
use mcu_core::Office;
use mcu_core::notify::Notice;
use tauri::{AppHandle, Emitter, Manager};

use crate::state::AppState;

/// The event the UI listens to for opening an appeal.
pub const OPEN_APPEAL_EVENT: &str = "open-appeal";

/// Shows one notice on the desktop.
pub fn send(n: &Notice) -> Result<notify_rust::NotificationHandle, notify_rust::error::Error> {
    let mut note = notify_rust::Notification::new();
    note.appname("МЦУ·Дежурный")
        .summary(&n.summary)
        .body(&n.body)
        .icon("dialog-warning");
    if n.appeal_id.is_some() {
        note.action("default", "Открыть карточку");
    }
    note.show()
}

fn bring_forward(app: &AppHandle, appeal_id: Option<i64>) {
    if let Some(w) = app.get_webview_window("main") {
        let _ = w.unminimize();
        let _ = w.show();
        let _ = w.set_focus();
    }
    if let Some(id) = appeal_id {
        let _ = app.emit(OPEN_APPEAL_EVENT, id);
    }
}

#[cfg(all(unix, not(target_os = "macos")))]
fn on_activate(app: &AppHandle, handle: notify_rust::NotificationHandle, appeal_id: Option<i64>) {
    let app = app.clone();
    // wait_for_action blocks until the notice is activated or closed.
    std::thread::spawn(move || {
        handle.wait_for_action(|action| {
            if action == "default" {
                bring_forward(&app, appeal_id);
            }
        })
    });
}

#[cfg(not(all(unix, not(target_os = "macos"))))]
fn on_activate(
    _app: &AppHandle,
    _handle: notify_rust::NotificationHandle,
    _appeal_id: Option<i64>,
) {
}

fn deliver(app: &AppHandle, notices: &[Notice]) -> Vec<Notice> {
    let mut sent = Vec::new();
    for n in notices {
        match send(n) {
            Ok(handle) => {
                on_activate(app, handle, n.appeal_id);
                sent.push(n.clone());
            }
            // No notification server: try again on the next round.
            Err(e) => eprintln!("уведомление не показано: {e}"),
        }
    }
    sent
}

/// Starts the notifier thread: a digest at start, then a check every interval.
/// The office is taken for one round at a time: a restore from a backup copy
/// replaces it between rounds.
pub fn start(app: AppHandle) {
    std::thread::spawn(move || {
        let state = app.state::<AppState>();
        std::thread::sleep(Duration::from_secs(2));
        if let Ok(office) = state.office()
            && let Ok(settings) = office.notify_settings()
            && settings.enabled
            && settings.digest_on_start
            && let Ok(Some(d)) = office.digest(state.clock.now())
        {
            deliver(&app, &[d]);
        }
        loop {
            let interval = match state.office() {
                Ok(office) => round(&app, &office, state.clock.now()),
                Err(_) => 60,
            };
            std::thread::sleep(Duration::from_secs(u64::from(interval.max(10))));
        }
    });
}

/// One check: notices for the thresholds crossed since the last; returns the
/// interval to the next check in seconds.
fn round(app: &AppHandle, office: &Office, now: NaiveDateTime) -> u32 {
    let settings = office.notify_settings().unwrap_or_default();
    if settings.enabled {
        match office.pending_notices(now) {
            Ok(pending) if !pending.is_empty() => {
                let sent = deliver(app, &pending);
                if let Err(e) = office.mark_notices_sent(&sent, now) {
                    eprintln!("не удалось отметить уведомления: {e}");
                }
            }
            Ok(_) => {}
            Err(e) => eprintln!("проверка сроков: {e}"),
        }
    }
    settings.interval_seconds
}
