//! The embedded DejaVu Sans font: registration with plotters, text measurement and label
//! clean-up (control characters, truncation with «…», wrapping).
//!
//! Text is measured with the same font that draws the PNG, so the layout (column widths,
//! truncation) is decided once and is the same for SVG and PNG. In the SVG the text stays text
//! with `font-family="DejaVu Sans, sans-serif"`: a window that loads the bundled font through
//! `@font-face` shows the same glyphs; any other sans-serif (Arial, Liberation Sans) is
//! narrower than DejaVu Sans, so the layout still fits.

use std::sync::OnceLock;

use ab_glyph::{Font as _, FontRef, PxScale, ScaleFont, point};
use plotters::style::{FontStyle, register_font};

use crate::ChartError;

/// The family written into the SVG and the name the embedded font is registered under.
/// It is a CSS family list on purpose: plotters copies the name verbatim into `font-family`,
/// and the fallback keeps the SVG readable where DejaVu Sans is not loaded.
pub const SVG_FONT_FAMILY: &str = "DejaVu Sans, sans-serif";

static REGULAR: &[u8] = include_bytes!("../../../assets/fonts/DejaVuSans.ttf");
static BOLD: &[u8] = include_bytes!("../../../assets/fonts/DejaVuSans-Bold.ttf");

/// ab_glyph scales a font so that ascent − descent equals the requested size; for DejaVu Sans
/// (and Bold) that is (1901 + 483) / 2048 em. Multiplying a CSS pixel size by this gives the
/// ab_glyph size with the same em, so PNG glyphs are as large as SVG glyphs.
pub(crate) const AB_GLYPH_PER_EM: f64 = 2384.0 / 2048.0;

/// plotters' SVG backend writes `font-size = size / 1.24`; this undoes it.
pub(crate) const SVG_SIZE_PER_PX: f64 = 1.24;

/// The parsed embedded faces (regular, bold), parsed once.
fn faces() -> Option<&'static (FontRef<'static>, FontRef<'static>)> {
    static FACES: OnceLock<Option<(FontRef<'static>, FontRef<'static>)>> = OnceLock::new();
    FACES
        .get_or_init(|| {
            Some((
                FontRef::try_from_slice(REGULAR).ok()?,
                FontRef::try_from_slice(BOLD).ok()?,
            ))
        })
        .as_ref()
}

fn face(bold: bool) -> Option<&'static FontRef<'static>> {
    faces().map(|(regular, b)| if bold { b } else { regular })
}

/// Registers the embedded fonts once per process. With the `ab_glyph` feature every backend
/// fails with `FontUnavailable` until a font is registered under the family it asks for.
pub(crate) fn ensure_registered() -> Result<(), ChartError> {
    static DONE: OnceLock<bool> = OnceLock::new();
    let ok = *DONE.get_or_init(|| {
        // "sans-serif" as well: it is plotters' default family, should anything fall back to it.
        [SVG_FONT_FAMILY, "sans-serif"].iter().all(|family| {
            register_font(family, FontStyle::Normal, REGULAR).is_ok()
                && register_font(family, FontStyle::Bold, BOLD).is_ok()
        })
    });
    if ok && faces().is_some() {
        Ok(())
    } else {
        Err(ChartError::Font)
    }
}

/// A text style in CSS pixels (the SVG's user units).
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Font {
    pub px: f64,
    pub bold: bool,
}

impl Font {
    pub const fn regular(px: f64) -> Self {
        Self { px, bold: false }
    }
    pub const fn bold(px: f64) -> Self {
        Self { px, bold: true }
    }
    pub fn style(self) -> FontStyle {
        if self.bold {
            FontStyle::Bold
        } else {
            FontStyle::Normal
        }
    }
}

/// Width of `text` in CSS pixels when drawn with `font`: the advances and kerning the PNG
/// renderer uses, so what is measured is what is drawn.
pub(crate) fn text_width(text: &str, font: Font) -> f64 {
    let mut width = 0.0;
    layout(text, font, 1.0, |_, _| {}, &mut width);
    width
}

/// Rasterises `text` at `scale` device pixels per CSS pixel with its baseline starting at
/// `origin` (device pixels, fractions kept: glyphs are placed with sub-pixel precision).
/// `put` receives every covered pixel with its coverage 0..1.
pub(crate) fn rasterize(
    text: &str,
    font: Font,
    scale: f64,
    origin: (f64, f64),
    mut put: impl FnMut(i32, i32, f32),
) {
    let mut width = 0.0;
    layout(
        text,
        font,
        scale,
        |glyph, face| {
            let glyph = ab_glyph::Glyph {
                position: point(
                    glyph.position.x + origin.0 as f32,
                    glyph.position.y + origin.1 as f32,
                ),
                ..glyph
            };
            if let Some(outline) = face.outline_glyph(glyph) {
                let bounds = outline.px_bounds();
                let (x0, y0) = (bounds.min.x as i32, bounds.min.y as i32);
                outline.draw(|x, y, coverage| put(x0 + x as i32, y0 + y as i32, coverage));
            }
        },
        &mut width,
    );
}

/// Walks the glyphs of `text` placed from (0, 0) on the baseline, calling `each` for every
/// glyph; `width` receives the advance in CSS pixels.
fn layout(
    text: &str,
    font: Font,
    scale: f64,
    mut each: impl FnMut(ab_glyph::Glyph, &'static FontRef<'static>),
    width: &mut f64,
) {
    let Some(face) = face(font.bold) else {
        // Unreachable once registration succeeded; a generous guess keeps layouts sane.
        *width = text.chars().count() as f64 * 0.65 * font.px;
        return;
    };
    let size = (font.px * scale * AB_GLYPH_PER_EM) as f32;
    let scaled = face.as_scaled(PxScale::from(size));
    let mut caret = 0f32;
    let mut previous = None;
    for c in text.chars() {
        let id = scaled.glyph_id(c);
        if let Some(previous) = previous {
            caret += scaled.kern(previous, id);
        }
        each(id.with_scale_and_position(size, point(caret, 0.0)), face);
        caret += scaled.h_advance(id);
        previous = Some(id);
    }
    *width = f64::from(caret) / scale;
}

/// The widest of several texts.
pub(crate) fn max_width<'a>(texts: impl IntoIterator<Item = &'a str>, font: Font) -> f64 {
    texts
        .into_iter()
        .map(|t| text_width(t, font))
        .fold(0.0, f64::max)
}

/// User text as a single safe line: control characters (forbidden in XML, invisible in a
/// picture) become spaces and runs of whitespace collapse to one space.
pub(crate) fn clean(text: &str) -> String {
    text.split(|c: char| c.is_whitespace() || c.is_control())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// At most `max_chars` characters; a cut label ends with «…».
pub(crate) fn truncate_chars(text: &str, max_chars: usize) -> String {
    if text.chars().count() <= max_chars {
        return text.to_string();
    }
    let kept: String = text.chars().take(max_chars.saturating_sub(1)).collect();
    ellipsis(&kept)
}

/// At most `max_width` pixels wide; a cut text ends with «…».
pub(crate) fn truncate_width(text: &str, font: Font, max_width: f64) -> String {
    if text_width(text, font) <= max_width {
        return text.to_string();
    }
    let chars: Vec<char> = text.chars().collect();
    // Binary search for the longest prefix that fits together with the ellipsis.
    let (mut lo, mut hi) = (0usize, chars.len());
    while lo < hi {
        let mid = (lo + hi).div_ceil(2);
        let candidate = ellipsis(&chars[..mid].iter().collect::<String>());
        if text_width(&candidate, font) <= max_width {
            lo = mid;
        } else {
            hi = mid - 1;
        }
    }
    ellipsis(&chars[..lo].iter().collect::<String>())
}

/// `kept` + «…», without a dangling space or punctuation mark before the ellipsis.
fn ellipsis(kept: &str) -> String {
    let kept = kept.trim_end_matches(|c: char| c.is_whitespace() || ",;:–—-".contains(c));
    format!("{kept}…")
}

/// Lines no wider than `max_width` where possible, filled greedily, breaking after spaces and
/// hyphens («Михайло-|Овсянка»); a single word wider than `max_width` gets a line of its own.
fn greedy_lines(text: &str, font: Font, max_width: f64) -> Vec<String> {
    // Pieces keep their trailing hyphen; the flag says whether a space follows.
    let mut pieces: Vec<(String, bool)> = Vec::new();
    for word in text.split(' ').filter(|w| !w.is_empty()) {
        let mut rest = word;
        while let Some(i) = rest.find('-').filter(|&i| i + 1 < rest.len() && i > 0) {
            pieces.push((rest[..=i].to_string(), false));
            rest = &rest[i + 1..];
        }
        pieces.push((rest.to_string(), true));
    }
    let mut lines: Vec<String> = Vec::new();
    let mut current = String::new();
    let mut space_before = false;
    for (piece, space_after) in pieces {
        let joined = join(&current, &piece, space_before);
        if current.is_empty() || text_width(&joined, font) <= max_width {
            current = joined;
        } else {
            lines.push(std::mem::replace(&mut current, piece));
        }
        space_before = space_after;
    }
    if !current.is_empty() {
        lines.push(current);
    }
    lines
}

fn join(head: &str, tail: &str, space: bool) -> String {
    match (head.is_empty(), space) {
        (true, _) => tail.to_string(),
        (false, true) => format!("{head} {tail}"),
        (false, false) => format!("{head}{tail}"),
    }
}

/// Breaks `text` into at most `max_lines` lines no wider than `max_width` (see
/// [`greedy_lines`]). Returns `None` when it does not fit.
pub(crate) fn wrap(
    text: &str,
    font: Font,
    max_width: f64,
    max_lines: usize,
) -> Option<Vec<String>> {
    let lines = greedy_lines(text, font, max_width);
    let fits = lines.len() <= max_lines && lines.iter().all(|l| text_width(l, font) <= max_width);
    fits.then_some(lines)
}

/// Like [`wrap`] but always succeeds: what does not fit in `max_lines` lines is cut with «…».
pub(crate) fn wrap_cut(text: &str, font: Font, max_width: f64, max_lines: usize) -> Vec<String> {
    let mut lines = greedy_lines(text, font, max_width);
    if lines.len() > max_lines.max(1) {
        let rest = lines.split_off(max_lines.max(1) - 1);
        let last = rest
            .iter()
            .fold(String::new(), |acc, l| join(&acc, l, !acc.ends_with('-')));
        // Force the ellipsis: the line was cut even if what is left happens to fit.
        let cut = truncate_width(&format!("{last}…"), font, max_width);
        lines.push(if cut.ends_with('…') {
            cut
        } else {
            ellipsis(&last)
        });
    }
    lines
        .into_iter()
        .map(|l| truncate_width(&l, font, max_width))
        .collect()
}

/// The narrowest width (to a pixel) at which `text` wraps into at most `max_lines` lines.
pub(crate) fn min_wrap_width(text: &str, font: Font, max_lines: usize) -> f64 {
    let (mut lo, mut hi) = (0.0, text_width(text, font).ceil());
    while hi - lo > 1.0 {
        let mid = ((lo + hi) / 2.0_f64).floor();
        if wrap(text, font, mid, max_lines).is_some() {
            hi = mid
        } else {
            lo = mid
        }
    }
    hi
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn measures_with_the_embedded_font() {
        ensure_registered().expect("fonts register");
        // DejaVu Sans digits advance 1303/2048 em.
        let w = text_width("0000000000", Font::regular(10.0));
        assert!((w - 63.6).abs() < 0.2, "{w}");
        assert!(text_width("Ж", Font::bold(12.0)) > text_width("Ж", Font::regular(12.0)) - 0.01);
    }

    #[test]
    fn cleans_truncates_and_wraps() {
        ensure_registered().expect("fonts register");
        assert_eq!(clean(" Красная\u{0007}\n Поляна "), "Красная Поляна");
        assert_eq!(truncate_chars("абвгд", 5), "абвгд");
        assert_eq!(truncate_chars("абвгде", 5), "абвг…");
        let cut = truncate_width("Перебои в водоснабжении", Font::regular(12.0), 80.0);
        assert!(cut.ends_with('…') && text_width(&cut, Font::regular(12.0)) <= 80.0);
        let font = Font::regular(12.0);
        let lines = wrap("Михайло-Овсянка", font, 60.0, 2).expect("fits in two lines");
        assert_eq!(lines, ["Михайло-", "Овсянка"]);
        let lines = wrap("Красная Поляна", font, 70.0, 2).expect("fits in two lines");
        assert_eq!(lines, ["Красная", "Поляна"]);
        assert_eq!(
            wrap("Красная Поляна", font, 200.0, 2).expect("fits"),
            ["Красная Поляна"]
        );
        assert!(wrap("Очень-очень-длинное название", font, 30.0, 2).is_none());
        let cut = wrap_cut(
            "Сельское поселение Михайло-Овсянка Пестравского района",
            font,
            110.0,
            3,
        );
        assert_eq!(cut.len(), 3);
        assert!(cut[2].ends_with('…'), "{cut:?}");
        assert!(cut.iter().all(|l| text_width(l, font) <= 110.0));
        assert_eq!(wrap_cut("Мосты", font, 110.0, 3), ["Мосты"]);
        assert_eq!(
            truncate_chars("Тема обращения, которая длинная", 16),
            "Тема обращения…"
        );
        let narrow = min_wrap_width("Красная Поляна", font, 2);
        assert_eq!(
            narrow,
            text_width("Красная", font)
                .ceil()
                .max(text_width("Поляна", font).ceil())
        );
    }
}
