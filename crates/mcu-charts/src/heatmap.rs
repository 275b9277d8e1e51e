//! The heat map: rows × columns of values coloured by [`scale_color`], with totals on the
//! margins, a colour legend and the boxes of the cells for the app's tooltips.
//!
//! The layout is computed once in whole CSS pixels (so cell boxes tile exactly and SVG rects
//! have integer edges) and then drawn on either backend.

use plotters::backend::DrawingBackend;
use serde::{Deserialize, Serialize};

use crate::canvas::{Align, Canvas, to_png, to_svg};
use crate::common::{
    ColorLegend, Header, LABEL, LABEL_BOLD, MARGIN, center_to_baseline, empty_png, empty_svg,
};
use crate::font::{
    clean, max_width, min_wrap_width, text_width, truncate_chars, truncate_width, wrap_cut,
};
use crate::scale::{INK, MUTED, PANEL, RULE, Rgb, format_value, scale_color, text_color_on};
use crate::{CellBox, ChartError, Rendered, check_finite};

/// Heat map: rows × columns of values with totals on the margins.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HeatmapSpec {
    pub title: String,
    /// E.g. the period; may be empty.
    pub subtitle: String,
    /// E.g. «Тема».
    pub row_header: String,
    /// E.g. «Населённый пункт».
    pub col_header: String,
    /// May be long: cut with «…» to [`MAX_ROW_LABEL_CHARS`] characters.
    pub row_labels: Vec<String>,
    /// Settlements, ISO weeks «2026-W48», months «2026-11», blocks.
    pub col_labels: Vec<String>,
    /// `[row][col]`.
    pub values: Vec<Vec<f64>>,
    pub row_totals: Vec<f64>,
    pub col_totals: Vec<f64>,
    pub total: f64,
    /// The legend's title: «обращений», «на 1000 жителей».
    pub value_label: String,
    /// 0 for counts, 1 for rates per 1000.
    pub decimals: u8,
}

/// Row labels longer than this are cut with «…» (the app shows the full text on hover).
pub const MAX_ROW_LABEL_CHARS: usize = 40;

/// Height of a row.
const ROW_H: f64 = 28.0;
/// Space between the data and the totals.
const GAP: f64 = 4.0;
/// Padding of text in cells.
const PAD: f64 = 8.0;
/// The widest a row label gets, even within the character limit.
const MAX_ROW_LABEL_W: f64 = 320.0;
/// The widest a column gets to show its label horizontally.
const MAX_COL_W: f64 = 120.0;
/// The widest the data area gets with one-line column labels; beyond it labels wrap.
const MAX_SINGLE_LINE_DATA_W: f64 = 640.0;
/// The widest the data area gets with horizontal column labels; beyond it labels turn.
const MAX_HORIZONTAL_DATA_W: f64 = 1100.0;
/// The longest a turned column label gets.
const MAX_TURNED_LABEL: f64 = 150.0;
/// Line height of wrapped column labels.
const LINE_H: f64 = 15.0;
const TOTAL_LABEL: &str = "Итого";
/// Separators between cells: light enough to vanish on pale cells, visible on dark ones.
const SEPARATOR: Rgb = (0xf4, 0xf5, 0xf7);
const GRAND_TOTAL: Rgb = (0xdd, 0xe1, 0xe6);

/// Renders the heat map as SVG, with the box of every data cell.
pub fn heatmap_svg(spec: &HeatmapSpec) -> Result<Rendered, ChartError> {
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
pub fn heatmap_png(spec: &HeatmapSpec) -> Result<Vec<u8>, ChartError> {
    let Some(layout) = Layout::new(spec)? else {
        return empty_png(Header::new(&spec.title, &spec.subtitle));
    };
    to_png(layout.width as u32, layout.height as u32, |c| {
        layout.draw(c)
    })
}

/// How column labels are set.
#[derive(Debug, Clone, PartialEq)]
enum ColLabels {
    /// Horizontal, up to three lines each.
    Wrapped(Vec<Vec<String>>),
    /// Turned to read bottom to top, for many columns.
    Turned(Vec<String>),
}

#[derive(Debug, Clone)]
struct Layout {
    width: f64,
    height: f64,
    header: Header,
    rows: usize,
    cols: usize,
    row_labels: Vec<String>,
    row_header: String,
    col_header: String,
    col_labels: ColLabels,
    /// Texts of the cells, `[row][col]`; empty for zero (a dot is drawn).
    cell_texts: Vec<Vec<String>>,
    fills: Vec<Vec<Rgb>>,
    row_totals: Vec<String>,
    col_totals: Vec<String>,
    total: String,
    label_x: f64,
    data_x: f64,
    data_y: f64,
    cell_w: f64,
    totals_x: f64,
    totals_w: f64,
    totals_y: f64,
    legend: ColorLegend,
    legend_y: f64,
}

fn check(spec: &HeatmapSpec) -> Result<(), ChartError> {
    let (rows, cols) = (spec.row_labels.len(), spec.col_labels.len());
    let shape = |msg: String| Err(ChartError::Shape(msg));
    if spec.values.len() != rows {
        return shape(format!(
            "строк значений {}, подписей строк {rows}",
            spec.values.len()
        ));
    }
    if let Some((i, row)) = spec
        .values
        .iter()
        .enumerate()
        .find(|(_, r)| r.len() != cols)
    {
        return shape(format!(
            "в строке {} значений {}, столбцов {cols}",
            i + 1,
            row.len()
        ));
    }
    if spec.row_totals.len() != rows {
        return shape(format!(
            "итогов строк {}, строк {rows}",
            spec.row_totals.len()
        ));
    }
    if spec.col_totals.len() != cols {
        return shape(format!(
            "итогов столбцов {}, столбцов {cols}",
            spec.col_totals.len()
        ));
    }
    check_finite("значения тепловой карты", spec.values.iter().flatten())?;
    check_finite(
        "итоги тепловой карты",
        spec.row_totals
            .iter()
            .chain(&spec.col_totals)
            .chain([&spec.total]),
    )
}

impl Layout {
    /// The layout, or `None` when there are no rows or no columns to show.
    fn new(spec: &HeatmapSpec) -> Result<Option<Self>, ChartError> {
        if spec.row_labels.is_empty() || spec.col_labels.is_empty() {
            return Ok(None);
        }
        check(spec)?;
        crate::font::ensure_registered()?;
        let (rows, cols) = (spec.row_labels.len(), spec.col_labels.len());
        let decimals = spec.decimals;

        let row_labels: Vec<String> = spec
            .row_labels
            .iter()
            .map(|l| {
                truncate_width(
                    &truncate_chars(&clean(l), MAX_ROW_LABEL_CHARS),
                    LABEL,
                    MAX_ROW_LABEL_W,
                )
            })
            .collect();
        let row_header = truncate_width(&clean(&spec.row_header), LABEL_BOLD, MAX_ROW_LABEL_W);
        let label_w = (max_width(row_labels.iter().map(String::as_str), LABEL)
            .max(text_width(&row_header, LABEL_BOLD))
            .max(text_width(TOTAL_LABEL, LABEL_BOLD))
            + 2.0 * PAD)
            .ceil();

        let vmax = spec.values.iter().flatten().copied().fold(0.0, f64::max);
        let cell_texts: Vec<Vec<String>> = spec
            .values
            .iter()
            .map(|row| {
                row.iter()
                    .map(|&v| {
                        if format_value(v, decimals) == format_value(0.0, decimals) {
                            String::new()
                        } else {
                            format_value(v, decimals)
                        }
                    })
                    .collect()
            })
            .collect();
        let fills = spec
            .values
            .iter()
            .map(|row| row.iter().map(|&v| scale_color(v, vmax)).collect())
            .collect();
        let value_w = max_width(cell_texts.iter().flatten().map(String::as_str), LABEL);
        let row_totals: Vec<String> = spec
            .row_totals
            .iter()
            .map(|&v| format_value(v, decimals))
            .collect();
        let col_totals: Vec<String> = spec
            .col_totals
            .iter()
            .map(|&v| format_value(v, decimals))
            .collect();
        let total = format_value(spec.total, decimals);
        let totals_w = (max_width(
            row_totals
                .iter()
                .chain(&col_totals)
                .chain([&total])
                .map(String::as_str),
            LABEL_BOLD,
        )
        .max(text_width(TOTAL_LABEL, LABEL_BOLD))
            + 2.0 * PAD)
            .ceil();

        // Columns: horizontal labels (wrapped to two lines) while they fit, else turned. A
        // column is at least as wide as its values and its (bold) total.
        let col_totals_w = max_width(col_totals.iter().map(String::as_str), LABEL_BOLD);
        let min_cell = (value_w.max(col_totals_w) + 10.0).max(30.0).ceil();
        let labels: Vec<String> = spec.col_labels.iter().map(|l| clean(l)).collect();
        // Single lines while the columns stay few and narrow, else two lines each (the
        // narrowest width at which every label wraps in two), else, for many columns, turned.
        let one_line = min_cell
            .max(max_width(labels.iter().map(String::as_str), LABEL) + 10.0)
            .ceil();
        let two_lines = labels
            .iter()
            .map(|l| min_wrap_width(l, LABEL, 2) + 10.0)
            .fold(min_cell, f64::max)
            .ceil();
        let fits = |w: f64| w <= MAX_COL_W && cols as f64 * w <= MAX_HORIZONTAL_DATA_W;
        let horizontal = if cols as f64 * one_line <= MAX_SINGLE_LINE_DATA_W {
            Some((one_line, 1))
        } else if fits(two_lines) {
            Some((two_lines, 2))
        } else if fits(MAX_COL_W.max(min_cell)) {
            // Few columns with a long name among them: three lines, the rest cut with «…».
            Some((MAX_COL_W.max(min_cell), 3))
        } else {
            None
        };
        let (cell_w, col_labels, labels_h) = match horizontal {
            Some((w, max_lines)) => {
                let lines: Vec<Vec<String>> = labels
                    .iter()
                    .map(|l| wrap_cut(l, LABEL, w - 8.0, max_lines))
                    .collect();
                let n = lines.iter().map(Vec::len).max().unwrap_or(1) as f64;
                (w, ColLabels::Wrapped(lines), n * LINE_H + 8.0)
            }
            None => {
                let turned: Vec<String> = labels
                    .iter()
                    .map(|l| truncate_width(l, LABEL, MAX_TURNED_LABEL))
                    .collect();
                let longest = max_width(turned.iter().map(String::as_str), LABEL);
                (
                    min_cell.max(24.0),
                    ColLabels::Turned(turned),
                    (longest + 12.0).ceil(),
                )
            }
        };

        let header = Header::new(&spec.title, &spec.subtitle);
        let col_header = truncate_width(&clean(&spec.col_header), LABEL_BOLD, 600.0);
        let mut y = header.height();
        if !col_header.is_empty() {
            y += 20.0;
        }
        let data_y = y + labels_h;
        let label_x = MARGIN;
        let data_x = label_x + label_w;
        let totals_x = data_x + cols as f64 * cell_w + GAP;
        let totals_y = data_y + rows as f64 * ROW_H + GAP;
        let legend = ColorLegend::new(&spec.value_label, vmax, decimals);
        let legend_y = totals_y + ROW_H + 18.0;

        let content_w = (totals_x + totals_w + MARGIN)
            .max(data_x + text_width(&col_header, LABEL_BOLD) + MARGIN)
            .max(data_x + legend.width() + MARGIN);
        let width = content_w.max(header.natural_width()).ceil();
        let height = (legend_y + ColorLegend::height() + MARGIN).ceil();
        Ok(Some(Self {
            width,
            height,
            header: header.fit(width),
            rows,
            cols,
            row_labels,
            row_header,
            col_header,
            col_labels,
            cell_texts,
            fills,
            row_totals,
            col_totals,
            total,
            label_x,
            data_x,
            data_y,
            cell_w,
            totals_x,
            totals_w,
            totals_y,
            legend,
            legend_y,
        }))
    }

    fn cell(&self, row: usize, col: usize) -> CellBox {
        CellBox {
            row,
            col,
            x: self.data_x + col as f64 * self.cell_w,
            y: self.data_y + row as f64 * ROW_H,
            w: self.cell_w,
            h: ROW_H,
        }
    }

    fn cells(&self) -> Vec<CellBox> {
        (0..self.rows)
            .flat_map(|r| (0..self.cols).map(move |c| (r, c)))
            .map(|(r, c)| self.cell(r, c))
            .collect()
    }

    fn draw<DB: DrawingBackend>(&self, c: &Canvas<'_, DB>) -> Result<(), ChartError> {
        self.header.draw(c)?;
        let data_w = self.cols as f64 * self.cell_w;
        let data_h = self.rows as f64 * ROW_H;
        let mid = center_to_baseline(LABEL);

        // Headers: the column header over the data, the row header over the row labels.
        if !self.col_header.is_empty() {
            let y = self.header.height() + 13.0;
            if text_width(&self.col_header, LABEL_BOLD) <= data_w {
                c.text(
                    self.data_x + data_w / 2.0,
                    y,
                    &self.col_header,
                    LABEL_BOLD,
                    INK,
                    Align::Center,
                )?;
            } else {
                c.text(
                    self.data_x,
                    y,
                    &self.col_header,
                    LABEL_BOLD,
                    INK,
                    Align::Left,
                )?;
            }
        }
        c.text(
            self.label_x,
            self.data_y - 8.0,
            &self.row_header,
            LABEL_BOLD,
            INK,
            Align::Left,
        )?;
        c.text(
            self.totals_x + self.totals_w / 2.0,
            self.data_y - 8.0,
            TOTAL_LABEL,
            LABEL_BOLD,
            INK,
            Align::Center,
        )?;

        // Column labels.
        for col in 0..self.cols {
            let center = self.data_x + (col as f64 + 0.5) * self.cell_w;
            match &self.col_labels {
                ColLabels::Wrapped(lines) => {
                    let lines = &lines[col];
                    for (i, line) in lines.iter().enumerate() {
                        let from_bottom = (lines.len() - 1 - i) as f64;
                        let baseline = self.data_y - 8.0 - from_bottom * LINE_H;
                        c.text(center, baseline, line, LABEL, INK, Align::Center)?;
                    }
                }
                ColLabels::Turned(labels) => {
                    c.text_up(
                        center + mid,
                        self.data_y - 6.0,
                        &labels[col],
                        LABEL,
                        INK,
                        Align::Left,
                    )?;
                }
            }
        }

        // Row rules across labels, data and totals, so long rows can be followed by eye.
        let rule_w = self.totals_x + self.totals_w - self.label_x;
        for row in 0..=self.rows {
            c.rect(
                self.label_x,
                self.data_y + row as f64 * ROW_H,
                rule_w,
                1.0,
                RULE,
                1.0,
            )?;
        }

        // Cells.
        for row in 0..self.rows {
            let y = self.data_y + row as f64 * ROW_H;
            c.text(
                self.label_x,
                y + ROW_H / 2.0 + mid,
                &self.row_labels[row],
                LABEL,
                INK,
                Align::Left,
            )?;
            for col in 0..self.cols {
                let b = self.cell(row, col);
                let fill = self.fills[row][col];
                c.rect(b.x, b.y, b.w, b.h, fill, 1.0)?;
                let text = &self.cell_texts[row][col];
                let (cx, baseline) = (b.x + b.w / 2.0, b.y + b.h / 2.0 + mid);
                if text.is_empty() {
                    c.text(cx, baseline, "·", LABEL, MUTED, Align::Center)?;
                } else {
                    c.text(
                        cx,
                        baseline,
                        text,
                        LABEL,
                        text_color_on(fill),
                        Align::Center,
                    )?;
                }
            }
        }
        for col in 1..self.cols {
            c.rect(
                self.data_x + col as f64 * self.cell_w,
                self.data_y,
                1.0,
                data_h,
                SEPARATOR,
                1.0,
            )?;
        }
        for row in 1..self.rows {
            c.rect(
                self.data_x,
                self.data_y + row as f64 * ROW_H,
                data_w,
                1.0,
                SEPARATOR,
                1.0,
            )?;
        }
        c.frame(self.data_x, self.data_y, data_w, data_h, RULE)?;

        // Totals: grey, bold, outside the colour scale.
        let tx = self.totals_x + self.totals_w / 2.0;
        for row in 0..self.rows {
            let y = self.data_y + row as f64 * ROW_H;
            c.rect(
                self.totals_x,
                y + 1.0,
                self.totals_w,
                ROW_H - 1.0,
                PANEL,
                1.0,
            )?;
            c.text(
                tx,
                y + ROW_H / 2.0 + mid,
                &self.row_totals[row],
                LABEL_BOLD,
                INK,
                Align::Center,
            )?;
        }
        let ty = self.totals_y + ROW_H / 2.0 + mid;
        c.text(self.label_x, ty, TOTAL_LABEL, LABEL_BOLD, INK, Align::Left)?;
        for col in 0..self.cols {
            let x = self.data_x + col as f64 * self.cell_w;
            c.rect(x + 1.0, self.totals_y, self.cell_w - 1.0, ROW_H, PANEL, 1.0)?;
            c.text(
                x + self.cell_w / 2.0,
                ty,
                &self.col_totals[col],
                LABEL_BOLD,
                INK,
                Align::Center,
            )?;
        }
        c.rect(
            self.totals_x,
            self.totals_y,
            self.totals_w,
            ROW_H,
            GRAND_TOTAL,
            1.0,
        )?;
        c.text(tx, ty, &self.total, LABEL_BOLD, INK, Align::Center)?;

        self.legend.draw(c, self.data_x, self.legend_y)
    }
}
