//! Checkpoints on their own thread. By default SQLite copies the write-ahead
//! log into the database file (a checkpoint) inside the commit that grows the
//! log past 1,000 pages, on the committing thread: after an import of 100,000
//! appeals into a million that is about a second of the import's time, and for
//! the form the one save that crosses the size pays for the others. Here a
//! commit past that size only wakes a thread with its own connection, which
//! runs the same PASSIVE checkpoint while the program goes on; it blocks
//! neither readers nor the next write. [`super::Db::checkpoint`] waits for a
//! running one before it empties the log.

use std::os::raw::c_int;
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{Receiver, SyncSender, sync_channel};
use std::sync::{Arc, Mutex, MutexGuard};
use std::thread::JoinHandle;

use rusqlite::Connection;
use rusqlite::hooks::Wal;

use crate::error::CoreResult;

/// The log size (in pages) past which a commit asks for a checkpoint: SQLite's
/// own default for its automatic checkpoint.
pub const PAGES: c_int = 1000;

enum Message {
    Checkpoint,
    Stop,
}

/// What the writer and [`super::Db::checkpoint`] share with the thread.
#[derive(Default)]
struct Shared {
    /// Held while any checkpoint runs: two at once would make the second fail.
    running: Mutex<()>,
    /// Checkpoints the thread has completed (for tests).
    done: AtomicU64,
}

pub(super) struct Checkpointer {
    wake: SyncSender<Message>,
    shared: Arc<Shared>,
    thread: Option<JoinHandle<()>>,
}

impl Checkpointer {
    /// Starts the thread on a connection of its own to `path` and makes the
    /// writer's commits wake it instead of checkpointing themselves.
    pub(super) fn start(path: &Path, writer: &mut Connection) -> CoreResult<Checkpointer> {
        // One pending wake is enough: the thread checkpoints the whole log.
        let (wake, messages) = sync_channel(1);
        let shared = Arc::new(Shared::default());
        let thread = {
            let shared = shared.clone();
            super::spawn_with_connection(path, "mcu-checkpoint", move |conn| {
                run(conn, messages, &shared)
            })?
        };
        let hook = wake.clone();
        // Replaces SQLite's automatic checkpoint, which is itself a WAL hook.
        writer.wal_hook(Some(move |_: &mut Wal, pages: c_int| {
            if pages >= PAGES {
                // Full: a wake is pending already. Gone: the handle is closing.
                let _ = hook.try_send(Message::Checkpoint);
            }
            Ok(())
        }))?;
        Ok(Checkpointer {
            wake,
            shared,
            thread: Some(thread),
        })
    }

    /// Waits for a running background checkpoint and keeps others out while
    /// the guard lives.
    pub(super) fn exclusive(&self) -> MutexGuard<'_, ()> {
        self.shared
            .running
            .lock()
            .unwrap_or_else(|p| p.into_inner())
    }

    #[cfg(test)]
    pub(super) fn completed(&self) -> u64 {
        self.shared.done.load(Ordering::Acquire)
    }
}

fn run(conn: Connection, messages: Receiver<Message>, shared: &Shared) {
    while let Ok(Message::Checkpoint) = messages.recv() {
        let _running = shared.running.lock().unwrap_or_else(|p| p.into_inner());
        // A failure (the disk, a busy lock) leaves the log as it is: nothing is
        // lost, the next commit past the size asks again, and closing copies it.
        let _ = conn.query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |_| Ok(()));
        shared.done.fetch_add(1, Ordering::Release);
    }
}

impl Drop for Checkpointer {
    /// Ends the thread (after a checkpoint it is running) and closes its
    /// connection, so that the writer can still be the last one to close.
    fn drop(&mut self) {
        let _ = self.wake.send(Message::Stop);
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

#[cfg(test)]
mod tests {
    use std::time::{Duration, Instant};

    fn file_len(path: &std::path::Path) -> u64 {
        std::fs::metadata(path).unwrap().len()
    }

    /// Waits (up to a minute, on a loaded machine) until `done` holds.
    fn wait_for(done: impl Fn() -> bool) {
        let start = Instant::now();
        while !done() {
            assert!(
                start.elapsed() < Duration::from_secs(60),
                "the checkpoint thread did not run"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    #[test]
    fn a_large_commit_returns_before_its_log_is_copied_and_the_thread_copies_it() {
        let (_dir, db, _) = crate::db::test_db();
        let db = &db;
        assert!(db.checkpoint().unwrap(), "a clean start: the log is empty");
        let before = file_len(db.path());
        let runs = db.checkpointer.completed();
        {
            // The thread cannot checkpoint while the test holds this.
            let _hold = db.checkpointer.exclusive();
            db.write(|tx| {
                tx.execute_batch(
                    "CREATE TABLE filler (b BLOB);
                     WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1500)
                     INSERT INTO filler SELECT randomblob(4000) FROM n;",
                )?;
                Ok(())
            })
            .unwrap();
            // SQLite's own automatic checkpoint would have grown the file
            // inside the commit.
            assert_eq!(file_len(db.path()), before, "the commit copied its log");
        }
        wait_for(|| db.checkpointer.completed() > runs);
        assert!(
            file_len(db.path()) > before + 1500 * 4000,
            "the thread copied the log into the file"
        );
        let n: i64 = db
            .read(|c| Ok(c.query_row("SELECT count(*) FROM filler", [], |r| r.get(0))?))
            .unwrap();
        assert_eq!(n, 1500);
    }

    #[test]
    fn small_commits_leave_the_log_to_grow_to_the_threshold() {
        let (_dir, db, _) = crate::db::test_db();
        let db = &db;
        db.checkpoint().unwrap();
        let runs = db.checkpointer.completed();
        for _ in 0..5 {
            db.write(|tx| {
                tx.execute_batch(
                    "CREATE TABLE IF NOT EXISTS filler (b BLOB);
                     INSERT INTO filler VALUES (randomblob(100));",
                )?;
                Ok(())
            })
            .unwrap();
        }
        assert_eq!(
            db.checkpointer.completed(),
            runs,
            "woken below the threshold"
        );
    }
}
