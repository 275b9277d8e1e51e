//! Integration tests of the `mcu` command: each test gets its own temp folder
//! and database, and a fixed "now" through MCU_NOW.

#![allow(clippy::unwrap_used)] // tests fail loudly on purpose

use std::io::{Read, Write};

use calamine::{Data, Reader, Xlsx, open_workbook};
use std::process::{Command, Output, Stdio};

struct Env {
    dir: tempfile::TempDir,
}

impl Env {
    fn new() -> Env {
        Env {
            dir: tempfile::tempdir().unwrap(),
        }
    }

    fn db(&self) -> String {
        self.dir.path().join("mcu.sqlite").display().to_string()
    }

    fn run(&self, args: &[&str], stdin: Option<&str>) -> Output {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_mcu"));
        cmd.arg("--db")
            .arg(self.db())
            .args(args)
            .env("MCU_NOW", "2026-11-27T10:00")
            .env_remove("MCU_DB");
        cmd.stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        let mut child = cmd.spawn().unwrap();
        if let Some(input) = stdin {
            child
                .stdin
                .take()
                .unwrap()
                .write_all(input.as_bytes())
                .unwrap();
        }
        drop(child.stdin.take());
        child.wait_with_output().unwrap()
    }

    fn ok(&self, args: &[&str], stdin: Option<&str>) -> String {
        let out = self.run(args, stdin);
        assert!(
            out.status.success(),
            "{args:?} failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    }
}

/// The text of a PDF, read by poppler's pdftotext (an independent reader).
fn pdf_text(pdf: &std::path::Path) -> String {
    let out = Command::new("pdftotext")
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils) is needed");
    String::from_utf8(out.stdout).unwrap()
}

const APPEAL: &str = r#"{
  "received_at": "2026-11-26T09:00", "registered_at": "26.11.2026 11:30",
  "channel": "letter", "appeal_type": "complaint",
  "applicant_name": "Петров Пётр Петрович", "settlement": "Пестравка",
  "text": "Яма на дороге по ул. Ленина", "questions": ["0003.0009.0099.0742"],
  "signatories": 3
}"#;

#[test]
fn init_is_idempotent() {
    let e = Env::new();
    assert!(e.ok(&["init"], None).contains("Создана"));
    assert!(e.ok(&["init"], None).contains("в актуальном состоянии"));
}

#[test]
fn add_list_show_round_trip() {
    let e = Env::new();
    let out = e.ok(&["add", "--json", "-"], Some(APPEAL));
    assert!(out.contains("№ 2026-00001"), "{out}");
    assert!(out.contains("28.12.2026"), "{out}");

    let list: serde_json::Value =
        serde_json::from_str(&e.ok(&["list", "--format", "json"], None)).unwrap();
    assert_eq!(list["total"], 1);
    assert_eq!(list["rows"][0]["number"], "2026-00001");

    let csv = e.ok(&["list", "--format", "csv", "--search", "ЛЕНИНА"], None);
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines.len(), 2, "{csv}");
    assert!(lines[0].starts_with("number,registered_at"));
    assert!(lines[1].starts_with("2026-00001,2026-11-26T11:30"));

    let card: serde_json::Value =
        serde_json::from_str(&e.ok(&["show", "2026-00001", "--format", "json"], None)).unwrap();
    assert_eq!(card["signatories"], "3");
    assert_eq!(card["history"][0]["action"], "create");
    let table = e.ok(&["show", "2026-00001"], None);
    assert!(table.contains("Петров Пётр Петрович") && table.contains("История изменений"));

    // The printed card registers again (in another database) as the same appeal.
    let other = Env::new();
    let json = serde_json::to_string(&card).unwrap();
    let out = other.ok(&["add", "--json", "-", "--format", "json"], Some(&json));
    let copy: serde_json::Value = serde_json::from_str(&out).unwrap();
    for k in [
        "registered_at",
        "text",
        "questions",
        "settlement",
        "signatories",
        "applicant_name",
    ] {
        assert_eq!(copy[k], card[k], "{k}");
    }
}

#[test]
fn bad_input_exits_2_with_every_field_error() {
    let e = Env::new();
    let out = e.run(
        &["add", "--json", "-"],
        Some(r#"{"registered_at": "2030-01-01", "channel": "pigeon", "questions": ["1"]}"#),
    );
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    for f in [
        "received_at:",
        "registered_at:",
        "channel:",
        "appeal_type:",
        "applicant_name:",
        "text:",
        "questions.0:",
    ] {
        assert!(err.contains(f), "missing {f} in:\n{err}");
    }
    assert!(err.contains("не может быть в будущем"));
    let out = e.run(&["add", "--json", "-"], Some("{не json"));
    assert_eq!(out.status.code(), Some(2));
    let out = e.run(&["add", "--json", "/no/such/file.json"], None);
    assert_eq!(out.status.code(), Some(2));
    let out = e.run(&["list", "--status", "lost"], None);
    assert_eq!(out.status.code(), Some(2));
    let out = e.run(&["show", "1999-1"], None);
    assert_eq!(out.status.code(), Some(2));
    // Nothing was registered by the failed attempts.
    let list: serde_json::Value =
        serde_json::from_str(&e.ok(&["list", "--format", "json"], None)).unwrap();
    assert_eq!(list["total"], 0);
}

#[test]
fn demo_then_overdue_and_status_filters() {
    let e = Env::new();
    assert!(
        e.ok(&["demo", "--appeals", "300", "--seed", "7"], None)
            .contains("Добавлено демо-обращений: 300")
    );
    let all: serde_json::Value =
        serde_json::from_str(&e.ok(&["list", "--format", "json", "--limit", "1000"], None))
            .unwrap();
    assert_eq!(all["total"], 300);
    let overdue: serde_json::Value = serde_json::from_str(&e.ok(
        &["list", "--overdue", "--format", "json", "--limit", "1000"],
        None,
    ))
    .unwrap();
    let n = overdue["total"].as_u64().unwrap();
    assert!(n > 0 && n < 60, "overdue {n}");
    for r in overdue["rows"].as_array().unwrap() {
        assert_eq!(r["overdue"], true);
        assert!(r["due_date"].as_str().unwrap() < "2026-11-27");
    }
    let answered: serde_json::Value = serde_json::from_str(&e.ok(
        &[
            "list", "--status", "answered", "--format", "json", "--limit", "5",
        ],
        None,
    ))
    .unwrap();
    assert!(
        answered["rows"]
            .as_array()
            .unwrap()
            .iter()
            .all(|r| r["status"] == "answered")
    );
    // Same seed, same data.
    let e2 = Env::new();
    e2.ok(&["demo", "--appeals", "300", "--seed", "7"], None);
    let a = e.ok(&["list", "--format", "csv", "--limit", "300"], None);
    let b = e2.ok(&["list", "--format", "csv", "--limit", "300"], None);
    assert_eq!(a, b);
}

#[test]
fn a_reader_that_stops_early_ends_the_command_quietly() {
    let e = Env::new();
    e.ok(&["demo", "--appeals", "3000", "--seed", "7"], None);
    // As `mcu list | head -1`: read a little, close the pipe. CSV goes through
    // the csv writer's errors, table and JSON through `println!`.
    for format in ["csv", "table", "json"] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_mcu"))
            .args([
                "--db",
                &e.db(),
                "list",
                "--format",
                format,
                "--limit",
                "3000",
            ])
            .env("MCU_NOW", "2026-11-27T10:00")
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut stdout = child.stdout.take().unwrap();
        let mut first = [0u8; 64];
        assert!(stdout.read(&mut first).unwrap() > 0);
        drop(stdout);
        let out = child.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.is_empty(), "{format}: {stderr}");
        assert!(
            out.status.success() || out.status.code() == Some(141),
            "{format}: {:?}",
            out.status
        );
    }
}

#[test]
fn the_import_benchmark_measures_files_and_the_ceiling_and_keeps_only_the_imports() {
    let e = Env::new();
    let out = e.ok(
        &[
            "bench",
            "--case",
            "import",
            "--appeals",
            "200",
            "--import-rows",
            "40",
        ],
        None,
    );
    let lines = |needle: &str| out.lines().filter(|l| l.contains(needle)).count();
    assert_eq!(lines("new rows"), 4, "{out}");
    assert_eq!(lines("again (present)"), 2, "{out}");
    assert_eq!(lines("(ceiling)"), 2, "{out}");
    assert_eq!(lines("(new 40, present 0, rejected 0;"), 4, "{out}");
    assert_eq!(lines("(new 0, present 40, rejected 0;"), 2, "{out}");
    // How long the search index and the log copy went on after each import
    // is said, not hidden.
    assert_eq!(lines("; search indexed "), 6, "{out}");
    assert_eq!(lines(" unindexed, "), 6, "{out}");
    assert_eq!(lines(" s later)"), 6, "{out}");
    assert!(
        out.contains("appeals ") && out.contains("the rest "),
        "{out}"
    );
    // The ceiling's writes are rolled back: the register holds the demo
    // appeals and the four imported files, and nothing written by plain SQL.
    let csv = e.ok(&["list", "--format", "csv", "--limit", "10000"], None);
    assert_eq!(csv.lines().count(), 1 + 200 + 4 * 40, "{csv}");
    assert!(!csv.contains("ceiling-"), "{csv}");
    let found = e.ok(&["list", "--search", "ceiling", "--format", "csv"], None);
    assert_eq!(found.lines().count(), 1, "{found}");
}

#[test]
fn deadline_prints_the_iso_due_date() {
    let e = Env::new();
    assert_eq!(
        e.ok(
            &["deadline", "--kind", "59fz", "--registered", "2026-11-02"],
            None
        )
        .trim(),
        "2026-12-02"
    );
    assert_eq!(
        e.ok(
            &[
                "deadline",
                "--kind",
                "59fz",
                "--registered",
                "2026-12-02T15:00"
            ],
            None
        )
        .trim(),
        "2027-01-11"
    );
    assert_eq!(
        e.ok(
            &["deadline", "--kind", "pos", "--registered", "2026-11-27"],
            None
        )
        .trim(),
        "2026-12-11"
    );
    assert_eq!(
        e.ok(
            &[
                "deadline",
                "--kind",
                "im",
                "--registered",
                "2026-11-27T16:30"
            ],
            None
        )
        .trim(),
        "2026-12-08"
    );
    assert_eq!(
        e.run(
            &["deadline", "--kind", "x", "--registered", "2026-11-27"],
            None
        )
        .status
        .code(),
        Some(2)
    );
    assert_eq!(
        e.run(
            &["deadline", "--kind", "pos", "--registered", "завтра"],
            None
        )
        .status
        .code(),
        Some(2)
    );
}

#[test]
fn control_and_notify_dry_run() {
    let e = Env::new();
    let overdue = APPEAL
        .replace("2026-11-26T09:00", "2026-10-01T09:00")
        .replace("26.11.2026 11:30", "01.10.2026 11:30");
    e.ok(&["add", "--json", "-"], Some(&overdue));
    e.ok(&["add", "--json", "-"], Some(APPEAL));
    let s: serde_json::Value =
        serde_json::from_str(&e.ok(&["control", "--format", "json"], None)).unwrap();
    assert_eq!(s["counts"]["overdue"], 1);
    assert_eq!(s["overdue"][0]["number"], "2026-00001");
    assert_eq!(s["counts"]["unassigned"], 2);
    // As of a moment: on 1 October nothing was overdue yet.
    let early: serde_json::Value = serde_json::from_str(&e.ok(
        &["control", "--at", "2026-10-01T12:00", "--format", "json"],
        None,
    ))
    .unwrap();
    assert_eq!(early["counts"]["overdue"], 0);
    let table = e.ok(&["control"], None);
    assert!(
        table.contains("Просрочено: 1") && table.contains("По отраслевым блокам"),
        "{table}"
    );

    let n: serde_json::Value =
        serde_json::from_str(&e.ok(&["notify", "--dry-run", "--format", "json"], None)).unwrap();
    assert_eq!(n[0]["threshold"], "overdue");
    assert!(n[0]["summary"].as_str().unwrap().contains("2026-00001"));
    // Dry run records nothing: the same notices again.
    let again: serde_json::Value =
        serde_json::from_str(&e.ok(&["notify", "--dry-run", "--format", "json"], None)).unwrap();
    assert_eq!(n, again);
    assert_eq!(e.run(&["notify"], None).status.code(), Some(2));
    assert_eq!(
        e.run(&["control", "--at", "вчера"], None).status.code(),
        Some(2)
    );
}

#[test]
fn handover_note_in_three_formats() {
    let e = Env::new();
    let overdue = APPEAL
        .replace("2026-11-26T09:00", "2026-10-01T09:00")
        .replace("26.11.2026 11:30", "01.10.2026 11:30");
    e.ok(&["add", "--json", "-"], Some(&overdue));
    e.ok(&["add", "--json", "-"], Some(APPEAL));
    let dir = e.dir.path();
    let txt = dir.join("h.txt");
    let out = e.ok(
        &[
            "handover",
            "--date",
            "2026-11-26",
            "--format",
            "txt",
            "-o",
            txt.to_str().unwrap(),
        ],
        None,
    );
    assert!(
        out.contains("поступило 1") && out.contains("просрочено 1"),
        "{out}"
    );
    let text = std::fs::read_to_string(&txt).unwrap();
    for s in [
        "Сводка за сутки 26.11.2026",
        "2026-00002",
        "Просрочено",
        "2026-00001",
        "02.11.2026",
    ] {
        assert!(text.contains(s), "{s} missing in:\n{text}");
    }
    // No applicant's personal data in the note.
    assert!(!text.contains("Петров"), "{text}");

    let pdf = dir.join("h.pdf");
    e.ok(
        &[
            "handover",
            "--date",
            "2026-11-26",
            "--format",
            "pdf",
            "-o",
            pdf.to_str().unwrap(),
        ],
        None,
    );
    let extracted = pdf_text(&pdf);
    assert!(
        extracted.contains("Сводка за сутки 26.11.2026") && extracted.contains("2026-00002"),
        "{extracted}"
    );

    let docx = dir.join("h.docx");
    e.ok(
        &["handover", "--format", "docx", "-o", docx.to_str().unwrap()],
        None,
    );
    assert_eq!(&std::fs::read(&docx).unwrap()[..2], b"PK");
    assert_eq!(
        e.run(&["handover", "--format", "odt", "-o", "x.odt"], None)
            .status
            .code(),
        Some(2)
    );
}

// ---- import -------------------------------------------------------------

const IMPORT_MAPPING: &str = r#"
name = "cli-test"
[formats]
datetime = ["%d.%m.%Y %H:%M"]
[defaults]
channel = "pos"
appeal_type = "statement"
[columns]
external_id = "Номер"
received_at = "Поступило"
text = "Текст"
topic = "Код"
"#;

const IMPORT_CSV: &str = "Номер;Поступило;Текст;Код\n\
1;01.10.2026 09:00;Яма на дороге;0003.0009.0099.0742\n\
2;02.10.2026 10:30;\"<p>Мусор&nbsp;не вывозят</p>\";0005.0005.0056.1160\n";

impl Env {
    fn file(&self, name: &str, text: &str) -> String {
        let p = self.dir.path().join(name);
        std::fs::write(&p, text).unwrap();
        p.display().to_string()
    }

    fn total(&self) -> i64 {
        let list: serde_json::Value =
            serde_json::from_str(&self.ok(&["list", "--format", "json"], None)).unwrap();
        list["total"].as_i64().unwrap()
    }

    fn import_json(&self, args: &[&str], code: i32) -> serde_json::Value {
        let mut all = vec!["import"];
        all.extend_from_slice(args);
        all.extend_from_slice(&["--format", "json"]);
        let out = self.run(&all, None);
        assert_eq!(
            out.status.code(),
            Some(code),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        serde_json::from_slice(&out.stdout).unwrap()
    }
}

#[test]
fn import_exit_codes_json_summary_rejects_file_and_dry_run() {
    let e = Env::new();
    let mapping = e.file("m.toml", IMPORT_MAPPING);
    let csv = e.file("in.csv", IMPORT_CSV);

    // Dry run: a full report, nothing stored, no rejects file.
    let s = e.import_json(&[&csv, "--mapping", &mapping, "--dry-run"], 0);
    assert_eq!(s["imported"], 2);
    assert_eq!(s["dry_run"], true);
    assert_eq!(e.total(), 0);

    let s = e.import_json(&[&csv, "--mapping", &mapping], 0);
    for k in ["imported", "updated", "present", "rejected"] {
        assert!(s[k].is_u64(), "{k}: {s}");
    }
    assert_eq!(
        (&s["imported"], &s["updated"], &s["present"], &s["rejected"]),
        (&2.into(), &0.into(), &0.into(), &0.into())
    );
    assert_eq!(s["by_channel"]["ПОС (сообщение)"], 2);
    assert!(s["batch_id"].is_i64());
    assert_eq!(e.total(), 2);
    let s = e.import_json(&[&csv, "--mapping", &mapping], 0);
    assert_eq!((&s["imported"], &s["present"]), (&0.into(), &2.into()));

    // One bad row: exit 3, the rows that can be imported are, the rest goes to a file.
    let bad = e.file(
        "bad.csv",
        &format!("{IMPORT_CSV}3;вчера;Текст;0003.0009.0099.0742\n4;03.10.2026 10:00;Текст;9999\n"),
    );
    let s = e.import_json(&[&bad, "--mapping", &mapping], 3);
    assert_eq!((&s["present"], &s["rejected"]), (&2.into(), &2.into()));
    let rejects = e.dir.path().join("bad.rejected.csv");
    assert_eq!(s["rejects_file"], rejects.display().to_string());
    let text = std::fs::read_to_string(&rejects).unwrap();
    assert!(text.contains("Причина отклонения"), "{text}");
    assert!(
        text.contains("Строка 4: Не удалось разобрать дату поступления «вчера»"),
        "{text}"
    );
    assert!(
        text.contains("Строка 5: Код ТОТК «9999» не найден в классификаторе."),
        "{text}"
    );
    let table = e.run(&["import", &bad, "--mapping", &mapping], None);
    assert_eq!(table.status.code(), Some(3));
    let table = String::from_utf8(table.stdout).unwrap();
    assert!(
        table.contains("Отклонено: 2") && table.contains("bad.rejected.csv"),
        "{table}"
    );

    // Unreadable files: exit 2, a Russian message, nothing changed.
    let before = e.total();
    let broken = e.file(
        "broken.csv",
        "Номер;Поступило;Текст;Код\n5;01.10.2026 09:00;\"Текст;0003.0009.0099.0742\n6;x;y\n",
    );
    let out = e.run(&["import", &broken, "--mapping", &mapping], None);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("кавычка"));
    let fake = e.file("fake.xlsx", "not a zip");
    let out = e.run(&["import", &fake, "--mapping", &mapping], None);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("книгу"));
    let out = e.run(
        &["import", "/nonexistent/file.csv", "--mapping", &mapping],
        None,
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("Не удалось прочитать файл"));
    let out = e.run(&["import", &csv, "--mapping", "нет-такого"], None);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(e.total(), before);
}

#[test]
fn mapping_list_show_and_save() {
    let e = Env::new();
    let list = e.ok(&["mapping", "list"], None);
    for name in ["pos", "incident", "excel-register"] {
        assert!(list.contains(name), "{list}");
    }
    let pos = e.ok(&["mapping", "show", "pos"], None);
    assert!(
        pos.contains("name = \"pos\"") && pos.contains("[columns]"),
        "{pos}"
    );
    let path = e.file("m.toml", IMPORT_MAPPING);
    assert!(
        e.ok(&["mapping", "save", &path], None)
            .contains("«cli-test» сохранено")
    );
    let json: serde_json::Value =
        serde_json::from_str(&e.ok(&["mapping", "list", "--format", "json"], None)).unwrap();
    assert_eq!(json.as_array().unwrap().len(), 4);
    assert_eq!(json[3]["name"], "cli-test");
    assert_eq!(json[3]["preset"], false);
    assert!(
        e.ok(&["mapping", "show", "cli-test"], None)
            .contains("external_id = \"Номер\"")
    );
    // A saved mapping is used by name.
    let csv = e.file("in.csv", IMPORT_CSV);
    let s = e.import_json(&[&csv, "--mapping", "cli-test"], 0);
    assert_eq!(s["imported"], 2);
}

#[test]
fn import_of_real_kursk_messages_through_the_command() {
    let data = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../../shared/data/kursk_appeals_labelled.csv"
    );
    assert!(
        std::path::Path::new(data).exists(),
        "test data {data} is missing: this test needs ../shared/data next to the repository"
    );
    let mapping = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../mcu-import/tests/fixtures/kursk.toml"
    );
    let e = Env::new();
    let s = e.import_json(&[data, "--mapping", mapping], 0);
    assert_eq!((&s["imported"], &s["rejected"]), (&1500.into(), &0.into()));
    let s = e.import_json(&[data, "--mapping", mapping], 0);
    assert_eq!((&s["imported"], &s["present"]), (&0.into(), &1500.into()));
}

#[test]
fn heatmap_csv_svg_png_and_trends() {
    let env = Env::new();
    env.ok(&["demo", "--appeals", "400", "--seed", "3"], None);
    // CSV: the cells add up to the (appeal, question) pairs.
    let csv = env.ok(&["heatmap", "--rows", "theme", "--cols", "month"], None);
    let mut lines = csv.lines();
    assert!(
        lines
            .next()
            .unwrap()
            .starts_with("Социально значимая тема,")
    );
    let mut sum = 0u64;
    let mut total = 0u64;
    for line in lines {
        let cells: Vec<&str> = line.split(',').collect();
        let n = cells.len();
        if cells[0] == "Итого" {
            total = cells[n - 1].parse().unwrap();
        } else {
            sum += cells[1..n - 1]
                .iter()
                .map(|c| c.parse::<u64>().unwrap())
                .sum::<u64>();
        }
    }
    let now = chrono::NaiveDateTime::parse_from_str("2026-11-27 10:00", "%Y-%m-%d %H:%M").unwrap();
    let (office, _) = mcu_core::Office::open(std::path::Path::new(&env.db()), now).unwrap();
    let pairs = office
        .db()
        .read(|c| {
            Ok(
                c.query_row("SELECT count(*) FROM appeal_questions", [], |r| {
                    r.get::<_, i64>(0)
                })?,
            )
        })
        .unwrap() as u64;
    assert_eq!((sum, total), (pairs, pairs));

    let svg = env.dir.path().join("hm.svg");
    env.ok(
        &[
            "heatmap",
            "--rows",
            "topic",
            "--cols",
            "settlement",
            "--per-1000",
            "--format",
            "svg",
            "-o",
            svg.to_str().unwrap(),
        ],
        None,
    );
    let text = std::fs::read_to_string(&svg).unwrap();
    assert!(
        text.starts_with("<svg") && text.contains("Пестравка") && text.contains("на 1000 жителей")
    );
    let png = env.dir.path().join("hm.png");
    env.ok(
        &[
            "heatmap",
            "--cols",
            "week",
            "--format",
            "png",
            "-o",
            png.to_str().unwrap(),
        ],
        None,
    );
    assert_eq!(&std::fs::read(&png).unwrap()[..8], b"\x89PNG\r\n\x1a\n");

    let bad = env.run(&["heatmap", "--cols", "district"], None);
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("cols: неизвестное значение «district»"));

    let t: serde_json::Value =
        serde_json::from_str(&env.ok(&["trends", "--week", "2026-W47", "--format", "json"], None))
            .unwrap();
    assert_eq!(t["week"], "2026-W47");
    assert!(t["cells"].as_u64().unwrap() > 0);
    for p in t["points"].as_array().unwrap() {
        assert!(
            p["count"].as_u64().unwrap() >= 3 && p["p_value"].as_f64().unwrap() < 0.01,
            "{p}"
        );
    }
    let table = env.ok(&["trends", "--week", "2026-W47"], None);
    assert!(table.contains("Точки роста за неделю 2026-W47"));
    assert_eq!(
        env.run(&["trends", "--week", "48"], None).status.code(),
        Some(2)
    );
}

#[test]
fn weekly_note_is_written_and_archived() {
    let e = Env::new();
    e.ok(&["demo", "--appeals", "800", "--seed", "3"], None);
    e.ok(&["add", "--json", "-"], Some(APPEAL));
    let dir = e.dir.path();
    let pdf = dir.join("w.pdf");
    let out = e.ok(
        &[
            "report",
            "weekly",
            "--week",
            "2026-W48",
            "--format",
            "pdf",
            "-o",
            pdf.to_str().unwrap(),
        ],
        None,
    );
    assert!(out.contains("2026-W48") && out.contains("№ 1"), "{out}");
    let text = pdf_text(&pdf);
    assert!(text.contains("Аналитическая записка"), "{text}");
    assert!(text.contains("23.11.2026"), "{text}");
    assert!(!text.contains("Петров"), "no applicant: {text}");

    // An operator's own summary replaces the drafted one.
    let summary = dir.join("summary.txt");
    std::fs::write(
        &summary,
        "Неделя прошла спокойно, жалобы на дороги под контролем.",
    )
    .unwrap();
    let docx = dir.join("w.docx");
    e.ok(
        &[
            "report",
            "weekly",
            "--format",
            "docx",
            "--summary-file",
            summary.to_str().unwrap(),
            "-o",
            docx.to_str().unwrap(),
        ],
        None,
    );
    let mut xml = String::new();
    zip::ZipArchive::new(std::fs::File::open(&docx).unwrap())
        .unwrap()
        .by_name("word/document.xml")
        .unwrap()
        .read_to_string(&mut xml)
        .unwrap();
    assert!(xml.contains("Неделя прошла спокойно"));
    assert!(xml.contains("16.11.2026"), "last full week by default");

    let list = e.ok(&["report", "archive"], None);
    assert!(
        list.contains("2026-W48") && list.contains("2026-W47"),
        "{list}"
    );
    let again = dir.join("again.txt");
    let out = e.ok(
        &[
            "report",
            "reopen",
            "1",
            "--format",
            "txt",
            "-o",
            again.to_str().unwrap(),
        ],
        None,
    );
    assert!(out.contains("Отчёт № 1"), "{out}");
    assert!(
        std::fs::read_to_string(&again)
            .unwrap()
            .contains("2026-W48")
    );

    let bad = e.run(
        &[
            "report", "weekly", "--week", "48", "--format", "pdf", "-o", "x.pdf",
        ],
        None,
    );
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("week:"));
    let bad = e.run(
        &["report", "weekly", "--format", "xlsx", "-o", "x.xlsx"],
        None,
    );
    assert_eq!(bad.status.code(), Some(2));
    let missing = e.run(
        &["report", "reopen", "99", "--format", "pdf", "-o", "x.pdf"],
        None,
    );
    assert_eq!(missing.status.code(), Some(2));
}

#[test]
fn indicators_report_in_xlsx_and_docx() {
    let e = Env::new();
    e.ok(&["demo", "--appeals", "500", "--seed", "4"], None);
    let dir = e.dir.path();
    let xlsx = dir.join("i.xlsx");
    let out = e.ok(
        &[
            "report",
            "indicators",
            "--quarter",
            "2026-Q4",
            "--format",
            "xlsx",
            "-o",
            xlsx.to_str().unwrap(),
        ],
        None,
    );
    assert!(out.contains("IV квартал 2026 г."), "{out}");
    let mut wb: Xlsx<_> = open_workbook(&xlsx).unwrap();
    assert!(wb.sheet_names().contains(&"Своевременность".to_string()));
    let flow = wb.worksheet_range("Поток обращений").unwrap();
    assert!(
        flow.rows().any(
            |r| r[0] == Data::String("P01".into()) && matches!(r[3], Data::Float(v) if v > 0.0)
        )
    );
    let docx = dir.join("i.docx");
    e.ok(
        &[
            "report",
            "indicators",
            "--year",
            "2026",
            "--format",
            "docx",
            "-o",
            docx.to_str().unwrap(),
        ],
        None,
    );
    assert!(docx.exists());
    let both = e.run(
        &[
            "report",
            "indicators",
            "--year",
            "2026",
            "--quarter",
            "2026-Q1",
            "--format",
            "xlsx",
            "-o",
            "x.xlsx",
        ],
        None,
    );
    assert_eq!(both.status.code(), Some(2));
    let bad = e.run(
        &[
            "report",
            "indicators",
            "--quarter",
            "2026-Q7",
            "--format",
            "xlsx",
            "-o",
            "x.xlsx",
        ],
        None,
    );
    assert_eq!(bad.status.code(), Some(2));
}

#[test]
fn journal_export_masks_unless_asked() {
    let e = Env::new();
    e.ok(&["demo", "--appeals", "300", "--seed", "5"], None);
    e.ok(&["add", "--json", "-"], Some(APPEAL));
    let dir = e.dir.path();
    let list: serde_json::Value =
        serde_json::from_str(&e.ok(&["list", "--limit", "100000", "--format", "json"], None))
            .unwrap();
    let total = list["total"].as_u64().unwrap();

    let xlsx = dir.join("j.xlsx");
    let out = e.ok(
        &[
            "export",
            "journal",
            "--format",
            "xlsx",
            "-o",
            xlsx.to_str().unwrap(),
        ],
        None,
    );
    assert!(out.contains("скрыты"), "{out}");
    let mut wb: Xlsx<_> = open_workbook(&xlsx).unwrap();
    let range = wb.worksheet_range("Журнал").unwrap();
    assert_eq!(range.height() as u64, total + 1);
    assert!(
        !range
            .rows()
            .any(|r| r[6] == Data::String("Петров Пётр Петрович".into()))
    );
    assert!(
        range
            .rows()
            .any(|r| r[6] == Data::String("П. П. П.".into()))
    );

    let csv = dir.join("j.csv");
    e.ok(
        &[
            "export",
            "journal",
            "--from",
            "2026-11-26",
            "--to",
            "2026-11-26",
            "--unmasked",
            "--format",
            "csv",
            "-o",
            csv.to_str().unwrap(),
        ],
        None,
    );
    let bytes = std::fs::read(&csv).unwrap();
    assert!(bytes.starts_with(b"\xEF\xBB\xBF"));
    let text = String::from_utf8(bytes).unwrap();
    assert!(text.contains("Петров Пётр Петрович"), "unmasked on request");
    assert!(text.lines().all(|l| l.contains(';')));

    // PDF: the same selection as a register to print, masked by default.
    let pdf = e.dir.path().join("register.pdf");
    let out = e.ok(
        &[
            "export",
            "journal",
            "--format",
            "pdf",
            "-o",
            pdf.to_str().unwrap(),
        ],
        None,
    );
    assert!(out.contains("персональные данные скрыты"), "{out}");
    let text = pdf_text(&pdf);
    assert!(text.contains("Реестр обращений"), "{text}");
    assert!(!text.contains("Петров Пётр Петрович"), "{text}");

    let bad = e.run(
        &[
            "export",
            "journal",
            "--from",
            "26.13.2026",
            "--format",
            "csv",
            "-o",
            "x.csv",
        ],
        None,
    );
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("from:"));
}

#[test]
fn the_indicator_list_is_printed_saved_checked_and_reset() {
    let e = Env::new();
    let listed: serde_json::Value =
        serde_json::from_str(&e.ok(&["report", "indicator-list"], None)).unwrap();
    let mut defs = listed.as_array().unwrap().clone();
    assert!(defs.len() > 5);
    assert!(defs.iter().all(|d| d["is_default"] == true));

    // Own list: two indicators, one renamed, with a target.
    defs.truncate(2);
    defs[1]["name"] = "Всего обращений по 59-ФЗ (своё)".into();
    defs[1]["target"] = 100.0.into();
    let file = e.dir.path().join("list.json");
    std::fs::write(&file, serde_json::to_string(&defs).unwrap()).unwrap();
    e.ok(
        &["report", "indicator-list", "--save", file.to_str().unwrap()],
        None,
    );
    let now: serde_json::Value =
        serde_json::from_str(&e.ok(&["report", "indicator-list"], None)).unwrap();
    assert_eq!(now.as_array().unwrap().len(), 2);
    assert_eq!(now[1]["name"], "Всего обращений по 59-ФЗ (своё)");
    assert_eq!(now[0]["is_default"], true, "unchanged: still the default");
    assert_eq!(now[1]["is_default"], false, "edited: the office's own");

    // A duplicate code and an empty name: both reported, nothing saved.
    defs[1]["code"] = defs[0]["code"].clone();
    defs[0]["name"] = "".into();
    std::fs::write(&file, serde_json::to_string(&defs).unwrap()).unwrap();
    let bad = e.run(
        &["report", "indicator-list", "--save", file.to_str().unwrap()],
        None,
    );
    assert_eq!(bad.status.code(), Some(2));
    let err = String::from_utf8_lossy(&bad.stderr);
    assert!(
        err.contains("уже есть") && err.contains("наименование"),
        "{err}"
    );
    let still: serde_json::Value =
        serde_json::from_str(&e.ok(&["report", "indicator-list"], None)).unwrap();
    assert_eq!(still.as_array().unwrap().len(), 2);

    e.ok(&["report", "indicator-list", "--reset"], None);
    let reset: serde_json::Value =
        serde_json::from_str(&e.ok(&["report", "indicator-list"], None)).unwrap();
    assert_eq!(reset, listed);
}

#[test]
fn roadmap_save_list_and_refusals() {
    let e = Env::new();
    e.ok(&["add", "--json", "-"], Some(APPEAL));
    let measure = r#"{
      "problem": "Ямы на ул. Ленина после паводка", "measure": "Ямочный ремонт ул. Ленина",
      "topic_code": "0003.0009.0099.0742", "responsible": "Глава сельского поселения",
      "start_date": "01.12.2026", "due_date": "20.12.2026", "funding": "дорожный фонд"
    }"#;
    assert!(
        e.ok(&["roadmap", "save", "--json", "-"], Some(measure))
            .contains("№ 1 сохранено")
    );
    let table = e.ok(&["roadmap", "list"], None);
    assert!(table.contains("Ямочный ремонт ул. Ленина"), "{table}");
    assert!(table.contains("Запланировано"), "{table}");
    let rows: serde_json::Value =
        serde_json::from_str(&e.ok(&["roadmap", "list", "--format", "json"], None)).unwrap();
    let r = &rows[0];
    assert_eq!(r["item"]["due_date"], "2026-12-20");
    assert_eq!(r["overdue"], false);
    // The appeal of 26.11 is within the 8 weeks before the start; none since (start ahead).
    assert_eq!(r["effect"]["before"], 1);
    assert_eq!(r["effect"]["since"], serde_json::Value::Null);

    // Every bad field at once, exit code 2, nothing saved.
    let out = e.run(
        &["roadmap", "save", "--json", "-"],
        Some(r#"{"due_date": "31.02.2026", "status": "done"}"#),
    );
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    for f in [
        "problem:",
        "measure:",
        "responsible:",
        "topic_code:",
        "due_date:",
        "done_date:",
    ] {
        assert!(err.contains(f), "missing {f} in:\n{err}");
    }
    // A stale version is refused.
    let stale = r#"{"id": 1, "version": 0, "problem": "п", "measure": "м", "theme": "roads",
      "responsible": "о", "due_date": "20.12.2026"}"#;
    let out = e.run(&["roadmap", "save", "--json", "-"], Some(stale));
    assert_ne!(out.status.code(), Some(0));
    let rows: serde_json::Value =
        serde_json::from_str(&e.ok(&["roadmap", "list", "--format", "json"], None)).unwrap();
    assert_eq!(rows.as_array().unwrap().len(), 1);
    assert_eq!(rows[0]["item"]["version"], 1);

    // The plan as a document.
    let pdf = e.dir.path().join("план.pdf");
    let out = e.ok(
        &[
            "roadmap",
            "export",
            "--format",
            "pdf",
            "-o",
            pdf.to_str().unwrap(),
        ],
        None,
    );
    assert!(out.contains("(мероприятий: 1)"), "{out}");
    assert!(std::fs::read(&pdf).unwrap().starts_with(b"%PDF"));
    let out = e.run(
        &["roadmap", "export", "--format", "txt", "-o", "x.txt"],
        None,
    );
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn rating_of_recipients_as_table_and_json() {
    let env = Env::new();
    env.ok(&["demo", "--appeals", "600", "--seed", "5"], None);
    let json = env.ok(
        &[
            "rating",
            "--by",
            "block",
            "--from",
            "2026-06-01",
            "--format",
            "json",
        ],
        None,
    );
    let r: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(r["from"], "2026-06-01");
    assert_eq!(r["to"], "2026-11-27", "to defaults to today");
    let rows = r["rows"].as_array().unwrap();
    // Ranked rows first, by place (1 is best), scores not increasing.
    let ranked: Vec<&serde_json::Value> = rows.iter().filter(|x| !x["place"].is_null()).collect();
    assert!(ranked.len() >= 3, "{json}");
    assert_eq!(ranked[0]["place"], 1);
    for pair in ranked.windows(2) {
        assert!(pair[0]["score"].as_f64() >= pair[1]["score"].as_f64());
        assert!(pair[0]["place"].as_u64() <= pair[1]["place"].as_u64());
    }
    assert!(rows[ranked.len()..].iter().all(|x| x["place"].is_null()));
    // The table shows the same first place and the method's weights.
    let table = env.ok(&["rating", "--by", "block", "--from", "2026-06-01"], None);
    assert!(
        table.contains("сроки 50, меры приняты 25, удовлетворённость 25"),
        "{table}"
    );
    let first = table.lines().nth(4).unwrap();
    assert!(first.starts_with('1'), "{table}");
    assert!(
        first.contains(&cut(ranked[0]["name"].as_str().unwrap())),
        "{table}"
    );
    // Bad input: the field and code 2.
    let out = env.run(&["rating", "--by", "village"], None);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("by: неизвестное значение"));
}

/// The first 20 characters of a name (table cells may be cut).
fn cut(s: &str) -> String {
    s.chars().take(20).collect()
}

#[test]
fn backup_create_list_and_restore() {
    let e = Env::new();
    e.ok(&["demo", "--appeals", "20"], None);
    let dir = e.dir.path().join("копии");
    let dir_s = dir.display().to_string();
    let out = e.ok(&["backup", "create", "--dir", &dir_s], None);
    assert!(
        out.contains("Копия сохранена") && out.contains("обращений: 20"),
        "{out}"
    );
    let list: serde_json::Value = serde_json::from_str(&e.ok(
        &["backup", "list", "--dir", &dir_s, "--format", "json"],
        None,
    ))
    .unwrap();
    let copies = list["copies"].as_array().unwrap();
    assert_eq!(copies.len(), 1);
    assert_eq!(copies[0]["auto"], false);
    let copy = copies[0]["path"].as_str().unwrap().to_owned();
    let table = e.ok(&["backup", "list", "--dir", &dir_s], None);
    assert!(
        table.contains("вручную") && table.contains(",") && table.contains("МБ"),
        "{table}"
    );

    e.ok(&["demo", "--appeals", "5", "--seed", "9"], None);
    let out = e.ok(&["backup", "restore", &copy], None);
    assert!(
        out.contains("обращений: 20") && out.contains("Прежняя база сохранена"),
        "{out}"
    );
    let rows: serde_json::Value =
        serde_json::from_str(&e.ok(&["list", "--limit", "100", "--format", "json"], None)).unwrap();
    assert_eq!(rows["total"], 20, "{rows}");

    let junk = dir.join("Копия_2026-01-01_00-00-00.sqlite");
    std::fs::write(&junk, "не база".repeat(500)).unwrap();
    let out = e.run(&["backup", "restore", &junk.display().to_string()], None);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("это не файл базы данных"), "{err}");
}

#[test]
fn paper_writes_the_card_and_refuses_a_notice_the_appeal_cannot_have() {
    let e = Env::new();
    e.ok(&["add", "--json", "-"], Some(APPEAL));
    let txt = e.dir.path().join("card.txt");
    let out = e.ok(
        &[
            "--operator",
            "Иванова А.П.",
            "paper",
            "2026-00001",
            "--format",
            "txt",
            "-o",
            txt.to_str().unwrap(),
        ],
        None,
    );
    assert!(
        out.contains("Регистрационно-контрольная карточка № 2026-00001"),
        "{out}"
    );
    let text = std::fs::read_to_string(&txt).unwrap();
    for s in [
        "обращения № 2026-00001",
        "Петров Пётр Петрович",
        "подписавших: 3",
        "Яма на дороге по ул. Ленина",
        "дежурный Иванова А.П.",
    ] {
        assert!(text.contains(s), "{s} missing in:\n{text}");
    }
    let pdf = e.dir.path().join("card.pdf");
    e.ok(&["paper", "2026-00001", "-o", pdf.to_str().unwrap()], None);
    assert!(std::fs::read(&pdf).unwrap().starts_with(b"%PDF"));

    // Not extended: the notice is refused with the reason, and no file appears.
    let notice = e.dir.path().join("notice.docx");
    let args = [
        "paper",
        "2026-00001",
        "--kind",
        "extension",
        "--format",
        "docx",
        "-o",
        notice.to_str().unwrap(),
    ];
    let out = e.run(&args, None);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("kind: Срок рассмотрения не продлевался."),
        "{err}"
    );
    assert!(!notice.exists());
    let out = e.run(
        &["paper", "2026-00001", "--kind", "letter", "-o", "x"],
        None,
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr)
            .contains("допустимы card, redirect, extension, answer")
    );
}

#[test]
fn office_show_and_set() {
    let e = Env::new();
    e.ok(&["init"], None);
    let shown = e.ok(&["office", "show"], None);
    assert!(shown.contains("МЦУ м.р. Пестравский"), "{shown}");
    // Every field error at once, exit 2, nothing saved.
    let out = e.run(
        &["office", "set", "--json", "-"],
        Some(r#"{"short_name": "", "population": "много"}"#),
    );
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("short_name: Укажите краткое наименование."),
        "{err}"
    );
    assert!(err.contains("population:"), "{err}");
    // Only the given fields change; a population may be a number.
    e.ok(
        &["office", "set", "--json", "-"],
        Some(r#"{"short_name": "МЦУ Образцового района", "population": 20500, "signer_name": "О. О. Образцов"}"#),
    );
    let json: serde_json::Value =
        serde_json::from_str(&e.ok(&["office", "show", "--format", "json"], None)).unwrap();
    assert_eq!(json["short_name"], "МЦУ Образцового района");
    assert_eq!(json["population"], "20500");
    assert_eq!(json["signer_name"], "О. О. Образцов");
    assert!(
        json["name"].as_str().unwrap().contains("Пестравский"),
        "{json}"
    );
}

#[test]
fn changes_by_operator_and_period() {
    let e = Env::new();
    e.ok(
        &["--operator", "Петрова О.С.", "add", "--json", "-"],
        Some(APPEAL),
    );
    e.ok(
        &["--operator", "Сидоров В.В.", "office", "set", "--json", "-"],
        Some(r#"{"signer_name": "А. В. Иванов"}"#),
    );
    let page: serde_json::Value =
        serde_json::from_str(&e.ok(&["changes", "--format", "json"], None)).unwrap();
    let rows = page["rows"].as_array().unwrap();
    assert_eq!(rows[0]["operator"], "Сидоров В.В.");
    assert_eq!(rows[0]["field_label"], "Подписывает письма: ФИО");
    assert!(
        rows.iter()
            .any(|r| r["number"] == "2026-00001" && r["action_label"] == "Регистрация")
    );
    let only: serde_json::Value = serde_json::from_str(&e.ok(
        &[
            "changes",
            "--who",
            "Петрова О.С.",
            "--from",
            "2026-11-27",
            "--format",
            "json",
        ],
        None,
    ))
    .unwrap();
    let only = only["rows"].as_array().unwrap();
    assert!(!only.is_empty());
    assert!(only.iter().all(|r| r["operator"] == "Петрова О.С."));
    let table = e.ok(&["changes"], None);
    assert!(table.contains("№ 2026-00001"), "{table}");
    let bad = e.run(&["changes", "--from", "27.13.2026"], None);
    assert_eq!(bad.status.code(), Some(2));
}
