//! Errors of an import. Every variant means that nothing was written: a file
//! that cannot be read, a mapping that does not fit it, a cancelled import, or
//! a storage failure (the transaction was rolled back).

use mcu_core::{CoreError, ErrorCode, FieldError, PublicError};

#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// The file could not be opened or read from disk.
    #[error("Не удалось прочитать файл {path}: {source}")]
    Open {
        path: String,
        source: std::io::Error,
    },
    /// The file is damaged or not in a supported format (Russian text).
    #[error("{0}")]
    Damaged(String),
    /// The mapping is invalid or does not fit the file (Russian text).
    #[error("{0}")]
    Mapping(String),
    /// The operator cancelled the import; the transaction was rolled back.
    #[error("Импорт отменён: ни одна строка не сохранена.")]
    Cancelled,
    #[error(transparent)]
    Core(#[from] CoreError),
}

impl From<rusqlite::Error> for ImportError {
    fn from(e: rusqlite::Error) -> Self {
        ImportError::Core(CoreError::Sqlite(e))
    }
}

pub type ImportResult<T> = Result<T, ImportError>;

impl ImportError {
    /// True when the input (file or mapping) is at fault, not the program.
    pub fn is_input(&self) -> bool {
        matches!(
            self,
            ImportError::Open { .. } | ImportError::Damaged(_) | ImportError::Mapping(_)
        )
    }

    /// The public shape that crosses IPC: `{ code, message, fields }`.
    pub fn to_public(&self) -> PublicError {
        match self {
            ImportError::Core(e) => e.to_public(),
            ImportError::Mapping(m) => PublicError {
                code: ErrorCode::Validation,
                message: m.clone(),
                fields: vec![FieldError::new("mapping", m.clone())],
            },
            other => PublicError {
                code: ErrorCode::Io,
                message: other.to_string(),
                fields: Vec::new(),
            },
        }
    }
}
