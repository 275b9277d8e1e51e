//! The schematic map: settlements as circles at their coordinates, the circle's area
//! proportional to the value and its colour from [`scale_color`], with names and values next to
//! the circles, a few graticule lines, a scale bar and legends for colour and size.
//!
//! No base map: a district's settlements are few and their relative position is what the duty
//! officer needs. The projection is equirectangular with the longitude shrunk by cos(latitude)
//! at the centre, which keeps distances true to within a fraction of a percent over a district.

use plotters::backend::DrawingBackend;
use serde::{Deserialize, Serialize};

use crate::canvas::{Align, Canvas, to_png, to_svg};
use crate::common::{
    ColorLegend, Header, LABEL, LABEL_BOLD, MARGIN, center_to_baseline, empty_png, empty_svg,
};
use crate::font::{clean, text_width, truncate_chars, wrap};
use crate::scale::{INK, MUTED, RULE, Rgb, WHITE, format_value, scale_color, step_decimals};
use crate::{CellBox, ChartError, Rendered, check_finite};

/// A settlement on the map.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MapPoint {
    pub name: String,
    /// Degrees north.
    pub lat: f64,
    /// Degrees east.
    pub lon: f64,
    /// 0 draws a small hollow circle: the place is shown, with nothing to report.
    pub value: f64,
}

/// A schematic map of settlements.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MapSpec {
    pub title: String,
    pub subtitle: String,
    pub points: Vec<MapPoint>,
    /// The legend's title: «обращений», «на 1000 жителей».
    pub value_label: String,
    pub decimals: u8,
}

/// Renders the map as SVG; `cells` holds one box per point (`row` = the point's index,
/// `col` = 0), the circle's bounding box.
pub fn map_svg(spec: &MapSpec) -> Result<Rendered, ChartError> {
    let Some(layout) = Layout::new(spec)? else {
        return empty_svg(Header::new(&spec.title, &spec.subtitle));
    };
    let (width, height) = (layout.width as u32, layout.height as u32);
    let svg = to_svg(width, height, |c| layout.draw(c))?;
    let cells = layout
        .points
        .iter()
        .map(|p| CellBox {
            row: p.index,
            col: 0,
            x: p.x - p.r,
            y: p.y - p.r,
            w: 2.0 * p.r,
            h: 2.0 * p.r,
        })
        .collect();
    Ok(Rendered {
        svg,
        width,
        height,
        cells,
    })
}

/// Renders the same picture as PNG at [`crate::PNG_SCALE`]× pixel density.
pub fn map_png(spec: &MapSpec) -> Result<Vec<u8>, ChartError> {
    let Some(layout) = Layout::new(spec)? else {
        return empty_png(Header::new(&spec.title, &spec.subtitle));
    };
    to_png(layout.width as u32, layout.height as u32, |c| {
        layout.draw(c)
    })
}

/// Radius of the largest value's circle.
const R_MAX: f64 = 28.0;
/// Smallest radius of a positive value, so that it stays visible (area is then no longer
/// exactly proportional, but only for values under 2 % of the maximum).
const R_MIN: f64 = 4.0;
/// Radius of the hollow circle of a zero.
const R_ZERO: f64 = 4.0;
/// Space between a circle and the frame.
const PAD: f64 = R_MAX + 14.0;
const FRAME_MAX_W: f64 = 720.0;
const FRAME_MAX_H: f64 = 560.0;
const FRAME_MIN_W: f64 = 420.0;
const FRAME_MIN_H: f64 = 320.0;
/// The narrowest span shown, in degrees of latitude (about 11 km): one point, or points on a
/// line, still get a sensible neighbourhood.
const MIN_SPAN: f64 = 0.1;
/// The largest zoom: a lone point or a tight cluster gets a modest frame, not a full one.
const MAX_PX_PER_DEGREE: f64 = 3000.0;
/// Width of the legend column.
const LEGEND_W: f64 = 200.0;
/// Line height of the two-line point labels.
const LINE_H: f64 = 15.0;
/// Kilometres per degree of latitude.
const KM_PER_DEGREE: f64 = 111.32;
const MAX_NAME_CHARS: usize = 30;
const SIZE_CAPTION: &str = "Площадь кружка пропорциональна значению";
const OUTLINE: Rgb = (0x4a, 0x4f, 0x57);
const GRATICULE: Rgb = (0xe2, 0xe6, 0xeb);
const LAND: Rgb = (0xfa, 0xfb, 0xfc);
/// Opacity of the circles: where two overlap, both stay visible.
const CIRCLE_ALPHA: f64 = 0.9;

#[derive(Debug, Clone)]
struct Placed {
    index: usize,
    x: f64,
    y: f64,
    r: f64,
    fill: Option<Rgb>,
    name: String,
    value: String,
    label: Label,
}

/// A label's box and how its lines are aligned in it.
#[derive(Debug, Clone, Copy)]
struct Label {
    x: f64,
    y: f64,
    w: f64,
    h: f64,
    align: Align,
}

impl Label {
    fn overlap(&self, (x, y, w, h): (f64, f64, f64, f64)) -> f64 {
        let dx = (self.x + self.w).min(x + w) - self.x.max(x);
        let dy = (self.y + self.h).min(y + h) - self.y.max(y);
        if dx > 0.0 && dy > 0.0 { dx * dy } else { 0.0 }
    }
}

#[derive(Debug, Clone)]
struct Layout {
    width: f64,
    height: f64,
    header: Header,
    frame: (f64, f64, f64, f64),
    /// Largest first: smaller circles are drawn over larger ones.
    points: Vec<Placed>,
    /// (latitude, y) and (longitude, x) of the graticule lines, with their labels.
    parallels: Vec<(f64, String)>,
    meridians: Vec<(f64, String)>,
    scale_bar: (f64, String),
    color_legend: ColorLegend,
    size_legend: Vec<(f64, String)>,
    size_caption: Vec<String>,
    has_zero: bool,
    decimals: u8,
    legend_x: f64,
}

/// A round graticule step giving at most `max_lines` lines over `span` degrees.
fn graticule_step(span: f64, max_lines: f64) -> f64 {
    const STEPS: [f64; 14] = [
        0.01, 0.02, 0.025, 0.05, 0.1, 0.2, 0.25, 0.5, 1.0, 2.0, 5.0, 10.0, 20.0, 30.0,
    ];
    STEPS
        .iter()
        .copied()
        .find(|s| span / s <= max_lines)
        .unwrap_or(45.0)
}

/// Multiples of `step` strictly inside `lo..hi`.
fn multiples(lo: f64, hi: f64, step: f64) -> Vec<f64> {
    let first = (lo / step).floor() as i64 + 1;
    (first..)
        .map(|i| i as f64 * step)
        .take_while(|v| *v < hi)
        .collect()
}

fn degrees(v: f64, step: f64, suffix: &str) -> String {
    format!("{}° {suffix}", format_value(v, step_decimals(step)))
}

impl Layout {
    fn new(spec: &MapSpec) -> Result<Option<Self>, ChartError> {
        if spec.points.is_empty() {
            return Ok(None);
        }
        check_finite(
            "координаты и значения карты",
            spec.points.iter().flat_map(|p| [&p.lat, &p.lon, &p.value]),
        )?;
        if let Some(p) = spec
            .points
            .iter()
            .find(|p| p.lat.abs() > 85.0 || p.lon.abs() > 180.0)
        {
            return Err(ChartError::Shape(format!(
                "координаты «{}» вне допустимого диапазона",
                clean(&p.name)
            )));
        }
        crate::font::ensure_registered()?;
        let header = Header::new(&spec.title, &spec.subtitle);

        // Projection: x = lon·cos(lat₀), y = lat, both in degrees of latitude.
        let (min_lat, max_lat) = min_max(spec.points.iter().map(|p| p.lat));
        let (min_lon, max_lon) = min_max(spec.points.iter().map(|p| p.lon));
        let k = ((min_lat + max_lat) / 2.0).to_radians().cos();
        let span_x = ((max_lon - min_lon) * k).max(MIN_SPAN);
        let span_y = (max_lat - min_lat).max(MIN_SPAN);
        let s = ((FRAME_MAX_W - 2.0 * PAD) / span_x)
            .min((FRAME_MAX_H - 2.0 * PAD) / span_y)
            .min(MAX_PX_PER_DEGREE);
        let frame_w = (span_x * s + 2.0 * PAD).max(FRAME_MIN_W).round();
        let frame_h = (span_y * s + 2.0 * PAD).max(FRAME_MIN_H).round();
        let (center_lat, center_lon) = ((min_lat + max_lat) / 2.0, (min_lon + max_lon) / 2.0);

        // The gutter on the left holds the parallels' labels.
        let lat_step = graticule_step(frame_h / s, 5.0);
        let lat_half = frame_h / 2.0 / s;
        let lats = multiples(center_lat - lat_half, center_lat + lat_half, lat_step);
        let gutter = lats
            .iter()
            .map(|&v| text_width(&degrees(v, lat_step, "с. ш."), LABEL))
            .fold(0.0, f64::max)
            .ceil();
        let frame_x = MARGIN + gutter + 6.0;
        let frame_y = header.height();
        let project = |lat: f64, lon: f64| {
            (
                frame_x + frame_w / 2.0 + (lon - center_lon) * k * s,
                frame_y + frame_h / 2.0 - (lat - center_lat) * s,
            )
        };
        let parallels = lats
            .iter()
            .map(|&v| (project(v, center_lon).1, degrees(v, lat_step, "с. ш.")))
            .collect();
        let lon_half = frame_w / 2.0 / (s * k);
        let lon_step = graticule_step(frame_w / s, 4.0).max(lat_step);
        let meridians = multiples(center_lon - lon_half, center_lon + lon_half, lon_step)
            .into_iter()
            .map(|v| (project(center_lat, v).0, degrees(v, lon_step, "в. д.")))
            .collect();

        // Circles, largest first.
        let vmax = spec.points.iter().map(|p| p.value).fold(0.0, f64::max);
        let mut points: Vec<Placed> = spec
            .points
            .iter()
            .enumerate()
            .map(|(index, p)| {
                let (x, y) = project(p.lat, p.lon);
                let positive = p.value > 0.0 && vmax > 0.0;
                Placed {
                    index,
                    x: x.round(),
                    y: y.round(),
                    r: radius(p.value, vmax),
                    fill: positive.then(|| scale_color(p.value, vmax)),
                    name: truncate_chars(&clean(&p.name), MAX_NAME_CHARS),
                    value: format_value(p.value, spec.decimals),
                    label: Label {
                        x: 0.0,
                        y: 0.0,
                        w: 0.0,
                        h: 0.0,
                        align: Align::Left,
                    },
                }
            })
            .collect();
        points.sort_by(|a, b| b.r.total_cmp(&a.r).then(a.index.cmp(&b.index)));
        place_labels(&mut points, (frame_x, frame_y, frame_w, frame_h));

        let km_per_px = KM_PER_DEGREE / s;
        let km = [
            0.5, 1.0, 2.0, 5.0, 10.0, 20.0, 50.0, 100.0, 200.0, 500.0, 1000.0,
        ]
        .into_iter()
        .find(|km| km / km_per_px >= 60.0)
        .unwrap_or(1000.0);
        let scale_bar = (
            (km / km_per_px).round(),
            format!("{} км", format_value(km, u8::from(km < 1.0))),
        );

        let size_legend = if vmax > 0.0 {
            let mut entries: Vec<(f64, String)> = Vec::new();
            for v in [vmax, nice_below(vmax / 4.0)] {
                let text = format_value(v, spec.decimals);
                let shown = v >= 0.5 * 10f64.powi(-i32::from(spec.decimals));
                if shown && entries.iter().all(|(_, t)| *t != text) {
                    entries.push((radius(v, vmax), text));
                }
            }
            entries
        } else {
            Vec::new()
        };
        let has_zero = spec.points.iter().any(|p| p.value <= 0.0);
        let size_caption = wrap(SIZE_CAPTION, LABEL, LEGEND_W, 3)
            .unwrap_or_else(|| vec![SIZE_CAPTION.to_string()]);
        let color_legend = ColorLegend::new(&spec.value_label, vmax, spec.decimals);

        let legend_x = frame_x + frame_w + 24.0;
        let legend_w = color_legend.width().max(LEGEND_W);
        let legend_h = ColorLegend::height()
            + 24.0
            + size_caption.len() as f64 * LINE_H
            + size_legend.iter().map(|(r, _)| 2.0 * r + 10.0).sum::<f64>()
            + 30.0;
        let width = (legend_x + legend_w + MARGIN)
            .max(header.natural_width())
            .ceil();
        let height = (frame_y + frame_h + 24.0).max(frame_y + legend_h) + MARGIN;
        Ok(Some(Self {
            width,
            height: height.ceil(),
            header: header.fit(width),
            frame: (frame_x, frame_y, frame_w, frame_h),
            points,
            parallels,
            meridians,
            scale_bar,
            color_legend,
            size_legend,
            size_caption,
            has_zero,
            decimals: spec.decimals,
            legend_x,
        }))
    }

    fn draw<DB: DrawingBackend>(&self, c: &Canvas<'_, DB>) -> Result<(), ChartError> {
        self.header.draw(c)?;
        let (fx, fy, fw, fh) = self.frame;
        let mid = center_to_baseline(LABEL);
        c.rect(fx, fy, fw, fh, LAND, 1.0)?;
        for (y, label) in &self.parallels {
            c.rect(fx, *y, fw, 1.0, GRATICULE, 1.0)?;
            c.text(fx - 6.0, y + mid, label, LABEL, MUTED, Align::Right)?;
        }
        for (x, label) in &self.meridians {
            c.rect(*x, fy, 1.0, fh, GRATICULE, 1.0)?;
            c.text(*x, fy + fh + 16.0, label, LABEL, MUTED, Align::Center)?;
        }
        c.frame(fx, fy, fw, fh, RULE)?;

        // Scale bar in the lower left corner.
        let (bar, km) = &self.scale_bar;
        let (bx, by) = (fx + 12.0, fy + fh - 14.0);
        c.rect(bx - 4.0, by - 20.0, bar + 8.0, 26.0, WHITE, 0.8)?;
        c.rect(bx, by, *bar, 2.0, INK, 1.0)?;
        c.rect(bx, by - 4.0, 1.0, 6.0, INK, 1.0)?;
        c.rect(bx + bar - 1.0, by - 4.0, 1.0, 6.0, INK, 1.0)?;
        c.text(bx + bar / 2.0, by - 6.0, km, LABEL, INK, Align::Center)?;

        for p in &self.points {
            match p.fill {
                Some(fill) => c.circle(
                    (p.x, p.y),
                    p.r,
                    Some((fill, CIRCLE_ALPHA)),
                    Some((OUTLINE, 1.0)),
                )?,
                None => c.circle((p.x, p.y), p.r, Some((WHITE, 1.0)), Some((MUTED, 1.5)))?,
            }
        }
        // Labels after all circles, so that no circle covers a name.
        for p in &self.points {
            let l = p.label;
            c.rect(l.x - 2.0, l.y, l.w + 4.0, l.h, WHITE, 0.75)?;
            let x = match l.align {
                Align::Left => l.x,
                Align::Center => l.x + l.w / 2.0,
                Align::Right => l.x + l.w,
            };
            c.text(x, l.y + 12.0, &p.name, LABEL, INK, l.align)?;
            c.text(x, l.y + 12.0 + LINE_H, &p.value, LABEL_BOLD, INK, l.align)?;
        }
        self.draw_legend(c)
    }

    fn draw_legend<DB: DrawingBackend>(&self, c: &Canvas<'_, DB>) -> Result<(), ChartError> {
        let (x, mut y) = (self.legend_x, self.frame.1);
        self.color_legend.draw(c, x, y)?;
        y += ColorLegend::height() + 16.0;
        for line in &self.size_caption {
            c.text(x, y + 12.0, line, LABEL, MUTED, Align::Left)?;
            y += LINE_H;
        }
        y += 8.0;
        for (r, text) in &self.size_legend {
            let center = (x + R_MAX, y + r);
            c.circle(center, *r, Some((WHITE, 1.0)), Some((OUTLINE, 1.0)))?;
            c.text(
                x + 2.0 * R_MAX + 10.0,
                y + r + center_to_baseline(LABEL),
                text,
                LABEL,
                INK,
                Align::Left,
            )?;
            y += 2.0 * r + 10.0;
        }
        if self.has_zero {
            c.circle(
                (x + R_MAX, y + R_ZERO),
                R_ZERO,
                Some((WHITE, 1.0)),
                Some((MUTED, 1.5)),
            )?;
            let zero = format_value(0.0, self.decimals);
            c.text(
                x + 2.0 * R_MAX + 10.0,
                y + R_ZERO + center_to_baseline(LABEL),
                &zero,
                LABEL,
                INK,
                Align::Left,
            )?;
        }
        Ok(())
    }
}

/// The largest 1, 2 or 5 × 10ⁿ not above `v`: a round value for the size legend.
fn nice_below(v: f64) -> f64 {
    if v <= 0.0 {
        return 0.0;
    }
    let magnitude = 10f64.powf(v.log10().floor());
    [5.0, 2.0, 1.0]
        .into_iter()
        .map(|m| m * magnitude)
        .find(|&n| n <= v * 1.000_001)
        .unwrap_or(magnitude)
}

fn min_max(values: impl Iterator<Item = f64>) -> (f64, f64) {
    values.fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| {
        (lo.min(v), hi.max(v))
    })
}

/// Radius (whole pixels, so the SVG circle and its box agree) with area ∝ value.
fn radius(value: f64, vmax: f64) -> f64 {
    if value <= 0.0 || vmax <= 0.0 {
        R_ZERO
    } else {
        (R_MAX * (value / vmax).sqrt()).max(R_MIN).round()
    }
}

/// Puts each label next to its circle where it covers the fewest other labels and circles,
/// trying right, left, above, below and the diagonals in that order, then keeps it inside the
/// frame. Points come largest first, so larger settlements get the best places.
fn place_labels(points: &mut [Placed], (fx, fy, fw, fh): (f64, f64, f64, f64)) {
    let circles: Vec<(f64, f64, f64, f64)> = points
        .iter()
        .map(|p| (p.x - p.r, p.y - p.r, 2.0 * p.r, 2.0 * p.r))
        .collect();
    let mut placed: Vec<Label> = Vec::new();
    for (i, p) in points.iter_mut().enumerate() {
        let w = text_width(&p.name, LABEL)
            .max(text_width(&p.value, LABEL_BOLD))
            .ceil();
        let h = 2.0 * LINE_H + 2.0;
        let (x, y, r) = (p.x, p.y, p.r);
        let d = r * std::f64::consts::FRAC_1_SQRT_2;
        let candidates = [
            Label {
                x: x + r + 5.0,
                y: y - h / 2.0,
                w,
                h,
                align: Align::Left,
            },
            Label {
                x: x - r - 5.0 - w,
                y: y - h / 2.0,
                w,
                h,
                align: Align::Right,
            },
            Label {
                x: x - w / 2.0,
                y: y - r - 3.0 - h,
                w,
                h,
                align: Align::Center,
            },
            Label {
                x: x - w / 2.0,
                y: y + r + 3.0,
                w,
                h,
                align: Align::Center,
            },
            Label {
                x: x + d + 3.0,
                y: y - d - h,
                w,
                h,
                align: Align::Left,
            },
            Label {
                x: x + d + 3.0,
                y: y + d,
                w,
                h,
                align: Align::Left,
            },
            Label {
                x: x - d - 3.0 - w,
                y: y - d - h,
                w,
                h,
                align: Align::Right,
            },
            Label {
                x: x - d - 3.0 - w,
                y: y + d,
                w,
                h,
                align: Align::Right,
            },
        ];
        let cost = |l: &Label| {
            let others: f64 = circles
                .iter()
                .enumerate()
                .filter(|(j, _)| *j != i)
                .map(|(_, c)| l.overlap(*c))
                .sum();
            let labels: f64 = placed
                .iter()
                .map(|o| l.overlap((o.x - 2.0, o.y, o.w + 4.0, o.h)))
                .sum();
            let outside = (fx + 4.0 - l.x).max(0.0)
                + (l.x + l.w - (fx + fw - 4.0)).max(0.0)
                + (fy + 4.0 - l.y).max(0.0)
                + (l.y + l.h - (fy + fh - 4.0)).max(0.0);
            // Covering a name is worse than covering a circle; leaving the frame is worst.
            others + 3.0 * labels + 50.0 * outside
        };
        let mut best = candidates[0];
        let mut best_cost = f64::INFINITY;
        for candidate in candidates {
            let c = cost(&candidate);
            if c < best_cost {
                (best, best_cost) = (candidate, c);
            }
            if c == 0.0 {
                break;
            }
        }
        best.x = best
            .x
            .clamp(fx + 4.0, (fx + fw - 4.0 - best.w).max(fx + 4.0));
        best.y = best
            .y
            .clamp(fy + 4.0, (fy + fh - 4.0 - best.h).max(fy + 4.0));
        placed.push(best);
        p.label = best;
    }
}
