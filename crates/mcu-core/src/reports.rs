//! Reports of the office (the weekly analytic note, the quarterly and yearly
//! indicators) and their archive: every exported report is kept with the
//! content model it was printed from, so that it re-renders with the very
//! figures it had, whatever happened to the register since.

use chrono::{NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::audit::Change;
use crate::db::archive;
use crate::db::audit::record;
use crate::db::settings;
use crate::error::{CoreError, CoreResult};
use crate::indicators::{IndicatorDef, IndicatorReport, ReportPeriod};
use crate::model::{Actor, ArchiveEntry};
use crate::office::Office;
use crate::weekly::WeeklyNote;

/// The content of an archived report: exactly what was printed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(tag = "kind", content = "content", rename_all = "snake_case")]
#[ts(export)]
pub enum ReportContent {
    Weekly(Box<WeeklyNote>),
    Indicators(Box<IndicatorReport>),
}

impl ReportContent {
    pub fn kind(&self) -> &'static str {
        match self {
            ReportContent::Weekly(_) => "weekly",
            ReportContent::Indicators(_) => "indicators",
        }
    }

    pub fn period(&self) -> String {
        match self {
            ReportContent::Weekly(n) => n.week.clone(),
            ReportContent::Indicators(r) => r.period.code(),
        }
    }

    pub fn title(&self) -> String {
        match self {
            ReportContent::Weekly(n) => format!(
                "Аналитическая записка за неделю {} – {}",
                n.from.format("%d.%m.%Y"),
                n.to.format("%d.%m.%Y")
            ),
            ReportContent::Indicators(r) => format!("Показатели работы МЦУ, {}", r.period_label),
        }
    }

    pub fn made_at(&self) -> NaiveDateTime {
        match self {
            ReportContent::Weekly(n) => n.made_at,
            ReportContent::Indicators(r) => r.made_at,
        }
    }

    pub fn operator(&self) -> &str {
        match self {
            ReportContent::Weekly(n) => &n.operator,
            ReportContent::Indicators(r) => &r.operator,
        }
    }
}

/// An archived report with its frozen content.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct ArchivedReport {
    pub entry: ArchiveEntry,
    pub content: ReportContent,
}

impl Office {
    /// The weekly note of the ISO week containing `week` (see [`crate::weekly`]).
    /// `summary` replaces the drafted summary paragraph when given and not blank.
    pub fn weekly_note(
        &self,
        week: NaiveDate,
        made_at: NaiveDateTime,
        operator: &str,
        summary: Option<&str>,
    ) -> CoreResult<WeeklyNote> {
        // The week and the growth baseline before it (never the whole register),
        // and the periods behind the figures of the road-map measures it lists.
        let (from, to, _) = crate::weekly::period(week, made_at);
        let baseline = crate::analytics::trends::TrendParams::default().baseline_weeks;
        let growth_from = from - chrono::Duration::weeks(i64::from(baseline));
        let measures = self
            .db
            .read(|c| crate::weekly::listed_measures(c, week, made_at))?;
        let facts = self.facts_for(
            Some(crate::roadmap::facts_from(&measures).map_or(growth_from, |d| d.min(growth_from))),
            Some(to + chrono::Duration::days(1)),
        )?;
        self.db
            .read(|c| crate::weekly::note(c, &facts, week, made_at, operator, summary, measures))
    }

    /// The indicator list in force: the office's saved list or the built-in one.
    pub fn indicator_defs(&self) -> CoreResult<Vec<IndicatorDef>> {
        self.db.read(crate::indicators::load_defs)
    }

    /// Saves the office's indicator list (all errors at once), audited.
    pub fn save_indicator_defs(&self, defs: &[IndicatorDef], actor: &Actor<'_>) -> CoreResult<()> {
        crate::indicators::validate_defs(defs).map_err(CoreError::Validation)?;
        // «по умолчанию» only for an indicator exactly as shipped; an edited one is the office's.
        let shipped = crate::indicators::default_indicators();
        let defs: Vec<_> = defs
            .iter()
            .map(|d| {
                let mut d = d.clone();
                d.is_default = true;
                d.is_default = shipped.contains(&d);
                d
            })
            .collect();
        let json = serde_json::to_string(&defs)
            .map_err(|e| CoreError::field("indicators", e.to_string()))?;
        self.db.write(|tx| {
            let old = settings::get(tx, crate::indicators::SETTINGS_KEY)?.unwrap_or_default();
            settings::set(tx, crate::indicators::SETTINGS_KEY, &json)?;
            record(
                tx,
                "settings",
                0,
                actor,
                "update",
                &[Change {
                    field: crate::indicators::SETTINGS_KEY.into(),
                    old,
                    new: json.clone(),
                }],
            )
        })
    }

    /// The indicators report for a quarter or a year, with the list in force.
    pub fn indicators(
        &self,
        period: ReportPeriod,
        made_at: NaiveDateTime,
        operator: &str,
    ) -> CoreResult<IndicatorReport> {
        self.db.read(|c| {
            let defs = crate::indicators::load_defs(c)?;
            crate::indicators::report(c, &defs, period, made_at, operator)
        })
    }

    /// Keeps an exported report with its content in the archive; returns its id.
    pub fn archive_report(
        &self,
        content: &ReportContent,
        format: &str,
        actor: &Actor<'_>,
    ) -> CoreResult<i64> {
        let json = serde_json::to_string(content)
            .map_err(|e| CoreError::Conflict(format!("отчёт не удалось сохранить в архив: {e}")))?;
        let entry = ArchiveEntry {
            id: 0,
            kind: content.kind().to_owned(),
            period: content.period(),
            title: content.title(),
            format: format.to_owned(),
            made_at: content.made_at(),
            operator: content.operator().to_owned(),
        };
        self.db.write(|tx| {
            let id = archive::insert(tx, &entry, &json)?;
            record(
                tx,
                "report",
                id,
                actor,
                "export",
                &[Change {
                    field: String::new(),
                    old: String::new(),
                    new: format!("{} ({format})", entry.title),
                }],
            )?;
            Ok(id)
        })
    }

    /// The report archive, newest first.
    pub fn report_archive(&self) -> CoreResult<Vec<ArchiveEntry>> {
        self.db.read(archive::list)
    }

    /// An archived report with the content it was printed from.
    pub fn archived_report(&self, id: i64) -> CoreResult<ArchivedReport> {
        let (entry, json) = self.db.read(|c| archive::get(c, id))?;
        let content = serde_json::from_str(&json)
            .map_err(|e| CoreError::Conflict(format!("Отчёт № {id} в архиве не читается: {e}")))?;
        Ok(ArchivedReport { entry, content })
    }
}
