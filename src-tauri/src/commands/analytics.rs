//! Analytics: the heat map, the schematic map, growth and dynamics, each
//! with its SVG picture for the window; charts saved as SVG, PNG (or CSV for
//! the heat map's figures) into the export folder.

use chrono::NaiveDate;
use mcu_core::analytics::dynamics::{Dynamics, SeriesBy};
use mcu_core::analytics::heatmap::{Heatmap, HeatmapQuery};
use mcu_core::analytics::map::SettlementMap;
use mcu_core::analytics::trends::{TrendParams, Trends};
use mcu_core::{CoreError, PublicError};
use mcu_reports::charts::{
    Chart, ChartError, ChartFormat, Rendered, dynamics_chart, heatmap_chart, map_chart,
};
use serde::{Deserialize, Serialize};
use tauri::State;

use super::IpcResult;
use super::control::export_dir;
use crate::state::AppState;

fn chart_error(e: ChartError) -> PublicError {
    CoreError::Io(std::io::Error::other(e.to_string())).to_public()
}

fn svg(c: Chart) -> Rendered {
    match c {
        Chart::Svg(r) => r,
        Chart::Png(_) => unreachable!("asked for SVG"),
    }
}

fn optional_date(field: &str, s: &Option<String>) -> Result<Option<NaiveDate>, PublicError> {
    match s.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        None => Ok(None),
        Some(s) => mcu_core::period::parse_date(s)
            .map(Some)
            .ok_or_else(|| CoreError::field(field, "Дата в виде ДД.ММ.ГГГГ.").to_public()),
    }
}

fn check_period(q: &HeatmapQuery) -> Result<(), PublicError> {
    if let (Some(f), Some(t)) = (q.from, q.to)
        && f > t
    {
        return Err(CoreError::field("to", "Конец периода раньше начала.").to_public());
    }
    Ok(())
}

#[derive(Serialize)]
pub struct HeatmapView {
    pub heatmap: Heatmap,
    pub chart: Rendered,
}

#[tauri::command]
pub fn heatmap(state: State<'_, AppState>, query: HeatmapQuery) -> IpcResult<HeatmapView> {
    check_period(&query)?;
    let heatmap = state.read(|o, _| o.heatmap(&query))?;
    let chart = svg(heatmap_chart(&heatmap, ChartFormat::Svg).map_err(chart_error)?);
    Ok(HeatmapView { heatmap, chart })
}

#[derive(Serialize)]
pub struct MapView {
    pub map: SettlementMap,
    pub chart: Rendered,
}

#[tauri::command]
pub fn settlement_map(state: State<'_, AppState>, query: HeatmapQuery) -> IpcResult<MapView> {
    check_period(&query)?;
    let map = state.read(|o, _| o.settlement_map(&query))?;
    let chart = svg(map_chart(&map, ChartFormat::Svg).map_err(chart_error)?);
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
    let w = week.trim();
    let day = if w.is_empty() {
        mcu_core::analytics::week::week_start(state.clock.now().date()) - chrono::Duration::weeks(1)
    } else {
        mcu_core::analytics::week::parse_week(w)
            .or_else(|| mcu_core::period::parse_date(w))
            .ok_or_else(|| {
                CoreError::field("week", "Неделя в виде 2026-W47 или дата ДД.ММ.ГГГГ.").to_public()
            })?
    };
    let params = params.unwrap_or_default();
    state.read(|o, _| o.trends(day, &params))
}

#[derive(Debug, Clone, Deserialize)]
pub struct DynamicsRequest {
    pub from: Option<String>,
    pub to: Option<String>,
    pub by: SeriesBy,
    pub monthly: bool,
    pub bars: bool,
}

#[derive(Serialize)]
pub struct DynamicsView {
    pub dynamics: Dynamics,
    pub chart: Rendered,
}

fn load_dynamics(state: &AppState, r: &DynamicsRequest) -> Result<Dynamics, PublicError> {
    let (from, to) = (optional_date("from", &r.from)?, optional_date("to", &r.to)?);
    if let (Some(f), Some(t)) = (from, to)
        && f > t
    {
        return Err(CoreError::field("to", "Конец периода раньше начала.").to_public());
    }
    state.read(|o, _| o.dynamics(from, to, r.by, r.monthly))
}

#[tauri::command]
pub fn dynamics(state: State<'_, AppState>, request: DynamicsRequest) -> IpcResult<DynamicsView> {
    let dynamics = load_dynamics(&state, &request)?;
    let chart =
        svg(dynamics_chart(&dynamics, request.bars, ChartFormat::Svg).map_err(chart_error)?);
    Ok(DynamicsView { dynamics, chart })
}

/// What to save: one of the three pictures with its parameters.
#[derive(Debug, Clone, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ChartRequest {
    Heatmap { query: HeatmapQuery },
    Map { query: HeatmapQuery },
    Dynamics { request: DynamicsRequest },
}

/// Saves a chart as `svg` or `png` (or the heat map's figures as `csv`) in
/// the export folder and returns the file's path.
#[tauri::command]
pub fn export_chart(
    state: State<'_, AppState>,
    chart: ChartRequest,
    format: String,
) -> IpcResult<String> {
    let csv = format.trim().eq_ignore_ascii_case("csv");
    let fmt = ChartFormat::from_code(&format);
    if fmt.is_none() && !(csv && matches!(chart, ChartRequest::Heatmap { .. })) {
        return Err(CoreError::field(
            "format",
            "Формат: svg или png (для тепловой карты также csv).",
        )
        .to_public());
    }
    let fmt = fmt.unwrap_or(ChartFormat::Svg);
    let (name, bytes) = match &chart {
        ChartRequest::Heatmap { query } => {
            check_period(query)?;
            let h = state.read(|o, _| o.heatmap(query))?;
            let bytes = if csv {
                mcu_core::analytics::heatmap::to_csv(&h).into_bytes()
            } else {
                heatmap_chart(&h, fmt).map_err(chart_error)?.bytes()
            };
            ("Тепловая_карта", bytes)
        }
        ChartRequest::Map { query } => {
            check_period(query)?;
            let m = state.read(|o, _| o.settlement_map(query))?;
            (
                "Карта_района",
                map_chart(&m, fmt).map_err(chart_error)?.bytes(),
            )
        }
        ChartRequest::Dynamics { request } => {
            let d = load_dynamics(&state, request)?;
            (
                "Динамика",
                dynamics_chart(&d, request.bars, fmt)
                    .map_err(chart_error)?
                    .bytes(),
            )
        }
    };
    let ext = if csv { "csv" } else { fmt.extension() };
    let path = export_dir().join(format!(
        "{name}_{}.{ext}",
        state.clock.now().format("%Y-%m-%d_%H%M%S")
    ));
    mcu_reports::write_bytes(&bytes, &path)
        .map_err(|e| CoreError::Io(std::io::Error::other(e.to_string())).to_public())?;
    Ok(path.display().to_string())
}

#[derive(Serialize)]
pub struct CellJournal {
    pub query: mcu_core::model::JournalQuery,
    /// False for a "not given" row or column: the journal shows a superset.
    pub exact: bool,
}

/// The journal filter behind a heat map cell.
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
        .to_public());
    }
    let (query, exact) = mcu_core::analytics::heatmap::cell_query(&h, row, col);
    Ok(CellJournal { query, exact })
}
