//! Colours and numbers shared by every chart and by the app's legend: the sequential colour
//! scale, the series palette, the text colour that stays readable on a fill, Russian number
//! formatting and "nice" axis steps.

/// An sRGB colour.
pub type Rgb = (u8, u8, u8);

/// ColorBrewer YlOrRd (9 classes), perceptually ordered from pale yellow to dark red, with a
/// near-white first stop so that 0 reads as "nothing" and is still told apart from the page.
const SCALE: [Rgb; 9] = [
    (0xff, 0xfd, 0xf0),
    (0xff, 0xed, 0xa0),
    (0xfe, 0xd9, 0x76),
    (0xfe, 0xb2, 0x4c),
    (0xfd, 0x8d, 0x3c),
    (0xfc, 0x4e, 0x2a),
    (0xe3, 0x1a, 0x1c),
    (0xbd, 0x00, 0x26),
    (0x80, 0x00, 0x26),
];

/// The colour of `value` on a scale from 0 to `max`: near-white → yellow → orange → dark red.
/// Values outside the range are clamped; a non-positive or non-finite `max` gives the colour
/// of 0, so an all-zero chart is pale rather than an error.
pub fn scale_color(value: f64, max: f64) -> Rgb {
    let t = if max > 0.0 && max.is_finite() && value.is_finite() {
        (value / max).clamp(0.0, 1.0)
    } else {
        0.0
    };
    let pos = t * (SCALE.len() - 1) as f64;
    let i = (pos.floor() as usize).min(SCALE.len() - 2);
    let f = pos - i as f64;
    let (a, b) = (SCALE[i], SCALE[i + 1]);
    let mix = |x: u8, y: u8| (f64::from(x) + (f64::from(y) - f64::from(x)) * f).round() as u8;
    (mix(a.0, b.0), mix(a.1, b.1), mix(a.2, b.2))
}

/// Distinct colours for series (Tableau 10, designed to be told apart, also in print);
/// repeats after ten.
pub fn palette(i: usize) -> Rgb {
    const COLORS: [Rgb; 10] = [
        (0x4e, 0x79, 0xa7),
        (0xf2, 0x8e, 0x2b),
        (0xe1, 0x57, 0x59),
        (0x76, 0xb7, 0xb2),
        (0x59, 0xa1, 0x4f),
        (0xed, 0xc9, 0x48),
        (0xb0, 0x7a, 0xa1),
        (0xff, 0x9d, 0xa7),
        (0x9c, 0x75, 0x5f),
        (0xba, 0xb0, 0xac),
    ];
    COLORS[i % COLORS.len()]
}

/// White or near-black, whichever reads better on `fill` (WCAG relative luminance).
pub fn text_color_on(fill: Rgb) -> Rgb {
    let lin = |c: u8| {
        let c = f64::from(c) / 255.0;
        if c <= 0.040_45 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    };
    let l = 0.2126 * lin(fill.0) + 0.7152 * lin(fill.1) + 0.0722 * lin(fill.2);
    // Contrast with white (1.05 / (l + 0.05)) beats contrast with black ((l + 0.05) / 0.05)
    // below l ≈ 0.18; a little higher keeps mid-orange cells dark-on-light.
    if l < 0.2 { WHITE } else { INK }
}

pub(crate) const WHITE: Rgb = (255, 255, 255);
/// Body text.
pub(crate) const INK: Rgb = (0x22, 0x25, 0x2b);
/// Secondary text: subtitles, axis labels.
pub(crate) const MUTED: Rgb = (0x5f, 0x66, 0x70);
/// Grid lines and frames.
pub(crate) const RULE: Rgb = (0xd5, 0xd9, 0xdf);
/// Background of totals and panels.
pub(crate) const PANEL: Rgb = (0xee, 0xf0, 0xf3);

/// `value` with `decimals` digits after a decimal comma, as Russian text writes numbers:
/// "12,5"; integer parts of five digits and more are grouped by no-break spaces ("12 345").
pub fn format_value(value: f64, decimals: u8) -> String {
    let decimals = usize::from(decimals.min(6));
    let text = format!("{:.*}", decimals, value.abs());
    let (int, frac) = text.split_once('.').unwrap_or((&text, ""));
    let grouped = if int.len() >= 5 {
        let mut out = String::new();
        for (i, c) in int.chars().enumerate() {
            if i > 0 && (int.len() - i) % 3 == 0 {
                out.push('\u{a0}');
            }
            out.push(c);
        }
        out
    } else {
        int.to_string()
    };
    // A value that rounds to zero is shown without a sign ("0", not "−0").
    let negative = value < 0.0 && text.chars().any(|c| c.is_ascii_digit() && c != '0');
    let sign = if negative { "\u{2212}" } else { "" };
    if frac.is_empty() {
        format!("{sign}{grouped}")
    } else {
        format!("{sign}{grouped},{frac}")
    }
}

/// A round step (1, 2, 2.5 or 5 × 10ⁿ) that cuts 0..`max` into about `ticks` parts, and the
/// axis top (the first multiple of the step at or above `max`). An all-zero range gets 0..1.
pub(crate) fn nice_axis(max: f64, ticks: usize) -> (f64, f64) {
    let max = if max > 0.0 && max.is_finite() {
        max
    } else {
        1.0
    };
    let raw = max / ticks.max(1) as f64;
    let magnitude = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 2.5, 5.0, 10.0]
        .iter()
        .map(|m| m * magnitude)
        .find(|&s| s >= raw * 0.999)
        .unwrap_or(10.0 * magnitude);
    let top = (max / step - 1e-9).ceil().max(1.0) * step;
    (step, top)
}

/// Digits after the comma needed to print multiples of `step` exactly (0.25 → 2).
pub(crate) fn step_decimals(step: f64) -> u8 {
    (0..6u8)
        .find(|&d| {
            let scaled = step * 10f64.powi(i32::from(d));
            (scaled - scaled.round()).abs() < 1e-6
        })
        .unwrap_or(6)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scale_runs_from_near_white_to_dark_red() {
        let zero = scale_color(0.0, 10.0);
        assert!(zero.0 > 250 && zero.1 > 250 && zero.2 > 230, "{zero:?}");
        assert_eq!(scale_color(10.0, 10.0), (0x80, 0x00, 0x26));
        assert_eq!(scale_color(99.0, 10.0), (0x80, 0x00, 0x26));
        assert_eq!(scale_color(5.0, 0.0), zero);
        assert_eq!(scale_color(f64::NAN, 3.0), zero);
        // Monotonically darker: the sum of channels never grows.
        let mut last = u32::MAX;
        for i in 0..=100 {
            let (r, g, b) = scale_color(f64::from(i), 100.0);
            let sum = u32::from(r) + u32::from(g) + u32::from(b);
            assert!(sum <= last, "step {i}");
            last = sum;
        }
    }

    #[test]
    fn text_is_readable_on_both_ends() {
        assert_eq!(text_color_on(scale_color(0.0, 1.0)), INK);
        assert_eq!(text_color_on(scale_color(1.0, 1.0)), WHITE);
        assert_eq!(text_color_on(scale_color(0.3, 1.0)), INK);
    }

    #[test]
    fn formats_numbers_the_russian_way() {
        assert_eq!(format_value(12.5, 1), "12,5");
        assert_eq!(format_value(12.0, 0), "12");
        assert_eq!(format_value(0.04, 1), "0,0");
        assert_eq!(format_value(-0.01, 1), "0,0");
        assert_eq!(format_value(-3.0, 0), "\u{2212}3");
        assert_eq!(format_value(1234.0, 0), "1234");
        assert_eq!(format_value(12345.67, 1), "12\u{a0}345,7");
        assert_eq!(format_value(1_234_567.0, 0), "1\u{a0}234\u{a0}567");
    }

    #[test]
    fn nice_axes() {
        assert_eq!(nice_axis(0.0, 5), (0.2, 1.0));
        assert_eq!(nice_axis(47.0, 5), (10.0, 50.0));
        assert_eq!(nice_axis(50.0, 5), (10.0, 50.0));
        assert_eq!(nice_axis(3.2, 4), (1.0, 4.0));
        assert_eq!(nice_axis(12.5, 5), (2.5, 12.5));
        assert_eq!(step_decimals(0.25), 2);
        assert_eq!(step_decimals(10.0), 0);
        assert_eq!(palette(0), palette(10));
        assert_ne!(palette(0), palette(1));
    }
}
