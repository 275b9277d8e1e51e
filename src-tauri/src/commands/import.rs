//! File imports: the mappings, a preview of the first rows exactly as they
//! will be stored, and the import itself (one transaction; the summary says
//! what was imported, updated, already present and rejected).

use std::path::PathBuf;

use mcu_core::db::audit::Actor;
use mcu_core::{CoreError, PublicError};
use mcu_import::{ImportOptions, ImportSummary, MappingInfo, Preview};
use tauri::State;

use super::IpcResult;
use super::control::export_dir;
use crate::state::AppState;

fn path_of(file: &str) -> Result<PathBuf, PublicError> {
    let p = PathBuf::from(file.trim());
    if file.trim().is_empty() {
        return Err(CoreError::field("file", "Укажите файл для импорта.").to_public());
    }
    if !p.is_file() {
        return Err(CoreError::field("file", "Файл не найден: проверьте путь.").to_public());
    }
    Ok(p)
}

/// The shipped and saved mappings.
#[tauri::command]
pub fn import_mappings(state: State<'_, AppState>) -> IpcResult<Vec<MappingInfo>> {
    mcu_import::list_mappings(state.office()?).map_err(|e| e.to_public())
}

/// Files offered for import: the folder «Импорт» next to the exports.
#[tauri::command]
pub fn import_folder_files() -> IpcResult<(String, Vec<String>)> {
    let dir = export_dir().join("Импорт");
    let mut files: Vec<String> = std::fs::read_dir(&dir)
        .map(|rd| {
            rd.filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| {
                    let ext = p
                        .extension()
                        .and_then(|e| e.to_str())
                        .unwrap_or("")
                        .to_lowercase();
                    let name = p.to_string_lossy();
                    ["csv", "xlsx", "xls", "ods"].contains(&ext.as_str())
                        && !name.contains(".rejected.")
                })
                .map(|p| p.display().to_string())
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    Ok((dir.display().to_string(), files))
}

#[tauri::command]
pub async fn import_preview(
    state: State<'_, AppState>,
    file: String,
    mapping: String,
) -> IpcResult<Preview> {
    let path = path_of(&file)?;
    let office = state.office()?;
    let m = mcu_import::load_mapping(office, &mapping).map_err(|e| e.to_public())?;
    mcu_import::preview_file(office, &path, &m, state.clock.now(), 20).map_err(|e| e.to_public())
}

#[tauri::command]
pub async fn import_run(
    state: State<'_, AppState>,
    file: String,
    mapping: String,
    dry_run: bool,
) -> IpcResult<ImportSummary> {
    let path = path_of(&file)?;
    let office = state.office()?;
    let operator = state.operator()?;
    let m = mcu_import::load_mapping(office, &mapping).map_err(|e| e.to_public())?;
    let opts = ImportOptions {
        mapping: &m,
        actor: Actor {
            operator: &operator,
            at: state.clock.now(),
        },
        dry_run,
        rejects_path: None,
        progress: None,
        cancel: None,
    };
    mcu_import::import_file(office, &path, &opts).map_err(|e| e.to_public())
}
