//! The rating of responsible recipients and its settings.

use mcu_core::rating::{Rating, RatingSettings};
use mcu_core::timeliness::GroupBy;
use tauri::State;

use super::IpcResult;
use super::control::date;
use crate::state::AppState;

#[tauri::command]
pub fn rating(
    state: State<'_, AppState>,
    from: String,
    to: String,
    by: GroupBy,
) -> IpcResult<Rating> {
    let (from, to) = (date("from", &from)?, date("to", &to)?);
    state.read(|o, now| o.rating(from, to, by, now.date()))
}

#[tauri::command]
pub fn save_rating_settings(
    state: State<'_, AppState>,
    settings: RatingSettings,
) -> IpcResult<RatingSettings> {
    state.write(|o, a| o.save_rating_settings(&settings, a))?;
    state.read(|o, _| o.rating_settings())
}
