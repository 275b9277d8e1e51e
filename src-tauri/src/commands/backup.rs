//! Backup copies of the database: the tab in Справочники and the automatic
//! copy made while the window is open.

use std::time::Duration;

use mcu_core::backup::{BackupMade, BackupSettings, BackupState};
use tauri::{AppHandle, Emitter, Manager, State};

use super::IpcResult;
use super::control::export_dir;
use crate::state::AppState;

/// The folder used when the office has not chosen one.
fn default_dir() -> std::path::PathBuf {
    mcu_core::env::default_backup_dir(&export_dir())
}

#[tauri::command]
pub fn backups(state: State<'_, AppState>) -> IpcResult<BackupState> {
    state.read(|o, now| o.backups(&default_dir(), now))
}

#[tauri::command]
pub fn save_backup_settings(
    state: State<'_, AppState>,
    settings: BackupSettings,
) -> IpcResult<BackupState> {
    state.write(|o, a| o.save_backup_settings(&settings, a))?;
    backups(state)
}

/// «Сделать копию сейчас».
#[tauri::command]
pub async fn make_backup(state: State<'_, AppState>) -> IpcResult<BackupMade> {
    state.read(|o, now| o.make_backup(&default_dir(), now, false))
}

/// Replaces the database with the copy at `path` (the window reloads after);
/// returns where the replaced database was saved.
#[tauri::command]
pub async fn restore_backup(state: State<'_, AppState>, path: String) -> IpcResult<Option<String>> {
    let saved = state.restore(std::path::Path::new(&path))?;
    Ok(saved.map(|p| p.display().to_string()))
}

/// How often the window looks whether an automatic copy is due.
const CHECK_EVERY: Duration = Duration::from_secs(10 * 60);

/// Makes the automatic copy when it is due: shortly after start, then every
/// ten minutes (a window left open for days still gets its daily copy).
/// A failure reaches the window as `backup-failed`; a copy made is seen in
/// the tab (a notice for it would cover the operator's own notices).
pub fn start(app: AppHandle) {
    std::thread::spawn(move || {
        std::thread::sleep(Duration::from_secs(3));
        loop {
            let state = app.state::<AppState>();
            if let Ok(office) = state.office()
                && let Err(e) = office.backup_if_due(&default_dir(), state.clock.now())
            {
                eprintln!("автоматическая копия: {e}");
                let _ = app.emit("backup-failed", e.to_public().message);
            }
            std::thread::sleep(CHECK_EVERY);
        }
    });
}
