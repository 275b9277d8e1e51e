//! Registration: number, deadline and the audit's «create» row, for the form,
//! the import and the demo data alike.

use rusqlite::Connection;

use crate::audit::Change;
use crate::db::audit::record;
use crate::db::lookup::MemoLookup;
use crate::db::{appeals, settings};
use crate::deadlines::Deadlines;
use crate::error::{CoreError, CoreResult};
use crate::model::{Actor, AppealDraft, AppealInput, Status};

use super::validate::validate_draft;

/// Registers appeals one after another in one open write transaction, with the
/// settings registration depends on (deadlines, number pattern) and the
/// reference lookups read once: an import registers thousands of rows and must
/// not re-read them for each. Nothing it caches can change within the
/// transaction it is used in.
pub struct Registrar<'c> {
    tx: &'c Connection,
    lookup: MemoLookup<'c>,
    deadlines: Deadlines,
    pattern: String,
}

impl<'c> Registrar<'c> {
    pub fn load(tx: &'c Connection) -> CoreResult<Registrar<'c>> {
        Ok(Registrar {
            tx,
            lookup: MemoLookup::new(tx),
            deadlines: Deadlines::load(tx)?,
            pattern: settings::number_pattern(tx)?,
        })
    }

    /// The deadlines registration applies.
    pub fn deadlines(&self) -> &Deadlines {
        &self.deadlines
    }

    /// Validates and registers one appeal with its audit entry; returns its id.
    pub fn register(&self, draft: &AppealDraft, actor: &Actor<'_>) -> CoreResult<i64> {
        let input =
            validate_draft(draft, &self.lookup, actor.at, None).map_err(CoreError::Validation)?;
        self.register_input(&input, actor)
    }

    /// Registers an appeal that is valid already (demo data builds it so):
    /// new, or assigned when it names a block.
    pub fn register_input(&self, input: &AppealInput, actor: &Actor<'_>) -> CoreResult<i64> {
        let tx = self.tx;
        let dl = self
            .deadlines
            .deadline(input.kind, input.registered_at, &input.questions)?;
        let number =
            appeals::allocate_number(tx, &self.pattern, input.registered_at.date(), input.kind)?;
        let status = if input.block_id.is_some() {
            Status::Assigned
        } else {
            Status::New
        };
        let id = appeals::insert(tx, &number, input, &dl, status, actor.at)?;
        record(
            tx,
            "appeal",
            id,
            actor,
            "create",
            &[Change {
                field: String::new(),
                old: String::new(),
                new: number,
            }],
        )?;
        Ok(id)
    }
}
