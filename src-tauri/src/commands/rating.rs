//! The rating of responsible recipients and its settings.

use mcu_core::rating::{Rating, RatingSettings};
use mcu_core::timeliness::GroupBy;
use tauri::State;

use super::IpcResult;
use crate::state::AppState;

/// Without dates: from the start of this quarter to today (the window shows
/// the period it got).
#[tauri::command]
pub fn rating(
    state: State<'_, AppState>,
    from: Option<String>,
    to: Option<String>,
    by: GroupBy,
) -> IpcResult<Rating> {
    let (from, to) = mcu_core::period::period(from.as_deref(), to.as_deref())?;
    state.read(|o, now| {
        let today = now.date();
        let from = from.unwrap_or(mcu_core::rating::quarter_start(today));
        o.rating(from, to.unwrap_or(today), by, today)
    })
}

#[tauri::command]
pub fn save_rating_settings(
    state: State<'_, AppState>,
    settings: RatingSettings,
) -> IpcResult<RatingSettings> {
    state.write(|o, a| o.save_rating_settings(&settings, a))?;
    state.read(|o, _| o.rating_settings())
}
