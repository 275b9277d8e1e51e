//! File imports: the mappings, a preview of the first rows exactly as they
//! will be stored, and the import itself (one transaction; the summary says
//! what was imported, updated, already present and rejected).

use mcu_core::Actor;
use mcu_core::PublicError;
use std::sync::atomic::Ordering;

use mcu_import::builder::MappingForm;
use mcu_import::{ImportOptions, ImportSummary, Mapping, MappingInfo, Preview, Progress};
use serde::Serialize;
use tauri::{AppHandle, Emitter, State};
use ts_rs::TS;

use super::IpcResult;
use super::control::export_dir;
use crate::state::AppState;

/// The shipped and saved mappings.
#[tauri::command]
pub fn import_mappings(state: State<'_, AppState>) -> IpcResult<Vec<MappingInfo>> {
    Ok(mcu_import::list_mappings(&*state.office()?)?)
}

/// The folder «Импорт» next to the exports and the files in it.
#[derive(Serialize, TS)]
#[ts(export)]
pub struct ImportFolder {
    pub folder: String,
    /// CSV and workbooks, without rejects files, sorted.
    pub files: Vec<String>,
}

/// Files offered for import: the folder «Импорт» next to the exports.
#[tauri::command]
pub fn import_folder_files() -> IpcResult<ImportFolder> {
    let dir = export_dir().join("Импорт");
    let files = mcu_import::inbox::importable_files(&dir)
        .iter()
        .map(|p| p.display().to_string())
        .collect();
    Ok(ImportFolder {
        folder: dir.display().to_string(),
        files,
    })
}

/// The mapping to use: the text being built in the window, else a saved or
/// shipped one by name.
fn mapping_for(
    office: &mcu_core::Office,
    name: &str,
    text: Option<&str>,
) -> Result<Mapping, PublicError> {
    Ok(match text.filter(|t| !t.trim().is_empty()) {
        Some(t) => Mapping::from_toml(t),
        None => mcu_import::load_mapping(office, name),
    }?)
}

#[tauri::command]
pub async fn import_preview(
    state: State<'_, AppState>,
    file: String,
    mapping: String,
    mapping_text: Option<String>,
) -> IpcResult<Preview> {
    let path = mcu_import::inbox::input_file(&file)?;
    let office = &*state.office()?;
    let m = mapping_for(office, &mapping, mapping_text.as_deref())?;
    Ok(mcu_import::preview_file(
        office,
        &path,
        &m,
        state.clock.now(),
        20,
    )?)
}

/// Runs the import; `import-progress` events report the rows read and the
/// position in the file; `import_cancel` stops it and rolls everything back.
#[tauri::command]
pub async fn import_run(
    app: AppHandle,
    state: State<'_, AppState>,
    file: String,
    mapping: String,
    mapping_text: Option<String>,
    dry_run: bool,
) -> IpcResult<ImportSummary> {
    let path = mcu_import::inbox::input_file(&file)?;
    let office = &*state.office()?;
    let operator = state.operator()?;
    let m = mapping_for(office, &mapping, mapping_text.as_deref())?;
    state.import_cancel.store(false, Ordering::SeqCst);
    let progress = |p: Progress| {
        // A lost progress event only delays the bar; the import goes on.
        let _ = app.emit("import-progress", p);
    };
    let opts = ImportOptions {
        mapping: &m,
        actor: Actor {
            operator: &operator,
            at: state.clock.now(),
        },
        dry_run,
        rejects_path: None,
        progress: Some(&progress),
        cancel: Some(&state.import_cancel),
    };
    Ok(mcu_import::import_file(office, &path, &opts)?)
}

#[tauri::command]
pub fn import_cancel(state: State<'_, AppState>) {
    state.import_cancel.store(true, Ordering::SeqCst);
}

/// The header of a file (for building a mapping).
#[tauri::command]
pub async fn import_file_columns(file: String) -> IpcResult<Vec<String>> {
    let path = mcu_import::inbox::input_file(&file)?;
    Ok(mcu_import::builder::file_columns(
        &path,
        &Default::default(),
    )?)
}

/// The text of a saved or shipped mapping, to start a new one from.
#[tauri::command]
pub fn mapping_text(state: State<'_, AppState>, name: String) -> IpcResult<String> {
    Ok(mapping_for(&*state.office()?, &name, None)?.to_toml())
}

/// A new mapping for a file's columns (as `import_file_columns` read them):
/// columns named like fields are already mapped.
#[tauri::command]
pub fn mapping_draft(columns: Vec<String>, name: String) -> String {
    mcu_import::builder::draft_for(&columns, &name)
}

#[tauri::command]
pub fn mapping_form(text: String) -> IpcResult<MappingForm> {
    Ok(mcu_import::builder::form_of(&text)?)
}

#[tauri::command]
pub fn mapping_apply_form(text: String, form: MappingForm) -> IpcResult<String> {
    Ok(mcu_import::builder::apply_form(&text, &form)?)
}

/// Checks and saves the mapping under its name (audited); returns the list.
#[tauri::command]
pub fn mapping_save(state: State<'_, AppState>, text: String) -> IpcResult<Vec<MappingInfo>> {
    let office = &*state.office()?;
    let operator = state.operator()?;
    let m = Mapping::from_toml(&text)?;
    let actor = Actor {
        operator: &operator,
        at: state.clock.now(),
    };
    mcu_import::save_mapping(office, &m, &actor)?;
    Ok(mcu_import::list_mappings(office)?)
}
