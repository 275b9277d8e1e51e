//! The facts behind the analytics: one entry per (appeal, question), sorted by
//! registration day, with dictionary indices for topic, block, settlement,
//! channel and kind. Loaded from SQLite in one pass; also buildable from any
//! rows (a test aggregates a US 311 sample through the same code).

use std::collections::HashMap;

use rusqlite::Connection;

use super::week::day_number;
use crate::db::rows::get_date;
use crate::error::CoreResult;
use crate::model::{AppealKind, Theme};

/// "No value" in a dimension (no block assigned, no settlement given).
pub const NONE: u32 = u32::MAX;

#[derive(Debug, Clone, PartialEq)]
pub struct TopicInfo {
    pub code: String,
    pub name: String,
    pub theme: Option<Theme>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Place {
    pub id: i64,
    pub name: String,
    pub population: Option<i64>,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Facts {
    /// The `counters.facts` value these facts were loaded at.
    pub generation: i64,
    /// The registration days loaded (`None`: unbounded on that side).
    pub covers: (Option<i32>, Option<i32>),
    /// A dense appeal number: the questions of one appeal are adjacent and share it.
    pub appeal: Vec<u32>,
    pub day: Vec<i32>,
    pub topic: Vec<u32>,
    pub block: Vec<u32>,
    pub settlement: Vec<u32>,
    pub channel: Vec<u32>,
    pub kind: Vec<u8>,
    pub topics: Vec<TopicInfo>,
    /// (id, name).
    pub blocks: Vec<(i64, String)>,
    pub settlements: Vec<Place>,
    /// (code, name).
    pub channels: Vec<(String, String)>,
    /// ТОТК section code → name.
    pub sections: HashMap<String, String>,
    /// The district's population, the denominator when columns are not settlements.
    pub district_population: Option<i64>,
}

pub fn kind_index(k: AppealKind) -> u8 {
    match k {
        AppealKind::Fz59 => 0,
        AppealKind::Pos => 1,
        AppealKind::Incident => 2,
    }
}

impl Facts {
    pub fn len(&self) -> usize {
        self.day.len()
    }

    /// Whether these facts hold every question registered from `from` to `to`.
    pub fn covers(&self, from: Option<i32>, to: Option<i32>) -> bool {
        let lo = match (self.covers.0, from) {
            (None, _) => true,
            (Some(_), None) => false,
            (Some(a), Some(b)) => a <= b,
        };
        let hi = match (self.covers.1, to) {
            (None, _) => true,
            (Some(_), None) => false,
            (Some(a), Some(b)) => a >= b,
        };
        lo && hi
    }

    pub fn is_empty(&self) -> bool {
        self.day.is_empty()
    }

    /// The index range of facts with `from <= day <= to` (days are sorted).
    pub fn range(&self, from: Option<i32>, to: Option<i32>) -> std::ops::Range<usize> {
        let lo = from.map_or(0, |f| self.day.partition_point(|d| *d < f));
        let hi = to.map_or(self.day.len(), |t| self.day.partition_point(|d| *d <= t));
        lo..hi.max(lo)
    }

    /// Appends one fact; callers keep days sorted (or call [`Facts::sort`]).
    #[allow(clippy::too_many_arguments)] // one column each
    pub fn push(
        &mut self,
        appeal: u32,
        day: i32,
        topic: u32,
        block: u32,
        settlement: u32,
        channel: u32,
        kind: u8,
    ) {
        self.appeal.push(appeal);
        self.day.push(day);
        self.topic.push(topic);
        self.block.push(block);
        self.settlement.push(settlement);
        self.channel.push(channel);
        self.kind.push(kind);
    }

    /// Sorts the facts by day (for loaders whose rows come unordered).
    pub fn sort(&mut self) {
        let mut idx: Vec<usize> = (0..self.day.len()).collect();
        idx.sort_by_key(|&i| (self.day[i], self.appeal[i]));
        let pick = |v: &Vec<u32>| idx.iter().map(|&i| v[i]).collect::<Vec<_>>();
        self.appeal = pick(&self.appeal);
        self.topic = pick(&self.topic);
        self.block = pick(&self.block);
        self.settlement = pick(&self.settlement);
        self.channel = pick(&self.channel);
        self.kind = idx.iter().map(|&i| self.kind[i]).collect();
        self.day = idx.iter().map(|&i| self.day[i]).collect();
    }
}

/// The generation of the facts in the database.
/// Marks the facts stale (a setting they depend on changed).
pub fn touch(conn: &Connection) -> CoreResult<()> {
    conn.execute(
        "UPDATE counters SET value = value + 1 WHERE key = 'facts'",
        [],
    )?;
    Ok(())
}

pub fn generation(conn: &Connection) -> CoreResult<i64> {
    Ok(conn.query_row(
        "SELECT coalesce((SELECT value FROM counters WHERE key = 'facts'), 0)",
        [],
        |r| r.get(0),
    )?)
}

/// The facts in registration order, read through the registration index
/// (a test asserts the plan: no table scan, no sort).
pub const LOAD_SQL: &str = "SELECT substr(a.registered_at, 1, 10), q.topic_code, a.block_id, a.settlement_id, a.channel, a.kind, a.id
     FROM appeals a INDEXED BY appeals_registered
     JOIN appeal_questions q ON q.appeal_id = a.id
     WHERE a.registered_at >= ?1 AND a.registered_at < ?2
     ORDER BY a.registered_at";

/// Loads every (appeal, question) of the register.
pub fn load(conn: &Connection) -> CoreResult<Facts> {
    load_range(conn, None, None)
}

/// Loads the (appeal, question) pairs registered from `from` to `to`
/// (inclusive days; `None`: unbounded): a week out of a million appeals is a
/// few milliseconds where the whole register takes seconds.
pub fn load_range(
    conn: &Connection,
    from: Option<chrono::NaiveDate>,
    to: Option<chrono::NaiveDate>,
) -> CoreResult<Facts> {
    let mut f = Facts {
        generation: generation(conn)?,
        covers: (from.map(day_number), to.map(day_number)),
        ..Facts::default()
    };
    let mut topic_ix: HashMap<String, u32> = HashMap::new();
    {
        let mut st = conn.prepare("SELECT code, name, theme, level FROM topics ORDER BY code")?;
        let rows = st.query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, Option<Theme>>(2)?,
                r.get::<_, i64>(3)?,
            ))
        })?;
        for row in rows {
            let (code, name, theme, level) = row?;
            if level == 1 {
                f.sections
                    .insert(code[..4.min(code.len())].to_owned(), name.clone());
            }
            topic_ix.insert(code.clone(), f.topics.len() as u32);
            f.topics.push(TopicInfo { code, name, theme });
        }
    }
    let mut block_ix: HashMap<i64, u32> = HashMap::new();
    for b in crate::db::reference::blocks(conn)? {
        block_ix.insert(b.id, f.blocks.len() as u32);
        f.blocks.push((b.id, b.name));
    }
    let mut place_ix: HashMap<i64, u32> = HashMap::new();
    for s in crate::db::reference::settlements(conn)? {
        place_ix.insert(s.id, f.settlements.len() as u32);
        f.settlements.push(Place {
            id: s.id,
            name: s.name,
            population: s.population,
            lat: s.lat,
            lon: s.lon,
        });
    }
    let mut channel_ix: HashMap<String, u32> = HashMap::new();
    for c in crate::db::reference::channels(conn)? {
        channel_ix.insert(c.code.clone(), f.channels.len() as u32);
        f.channels.push((c.code, c.name));
    }
    f.district_population =
        crate::db::settings::get(conn, "district_population")?.and_then(|s| s.parse().ok());

    let mut st = conn.prepare(LOAD_SQL)?;
    // Registration times are ISO text: a day's bounds are string bounds.
    let lo = from.map_or_else(String::new, |d| d.format("%Y-%m-%d").to_string());
    let hi = to.map_or_else(
        || "9999".to_string(),
        |d| {
            (d + chrono::Duration::days(1))
                .format("%Y-%m-%d")
                .to_string()
        },
    );
    let mut rows = st.query([lo, hi])?;
    let (mut last_id, mut appeal) = (None, 0u32);
    while let Some(r) = rows.next()? {
        let day = day_number(get_date(r, 0)?);
        let text = |i: usize| {
            r.get_ref(i)
                .and_then(|v| v.as_str().map_err(rusqlite::Error::from))
        };
        let topic = topic_ix.get(text(1)?).copied().unwrap_or(NONE);
        let block = r
            .get::<_, Option<i64>>(2)?
            .and_then(|id| block_ix.get(&id).copied())
            .unwrap_or(NONE);
        let place = r
            .get::<_, Option<i64>>(3)?
            .and_then(|id| place_ix.get(&id).copied())
            .unwrap_or(NONE);
        let channel = channel_ix.get(text(4)?).copied().unwrap_or(NONE);
        let kind = kind_index(r.get(5)?);
        let id: i64 = r.get(6)?;
        if last_id.is_some_and(|l| l != id) {
            appeal += 1;
        }
        last_id = Some(id);
        f.push(appeal, day, topic, block, place, channel, kind);
    }
    Ok(f)
}
