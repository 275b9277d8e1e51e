//! The office's settings. Each group is stored as one JSON value under its
//! key, validates itself (every field error at once) and is audited field by
//! field as entity `settings`, so a change of a weight or a folder shows in
//! the change log like a change of an appeal.

use rusqlite::Connection;
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::audit::json_changes;
use crate::db::audit::record;
use crate::db::settings;
use crate::error::{CoreError, CoreResult, FieldError};
use crate::model::Actor;
use crate::office::Office;

/// A group of settings kept under one key.
pub trait Setting: Serialize + DeserializeOwned + Default {
    /// The key in the `settings` table.
    const KEY: &'static str;

    /// Every field error at once, in Russian.
    fn validate(&self) -> Result<(), Vec<FieldError>>;

    /// The group as saved, its defaults when never saved.
    fn load(c: &Connection) -> CoreResult<Self> {
        settings::get_json(c, Self::KEY)
    }
}

/// Audits a change of the office's settings (entity `settings`), field by field.
pub(crate) fn record_settings<T: Serialize>(
    tx: &Connection,
    actor: &Actor<'_>,
    old: &T,
    new: &T,
) -> CoreResult<()> {
    record(
        tx,
        "settings",
        0,
        actor,
        "update",
        &json_changes(Some(old), new),
    )
}

/// The name of the operator on duty as they typed it: single spaces, not
/// empty, at most 100 characters.
fn operator_name(raw: &str) -> CoreResult<String> {
    let name = raw.split_whitespace().collect::<Vec<_>>().join(" ");
    if name.is_empty() {
        return Err(CoreError::field(
            "operator",
            "Укажите, кто дежурит: фамилию и инициалы.",
        ));
    }
    if name.chars().count() > 100 {
        return Err(CoreError::field(
            "operator",
            "Имя дежурного не длиннее 100 символов.",
        ));
    }
    Ok(name)
}

impl Office {
    /// A settings group as saved (its defaults when never saved).
    pub fn setting<S: Setting>(&self) -> CoreResult<S> {
        self.db.read(S::load)
    }

    /// Validates and saves a settings group, audited.
    pub fn save_setting<S: Setting>(&self, s: &S, actor: &Actor<'_>) -> CoreResult<()> {
        s.validate().map_err(CoreError::Validation)?;
        self.db.write(|tx| {
            let old = S::load(tx)?;
            settings::set_json(tx, S::KEY, s)?;
            record_settings(tx, actor, &old, s)
        })
    }

    /// The operator remembered from the last session.
    pub fn operator(&self) -> CoreResult<Option<String>> {
        self.db.read(|c| settings::get(c, "operator"))
    }

    /// Remembers who is on duty; returns the name as saved.
    pub fn set_operator(&self, name: &str) -> CoreResult<String> {
        let name = operator_name(name)?;
        self.db.write(|tx| settings::set(tx, "operator", &name))?;
        Ok(name)
    }
}
