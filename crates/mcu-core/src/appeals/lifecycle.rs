//! The lifecycle of an appeal: which actions each status allows, how a raw
//! action request is validated, and the new state it produces. The core
//! enforces the transitions; the UI only offers what [`allowed_actions`] lists.

use chrono::{NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::validate::resolve_assignment;
use crate::deadline::{self, DeadlineRule};
use crate::deadlines::Deadlines;
use crate::error::{CoreError, FieldError};
use crate::model::Lookup;
use crate::model::{
    ActionKind, Answer, AnswerMethod, AnswerResult, Appeal, AppealKind, NoAnswerGround,
    Satisfaction, Status,
};
use crate::period::{parse_date, parse_datetime};
use crate::validate::{Errors, required};

/// An action as requested by the UI or the CLI, fields as typed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "action", rename_all = "snake_case")]
#[ts(export)]
pub enum ActionRequest {
    Assign {
        block: String,
        person: String,
    },
    StartWork,
    Redirect {
        addressee: String,
    },
    Extend {
        days: String,
        reason: String,
        notice_date: String,
    },
    Answer {
        date: String,
        number: String,
        method: String,
        summary: String,
        result: String,
        satisfaction: String,
    },
    LeaveWithoutAnswer {
        ground: String,
        note: String,
    },
    Close,
    Reopen {
        reason: String,
    },
    FirstResponse {
        at: String,
    },
    Rate {
        satisfaction: String,
    },
    ExtensionNotice {
        date: String,
    },
}

impl ActionRequest {
    pub fn kind(&self) -> ActionKind {
        match self {
            ActionRequest::Assign { .. } => ActionKind::Assign,
            ActionRequest::StartWork => ActionKind::StartWork,
            ActionRequest::Redirect { .. } => ActionKind::Redirect,
            ActionRequest::Extend { .. } => ActionKind::Extend,
            ActionRequest::Answer { .. } => ActionKind::Answer,
            ActionRequest::LeaveWithoutAnswer { .. } => ActionKind::LeaveWithoutAnswer,
            ActionRequest::Close => ActionKind::Close,
            ActionRequest::Reopen { .. } => ActionKind::Reopen,
            ActionRequest::FirstResponse { .. } => ActionKind::FirstResponse,
            ActionRequest::Rate { .. } => ActionKind::Rate,
            ActionRequest::ExtensionNotice { .. } => ActionKind::ExtensionNotice,
        }
    }
}

/// A validated action.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Transition {
    Assign {
        block_id: i64,
        person_id: Option<i64>,
    },
    StartWork,
    Redirect {
        addressee: String,
    },
    Extend {
        days: u32,
        reason: String,
        notice_at: Option<NaiveDate>,
    },
    Answer {
        answer: Answer,
        satisfaction: Satisfaction,
    },
    LeaveWithoutAnswer {
        ground: NoAnswerGround,
        note: String,
    },
    Close,
    Reopen {
        reason: String,
    },
    FirstResponse {
        at: NaiveDateTime,
    },
    Rate {
        satisfaction: Satisfaction,
    },
    ExtensionNotice {
        date: NaiveDate,
    },
}

/// The actions the appeal's status allows now.
pub fn allowed_actions(a: &Appeal, rule: Option<&DeadlineRule>) -> Vec<ActionKind> {
    use ActionKind as K;
    use Status as S;
    let mut out = Vec::new();
    let open = a.status.is_open();
    if open {
        out.push(K::Assign);
    }
    if matches!(a.status, S::Assigned | S::Reopened) && a.fields.block_id.is_some() {
        out.push(K::StartWork);
    }
    if open && can_extend(a, rule) {
        out.push(K::Extend);
    }
    if open {
        out.extend([K::Answer, K::Redirect, K::LeaveWithoutAnswer]);
    }
    if open && a.first_response_due.is_some() && a.first_response_at.is_none() {
        out.push(K::FirstResponse);
    }
    if a.original_due_date.is_some() && a.extension_notice_at.is_none() && a.status != S::Closed {
        out.push(K::ExtensionNotice);
    }
    if matches!(a.status, S::Answered | S::Redirected | S::NoAnswer) {
        out.push(K::Close);
    }
    if matches!(a.status, S::Answered | S::Closed) && a.answer.is_some() {
        out.push(K::Rate);
    }
    if matches!(
        a.status,
        S::Answered | S::Closed | S::Redirected | S::NoAnswer
    ) {
        out.push(K::Reopen);
    }
    out
}

/// Whether one more extension is possible: once only, and only when the rule allows it.
pub fn can_extend(a: &Appeal, rule: Option<&DeadlineRule>) -> bool {
    a.status.is_open()
        && a.original_due_date.is_none()
        && rule.is_some_and(|r| r.extendable && r.max_extension_days > 0)
}

fn date_not_future(
    e: &mut Errors,
    field: &str,
    v: &str,
    what: &str,
    today: NaiveDate,
    optional: bool,
) -> Option<NaiveDate> {
    if v.trim().is_empty() {
        if !optional {
            e.add(field, format!("Укажите {what}."));
        }
        return None;
    }
    match parse_date(v) {
        None => {
            e.add(
                field,
                format!(
                    "Не удалось разобрать дату «{}»: ожидается ДД.ММ.ГГГГ.",
                    v.trim()
                ),
            );
            None
        }
        Some(d) if d > today => {
            e.add(field, "Дата не может быть в будущем.");
            None
        }
        Some(d) => Some(d),
    }
}

fn code<T>(
    e: &mut Errors,
    field: &str,
    v: &str,
    from: fn(&str) -> Option<T>,
    what: &str,
) -> Option<T> {
    let r = from(v.trim());
    if r.is_none() {
        e.add(field, format!("Выберите {what}."));
    }
    r
}

/// Validates a request against the appeal's current state.
pub fn validate_action(
    req: &ActionRequest,
    a: &Appeal,
    rule: Option<&DeadlineRule>,
    lookup: &dyn Lookup,
    now: NaiveDateTime,
) -> Result<Transition, CoreError> {
    let kind = req.kind();
    if !allowed_actions(a, rule).contains(&kind) {
        return Err(CoreError::Transition(format!(
            "Действие «{}» недоступно в статусе «{}».",
            kind.label(),
            a.status.label()
        )));
    }
    let today = now.date();
    let mut e = Errors::default();
    let t = match req {
        ActionRequest::Assign { block, person } => assign(&mut e, lookup, block, person),
        ActionRequest::StartWork => Some(Transition::StartWork),
        ActionRequest::Redirect { addressee } => Some(Transition::Redirect {
            addressee: required(
                &mut e,
                "addressee",
                addressee,
                "адресата (орган по компетенции)",
            ),
        }),
        ActionRequest::Extend {
            days,
            reason,
            notice_date,
        } => extend(&mut e, rule, days, reason, notice_date, today),
        ActionRequest::Answer {
            date,
            number,
            method,
            summary,
            result,
            satisfaction,
        } => answer(
            &mut e,
            a,
            &AnswerFields {
                date,
                number,
                method,
                summary,
                result,
                satisfaction,
            },
            today,
        ),
        ActionRequest::LeaveWithoutAnswer { ground, note } => code(
            &mut e,
            "ground",
            ground,
            NoAnswerGround::from_code,
            "основание по ст. 11 59-ФЗ",
        )
        .map(|ground| Transition::LeaveWithoutAnswer {
            ground,
            note: note.trim().to_owned(),
        }),
        ActionRequest::Close => Some(Transition::Close),
        ActionRequest::Reopen { reason } => Some(Transition::Reopen {
            reason: required(&mut e, "reason", reason, "причину возобновления"),
        }),
        ActionRequest::FirstResponse { at } => first_response(&mut e, a, at, now),
        ActionRequest::Rate { satisfaction } => code(
            &mut e,
            "satisfaction",
            satisfaction,
            Satisfaction::from_code,
            "оценку заявителя",
        )
        .map(|satisfaction| Transition::Rate { satisfaction }),
        ActionRequest::ExtensionNotice { date } => {
            date_not_future(&mut e, "date", date, "дату уведомления", today, false)
                .map(|date| Transition::ExtensionNotice { date })
        }
    };
    match (e.0.is_empty(), t) {
        (true, Some(t)) => Ok(t),
        (_, _) if !e.0.is_empty() => Err(CoreError::Validation(e.0)),
        _ => Err(CoreError::Validation(vec![FieldError::new(
            "",
            "Проверьте поля действия.",
        )])),
    }
}

/// «Назначить»: a block (required) and optionally its responsible person.
fn assign(e: &mut Errors, lookup: &dyn Lookup, block: &str, person: &str) -> Option<Transition> {
    let (block_id, person_id) = resolve_assignment(e, lookup, block, person, true);
    block_id.map(|block_id| Transition::Assign {
        block_id,
        person_id,
    })
}

/// «Продлить»: days within the rule's maximum, a reason, the notice's date if sent.
fn extend(
    e: &mut Errors,
    rule: Option<&DeadlineRule>,
    days: &str,
    reason: &str,
    notice_date: &str,
    today: NaiveDate,
) -> Option<Transition> {
    let max = rule.map_or(0, |r| r.max_extension_days);
    let days = match days.trim().parse::<u32>() {
        Ok(n) if (1..=max).contains(&n) => Some(n),
        _ => {
            e.add("days", format!("Продлить можно на 1–{max} дней."));
            None
        }
    };
    let reason = required(e, "reason", reason, "причину продления");
    let notice_at = date_not_future(
        e,
        "notice_date",
        notice_date,
        "дату уведомления",
        today,
        true,
    );
    days.map(|days| Transition::Extend {
        days,
        reason,
        notice_at,
    })
}

/// The fields of «Ответ» as typed.
struct AnswerFields<'a> {
    date: &'a str,
    number: &'a str,
    method: &'a str,
    summary: &'a str,
    result: &'a str,
    satisfaction: &'a str,
}

/// «Ответ»: the date (not before registration), method, summary, result and
/// the applicant's rating («без оценки» when not given).
fn answer(
    e: &mut Errors,
    a: &Appeal,
    f: &AnswerFields<'_>,
    today: NaiveDate,
) -> Option<Transition> {
    let date = date_not_future(e, "date", f.date, "дату ответа", today, false);
    if let Some(d) = date
        && d < a.fields.registered_at.date()
    {
        e.add("date", "Дата ответа раньше даты регистрации.");
    }
    let method = code(
        e,
        "method",
        f.method,
        AnswerMethod::from_code,
        "способ ответа",
    );
    let summary = required(e, "summary", f.summary, "краткое содержание ответа");
    let result = code(
        e,
        "result",
        f.result,
        AnswerResult::from_code,
        "результат рассмотрения",
    );
    let satisfaction = if f.satisfaction.trim().is_empty() {
        Some(Satisfaction::NoRating)
    } else {
        code(
            e,
            "satisfaction",
            f.satisfaction,
            Satisfaction::from_code,
            "оценку заявителя",
        )
    };
    let (date, method, result, satisfaction) = (date?, method?, result?, satisfaction?);
    Some(Transition::Answer {
        answer: Answer {
            date,
            number: f.number.trim().to_owned(),
            method,
            summary,
            result,
        },
        satisfaction,
    })
}

/// «Первичный ответ» of an incident: now when not given; not in the future,
/// not before registration.
fn first_response(e: &mut Errors, a: &Appeal, at: &str, now: NaiveDateTime) -> Option<Transition> {
    let v = if at.trim().is_empty() {
        Some(now)
    } else {
        parse_datetime(at)
    };
    match v {
        None => {
            e.add("at", "Не удалось разобрать время первичного ответа.");
            None
        }
        Some(v) if v > now + chrono::Duration::minutes(1) => {
            e.add("at", "Время не может быть в будущем.");
            None
        }
        Some(v) if v < a.fields.registered_at => {
            e.add("at", "Первичный ответ не может быть раньше регистрации.");
            None
        }
        Some(at) => Some(Transition::FirstResponse { at }),
    }
}

/// The new state after a transition, under the office's deadlines in force
/// (a reopened appeal gets a fresh deadline from the day of reopening under
/// the current rule for its kind and questions).
pub fn apply(a: &Appeal, t: &Transition, deadlines: &Deadlines, now: NaiveDateTime) -> Appeal {
    let mut n = a.clone();
    match t {
        Transition::Assign {
            block_id,
            person_id,
        } => {
            n.fields.block_id = Some(*block_id);
            n.fields.person_id = *person_id;
            n.status = Status::Assigned;
        }
        Transition::StartWork => n.status = Status::InProgress,
        Transition::Redirect { addressee } => {
            n.redirect_to = addressee.clone();
            n.status = Status::Redirected;
        }
        Transition::Extend {
            days,
            reason,
            notice_at,
        } => {
            let kind = deadlines
                .rule_of(a)
                .map_or(crate::model::DayKind::Calendar, |r| r.day_kind);
            n.original_due_date = Some(a.due_date);
            n.due_date = deadline::extend(kind, a.due_date, *days, deadlines.calendar());
            n.extension_days = Some(*days);
            n.extension_reason = reason.clone();
            n.extension_notice_at = *notice_at;
            n.status = Status::Extended;
        }
        Transition::Answer {
            answer,
            satisfaction,
        } => {
            n.answer = Some(answer.clone());
            n.satisfaction = Some(*satisfaction);
            n.status = Status::Answered;
            // For incidents an answer is also the first response if none was recorded.
            if n.fields.kind == AppealKind::Incident && n.first_response_at.is_none() {
                n.first_response_at = Some(now);
            }
        }
        Transition::LeaveWithoutAnswer { ground, .. } => {
            n.no_answer_ground = Some(*ground);
            n.status = Status::NoAnswer;
        }
        Transition::Close => n.status = Status::Closed,
        Transition::Reopen { .. } => {
            n.status = Status::Reopened;
            if let Some(r) = deadlines.rule_for(a.fields.kind, &a.fields.questions) {
                n.due_date =
                    deadline::compute(r, now, deadlines.calendar(), deadlines.schedule()).due_date;
                n.due_rule_id = r.id;
            }
        }
        Transition::FirstResponse { at } => n.first_response_at = Some(*at),
        Transition::Rate { satisfaction } => n.satisfaction = Some(*satisfaction),
        Transition::ExtensionNotice { date } => n.extension_notice_at = Some(*date),
    }
    n
}
