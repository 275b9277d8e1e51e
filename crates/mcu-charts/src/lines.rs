//! Dynamics: weekly or monthly values of several series, as lines or as grouped bars, on a y
//! axis from zero, with a legend of the series in [`palette`] colours.

use plotters::backend::DrawingBackend;
use serde::{Deserialize, Serialize};

use crate::canvas::{Align, Canvas, to_png, to_svg};
use crate::common::{Header, LABEL, MARGIN, center_to_baseline, empty_png, empty_svg};
use crate::font::{clean, max_width, text_width, truncate_chars, truncate_width};
use crate::scale::{INK, MUTED, RULE, Rgb, WHITE, format_value, nice_axis, palette, step_decimals};
use crate::{CellBox, ChartError, Rendered, check_finite};

/// One series: a value per x label.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Series {
    pub name: String,
    pub values: Vec<f64>,
}

/// Several series over the same x labels (weeks «2026-W48», months «2026-11»).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LineSpec {
    pub title: String,
    pub subtitle: String,
    pub x_labels: Vec<String>,
    pub series: Vec<Series>,
    /// The y axis' caption: «обращений».
    pub y_label: String,
    /// Grouped bars instead of lines.
    pub bars: bool,
}

/// Renders the chart as SVG; `cells` holds a box per data point (`row` = series, `col` = x
/// index): the bar, or a small square around the line's marker.
pub fn lines_svg(spec: &LineSpec) -> Result<Rendered, ChartError> {
    let Some(layout) = Layout::new(spec)? else {
        return empty_svg(Header::new(&spec.title, &spec.subtitle));
    };
    let (width, height) = (layout.width as u32, layout.height as u32);
    let svg = to_svg(width, height, |c| layout.draw(c))?;
    Ok(Rendered {
        svg,
        width,
        height,
        cells: layout.cells(),
    })
}

/// Renders the same picture as PNG at [`crate::PNG_SCALE`]× pixel density.
pub fn lines_png(spec: &LineSpec) -> Result<Vec<u8>, ChartError> {
    let Some(layout) = Layout::new(spec)? else {
        return empty_png(Header::new(&spec.title, &spec.subtitle));
    };
    to_png(layout.width as u32, layout.height as u32, |c| {
        layout.draw(c)
    })
}

const PLOT_H: f64 = 320.0;
const PLOT_MIN_W: f64 = 480.0;
const PLOT_MAX_W: f64 = 1100.0;
/// Width per x label of a line chart.
const STEP: f64 = 34.0;
/// Width of one bar in a group, and the space between groups.
const BAR_W: f64 = 12.0;
const GROUP_GAP: f64 = 10.0;
const LEGEND_ROW_H: f64 = 20.0;
const MAX_SERIES_NAME_CHARS: usize = 50;
const LINE_W: f64 = 2.0;
/// The least height of a bar's box (not of the bar drawn).
const MIN_BAR_BOX: f64 = 3.0;
const MARKER_R: f64 = 3.0;
const GRID: Rgb = (0xec, 0xee, 0xf1);
const AXIS: Rgb = (0x9a, 0xa0, 0xa8);

#[derive(Debug, Clone)]
struct Layout {
    width: f64,
    height: f64,
    header: Header,
    bars: bool,
    names: Vec<String>,
    /// (x, y) of each legend item, in rows that wrap at the plot's width.
    legend: Vec<(f64, f64)>,
    x_labels: Vec<String>,
    /// Every how many x labels one is written.
    label_every: usize,
    y_label: String,
    /// Values clamped at 0, `[series][x]`.
    values: Vec<Vec<f64>>,
    ticks: Vec<(f64, String)>,
    top: f64,
    plot: (f64, f64, f64, f64),
}

impl Layout {
    fn new(spec: &LineSpec) -> Result<Option<Self>, ChartError> {
        let n = spec.x_labels.len();
        if n == 0 || spec.series.is_empty() {
            return Ok(None);
        }
        if let Some(s) = spec.series.iter().find(|s| s.values.len() != n) {
            return Err(ChartError::Shape(format!(
                "в ряду «{}» значений {}, подписей оси {n}",
                clean(&s.name),
                s.values.len()
            )));
        }
        check_finite("значения рядов", spec.series.iter().flat_map(|s| &s.values))?;
        crate::font::ensure_registered()?;
        let header = Header::new(&spec.title, &spec.subtitle);
        let ns = spec.series.len();

        let values: Vec<Vec<f64>> = spec
            .series
            .iter()
            .map(|s| s.values.iter().map(|v| v.max(0.0)).collect())
            .collect();
        let vmax = values.iter().flatten().copied().fold(0.0, f64::max);
        // A little headroom: a maximum on the frame's top edge would hide its marker.
        let (mut step, mut top) = nice_axis(vmax * 1.04, 5);
        if step < 1.0 && values.iter().flatten().all(|v| v.fract() == 0.0) {
            // Counts: no "0,5 обращения" on the axis.
            step = 1.0;
            top = (vmax * 1.04).ceil().max(1.0);
        }
        let decimals = step_decimals(step);
        let ticks: Vec<(f64, String)> = (0..)
            .map(|i| f64::from(i) * step)
            .take_while(|v| *v <= top + step / 1000.0)
            .map(|v| (v, format_value(v, decimals)))
            .collect();
        let tick_w = max_width(ticks.iter().map(|(_, t)| t.as_str()), LABEL).ceil();

        let y_label = truncate_width(&clean(&spec.y_label), LABEL, PLOT_H);
        let per_x = if spec.bars {
            (ns as f64 * BAR_W + GROUP_GAP).max(STEP)
        } else {
            STEP
        };
        let plot_w = (n as f64 * per_x).clamp(PLOT_MIN_W, PLOT_MAX_W).round();
        let x_labels: Vec<String> = spec.x_labels.iter().map(|l| clean(l)).collect();
        let x_step = plot_w / n as f64;
        let widest = max_width(x_labels.iter().map(String::as_str), LABEL);
        let label_every = ((widest + 10.0) / x_step).ceil().max(1.0) as usize;
        // The first x label is centred under the first point: it may need more room on the
        // left than the y axis' labels.
        let first_overhang = (text_width(&x_labels[0], LABEL) - x_step).max(0.0) / 2.0;
        let plot_x = (MARGIN + if y_label.is_empty() { 0.0 } else { 22.0 } + tick_w + 8.0)
            .max(MARGIN + first_overhang)
            .ceil();
        let last_shown = (n - 1) / label_every * label_every;
        let last_overhang = (text_width(&x_labels[last_shown], LABEL) / 2.0
            - (n - last_shown) as f64 * x_step
            + x_step / 2.0)
            .max(0.0);

        // The series legend flows in rows over the plot's width.
        let names: Vec<String> = spec
            .series
            .iter()
            .map(|s| truncate_chars(&clean(&s.name), MAX_SERIES_NAME_CHARS))
            .collect();
        let mut legend = Vec::with_capacity(ns);
        let (mut lx, mut ly) = (plot_x, header.height() + 2.0);
        for name in &names {
            let w = 26.0 + text_width(name, LABEL) + 18.0;
            if lx > plot_x && lx + w > plot_x + plot_w {
                (lx, ly) = (plot_x, ly + LEGEND_ROW_H);
            }
            legend.push((lx, ly));
            lx += w;
        }
        let plot_y = ly + LEGEND_ROW_H + 14.0;

        let width = (plot_x + plot_w + last_overhang + MARGIN)
            .max(header.natural_width())
            .ceil();
        let height = (plot_y + PLOT_H + 30.0 + MARGIN).ceil();
        Ok(Some(Self {
            width,
            height,
            header: header.fit(width),
            bars: spec.bars,
            names,
            legend,
            x_labels,
            label_every,
            y_label,
            values,
            ticks,
            top,
            plot: (plot_x, plot_y, plot_w, PLOT_H),
        }))
    }

    fn x_center(&self, i: usize) -> f64 {
        let (px, _, pw, _) = self.plot;
        px + (i as f64 + 0.5) * pw / self.x_labels.len() as f64
    }

    fn y(&self, v: f64) -> f64 {
        let (_, py, _, ph) = self.plot;
        py + ph - v / self.top * ph
    }

    /// The bar of series `s` at x index `i`: (x, y, w, h).
    fn bar(&self, s: usize, i: usize) -> (f64, f64, f64, f64) {
        let (_, _, pw, _) = self.plot;
        let ns = self.values.len() as f64;
        let group = pw / self.x_labels.len() as f64 * 0.8;
        let w = (group / ns).floor().max(1.0);
        let x = (self.x_center(i) - w * ns / 2.0 + s as f64 * w).round();
        let y = self.y(self.values[s][i]).round();
        let bottom = self.y(0.0).round();
        (x, y, w, (bottom - y).max(0.0))
    }

    fn cells(&self) -> Vec<CellBox> {
        let mut cells = Vec::new();
        for s in 0..self.values.len() {
            for i in 0..self.x_labels.len() {
                let (x, y, w, h) = if self.bars {
                    // A zero bar gets a thin strip on the axis, so it can still be hovered.
                    let (x, y, w, h) = self.bar(s, i);
                    if h < MIN_BAR_BOX {
                        (x, y + h - MIN_BAR_BOX, w, MIN_BAR_BOX)
                    } else {
                        (x, y, w, h)
                    }
                } else {
                    let (cx, cy) = (self.x_center(i), self.y(self.values[s][i]));
                    (cx - 6.0, cy - 6.0, 12.0, 12.0)
                };
                cells.push(CellBox {
                    row: s,
                    col: i,
                    x,
                    y,
                    w,
                    h,
                });
            }
        }
        cells
    }

    fn draw<DB: DrawingBackend>(&self, c: &Canvas<'_, DB>) -> Result<(), ChartError> {
        self.header.draw(c)?;
        let (px, py, pw, ph) = self.plot;
        let mid = center_to_baseline(LABEL);

        for (s, (name, &(x, y))) in self.names.iter().zip(&self.legend).enumerate() {
            let color = palette(s);
            let center = y + LEGEND_ROW_H / 2.0;
            if self.bars {
                c.rect(x, center - 5.0, 18.0, 10.0, color, 1.0)?;
            } else {
                c.line(&[(x, center), (x + 18.0, center)], color, LINE_W)?;
                c.circle(
                    (x + 9.0, center),
                    MARKER_R,
                    Some((color, 1.0)),
                    Some((WHITE, 1.0)),
                )?;
            }
            c.text(x + 26.0, center + mid, name, LABEL, INK, Align::Left)?;
        }

        // Grid and y axis.
        for (v, label) in &self.ticks {
            let y = self.y(*v).round();
            c.rect(px, y, pw, 1.0, if *v == 0.0 { AXIS } else { GRID }, 1.0)?;
            c.text(px - 6.0, y + mid, label, LABEL, MUTED, Align::Right)?;
        }
        if !self.y_label.is_empty() {
            c.text_up(
                MARGIN + 12.0,
                py + ph / 2.0,
                &self.y_label,
                LABEL,
                MUTED,
                Align::Center,
            )?;
        }

        // X axis: a tick per label, the text of every `label_every`-th.
        let bottom = self.y(0.0).round();
        for (i, label) in self.x_labels.iter().enumerate() {
            let x = self.x_center(i).round();
            c.rect(x, bottom, 1.0, 4.0, AXIS, 1.0)?;
            if i % self.label_every == 0 {
                c.text(x, bottom + 18.0, label, LABEL, MUTED, Align::Center)?;
            }
        }

        if self.bars {
            for s in 0..self.values.len() {
                for i in 0..self.x_labels.len() {
                    let (x, y, w, h) = self.bar(s, i);
                    // A pixel of white between neighbouring bars keeps them apart.
                    if h > 0.0 {
                        c.rect(x, y, (w - 1.0).max(1.0), h, palette(s), 1.0)?;
                    }
                }
            }
        } else {
            let markers = pw / self.x_labels.len() as f64 >= 4.0 * MARKER_R;
            for (s, values) in self.values.iter().enumerate() {
                let points: Vec<(f64, f64)> = values
                    .iter()
                    .enumerate()
                    .map(|(i, &v)| (self.x_center(i), self.y(v)))
                    .collect();
                c.line(&points, palette(s), LINE_W)?;
                if markers || points.len() == 1 {
                    for &p in &points {
                        c.circle(p, MARKER_R, Some((palette(s), 1.0)), Some((WHITE, 1.0)))?;
                    }
                }
            }
        }
        c.frame(px, py, pw, ph + 1.0, RULE)
    }
}
