//! [`Lookup`] over a SQLite connection, and id → name resolution for display.

use std::cell::RefCell;
use std::collections::HashMap;

use chrono::NaiveDateTime;
use rusqlite::{Connection, OptionalExtension, params};

use super::rows::get_dt;
use crate::model::Lookup;
use crate::model::Ref;
use crate::model::{AppealKind, Channel};

/// Validation lookups inside a read or write transaction.
pub struct ConnLookup<'a>(pub &'a Connection);

impl Lookup for ConnLookup<'_> {
    fn channel(&self, code: &str) -> Option<Channel> {
        self.0
            .prepare_cached("SELECT code, name, default_kind, active FROM channels WHERE code = ?1 OR name = ?1").ok()?.query_row([code],
                |r| {
                    Ok(Channel {
                        code: r.get(0)?,
                        name: r.get(1)?,
                        default_kind: r.get(2)?,
                        active: r.get(3)?,
                    })
                },
            )
            .optional()
            .ok()
            .flatten()
    }

    fn settlement_id(&self, name: &str) -> Option<i64> {
        self.0
            .prepare_cached("SELECT id FROM settlements WHERE name = ?1")
            .ok()?
            .query_row([name], |r| r.get(0))
            .optional()
            .ok()
            .flatten()
    }

    fn block_id(&self, code_or_name: &str) -> Option<i64> {
        self.0
            .prepare_cached("SELECT id FROM sector_blocks WHERE code = ?1 OR name = ?1")
            .ok()?
            .query_row([code_or_name], |r| r.get(0))
            .optional()
            .ok()
            .flatten()
    }

    fn person(&self, full_name: &str) -> Option<(i64, Vec<i64>)> {
        let id: i64 = self
            .0
            .prepare_cached("SELECT id FROM persons WHERE full_name = ?1")
            .ok()?
            .query_row([full_name], |r| r.get(0))
            .optional()
            .ok()
            .flatten()?;
        let mut st = self
            .0
            .prepare_cached("SELECT block_id FROM block_persons WHERE person_id = ?1")
            .ok()?;
        let blocks = st
            .query_map([id], |r| r.get(0))
            .ok()?
            .filter_map(Result::ok)
            .collect();
        Some((id, blocks))
    }

    fn topic_exists(&self, code: &str) -> bool {
        self.0
            .prepare_cached("SELECT 1 FROM topics WHERE code = ?1")
            .and_then(|mut st| st.query_row([code], |_| Ok(())))
            .optional()
            .ok()
            .flatten()
            .is_some()
    }

    fn appeal_by_number(&self, number: &str) -> Option<(i64, NaiveDateTime)> {
        self.0
            .prepare_cached("SELECT id, registered_at FROM appeals WHERE number = ?1")
            .ok()?
            .query_row([number], |r| Ok((r.get(0)?, get_dt(r, 1)?)))
            .optional()
            .ok()
            .flatten()
    }

    fn external_id_owner(&self, kind: AppealKind, external_id: &str) -> Option<(i64, String)> {
        self.0
            .prepare_cached("SELECT id, number FROM appeals WHERE kind = ?1 AND external_id = ?2 AND external_id IS NOT NULL").ok()?.query_row(params![kind, external_id],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()
            .ok()
            .flatten()
    }
}

/// [`ConnLookup`] that remembers the reference data it has looked up: within
/// one transaction of registrations (an import) channels, settlements, blocks,
/// persons and topics do not change. Appeals are always looked up afresh.
pub struct MemoLookup<'a> {
    conn: ConnLookup<'a>,
    channels: Memo<Option<Channel>>,
    settlements: Memo<Option<i64>>,
    blocks: Memo<Option<i64>>,
    persons: Memo<Option<(i64, Vec<i64>)>>,
    topics: Memo<bool>,
}

type Memo<T> = RefCell<HashMap<String, T>>;

fn remembered<T: Clone>(memo: &Memo<T>, key: &str, look: impl FnOnce() -> T) -> T {
    if let Some(v) = memo.borrow().get(key) {
        return v.clone();
    }
    let v = look();
    memo.borrow_mut().insert(key.to_owned(), v.clone());
    v
}

impl<'a> MemoLookup<'a> {
    pub fn new(conn: &'a Connection) -> MemoLookup<'a> {
        MemoLookup {
            conn: ConnLookup(conn),
            channels: Memo::default(),
            settlements: Memo::default(),
            blocks: Memo::default(),
            persons: Memo::default(),
            topics: Memo::default(),
        }
    }
}

impl Lookup for MemoLookup<'_> {
    fn channel(&self, code: &str) -> Option<Channel> {
        remembered(&self.channels, code, || self.conn.channel(code))
    }

    fn settlement_id(&self, name: &str) -> Option<i64> {
        remembered(&self.settlements, name, || self.conn.settlement_id(name))
    }

    fn block_id(&self, code_or_name: &str) -> Option<i64> {
        remembered(&self.blocks, code_or_name, || {
            self.conn.block_id(code_or_name)
        })
    }

    fn person(&self, full_name: &str) -> Option<(i64, Vec<i64>)> {
        remembered(&self.persons, full_name, || self.conn.person(full_name))
    }

    fn topic_exists(&self, code: &str) -> bool {
        remembered(&self.topics, code, || self.conn.topic_exists(code))
    }

    fn appeal_by_number(&self, number: &str) -> Option<(i64, NaiveDateTime)> {
        self.conn.appeal_by_number(number)
    }

    fn external_id_owner(&self, kind: AppealKind, external_id: &str) -> Option<(i64, String)> {
        self.conn.external_id_owner(kind, external_id)
    }
}

/// The display name of a referenced record; empty when it does not exist.
pub fn name_of(conn: &Connection, kind: Ref, id: i64) -> String {
    let sql = match kind {
        Ref::Block => "SELECT name FROM sector_blocks WHERE id = ?1",
        Ref::Person => "SELECT full_name FROM persons WHERE id = ?1",
        Ref::Settlement => "SELECT name FROM settlements WHERE id = ?1",
        Ref::Appeal => "SELECT number FROM appeals WHERE id = ?1",
    };
    conn.query_row(sql, [id], |r| r.get(0)).unwrap_or_default()
}
