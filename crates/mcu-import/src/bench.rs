//! The import benchmark (`mcu bench --case import`, or without the desktop
//! crates `cargo run --release -p mcu-import --features bench --example bench`):
//! rows per second of a file import into a database, for CSV and XLSX inputs generated on the fly (synthetic
//! text, no personal data), first as new rows, then again as present rows.
//! Rows received over ten months (a yearly register) and over the last three
//! days (the daily unload) are measured apart: where new appeals land in the
//! date-ordered indexes decides much of the cost at a million appeals.
//! The input is streamed, so peak memory should not grow with the file.
//! After each CSV file, the same rows are written by plain SQL (see
//! [`ceiling`]): what this schema allows at best on the machine.

use std::io::Write;
use std::path::Path;
use std::time::Instant;

use mcu_core::Actor;
use mcu_core::Office;

use crate::{ImportOptions, Mapping};

mod ceiling;

const MAPPING: &str = r#"
name = "bench"
[defaults]
appeal_type = "statement"
[columns]
external_id = "Номер"
received_at = "Поступило"
channel = "Канал"
applicant_name = "Заявитель"
address = "Адрес"
text = "Текст"
topic = "Код ТОТК"
"#;

const TOPICS: &[&str] = &[
    "0003.0009.0099.0742",
    "0005.0005.0056.1160",
    "0003.0009.0097.0700",
    "0003.0009.0097.0690",
    "0005.0005.0056.1147",
];
const CHANNELS: &[&str] = &["letter", "email", "pos", "im", "phone"];

/// When the rows of a file were received.
#[derive(Clone, Copy)]
enum Dates {
    /// Over ten months: a register kept in Excel for the year so far. New
    /// appeals land all over the date-ordered indexes (the harder case).
    Months,
    /// Over the three days before this one: the daily unload from ПОС. New
    /// appeals land at the end of the date-ordered indexes.
    Days(chrono::NaiveDate),
}

fn received(dates: Dates, i: usize) -> String {
    match dates {
        Dates::Months => format!(
            "{:02}.{:02}.2026 {:02}:{:02}",
            i % 28 + 1,
            i % 10 + 1,
            i % 24,
            i % 60
        ),
        Dates::Days(today) => format!(
            "{} {:02}:{:02}",
            (today - chrono::Days::new(1 + i as u64 % 3)).format("%d.%m.%Y"),
            i % 24,
            i % 60
        ),
    }
}

fn row(prefix: &str, dates: Dates, i: usize) -> [String; 7] {
    [
        format!("{prefix}-{i}"),
        received(dates, i),
        CHANNELS[i % CHANNELS.len()].to_owned(),
        format!("Заявитель {i}"),
        format!("ул. Садовая, д. {}", i % 200),
        format!(
            "<p>Обращение {i}: нет&nbsp;воды в доме, просим принять меры.</p><p>Повторно за месяц.</p>"
        ),
        TOPICS[i % TOPICS.len()].to_owned(),
    ]
}

const HEADER: [&str; 7] = [
    "Номер",
    "Поступило",
    "Канал",
    "Заявитель",
    "Адрес",
    "Текст",
    "Код ТОТК",
];

fn write_csv(path: &Path, prefix: &str, dates: Dates, rows: usize) -> std::io::Result<()> {
    let mut w = csv::Writer::from_writer(std::io::BufWriter::new(std::fs::File::create(path)?));
    w.write_record(HEADER)?;
    for i in 0..rows {
        w.write_record(row(prefix, dates, i))?;
    }
    w.flush()
}

fn write_xlsx(
    path: &Path,
    prefix: &str,
    dates: Dates,
    rows: usize,
) -> Result<(), rust_xlsxwriter::XlsxError> {
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet_with_constant_memory()?;
    for (c, h) in HEADER.iter().enumerate() {
        ws.write_string(0, c as u16, *h)?;
    }
    for i in 0..rows {
        for (c, v) in row(prefix, dates, i).iter().enumerate() {
            ws.write_string(i as u32 + 1, c as u16, v)?;
        }
    }
    wb.save(path)
}

/// Peak resident memory of this process (Linux), in MB.
fn peak_rss_mb() -> Option<f64> {
    let s = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = s.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}

/// A failure of the benchmark, as text.
fn fail(e: impl std::fmt::Display) -> String {
    e.to_string()
}

fn run_one(
    office: &Office,
    path: &Path,
    mapping: &Mapping,
    actor: &Actor<'_>,
    label: &str,
    rows: usize,
) -> Result<(), String> {
    // Reset the peak-memory mark so that it measures this import only (Linux).
    let _ = std::fs::write("/proc/self/clear_refs", "5");
    // The index thread waits until the search below has been timed.
    let idle = office.db().hold_indexer();
    let t = Instant::now();
    let s = crate::import_file(
        office,
        path,
        &ImportOptions {
            mapping,
            actor: actor.clone(),
            dry_run: false,
            rejects_path: Some(path.with_extension("rejected.csv")),
            progress: None,
            cancel: None,
        },
    )
    .map_err(fail)?;
    let secs = t.elapsed().as_secs_f64();
    // Until they are indexed, a search reads the new appeals one by one.
    let waiting = office.db().search_backlog().map_err(fail)?;
    let unindexed = search(office, actor)?;
    drop(idle);
    // The commit leaves the search index of the new appeals to the index
    // thread (db::indexer) and copying the log into the database file to the
    // checkpoint thread (db::checkpoint); how long each goes on after the
    // import has returned is said apart, not hidden.
    let t = Instant::now();
    office.db().index_backlog().map_err(fail)?;
    let indexed = t.elapsed().as_secs_f64();
    let searched = search(office, actor)?;
    let t = Instant::now();
    office.db().checkpoint().map_err(fail)?;
    let log = t.elapsed().as_secs_f64();
    println!(
        "{label:<46} {rows:>8} rows in {secs:>7.2} s = {:>9.0} rows/s  (new {}, present {}, rejected {}; a search {unindexed:.2} s with {waiting} unindexed, {searched:.2} s after; search indexed {indexed:.2} s, log copied {log:.2} s later){}",
        rows as f64 / secs,
        s.imported,
        s.present,
        s.rejected,
        peak_rss_mb()
            .map(|m| format!("  peak RSS {m:.0} MB"))
            .unwrap_or_default()
    );
    Ok(())
}

/// Seconds of a journal search for two words that every bench row holds
/// (the first page, with the total).
fn search(office: &Office, actor: &Actor<'_>) -> Result<f64, String> {
    let t = Instant::now();
    office
        .journal(
            &mcu_core::model::JournalQuery {
                search: "воды Садовая".into(),
                limit: 100,
                ..Default::default()
            },
            actor.at.date(),
        )
        .map_err(fail)?;
    Ok(t.elapsed().as_secs_f64())
}

/// Generates CSV and XLSX files of `rows` rows in a temporary folder and
/// imports each twice (new rows, then all present), printing rows/s.
pub fn run(office: &Office, now: chrono::NaiveDateTime, rows: usize) -> Result<(), String> {
    let dir = std::env::temp_dir().join(format!("mcu-bench-import-{}", std::process::id()));
    std::fs::create_dir_all(&dir).map_err(fail)?;
    let io = fail;
    let mapping = Mapping::from_toml(MAPPING).map_err(fail)?;
    let actor = Actor {
        operator: "bench",
        at: now,
    };
    // Unique per run (the clock may be fixed by MCU_NOW): rows of an earlier
    // run must not count as present in this one's "new rows".
    let stamp = office
        .db()
        .read(|c| {
            Ok(c.query_row("SELECT count(*) FROM import_batches", [], |r| {
                r.get::<_, i64>(0)
            })?)
        })
        .map_err(fail)?
        .to_string();
    let size = |p: &Path| {
        std::fs::metadata(p)
            .map(|m| m.len() / 1_000_000)
            .unwrap_or(0)
    };
    let cases = [
        ("CSV", Dates::Months, true),
        ("XLSX", Dates::Months, true),
        ("CSV", Dates::Days(now.date()), false),
        ("XLSX", Dates::Days(now.date()), false),
    ];
    println!("\nimport: {rows} rows per file; dates over 10 months or over the last 3 days");
    for (n, (format, dates, again)) in cases.into_iter().enumerate() {
        let prefix = format!("{}{stamp}-{n}", format.to_lowercase());
        let path = dir.join(format!("bench-{n}.{}", format.to_lowercase()));
        if format == "CSV" {
            write_csv(&path, &prefix, dates, rows).map_err(io)?;
        } else {
            write_xlsx(&path, &prefix, dates, rows).map_err(fail)?;
        }
        let days = match dates {
            Dates::Months => "10 months",
            Dates::Days(_) => "3 days",
        };
        let name = format!("{format} {} MB, {days}", size(&path));
        run_one(
            office,
            &path,
            &mapping,
            &actor,
            &format!("import: {name}, new rows"),
            rows,
        )?;
        if format == "CSV" {
            let rows: Vec<ceiling::Row> = (0..rows).map(|i| row(&prefix, dates, i)).collect();
            ceiling::run(
                office,
                now,
                &rows,
                &format!("plain SQL, same writes, {days} (ceiling)"),
            )?;
        }
        if again {
            run_one(
                office,
                &path,
                &mapping,
                &actor,
                &format!("import: {name}, again (present)"),
                rows,
            )?;
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
    let _ = std::io::stdout().flush();
    Ok(())
}
