//! DOCX output with docx-rs: A4 with 20 mm margins, real Word styles (`Heading1..3` show in
//! the navigation pane of Word and LibreOffice), bordered tables whose header row repeats on
//! every page, inline pictures and «стр. N из M» in the footer.
//!
//! Fonts are named, not embedded: Times New Roman for text and Arial for headings and
//! tables are on every Windows PC and have Cyrillic; LibreOffice substitutes the
//! metric-compatible Liberation fonts.

use std::io::Cursor;

use docx_rs::{
    AbstractNumbering, AlignmentType, BorderType, BreakType, Docx, Footer, IndentLevel, Level,
    LevelJc, LevelText, LineSpacing, NumPages, NumberFormat, Numbering, NumberingId, PageMargin,
    PageNum, Paragraph, ParagraphBorder, ParagraphBorderPosition, ParagraphBorders, Pic, Run,
    RunFonts, Shading, ShdType, SpecialIndentType, Start, Style, StyleType, TableCell,
    TableCellMargins, TableLayoutType, TableRow, VAlignType, WidthType,
};

use crate::DocError;
use crate::model::{
    Block, Document, Grid, TEXT_WIDTH_MM, clean, heading_level, image_width_mm, png_size,
};

const SERIF: &str = "Times New Roman";
const SANS: &str = "Arial";

const TWIPS_PER_MM: f32 = 1440.0 / 25.4;
const EMU_PER_MM: f32 = 36_000.0;
const A4_WIDTH: u32 = 11_906;
const A4_HEIGHT: u32 = 16_838;
const MARGIN: i32 = 1_134; // 20 mm
const TEXT_WIDTH: usize = 9_638; // 170 mm

/// Numbering definition of bulleted lists (docx-rs always writes a decimal one as id 1).
const BULLETS: usize = 2;

/// Renders the document as a DOCX (Office Open XML) file.
pub fn to_docx(doc: &Document) -> Result<Vec<u8>, DocError> {
    let mut out = base();
    // One entry per `<w:tbl>` in document order: whether its first row is a header row.
    let mut tables: Vec<bool> = Vec::new();

    let org = clean(doc.org_header.trim());
    if !org.is_empty() {
        let mut p = with_lines(Paragraph::new().style("OrgHeader"), &org, |r| r);
        p.property = p.property.set_borders(
            ParagraphBorders::with_empty().set(
                ParagraphBorder::new(ParagraphBorderPosition::Bottom)
                    .val(BorderType::Single)
                    .size(6)
                    .space(4)
                    .color("404040"),
            ),
        );
        out = out.add_paragraph(p);
    }
    out = out.add_paragraph(with_lines(
        Paragraph::new().style("Title"),
        &doc.title,
        |r| r,
    ));
    if !doc.subtitle.is_empty() {
        out = out.add_paragraph(with_lines(
            Paragraph::new().style("Subtitle"),
            &doc.subtitle,
            |r| r,
        ));
    }

    let mut figure = 0;
    for block in &doc.blocks {
        match block {
            Block::Heading { level, text } => {
                let style = format!("Heading{}", heading_level(*level));
                out = out.add_paragraph(with_lines(Paragraph::new().style(&style), text, |r| r));
            }
            Block::Paragraph(text) => {
                out = out.add_paragraph(with_lines(
                    Paragraph::new().align(AlignmentType::Both),
                    text,
                    |r| r,
                ));
            }
            Block::Centered(text) => {
                out = out.add_paragraph(with_lines(
                    Paragraph::new().align(AlignmentType::Center),
                    text,
                    |r| r,
                ));
            }
            Block::Bullets(items) => {
                for item in items {
                    let p = Paragraph::new()
                        .numbering(NumberingId::new(BULLETS), IndentLevel::new(0))
                        .line_spacing(LineSpacing::new().after(60));
                    out = out.add_paragraph(with_lines(p, item, |r| r));
                }
            }
            Block::KeyValues(pairs) if pairs.is_empty() => {}
            Block::KeyValues(pairs) => {
                out = out.add_table(key_values(pairs));
                tables.push(false);
            }
            Block::Table(table) => {
                if let Some(grid) = table.grid() {
                    tables.push(grid.header.is_some());
                    out = out.add_table(table_of(&grid));
                    // Word glues consecutive tables together; an empty paragraph keeps them apart.
                    out = out.add_paragraph(Paragraph::new().style("AfterTable"));
                }
            }
            Block::Image {
                png,
                width_mm,
                caption,
            } => {
                let Some((w, h)) = png_size(png) else {
                    return Err(DocError::NotPng {
                        caption: caption.clone(),
                    });
                };
                figure += 1;
                let width = image_width_mm(*width_mm) * EMU_PER_MM;
                let height = width * h as f32 / w as f32;
                let pic =
                    Pic::new_with_dimensions(png.clone(), w, h).size(width as u32, height as u32);
                out = out.add_paragraph(
                    Paragraph::new()
                        .align(AlignmentType::Center)
                        .keep_next(true)
                        .line_spacing(LineSpacing::new().before(120).after(60))
                        .add_run(Run::new().add_image(pic)),
                );
                let caption = clean(caption).replace('\n', " ");
                let label = if caption.is_empty() {
                    format!("Рисунок {figure}")
                } else {
                    format!("Рисунок {figure} — {caption}")
                };
                out = out.add_paragraph(
                    Paragraph::new()
                        .style("Caption")
                        .add_run(Run::new().add_text(label)),
                );
            }
            Block::PageBreak => {
                out = out
                    .add_paragraph(Paragraph::new().add_run(Run::new().add_break(BreakType::Page)));
            }
        }
    }
    if !doc.footer_note.is_empty() {
        out = out.add_paragraph(with_lines(
            Paragraph::new().style("FooterNote"),
            &doc.footer_note,
            |r| r,
        ));
    }

    let mut xml = out.build();
    xml.document = mark_header_rows(&xml.document, &tables)?;
    let mut buf = Cursor::new(Vec::new());
    xml.pack(&mut buf)
        .map_err(|e| DocError::Docx(e.to_string()))?;
    Ok(buf.into_inner())
}

fn fonts(name: &str) -> RunFonts {
    RunFonts::new()
        .ascii(name)
        .hi_ansi(name)
        .cs(name)
        .east_asia(name)
}

/// Page setup, styles, the bullet numbering and the page-number footer.
fn base() -> Docx {
    let footer = Footer::new().add_paragraph(
        Paragraph::new()
            .style("Footer")
            .add_run(Run::new().add_text("стр. "))
            .add_page_num(PageNum::new())
            .add_run(Run::new().add_text(" из "))
            .add_num_pages(NumPages::new()),
    );
    let bullet = Level::new(
        0,
        Start::new(1),
        NumberFormat::new("bullet"),
        LevelText::new("•"),
        LevelJc::new("left"),
    )
    .indent(Some(567), Some(SpecialIndentType::Hanging(283)), None, None);

    let mut docx = Docx::new()
        .page_size(A4_WIDTH, A4_HEIGHT)
        .page_margin(PageMargin {
            top: MARGIN,
            left: MARGIN,
            bottom: MARGIN,
            right: MARGIN,
            header: 567,
            footer: 567,
            gutter: 0,
        })
        .default_fonts(fonts(SERIF))
        .default_size(24)
        .add_abstract_numbering(AbstractNumbering::new(BULLETS).add_level(bullet))
        .add_numbering(Numbering::new(BULLETS, BULLETS))
        .footer(footer);
    for style in styles() {
        docx = docx.add_style(style);
    }
    docx
}

fn styles() -> Vec<Style> {
    let para = |id: &str, name: &str| {
        Style::new(id, StyleType::Paragraph)
            .name(name)
            .based_on("Normal")
            .next("Normal")
    };
    let normal = Style::new("Normal", StyleType::Paragraph)
        .name("Normal")
        .fonts(fonts(SERIF))
        .size(24)
        .line_spacing(LineSpacing::new().after(120));
    let title = para("Title", "Title")
        .fonts(fonts(SANS))
        .size(32)
        .bold()
        .align(AlignmentType::Center)
        .line_spacing(LineSpacing::new().before(240).after(120));
    let subtitle = para("Subtitle", "Subtitle")
        .italic()
        .align(AlignmentType::Center)
        .line_spacing(LineSpacing::new().after(240));
    let org = para("OrgHeader", "Шапка организации")
        .fonts(fonts(SANS))
        .size(20)
        .align(AlignmentType::Center)
        .line_spacing(LineSpacing::new().after(0));
    let caption = para("Caption", "caption")
        .fonts(fonts(SANS))
        .size(18)
        .align(AlignmentType::Center)
        .line_spacing(LineSpacing::new().after(200));
    let footer = para("Footer", "footer")
        .fonts(fonts(SANS))
        .size(16)
        .color("595959")
        .align(AlignmentType::Right)
        .line_spacing(LineSpacing::new().after(0));
    let note = para("FooterNote", "Примечание внизу")
        .fonts(fonts(SANS))
        .size(16)
        .color("595959")
        .line_spacing(LineSpacing::new().before(360).after(0));
    let after_table = para("AfterTable", "После таблицы")
        .size(12)
        .line_spacing(LineSpacing::new().after(0));
    let mut all = vec![
        normal,
        title,
        subtitle,
        org,
        caption,
        footer,
        note,
        after_table,
    ];
    for (level, size) in [(1, 28), (2, 24), (3, 22)] {
        // The lowercase built-in names are what Word and LibreOffice recognise as their own
        // heading styles; the outline level puts them in the navigation pane.
        let mut h = para(&format!("Heading{level}"), &format!("heading {level}"))
            .fonts(fonts(SANS))
            .size(size)
            .bold()
            .outline_lvl(level - 1)
            .line_spacing(LineSpacing::new().before(240).after(120));
        h.paragraph_property = h.paragraph_property.keep_next(true).keep_lines(true);
        all.push(h);
    }
    all
}

/// A paragraph whose `\n`s become line breaks (Word ignores newlines inside text).
fn with_lines(mut p: Paragraph, text: &str, style: impl Fn(Run) -> Run) -> Paragraph {
    for (i, line) in clean(text).split('\n').enumerate() {
        let mut run = Run::new();
        if i > 0 {
            run = run.add_break(BreakType::TextWrapping);
        }
        p = p.add_run(style(run.add_text(line)));
    }
    p
}

/// Column widths in twips: the given relative widths, or else proportional to the content
/// (clamped, so one long comment does not squeeze the numbers out).
fn column_widths(grid: &Grid) -> Vec<usize> {
    let rel: Vec<f32> = match &grid.widths {
        Some(w) => w.clone(),
        None => (0..grid.cols)
            .map(|c| {
                let longest_word = grid.header.iter().flat_map(|h| h[c].split_whitespace());
                let cells = grid.rows.iter().map(|r| r[c].chars().count());
                longest_word
                    .map(|w| w.chars().count())
                    .chain(cells)
                    .max()
                    .unwrap_or(0)
                    .clamp(3, 40) as f32
            })
            .collect(),
    };
    let sum: f32 = rel.iter().sum();
    rel.iter()
        .map(|w| (w / sum * TEXT_WIDTH as f32).round() as usize)
        .collect()
}

fn cell(text: &str, width: usize, numeric: bool, header: bool) -> TableCell {
    let align = if numeric {
        AlignmentType::Right
    } else {
        AlignmentType::Left
    };
    let p = Paragraph::new()
        .align(align)
        .line_spacing(LineSpacing::new().before(0).after(0));
    let p = with_lines(p, text, |r| {
        let r = r.fonts(fonts(SANS)).size(19);
        if header { r.bold() } else { r }
    });
    let cell = TableCell::new()
        .add_paragraph(p)
        .width(width, WidthType::Dxa)
        .vertical_align(VAlignType::Center);
    if header {
        cell.shading(
            Shading::new()
                .shd_type(ShdType::Clear)
                .color("auto")
                .fill("E6E6E6"),
        )
    } else {
        cell
    }
}

fn table_of(grid: &Grid) -> docx_rs::Table {
    let widths = column_widths(grid);
    let row = |cells: &[String], header: bool| {
        let cells = cells
            .iter()
            .enumerate()
            .map(|(c, s)| cell(s, widths[c], grid.numeric[c], header))
            .collect();
        // Rows never split across pages: a cell broken in two is hard to read in a register.
        TableRow::new(cells).cant_split()
    };
    let mut rows = Vec::with_capacity(grid.rows.len() + 1);
    if let Some(h) = &grid.header {
        rows.push(row(h, true));
    }
    rows.extend(grid.rows.iter().map(|r| row(r, false)));
    docx_rs::Table::new(rows)
        .set_grid(widths.clone())
        .layout(TableLayoutType::Fixed)
        .width(TEXT_WIDTH, WidthType::Dxa)
        .margins(TableCellMargins::new().margin(30, 85, 30, 85))
}

fn key_values(pairs: &[(String, String)]) -> docx_rs::Table {
    // The label column is as wide as the longest label (about 2 mm per character at 11 pt),
    // but never more than 45 % of the line.
    let longest = pairs
        .iter()
        .map(|(k, _)| k.chars().count())
        .max()
        .unwrap_or(0);
    let label = ((longest as f32 * 2.1 + 4.0) * TWIPS_PER_MM)
        .min(TEXT_WIDTH_MM * 0.45 * TWIPS_PER_MM) as usize;
    let value = TEXT_WIDTH - label;
    let rows = pairs
        .iter()
        .map(|(k, v)| {
            let p = || Paragraph::new().line_spacing(LineSpacing::new().before(20).after(40));
            let k = with_lines(p(), k, |r| r.fonts(fonts(SANS)).size(20).color("404040"));
            let v = with_lines(p(), v, |r| r);
            TableRow::new(vec![
                TableCell::new()
                    .add_paragraph(k)
                    .width(label, WidthType::Dxa),
                TableCell::new()
                    .add_paragraph(v)
                    .width(value, WidthType::Dxa),
            ])
        })
        .collect();
    // Explicit "nil" borders: an empty border list lets LibreOffice draw its default lines.
    docx_rs::Table::without_borders(rows)
        .clear_all_border()
        // No left padding: labels line up with the paragraphs above and below.
        .margins(TableCellMargins::new().margin(0, 115, 0, 0))
        .set_grid(vec![label, value])
        .layout(TableLayoutType::Fixed)
        .width(TEXT_WIDTH, WidthType::Dxa)
}

/// docx-rs cannot mark a row as a repeating header (`w:tblHeader`), so it is added to the
/// built XML: for each `<w:tbl>` in document order whose first row is a header, the first
/// `<w:trPr>` after it gets the flag. User text cannot fake these tags, it is XML-escaped.
fn mark_header_rows(xml: &[u8], tables: &[bool]) -> Result<Vec<u8>, DocError> {
    const TBL: &str = "<w:tbl>";
    const TRPR: &str = "<w:trPr>";
    let broken = |what: &str| DocError::Docx(format!("в разметке таблицы не найден {what}"));
    let xml = std::str::from_utf8(xml).map_err(|e| DocError::Docx(e.to_string()))?;
    let mut out = String::with_capacity(xml.len() + tables.len() * 16);
    let mut rest = xml;
    for &has_header in tables {
        let at = rest.find(TBL).ok_or_else(|| broken(TBL))? + TBL.len();
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        if has_header {
            let at = rest.find(TRPR).ok_or_else(|| broken(TRPR))? + TRPR.len();
            out.push_str(&rest[..at]);
            out.push_str("<w:tblHeader />");
            rest = &rest[at..];
        }
    }
    out.push_str(rest);
    Ok(out.into_bytes())
}
