//! Road maps: the measures against root causes, saved with their history.

use mcu_core::model::AuditEntry;
use mcu_core::roadmap::{RoadMapDraft, RoadMapRow};
use mcu_reports::PrintFormat;
use tauri::State;

use super::IpcResult;
use crate::state::AppState;

#[tauri::command]
pub fn road_map(state: State<'_, AppState>) -> IpcResult<Vec<RoadMapRow>> {
    state.read(|o, now| o.road_map(now.date()))
}

/// Saves a measure; returns its id.
#[tauri::command]
pub fn save_road_map(state: State<'_, AppState>, draft: RoadMapDraft) -> IpcResult<i64> {
    state.write(|o, a| o.save_road_map(&draft, a))
}

#[tauri::command]
pub fn road_map_history(state: State<'_, AppState>, id: i64) -> IpcResult<Vec<AuditEntry>> {
    state.read(|o, _| o.road_map_history(id))
}

/// Writes the road map as a PDF or DOCX document; returns the file's path.
#[tauri::command]
pub fn export_road_map(state: State<'_, AppState>, format: PrintFormat) -> IpcResult<String> {
    let operator = state.operator().unwrap_or_default();
    let plan = state.read(|o, now| o.road_map_plan(now, &operator))?;
    let path = super::control::export_dir().join(format!(
        "Дорожная_карта_{}.{}",
        plan.made_at.format("%Y-%m-%d_%H%M%S"),
        format.extension()
    ));
    let doc = mcu_reports::roadmap::plan_document(&plan);
    mcu_reports::write(&doc, format.into(), &path)?;
    Ok(path.display().to_string())
}
