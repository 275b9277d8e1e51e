//! Earlier appeals of the same applicant, shown while an appeal is registered:
//! the same complaint arriving by phone and by letter should be registered
//! once, and a repeated appeal (59-ФЗ ст. 11 ч. 5; «повторное» in the
//! reports) should point at the first one.
//!
//! The candidates come from the journal's search (the trigram index, and the
//! appeals a bulk write has not indexed yet); an applicant is the same when the
//! full names agree up to case, «ё» and spacing.

use chrono::NaiveDate;
use rusqlite::Connection;

use crate::error::CoreResult;
use crate::model::{JournalQuery, JournalRow, SortKey};

/// How many of the newest candidates are looked at.
const CANDIDATES: u32 = 200;
/// How many earlier appeals are returned.
pub const SHOWN: usize = 20;

/// «петров  Пётр петрович» → «петров петр петрович».
pub fn normalize_name(name: &str) -> String {
    name.split_whitespace()
        .map(|w| w.to_lowercase().replace('ё', "е"))
        .collect::<Vec<_>>()
        .join(" ")
}

/// A name worth looking up: at least a surname and a name, each of 2+ letters
/// (a surname alone or with initials would match strangers), one of 3+ (what
/// the trigram index can look up).
pub fn searchable(name: &str) -> bool {
    let letters = |w: &&str| w.chars().filter(|c| c.is_alphabetic()).count();
    let words: Vec<&str> = name.split_whitespace().collect();
    words.len() >= 2
        && words.iter().take(2).all(|w| letters(w) >= 2)
        && words.iter().any(|w| letters(w) >= 3)
}

/// The appeals of the applicant `name`, newest first, without `except` (the
/// appeal being edited); empty for a name that is not [`searchable`].
pub fn applicant_appeals(
    conn: &Connection,
    name: &str,
    except: Option<i64>,
    today: NaiveDate,
) -> CoreResult<Vec<JournalRow>> {
    if !searchable(name) {
        return Ok(Vec::new());
    }
    let wanted = normalize_name(name);
    let q = JournalQuery {
        search: name.to_owned(),
        sort: SortKey::RegisteredDesc,
        limit: CANDIDATES,
        ..Default::default()
    };
    // The journal's page without its total: the form needs no count.
    Ok(crate::db::journal::page(conn, &q, today)?
        .into_iter()
        .filter(|r| Some(r.id) != except && normalize_name(&r.applicant) == wanted)
        .take(SHOWN)
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_agree_up_to_case_yo_and_spacing() {
        assert_eq!(
            normalize_name("  Пётров   ПЁТР петрович "),
            normalize_name("петров Петр Петрович")
        );
        assert_ne!(
            normalize_name("Петров Пётр Петрович"),
            normalize_name("Петрова Пётр Петрович")
        );
    }

    #[test]
    fn only_a_surname_with_a_name_is_looked_up() {
        assert!(searchable("Петров Пётр"));
        assert!(searchable("Ли Янчжун"));
        assert!(!searchable("Ли Ян"));
        assert!(!searchable("Петров"));
        assert!(!searchable("Петров П. П."));
        assert!(!searchable(""));
    }
}
