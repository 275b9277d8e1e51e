//! Backup copies of the database file. A rural office has one PC and one
//! SQLite file; a copy made every day into a folder the office chooses (by
//! default among its documents, where it is seen and taken to a USB stick) is
//! what stands between a failed disk and a lost register.
//!
//! A copy is made by `VACUUM INTO` on a read-only connection of its own: a
//! consistent, compact snapshot of the last commit (write-ahead log included)
//! that blocks neither the window's reads nor its writes. It is written under
//! a temporary name, checked (`quick_check`, schema version, appeals) and only
//! then renamed, so a file named like a copy is a whole one. Automatic copies
//! are pruned to the newest `keep`; copies made by hand are never deleted.

use std::path::{Path, PathBuf};

use chrono::NaiveDateTime;
use rusqlite::{Connection, OpenFlags};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::db::migrations;
use crate::error::{CoreError, CoreResult, FieldError};
use crate::model::Actor;
use crate::settings::Setting;

const MANUAL: &str = "Копия_";
const AUTO: &str = "Автокопия_";
const STAMP: &str = "%Y-%m-%d_%H-%M-%S";
const EXT: &str = ".sqlite";

/// The office's backup policy (settings key `backup`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(default)]
#[ts(export)]
pub struct BackupSettings {
    /// Make copies by themselves (at start and while the window is open).
    pub auto: bool,
    /// A new automatic copy when the newest copy is this many days old.
    pub every_days: u32,
    /// Automatic copies kept; older ones are deleted.
    pub keep: u32,
    /// The folder of copies; empty: the default folder.
    pub folder: String,
}

impl Default for BackupSettings {
    fn default() -> Self {
        Self {
            auto: true,
            every_days: 1,
            keep: 14,
            folder: String::new(),
        }
    }
}

impl Setting for BackupSettings {
    const KEY: &'static str = "backup";

    fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut errors = Vec::new();
        if !(1..=30).contains(&self.every_days) {
            errors.push(FieldError::new(
                "every_days",
                "Делать копию раз в 1–30 дней.",
            ));
        }
        if !(1..=365).contains(&self.keep) {
            errors.push(FieldError::new(
                "keep",
                "Хранить от 1 до 365 автоматических копий.",
            ));
        }
        let folder = self.folder.trim();
        if !folder.is_empty() && !Path::new(folder).is_absolute() {
            errors.push(FieldError::new(
                "folder",
                "Укажите полный путь к папке (например, /media/usb/МЦУ) или оставьте поле пустым.",
            ));
        }
        if errors.is_empty() {
            Ok(())
        } else {
            Err(errors)
        }
    }
}

impl BackupSettings {
    /// The folder copies go to: the chosen one, else `default`.
    pub fn folder_or(&self, default: &Path) -> PathBuf {
        match self.folder.trim() {
            "" => default.to_owned(),
            f => PathBuf::from(f),
        }
    }

    /// The chosen folder must exist: it is never created, so that copies
    /// meant for a USB stick that is not plugged in do not silently land
    /// on the local disk under its mount point. The default one is created.
    fn reachable(&self, default: &Path) -> CoreResult<PathBuf> {
        let folder = self.folder_or(default);
        if !self.folder.trim().is_empty() && !folder.is_dir() {
            return Err(CoreError::field(
                "folder",
                format!(
                    "Папка копий {} недоступна (флешка или сетевой диск не подключены?). Подключите её или выберите другую.",
                    folder.display()
                ),
            ));
        }
        Ok(folder)
    }
}

/// One copy in the folder.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct BackupCopy {
    pub path: String,
    pub name: String,
    /// ISO date and time the copy was made.
    pub made_at: String,
    #[ts(type = "number")]
    pub size_bytes: u64,
    pub auto: bool,
}

/// A copy just made and checked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct BackupMade {
    pub copy: BackupCopy,
    /// Appeals in the copy (read back from it).
    pub appeals: i64,
    /// Automatic copies deleted to keep `keep`.
    pub pruned: Vec<String>,
}

/// What the backup tab shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct BackupState {
    pub settings: BackupSettings,
    /// The folder in use (the chosen or the default one).
    pub folder: String,
    pub default_folder: String,
    /// Newest first.
    pub copies: Vec<BackupCopy>,
    /// An automatic copy is due now.
    pub due: bool,
    /// Said on the control screen when copies have stopped (see [`warning`]).
    pub warning: Option<String>,
}

/// What a copy holds, read back from it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Checked {
    pub schema: i64,
    pub appeals: i64,
}

pub fn file_name(at: NaiveDateTime, auto: bool) -> String {
    let prefix = if auto { AUTO } else { MANUAL };
    format!("{prefix}{}{EXT}", at.format(STAMP))
}

/// The moment and kind of a copy from its file name; `None` for other files.
pub fn parse_name(name: &str) -> Option<(NaiveDateTime, bool)> {
    let stem = name.strip_suffix(EXT)?;
    let (stamp, auto) = match stem.strip_prefix(AUTO) {
        Some(s) => (s, true),
        None => (stem.strip_prefix(MANUAL)?, false),
    };
    let at = NaiveDateTime::parse_from_str(stamp, STAMP).ok()?;
    Some((at, auto))
}

/// The copies in `dir`, newest first; none when the folder does not exist.
pub fn list(dir: &Path) -> CoreResult<Vec<BackupCopy>> {
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(e.into()),
    };
    let mut out = Vec::new();
    for entry in entries {
        let entry = entry?;
        let name = entry.file_name().to_string_lossy().into_owned();
        let Some((at, auto)) = parse_name(&name) else {
            continue;
        };
        let meta = entry.metadata()?;
        if !meta.is_file() {
            continue;
        }
        out.push(BackupCopy {
            path: entry.path().display().to_string(),
            name,
            made_at: crate::db::rows::fmt_dt(at),
            size_bytes: meta.len(),
            auto,
        });
    }
    out.sort_by(|a, b| b.made_at.cmp(&a.made_at).then(b.name.cmp(&a.name)));
    Ok(out)
}

/// The moment of the newest copy, automatic or not.
fn newest(copies: &[BackupCopy]) -> Option<NaiveDateTime> {
    copies
        .iter()
        .filter_map(|c| parse_name(&c.name).map(|(at, _)| at))
        .max()
}

/// An automatic copy is due: automatic copies are on and the newest copy
/// (automatic or not) was made `every_days` or more calendar days before
/// today, or there is none. Counted in days, not hours, so that the first
/// start of the day makes the day's copy whatever the hour of yesterday's.
pub fn due(settings: &BackupSettings, copies: &[BackupCopy], now: NaiveDateTime) -> bool {
    if !settings.auto {
        return false;
    }
    newest(copies)
        .is_none_or(|at| (now.date() - at.date()).num_days() >= i64::from(settings.every_days))
}

/// Days without a new copy after which the control screen warns when
/// automatic copies are off.
const MANUAL_WARN_DAYS: i64 = 7;

/// A warning for the control screen when the office has gone too long without
/// a copy: more than `every_days` since the newest one while automatic copies
/// are on (they are failing: a folder gone, a full disk), more than a week
/// when they are off, or no copy at all when they are off. None right after
/// the first start, when the automatic copy is only about to be made.
pub fn warning(
    settings: &BackupSettings,
    copies: &[BackupCopy],
    now: NaiveDateTime,
) -> Option<String> {
    let newest = newest(copies);
    let off = if settings.auto {
        ""
    } else {
        "; автоматические копии выключены"
    };
    match newest {
        None if !settings.auto => {
            Some("Резервных копий базы нет; автоматические копии выключены.".into())
        }
        None => None,
        Some(at) => {
            let days = (now.date() - at.date()).num_days();
            let limit = if settings.auto {
                i64::from(settings.every_days)
            } else {
                MANUAL_WARN_DAYS
            };
            (days > limit)
                .then(|| format!("Последняя резервная копия базы сделана {days} дн. назад{off}."))
        }
    }
}

/// Opens `path` read-only and checks it is a whole database of this program.
pub fn check(path: &Path) -> CoreResult<Checked> {
    let damaged = |why: String| {
        CoreError::field(
            "file",
            format!(
                "Файл {} не является целой копией базы МЦУ·Дежурный: {why}",
                path.display()
            ),
        )
    };
    if !path.is_file() {
        return Err(CoreError::NotFound(format!(
            "Файл копии не найден: {}",
            path.display()
        )));
    }
    let conn = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY)?;
    let verdict: String = conn
        .query_row("PRAGMA quick_check", [], |r| r.get(0))
        .map_err(|e| {
            damaged(match e.sqlite_error_code() {
                Some(rusqlite::ErrorCode::NotADatabase) => "это не файл базы данных.".into(),
                Some(rusqlite::ErrorCode::DatabaseCorrupt) => "файл повреждён.".into(),
                _ => e.to_string(),
            })
        })?;
    if verdict != "ok" {
        return Err(damaged(verdict));
    }
    let schema = migrations::user_version(&conn)?;
    if schema > migrations::latest_version() {
        return Err(CoreError::DbTooNew {
            found: schema,
            supported: migrations::latest_version(),
        });
    }
    let appeals: i64 = conn
        .query_row("SELECT count(*) FROM appeals", [], |r| r.get(0))
        .map_err(|_| damaged("в ней нет журнала обращений.".into()))?;
    Ok(Checked { schema, appeals })
}

/// Writes a checked copy of the database at `db_path` into `dir`; returns it
/// with what the check read back from it.
pub fn make(
    db_path: &Path,
    dir: &Path,
    at: NaiveDateTime,
    auto: bool,
) -> CoreResult<(BackupCopy, Checked)> {
    std::fs::create_dir_all(dir)?;
    let name = file_name(at, auto);
    let target = dir.join(&name);
    if target.exists() {
        return Err(CoreError::Conflict(format!(
            "Копия {name} уже есть: повторите через секунду."
        )));
    }
    let partial = dir.join(format!(".{name}.partial"));
    let result = vacuum_into(db_path, &partial)
        .and_then(|()| check(&partial))
        .and_then(|checked| Ok((std::fs::rename(&partial, &target)?, checked)));
    if result.is_err() {
        let _ = std::fs::remove_file(&partial);
    }
    let ((), checked) = result?;
    let copy = BackupCopy {
        path: target.display().to_string(),
        name,
        made_at: crate::db::rows::fmt_dt(at),
        size_bytes: std::fs::metadata(&target)?.len(),
        auto,
    };
    Ok((copy, checked))
}

/// A compact snapshot of the last commit of `db_path` into the new file `to`.
fn vacuum_into(db_path: &Path, to: &Path) -> CoreResult<()> {
    let _ = std::fs::remove_file(to);
    let conn = Connection::open_with_flags(db_path, OpenFlags::SQLITE_OPEN_READ_ONLY)?;
    conn.busy_timeout(std::time::Duration::from_secs(5))?;
    conn.execute("VACUUM INTO ?1", [to.to_string_lossy()])?;
    Ok(())
}

/// Deletes automatic copies in `dir` beyond the newest `keep`; returns their names.
pub fn prune(dir: &Path, keep: u32) -> CoreResult<Vec<String>> {
    let mut gone = Vec::new();
    for copy in list(dir)?
        .into_iter()
        .filter(|c| c.auto)
        .skip(keep as usize)
    {
        std::fs::remove_file(&copy.path)?;
        gone.push(copy.name);
    }
    Ok(gone)
}

/// Puts the copy `from` in place of the database at `db_path`; refused while
/// any handle (this process's or another's) holds it open. The current database is first saved next to
/// itself as `<name>.before-restore-<stamp>.sqlite` (returned), so a restore
/// can itself be undone.
pub fn restore(db_path: &Path, from: &Path, at: NaiveDateTime) -> CoreResult<Option<PathBuf>> {
    check(from)?;
    let _lock = crate::db::lock(
        db_path,
        true,
        "База данных открыта в другой программе (окно МЦУ·Дежурный или команда mcu): закройте её и повторите восстановление.",
    )?;
    let saved = if db_path.exists() {
        let stem = db_path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_else(|| "mcu".into());
        let stamp = at.format("%Y%m%d%H%M%S");
        // Never over an earlier saved database (two restores in one second).
        let saved = (1..)
            .map(|n| {
                let extra = if n == 1 {
                    String::new()
                } else {
                    format!("-{n}")
                };
                db_path.with_file_name(format!("{stem}.before-restore-{stamp}{extra}.sqlite"))
            })
            .find(|p| !p.exists())
            .expect("an unused name");
        vacuum_into(db_path, &saved)?;
        Some(saved)
    } else {
        None
    };
    let incoming = db_path.with_extension("restoring");
    std::fs::copy(from, &incoming)?;
    for suffix in ["-wal", "-shm"] {
        let mut side = db_path.as_os_str().to_owned();
        side.push(suffix);
        match std::fs::remove_file(PathBuf::from(side)) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(e.into()),
            _ => {}
        }
    }
    std::fs::rename(&incoming, db_path)?;
    Ok(saved)
}

/// The office's side: its settings, the copies of its database, restoring one.
impl crate::Office {
    pub fn backup_settings(&self) -> CoreResult<BackupSettings> {
        self.setting()
    }

    /// Saves the backup policy, checked at its fields and audited.
    pub fn save_backup_settings(&self, s: &BackupSettings, actor: &Actor<'_>) -> CoreResult<()> {
        s.validate().map_err(CoreError::Validation)?;
        s.reachable(Path::new(""))?;
        self.save_setting(s, actor)
    }

    /// The policy, the folder and its copies; `default_dir` is the folder
    /// used when the office has not chosen one.
    pub fn backups(&self, default_dir: &Path, now: NaiveDateTime) -> CoreResult<BackupState> {
        let folder = self.backup_settings()?.folder_or(default_dir);
        self.backups_in(&folder, default_dir, now)
    }

    /// The same for a folder named by the caller (`mcu backup list --dir`).
    pub fn backups_in(
        &self,
        folder: &Path,
        default_dir: &Path,
        now: NaiveDateTime,
    ) -> CoreResult<BackupState> {
        let settings = self.backup_settings()?;
        let copies = list(folder)?;
        Ok(BackupState {
            due: due(&settings, &copies, now),
            warning: warning(&settings, &copies, now),
            folder: folder.display().to_string(),
            default_folder: default_dir.display().to_string(),
            settings,
            copies,
        })
    }

    /// Makes a copy now into the office's folder (see
    /// [`BackupSettings::folder_or`]), then prunes automatic copies beyond
    /// the policy's `keep`.
    pub fn make_backup(
        &self,
        default_dir: &Path,
        at: NaiveDateTime,
        auto: bool,
    ) -> CoreResult<BackupMade> {
        let settings = self.backup_settings()?;
        let folder = settings.reachable(default_dir)?;
        self.copy_into(&settings, &folder, at, auto)
    }

    /// The same into a folder named by the caller (`mcu backup create --dir`),
    /// created when missing.
    pub fn make_backup_in(
        &self,
        folder: &Path,
        at: NaiveDateTime,
        auto: bool,
    ) -> CoreResult<BackupMade> {
        self.copy_into(&self.backup_settings()?, folder, at, auto)
    }

    /// An automatic copy when one is due (see [`due`]).
    pub fn backup_if_due(
        &self,
        default_dir: &Path,
        now: NaiveDateTime,
    ) -> CoreResult<Option<BackupMade>> {
        let settings = self.backup_settings()?;
        if !settings.auto {
            return Ok(None);
        }
        let folder = settings.reachable(default_dir)?;
        if !due(&settings, &list(&folder)?, now) {
            return Ok(None);
        }
        self.copy_into(&settings, &folder, now, true).map(Some)
    }

    fn copy_into(
        &self,
        settings: &BackupSettings,
        folder: &Path,
        at: NaiveDateTime,
        auto: bool,
    ) -> CoreResult<BackupMade> {
        let (copy, checked) = make(self.db().path(), folder, at, auto)?;
        Ok(BackupMade {
            copy,
            appeals: checked.appeals,
            pruned: prune(folder, settings.keep)?,
        })
    }

    /// Closes this office, puts the copy `from` in place of its database and
    /// opens it again. Returns what the restore did (the path where the
    /// replaced database was saved) and the office open again: on the copy,
    /// or on the unchanged database when the copy was refused.
    pub fn restore(
        self,
        from: &Path,
        at: NaiveDateTime,
    ) -> (CoreResult<Option<PathBuf>>, CoreResult<Self>) {
        if let Err(e) = check(from) {
            return (Err(e), Ok(self));
        }
        let db_path = self.db().path().to_owned();
        // Every connection closes here: the writer last, which folds the
        // write-ahead log into the file (see `Db`).
        drop(self);
        let restored = restore(&db_path, from, at);
        let reopened = Self::open(&db_path, at).map(|(o, _)| o);
        (restored, reopened)
    }
}

#[cfg(test)]
mod tests;
