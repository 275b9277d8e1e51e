//! What people see of one appeal: its card (names resolved, the deadline as
//! of a day, the actions its status allows, its history) and the draft that
//! reproduces its registration fields.

use chrono::{NaiveDate, NaiveDateTime};
use rusqlite::Connection;

use crate::db::audit::history;
use crate::db::lookup::name_of;
use crate::db::{appeals, reference};
use crate::deadline;
use crate::deadlines::Deadlines;
use crate::error::CoreResult;
use crate::model::{Appeal, AppealCard, AppealDraft, AppealInput, DeadlineView, QuestionView, Ref};

use super::lifecycle;

/// The display format of moments in drafts (what the form shows and takes back).
pub fn draft_dt(v: NaiveDateTime) -> String {
    v.format("%Y-%m-%dT%H:%M").to_string()
}

/// The draft that reproduces an appeal's registration fields.
pub fn draft_of(c: &Connection, i: &AppealInput) -> CoreResult<AppealDraft> {
    let block_code = match i.block_id {
        Some(id) => c
            .prepare_cached("SELECT code FROM sector_blocks WHERE id = ?1")?
            .query_row([id], |r| r.get(0))
            .unwrap_or_default(),
        None => String::new(),
    };
    let name = |k: Ref, id: Option<i64>| id.map(|id| name_of(c, k, id)).unwrap_or_default();
    Ok(AppealDraft {
        received_at: draft_dt(i.received_at),
        registered_at: draft_dt(i.registered_at),
        channel: i.channel.clone(),
        kind: i.kind.code().to_owned(),
        appeal_type: i.appeal_type.code().to_owned(),
        anonymous: i.anonymous,
        applicant_name: i.applicant_name.clone(),
        applicant_address: i.applicant_address.clone(),
        applicant_phone: i.applicant_phone.clone(),
        applicant_email: i.applicant_email.clone(),
        signatories: i.signatories.map(|n| n.to_string()).unwrap_or_default(),
        repeated_of: name(Ref::Appeal, i.repeated_of),
        settlement: name(Ref::Settlement, i.settlement_id),
        address: i.address.clone(),
        text: i.text.clone(),
        external_id: i.external_id.clone().unwrap_or_default(),
        external_url: i.external_url.clone(),
        questions: i.questions.clone(),
        block: block_code,
        person: name(Ref::Person, i.person_id),
        notes: i.notes.clone(),
    })
}

/// The number and the draft of the stored appeal `id`, read in the caller's
/// transaction.
pub fn draft_in(c: &Connection, id: i64) -> CoreResult<(String, AppealDraft)> {
    let a = appeals::get(c, id)?;
    Ok((a.number.clone(), draft_of(c, &a.fields)?))
}

/// Builds the card shown to people.
pub fn card_of(c: &Connection, a: &Appeal, today: NaiveDate) -> CoreResult<AppealCard> {
    let deadlines = Deadlines::load(c)?;
    let rule = deadlines.rule_of(a);
    let f = &a.fields;
    let name = |k: Ref, id: Option<i64>| id.map(|id| name_of(c, k, id)).unwrap_or_default();
    let channel_name = c
        .prepare_cached("SELECT name FROM channels WHERE code = ?1")?
        .query_row([&f.channel], |r| r.get(0))
        .unwrap_or_else(|_| f.channel.clone());
    Ok(AppealCard {
        id: a.id,
        number: a.number.clone(),
        status: a.status,
        draft: draft_of(c, f)?,
        channel_name,
        kind_resolved: f.kind,
        settlement_name: name(Ref::Settlement, f.settlement_id),
        block_name: name(Ref::Block, f.block_id),
        person_name: name(Ref::Person, f.person_id),
        question_views: question_views(c, &f.questions)?,
        deadline: deadline_view(a, &deadlines, today),
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

/// The questions with their classifier names and themes.
fn question_views(c: &Connection, codes: &[String]) -> CoreResult<Vec<QuestionView>> {
    codes
        .iter()
        .map(|code| {
            let t = reference::topic(c, code)?;
            Ok(QuestionView {
                code: code.clone(),
                name: t.as_ref().map(|t| t.name.clone()).unwrap_or_default(),
                theme: t.and_then(|t| t.theme),
            })
        })
        .collect()
}

/// The deadline as of `today`: days left while open, the rule that set it,
/// the extension and first-response clocks.
fn deadline_view(a: &Appeal, deadlines: &Deadlines, today: NaiveDate) -> DeadlineView {
    let left = a
        .status
        .is_open()
        .then(|| deadline::days_left(a.due_date, today));
    DeadlineView {
        due_date: a.due_date,
        days_left: left,
        overdue: left.is_some_and(|d| d < 0),
        due_today: left == Some(0),
        official: deadlines.calendar().day(a.due_date).official,
        rule_name: deadlines
            .rule_of(a)
            .map(|r| r.name.clone())
            .unwrap_or_default(),
        first_response_due: a.first_response_due,
        first_response_at: a.first_response_at,
        original_due_date: a.original_due_date,
        extension_days: a.extension_days,
        extension_reason: a.extension_reason.clone(),
        extension_notice_at: a.extension_notice_at,
    }
}
