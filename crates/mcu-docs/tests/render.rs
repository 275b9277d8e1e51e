//! The three formats rendered from one sample report (Cyrillic, a 120-row table, markup-like
//! text, a picture, a page break) and checked the way a person would: the PDF through
//! poppler's tools, the DOCX through its XML, the text as text.
//!
//! Set `MCU_DOCS_OUT=/some/dir` to keep the rendered files for a look.
#![allow(clippy::unwrap_used)]

use std::io::Read;
use std::path::Path;
use std::process::Command;
use std::sync::OnceLock;

use mcu_docs::{Block, DocError, Document, Table, to_docx, to_pdf, to_text};

const NASTY: &str =
    r#"#set text(red) $x$ *bold* _it_ [link] <lbl> @ref \ ``code`` 😀 "кавычки" «ёлки»"#;
const TITLE: &str = "Сводка за смену 27.11.2026";

/// A 48×24 RGB gradient: enough to see that the picture is placed and scaled.
fn tiny_png() -> Vec<u8> {
    let (w, h) = (48u32, 24u32);
    let mut out = Vec::new();
    {
        let mut enc = png::Encoder::new(&mut out, w, h);
        enc.set_color(png::ColorType::Rgb);
        enc.set_depth(png::BitDepth::Eight);
        let mut writer = enc.write_header().unwrap();
        let data: Vec<u8> = (0..h)
            .flat_map(|y| (0..w).flat_map(move |x| [(x * 5) as u8, (y * 10) as u8, 160]))
            .collect();
        writer.write_image_data(&data).unwrap();
    }
    out
}

fn sample() -> Document {
    let settlements = ["Пестравка", "Марьевка", "Мосты", "Высокое", "Падовка"];
    let rows = (1..=120)
        .map(|i| {
            vec![
                i.to_string(),
                settlements[i % settlements.len()].to_string(),
                format!("Запись {i:03}: уборка снега, ул. Крайнюю"),
                format!("{}", (i * 37) % 101),
            ]
        })
        .collect();
    Document {
        title: TITLE.into(),
        org_header: "Администрация муниципального района Пестравский Самарской области\n\
                     Муниципальный центр управления"
            .into(),
        subtitle: "с 08:00 26.11.2026 по 08:00 27.11.2026".into(),
        blocks: vec![
            Block::Heading {
                level: 1,
                text: "Общие сведения".into(),
            },
            Block::KeyValues(vec![
                ("Дежурный".into(), "Иванова А.П.".into()),
                ("Поступило обращений".into(), "27".into()),
                ("Строка с разметкой".into(), NASTY.into()),
            ]),
            Block::Paragraph(
                "За смену поступило 27 обращений граждан, из них 5 — через платформу обратной \
                 связи (ПОС), 3 — из социальных сетей. Просроченных ответов нет; два обращения \
                 переданы в сектор ЖКХ для рассмотрения в установленный срок."
                    .into(),
            ),
            Block::Paragraph(NASTY.into()),
            Block::Centered("Уважаемая Анна Сергеевна!".into()),
            Block::Heading {
                level: 2,
                text: "Обращения по поселениям".into(),
            },
            Block::Bullets(vec![
                "Пестравка — 12".into(),
                "Марьевка — 7\nиз них повторных — 2".into(),
                NASTY.into(),
            ]),
            Block::Table(Table {
                headers: vec![
                    "№".into(),
                    "Поселение".into(),
                    "Содержание".into(),
                    "Кол-во".into(),
                ],
                rows,
                widths: vec![0.6, 1.6, 4.0, 1.0],
                numeric: vec![true, false, false, true],
            }),
            Block::PageBreak,
            Block::Heading {
                level: 2,
                text: "Динамика".into(),
            },
            Block::Image {
                png: tiny_png(),
                width_mm: 80.0,
                caption: "Обращения по дням недели".into(),
            },
            Block::Heading {
                level: 3,
                text: "Без ширин и без заголовка".into(),
            },
            Block::Table(Table {
                headers: vec![],
                rows: vec![
                    vec!["Итого".into(), "27".into()],
                    vec![NASTY.into(), "0".into()],
                ],
                widths: vec![],
                numeric: vec![false, true],
            }),
        ],
        footer_note: "Сформировано 27.11.2026 10:00, дежурный Иванова А.П.".into(),
    }
}

fn rendered_pdf() -> &'static (tempfile::TempDir, std::path::PathBuf) {
    static PDF: OnceLock<(tempfile::TempDir, std::path::PathBuf)> = OnceLock::new();
    PDF.get_or_init(|| {
        let pdf = to_pdf(&sample()).unwrap();
        keep("sample.pdf", &pdf);
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sample.pdf");
        std::fs::write(&path, &pdf).unwrap();
        (dir, path)
    })
}

fn keep(name: &str, bytes: &[u8]) {
    if let Some(dir) = std::env::var_os("MCU_DOCS_OUT") {
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(Path::new(&dir).join(name), bytes).unwrap();
    }
}

/// Runs a poppler tool; its absence is a failure, not a skip: the PDF would go unchecked.
fn poppler(tool: &str, args: &[&std::ffi::OsStr]) -> String {
    let out = Command::new(tool).args(args).output().unwrap_or_else(|e| {
        panic!(
            "{tool} не запускается ({e}): установите poppler-utils (apt-get install poppler-utils)"
        )
    });
    assert!(
        out.status.success(),
        "{tool} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// pdftotext output with hyphenation undone and whitespace collapsed, so strings that were
/// wrapped or hyphenated at a line end can be found whole.
fn pdf_text() -> String {
    let path = &rendered_pdf().1;
    let raw = poppler(
        "pdftotext",
        &[
            "-enc".as_ref(),
            "UTF-8".as_ref(),
            path.as_os_str(),
            "-".as_ref(),
        ],
    );
    let joined = raw
        .replace("-\n", "")
        .replace("\u{ad}\n", "")
        .replace("\u{2010}\n", "");
    joined.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn pdf_text_is_intact() {
    let bytes = std::fs::read(&rendered_pdf().1).unwrap();
    assert!(bytes.starts_with(b"%PDF"), "not a PDF");
    let text = pdf_text();
    for expected in [
        TITLE,
        "Муниципальный центр управления",
        "Общие сведения",
        "Обращения по поселениям",
        "Без ширин и без заголовка",
        "Запись 001",
        "Запись 120",
        "Иванова А.П.",
        "Рисунок 1 — Обращения по дням недели",
        "Уважаемая Анна Сергеевна!",
        "стр. 1 из",
    ] {
        assert!(
            text.contains(expected),
            "{expected:?} not in PDF text:\n{text}"
        );
    }
    // DejaVu has no colour emoji; the emoji may come out as a missing glyph, the rest may not.
    let (before, after) = NASTY.split_once(" 😀 ").unwrap();
    assert!(text.contains(before), "{before:?} not in PDF text:\n{text}");
    assert!(text.contains(after), "{after:?} not in PDF text:\n{text}");
    // The table spans pages, so its header row must be there more than once.
    assert!(
        text.matches("Содержание").count() >= 2,
        "header row not repeated:\n{text}"
    );
}

#[test]
fn pdf_is_a4_with_several_pages() {
    let info = poppler("pdfinfo", &[rendered_pdf().1.as_os_str()]);
    let field = |name: &str| {
        info.lines()
            .find_map(|l| l.strip_prefix(name))
            .map(str::trim)
            .unwrap_or_else(|| panic!("no {name} in pdfinfo:\n{info}"))
            .to_string()
    };
    let pages: u32 = field("Pages:").parse().unwrap();
    assert!(pages >= 2, "{pages} pages");
    let size = field("Page size:");
    let nums: Vec<f64> = size
        .split_whitespace()
        .filter_map(|t| t.parse().ok())
        .collect();
    assert_eq!(
        (nums[0].round(), nums[1].round()),
        (595.0, 842.0),
        "page size {size}"
    );
    assert_eq!(field("Title:"), TITLE);
}

#[test]
fn pdf_fonts_are_embedded() {
    let fonts = poppler("pdffonts", &[rendered_pdf().1.as_os_str()]);
    let rows: Vec<&str> = fonts
        .lines()
        .skip(2)
        .filter(|l| !l.trim().is_empty())
        .collect();
    assert!(!rows.is_empty(), "no fonts:\n{fonts}");
    for row in &rows {
        // name type... encoding emb sub uni objectID gen: `emb` is fifth from the end.
        let cols: Vec<&str> = row.split_whitespace().collect();
        assert_eq!(cols[cols.len() - 5], "yes", "font not embedded: {row}");
    }
    assert!(fonts.contains("DejaVuSerif"), "{fonts}");
    assert!(fonts.contains("DejaVuSans-Bold"), "{fonts}");
}

fn docx_part(zip: &mut zip::ZipArchive<std::io::Cursor<Vec<u8>>>, name: &str) -> String {
    let mut s = String::new();
    zip.by_name(name)
        .unwrap_or_else(|_| panic!("{name} missing"))
        .read_to_string(&mut s)
        .unwrap();
    s
}

fn xml_escaped(s: &str, quotes: bool) -> String {
    let s = s
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;");
    if quotes {
        s.replace('"', "&quot;").replace('\'', "&apos;")
    } else {
        s
    }
}

#[test]
fn docx_has_styles_repeating_header_and_page_numbers() {
    let bytes = to_docx(&sample()).unwrap();
    keep("sample.docx", &bytes);
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let document = docx_part(&mut zip, "word/document.xml");
    let styles = docx_part(&mut zip, "word/styles.xml");

    for style in ["Heading1", "Heading2", "Heading3"] {
        assert!(
            document.contains(&format!(r#"<w:pStyle w:val="{style}" />"#)),
            "{style} not used"
        );
        assert!(
            styles.contains(&format!(r#"w:styleId="{style}""#)),
            "{style} not defined"
        );
    }
    assert!(
        styles.contains(r#"<w:name w:val="heading 1" />"#),
        "{styles}"
    );

    // Exactly one header row (the big table's), and it is the row with the headings.
    // The centred paragraph is centred, and the justified ones are not.
    let greeting = document.find("Уважаемая Анна Сергеевна!").unwrap();
    let paragraph = &document[document[..greeting].rfind("<w:p ").unwrap()..greeting];
    assert!(
        paragraph.contains(r#"<w:jc w:val="center" />"#),
        "{paragraph}"
    );

    assert_eq!(document.matches("<w:tblHeader />").count(), 1);
    let header_at = document.find("<w:tblHeader />").unwrap();
    let first_row_at = document.find("Запись 001").unwrap();
    assert!(document[header_at..first_row_at].contains("Содержание"));
    assert!(document.contains("Запись 120"));

    assert!(
        document.contains(&xml_escaped(NASTY, false))
            || document.contains(&xml_escaped(NASTY, true)),
        "markup-like text changed in document.xml"
    );
    assert!(document.contains(TITLE));
    assert!(document.contains("Муниципальный центр управления"));
    assert!(
        document.contains(r#"<w:pgSz w:w="11906" w:h="16838""#),
        "not A4"
    );
    assert!(document.contains("<pic:pic"), "no picture");

    let names: Vec<String> = zip.file_names().map(String::from).collect();
    assert!(
        names.iter().any(|n| n.starts_with("word/media/")),
        "{names:?}"
    );
    let footers: Vec<&String> = names
        .iter()
        .filter(|n| n.starts_with("word/footer") && n.ends_with(".xml"))
        .collect();
    assert!(!footers.is_empty(), "no footer in {names:?}");
    let footer = docx_part(&mut zip, footers[0]);
    assert!(
        footer.contains("<w:instrText>PAGE</w:instrText>"),
        "{footer}"
    );
    assert!(footer.contains("стр. "), "{footer}");
}

#[test]
fn text_has_title_and_aligned_table() {
    let text = to_text(&sample());
    keep("sample.txt", text.as_bytes());
    assert!(text.contains(TITLE), "{text}");
    assert!(text.contains(NASTY), "{text}");

    let lines: Vec<&str> = text.lines().collect();
    let header = lines
        .iter()
        .position(|l| l.contains("Поселение") && l.contains("Содержание"))
        .unwrap();
    let last = lines.iter().find(|l| l.contains("Запись 120")).unwrap();
    let col = |line: &str, needle: &str| {
        line.chars().count() - line[line.find(needle).unwrap()..].chars().count()
    };
    assert_eq!(
        col(lines[header], "Содержание"),
        col(last, "Запись 120"),
        "{text}"
    );
    // The last column is numeric and right-aligned: every row ends at the same column.
    let width = |l: &str| l.chars().count();
    assert_eq!(width(lines[header]), width(last), "{text}");
    assert!(lines[header + 1].starts_with("---"), "{text}");
}

#[test]
fn a_broken_picture_is_an_error() {
    let doc = Document {
        title: "Т".into(),
        blocks: vec![Block::Image {
            png: b"not a png".to_vec(),
            width_mm: 50.0,
            caption: "Схема".into(),
        }],
        ..Document::default()
    };
    let expected = DocError::NotPng {
        caption: "Схема".into(),
    };
    assert_eq!(to_pdf(&doc).unwrap_err(), expected);
    assert_eq!(to_docx(&doc).unwrap_err(), expected);
    assert_eq!(
        expected.to_string(),
        "рисунок «Схема» не является изображением PNG"
    );
}

#[test]
fn an_empty_document_renders() {
    let doc = Document::default();
    assert!(to_pdf(&doc).unwrap().starts_with(b"%PDF"));
    assert!(to_docx(&doc).unwrap().starts_with(b"PK"));
    assert_eq!(to_text(&doc), "");
}

#[test]
fn the_model_round_trips_through_json() {
    let doc = sample();
    let json = serde_json::to_string(&doc).unwrap();
    let back: Document = serde_json::from_str(&json).unwrap();
    assert_eq!(back, doc);
}

/// Horizontal extent (min xMin, max xMax) of all words on all pages, from `pdftotext -bbox`.
fn word_extent(pdf: &Path) -> (f64, f64) {
    let html = poppler(
        "pdftotext",
        &["-bbox".as_ref(), pdf.as_os_str(), "-".as_ref()],
    );
    let attr = |tag: &str, name: &str| -> f64 {
        let start = tag.find(&format!("{name}=\"")).unwrap() + name.len() + 2;
        tag[start..].split('"').next().unwrap().parse().unwrap()
    };
    let words: Vec<&str> = html.split("<word ").skip(1).collect();
    assert!(!words.is_empty(), "no words in {html}");
    words.iter().fold((f64::MAX, f64::MIN), |(lo, hi), w| {
        (lo.min(attr(w, "xMin")), hi.max(attr(w, "xMax")))
    })
}

/// Left and right margins are 20 mm: text must stay within 56.7..538.6 pt.
fn assert_within_margins(pdf: &Path) {
    let (lo, hi) = word_extent(pdf);
    assert!(
        lo >= 56.0 && hi <= 539.5,
        "text outside the margins: x {lo:.1}..{hi:.1}"
    );
}

#[test]
fn sample_stays_within_margins() {
    assert_within_margins(&rendered_pdf().1);
}

#[test]
fn long_unbroken_text_stays_on_the_page() {
    let url = format!(
        "https://vk.com/wall-{}",
        "очень_длинный_адрес_без_пробелов".repeat(5)
    );
    let long_label = "Очень длинная подпись поля, которая заняла бы всю ширину страницы целиком";
    let doc = Document {
        title: "Длинный заголовок документа, который не помещается в одну строку и переносится"
            .into(),
        blocks: vec![
            Block::Paragraph(url.clone()),
            Block::KeyValues(vec![(long_label.into(), url.clone())]),
            Block::Table(Table {
                headers: [
                    "Адрес",
                    "Текст обращения",
                    "Исполнитель",
                    "Срок",
                    "Статус",
                    "Дней",
                ]
                .map(String::from)
                .to_vec(),
                rows: (0..3)
                    .map(|i| {
                        vec![
                            url.clone(),
                            "Жители просят отремонтировать дорогу на улице Центральной".into(),
                            "Сектор строительства, архитектуры и благоустройства".into(),
                            "01.12.2026".into(),
                            "На исполнении".into(),
                            i.to_string(),
                        ]
                    })
                    .collect(),
                widths: vec![],
                numeric: vec![false, false, false, false, false, true],
            }),
        ],
        ..Document::default()
    };
    let pdf = to_pdf(&doc).unwrap();
    keep("long.pdf", &pdf);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("long.pdf");
    std::fs::write(&path, &pdf).unwrap();
    assert_within_margins(&path);
    // The added break opportunities are invisible: the link comes back whole.
    let text: String = poppler("pdftotext", &[path.as_os_str(), "-".as_ref()])
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '\u{200B}')
        .collect();
    assert!(text.contains(&url), "{url} not in {text}");
}
