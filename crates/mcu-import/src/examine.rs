//! Examining a row, shared by the preview and the import: the mapping
//! applied, the block from the topic, the kind, and the stored appeal the
//! row matches (by external id, or by fingerprint when the source has none).

use std::collections::HashMap;

use mcu_core::FieldError;
use mcu_core::model::{AppealDraft, AppealKind};
use rusqlite::{Connection, OptionalExtension, params};

use crate::apply::{Compiled, Mapped};
use crate::error::ImportResult;
use crate::source::Record;

/// Reference data the import resolves repeatedly, read once.
pub(crate) struct Refs {
    /// channel code or name → (code, name, default kind)
    pub(crate) channels: HashMap<String, (String, String, AppealKind)>,
    /// block code or name → name
    pub(crate) blocks: HashMap<String, String>,
    /// topic code → block code
    pub(crate) topic_blocks: HashMap<String, Option<String>>,
}

impl Refs {
    pub(crate) fn load(c: &Connection) -> ImportResult<Refs> {
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

    pub(crate) fn kind_of(&self, d: &AppealDraft) -> Option<AppealKind> {
        match d.kind.trim() {
            "" => self.channels.get(d.channel.trim()).map(|c| c.2),
            k => AppealKind::from_code(k),
        }
    }

    pub(crate) fn topic_block(
        &mut self,
        c: &Connection,
        topic: &str,
    ) -> ImportResult<Option<String>> {
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
pub(crate) struct Existing {
    pub(crate) id: i64,
    pub(crate) same_hash: bool,
}

/// The parts of examining a row that preview and import share.
pub(crate) struct Examined {
    pub(crate) mapped: Mapped,
    pub(crate) kind: Option<AppealKind>,
    pub(crate) fingerprint: Option<String>,
    pub(crate) row_hash: String,
    pub(crate) existing: Option<Existing>,
    /// The block came from the topic, not from the file.
    pub(crate) block_from_topic: bool,
}

/// The pure part of examining a row (no database): the mapping applied and
/// the row's hashes. The import computes it on its reader thread.
pub(crate) struct Prepared {
    pub(crate) mapped: Mapped,
    pub(crate) row_hash: String,
    /// The row's content identity, when it has no external id.
    pub(crate) fingerprint: Option<String>,
}

pub(crate) fn prepare(compiled: &Compiled<'_>, record: &Record) -> Prepared {
    let mapped = compiled.apply(&record.fields);
    let fingerprint = mapped
        .draft
        .external_id
        .is_empty()
        .then(|| compiled.fingerprint(&record.fields));
    Prepared {
        row_hash: compiled.row_hash(&record.fields),
        mapped,
        fingerprint,
    }
}

/// The rest of examining a prepared row: the block from the topic, the kind and
/// the stored appeal it matches.
pub(crate) fn examine(
    c: &Connection,
    compiled: &Compiled<'_>,
    refs: &mut Refs,
    prepared: Prepared,
) -> ImportResult<Examined> {
    let Prepared {
        mut mapped,
        row_hash,
        fingerprint,
    } = prepared;
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
    let existing = if let Some(fp) = &fingerprint {
        c.prepare_cached("SELECT appeal_id, row_hash FROM import_rows WHERE fingerprint = ?1")?
            .query_row([fp], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)))
            .optional()?
    } else if let Some(k) = kind {
        // «IS NOT NULL» spelled out: the unique index is partial, and proving it
        // usable from the bound value made SQLite re-prepare this for every row.
        let mut st = c.prepare_cached(
            "SELECT id FROM appeals WHERE kind = ?1 AND external_id = ?2 AND external_id IS NOT NULL",
        )?;
        let id: Option<i64> = st
            .query_row(params![k, mapped.draft.external_id], |r| r.get(0))
            .optional()?;
        match id {
            Some(id) => Some((id, row_hash_of(c, id)?)),
            None => None,
        }
    } else {
        None
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
pub(crate) fn row_hash_of(c: &Connection, id: i64) -> ImportResult<String> {
    Ok(
        c.prepare_cached("SELECT row_hash FROM import_rows WHERE appeal_id = ?1")?
            .query_row([id], |r| r.get(0))
            .optional()?
            .unwrap_or_default(),
    )
}

pub(crate) fn overfull_reason(record: &Record, width: usize) -> String {
    format!(
        "В строке больше значений ({}), чем столбцов в заголовке ({width}): вероятно, разделитель внутри значения без кавычек.",
        record.fields.len()
    )
}

pub(crate) fn reason_of(problems: &[FieldError]) -> String {
    problems
        .iter()
        .map(|p| p.message.clone())
        .collect::<Vec<_>>()
        .join(" ")
}
