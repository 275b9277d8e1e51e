//! Changes of a registered appeal: edits of its registration fields and
//! lifecycle actions, each written with its audit rows in the caller's
//! transaction.

use chrono::NaiveDate;
use rusqlite::Connection;

use crate::audit::{Change, diff};
use crate::db::appeals;
use crate::db::audit::record;
use crate::db::lookup::{ConnLookup, name_of};
use crate::deadlines::Deadlines;
use crate::error::{CoreError, CoreResult};
use crate::model::{Actor, Appeal, AppealDraft, Status};

use super::lifecycle::{self, ActionRequest, Transition};
use super::validate::validate_draft;

/// Refuses a write over a card changed since the operator opened it.
fn check_version(a: &Appeal, version: i64) -> CoreResult<()> {
    if a.version != version {
        return Err(CoreError::Conflict(format!(
            "Карточка № {} была изменена после того, как вы её открыли. Откройте её заново: ваши правки остались в форме.",
            a.number
        )));
    }
    Ok(())
}

/// Saves edits of the registration fields inside an open write transaction
/// (shared with import) and returns what changed, as written to the audit log.
/// `version` is checked when given (the form's optimistic concurrency).
pub fn update_in(
    tx: &Connection,
    id: i64,
    version: Option<i64>,
    draft: &AppealDraft,
    actor: &Actor<'_>,
) -> CoreResult<Vec<Change>> {
    let old = appeals::get(tx, id)?;
    if let Some(v) = version {
        check_version(&old, v)?;
    }
    let input = validate_draft(draft, &ConnLookup(tx), actor.at, Some(id))
        .map_err(CoreError::Validation)?;
    let mut new = old.clone();
    new.fields = input;
    let timing_changed = old.fields.registered_at != new.fields.registered_at
        || old.fields.kind != new.fields.kind
        || old.fields.questions != new.fields.questions;
    // An extended deadline stays as it was extended.
    if timing_changed && old.original_due_date.is_none() {
        let d = Deadlines::load(tx)?.deadline(
            new.fields.kind,
            new.fields.registered_at,
            &new.fields.questions,
        )?;
        new.due_date = d.due_date;
        new.due_rule_id = d.rule_id;
        new.first_response_due = d.first_response_due;
    }
    if new.status == Status::New && new.fields.block_id.is_some() {
        new.status = Status::Assigned;
    }
    let changes = diff(&old, &new, &|k, id| name_of(tx, k, id));
    if changes.is_empty() {
        return Ok(changes);
    }
    appeals::save(tx, &new, actor.at)?;
    record(tx, "appeal", id, actor, "update", &changes)?;
    Ok(changes)
}

/// Performs a lifecycle action inside an open write transaction.
pub fn act_in(
    tx: &Connection,
    id: i64,
    version: i64,
    req: &ActionRequest,
    actor: &Actor<'_>,
) -> CoreResult<()> {
    let old = appeals::get(tx, id)?;
    check_version(&old, version)?;
    let deadlines = Deadlines::load(tx)?;
    let rule = deadlines.rule_of(&old);
    let t = lifecycle::validate_action(req, &old, rule, &ConnLookup(tx), actor.at)?;
    let new = lifecycle::apply(&old, &t, &deadlines, actor.at);
    let mut changes = diff(&old, &new, &|k, id| name_of(tx, k, id));
    changes.extend(noted(&t));
    appeals::save(tx, &new, actor.at)?;
    record(tx, "appeal", id, actor, req.kind().code(), &changes)
}

/// What an action says besides the fields it changes: the reason of a
/// reopening, the comment of leaving without an answer.
fn noted(t: &Transition) -> Option<Change> {
    let (field, text) = match t {
        Transition::Reopen { reason } => ("reason", reason),
        Transition::LeaveWithoutAnswer { note, .. } if !note.is_empty() => ("note", note),
        _ => return None,
    };
    Some(Change {
        field: field.into(),
        old: String::new(),
        new: text.clone(),
    })
}

/// Status and deadline as another system reports them (an import from ПОС or
/// «Инцидент Менеджмент»), audited as action `import`; returns what changed.
pub fn set_source_state_in(
    tx: &Connection,
    id: i64,
    status: Option<Status>,
    due_date: Option<NaiveDate>,
    actor: &Actor<'_>,
) -> CoreResult<Vec<Change>> {
    if status.is_none() && due_date.is_none() {
        return Ok(Vec::new());
    }
    let old = appeals::get(tx, id)?;
    let mut new = old.clone();
    if let Some(s) = status {
        new.status = s;
    }
    if let Some(due) = due_date {
        new.due_date = due;
    }
    let changes = diff(&old, &new, &|k, id| name_of(tx, k, id));
    if changes.is_empty() {
        return Ok(changes);
    }
    appeals::save(tx, &new, actor.at)?;
    record(tx, "appeal", id, actor, "import", &changes)?;
    Ok(changes)
}
