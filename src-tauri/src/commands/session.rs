//! Who is on duty, which database is open, what time it is.

use serde::Serialize;
use tauri::State;
use ts_rs::TS;

use super::IpcResult;
use crate::state::AppState;

#[derive(Serialize, TS)]
#[ts(export)]
pub struct Session {
    operator: Option<String>,
    db_path: String,
    /// The clock's "now", `2026-11-27T10:00:00`.
    now: String,
    /// Why the database could not be opened, if so.
    error: Option<mcu_core::PublicError>,
}

#[tauri::command]
pub fn session(state: State<'_, AppState>) -> Session {
    Session {
        operator: state
            .operator
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone(),
        db_path: state.db_path.display().to_string(),
        now: state.clock.now().format("%Y-%m-%dT%H:%M:%S").to_string(),
        error: state.open_error(),
    }
}

#[tauri::command]
pub fn set_operator(state: State<'_, AppState>, name: String) -> IpcResult<String> {
    let name = state.office()?.set_operator(&name)?;
    *state.operator.lock().unwrap_or_else(|p| p.into_inner()) = Some(name.clone());
    Ok(name)
}

/// Ctrl+Q: ends the program the way closing its window does (the exit
/// handler in lib.rs empties the write-ahead log into the database file).
#[tauri::command]
pub fn quit(app: tauri::AppHandle) {
    app.exit(0);
}
