//! Deadline control: the control screen, timeliness figures, the handover
//! note, notification settings, calendar change preview.

use mcu_core::control::ControlScreen;
use mcu_core::deadlines::DeadlineShift;
use mcu_core::handover::HandoverNote;
use mcu_core::notify::NotifySettings;
use mcu_core::period;
use mcu_core::reference::CalendarOverrideDraft;
use mcu_core::timeliness::{GroupBy, Timeliness};
use mcu_core::{ErrorCode, PublicError};
use mcu_reports::DocFormat;
use tauri::State;

use super::IpcResult;
use crate::state::AppState;

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
    let (from, to) = period::full_period(&from, &to)?;
    state.read(|o, now| o.timeliness(from, to, by, now.date()))
}

#[tauri::command]
pub fn handover(state: State<'_, AppState>, day: String) -> IpcResult<HandoverNote> {
    let day = period::date("date", &day)?;
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
    format: DocFormat,
) -> IpcResult<String> {
    let day = period::date("date", &day)?;
    let operator = state.operator().unwrap_or_default();
    let now = state.clock.now();
    let note = state.read(|o, now| o.handover(day, now, &operator))?;
    let doc = mcu_reports::handover::handover_document(&note);
    let path = export_dir().join(format!(
        "Сводка_{}_{}.{}",
        day.format("%Y-%m-%d"),
        now.format("%H%M%S"),
        format.extension()
    ));
    mcu_reports::write(&doc, format, &path)?;
    Ok(path.display().to_string())
}

/// Opens the system print dialog for the window (the handover preview).
#[tauri::command]
pub fn print_window(window: tauri::WebviewWindow) -> IpcResult<()> {
    // A print-out that could not be started is `render`, like a document
    // that could not be made; the webview's own words follow.
    window
        .print()
        .map_err(|e| PublicError::new(ErrorCode::Render, format!("Не удалось открыть печать: {e}")))
}
