//! Analytics charts of МЦУ·Дежурный — a heat map, a schematic map of settlements and the
//! dynamics of several series — rendered with plotters as SVG (shown in the app window) and
//! PNG (placed in documents).
//!
//! The crate draws plain data: it knows nothing about appeals, the database or Tauri. Text is
//! drawn with the embedded DejaVu Sans (Cyrillic included), so a PNG is the same on every PC;
//! the SVG keeps text as text. Each chart is laid out once in CSS pixels and drawn twice by the
//! same code: 1:1 into the SVG and at [`PNG_SCALE`]× into the PNG, so both show the same layout
//! and the [`CellBox`]es of an SVG locate the cells of the PNG too (times the scale).
//!
//! Files: `font.rs` (embedded font, measuring, truncation), `scale.rs` (colour scale, palette,
//! number format), `canvas.rs` (backend-independent drawing), `heatmap.rs`, `map.rs`, `lines.rs`
//! (the charts), `common.rs` (title block, legend bar, empty picture).

mod canvas;
mod common;
mod font;
mod heatmap;
mod lines;
mod map;
mod scale;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

pub use canvas::PNG_SCALE;
pub use font::SVG_FONT_FAMILY;
pub use heatmap::{HeatmapSpec, heatmap_png, heatmap_svg};
pub use lines::{LineSpec, Series, lines_png, lines_svg};
pub use map::{MapPoint, MapSpec, map_png, map_svg};
pub use scale::{Rgb, format_value, palette, scale_color, text_color_on};

/// SVG for the window, PNG for letters and documents.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
#[cfg_attr(feature = "clap", derive(clap::ValueEnum))]
#[ts(export)]
pub enum ChartFormat {
    Svg,
    Png,
}

impl ChartFormat {
    pub fn extension(self) -> &'static str {
        match self {
            ChartFormat::Svg => "svg",
            ChartFormat::Png => "png",
        }
    }
}

/// Where a data item is drawn, in SVG user units (CSS pixels), so the app can put hover
/// tooltips and click targets exactly over the picture. In a PNG multiply by [`PNG_SCALE`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct CellBox {
    pub row: usize,
    pub col: usize,
    pub x: f64,
    pub y: f64,
    pub w: f64,
    pub h: f64,
}

/// A rendered SVG with its size and the places of its data items.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Rendered {
    /// A standalone `<svg>` document with `width`, `height` and a `viewBox`.
    pub svg: String,
    pub width: u32,
    pub height: u32,
    pub cells: Vec<CellBox>,
}

/// Why a chart could not be drawn. Messages are in Russian: they may reach the user.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ChartError {
    /// The data do not fit together (e.g. a row of values longer than the column labels).
    #[error("данные диаграммы не согласованы: {0}")]
    Shape(String),
    /// A value, total or coordinate is NaN or infinite.
    #[error("недопустимое значение в данных диаграммы: {0}")]
    NotFinite(String),
    /// The embedded font could not be registered (a broken build, not bad input).
    #[error("не удалось загрузить встроенный шрифт диаграмм")]
    Font,
    /// plotters failed to draw.
    #[error("не удалось нарисовать диаграмму: {0}")]
    Draw(String),
    /// The PNG encoder failed.
    #[error("не удалось записать PNG: {0}")]
    Encode(String),
}

/// Fails with [`ChartError::NotFinite`] naming `what` when a value is NaN or infinite.
pub(crate) fn check_finite<'a>(
    what: &str,
    values: impl IntoIterator<Item = &'a f64>,
) -> Result<(), ChartError> {
    if values.into_iter().all(|v| v.is_finite()) {
        Ok(())
    } else {
        Err(ChartError::NotFinite(what.to_string()))
    }
}
