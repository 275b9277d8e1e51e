//! What people see of one appeal: the card with its deadline, resolved names,
//! the actions its status allows, and its full history.

use chrono::{NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::appeal::{Answer, AppealDraft};
use super::enums::*;

/// The deadline as shown on a card and in the journal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct DeadlineView {
    #[ts(type = "string")]
    pub due_date: NaiveDate,
    /// Calendar days left (negative: overdue), for open appeals only.
    pub days_left: Option<i64>,
    pub overdue: bool,
    pub due_today: bool,
    /// False when the due date is a forecast beyond the official calendar.
    pub official: bool,
    pub rule_name: String,
    #[ts(type = "string | null")]
    pub first_response_due: Option<NaiveDateTime>,
    #[ts(type = "string | null")]
    pub first_response_at: Option<NaiveDateTime>,
    #[ts(type = "string | null")]
    pub original_due_date: Option<NaiveDate>,
    pub extension_days: Option<u32>,
    pub extension_reason: String,
    #[ts(type = "string | null")]
    pub extension_notice_at: Option<NaiveDate>,
}

/// One changed field in the history (журнал изменений).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct AuditEntry {
    #[ts(type = "string")]
    pub at: NaiveDateTime,
    pub operator: String,
    /// What was done: `create`, `update`, or a lifecycle action code.
    pub action: String,
    /// Field code (see [`crate::audit::field_label`]); empty for a whole-record event.
    pub field: String,
    pub field_label: String,
    pub old_value: String,
    pub new_value: String,
}

/// A question of the appeal with its classifier name and theme.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct QuestionView {
    pub code: String,
    pub name: String,
    pub theme: Option<Theme>,
}

/// The card of one appeal.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct AppealCard {
    pub id: i64,
    pub number: String,
    pub status: Status,
    /// The editable fields, exactly in the shape of a draft, so that the JSON
    /// of a card can be registered again in another database.
    #[serde(flatten)]
    #[ts(flatten)]
    pub draft: AppealDraft,
    pub channel_name: String,
    pub kind_resolved: AppealKind,
    pub settlement_name: String,
    pub block_name: String,
    pub person_name: String,
    pub question_views: Vec<QuestionView>,
    pub deadline: DeadlineView,
    pub redirect_to: String,
    pub no_answer_ground: Option<NoAnswerGround>,
    pub answer: Option<Answer>,
    pub satisfaction: Option<Satisfaction>,
    pub allowed_actions: Vec<ActionKind>,
    /// Whether the deadline rule allows one more extension now.
    pub can_extend: bool,
    pub max_extension_days: u32,
    #[ts(type = "string")]
    pub created_at: NaiveDateTime,
    #[ts(type = "string")]
    pub updated_at: NaiveDateTime,
    pub version: i64,
    pub history: Vec<AuditEntry>,
}

/// The lifecycle actions, as offered to people.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ActionKind {
    Assign,
    StartWork,
    Redirect,
    Extend,
    Answer,
    LeaveWithoutAnswer,
    Close,
    Reopen,
    FirstResponse,
    Rate,
    ExtensionNotice,
}

impl ActionKind {
    pub fn code(self) -> &'static str {
        match self {
            ActionKind::Assign => "assign",
            ActionKind::StartWork => "start_work",
            ActionKind::Redirect => "redirect",
            ActionKind::Extend => "extend",
            ActionKind::Answer => "answer",
            ActionKind::LeaveWithoutAnswer => "leave_without_answer",
            ActionKind::Close => "close",
            ActionKind::Reopen => "reopen",
            ActionKind::FirstResponse => "first_response",
            ActionKind::Rate => "rate",
            ActionKind::ExtensionNotice => "extension_notice",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            ActionKind::Assign => "Назначить ответственного",
            ActionKind::StartWork => "Взять в работу",
            ActionKind::Redirect => "Направить по компетенции",
            ActionKind::Extend => "Продлить срок",
            ActionKind::Answer => "Записать ответ",
            ActionKind::LeaveWithoutAnswer => "Оставить без ответа",
            ActionKind::Close => "Закрыть",
            ActionKind::Reopen => "Возобновить",
            ActionKind::FirstResponse => "Отметить первичный ответ",
            ActionKind::Rate => "Записать оценку заявителя",
            ActionKind::ExtensionNotice => "Отметить уведомление о продлении",
        }
    }
}
