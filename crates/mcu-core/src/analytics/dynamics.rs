//! Dynamics (динамика): weekly or monthly appeal counts per channel, theme
//! or sector block over a period, for line and bar charts.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::facts::Facts;
use super::heatmap::{ColDim, HeatmapQuery, RowDim, heatmap};
use super::week::{day_number, from_day_number};

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum SeriesBy {
    #[default]
    Channel,
    Theme,
    Block,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct NamedSeries {
    pub name: String,
    pub values: Vec<u64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct Dynamics {
    pub by: SeriesBy,
    pub monthly: bool,
    pub labels: Vec<String>,
    pub series: Vec<NamedSeries>,
}

/// Counts per week (or month) and series, most frequent series first.
pub fn dynamics(
    f: &Facts,
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
    by: SeriesBy,
    monthly: bool,
) -> Dynamics {
    let cols = if monthly { ColDim::Month } else { ColDim::Week };
    // One time axis for every series: the period, or the data's own span.
    let range = f.range(from.map(day_number), to.map(day_number));
    let from = from.or_else(|| f.day.get(range.start).map(|d| from_day_number(*d)));
    let to = to.or_else(|| {
        range
            .end
            .checked_sub(1)
            .and_then(|i| f.day.get(i))
            .map(|d| from_day_number(*d))
    });
    let query = |rows, channel: Option<String>| HeatmapQuery {
        rows,
        cols,
        from,
        to,
        channel,
        ..Default::default()
    };
    let (labels, mut series) = match by {
        SeriesBy::Theme | SeriesBy::Block => {
            let rows = if by == SeriesBy::Theme {
                RowDim::Theme
            } else {
                RowDim::Block
            };
            let h = heatmap(f, &query(rows, None));
            let series = h
                .rows
                .iter()
                .zip(&h.counts)
                .map(|(r, c)| NamedSeries {
                    name: r.name.clone(),
                    values: c.clone(),
                })
                .collect();
            (h.cols.iter().map(|c| c.name.clone()).collect(), series)
        }
        // Channels are not a heat-map dimension but a filter: one pass per channel.
        SeriesBy::Channel => {
            let mut labels = Vec::new();
            let mut series = Vec::new();
            for (code, name) in &f.channels {
                // Block rows: one per appeal, so the column totals count appeals.
                let h = heatmap(f, &query(RowDim::Block, Some(code.clone())));
                labels = h.cols.iter().map(|c| c.name.clone()).collect();
                if h.total > 0 {
                    series.push(NamedSeries {
                        name: name.clone(),
                        values: h.col_totals,
                    });
                }
            }
            (labels, series)
        }
    };
    series.sort_by_key(|s| std::cmp::Reverse(s.values.iter().sum::<u64>()));
    Dynamics {
        by,
        monthly,
        labels,
        series,
    }
}
