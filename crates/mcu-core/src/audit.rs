//! What changed between two states of a record, as the history shows it.
//! An appeal's fields, their labels and display are listed once in
//! [`crate::model::fields`]; reference data and settings are compared as
//! their serialised fields.

use crate::model::fields::{InputField, NameOf, StateField};
use crate::model::{Appeal, AppealInput};

/// One changed field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    pub field: String,
    pub old: String,
    pub new: String,
}

impl Change {
    /// A change of `field` when the shown values differ.
    fn of(field: &str, old: String, new: String) -> Option<Change> {
        (old != new).then(|| Change {
            field: field.to_owned(),
            old,
            new,
        })
    }
}

/// The changes of the registration fields from `old` to `new`; `name`
/// resolves ids to display names.
pub fn input_diff(old: &AppealInput, new: &AppealInput, name: NameOf<'_>) -> Vec<Change> {
    InputField::ALL
        .iter()
        .filter_map(|f| Change::of(f.code(), f.show(old, name), f.show(new, name)))
        .collect()
}

/// The changes from `old` to `new`, registration fields first, then the
/// lifecycle's; `name` resolves ids to display names.
pub fn diff(old: &Appeal, new: &Appeal, name: NameOf<'_>) -> Vec<Change> {
    let mut out = input_diff(&old.fields, &new.fields, name);
    out.extend(
        StateField::ALL
            .iter()
            .filter_map(|f| Change::of(f.code(), f.show(old), f.show(new))),
    );
    out
}

/// Changes between two serialisable records (reference data), field by field.
pub fn json_changes<T: serde::Serialize>(old: Option<&T>, new: &T) -> Vec<Change> {
    let to_map = |v: serde_json::Value| match v {
        serde_json::Value::Object(m) => m,
        _ => serde_json::Map::new(),
    };
    let show = |v: Option<&serde_json::Value>| match v {
        None | Some(serde_json::Value::Null) => String::new(),
        Some(serde_json::Value::String(s)) => s.clone(),
        Some(serde_json::Value::Bool(b)) => {
            if *b {
                "да".into()
            } else {
                "нет".into()
            }
        }
        Some(other) => other.to_string(),
    };
    let old = old
        .map(|o| to_map(serde_json::to_value(o).unwrap_or_default()))
        .unwrap_or_default();
    let new = to_map(serde_json::to_value(new).unwrap_or_default());
    new.iter()
        .filter(|(k, _)| k.as_str() != "id")
        .filter_map(|(k, v)| Change::of(k, show(old.get(k)), show(Some(v))))
        .collect()
}
