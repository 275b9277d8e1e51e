//! The analytics of the core drawn as charts: a heat map, the schematic map
//! and the dynamics, each as SVG (for the window) or PNG (for documents).
//! Only the translation from the core's figures to the chart specs lives
//! here; layout and drawing are mcu-charts'.

use crate::ReportError;
pub use crate::format::{ChartFileFormat, ChartFormat};
pub use mcu_charts::{CellBox, ChartError, Rendered};
use mcu_charts::{
    HeatmapSpec, LineSpec, MapPoint, MapSpec, Series, heatmap_png, heatmap_svg, lines_png,
    lines_svg, map_png, map_svg,
};
use mcu_core::analytics::dynamics::{Dynamics, SeriesBy};
use mcu_core::analytics::heatmap::{ColDim, Heatmap};
use mcu_core::analytics::map::SettlementMap;
use mcu_core::model::fields::show_date as date_ru;

fn period(from: Option<chrono::NaiveDate>, to: Option<chrono::NaiveDate>) -> String {
    match (from, to) {
        (Some(f), Some(t)) => format!("{} — {}", date_ru(f), date_ru(t)),
        _ => "нет данных за период".into(),
    }
}

fn value_label(per_1000: bool) -> (String, u8) {
    if per_1000 {
        ("вопросов на 1000 жителей".into(), 1)
    } else {
        ("вопросов".into(), 0)
    }
}

/// The heat map's chart. Unknown per-1,000 figures are drawn as 0; the
/// settlements concerned are named in the subtitle.
pub fn heatmap_spec(h: &Heatmap) -> HeatmapSpec {
    let (value_label, decimals) = value_label(h.query.per_1000);
    let mut subtitle = period(h.from, h.to);
    if !h.missing_population.is_empty() && h.query.cols == ColDim::Settlement {
        subtitle.push_str(&format!(
            "; население неизвестно: {}",
            h.missing_population.join(", ")
        ));
    }
    let v = |x: &Option<f64>| x.unwrap_or(0.0);
    HeatmapSpec {
        title: format!(
            "Тепловая карта: {} × {}",
            h.query.rows.label(),
            h.query.cols.label().to_lowercase()
        ),
        subtitle,
        row_header: h.query.rows.label().into(),
        col_header: h.query.cols.label().into(),
        row_labels: h.rows.iter().map(|r| r.name.clone()).collect(),
        col_labels: h.cols.iter().map(|c| c.name.clone()).collect(),
        values: h.values.iter().map(|r| r.iter().map(v).collect()).collect(),
        row_totals: h.row_total_values.iter().map(v).collect(),
        col_totals: h.col_total_values.iter().map(v).collect(),
        total: v(&h.total_value),
        value_label,
        decimals,
    }
}

/// The schematic map: only settlements with coordinates can be drawn; the
/// caller lists `m.without_coords` beside it.
pub fn map_spec(m: &SettlementMap) -> MapSpec {
    let (value_label, decimals) = value_label(m.query.per_1000);
    let theme = m
        .query
        .theme
        .map_or_else(|| "все темы".to_string(), |t| t.label().to_string());
    MapSpec {
        title: format!("Карта района: {theme}"),
        subtitle: period(m.from, m.to),
        points: m
            .points
            .iter()
            .filter_map(|p| {
                Some(MapPoint {
                    name: p.name.clone(),
                    lat: p.lat?,
                    lon: p.lon?,
                    value: p.value.unwrap_or(0.0),
                })
            })
            .collect(),
        value_label,
        decimals,
    }
}

pub fn dynamics_spec(d: &Dynamics, bars: bool) -> LineSpec {
    let by = match d.by {
        SeriesBy::Channel => "по каналам",
        SeriesBy::Theme => "по темам",
        SeriesBy::Block => "по отраслевым блокам",
    };
    let step = if d.monthly {
        "по месяцам"
    } else {
        "по неделям"
    };
    LineSpec {
        title: format!("Динамика обращений {by}"),
        subtitle: match (d.labels.first(), d.labels.last()) {
            (Some(a), Some(b)) => format!("{a} — {b}, {step}"),
            _ => "нет данных за период".into(),
        },
        x_labels: d.labels.clone(),
        series: d
            .series
            .iter()
            .map(|s| Series {
                name: s.name.clone(),
                values: s.values.iter().map(|v| *v as f64).collect(),
            })
            .collect(),
        y_label: "обращений".into(),
        bars,
    }
}

/// A chart in either format: SVG text or PNG bytes.
pub enum Chart {
    Svg(Rendered),
    Png(Vec<u8>),
}

impl Chart {
    pub fn bytes(self) -> Vec<u8> {
        match self {
            Chart::Svg(r) => r.svg.into_bytes(),
            Chart::Png(b) => b,
        }
    }
}

pub fn heatmap_chart(h: &Heatmap, f: ChartFormat) -> Result<Chart, ReportError> {
    let spec = heatmap_spec(h);
    Ok(match f {
        ChartFormat::Svg => Chart::Svg(heatmap_svg(&spec)?),
        ChartFormat::Png => Chart::Png(heatmap_png(&spec)?),
    })
}

/// The heat map as a file: its picture, or its figures as CSV.
pub fn heatmap_file(h: &Heatmap, f: ChartFileFormat) -> Result<Vec<u8>, ReportError> {
    match f.picture() {
        Some(p) => Ok(heatmap_chart(h, p)?.bytes()),
        None => Ok(mcu_core::analytics::heatmap::to_csv(h).into_bytes()),
    }
}

/// The picture's format of a chart that has no figures to save (the map,
/// the dynamics): CSV is refused at the field `format`.
pub fn picture_only(f: ChartFileFormat) -> Result<ChartFormat, ReportError> {
    f.picture().ok_or_else(|| {
        ReportError::Unsupported(
            "В CSV сохраняются только цифры тепловой карты; карта и динамика — в SVG или PNG."
                .into(),
        )
    })
}

pub fn map_chart(m: &SettlementMap, f: ChartFormat) -> Result<Chart, ReportError> {
    let spec = map_spec(m);
    Ok(match f {
        ChartFormat::Svg => Chart::Svg(map_svg(&spec)?),
        ChartFormat::Png => Chart::Png(map_png(&spec)?),
    })
}

pub fn dynamics_chart(d: &Dynamics, bars: bool, f: ChartFormat) -> Result<Chart, ReportError> {
    let spec = dynamics_spec(d, bars);
    Ok(match f {
        ChartFormat::Svg => Chart::Svg(lines_svg(&spec)?),
        ChartFormat::Png => Chart::Png(lines_png(&spec)?),
    })
}
