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
    /// A file could not be read or written (disk, permissions, a missing folder).
    Io,
    /// An input file is missing, unreadable, damaged or not in a supported
    /// format: the file has to be fixed or chosen again, nothing was changed.
    BadFile,
    /// A document, workbook, chart or print-out could not be produced: a fault
    /// of the program or of the figures, not of the input.
    Render,
    /// The operator cancelled the operation; nothing was changed.
    Cancelled,
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

impl PublicError {
    /// An error with no field (the other crates' errors are made with it).
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        PublicError {
            code,
            message: message.into(),
            fields: Vec::new(),
        }
    }

    /// A validation error at one field, its message also the error's.
    pub fn field(field: &str, message: impl Into<String>) -> Self {
        CoreError::field(field, message).to_public()
    }
}

impl From<CoreError> for PublicError {
    fn from(e: CoreError) -> Self {
        e.to_public()
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_core_error_has_its_code() {
        let cases = [
            (CoreError::field("from", "Дата."), ErrorCode::Validation),
            (CoreError::NotFound("нет".into()), ErrorCode::NotFound),
            (CoreError::Conflict("изменено".into()), ErrorCode::Conflict),
            (
                CoreError::Transition("нельзя".into()),
                ErrorCode::Transition,
            ),
            (
                CoreError::DbTooNew {
                    found: 99,
                    supported: 11,
                },
                ErrorCode::DbTooNew,
            ),
            (
                CoreError::Sqlite(rusqlite::Error::InvalidQuery),
                ErrorCode::Storage,
            ),
            (CoreError::Io(std::io::Error::other("диск")), ErrorCode::Io),
        ];
        for (e, code) in cases {
            assert_eq!(e.code(), code, "{e:?}");
            assert_eq!(PublicError::from(e).code, code);
        }
    }

    #[test]
    fn one_field_error_is_the_message_several_are_counted() {
        let one = PublicError::from(CoreError::field("to", "Конец периода раньше начала."));
        assert_eq!(one.message, "Конец периода раньше начала.");
        assert_eq!(
            one.fields,
            vec![FieldError::new("to", "Конец периода раньше начала.")]
        );
        let two = PublicError::from(CoreError::Validation(vec![
            FieldError::new("from", "a"),
            FieldError::new("to", "b"),
        ]));
        assert_eq!(two.message, "Исправьте ошибки в полях формы (2).");
        assert_eq!(two.fields.len(), 2);
        let plain = PublicError::new(ErrorCode::Cancelled, "Отменено.");
        assert!(plain.fields.is_empty());
    }

    #[test]
    fn codes_cross_as_snake_case() {
        for (code, text) in [
            (ErrorCode::DbTooNew, "\"db_too_new\""),
            (ErrorCode::BadFile, "\"bad_file\""),
            (ErrorCode::Render, "\"render\""),
            (ErrorCode::Cancelled, "\"cancelled\""),
        ] {
            assert_eq!(serde_json::to_string(&code).unwrap(), text);
        }
    }
}
