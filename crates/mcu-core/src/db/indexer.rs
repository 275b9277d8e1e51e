//! The search index of bulk writes, built on its own thread. An import leaves
//! its appeals in `search_backlog` ([`super::fts::deferred`]); after each
//! commit the writer nudges this thread, which indexes the backlog in short
//! transactions of its own connection while the program goes on (a form's
//! save waits at most one chunk). Nothing is lost if the program ends first:
//! the backlog is in the database, the thread picks it up at the next start,
//! and the journal's search reads waiting appeals directly meanwhile.

use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, RecvTimeoutError, SyncSender, sync_channel};
use std::sync::{Arc, Mutex, MutexGuard};
use std::thread::JoinHandle;
use std::time::Duration;

use rusqlite::Connection;

use crate::error::CoreResult;

/// How long the thread sleeps when nothing nudges it before it looks again
/// (a chunk that failed, say on a lock held by another program, is retried).
const RETRY: Duration = Duration::from_secs(30);

#[derive(Default)]
struct Shared {
    /// Held while the thread indexes a chunk; tests and the bench hold it to
    /// keep the thread out.
    working: Mutex<()>,
    stop: AtomicBool,
}

pub(super) struct Indexer {
    wake: SyncSender<()>,
    shared: Arc<Shared>,
    thread: Option<JoinHandle<()>>,
}

impl Indexer {
    /// Starts the thread on a connection of its own to `path`; it first looks
    /// for a backlog left by an earlier run.
    pub(super) fn start(path: &Path) -> CoreResult<Indexer> {
        let (wake, nudges) = sync_channel(1);
        let shared = Arc::new(Shared::default());
        let thread = {
            let shared = shared.clone();
            super::spawn_with_connection(path, "mcu-indexer", move |conn| {
                run(&conn, &nudges, &shared)
            })?
        };
        let _ = wake.try_send(());
        Ok(Indexer {
            wake,
            shared,
            thread: Some(thread),
        })
    }

    /// After a commit: the thread looks at the backlog (one pending nudge is
    /// enough, it works until the backlog is empty).
    pub(super) fn nudge(&self) {
        let _ = self.wake.try_send(());
    }

    /// Keeps the thread from indexing while the guard lives.
    pub(super) fn hold(&self) -> MutexGuard<'_, ()> {
        self.shared
            .working
            .lock()
            .unwrap_or_else(|p| p.into_inner())
    }
}

fn run(conn: &Connection, nudges: &Receiver<()>, shared: &Shared) {
    loop {
        match nudges.recv_timeout(RETRY) {
            Ok(()) | Err(RecvTimeoutError::Timeout) => {}
            Err(RecvTimeoutError::Disconnected) => return,
        }
        loop {
            if shared.stop.load(Ordering::Acquire) {
                return;
            }
            let _working = shared.working.lock().unwrap_or_else(|p| p.into_inner());
            // A failure (a lock held past the busy timeout, the disk) leaves
            // the backlog as it is: the next nudge or the timeout tries again.
            match super::fts::index_step(conn) {
                Ok(true) => {}
                Ok(false) | Err(_) => break,
            }
        }
    }
}

impl Drop for Indexer {
    /// Ends the thread after the chunk it is indexing (the rest of the backlog
    /// waits for the next start) and closes its connection, so that the
    /// writer can still be the last one to close.
    fn drop(&mut self) {
        self.shared.stop.store(true, Ordering::Release);
        let _ = self.wake.try_send(());
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}
