//! A road-map measure (мероприятие дорожной карты) as stored, and with the
//! names of what it refers to.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::enums::{RoadMapStatus, Theme};

/// A measure as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct RoadMapItem {
    pub id: i64,
    pub problem: String,
    pub measure: String,
    pub theme: Option<Theme>,
    pub topic_code: Option<String>,
    pub settlement_id: Option<i64>,
    pub block_id: Option<i64>,
    pub responsible: String,
    #[ts(type = "string")]
    pub start_date: NaiveDate,
    #[ts(type = "string")]
    pub due_date: NaiveDate,
    pub funding: String,
    pub status: RoadMapStatus,
    #[ts(type = "string | null")]
    pub done_date: Option<NaiveDate>,
    pub result: String,
    pub version: i64,
}

impl RoadMapItem {
    pub fn is_open(&self) -> bool {
        matches!(
            self.status,
            RoadMapStatus::Planned | RoadMapStatus::InProgress
        )
    }

    /// Whether the weekly note of `from`..=`to`, dated `as_of`, lists it:
    /// started by then and open, or finished within the week.
    pub fn in_week_note(&self, from: NaiveDate, to: NaiveDate, as_of: NaiveDate) -> bool {
        self.start_date <= as_of
            && (self.is_open() || self.done_date.is_some_and(|d| d >= from && d <= to))
    }

    /// Not done by its deadline (the deadline day itself is still in time).
    pub fn is_overdue(&self, today: NaiveDate) -> bool {
        self.is_open() && self.due_date < today
    }
}

/// A stored measure with the names of what it refers to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NamedItem {
    pub item: RoadMapItem,
    pub topic_name: String,
    pub settlement_name: String,
    pub block_name: String,
}
