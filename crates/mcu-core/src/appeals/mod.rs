//! Appeals (обращения, сообщения, инциденты): registration, edits, lifecycle
//! actions, the card and the journal. Each write is one transaction with its
//! audit rows; the functions that take an open transaction (`Registrar`,
//! `update_in`) are shared with the import and the demo data.

mod card;
mod edit;
mod lifecycle;
mod registrar;
mod validate;

use chrono::{NaiveDate, NaiveDateTime};

pub use card::{card_of, draft_dt, draft_in, draft_of};
pub use edit::{set_source_state_in, update_in};
pub use lifecycle::{ActionRequest, Transition, allowed_actions, can_extend};
pub use registrar::Registrar;
pub use validate::{MAX_TEXT_CHARS, check_draft, validate_draft};

use crate::db::{appeals, journal, settings};
use crate::deadline::Deadline;
use crate::deadlines::Deadlines;
use crate::error::CoreResult;
use crate::model::{
    Actor, Appeal, AppealCard, AppealDraft, AppealKind, JournalPage, JournalQuery, JournalRow,
};
use crate::office::Office;

impl Office {
    /// The deadline a new appeal of `kind` with these questions would get.
    pub fn deadline_preview(
        &self,
        kind: AppealKind,
        registered_at: NaiveDateTime,
        questions: &[String],
    ) -> CoreResult<Deadline> {
        self.db
            .read(|c| Deadlines::load(c)?.deadline(kind, registered_at, questions))
    }

    /// The number the next appeal would get (not reserved).
    pub fn next_number(&self, kind: AppealKind, date: NaiveDate) -> CoreResult<String> {
        self.db
            .read(|c| appeals::peek_number(c, &settings::number_pattern(c)?, date, kind))
    }

    /// Registers an appeal; returns its id.
    pub fn register(&self, draft: &AppealDraft, actor: &Actor<'_>) -> CoreResult<i64> {
        self.db
            .write(|tx| Registrar::load(tx)?.register(draft, actor))
    }

    /// Saves edits of the registration fields.
    pub fn update(
        &self,
        id: i64,
        version: i64,
        draft: &AppealDraft,
        actor: &Actor<'_>,
    ) -> CoreResult<()> {
        self.db
            .write(|tx| update_in(tx, id, Some(version), draft, actor).map(|_| ()))
    }

    /// Performs a lifecycle action.
    pub fn act(
        &self,
        id: i64,
        version: i64,
        req: &ActionRequest,
        actor: &Actor<'_>,
    ) -> CoreResult<()> {
        self.db
            .write(|tx| edit::act_in(tx, id, version, req, actor))
    }

    pub fn id_by_number(&self, number: &str) -> CoreResult<i64> {
        self.db.read(|c| appeals::id_by_number(c, number))
    }

    /// The stored appeal.
    pub fn appeal(&self, id: i64) -> CoreResult<Appeal> {
        self.db.read(|c| appeals::get(c, id))
    }

    /// The card of an appeal as of `today`.
    pub fn card(&self, id: i64, today: NaiveDate) -> CoreResult<AppealCard> {
        self.db.read(|c| card_of(c, &appeals::get(c, id)?, today))
    }

    pub fn journal(&self, q: &JournalQuery, today: NaiveDate) -> CoreResult<JournalPage> {
        self.db.read(|c| journal::list(c, q, today))
    }

    /// How many appeals the journal's filters select (paging ignored).
    pub fn journal_count(&self, q: &JournalQuery, today: NaiveDate) -> CoreResult<u64> {
        self.db
            .read(|c| journal::count(c, q, today).map(|n| n as u64))
    }

    /// Streams every appeal the journal's filters select to `f` (see [`crate::export`]).
    pub fn export_journal(
        &self,
        q: &JournalQuery,
        today: NaiveDate,
        pd: crate::privacy::PersonalData,
        f: &mut dyn FnMut(crate::export::ExportRow) -> CoreResult<()>,
    ) -> CoreResult<u64> {
        self.db
            .read(|c| crate::export::for_each(c, q, today, pd, f))
    }

    /// The appeals of the applicant `name`, newest first, without `except`
    /// (the appeal being edited): see [`crate::repeats`].
    pub fn applicant_appeals(
        &self,
        name: &str,
        except: Option<i64>,
        today: NaiveDate,
    ) -> CoreResult<Vec<JournalRow>> {
        self.db
            .read(|c| crate::repeats::applicant_appeals(c, name, except, today))
    }
}
