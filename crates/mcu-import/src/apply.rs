//! Applying a mapping to one source row: the appeal draft exactly as it will
//! be stored (text cleaned, dates normalised, values translated) plus what the
//! source says about status, deadline, closing and location, and every
//! problem found on the way. Pure: no database, no clock.

use std::collections::HashMap;

use chrono::NaiveDateTime;
use indexmap::IndexMap;
use mcu_core::FieldError;
use mcu_core::bulk::fmt_dt;
use mcu_core::model::{AppealDraft, Status};
use mcu_core::period::parse_datetime;
use serde::Serialize;

use crate::clean::clean_text;
use crate::error::{ImportError, ImportResult};
use crate::fingerprint::Fnv128;
use crate::mapping::{Mapping, Scalar, field_label};

/// The column name that carries the reason in a rejects file.
pub const REASON_COLUMN: &str = "Причина отклонения";

/// One row after the mapping.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
#[ts(export, rename = "MappedRow")]
pub struct Mapped {
    pub draft: AppealDraft,
    /// The status the source gives, when the mapping translates one.
    pub status: Option<Status>,
    /// The source's own status text (kept for the record).
    pub source_status: String,
    /// The source's deadline and closing moment, exact to the second.
    pub due_at: Option<NaiveDateTime>,
    pub closed_at: Option<NaiveDateTime>,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    /// The text before cleaning, when cleaning changed it.
    pub text_original: Option<String>,
    /// The receipt moment is the moment of import (the source has none).
    pub received_now: bool,
    /// Problems found while mapping (field, Russian message).
    pub problems: Vec<FieldError>,
}

struct ValueTable<'m> {
    column: &'m str,
    index: usize,
    exact: HashMap<String, &'m IndexMap<String, Scalar>>,
    patterns: Vec<(String, &'m IndexMap<String, Scalar>)>,
    fallback: Option<&'m IndexMap<String, Scalar>>,
}

/// A mapping bound to the columns of one file.
pub struct Compiled<'m> {
    pub mapping: &'m Mapping,
    pub header: Vec<String>,
    columns: Vec<(&'m str, Vec<usize>)>,
    tables: Vec<ValueTable<'m>>,
    mapping_hash: String,
    /// Index of the reason column of a rejects file being re-imported.
    pub reason_column: Option<usize>,
    now: NaiveDateTime,
}

fn norm(s: &str) -> String {
    s.trim().to_lowercase()
}

impl<'m> Compiled<'m> {
    /// Binds the mapping to a header; every missing column is reported at once.
    pub fn new(mapping: &'m Mapping, header: &[String], now: NaiveDateTime) -> ImportResult<Self> {
        let index: HashMap<String, usize> = header
            .iter()
            .enumerate()
            .rev()
            .map(|(i, h)| (norm(h.trim_start_matches('\u{feff}')), i))
            .collect();
        let mut missing = Vec::new();
        let mut find = |name: &str| -> Option<usize> {
            let i = index.get(&norm(name)).copied();
            if i.is_none() && !missing.iter().any(|m| m == name) {
                missing.push(name.to_owned());
            }
            i
        };
        let mut columns = Vec::new();
        for (field, cols) in &mapping.columns {
            let idx: Vec<usize> = cols.names().into_iter().filter_map(&mut find).collect();
            columns.push((field.as_str(), idx));
        }
        let mut tables = Vec::new();
        for (column, table) in &mapping.values {
            let Some(i) = find(column) else { continue };
            let mut t = ValueTable {
                column: column.as_str(),
                index: i,
                exact: HashMap::new(),
                patterns: Vec::new(),
                fallback: None,
            };
            for (value, assign) in table {
                if value == "*" {
                    t.fallback = Some(assign);
                } else if let Some(p) = value.strip_prefix('~') {
                    t.patterns.push((norm(p), assign));
                } else {
                    t.exact.entry(norm(value)).or_insert(assign);
                }
            }
            tables.push(t);
        }
        if !missing.is_empty() {
            return Err(ImportError::Mapping(format!(
                "В файле нет столбцов, указанных в сопоставлении «{}»: {}. Столбцы файла: {}.",
                mapping.name,
                missing
                    .iter()
                    .map(|m| format!("«{m}»"))
                    .collect::<Vec<_>>()
                    .join(", "),
                header
                    .iter()
                    .map(|m| format!("«{m}»"))
                    .collect::<Vec<_>>()
                    .join(", ")
            )));
        }
        Ok(Compiled {
            mapping,
            header: header.to_vec(),
            columns,
            tables,
            mapping_hash: mapping.hash(),
            reason_column: header.iter().position(|h| h.trim() == REASON_COLUMN),
            now,
        })
    }

    /// The source's identity of a row when it has no external id: its content.
    pub fn fingerprint(&self, fields: &[String]) -> String {
        let mut h = Fnv128::default();
        for (i, f) in fields.iter().enumerate() {
            if Some(i) != self.reason_column {
                h.field(f.trim());
            }
        }
        h.hex()
    }

    /// The row under this mapping: equal hashes mean nothing to re-examine.
    pub fn row_hash(&self, fields: &[String]) -> String {
        let mut h = Fnv128::default();
        h.field(&self.mapping_hash);
        for (i, f) in fields.iter().enumerate() {
            if Some(i) != self.reason_column {
                h.field(f);
            }
        }
        h.hex()
    }

    fn parse_moment(&self, raw: &str) -> Option<NaiveDateTime> {
        let s = raw.trim();
        for f in &self.mapping.formats.datetime {
            if let Ok(v) = NaiveDateTime::parse_from_str(s, f) {
                return Some(v);
            }
            if let Ok(d) = chrono::NaiveDate::parse_from_str(s, f) {
                return Some(d.and_time(chrono::NaiveTime::MIN));
            }
        }
        parse_datetime(s)
    }

    /// Maps one row.
    pub fn apply(&self, fields: &[String]) -> Mapped {
        let cell = |i: usize| fields.get(i).map(String::as_str).unwrap_or("");
        let mut problems = Vec::new();
        let mut vals: IndexMap<&str, String> = IndexMap::new();
        let mut status_source = String::new();
        for (f, v) in &self.mapping.defaults {
            vals.insert(f.as_str(), v.as_text());
        }
        for (field, idx) in &self.columns {
            let parts: Vec<(usize, &str)> = idx
                .iter()
                .map(|&i| (i, cell(i)))
                .filter(|(_, v)| !v.trim().is_empty())
                .collect();
            if parts.is_empty() {
                continue;
            }
            let joined = if parts.len() == 1 {
                parts[0].1.to_owned()
            } else {
                let sep = match *field {
                    "text" | "notes" => "\n",
                    "address" | "applicant_address" => ", ",
                    _ => " ",
                };
                parts
                    .iter()
                    .map(|(i, v)| {
                        if *field == "notes" {
                            format!("{}: {}", self.header[*i], v.trim())
                        } else {
                            v.trim().to_owned()
                        }
                    })
                    .collect::<Vec<_>>()
                    .join(sep)
            };
            if *field == "status" {
                status_source = joined.clone();
            }
            vals.insert(field, joined);
        }
        for t in &self.tables {
            let raw = cell(t.index).trim();
            let key = norm(raw);
            let hit = t
                .exact
                .get(&key)
                .copied()
                .or_else(|| {
                    if key.is_empty() {
                        return None;
                    }
                    t.patterns
                        .iter()
                        .find(|(p, _)| key.contains(p.as_str()))
                        .map(|(_, a)| *a)
                })
                .or(if key.is_empty() { None } else { t.fallback });
            match hit {
                Some(assign) => {
                    for (f, v) in assign {
                        if f == "status" {
                            status_source = raw.to_owned();
                        }
                        vals.insert(f.as_str(), v.as_text());
                    }
                }
                None if !key.is_empty() => problems.push(FieldError::new(
                    format!("values.{}", t.column),
                    format!(
                        "Значение «{raw}» столбца «{}» не сопоставлено: добавьте его в раздел [values.\"{}\"] сопоставления.",
                        t.column, t.column
                    ),
                )),
                None => {}
            }
        }

        let get = |f: &str| vals.get(f).map(|s| s.trim().to_owned()).unwrap_or_default();
        let mut d = AppealDraft::default();
        let mut received_now = false;
        let moment = |raw: String| -> String {
            match self.parse_moment(&raw) {
                Some(v) => fmt_dt(v),
                None => raw, // validation reports it with the core's message
            }
        };
        let received = get("received_at");
        if received.eq_ignore_ascii_case("now") {
            received_now = true;
            d.received_at = fmt_dt(self.now);
        } else {
            d.received_at = moment(received);
        }
        let registered = get("registered_at");
        d.registered_at = if registered.is_empty() {
            d.received_at.clone()
        } else if registered.eq_ignore_ascii_case("now") {
            fmt_dt(self.now)
        } else {
            moment(registered)
        };
        d.channel = get("channel");
        d.kind = get("kind");
        d.appeal_type = get("appeal_type");
        d.applicant_name = get("applicant_name");
        d.applicant_address = get("applicant_address");
        d.applicant_phone = get("applicant_phone");
        d.applicant_email = get("applicant_email");
        d.settlement = get("settlement");
        d.address = get("address");
        d.external_id = get("external_id");
        d.external_url = get("external_url");
        d.block = get("block");
        d.person = get("person");
        d.notes = vals.get("notes").cloned().unwrap_or_default();
        d.questions = get("topic")
            .split([';', ','])
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
            .collect();
        d.anonymous = match vals.get("anonymous") {
            Some(v) => matches!(norm(v).as_str(), "true" | "да" | "1" | "yes" | "y" | "д"),
            None => d.applicant_name.is_empty(),
        };
        let raw_text = vals.get("text").cloned().unwrap_or_default();
        let mut text_original = None;
        if self.mapping.clean_html {
            let cleaned = clean_text(&raw_text);
            if cleaned != raw_text {
                text_original = Some(raw_text.clone());
            }
            d.text = cleaned.into_owned();
        } else {
            d.text = raw_text;
        }

        let mut moment_of = |f: &str| -> Option<NaiveDateTime> {
            let raw = get(f);
            if raw.is_empty() {
                return None;
            }
            let v = self.parse_moment(&raw);
            if v.is_none() {
                problems.push(FieldError::new(
                    f,
                    format!(
                        "Не удалось разобрать {} «{raw}»: добавьте формат в раздел [formats] сопоставления.",
                        field_label(f)
                    ),
                ));
            }
            v
        };
        let due_at = moment_of("due_at");
        let closed_at = moment_of("closed_at");

        let status = match get("status") {
            s if s.is_empty() => None,
            s => {
                let v = Status::from_code(&s).or_else(|| {
                    Status::ALL
                        .iter()
                        .copied()
                        .find(|x| norm(x.label()) == norm(&s))
                });
                if v.is_none() {
                    problems.push(FieldError::new(
                        "status",
                        format!("Неизвестный статус «{s}»: сопоставьте его со статусом программы."),
                    ));
                }
                v
            }
        };
        if status_source.is_empty() && status.is_some() {
            status_source = get("status");
        }

        let (lat, lon) = self.coordinates(&get("lat"), &get("lon"), &mut problems);

        Mapped {
            draft: d,
            status,
            source_status: status_source,
            due_at,
            closed_at,
            lat,
            lon,
            text_original,
            received_now,
            problems,
        }
    }

    fn coordinates(
        &self,
        lat: &str,
        lon: &str,
        problems: &mut Vec<FieldError>,
    ) -> (Option<f64>, Option<f64>) {
        if lat.is_empty() && lon.is_empty() {
            return (None, None);
        }
        let c = &self.mapping.coordinates;
        let num = |s: &str| {
            s.replace(',', ".")
                .parse::<f64>()
                .ok()
                .filter(|v| v.is_finite())
        };
        let reason = match (num(lat), num(lon)) {
            (Some(a), Some(o)) => {
                if !(-90.0..=90.0).contains(&a) || !(-180.0..=180.0).contains(&o) {
                    format!("координаты «{lat}, {lon}» вне допустимых пределов")
                } else if c
                    .placeholders
                    .iter()
                    .any(|p| (p[0] - a).abs() < 1e-9 && (p[1] - o).abs() < 1e-9)
                {
                    format!("координаты «{lat}, {lon}» — заполнитель, а не место")
                } else if let Some(b) = c.bbox
                    && !(b[0] <= a && a <= b[1] && b[2] <= o && o <= b[3])
                {
                    format!("координаты «{lat}, {lon}» вне района (coordinates.bbox)")
                } else {
                    return (Some(a), Some(o));
                }
            }
            _ => format!("координаты «{lat}, {lon}» не числа или указаны не полностью"),
        };
        if c.invalid == "reject" {
            let mut r = reason;
            r.replace_range(..r.chars().next().map_or(0, char::len_utf8), "К");
            problems.push(FieldError::new("lat", format!("{r}.")));
        }
        (None, None)
    }
}
