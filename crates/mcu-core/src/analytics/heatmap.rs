//! The heat map (тепловая карта): counts of appeals by a row dimension
//! (topic, theme, sector block, ТОТК section) and a column dimension
//! (settlement, ISO week, month, block), or counts per 1,000 residents, with
//! totals on the margins; and the journal filter behind each cell.
//!
//! A cell counts questions, i.e. (appeal, question) pairs, so the cells add up
//! to the questions of the period. It also knows how many distinct appeals
//! are behind it (two questions of one ТОТК section in one appeal are two
//! questions but one appeal): that is what the journal lists for the cell.

use std::collections::HashMap;

use chrono::{Datelike, Duration, NaiveDate};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::facts::{Facts, NONE, kind_index};
use super::week::{
    day_number, from_day_number, month_label, month_start, next_month, week_label, week_start,
};
use crate::model::{AppealKind, JournalQuery, Theme};

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "clap", derive(clap::ValueEnum))]
#[ts(export)]
pub enum RowDim {
    #[default]
    Topic,
    Theme,
    Block,
    Section,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "clap", derive(clap::ValueEnum))]
#[ts(export)]
pub enum ColDim {
    #[default]
    Settlement,
    Week,
    Month,
    Block,
}

impl RowDim {
    pub fn label(self) -> &'static str {
        match self {
            RowDim::Topic => "Тема (вопрос ТОТК)",
            RowDim::Theme => "Социально значимая тема",
            RowDim::Block => "Отраслевой блок",
            RowDim::Section => "Раздел ТОТК",
        }
    }
}

impl ColDim {
    pub fn label(self) -> &'static str {
        match self {
            ColDim::Settlement => "Населённый пункт",
            ColDim::Week => "Неделя",
            ColDim::Month => "Месяц",
            ColDim::Block => "Отраслевой блок",
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(default)]
#[ts(export)]
pub struct HeatmapQuery {
    pub rows: RowDim,
    pub cols: ColDim,
    #[ts(type = "string | null")]
    pub from: Option<NaiveDate>,
    #[ts(type = "string | null")]
    pub to: Option<NaiveDate>,
    pub channel: Option<String>,
    pub kind: Option<AppealKind>,
    /// Only questions of this socially significant theme.
    pub theme: Option<Theme>,
    pub per_1000: bool,
}

/// A row or column: a stable key (for filters) and a name (for people).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct AxisLabel {
    /// Topic or section code, theme code, block or settlement id, week "2026-W48",
    /// month "2026-11"; empty for "not given".
    pub key: String,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct Heatmap {
    pub query: HeatmapQuery,
    /// The period actually covered (the data's own span when not given).
    #[ts(type = "string | null")]
    pub from: Option<NaiveDate>,
    #[ts(type = "string | null")]
    pub to: Option<NaiveDate>,
    pub rows: Vec<AxisLabel>,
    pub cols: Vec<AxisLabel>,
    /// Question counts ((appeal, question) pairs), [row][col].
    pub counts: Vec<Vec<u64>>,
    /// Distinct appeals behind each cell, [row][col]: what its journal lists.
    pub appeals: Vec<Vec<u64>>,
    /// What is shown: counts, or per 1,000 residents (None where the population is unknown).
    pub values: Vec<Vec<Option<f64>>>,
    pub row_totals: Vec<u64>,
    pub col_totals: Vec<u64>,
    pub row_total_values: Vec<Option<f64>>,
    pub col_total_values: Vec<Option<f64>>,
    pub total: u64,
    pub total_value: Option<f64>,
    /// Settlements whose population is unknown (per-1,000 figures are blank for them).
    pub missing_population: Vec<String>,
}

fn theme_index(t: Option<Theme>) -> u32 {
    t.and_then(|t| Theme::ALL.iter().position(|x| *x == t))
        .map_or(NONE, |i| i as u32)
}

/// Computes a heat map over `facts`.
pub fn heatmap(f: &Facts, q: &HeatmapQuery) -> Heatmap {
    let range = f.range(q.from.map(day_number), q.to.map(day_number));
    let first_day = q
        .from
        .map(day_number)
        .or_else(|| f.day.get(range.start).copied());
    let last_day =
        q.to.map(day_number)
            .or_else(|| range.end.checked_sub(1).and_then(|i| f.day.get(i)).copied());
    let (from, to) = (
        first_day.map(from_day_number),
        last_day.map(from_day_number),
    );
    let channel = q.channel.as_ref().map(|c| {
        f.channels
            .iter()
            .position(|(code, _)| code == c)
            .map_or(NONE - 1, |i| i as u32)
    });
    let kind = q.kind.map(kind_index);
    let theme = q.theme.map(|t| theme_index(Some(t)));

    // Column slots of time dimensions follow the calendar, empty weeks included.
    let week0 = from.map(week_start);
    let month0 = from.map(month_start);
    // Keys are what labels are made of (topic index, theme index, section
    // number, block index, calendar slot; NONE for "not given"). Counting runs
    // on dense indices into one flat matrix: a hash map per fact costs more
    // than the rest of the pass at a million questions.
    let topic_theme: Vec<u32> = f.topics.iter().map(|t| theme_index(t.theme)).collect();
    let topic_key: Vec<u32> = match q.rows {
        RowDim::Topic => (0..f.topics.len() as u32).collect(),
        RowDim::Theme => topic_theme.clone(),
        RowDim::Block => Vec::new(),
        RowDim::Section => f
            .topics
            .iter()
            .map(|t| {
                t.code
                    .get(..4)
                    .and_then(|s| s.parse::<u32>().ok())
                    .unwrap_or(NONE)
            })
            .collect(),
    };
    let mut row_keys_dense: Vec<u32> = Vec::new();
    let mut dense_of: HashMap<u32, u32> = HashMap::new();
    let mut dense = |k: u32| -> u32 {
        *dense_of.entry(k).or_insert_with(|| {
            row_keys_dense.push(k);
            row_keys_dense.len() as u32 - 1
        })
    };
    // Row index per topic (or per block), NONE last.
    let topic_row: Vec<u32> = topic_key.iter().map(|k| dense(*k)).collect();
    let block_row: Vec<u32> = (0..f.blocks.len() as u32).map(&mut dense).collect();
    let none_row = dense(NONE);
    let n_rows = row_keys_dense.len();
    let row_of = |i: usize| -> u32 {
        match q.rows {
            RowDim::Block => block_row
                .get(f.block[i] as usize)
                .copied()
                .unwrap_or(none_row),
            _ => topic_row
                .get(f.topic[i] as usize)
                .copied()
                .unwrap_or(none_row),
        }
    };
    let week0_day = week0.map(day_number);
    let n_slots = |first: Option<NaiveDate>, last: Option<NaiveDate>, months: bool| -> usize {
        match (first, last) {
            (Some(a), Some(b)) if months => {
                ((b.year() - a.year()) * 12 + b.month0() as i32 - a.month0() as i32 + 1).max(0)
                    as usize
            }
            (Some(a), Some(b)) => ((week_start(b) - a).num_days() / 7 + 1).max(0) as usize,
            _ => 0,
        }
    };
    // Columns: the dimension's size plus one for "not given".
    let n_cols = match q.cols {
        ColDim::Settlement => f.settlements.len(),
        ColDim::Block => f.blocks.len(),
        ColDim::Week => n_slots(week0, to, false),
        ColDim::Month => n_slots(month0, to, true),
    } + 1;
    let none_col = (n_cols - 1) as u32;
    let (mut month_day, mut month_slot) = (i32::MIN, 0u32);
    let mut col_of = |i: usize| -> u32 {
        let k = match q.cols {
            ColDim::Settlement => f.settlement[i],
            ColDim::Block => f.block[i],
            ColDim::Week => week0_day.map_or(0, |w0| ((f.day[i] - w0) / 7) as u32),
            ColDim::Month => {
                // Facts are sorted by day: the month is worked out once per day.
                if f.day[i] != month_day {
                    month_day = f.day[i];
                    let b = from_day_number(month_day);
                    month_slot = month0.map_or(0, |m0| {
                        ((b.year() - m0.year()) * 12 + b.month0() as i32 - m0.month0() as i32)
                            as u32
                    });
                }
                month_slot
            }
        };
        if k == NONE || k >= none_col {
            none_col
        } else {
            k
        }
    };

    let passes = |i: usize| {
        !(channel.is_some_and(|c| f.channel[i] != c)
            || kind.is_some_and(|k| f.kind[i] != k)
            || theme.is_some_and(|t| {
                topic_theme
                    .get(f.topic[i] as usize)
                    .copied()
                    .unwrap_or(NONE)
                    != t
            }))
    };
    // (questions, distinct appeals) per cell, [row * n_cols + col].
    let mut matrix: Vec<(u64, u64)> = vec![(0, 0); n_rows * n_cols];
    let start = range.start;
    for i in range {
        if !passes(i) {
            continue;
        }
        let row = row_of(i);
        // Columns are properties of the appeal; only the row can repeat within it.
        let mut j = i;
        let mut seen = false;
        while j > start && f.appeal[j - 1] == f.appeal[i] {
            j -= 1;
            if passes(j) && row_of(j) == row {
                seen = true;
                break;
            }
        }
        let cell = &mut matrix[row as usize * n_cols + col_of(i) as usize];
        cell.0 += 1;
        if !seen {
            cell.1 += 1;
        }
    }
    let mut cells: HashMap<(u32, u32), (u64, u64)> = HashMap::new();
    for (idx, cell) in matrix.iter().enumerate() {
        if cell.0 > 0 {
            let (r, c) = (idx / n_cols, (idx % n_cols) as u32);
            cells.insert(
                (row_keys_dense[r], if c == none_col { NONE } else { c }),
                *cell,
            );
        }
    }

    // Rows: by total, largest first; the "not given" row last.
    let mut row_tot: HashMap<u32, u64> = HashMap::new();
    for ((r, _), (n, _)) in &cells {
        *row_tot.entry(*r).or_insert(0) += n;
    }
    let mut row_keys: Vec<u32> = row_tot.keys().copied().collect();
    row_keys.sort_by(|a, b| {
        ((*a == NONE), std::cmp::Reverse(row_tot[a]), *a).cmp(&(
            (*b == NONE),
            std::cmp::Reverse(row_tot[b]),
            *b,
        ))
    });

    // Columns: every settlement or block (so quiet places show as zeros), or the calendar slots.
    let mut col_keys: Vec<u32> = match q.cols {
        ColDim::Settlement => (0..f.settlements.len() as u32).collect(),
        ColDim::Block => (0..f.blocks.len() as u32).collect(),
        ColDim::Week => match (week0, to) {
            (Some(w0), Some(t)) => (0..=((week_start(t) - w0).num_days() / 7) as u32).collect(),
            _ => Vec::new(),
        },
        ColDim::Month => match (month0, to) {
            (Some(m0), Some(t)) => {
                let mut v = Vec::new();
                let mut m = m0;
                while m <= t {
                    v.push(v.len() as u32);
                    m = next_month(m);
                }
                v
            }
            _ => Vec::new(),
        },
    };
    if cells.keys().any(|(_, c)| *c == NONE) {
        col_keys.push(NONE);
    }

    let row_label = |k: u32| -> AxisLabel {
        if k == NONE {
            let name = match q.rows {
                RowDim::Theme => "Вне социально значимых тем",
                RowDim::Block => "Блок не назначен",
                _ => "Не указано",
            };
            return AxisLabel {
                key: String::new(),
                name: name.into(),
            };
        }
        match q.rows {
            RowDim::Topic => {
                let t = &f.topics[k as usize];
                AxisLabel {
                    key: t.code.clone(),
                    name: t.name.clone(),
                }
            }
            RowDim::Theme => {
                let t = Theme::ALL[k as usize];
                AxisLabel {
                    key: t.code().into(),
                    name: t.label().into(),
                }
            }
            RowDim::Block => AxisLabel {
                key: f.blocks[k as usize].0.to_string(),
                name: f.blocks[k as usize].1.clone(),
            },
            RowDim::Section => {
                let code = format!("{k:04}");
                AxisLabel {
                    name: f
                        .sections
                        .get(&code)
                        .cloned()
                        .unwrap_or_else(|| code.clone()),
                    key: code,
                }
            }
        }
    };
    let col_label = |k: u32| -> AxisLabel {
        if k == NONE {
            let name = if q.cols == ColDim::Block {
                "Блок не назначен"
            } else {
                "Не указан"
            };
            return AxisLabel {
                key: String::new(),
                name: name.into(),
            };
        }
        match q.cols {
            ColDim::Settlement => AxisLabel {
                key: f.settlements[k as usize].id.to_string(),
                name: f.settlements[k as usize].name.clone(),
            },
            ColDim::Block => AxisLabel {
                key: f.blocks[k as usize].0.to_string(),
                name: f.blocks[k as usize].1.clone(),
            },
            ColDim::Week => {
                let d =
                    week0.expect("weeks exist only with a start") + Duration::weeks(i64::from(k));
                AxisLabel {
                    key: week_label(d),
                    name: week_label(d),
                }
            }
            ColDim::Month => {
                let mut m = month0.expect("months exist only with a start");
                for _ in 0..k {
                    m = next_month(m);
                }
                AxisLabel {
                    key: month_label(m),
                    name: month_label(m),
                }
            }
        }
    };

    let matrix = |pick: fn(&(u64, u64)) -> u64| -> Vec<Vec<u64>> {
        row_keys
            .iter()
            .map(|r| {
                col_keys
                    .iter()
                    .map(|c| cells.get(&(*r, *c)).map_or(0, pick))
                    .collect()
            })
            .collect()
    };
    let counts = matrix(|c| c.0);
    let appeals = matrix(|c| c.1);
    let row_totals: Vec<u64> = counts.iter().map(|r| r.iter().sum()).collect();
    let col_totals: Vec<u64> = (0..col_keys.len())
        .map(|j| counts.iter().map(|r| r[j]).sum())
        .collect();
    let total: u64 = row_totals.iter().sum();

    // Per 1,000 residents: by the settlement's population for settlement
    // columns, by the district's otherwise.
    let pop_of_col = |k: u32| -> Option<f64> {
        if q.cols == ColDim::Settlement {
            (k != NONE)
                .then(|| f.settlements[k as usize].population)
                .flatten()
                .filter(|p| *p > 0)
                .map(|p| p as f64)
        } else {
            f.district_population.filter(|p| *p > 0).map(|p| p as f64)
        }
    };
    let per = |n: u64, pop: Option<f64>| -> Option<f64> {
        if q.per_1000 {
            pop.map(|p| n as f64 * 1000.0 / p)
        } else {
            Some(n as f64)
        }
    };
    let col_pops: Vec<Option<f64>> = col_keys.iter().map(|c| pop_of_col(*c)).collect();
    // Row totals per 1,000: over the columns whose population is known.
    let known_pop: f64 = if q.cols == ColDim::Settlement {
        col_pops.iter().flatten().sum()
    } else {
        f.district_population.unwrap_or(0) as f64
    };
    let values: Vec<Vec<Option<f64>>> = counts
        .iter()
        .map(|r| r.iter().zip(&col_pops).map(|(n, p)| per(*n, *p)).collect())
        .collect();
    let row_total_values = counts
        .iter()
        .map(|r| {
            let n: u64 = if q.per_1000 && q.cols == ColDim::Settlement {
                r.iter()
                    .zip(&col_pops)
                    .filter(|(_, p)| p.is_some())
                    .map(|(n, _)| n)
                    .sum()
            } else {
                r.iter().sum()
            };
            per(n, (known_pop > 0.0).then_some(known_pop))
        })
        .collect();
    let col_total_values = col_totals
        .iter()
        .zip(&col_pops)
        .map(|(n, p)| per(*n, *p))
        .collect();
    // Counts are complete; only rates are limited to known populations.
    let known_total: u64 = if q.per_1000 && q.cols == ColDim::Settlement {
        col_totals
            .iter()
            .zip(&col_pops)
            .filter(|(_, p)| p.is_some())
            .map(|(n, _)| n)
            .sum()
    } else {
        total
    };
    let missing_population = if q.per_1000 && q.cols == ColDim::Settlement {
        f.settlements
            .iter()
            .filter(|s| s.population.is_none_or(|p| p <= 0))
            .map(|s| s.name.clone())
            .collect()
    } else {
        Vec::new()
    };
    Heatmap {
        query: q.clone(),
        from,
        to,
        rows: row_keys.iter().map(|k| row_label(*k)).collect(),
        cols: col_keys.iter().map(|k| col_label(*k)).collect(),
        counts,
        appeals,
        values,
        row_totals,
        col_totals,
        row_total_values,
        col_total_values,
        total,
        total_value: per(known_total, (known_pop > 0.0).then_some(known_pop)),
        missing_population,
    }
}

/// The journal filter that lists the appeals behind a cell. `exact` is false
/// when a "not given" row or column cannot be expressed as a filter (the
/// journal then shows a superset).
pub fn cell_query(h: &Heatmap, row: usize, col: usize) -> (JournalQuery, bool) {
    let q = &h.query;
    let mut j = JournalQuery {
        from: h.from,
        to: h.to,
        channel: q.channel.clone(),
        kind: q.kind,
        theme: q.theme,
        ..Default::default()
    };
    let mut exact = true;
    let (r, c) = (&h.rows[row], &h.cols[col]);
    if r.key.is_empty() {
        exact = false;
    } else {
        match q.rows {
            RowDim::Topic | RowDim::Section => j.topic = Some(r.key.clone()),
            RowDim::Theme => j.theme = Theme::from_code(&r.key),
            RowDim::Block => j.block_id = r.key.parse().ok(),
        }
    }
    if c.key.is_empty() {
        exact = false;
    } else {
        match q.cols {
            ColDim::Settlement => j.settlement_id = c.key.parse().ok(),
            ColDim::Block => j.block_id = c.key.parse().ok(),
            ColDim::Week => {
                if let Some(monday) = super::week::parse_week(&c.key) {
                    j.from = Some(h.from.map_or(monday, |f| f.max(monday)));
                    let sunday = monday + Duration::days(6);
                    j.to = Some(h.to.map_or(sunday, |t| t.min(sunday)));
                }
            }
            ColDim::Month => {
                if let Ok(m) = NaiveDate::parse_from_str(&format!("{}-01", c.key), "%Y-%m-%d") {
                    j.from = Some(h.from.map_or(m, |f| f.max(m)));
                    let end = next_month(m) - Duration::days(1);
                    j.to = Some(h.to.map_or(end, |t| t.min(end)));
                }
            }
        }
    }
    // A theme row with theme filter, or two block dimensions, are consistent by construction.
    (j, exact)
}

/// CSV: a header row of column labels, a first column of row labels, the
/// counts (or per-1,000 values), totals last.
pub fn to_csv(h: &Heatmap) -> String {
    let mut out = String::new();
    let esc = |s: &str| {
        if s.contains([',', '"', '\n']) {
            format!("\"{}\"", s.replace('"', "\"\""))
        } else {
            s.to_owned()
        }
    };
    let fmt = |v: Option<f64>, n: u64| -> String {
        if h.query.per_1000 {
            v.map(|x| format!("{x:.2}")).unwrap_or_default()
        } else {
            n.to_string()
        }
    };
    out.push_str(&esc(h.query.rows.label()));
    for c in &h.cols {
        out.push(',');
        out.push_str(&esc(&c.name));
    }
    out.push_str(",Итого\n");
    for (i, r) in h.rows.iter().enumerate() {
        out.push_str(&esc(&r.name));
        for j in 0..h.cols.len() {
            out.push(',');
            out.push_str(&fmt(h.values[i][j], h.counts[i][j]));
        }
        out.push(',');
        out.push_str(&fmt(h.row_total_values[i], h.row_totals[i]));
        out.push('\n');
    }
    out.push_str("Итого");
    for j in 0..h.cols.len() {
        out.push(',');
        out.push_str(&fmt(h.col_total_values[j], h.col_totals[j]));
    }
    out.push(',');
    out.push_str(&fmt(h.total_value, h.total));
    out.push('\n');
    out
}
