//! The import benchmark without the desktop crates:
//! `cargo run --release -p mcu-import --features bench --example bench -- DB [ROWS] [APPEALS]`.
//! Fills DB with demo appeals up to APPEALS (default 0), then imports ROWS
//! rows (default 100,000) of CSV and of XLSX. The same code as `mcu bench --case import`.

use std::time::Instant;

use mcu_core::Actor;
use mcu_core::Office;
use mcu_core::model::JournalQuery;

fn main() -> Result<(), String> {
    let mut args = std::env::args().skip(1);
    let db = args.next().ok_or("usage: bench DB [ROWS] [APPEALS]")?;
    let rows: usize = args
        .next()
        .map_or(Ok(100_000), |s| s.parse())
        .map_err(|e| format!("{e}"))?;
    let appeals: usize = args
        .next()
        .map_or(Ok(0), |s| s.parse())
        .map_err(|e| format!("{e}"))?;
    let now = chrono::NaiveDate::from_ymd_opt(2026, 11, 27)
        .and_then(|d| d.and_hms_opt(10, 0, 0))
        .ok_or("date")?;
    let (office, _) = Office::open(std::path::Path::new(&db), now).map_err(|e| e.to_string())?;
    let total = |o: &Office| {
        o.journal(
            &JournalQuery {
                limit: 1,
                ..Default::default()
            },
            now.date(),
        )
        .map(|p| p.total as usize)
        .map_err(|e| e.to_string())
    };
    let have = total(&office)?;
    if have < appeals {
        let t = Instant::now();
        office
            .demo(
                appeals - have,
                42,
                &Actor {
                    operator: "bench",
                    at: now,
                },
            )
            .map_err(|e| e.to_string())?;
        println!(
            "demo data: {} appeals added in {:.1} s",
            appeals - have,
            t.elapsed().as_secs_f64()
        );
    }
    println!("database: {} appeals", total(&office)?);
    mcu_import::bench::run(&office, now, rows)
}
