//! The import itself: rows from a [`source`](crate::source) through a
//! [`Compiled`] mapping into the register, inside one write transaction. A row
//! is imported (registered through a [`Registrar`], as the form registers), updated (through
//! `update_in`, audited field by field), recognised as present, or rejected
//! with its row number and a Russian reason. A damaged file, a storage error
//! or a cancel rolls everything back; a dry run rolls back a complete run.

use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::Ordering;

use chrono::NaiveDateTime;
use mcu_core::appeals::{Registrar, check_draft, draft_in, set_source_state_in, update_in};
use mcu_core::bulk::fmt_dt;
use mcu_core::model::AppealDraft;
use mcu_core::{CoreError, Office};
use rusqlite::{Connection, params};

use crate::apply::{Compiled, Mapped};
use crate::error::{ImportError, ImportResult};
use crate::examine::{Examined, Refs, examine, overfull_reason, reason_of};
use crate::pipeline::{PreparedSink, ReadRow, read_prepared};
use crate::rejects::{Rejects, rejects_path_for};
use crate::source::{Flow, Record};
use crate::summary::{
    FieldChange, ImportOptions, ImportSummary, LIST_LIMIT, Progress, RejectedRow, UpdatedRow,
};

struct ImportSink<'a> {
    tx: &'a Connection,
    opts: &'a ImportOptions<'a>,
    refs: Refs,
    /// Registration with the settings and reference lookups read once per import.
    registrar: Registrar<'a>,
    compiled: Option<Arc<Compiled<'a>>>,
    batch_id: i64,
    summary: ImportSummary,
    rejects: Rejects,
    /// The last (position, total) seen, for the final progress call.
    last: (u64, u64),
}

impl ImportSink<'_> {
    fn reject(&mut self, record: &Record, reason: String) -> ImportResult<()> {
        self.summary.rejected += 1;
        let compiled = self.compiled.as_ref().expect("header comes first");
        if !self.opts.dry_run {
            self.rejects.write(compiled, record, &reason)?;
        }
        if self.summary.rejects.len() < LIST_LIMIT {
            self.summary.rejects.push(RejectedRow {
                row: record.row,
                reason,
            });
        }
        Ok(())
    }

    fn count(&mut self, d: &AppealDraft) {
        let channel = self
            .refs
            .channels
            .get(d.channel.trim())
            .map(|c| c.1.clone())
            .unwrap_or_else(|| d.channel.clone());
        *self.summary.by_channel.entry(channel).or_default() += 1;
        let block = self
            .refs
            .blocks
            .get(d.block.trim())
            .cloned()
            .unwrap_or_else(|| "без блока".to_owned());
        *self.summary.by_block.entry(block).or_default() += 1;
    }

    /// Status and deadline from the source, audited as action "import".
    fn apply_source_state(&self, id: i64, m: &Mapped) -> ImportResult<Vec<FieldChange>> {
        let due_date = m.due_at.map(|d| d.date());
        let changes = set_source_state_in(self.tx, id, m.status, due_date, &self.opts.actor)?;
        Ok(changes
            .into_iter()
            .map(|c| FieldChange {
                field: c.field,
                old: c.old,
                new: c.new,
            })
            .collect())
    }

    fn save_row_facts(&self, id: i64, e: &Examined, updated: bool) -> ImportResult<()> {
        let m = &e.mapped;
        let dt = |v: Option<NaiveDateTime>| v.map(fmt_dt);
        self.tx
            .prepare_cached(
                "INSERT INTO import_rows (appeal_id, batch_id, updated_batch_id, fingerprint, row_hash, text_original,
                                          lat, lon, source_status, due_at, closed_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)
                 ON CONFLICT (appeal_id) DO UPDATE SET
                    updated_batch_id = coalesce(excluded.updated_batch_id, updated_batch_id),
                    fingerprint = coalesce(excluded.fingerprint, fingerprint),
                    row_hash = excluded.row_hash, text_original = excluded.text_original,
                    lat = excluded.lat, lon = excluded.lon, source_status = excluded.source_status,
                    due_at = excluded.due_at, closed_at = excluded.closed_at",
            )?
            .execute(params![
                id,
                self.batch_id,
                updated.then_some(self.batch_id),
                e.fingerprint,
                e.row_hash,
                m.text_original,
                m.lat,
                m.lon,
                m.source_status,
                dt(m.due_at),
                dt(m.closed_at),
            ])?;
        Ok(())
    }

    fn insert(&mut self, record: &Record, e: Examined) -> ImportResult<()> {
        let id = match self.registrar.register(&e.mapped.draft, &self.opts.actor) {
            Ok(id) => id,
            Err(CoreError::Validation(errs)) => return self.reject(record, reason_of(&errs)),
            Err(other) => return Err(other.into()),
        };
        self.apply_source_state(id, &e.mapped)?;
        self.save_row_facts(id, &e, false)?;
        self.summary.imported += 1;
        if self.summary.imported_ids.len() < 10_000 {
            self.summary.imported_ids.push(id);
        }
        self.count(&e.mapped.draft);
        Ok(())
    }

    fn update(&mut self, record: &Record, e: Examined, id: i64) -> ImportResult<()> {
        let (number, mut draft) = draft_in(self.tx, id)?;
        let m = &e.mapped.draft;
        let mut fields = self.opts.mapping.fields();
        if e.block_from_topic {
            fields.push("block".into());
        }
        if !self.opts.mapping.fields().iter().any(|f| f == "anonymous") {
            fields.push("anonymous".into());
        }
        for f in &fields {
            match f.as_str() {
                "received_at" if !e.mapped.received_now => {
                    draft.received_at = m.received_at.clone()
                }
                "registered_at" if !e.mapped.received_now => {
                    draft.registered_at = m.registered_at.clone()
                }
                "channel" => draft.channel = m.channel.clone(),
                "kind" => draft.kind = m.kind.clone(),
                "appeal_type" => draft.appeal_type = m.appeal_type.clone(),
                "anonymous" => draft.anonymous = m.anonymous,
                "applicant_name" => draft.applicant_name = m.applicant_name.clone(),
                "applicant_address" => draft.applicant_address = m.applicant_address.clone(),
                "applicant_phone" => draft.applicant_phone = m.applicant_phone.clone(),
                "applicant_email" => draft.applicant_email = m.applicant_email.clone(),
                "settlement" => draft.settlement = m.settlement.clone(),
                "address" => draft.address = m.address.clone(),
                "text" => draft.text = m.text.clone(),
                "external_id" => draft.external_id = m.external_id.clone(),
                "external_url" => draft.external_url = m.external_url.clone(),
                "topic" => draft.questions = m.questions.clone(),
                "block" => draft.block = m.block.clone(),
                "person" => draft.person = m.person.clone(),
                "notes" => draft.notes = m.notes.clone(),
                _ => {}
            }
        }
        // A received_at mapped without registered_at follows it.
        if fields.iter().any(|f| f == "received_at")
            && !fields.iter().any(|f| f == "registered_at")
            && !e.mapped.received_now
        {
            draft.registered_at = m.registered_at.clone();
        }
        let mut changes: Vec<FieldChange> =
            match update_in(self.tx, id, None, &draft, &self.opts.actor) {
                Ok(c) => c
                    .into_iter()
                    .map(|c| FieldChange {
                        field: c.field,
                        old: c.old,
                        new: c.new,
                    })
                    .collect(),
                Err(CoreError::Validation(errs)) => return self.reject(record, reason_of(&errs)),
                Err(other) => return Err(other.into()),
            };
        changes.extend(self.apply_source_state(id, &e.mapped)?);
        let updated = !changes.is_empty();
        self.save_row_facts(id, &e, updated)?;
        if updated {
            self.summary.updated += 1;
            self.count(&draft);
            if self.summary.updates.len() < LIST_LIMIT {
                self.summary.updates.push(UpdatedRow {
                    row: record.row,
                    appeal_id: id,
                    number,
                    changes,
                });
            }
        } else {
            self.summary.present += 1;
        }
        Ok(())
    }
}

impl<'a> PreparedSink<'a> for ImportSink<'a> {
    fn header(&mut self, compiled: Arc<Compiled<'a>>) -> ImportResult<()> {
        self.compiled = Some(compiled);
        Ok(())
    }

    fn row(&mut self, row: ReadRow) -> ImportResult<Flow> {
        let ReadRow {
            record,
            prepared,
            position,
            total,
        } = row;
        if let Some(c) = self.opts.cancel
            && c.load(Ordering::Relaxed)
        {
            return Err(ImportError::Cancelled);
        }
        self.summary.rows += 1;
        self.last = (position, total);
        if self.summary.rows.is_multiple_of(1000)
            && let Some(p) = self.opts.progress
        {
            p(Progress {
                rows: self.summary.rows,
                position,
                total,
            });
        }
        if record.fields.is_empty() {
            self.summary.empty += 1;
            return Ok(Flow::Continue);
        }
        let compiled = self.compiled.as_ref().expect("header comes first");
        // The reader prepares every row but empty and overfull ones.
        let Some(prepared) = prepared else {
            let reason = overfull_reason(&record, compiled.header.len());
            self.reject(&record, reason)?;
            return Ok(Flow::Continue);
        };
        let e = examine(self.tx, compiled, &mut self.refs, prepared)?;
        if !e.mapped.problems.is_empty() {
            let reason = reason_of(&e.mapped.problems);
            self.reject(&record, reason)?;
            return Ok(Flow::Continue);
        }
        if e.kind.is_none() && !e.mapped.draft.external_id.is_empty() {
            // Let validation say what is wrong with the channel or kind.
            if let Err(errs) = check_draft(self.tx, &e.mapped.draft, self.opts.actor.at, None) {
                self.reject(&record, reason_of(&errs))?;
                return Ok(Flow::Continue);
            }
        }
        match &e.existing {
            Some(x) if x.same_hash => self.summary.present += 1,
            Some(x) => {
                let id = x.id;
                self.update(&record, e, id)?
            }
            None => self.insert(&record, e)?,
        }
        Ok(Flow::Continue)
    }
}

/// Imports a file. Everything happens in one write transaction: a damaged
/// file, a storage error or a cancel leaves the database as it was.
pub fn import_file(
    office: &Office,
    path: &Path,
    opts: &ImportOptions<'_>,
) -> ImportResult<ImportSummary> {
    let target = opts
        .rejects_path
        .clone()
        .unwrap_or_else(|| rejects_path_for(path));
    let part = target.with_extension("csv.part");
    let file_name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let outcome = office.db().write_if(|tx| {
        // A bounded page cache for the whole run and the search index of new
        // appeals built once at its end (see db::bulk).
        let run = mcu_core::bulk::write(tx, || {
            run_import(tx, path, opts, &file_name, &part, &target)
        });
        // Commit only a complete, real run; anything else leaves the database as it was.
        let commit = run.is_ok() && !opts.dry_run;
        Ok((run, commit))
    })?;
    let (mut summary, rejects) = outcome?;
    summary.rejects_file = rejects.finish(!opts.dry_run)?;
    if opts.dry_run {
        summary.batch_id = None;
        summary.imported_ids.clear();
    }
    Ok(summary)
}

fn run_import(
    tx: &Connection,
    path: &Path,
    opts: &ImportOptions<'_>,
    file_name: &str,
    part: &Path,
    target: &Path,
) -> ImportResult<(ImportSummary, Rejects)> {
    tx.execute(
        "INSERT INTO import_batches (at, operator, file_name, mapping) VALUES (?1, ?2, ?3, ?4)",
        params![
            fmt_dt(opts.actor.at),
            opts.actor.operator,
            file_name,
            opts.mapping.name
        ],
    )?;
    let batch_id = tx.last_insert_rowid();
    let mut sink = ImportSink {
        tx,
        opts,
        refs: Refs::load(tx)?,
        registrar: Registrar::load(tx)?,
        compiled: None,
        batch_id,
        summary: ImportSummary {
            batch_id: Some(batch_id),
            file: path.display().to_string(),
            mapping: opts.mapping.name.clone(),
            dry_run: opts.dry_run,
            ..Default::default()
        },
        rejects: Rejects {
            part: part.to_owned(),
            target: target.to_owned(),
            writer: None,
        },
        last: (0, 0),
    };
    read_prepared(path, opts.mapping, opts.actor.at, &mut sink)?;
    let s = &sink.summary;
    tx.execute(
        "UPDATE import_batches SET imported = ?2, updated = ?3, present = ?4, rejected = ?5 WHERE id = ?1",
        params![
            batch_id,
            s.imported as i64,
            s.updated as i64,
            s.present as i64,
            s.rejected as i64
        ],
    )?;
    if let Some(p) = opts.progress {
        p(Progress {
            rows: s.rows,
            position: sink.last.1,
            total: sink.last.1,
        });
    }
    Ok((sink.summary, sink.rejects))
}
