//! Who acts and when: the identity and moment every change is attributed to.

use chrono::NaiveDateTime;

/// Who did it and when: passed in, never read from a global.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor<'a> {
    pub operator: &'a str,
    pub at: NaiveDateTime,
}
