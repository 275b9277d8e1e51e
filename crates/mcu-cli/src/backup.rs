//! `mcu backup`: copies of the database made, listed and restored.

use std::path::{Path, PathBuf};

use crate::table::render;
use crate::{Context, Failure, Format};

/// The folder of copies: `--dir`, else the office's chosen one, else
/// Documents/МЦУ-Дежурный/Резервные копии (as in the window).
fn default_dir() -> PathBuf {
    mcu_core::env::default_backup_dir(&mcu_core::env::documents_dir(
        std::env::var_os("MCU_EXPORT_DIR"),
        dirs::document_dir(),
        dirs::home_dir(),
    ))
}

/// Megabytes with one decimal, as the window shows them.
pub fn size(bytes: u64) -> String {
    format!("{:.1} МБ", bytes as f64 / 1_048_576.0).replace('.', ",")
}

pub fn create(ctx: &Context, dir: Option<PathBuf>) -> Result<(), Failure> {
    let made = match dir {
        Some(dir) => ctx.office.make_backup_in(&dir, ctx.now, false)?,
        None => ctx.office.make_backup(&default_dir(), ctx.now, false)?,
    };
    println!(
        "Копия сохранена: {} ({}, обращений: {}).",
        made.copy.path,
        size(made.copy.size_bytes),
        made.appeals
    );
    Ok(())
}

pub fn list(ctx: &Context, dir: Option<PathBuf>, format: Format) -> Result<(), Failure> {
    let state = match dir {
        Some(dir) => ctx.office.backups_in(&dir, &default_dir(), ctx.now)?,
        None => ctx.office.backups(&default_dir(), ctx.now)?,
    };
    if format == Format::Json {
        println!(
            "{}",
            serde_json::to_string_pretty(&state).expect("serialisable")
        );
        return Ok(());
    }
    println!("Папка копий: {}", state.folder);
    let rows: Vec<Vec<String>> = state
        .copies
        .iter()
        .map(|c| {
            vec![
                c.made_at.replace('T', " "),
                if c.auto {
                    "автоматически"
                } else {
                    "вручную"
                }
                .into(),
                size(c.size_bytes),
                c.name.clone(),
            ]
        })
        .collect();
    println!("{}", render(&["Сделана", "Как", "Размер", "Файл"], &rows));
    if state.due {
        println!("Пора сделать автоматическую копию (она будет сделана при запуске окна).");
    }
    Ok(())
}

/// Restores the copy `file`; the command's own handle is closed first, and
/// the restore is refused while a window or another command has the base open.
pub fn restore(ctx: Context, file: &Path) -> Result<(), Failure> {
    let (restored, reopened) = ctx.office.restore(file, ctx.now);
    let saved = restored?;
    let office = reopened?;
    println!(
        "База восстановлена из {} (обращений: {}).",
        file.display(),
        office.journal_count(&mcu_core::model::JournalQuery::default(), ctx.now.date())?
    );
    if let Some(saved) = saved {
        println!("Прежняя база сохранена: {}", saved.display());
    }
    Ok(())
}
