//! Problem analytics: where complaints concentrate and where they grow.
//!
//! The unit of counting is a question of an appeal (an appeal about roads and
//! lighting counts once under each). Aggregations run over [`facts::Facts`], a
//! compact in-memory copy of the (appeal, question) pairs, rebuilt when the
//! register changes: a heat map over a million appeals is then a few
//! milliseconds of counting instead of a second of SQL grouping.

use crate::error::CoreResult;
use crate::office::Office;
use chrono::NaiveDate;
pub mod dynamics;
pub mod facts;
pub mod heatmap;
pub mod map;
pub mod poisson;
pub mod trends;
pub mod week;

impl Office {
    /// The analytic facts of the whole register, from memory unless the
    /// register changed since.
    pub fn facts(&self) -> CoreResult<std::sync::Arc<crate::analytics::facts::Facts>> {
        self.facts_for(None, None)
    }

    /// Facts that cover at least `from`..`to`: the cached ones when they are
    /// current and wide enough, else a load of just that period (cached in
    /// turn), so a week's figures never wait for the whole register.
    pub fn facts_for(
        &self,
        from: Option<NaiveDate>,
        to: Option<NaiveDate>,
    ) -> CoreResult<std::sync::Arc<crate::analytics::facts::Facts>> {
        use crate::analytics::{facts, week::day_number};
        let generation = self.db.read(facts::generation)?;
        let mut cache = self.facts.lock().unwrap_or_else(|p| p.into_inner());
        let (lo, hi) = (from.map(day_number), to.map(day_number));
        if let Some(f) = cache
            .as_ref()
            .filter(|f| f.generation == generation && f.covers(lo, hi))
        {
            return Ok(f.clone());
        }
        // Unbounded on one side: load that side whole (a later "all time" view needs it anyway).
        let fresh = std::sync::Arc::new(self.db.read(|c| facts::load_range(c, from, to))?);
        *cache = Some(fresh.clone());
        Ok(fresh)
    }

    pub fn heatmap(
        &self,
        q: &crate::analytics::heatmap::HeatmapQuery,
    ) -> CoreResult<crate::analytics::heatmap::Heatmap> {
        Ok(crate::analytics::heatmap::heatmap(
            &*self.facts_for(q.from, q.to)?,
            q,
        ))
    }

    pub fn settlement_map(
        &self,
        q: &crate::analytics::heatmap::HeatmapQuery,
    ) -> CoreResult<crate::analytics::map::SettlementMap> {
        Ok(crate::analytics::map::settlement_map(
            &*self.facts_for(q.from, q.to)?,
            q,
        ))
    }

    pub fn trends(
        &self,
        week: NaiveDate,
        p: &crate::analytics::trends::TrendParams,
    ) -> CoreResult<crate::analytics::trends::Trends> {
        let monday = crate::analytics::week::week_start(week);
        let first = monday - chrono::Duration::weeks(i64::from(p.baseline_weeks.clamp(1, 52)));
        let f = self.facts_for(Some(first), Some(monday + chrono::Duration::days(6)))?;
        Ok(crate::analytics::trends::trends(&f, week, p))
    }

    pub fn dynamics(
        &self,
        from: Option<NaiveDate>,
        to: Option<NaiveDate>,
        by: crate::analytics::dynamics::SeriesBy,
        monthly: bool,
    ) -> CoreResult<crate::analytics::dynamics::Dynamics> {
        Ok(crate::analytics::dynamics::dynamics(
            &*self.facts_for(from, to)?,
            from,
            to,
            by,
            monthly,
        ))
    }
}
