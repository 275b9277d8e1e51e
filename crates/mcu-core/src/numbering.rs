//! Registration numbers (регистрационный номер) from a configurable pattern.
//!
//! Tokens: `{YYYY}` year, `{YY}` two-digit year, `{MM}` month, `{KIND}` short
//! kind (`59`, `ПОС`, `ИМ`), `{N}` the counter, `{N:5}` the counter padded to 5
//! digits. The counter runs per "period key": the pattern with the counter
//! removed and the date tokens filled in, so a pattern with `{YYYY}` restarts
//! every year and one with `{KIND}` counts each kind separately.

use chrono::{Datelike, NaiveDate};

use crate::model::AppealKind;

pub const DEFAULT_PATTERN: &str = "{YYYY}-{N:5}";

fn kind_short(k: AppealKind) -> &'static str {
    match k {
        AppealKind::Fz59 => "59",
        AppealKind::Pos => "ПОС",
        AppealKind::Incident => "ИМ",
    }
}

fn fill_dates(pattern: &str, date: NaiveDate, kind: AppealKind) -> String {
    pattern
        .replace("{YYYY}", &format!("{:04}", date.year()))
        .replace("{YY}", &format!("{:02}", date.year() % 100))
        .replace("{MM}", &format!("{:02}", date.month()))
        .replace("{KIND}", kind_short(kind))
}

/// Finds the counter token: its byte range and padding width.
fn counter_token(pattern: &str) -> Option<(usize, usize, usize)> {
    let start = pattern.find("{N")?;
    let end = start + pattern[start..].find('}')? + 1;
    let inner = &pattern[start + 2..end - 1];
    let width = match inner {
        "" => 0,
        w => w.strip_prefix(':')?.parse().ok()?,
    };
    Some((start, end, width))
}

/// Checks a pattern; returns the Russian reason when it is unusable.
pub fn check_pattern(pattern: &str) -> Result<(), String> {
    let Some((_, _, width)) = counter_token(pattern) else {
        return Err("Шаблон номера должен содержать счётчик {N} или {N:5}.".into());
    };
    if width > 12 {
        return Err("Ширина счётчика не больше 12 цифр.".into());
    }
    if pattern.matches("{N").count() > 1 {
        return Err("Счётчик {N} может встречаться в шаблоне только один раз.".into());
    }
    let rest = fill_dates(pattern, NaiveDate::MIN, AppealKind::Fz59);
    let (s, e, _) = counter_token(&rest).ok_or("Неверный счётчик.")?;
    let without = format!("{}{}", &rest[..s], &rest[e..]);
    if without.contains('{') || without.contains('}') {
        return Err(
            "Неизвестный элемент шаблона: допустимы {YYYY}, {YY}, {MM}, {KIND}, {N}, {N:5}.".into(),
        );
    }
    if pattern.chars().count() > 60 {
        return Err("Шаблон слишком длинный.".into());
    }
    Ok(())
}

/// The counter's period key for a date and kind (see module docs).
pub fn period_key(pattern: &str, date: NaiveDate, kind: AppealKind) -> String {
    let filled = fill_dates(pattern, date, kind);
    match counter_token(&filled) {
        Some((s, e, _)) => format!("{}#{}", &filled[..s], &filled[e..]),
        None => filled,
    }
}

/// Formats the number for counter value `n`.
pub fn format_number(pattern: &str, date: NaiveDate, kind: AppealKind, n: u64) -> String {
    let filled = fill_dates(pattern, date, kind);
    match counter_token(&filled) {
        Some((s, e, width)) => format!(
            "{}{:0width$}{}",
            &filled[..s],
            n,
            &filled[e..],
            width = width
        ),
        None => format!("{filled}{n}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn formats_and_keys() {
        assert_eq!(
            format_number(DEFAULT_PATTERN, d("2026-11-28"), AppealKind::Pos, 42),
            "2026-00042"
        );
        assert_eq!(
            format_number("МЦУ/{KIND}/{YY}/{N}", d("2026-01-05"), AppealKind::Pos, 7),
            "МЦУ/ПОС/26/7"
        );
        assert_eq!(
            period_key(DEFAULT_PATTERN, d("2026-11-28"), AppealKind::Pos),
            "2026-#"
        );
        assert_ne!(
            period_key("{KIND}-{N}", d("2026-11-28"), AppealKind::Pos),
            period_key("{KIND}-{N}", d("2026-11-28"), AppealKind::Fz59)
        );
        assert_eq!(
            period_key("{N}", d("2026-11-28"), AppealKind::Pos),
            period_key("{N}", d("2027-11-28"), AppealKind::Pos)
        );
    }

    #[test]
    fn bad_patterns_are_explained() {
        assert!(check_pattern("{YYYY}").is_err());
        assert!(check_pattern("{YYYY}-{N:x}").is_err());
        assert!(check_pattern("{YYYY}-{N}-{N}").is_err());
        assert!(check_pattern("{DD}-{N}").is_err());
        assert!(check_pattern("МЦУ-{YYYY}-{N:5}").is_ok());
    }
}
