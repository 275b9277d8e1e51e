//! Analytics: the heat map, the schematic map, growth and dynamics, each
//! with its SVG picture for the window; charts saved as SVG, PNG (or CSV for
//! the heat map's figures) into the export folder.

use mcu_core::CoreError;
use mcu_core::analytics::dynamics::{Dynamics, SeriesBy};
use mcu_core::analytics::heatmap::{Heatmap, HeatmapQuery};
use mcu_core::analytics::map::SettlementMap;
use mcu_core::analytics::trends::{TrendParams, Trends};
use mcu_core::period;
use mcu_reports::charts::{
    Chart, ChartFileFormat, ChartFormat, Rendered, dynamics_chart, heatmap_chart, heatmap_file,
    map_chart, picture_only,
};
use serde::{Deserialize, Serialize};
use tauri::State;
use ts_rs::TS;

use super::IpcResult;
use super::control::export_dir;
use crate::state::AppState;

fn svg(c: Chart) -> Rendered {
    match c {
        Chart::Svg(r) => r,
        Chart::Png(_) => unreachable!("asked for SVG"),
    }
}

#[derive(Serialize, TS)]
#[ts(export)]
pub struct HeatmapView {
    pub heatmap: Heatmap,
    pub chart: Rendered,
}

fn load_heatmap(state: &AppState, query: &HeatmapQuery) -> IpcResult<Heatmap> {
    period::ordered(query.from, query.to)?;
    state.read(|o, _| o.heatmap(query))
}

#[tauri::command]
pub fn heatmap(state: State<'_, AppState>, query: HeatmapQuery) -> IpcResult<HeatmapView> {
    let heatmap = load_heatmap(&state, &query)?;
    let chart = svg(heatmap_chart(&heatmap, ChartFormat::Svg)?);
    Ok(HeatmapView { heatmap, chart })
}

#[derive(Serialize, TS)]
#[ts(export)]
pub struct MapView {
    pub map: SettlementMap,
    pub chart: Rendered,
}

fn load_map(state: &AppState, query: &HeatmapQuery) -> IpcResult<SettlementMap> {
    period::ordered(query.from, query.to)?;
    state.read(|o, _| o.settlement_map(query))
}

#[tauri::command]
pub fn settlement_map(state: State<'_, AppState>, query: HeatmapQuery) -> IpcResult<MapView> {
    let map = load_map(&state, &query)?;
    let chart = svg(map_chart(&map, ChartFormat::Svg)?);
    Ok(MapView { map, chart })
}

/// The problem points of a week: `week` is "2026-W47" or any date in it;
/// empty means the last full week.
#[tauri::command]
pub fn trends(
    state: State<'_, AppState>,
    week: String,
    params: Option<TrendParams>,
) -> IpcResult<Trends> {
    let monday = period::week("week", Some(week.as_str()), state.clock.now().date())?;
    let params = params.unwrap_or_default();
    state.read(|o, _| o.trends(monday, &params))
}

/// The dynamics' period (dates as typed, empty for open ends) and series.
#[derive(Debug, Clone, Deserialize, TS)]
#[ts(export)]
pub struct DynamicsRequest {
    pub from: Option<String>,
    pub to: Option<String>,
    pub by: SeriesBy,
    pub monthly: bool,
    pub bars: bool,
}

#[derive(Serialize, TS)]
#[ts(export)]
pub struct DynamicsView {
    pub dynamics: Dynamics,
    pub chart: Rendered,
}

fn load_dynamics(state: &AppState, r: &DynamicsRequest) -> IpcResult<Dynamics> {
    let (from, to) = period::period(r.from.as_deref(), r.to.as_deref())?;
    state.read(|o, _| o.dynamics(from, to, r.by, r.monthly))
}

#[tauri::command]
pub fn dynamics(state: State<'_, AppState>, request: DynamicsRequest) -> IpcResult<DynamicsView> {
    let dynamics = load_dynamics(&state, &request)?;
    let chart = svg(dynamics_chart(&dynamics, request.bars, ChartFormat::Svg)?);
    Ok(DynamicsView { dynamics, chart })
}

/// What to save: one of the three pictures with its parameters.
#[derive(Debug, Clone, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[ts(export)]
pub enum ChartRequest {
    Heatmap { query: HeatmapQuery },
    Map { query: HeatmapQuery },
    Dynamics { request: DynamicsRequest },
}

/// Saves a chart as SVG or PNG (or the heat map's figures as CSV) in the
/// export folder and returns the file's path.
#[tauri::command]
pub fn export_chart(
    state: State<'_, AppState>,
    chart: ChartRequest,
    format: ChartFileFormat,
) -> IpcResult<String> {
    let (name, bytes) = match &chart {
        ChartRequest::Heatmap { query } => {
            let h = load_heatmap(&state, query)?;
            ("Тепловая_карта", heatmap_file(&h, format)?)
        }
        ChartRequest::Map { query } => {
            let picture = picture_only(format)?;
            let m = load_map(&state, query)?;
            ("Карта_района", map_chart(&m, picture)?.bytes())
        }
        ChartRequest::Dynamics { request } => {
            let picture = picture_only(format)?;
            let d = load_dynamics(&state, request)?;
            (
                "Динамика",
                dynamics_chart(&d, request.bars, picture)?.bytes(),
            )
        }
    };
    let path = export_dir().join(format!(
        "{name}_{}.{}",
        state.clock.now().format("%Y-%m-%d_%H%M%S"),
        format.extension()
    ));
    mcu_reports::write_bytes(&bytes, &path)?;
    Ok(path.display().to_string())
}

/// The journal filter behind a heat map cell.
#[derive(Serialize, TS)]
#[ts(export)]
pub struct CellJournal {
    pub query: mcu_core::model::JournalQuery,
    /// False for a "not given" row or column: the journal shows a superset.
    pub exact: bool,
}

#[tauri::command]
pub fn heatmap_cell(
    state: State<'_, AppState>,
    query: HeatmapQuery,
    row: usize,
    col: usize,
) -> IpcResult<CellJournal> {
    let h = state.read(|o, _| o.heatmap(&query))?;
    if row >= h.rows.len() || col >= h.cols.len() {
        return Err(CoreError::NotFound(
            "Ячейка тепловой карты не найдена: данные изменились, обновите карту.".into(),
        )
        .into());
    }
    let (query, exact) = mcu_core::analytics::heatmap::cell_query(&h, row, col);
    Ok(CellJournal { query, exact })
}
