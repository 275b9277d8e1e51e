//! The lifecycle of an appeal: which actions each status allows, how a raw
//! action request is validated, and the new state it produces. The core
//! enforces the transitions; the UI only offers what [`allowed_actions`] lists.

use chrono::{NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::calendar::{OfficeSchedule, WorkCalendar};
use crate::deadline::{self, DeadlineRule};
use crate::error::FieldError;
use crate::model::{
    ActionKind, Answer, AnswerMethod, AnswerResult, Appeal, AppealKind, NoAnswerGround,
    Satisfaction, Status,
};
use crate::period::{parse_date, parse_datetime};
use crate::validate::{Errors, Lookup};

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
    if matches!(a.status, S::Assigned | S::Reopened) && a.block_id.is_some() {
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

fn text(e: &mut Errors, field: &str, v: &str, what: &str) -> String {
    let t = v.trim();
    if t.is_empty() {
        e.add(field, format!("Укажите {what}."));
    }
    t.to_owned()
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
) -> Result<Transition, crate::error::CoreError> {
    let kind = req.kind();
    if !allowed_actions(a, rule).contains(&kind) {
        return Err(crate::error::CoreError::Transition(format!(
            "Действие «{}» недоступно в статусе «{}».",
            kind.label(),
            a.status.label()
        )));
    }
    let today = now.date();
    let mut e = Errors::default();
    let t = match req {
        ActionRequest::Assign { block, person } => {
            let block_id = match block.trim() {
                "" => {
                    e.add("block", "Выберите отраслевой блок.");
                    None
                }
                b => {
                    let id = lookup.block_id(b);
                    if id.is_none() {
                        e.add("block", format!("Отраслевой блок «{b}» не найден."));
                    }
                    id
                }
            };
            let person_id = match person.trim() {
                "" => None,
                p => match lookup.person(p) {
                    None => {
                        e.add("person", format!("Ответственное лицо «{p}» не найдено."));
                        None
                    }
                    Some((id, blocks)) => {
                        if let Some(b) = block_id
                            && !blocks.contains(&b)
                        {
                            e.add("person", format!("{p} не отвечает за выбранный блок."));
                        }
                        Some(id)
                    }
                },
            };
            block_id.map(|block_id| Transition::Assign {
                block_id,
                person_id,
            })
        }
        ActionRequest::StartWork => Some(Transition::StartWork),
        ActionRequest::Redirect { addressee } => {
            let addressee = text(
                &mut e,
                "addressee",
                addressee,
                "адресата (орган по компетенции)",
            );
            Some(Transition::Redirect { addressee })
        }
        ActionRequest::Extend {
            days,
            reason,
            notice_date,
        } => {
            let max = rule.map_or(0, |r| r.max_extension_days);
            let days = match days.trim().parse::<u32>() {
                Ok(n) if (1..=max).contains(&n) => Some(n),
                _ => {
                    e.add("days", format!("Продлить можно на 1–{max} дней."));
                    None
                }
            };
            let reason = text(&mut e, "reason", reason, "причину продления");
            let notice_at = date_not_future(
                &mut e,
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
        ActionRequest::Answer {
            date,
            number,
            method,
            summary,
            result,
            satisfaction,
        } => {
            let date = date_not_future(&mut e, "date", date, "дату ответа", today, false);
            if let Some(d) = date
                && d < a.registered_at.date()
            {
                e.add("date", "Дата ответа раньше даты регистрации.");
            }
            let method = code(
                &mut e,
                "method",
                method,
                AnswerMethod::from_code,
                "способ ответа",
            );
            let summary = text(&mut e, "summary", summary, "краткое содержание ответа");
            let result = code(
                &mut e,
                "result",
                result,
                AnswerResult::from_code,
                "результат рассмотрения",
            );
            let satisfaction = if satisfaction.trim().is_empty() {
                Some(Satisfaction::NoRating)
            } else {
                code(
                    &mut e,
                    "satisfaction",
                    satisfaction,
                    Satisfaction::from_code,
                    "оценку заявителя",
                )
            };
            match (date, method, result, satisfaction) {
                (Some(date), Some(method), Some(result), Some(satisfaction)) => {
                    Some(Transition::Answer {
                        answer: Answer {
                            date,
                            number: number.trim().to_owned(),
                            method,
                            summary,
                            result,
                        },
                        satisfaction,
                    })
                }
                _ => None,
            }
        }
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
        ActionRequest::Reopen { reason } => {
            let reason = text(&mut e, "reason", reason, "причину возобновления");
            Some(Transition::Reopen { reason })
        }
        ActionRequest::FirstResponse { at } => {
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
                Some(v) if v < a.registered_at => {
                    e.add("at", "Первичный ответ не может быть раньше регистрации.");
                    None
                }
                Some(at) => Some(Transition::FirstResponse { at }),
            }
        }
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
        (_, _) if !e.0.is_empty() => Err(crate::error::CoreError::Validation(e.0)),
        _ => Err(crate::error::CoreError::Validation(vec![FieldError::new(
            "",
            "Проверьте поля действия.",
        )])),
    }
}

/// The new state after a transition. `rule` is the appeal's deadline rule;
/// `reopen_rule` is the current rule for its kind (a reopened appeal gets a
/// fresh deadline from the day of reopening).
pub fn apply(
    a: &Appeal,
    t: &Transition,
    rule: Option<&DeadlineRule>,
    reopen_rule: Option<&DeadlineRule>,
    cal: &WorkCalendar,
    schedule: &OfficeSchedule,
    now: NaiveDateTime,
) -> Appeal {
    let mut n = a.clone();
    match t {
        Transition::Assign {
            block_id,
            person_id,
        } => {
            n.block_id = Some(*block_id);
            n.person_id = *person_id;
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
            let kind = rule.map_or(crate::model::DayKind::Calendar, |r| r.day_kind);
            n.original_due_date = Some(a.due_date);
            n.due_date = deadline::extend(kind, a.due_date, *days, cal);
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
            if n.kind == AppealKind::Incident && n.first_response_at.is_none() {
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
            if let Some(r) = reopen_rule {
                n.due_date = deadline::compute(r, now, cal, schedule).due_date;
                n.due_rule_id = r.id;
            }
        }
        Transition::FirstResponse { at } => n.first_response_at = Some(*at),
        Transition::Rate { satisfaction } => n.satisfaction = Some(*satisfaction),
        Transition::ExtensionNotice { date } => n.extension_notice_at = Some(*date),
    }
    n
}
