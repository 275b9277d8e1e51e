//! Reference data an office edits: sector blocks and their responsible persons,
//! settlements, channels, ТОТК topics and their mapping to themes and blocks.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::enums::{AppealKind, Theme};
use crate::calendar::DayOverride;

/// Отраслевой блок МЦУ (Приложение 2 к Постановлению № 530).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct SectorBlock {
    pub id: i64,
    /// Stable short code, used in files and the CLI.
    pub code: String,
    pub name: String,
    pub active: bool,
}

/// Ответственное лицо: a person of the МЦУ, optionally heading blocks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Person {
    pub id: i64,
    pub full_name: String,
    pub position: String,
    /// Role in the МЦУ (куратор, руководитель, ответственный за ИМ/ПОС, руководитель блока).
    pub role: String,
    pub block_ids: Vec<i64>,
    pub active: bool,
}

/// Населённый пункт / сельское поселение.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Settlement {
    pub id: i64,
    pub name: String,
    /// e.g. «сельское поселение», «село».
    pub kind: String,
    pub population: Option<i64>,
    pub population_year: Option<i32>,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    /// Where the values come from and how precise they are.
    pub note: String,
    pub active: bool,
}

/// Канал поступления.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Channel {
    pub code: String,
    pub name: String,
    /// The kind a new appeal from this channel gets by default.
    pub default_kind: AppealKind,
    pub active: bool,
}

/// A ТОТК classifier node with the office's mapping to a theme and a block.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Topic {
    /// Full dotted code, e.g. `0005.0005.0056.1154`.
    pub code: String,
    pub name: String,
    /// 1 section, 2 thematic, 3 topic, 4 question, 5 sub-question.
    pub level: u8,
    pub theme: Option<Theme>,
    pub block_id: Option<i64>,
}

impl Topic {
    /// The ТОТК section (first block), e.g. `0005`.
    pub fn section(code: &str) -> &str {
        code.get(..4).unwrap_or(code)
    }
}

/// A calendar override as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct CalendarOverride {
    pub date: String,
    pub kind: DayOverride,
    pub note: String,
}
