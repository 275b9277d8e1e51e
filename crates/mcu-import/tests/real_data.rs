//! Imports of real public data (../shared/data): Russian messages with HTML,
//! a US 311 sample with 12-hour dates and dirty coordinates, and the NYC 311
//! export read through a mapping file only.

#![allow(clippy::unwrap_used)] // tests fail loudly on purpose

mod support;

use std::collections::HashMap;

use chrono::NaiveDateTime;
use support::{Env, data, fixture};

fn read_csv(name: &str) -> (Vec<String>, Vec<Vec<String>>) {
    let mut r = csv::Reader::from_path(data(name)).unwrap();
    let header = r.headers().unwrap().iter().map(str::to_owned).collect();
    let rows = r
        .records()
        .map(|x| x.unwrap().iter().map(str::to_owned).collect())
        .collect();
    (header, rows)
}

fn col(header: &[String], name: &str) -> usize {
    header.iter().position(|h| h == name).unwrap()
}

#[test]
fn kursk_every_row_accounted_texts_cleaned_topics_and_blocks_mapped_twice_adds_nothing() {
    let e = Env::new();
    let mapping = fixture("kursk.toml");
    let file = data("kursk_appeals_labelled.csv");
    let (header, rows) = read_csv("kursk_appeals_labelled.csv");
    assert_eq!(rows.len(), 1500);

    let s = e.import(&file, &mapping, false).unwrap();
    assert_eq!(s.rows, 1500);
    assert_eq!(
        s.imported + s.present + s.rejected + s.empty,
        1500,
        "{:?}",
        s.rejects
    );
    assert_eq!(s.rejected, 0, "{:?}", s.rejects);
    assert_eq!(s.imported, 1500);
    assert_eq!(e.count("SELECT count(*) FROM appeals"), 1500);
    assert_eq!(s.by_channel.values().sum::<u64>(), 1500);
    assert_eq!(s.by_block.values().sum::<u64>(), 1500);

    // Cleaned: no markup or entities left; the originals are kept.
    assert_eq!(
        e.count(
            "SELECT count(*) FROM appeals WHERE text LIKE '%<p>%' OR text LIKE '%</%' OR text LIKE '%&nbsp;%'
             OR text LIKE '%&quot;%' OR text LIKE '%&laquo;%' OR text LIKE '%  %'"
        ),
        0
    );
    let text = col(&header, "Текст Сообщения");
    let with_html = rows.iter().filter(|r| r[text].contains("<p>")).count() as i64;
    assert!(with_html > 500, "{with_html}");
    assert!(
        e.count("SELECT count(*) FROM import_rows WHERE text_original LIKE '%<p>%'") == with_html
    );
    // Multi-line quoted fields survive as paragraphs.
    assert!(e.count("SELECT count(*) FROM appeals WHERE instr(text, char(10)) > 0") > 0);

    // Topics and blocks: sector 0 → road maintenance; health executors → health block.
    let cat = col(&header, "Категория");
    let exec = col(&header, "Ответственное лицо");
    let id = col(&header, "id");
    let roads = rows
        .iter()
        .filter(|r| {
            r[cat] == "0"
                && !r[col(&header, "Тематика")]
                    .to_lowercase()
                    .contains("освещени")
        })
        .count() as i64;
    assert_eq!(
        e.count(
            "SELECT count(*) FROM appeal_questions WHERE position = 0 AND topic_code = '0003.0009.0099.0742'"
        ),
        roads
    );
    let health = rows
        .iter()
        .filter(|r| r[exec].to_lowercase().contains("здравоохранени"))
        .count() as i64;
    assert!(health > 10);
    let health_block = e.count(
        "SELECT count(*) FROM appeals a JOIN sector_blocks b ON b.id = a.block_id WHERE b.code = 'health'",
    );
    assert!(health_block >= health, "{health_block} < {health}");
    // Every row's external id is its source id, once.
    let ids: HashMap<&str, ()> = rows.iter().map(|r| (r[id].as_str(), ())).collect();
    assert_eq!(
        ids.len() as i64,
        e.count("SELECT count(DISTINCT external_id) FROM appeals")
    );

    // Twice: nothing added, nothing changed.
    let audit_before = e.count("SELECT count(*) FROM audit");
    let again = e.import(&file, &mapping, false).unwrap();
    assert_eq!(
        (again.imported, again.updated, again.present, again.rejected),
        (0, 0, 1500, 0)
    );
    assert_eq!(e.count("SELECT count(*) FROM appeals"), 1500);
    assert_eq!(e.count("SELECT count(*) FROM audit"), audit_before);
}

#[test]
fn baltimore_dates_exact_placeholders_unknown_late_closures_reproduced() {
    let e = Env::new();
    let mapping = fixture("baltimore.toml");
    let s = e
        .import(&data("baltimore_311_sample_10k.csv"), &mapping, false)
        .unwrap();
    assert_eq!(s.rejected, 0, "{:?}", &s.rejects[..s.rejects.len().min(5)]);
    assert_eq!(s.imported, 10_000);

    let (header, rows) = read_csv("baltimore_311_sample_10k.csv");
    let us = |v: &str| NaiveDateTime::parse_from_str(v, "%m/%d/%Y %I:%M:%S %p").ok();
    let (num, created, status, due, close, lat, lon) = (
        col(&header, "ServiceRequestNum"),
        col(&header, "CreatedDate"),
        col(&header, "SRStatus"),
        col(&header, "DueDate"),
        col(&header, "CloseDate"),
        col(&header, "Latitude"),
        col(&header, "Longitude"),
    );

    // Dates exactly: every created moment, to the second, AM/PM included.
    let stored: HashMap<String, String> = e
        .office
        .db()
        .read(|c| {
            let mut st = c.prepare("SELECT external_id, received_at FROM appeals")?;
            let m = st
                .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
                .collect::<Result<HashMap<String, String>, _>>()?;
            Ok(m)
        })
        .unwrap();
    for r in &rows {
        let want = us(&r[created])
            .unwrap()
            .format("%Y-%m-%dT%H:%M:%S")
            .to_string();
        assert_eq!(stored[&r[num]], want, "{}", r[num]);
    }

    // Placeholder (39,-77) and blank coordinates are stored as unknown.
    let unknown = rows
        .iter()
        .filter(|r| {
            r[lat].trim().is_empty()
                || (r[lat].parse::<f64>().ok() == Some(39.0)
                    && r[lon].parse::<f64>().ok() == Some(-77.0))
        })
        .count() as i64;
    assert_eq!(unknown, 885 + 590);
    assert_eq!(
        e.count("SELECT count(*) FROM import_rows WHERE lat IS NULL"),
        unknown
    );

    // Closed after the due moment: the same count from the register as from the file.
    let late_in_file = rows
        .iter()
        .filter(|r| r[status].starts_with("Closed"))
        .filter(|r| match (us(&r[close]), us(&r[due])) {
            (Some(c), Some(d)) => c > d,
            _ => false,
        })
        .count() as i64;
    assert_eq!(late_in_file, 1567);
    assert_eq!(
        e.count(
            "SELECT count(*) FROM appeals a JOIN import_rows r ON r.appeal_id = a.id
             WHERE a.status = 'closed' AND r.closed_at > r.due_at"
        ),
        late_in_file
    );
    let closed_in_file = rows
        .iter()
        .filter(|r| r[status].starts_with("Closed"))
        .count() as i64;
    assert_eq!(
        e.count("SELECT count(*) FROM appeals WHERE status = 'closed'"),
        closed_in_file
    );
    // The register's due date is the source's due date.
    let with_due = rows.iter().filter(|r| !r[due].trim().is_empty()).count() as i64;
    assert_eq!(
        e.count(
            "SELECT count(*) FROM appeals a JOIN import_rows r ON r.appeal_id = a.id
             WHERE r.due_at IS NOT NULL AND a.due_date = substr(r.due_at, 1, 10)"
        ),
        with_due
    );
    // Source status changes are in the audit log as the import's own action.
    assert!(
        e.count("SELECT count(*) FROM audit WHERE action = 'import' AND field = 'status'") > 9000
    );
}

#[test]
fn nyc_read_with_a_mapping_file_only() {
    let e = Env::new();
    let mapping = fixture("nyc.toml");
    let s = e
        .import(&data("nyc_311_sample_2022-05-01.csv"), &mapping, false)
        .unwrap();
    assert_eq!(s.rows, 924);
    assert_eq!(s.imported + s.present + s.rejected, 924);
    // Every coordinate of this sample lies in the city; the 11 rows without any are unknown.
    assert_eq!(s.rejected, 0, "{:?}", s.rejects);
    assert_eq!(
        e.count("SELECT count(*) FROM appeals WHERE status = 'closed'"),
        480
    );
    assert_eq!(
        e.count("SELECT count(*) FROM import_rows WHERE lat IS NULL"),
        11
    );
    assert_eq!(
        e.count("SELECT count(*) FROM appeals WHERE received_at BETWEEN '2022-05-01T00:00:03' AND '2022-05-01T02:06:26'"),
        924
    );
}
