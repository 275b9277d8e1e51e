//! Reference data: read everything, save the administrator's edits.

use mcu_core::model::Topic;
use mcu_core::reference::*;
use tauri::State;

use super::IpcResult;
use crate::state::AppState;

#[tauri::command]
pub fn reference(state: State<'_, AppState>) -> IpcResult<ReferenceData> {
    state.read(|o, _| o.reference())
}

#[tauri::command]
pub fn topics(state: State<'_, AppState>) -> IpcResult<Vec<Topic>> {
    state.read(|o, _| o.topics())
}

/// Saves through `f`, then returns the fresh reference data for the forms.
fn save<T>(
    state: &AppState,
    f: impl FnOnce(&mcu_core::Office, &mcu_core::Actor<'_>) -> mcu_core::CoreResult<T>,
) -> IpcResult<ReferenceData> {
    state.write(f)?;
    state.read(|o, _| o.reference())
}

#[tauri::command]
pub fn save_block(state: State<'_, AppState>, draft: BlockDraft) -> IpcResult<ReferenceData> {
    save(&state, |o, a| o.save_block(&draft, a))
}

#[tauri::command]
pub fn save_person(state: State<'_, AppState>, draft: PersonDraft) -> IpcResult<ReferenceData> {
    save(&state, |o, a| o.save_person(&draft, a))
}

#[tauri::command]
pub fn save_settlement(
    state: State<'_, AppState>,
    draft: SettlementDraft,
) -> IpcResult<ReferenceData> {
    save(&state, |o, a| o.save_settlement(&draft, a))
}

#[tauri::command]
pub fn save_channel(state: State<'_, AppState>, draft: ChannelDraft) -> IpcResult<ReferenceData> {
    save(&state, |o, a| o.save_channel(&draft, a))
}

#[tauri::command]
pub fn save_topic_mapping(
    state: State<'_, AppState>,
    draft: TopicMappingDraft,
) -> IpcResult<ReferenceData> {
    save(&state, |o, a| o.save_topic_mapping(&draft, a))
}

#[tauri::command]
pub fn save_rule(state: State<'_, AppState>, draft: RuleDraft) -> IpcResult<ReferenceData> {
    save(&state, |o, a| o.save_rule(&draft, a))
}

#[tauri::command]
pub fn retire_rule(state: State<'_, AppState>, id: i64) -> IpcResult<ReferenceData> {
    save(&state, |o, a| o.retire_rule(id, a))
}

#[tauri::command]
pub fn set_calendar_override(
    state: State<'_, AppState>,
    draft: CalendarOverrideDraft,
) -> IpcResult<ReferenceData> {
    save(&state, |o, a| {
        o.set_calendar_override(&draft, a).map(|_| ())
    })
}

#[tauri::command]
pub fn set_number_pattern(state: State<'_, AppState>, pattern: String) -> IpcResult<ReferenceData> {
    save(&state, |o, a| o.set_number_pattern(&pattern, a))
}

/// The office's particulars (names, district, population, signer of letters).
#[tauri::command]
pub fn office_profile(state: State<'_, AppState>) -> IpcResult<mcu_core::profile::OfficeProfile> {
    state.read(|o, _| o.office_profile())
}

#[tauri::command]
pub fn save_office_profile(
    state: State<'_, AppState>,
    profile: mcu_core::profile::OfficeProfile,
) -> IpcResult<ReferenceData> {
    save(&state, |o, a| o.save_office_profile(&profile, a))
}
