//! Edits of reference data as the administrator types them, and their
//! validation. Each draft carries `id = null` for a new record.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::calendar::{DayOverride, OfficeSchedule, WorkCalendar};
use crate::db::{reference as store, settings};
use crate::deadline::DeadlineRule;
use crate::error::{CoreError, CoreResult, FieldError};
use crate::model::{
    Actor, AppealKind, CalendarOverride, Channel, DayKind, Person, SectorBlock, Settlement, Theme,
    Topic,
};
use crate::office::Office;
use crate::period::parse_date;
use crate::validate::{Errors, required};

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(default)]
#[ts(export)]
pub struct BlockDraft {
    pub id: Option<i64>,
    pub code: String,
    pub name: String,
    pub active: bool,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(default)]
#[ts(export)]
pub struct PersonDraft {
    pub id: Option<i64>,
    pub full_name: String,
    pub position: String,
    pub role: String,
    pub block_ids: Vec<i64>,
    pub active: bool,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(default)]
#[ts(export)]
pub struct SettlementDraft {
    pub id: Option<i64>,
    pub name: String,
    pub kind: String,
    pub population: String,
    pub population_year: String,
    pub lat: String,
    pub lon: String,
    pub note: String,
    pub active: bool,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(default)]
#[ts(export)]
pub struct ChannelDraft {
    /// Empty for a new channel: the code is then taken from `new_code`.
    pub code: String,
    pub new_code: String,
    pub name: String,
    pub default_kind: String,
    pub active: bool,
}

/// A topic's mapping to one of the 8 themes and to a block.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(default)]
#[ts(export)]
pub struct TopicMappingDraft {
    pub code: String,
    /// Theme code or empty.
    pub theme: String,
    pub block_id: Option<i64>,
}

/// A new version of a deadline rule (the old one, if any, is retired).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(default)]
#[ts(export)]
pub struct RuleDraft {
    /// The rule this one replaces, or none for a new rule.
    pub replaces: Option<i64>,
    pub kind: String,
    pub topic_prefix: String,
    pub name: String,
    pub days: String,
    pub day_kind: String,
    pub response_hours: String,
    pub extendable: bool,
    pub max_extension_days: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(default)]
#[ts(export)]
pub struct CalendarOverrideDraft {
    pub date: String,
    /// `working`, `short`, `day_off`, or empty to remove the override.
    pub kind: String,
    pub note: String,
}

/// Everything the forms need, in one call.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct ReferenceData {
    pub channels: Vec<Channel>,
    pub blocks: Vec<SectorBlock>,
    pub persons: Vec<Person>,
    pub settlements: Vec<Settlement>,
    pub rules: Vec<DeadlineRule>,
    pub calendar_overrides: Vec<CalendarOverride>,
    pub number_pattern: String,
    pub schedule: OfficeSchedule,
    pub office_name: String,
    pub last_official_year: i32,
    pub vocab: Vocabulary,
}

/// A code and its Russian label.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct Term {
    pub code: String,
    pub label: String,
}

/// The closed vocabularies with their Russian labels: the UI takes labels from
/// here so that they are written once, in the core.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct Vocabulary {
    pub kinds: Vec<Term>,
    pub appeal_types: Vec<Term>,
    pub statuses: Vec<Term>,
    pub results: Vec<Term>,
    pub satisfactions: Vec<Term>,
    pub methods: Vec<Term>,
    pub grounds: Vec<Term>,
    pub themes: Vec<Term>,
    pub day_kinds: Vec<Term>,
    pub actions: Vec<Term>,
    pub road_map_statuses: Vec<Term>,
}

fn terms<T: Copy>(
    all: &[T],
    code: fn(T) -> &'static str,
    label: fn(T) -> &'static str,
) -> Vec<Term> {
    all.iter()
        .map(|&v| Term {
            code: code(v).to_owned(),
            label: label(v).to_owned(),
        })
        .collect()
}

pub fn vocabulary() -> Vocabulary {
    use crate::model::*;
    const ACTIONS: &[ActionKind] = &[
        ActionKind::Assign,
        ActionKind::StartWork,
        ActionKind::Redirect,
        ActionKind::Extend,
        ActionKind::Answer,
        ActionKind::LeaveWithoutAnswer,
        ActionKind::Close,
        ActionKind::Reopen,
        ActionKind::FirstResponse,
        ActionKind::Rate,
        ActionKind::ExtensionNotice,
    ];
    let mut actions = terms(ACTIONS, ActionKind::code, ActionKind::label);
    actions.extend(
        [
            ("create", "Регистрация"),
            ("update", "Правка"),
            ("demo", "Демо-данные"),
            ("export", "Сохранён в файл"),
        ]
        .map(|(c, l)| Term {
            code: c.into(),
            label: l.into(),
        }),
    );
    Vocabulary {
        kinds: terms(AppealKind::ALL, AppealKind::code, AppealKind::label),
        appeal_types: terms(AppealType::ALL, AppealType::code, AppealType::label),
        statuses: terms(Status::ALL, Status::code, Status::label),
        results: terms(AnswerResult::ALL, AnswerResult::code, AnswerResult::label),
        satisfactions: terms(Satisfaction::ALL, Satisfaction::code, Satisfaction::label),
        methods: terms(AnswerMethod::ALL, AnswerMethod::code, AnswerMethod::label),
        grounds: terms(
            NoAnswerGround::ALL,
            NoAnswerGround::code,
            NoAnswerGround::label,
        ),
        themes: terms(Theme::ALL, Theme::code, Theme::label),
        day_kinds: terms(DayKind::ALL, DayKind::code, DayKind::label),
        actions,
        road_map_statuses: terms(
            RoadMapStatus::ALL,
            RoadMapStatus::code,
            RoadMapStatus::label,
        ),
    }
}

fn opt_num<T: std::str::FromStr + PartialOrd + Copy + std::fmt::Display>(
    e: &mut Errors,
    field: &str,
    v: &str,
    range: std::ops::RangeInclusive<T>,
    what: &str,
) -> Option<T> {
    let t = v.trim().replace(',', ".").replace(' ', "");
    if t.is_empty() {
        return None;
    }
    match t.parse::<T>() {
        Ok(n) if range.contains(&n) => Some(n),
        Ok(_) => {
            e.add(
                field,
                format!("{what}: допустимо от {} до {}.", range.start(), range.end()),
            );
            None
        }
        Err(_) => {
            e.add(field, format!("{what}: «{}» — не число.", v.trim()));
            None
        }
    }
}

pub fn validate_block(d: &BlockDraft) -> Result<SectorBlock, Vec<FieldError>> {
    let mut e = Errors::default();
    let code = required(&mut e, "code", &d.code, "код блока");
    if !code
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
    {
        e.add("code", "Код блока: латинские буквы, цифры, _ и -.");
    }
    let name = required(&mut e, "name", &d.name, "наименование блока");
    e.into_result(|| SectorBlock {
        id: d.id.unwrap_or(0),
        code,
        name,
        active: d.active,
    })
}

pub fn validate_person(d: &PersonDraft) -> Result<Person, Vec<FieldError>> {
    let mut e = Errors::default();
    let full_name = required(&mut e, "full_name", &d.full_name, "ФИО");
    e.into_result(|| Person {
        id: d.id.unwrap_or(0),
        full_name,
        position: d.position.trim().to_owned(),
        role: d.role.trim().to_owned(),
        block_ids: d.block_ids.clone(),
        active: d.active,
    })
}

pub fn validate_settlement(d: &SettlementDraft) -> Result<Settlement, Vec<FieldError>> {
    let mut e = Errors::default();
    let name = required(&mut e, "name", &d.name, "название населённого пункта");
    let population = opt_num(
        &mut e,
        "population",
        &d.population,
        0i64..=10_000_000,
        "Население",
    );
    let population_year = opt_num(
        &mut e,
        "population_year",
        &d.population_year,
        1800i32..=2100,
        "Год данных о населении",
    );
    let lat = opt_num(&mut e, "lat", &d.lat, -90.0f64..=90.0, "Широта");
    let lon = opt_num(&mut e, "lon", &d.lon, -180.0f64..=180.0, "Долгота");
    if d.lat.trim().is_empty() != d.lon.trim().is_empty() {
        e.add("lon", "Укажите обе координаты или ни одной.");
    }
    e.into_result(|| Settlement {
        id: d.id.unwrap_or(0),
        name,
        kind: d.kind.trim().to_owned(),
        population,
        population_year,
        lat,
        lon,
        note: d.note.trim().to_owned(),
        active: d.active,
    })
}

pub fn validate_channel(d: &ChannelDraft) -> Result<Channel, Vec<FieldError>> {
    let mut e = Errors::default();
    let code = if d.code.trim().is_empty() {
        let c = required(&mut e, "new_code", &d.new_code, "код канала");
        if !c.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
            e.add("new_code", "Код канала: латинские буквы, цифры и _.");
        }
        c
    } else {
        d.code.trim().to_owned()
    };
    let name = required(&mut e, "name", &d.name, "наименование канала");
    let kind = AppealKind::from_code(d.default_kind.trim());
    if kind.is_none() {
        e.add("default_kind", "Выберите вид по умолчанию.");
    }
    e.into_result(|| Channel {
        code,
        name,
        default_kind: kind.expect("checked"),
        active: d.active,
    })
}

pub fn validate_topic_mapping(
    d: &TopicMappingDraft,
) -> Result<(String, Option<Theme>, Option<i64>), Vec<FieldError>> {
    let mut e = Errors::default();
    let theme = match d.theme.trim() {
        "" => None,
        t => {
            let v = Theme::from_code(t);
            if v.is_none() {
                e.add("theme", format!("Неизвестная тема «{t}»."));
            }
            v
        }
    };
    e.into_result(|| (d.code.trim().to_owned(), theme, d.block_id))
}

pub fn validate_rule(d: &RuleDraft) -> Result<DeadlineRule, Vec<FieldError>> {
    let mut e = Errors::default();
    let kind = AppealKind::from_code(d.kind.trim());
    if kind.is_none() {
        e.add("kind", "Выберите вид обращения.");
    }
    let name = required(&mut e, "name", &d.name, "наименование правила");
    let days = opt_num(&mut e, "days", &d.days, 1u32..=365, "Срок в днях");
    if days.is_none() && d.days.trim().is_empty() {
        e.add("days", "Укажите срок в днях.");
    }
    let day_kind = DayKind::from_code(d.day_kind.trim());
    if day_kind.is_none() {
        e.add("day_kind", "Выберите: календарные или рабочие дни.");
    }
    let response_hours = opt_num(
        &mut e,
        "response_hours",
        &d.response_hours,
        1u32..=240,
        "Первичный ответ, рабочих часов",
    );
    let max_ext = opt_num(
        &mut e,
        "max_extension_days",
        &d.max_extension_days,
        0u32..=365,
        "Продление, дней",
    )
    .unwrap_or(0);
    if d.extendable && max_ext == 0 {
        e.add(
            "max_extension_days",
            "Укажите, на сколько дней можно продлить срок.",
        );
    }
    let prefix = d.topic_prefix.trim();
    if !prefix.is_empty() && !prefix.chars().all(|c| c.is_ascii_digit() || c == '.') {
        e.add(
            "topic_prefix",
            "Префикс кода ТОТК: цифры и точки, например 0005.0005.0056.1154.",
        );
    }
    e.into_result(|| DeadlineRule {
        id: 0,
        kind: kind.expect("checked"),
        topic_prefix: (!prefix.is_empty()).then(|| prefix.to_owned()),
        name,
        days: days.expect("checked"),
        day_kind: day_kind.expect("checked"),
        response_hours,
        extendable: d.extendable,
        max_extension_days: if d.extendable { max_ext } else { 0 },
        active: true,
    })
}

pub fn validate_override(
    d: &CalendarOverrideDraft,
) -> Result<(chrono::NaiveDate, Option<DayOverride>, String), Vec<FieldError>> {
    let mut e = Errors::default();
    let date = parse_date(&d.date);
    if date.is_none() {
        e.add("date", "Укажите дату в виде ДД.ММ.ГГГГ.");
    }
    let kind = match d.kind.trim() {
        "" => None,
        k => {
            let v = DayOverride::from_code(k);
            if v.is_none() {
                e.add("kind", "Выберите: рабочий, сокращённый или выходной день.");
            }
            v
        }
    };
    e.into_result(|| (date.expect("checked"), kind, d.note.trim().to_owned()))
}

impl Office {
    pub fn reference(&self) -> CoreResult<ReferenceData> {
        self.db.read(|c| {
            Ok(ReferenceData {
                channels: store::channels(c)?,
                blocks: store::blocks(c)?,
                persons: store::persons(c)?,
                settlements: store::settlements(c)?,
                rules: settings::rules(c)?,
                calendar_overrides: store::calendar_overrides(c)?,
                number_pattern: settings::number_pattern(c)?,
                schedule: settings::schedule(c)?,
                office_name: settings::get(c, "office_short_name")?.unwrap_or_default(),
                last_official_year: WorkCalendar::last_official_year(),
                vocab: vocabulary(),
            })
        })
    }

    pub fn topics(&self) -> CoreResult<Vec<Topic>> {
        self.db.read(store::topics)
    }

    pub fn save_block(&self, d: &BlockDraft, actor: &Actor<'_>) -> CoreResult<i64> {
        let b = validate_block(d).map_err(CoreError::Validation)?;
        self.db.write(|tx| store::save_block(tx, &b, actor))
    }

    pub fn save_person(&self, d: &PersonDraft, actor: &Actor<'_>) -> CoreResult<i64> {
        let p = validate_person(d).map_err(CoreError::Validation)?;
        self.db.write(|tx| store::save_person(tx, &p, actor))
    }

    pub fn save_settlement(&self, d: &SettlementDraft, actor: &Actor<'_>) -> CoreResult<i64> {
        let s = validate_settlement(d).map_err(CoreError::Validation)?;
        self.db.write(|tx| store::save_settlement(tx, &s, actor))
    }

    pub fn save_channel(&self, d: &ChannelDraft, actor: &Actor<'_>) -> CoreResult<()> {
        let c = validate_channel(d).map_err(CoreError::Validation)?;
        self.db.write(|tx| store::save_channel(tx, &c, actor))
    }

    pub fn save_topic_mapping(&self, d: &TopicMappingDraft, actor: &Actor<'_>) -> CoreResult<()> {
        let (code, theme, block) = validate_topic_mapping(d).map_err(CoreError::Validation)?;
        self.db
            .write(|tx| store::save_topic_mapping(tx, &code, theme, block, actor))
    }

    pub fn save_rule(&self, d: &RuleDraft, actor: &Actor<'_>) -> CoreResult<i64> {
        let r = validate_rule(d).map_err(CoreError::Validation)?;
        self.db
            .write(|tx| store::save_rule(tx, d.replaces, &r, actor))
    }

    pub fn retire_rule(&self, id: i64, actor: &Actor<'_>) -> CoreResult<()> {
        self.db.write(|tx| store::retire_rule(tx, id, actor))
    }

    pub fn set_number_pattern(&self, pattern: &str, actor: &Actor<'_>) -> CoreResult<()> {
        self.db
            .write(|tx| store::set_number_pattern(tx, pattern.trim(), actor))
    }
}
