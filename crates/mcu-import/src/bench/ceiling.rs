//! The ceiling of the schema: the rows of a bench file written by plain SQL
//! (`INSERT … SELECT` from a temporary table), the same tables and indexes an
//! import writes in its transaction (the search index is built after the
//! commit, see `db::indexer` in mcu-core), with none of the import's work (reading,
//! mapping, validation, deadlines from the calendar, numbering, duplicate
//! checks). It bounds what any import into this schema can reach on the
//! machine; the transaction is rolled back, so the commit and its WAL
//! checkpoint are not counted and the bound is generous.

use std::time::Instant;

use chrono::NaiveDateTime;
use mcu_core::bulk::{fmt_date, fmt_dt};
use mcu_core::{CoreError, CoreResult, Office};
use rusqlite::{Connection, ToSql, params};

/// Rows as the bench generates them: external id, received ("dd.mm.YYYY HH:MM"),
/// channel, applicant, address, text (HTML), topic code.
pub type Row = [String; 7];

const LOAD: &str = "CREATE TEMP TABLE ceiling_src (ext TEXT, received TEXT, due TEXT, channel TEXT,
    kind TEXT, name TEXT, address TEXT, text TEXT, original TEXT, topic TEXT)";

/// The import's writes for every row of `ceiling_src`, one statement each.
const WRITES: [(&str, &str); 4] = [
    (
        "appeals",
        "INSERT INTO appeals (number, received_at, registered_at, channel, kind, appeal_type,
            applicant_name, address, text, external_id, block_id, status, due_date, due_rule_id,
            created_at, updated_at)
         SELECT 'ceiling-' || ext, received, received, channel, kind, 'statement', name, address,
                text, 'ceiling-' || ext, ?2, 'assigned', due, ?3, ?4, ?4
         FROM ceiling_src ORDER BY rowid",
    ),
    (
        "questions",
        "INSERT INTO appeal_questions (appeal_id, position, topic_code)
         SELECT a.id, 0, s.topic FROM appeals a JOIN ceiling_src s ON a.external_id = 'ceiling-' || s.ext
         WHERE a.id > ?1",
    ),
    (
        "audit",
        "INSERT INTO audit (entity, entity_id, at, operator, action, new_value)
         SELECT 'appeal', id, created_at, 'bench', 'create', number FROM appeals WHERE id > ?1",
    ),
    (
        "import_rows",
        "INSERT INTO import_rows (appeal_id, batch_id, row_hash, text_original)
         SELECT a.id, ?5, hex(randomblob(16)), s.original
         FROM appeals a JOIN ceiling_src s ON a.external_id = 'ceiling-' || s.ext WHERE a.id > ?1",
    ),
];

fn load(tx: &Connection, rows: &[Row]) -> CoreResult<()> {
    tx.execute_batch(LOAD)?;
    tx.execute_batch("CREATE INDEX temp.ceiling_src_ext ON ceiling_src ('ceiling-' || ext)")?;
    let mut st =
        tx.prepare("INSERT INTO ceiling_src VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)")?;
    for r in rows {
        let received = NaiveDateTime::parse_from_str(&r[1], "%d.%m.%Y %H:%M")
            .map_err(|e| CoreError::field("received_at", e.to_string()))?;
        // Thirty calendar days: the ceiling does not consult the calendar.
        let due = received.date() + chrono::Days::new(30);
        let kind = match r[2].as_str() {
            "pos" => "pos",
            "im" => "im",
            _ => "59fz",
        };
        st.execute(params![
            r[0],
            fmt_dt(received),
            fmt_date(due),
            r[2],
            kind,
            r[3],
            r[4],
            crate::clean::clean_text(&r[5]),
            r[5],
            r[6],
        ])?;
    }
    Ok(())
}

/// Writes `rows` by plain SQL inside a transaction that is rolled back and
/// prints the time of each statement and the rows per second of them all.
pub fn run(office: &Office, now: NaiveDateTime, rows: &[Row], label: &str) -> Result<(), String> {
    let (secs, parts) = office
        .db()
        .write_if(|tx| Ok((measure(tx, now, rows), false)))
        .and_then(|out| out)
        .map_err(super::fail)?;
    let written: f64 = parts.iter().map(|(_, s)| s).sum();
    let parts: Vec<String> = parts
        .iter()
        .map(|(name, s)| format!("{name} {s:.2} s"))
        .collect();
    println!(
        "{label:<46} {:>8} rows in {secs:>7.2} s = {:>9.0} rows/s  ({}, the rest {:.2} s)",
        rows.len(),
        rows.len() as f64 / secs,
        parts.join(", "),
        secs - written
    );
    Ok(())
}

/// Seconds of all the writes, and of each statement (the rest: the bulk
/// write's own bookkeeping).
type Timing = (f64, Vec<(&'static str, f64)>);

fn measure(tx: &Connection, now: NaiveDateTime, rows: &[Row]) -> CoreResult<Timing> {
    load(tx, rows)?;
    let one = |sql: &str| -> CoreResult<i64> { Ok(tx.query_row(sql, [], |r| r.get(0))?) };
    let before = one("SELECT coalesce(max(id), 0) FROM appeals")?;
    let block = one("SELECT min(id) FROM sector_blocks")?;
    let rule = one("SELECT min(id) FROM deadline_rules")?;
    let at = fmt_dt(now);
    tx.execute(
        "INSERT INTO import_batches (at, operator, file_name, mapping) VALUES (?1, 'bench', 'ceiling', 'ceiling')",
        [&at],
    )?;
    let batch = tx.last_insert_rowid();
    let values: [&dyn ToSql; 5] = [&before, &block, &rule, &at, &batch];
    let mut parts = Vec::new();
    let t = Instant::now();
    // The import's conditions (page cache, search index left to the backlog).
    mcu_core::bulk::write(tx, || -> CoreResult<()> {
        for (name, sql) in WRITES {
            let s = Instant::now();
            let mut st = tx.prepare(sql)?;
            for (i, v) in values.iter().enumerate().take(st.parameter_count()) {
                st.raw_bind_parameter(i + 1, v)?;
            }
            st.raw_execute()?;
            parts.push((name, s.elapsed().as_secs_f64()));
        }
        Ok(())
    })?;
    Ok((t.elapsed().as_secs_f64(), parts))
}
