//! Desktop notifications: which deadline thresholds an appeal has crossed and
//! not yet been notified of. Each (appeal, threshold, deadline) is notified
//! once, remembered in `notifications_sent` across restarts; an extended
//! deadline is a new deadline and can be notified again. When many items cross
//! one threshold at once (e.g. the first start on an old register) they are
//! folded into one notice instead of flooding the desktop.

use chrono::{Duration, NaiveDateTime};
use rusqlite::{Connection, ToSql, params};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::db::conditions::open_condition;
use crate::db::rows::{fmt_date, fmt_dt};
use crate::error::CoreResult;
use crate::error::FieldError;
use crate::model::Actor;
use crate::office::Office;
use crate::settings::Setting;

/// More new items than this in one threshold become one summary notice.
pub const MAX_INDIVIDUAL: usize = 3;

/// What the office wants to be told about.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(default)]
#[ts(export)]
pub struct NotifySettings {
    pub enabled: bool,
    pub due_today: bool,
    pub overdue: bool,
    pub first_response: bool,
    /// Minutes before a first-response deadline to warn.
    pub first_response_warn_minutes: u32,
    pub digest_on_start: bool,
    /// How often the window checks, in seconds.
    pub interval_seconds: u32,
}

impl Default for NotifySettings {
    fn default() -> Self {
        Self {
            enabled: true,
            due_today: true,
            overdue: true,
            first_response: true,
            first_response_warn_minutes: 60,
            digest_on_start: true,
            interval_seconds: 60,
        }
    }
}

impl Setting for NotifySettings {
    const KEY: &'static str = "notifications";

    fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut e = Vec::new();
        if !(10..=3600).contains(&self.interval_seconds) {
            e.push(FieldError::new(
                "interval_seconds",
                "Интервал проверки: от 10 до 3600 секунд.",
            ));
        }
        if self.first_response_warn_minutes > 24 * 60 {
            e.push(FieldError::new(
                "first_response_warn_minutes",
                "Предупреждать не раньше чем за 24 часа.",
            ));
        }
        if e.is_empty() { Ok(()) } else { Err(e) }
    }
}

/// One remembered (appeal, threshold, deadline).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, TS)]
#[ts(export)]
pub struct NoticeKey {
    pub appeal_id: i64,
    pub threshold: String,
    pub due_key: String,
}

/// A notification to show.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct Notice {
    /// The appeal to open when the notice is activated (single-item notices).
    pub appeal_id: Option<i64>,
    pub threshold: String,
    pub summary: String,
    pub body: String,
    pub keys: Vec<NoticeKey>,
}

struct Candidate {
    id: i64,
    number: String,
    due_key: String,
    due_shown: String,
    topic: String,
    settlement: String,
    person: String,
}

fn candidates(
    conn: &Connection,
    threshold: &str,
    due_col: &str,
    index: &str,
    cond: &str,
    p: &[&dyn ToSql],
) -> CoreResult<Vec<Candidate>> {
    let sql = format!(
        "SELECT a.id, a.number, a.{due_col},
                coalesce((SELECT t.name FROM appeal_questions q JOIN topics t ON t.code = q.topic_code
                          WHERE q.appeal_id = a.id ORDER BY q.position LIMIT 1), ''),
                coalesce(s.name, ''), coalesce(pe.full_name, '')
         FROM appeals a INDEXED BY {index}
         LEFT JOIN settlements s ON s.id = a.settlement_id
         LEFT JOIN persons pe ON pe.id = a.person_id
         WHERE {} AND {cond}
           AND NOT EXISTS (SELECT 1 FROM notifications_sent n
                           WHERE n.appeal_id = a.id AND n.threshold = '{threshold}' AND n.due_key = a.{due_col})
         ORDER BY a.{due_col}, a.id",
        open_condition("a.status")
    );
    let mut st = conn.prepare_cached(&sql)?;
    let rows = st.query_map(p, |r| {
        let due: String = r.get(2)?;
        Ok(Candidate {
            id: r.get(0)?,
            number: r.get(1)?,
            due_shown: show_moment(&due),
            due_key: due,
            topic: r.get(3)?,
            settlement: r.get(4)?,
            person: r.get(5)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// "2026-11-27" → "27.11.2026", "2026-11-27T15:30:00" → "27.11.2026 15:30".
fn show_moment(s: &str) -> String {
    let d = s.get(..10).unwrap_or(s);
    let date = format!(
        "{}.{}.{}",
        d.get(8..10).unwrap_or(""),
        d.get(5..7).unwrap_or(""),
        d.get(..4).unwrap_or("")
    );
    match s.get(11..16) {
        Some(t) => format!("{date} {t}"),
        None => date,
    }
}

fn fold(threshold: &str, title: &str, many: &str, items: Vec<Candidate>) -> Vec<Notice> {
    let key = |c: &Candidate| NoticeKey {
        appeal_id: c.id,
        threshold: threshold.to_owned(),
        due_key: c.due_key.clone(),
    };
    if items.len() > MAX_INDIVIDUAL {
        let numbers: Vec<&str> = items.iter().take(5).map(|c| c.number.as_str()).collect();
        let more = items.len().saturating_sub(5);
        let tail = if more > 0 {
            format!(" и ещё {more}")
        } else {
            String::new()
        };
        return vec![Notice {
            appeal_id: None,
            threshold: threshold.to_owned(),
            summary: format!("{many}: {}", items.len()),
            body: format!(
                "№ {}{tail}. Откройте экран контроля сроков.",
                numbers.join(", ")
            ),
            keys: items.iter().map(key).collect(),
        }];
    }
    items
        .into_iter()
        .map(|c| {
            let mut parts = vec![c.topic.clone()];
            if !c.settlement.is_empty() {
                parts.push(c.settlement.clone());
            }
            parts.push(if c.person.is_empty() {
                "исполнитель не назначен".to_owned()
            } else {
                format!("исполнитель {}", c.person)
            });
            Notice {
                appeal_id: Some(c.id),
                threshold: threshold.to_owned(),
                summary: format!("{title}: № {}", c.number),
                body: format!("{}. Срок: {}.", parts.join(" · "), c.due_shown),
                keys: vec![key(&c)],
            }
        })
        .collect()
}

/// Notices due now and not yet sent. Does not record anything.
pub fn pending(
    conn: &Connection,
    now: NaiveDateTime,
    s: &NotifySettings,
) -> CoreResult<Vec<Notice>> {
    if !s.enabled {
        return Ok(Vec::new());
    }
    let today = fmt_date(now.date());
    let mut out = Vec::new();
    if s.overdue {
        let c = candidates(
            conn,
            "overdue",
            "due_date",
            "appeals_status_due",
            "a.due_date < ?1",
            params![today],
        )?;
        out.extend(fold("overdue", "Просрочено", "Просрочено обращений", c));
    }
    if s.due_today {
        let c = candidates(
            conn,
            "due_today",
            "due_date",
            "appeals_status_due",
            "a.due_date = ?1",
            params![today],
        )?;
        out.extend(fold(
            "due_today",
            "Срок сегодня",
            "Срок ответа сегодня у обращений",
            c,
        ));
    }
    if s.first_response {
        let pending = "a.first_response_at IS NULL AND a.first_response_due IS NOT NULL";
        let at = fmt_dt(now);
        let c = candidates(
            conn,
            "first_response_overdue",
            "first_response_due",
            "appeals_open_first_response",
            &format!("{pending} AND a.first_response_due < ?1"),
            params![at],
        )?;
        out.extend(fold(
            "first_response_overdue",
            "Нет первичного ответа",
            "Просрочен первичный ответ по инцидентам",
            c,
        ));
        let warn = fmt_dt(now + Duration::minutes(i64::from(s.first_response_warn_minutes)));
        let c = candidates(
            conn,
            "first_response_soon",
            "first_response_due",
            "appeals_open_first_response",
            &format!("{pending} AND a.first_response_due >= ?1 AND a.first_response_due <= ?2"),
            params![at, warn],
        )?;
        out.extend(fold(
            "first_response_soon",
            "Скоро срок первичного ответа",
            "Скоро срок первичного ответа у инцидентов",
            c,
        ));
    }
    Ok(out)
}

/// Remembers notices as sent; idempotent.
pub fn mark_sent(conn: &Connection, notices: &[Notice], now: NaiveDateTime) -> CoreResult<()> {
    let mut st = conn.prepare_cached(
        "INSERT OR IGNORE INTO notifications_sent (appeal_id, threshold, due_key, sent_at) VALUES (?1, ?2, ?3, ?4)",
    )?;
    let at = fmt_dt(now);
    for n in notices {
        for k in &n.keys {
            st.execute(params![k.appeal_id, k.threshold, k.due_key, at])?;
        }
    }
    Ok(())
}

/// The digest shown when the app starts (not recorded: it is a summary).
pub fn digest(conn: &Connection, now: NaiveDateTime) -> CoreResult<Option<Notice>> {
    let screen = crate::control::screen(conn, now)?;
    let c = &screen.counts;
    if c.overdue + c.due_today + c.due_soon + c.unassigned + c.first_response_pending == 0 {
        return Ok(None);
    }
    let mut lines = vec![
        format!("Просрочено: {}", c.overdue),
        format!("Срок сегодня: {}", c.due_today),
        format!("В ближайшие 3 рабочих дня: {}", c.due_soon),
        format!("Не распределено: {}", c.unassigned),
    ];
    if c.first_response_pending > 0 {
        lines.push(format!(
            "Ждут первичного ответа: {} (просрочено {})",
            c.first_response_pending, c.first_response_overdue
        ));
    }
    if c.extension_notice_missing > 0 {
        lines.push(format!(
            "Продлено без уведомления заявителя: {}",
            c.extension_notice_missing
        ));
    }
    Ok(Some(Notice {
        appeal_id: None,
        threshold: "digest".into(),
        summary: format!("Контроль сроков на {}", now.format("%d.%m.%Y %H:%M")),
        body: lines.join("\n"),
        keys: Vec::new(),
    }))
}

impl Office {
    pub fn notify_settings(&self) -> CoreResult<NotifySettings> {
        self.setting()
    }

    pub fn save_notify_settings(&self, s: &NotifySettings, actor: &Actor<'_>) -> CoreResult<()> {
        self.save_setting(s, actor)
    }

    /// Notices due at `now` and not yet sent (nothing is recorded).
    pub fn pending_notices(&self, now: NaiveDateTime) -> CoreResult<Vec<Notice>> {
        self.db.read(|c| pending(c, now, &NotifySettings::load(c)?))
    }

    pub fn mark_notices_sent(&self, notices: &[Notice], now: NaiveDateTime) -> CoreResult<()> {
        self.db.write(|tx| mark_sent(tx, notices, now))
    }

    pub fn digest(&self, now: NaiveDateTime) -> CoreResult<Option<Notice>> {
        self.db.read(|c| digest(c, now))
    }
}
