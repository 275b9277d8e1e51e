//! The indicators report as a document (DOCX/PDF) and as a workbook (XLSX):
//! one table, and one sheet, per section; parts (by channel, per settlement)
//! below their indicator. Built-in indicators are marked «по умолчанию»
//! because the official list may change.

use std::path::Path;

use mcu_core::indicators::{IndicatorReport, IndicatorValue};
use mcu_core::weekly::fmt1;
use mcu_docs::{Block, Document, Table};
use rust_xlsxwriter::{Format, FormatAlign, FormatBorder, Workbook};

use crate::{ReportError, d, write_atomically};

/// «по умолчанию» for built-in indicators.
pub const DEFAULT_MARK: &str = "по умолчанию";

fn value_text(v: Option<f64>, unit: &str) -> String {
    match v {
        None => "—".into(),
        Some(x) if unit == "ед." => format!("{x:.0}"),
        Some(x) => fmt1(x),
    }
}

fn target_text(v: &IndicatorValue) -> String {
    match (v.def.target, v.meets_target) {
        (None, _) => "—".into(),
        (Some(t), met) => {
            let sign = if v.def.higher_is_better { "≥" } else { "≤" };
            let verdict = match met {
                Some(true) => ", достигнуто",
                Some(false) => ", не достигнуто",
                None => "",
            };
            format!("{sign} {}{verdict}", fmt1(t))
        }
    }
}

fn basis_text(v: &IndicatorValue) -> String {
    match (v.numerator, v.denominator) {
        (Some(n), Some(dn)) => format!("{n:.0} из {dn:.0}"),
        (None, Some(dn)) => format!("по {dn:.0}"),
        _ => String::new(),
    }
}

/// Sheet names: Excel allows 31 characters and no `[]:*?/\`.
pub fn sheet_name(section: &str) -> String {
    let clean: String = section
        .chars()
        .map(|c| if "[]:*?/\\".contains(c) { ' ' } else { c })
        .collect();
    clean.chars().take(31).collect::<String>().trim().to_owned()
}

/// The report as a document.
pub fn indicators_document(r: &IndicatorReport) -> Document {
    let mut b = Vec::new();
    b.push(Block::Paragraph(format!(
        "Период: {} – {}. Сроки ответов оценены на {}. Показатели с пометкой «{DEFAULT_MARK}» взяты из встроенного перечня программы: официальный перечень может измениться, его можно настроить.",
        d(r.from),
        d(r.to),
        d(r.as_of)
    )));
    for section in &r.sections {
        b.push(Block::Heading {
            level: 1,
            text: section.clone(),
        });
        let values: Vec<&IndicatorValue> = r
            .values
            .iter()
            .filter(|v| &v.def.section == section)
            .collect();
        b.push(Block::Table(Table {
            headers: vec![
                "Код".into(),
                "Показатель".into(),
                "Ед.".into(),
                "Значение".into(),
                "Основание".into(),
                "Цель".into(),
            ],
            rows: values
                .iter()
                .map(|v| {
                    let name = if v.def.is_default {
                        format!("{} ({DEFAULT_MARK})", v.def.name)
                    } else {
                        v.def.name.clone()
                    };
                    vec![
                        v.def.code.clone(),
                        name,
                        v.def.unit.clone(),
                        value_text(v.value, &v.def.unit),
                        basis_text(v),
                        target_text(v),
                    ]
                })
                .collect(),
            widths: vec![0.8, 4.2, 1.1, 1.1, 1.4, 1.8],
            numeric: vec![false, false, false, true, true, false],
        }));
        for v in values.iter().filter(|v| !v.parts.is_empty()) {
            b.push(Block::Heading {
                level: 2,
                text: format!("{} {}", v.def.code, v.def.name),
            });
            b.push(Block::Table(Table {
                headers: vec!["".into(), "Обращений".into(), v.def.unit.clone()],
                rows: v
                    .parts
                    .iter()
                    .map(|p| {
                        vec![
                            p.name.clone(),
                            p.count.to_string(),
                            value_text(p.value, &v.def.unit),
                        ]
                    })
                    .collect(),
                widths: vec![4.0, 1.3, 1.5],
                numeric: vec![false, true, true],
            }));
        }
    }
    Document {
        title: format!("Показатели работы МЦУ за {}", r.period_label),
        org_header: crate::org_header(&r.office_name),
        subtitle: format!("{} – {}", d(r.from), d(r.to)),
        blocks: b,
        footer_note: crate::made_by(r.made_at, &r.operator),
    }
}

/// The report as a workbook: one sheet per section, numbers as numbers.
pub fn indicators_xlsx(r: &IndicatorReport) -> Result<Vec<u8>, ReportError> {
    let mut wb = Workbook::new();
    let head = Format::new()
        .set_bold()
        .set_background_color("E6E6E6")
        .set_border(FormatBorder::Thin)
        .set_text_wrap()
        .set_align(FormatAlign::VerticalCenter);
    let cell = Format::new().set_border(FormatBorder::Thin).set_text_wrap();
    let num = Format::new()
        .set_border(FormatBorder::Thin)
        .set_num_format("0.0");
    let int = Format::new()
        .set_border(FormatBorder::Thin)
        .set_num_format("0");
    let title = Format::new().set_bold().set_font_size(13);
    const HEADERS: [&str; 10] = [
        "Код",
        "Показатель",
        "Единица",
        "Значение",
        "Числитель",
        "Знаменатель",
        "Цель",
        "Цель достигнута",
        "Источник",
        "Формула",
    ];
    const WIDTHS: [f64; 10] = [7.0, 50.0, 12.0, 12.0, 12.0, 13.0, 9.0, 11.0, 16.0, 30.0];
    for section in &r.sections {
        let ws = wb.add_worksheet();
        ws.set_name(sheet_name(section))?;
        ws.write_string_with_format(
            0,
            0,
            format!(
                "{} — {} ({} – {})",
                section,
                r.period_label,
                d(r.from),
                d(r.to)
            ),
            &title,
        )?;
        for (c, (h, w)) in HEADERS.iter().zip(WIDTHS).enumerate() {
            ws.write_string_with_format(2, c as u16, *h, &head)?;
            ws.set_column_width(c as u16, w)?;
        }
        ws.set_freeze_panes(3, 0)?;
        let mut row = 3u32;
        let values: Vec<&IndicatorValue> = r
            .values
            .iter()
            .filter(|v| &v.def.section == section)
            .collect();
        for v in &values {
            ws.write_string_with_format(row, 0, &v.def.code, &cell)?;
            ws.write_string_with_format(row, 1, &v.def.name, &cell)?;
            ws.write_string_with_format(row, 2, &v.def.unit, &cell)?;
            let fmt = if v.def.unit == "ед." { &int } else { &num };
            match v.value {
                Some(x) => ws.write_number_with_format(row, 3, x, fmt)?,
                None => ws.write_blank(row, 3, &cell)?,
            };
            for (c, x) in [(4, v.numerator), (5, v.denominator), (6, v.def.target)] {
                match x {
                    Some(x) => ws.write_number_with_format(row, c, x, &num)?,
                    None => ws.write_blank(row, c, &cell)?,
                };
            }
            match v.meets_target {
                Some(m) => ws.write_boolean_with_format(row, 7, m, &cell)?,
                None => ws.write_blank(row, 7, &cell)?,
            };
            ws.write_string_with_format(
                row,
                8,
                if v.def.is_default {
                    DEFAULT_MARK
                } else {
                    "настроен в МЦУ"
                },
                &cell,
            )?;
            let formula = serde_json::to_string(&v.def.measure).unwrap_or_default();
            ws.write_string_with_format(row, 9, formula, &cell)?;
            row += 1;
        }
        for v in values.iter().filter(|v| !v.parts.is_empty()) {
            row += 1;
            ws.write_string_with_format(row, 0, format!("{} {}", v.def.code, v.def.name), &title)?;
            row += 1;
            for (c, h) in ["", "Наименование", "Обращений", &v.def.unit]
                .iter()
                .enumerate()
                .skip(1)
            {
                ws.write_string_with_format(row, c as u16, *h, &head)?;
            }
            row += 1;
            for p in &v.parts {
                ws.write_string_with_format(row, 1, &p.name, &cell)?;
                ws.write_number_with_format(row, 2, p.count as f64, &int)?;
                match p.value {
                    Some(x) => ws.write_number_with_format(row, 3, x, &num)?,
                    None => ws.write_blank(row, 3, &cell)?,
                };
                row += 1;
            }
        }
    }
    Ok(wb.save_to_buffer()?)
}

/// Writes the workbook atomically.
pub fn write_indicators_xlsx(r: &IndicatorReport, path: &Path) -> Result<(), ReportError> {
    let bytes = indicators_xlsx(r)?;
    write_atomically(path, "xlsx", |tmp| {
        std::fs::write(tmp, &bytes).map_err(|source| ReportError::Write {
            path: path.display().to_string(),
            source,
        })
    })
}
