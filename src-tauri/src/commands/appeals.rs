//! The journal, cards, registration, edits and lifecycle actions.

use mcu_core::PublicError;
use mcu_core::appeals::ActionRequest;
use mcu_core::deadline::Deadline;
use mcu_core::model::{AppealCard, AppealDraft, AppealKind, JournalPage, JournalQuery, JournalRow};
use tauri::State;

use super::IpcResult;
use crate::state::AppState;

#[tauri::command]
pub fn journal(state: State<'_, AppState>, query: JournalQuery) -> IpcResult<JournalPage> {
    state.read(|o, now| o.journal(&query, now.date()))
}

#[tauri::command]
pub fn card(state: State<'_, AppState>, id: i64) -> IpcResult<AppealCard> {
    state.read(|o, now| o.card(id, now.date()))
}

/// The earlier appeals of the applicant being typed into the form (newest
/// first, without the appeal being edited).
#[tauri::command]
pub fn applicant_appeals(
    state: State<'_, AppState>,
    name: String,
    except: Option<i64>,
) -> IpcResult<Vec<JournalRow>> {
    state.read(|o, now| o.applicant_appeals(&name, except, now.date()))
}

#[tauri::command]
pub fn register(state: State<'_, AppState>, draft: AppealDraft) -> IpcResult<AppealCard> {
    let id = state.write(|o, a| o.register(&draft, a))?;
    state.read(|o, now| o.card(id, now.date()))
}

#[tauri::command]
pub fn update(
    state: State<'_, AppState>,
    id: i64,
    version: i64,
    draft: AppealDraft,
) -> IpcResult<AppealCard> {
    state.write(|o, a| o.update(id, version, &draft, a))?;
    state.read(|o, now| o.card(id, now.date()))
}

#[tauri::command]
pub fn act(
    state: State<'_, AppState>,
    id: i64,
    version: i64,
    request: ActionRequest,
) -> IpcResult<AppealCard> {
    state.write(|o, a| o.act(id, version, &request, a))?;
    state.read(|o, now| o.card(id, now.date()))
}

fn kind_of(kind: &str) -> IpcResult<AppealKind> {
    AppealKind::from_code(kind).ok_or_else(|| PublicError::field("kind", "Выберите вид обращения."))
}

#[tauri::command]
pub fn deadline_preview(
    state: State<'_, AppState>,
    kind: String,
    registered_at: String,
    questions: Vec<String>,
) -> IpcResult<Deadline> {
    let kind = kind_of(&kind)?;
    let at = mcu_core::period::moment("registered_at", &registered_at)?;
    state.read(|o, _| o.deadline_preview(kind, at, &questions))
}

#[tauri::command]
pub fn next_number(
    state: State<'_, AppState>,
    kind: String,
    registered_at: String,
) -> IpcResult<String> {
    let kind = kind_of(&kind)?;
    let at = mcu_core::period::moment("registered_at", &registered_at)?;
    state.read(|o, _| o.next_number(kind, at.date()))
}
