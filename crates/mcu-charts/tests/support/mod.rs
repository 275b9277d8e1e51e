//! Helpers shared by the chart tests: reading SVG texts back, decoding PNGs, checking boxes.

#![allow(dead_code, clippy::unwrap_used)]

use std::collections::HashSet;

use mcu_charts::{PNG_SCALE, Rendered};

/// The contents of every `<text>` element, trimmed, still XML-escaped.
pub fn texts(svg: &str) -> Vec<String> {
    svg.split("<text")
        .skip(1)
        .map(|chunk| {
            let start = chunk.find('>').unwrap() + 1;
            let end = chunk.find("</text>").unwrap();
            chunk[start..end].trim().to_string()
        })
        .collect()
}

pub fn has_text(r: &Rendered, text: &str) -> bool {
    texts(&r.svg).iter().any(|t| t == text)
}

/// A standalone SVG document with the declared size.
pub fn assert_standalone_svg(r: &Rendered) {
    let svg = r.svg.trim();
    let head = format!(
        r#"<svg width="{w}" height="{h}" viewBox="0 0 {w} {h}" xmlns="http://www.w3.org/2000/svg">"#,
        w = r.width,
        h = r.height
    );
    assert!(svg.starts_with(&head), "{}", &svg[..svg.len().min(200)]);
    assert!(svg.ends_with("</svg>"));
    assert_eq!(svg.matches("<text").count(), svg.matches("</text>").count());
    assert!(
        r.width >= 200 && r.height >= 100,
        "{}×{}",
        r.width,
        r.height
    );
}

/// Every box lies inside the picture and has a positive size.
pub fn assert_boxes_inside(r: &Rendered) {
    for b in &r.cells {
        assert!(b.w > 0.0 && b.h > 0.0, "{b:?}");
        assert!(b.x >= 0.0 && b.y >= 0.0, "{b:?}");
        assert!(
            b.x + b.w <= f64::from(r.width) && b.y + b.h <= f64::from(r.height),
            "{b:?} in {}×{}",
            r.width,
            r.height
        );
    }
}

pub struct Decoded {
    pub width: u32,
    pub height: u32,
    pub rgb: Vec<u8>,
}

impl Decoded {
    pub fn distinct_colors(&self) -> usize {
        self.rgb
            .chunks(3)
            .map(|p| (p[0], p[1], p[2]))
            .collect::<HashSet<_>>()
            .len()
    }
    pub fn pixel(&self, x: u32, y: u32) -> (u8, u8, u8) {
        let i = ((y * self.width + x) * 3) as usize;
        (self.rgb[i], self.rgb[i + 1], self.rgb[i + 2])
    }
}

/// Checks the PNG signature and decodes the picture to 8-bit RGB.
pub fn decode_png(bytes: &[u8]) -> Decoded {
    assert!(
        bytes.starts_with(&[0x89, b'P', b'N', b'G', 0x0d, 0x0a, 0x1a, 0x0a]),
        "not a PNG"
    );
    let decoder = png::Decoder::new(std::io::Cursor::new(bytes));
    let mut reader = decoder.read_info().unwrap();
    let mut buf = vec![0; reader.output_buffer_size().unwrap()];
    let info = reader.next_frame(&mut buf).unwrap();
    assert_eq!(info.color_type, png::ColorType::Rgb);
    assert_eq!(info.bit_depth, png::BitDepth::Eight);
    buf.truncate(info.buffer_size());
    Decoded {
        width: info.width,
        height: info.height,
        rgb: buf,
    }
}

/// The PNG of a chart: its SVG's size at `PNG_SCALE`, and a real picture (anti-aliased text
/// and colour fills give hundreds of colours; a blank or failed drawing gives one or two).
pub fn assert_png_matches(png: &[u8], svg: &Rendered, min_colors: usize) -> Decoded {
    let d = decode_png(png);
    assert_eq!(
        (d.width, d.height),
        (svg.width * PNG_SCALE, svg.height * PNG_SCALE)
    );
    let colors = d.distinct_colors();
    assert!(colors >= min_colors, "only {colors} colours");
    d
}
