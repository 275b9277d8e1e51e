//! The office's deadlines in force and the changes that move them. The rules
//! of a deadline are pure functions in [`crate::deadline`]; [`Deadlines`] is
//! what they are applied with (the rules, the working-day calendar and the
//! office schedule), read once per operation. A change of the calendar moves
//! the open deadlines it affects, each change audited on its appeal.

use chrono::{NaiveDate, NaiveDateTime};
use rusqlite::Connection;
use serde::Serialize;
use ts_rs::TS;

use crate::audit::diff;
use crate::calendar::{OfficeSchedule, WorkCalendar};
use crate::db::audit::record;
use crate::db::lookup::name_of;
use crate::db::{appeals, reference, settings};
use crate::deadline::{self, Deadline, DeadlineRule};
use crate::error::{CoreError, CoreResult};
use crate::model::{Actor, Appeal, AppealKind};
use crate::office::Office;
use crate::reference::{CalendarOverrideDraft, validate_override};

/// What a deadline depends on besides the appeal: the rules, the working-day
/// calendar and the office schedule, read once.
pub struct Deadlines {
    rules: Vec<DeadlineRule>,
    calendar: WorkCalendar,
    schedule: OfficeSchedule,
}

impl Deadlines {
    pub fn load(c: &Connection) -> CoreResult<Deadlines> {
        Ok(Deadlines {
            rules: settings::rules(c)?,
            calendar: settings::calendar(c)?,
            schedule: settings::schedule(c)?,
        })
    }

    pub fn calendar(&self) -> &WorkCalendar {
        &self.calendar
    }

    pub fn schedule(&self) -> &OfficeSchedule {
        &self.schedule
    }

    /// The rule that gave the appeal its deadline (a retired one included).
    pub fn rule_of(&self, a: &Appeal) -> Option<&DeadlineRule> {
        self.rules.iter().find(|r| r.id == a.due_rule_id)
    }

    /// The rule in force for a new deadline of `kind` with these questions.
    pub fn rule_for(&self, kind: AppealKind, questions: &[String]) -> Option<&DeadlineRule> {
        deadline::select_rule(&self.rules, kind, questions)
    }

    /// The deadline of a new appeal, or a Russian error at the field `kind`
    /// when no rule is in force for it.
    pub fn deadline(
        &self,
        kind: AppealKind,
        registered_at: NaiveDateTime,
        questions: &[String],
    ) -> CoreResult<Deadline> {
        let rule = self.rule_for(kind, questions).ok_or_else(|| {
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

    /// The appeal's deadline recomputed under these deadlines: (the date
    /// before any extension, the date in force). None when its rule is gone.
    fn recomputed(&self, a: &Appeal) -> Option<(NaiveDate, NaiveDate)> {
        let rule = self.rule_of(a)?;
        let base = deadline::compute(rule, a.fields.registered_at, &self.calendar, &self.schedule)
            .due_date;
        let due = match a.extension_days {
            Some(days) if a.original_due_date.is_some() => {
                deadline::extend(rule.day_kind, base, days, &self.calendar)
            }
            _ => base,
        };
        Some((base, due))
    }
}

/// A deadline that a calendar change moves.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct DeadlineShift {
    pub id: i64,
    pub number: String,
    #[ts(type = "string")]
    pub old_due: NaiveDate,
    #[ts(type = "string")]
    pub new_due: NaiveDate,
}

/// An open appeal whose deadline moves: the appeal, its recomputed date
/// before any extension and its new date in force.
struct Shift {
    appeal: Appeal,
    base: NaiveDate,
    due: NaiveDate,
}

impl Shift {
    fn view(&self) -> DeadlineShift {
        DeadlineShift {
            id: self.appeal.id,
            number: self.appeal.number.clone(),
            old_due: self.appeal.due_date,
            new_due: self.due,
        }
    }
}

/// The open deadlines that differ under `d`; reopened appeals count from the
/// day of reopening, which is not stored, so they keep their deadlines.
fn shifts(c: &Connection, d: &Deadlines) -> CoreResult<Vec<Shift>> {
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
        let appeal = appeals::get(c, id)?;
        if let Some((base, due)) = d.recomputed(&appeal)
            && due != appeal.due_date
        {
            out.push(Shift { appeal, base, due });
        }
    }
    Ok(out)
}

impl Office {
    /// Which open deadlines a calendar change would move (nothing is written).
    pub fn preview_calendar_override(
        &self,
        d: &CalendarOverrideDraft,
    ) -> CoreResult<Vec<DeadlineShift>> {
        let (date, kind, _) = validate_override(d).map_err(CoreError::Validation)?;
        self.db.read(|c| {
            let mut deadlines = Deadlines::load(c)?;
            let mut overrides: Vec<_> = deadlines
                .calendar
                .overrides()
                .iter()
                .map(|(d, k)| (*d, *k))
                .collect();
            overrides.retain(|(d, _)| *d != date);
            if let Some(k) = kind {
                overrides.push((date, k));
            }
            deadlines.calendar = WorkCalendar::new(overrides);
            Ok(shifts(c, &deadlines)?.iter().map(Shift::view).collect())
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
            let deadlines = Deadlines::load(tx)?;
            let mut moved = Vec::new();
            for shift in shifts(tx, &deadlines)? {
                let old = &shift.appeal;
                let mut new = old.clone();
                new.due_date = shift.due;
                if old.original_due_date.is_some() {
                    new.original_due_date = Some(shift.base);
                }
                let changes = diff(old, &new, &|k, id| name_of(tx, k, id));
                appeals::save(tx, &new, actor.at)?;
                record(tx, "appeal", old.id, actor, "calendar", &changes)?;
                moved.push(shift.view());
            }
            Ok(moved)
        })
    }
}
