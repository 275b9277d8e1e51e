//! SQL conditions that several figures share, such as what «open» means over
//! the `appeals` table. One definition of a legal notion for every figure:
//! the journal, the control screen, the notifier and the reports must not
//! disagree about the same appeal because each wrote the test its own way.

use crate::model::Status;

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
