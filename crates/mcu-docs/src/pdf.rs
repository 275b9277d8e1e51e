//! PDF output: the model becomes typst data (`sys.inputs.doc`), `template.typ` lays it out
//! with the embedded DejaVu fonts, and typst-pdf writes the file.
//!
//! User text is handed to typst as string values, never spliced into markup, so no escaping
//! is needed and none can be forgotten. Fonts come from `assets/fonts/` via `include_bytes!`:
//! there is no system font lookup, so every PC produces the same PDF.

use std::sync::OnceLock;

use typst::diag::SourceDiagnostic;
use typst::foundations::{Array, Bytes, Dict, Smart, Value};
use typst_as_lib::{TypstAsLibError, TypstEngine, TypstTemplateMainFile};
use typst_layout::PagedDocument;

use crate::DocError;
use crate::model::{Block, Document, clean, heading_level, image_width_mm, png_size};

const TEMPLATE: &str = include_str!("template.typ");

macro_rules! font {
    ($file:literal) => {
        include_bytes!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../assets/fonts/",
            $file
        ))
    };
}

/// Serif for body text, Sans for headings and tables; typst embeds only the glyphs used.
static FONTS: [&[u8]; 5] = [
    font!("DejaVuSerif.ttf"),
    font!("DejaVuSerif-Bold.ttf"),
    font!("DejaVuSerif-Italic.ttf"),
    font!("DejaVuSans.ttf"),
    font!("DejaVuSans-Bold.ttf"),
];

/// Built once: parsing the template and the font book is the same for every document.
static ENGINE: OnceLock<TypstEngine<TypstTemplateMainFile>> = OnceLock::new();

fn engine() -> &'static TypstEngine<TypstTemplateMainFile> {
    ENGINE.get_or_init(|| {
        TypstEngine::builder()
            .main_file(TEMPLATE)
            .fonts(FONTS.iter().map(|f| Bytes::new(*f)))
            .build()
    })
}

/// Renders the document as an A4 PDF with embedded fonts and page numbers.
pub fn to_pdf(doc: &Document) -> Result<Vec<u8>, DocError> {
    let mut inputs = Dict::new();
    inputs.insert("doc".into(), Value::Dict(document_value(doc)?));
    let compiled = engine().compile_with_input::<_, PagedDocument>(inputs);
    let paged = compiled.output.map_err(layout_error)?;
    let options = typst_pdf::PdfOptions {
        creator: Smart::Custom(Some("МЦУ·Дежурный".into())),
        ..Default::default()
    };
    typst_pdf::pdf(&paged, &options).map_err(|d| DocError::Pdf(diagnostics(&d)))
}

fn str_value(s: &str) -> Value {
    Value::Str(breakable(&clean(s)).into())
}

/// Runs of non-space characters longer than this get extra break opportunities.
const LONG_RUN: usize = 30;
/// In such a run, the longest piece left without a break opportunity.
const PIECE: usize = 10;

/// The text with zero-width spaces inside very long unbroken runs (links, identifiers,
/// «!!!!!!!!»): typst never breaks inside a word on its own and would let such a run stick
/// out of the page or over the next table cell. Normal words are left alone; a break goes
/// after URL punctuation where there is some, and never before a combining mark or inside
/// an emoji sequence.
fn breakable(text: &str) -> String {
    const ZWSP: char = '\u{200B}';
    let joins = |c: char| matches!(c, '\u{200D}' | '\u{FE00}'..='\u{FE0F}' | '\u{0300}'..='\u{036F}' | '\u{1F3FB}'..='\u{1F3FF}');
    let mut out = String::with_capacity(text.len());
    for piece in text.split_inclusive(char::is_whitespace) {
        if piece.chars().count() <= LONG_RUN {
            out.push_str(piece);
            continue;
        }
        let (mut since, mut pending, mut prev) = (0, false, ' ');
        for c in piece.chars() {
            if pending && !c.is_whitespace() && !joins(c) && prev != '\u{200D}' {
                out.push(ZWSP);
                since = 0;
            }
            pending = false;
            out.push(c);
            since += 1;
            if "/_.-=&?,;:|\\".contains(c) || since >= PIECE {
                pending = true;
            }
            prev = c;
        }
    }
    out
}

fn str_array<'a>(items: impl IntoIterator<Item = &'a String>) -> Value {
    Value::Array(items.into_iter().map(|s| str_value(s)).collect::<Array>())
}

fn dict<const N: usize>(pairs: [(&str, Value); N]) -> Dict {
    let mut d = Dict::new();
    for (k, v) in pairs {
        d.insert(k.into(), v);
    }
    d
}

/// The model as the typst dictionary `template.typ` reads.
fn document_value(doc: &Document) -> Result<Dict, DocError> {
    let mut blocks = Array::new();
    for block in &doc.blocks {
        if let Some(b) = block_value(block)? {
            blocks.push(Value::Dict(b));
        }
    }
    Ok(dict([
        ("title", str_value(&doc.title)),
        ("org_header", str_value(doc.org_header.trim())),
        ("subtitle", str_value(&doc.subtitle)),
        ("footer_note", str_value(&doc.footer_note)),
        ("blocks", Value::Array(blocks)),
    ]))
}

fn block_value(block: &Block) -> Result<Option<Dict>, DocError> {
    let kind = |k: &str| ("kind", Value::Str(k.into()));
    Ok(Some(match block {
        Block::Heading { level, text } => dict([
            kind("heading"),
            ("level", Value::Int(i64::from(heading_level(*level)))),
            ("text", str_value(text)),
        ]),
        Block::Paragraph(text) => dict([kind("paragraph"), ("text", str_value(text))]),
        Block::Centered(text) => dict([kind("centered"), ("text", str_value(text))]),
        Block::Bullets(items) if items.is_empty() => return Ok(None),
        Block::Bullets(items) => dict([kind("bullets"), ("items", str_array(items))]),
        Block::KeyValues(pairs) if pairs.is_empty() => return Ok(None),
        Block::KeyValues(pairs) => {
            let pairs = pairs
                .iter()
                .map(|(k, v)| Value::Array([str_value(k), str_value(v)].into_iter().collect()))
                .collect::<Array>();
            dict([kind("kv"), ("pairs", Value::Array(pairs))])
        }
        Block::Table(table) => {
            let Some(grid) = table.grid() else {
                return Ok(None);
            };
            let header = grid.header.as_ref().map_or(Value::None, str_array);
            let rows = grid.rows.iter().map(str_array).collect::<Array>();
            let widths = grid.widths.as_ref().map_or(Value::None, |w| {
                Value::Array(w.iter().map(|x| Value::Float(f64::from(*x))).collect())
            });
            let numeric = grid.numeric.iter().map(|n| Value::Bool(*n)).collect();
            dict([
                kind("table"),
                ("cols", Value::Int(grid.cols as i64)),
                ("header", header),
                ("rows", Value::Array(rows)),
                ("widths", widths),
                ("numeric", Value::Array(numeric)),
            ])
        }
        Block::Image {
            png,
            width_mm,
            caption,
        } => {
            if png_size(png).is_none() {
                return Err(DocError::NotPng {
                    caption: caption.clone(),
                });
            }
            dict([
                kind("image"),
                ("png", Value::Bytes(Bytes::new(png.clone()))),
                (
                    "width_mm",
                    Value::Float(f64::from(image_width_mm(*width_mm))),
                ),
                ("caption", str_value(caption)),
            ])
        }
        Block::PageBreak => dict([kind("pagebreak")]),
    }))
}

fn diagnostics(diags: &[SourceDiagnostic]) -> String {
    diags
        .iter()
        .map(|d| {
            let hints = d
                .hints
                .iter()
                .map(|h| format!(" ({})", h.v))
                .collect::<String>();
            format!("{}{hints}", d.message)
        })
        .collect::<Vec<_>>()
        .join("; ")
}

fn layout_error(err: TypstAsLibError) -> DocError {
    match err {
        TypstAsLibError::TypstSource(diags) => DocError::Layout(diagnostics(&diags)),
        other => DocError::Layout(other.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_long_runs_get_break_opportunities() {
        let short = "Администрация муниципального района — «ёлки» 😀";
        assert_eq!(breakable(short), short);
        let url = "https://vk.com/wall-123456789_987654321?reply=111";
        let broken = breakable(url);
        assert_eq!(broken.replace('\u{200B}', ""), url);
        assert!(
            broken.contains("https:\u{200B}/\u{200B}/\u{200B}vk.\u{200B}com/"),
            "{broken}"
        );
        let bangs = "!".repeat(40);
        assert_eq!(breakable(&bangs).matches('\u{200B}').count(), 3);
        // A family emoji (joined by ZWJ) is never split.
        let family = "👨\u{200D}👩\u{200D}👧".repeat(12);
        assert!(!breakable(&family).contains("\u{200D}\u{200B}"));
        assert!(!breakable(&family).contains("\u{200B}\u{200D}"));
    }
}
