//! Field validation shared by every form (appeals, actions, reference data,
//! road maps, settings): errors are collected, never returned one by one, so
//! the person sees every problem of the form at once, each at its field.

use chrono::{NaiveDate, NaiveDateTime};

use crate::error::FieldError;
use crate::period::parse_datetime;

/// Collects field errors so that all of them are reported together.
#[derive(Default)]
pub struct Errors(pub Vec<FieldError>);

impl Errors {
    pub fn add(&mut self, field: &str, message: impl Into<String>) {
        self.0.push(FieldError::new(field, message));
    }

    pub fn into_result<T>(self, value: impl FnOnce() -> T) -> Result<T, Vec<FieldError>> {
        if self.0.is_empty() {
            Ok(value())
        } else {
            Err(self.0)
        }
    }
}

/// Validates a moment that must not lie in the future.
pub fn past_datetime(
    errs: &mut Errors,
    field: &str,
    raw: &str,
    what: &str,
    now: NaiveDateTime,
) -> Option<NaiveDateTime> {
    if raw.trim().is_empty() {
        errs.add(field, format!("Укажите {what}."));
        return None;
    }
    let Some(v) = parse_datetime(raw) else {
        errs.add(
            field,
            format!(
                "Не удалось разобрать {what} «{}»: ожидается ДД.ММ.ГГГГ ЧЧ:ММ.",
                raw.trim()
            ),
        );
        return None;
    };
    // A minute of slack for clocks of two programs on one PC.
    if v > now + chrono::Duration::minutes(1) {
        errs.add(
            field,
            format!("{} не может быть в будущем.", capitalize(what)),
        );
        return None;
    }
    if v.date() < NaiveDate::from_ymd_opt(2000, 1, 1).expect("constant date") {
        errs.add(field, "Проверьте год: дата раньше 2000 года.");
        return None;
    }
    Some(v)
}

pub(crate) fn capitalize(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

pub(crate) fn max_len(errs: &mut Errors, field: &str, value: &str, max: usize, what: &str) {
    let n = value.chars().count();
    if n > max {
        errs.add(
            field,
            format!(
                "{} слишком длинное: {n} символов, допускается не более {max}.",
                capitalize(what)
            ),
        );
    }
}

/// A text that must not be empty (trimmed).
pub(crate) fn required(e: &mut Errors, field: &str, v: &str, what: &str) -> String {
    let t = v.trim();
    if t.is_empty() {
        e.add(field, format!("Укажите {what}."));
    }
    t.to_owned()
}
