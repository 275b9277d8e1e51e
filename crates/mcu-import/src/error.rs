//! Errors of an import. Every variant means that nothing was written: a file
//! that cannot be read, a mapping that does not fit it, a cancelled import, or
//! a storage failure (the transaction was rolled back).

use mcu_core::{CoreError, ErrorCode, PublicError};

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

/// The public shape that crosses IPC: `{ code, message, fields }`. A file
/// that cannot be read or is damaged is `bad_file` (choose or fix the file),
/// a mapping that does not fit is a validation error at `mapping`, a cancel
/// is `cancelled` (not a failure: the operator asked for it).
impl From<ImportError> for PublicError {
    fn from(e: ImportError) -> Self {
        let code = match e {
            ImportError::Core(c) => return c.into(),
            ImportError::Mapping(m) => return PublicError::field("mapping", m),
            ImportError::Open { .. } | ImportError::Damaged(_) => ErrorCode::BadFile,
            ImportError::Cancelled => ErrorCode::Cancelled,
        };
        PublicError::new(code, e.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use mcu_core::FieldError;

    fn public(e: ImportError) -> PublicError {
        e.into()
    }

    #[test]
    fn every_variant_has_its_code() {
        let open = public(ImportError::Open {
            path: "/нет/файла.csv".into(),
            source: std::io::Error::from(std::io::ErrorKind::NotFound),
        });
        assert_eq!(open.code, ErrorCode::BadFile);
        assert!(
            open.message
                .starts_with("Не удалось прочитать файл /нет/файла.csv")
        );
        let damaged = public(ImportError::Damaged("Файл повреждён.".into()));
        assert_eq!(damaged.code, ErrorCode::BadFile);
        assert_eq!(damaged.message, "Файл повреждён.");
        let cancelled = public(ImportError::Cancelled);
        assert_eq!(cancelled.code, ErrorCode::Cancelled);
        assert_eq!(
            cancelled.message,
            "Импорт отменён: ни одна строка не сохранена."
        );
        assert!(cancelled.fields.is_empty());
        let mapping = public(ImportError::Mapping("Нет столбца «Текст».".into()));
        assert_eq!(mapping.code, ErrorCode::Validation);
        assert_eq!(mapping.message, "Нет столбца «Текст».");
        assert_eq!(
            mapping.fields,
            vec![FieldError::new("mapping", "Нет столбца «Текст».")]
        );
        let storage = public(rusqlite::Error::InvalidQuery.into());
        assert_eq!(storage.code, ErrorCode::Storage);
        let conflict = public(CoreError::Conflict("Изменено.".into()).into());
        assert_eq!(conflict.code, ErrorCode::Conflict);
    }
}
