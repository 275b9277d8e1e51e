//! Reports: the core's report models (handover note, later the weekly note
//! and the indicators) laid out as [`mcu_docs::Document`]s and written as PDF,
//! DOCX or plain text. Kept apart from the core so the core builds fast
//! without the typesetting engine.

pub mod charts;
pub mod handover;

use std::path::Path;

use mcu_docs::Document;

/// The file formats of documents.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DocFormat {
    Pdf,
    Docx,
    Txt,
}

impl DocFormat {
    pub fn from_code(s: &str) -> Option<Self> {
        match s.trim().to_lowercase().as_str() {
            "pdf" => Some(DocFormat::Pdf),
            "docx" => Some(DocFormat::Docx),
            "txt" | "text" => Some(DocFormat::Txt),
            _ => None,
        }
    }

    pub fn extension(self) -> &'static str {
        match self {
            DocFormat::Pdf => "pdf",
            DocFormat::Docx => "docx",
            DocFormat::Txt => "txt",
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    #[error("{0}")]
    Render(#[from] mcu_docs::DocError),
    #[error("не удалось записать файл {path}: {source}")]
    Write {
        path: String,
        source: std::io::Error,
    },
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
    write_bytes(&render(doc, format)?, path)
}

/// Writes any finished file atomically (a temporary file renamed into place).
pub fn write_bytes(bytes: &[u8], path: &Path) -> Result<(), ReportError> {
    let err = |source| ReportError::Write {
        path: path.display().to_string(),
        source,
    };
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(err)?;
    }
    let mut tmp = path.as_os_str().to_owned();
    tmp.push(".part");
    std::fs::write(&tmp, bytes).map_err(err)?;
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
