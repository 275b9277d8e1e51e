//! The weekly note, the indicators and the journal export as files, each read
//! back with an independent reader: PDF with pdftotext (poppler), DOCX as its
//! XML, XLSX with calamine, CSV as bytes.

#![allow(clippy::unwrap_used)] // tests fail loudly on purpose

use std::io::Read;
use std::path::Path;
use std::process::Command;

use calamine::{Data, Reader, Xlsx, open_workbook};
use chrono::{NaiveDate, NaiveDateTime};
use mcu_core::Actor;
use mcu_core::Office;
use mcu_core::indicators::ReportPeriod;
use mcu_core::model::{AppealDraft, JournalQuery};
use mcu_core::privacy::PersonalData;
use mcu_core::reports::ReportContent;
use mcu_reports::DocFormat;
use mcu_reports::archive::{ReportFormat, export, render_content, reopen};
use mcu_reports::journal::{HEAT_SHEET, JOURNAL_SHEET, TableFormat, export_journal};
use mcu_reports::registry::print_journal;

const NOW: &str = "2026-11-27T10:00:00";

fn now() -> NaiveDateTime {
    NaiveDateTime::parse_from_str(NOW, "%Y-%m-%dT%H:%M:%S").unwrap()
}

fn actor() -> Actor<'static> {
    Actor {
        operator: "Иванова А.П.",
        at: now(),
    }
}

/// A database with demo data and one appeal carrying recognisable personal data.
fn office(dir: &Path, n: usize) -> Office {
    let (office, _) = Office::open(&dir.join("mcu.sqlite"), now()).unwrap();
    office.demo(n, 7, &actor()).unwrap();
    let draft = AppealDraft {
        received_at: "2026-11-18T09:00".into(),
        registered_at: "2026-11-18T11:30".into(),
        channel: "letter".into(),
        appeal_type: "complaint".into(),
        applicant_name: "Засекина Олимпиада Фёдоровна".into(),
        applicant_address: "с. Пестравка, ул. Тайная, д. 13".into(),
        applicant_phone: "+7 (927) 765-43-21".into(),
        applicant_email: "zasekina@example.ru".into(),
        settlement: "Пестравка".into(),
        address: "ул. Ленина".into(),
        text:
            "Засекина О. Ф. сообщает: яма на дороге, звоните +7 927 765-43-21, zasekina@example.ru."
                .into(),
        questions: vec!["0003.0009.0099.0742".into()],
        ..Default::default()
    };
    office.register(&draft, &actor()).unwrap();
    office
}

const SECRETS: [&str; 5] = ["Засекин", "765-43", "zasekina", "Тайная", "Олимпиада"];

fn pdftotext(path: &Path) -> String {
    let out = Command::new("pdftotext")
        .arg("-layout")
        .arg(path)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils) is installed");
    assert!(out.status.success());
    String::from_utf8(out.stdout).unwrap()
}

fn docx_xml(path: &Path) -> String {
    let file = std::fs::File::open(path).unwrap();
    let mut zip = zip::ZipArchive::new(file).unwrap();
    let mut xml = String::new();
    zip.by_name("word/document.xml")
        .unwrap()
        .read_to_string(&mut xml)
        .unwrap();
    xml
}

fn docx_has_image(path: &Path) -> bool {
    let file = std::fs::File::open(path).unwrap();
    let zip = zip::ZipArchive::new(file).unwrap();
    zip.file_names().any(|n| n.starts_with("word/media/"))
}

#[test]
fn weekly_note_pdf_and_docx() {
    let dir = tempfile::tempdir().unwrap();
    let office = office(dir.path(), 3000);
    let measure = mcu_core::roadmap::RoadMapDraft {
        problem: "Ямы на улицах после паводка".into(),
        measure: "Ямочный ремонт улиц Ленина и Советской".into(),
        topic_code: "0003.0009.0099.0742".into(),
        responsible: "Глава сельского поселения Пестравка".into(),
        start_date: "2026-10-01".into(),
        due_date: "2026-11-15".into(),
        ..Default::default()
    };
    office.save_road_map(&measure, &actor()).unwrap();
    let note = office
        .weekly_note(
            NaiveDate::from_ymd_opt(2026, 11, 16).unwrap(),
            now(),
            "Иванова А.П.",
            None,
        )
        .unwrap();
    assert!(note.total.count > 20, "demo data fill the week");
    let content = ReportContent::Weekly(Box::new(note.clone()));

    let pdf = dir.path().join("note.pdf");
    let id = export(&office, &content, ReportFormat::Pdf, &pdf, &actor()).unwrap();
    let text = pdftotext(&pdf);
    for heading in [
        "Аналитическая записка",
        "Краткие итоги",
        "1. Поступление обращений и сообщений",
        "2. Своевременность",
        "3. Частые темы и типичные проблемы",
        "4. Тепловая карта и проблемные точки",
        "5. Удовлетворённость заявителей",
        "6. Дорожные карты по устранению причин обращений",
        "7. Просроченные обращения",
        "По ответственным",
        "Рейтинг ответственных получателей с 01.10.2026 по 22.11.2026",
        "Рисунок 1",
        "Пестравка",
    ] {
        assert!(text.contains(heading), "PDF lacks «{heading}»:\n{text}");
    }
    // Table cells wrap across lines: look for their words.
    for word in ["Ямочный", "Советской", "Запланировано,", "нарушен"]
    {
        assert!(text.contains(word), "PDF lacks «{word}»:\n{text}");
    }
    assert!(
        text.contains(&format!("Поступило за неделю {}", note.total.count))
            || text.contains(&format!(
                "{} (неделей ранее {}",
                note.total.count, note.total.previous
            )),
        "total missing:\n{text}"
    );
    for s in SECRETS {
        assert!(!text.contains(s), "PDF shows personal data «{s}»");
    }
    let info = Command::new("pdffonts").arg(&pdf).output().unwrap();
    let fonts = String::from_utf8(info.stdout).unwrap();
    assert!(fonts.contains("DejaVu"), "{fonts}");
    assert!(
        !fonts.lines().skip(2).any(|l| l.contains(" no  ")),
        "fonts embedded: {fonts}"
    );
    let pdfinfo =
        String::from_utf8(Command::new("pdfinfo").arg(&pdf).output().unwrap().stdout).unwrap();
    assert!(
        pdfinfo.contains("595.276 x 841.89") || pdfinfo.contains("595.28 x 841.89"),
        "A4: {pdfinfo}"
    );

    let docx = dir.path().join("note.docx");
    export(&office, &content, ReportFormat::Docx, &docx, &actor()).unwrap();
    let xml = docx_xml(&docx);
    assert!(
        xml.contains(r#"<w:pStyle w:val="Heading1" />"#),
        "real headings"
    );
    assert!(xml.contains("2. Своевременность"));
    assert!(xml.contains("Ямочный ремонт улиц Ленина и Советской"));
    assert!(xml.contains("<w:tbl>"));
    assert!(xml.contains("Ответ с нарушением"));
    assert!(xml.contains("Рейтинг ответственных получателей с 01.10.2026 по 22.11.2026"));
    let rating = note.rating.as_ref().unwrap();
    let first = rating.rows.iter().find(|r| r.place == Some(1)).unwrap();
    assert!(xml.contains(&first.name), "the first place in the DOCX");
    assert!(xml.contains(&note.by_channel[0].name));
    assert!(docx_has_image(&docx), "heat map embedded");
    for s in SECRETS {
        assert!(!xml.contains(s), "DOCX shows personal data «{s}»");
    }

    // The archive re-renders what was printed, even after the register changed.
    office.demo(200, 8, &actor()).unwrap();
    let again = dir.path().join("again.pdf");
    let back = reopen(&office, id, ReportFormat::Pdf, &again).unwrap();
    assert_eq!(back, content);
    assert_eq!(pdftotext(&again), text);
    assert_eq!(office.report_archive().unwrap().len(), 2);
}

fn sheet(path: &Path, name: &str) -> calamine::Range<Data> {
    let mut wb: Xlsx<_> = open_workbook(path).unwrap();
    wb.worksheet_range(name).unwrap()
}

#[test]
fn indicators_xlsx_and_docx() {
    let dir = tempfile::tempdir().unwrap();
    let office = office(dir.path(), 2000);
    let report = office
        .indicators(ReportPeriod::parse("2026-Q4").unwrap(), now(), "")
        .unwrap();
    let content = ReportContent::Indicators(Box::new(report.clone()));
    let xlsx = dir.path().join("ind.xlsx");
    export(&office, &content, ReportFormat::Xlsx, &xlsx, &actor()).unwrap();
    let wb: Xlsx<_> = open_workbook(&xlsx).unwrap();
    assert_eq!(wb.sheet_names(), report.sections);
    let flow = sheet(&xlsx, "Поток обращений");
    let row = flow
        .rows()
        .find(|r| r[0] == Data::String("P01".into()))
        .expect("P01 row");
    let p01 = report.values.iter().find(|v| v.def.code == "P01").unwrap();
    assert_eq!(
        row[3],
        Data::Float(p01.value.unwrap()),
        "numbers are numbers"
    );
    assert_eq!(row[8], Data::String("по умолчанию".into()));
    let timely = sheet(&xlsx, "Своевременность");
    let p06 = timely
        .rows()
        .find(|r| r[0] == Data::String("P06".into()))
        .unwrap();
    assert!(matches!(p06[3], Data::Float(v) if (0.0..=100.0).contains(&v)));
    assert!(matches!(p06[7], Data::Bool(_)));
    let activity = sheet(&xlsx, "Активность населения");
    assert!(
        activity
            .rows()
            .any(|r| r.get(1) == Some(&Data::String("Пестравка".into())))
    );

    let docx = dir.path().join("ind.docx");
    export(&office, &content, ReportFormat::Docx, &docx, &actor()).unwrap();
    let xml = docx_xml(&docx);
    assert!(xml.contains("Своевременность"));
    assert!(xml.contains("(по умолчанию)"));
    assert!(xml.contains("IV квартал 2026 г."));
    // A weekly note has no XLSX form.
    let weekly = ReportContent::Weekly(Box::new(
        office
            .weekly_note(
                NaiveDate::from_ymd_opt(2026, 11, 16).unwrap(),
                now(),
                "",
                None,
            )
            .unwrap(),
    ));
    assert!(render_content(&weekly, ReportFormat::Xlsx).is_err());
}

#[test]
fn journal_xlsx_has_typed_cells_and_every_row() {
    let dir = tempfile::tempdir().unwrap();
    let office = office(dir.path(), 1500);
    let q = JournalQuery::default();
    let today = now().date();
    let count = office.journal_count(&q, today).unwrap();
    let path = dir.path().join("journal.xlsx");
    let n = export_journal(
        &office,
        &q,
        today,
        PersonalData::Masked,
        TableFormat::Xlsx,
        &path,
    )
    .unwrap();
    assert_eq!(n, count);
    let wb: Xlsx<_> = open_workbook(&path).unwrap();
    assert_eq!(wb.sheet_names(), [JOURNAL_SHEET, HEAT_SHEET]);
    let range = sheet(&path, JOURNAL_SHEET);
    assert_eq!(
        range.height() as u64,
        count + 1,
        "header + one row per appeal"
    );
    let header: Vec<String> = range
        .rows()
        .next()
        .unwrap()
        .iter()
        .map(|c| c.to_string())
        .collect();
    assert_eq!(header, mcu_core::export::COLUMNS);
    let first = range.rows().nth(1).unwrap();
    assert!(
        matches!(first[1], Data::DateTime(_)),
        "registered is a date: {:?}",
        first[1]
    );
    assert!(
        matches!(first[16], Data::DateTime(_)),
        "due is a date: {:?}",
        first[16]
    );
    assert!(matches!(first[19], Data::Bool(_)));
    for row in range.rows().skip(1) {
        for cell in row {
            if let Data::String(s) = cell {
                for secret in SECRETS {
                    assert!(!s.contains(secret), "masked export shows «{secret}»: {s}");
                }
            }
        }
    }
    let heat = sheet(&path, HEAT_SHEET);
    let last = heat.rows().next_back().unwrap();
    assert_eq!(last[0], Data::String("Итого".into()));
    assert_eq!(last.last(), Some(&Data::Float(count as f64)));

    // The raw XML holds the frozen header, the autofilter and the colour scale.
    let file = std::fs::File::open(&path).unwrap();
    let mut zip = zip::ZipArchive::new(file).unwrap();
    let mut s1 = String::new();
    zip.by_name("xl/worksheets/sheet1.xml")
        .unwrap()
        .read_to_string(&mut s1)
        .unwrap();
    assert!(s1.contains(r#"state="frozen""#));
    assert!(s1.contains("<autoFilter"));
    let mut s2 = String::new();
    zip.by_name("xl/worksheets/sheet2.xml")
        .unwrap()
        .read_to_string(&mut s2)
        .unwrap();
    assert!(s2.contains(r#"<cfRule type="colorScale""#), "{s2}");

    let unmasked = dir.path().join("full.xlsx");
    export_journal(
        &office,
        &q,
        today,
        PersonalData::Full,
        TableFormat::Xlsx,
        &unmasked,
    )
    .unwrap();
    let full = sheet(&unmasked, JOURNAL_SHEET);
    assert!(
        full.rows()
            .any(|r| r[6] == Data::String("Засекина Олимпиада Фёдоровна".into()))
    );
}

#[test]
fn journal_csv_is_utf8_with_bom_and_semicolons() {
    let dir = tempfile::tempdir().unwrap();
    let office = office(dir.path(), 300);
    let q = JournalQuery {
        from: Some(NaiveDate::from_ymd_opt(2026, 11, 1).unwrap()),
        ..JournalQuery::default()
    };
    let today = now().date();
    let path = dir.path().join("journal.csv");
    let n = export_journal(
        &office,
        &q,
        today,
        PersonalData::Masked,
        TableFormat::Csv,
        &path,
    )
    .unwrap();
    assert_eq!(n, office.journal_count(&q, today).unwrap());
    let bytes = std::fs::read(&path).unwrap();
    assert!(bytes.starts_with(b"\xEF\xBB\xBF"), "BOM");
    let text = String::from_utf8(bytes[3..].to_vec()).unwrap();
    assert!(text.starts_with("Номер;Зарегистрировано;"));
    let mut r = csv::ReaderBuilder::new()
        .delimiter(b';')
        .from_reader(text.as_bytes());
    assert_eq!(r.records().count() as u64, n);
    for s in SECRETS {
        assert!(!text.contains(s), "CSV shows «{s}»");
    }
    assert!(text.contains("З. О. Ф."));
}

#[test]
fn the_journal_prints_as_a_register_with_its_filters_and_counts() {
    let dir = tempfile::tempdir().unwrap();
    let office = office(dir.path(), 300);
    let q = JournalQuery {
        from: Some(NaiveDate::from_ymd_opt(2026, 11, 1).unwrap()),
        open_only: true,
        ..JournalQuery::default()
    };
    let today = now().date();
    let count = office.journal_count(&q, today).unwrap();
    let overdue = office
        .journal_count(
            &JournalQuery {
                overdue: true,
                ..q.clone()
            },
            today,
        )
        .unwrap();
    assert!(count > 0 && overdue > 0, "{count} open, {overdue} overdue");

    let pdf = dir.path().join("register.pdf");
    let n = print_journal(
        &office,
        &q,
        now(),
        "Иванова А.П.",
        PersonalData::Masked,
        DocFormat::Pdf,
        &pdf,
    )
    .unwrap();
    assert_eq!(n, count);
    let text = pdftotext(&pdf);
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    for s in [
        "Реестр обращений",
        "Отбор зарегистрированы с 01.11.2026; только открытые",
        &format!("Обращений {count}"),
        &format!("Из них открытых {count}"),
        &format!("Просрочено {overdue}"),
        "Персональные данные заявителей скрыты",
        "дежурный Иванова А.П.",
    ] {
        assert!(flat.contains(s), "«{s}» missing in:\n{text}");
    }
    // Every selected appeal is a row: its number is printed.
    let numbers = office
        .journal(
            &JournalQuery {
                limit: 10_000,
                ..q.clone()
            },
            today,
        )
        .unwrap()
        .rows;
    for r in &numbers {
        assert!(flat.contains(&r.number), "{} missing", r.number);
    }
    for s in SECRETS {
        assert!(!flat.contains(s), "the register shows «{s}»");
    }

    // Unmasked, as DOCX: the full name is there.
    let docx = dir.path().join("register.docx");
    print_journal(
        &office,
        &JournalQuery::default(),
        now(),
        "",
        PersonalData::Full,
        DocFormat::Docx,
        &docx,
    )
    .unwrap();
    assert!(docx_xml(&docx).contains("Засекина Олимпиада Фёдоровна"));
}

#[test]
fn a_register_too_long_to_print_is_refused_at_the_format() {
    let dir = tempfile::tempdir().unwrap();
    let office = office(dir.path(), 2_001);
    let path = dir.path().join("register.pdf");
    let e = print_journal(
        &office,
        &JournalQuery::default(),
        now(),
        "",
        PersonalData::Masked,
        DocFormat::Pdf,
        &path,
    )
    .unwrap_err();
    let mcu_reports::ReportError::Core(c) = e else {
        panic!("{e}");
    };
    let public = c.to_public();
    assert_eq!(public.fields[0].field, "format");
    assert!(
        public.message.contains("Отобрано обращений: 2002"),
        "{}",
        public.message
    );
    assert!(
        public.message.contains("выгрузите в XLSX"),
        "{}",
        public.message
    );
    assert!(!path.exists());
}

/// A note archived before road maps and the rating existed has neither in its
/// JSON: it re-renders without them and with its old numbering, as printed.
#[test]
fn a_note_archived_before_road_maps_renders_as_it_was_printed() {
    let dir = tempfile::tempdir().unwrap();
    let office = office(dir.path(), 300);
    let week = NaiveDate::from_ymd_opt(2026, 11, 16).unwrap();
    let note = office
        .weekly_note(week, now(), "Иванова А.П.", None)
        .unwrap();
    let headings = |n: &mcu_core::weekly::WeeklyNote| -> Vec<String> {
        mcu_reports::weekly::weekly_document(n)
            .unwrap()
            .blocks
            .into_iter()
            .filter_map(|b| match b {
                mcu_docs::Block::Heading { level: 1, text } => Some(text),
                _ => None,
            })
            .collect()
    };
    let now_printed = headings(&note);
    assert!(now_printed.contains(&"6. Дорожные карты по устранению причин обращений".into()));
    assert!(now_printed.contains(&"7. Просроченные обращения".into()));

    let subheadings = |n: &mcu_core::weekly::WeeklyNote| -> Vec<String> {
        mcu_reports::weekly::weekly_document(n)
            .unwrap()
            .blocks
            .into_iter()
            .filter_map(|b| match b {
                mcu_docs::Block::Heading { level: 2, text } => Some(text),
                _ => None,
            })
            .collect()
    };
    assert!(
        subheadings(&note)
            .iter()
            .any(|h| h.starts_with("Рейтинг ответственных"))
    );

    let mut json = serde_json::to_value(&note).unwrap();
    json.as_object_mut().unwrap().remove("road_map");
    json.as_object_mut().unwrap().remove("rating");
    let old: mcu_core::weekly::WeeklyNote = serde_json::from_value(json).unwrap();
    assert_eq!(old.road_map, None);
    assert_eq!(old.rating, None);
    let then_printed = headings(&old);
    assert!(then_printed.contains(&"6. Просроченные обращения".into()));
    assert!(!then_printed.iter().any(|h| h.contains("Дорожные карты")));
    assert!(!subheadings(&old).iter().any(|h| h.contains("Рейтинг")));
}

/// The road map as a document: every measure but the cancelled ones, with
/// the state and the late ones marked, in PDF and DOCX.
#[test]
fn road_map_plan_pdf_and_docx() {
    let dir = tempfile::tempdir().unwrap();
    let office = office(dir.path(), 300);
    let measure = |measure: &str, due: &str, status: &str, done: &str| {
        let d = mcu_core::roadmap::RoadMapDraft {
            problem: format!("Проблема: {measure}"),
            measure: measure.into(),
            theme: "roads".into(),
            responsible: "Глава поселения".into(),
            start_date: "2026-10-01".into(),
            due_date: due.into(),
            funding: "дорожный фонд".into(),
            status: status.into(),
            done_date: done.into(),
            ..Default::default()
        };
        office.save_road_map(&d, &actor()).unwrap();
    };
    measure("Грейдирование", "2026-11-10", "planned", "");
    measure("Подсыпка", "2026-12-20", "done", "2026-11-20");
    measure("Отменённое", "2026-12-20", "cancelled", "");
    let plan = office.road_map_plan(now(), "Иванова А.П.").unwrap();
    assert_eq!(
        plan.rows.len(),
        2,
        "the cancelled measure is not in the plan"
    );
    let doc = mcu_reports::roadmap::plan_document(&plan);

    let pdf = dir.path().join("plan.pdf");
    mcu_reports::write(&doc, mcu_reports::DocFormat::Pdf, &pdf).unwrap();
    let text = pdftotext(&pdf);
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    for s in [
        "План («дорожная карта») по устранению причин обращений граждан",
        "по социально значимым тематикам; по состоянию на 27.11.2026",
        "Мероприятий: 2, из них в работе: 1, с нарушением срока: 1, выполнено: 1.",
        "Грейдирование",
        "Подсыпка",
        "нарушен",
        "20.11.2026",
        "Сформировано 27.11.2026 10:00, дежурный Иванова А.П.",
    ] {
        assert!(flat.contains(s), "PDF lacks «{s}»:\n{text}");
    }
    assert!(!flat.contains("Отменённое"));

    let docx = dir.path().join("plan.docx");
    mcu_reports::write(&doc, mcu_reports::DocFormat::Docx, &docx).unwrap();
    let xml = docx_xml(&docx);
    assert!(xml.contains("<w:tbl>"));
    assert!(xml.contains("Грейдирование") && xml.contains("Подсыпка"));
    assert!(!xml.contains("Отменённое"));
}
