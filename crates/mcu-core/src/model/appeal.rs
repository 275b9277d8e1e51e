//! The appeal (обращение / сообщение / инцидент): the raw form draft, the
//! stored record, the card shown to people, and journal rows.

use chrono::{NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::enums::*;

/// What the operator typed, as typed. Every field is text (or a flag) so that
/// nothing is lost when a value cannot be parsed: validation turns it into an
/// [`AppealInput`] or returns every field error at once. References are by
/// stable code or name, not database id, so a draft can move between databases.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(default)]
#[ts(export)]
pub struct AppealDraft {
    /// Date and time of receipt, `YYYY-MM-DDTHH:MM` or `ДД.ММ.ГГГГ ЧЧ:ММ`.
    pub received_at: String,
    pub registered_at: String,
    /// Channel code (`letter`, `email`, `epgu`, `pos`, `im`, `phone`, `reception`, `other`).
    pub channel: String,
    /// Kind code (`59fz`, `pos`, `im`); empty means the channel's default.
    pub kind: String,
    pub appeal_type: String,
    pub anonymous: bool,
    pub applicant_name: String,
    pub applicant_address: String,
    pub applicant_phone: String,
    pub applicant_email: String,
    /// Number of signatories of a collective appeal; empty for an individual one.
    pub signatories: String,
    /// Registration number of the earlier appeal this one repeats.
    pub repeated_of: String,
    /// Settlement name.
    pub settlement: String,
    pub address: String,
    pub text: String,
    pub external_id: String,
    pub external_url: String,
    /// ТОТК codes of the questions, in order.
    pub questions: Vec<String>,
    /// Sector block code.
    pub block: String,
    /// Responsible person's full name.
    pub person: String,
    pub notes: String,
}

impl AppealDraft {
    /// Reads a draft from JSON, accepting numbers and nulls where text is
    /// expected, so hand-written files and the card printed by `mcu show` are
    /// both accepted; unknown fields (id, number, status, history) are ignored.
    pub fn from_json(v: serde_json::Value) -> Result<AppealDraft, String> {
        let serde_json::Value::Object(mut map) = v else {
            return Err("ожидается объект JSON с полями обращения".into());
        };
        for (k, v) in map.iter_mut() {
            if k == "anonymous" || k == "questions" {
                continue;
            }
            match v {
                serde_json::Value::Null => *v = serde_json::Value::String(String::new()),
                serde_json::Value::Number(n) => *v = serde_json::Value::String(n.to_string()),
                _ => {}
            }
        }
        serde_json::from_value(serde_json::Value::Object(map)).map_err(|e| e.to_string())
    }
}

/// A validated appeal, with references resolved to ids: the registration
/// fields of a stored appeal. Serialised under the draft's field names (a
/// test checks that both list the same fields as [`super::fields::InputField`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AppealInput {
    pub received_at: NaiveDateTime,
    pub registered_at: NaiveDateTime,
    pub channel: String,
    pub kind: AppealKind,
    pub appeal_type: AppealType,
    pub anonymous: bool,
    pub applicant_name: String,
    pub applicant_address: String,
    pub applicant_phone: String,
    pub applicant_email: String,
    pub signatories: Option<u32>,
    pub repeated_of: Option<i64>,
    #[serde(rename = "settlement")]
    pub settlement_id: Option<i64>,
    pub address: String,
    pub text: String,
    pub external_id: Option<String>,
    pub external_url: String,
    pub questions: Vec<String>,
    #[serde(rename = "block")]
    pub block_id: Option<i64>,
    #[serde(rename = "person")]
    pub person_id: Option<i64>,
    pub notes: String,
}

/// The answer given to the applicant.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Answer {
    #[ts(type = "string")]
    pub date: NaiveDate,
    pub number: String,
    pub method: AnswerMethod,
    pub summary: String,
    pub result: AnswerResult,
}

/// The stored appeal: its registration fields and what the lifecycle made of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Appeal {
    pub id: i64,
    pub number: String,
    /// What was registered (and edited since).
    pub fields: AppealInput,
    pub status: Status,
    pub due_date: NaiveDate,
    pub due_rule_id: i64,
    pub first_response_due: Option<NaiveDateTime>,
    pub first_response_at: Option<NaiveDateTime>,
    pub original_due_date: Option<NaiveDate>,
    pub extension_days: Option<u32>,
    pub extension_reason: String,
    pub extension_notice_at: Option<NaiveDate>,
    pub redirect_to: String,
    pub no_answer_ground: Option<NoAnswerGround>,
    pub answer: Option<Answer>,
    pub satisfaction: Option<Satisfaction>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub version: i64,
}
