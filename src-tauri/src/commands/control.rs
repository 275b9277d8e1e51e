//! Deadline control: the control screen, timeliness figures, the handover
//! note, notification settings, calendar change preview.

use chrono::NaiveDate;
use mcu_core::control::ControlScreen;
use mcu_core::deadlines::DeadlineShift;
use mcu_core::handover::HandoverNote;
use mcu_core::notify::NotifySettings;
use mcu_core::reference::CalendarOverrideDraft;
use mcu_core::timeliness::{GroupBy, Timeliness};
use mcu_core::{CoreError, PublicError};
use tauri::State;

use super::IpcResult;
use crate::state::AppState;

pub(super) fn date(field: &str, s: &str) -> Result<NaiveDate, PublicError> {
    mcu_core::period::parse_date(s)
        .ok_or_else(|| CoreError::field(field, "Дата в виде ДД.ММ.ГГГГ.").to_public())
}

#[tauri::command]
pub fn control(state: State<'_, AppState>) -> IpcResult<ControlScreen> {
    state.read(|o, now| o.control(now))
}

#[tauri::command]
pub fn timeliness(
    state: State<'_, AppState>,
    from: String,
    to: String,
    by: GroupBy,
) -> IpcResult<Timeliness> {
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
pub fn save_notify_settings(
    state: State<'_, AppState>,
    settings: NotifySettings,
) -> IpcResult<NotifySettings> {
    state.write(|o, a| o.save_notify_settings(&settings, a))?;
    state.read(|o, _| o.notify_settings())
}

#[tauri::command]
pub fn preview_calendar_override(
    state: State<'_, AppState>,
    draft: CalendarOverrideDraft,
) -> IpcResult<Vec<DeadlineShift>> {
    state.read(|o, _| o.preview_calendar_override(&draft))
}

/// Where exported documents go: `MCU_EXPORT_DIR`, else Documents/МЦУ-Дежурный.
pub fn export_dir() -> std::path::PathBuf {
    mcu_core::env::documents_dir(
        std::env::var_os("MCU_EXPORT_DIR"),
        dirs::document_dir(),
        dirs::home_dir(),
    )
}

/// Writes the handover note of `day` and returns the file's path.
#[tauri::command]
pub fn export_handover(
    state: State<'_, AppState>,
    day: String,
    format: String,
) -> IpcResult<String> {
    let day = date("date", &day)?;
    let fmt = mcu_reports::DocFormat::from_code(&format)
        .ok_or_else(|| CoreError::field("format", "Формат: pdf, docx или txt.").to_public())?;
    let operator = state.operator().unwrap_or_default();
    let now = state.clock.now();
    let note = state.read(|o, now| o.handover(day, now, &operator))?;
    let doc = mcu_reports::handover::handover_document(&note);
    let path = export_dir().join(format!(
        "Сводка_{}_{}.{}",
        day.format("%Y-%m-%d"),
        now.format("%H%M%S"),
        fmt.extension()
    ));
    mcu_reports::write(&doc, fmt, &path)
        .map_err(|e| CoreError::Io(std::io::Error::other(e.to_string())).to_public())?;
    Ok(path.display().to_string())
}

/// Opens the system print dialog for the window (the handover preview).
#[tauri::command]
pub fn print_window(window: tauri::WebviewWindow) -> IpcResult<()> {
    window
        .print()
        .map_err(|e| CoreError::Io(std::io::Error::other(e.to_string())).to_public())
}
