//! The change log of the whole office (журнал изменений): every audited change,
//! newest first, by day and by operator — what the curator reads to see what a
//! shift did. The rows are the audit rows each change already writes; nothing
//! new is recorded.
//!
//! Audit ids grow with time, so pages go backwards by id (`before`), and a
//! page of the last days reads only the newest rows: no index on the time is
//! needed (and none is written by every import).

use chrono::{Duration, NaiveDate};
use rusqlite::{Connection, params};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::db::rows::{fmt_date, get_dt};
use crate::error::CoreResult;
use crate::model::AuditEntry;
use crate::model::fields::field_label;
use crate::office::Office;

/// Rows per page.
pub const PAGE: u32 = 100;

/// Filters of the change log; empty values mean "any".
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(default)]
#[ts(export)]
pub struct ChangeQuery {
    #[ts(type = "string | null")]
    pub from: Option<NaiveDate>,
    #[ts(type = "string | null")]
    pub to: Option<NaiveDate>,
    /// Exactly this operator (as they signed in).
    pub operator: String,
    /// Only rows older than this audit id (the next page).
    pub before: Option<i64>,
}

/// One changed field (or one event without fields): a card's history entry
/// with what it belongs to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct ChangeRow {
    pub id: i64,
    /// `appeal`, `settings`, `settlement`, …
    pub entity: String,
    /// «Обращение», «Настройки», «Населённый пункт», …
    pub entity_label: String,
    pub entity_id: i64,
    /// The appeal's number, for changes of appeals.
    pub number: String,
    pub action_label: String,
    #[serde(flatten)]
    #[ts(flatten)]
    pub entry: AuditEntry,
}

/// A page of the log; `more` when older rows match too.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct ChangePage {
    pub rows: Vec<ChangeRow>,
    pub more: bool,
}

pub fn entity_label(entity: &str) -> &str {
    match entity {
        "appeal" => "Обращение",
        "settings" => "Настройки",
        "settlement" => "Населённый пункт",
        "block" => "Отраслевой блок",
        "person" => "Ответственный",
        "channel" => "Канал",
        "topic" => "Тема ТОТК",
        "rule" => "Правило срока",
        "calendar" => "Календарь",
        "road_map" => "Дорожная карта",
        "report" => "Отчёт",
        other => other,
    }
}

/// The newest page of changes that match `q`.
pub fn list(conn: &Connection, q: &ChangeQuery) -> CoreResult<ChangePage> {
    let actions = crate::reference::vocabulary().actions;
    let from = q.from.map(fmt_date);
    let to = q.to.map(|t| fmt_date(t + Duration::days(1)));
    let operator = q.operator.trim();
    let mut st = conn.prepare_cached(
        "SELECT a.id, a.at, a.operator, a.entity, a.entity_id, a.action, a.field,
                a.old_value, a.new_value, coalesce(ap.number, '')
         FROM audit a
         LEFT JOIN appeals ap ON a.entity = 'appeal' AND ap.id = a.entity_id
         WHERE a.id < ?1 AND (?2 IS NULL OR a.at >= ?2) AND (?3 IS NULL OR a.at < ?3)
           AND (?4 = '' OR a.operator = ?4)
         ORDER BY a.id DESC
         LIMIT ?5",
    )?;
    let before = q.before.unwrap_or(i64::MAX);
    let mut rows = st
        .query_map(params![before, from, to, operator, PAGE + 1], |r| {
            let entity: String = r.get(3)?;
            let action: String = r.get(5)?;
            let field: String = r.get(6)?;
            Ok(ChangeRow {
                id: r.get(0)?,
                entity_label: entity_label(&entity).to_owned(),
                entity,
                entity_id: r.get(4)?,
                number: r.get(9)?,
                action_label: actions
                    .iter()
                    .find(|t| t.code == action)
                    .map_or_else(|| action.clone(), |t| t.label.clone()),
                entry: AuditEntry {
                    at: get_dt(r, 1)?,
                    operator: r.get(2)?,
                    action,
                    field_label: match field_label(&field) {
                        "" => field.clone(),
                        label => label.to_owned(),
                    },
                    field,
                    old_value: r.get(7)?,
                    new_value: r.get(8)?,
                },
            })
        })?
        .collect::<Result<Vec<_>, _>>()?;
    let more = rows.len() > PAGE as usize;
    rows.truncate(PAGE as usize);
    Ok(ChangePage { rows, more })
}

impl Office {
    /// Who changed a record, when, and what, oldest first: entity `appeal`,
    /// `settings` (id 0), `settlement`, `road_map`…
    pub fn history(&self, entity: &str, id: i64) -> CoreResult<Vec<AuditEntry>> {
        self.db.read(|c| crate::db::audit::history(c, entity, id))
    }

    /// The office's change log, newest first: see [`crate::changes`].
    pub fn changes(
        &self,
        q: &crate::changes::ChangeQuery,
    ) -> CoreResult<crate::changes::ChangePage> {
        self.db.read(|c| crate::changes::list(c, q))
    }
}
