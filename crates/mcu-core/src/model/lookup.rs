//! What validation needs to know of the stored data ([`Lookup`], implemented
//! over SQL in `db::lookup`), and the kinds of references an id can point to.

use chrono::NaiveDateTime;

use super::enums::AppealKind;
use super::reference::Channel;

/// Which reference an id points to, for display.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ref {
    Block,
    Person,
    Settlement,
    Appeal,
}

/// What validation needs to know about the database.
pub trait Lookup {
    fn channel(&self, code: &str) -> Option<Channel>;
    fn settlement_id(&self, name: &str) -> Option<i64>;
    /// By code or by name.
    fn block_id(&self, code_or_name: &str) -> Option<i64>;
    /// The person's id and the blocks they are responsible for.
    fn person(&self, full_name: &str) -> Option<(i64, Vec<i64>)>;
    fn topic_exists(&self, code: &str) -> bool;
    /// Id and registration moment of an appeal by its number.
    fn appeal_by_number(&self, number: &str) -> Option<(i64, NaiveDateTime)>;
    /// The appeal (id, number) already holding this external id for this kind.
    fn external_id_owner(&self, kind: AppealKind, external_id: &str) -> Option<(i64, String)>;
}
