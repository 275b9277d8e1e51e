//! Column mappings: which column of a file fills which field of an appeal,
//! which source values mean which topic, block, channel or status, and how
//! dates are written. A mapping is a small TOML (or JSON) file that people can
//! read, share and edit; presets for known formats ship inside the program.
//!
//! ```toml
//! name = "pos"
//! title = "ПОС: выгрузка сообщений"
//! [formats]
//! datetime = ["%d.%m.%Y %H:%M:%S"]
//! [defaults]
//! channel = "pos"
//! appeal_type = "statement"
//! [columns]
//! external_id = "Номер"
//! text = ["Тема", "Текст"]
//! [values."Категория"]
//! "Дороги" = { topic = "0003.0009.0099.0742", block = "construction" }
//! "~мусор" = { topic = "0003.0009.0097.0712" }
//! "*" = { topic = "0001.0002.0027.0000" }
//! ```
//!
//! Precedence: `defaults` < `columns` < `values` (tables in file order, a later
//! table wins). In a values table an exact value (case-insensitive) wins over a
//! `~substring` pattern (first in file order), which wins over `*`. A non-empty
//! source value that matches nothing rejects the row.

use indexmap::IndexMap;
use serde::{Deserialize, Serialize};

use crate::error::{ImportError, ImportResult};
use crate::fingerprint::Fnv128;

/// The fields a mapping can fill: the appeal draft's fields plus what the
/// source says about status, deadline, closing and location.
pub const FIELDS: &[(&str, &str)] = &[
    ("external_id", "внешний номер"),
    ("received_at", "дата поступления"),
    ("registered_at", "дата регистрации"),
    ("channel", "канал"),
    ("kind", "вид"),
    ("appeal_type", "тип обращения"),
    ("anonymous", "анонимно"),
    ("applicant_name", "ФИО заявителя"),
    ("applicant_address", "почтовый адрес"),
    ("applicant_phone", "телефон"),
    ("applicant_email", "электронная почта"),
    ("settlement", "населённый пункт"),
    ("address", "адрес"),
    ("text", "текст"),
    ("external_url", "ссылка"),
    ("topic", "вопрос (код ТОТК)"),
    ("block", "отраслевой блок"),
    ("person", "ответственное лицо"),
    ("notes", "примечание"),
    ("status", "статус"),
    ("due_at", "срок по источнику"),
    ("closed_at", "дата закрытия"),
    ("lat", "широта"),
    ("lon", "долгота"),
];

pub fn field_label(field: &str) -> &str {
    FIELDS
        .iter()
        .find(|(f, _)| *f == field)
        .map(|(_, l)| *l)
        .unwrap_or(field)
}

/// One column or several (joined).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Columns {
    One(String),
    Many(Vec<String>),
}

impl Columns {
    pub fn names(&self) -> Vec<&str> {
        match self {
            Columns::One(c) => vec![c.as_str()],
            Columns::Many(v) => v.iter().map(String::as_str).collect(),
        }
    }
}

/// A constant: text, a flag or a number, all kept as text.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Scalar {
    Text(String),
    Flag(bool),
    Int(i64),
    Float(f64),
}

impl Scalar {
    pub fn as_text(&self) -> String {
        match self {
            Scalar::Text(s) => s.clone(),
            Scalar::Flag(b) => b.to_string(),
            Scalar::Int(i) => i.to_string(),
            Scalar::Float(f) => f.to_string(),
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct SourceOptions {
    /// `,`, `;`, `\t` or `|`; detected from the header line when empty.
    pub delimiter: String,
    /// `auto` (UTF-8, else Windows-1251), `utf-8` or `windows-1251`.
    pub encoding: String,
    /// The sheet of a workbook; the first sheet when empty.
    pub sheet: String,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Formats {
    /// chrono formats tried in order before the built-in ones
    /// (`2026-11-27T10:15[:00]`, `27.11.2026 10:15[:00]`, a bare date).
    pub datetime: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Coordinates {
    /// Values that mean "no location" (such as `[39, -77]`).
    pub placeholders: Vec<[f64; 2]>,
    /// `[lat_min, lat_max, lon_min, lon_max]`: outside is invalid.
    pub bbox: Option<[f64; 4]>,
    /// What a placeholder or invalid coordinate does: `unknown` (stored as no
    /// location) or `reject` (the row is rejected).
    pub invalid: String,
}

impl Default for Coordinates {
    fn default() -> Self {
        Coordinates {
            placeholders: Vec::new(),
            bbox: None,
            invalid: "unknown".into(),
        }
    }
}

/// A column mapping (сопоставление столбцов).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Mapping {
    pub name: String,
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub source: SourceOptions,
    #[serde(default)]
    pub formats: Formats,
    /// Clean HTML out of the text (default: yes).
    #[serde(default = "yes")]
    pub clean_html: bool,
    /// Take the block from the topic's mapping when no block is given (default: yes).
    #[serde(default = "yes")]
    pub block_from_topic: bool,
    /// field → constant; `received_at = "now"` means the moment of import.
    #[serde(default)]
    pub defaults: IndexMap<String, Scalar>,
    /// field → column(s).
    #[serde(default)]
    pub columns: IndexMap<String, Columns>,
    /// column → source value → { field → value }.
    #[serde(default)]
    pub values: IndexMap<String, IndexMap<String, IndexMap<String, Scalar>>>,
    #[serde(default)]
    pub coordinates: Coordinates,
}

fn yes() -> bool {
    true
}

/// A mapping as listed for the UI.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct MappingInfo {
    pub name: String,
    pub title: String,
    pub description: String,
    /// Shipped with the program (cannot be overwritten).
    pub preset: bool,
}

/// The shipped presets: (name, TOML).
pub const PRESETS: &[(&str, &str)] = &[
    ("pos", include_str!("../../../assets/mappings/pos.toml")),
    (
        "incident",
        include_str!("../../../assets/mappings/incident.toml"),
    ),
    (
        "excel-register",
        include_str!("../../../assets/mappings/excel-register.toml"),
    ),
];

impl Mapping {
    pub fn from_toml(s: &str) -> ImportResult<Mapping> {
        let m: Mapping = toml::from_str(s)
            .map_err(|e| ImportError::Mapping(format!("Сопоставление записано с ошибкой: {e}")))?;
        m.check()?;
        Ok(m)
    }

    pub fn from_json(s: &str) -> ImportResult<Mapping> {
        let m: Mapping = serde_json::from_str(s)
            .map_err(|e| ImportError::Mapping(format!("Сопоставление записано с ошибкой: {e}")))?;
        m.check()?;
        Ok(m)
    }

    pub fn to_toml(&self) -> String {
        toml::to_string_pretty(self).unwrap_or_default()
    }

    /// Reads a mapping file: `.json` as JSON, anything else as TOML.
    pub fn from_file(path: &std::path::Path) -> ImportResult<Mapping> {
        let text = std::fs::read_to_string(path).map_err(|e| ImportError::Open {
            path: path.display().to_string(),
            source: e,
        })?;
        if path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("json"))
        {
            Mapping::from_json(&text)
        } else {
            Mapping::from_toml(&text)
        }
    }

    pub fn preset(name: &str) -> Option<Mapping> {
        PRESETS
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, t)| Mapping::from_toml(t).expect("shipped presets are valid"))
    }

    /// Checks names of fields and options; every problem at once.
    pub fn check(&self) -> ImportResult<()> {
        let mut problems = Vec::new();
        let known = |f: &str| FIELDS.iter().any(|(n, _)| *n == f);
        let name = self.name.trim();
        if name.is_empty() {
            problems.push("укажите имя сопоставления (name)".to_owned());
        } else if name.chars().count() > 100 || name.contains(['/', '\\']) {
            problems.push(format!(
                "имя «{name}» длиннее 100 символов или содержит / или \\"
            ));
        }
        for f in self.defaults.keys().chain(self.columns.keys()) {
            if !known(f) {
                problems.push(format!("неизвестное поле «{f}»"));
            }
        }
        for (col, table) in &self.values {
            for (value, assign) in table {
                for f in assign.keys() {
                    if !known(f) {
                        problems.push(format!(
                            "неизвестное поле «{f}» в значении «{value}» столбца «{col}»"
                        ));
                    }
                }
            }
        }
        if !matches!(self.coordinates.invalid.as_str(), "unknown" | "reject") {
            problems.push("coordinates.invalid: ожидается unknown или reject".to_owned());
        }
        if !matches!(
            self.source.encoding.to_ascii_lowercase().as_str(),
            "" | "auto" | "utf-8" | "utf8" | "windows-1251" | "cp1251"
        ) {
            problems.push(format!(
                "source.encoding «{}»: ожидается auto, utf-8 или windows-1251",
                self.source.encoding
            ));
        }
        if !matches!(self.source.delimiter.as_str(), "" | "," | ";" | "\t" | "|") {
            problems.push("source.delimiter: ожидается «,», «;», «|» или табуляция".to_owned());
        }
        for f in &self.formats.datetime {
            // chrono panics on nothing, but reports a bad format only when used.
            if chrono::format::StrftimeItems::new(f)
                .any(|i| matches!(i, chrono::format::Item::Error))
            {
                problems.push(format!("неверный формат даты «{f}»"));
            }
        }
        if problems.is_empty() {
            Ok(())
        } else {
            let list = FIELDS
                .iter()
                .map(|(n, _)| *n)
                .collect::<Vec<_>>()
                .join(", ");
            Err(ImportError::Mapping(format!(
                "Ошибки в сопоставлении: {}. Допустимые поля: {list}.",
                problems.join("; ")
            )))
        }
    }

    /// Every field the mapping can fill (a stored appeal keeps the others on update).
    pub fn fields(&self) -> Vec<String> {
        let mut out: Vec<String> = self
            .defaults
            .keys()
            .chain(self.columns.keys())
            .cloned()
            .collect();
        for table in self.values.values() {
            for assign in table.values() {
                out.extend(assign.keys().cloned());
            }
        }
        out.sort();
        out.dedup();
        out
    }

    /// A hash of the mapping's content: rows imported under another mapping are re-examined.
    pub fn hash(&self) -> String {
        let mut h = Fnv128::default();
        h.field(&serde_json::to_string(self).unwrap_or_default());
        h.hex()
    }

    pub fn info(&self, preset: bool) -> MappingInfo {
        MappingInfo {
            name: self.name.clone(),
            title: self.title.clone(),
            description: self.description.clone(),
            preset,
        }
    }
}
