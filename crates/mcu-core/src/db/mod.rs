//! Storage: one SQLite file, one writer and one reader connection.
//!
//! `read(|conn| …)` runs on the reader; `write(|tx| …)` runs one transaction on
//! the writer, so a write and its audit rows commit together or not at all.
//! WAL lets the journal be read while a write is under way.

pub mod appeals;
pub mod archive;
pub mod audit;
pub mod bulk;
mod checkpoint;
pub mod conditions;
pub mod fts;
mod indexer;
pub mod journal;
pub mod lookup;
pub mod migrations;
pub mod reference;
pub mod roadmap;
pub mod rows;
pub mod seed;
pub mod settings;
pub mod unindexed;

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use chrono::NaiveDateTime;
use rusqlite::{Connection, OpenFlags, Transaction};

use crate::error::CoreResult;

/// The database handle.
pub struct Db {
    path: PathBuf,
    // Fields drop in this order: the connections of the checkpoint and index
    // threads and the reader first, so that the writer is the last connection
    // to close. Only then does SQLite copy the write-ahead log into the
    // database file and delete it; a read-only last connection leaves the
    // newest data in `-wal` alone, and a copy of the `.sqlite` file made
    // after the program exits (a backup, a move to another PC) would miss it.
    checkpointer: checkpoint::Checkpointer,
    indexer: indexer::Indexer,
    reader: Mutex<Connection>,
    writer: Mutex<Connection>,
    /// A shared lock on `<file>-lock` while the handle lives: a restore from
    /// a backup copy takes it exclusively, so it never replaces the file under
    /// another open window or `mcu` command. Dropped last.
    _in_use: std::fs::File,
}

/// Locks `<path>-lock`, the lock file of the database at `path` (a separate
/// file: SQLite's own locks on the database file must not be touched), shared
/// by every open handle or exclusively for a restore; `busy` is the message
/// when the other kind is held. The lock lasts as long as the returned file.
pub fn lock(path: &Path, exclusive: bool, busy: &str) -> CoreResult<std::fs::File> {
    let mut name = path.as_os_str().to_owned();
    name.push("-lock");
    let file = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(PathBuf::from(name))?;
    let taken = if exclusive {
        file.try_lock()
    } else {
        file.try_lock_shared()
    };
    match taken {
        Ok(()) => Ok(file),
        Err(std::fs::TryLockError::WouldBlock) => {
            Err(crate::error::CoreError::Conflict(busy.into()))
        }
        Err(std::fs::TryLockError::Error(e)) => Err(e.into()),
    }
}

/// What happened when the database was opened.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpenReport {
    pub created: bool,
    pub migrated_from: Option<i64>,
    pub backup: Option<PathBuf>,
}

fn configure(conn: &Connection) -> CoreResult<()> {
    conn.pragma_update(None, "foreign_keys", "ON")?;
    conn.pragma_update(None, "busy_timeout", 5000)?;
    // NORMAL in WAL mode keeps every commit durable against application
    // crashes and costs ~0.05 ms instead of ~4 ms per commit with FULL.
    conn.pragma_update(None, "synchronous", "NORMAL")?;
    // Registration alone runs ~20 distinct statements; rusqlite's default cache
    // of 16 would re-parse them for every appeal of an import.
    conn.set_prepared_statement_cache_capacity(256);
    unindexed::register(conn)?;
    Ok(())
}

/// A named thread running `f` on a connection of its own to `path` (the
/// checkpoint and index threads).
fn spawn_with_connection(
    path: &Path,
    name: &str,
    f: impl FnOnce(Connection) + Send + 'static,
) -> CoreResult<std::thread::JoinHandle<()>> {
    let conn = Connection::open(path)?;
    configure(&conn)?;
    Ok(std::thread::Builder::new()
        .name(name.into())
        .spawn(move || f(conn))?)
}

impl Db {
    /// Opens (creating if needed) the database at `path`, migrates it and seeds
    /// reference data on first creation. `now` stamps the seed and the backup.
    pub fn open(path: &Path, now: NaiveDateTime) -> CoreResult<(Db, OpenReport)> {
        if let Some(dir) = path.parent()
            && !dir.as_os_str().is_empty()
        {
            std::fs::create_dir_all(dir)?;
        }
        let in_use = lock(
            path,
            false,
            "База данных сейчас восстанавливается из резервной копии; повторите через минуту.",
        )?;
        let mut writer = Connection::open(path)?;
        writer.pragma_update(None, "journal_mode", "WAL")?;
        // Statement journals (one statement's pages) in memory: written to a
        // temporary file they cost a system call per page of every registration.
        // Set before any transaction: SQLite decides at BEGIN. Readers keep files
        // for their large sorts.
        writer.pragma_update(None, "temp_store", "MEMORY")?;
        configure(&writer)?;

        let before = migrations::user_version(&writer)?;
        let created = before == 0;
        let mut backup = None;
        if before > 0 && before < migrations::latest_version() {
            let stamp = now.format("%Y%m%d%H%M%S").to_string();
            backup = Some(migrations::backup_before_upgrade(&writer, path, &stamp)?);
        }
        migrations::migrate_to(&mut writer, migrations::latest_version())?;
        {
            let tx = writer.transaction()?;
            seed::seed(&tx, now)?;
            tx.commit()?;
        }

        let reader = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_ONLY
                | OpenFlags::SQLITE_OPEN_NO_MUTEX
                | OpenFlags::SQLITE_OPEN_URI,
        )?;
        configure(&reader)?;
        let checkpointer = checkpoint::Checkpointer::start(path, &mut writer)?;
        let indexer = indexer::Indexer::start(path)?;
        let db = Db {
            path: path.to_owned(),
            checkpointer,
            indexer,
            reader: Mutex::new(reader),
            writer: Mutex::new(writer),
            _in_use: in_use,
        };
        let report = OpenReport {
            created,
            migrated_from: (!created && before < migrations::latest_version()).then_some(before),
            backup,
        };
        Ok((db, report))
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Copies the write-ahead log into the database file and empties it, so
    /// that the `.sqlite` file alone holds everything. For a process that ends
    /// without dropping the handle (the desktop window exits the process).
    /// Returns false when a reader still needed part of the log (nothing is
    /// lost then: the log stays and is copied later).
    pub fn checkpoint(&self) -> CoreResult<bool> {
        let conn = self.writer.lock().unwrap_or_else(|p| p.into_inner());
        let _alone = self.checkpointer.exclusive();
        let busy: i64 = conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |r| r.get(0))?;
        Ok(busy == 0)
    }

    /// Indexes every appeal waiting for the search index, here and now (the
    /// background thread would do it soon): for a command that ends right
    /// after an import, and for the bench, which times it apart.
    pub fn index_backlog(&self) -> CoreResult<()> {
        let conn = self.writer.lock().unwrap_or_else(|p| p.into_inner());
        while fts::index_step(&conn)? {}
        Ok(())
    }

    /// How many appeals wait for the search index.
    pub fn search_backlog(&self) -> CoreResult<i64> {
        self.read(fts::waiting)
    }

    /// Keeps the background indexer idle while the guard lives (tests, the
    /// bench); [`Db::index_backlog`] still works.
    pub fn hold_indexer(&self) -> std::sync::MutexGuard<'_, ()> {
        self.indexer.hold()
    }

    /// Runs `f` on the read connection.
    pub fn read<T>(&self, f: impl FnOnce(&Connection) -> CoreResult<T>) -> CoreResult<T> {
        let conn = self.reader.lock().unwrap_or_else(|p| p.into_inner());
        f(&conn)
    }

    /// Runs `f` in one write transaction; commits when it returns `Ok`.
    pub fn write<T>(&self, f: impl FnOnce(&Transaction<'_>) -> CoreResult<T>) -> CoreResult<T> {
        self.write_if(|tx| f(tx).map(|out| (out, true)))
    }

    /// A write transaction that `f` may decide to roll back (`false`) while
    /// still returning a value: a dry run, a cancelled or failed import. Cheaper
    /// than a savepoint around everything, which journals every page twice.
    pub fn write_if<T>(
        &self,
        f: impl FnOnce(&Transaction<'_>) -> CoreResult<(T, bool)>,
    ) -> CoreResult<T> {
        let mut conn = self.writer.lock().unwrap_or_else(|p| p.into_inner());
        let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let (out, commit) = f(&tx)?;
        if commit {
            tx.commit()?;
            self.indexer.nudge();
        } else {
            tx.rollback()?;
        }
        Ok(out)
    }
}

/// A new database in a temporary folder, opened at a fixed "now", for the
/// unit tests of the storage modules (the folder lives as long as the guard).
#[cfg(test)]
pub(crate) fn test_db() -> (tempfile::TempDir, Db, NaiveDateTime) {
    let dir = tempfile::tempdir().unwrap();
    let now = NaiveDateTime::parse_from_str("2026-11-27T10:00:00", "%Y-%m-%dT%H:%M:%S").unwrap();
    let (db, _) = Db::open(&dir.path().join("t.sqlite"), now).unwrap();
    (dir, db, now)
}
