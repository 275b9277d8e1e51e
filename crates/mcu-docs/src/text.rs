//! Plain-text output: for e-mail bodies, the clipboard and terminals.
//!
//! Nothing is wrapped (the reader's window does that). Tables are aligned by character count,
//! not bytes, so Cyrillic columns line up in any monospaced font.

use crate::model::{Block, Document, Grid, clean, heading_level};

/// Renders the document as UTF-8 text with underlined headings and space-aligned tables.
pub fn to_text(doc: &Document) -> String {
    let mut out = Out::default();
    let org = clean(doc.org_header.trim());
    if !org.is_empty() {
        out.block(&org);
    }
    let title = clean(&doc.title);
    if !title.is_empty() {
        out.block(&underlined(&title, '='));
    }
    if !doc.subtitle.is_empty() {
        out.block(&clean(&doc.subtitle));
    }
    let mut figure = 0;
    for block in &doc.blocks {
        match block {
            Block::Heading { level, text } => {
                let text = clean(text).replace('\n', " ");
                out.block(&match heading_level(*level) {
                    1 => underlined(&text.to_uppercase(), '='),
                    2 => underlined(&text, '-'),
                    _ => text,
                });
            }
            Block::Paragraph(text) | Block::Centered(text) => out.block(&clean(text)),
            Block::Bullets(items) if items.is_empty() => {}
            Block::Bullets(items) => out.block(
                &items
                    .iter()
                    .map(|i| format!("• {}", clean(i).replace('\n', "\n  ")))
                    .collect::<Vec<_>>()
                    .join("\n"),
            ),
            Block::KeyValues(pairs) if pairs.is_empty() => {}
            Block::KeyValues(pairs) => {
                let width = pairs.iter().map(|(k, _)| chars(k)).max().unwrap_or(0);
                let lines = pairs
                    .iter()
                    .map(|(k, v)| {
                        let k = format!("{}:", one_line(k));
                        format!("{} {}", pad_right(&k, width + 1), one_line(v))
                            .trim_end()
                            .to_string()
                    })
                    .collect::<Vec<_>>();
                out.block(&lines.join("\n"));
            }
            Block::Table(table) => {
                if let Some(grid) = table.grid() {
                    out.block(&table_text(&grid));
                }
            }
            Block::Image { caption, .. } => {
                figure += 1;
                let caption = one_line(caption);
                out.block(&if caption.is_empty() {
                    format!("[Рисунок {figure}]")
                } else {
                    format!("[Рисунок {figure} — {caption}]")
                });
            }
            // A form feed would show as ^L in most viewers; the blank line is enough.
            Block::PageBreak => {}
        }
    }
    if !doc.footer_note.is_empty() {
        out.block(&format!("---\n{}", clean(&doc.footer_note)));
    }
    out.0
}

/// Blocks separated by one empty line, ending with a newline.
#[derive(Default)]
struct Out(String);

impl Out {
    fn block(&mut self, text: &str) {
        if !self.0.is_empty() {
            self.0.push('\n');
        }
        self.0.push_str(text);
        self.0.push('\n');
    }
}

fn chars(s: &str) -> usize {
    s.chars().count()
}

fn one_line(s: &str) -> String {
    clean(s).replace('\n', " ")
}

fn underlined(text: &str, ch: char) -> String {
    let width = text.lines().map(chars).max().unwrap_or(0);
    format!("{text}\n{}", ch.to_string().repeat(width))
}

fn pad_right(s: &str, width: usize) -> String {
    format!("{s}{}", " ".repeat(width.saturating_sub(chars(s))))
}

fn pad_left(s: &str, width: usize) -> String {
    format!("{}{s}", " ".repeat(width.saturating_sub(chars(s))))
}

/// Columns two spaces apart, a dashed rule under the header, numbers right-aligned.
fn table_text(grid: &Grid) -> String {
    let cell = |s: &String| one_line(s);
    let header: Option<Vec<String>> = grid.header.as_ref().map(|h| h.iter().map(cell).collect());
    let rows: Vec<Vec<String>> = grid
        .rows
        .iter()
        .map(|r| r.iter().map(cell).collect())
        .collect();
    let widths: Vec<usize> = (0..grid.cols)
        .map(|c| {
            header
                .iter()
                .chain(rows.iter())
                .map(|r| chars(&r[c]))
                .max()
                .unwrap_or(0)
        })
        .collect();
    let line = |cells: &[String]| -> String {
        cells
            .iter()
            .enumerate()
            .map(|(c, s)| {
                if grid.numeric[c] {
                    pad_left(s, widths[c])
                } else {
                    pad_right(s, widths[c])
                }
            })
            .collect::<Vec<_>>()
            .join("  ")
            .trim_end()
            .to_string()
    };
    let mut lines = Vec::with_capacity(rows.len() + 2);
    if let Some(h) = &header {
        lines.push(line(h));
        lines.push(
            widths
                .iter()
                .map(|w| "-".repeat((*w).max(1)))
                .collect::<Vec<_>>()
                .join("  "),
        );
    }
    lines.extend(rows.iter().map(|r| line(r)));
    lines.join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Table;

    #[test]
    fn cyrillic_table_is_aligned_by_chars() {
        let grid = Table {
            headers: vec!["Поселение".into(), "Всего".into()],
            rows: vec![
                vec!["Пестравка".into(), "12".into()],
                vec!["Марьевка".into(), "7".into()],
            ],
            widths: vec![],
            numeric: vec![false, true],
        }
        .grid()
        .expect("has columns");
        assert_eq!(
            table_text(&grid),
            "Поселение  Всего\n---------  -----\nПестравка     12\nМарьевка       7"
        );
    }
}
