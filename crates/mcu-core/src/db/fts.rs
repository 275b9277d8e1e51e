//! The full-text index during bulk registration. Every statement that fires a
//! trigger opens a statement journal, and SQLite then asks each virtual table
//! written in the transaction for a savepoint: FTS5 answers by flushing its
//! pending terms to disk. With the index fed by the insert trigger, an import
//! flushed (and merged) it several times per row, most of an import's time.
//! [`deferred`] lifts the insert trigger for the duration of a bulk write and
//! puts the new appeals into `search_backlog` (migration 0010) instead: the
//! index is built after the commit, [`index_step`] by [`index_step`], by the
//! background thread of [`super::indexer`], and the journal's search reads
//! waiting appeals directly until then ([`super::unindexed`]). Building it
//! inside the import cost 1.0 s of 4.6 s for 100,000 rows over three days
//! and 1.6 s of 6.8 s over ten months, at a million appeals (BENCHMARKS.md).
//! While a chunk is indexed, FTS5's automatic merging is off: at a million
//! appeals each flushed chunk otherwise set off merges of the large existing
//! segments (0.3–1.6 s for 25,000 rows against 0.23–0.28 s without). Later
//! writes carry the merging on in small steps.

use rusqlite::{Connection, OptionalExtension, Transaction, TransactionBehavior};

use crate::error::CoreResult;

const TRIGGER: &str = "appeals_fts_insert";

/// The same text the insert trigger indexes (ё folded to е, see migration 0002).
const INDEX_RANGE: &str =
    "INSERT INTO appeals_fts (rowid, number, text, applicant_name, applicant_address, address)
     SELECT id, number,
            replace(replace(text, 'ё', 'е'), 'Ё', 'Е'),
            replace(replace(applicant_name, 'ё', 'е'), 'Ё', 'Е'),
            replace(replace(applicant_address, 'ё', 'е'), 'Ё', 'Е'),
            replace(replace(address, 'ё', 'е'), 'Ё', 'Е')
     FROM appeals WHERE id >= ?1 AND id <= ?2";

/// Appeals indexed per transaction: the write lock is held for a few tens of
/// milliseconds, so that a form's save never waits long behind the thread.
const CHUNK: i64 = 2_000;

/// FTS5's default `automerge` (segments per level before they are merged).
const AUTOMERGE: i64 = 4;

fn set_automerge(tx: &Connection, segments: i64) -> CoreResult<()> {
    tx.execute(
        "INSERT INTO appeals_fts (appeals_fts, rank) VALUES ('automerge', ?1)",
        [segments],
    )?;
    Ok(())
}

/// Runs `f` (inside the caller's transaction) with the appeals it registers
/// left to the search backlog. Appeals updated by `f` that were indexed
/// before are re-indexed by their own trigger as usual; those `f` registers
/// are in the backlog from the start, so their triggers leave them alone. On
/// an error the trigger is not put back here: the caller must roll the
/// transaction back (as `Db::write` and `write_if` do).
pub fn deferred<T, E: From<crate::CoreError>>(
    tx: &Connection,
    f: impl FnOnce() -> Result<T, E>,
) -> Result<T, E> {
    let trigger: Option<String> = lift(tx).map_err(E::from)?;
    let first = max_id(tx).map_err(E::from)? + 1;
    open_range(tx, first).map_err(E::from)?;
    let out = f()?;
    restore(tx, trigger.as_deref(), first).map_err(E::from)?;
    Ok(out)
}

fn lift(tx: &Connection) -> CoreResult<Option<String>> {
    let sql: Option<String> = tx
        .query_row(
            "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?1",
            [TRIGGER],
            |r| r.get(0),
        )
        .optional()?;
    if sql.is_some() {
        tx.execute_batch(&format!("DROP TRIGGER {TRIGGER}"))?;
    }
    Ok(sql)
}

fn max_id(tx: &Connection) -> CoreResult<i64> {
    Ok(tx.query_row("SELECT coalesce(max(id), 0) FROM appeals", [], |r| r.get(0))?)
}

/// Every id from `first` on waits for the index while the bulk write runs.
fn open_range(tx: &Connection, first: i64) -> CoreResult<()> {
    tx.execute(
        "INSERT INTO search_backlog (from_id, to_id) VALUES (?1, ?2)",
        [first, i64::MAX],
    )?;
    Ok(())
}

/// Closes the range at the last appeal registered (or drops it if none was)
/// and puts the insert trigger back.
fn restore(tx: &Connection, trigger: Option<&str>, first: i64) -> CoreResult<()> {
    let last = max_id(tx)?;
    if last >= first {
        tx.execute(
            "UPDATE search_backlog SET to_id = ?2 WHERE from_id = ?1",
            [first, last],
        )?;
    } else {
        tx.execute("DELETE FROM search_backlog WHERE from_id = ?1", [first])?;
    }
    if let Some(sql) = trigger {
        tx.execute_batch(sql)?;
    }
    Ok(())
}

/// Indexes the oldest waiting appeals (up to [`CHUNK`]) in a write
/// transaction of its own on `conn`, which must not be in one. Returns
/// whether it found any (call again until it returns false).
pub fn index_step(conn: &Connection) -> CoreResult<bool> {
    // The thread is nudged after every commit, a form's save too: look
    // without taking the write lock, which the next save may be waiting for.
    let any: bool = conn.query_row("SELECT EXISTS (SELECT 1 FROM search_backlog)", [], |r| {
        r.get(0)
    })?;
    if !any {
        return Ok(false);
    }
    let tx = Transaction::new_unchecked(conn, TransactionBehavior::Immediate)?;
    let range: Option<(i64, i64)> = tx
        .query_row(
            "SELECT from_id, to_id FROM search_backlog ORDER BY from_id LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    let Some((from, to)) = range else {
        return Ok(false);
    };
    // A range reaches no further than the appeals there are (a bulk write
    // closes its range at its last appeal; this holds whatever happened).
    let to = to.min(max_id(&tx)?);
    let upto = to.min(from.saturating_add(CHUNK - 1));
    set_automerge(&tx, 0)?;
    tx.prepare_cached(INDEX_RANGE)?.execute([from, upto])?;
    set_automerge(&tx, AUTOMERGE)?;
    if upto >= to {
        tx.execute("DELETE FROM search_backlog WHERE from_id = ?1", [from])?;
    } else {
        tx.execute(
            "UPDATE search_backlog SET from_id = ?2 WHERE from_id = ?1",
            [from, upto + 1],
        )?;
    }
    tx.commit()?;
    Ok(true)
}

/// How many appeals wait for the search index.
pub fn waiting(conn: &Connection) -> CoreResult<i64> {
    Ok(conn.query_row(
        "SELECT coalesce(sum(min(to_id, (SELECT coalesce(max(id), 0) FROM appeals)) - from_id + 1), 0)
         FROM search_backlog",
        [],
        |r| r.get(0),
    )?)
}
