//! Reference data written into a new database: the office, channels, sector
//! blocks and persons, settlements, the ТОТК classifier with its mapping to
//! the 8 themes and to blocks, the default deadline rules and settings.
//! Seeding runs once per database (marked in `settings`), so what an office
//! later edits or removes is never put back.

use chrono::NaiveDateTime;
use rusqlite::{Transaction, params};
use serde::Deserialize;

use crate::deadline::default_rules;
use crate::error::CoreResult;

const OFFICE_JSON: &str = include_str!("../../../../assets/reference/office.json");
const TOTK_TSV: &str = include_str!("../../../../assets/reference/totk.tsv");
const MAPPING_TSV: &str = include_str!("../../../../assets/reference/topic_mapping.tsv");

/// Bumped when a new kind of reference data is added to the seed.
const SEED_VERSION: i64 = 1;

#[derive(Deserialize)]
struct OfficeSeed {
    office: OfficeInfo,
    channels: Vec<ChannelSeed>,
    blocks: Vec<BlockSeed>,
    persons: Vec<PersonSeed>,
    settlements: Vec<SettlementSeed>,
}

#[derive(Deserialize)]
pub struct OfficeInfo {
    pub name: String,
    pub short_name: String,
    pub district: String,
    pub district_population: Option<i64>,
}

#[derive(Deserialize)]
struct ChannelSeed {
    code: String,
    name: String,
    default_kind: String,
}

#[derive(Deserialize)]
struct BlockSeed {
    code: String,
    name: String,
}

#[derive(Deserialize)]
struct PersonSeed {
    full_name: String,
    position: String,
    role: String,
    blocks: Vec<String>,
}

#[derive(Deserialize)]
struct SettlementSeed {
    name: String,
    kind: String,
    population: Option<i64>,
    population_year: Option<i32>,
    lat: Option<f64>,
    lon: Option<f64>,
    note: String,
}

/// One row of the ТОТК file: code, level, name.
pub fn totk_rows() -> impl Iterator<Item = (&'static str, u8, &'static str)> {
    TOTK_TSV.lines().skip(1).filter_map(|line| {
        let mut it = line.split('\t');
        let code = it.next()?.trim();
        let level = it.next()?.trim().parse().ok()?;
        let name = it.next()?.trim();
        (!code.is_empty()).then_some((code, level, name))
    })
}

/// The mapping rows: code prefix → (theme, block code).
pub fn mapping_rows() -> Vec<(&'static str, Option<&'static str>, Option<&'static str>)> {
    MAPPING_TSV
        .lines()
        .skip(1)
        .filter_map(|line| {
            let mut it = line.split('\t');
            let prefix = it.next()?.trim();
            let theme = it.next().map(str::trim).filter(|s| !s.is_empty());
            let block = it.next().map(str::trim).filter(|s| !s.is_empty());
            (!prefix.is_empty()).then_some((prefix, theme, block))
        })
        .collect()
}

/// Theme and block for a code: the longest matching prefix of the mapping.
pub fn map_topic<'a>(
    code: &str,
    mapping: &[(&'a str, Option<&'a str>, Option<&'a str>)],
) -> (Option<&'a str>, Option<&'a str>) {
    mapping
        .iter()
        .filter(|(p, _, _)| {
            code.starts_with(p) && (code.len() == p.len() || code.as_bytes()[p.len()] == b'.')
        })
        .max_by_key(|(p, _, _)| p.len())
        .map(|(_, t, b)| (*t, *b))
        .unwrap_or((None, None))
}

pub fn seed(tx: &Transaction<'_>, now: NaiveDateTime) -> CoreResult<()> {
    let seed: OfficeSeed =
        serde_json::from_str(OFFICE_JSON).expect("assets/reference/office.json is valid");
    // Settings added in later versions reach older databases too; existing values are kept.
    let settings = [
        (
            "number_pattern",
            crate::numbering::DEFAULT_PATTERN.to_owned(),
        ),
        ("office_name", seed.office.name.clone()),
        ("office_short_name", seed.office.short_name.clone()),
        ("district", seed.office.district.clone()),
        (
            "district_population",
            seed.office
                .district_population
                .map(|p| p.to_string())
                .unwrap_or_default(),
        ),
        (
            "schedule",
            serde_json::to_string(&crate::calendar::OfficeSchedule::default())
                .expect("serialisable"),
        ),
    ];
    for (k, v) in settings {
        tx.execute(
            "INSERT OR IGNORE INTO settings (key, value) VALUES (?1, ?2)",
            params![k, v],
        )?;
    }
    let done: Option<i64> = tx
        .query_row(
            "SELECT CAST(value AS INTEGER) FROM settings WHERE key = 'seed_version'",
            [],
            |r| r.get(0),
        )
        .ok();
    if done.is_some_and(|v| v >= SEED_VERSION) {
        return Ok(());
    }
    let seed: OfficeSeed =
        serde_json::from_str(OFFICE_JSON).expect("assets/reference/office.json is valid");
    let stamp = super::rows::fmt_dt(now);

    for (i, c) in seed.channels.iter().enumerate() {
        tx.execute(
            "INSERT OR IGNORE INTO channels (code, name, default_kind, sort) VALUES (?1, ?2, ?3, ?4)",
            params![c.code, c.name, c.default_kind, i as i64],
        )?;
    }
    for (i, b) in seed.blocks.iter().enumerate() {
        tx.execute(
            "INSERT OR IGNORE INTO sector_blocks (code, name, sort) VALUES (?1, ?2, ?3)",
            params![b.code, b.name, i as i64],
        )?;
    }
    for (i, p) in seed.persons.iter().enumerate() {
        tx.execute(
            "INSERT OR IGNORE INTO persons (full_name, position, role, sort) VALUES (?1, ?2, ?3, ?4)",
            params![p.full_name, p.position, p.role, i as i64],
        )?;
        for b in &p.blocks {
            tx.execute(
                "INSERT OR IGNORE INTO block_persons (block_id, person_id)
                 SELECT b.id, p.id FROM sector_blocks b, persons p WHERE b.code = ?1 AND p.full_name = ?2",
                params![b, p.full_name],
            )?;
        }
    }
    for s in &seed.settlements {
        tx.execute(
            "INSERT OR IGNORE INTO settlements (name, kind, population, population_year, lat, lon, note)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![s.name, s.kind, s.population, s.population_year, s.lat, s.lon, s.note],
        )?;
    }

    let mapping = mapping_rows();
    {
        let mut insert = tx.prepare(
            "INSERT OR IGNORE INTO topics (code, name, level, theme, block_id)
             VALUES (?1, ?2, ?3, ?4, (SELECT id FROM sector_blocks WHERE code = ?5))",
        )?;
        for (code, level, name) in totk_rows() {
            let (theme, block) = map_topic(code, &mapping);
            insert.execute(params![code, name, level, theme, block])?;
        }
    }

    for r in default_rules() {
        tx.execute(
            "INSERT OR IGNORE INTO deadline_rules
             (id, kind, topic_prefix, name, days, day_kind, response_hours, extendable, max_extension_days, active, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, 1, ?10)",
            params![
                r.id,
                r.kind,
                r.topic_prefix,
                r.name,
                r.days,
                r.day_kind,
                r.response_hours,
                r.extendable,
                r.max_extension_days,
                stamp
            ],
        )?;
    }

    tx.execute(
        "INSERT INTO settings (key, value) VALUES ('seed_version', ?1)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        params![SEED_VERSION.to_string()],
    )?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn longest_prefix_wins_and_respects_block_boundaries() {
        let m = mapping_rows();
        assert_eq!(
            map_topic("0005.0005.0056.1154", &m),
            (Some("housing"), Some("utilities"))
        );
        assert_eq!(
            map_topic("0005.0005.0056.1160", &m),
            (Some("waste"), Some("utilities"))
        );
        assert_eq!(
            map_topic("0005.0005.0055.1122", &m),
            (Some("housing"), Some("housing"))
        );
        assert_eq!(
            map_topic("0003.0009.0099.0742", &m),
            (Some("roads"), Some("construction"))
        );
        assert_eq!(
            map_topic("0003.0009.0099.0733", &m),
            (Some("transport"), Some("transport"))
        );
        assert_eq!(
            map_topic("0002.0013.0139.0329", &m),
            (Some("education"), Some("education"))
        );
        // "0001" must not match "00010…": prefixes end at a block boundary.
        assert_eq!(map_topic("0000.0000.0000.0001", &m), (None, None));
    }

    #[test]
    fn every_mapping_names_a_known_theme_and_block() {
        let seed: OfficeSeed = serde_json::from_str(OFFICE_JSON).unwrap();
        for (p, t, b) in mapping_rows() {
            if let Some(t) = t {
                assert!(
                    crate::model::Theme::from_code(t).is_some(),
                    "{p}: theme {t}"
                );
            }
            if let Some(b) = b {
                assert!(seed.blocks.iter().any(|x| x.code == b), "{p}: block {b}");
            }
        }
    }
}
