//! The document model every report is turned into, and the shared clean-up the three
//! renderers apply to it (line endings, ragged tables, heading levels, PNG headers), so that
//! PDF, DOCX and text show the same content for the same input.

use serde::{Deserialize, Serialize};

/// A report ready to be rendered: a header, a title and a sequence of blocks.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Document {
    /// Title of the document, e.g. «Сводка за смену 27.11.2026».
    pub title: String,
    /// The district's header line(s), `\n`-separated; printed at the top of the first page.
    pub org_header: String,
    /// Line under the title; empty for none.
    pub subtitle: String,
    /// The body.
    pub blocks: Vec<Block>,
    /// Small text at the end (who made the document and when); empty for none.
    pub footer_note: String,
}

/// One piece of the body. All text is plain text: nothing in it is ever read as markup.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Block {
    /// A section heading; `level` is 1..=3 (other values are clamped).
    Heading { level: u8, text: String },
    /// A paragraph; `\n` inside it is a line break.
    Paragraph(String),
    /// A centred paragraph (a letter's «Уважаемый …!»).
    Centered(String),
    /// A bulleted list, one string per item.
    Bullets(Vec<String>),
    /// A two-column label/value list without borders.
    KeyValues(Vec<(String, String)>),
    /// A bordered table.
    Table(Table),
    /// A PNG picture `width_mm` wide (capped at the text width) with an optional caption.
    Image {
        png: Vec<u8>,
        width_mm: f32,
        caption: String,
    },
    /// Starts a new page.
    PageBreak,
}

/// A table with an optional header row that repeats on every page it spans.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Table {
    /// Header cells; empty for a table without a header row.
    pub headers: Vec<String>,
    /// Body rows; rows shorter than the widest row are padded with empty cells.
    pub rows: Vec<Vec<String>>,
    /// Relative column widths (e.g. `[1.0, 4.0, 1.5]`); empty (or of the wrong length) for
    /// automatic widths.
    pub widths: Vec<f32>,
    /// Which columns hold numbers and are right-aligned; may be shorter than the columns.
    pub numeric: Vec<bool>,
}

/// Text width of an A4 page with 20 mm margins, in millimetres.
pub(crate) const TEXT_WIDTH_MM: f32 = 170.0;

/// Heading level clamped to what all three formats support.
pub(crate) fn heading_level(level: u8) -> u8 {
    level.clamp(1, 3)
}

/// Line endings folded to `\n`, so that `\r\n` from Windows input breaks lines the same way
/// everywhere.
pub(crate) fn clean(text: &str) -> String {
    text.replace("\r\n", "\n").replace('\r', "\n")
}

/// A table made rectangular: every renderer can index `cells[row][col]` for `col < cols`.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Grid {
    pub cols: usize,
    /// Header cells (`cols` of them), or `None` when the table has no header row.
    pub header: Option<Vec<String>>,
    pub rows: Vec<Vec<String>>,
    /// Relative widths normalised to sum to 1, or `None` for automatic widths.
    pub widths: Option<Vec<f32>>,
    pub numeric: Vec<bool>,
}

impl Table {
    /// The rectangular form of this table; `None` when it has no columns at all.
    pub(crate) fn grid(&self) -> Option<Grid> {
        let cols = self
            .rows
            .iter()
            .map(Vec::len)
            .chain(std::iter::once(self.headers.len()))
            .max()
            .unwrap_or(0);
        if cols == 0 {
            return None;
        }
        let pad = |cells: &[String]| -> Vec<String> {
            (0..cols)
                .map(|i| cells.get(i).map(|c| clean(c)).unwrap_or_default())
                .collect()
        };
        let header = (!self.headers.is_empty()).then(|| pad(&self.headers));
        let rows = self.rows.iter().map(|r| pad(r)).collect();
        // Widths are only trusted when there is one sane value per column; anything else
        // (a stale widths list after a column was added, zeros, NaN) falls back to automatic.
        let widths = (self.widths.len() == cols
            && self.widths.iter().all(|w| w.is_finite() && *w > 0.0))
        .then(|| {
            let sum: f32 = self.widths.iter().sum();
            self.widths.iter().map(|w| w / sum).collect()
        });
        let numeric = (0..cols)
            .map(|i| self.numeric.get(i).copied().unwrap_or(false))
            .collect();
        Some(Grid {
            cols,
            header,
            rows,
            widths,
            numeric,
        })
    }
}

/// Width and height in pixels of a PNG, read from its IHDR chunk; `None` when the bytes are
/// not a PNG. Checked before rendering so that a broken picture is a clear error, not a
/// failure deep inside typst or a DOCX that Word refuses to open.
pub(crate) fn png_size(png: &[u8]) -> Option<(u32, u32)> {
    const SIGNATURE: &[u8] = b"\x89PNG\r\n\x1a\n";
    if png.len() < 24 || !png.starts_with(SIGNATURE) || &png[12..16] != b"IHDR" {
        return None;
    }
    let w = u32::from_be_bytes([png[16], png[17], png[18], png[19]]);
    let h = u32::from_be_bytes([png[20], png[21], png[22], png[23]]);
    (w > 0 && h > 0).then_some((w, h))
}

/// Picture width actually used: at least 5 mm, at most the text width.
pub(crate) fn image_width_mm(width_mm: f32) -> f32 {
    if width_mm.is_finite() {
        width_mm.clamp(5.0, TEXT_WIDTH_MM)
    } else {
        TEXT_WIDTH_MM
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ragged_table_is_padded_and_bad_widths_dropped() {
        let t = Table {
            headers: vec!["A".into()],
            rows: vec![vec!["1".into(), "2".into()], vec![]],
            widths: vec![1.0],
            numeric: vec![false, true, true],
        };
        let g = t.grid().expect("has columns");
        assert_eq!(g.cols, 2);
        assert_eq!(g.header, Some(vec!["A".to_string(), String::new()]));
        assert_eq!(g.rows[1], vec![String::new(), String::new()]);
        assert_eq!(g.widths, None);
        assert_eq!(g.numeric, vec![false, true]);
    }

    #[test]
    fn widths_are_normalised() {
        let t = Table {
            rows: vec![vec!["a".into(), "b".into()]],
            widths: vec![1.0, 3.0],
            ..Table::default()
        };
        assert_eq!(t.grid().and_then(|g| g.widths), Some(vec![0.25, 0.75]));
        assert_eq!(Table::default().grid(), None);
    }

    #[test]
    fn png_header_is_read() {
        let mut png = b"\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR".to_vec();
        png.extend_from_slice(&[0, 0, 0, 3, 0, 0, 0, 2]);
        assert_eq!(png_size(&png), Some((3, 2)));
        assert_eq!(png_size(b"GIF89a"), None);
    }
}
