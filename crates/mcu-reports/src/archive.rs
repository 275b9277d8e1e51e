//! Exporting a report with its archive entry, and re-rendering an archived
//! report from its frozen content (the same bytes of layout code, the same
//! figures: what was printed, even after the register changed).

use std::path::Path;

use mcu_core::Actor;
use mcu_core::Office;
use mcu_core::reports::ReportContent;

pub use crate::format::ReportFormat;
use crate::{ReportError, render, write_atomically};

/// The file of a report's content in a format.
pub fn render_content(
    content: &ReportContent,
    format: ReportFormat,
) -> Result<Vec<u8>, ReportError> {
    match (content, format.doc()) {
        (ReportContent::Weekly(n), Some(f)) => render(&crate::weekly::weekly_document(n)?, f),
        (ReportContent::Indicators(r), Some(f)) => {
            render(&crate::indicators::indicators_document(r), f)
        }
        (ReportContent::Indicators(r), None) => crate::indicators::indicators_xlsx(r),
        (ReportContent::Weekly(_), None) => Err(ReportError::Unsupported(
            "аналитическая записка выгружается в PDF, DOCX или TXT".into(),
        )),
    }
}

/// Renders, writes atomically to `path`, and keeps the report in the archive
/// (only after the file was written); returns the archive id.
pub fn export(
    office: &Office,
    content: &ReportContent,
    format: ReportFormat,
    path: &Path,
    actor: &Actor<'_>,
) -> Result<i64, ReportError> {
    let bytes = render_content(content, format)?;
    write_atomically(path, format.extension(), |tmp| {
        std::fs::write(tmp, &bytes).map_err(|source| ReportError::Write {
            path: path.display().to_string(),
            source,
        })
    })?;
    Ok(office.archive_report(content, format.extension(), actor)?)
}

/// Writes an archived report again from its frozen content (not archived again).
pub fn reopen(
    office: &Office,
    id: i64,
    format: ReportFormat,
    path: &Path,
) -> Result<ReportContent, ReportError> {
    let archived = office.archived_report(id)?;
    let bytes = render_content(&archived.content, format)?;
    write_atomically(path, format.extension(), |tmp| {
        std::fs::write(tmp, &bytes).map_err(|source| ReportError::Write {
            path: path.display().to_string(),
            source,
        })
    })?;
    Ok(archived.content)
}
