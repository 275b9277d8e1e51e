//! Errors of the core, in two levels: a detailed internal error for logs and a
//! small public shape (`code`, `message`, field errors) that crosses IPC and the
//! CLI so the UI can branch on a stable machine code and show Russian text at
//! the right field.

use serde::Serialize;
use ts_rs::TS;

/// A stable machine code the UI and scripts can branch on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ErrorCode {
    /// Input failed validation; see `fields`.
    Validation,
    /// The requested record does not exist.
    NotFound,
    /// The record changed since it was read (optimistic concurrency).
    Conflict,
    /// The lifecycle does not allow this action in the current status.
    Transition,
    /// The database file is newer than this program.
    DbTooNew,
    /// Storage failed (disk, locking, corruption).
    Storage,
    /// An input file could not be read.
    Io,
}

/// One problem with one field of a form, in Russian.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct FieldError {
    pub field: String,
    pub message: String,
}

impl FieldError {
    pub fn new(field: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            field: field.into(),
            message: message.into(),
        }
    }
}

/// What the UI and the CLI receive: `{ code, message, fields }`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct PublicError {
    pub code: ErrorCode,
    pub message: String,
    pub fields: Vec<FieldError>,
}

/// The core's error.
#[derive(Debug, thiserror::Error)]
pub enum CoreError {
    #[error("ошибки в полях формы")]
    Validation(Vec<FieldError>),
    #[error("{0}")]
    NotFound(String),
    #[error("{0}")]
    Conflict(String),
    #[error("{0}")]
    Transition(String),
    #[error(
        "файл базы данных создан более новой версией программы (версия схемы {found}, поддерживается до {supported})"
    )]
    DbTooNew { found: i64, supported: i64 },
    #[error("ошибка базы данных: {0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error("ошибка файла: {0}")]
    Io(#[from] std::io::Error),
}

pub type CoreResult<T> = Result<T, CoreError>;

impl CoreError {
    /// A single-field validation error.
    pub fn field(field: &str, message: impl Into<String>) -> Self {
        CoreError::Validation(vec![FieldError::new(field, message)])
    }

    pub fn code(&self) -> ErrorCode {
        match self {
            CoreError::Validation(_) => ErrorCode::Validation,
            CoreError::NotFound(_) => ErrorCode::NotFound,
            CoreError::Conflict(_) => ErrorCode::Conflict,
            CoreError::Transition(_) => ErrorCode::Transition,
            CoreError::DbTooNew { .. } => ErrorCode::DbTooNew,
            CoreError::Sqlite(_) => ErrorCode::Storage,
            CoreError::Io(_) => ErrorCode::Io,
        }
    }

    /// The public shape; the one place where internal errors become user text.
    pub fn to_public(&self) -> PublicError {
        let fields = match self {
            CoreError::Validation(f) => f.clone(),
            _ => Vec::new(),
        };
        let message = match self {
            CoreError::Validation(f) if f.len() == 1 => f[0].message.clone(),
            CoreError::Validation(f) => format!("Исправьте ошибки в полях формы ({}).", f.len()),
            other => other.to_string(),
        };
        PublicError {
            code: self.code(),
            message,
            fields,
        }
    }
}
