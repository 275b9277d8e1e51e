//! Road maps (Постановление № 530: «план („дорожная карта“) по устранению
//! причин обращений … по социально значимым тематикам»): measures against the
//! root cause of a systemic problem, each with a responsible official, a
//! deadline, a funding source and a status. A measure names the problem's
//! topic or theme and, optionally, its settlement, so the office can see
//! whether appeals on it fell after the measure started. Each figure is the
//! count of a `JournalQuery`, so a click on it lists exactly those appeals; it
//! is counted in the analytics facts (memory), not by SQL, because a theme over
//! the whole district at a million appeals takes SQLite seconds per figure.

use chrono::{Duration, NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::analytics::facts::{Facts, NONE};
use crate::analytics::week::day_number;
use crate::db::audit::history;
use crate::db::journal::topic_prefix;
use crate::db::lookup::ConnLookup;
use crate::error::{CoreError, CoreResult, FieldError};
use crate::model::{
    Actor, AuditEntry, JournalQuery, Lookup, NamedItem, RoadMapItem, RoadMapStatus, Theme,
};
use crate::office::Office;
use crate::period::parse_date;
use crate::validate::{Errors, required};

/// The weeks before a measure's start its "before" figure covers.
pub const EFFECT_WEEKS: i64 = 8;

const MAX_TEXT: usize = 4000;

/// A measure as typed; `id = null` for a new one.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(default)]
#[ts(export)]
pub struct RoadMapDraft {
    pub id: Option<i64>,
    /// The version that was read, for an edit: a newer save is refused.
    pub version: Option<i64>,
    pub problem: String,
    pub measure: String,
    /// A theme code or empty.
    pub theme: String,
    /// A ТОТК code (any level) or empty.
    pub topic_code: String,
    pub settlement_id: Option<i64>,
    pub block_id: Option<i64>,
    pub responsible: String,
    pub start_date: String,
    pub due_date: String,
    pub funding: String,
    pub status: String,
    pub done_date: String,
    pub result: String,
}

/// Appeals on a measure's problem before its start and since.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct RoadMapEffect {
    /// Appeals in the `EFFECT_WEEKS` weeks before the start.
    pub before: i64,
    pub before_query: JournalQuery,
    /// Appeals from the start to today; `None` while the start is ahead.
    pub since: Option<i64>,
    pub since_query: Option<JournalQuery>,
    /// Days from the start to today, inclusive.
    pub since_days: i64,
    /// The same per week: before the start, and since it once a week has passed.
    pub before_per_week: f64,
    pub since_per_week: Option<f64>,
}

/// One line of the road map, with display names and the effect.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct RoadMapRow {
    pub item: RoadMapItem,
    pub topic_name: String,
    pub settlement_name: String,
    pub block_name: String,
    /// «Перебои в водоснабжении — Мосты», «ЖКХ — весь район».
    pub place: String,
    /// «Запланировано», «Выполняется, срок нарушен», «Выполнено 20.11.2026».
    pub state: String,
    pub overdue: bool,
    pub effect: RoadMapEffect,
}

fn place(topic_name: &str, theme: Option<Theme>, settlement_name: &str) -> String {
    let what = match (topic_name, theme) {
        (t, _) if !t.is_empty() => t,
        (_, Some(theme)) => theme.label(),
        _ => "",
    };
    let place = match settlement_name {
        "" => "весь район",
        s => s,
    };
    format!("{what} — {place}")
}

/// «Запланировано», «Выполняется, срок нарушен», «Выполнено 20.11.2026».
fn state_text(status: RoadMapStatus, done: Option<NaiveDate>, overdue: bool) -> String {
    match (done, overdue) {
        (Some(x), _) => format!("{} {}", status.label(), x.format("%d.%m.%Y")),
        (None, true) => format!("{}, срок нарушен", status.label()),
        (None, false) => status.label().to_owned(),
    }
}

/// The road map as a document to approve and print: every measure that is
/// not cancelled, with the figures as of `as_of`.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct RoadMapPlan {
    pub office_name: String,
    #[ts(type = "string")]
    pub as_of: NaiveDate,
    #[ts(type = "string")]
    pub made_at: chrono::NaiveDateTime,
    pub operator: String,
    pub rows: Vec<RoadMapRow>,
}

/// The first day the figures of `items` need (8 weeks before the earliest start).
pub fn facts_from(items: &[NamedItem]) -> Option<NaiveDate> {
    items
        .iter()
        .map(|n| n.item.start_date - Duration::weeks(EFFECT_WEEKS))
        .min()
}

/// A measure's line: its names, whether it is overdue, and its figures
/// counted in `facts`, which must cover [`facts_from`] to `today`.
pub fn row(n: NamedItem, facts: &Facts, today: NaiveDate) -> RoadMapRow {
    let (before_query, since_query) = effect_queries(&n.item, today);
    let before = count(facts, &before_query);
    let since = since_query.as_ref().map(|q| count(facts, q));
    let since_days = ((today - n.item.start_date).num_days() + 1).max(0);
    let effect = RoadMapEffect {
        before,
        since,
        before_query,
        since_query,
        since_days,
        before_per_week: before as f64 / EFFECT_WEEKS as f64,
        since_per_week: since
            .filter(|_| since_days >= 7)
            .map(|n| n as f64 * 7.0 / since_days as f64),
    };
    let overdue = n.item.is_overdue(today);
    RoadMapRow {
        place: place(&n.topic_name, n.item.theme, &n.settlement_name),
        state: state_text(n.item.status, n.item.done_date, overdue),
        overdue,
        item: n.item,
        topic_name: n.topic_name,
        settlement_name: n.settlement_name,
        block_name: n.block_name,
        effect,
    }
}

/// How many appeals the journal lists for `q`, counted in `facts`. Applies
/// the filters a road map sets (period, settlement, theme, ТОТК topic or
/// prefix) as the journal does: an appeal counts once when any of its
/// questions is on the theme and any is under the topic. A road-map query
/// always names a theme or a topic, so appeals without questions (absent from
/// the facts) never count in the journal either.
pub fn count(f: &Facts, q: &JournalQuery) -> i64 {
    let place = match q.settlement_id {
        None => None,
        Some(id) => match f.settlements.iter().position(|p| p.id == id) {
            Some(i) => Some(i as u32),
            None => return 0,
        },
    };
    let prefix = q.topic.as_deref().map(topic_prefix);
    let on_theme: Vec<bool> = f
        .topics
        .iter()
        .map(|t| q.theme.is_none_or(|th| t.theme == Some(th)))
        .collect();
    let under_topic: Vec<bool> = f
        .topics
        .iter()
        .map(|t| {
            prefix.as_deref().is_none_or(|p| {
                t.code == p || (t.code.starts_with(p) && t.code[p.len()..].starts_with('.'))
            })
        })
        .collect();
    let range = f.range(q.from.map(day_number), q.to.map(day_number));
    let mut n = 0;
    let mut i = range.start;
    // The questions of one appeal are adjacent: judge each appeal as a group.
    while i < range.end {
        let appeal = f.appeal[i];
        let (mut theme_hit, mut topic_hit) = (false, false);
        let mut here = true;
        while i < range.end && f.appeal[i] == appeal {
            let t = f.topic[i] as usize;
            theme_hit |= f.topic[i] != NONE && on_theme[t];
            topic_hit |= f.topic[i] != NONE && under_topic[t];
            here &= place.is_none_or(|p| f.settlement[i] == p);
            i += 1;
        }
        if here && theme_hit && topic_hit {
            n += 1;
        }
    }
    n
}

/// The journal queries behind a measure's "before" and "since" figures.
pub fn effect_queries(
    item: &RoadMapItem,
    today: NaiveDate,
) -> (JournalQuery, Option<JournalQuery>) {
    let base = JournalQuery {
        theme: item.theme,
        topic: item.topic_code.clone(),
        settlement_id: item.settlement_id,
        ..Default::default()
    };
    let before = JournalQuery {
        from: Some(item.start_date - Duration::weeks(EFFECT_WEEKS)),
        to: Some(item.start_date - Duration::days(1)),
        ..base.clone()
    };
    let since = (item.start_date <= today).then_some(JournalQuery {
        from: Some(item.start_date),
        to: Some(today),
        ..base
    });
    (before, since)
}

/// Draft → item, or every field error at once. `topic_exists` answers for a
/// ТОТК code; `today` fills an empty start date.
pub fn validate(
    d: &RoadMapDraft,
    topic_exists: &dyn Fn(&str) -> bool,
    today: NaiveDate,
) -> Result<RoadMapItem, Vec<FieldError>> {
    let mut e = Errors::default();
    let problem = required(
        &mut e,
        "problem",
        &d.problem,
        "проблему (первопричину обращений)",
    );
    let measure = required(&mut e, "measure", &d.measure, "мероприятие");
    let responsible = required(
        &mut e,
        "responsible",
        &d.responsible,
        "ответственное должностное лицо",
    );
    for (field, v) in [
        ("problem", &d.problem),
        ("measure", &d.measure),
        ("result", &d.result),
    ] {
        if v.chars().count() > MAX_TEXT {
            e.add(field, format!("Не длиннее {MAX_TEXT} символов."));
        }
    }
    let theme = match d.theme.trim() {
        "" => None,
        t => Theme::from_code(t).or_else(|| {
            e.add("theme", format!("Неизвестная тема «{t}»."));
            None
        }),
    };
    let topic_code = match d.topic_code.trim() {
        "" => None,
        t if topic_exists(t) => Some(t.to_owned()),
        t => {
            e.add(
                "topic_code",
                format!("Темы ТОТК «{t}» нет в классификаторе."),
            );
            None
        }
    };
    if d.theme.trim().is_empty() && d.topic_code.trim().is_empty() {
        e.add(
            "topic_code",
            "Укажите тему ТОТК или социально значимую тему: по ней видно, стало ли обращений меньше.",
        );
    }
    let date = |e: &mut Errors, field: &str, v: &str, what: &str| -> Option<NaiveDate> {
        if v.trim().is_empty() {
            return None;
        }
        parse_date(v).or_else(|| {
            e.add(field, format!("{what}: дата в виде ДД.ММ.ГГГГ."));
            None
        })
    };
    let start_date = if d.start_date.trim().is_empty() {
        Some(today)
    } else {
        date(&mut e, "start_date", &d.start_date, "Дата начала")
    };
    let due_date = date(&mut e, "due_date", &d.due_date, "Срок реализации");
    if d.due_date.trim().is_empty() {
        e.add("due_date", "Укажите срок реализации мероприятия.");
    }
    if let (Some(s), Some(due)) = (start_date, due_date)
        && due < s
    {
        e.add("due_date", "Срок реализации раньше даты начала.");
    }
    let status = match d.status.trim() {
        "" => Some(RoadMapStatus::Planned),
        s => RoadMapStatus::from_code(s).or_else(|| {
            e.add("status", format!("Неизвестное состояние «{s}»."));
            None
        }),
    };
    let done_date = date(&mut e, "done_date", &d.done_date, "Дата выполнения");
    match (status, done_date) {
        (Some(RoadMapStatus::Done), None) if d.done_date.trim().is_empty() => {
            e.add("done_date", "Укажите, когда мероприятие выполнено.");
        }
        (Some(s), Some(_)) if s != RoadMapStatus::Done => {
            e.add(
                "done_date",
                "Дата выполнения — только у выполненного мероприятия.",
            );
        }
        _ => {}
    }
    if let (Some(s), Some(done)) = (start_date, done_date) {
        if done < s {
            e.add("done_date", "Дата выполнения раньше даты начала.");
        }
        if done > today {
            e.add("done_date", "Дата выполнения ещё не наступила.");
        }
    }
    e.into_result(|| RoadMapItem {
        id: d.id.unwrap_or(0),
        problem,
        measure,
        theme,
        topic_code,
        settlement_id: d.settlement_id,
        block_id: d.block_id,
        responsible,
        start_date: start_date.unwrap_or(today),
        due_date: due_date.unwrap_or(today),
        funding: d.funding.trim().to_owned(),
        status: status.unwrap_or(RoadMapStatus::Planned),
        done_date,
        result: d.result.trim().to_owned(),
        version: d.version.unwrap_or(0),
    })
}

impl Office {
    /// Every road-map measure with its names and the appeals before and since.
    pub fn road_map(&self, today: NaiveDate) -> CoreResult<Vec<crate::roadmap::RoadMapRow>> {
        let named = self.db.read(crate::db::roadmap::list)?;
        if named.is_empty() {
            return Ok(Vec::new());
        }
        let facts = self.facts_for(crate::roadmap::facts_from(&named), Some(today))?;
        Ok(named
            .into_iter()
            .map(|n| crate::roadmap::row(n, &facts, today))
            .collect())
    }

    /// The road map as a document: the measures that are not cancelled.
    pub fn road_map_plan(
        &self,
        made_at: NaiveDateTime,
        operator: &str,
    ) -> CoreResult<crate::roadmap::RoadMapPlan> {
        let mut rows = self.road_map(made_at.date())?;
        rows.retain(|r| r.item.status != RoadMapStatus::Cancelled);
        Ok(crate::roadmap::RoadMapPlan {
            office_name: self.office_name()?,
            as_of: made_at.date(),
            made_at,
            operator: operator.to_owned(),
            rows,
        })
    }

    /// Validates and saves a measure with its audit rows; returns its id.
    pub fn save_road_map(
        &self,
        d: &crate::roadmap::RoadMapDraft,
        actor: &Actor<'_>,
    ) -> CoreResult<i64> {
        self.db.write(|tx| {
            let topic_exists = |code: &str| Lookup::topic_exists(&ConnLookup(tx), code);
            let item = crate::roadmap::validate(d, &topic_exists, actor.at.date())
                .map_err(CoreError::Validation)?;
            crate::db::roadmap::save(tx, &item, actor)
        })
    }

    /// Who changed a measure, when, and what.
    pub fn road_map_history(&self, id: i64) -> CoreResult<Vec<AuditEntry>> {
        self.db.read(|c| history(c, "road_map", id))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        parse_date(s).unwrap()
    }

    fn draft() -> RoadMapDraft {
        RoadMapDraft {
            problem: "Перебои водоснабжения в с. Мосты".into(),
            measure: "Замена насоса водозаборной скважины".into(),
            topic_code: "0005.0005.0056.1154".into(),
            responsible: "Гринёв С. А.".into(),
            start_date: "01.11.2026".into(),
            due_date: "15.12.2026".into(),
            ..Default::default()
        }
    }

    const TODAY: &str = "2026-11-27";
    fn yes(_: &str) -> bool {
        true
    }

    #[test]
    fn a_complete_draft_becomes_a_planned_measure() {
        let i = validate(&draft(), &yes, day(TODAY)).unwrap();
        assert_eq!(i.status, RoadMapStatus::Planned);
        assert_eq!(i.start_date, day("2026-11-01"));
        assert_eq!(i.due_date, day("2026-12-15"));
        assert!(!i.is_overdue(day(TODAY)));
        assert!(i.is_overdue(day("2026-12-16")));
        assert!(
            !i.is_overdue(day("2026-12-15")),
            "the deadline day is in time"
        );
    }

    #[test]
    fn every_problem_is_reported_at_its_field() {
        let d = RoadMapDraft {
            due_date: "31.02.2026".into(),
            status: "done".into(),
            ..Default::default()
        };
        let errs = validate(&d, &yes, day(TODAY)).unwrap_err();
        let fields: Vec<&str> = errs.iter().map(|e| e.field.as_str()).collect();
        for f in [
            "problem",
            "measure",
            "responsible",
            "topic_code",
            "due_date",
            "done_date",
        ] {
            assert!(fields.contains(&f), "{f} missing in {fields:?}");
        }
        assert!(errs.iter().all(|e| !e.message.is_empty()));
    }

    #[test]
    fn dates_must_be_in_order_and_done_only_when_done() {
        let mut d = draft();
        d.due_date = "01.10.2026".into();
        d.done_date = "20.11.2026".into();
        let errs = validate(&d, &yes, day(TODAY)).unwrap_err();
        assert_eq!(
            errs.iter().map(|e| e.field.as_str()).collect::<Vec<_>>(),
            ["due_date", "done_date"]
        );
        let mut d = draft();
        d.status = "done".into();
        d.done_date = "20.11.2026".into();
        let i = validate(&d, &yes, day(TODAY)).unwrap();
        assert_eq!(i.done_date, Some(day("2026-11-20")));
        assert!(
            !i.is_overdue(day("2027-01-01")),
            "a done measure is never overdue"
        );
        d.done_date = "28.11.2026".into();
        assert_eq!(
            validate(&d, &yes, day(TODAY)).unwrap_err()[0].field,
            "done_date"
        );
    }

    #[test]
    fn the_week_note_lists_open_measures_and_those_finished_in_its_week() {
        let (from, to, as_of) = (day("2026-11-16"), day("2026-11-22"), day("2026-11-23"));
        let mut i = validate(&draft(), &yes, day(TODAY)).unwrap();
        assert!(i.in_week_note(from, to, as_of), "open, started 01.11");
        i.start_date = day("2026-11-24");
        assert!(!i.in_week_note(from, to, as_of), "starts after the note");
        i.start_date = day("2026-11-01");
        i.status = RoadMapStatus::Done;
        for (done, listed) in [
            ("2026-11-15", false),
            ("2026-11-16", true),
            ("2026-11-22", true),
            ("2026-11-23", false),
        ] {
            i.done_date = Some(day(done));
            assert_eq!(i.in_week_note(from, to, as_of), listed, "done {done}");
        }
        i.status = RoadMapStatus::Cancelled;
        i.done_date = None;
        assert!(!i.in_week_note(from, to, as_of));
    }

    #[test]
    fn an_unknown_topic_or_theme_is_refused() {
        let mut d = draft();
        d.theme = "water".into();
        let errs = validate(&d, &|_| false, day(TODAY)).unwrap_err();
        assert_eq!(
            errs.iter().map(|e| e.field.as_str()).collect::<Vec<_>>(),
            ["theme", "topic_code"]
        );
    }

    #[test]
    fn the_effect_compares_eight_weeks_before_the_start_with_the_time_since() {
        let i = validate(&draft(), &yes, day(TODAY)).unwrap();
        let (before, since) = effect_queries(&i, day(TODAY));
        assert_eq!(before.from, Some(day("2026-09-06")));
        assert_eq!(before.to, Some(day("2026-10-31")));
        assert_eq!(before.topic.as_deref(), Some("0005.0005.0056.1154"));
        let since = since.unwrap();
        assert_eq!(
            (since.from, since.to),
            (Some(day("2026-11-01")), Some(day(TODAY)))
        );
        let (_, none) = effect_queries(&i, day("2026-10-31"));
        assert!(none.is_none(), "no 'since' before the start");
    }
}
