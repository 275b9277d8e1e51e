//! Searching appeals the search index has not reached yet: those of a bulk
//! write waiting in `search_backlog` (see [`super::indexer`]). The journal
//! reads them row by row through the SQL function [`FUNCTION`], which answers
//! what the index would: every word occurs as a substring of one of the five
//! indexed columns, compared as the trigram tokenizer compares (case folded,
//! Latin diacritics removed, ё read as е).

use rusqlite::Connection;
use rusqlite::functions::FunctionFlags;
use unicode_normalization::UnicodeNormalization;

use crate::error::CoreResult;

/// `mcu_unindexed_match(words, number, text, applicant_name, applicant_address,
/// address)`: 1 when every word (folded, one per line) is in some column.
pub const FUNCTION: &str = "mcu_unindexed_match";

/// One character as the index sees it: the trigram tokenizer with
/// `remove_diacritics 1` folds case and strips the diacritics of Latin letters
/// only (й stays й); ё is folded into е before indexing (migration 0002).
fn fold_char(c: char) -> char {
    let mut lower = c.to_lowercase();
    let l = match (lower.next(), lower.next()) {
        (Some(l), None) => l,
        _ => c,
    };
    if l == 'ё' {
        return 'е';
    }
    let latin = ('\u{c0}'..='\u{24f}').contains(&l) || ('\u{1e00}'..='\u{1eff}').contains(&l);
    if latin
        && let Some(base) = std::iter::once(l).nfd().next()
        && base.is_ascii()
    {
        return base;
    }
    l
}

/// Text as the index compares it.
pub fn fold(s: &str) -> String {
    s.chars().map(fold_char).collect()
}

/// The words of a search (3+ characters, as [`super::journal::fts_query`]
/// keeps them), folded, one per line: the function's first argument.
pub fn words(search: &str) -> String {
    search
        .split_whitespace()
        .filter(|w| w.chars().count() >= 3)
        .map(fold)
        .collect::<Vec<_>>()
        .join("\n")
}

/// Whether every word is a substring of one of the columns.
pub fn matches(words: &str, columns: &[&str]) -> bool {
    let folded: Vec<String> = columns.iter().map(|c| fold(c)).collect();
    words
        .split('\n')
        .filter(|w| !w.is_empty())
        .all(|w| folded.iter().any(|c| c.contains(w)))
}

/// Registers [`FUNCTION`] on a connection.
pub fn register(conn: &Connection) -> CoreResult<()> {
    conn.create_scalar_function(
        FUNCTION,
        6,
        FunctionFlags::SQLITE_UTF8 | FunctionFlags::SQLITE_DETERMINISTIC,
        |ctx| {
            let words: String = ctx.get(0)?;
            let mut columns = Vec::with_capacity(5);
            for i in 1..6 {
                columns.push(ctx.get::<Option<String>>(i)?.unwrap_or_default());
            }
            let refs: Vec<&str> = columns.iter().map(String::as_str).collect();
            Ok(matches(&words, &refs))
        },
    )?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_case_yo_and_latin_diacritics_but_not_cyrillic_ones() {
        assert_eq!(fold("ЁЛКА Ёж"), "елка еж");
        assert_eq!(fold("Café Müller Ñandú"), "cafe muller nandu");
        assert_eq!(fold("Бой Йошкар"), "бой йошкар", "й is a letter of its own");
    }

    #[test]
    fn every_word_must_be_in_some_column() {
        let w = words("воды  Садовая ул");
        assert_eq!(w, "воды\nсадовая", "short words are not looked up");
        assert!(matches(&w, &["", "Нет ВОДЫ", "", "", "ул. Садовая"]));
        assert!(!matches(&w, &["", "Нет воды", "", "", "ул. Лесная"]));
        assert!(
            !matches(&words("водасад"), &["вода", "сад", "", "", ""]),
            "a word does not span two columns"
        );
    }

    mod against_the_index {
        use proptest::prelude::*;
        use rusqlite::Connection;

        /// The index exactly as migration 0002 creates it, over a table of
        /// the five columns, in memory.
        fn index() -> Connection {
            let migration = include_str!("migrations/0002_fulltext.sql");
            let start = migration.find("CREATE VIRTUAL TABLE").unwrap();
            let end = start + migration[start..].find(");").unwrap() + 2;
            let c = Connection::open_in_memory().unwrap();
            c.execute_batch(&migration[start..end]).unwrap();
            super::super::register(&c).unwrap();
            c
        }

        /// Cyrillic and Latin in both cases, ё/й, Latin letters with
        /// diacritics, digits, spaces and punctuation.
        const ALPHABET: &[char] = &[
            'а', 'б', 'в', 'е', 'ё', 'и', 'й', 'о', 'А', 'Б', 'Е', 'Ё', 'И', 'Й', 'a', 'b', 'e',
            'A', 'B', 'E', 'u', 'U', 'é', 'É', 'ü', 'Ü', 'ñ', 'ç', '1', '2', ' ', '.', '-',
        ];

        fn text(max: usize) -> impl Strategy<Value = String> {
            proptest::collection::vec(proptest::sample::select(ALPHABET), 0..max)
                .prop_map(|v| v.into_iter().collect())
        }

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(300))]

            /// The rows the function accepts are the rows the index finds.
            #[test]
            fn finds_what_the_index_finds(
                rows in proptest::collection::vec([text(6), text(40), text(12), text(12), text(12)], 1..12),
                pick in (any::<usize>(), 0usize..5, any::<usize>(), 3usize..8),
                upper in any::<bool>(),
                swap in any::<u16>(),
                random in proptest::option::of(text(12)),
            ) {
                // Mostly a piece of some column (so that there is something to
                // find), in upper case or not; sometimes anything at all.
                let search = random.unwrap_or_else(|| {
                    let column: Vec<char> = rows[pick.0 % rows.len()][pick.1].chars().collect();
                    let start = pick.2 % (column.len() + 1);
                    // Letters the index reads alike, swapped where `swap` has a bit.
                    let piece: String = column[start..(start + pick.3).min(column.len())]
                        .iter()
                        .enumerate()
                        .map(|(i, &c)| match (swap >> i & 1 == 1, c) {
                            (true, 'е') => 'ё',
                            (true, 'ё') => 'е',
                            (true, 'Е') => 'Ё',
                            (true, 'e') => 'é',
                            (true, 'é') => 'e',
                            (true, 'u') => 'ü',
                            _ => c,
                        })
                        .collect();
                    if upper { piece.to_uppercase() } else { piece }
                });
                let c = index();
                c.execute_batch("CREATE TABLE t (number, text, applicant_name, applicant_address, address)").unwrap();
                for r in &rows {
                    let yo = |s: &String| s.replace('ё', "е").replace('Ё', "Е");
                    c.execute(
                        "INSERT INTO t VALUES (?1, ?2, ?3, ?4, ?5)",
                        [&r[0], &r[1], &r[2], &r[3], &r[4]],
                    ).unwrap();
                    c.execute(
                        "INSERT INTO appeals_fts (rowid, number, text, applicant_name, applicant_address, address)
                         VALUES (last_insert_rowid(), ?1, ?2, ?3, ?4, ?5)",
                        [yo(&r[0]), yo(&r[1]), yo(&r[2]), yo(&r[3]), yo(&r[4])],
                    ).unwrap();
                }
                let Ok(Some(fts)) = crate::db::journal::fts_query(&search) else {
                    return Ok(());
                };
                let ids = |sql: &str, p: &str| -> Vec<i64> {
                    let mut st = c.prepare(sql).unwrap();
                    st.query_map([p], |r| r.get(0)).unwrap().map(Result::unwrap).collect()
                };
                let by_index = ids("SELECT rowid FROM appeals_fts WHERE appeals_fts MATCH ?1 ORDER BY rowid", &fts);
                let by_function = ids(
                    &format!("SELECT rowid FROM t WHERE {}(?1, number, text, applicant_name, applicant_address, address) ORDER BY rowid", super::super::FUNCTION),
                    &super::super::words(&search),
                );
                prop_assert_eq!(by_index, by_function);
            }
        }
    }
}
