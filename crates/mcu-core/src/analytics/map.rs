//! The schematic map's data: the questions of a period (optionally of one
//! theme, channel or kind) per settlement, as counts or per 1,000 residents.
//! Settlements without coordinates are listed apart, never dropped.

use chrono::NaiveDate;
use serde::Serialize;
use ts_rs::TS;

use super::facts::Facts;
use super::heatmap::{ColDim, HeatmapQuery, RowDim, heatmap};

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct SettlementPoint {
    pub id: i64,
    pub name: String,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    pub count: u64,
    /// The count, or per 1,000 residents (None when the population is unknown).
    pub value: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct SettlementMap {
    pub query: HeatmapQuery,
    #[ts(type = "string | null")]
    pub from: Option<NaiveDate>,
    #[ts(type = "string | null")]
    pub to: Option<NaiveDate>,
    /// Every settlement of the reference data, in its order.
    pub points: Vec<SettlementPoint>,
    /// Names of settlements that cannot be placed (no coordinates).
    pub without_coords: Vec<String>,
    /// Questions with no settlement given.
    pub unplaced: u64,
    pub missing_population: Vec<String>,
}

pub fn settlement_map(f: &Facts, q: &HeatmapQuery) -> SettlementMap {
    let h = heatmap(
        f,
        &HeatmapQuery {
            rows: RowDim::Theme,
            cols: ColDim::Settlement,
            ..q.clone()
        },
    );
    let mut points = Vec::new();
    let mut without_coords = Vec::new();
    let mut unplaced = 0;
    for (j, c) in h.cols.iter().enumerate() {
        let Some(place) = f.settlements.iter().find(|s| s.id.to_string() == c.key) else {
            unplaced += h.col_totals[j];
            continue;
        };
        if place.lat.is_none() || place.lon.is_none() {
            without_coords.push(place.name.clone());
        }
        points.push(SettlementPoint {
            id: place.id,
            name: place.name.clone(),
            lat: place.lat,
            lon: place.lon,
            count: h.col_totals[j],
            value: h.col_total_values[j],
        });
    }
    SettlementMap {
        query: h.query.clone(),
        from: h.from,
        to: h.to,
        points,
        without_coords,
        unplaced,
        missing_population: h.missing_population,
    }
}
