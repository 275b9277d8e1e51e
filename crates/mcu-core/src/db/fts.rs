//! The full-text index during bulk registration. Every statement that fires a
//! trigger opens a statement journal, and SQLite then asks each virtual table
//! written in the transaction for a savepoint: FTS5 answers by flushing its
//! pending terms to disk. With the index fed by the insert trigger, an import
//! flushed (and merged) it several times per row, most of an import's time.
//! [`deferred`] lifts the insert trigger for the duration of a bulk write and
//! indexes the new appeals in one statement at the end, in the same
//! transaction (a rollback restores the trigger with everything else).
//! While it indexes, FTS5's automatic merging is off: at a million appeals
//! each flushed chunk otherwise set off merges of the large existing segments
//! (0.3–1.6 s for 25,000 rows against 0.23–0.28 s without). The merging is
//! switched back on afterwards, and later writes carry it on in small steps.

use rusqlite::{Connection, OptionalExtension};

use crate::error::CoreResult;

const TRIGGER: &str = "appeals_fts_insert";

/// The same text the insert trigger indexes (ё folded to е, see migration 0001).
const INDEX_NEW: &str =
    "INSERT INTO appeals_fts (rowid, number, text, applicant_name, applicant_address, address)
     SELECT id, number,
            replace(replace(text, 'ё', 'е'), 'Ё', 'Е'),
            replace(replace(applicant_name, 'ё', 'е'), 'Ё', 'Е'),
            replace(replace(applicant_address, 'ё', 'е'), 'Ё', 'Е'),
            replace(replace(address, 'ё', 'е'), 'Ё', 'Е')
     FROM appeals WHERE id > ?1 AND id <= ?2";

/// Appeals indexed per statement: a statement's journal is kept in memory
/// (the writer's temp_store), so one statement for a whole import would hold
/// every page it touched.
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

/// Runs `f` (inside the caller's transaction) with the index of new appeals
/// deferred to its end. Appeals updated by `f` are re-indexed by their own
/// trigger as usual. On an error the trigger is not put back here: the caller
/// must roll the transaction back (as `Db::write` and `write_if` do).
pub fn deferred<T, E: From<crate::CoreError>>(
    tx: &Connection,
    f: impl FnOnce() -> Result<T, E>,
) -> Result<T, E> {
    let trigger: Option<String> = lift(tx).map_err(E::from)?;
    let before: i64 = max_id(tx).map_err(E::from)?;
    let out = f()?;
    restore(tx, trigger.as_deref(), before).map_err(E::from)?;
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

fn restore(tx: &Connection, trigger: Option<&str>, before: i64) -> CoreResult<()> {
    if let Some(sql) = trigger {
        let last = max_id(tx)?;
        if before < last {
            set_automerge(tx, 0)?;
            let mut from = before;
            while from < last {
                tx.prepare_cached(INDEX_NEW)?
                    .execute([from, (from + CHUNK).min(last)])?;
                from += CHUNK;
            }
            set_automerge(tx, AUTOMERGE)?;
        }
        tx.execute_batch(sql)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use crate::db::audit::Actor;
    use crate::model::{AppealDraft, JournalQuery};

    #[test]
    fn deferred_indexing_finds_what_the_trigger_would() {
        let (_dir, office, now) = crate::db::test_office();
        let actor = Actor {
            operator: "тест",
            at: now,
        };
        let draft = |text: &str| AppealDraft {
            received_at: "2026-11-26T09:00".into(),
            registered_at: "2026-11-26T10:00".into(),
            channel: "letter".into(),
            appeal_type: "complaint".into(),
            applicant_name: "Ёлкина Алёна".into(),
            settlement: "Мосты".into(),
            text: text.into(),
            questions: vec!["0005.0005.0056.1154".into()],
            ..Default::default()
        };
        office
            .db()
            .write(|tx| {
                super::deferred(tx, || {
                    crate::office::register_in(tx, &draft("Нет воды на улице Зелёной"), &actor)?;
                    let id = crate::office::register_in(tx, &draft("Яма"), &actor)?;
                    // A file may carry a row and then its change: the update's own
                    // trigger indexes it before the bulk index at the end.
                    crate::office::update_in(tx, id, None, &draft("Яма на дороге"), &actor)
                })
            })
            .unwrap();
        office
            .db()
            .write(|tx| {
                Ok(tx.execute_batch(
                    "INSERT INTO appeals_fts (appeals_fts, rank) VALUES ('integrity-check', 0)",
                )?)
            })
            .expect("the index agrees with itself");
        office.register(&draft("Не горит фонарь"), &actor).unwrap();
        let found = |s: &str| {
            office
                .journal(
                    &JournalQuery {
                        search: s.into(),
                        ..Default::default()
                    },
                    now.date(),
                )
                .unwrap()
                .total
        };
        assert_eq!(found("зеленой"), 1, "ё folded as the trigger does");
        assert_eq!(found("елкина"), 3);
        assert_eq!(found("фонарь"), 1, "the trigger is back");
        assert_eq!(found("яма"), 1);
        assert_eq!(found("дороге"), 1);
        let automerge: i64 = office
            .db()
            .read(|c| {
                Ok(c.query_row(
                    "SELECT v FROM appeals_fts_config WHERE k = 'automerge'",
                    [],
                    |r| r.get(0),
                )?)
            })
            .unwrap();
        assert_eq!(automerge, super::AUTOMERGE, "merging is switched back on");
    }
}
