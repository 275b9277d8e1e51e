//! The import's promises on small synthetic files: updates go through the
//! audited path, nothing is lost (rejects file, re-import of the fixed file),
//! damaged files change nothing, cancel and dry run roll back, workbooks and
//! Windows-1251 files read the same as UTF-8 CSV.

#![allow(clippy::unwrap_used)] // tests fail loudly on purpose

mod support;

use std::sync::atomic::{AtomicBool, Ordering};

use mcu_core::Actor;
use mcu_import::{ImportError, ImportOptions, Mapping, Outcome, preview_file};
use support::{Env, now};

const MAPPING: &str = r#"
name = "test"
[formats]
datetime = ["%d.%m.%Y %H:%M"]
[defaults]
channel = "letter"
appeal_type = "statement"
[columns]
external_id = "Номер"
received_at = "Поступило"
applicant_name = "Заявитель"
text = "Текст"
[values."Тема"]
"дороги" = { topic = "0003.0009.0099.0742" }
"мусор" = { topic = "0005.0005.0056.1160", block = "ecology" }
[values."Статус"]
"закрыто" = { status = "closed" }
"*" = {}
"#;

const CSV: &str = "Номер;Поступило;Заявитель;Текст;Тема;Статус\n\
1;01.10.2026 09:00;Иванов И.И.;\"<p>Яма&nbsp;на дороге</p>\";дороги;\n\
2;02.10.2026 10:30;;Мусор не вывозят;мусор;закрыто\n\
3;03.10.2026 11:00;Петров П.П.;Свалка у реки;мусор;\n";

fn mapping() -> Mapping {
    Mapping::from_toml(MAPPING).unwrap()
}

#[test]
fn rows_imported_then_present_then_a_change_updates_through_the_audit_log() {
    let e = Env::new();
    let f = e.write("reg.csv", CSV.as_bytes());
    let s = e.import(&f, &mapping(), false).unwrap();
    assert_eq!((s.imported, s.updated, s.present, s.rejected), (3, 0, 0, 0));
    assert_eq!(s.by_block.get("Экология"), Some(&2));
    assert_eq!(
        s.by_block
            .get("Строительство, архитектура и благоустройство территорий"),
        Some(&1)
    );
    assert_eq!(s.by_channel.get("Письмо (почта)"), Some(&3));
    let batch = s.batch_id.unwrap();
    assert_eq!(
        e.count(&format!(
            "SELECT count(*) FROM import_rows WHERE batch_id = {batch}"
        )),
        3
    );
    assert_eq!(
        e.count("SELECT count(*) FROM appeals WHERE text = 'Яма на дороге'"),
        1
    );
    assert_eq!(
        e.count("SELECT count(*) FROM appeals WHERE status = 'closed' AND anonymous = 1"),
        1
    );

    let s = e.import(&f, &mapping(), false).unwrap();
    assert_eq!((s.imported, s.updated, s.present), (0, 0, 3));

    let changed = CSV.replace("Свалка у реки", "Свалка у реки Самарки");
    let f = e.write("reg.csv", changed.as_bytes());
    let s = e.import(&f, &mapping(), false).unwrap();
    assert_eq!((s.imported, s.updated, s.present), (0, 1, 2));
    let u = &s.updates[0];
    assert_eq!(u.row, 4);
    assert_eq!(u.changes.len(), 1);
    assert_eq!(
        (
            u.changes[0].field.as_str(),
            u.changes[0].old.as_str(),
            u.changes[0].new.as_str()
        ),
        ("text", "Свалка у реки", "Свалка у реки Самарки")
    );
    assert_eq!(
        e.count(&format!(
            "SELECT count(*) FROM audit WHERE entity = 'appeal' AND entity_id = {} AND action = 'update'
             AND field = 'text' AND old_value = 'Свалка у реки' AND operator = 'Тестов Т.Т.'",
            u.appeal_id
        )),
        1
    );
    assert_eq!(
        e.count(&format!(
            "SELECT count(*) FROM import_rows WHERE updated_batch_id = {}",
            s.batch_id.unwrap()
        )),
        1
    );
    // The journal selects a batch's appeals: the first batch created 3, the last updated 1.
    let journal = |b: i64| {
        e.office
            .journal(
                &mcu_core::model::JournalQuery {
                    import_batch: Some(b),
                    ..Default::default()
                },
                now().date(),
            )
            .unwrap()
            .total
    };
    assert_eq!(journal(batch), 3);
    assert_eq!(journal(s.batch_id.unwrap()), 1);
}

#[test]
fn without_external_ids_the_content_fingerprint_keeps_imports_idempotent() {
    let e = Env::new();
    let m = Mapping::from_toml(&MAPPING.replace("external_id = \"Номер\"\n", "")).unwrap();
    let f = e.write("noid.csv", CSV.as_bytes());
    assert_eq!(e.import(&f, &m, false).unwrap().imported, 3);
    let s = e.import(&f, &m, false).unwrap();
    assert_eq!((s.imported, s.present), (0, 3));
    assert_eq!(e.count("SELECT count(*) FROM appeals"), 3);
}

#[test]
fn rejected_rows_go_to_a_file_that_can_be_fixed_and_imported_again() {
    let e = Env::new();
    let bad = format!(
        "{CSV}4;31.02.2026 10:00;Сидоров;Текст;дороги;\n5;04.10.2026 10:00;Козлов;Текст;ремонт;\n6;05.10.2026 10:00;Орлов;;дороги;\n"
    );
    let f = e.write("reg.csv", bad.as_bytes());
    let s = e.import(&f, &mapping(), false).unwrap();
    assert_eq!((s.imported, s.rejected), (3, 3));
    let reasons: Vec<_> = s
        .rejects
        .iter()
        .map(|r| (r.row, r.reason.as_str()))
        .collect();
    assert_eq!(reasons[0].0, 5);
    assert!(
        reasons[0]
            .1
            .contains("Не удалось разобрать дату поступления «31.02.2026 10:00»"),
        "{reasons:?}"
    );
    assert!(
        reasons[1]
            .1
            .contains("Значение «ремонт» столбца «Тема» не сопоставлено"),
        "{reasons:?}"
    );
    assert!(
        reasons[2].1.contains("Введите текст обращения"),
        "{reasons:?}"
    );

    let rejects = s.rejects_file.unwrap();
    assert_eq!(rejects, e.path("reg.rejected.csv"));
    let text = std::fs::read_to_string(&rejects).unwrap();
    let text = text.trim_start_matches('\u{feff}');
    assert!(
        text.starts_with("Номер,Поступило,Заявитель,Текст,Тема,Статус,Причина отклонения\n"),
        "{text}"
    );
    assert_eq!(text.lines().count(), 4);
    assert!(text.contains("Строка 6: Значение «ремонт»"));

    // Fix the file in place and import it again: the reason column is ignored.
    let fixed = text
        .replace("31.02.2026", "28.02.2026")
        .replace(";ремонт;", ";дороги;")
        .replace(",ремонт,", ",дороги,")
        .replace("Орлов,,дороги", "Орлов,Текст,дороги");
    let f2 = e.write("reg.rejected.csv", fixed.as_bytes());
    let s = e.import(&f2, &mapping(), false).unwrap();
    assert_eq!((s.imported, s.rejected), (3, 0), "{:?}", s.rejects);
    assert_eq!(e.count("SELECT count(*) FROM appeals"), 6);
}

fn nothing_changed(e: &Env) {
    assert_eq!(e.count("SELECT count(*) FROM appeals"), 0);
    assert_eq!(e.count("SELECT count(*) FROM import_batches"), 0);
    assert_eq!(e.count("SELECT count(*) FROM audit"), 0);
}

fn damaged(e: &Env, name: &str, bytes: &[u8]) -> String {
    let f = e.write(name, bytes);
    match e.import(&f, &mapping(), false) {
        Err(ImportError::Damaged(m)) => {
            nothing_changed(e);
            m
        }
        other => panic!("{name}: expected a damaged-file error, got {other:?}"),
    }
}

#[test]
fn damaged_files_get_a_russian_error_and_change_nothing() {
    let e = Env::new();
    let m = damaged(
        &e,
        "quote.csv",
        CSV.replace("Свалка у реки", "\"Свалка у реки").as_bytes(),
    );
    assert!(m.contains("незакрытая кавычка"), "{m}");
    let cut = &CSV.as_bytes()[..CSV.len() - 12];
    let m = damaged(&e, "cut.csv", cut);
    assert!(m.contains("Файл обрезан"), "{m}");
    let m = damaged(&e, "fake.xlsx", b"this is not a zip at all");
    assert!(m.contains("не удалось прочитать как книгу"), "{m}");
    let m = damaged(&e, "empty.csv", b"");
    assert!(m.contains("Файл пуст"), "{m}");
    // A valid start followed by a byte that is neither UTF-8 nor expected.
    let mut bytes = CSV.as_bytes().to_vec();
    let big = "1;01.10.2026 09:00;Иванов;Текст;дороги;\n".repeat(3000);
    bytes.extend_from_slice(big.as_bytes());
    bytes.extend_from_slice(b"9;01.10.2026 09:00;\xff\xfe;x;\xc0;\n");
    let f = e.write("mixed.csv", &bytes);
    let m = Mapping::from_toml(&format!("{MAPPING}\n[source]\nencoding = \"utf-8\"\n")).unwrap();
    match e.import(&f, &m, false) {
        Err(ImportError::Damaged(msg)) => assert!(msg.contains("UTF-8"), "{msg}"),
        other => panic!("{other:?}"),
    }
    nothing_changed(&e);
    // A mapping that names a missing column says which.
    let f = e.write("cols.csv", "Номер;Текст\n1;x\n".as_bytes());
    match e.import(&f, &mapping(), false) {
        Err(ImportError::Mapping(msg)) => assert!(msg.contains("«Поступило»"), "{msg}"),
        other => panic!("{other:?}"),
    }
    nothing_changed(&e);
}

#[test]
fn windows_1251_is_detected_and_decoded() {
    let e = Env::new();
    let (bytes, _, _) = encoding_rs::WINDOWS_1251.encode(CSV);
    let f = e.write("cp.csv", &bytes);
    let s = e.import(&f, &mapping(), false).unwrap();
    assert_eq!(s.imported, 3);
    assert_eq!(
        e.count("SELECT count(*) FROM appeals WHERE applicant_name = 'Петров П.П.'"),
        1
    );
}

#[test]
fn dry_run_reports_everything_and_changes_nothing() {
    let e = Env::new();
    let f = e.write("reg.csv", format!("{CSV}4;bad;x;y;дороги;\n").as_bytes());
    let s = e.import(&f, &mapping(), true).unwrap();
    assert_eq!((s.imported, s.rejected, s.batch_id), (3, 1, None));
    assert!(s.rejects_file.is_none());
    assert!(!e.path("reg.rejected.csv").exists());
    nothing_changed(&e);
}

#[test]
fn cancel_rolls_back_the_whole_import_and_progress_is_reported() {
    let e = Env::new();
    let mut csv = String::from("Номер;Поступило;Заявитель;Текст;Тема;Статус\n");
    for i in 0..3500 {
        csv.push_str(&format!("{i};01.10.2026 09:00;Иванов;Текст {i};дороги;\n"));
    }
    let f = e.write("big.csv", csv.as_bytes());
    let cancel = AtomicBool::new(false);
    let seen = std::sync::Mutex::new(Vec::new());
    let progress = |p: mcu_import::Progress| {
        seen.lock().unwrap().push(p);
        if p.rows >= 2000 {
            cancel.store(true, Ordering::Relaxed);
        }
    };
    let m = mapping();
    let r = mcu_import::import_file(
        &e.office,
        &f,
        &ImportOptions {
            mapping: &m,
            actor: Actor {
                operator: "Тестов Т.Т.",
                at: now(),
            },
            dry_run: false,
            rejects_path: Some(e.path("big.rejected.csv")),
            progress: Some(&progress),
            cancel: Some(&cancel),
        },
    );
    assert!(matches!(r, Err(ImportError::Cancelled)), "{r:?}");
    let seen = seen.lock().unwrap();
    assert_eq!(
        seen.iter().map(|p| p.rows).collect::<Vec<_>>(),
        vec![1000, 2000]
    );
    assert!(seen[1].position > seen[0].position && seen[1].position < seen[1].total);
    nothing_changed(&e);
}

#[test]
fn xlsx_reads_like_csv_with_excel_dates_exact() {
    let e = Env::new();
    let path = e.path("reg.xlsx");
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    let fmt = rust_xlsxwriter::Format::new().set_num_format("dd.mm.yyyy hh:mm:ss");
    for (c, h) in ["Номер", "Поступило", "Заявитель", "Текст", "Тема", "Статус"]
        .iter()
        .enumerate()
    {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    ws.write_number(1, 0, 101.0).unwrap();
    let dt = rust_xlsxwriter::ExcelDateTime::parse_from_str("2026-10-01 09:15:42").unwrap();
    ws.write_datetime_with_format(1, 1, &dt, &fmt).unwrap();
    ws.write_string(1, 2, "Иванов И.И.").unwrap();
    ws.write_string(1, 3, "Яма").unwrap();
    ws.write_string(1, 4, "дороги").unwrap();
    // Row 3 left blank; row 4 as text dates.
    ws.write_string(3, 0, "102").unwrap();
    ws.write_string(3, 1, "02.10.2026 10:30").unwrap();
    ws.write_string(3, 3, "Мусор").unwrap();
    ws.write_string(3, 4, "мусор").unwrap();
    ws.write_string(3, 5, "закрыто").unwrap();
    wb.save(&path).unwrap();

    let s = e.import(&path, &mapping(), false).unwrap();
    assert_eq!((s.imported, s.rejected), (2, 0), "{:?}", s.rejects);
    assert_eq!(
        e.count("SELECT count(*) FROM appeals WHERE external_id = '101' AND received_at = '2026-10-01T09:15:42'"),
        1
    );
    assert_eq!(
        e.count("SELECT count(*) FROM appeals WHERE external_id = '102' AND status = 'closed'"),
        1
    );
    assert_eq!(e.import(&path, &mapping(), false).unwrap().present, 2);
}

#[test]
fn preview_shows_rows_as_stored_with_every_problem() {
    let e = Env::new();
    let f = e.write("reg.csv", format!("{CSV}4;bad;;;ремонт;\n").as_bytes());
    let p = preview_file(&e.office, &f, &mapping(), now(), 10).unwrap();
    assert_eq!(p.columns.len(), 6);
    assert_eq!(p.rows.len(), 4);
    assert_eq!(p.rows[0].outcome, Outcome::New, "{:?}", p.rows[0].problems);
    assert_eq!(p.rows[0].mapped.draft.text, "Яма на дороге");
    assert_eq!(p.rows[0].mapped.draft.received_at, "2026-10-01T09:00:00");
    assert_eq!(
        p.rows[0].mapped.text_original.as_deref(),
        Some("<p>Яма&nbsp;на дороге</p>")
    );
    let bad = &p.rows[3];
    assert_eq!(bad.outcome, Outcome::Reject);
    let fields: Vec<&str> = bad.problems.iter().map(|p| p.field.as_str()).collect();
    assert!(fields.contains(&"values.Тема"), "{fields:?}");
    assert!(fields.contains(&"received_at"), "{fields:?}");
    assert!(fields.contains(&"text"), "{fields:?}");
    assert_eq!(e.count("SELECT count(*) FROM appeals"), 0);
    // After the import the same rows preview as present.
    e.import(&f, &mapping(), false).unwrap();
    let p = preview_file(&e.office, &f, &mapping(), now(), 2).unwrap();
    assert_eq!(p.rows.len(), 2);
    assert!(p.rows.iter().all(|r| r.outcome == Outcome::Present));
}

#[test]
fn mappings_listed_saved_and_loaded() {
    let e = Env::new();
    let names: Vec<String> = mcu_import::list_mappings(&e.office)
        .unwrap()
        .into_iter()
        .map(|m| m.name)
        .collect();
    assert_eq!(names, ["pos", "incident", "excel-register"]);
    let actor = Actor {
        operator: "Тестов Т.Т.",
        at: now(),
    };
    mcu_import::save_mapping(&e.office, &mapping(), &actor).unwrap();
    let loaded = mcu_import::load_mapping(&e.office, "test").unwrap();
    assert_eq!(loaded, mapping());
    let mut preset = mcu_import::load_mapping(&e.office, "pos").unwrap();
    assert!(mcu_import::save_mapping(&e.office, &preset, &actor).is_err());
    preset.name = "pos-моя".into();
    mcu_import::save_mapping(&e.office, &preset, &actor).unwrap();
    assert_eq!(mcu_import::list_mappings(&e.office).unwrap().len(), 5);
    match mcu_import::load_mapping(&e.office, "нет-такого") {
        Err(ImportError::Mapping(m)) => assert!(m.contains("не найдено"), "{m}"),
        other => panic!("{other:?}"),
    }
    match Mapping::from_toml("name = \"x\"\n[columns]\ntexxt = \"A\"\n") {
        Err(ImportError::Mapping(m)) => assert!(m.contains("неизвестное поле «texxt»"), "{m}"),
        other => panic!("{other:?}"),
    }
}
