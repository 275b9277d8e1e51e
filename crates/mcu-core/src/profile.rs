//! The office's own particulars: its full name (the header of every
//! document), the short name the window shows, the district and its
//! population (the denominator of «per 1,000 inhabitants»), and who signs its
//! letters to applicants. A new database gets Pestravsky's from the seed; any
//! other МЦУ sets its own in Справочники → «Организация».

use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::db::settings;
use crate::error::{CoreError, CoreResult, FieldError};
use crate::model::Actor;
use crate::office::Office;
use crate::settings::record_settings;

/// The particulars as the form edits them (the population as typed).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(default)]
#[ts(export)]
pub struct OfficeProfile {
    /// «Муниципальный центр управления муниципального района …»: documents' header.
    pub name: String,
    /// «МЦУ м.р. …»: the window's title bar.
    pub short_name: String,
    /// «муниципальный район … области».
    pub district: String,
    /// Inhabitants of the district, digits (spaces allowed); empty when unknown.
    pub population: String,
    /// Who signs letters to applicants: position and name; empty leaves lines to fill in.
    pub signer_position: String,
    pub signer_name: String,
}

const KEYS: [&str; 6] = [
    "office_name",
    "office_short_name",
    "district",
    "district_population",
    "signer_position",
    "signer_name",
];

pub fn load(conn: &Connection) -> CoreResult<OfficeProfile> {
    let mut v = KEYS
        .iter()
        .map(|k| Ok(settings::get(conn, k)?.unwrap_or_default()))
        .collect::<CoreResult<Vec<String>>>()?
        .into_iter();
    let mut next = || v.next().unwrap_or_default();
    Ok(OfficeProfile {
        name: next(),
        short_name: next(),
        district: next(),
        population: next(),
        signer_position: next(),
        signer_name: next(),
    })
}

/// The population as a number: `None` for empty, an error for anything else
/// that is not a positive whole number.
fn population(s: &str) -> Result<Option<i64>, ()> {
    let digits: String = s.chars().filter(|c| !c.is_whitespace()).collect();
    if digits.is_empty() {
        return Ok(None);
    }
    match digits.parse::<i64>() {
        Ok(n) if (1..=100_000_000).contains(&n) => Ok(Some(n)),
        _ => Err(()),
    }
}

impl OfficeProfile {
    /// Every field error at once; the profile trimmed and the population as
    /// plain digits.
    pub fn validated(&self) -> Result<OfficeProfile, CoreError> {
        validate(self)
    }
}

fn validate(p: &OfficeProfile) -> Result<OfficeProfile, CoreError> {
    let mut errors = Vec::new();
    let mut check = |field: &str, value: &str, required: bool, max: usize, what: &str| {
        let v = value.trim();
        if required && v.is_empty() {
            errors.push(FieldError::new(field, format!("Укажите {what}.")));
        } else if v.chars().count() > max {
            errors.push(FieldError::new(
                field,
                format!("Не длиннее {max} символов."),
            ));
        }
    };
    check("name", &p.name, true, 300, "полное наименование");
    check(
        "short_name",
        &p.short_name,
        true,
        60,
        "краткое наименование",
    );
    check("district", &p.district, false, 300, "");
    check("signer_position", &p.signer_position, false, 200, "");
    check("signer_name", &p.signer_name, false, 100, "");
    let people = population(&p.population);
    if people.is_err() {
        errors.push(FieldError::new(
            "population",
            "Численность населения — целое число от 1, например 14 881; или оставьте пустым.",
        ));
    }
    if !errors.is_empty() {
        return Err(CoreError::Validation(errors));
    }
    Ok(OfficeProfile {
        name: p.name.trim().to_owned(),
        short_name: p.short_name.trim().to_owned(),
        district: p.district.trim().to_owned(),
        population: people
            .ok()
            .flatten()
            .map(|n| n.to_string())
            .unwrap_or_default(),
        signer_position: p.signer_position.trim().to_owned(),
        signer_name: p.signer_name.trim().to_owned(),
    })
}

/// Stores a validated profile; a changed population makes the analytics
/// reload (their per-1,000 figures divide by it).
pub fn save(conn: &Connection, p: &OfficeProfile) -> CoreResult<()> {
    let old = load(conn)?;
    let values = [
        &p.name,
        &p.short_name,
        &p.district,
        &p.population,
        &p.signer_position,
        &p.signer_name,
    ];
    for (key, value) in KEYS.iter().zip(values) {
        settings::set(conn, key, value)?;
    }
    if old.population != p.population {
        crate::analytics::facts::touch(conn)?;
    }
    Ok(())
}

impl Office {
    /// The office's full name, the header of its documents (settings
    /// `office_name`; the window shows the short one).
    pub fn office_name(&self) -> CoreResult<String> {
        Ok(self.office_profile()?.name)
    }

    pub fn office_profile(&self) -> CoreResult<OfficeProfile> {
        self.db.read(load)
    }

    /// Validates (every field error at once) and saves the office's
    /// particulars, audited like the other settings.
    pub fn save_office_profile(
        &self,
        p: &OfficeProfile,
        actor: &Actor<'_>,
    ) -> CoreResult<OfficeProfile> {
        let p = p.validated()?;
        self.db.write(|tx| {
            let old = load(tx)?;
            save(tx, &p)?;
            record_settings(tx, actor, &old, &p)
        })?;
        Ok(p)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn population_takes_digits_with_spaces_or_nothing() {
        assert_eq!(population("14 881"), Ok(Some(14_881)));
        assert_eq!(population(" "), Ok(None));
        assert_eq!(population("0"), Err(()));
        assert_eq!(population("много"), Err(()));
        assert_eq!(population("-5"), Err(()));
        assert_eq!(population("14,9"), Err(()));
    }

    #[test]
    fn every_error_at_once_and_values_trimmed() {
        let bad = OfficeProfile {
            name: "  ".into(),
            short_name: "М".repeat(61),
            population: "около 15 тысяч".into(),
            ..Default::default()
        };
        let Err(CoreError::Validation(errors)) = bad.validated() else {
            panic!("accepted");
        };
        let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["name", "short_name", "population"]);
        assert_eq!(errors[0].message, "Укажите полное наименование.");

        let good = (OfficeProfile {
            name: " МЦУ района ".into(),
            short_name: "МЦУ".into(),
            population: "14 881".into(),
            signer_name: " А. В. Иванов ".into(),
            ..Default::default()
        })
        .validated()
        .unwrap();
        assert_eq!(good.name, "МЦУ района");
        assert_eq!(good.population, "14881");
        assert_eq!(good.signer_name, "А. В. Иванов");
    }
}
