//! Reports: the core's report models (handover note, weekly note, indicators,
//! the road map)
//! laid out as [`mcu_docs::Document`]s and written as PDF, DOCX or plain text;
//! the indicators and the journal export as XLSX (rust_xlsxwriter) and the
//! journal as CSV. Kept apart from the core so the core builds fast without
//! the typesetting engine and the spreadsheet writer.

pub mod archive;
pub mod charts;
mod error;
pub mod format;
pub mod handover;
pub mod indicators;
pub mod journal;
pub mod papers;
pub mod registry;
pub mod roadmap;
pub mod weekly;

use std::path::Path;

use mcu_docs::Document;

pub use error::ReportError;
pub use format::{DocFormat, PrintFormat};

/// A date as Russian documents print it.
/// «Сформировано 27.11.2026 10:00, дежурный Иванова А.П.» — one final stop
/// even when the operator's initials end with one.
pub(crate) fn made_by(at: chrono::NaiveDateTime, operator: &str) -> String {
    let mut s = format!("Сформировано {}", at.format("%d.%m.%Y %H:%M"));
    if !operator.is_empty() {
        s.push_str(&format!(", дежурный {operator}"));
    }
    if !s.ends_with('.') {
        s.push('.');
    }
    s
}

pub(crate) fn d(date: chrono::NaiveDate) -> String {
    date.format("%d.%m.%Y").to_string()
}

/// «+12,5 %», «−3,0 %», «—» (nothing to compare with).
pub fn signed_percent(change: Option<f64>) -> String {
    match change {
        None => "—".into(),
        Some(c) if c.abs() < 0.05 => "0,0 %".into(),
        Some(c) if c > 0.0 => format!("+{} %", mcu_core::weekly::fmt1(c)),
        Some(c) => format!("−{} %", mcu_core::weekly::fmt1(-c)),
    }
}

pub fn render(doc: &Document, format: DocFormat) -> Result<Vec<u8>, ReportError> {
    Ok(match format {
        DocFormat::Pdf => mcu_docs::to_pdf(doc)?,
        DocFormat::Docx => mcu_docs::to_docx(doc)?,
        DocFormat::Txt => mcu_docs::to_text(doc).into_bytes(),
    })
}

/// Renders and writes atomically (a temporary file renamed into place), so a
/// failed export never leaves half a file under the final name.
pub fn write(doc: &Document, format: DocFormat, path: &Path) -> Result<(), ReportError> {
    let bytes = render(doc, format)?;
    write_atomically(path, format.extension(), |tmp| {
        std::fs::write(tmp, &bytes).map_err(|source| ReportError::Write {
            path: path.display().to_string(),
            source,
        })
    })
}

/// Lets `fill` write a temporary file next to `path`, then renames it into place;
/// on failure the temporary file is removed and `path` is untouched.
/// Writes any finished file atomically (see [`write_atomically`]).
pub fn write_bytes(bytes: &[u8], path: &Path) -> Result<(), ReportError> {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("bin")
        .to_owned();
    write_atomically(path, &ext, |tmp| {
        std::fs::write(tmp, bytes).map_err(|source| ReportError::Write {
            path: path.display().to_string(),
            source,
        })
    })
}

pub fn write_atomically(
    path: &Path,
    extension: &str,
    fill: impl FnOnce(&Path) -> Result<(), ReportError>,
) -> Result<(), ReportError> {
    let err = |source| ReportError::Write {
        path: path.display().to_string(),
        source,
    };
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(err)?;
    }
    let tmp = path.with_extension(format!("{extension}.part"));
    if let Err(e) = fill(&tmp) {
        let _ = std::fs::remove_file(&tmp);
        return Err(e);
    }
    std::fs::rename(&tmp, path).map_err(err)
}

/// The district's header printed on every document.
pub fn org_header(office_name: &str) -> String {
    if office_name.is_empty() {
        "Муниципальный центр управления".to_owned()
    } else {
        office_name.to_owned()
    }
}
