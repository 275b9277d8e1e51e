//! Pieces every chart shares: the title block, the colour-bar legend and the "no data"
//! picture, with the fonts and spacing they use.

use plotters::backend::DrawingBackend;

use crate::canvas::{Align, Canvas, to_png, to_svg};
use crate::font::{Font, clean, text_width, truncate_width};
use crate::scale::{INK, MUTED, PANEL, RULE, format_value, scale_color};
use crate::{ChartError, Rendered};

/// Space around the picture.
pub(crate) const MARGIN: f64 = 16.0;
pub(crate) const TITLE: Font = Font::bold(17.0);
pub(crate) const SUBTITLE: Font = Font::regular(13.0);
/// Labels, values and legends.
pub(crate) const LABEL: Font = Font::regular(12.0);
pub(crate) const LABEL_BOLD: Font = Font::bold(12.0);
/// The widest a picture grows to fit its title: longer titles are cut with «…».
pub(crate) const MAX_TITLE_WIDTH: f64 = 1100.0;
/// Where the glyphs of a 12 px label sit relative to the baseline: digits and capitals are
/// 0.73 em tall, so a baseline this far below a line's middle centres them on it.
pub(crate) fn center_to_baseline(font: Font) -> f64 {
    (0.73 * font.px / 2.0).round()
}

/// The title and subtitle, cleaned and cut to fit `width`.
#[derive(Debug, Clone)]
pub(crate) struct Header {
    pub title: String,
    pub subtitle: String,
}

impl Header {
    pub fn new(title: &str, subtitle: &str) -> Self {
        Self {
            title: clean(title),
            subtitle: clean(subtitle),
        }
    }

    /// The width the header would like (before cutting), margins included.
    pub fn natural_width(&self) -> f64 {
        let w = text_width(&self.title, TITLE).max(text_width(&self.subtitle, SUBTITLE));
        (w + 2.0 * MARGIN).min(MAX_TITLE_WIDTH).ceil()
    }

    /// Height from the top of the picture to where the content may start.
    pub fn height(&self) -> f64 {
        if self.subtitle.is_empty() {
            MARGIN + 30.0
        } else {
            MARGIN + 50.0
        }
    }

    /// Cuts the texts to a picture `width` wide.
    pub fn fit(mut self, width: f64) -> Self {
        let room = width - 2.0 * MARGIN;
        self.title = truncate_width(&self.title, TITLE, room);
        self.subtitle = truncate_width(&self.subtitle, SUBTITLE, room);
        self
    }

    pub fn draw<DB: DrawingBackend>(&self, c: &Canvas<'_, DB>) -> Result<(), ChartError> {
        c.text(MARGIN, MARGIN + 15.0, &self.title, TITLE, INK, Align::Left)?;
        if !self.subtitle.is_empty() {
            c.text(
                MARGIN,
                MARGIN + 36.0,
                &self.subtitle,
                SUBTITLE,
                MUTED,
                Align::Left,
            )?;
        }
        Ok(())
    }
}

/// A horizontal colour bar explaining [`scale_color`]: its title, the bar and the values at
/// both ends.
#[derive(Debug, Clone)]
pub(crate) struct ColorLegend {
    pub title: String,
    pub max: f64,
    pub decimals: u8,
}

impl ColorLegend {
    const BAR_W: f64 = 200.0;
    const BAR_H: f64 = 12.0;

    pub fn new(title: &str, max: f64, decimals: u8) -> Self {
        Self {
            title: clean(title),
            max,
            decimals,
        }
    }

    pub fn width(&self) -> f64 {
        let ends = text_width(&format_value(self.max, self.decimals), LABEL) / 2.0;
        (Self::BAR_W + ends)
            .max(text_width(&self.title, LABEL))
            .ceil()
    }

    pub const fn height() -> f64 {
        50.0
    }

    /// Draws the legend with its top-left corner at (`x`, `y`).
    pub fn draw<DB: DrawingBackend>(
        &self,
        c: &Canvas<'_, DB>,
        x: f64,
        y: f64,
    ) -> Result<(), ChartError> {
        c.text(x, y + 12.0, &self.title, LABEL, MUTED, Align::Left)?;
        let top = y + 18.0;
        // 2 px slices: smooth to the eye, few elements in the SVG.
        let slices = (Self::BAR_W / 2.0) as usize;
        for i in 0..slices {
            let t = (i as f64 + 0.5) / slices as f64;
            let color = scale_color(t, 1.0);
            c.rect(x + 2.0 * i as f64, top, 2.0, Self::BAR_H, color, 1.0)?;
        }
        c.frame(x, top, Self::BAR_W, Self::BAR_H, RULE)?;
        let tick_y = top + Self::BAR_H;
        for (tx, value) in [(x, 0.0), (x + Self::BAR_W, self.max)] {
            c.rect(tx - 0.5, tick_y, 1.0, 4.0, MUTED, 1.0)?;
            let align = if value == 0.0 {
                Align::Left
            } else {
                Align::Center
            };
            let label = format_value(value, self.decimals);
            c.text(tx, tick_y + 17.0, &label, LABEL, INK, align)?;
        }
        Ok(())
    }
}

/// The picture shown when there is nothing to draw: the title and «Нет данных за период».
pub(crate) fn empty_svg(header: Header) -> Result<Rendered, ChartError> {
    let (width, height, header) = empty_layout(header);
    let svg = to_svg(width, height, |c| draw_empty(c, &header, width, height))?;
    Ok(Rendered {
        svg,
        width,
        height,
        cells: Vec::new(),
    })
}

pub(crate) fn empty_png(header: Header) -> Result<Vec<u8>, ChartError> {
    let (width, height, header) = empty_layout(header);
    to_png(width, height, |c| draw_empty(c, &header, width, height))
}

pub(crate) const NO_DATA: &str = "Нет данных за период";

fn empty_layout(header: Header) -> (u32, u32, Header) {
    let width = header.natural_width().max(480.0);
    let height = header.height() + 110.0;
    (width as u32, height as u32, header.fit(width))
}

fn draw_empty<DB: DrawingBackend>(
    c: &Canvas<'_, DB>,
    header: &Header,
    width: u32,
    height: u32,
) -> Result<(), ChartError> {
    header.draw(c)?;
    let (w, h) = (f64::from(width), f64::from(height));
    let top = header.height();
    let box_h = h - top - MARGIN;
    c.rect(MARGIN, top, w - 2.0 * MARGIN, box_h, PANEL, 1.0)?;
    let font = Font::regular(15.0);
    c.text(
        w / 2.0,
        top + box_h / 2.0 + center_to_baseline(font),
        NO_DATA,
        font,
        MUTED,
        Align::Center,
    )
}
