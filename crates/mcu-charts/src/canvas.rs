//! A thin drawing surface over plotters' backends, in CSS pixels.
//!
//! The charts lay themselves out once in CSS pixels (the SVG's user units); the canvas maps
//! those to backend pixels (×1 for SVG, ×[`PNG_SCALE`] for PNG). Text is positioned by its
//! baseline on both: in the SVG through plotters' text element (which anchors in em units), in
//! the PNG by rasterising the embedded font with sub-pixel glyph positions (plotters' own
//! bitmap text snaps each glyph to whole pixels and leaves gaps inside words).

use plotters::backend::DrawingBackend;
use plotters::coord::Shift;
use plotters::prelude::{
    BitMapBackend, Circle, DrawingArea, IntoDrawingArea, PathElement, Rectangle, SVGBackend,
};
use plotters::style::text_anchor::{HPos, Pos, VPos};
use plotters::style::{Color, FontDesc, FontFamily, FontTransform, RGBColor, ShapeStyle};

use crate::ChartError;
use crate::font::{
    Font, SVG_FONT_FAMILY, SVG_SIZE_PER_PX, ensure_registered, rasterize, text_width,
};
use crate::scale::{Rgb, WHITE};

/// PNG pixels per CSS pixel: sharp when printed and on high-density screens.
pub const PNG_SCALE: u32 = 2;

/// Horizontal anchoring of a text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Align {
    Left,
    Center,
    Right,
}

impl Align {
    /// How far before the anchor a text of `width` starts.
    fn offset(self, width: f64) -> f64 {
        match self {
            Align::Left => 0.0,
            Align::Center => width / 2.0,
            Align::Right => width,
        }
    }
}

/// plotters' SVG backend sets top-anchored text with `dy="0.76em"`: its baseline is this many
/// ems below the anchor.
const SVG_TOP_TO_BASELINE: f64 = 0.76;

pub(crate) struct Canvas<'a, DB: DrawingBackend> {
    area: &'a DrawingArea<DB, Shift>,
    scale: f64,
    svg: bool,
}

fn draw_err<E: std::fmt::Display>(e: E) -> ChartError {
    ChartError::Draw(e.to_string())
}

fn rgb(c: Rgb) -> RGBColor {
    RGBColor(c.0, c.1, c.2)
}

impl<DB: DrawingBackend> Canvas<'_, DB> {
    fn px(&self, v: f64) -> i32 {
        (v * self.scale).round() as i32
    }

    fn stroke(&self, width: f64) -> u32 {
        (width * self.scale).round().max(1.0) as u32
    }

    /// A filled rectangle; `alpha` < 1 lets what is below show through.
    pub fn rect(
        &self,
        x: f64,
        y: f64,
        w: f64,
        h: f64,
        fill: Rgb,
        alpha: f64,
    ) -> Result<(), ChartError> {
        let style = ShapeStyle::from(rgb(fill).mix(alpha)).filled();
        let corners = [(self.px(x), self.px(y)), (self.px(x + w), self.px(y + h))];
        self.area
            .draw(&Rectangle::new(corners, style))
            .map_err(draw_err)
    }

    /// The outline of a rectangle, drawn inside its bounds.
    pub fn frame(&self, x: f64, y: f64, w: f64, h: f64, color: Rgb) -> Result<(), ChartError> {
        let t = 1.0 / self.scale;
        self.rect(x, y, w, t, color, 1.0)?;
        self.rect(x, y + h - t, w, t, color, 1.0)?;
        self.rect(x, y, t, h, color, 1.0)?;
        self.rect(x + w - t, y, t, h, color, 1.0)
    }

    /// A polyline `width` CSS pixels wide.
    pub fn line(&self, points: &[(f64, f64)], color: Rgb, width: f64) -> Result<(), ChartError> {
        if points.len() < 2 {
            return Ok(());
        }
        if self.svg {
            let points: Vec<(i32, i32)> = points
                .iter()
                .map(|&(x, y)| (self.px(x), self.px(y)))
                .collect();
            let style = ShapeStyle::from(rgb(color)).stroke_width(self.stroke(width));
            return self
                .area
                .draw(&PathElement::new(points, style))
                .map_err(draw_err);
        }
        let s = self.scale;
        let points: Vec<(f64, f64)> = points.iter().map(|&(x, y)| (x * s, y * s)).collect();
        let half = width * s / 2.0;
        let mut coverage = Coverage::around(&points, half + 1.0);
        for pair in points.windows(2) {
            let (a, b) = (pair[0], pair[1]);
            coverage.add(&[a, b], half + 1.0, |x, y| {
                half - distance_to_segment((x, y), a, b) + 0.5
            });
        }
        self.blend(&coverage, color, 1.0)
    }

    /// A circle with an optional fill (with opacity) and an optional outline centred on its
    /// edge, as SVG strokes are.
    pub fn circle(
        &self,
        (cx, cy): (f64, f64),
        r: f64,
        fill: Option<(Rgb, f64)>,
        outline: Option<(Rgb, f64)>,
    ) -> Result<(), ChartError> {
        if self.svg {
            let center = (self.px(cx), self.px(cy));
            let radius = self.px(r).max(1);
            if let Some((color, alpha)) = fill {
                let style = ShapeStyle::from(rgb(color).mix(alpha)).filled();
                self.area
                    .draw(&Circle::new(center, radius, style))
                    .map_err(draw_err)?;
            }
            if let Some((color, width)) = outline {
                let style = ShapeStyle::from(rgb(color)).stroke_width(self.stroke(width));
                self.area
                    .draw(&Circle::new(center, radius, style))
                    .map_err(draw_err)?;
            }
            return Ok(());
        }
        let s = self.scale;
        let (cx, cy, r) = (cx * s, cy * s, r * s);
        let center = [(cx, cy)];
        if let Some((color, alpha)) = fill {
            let mut coverage = Coverage::around(&center, r + 1.0);
            coverage.add(&center, r + 1.0, |x, y| r - (x - cx).hypot(y - cy) + 0.5);
            self.blend(&coverage, color, alpha)?;
        }
        if let Some((color, width)) = outline {
            let half = width * s / 2.0;
            let mut coverage = Coverage::around(&center, r + half + 1.0);
            coverage.add(&center, r + half + 1.0, |x, y| {
                half - ((x - cx).hypot(y - cy) - r).abs() + 0.5
            });
            self.blend(&coverage, color, 1.0)?;
        }
        Ok(())
    }

    /// Paints `color` over the bitmap in proportion to each pixel's coverage.
    fn blend(&self, coverage: &Coverage, color: Rgb, alpha: f64) -> Result<(), ChartError> {
        let base = rgb(color);
        for (i, &c) in coverage.values.iter().enumerate() {
            if c > 0.0 {
                let point = (
                    coverage.x0 + (i % coverage.w) as i32,
                    coverage.y0 + (i / coverage.w) as i32,
                );
                self.area
                    .draw_pixel(point, &base.mix(f64::from(c) * alpha))
                    .map_err(draw_err)?;
            }
        }
        Ok(())
    }

    /// Horizontal text whose baseline is at `baseline`.
    pub fn text(
        &self,
        x: f64,
        baseline: f64,
        text: &str,
        font: Font,
        color: Rgb,
        align: Align,
    ) -> Result<(), ChartError> {
        if self.svg {
            // The SVG backend writes dy="0.76em" for top-anchored text.
            let pos = (
                self.px(x),
                self.px(baseline - SVG_TOP_TO_BASELINE * font.px),
            );
            return self.svg_text(text, font, color, align, FontTransform::None, pos);
        }
        let start = x - align.offset(text_width(text, font));
        self.raster_text(
            text,
            font,
            color,
            (start * self.scale, baseline * self.scale),
            false,
        )
    }

    /// Text read bottom to top, its baseline on the vertical line `baseline_x`; `y` is where
    /// it starts (`Align::Left`), is centred or ends (`Align::Right`).
    pub fn text_up(
        &self,
        baseline_x: f64,
        y: f64,
        text: &str,
        font: Font,
        color: Rgb,
        align: Align,
    ) -> Result<(), ChartError> {
        if self.svg {
            // Turned by 270°, the text's "down" points to the right of the page.
            let pos = (
                self.px(baseline_x - SVG_TOP_TO_BASELINE * font.px),
                self.px(y),
            );
            return self.svg_text(text, font, color, align, FontTransform::Rotate270, pos);
        }
        let start = y + align.offset(text_width(text, font));
        // Whole device pixels: the glyphs are turned on the pixel grid, which is exact.
        let origin = (
            (baseline_x * self.scale).round(),
            (start * self.scale).round(),
        );
        self.raster_text(text, font, color, origin, true)
    }

    /// Draws text into a bitmap with sub-pixel glyph positions, turned by 270° if `up`.
    fn raster_text(
        &self,
        text: &str,
        font: Font,
        color: Rgb,
        origin: (f64, f64),
        up: bool,
    ) -> Result<(), ChartError> {
        let mut result = Ok(());
        let base = rgb(color);
        let (ox, oy) = (origin.0 as i32, origin.1 as i32);
        let local_origin = if up { (0.0, 0.0) } else { origin };
        rasterize(text, font, self.scale, local_origin, |x, y, coverage| {
            if result.is_err() || coverage <= 0.0 {
                return;
            }
            // Turned: the text's x runs up the page, its y (down) to the right.
            let point = if up { (ox + y, oy - x) } else { (x, y) };
            let color = base.mix(f64::from(coverage.min(1.0)));
            result = self.area.draw_pixel(point, &color).map_err(draw_err);
        });
        result
    }

    fn svg_text(
        &self,
        text: &str,
        font: Font,
        color: Rgb,
        align: Align,
        transform: FontTransform,
        pos: (i32, i32),
    ) -> Result<(), ChartError> {
        if text.is_empty() {
            return Ok(());
        }
        let size = font.px * SVG_SIZE_PER_PX;
        let h = match align {
            Align::Left => HPos::Left,
            Align::Center => HPos::Center,
            Align::Right => HPos::Right,
        };
        let color = rgb(color);
        let style = FontDesc::new(FontFamily::Name(SVG_FONT_FAMILY), size, font.style())
            .transform(transform)
            .color(&color)
            .pos(Pos::new(h, VPos::Top));
        self.area.draw_text(text, &style, pos).map_err(draw_err)
    }
}

/// Anti-aliasing for the bitmap: plotters' rasteriser draws circles and thick lines without it,
/// which shows as steps on every curve. A shape's coverage of each pixel (0..1, computed from
/// the distance of the pixel's centre to the shape's edge) is collected here, keeping the
/// largest value where segments of a polyline meet, and painted once.
struct Coverage {
    x0: i32,
    y0: i32,
    w: usize,
    values: Vec<f32>,
}

impl Coverage {
    /// A zeroed buffer over the bounding box of `points` grown by `margin` device pixels.
    fn around(points: &[(f64, f64)], margin: f64) -> Self {
        let (x0, y0, x1, y1) = bounds(points, margin);
        let (w, h) = ((x1 - x0).max(0) as usize, (y1 - y0).max(0) as usize);
        Self {
            x0,
            y0,
            w,
            values: vec![0.0; w * h],
        }
    }

    /// Raises the coverage of the pixels near `points` (within `margin`) to `f` at their centres.
    fn add(&mut self, points: &[(f64, f64)], margin: f64, f: impl Fn(f64, f64) -> f64) {
        let (x0, y0, x1, y1) = bounds(points, margin);
        for y in y0.max(self.y0)..y1 {
            for x in x0.max(self.x0)..x1.min(self.x0 + self.w as i32) {
                let i = (y - self.y0) as usize * self.w + (x - self.x0) as usize;
                let Some(slot) = self.values.get_mut(i) else {
                    continue;
                };
                let c = f(f64::from(x) + 0.5, f64::from(y) + 0.5).clamp(0.0, 1.0) as f32;
                *slot = slot.max(c);
            }
        }
    }
}

/// Whole-pixel bounds (x0, y0, x1, y1), end exclusive, of `points` grown by `margin`.
fn bounds(points: &[(f64, f64)], margin: f64) -> (i32, i32, i32, i32) {
    let (mut x0, mut y0, mut x1, mut y1) = (
        f64::INFINITY,
        f64::INFINITY,
        f64::NEG_INFINITY,
        f64::NEG_INFINITY,
    );
    for &(x, y) in points {
        (x0, y0, x1, y1) = (x0.min(x), y0.min(y), x1.max(x), y1.max(y));
    }
    (
        (x0 - margin).floor() as i32,
        (y0 - margin).floor() as i32,
        (x1 + margin).ceil() as i32,
        (y1 + margin).ceil() as i32,
    )
}

fn distance_to_segment(p: (f64, f64), a: (f64, f64), b: (f64, f64)) -> f64 {
    let (dx, dy) = (b.0 - a.0, b.1 - a.1);
    let len2 = dx * dx + dy * dy;
    let t = if len2 > 0.0 {
        (((p.0 - a.0) * dx + (p.1 - a.1) * dy) / len2).clamp(0.0, 1.0)
    } else {
        0.0
    };
    (p.0 - a.0 - t * dx).hypot(p.1 - a.1 - t * dy)
}

/// Draws a `width` × `height` picture as a standalone SVG document.
pub(crate) fn to_svg<F>(width: u32, height: u32, draw: F) -> Result<String, ChartError>
where
    F: FnOnce(&Canvas<'_, SVGBackend<'_>>) -> Result<(), ChartError>,
{
    ensure_registered()?;
    let mut out = String::new();
    {
        let area = SVGBackend::with_string(&mut out, (width, height)).into_drawing_area();
        area.fill(&rgb(WHITE)).map_err(draw_err)?;
        draw(&Canvas {
            area: &area,
            scale: 1.0,
            svg: true,
        })?;
        area.present().map_err(draw_err)?;
    }
    Ok(tidy_font_sizes(&out))
}

/// plotters writes `font-size` as `size / 1.24`, which leaves float noise for most sizes
/// ("13.000000000000002"); rounds it to hundredths of a pixel.
fn tidy_font_sizes(svg: &str) -> String {
    const KEY: &str = "font-size=\"";
    let mut out = String::with_capacity(svg.len());
    let mut rest = svg;
    while let Some(at) = rest.find(KEY) {
        let (head, tail) = rest.split_at(at + KEY.len());
        out.push_str(head);
        let end = tail.find('"').unwrap_or(tail.len());
        match tail[..end].parse::<f64>() {
            Ok(v) => {
                let rounded = format!("{:.2}", v);
                out.push_str(rounded.trim_end_matches('0').trim_end_matches('.'));
            }
            Err(_) => out.push_str(&tail[..end]),
        }
        rest = &tail[end..];
    }
    out.push_str(rest);
    out
}

/// Draws the same picture at [`PNG_SCALE`] pixels per CSS pixel and encodes it as PNG, with
/// the matching physical resolution (192 dpi) so documents place it at its intended size.
pub(crate) fn to_png<F>(width: u32, height: u32, draw: F) -> Result<Vec<u8>, ChartError>
where
    F: FnOnce(&Canvas<'_, BitMapBackend<'_>>) -> Result<(), ChartError>,
{
    ensure_registered()?;
    let (w, h) = (width * PNG_SCALE, height * PNG_SCALE);
    let mut pixels = vec![0u8; w as usize * h as usize * 3];
    {
        let area = BitMapBackend::with_buffer(&mut pixels, (w, h)).into_drawing_area();
        area.fill(&rgb(WHITE)).map_err(draw_err)?;
        draw(&Canvas {
            area: &area,
            scale: f64::from(PNG_SCALE),
            svg: false,
        })?;
        area.present().map_err(draw_err)?;
    }
    let mut out = Vec::new();
    let mut encoder = png::Encoder::new(&mut out, w, h);
    encoder.set_color(png::ColorType::Rgb);
    encoder.set_depth(png::BitDepth::Eight);
    encoder.set_compression(png::Compression::Balanced);
    // 96 dpi × PNG_SCALE, in pixels per metre.
    let ppm = (96.0 * f64::from(PNG_SCALE) / 0.0254).round() as u32;
    encoder.set_pixel_dims(Some(png::PixelDimensions {
        xppu: ppm,
        yppu: ppm,
        unit: png::Unit::Meter,
    }));
    let mut writer = encoder
        .write_header()
        .map_err(|e| ChartError::Encode(e.to_string()))?;
    writer
        .write_image_data(&pixels)
        .map_err(|e| ChartError::Encode(e.to_string()))?;
    writer
        .finish()
        .map_err(|e| ChartError::Encode(e.to_string()))?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn font_sizes_lose_their_float_noise() {
        let svg = r#"<text font-size="13.000000000000002">a</text><text font-size="12.5">b</text><text font-size="x">"#;
        assert_eq!(
            tidy_font_sizes(svg),
            r#"<text font-size="13">a</text><text font-size="12.5">b</text><text font-size="x">"#
        );
    }

    #[test]
    fn segment_distance() {
        assert_eq!(
            distance_to_segment((0.0, 1.0), (-1.0, 0.0), (1.0, 0.0)),
            1.0
        );
        assert_eq!(distance_to_segment((3.0, 4.0), (0.0, 0.0), (0.0, 0.0)), 5.0);
        assert_eq!(distance_to_segment((5.0, 0.0), (0.0, 0.0), (2.0, 0.0)), 3.0);
    }
}
