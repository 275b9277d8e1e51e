//! Deadline control: the control screen, timeliness figures, the handover
//! note, notification settings, calendar change preview.

use chrono::NaiveDate;
use mcu_core::control::ControlScreen;
use mcu_core::handover::HandoverNote;
use mcu_core::notify::NotifySettings;
use mcu_core::office::DeadlineShift;
use mcu_core::refdata::CalendarOverrideDraft;
use mcu_core::timeliness::{GroupBy, Timeliness};
use mcu_core::{CoreError, PublicError};
use tauri::State;

use super::IpcResult;
use crate::state::AppState;

fn date(field: &str, s: &str) -> Result<NaiveDate, PublicError> {
    mcu_core::validate::parse_date(s).ok_or_else(|| CoreError::field(field, "Дата в виде ДД.ММ.ГГГГ.").to_public())
}

#[tauri::command]
pub fn control(state: State<'_, AppState>) -> IpcResult<ControlScreen> {
    state.read(|o, now| o.control(now))
}

#[tauri::command]
pub fn timeliness(state: State<'_, AppState>, from: String, to: String, by: GroupBy) -> IpcResult<Timeliness> {
    let (from, to) = (date("from", &from)?, date("to", &to)?);
    if from > to {
        return Err(CoreError::field("to", "Конец периода раньше начала.").to_public());
    }
    state.read(|o, now| o.timeliness(from, to, by, now.date()))
}

#[tauri::command]
pub fn handover(state: State<'_, AppState>, day: String) -> IpcResult<HandoverNote> {
    let day = date("date", &day)?;
    let operator = state.operator().unwrap_or_default();
    state.read(|o, now| o.handover(day, now, &operator))
}

#[tauri::command]
pub fn notify_settings(state: State<'_, AppState>) -> IpcResult<NotifySettings> {
    state.read(|o, _| o.notify_settings())
}

#[tauri::command]
pub fn save_notify_settings(state: State<'_, AppState>, settings: NotifySettings) -> IpcResult<NotifySettings> {
    state.write(|o, a| o.save_notify_settings(&settings, a))?;
    state.read(|o, _| o.notify_settings())
}

#[tauri::command]
pub fn preview_calendar_override(state: State<'_, AppState>, draft: CalendarOverrideDraft) -> IpcResult<Vec<DeadlineShift>> {
    state.read(|o, _| o.preview_calendar_override(&draft))
}
