//! The files an operator can import: a file named by its path must exist, and
//! the folder «Импорт» offers the CSV files and workbooks in it, never the
//! rejects files an earlier import wrote next to its source.

use std::path::{Path, PathBuf};

use mcu_core::PublicError;

/// The extensions the readers take (`source.rs`).
const IMPORTABLE: [&str; 4] = ["csv", "xlsx", "xls", "ods"];

/// The file the operator named, or the reason at the field `file`.
pub fn input_file(raw: &str) -> Result<PathBuf, PublicError> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Err(PublicError::field("file", "Укажите файл для импорта."));
    }
    let path = PathBuf::from(raw);
    if !path.is_file() {
        return Err(PublicError::field(
            "file",
            "Файл не найден: проверьте путь.",
        ));
    }
    Ok(path)
}

/// The importable files in `dir`, sorted; none when the folder is missing.
pub fn importable_files(dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut files: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| is_importable(p))
        .collect();
    files.sort();
    files
}

fn is_importable(p: &Path) -> bool {
    let ext = p
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_lowercase();
    IMPORTABLE.contains(&ext.as_str()) && !p.to_string_lossy().contains(".rejected.")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_folder_offers_sources_not_rejects_files_and_a_missing_folder_nothing() {
        let dir = tempfile::tempdir().unwrap();
        for name in ["б.csv", "а.XLSX", "а.rejected.csv", "заметки.txt", "в.ods"] {
            std::fs::write(dir.path().join(name), "x").unwrap();
        }
        let names: Vec<String> = importable_files(dir.path())
            .iter()
            .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
            .collect();
        assert_eq!(names, ["а.XLSX", "б.csv", "в.ods"]);
        assert!(importable_files(&dir.path().join("нет")).is_empty());
    }

    #[test]
    fn a_named_file_must_exist() {
        assert_eq!(input_file("  ").unwrap_err().fields[0].field, "file");
        assert!(input_file("/нет/такого.csv").is_err());
        let f = tempfile::NamedTempFile::new().unwrap();
        assert_eq!(
            input_file(&f.path().display().to_string()).unwrap(),
            f.path()
        );
    }
}
