//! Audit rows: written in the same transaction as the change they describe.

use rusqlite::{Connection, params};

use super::rows::{fmt_dt, get_dt};
use crate::audit::Change;
use crate::error::CoreResult;
use crate::model::fields::field_label;
use crate::model::{Actor, AuditEntry};

/// Writes one row per change, or a single row when there are none.
pub fn record(
    conn: &Connection,
    entity: &str,
    entity_id: i64,
    actor: &Actor<'_>,
    action: &str,
    changes: &[Change],
) -> CoreResult<()> {
    let mut st = conn.prepare_cached(
        "INSERT INTO audit (entity, entity_id, at, operator, action, field, old_value, new_value)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?;
    let at = fmt_dt(actor.at);
    if changes.is_empty() {
        st.execute(params![
            entity,
            entity_id,
            at,
            actor.operator,
            action,
            "",
            "",
            ""
        ])?;
    }
    for c in changes {
        st.execute(params![
            entity,
            entity_id,
            at,
            actor.operator,
            action,
            c.field,
            c.old,
            c.new
        ])?;
    }
    Ok(())
}

/// The history of one entity, oldest first.
pub fn history(conn: &Connection, entity: &str, entity_id: i64) -> CoreResult<Vec<AuditEntry>> {
    let mut st = conn.prepare_cached(
        "SELECT at, operator, action, field, old_value, new_value FROM audit
         WHERE entity = ?1 AND entity_id = ?2 ORDER BY id",
    )?;
    let rows = st.query_map(params![entity, entity_id], |r| {
        let field: String = r.get(3)?;
        Ok(AuditEntry {
            at: get_dt(r, 0)?,
            operator: r.get(1)?,
            action: r.get(2)?,
            field_label: field_label(&field).to_owned(),
            field,
            old_value: r.get(4)?,
            new_value: r.get(5)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}
