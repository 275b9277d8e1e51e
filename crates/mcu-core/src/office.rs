//! The duty office's operations: the one API the desktop shell and the `mcu`
//! command call. Each operation validates, computes deadlines and writes the
//! change with its audit rows in one transaction. Time and the operator are
//! passed in by the caller.

use std::path::Path;

use chrono::{NaiveDate, NaiveDateTime};
use rusqlite::Connection;

use crate::audit::{Change, Ref, diff};
use crate::db::audit::{Actor, history, record};
use crate::db::lookup::{ConnLookup, MemoLookup, name_of};
use crate::db::{Db, OpenReport, appeals, journal, reference, settings};
use crate::deadline::{self, Deadline, DeadlineRule};
use crate::error::{CoreError, CoreResult};
use crate::lifecycle::{self, ActionRequest, Transition};
use crate::model::*;
use crate::papers::PaperOption;
use crate::refdata::*;
use crate::validate::{self, validate_draft};

/// An open database of one office.
pub struct Office {
    db: Db,
    /// The analytic facts, rebuilt when their generation changes.
    facts: std::sync::Mutex<Option<std::sync::Arc<crate::analytics::facts::Facts>>>,
}

/// Audits a change of the office's settings (entity `settings`), field by field.
pub(crate) fn record_settings<T: serde::Serialize>(
    tx: &Connection,
    actor: &Actor<'_>,
    old: &T,
    new: &T,
) -> CoreResult<()> {
    record(
        tx,
        "settings",
        0,
        actor,
        "update",
        &crate::audit::json_changes(Some(old), new),
    )
}

/// The display format of moments in drafts (what the form shows and takes back).
pub fn draft_dt(v: NaiveDateTime) -> String {
    v.format("%Y-%m-%dT%H:%M").to_string()
}

impl Office {
    pub fn open(path: &Path, now: NaiveDateTime) -> CoreResult<(Office, OpenReport)> {
        let (db, report) = Db::open(path, now)?;
        Ok((
            Office {
                db,
                facts: std::sync::Mutex::new(None),
            },
            report,
        ))
    }

    pub fn db(&self) -> &Db {
        &self.db
    }

    // ---- session -------------------------------------------------------

    /// The operator remembered from the last session.
    pub fn operator(&self) -> CoreResult<Option<String>> {
        self.db.read(|c| settings::get(c, "operator"))
    }

    pub fn set_operator(&self, name: &str) -> CoreResult<String> {
        let name = name.split_whitespace().collect::<Vec<_>>().join(" ");
        if name.is_empty() {
            return Err(CoreError::field(
                "operator",
                "Укажите, кто дежурит: фамилию и инициалы.",
            ));
        }
        if name.chars().count() > 100 {
            return Err(CoreError::field(
                "operator",
                "Имя дежурного не длиннее 100 символов.",
            ));
        }
        self.db.write(|tx| settings::set(tx, "operator", &name))?;
        Ok(name)
    }

    // ---- reference data --------------------------------------------------

    pub fn reference(&self) -> CoreResult<ReferenceData> {
        self.db.read(reference::reference_data)
    }

    pub fn topics(&self) -> CoreResult<Vec<Topic>> {
        self.db.read(reference::topics)
    }

    pub fn save_block(&self, d: &BlockDraft, actor: &Actor<'_>) -> CoreResult<i64> {
        let b = validate_block(d).map_err(CoreError::Validation)?;
        self.db.write(|tx| reference::save_block(tx, &b, actor))
    }

    pub fn save_person(&self, d: &PersonDraft, actor: &Actor<'_>) -> CoreResult<i64> {
        let p = validate_person(d).map_err(CoreError::Validation)?;
        self.db.write(|tx| reference::save_person(tx, &p, actor))
    }

    pub fn save_settlement(&self, d: &SettlementDraft, actor: &Actor<'_>) -> CoreResult<i64> {
        let s = validate_settlement(d).map_err(CoreError::Validation)?;
        self.db
            .write(|tx| reference::save_settlement(tx, &s, actor))
    }

    pub fn save_channel(&self, d: &ChannelDraft, actor: &Actor<'_>) -> CoreResult<()> {
        let c = validate_channel(d).map_err(CoreError::Validation)?;
        self.db.write(|tx| reference::save_channel(tx, &c, actor))
    }

    pub fn save_topic_mapping(&self, d: &TopicMappingDraft, actor: &Actor<'_>) -> CoreResult<()> {
        let (code, theme, block) = validate_topic_mapping(d).map_err(CoreError::Validation)?;
        self.db
            .write(|tx| reference::save_topic_mapping(tx, &code, theme, block, actor))
    }

    pub fn save_rule(&self, d: &RuleDraft, actor: &Actor<'_>) -> CoreResult<i64> {
        let r = validate_rule(d).map_err(CoreError::Validation)?;
        self.db
            .write(|tx| reference::save_rule(tx, d.replaces, &r, actor))
    }

    pub fn retire_rule(&self, id: i64, actor: &Actor<'_>) -> CoreResult<()> {
        self.db.write(|tx| reference::retire_rule(tx, id, actor))
    }

    pub fn set_number_pattern(&self, pattern: &str, actor: &Actor<'_>) -> CoreResult<()> {
        self.db
            .write(|tx| reference::set_number_pattern(tx, pattern.trim(), actor))
    }

    // ---- appeals ---------------------------------------------------------

    /// The deadline a new appeal of `kind` with these questions would get.
    pub fn deadline_preview(
        &self,
        kind: AppealKind,
        registered_at: NaiveDateTime,
        questions: &[String],
    ) -> CoreResult<Deadline> {
        self.db
            .read(|c| deadline_for(c, kind, registered_at, questions))
    }

    /// The number the next appeal would get (not reserved).
    pub fn next_number(&self, kind: AppealKind, date: NaiveDate) -> CoreResult<String> {
        self.db
            .read(|c| appeals::peek_number(c, &settings::number_pattern(c)?, date, kind))
    }

    /// Registers an appeal; returns its id.
    pub fn register(&self, draft: &AppealDraft, actor: &Actor<'_>) -> CoreResult<i64> {
        self.db.write(|tx| register_in(tx, draft, actor))
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
        self.db.write(|tx| {
            let old = appeals::get(tx, id)?;
            check_version(&old, version)?;
            let rules = settings::rules(tx)?;
            let rule = rules.iter().find(|r| r.id == old.due_rule_id);
            let t = lifecycle::validate_action(req, &old, rule, &ConnLookup(tx), actor.at)?;
            let reopen_rule = deadline::select_rule(&rules, old.kind, &old.questions);
            let cal = settings::calendar(tx)?;
            let schedule = settings::schedule(tx)?;
            let new = lifecycle::apply(&old, &t, rule, reopen_rule, &cal, &schedule, actor.at);
            let mut changes = diff(&old, &new, &|k, id| name_of(tx, k, id));
            match &t {
                Transition::Reopen { reason } => changes.push(Change {
                    field: "reason".into(),
                    old: String::new(),
                    new: reason.clone(),
                }),
                Transition::LeaveWithoutAnswer { note, .. } if !note.is_empty() => {
                    changes.push(Change {
                        field: "note".into(),
                        old: String::new(),
                        new: note.clone(),
                    })
                }
                _ => {}
            }
            appeals::save(tx, &new, actor.at)?;
            record(tx, "appeal", id, actor, req.kind().code(), &changes)
        })
    }

    pub fn id_by_number(&self, number: &str) -> CoreResult<i64> {
        self.db.read(|c| appeals::id_by_number(c, number))
    }

    /// The card of an appeal as of `today`.
    pub fn card(&self, id: i64, today: NaiveDate) -> CoreResult<AppealCard> {
        self.db.read(|c| card_of(c, &appeals::get(c, id)?, today))
    }

    /// The office's full name, the header of its documents (settings
    /// `office_name`; the window shows the short one).
    pub fn office_name(&self) -> CoreResult<String> {
        Ok(self.office_profile()?.name)
    }

    /// The office's change log, newest first: see [`crate::changes`].
    pub fn changes(
        &self,
        q: &crate::changes::ChangeQuery,
    ) -> CoreResult<crate::changes::ChangePage> {
        self.db.read(|c| crate::changes::list(c, q))
    }

    pub fn office_profile(&self) -> CoreResult<crate::profile::OfficeProfile> {
        self.db.read(crate::profile::load)
    }

    /// Validates (every field error at once) and saves the office's
    /// particulars, audited like the other settings.
    pub fn save_office_profile(
        &self,
        p: &crate::profile::OfficeProfile,
        actor: &Actor<'_>,
    ) -> CoreResult<crate::profile::OfficeProfile> {
        let p = crate::profile::validate(p)?;
        self.db.write(|tx| {
            let old = crate::profile::load(tx)?;
            crate::profile::save(tx, &p)?;
            record_settings(tx, actor, &old, &p)
        })?;
        Ok(p)
    }

    /// The papers the card offers, each available or with the reason it is not.
    pub fn paper_options(&self, id: i64, today: NaiveDate) -> CoreResult<Vec<PaperOption>> {
        Ok(crate::papers::options(&self.card(id, today)?))
    }

    /// What a paper of the appeal is made from; refused at the field `kind`
    /// when the appeal cannot have it (an anonymous applicant, no redirection,
    /// no extension).
    pub fn appeal_papers(
        &self,
        id: i64,
        kind: PaperKind,
        made_at: NaiveDateTime,
        operator: &str,
    ) -> CoreResult<crate::papers::AppealPapers> {
        let card = self.card(id, made_at.date())?;
        crate::papers::check(&card, kind)?;
        let profile = self.office_profile()?;
        Ok(crate::papers::AppealPapers {
            card,
            office_name: profile.name,
            made_at,
            operator: operator.to_owned(),
            signer_position: profile.signer_position,
            signer_name: profile.signer_name,
        })
    }

    pub fn journal(&self, q: &JournalQuery, today: NaiveDate) -> CoreResult<JournalPage> {
        self.db.read(|c| journal::list(c, q, today))
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

fn check_version(a: &Appeal, version: i64) -> CoreResult<()> {
    if a.version != version {
        return Err(CoreError::Conflict(format!(
            "Карточка № {} была изменена после того, как вы её открыли. Откройте её заново: ваши правки остались в форме.",
            a.number
        )));
    }
    Ok(())
}

/// The deadline under the current rules.
pub fn deadline_for(
    c: &Connection,
    kind: AppealKind,
    registered_at: NaiveDateTime,
    questions: &[String],
) -> CoreResult<Deadline> {
    Deadlines::load(c)?.deadline(kind, registered_at, questions)
}

/// Registration inside an open write transaction (shared with import and demo data).
pub fn register_in(tx: &Connection, draft: &AppealDraft, actor: &Actor<'_>) -> CoreResult<i64> {
    Registrar::load(tx)?.register(draft, actor)
}

/// What a deadline depends on besides the appeal: the rules, the working-day
/// calendar and the office schedule, read once.
pub struct Deadlines {
    rules: Vec<DeadlineRule>,
    calendar: crate::calendar::WorkCalendar,
    schedule: crate::calendar::OfficeSchedule,
}

impl Deadlines {
    pub fn load(c: &Connection) -> CoreResult<Deadlines> {
        Ok(Deadlines {
            rules: settings::rules(c)?,
            calendar: settings::calendar(c)?,
            schedule: settings::schedule(c)?,
        })
    }

    pub fn deadline(
        &self,
        kind: AppealKind,
        registered_at: NaiveDateTime,
        questions: &[String],
    ) -> CoreResult<Deadline> {
        let rule = deadline::select_rule(&self.rules, kind, questions).ok_or_else(|| {
            CoreError::field(
                "kind",
                format!(
                    "Нет действующего правила срока для вида «{}». Добавьте его в справочнике «Сроки».",
                    kind.label()
                ),
            )
        })?;
        Ok(deadline::compute(
            rule,
            registered_at,
            &self.calendar,
            &self.schedule,
        ))
    }
}

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

    /// Validates and registers one appeal with its audit entry; returns its id.
    pub fn register(&self, draft: &AppealDraft, actor: &Actor<'_>) -> CoreResult<i64> {
        let tx = self.tx;
        let input =
            validate_draft(draft, &self.lookup, actor.at, None).map_err(CoreError::Validation)?;
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
        let id = appeals::insert(tx, &number, &input, &dl, status, actor.at)?;
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
    apply_input(&mut new, &input);
    let timing_changed = old.registered_at != new.registered_at
        || old.kind != new.kind
        || old.questions != new.questions;
    if timing_changed && old.original_due_date.is_none() {
        let d = deadline_for(tx, new.kind, new.registered_at, &new.questions)?;
        new.due_date = d.due_date;
        new.due_rule_id = d.rule_id;
        new.first_response_due = d.first_response_due;
    }
    if new.status == Status::New && new.block_id.is_some() {
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

fn apply_input(a: &mut Appeal, i: &AppealInput) {
    a.received_at = i.received_at;
    a.registered_at = i.registered_at;
    a.channel = i.channel.clone();
    a.kind = i.kind;
    a.appeal_type = i.appeal_type;
    a.anonymous = i.anonymous;
    a.applicant_name = i.applicant_name.clone();
    a.applicant_address = i.applicant_address.clone();
    a.applicant_phone = i.applicant_phone.clone();
    a.applicant_email = i.applicant_email.clone();
    a.signatories = i.signatories;
    a.repeated_of = i.repeated_of;
    a.settlement_id = i.settlement_id;
    a.address = i.address.clone();
    a.text = i.text.clone();
    a.external_id = i.external_id.clone();
    a.external_url = i.external_url.clone();
    a.questions = i.questions.clone();
    a.block_id = i.block_id;
    a.person_id = i.person_id;
    a.notes = i.notes.clone();
}

/// The draft that reproduces an appeal's registration fields.
pub fn draft_of(c: &Connection, a: &Appeal) -> CoreResult<AppealDraft> {
    let block_code = match a.block_id {
        Some(id) => c
            .prepare_cached("SELECT code FROM sector_blocks WHERE id = ?1")?
            .query_row([id], |r| r.get(0))
            .unwrap_or_default(),
        None => String::new(),
    };
    let name = |k: Ref, id: Option<i64>| id.map(|id| name_of(c, k, id)).unwrap_or_default();
    Ok(AppealDraft {
        received_at: draft_dt(a.received_at),
        registered_at: draft_dt(a.registered_at),
        channel: a.channel.clone(),
        kind: a.kind.code().to_owned(),
        appeal_type: a.appeal_type.code().to_owned(),
        anonymous: a.anonymous,
        applicant_name: a.applicant_name.clone(),
        applicant_address: a.applicant_address.clone(),
        applicant_phone: a.applicant_phone.clone(),
        applicant_email: a.applicant_email.clone(),
        signatories: a.signatories.map(|n| n.to_string()).unwrap_or_default(),
        repeated_of: name(Ref::Appeal, a.repeated_of),
        settlement: name(Ref::Settlement, a.settlement_id),
        address: a.address.clone(),
        text: a.text.clone(),
        external_id: a.external_id.clone().unwrap_or_default(),
        external_url: a.external_url.clone(),
        questions: a.questions.clone(),
        block: block_code,
        person: name(Ref::Person, a.person_id),
        notes: a.notes.clone(),
    })
}

fn rule_of<'a>(rules: &'a [DeadlineRule], a: &Appeal) -> Option<&'a DeadlineRule> {
    rules.iter().find(|r| r.id == a.due_rule_id)
}

/// Builds the card shown to people.
pub fn card_of(c: &Connection, a: &Appeal, today: NaiveDate) -> CoreResult<AppealCard> {
    let rules = settings::rules(c)?;
    let rule = rule_of(&rules, a);
    let cal = settings::calendar(c)?;
    let open = a.status.is_open();
    let left = open.then(|| deadline::days_left(a.due_date, today));
    let mut question_views = Vec::with_capacity(a.questions.len());
    for code in &a.questions {
        let t = reference::topic(c, code)?;
        question_views.push(QuestionView {
            code: code.clone(),
            name: t.as_ref().map(|t| t.name.clone()).unwrap_or_default(),
            theme: t.and_then(|t| t.theme),
        });
    }
    let channel_name = c
        .prepare_cached("SELECT name FROM channels WHERE code = ?1")?
        .query_row([&a.channel], |r| r.get(0))
        .unwrap_or_else(|_| a.channel.clone());
    Ok(AppealCard {
        id: a.id,
        number: a.number.clone(),
        status: a.status,
        draft: draft_of(c, a)?,
        channel_name,
        kind_resolved: a.kind,
        settlement_name: a
            .settlement_id
            .map(|id| name_of(c, Ref::Settlement, id))
            .unwrap_or_default(),
        block_name: a
            .block_id
            .map(|id| name_of(c, Ref::Block, id))
            .unwrap_or_default(),
        person_name: a
            .person_id
            .map(|id| name_of(c, Ref::Person, id))
            .unwrap_or_default(),
        question_views,
        deadline: DeadlineView {
            due_date: a.due_date,
            days_left: left,
            overdue: left.is_some_and(|d| d < 0),
            due_today: left == Some(0),
            official: cal.day(a.due_date).official,
            rule_name: rule.map(|r| r.name.clone()).unwrap_or_default(),
            first_response_due: a.first_response_due,
            first_response_at: a.first_response_at,
            original_due_date: a.original_due_date,
            extension_days: a.extension_days,
            extension_reason: a.extension_reason.clone(),
            extension_notice_at: a.extension_notice_at,
        },
        redirect_to: a.redirect_to.clone(),
        no_answer_ground: a.no_answer_ground,
        answer: a.answer.clone(),
        satisfaction: a.satisfaction,
        allowed_actions: lifecycle::allowed_actions(a, rule),
        can_extend: lifecycle::can_extend(a, rule),
        max_extension_days: rule.map_or(0, |r| r.max_extension_days),
        created_at: a.created_at,
        updated_at: a.updated_at,
        version: a.version,
        history: history(c, "appeal", a.id)?,
    })
}

/// Re-exported for callers that parse moments the way the forms do.
pub use validate::parse_datetime;

impl Office {
    /// Adds `n` synthetic appeals (see [`crate::demo`]) in one transaction.
    pub fn demo(
        &self,
        n: usize,
        seed: u64,
        actor: &Actor<'_>,
    ) -> CoreResult<crate::demo::DemoReport> {
        self.db
            .write(|tx| crate::demo::generate(tx, n, seed, actor))
    }
}

/// The folder name of the app's data, shared by the window and the `mcu` command.
pub const APP_DIR: &str = "ru.pestravsky.mcu.dezhurny";

/// Where the database lives when no path is given: `MCU_DB`, else the user's
/// data folder (`$XDG_DATA_HOME` on Linux, `%APPDATA%` on Windows).
pub fn default_db_path(
    env_db: Option<std::path::PathBuf>,
    data_dir: Option<std::path::PathBuf>,
) -> std::path::PathBuf {
    if let Some(p) = env_db.filter(|p| !p.as_os_str().is_empty()) {
        return p;
    }
    data_dir
        .unwrap_or_else(|| std::path::PathBuf::from("."))
        .join(APP_DIR)
        .join("mcu.sqlite")
}

/// Where the office's documents go (exports, reports, backup copies):
/// `MCU_EXPORT_DIR`, else the user's Documents folder (or home) / МЦУ-Дежурный.
pub fn documents_dir(
    env_dir: Option<std::ffi::OsString>,
    documents: Option<std::path::PathBuf>,
    home: Option<std::path::PathBuf>,
) -> std::path::PathBuf {
    match env_dir.filter(|s| !s.is_empty()) {
        Some(d) => d.into(),
        None => documents
            .or(home)
            .unwrap_or_else(|| ".".into())
            .join("МЦУ-Дежурный"),
    }
}

/// The folder of backup copies when the office has not chosen one.
pub fn default_backup_dir(documents_dir: &Path) -> std::path::PathBuf {
    documents_dir.join("Резервные копии")
}

/// "Now" for a program: `MCU_NOW` (for tests and reproducing a situation) or the local clock.
pub fn now_from_env(
    env_now: Option<String>,
    local_now: NaiveDateTime,
) -> CoreResult<NaiveDateTime> {
    match env_now.filter(|s| !s.trim().is_empty()) {
        None => Ok(local_now),
        Some(s) => validate::parse_datetime(&s).ok_or_else(|| {
            CoreError::field("MCU_NOW", format!("MCU_NOW: не удалось разобрать «{s}»"))
        }),
    }
}

/// A deadline that a calendar change moves.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, ts_rs::TS)]
#[ts(export)]
pub struct DeadlineShift {
    pub id: i64,
    pub number: String,
    #[ts(type = "string")]
    pub old_due: NaiveDate,
    #[ts(type = "string")]
    pub new_due: NaiveDate,
}

/// Recomputes the open deadlines under `cal`; reopened appeals count from the
/// day of reopening, which is not stored, so they keep their deadlines.
fn shifts(
    c: &Connection,
    cal: &crate::calendar::WorkCalendar,
) -> CoreResult<Vec<(Appeal, NaiveDate)>> {
    let rules = settings::rules(c)?;
    let schedule = settings::schedule(c)?;
    let sql = format!(
        "SELECT id FROM appeals WHERE status IN ({}) AND status <> 'reopened'",
        crate::db::conditions::open_list()
    );
    let ids: Vec<i64> = c
        .prepare(&sql)?
        .query_map([], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    let mut out = Vec::new();
    for id in ids {
        let a = appeals::get(c, id)?;
        let Some(rule) = rules.iter().find(|r| r.id == a.due_rule_id) else {
            continue;
        };
        let base = deadline::compute(rule, a.registered_at, cal, &schedule).due_date;
        let new_due = match a.extension_days {
            Some(days) if a.original_due_date.is_some() => {
                deadline::extend(rule.day_kind, base, days, cal)
            }
            _ => base,
        };
        if new_due != a.due_date {
            out.push((a, new_due));
        }
    }
    Ok(out)
}

impl Office {
    /// The control screen as of `at`.
    pub fn control(&self, at: NaiveDateTime) -> CoreResult<crate::control::ControlScreen> {
        self.db.read(|c| crate::control::screen(c, at))
    }

    pub fn timeliness(
        &self,
        from: NaiveDate,
        to: NaiveDate,
        by: crate::timeliness::GroupBy,
        today: NaiveDate,
    ) -> CoreResult<crate::timeliness::Timeliness> {
        self.db
            .read(|c| crate::timeliness::timeliness(c, from, to, by, today))
    }

    /// The rating of responsible recipients (blocks or persons) for appeals
    /// registered in a period, under the office's rating settings.
    pub fn rating(
        &self,
        from: NaiveDate,
        to: NaiveDate,
        by: crate::timeliness::GroupBy,
        today: NaiveDate,
    ) -> CoreResult<crate::rating::Rating> {
        self.db
            .read(|c| crate::rating::rating(c, from, to, by, today))
    }

    pub fn rating_settings(&self) -> CoreResult<crate::rating::RatingSettings> {
        self.db.read(crate::rating::RatingSettings::load)
    }

    /// Saves the rating's weights and minimum base, audited.
    pub fn save_rating_settings(
        &self,
        s: &crate::rating::RatingSettings,
        actor: &Actor<'_>,
    ) -> CoreResult<()> {
        s.validate().map_err(CoreError::Validation)?;
        self.db.write(|tx| {
            let old = crate::rating::RatingSettings::load(tx)?;
            s.save(tx)?;
            record_settings(tx, actor, &old, s)
        })
    }

    pub fn handover(
        &self,
        date: NaiveDate,
        at: NaiveDateTime,
        operator: &str,
    ) -> CoreResult<crate::handover::HandoverNote> {
        self.db
            .read(|c| crate::handover::note(c, date, at, operator))
    }

    pub fn notify_settings(&self) -> CoreResult<crate::notify::NotifySettings> {
        self.db.read(crate::notify::load_settings)
    }

    pub fn save_notify_settings(
        &self,
        s: &crate::notify::NotifySettings,
        actor: &Actor<'_>,
    ) -> CoreResult<()> {
        if s.interval_seconds < 10 || s.interval_seconds > 3600 {
            return Err(CoreError::field(
                "interval_seconds",
                "Интервал проверки: от 10 до 3600 секунд.",
            ));
        }
        if s.first_response_warn_minutes > 24 * 60 {
            return Err(CoreError::field(
                "first_response_warn_minutes",
                "Предупреждать не раньше чем за 24 часа.",
            ));
        }
        self.db.write(|tx| {
            let old = crate::notify::load_settings(tx)?;
            crate::notify::save_settings(tx, s)?;
            record_settings(tx, actor, &old, s)
        })
    }

    /// Notices due at `now` and not yet sent (nothing is recorded).
    pub fn pending_notices(&self, now: NaiveDateTime) -> CoreResult<Vec<crate::notify::Notice>> {
        self.db
            .read(|c| crate::notify::pending(c, now, &crate::notify::load_settings(c)?))
    }

    pub fn mark_notices_sent(
        &self,
        notices: &[crate::notify::Notice],
        now: NaiveDateTime,
    ) -> CoreResult<()> {
        self.db
            .write(|tx| crate::notify::mark_sent(tx, notices, now))
    }

    pub fn digest(&self, now: NaiveDateTime) -> CoreResult<Option<crate::notify::Notice>> {
        self.db.read(|c| crate::notify::digest(c, now))
    }

    /// Which open deadlines a calendar change would move (nothing is written).
    pub fn preview_calendar_override(
        &self,
        d: &CalendarOverrideDraft,
    ) -> CoreResult<Vec<DeadlineShift>> {
        let (date, kind, _) = validate_override(d).map_err(CoreError::Validation)?;
        self.db.read(|c| {
            let mut overrides: Vec<_> = settings::calendar(c)?
                .overrides()
                .iter()
                .map(|(d, k)| (*d, *k))
                .collect();
            overrides.retain(|(d, _)| *d != date);
            if let Some(k) = kind {
                overrides.push((date, k));
            }
            let cal = crate::calendar::WorkCalendar::new(overrides);
            Ok(shifts(c, &cal)?
                .into_iter()
                .map(|(a, new_due)| DeadlineShift {
                    id: a.id,
                    number: a.number,
                    old_due: a.due_date,
                    new_due,
                })
                .collect())
        })
    }

    /// Changes the calendar and moves the open deadlines it affects, each
    /// change audited on its appeal. Returns the moved deadlines.
    pub fn set_calendar_override(
        &self,
        d: &CalendarOverrideDraft,
        actor: &Actor<'_>,
    ) -> CoreResult<Vec<DeadlineShift>> {
        let (date, kind, note) = validate_override(d).map_err(CoreError::Validation)?;
        self.db.write(|tx| {
            reference::set_override(tx, date, kind, &note, actor)?;
            let cal = settings::calendar(tx)?;
            let mut moved = Vec::new();
            for (old, new_due) in shifts(tx, &cal)? {
                let mut new = old.clone();
                new.due_date = new_due;
                if old.original_due_date.is_some() {
                    let rules = settings::rules(tx)?;
                    if let Some(rule) = rules.iter().find(|r| r.id == old.due_rule_id) {
                        new.original_due_date = Some(
                            deadline::compute(
                                rule,
                                old.registered_at,
                                &cal,
                                &settings::schedule(tx)?,
                            )
                            .due_date,
                        );
                    }
                }
                let changes = diff(&old, &new, &|k, id| name_of(tx, k, id));
                appeals::save(tx, &new, actor.at)?;
                record(tx, "appeal", old.id, actor, "calendar", &changes)?;
                moved.push(DeadlineShift {
                    id: old.id,
                    number: old.number,
                    old_due: old.due_date,
                    new_due,
                });
            }
            Ok(moved)
        })
    }
}

impl Office {
    /// The analytic facts of the whole register, from memory unless the
    /// register changed since.
    pub fn facts(&self) -> CoreResult<std::sync::Arc<crate::analytics::facts::Facts>> {
        self.facts_for(None, None)
    }

    /// Facts that cover at least `from`..`to`: the cached ones when they are
    /// current and wide enough, else a load of just that period (cached in
    /// turn), so a week's figures never wait for the whole register.
    pub fn facts_for(
        &self,
        from: Option<NaiveDate>,
        to: Option<NaiveDate>,
    ) -> CoreResult<std::sync::Arc<crate::analytics::facts::Facts>> {
        use crate::analytics::{facts, week::day_number};
        let generation = self.db.read(facts::generation)?;
        let mut cache = self.facts.lock().unwrap_or_else(|p| p.into_inner());
        let (lo, hi) = (from.map(day_number), to.map(day_number));
        if let Some(f) = cache
            .as_ref()
            .filter(|f| f.generation == generation && f.covers(lo, hi))
        {
            return Ok(f.clone());
        }
        // Unbounded on one side: load that side whole (a later "all time" view needs it anyway).
        let fresh = std::sync::Arc::new(self.db.read(|c| facts::load_range(c, from, to))?);
        *cache = Some(fresh.clone());
        Ok(fresh)
    }

    pub fn heatmap(
        &self,
        q: &crate::analytics::heatmap::HeatmapQuery,
    ) -> CoreResult<crate::analytics::heatmap::Heatmap> {
        Ok(crate::analytics::heatmap::heatmap(
            &*self.facts_for(q.from, q.to)?,
            q,
        ))
    }

    pub fn settlement_map(
        &self,
        q: &crate::analytics::heatmap::HeatmapQuery,
    ) -> CoreResult<crate::analytics::map::SettlementMap> {
        Ok(crate::analytics::map::settlement_map(
            &*self.facts_for(q.from, q.to)?,
            q,
        ))
    }

    pub fn trends(
        &self,
        week: NaiveDate,
        p: &crate::analytics::trends::TrendParams,
    ) -> CoreResult<crate::analytics::trends::Trends> {
        let monday = crate::analytics::week::week_start(week);
        let first = monday - chrono::Duration::weeks(i64::from(p.baseline_weeks.clamp(1, 52)));
        let f = self.facts_for(Some(first), Some(monday + chrono::Duration::days(6)))?;
        Ok(crate::analytics::trends::trends(&f, week, p))
    }

    pub fn dynamics(
        &self,
        from: Option<NaiveDate>,
        to: Option<NaiveDate>,
        by: crate::analytics::dynamics::SeriesBy,
        monthly: bool,
    ) -> CoreResult<crate::analytics::dynamics::Dynamics> {
        Ok(crate::analytics::dynamics::dynamics(
            &*self.facts_for(from, to)?,
            from,
            to,
            by,
            monthly,
        ))
    }
}

impl Office {
    /// The weekly note of the ISO week containing `week` (see [`crate::weekly`]).
    /// `summary` replaces the drafted summary paragraph when given and not blank.
    pub fn weekly_note(
        &self,
        week: NaiveDate,
        made_at: NaiveDateTime,
        operator: &str,
        summary: Option<&str>,
    ) -> CoreResult<crate::weekly::WeeklyNote> {
        // The week and the growth baseline before it (never the whole register),
        // and the periods behind the figures of the road-map measures it lists.
        let (from, to, _) = crate::weekly::period(week, made_at);
        let baseline = crate::analytics::trends::TrendParams::default().baseline_weeks;
        let growth_from = from - chrono::Duration::weeks(i64::from(baseline));
        let measures = self
            .db
            .read(|c| crate::weekly::listed_measures(c, week, made_at))?;
        let facts = self.facts_for(
            Some(crate::roadmap::facts_from(&measures).map_or(growth_from, |d| d.min(growth_from))),
            Some(to + chrono::Duration::days(1)),
        )?;
        self.db
            .read(|c| crate::weekly::note(c, &facts, week, made_at, operator, summary, measures))
    }

    /// The indicator list in force: the office's saved list or the built-in one.
    pub fn indicator_defs(&self) -> CoreResult<Vec<crate::indicators::IndicatorDef>> {
        self.db.read(crate::indicators::load_defs)
    }

    /// Saves the office's indicator list (all errors at once), audited.
    pub fn save_indicator_defs(
        &self,
        defs: &[crate::indicators::IndicatorDef],
        actor: &Actor<'_>,
    ) -> CoreResult<()> {
        crate::indicators::validate_defs(defs).map_err(CoreError::Validation)?;
        // «по умолчанию» only for an indicator exactly as shipped; an edited one is the office's.
        let shipped = crate::indicators::default_indicators();
        let defs: Vec<_> = defs
            .iter()
            .map(|d| {
                let mut d = d.clone();
                d.is_default = true;
                d.is_default = shipped.contains(&d);
                d
            })
            .collect();
        let json = serde_json::to_string(&defs)
            .map_err(|e| CoreError::field("indicators", e.to_string()))?;
        self.db.write(|tx| {
            let old = settings::get(tx, crate::indicators::SETTINGS_KEY)?.unwrap_or_default();
            settings::set(tx, crate::indicators::SETTINGS_KEY, &json)?;
            record(
                tx,
                "settings",
                0,
                actor,
                "update",
                &[Change {
                    field: crate::indicators::SETTINGS_KEY.into(),
                    old,
                    new: json.clone(),
                }],
            )
        })
    }

    /// The indicators report for a quarter or a year, with the list in force.
    pub fn indicators(
        &self,
        period: crate::indicators::ReportPeriod,
        made_at: NaiveDateTime,
        operator: &str,
    ) -> CoreResult<crate::indicators::IndicatorReport> {
        self.db.read(|c| {
            let defs = crate::indicators::load_defs(c)?;
            crate::indicators::report(c, &defs, period, made_at, operator)
        })
    }

    /// Keeps an exported report with its content in the archive; returns its id.
    pub fn archive_report(
        &self,
        content: &crate::db::archive::ReportContent,
        format: &str,
        actor: &Actor<'_>,
    ) -> CoreResult<i64> {
        self.db.write(|tx| {
            let id = crate::db::archive::insert(tx, content, format)?;
            record(
                tx,
                "report",
                id,
                actor,
                "export",
                &[Change {
                    field: String::new(),
                    old: String::new(),
                    new: format!("{} ({format})", content.title()),
                }],
            )?;
            Ok(id)
        })
    }

    /// The report archive, newest first.
    pub fn report_archive(&self) -> CoreResult<Vec<crate::db::archive::ArchiveEntry>> {
        self.db.read(crate::db::archive::list)
    }

    /// An archived report with the content it was printed from.
    pub fn archived_report(&self, id: i64) -> CoreResult<crate::db::archive::ArchivedReport> {
        self.db.read(|c| crate::db::archive::get(c, id))
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
}

// ---- road maps --------------------------------------------------------------

impl Office {
    /// Every road-map measure with its names and the appeals before and since.
    pub fn road_map(&self, today: NaiveDate) -> CoreResult<Vec<crate::roadmap::RoadMapRow>> {
        let named = self.db.read(crate::db::roadmap::list)?;
        if named.is_empty() {
            return Ok(Vec::new());
        }
        let facts = self.facts_for(crate::roadmap::facts_from(&named), Some(today))?;
        Ok(named
            .into_iter()
            .map(|n| crate::roadmap::row(n, &facts, today))
            .collect())
    }

    /// The road map as a document: the measures that are not cancelled.
    pub fn road_map_plan(
        &self,
        made_at: NaiveDateTime,
        operator: &str,
    ) -> CoreResult<crate::roadmap::RoadMapPlan> {
        let mut rows = self.road_map(made_at.date())?;
        rows.retain(|r| r.item.status != RoadMapStatus::Cancelled);
        Ok(crate::roadmap::RoadMapPlan {
            office_name: self.office_name()?,
            as_of: made_at.date(),
            made_at,
            operator: operator.to_owned(),
            rows,
        })
    }

    /// Validates and saves a measure with its audit rows; returns its id.
    pub fn save_road_map(
        &self,
        d: &crate::roadmap::RoadMapDraft,
        actor: &Actor<'_>,
    ) -> CoreResult<i64> {
        self.db.write(|tx| {
            let topic_exists = |code: &str| validate::Lookup::topic_exists(&ConnLookup(tx), code);
            let item = crate::roadmap::validate(d, &topic_exists, actor.at.date())
                .map_err(CoreError::Validation)?;
            crate::db::roadmap::save(tx, &item, actor)
        })
    }

    /// Who changed a measure, when, and what.
    pub fn road_map_history(&self, id: i64) -> CoreResult<Vec<AuditEntry>> {
        self.db.read(|c| history(c, "road_map", id))
    }
}
