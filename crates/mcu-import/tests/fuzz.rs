//! Arbitrary bytes through the CSV and workbook readers and the mapping never
//! panic: every input ends in rows or a Russian error.

#![allow(clippy::unwrap_used)] // tests fail loudly on purpose

use mcu_import::apply::Compiled;
use mcu_import::source::{Flow, Record, RowSink, read_bytes};
use mcu_import::{ImportResult, Mapping};
use proptest::prelude::*;

const MAPPING: &str = r#"
name = "fuzz"
[formats]
datetime = ["%m/%d/%Y %I:%M:%S %p", "%d.%m.%Y"]
[defaults]
channel = "letter"
[columns]
external_id = "a"
received_at = "b"
text = ["c", "a"]
due_at = "b"
lat = "a"
lon = "c"
[coordinates]
placeholders = [[39.0, -77.0]]
invalid = "reject"
[values.c]
"~x" = { topic = "1", status = "closed" }
"*" = { status = "нечто" }
"#;

struct Sink<'m> {
    mapping: &'m Mapping,
    compiled: Option<Compiled<'m>>,
    rows: usize,
}

impl RowSink for Sink<'_> {
    fn header(&mut self, columns: &[String]) -> ImportResult<()> {
        let now = chrono::NaiveDate::from_ymd_opt(2026, 1, 1)
            .unwrap()
            .and_hms_opt(0, 0, 0)
            .unwrap();
        // A header without the mapping's columns is a mapping error, not a panic.
        self.compiled = Compiled::new(self.mapping, columns, now).ok();
        Ok(())
    }

    fn row(&mut self, record: Record, position: u64, total: u64) -> ImportResult<Flow> {
        let _ = (position, total);
        self.rows += 1;
        if let Some(c) = &self.compiled {
            let m = c.apply(&record.fields);
            let _ = (
                c.row_hash(&record.fields),
                c.fingerprint(&record.fields),
                m.problems.len(),
            );
        }
        Ok(Flow::Continue)
    }
}

fn run(name: &str, bytes: &[u8]) {
    let mapping = Mapping::from_toml(MAPPING).unwrap();
    let mut sink = Sink {
        mapping: &mapping,
        compiled: None,
        rows: 0,
    };
    let _ = read_bytes(name, bytes, &mapping.source, &mut sink);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn csv_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..600)) {
        run("x.csv", &bytes);
    }

    #[test]
    fn csv_like_text_never_panics(body in "[abc,;\"\\n\\r x<>&;#0-9/:APM.\u{0}-\u{7f}а-я]{0,300}") {
        run("x.csv", format!("a,b,c\n{body}").as_bytes());
    }

    #[test]
    fn workbook_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..600)) {
        let mut zip = b"PK\x03\x04".to_vec();
        zip.extend_from_slice(&bytes);
        run("x.xlsx", &zip);
        run("x.ods", &bytes);
        run("x.xls", &bytes);
    }
}

#[test]
fn a_real_workbook_with_random_damage_never_panics() {
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    for r in 0..20u32 {
        for c in 0..3u16 {
            ws.write_string(r, c, format!("{r}/{c} x")).unwrap();
        }
    }
    let good = wb.save_to_buffer().unwrap();
    run("ok.xlsx", &good);
    let mut rng = 12345u64;
    for _ in 0..300 {
        let mut b = good.clone();
        for _ in 0..4 {
            rng = rng
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            let i = (rng >> 33) as usize % b.len();
            b[i] = (rng >> 17) as u8;
        }
        rng = rng.wrapping_mul(6364136223846793005).wrapping_add(1);
        let cut = (rng >> 33) as usize % b.len();
        run("bad.xlsx", &b);
        run("cut.xlsx", &b[..cut]);
    }
}
