//! Bulk writes: many appeals registered in one transaction (an import, and
//! the import bench's plain-SQL ceiling, which must write under the same
//! conditions to bound the import honestly).
//!
//! Two settings differ from a form's save. SQLite's page cache (2 MB by
//! default) is raised to a bounded 64 MB for the call: a large transaction
//! otherwise spills it to the WAL and reads the pages back again and again.
//! Measured at 1,000,000 appeals with 100,000 new rows (dry runs, BENCHMARKS.md):
//! the import took 5.8–6.4 s with 2 MB and 4.4–4.8 s with 64 MB for a file of
//! three days, 7.4–7.9 s against 5.4 s for ten months; the plain `INSERT …
//! SELECT` into `appeals` 2.25 s against 1.02 s. 256 MB gained nothing more.
//! And the search index of new appeals is deferred to the end (see
//! [`super::fts`]).

use rusqlite::Connection;

use crate::error::CoreError;

/// The page cache of a bulk write, in KiB (SQLite's negative `cache_size`):
/// large enough for the hot pages of the 16 b-trees an appeal writes, and
/// fixed, so that memory does not grow with the file.
const CACHE_KIB: i64 = 65_536;

/// Runs `f` inside the caller's transaction as a bulk write; the connection's
/// cache size is put back whatever `f` returns.
pub fn write<T, E: From<CoreError>>(
    tx: &Connection,
    f: impl FnOnce() -> Result<T, E>,
) -> Result<T, E> {
    let sql = |e: rusqlite::Error| E::from(CoreError::from(e));
    let cache: i64 = tx
        .query_row("PRAGMA cache_size", [], |r| r.get(0))
        .map_err(sql)?;
    tx.execute_batch(&format!("PRAGMA cache_size = -{CACHE_KIB}"))
        .map_err(sql)?;
    let out = super::fts::deferred(tx, f);
    tx.execute_batch(&format!("PRAGMA cache_size = {cache}"))
        .map_err(sql)?;
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_cache_is_raised_for_the_call_and_put_back_after_it_even_on_error() {
        let (_dir, db, _) = crate::db::test_db();
        let cache = |c: &rusqlite::Connection| -> i64 {
            c.query_row("PRAGMA cache_size", [], |r| r.get(0)).unwrap()
        };
        let (before, inside, after) = db
            .write_if(|tx| {
                let before = cache(tx);
                let inside = super::write(tx, || Ok::<_, crate::CoreError>(cache(tx)))?;
                let failed =
                    super::write(tx, || Err::<(), _>(crate::CoreError::field("text", "сбой")));
                assert!(failed.is_err());
                Ok(((before, inside, cache(tx)), false))
            })
            .unwrap();
        assert_eq!(inside, -super::CACHE_KIB);
        assert_ne!(before, inside);
        assert_eq!(after, before);
    }
}
