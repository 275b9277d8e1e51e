//! Saved mappings: user mappings live in the database (`import_mappings`, the
//! TOML text as written), presets in the program. Loading by name looks at
//! the saved ones first, then the presets; a path loads a file.

use std::path::Path;

use mcu_core::Actor;
use mcu_core::Office;
use mcu_core::audit::Change;
use mcu_core::bulk::fmt_dt;
use mcu_core::bulk::record;
use rusqlite::{OptionalExtension, params};

use crate::error::{ImportError, ImportResult};
use crate::mapping::{Mapping, MappingInfo, PRESETS};

/// Presets first, then saved mappings by name.
pub fn list_mappings(office: &Office) -> ImportResult<Vec<MappingInfo>> {
    let mut out: Vec<MappingInfo> = PRESETS
        .iter()
        .filter_map(|(n, _)| Mapping::preset(n))
        .map(|m| m.info(true))
        .collect();
    let saved = office.db().read(|c| {
        let mut st = c.prepare("SELECT body FROM import_mappings ORDER BY name")?;
        let rows = st.query_map([], |r| r.get::<_, String>(0))?;
        Ok(rows.collect::<Result<Vec<_>, _>>()?)
    })?;
    for body in saved {
        if let Ok(m) = Mapping::from_toml(&body) {
            out.push(m.info(false));
        }
    }
    Ok(out)
}

/// A mapping by name (saved, then preset) or by path (a `.toml`/`.json` file,
/// or anything with a path separator).
pub fn load_mapping(office: &Office, name_or_path: &str) -> ImportResult<Mapping> {
    let looks_like_path = name_or_path.contains(['/', '\\'])
        || name_or_path.ends_with(".toml")
        || name_or_path.ends_with(".json");
    if looks_like_path {
        return Mapping::from_file(Path::new(name_or_path));
    }
    let saved: Option<String> = office.db().read(|c| {
        Ok(c.query_row(
            "SELECT body FROM import_mappings WHERE name = ?1",
            [name_or_path],
            |r| r.get(0),
        )
        .optional()?)
    })?;
    if let Some(body) = saved {
        return Mapping::from_toml(&body);
    }
    Mapping::preset(name_or_path).ok_or_else(|| {
        let names: Vec<String> = list_mappings(office)
            .map(|l| l.into_iter().map(|m| m.name).collect())
            .unwrap_or_default();
        ImportError::Mapping(format!(
            "Сопоставление «{name_or_path}» не найдено. Есть: {}. Можно указать путь к файлу .toml или .json.",
            names.join(", ")
        ))
    })
}

/// Saves (or replaces) a user mapping under its name; presets cannot be
/// overwritten. The change is written to the audit log.
pub fn save_mapping(office: &Office, mapping: &Mapping, actor: &Actor<'_>) -> ImportResult<()> {
    mapping.check()?;
    if PRESETS.iter().any(|(n, _)| *n == mapping.name) {
        return Err(ImportError::Mapping(format!(
            "«{}» — встроенное сопоставление; сохраните изменённое под другим именем.",
            mapping.name
        )));
    }
    let body = mapping.to_toml();
    office.db().write(|tx| {
        let old: Option<String> = tx
            .query_row(
                "SELECT body FROM import_mappings WHERE name = ?1",
                [&mapping.name],
                |r| r.get(0),
            )
            .optional()?;
        tx.execute(
            "INSERT INTO import_mappings (name, body, saved_at, operator) VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT (name) DO UPDATE SET body = excluded.body, saved_at = excluded.saved_at,
                 operator = excluded.operator",
            params![mapping.name, body, fmt_dt(actor.at), actor.operator],
        )?;
        record(
            tx,
            "import_mapping",
            0,
            actor,
            if old.is_some() { "update" } else { "create" },
            &[Change {
                field: mapping.name.clone(),
                old: old.unwrap_or_default(),
                new: body.clone(),
            }],
        )
    })?;
    Ok(())
}
