//! The import itself: rows from a [`source`](crate::source) through a
//! [`Compiled`] mapping into the register, inside one write transaction. A row
//! is imported (registered through a [`Registrar`], as the form registers), updated (through
//! `update_in`, audited field by field), recognised as present, or rejected
//! with its row number and a Russian reason. A damaged file, a storage error
//! or a cancel rolls everything back; a dry run rolls back a complete run.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};

use chrono::NaiveDateTime;
use mcu_core::audit::diff;
use mcu_core::db::appeals;
use mcu_core::db::audit::{Actor, record};
use mcu_core::db::lookup::{ConnLookup, name_of};
use mcu_core::db::rows::fmt_dt;
use mcu_core::model::{AppealDraft, AppealKind};
use mcu_core::office::{Registrar, draft_of, update_in};
use mcu_core::validate::validate_draft;
use mcu_core::{CoreError, FieldError, Office};
use rusqlite::{Connection, OptionalExtension, params};
use serde::Serialize;

use crate::apply::{Compiled, Mapped, REASON_COLUMN};
use crate::error::{ImportError, ImportResult};
use crate::mapping::Mapping;
use crate::source::{self, Flow, Record, RowSink};

/// How many rejected and updated rows the summary lists (all of them go to
/// the rejects file and the audit log).
pub const LIST_LIMIT: usize = 1000;

/// How far an import has got.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Progress {
    /// Data rows read so far.
    pub rows: u64,
    /// Position in the input (bytes of a CSV file, rows of a sheet) …
    pub position: u64,
    /// … out of this many.
    pub total: u64,
}

/// What to import and how.
pub struct ImportOptions<'a> {
    pub mapping: &'a Mapping,
    /// Who imports and when (the audit log's operator and moment; also "now"
    /// for validation and for `received_at = "now"`).
    pub actor: Actor<'a>,
    /// Run everything, report, then roll back; no rejects file is written.
    pub dry_run: bool,
    /// Where rejected rows go; default `<name>.rejected.csv` next to the source.
    pub rejects_path: Option<PathBuf>,
    /// Called every 1,000 rows and at the end.
    pub progress: Option<&'a (dyn Fn(Progress) + Sync)>,
    /// Set it to stop: the whole import is rolled back.
    pub cancel: Option<&'a AtomicBool>,
}

/// A rejected row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RejectedRow {
    pub row: u64,
    pub reason: String,
}

/// One changed field of an updated appeal (as the audit log has it).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldChange {
    pub field: String,
    pub old: String,
    pub new: String,
}

/// An appeal changed by the import.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct UpdatedRow {
    pub row: u64,
    pub appeal_id: i64,
    pub number: String,
    pub changes: Vec<FieldChange>,
}

/// The result of an import (сводка импорта).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ImportSummary {
    /// The batch (`import_batches.id`): the journal selects its appeals by it.
    /// `None` after a dry run.
    pub batch_id: Option<i64>,
    pub file: String,
    pub mapping: String,
    pub dry_run: bool,
    /// Data rows read (blank rows included).
    pub rows: u64,
    pub imported: u64,
    pub updated: u64,
    pub present: u64,
    pub rejected: u64,
    /// Blank rows (every cell empty): nothing to import.
    pub empty: u64,
    /// Imported and updated appeals by channel name.
    pub by_channel: BTreeMap<String, u64>,
    /// Imported and updated appeals by sector block name («без блока» when none).
    pub by_block: BTreeMap<String, u64>,
    /// The first [`LIST_LIMIT`] updated appeals with what changed.
    pub updates: Vec<UpdatedRow>,
    /// The first [`LIST_LIMIT`] rejected rows.
    pub rejects: Vec<RejectedRow>,
    /// The file with every rejected row (original columns + reason).
    pub rejects_file: Option<PathBuf>,
    /// Ids of the appeals created, in order (the first 10,000).
    pub imported_ids: Vec<i64>,
}

/// What the preview predicts for a row.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    New,
    Update,
    Present,
    Reject,
}

/// A row of the preview: the appeal exactly as it would be stored.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PreviewRow {
    pub row: u64,
    pub outcome: Outcome,
    /// The stored appeal's id when the row is already in the database.
    pub existing_id: Option<i64>,
    pub mapped: Mapped,
    /// Every problem: the mapping's and the core validation's (field, Russian message).
    pub problems: Vec<FieldError>,
}

/// The preview of a file under a mapping.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Preview {
    pub columns: Vec<String>,
    pub rows: Vec<PreviewRow>,
}

/// The default rejects file: `<stem>.rejected.csv` next to the source.
pub fn rejects_path_for(source: &Path) -> PathBuf {
    let stem = source
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or("import");
    source.with_file_name(format!("{stem}.rejected.csv"))
}

/// Reference data the import resolves repeatedly, read once.
struct Refs {
    /// channel code or name → (code, name, default kind)
    channels: HashMap<String, (String, String, AppealKind)>,
    /// block code or name → name
    blocks: HashMap<String, String>,
    /// topic code → block code
    topic_blocks: HashMap<String, Option<String>>,
}

impl Refs {
    fn load(c: &Connection) -> ImportResult<Refs> {
        let mut channels = HashMap::new();
        let mut st = c.prepare("SELECT code, name, default_kind FROM channels")?;
        let rows = st.query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, AppealKind>(2)?,
            ))
        })?;
        for r in rows {
            let (code, name, kind) = r?;
            channels.insert(code.clone(), (code.clone(), name.clone(), kind));
            channels.insert(name.clone(), (code, name, kind));
        }
        let mut blocks = HashMap::new();
        let mut st = c.prepare("SELECT code, name FROM sector_blocks")?;
        let rows = st.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?;
        for r in rows {
            let (code, name) = r?;
            blocks.insert(code, name.clone());
            blocks.insert(name.clone(), name);
        }
        Ok(Refs {
            channels,
            blocks,
            topic_blocks: HashMap::new(),
        })
    }

    fn kind_of(&self, d: &AppealDraft) -> Option<AppealKind> {
        match d.kind.trim() {
            "" => self.channels.get(d.channel.trim()).map(|c| c.2),
            k => AppealKind::from_code(k),
        }
    }

    fn topic_block(&mut self, c: &Connection, topic: &str) -> ImportResult<Option<String>> {
        if let Some(b) = self.topic_blocks.get(topic) {
            return Ok(b.clone());
        }
        let b: Option<String> = c
            .query_row(
                "SELECT b.code FROM topics t JOIN sector_blocks b ON b.id = t.block_id WHERE t.code = ?1",
                [topic],
                |r| r.get(0),
            )
            .optional()?;
        self.topic_blocks.insert(topic.to_owned(), b.clone());
        Ok(b)
    }
}

/// A row matched to a stored appeal.
struct Existing {
    id: i64,
    same_hash: bool,
}

/// The parts of examining a row that preview and import share.
struct Examined {
    mapped: Mapped,
    kind: Option<AppealKind>,
    fingerprint: Option<String>,
    row_hash: String,
    existing: Option<Existing>,
    /// The block came from the topic, not from the file.
    block_from_topic: bool,
}

fn examine(
    c: &Connection,
    compiled: &Compiled<'_>,
    refs: &mut Refs,
    record: &Record,
) -> ImportResult<Examined> {
    let mut mapped = compiled.apply(&record.fields);
    let mut block_from_topic = false;
    if compiled.mapping.block_from_topic
        && mapped.draft.block.is_empty()
        && let Some(topic) = mapped.draft.questions.first()
        && let Some(b) = refs.topic_block(c, topic)?
    {
        mapped.draft.block = b;
        block_from_topic = true;
    }
    let kind = refs.kind_of(&mapped.draft);
    let row_hash = compiled.row_hash(&record.fields);
    let (fingerprint, existing) = if mapped.draft.external_id.is_empty() {
        let fp = compiled.fingerprint(&record.fields);
        let e = c
            .prepare_cached("SELECT appeal_id, row_hash FROM import_rows WHERE fingerprint = ?1")?
            .query_row([&fp], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)))
            .optional()?;
        (Some(fp), e)
    } else if let Some(k) = kind {
        // «IS NOT NULL» spelled out: the unique index is partial, and proving it
        // usable from the bound value made SQLite re-prepare this for every row.
        let mut st = c.prepare_cached(
            "SELECT id FROM appeals WHERE kind = ?1 AND external_id = ?2 AND external_id IS NOT NULL",
        )?;
        let id: Option<i64> = st
            .query_row(params![k, mapped.draft.external_id], |r| r.get(0))
            .optional()?;
        let e = match id {
            Some(id) => Some((id, row_hash_of(c, id)?)),
            None => None,
        };
        (None, e)
    } else {
        (None, None)
    };
    Ok(Examined {
        mapped,
        kind,
        fingerprint,
        existing: existing.map(|(id, h)| Existing {
            id,
            same_hash: h == row_hash,
        }),
        row_hash,
        block_from_topic,
    })
}

/// The hash of the source row an appeal was last imported from ('' if typed in).
fn row_hash_of(c: &Connection, id: i64) -> ImportResult<String> {
    Ok(
        c.prepare_cached("SELECT row_hash FROM import_rows WHERE appeal_id = ?1")?
            .query_row([id], |r| r.get(0))
            .optional()?
            .unwrap_or_default(),
    )
}

fn overfull_reason(record: &Record, width: usize) -> String {
    format!(
        "В строке больше значений ({}), чем столбцов в заголовке ({width}): вероятно, разделитель внутри значения без кавычек.",
        record.fields.len()
    )
}

fn reason_of(problems: &[FieldError]) -> String {
    problems
        .iter()
        .map(|p| p.message.clone())
        .collect::<Vec<_>>()
        .join(" ")
}

// ---- preview -----------------------------------------------------------

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
        let e = examine(self.conn, compiled, &mut self.refs, &record)?;
        let mut problems = e.mapped.problems.clone();
        if record.overfull {
            problems.push(FieldError::new(
                "",
                overfull_reason(&record, compiled.header.len()),
            ));
        }
        let editing = e.existing.as_ref().map(|x| x.id);
        if let Err(errs) =
            validate_draft(&e.mapped.draft, &ConnLookup(self.conn), self.now, editing)
        {
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

// ---- import ------------------------------------------------------------

struct Rejects {
    part: PathBuf,
    target: PathBuf,
    writer: Option<csv::Writer<std::fs::File>>,
}

impl Rejects {
    fn write(
        &mut self,
        compiled: &Compiled<'_>,
        record: &Record,
        reason: &str,
    ) -> ImportResult<()> {
        let err = |e: std::io::Error| ImportError::Open {
            path: self.part.display().to_string(),
            source: e,
        };
        if self.writer.is_none() {
            let mut f = std::fs::File::create(&self.part).map_err(err)?;
            // A BOM makes Excel open the UTF-8 file with Cyrillic intact.
            std::io::Write::write_all(&mut f, "\u{feff}".as_bytes()).map_err(err)?;
            let mut w = csv::WriterBuilder::new().flexible(true).from_writer(f);
            let mut header: Vec<&str> = compiled
                .header
                .iter()
                .enumerate()
                .filter(|(i, _)| Some(*i) != compiled.reason_column)
                .map(|(_, h)| h.as_str())
                .collect();
            header.push(REASON_COLUMN);
            w.write_record(&header).map_err(|e| err(e.into()))?;
            self.writer = Some(w);
        }
        let w = self.writer.as_mut().expect("opened above");
        let mut fields: Vec<&str> = record
            .fields
            .iter()
            .enumerate()
            .filter(|(i, _)| Some(*i) != compiled.reason_column)
            .map(|(_, f)| f.as_str())
            .collect();
        let reason = format!("Строка {}: {reason}", record.row);
        fields.push(&reason);
        w.write_record(&fields).map_err(|e| err(e.into()))?;
        Ok(())
    }

    fn finish(mut self, keep: bool) -> ImportResult<Option<PathBuf>> {
        let Some(mut w) = self.writer.take() else {
            return Ok(None);
        };
        let err = |e: std::io::Error| ImportError::Open {
            path: self.target.display().to_string(),
            source: e,
        };
        w.flush().map_err(err)?;
        drop(w);
        if keep {
            std::fs::rename(&self.part, &self.target).map_err(err)?;
            Ok(Some(self.target.clone()))
        } else {
            let _ = std::fs::remove_file(&self.part);
            Ok(None)
        }
    }
}

impl Drop for Rejects {
    fn drop(&mut self) {
        if self.writer.take().is_some() {
            let _ = std::fs::remove_file(&self.part);
        }
    }
}

struct ImportSink<'a> {
    tx: &'a Connection,
    opts: &'a ImportOptions<'a>,
    refs: Refs,
    /// Registration with the settings and reference lookups read once per import.
    registrar: Registrar<'a>,
    compiled: Option<Compiled<'a>>,
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
        if m.status.is_none() && m.due_at.is_none() {
            return Ok(Vec::new());
        }
        let tx = self.tx;
        let old = appeals::get(tx, id)?;
        let mut new = old.clone();
        if let Some(s) = m.status {
            new.status = s;
        }
        if let Some(due) = m.due_at {
            new.due_date = due.date();
        }
        let changes = diff(&old, &new, &|k, id| name_of(tx, k, id));
        if changes.is_empty() {
            return Ok(Vec::new());
        }
        appeals::save(tx, &new, self.opts.actor.at)?;
        record(tx, "appeal", id, &self.opts.actor, "import", &changes)?;
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
        let stored = appeals::get(self.tx, id)?;
        let mut draft = draft_of(self.tx, &stored)?;
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
                    number: stored.number,
                    changes,
                });
            }
        } else {
            self.summary.present += 1;
        }
        Ok(())
    }
}

impl RowSink for ImportSink<'_> {
    fn header(&mut self, columns: &[String]) -> ImportResult<()> {
        self.compiled = Some(Compiled::new(
            self.opts.mapping,
            columns,
            self.opts.actor.at,
        )?);
        Ok(())
    }

    fn row(&mut self, record: Record, position: u64, total: u64) -> ImportResult<Flow> {
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
        if record.overfull {
            let reason = overfull_reason(&record, compiled.header.len());
            self.reject(&record, reason)?;
            return Ok(Flow::Continue);
        }
        let e = examine(self.tx, compiled, &mut self.refs, &record)?;
        if !e.mapped.problems.is_empty() {
            let reason = reason_of(&e.mapped.problems);
            self.reject(&record, reason)?;
            return Ok(Flow::Continue);
        }
        if e.kind.is_none() && !e.mapped.draft.external_id.is_empty() {
            // Let validation say what is wrong with the channel or kind.
            if let Err(errs) = validate_draft(
                &e.mapped.draft,
                &ConnLookup(self.tx),
                self.opts.actor.at,
                None,
            ) {
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
        let run = mcu_core::db::bulk::write(tx, || {
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
    source::read_file(path, &opts.mapping.source, &mut sink)?;
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
