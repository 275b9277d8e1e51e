//! Where the program keeps its files and what "now" is: the only places that
//! interpret the environment, and even they take its values as arguments
//! (the callers read the variables), so every rule here is testable.

use std::path::{Path, PathBuf};

use chrono::NaiveDateTime;

use crate::error::{CoreError, CoreResult};

/// The folder name of the app's data, shared by the window and the `mcu` command.
pub const APP_DIR: &str = "ru.pestravsky.mcu.dezhurny";

/// Where the database lives when no path is given: `MCU_DB`, else the user's
/// data folder (`$XDG_DATA_HOME` on Linux, `%APPDATA%` on Windows).
pub fn default_db_path(env_db: Option<PathBuf>, data_dir: Option<PathBuf>) -> PathBuf {
    if let Some(p) = env_db.filter(|p| !p.as_os_str().is_empty()) {
        return p;
    }
    data_dir
        .unwrap_or_else(|| PathBuf::from("."))
        .join(APP_DIR)
        .join("mcu.sqlite")
}

/// Where the office's documents go (exports, reports, backup copies):
/// `MCU_EXPORT_DIR`, else the user's Documents folder (or home) / МЦУ-Дежурный.
pub fn documents_dir(
    env_dir: Option<std::ffi::OsString>,
    documents: Option<PathBuf>,
    home: Option<PathBuf>,
) -> PathBuf {
    match env_dir.filter(|s| !s.is_empty()) {
        Some(d) => d.into(),
        None => documents
            .or(home)
            .unwrap_or_else(|| ".".into())
            .join("МЦУ-Дежурный"),
    }
}

/// The folder of backup copies when the office has not chosen one.
pub fn default_backup_dir(documents_dir: &Path) -> PathBuf {
    documents_dir.join("Резервные копии")
}

/// "Now" for a program: `MCU_NOW` (for tests and reproducing a situation) or the local clock.
pub fn now_from_env(
    env_now: Option<String>,
    local_now: NaiveDateTime,
) -> CoreResult<NaiveDateTime> {
    match env_now.filter(|s| !s.trim().is_empty()) {
        None => Ok(local_now),
        Some(s) => crate::period::parse_datetime(&s).ok_or_else(|| {
            CoreError::field("MCU_NOW", format!("MCU_NOW: не удалось разобрать «{s}»"))
        }),
    }
}
