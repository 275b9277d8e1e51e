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
use std::ops::Range;

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

/// Computes a heat map over `facts`: the period and the axes are resolved,
/// the filters indexed, the facts counted into one flat matrix; then the rows
/// are ordered and labelled and the margins added.
pub fn heatmap(f: &Facts, q: &HeatmapQuery) -> Heatmap {
    let period = Period::of(f, q);
    let topic_theme: Vec<u32> = f.topics.iter().map(|t| theme_index(t.theme)).collect();
    let axes = Axes::resolve(f, q, &period, &topic_theme);
    let filter = Filter::index(f, q, &topic_theme);
    let matrix = count(f, period.range.clone(), &filter, &axes);
    let cells = cells_by_key(&matrix, &axes);
    let row_keys = rows_by_total(&cells);
    let col_keys = column_keys(f, q.cols, axes.slots, period.to, &cells);
    let counts = grid(&cells, &row_keys, &col_keys, |c| c.0);
    let appeals = grid(&cells, &row_keys, &col_keys, |c| c.1);
    let margins = Margins::add(f, q, &counts, &col_keys);
    Heatmap {
        query: q.clone(),
        from: period.from,
        to: period.to,
        rows: row_keys.iter().map(|k| row_label(f, q.rows, *k)).collect(),
        cols: col_keys
            .iter()
            .map(|k| col_label(f, q.cols, axes.slots, *k))
            .collect(),
        counts,
        appeals,
        values: margins.values,
        row_totals: margins.row_totals,
        col_totals: margins.col_totals,
        row_total_values: margins.row_total_values,
        col_total_values: margins.col_total_values,
        total: margins.total,
        total_value: margins.total_value,
        missing_population: margins.missing_population,
    }
}

/// The facts a map covers (an index range: days are sorted) and the period
/// they span: the query's bounds, else the data's own first and last day.
struct Period {
    range: Range<usize>,
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
}

impl Period {
    fn of(f: &Facts, q: &HeatmapQuery) -> Period {
        let range = f.range(q.from.map(day_number), q.to.map(day_number));
        let first_day = q
            .from
            .map(day_number)
            .or_else(|| f.day.get(range.start).copied());
        let last_day =
            q.to.map(day_number)
                .or_else(|| range.end.checked_sub(1).and_then(|i| f.day.get(i)).copied());
        Period {
            range,
            from: first_day.map(from_day_number),
            to: last_day.map(from_day_number),
        }
    }
}

/// Where the calendar columns start: they follow the calendar from the
/// period's first week or month, empty ones included.
#[derive(Debug, Clone, Copy)]
struct Slots {
    /// The Monday of the first week.
    week0: Option<NaiveDate>,
    /// The first day of the first month.
    month0: Option<NaiveDate>,
}

impl Slots {
    fn starting(first: Option<NaiveDate>) -> Slots {
        Slots {
            week0: first.map(week_start),
            month0: first.map(month_start),
        }
    }
}

/// Weeks from the week starting `week0` to the week of `last`, both included.
fn week_slots(week0: Option<NaiveDate>, last: Option<NaiveDate>) -> usize {
    match (week0, last) {
        (Some(a), Some(b)) => ((week_start(b) - a).num_days() / 7 + 1).max(0) as usize,
        _ => 0,
    }
}

/// Months from the month starting `month0` to the month of `last`, both included.
fn month_slots(month0: Option<NaiveDate>, last: Option<NaiveDate>) -> usize {
    match (month0, last) {
        (Some(a), Some(b)) => {
            ((b.year() - a.year()) * 12 + b.month0() as i32 - a.month0() as i32 + 1).max(0) as usize
        }
        _ => 0,
    }
}

/// The keys of the row dimension per topic: topic index, theme index or
/// section number (none for blocks, which are not properties of a topic).
fn topic_keys(f: &Facts, rows: RowDim, topic_theme: &[u32]) -> Vec<u32> {
    match rows {
        RowDim::Topic => (0..f.topics.len() as u32).collect(),
        RowDim::Theme => topic_theme.to_vec(),
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
    }
}

/// Row keys numbered densely in the order first met.
#[derive(Default)]
struct DenseKeys {
    /// The key of each dense index.
    keys: Vec<u32>,
    index_of: HashMap<u32, u32>,
}

impl DenseKeys {
    fn index(&mut self, key: u32) -> u32 {
        let keys = &mut self.keys;
        *self.index_of.entry(key).or_insert_with(|| {
            keys.push(key);
            keys.len() as u32 - 1
        })
    }
}

/// The axes resolved against the facts' dictionaries. Keys are what labels
/// are made of (topic index, theme index, section number, block index,
/// calendar slot; NONE for "not given"). Counting runs on dense row indices
/// and column slots into one flat matrix: a hash map per fact costs more than
/// the rest of the pass at a million questions.
struct Axes {
    rows: RowDim,
    cols: ColDim,
    /// The key of each dense row.
    row_keys: Vec<u32>,
    /// The dense row of each topic (rows of topics, themes, sections).
    topic_row: Vec<u32>,
    /// The dense row of each block.
    block_row: Vec<u32>,
    /// The dense row of "not given", after every other.
    none_row: u32,
    /// Columns: the dimension's size plus one for "not given", which is last.
    n_cols: usize,
    slots: Slots,
}

impl Axes {
    fn resolve(f: &Facts, q: &HeatmapQuery, period: &Period, topic_theme: &[u32]) -> Axes {
        let slots = Slots::starting(period.from);
        let mut dense = DenseKeys::default();
        let topic_row = topic_keys(f, q.rows, topic_theme)
            .into_iter()
            .map(|k| dense.index(k))
            .collect();
        let block_row = (0..f.blocks.len() as u32).map(|k| dense.index(k)).collect();
        let none_row = dense.index(NONE);
        let n_cols = match q.cols {
            ColDim::Settlement => f.settlements.len(),
            ColDim::Block => f.blocks.len(),
            ColDim::Week => week_slots(slots.week0, period.to),
            ColDim::Month => month_slots(slots.month0, period.to),
        } + 1;
        Axes {
            rows: q.rows,
            cols: q.cols,
            row_keys: dense.keys,
            topic_row,
            block_row,
            none_row,
            n_cols,
            slots,
        }
    }

    fn none_col(&self) -> u32 {
        (self.n_cols - 1) as u32
    }

    /// The rows of the facts: through their blocks for block rows, through
    /// their topics otherwise.
    fn row_of<'a>(&'a self, f: &'a Facts) -> RowOf<'a> {
        let (values, row_of_value) = match self.rows {
            RowDim::Block => (&f.block, &self.block_row),
            _ => (&f.topic, &self.topic_row),
        };
        RowOf {
            values,
            row_of_value,
            none_row: self.none_row,
        }
    }
}

/// The dense row of each fact: the value of the fact column the rows read,
/// looked up in its table. The column is chosen once, not per fact.
struct RowOf<'a> {
    values: &'a [u32],
    /// The dense row of each value; values past its end are "not given".
    row_of_value: &'a [u32],
    none_row: u32,
}

impl RowOf<'_> {
    #[inline]
    fn fact(&self, i: usize) -> u32 {
        self.row_of_value
            .get(self.values[i] as usize)
            .copied()
            .unwrap_or(self.none_row)
    }
}

/// The column of each fact, asked in day order.
struct ColumnOf<'a> {
    f: &'a Facts,
    cols: ColDim,
    none_col: u32,
    week0_day: Option<i32>,
    month0: Option<NaiveDate>,
    /// The day last asked about and its month's slot.
    month_day: i32,
    month_slot: u32,
}

impl<'a> ColumnOf<'a> {
    fn new(f: &'a Facts, axes: &Axes) -> ColumnOf<'a> {
        ColumnOf {
            f,
            cols: axes.cols,
            none_col: axes.none_col(),
            week0_day: axes.slots.week0.map(day_number),
            month0: axes.slots.month0,
            month_day: i32::MIN,
            month_slot: 0,
        }
    }

    /// The column of fact `i`; "not given" and anything past the last slot
    /// go to the last column.
    #[inline]
    fn fact(&mut self, i: usize) -> u32 {
        let f = self.f;
        let k = match self.cols {
            ColDim::Settlement => f.settlement[i],
            ColDim::Block => f.block[i],
            ColDim::Week => self.week0_day.map_or(0, |w0| ((f.day[i] - w0) / 7) as u32),
            ColDim::Month => {
                // Facts are sorted by day: the month is worked out once per day.
                if f.day[i] != self.month_day {
                    self.month_day = f.day[i];
                    let b = from_day_number(self.month_day);
                    self.month_slot = self.month0.map_or(0, |m0| {
                        ((b.year() - m0.year()) * 12 + b.month0() as i32 - m0.month0() as i32)
                            as u32
                    });
                }
                self.month_slot
            }
        };
        if k == NONE || k >= self.none_col {
            self.none_col
        } else {
            k
        }
    }
}

/// The query's filters as indices into the facts' dictionaries.
struct Filter<'a> {
    /// An unknown channel matches no fact (NONE - 1 is no channel's index).
    channel: Option<u32>,
    kind: Option<u8>,
    theme: Option<u32>,
    /// The theme of each topic.
    topic_theme: &'a [u32],
}

impl<'a> Filter<'a> {
    fn index(f: &Facts, q: &HeatmapQuery, topic_theme: &'a [u32]) -> Filter<'a> {
        Filter {
            channel: q.channel.as_ref().map(|c| {
                f.channels
                    .iter()
                    .position(|(code, _)| code == c)
                    .map_or(NONE - 1, |i| i as u32)
            }),
            kind: q.kind.map(kind_index),
            theme: q.theme.map(|t| theme_index(Some(t))),
            topic_theme,
        }
    }

    /// Whether fact `i` passes every filter.
    #[inline]
    fn passes(&self, f: &Facts, i: usize) -> bool {
        !(self.channel.is_some_and(|c| f.channel[i] != c)
            || self.kind.is_some_and(|k| f.kind[i] != k)
            || self.theme.is_some_and(|t| {
                self.topic_theme
                    .get(f.topic[i] as usize)
                    .copied()
                    .unwrap_or(NONE)
                    != t
            }))
    }
}

/// Counts the facts of `range` that pass `filter` into (questions, distinct
/// appeals) per cell, [row * n_cols + col]. One flat pass: no hashing, no
/// allocation per fact.
fn count(f: &Facts, range: Range<usize>, filter: &Filter, axes: &Axes) -> Vec<(u64, u64)> {
    let row_of = axes.row_of(f);
    let mut column_of = ColumnOf::new(f, axes);
    let n_cols = axes.n_cols;
    let mut matrix: Vec<(u64, u64)> = vec![(0, 0); axes.row_keys.len() * n_cols];
    let start = range.start;
    for i in range {
        if !filter.passes(f, i) {
            continue;
        }
        let row = row_of.fact(i);
        // Columns are properties of the appeal; only the row can repeat within it.
        let mut j = i;
        let mut seen = false;
        while j > start && f.appeal[j - 1] == f.appeal[i] {
            j -= 1;
            if filter.passes(f, j) && row_of.fact(j) == row {
                seen = true;
                break;
            }
        }
        let cell = &mut matrix[row as usize * n_cols + column_of.fact(i) as usize];
        cell.0 += 1;
        if !seen {
            cell.1 += 1;
        }
    }
    matrix
}

/// Non-empty cells by (row key, column key); the "not given" column is NONE.
type Cells = HashMap<(u32, u32), (u64, u64)>;

fn cells_by_key(matrix: &[(u64, u64)], axes: &Axes) -> Cells {
    let (n_cols, none_col) = (axes.n_cols, axes.none_col());
    let mut cells = Cells::new();
    for (idx, cell) in matrix.iter().enumerate() {
        if cell.0 > 0 {
            let (r, c) = (idx / n_cols, (idx % n_cols) as u32);
            cells.insert(
                (axes.row_keys[r], if c == none_col { NONE } else { c }),
                *cell,
            );
        }
    }
    cells
}

/// Row keys by total, largest first (ties by key); the "not given" row last.
fn rows_by_total(cells: &Cells) -> Vec<u32> {
    let mut row_tot: HashMap<u32, u64> = HashMap::new();
    for ((r, _), (n, _)) in cells {
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
    row_keys
}

/// Column keys: every settlement or block (so quiet places show as zeros),
/// or the calendar slots up to `to`; "not given" last if any fact has it.
fn column_keys(
    f: &Facts,
    cols: ColDim,
    slots: Slots,
    to: Option<NaiveDate>,
    cells: &Cells,
) -> Vec<u32> {
    let mut col_keys: Vec<u32> = match cols {
        ColDim::Settlement => (0..f.settlements.len() as u32).collect(),
        ColDim::Block => (0..f.blocks.len() as u32).collect(),
        ColDim::Week => match (slots.week0, to) {
            (Some(w0), Some(t)) => (0..=((week_start(t) - w0).num_days() / 7) as u32).collect(),
            _ => Vec::new(),
        },
        ColDim::Month => match (slots.month0, to) {
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
    col_keys
}

/// One figure of every cell, [row][col], zero where nothing was counted.
fn grid(
    cells: &Cells,
    row_keys: &[u32],
    col_keys: &[u32],
    pick: fn(&(u64, u64)) -> u64,
) -> Vec<Vec<u64>> {
    row_keys
        .iter()
        .map(|r| {
            col_keys
                .iter()
                .map(|c| cells.get(&(*r, *c)).map_or(0, pick))
                .collect()
        })
        .collect()
}

fn row_label(f: &Facts, rows: RowDim, k: u32) -> AxisLabel {
    if k == NONE {
        let name = match rows {
            RowDim::Theme => "Вне социально значимых тем",
            RowDim::Block => "Блок не назначен",
            _ => "Не указано",
        };
        return AxisLabel {
            key: String::new(),
            name: name.into(),
        };
    }
    match rows {
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
}

fn col_label(f: &Facts, cols: ColDim, slots: Slots, k: u32) -> AxisLabel {
    if k == NONE {
        let name = if cols == ColDim::Block {
            "Блок не назначен"
        } else {
            "Не указан"
        };
        return AxisLabel {
            key: String::new(),
            name: name.into(),
        };
    }
    match cols {
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
                slots.week0.expect("weeks exist only with a start") + Duration::weeks(i64::from(k));
            AxisLabel {
                key: week_label(d),
                name: week_label(d),
            }
        }
        ColDim::Month => {
            let mut m = slots.month0.expect("months exist only with a start");
            for _ in 0..k {
                m = next_month(m);
            }
            AxisLabel {
                key: month_label(m),
                name: month_label(m),
            }
        }
    }
}

/// The totals on the margins, and what is shown: counts, or per 1,000
/// residents (by the settlement's population for settlement columns, by the
/// district's otherwise).
struct Margins {
    values: Vec<Vec<Option<f64>>>,
    row_totals: Vec<u64>,
    col_totals: Vec<u64>,
    row_total_values: Vec<Option<f64>>,
    col_total_values: Vec<Option<f64>>,
    total: u64,
    total_value: Option<f64>,
    missing_population: Vec<String>,
}

impl Margins {
    fn add(f: &Facts, q: &HeatmapQuery, counts: &[Vec<u64>], col_keys: &[u32]) -> Margins {
        let row_totals: Vec<u64> = counts.iter().map(|r| r.iter().sum()).collect();
        let col_totals: Vec<u64> = (0..col_keys.len())
            .map(|j| counts.iter().map(|r| r[j]).sum())
            .collect();
        let total: u64 = row_totals.iter().sum();
        let per = |n: u64, pop: Option<f64>| per_1000(q.per_1000, n, pop);
        let by_settlement = q.cols == ColDim::Settlement;
        let col_pops: Vec<Option<f64>> = col_keys
            .iter()
            .map(|c| column_population(f, q.cols, *c))
            .collect();
        // Totals per 1,000: over the columns whose population is known.
        let known_pop: f64 = if by_settlement {
            col_pops.iter().flatten().sum()
        } else {
            f.district_population.unwrap_or(0) as f64
        };
        let known = (known_pop > 0.0).then_some(known_pop);
        // Counts are complete; only rates are limited to known populations.
        let rated = |row: &[u64]| -> u64 {
            if q.per_1000 && by_settlement {
                row.iter()
                    .zip(&col_pops)
                    .filter(|(_, p)| p.is_some())
                    .map(|(n, _)| n)
                    .sum()
            } else {
                row.iter().sum()
            }
        };
        let values = counts
            .iter()
            .map(|r| r.iter().zip(&col_pops).map(|(n, p)| per(*n, *p)).collect())
            .collect();
        let row_total_values = counts.iter().map(|r| per(rated(r), known)).collect();
        let col_total_values = col_totals
            .iter()
            .zip(&col_pops)
            .map(|(n, p)| per(*n, *p))
            .collect();
        let total_value = per(rated(&col_totals), known);
        let missing_population = if q.per_1000 && by_settlement {
            f.settlements
                .iter()
                .filter(|s| s.population.is_none_or(|p| p <= 0))
                .map(|s| s.name.clone())
                .collect()
        } else {
            Vec::new()
        };
        Margins {
            values,
            row_totals,
            col_totals,
            row_total_values,
            col_total_values,
            total,
            total_value,
            missing_population,
        }
    }
}

/// The population behind column `k`: the settlement's for settlement
/// columns, the district's otherwise; none when unknown or zero.
fn column_population(f: &Facts, cols: ColDim, k: u32) -> Option<f64> {
    if cols == ColDim::Settlement {
        (k != NONE)
            .then(|| f.settlements[k as usize].population)
            .flatten()
            .filter(|p| *p > 0)
            .map(|p| p as f64)
    } else {
        f.district_population.filter(|p| *p > 0).map(|p| p as f64)
    }
}

/// `n` as shown: itself, or per 1,000 of `pop` (none when it is unknown).
fn per_1000(per_1000: bool, n: u64, pop: Option<f64>) -> Option<f64> {
    if per_1000 {
        pop.map(|p| n as f64 * 1000.0 / p)
    } else {
        Some(n as f64)
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

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn calendar_slots_include_both_ends() {
        let slots = Slots::starting(Some(d("2026-11-27")));
        assert_eq!(slots.week0, Some(d("2026-11-23")));
        assert_eq!(slots.month0, Some(d("2026-11-01")));
        // Friday of W48 to Monday of W02: W48..W53 and W01, W02.
        assert_eq!(week_slots(slots.week0, Some(d("2027-01-11"))), 8);
        assert_eq!(week_slots(slots.week0, Some(d("2026-11-29"))), 1);
        assert_eq!(month_slots(slots.month0, Some(d("2027-02-01"))), 4);
        assert_eq!(month_slots(slots.month0, Some(d("2026-11-30"))), 1);
        assert_eq!(week_slots(None, Some(d("2026-11-29"))), 0);
        assert_eq!(month_slots(slots.month0, None), 0);
    }

    #[test]
    fn rows_go_by_total_and_not_given_last() {
        let cells: Cells = [
            ((NONE, 0), (50, 50)),
            ((7, 0), (3, 3)),
            ((7, 1), (2, 1)),
            ((2, 1), (5, 4)),
            ((9, 0), (9, 9)),
        ]
        .into_iter()
        .collect();
        // 9 and the 5 of both 2 and 7: the smaller key first on a tie.
        assert_eq!(rows_by_total(&cells), [9, 2, 7, NONE]);
    }

    #[test]
    fn months_are_counted_from_the_first_month_and_late_days_go_last() {
        let mut f = Facts::default();
        for (n, day) in ["2026-10-31", "2026-11-01", "2026-12-31", "2027-01-01"]
            .iter()
            .enumerate()
        {
            f.push(n as u32, day_number(d(day)), 0, NONE, NONE, 0, 0);
        }
        let q = HeatmapQuery {
            cols: ColDim::Month,
            to: Some(d("2026-12-31")),
            ..Default::default()
        };
        let axes = Axes::resolve(&f, &q, &Period::of(&f, &q), &[]);
        // October, November, December and "not given".
        assert_eq!(axes.n_cols, 4);
        let mut column_of = ColumnOf::new(&f, &axes);
        let cols: Vec<u32> = (0..f.len()).map(|i| column_of.fact(i)).collect();
        assert_eq!(cols, [0, 1, 2, 3]);
    }
}
