//! The preview: the first rows of a file exactly as they would be stored,
//! with their problems, read on the reader connection (nothing is written).

use std::path::Path;

use chrono::NaiveDateTime;
use mcu_core::appeals::check_draft;
use mcu_core::{FieldError, Office};
use rusqlite::Connection;

use crate::apply::Compiled;
use crate::error::ImportResult;
use crate::examine::{Refs, examine, overfull_reason, prepare};
use crate::mapping::Mapping;
use crate::source::{self, Flow, Record, RowSink};
use crate::summary::{Outcome, Preview, PreviewRow};

struct PreviewSink<'a> {
    conn: &'a Connection,
    mapping: &'a Mapping,
    now: NaiveDateTime,
    limit: usize,
    refs: Refs,
    compiled: Option<Compiled<'a>>,
    out: Preview,
}

impl RowSink for PreviewSink<'_> {
    fn header(&mut self, columns: &[String]) -> ImportResult<()> {
        self.compiled = Some(Compiled::new(self.mapping, columns, self.now)?);
        self.out.columns = columns.to_vec();
        Ok(())
    }

    fn row(&mut self, record: Record, _: u64, _: u64) -> ImportResult<Flow> {
        if record.fields.is_empty() {
            return Ok(Flow::Continue);
        }
        let compiled = self.compiled.as_ref().expect("header comes first");
        let e = examine(
            self.conn,
            compiled,
            &mut self.refs,
            prepare(compiled, &record),
        )?;
        let mut problems = e.mapped.problems.clone();
        if record.overfull {
            problems.push(FieldError::new(
                "",
                overfull_reason(&record, compiled.header.len()),
            ));
        }
        let editing = e.existing.as_ref().map(|x| x.id);
        if let Err(errs) = check_draft(self.conn, &e.mapped.draft, self.now, editing) {
            problems.extend(errs);
        }
        let outcome = match &e.existing {
            _ if !problems.is_empty() => Outcome::Reject,
            Some(x) if x.same_hash => Outcome::Present,
            Some(_) => Outcome::Update,
            None => Outcome::New,
        };
        self.out.rows.push(PreviewRow {
            row: record.row,
            outcome,
            existing_id: editing,
            mapped: e.mapped,
            problems,
        });
        Ok(if self.out.rows.len() >= self.limit {
            Flow::Stop
        } else {
            Flow::Continue
        })
    }
}

/// The first `limit` data rows of a file exactly as they would be stored, with
/// every problem per row and field. Reads only.
pub fn preview_file(
    office: &Office,
    path: &Path,
    mapping: &Mapping,
    now: NaiveDateTime,
    limit: usize,
) -> ImportResult<Preview> {
    office
        .db()
        .read(|c| Ok(preview_on(c, path, mapping, now, limit)))?
}

fn preview_on(
    c: &Connection,
    path: &Path,
    mapping: &Mapping,
    now: NaiveDateTime,
    limit: usize,
) -> ImportResult<Preview> {
    let mut sink = PreviewSink {
        conn: c,
        mapping,
        now,
        limit: limit.max(1),
        refs: Refs::load(c)?,
        compiled: None,
        out: Preview {
            columns: Vec::new(),
            rows: Vec::new(),
        },
    };
    source::read_file(path, &mapping.source, &mut sink)?;
    Ok(sink.out)
}
