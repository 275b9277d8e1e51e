//! SQL conditions that several figures share: what «open», «answered on
//! time», «answered late», «open and overdue» and «extended» mean over the
//! `appeals` table. One definition of a legal notion for every figure: the
//! timeliness table, the rating, the weekly note, the quarterly indicators
//! and the control screen must not disagree about the same appeal because
//! each wrote the test its own way.
//!
//! Each function returns an SQL fragment in parentheses over the columns of
//! `table`, an alias such as `"a"` or `""` for the bare column names. The
//! conditions are 0 or 1, never NULL (`status` and `due_date` are NOT NULL),
//! so `sum(…)` counts them the same whatever else the row holds.

use crate::model::Status;

/// The column `name` of `table`: `a.due_date`, or `due_date` for `""`.
fn column(table: &str, name: &str) -> String {
    if table.is_empty() {
        name.to_owned()
    } else {
        format!("{table}.{name}")
    }
}

/// "`column` is an open status" as comparisons joined by OR: the form of the
/// partial indexes over open appeals (migration 0011), which a query must
/// repeat term for term to use them. (An IN list of constants costs a
/// temporary b-tree per statement run; in those indexes, per written row.)
pub fn open_condition(column: &str) -> String {
    let terms: Vec<String> = Status::OPEN
        .iter()
        .map(|s| format!("{column} = '{}'", s.code()))
        .collect();
    format!("({})", terms.join(" OR "))
}

/// The open statuses as an SQL list for `status IN (…)`.
pub fn open_list() -> String {
    Status::OPEN
        .iter()
        .map(|s| format!("'{}'", s.code()))
        .collect::<Vec<_>>()
        .join(",")
}

/// Answered, and on or before the deadline. An extended deadline is the
/// deadline: an answer within it is on time.
pub fn answered_on_time(table: &str) -> String {
    let (answer, due) = (column(table, "answer_date"), column(table, "due_date"));
    format!("({answer} IS NOT NULL AND {answer} <= {due})")
}

/// Answered after the deadline.
pub fn answered_late(table: &str) -> String {
    let (answer, due) = (column(table, "answer_date"), column(table, "due_date"));
    format!("({answer} IS NOT NULL AND {answer} > {due})")
}

/// Still open, its deadline not passed on the day `as_of` (an SQL
/// expression, usually a parameter such as `"?3"`).
pub fn open_in_time(table: &str, as_of: &str) -> String {
    let (status, due) = (column(table, "status"), column(table, "due_date"));
    format!("({status} IN ({}) AND {due} >= {as_of})", open_list())
}

/// Still open with its deadline passed on the day `as_of` (an SQL
/// expression, usually a parameter such as `"?3"`): overdue.
pub fn open_overdue(table: &str, as_of: &str) -> String {
    let (status, due) = (column(table, "status"), column(table, "due_date"));
    format!("({status} IN ({}) AND {due} < {as_of})", open_list())
}

/// The deadline was extended (the first one is kept in `original_due_date`).
pub fn extended(table: &str) -> String {
    format!("({} IS NOT NULL)", column(table, "original_due_date"))
}

/// Calendar days from the day of registration to the answer; NULL without
/// an answer (so that `avg(…)` takes the answered only).
pub fn days_to_answer(table: &str) -> String {
    format!(
        "(julianday({}) - julianday(substr({}, 1, 10)))",
        column(table, "answer_date"),
        column(table, "registered_at")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fragments_name_the_columns_of_their_table() {
        assert_eq!(
            answered_on_time("a"),
            "(a.answer_date IS NOT NULL AND a.answer_date <= a.due_date)"
        );
        assert_eq!(
            answered_late(""),
            "(answer_date IS NOT NULL AND answer_date > due_date)"
        );
        assert_eq!(
            open_overdue("a", "?3"),
            format!("(a.status IN ({}) AND a.due_date < ?3)", open_list())
        );
        assert_eq!(
            days_to_answer("a"),
            "(julianday(a.answer_date) - julianday(substr(a.registered_at, 1, 10)))"
        );
    }

    /// The fragments count the same appeals as the plain comparisons they
    /// replaced, NULL answers included: 0 where those were NULL.
    #[test]
    fn fragments_are_never_null() {
        let conn = rusqlite::Connection::open_in_memory().unwrap();
        conn.execute_batch(
            "CREATE TABLE appeals (status TEXT, answer_date TEXT, due_date TEXT, original_due_date TEXT);
             INSERT INTO appeals VALUES
               ('answered', '2026-11-20', '2026-11-20', NULL),
               ('answered', '2026-11-21', '2026-11-20', '2026-11-10'),
               ('in_progress', NULL, '2026-11-20', NULL),
               ('in_progress', NULL, '2026-12-20', NULL);",
        )
        .unwrap();
        let figures = |cond: &str| -> (i64, i64, i64) {
            conn.query_row(
                &format!("SELECT sum({cond}), sum(({cond}) IS NULL), count(*) FROM appeals a"),
                [],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .unwrap()
        };
        assert_eq!(figures(&answered_on_time("a")), (1, 0, 4));
        assert_eq!(figures(&answered_late("a")), (1, 0, 4));
        assert_eq!(figures(&open_overdue("a", "'2026-11-27'")), (1, 0, 4));
        assert_eq!(figures(&open_in_time("a", "'2026-11-27'")), (1, 0, 4));
        assert_eq!(figures(&extended("a")), (1, 0, 4));
    }
}
