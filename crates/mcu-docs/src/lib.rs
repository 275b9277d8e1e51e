//! Rendering of МЦУ·Дежурный's reports: a small document model ([`Document`]) turned into a
//! PDF (typst, fonts embedded), a DOCX (docx-rs, real Word styles) or plain text.
//!
//! The crate knows nothing about appeals or the database: the core builds a [`Document`] and
//! picks a format. All text in the model is plain text; no renderer interprets it as markup.
//!
//! Files: `model.rs` (the model and its shared clean-up), `pdf.rs` + `template.typ` (PDF),
//! `docx.rs` (DOCX), `text.rs` (plain text).

mod docx;
mod model;
mod pdf;
mod text;

pub use docx::to_docx;
pub use model::{Block, Document, Table};
pub use pdf::to_pdf;
pub use text::to_text;

/// Why a document could not be rendered. Messages are in Russian: they may reach the user.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DocError {
    /// An [`Block::Image`] whose bytes are not a PNG.
    #[error("рисунок «{caption}» не является изображением PNG")]
    NotPng { caption: String },
    /// typst could not lay the document out (a bug of the template, not of the input).
    #[error("не удалось сверстать PDF: {0}")]
    Layout(String),
    /// The PDF writer failed.
    #[error("не удалось записать PDF: {0}")]
    Pdf(String),
    /// The DOCX writer failed.
    #[error("не удалось записать DOCX: {0}")]
    Docx(String),
}
