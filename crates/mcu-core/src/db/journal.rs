//! The journal query: filters, full-text search, sorting and paging over
//! `appeals`, built as one parameterised statement.

use chrono::{Duration, NaiveDate};
use rusqlite::{Connection, ToSql};

use super::conditions::open_condition;
use super::rows::{fmt_date, get_date, get_dt};
use crate::deadline::days_left;
use crate::error::{CoreError, CoreResult};
use crate::model::{JournalPage, JournalQuery, JournalRow, SortKey, Status};

pub const DEFAULT_LIMIT: u32 = 100;
pub const MAX_LIMIT: u32 = 100_000;

/// Turns what was typed into the search box into an FTS5 query: every word of
/// 3+ characters must occur as a substring (trigram index). Shorter words
/// cannot be looked up in a trigram index and are ignored; if nothing is left
/// the user is told so at the search field.
pub fn fts_query(search: &str) -> CoreResult<Option<String>> {
    let folded = search.replace('ё', "е").replace('Ё', "Е");
    let words: Vec<&str> = folded.split_whitespace().collect();
    if words.is_empty() {
        return Ok(None);
    }
    let parts: Vec<String> = words
        .iter()
        .filter(|w| w.chars().count() >= 3)
        .map(|w| format!("\"{}\"", w.replace('"', "\"\"")))
        .collect();
    if parts.is_empty() {
        return Err(CoreError::field(
            "search",
            "Для поиска введите не менее 3 символов.",
        ));
    }
    Ok(Some(parts.join(" AND ")))
}

/// Normalises a ТОТК filter: `0005.0005.0056.0000` means everything under `0005.0005.0056`.
pub fn topic_prefix(code: &str) -> String {
    let mut p = code.trim();
    while let Some(rest) = p.strip_suffix(".0000") {
        p = rest;
    }
    p.to_owned()
}

/// The WHERE clause and its parameters for a query.
pub fn where_clause(
    q: &JournalQuery,
    today: NaiveDate,
) -> CoreResult<(String, Vec<Box<dyn ToSql>>)> {
    let mut cond: Vec<String> = Vec::new();
    let mut params: Vec<Box<dyn ToSql>> = Vec::new();
    // Every `?` of one condition refers to that condition's single parameter.
    let mut push = |sql: &str, v: Box<dyn ToSql>, cond: &mut Vec<String>| {
        params.push(v);
        cond.push(sql.replace('?', &format!("?{}", params.len())));
    };
    if let Some(from) = q.from {
        push("a.registered_at >= ?", Box::new(fmt_date(from)), &mut cond);
    }
    if let Some(to) = q.to {
        push(
            "a.registered_at < ?",
            Box::new(fmt_date(to + Duration::days(1))),
            &mut cond,
        );
    }
    if let Some(c) = &q.channel {
        push("a.channel = ?", Box::new(c.clone()), &mut cond);
    }
    if let Some(k) = q.kind {
        push("a.kind = ?", Box::new(k), &mut cond);
    }
    if let Some(s) = q.status {
        push("a.status = ?", Box::new(s), &mut cond);
    }
    if q.open_only || q.overdue {
        // The OR form, as the partial indexes over open appeals state it: with
        // an IN list the planner cannot prove their condition and counted a
        // block's open appeals through all of the block's appeals (0.25–0.84 s
        // at 1,000,000 appeals instead of 2 ms).
        cond.push(open_condition("a.status"));
    }
    if q.overdue {
        push("a.due_date < ?", Box::new(fmt_date(today)), &mut cond);
    }
    if let Some(b) = q.block_id {
        push("a.block_id = ?", Box::new(b), &mut cond);
    }
    if let Some(p) = q.person_id {
        push("a.person_id = ?", Box::new(p), &mut cond);
    }
    if let Some(s) = q.settlement_id {
        push("a.settlement_id = ?", Box::new(s), &mut cond);
    }
    // A theme or a topic is checked per appeal on its own questions (found by
    // `appeal_id`), so other filters (open, a period, a block) narrow first.
    // The unary `+` keeps the planner from probing the topic index once per
    // code of the theme for every appeal: that took 10 s to count a theme at
    // 1,000,000 appeals, this 0.4 s alone and 0.04 s with «open only».
    if let Some(t) = q.theme {
        push(
            "EXISTS (SELECT 1 FROM appeal_questions q WHERE q.appeal_id = a.id
                     AND +q.topic_code IN (SELECT code FROM topics WHERE theme = ?))",
            Box::new(t),
            &mut cond,
        );
    }
    if let Some(t) = q.topic.as_deref().filter(|t| !t.trim().is_empty()) {
        let p = topic_prefix(t);
        push(
            "EXISTS (SELECT 1 FROM appeal_questions q WHERE q.appeal_id = a.id
                     AND (q.topic_code = ? OR substr(q.topic_code, 1, length(?) + 1) = ? || '.'))",
            Box::new(p.clone()),
            &mut cond,
        );
    }
    if let Some(b) = q.import_batch {
        push(
            "a.id IN (SELECT appeal_id FROM import_rows WHERE batch_id = ? OR updated_batch_id = ?)",
            Box::new(b),
            &mut cond,
        );
    }
    if let Some(fts) = fts_query(&q.search)? {
        // The index, and the appeals of a bulk write it has not reached yet
        // (search_backlog, usually empty), read as the index would.
        params.push(Box::new(fts));
        params.push(Box::new(super::unindexed::words(&q.search)));
        let (m, w) = (params.len() - 1, params.len());
        cond.push(format!(
            "a.id IN (SELECT rowid FROM appeals_fts WHERE appeals_fts MATCH ?{m}
                      UNION ALL
                      SELECT w.id FROM search_backlog b JOIN appeals w ON w.id BETWEEN b.from_id AND b.to_id
                      WHERE {}(?{w}, w.number, w.text, w.applicant_name, w.applicant_address, w.address))",
            super::unindexed::FUNCTION
        ));
    }
    let sql = if cond.is_empty() {
        String::new()
    } else {
        format!("WHERE {}", cond.join(" AND "))
    };
    Ok((sql, params))
}

pub fn order_by(s: SortKey) -> &'static str {
    match s {
        SortKey::RegisteredDesc => "a.registered_at DESC, a.id DESC",
        SortKey::RegisteredAsc => "a.registered_at ASC, a.id ASC",
        SortKey::DueAsc => "a.due_date ASC, a.id ASC",
        SortKey::DueDesc => "a.due_date DESC, a.id DESC",
        SortKey::Number => "a.number ASC",
        SortKey::Status => "a.status ASC, a.due_date ASC",
    }
}

/// Collapses whitespace and cuts to about `max` characters for a one-line excerpt.
pub fn excerpt(text: &str, max: usize) -> String {
    let mut out = String::new();
    for (i, w) in text.split_whitespace().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        out.push_str(w);
        if out.chars().count() > max {
            let cut: String = out.chars().take(max).collect();
            return format!("{}…", cut.trim_end());
        }
    }
    out
}

/// How many appeals the journal lists for `q` (its paging ignored).
pub fn count(conn: &Connection, q: &JournalQuery, today: NaiveDate) -> CoreResult<i64> {
    let (where_sql, params) = where_clause(q, today)?;
    let refs: Vec<&dyn ToSql> = params.iter().map(|b| b.as_ref()).collect();
    Ok(conn
        .prepare_cached(&format!("SELECT count(*) FROM appeals a {where_sql}"))?
        .query_row(refs.as_slice(), |r| r.get(0))?)
}

/// One page of the journal and the total for the same filters.
pub fn list(conn: &Connection, q: &JournalQuery, today: NaiveDate) -> CoreResult<JournalPage> {
    let total = count(conn, q, today)?;
    Ok(JournalPage {
        total: total as u64,
        offset: q.offset,
        rows: page(conn, q, today)?,
    })
}

/// The rows of one page of the journal, without the total.
pub fn page(conn: &Connection, q: &JournalQuery, today: NaiveDate) -> CoreResult<Vec<JournalRow>> {
    let (where_sql, params) = where_clause(q, today)?;
    let refs: Vec<&dyn ToSql> = params.iter().map(|b| b.as_ref()).collect();
    let limit = match q.limit {
        0 => DEFAULT_LIMIT,
        n => n.min(MAX_LIMIT),
    };
    // Deferred join: pick the page's ids with the index alone, then compute the
    // display columns (joins, first question) for those rows only.
    let order = order_by(q.sort);
    let ids = format!(
        "SELECT a.id FROM appeals a {where_sql} ORDER BY {order} LIMIT {limit} OFFSET {}",
        q.offset
    );
    rows_for(conn, &ids, refs.as_slice(), order, today)
}

/// Journal rows for the appeals whose ids the subquery `ids_sql` selects (it
/// must select one column `id` from `appeals a`), ordered by `order`.
pub fn rows_for(
    conn: &Connection,
    ids_sql: &str,
    params: &[&dyn ToSql],
    order: &str,
    today: NaiveDate,
) -> CoreResult<Vec<JournalRow>> {
    let sql = format!(
        "WITH page AS ({ids_sql})
         SELECT a.id, a.number, a.registered_at, coalesce(c.name, a.channel), a.kind, a.appeal_type,
                a.anonymous, a.applicant_name, coalesce(s.name, ''),
                coalesce((SELECT t.name FROM appeal_questions q JOIN topics t ON t.code = q.topic_code
                          WHERE q.appeal_id = a.id ORDER BY q.position LIMIT 1), ''),
                substr(a.text, 1, 400), coalesce(b.name, ''), coalesce(p.full_name, ''), a.status, a.due_date
         FROM page
         JOIN appeals a ON a.id = page.id
         LEFT JOIN channels c ON c.code = a.channel
         LEFT JOIN settlements s ON s.id = a.settlement_id
         LEFT JOIN sector_blocks b ON b.id = a.block_id
         LEFT JOIN persons p ON p.id = a.person_id
         ORDER BY {order}"
    );
    let mut st = conn.prepare_cached(&sql)?;
    let rows = st.query_map(params, |r| {
        let status: Status = r.get(13)?;
        let due = get_date(r, 14)?;
        let anonymous: bool = r.get(6)?;
        let name: String = r.get(7)?;
        let left = status.is_open().then(|| days_left(due, today));
        Ok(JournalRow {
            id: r.get(0)?,
            number: r.get(1)?,
            registered_at: get_dt(r, 2)?,
            channel_name: r.get(3)?,
            kind: r.get(4)?,
            appeal_type: r.get(5)?,
            applicant: if anonymous && name.is_empty() {
                "Анонимно".to_owned()
            } else {
                name
            },
            settlement_name: r.get(8)?,
            topic_name: r.get(9)?,
            excerpt: excerpt(&r.get::<_, String>(10)?, 160),
            block_name: r.get(11)?,
            person_name: r.get(12)?,
            status,
            due_date: due,
            days_left: left,
            overdue: left.is_some_and(|d| d < 0),
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// The plans of the journal's queries. They do not depend on the rows: the
/// database keeps no statistics (no ANALYZE), so the planner's estimates are
/// the same for an empty register and a full one.
#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use super::{order_by, where_clause};
    use crate::db::{Db, test_db};
    use crate::model::{JournalQuery, SortKey, Status, Theme};

    /// The plan of the query `sql` builds around the journal's WHERE clause for `q`.
    fn explain(db: &Db, q: &JournalQuery, sql: impl FnOnce(&str) -> String) -> String {
        let today = NaiveDate::from_ymd_opt(2026, 11, 27).unwrap();
        let (w, params) = where_clause(q, today).unwrap();
        let sql = format!("EXPLAIN QUERY PLAN {}", sql(&w));
        let refs: Vec<&dyn rusqlite::ToSql> = params.iter().map(|b| b.as_ref()).collect();
        db.read(|c| {
            let mut st = c.prepare(&sql)?;
            let rows = st.query_map(refs.as_slice(), |r| r.get::<_, String>(3))?;
            Ok(rows.map(Result::unwrap).collect::<Vec<_>>().join("\n"))
        })
        .unwrap()
    }

    /// The journal's page query must use an index for its order, never sort the
    /// whole table: a schema change that breaks this fails here, not at a client.
    #[test]
    fn page_queries_use_their_indexes() {
        let (_dir, db, _) = test_db();
        let plan = |q: JournalQuery| -> String {
            let order = order_by(q.sort);
            explain(&db, &q, |w| {
                format!("SELECT a.id FROM appeals a {w} ORDER BY {order} LIMIT 100")
            })
        };
        let p = plan(JournalQuery::default());
        assert!(
            p.contains("appeals_registered") && !p.contains("TEMP B-TREE"),
            "{p}"
        );
        let p = plan(JournalQuery {
            status: Some(Status::Answered),
            ..Default::default()
        });
        assert!(
            p.contains("appeals_status_registered") && !p.contains("TEMP B-TREE"),
            "{p}"
        );
        let p = plan(JournalQuery {
            overdue: true,
            sort: SortKey::DueAsc,
            ..Default::default()
        });
        // The overdue set is small: a sort of it is fine, a scan of the table is not.
        assert!(
            p.contains("INDEX appeals_status_due") && !p.contains("SCAN a"),
            "{p}"
        );
        let p = plan(JournalQuery {
            search: "фонари".into(),
            ..Default::default()
        });
        assert!(p.contains("VIRTUAL TABLE INDEX"), "{p}");
    }

    /// The counts behind every page: a block's open appeals through the partial
    /// index over open appeals (not every appeal of the block); a theme or a topic
    /// checked on each appeal's own questions, never by probing the topic index
    /// once per code of the theme for every appeal.
    #[test]
    fn counts_use_their_indexes() {
        let (_dir, db, _) = test_db();
        let plan =
            |q: JournalQuery| explain(&db, &q, |w| format!("SELECT count(*) FROM appeals a {w}"));
        let block: i64 = db
            .read(|c| Ok(c.query_row("SELECT min(id) FROM sector_blocks", [], |r| r.get(0))?))
            .unwrap();
        let p = plan(JournalQuery {
            block_id: Some(block),
            open_only: true,
            ..Default::default()
        });
        assert!(p.contains("appeals_open_block"), "{p}");
        for q in [
            JournalQuery {
                theme: Some(Theme::Housing),
                ..Default::default()
            },
            JournalQuery {
                topic: Some("0005.0005.0056".into()),
                ..Default::default()
            },
        ] {
            let p = plan(q);
            assert!(
                p.contains("USING PRIMARY KEY (appeal_id=?)")
                    && !p.contains("appeal_questions_topic"),
                "{p}"
            );
        }
    }
}
