//! The journal export as XLSX or CSV, streamed from the core row by row.
//!
//! XLSX: one sheet «Журнал» in rust_xlsxwriter's constant-memory mode (each row
//! goes to a temporary file as soon as it is complete, so 100,000 rows take no
//! more memory than one), typed cells (dates as Excel dates, numbers as
//! numbers), a frozen header with an autofilter, set column widths; and a sheet
//! «Тепловая карта» (blocks × settlements of the exported rows) coloured by
//! Excel's own 3-colour scale, so it stays live if someone edits the numbers.
//!
//! CSV: UTF-8 with a BOM (Excel on Windows otherwise reads it as cp1251) and
//! `;` as the separator (the Russian locale's list separator).

use std::collections::BTreeMap;
use std::path::Path;

use chrono::{NaiveDate, NaiveDateTime};
use mcu_core::Office;
use mcu_core::export::{COLUMNS, ExportRow};
use mcu_core::model::JournalQuery;
use mcu_core::privacy::PersonalData;
use rust_xlsxwriter::{
    ConditionalFormat3ColorScale, Format, FormatAlign, FormatBorder, Workbook, Worksheet,
};

pub use crate::format::{JournalFormat, TableFormat};
use crate::{ReportError, write_atomically};

/// Name of the data sheet.
pub const JOURNAL_SHEET: &str = "Журнал";
/// Name of the heat map sheet.
pub const HEAT_SHEET: &str = "Тепловая карта";

/// Column widths in characters, in the order of [`COLUMNS`].
const WIDTHS: [f64; 21] = [
    12.0, 16.0, 16.0, 18.0, 14.0, 14.0, 22.0, 14.0, 16.0, 24.0, 18.0, 22.0, 40.0, 28.0, 22.0, 16.0,
    11.0, 11.0, 9.0, 11.0, 60.0,
];

/// The journal selected by `q` in any of its formats: a table to work with
/// ([`export_journal`]) or a register to print ([`crate::registry`]), as the
/// window and `mcu export journal` both save it; returns the number of rows.
pub fn save(
    office: &Office,
    q: &JournalQuery,
    now: NaiveDateTime,
    operator: &str,
    pd: PersonalData,
    format: JournalFormat,
    path: &Path,
) -> Result<u64, ReportError> {
    match format.target() {
        Ok(table) => export_journal(office, q, now.date(), pd, table, path),
        Err(print) => {
            crate::registry::print_journal(office, q, now, operator, pd, print.into(), path)
        }
    }
}

/// Writes the journal selected by `q` to `path`; returns the number of rows.
pub fn export_journal(
    office: &Office,
    q: &JournalQuery,
    today: NaiveDate,
    pd: PersonalData,
    format: TableFormat,
    path: &Path,
) -> Result<u64, ReportError> {
    let mut rows = 0;
    write_atomically(path, format.extension(), |tmp| {
        rows = match format {
            TableFormat::Xlsx => write_xlsx(office, q, today, pd, tmp)?,
            TableFormat::Csv => write_csv(office, q, today, pd, tmp)?,
        };
        Ok(())
    })?;
    Ok(rows)
}

fn cells(r: &ExportRow) -> [String; 21] {
    let date = |d: NaiveDate| d.format("%d.%m.%Y").to_string();
    [
        r.number.clone(),
        r.registered_at.format("%d.%m.%Y %H:%M").to_string(),
        r.received_at.format("%d.%m.%Y %H:%M").to_string(),
        r.channel.clone(),
        r.kind.label().to_owned(),
        r.appeal_type.label().to_owned(),
        r.applicant.clone(),
        r.phone.clone(),
        r.email.clone(),
        r.applicant_address.clone(),
        r.settlement.clone(),
        r.address.clone(),
        r.questions.clone(),
        r.block.clone(),
        r.person.clone(),
        r.status.label().to_owned(),
        date(r.due_date),
        r.answer_date.map(date).unwrap_or_default(),
        r.days_left.map(|d| d.to_string()).unwrap_or_default(),
        if r.overdue { "да" } else { "нет" }.to_owned(),
        r.text.clone(),
    ]
}

fn write_csv(
    office: &Office,
    q: &JournalQuery,
    today: NaiveDate,
    pd: PersonalData,
    path: &Path,
) -> Result<u64, ReportError> {
    let csv_err = |e: csv::Error| ReportError::Csv(e.to_string());
    let mut file = std::io::BufWriter::new(std::fs::File::create(path).map_err(|source| {
        ReportError::Write {
            path: path.display().to_string(),
            source,
        }
    })?);
    std::io::Write::write_all(&mut file, "\u{feff}".as_bytes()).map_err(|source| {
        ReportError::Write {
            path: path.display().to_string(),
            source,
        }
    })?;
    let mut w = csv::WriterBuilder::new().delimiter(b';').from_writer(file);
    w.write_record(COLUMNS).map_err(csv_err)?;
    let mut failed = None;
    let n = office.export_journal(q, today, pd, &mut |r| {
        if let Err(e) = w.write_record(cells(&r)) {
            failed = Some(e);
        }
        Ok(())
    })?;
    if let Some(e) = failed {
        return Err(csv_err(e));
    }
    w.flush().map_err(|source| ReportError::Write {
        path: path.display().to_string(),
        source,
    })?;
    Ok(n)
}

/// Counts of the exported rows by block × settlement.
#[derive(Default)]
struct Heat {
    cells: BTreeMap<(String, String), u64>,
}

impl Heat {
    fn add(&mut self, r: &ExportRow) {
        let or = |s: &str, none: &str| {
            if s.is_empty() {
                none.to_owned()
            } else {
                s.to_owned()
            }
        };
        *self
            .cells
            .entry((
                or(&r.block, "Не распределено"),
                or(&r.settlement, "Не указан"),
            ))
            .or_default() += 1;
    }

    fn write(&self, ws: &mut Worksheet) -> Result<(), ReportError> {
        let mut rows: Vec<&String> = self.cells.keys().map(|k| &k.0).collect();
        rows.dedup();
        let mut cols: Vec<&String> = self.cells.keys().map(|k| &k.1).collect();
        cols.sort();
        cols.dedup();
        let bold = Format::new()
            .set_bold()
            .set_background_color("E6E6E6")
            .set_border(FormatBorder::Thin)
            .set_text_wrap()
            .set_align(FormatAlign::Center)
            .set_align(FormatAlign::VerticalCenter);
        let total_fmt = Format::new().set_bold().set_border(FormatBorder::Thin);
        let cell_fmt = Format::new().set_border(FormatBorder::Thin);
        ws.write_string_with_format(0, 0, "Отраслевой блок / населённый пункт", &bold)?;
        ws.set_column_width(0, 44)?;
        for (j, c) in cols.iter().enumerate() {
            ws.write_string_with_format(0, j as u16 + 1, c.as_str(), &bold)?;
            ws.set_column_width(j as u16 + 1, 14)?;
        }
        let total_col = cols.len() as u16 + 1;
        ws.write_string_with_format(0, total_col, "Итого", &bold)?;
        ws.set_row_height(0, 45)?;
        let mut col_totals = vec![0u64; cols.len()];
        for (i, r) in rows.iter().enumerate() {
            let row = i as u32 + 1;
            ws.write_string_with_format(row, 0, r.as_str(), &cell_fmt)?;
            let mut total = 0;
            for (j, c) in cols.iter().enumerate() {
                let n = self
                    .cells
                    .get(&((*r).clone(), (*c).clone()))
                    .copied()
                    .unwrap_or(0);
                total += n;
                col_totals[j] += n;
                ws.write_number_with_format(row, j as u16 + 1, n as f64, &cell_fmt)?;
            }
            ws.write_number_with_format(row, total_col, total as f64, &total_fmt)?;
        }
        let total_row = rows.len() as u32 + 1;
        ws.write_string_with_format(total_row, 0, "Итого", &total_fmt)?;
        for (j, n) in col_totals.iter().enumerate() {
            ws.write_number_with_format(total_row, j as u16 + 1, *n as f64, &total_fmt)?;
        }
        ws.write_number_with_format(
            total_row,
            total_col,
            col_totals.iter().sum::<u64>() as f64,
            &total_fmt,
        )?;
        if !rows.is_empty() && !cols.is_empty() {
            // Excel's own colour scale: white → yellow → red, like the app's heat map.
            let scale = ConditionalFormat3ColorScale::new()
                .set_minimum_color("FFFFFF")
                .set_midpoint_color("FFD966")
                .set_maximum_color("E06666");
            ws.add_conditional_format(1, 1, rows.len() as u32, cols.len() as u16, &scale)?;
        }
        ws.set_freeze_panes(1, 1)?;
        Ok(())
    }
}

fn write_xlsx(
    office: &Office,
    q: &JournalQuery,
    today: NaiveDate,
    pd: PersonalData,
    path: &Path,
) -> Result<u64, ReportError> {
    let mut wb = Workbook::new();
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        // Row files of the constant-memory sheet go next to the output, not to a small /tmp.
        wb.set_tempdir(dir)?;
    }
    let header = Format::new()
        .set_bold()
        .set_background_color("E6E6E6")
        .set_border(FormatBorder::Thin)
        .set_text_wrap()
        .set_align(FormatAlign::VerticalCenter);
    let dt = Format::new().set_num_format("dd.mm.yyyy hh:mm");
    let date = Format::new().set_num_format("dd.mm.yyyy");
    let mut heat = Heat::default();
    let mut failed: Option<rust_xlsxwriter::XlsxError> = None;
    let n;
    {
        let ws = wb.add_worksheet_with_constant_memory()?;
        ws.set_name(JOURNAL_SHEET)?;
        for (c, w) in WIDTHS.iter().enumerate() {
            ws.set_column_width(c as u16, *w)?;
        }
        for (c, title) in COLUMNS.iter().enumerate() {
            ws.write_string_with_format(0, c as u16, *title, &header)?;
        }
        ws.set_freeze_panes(1, 0)?;
        let mut row: u32 = 0;
        n = office.export_journal(q, today, pd, &mut |r| {
            row += 1;
            heat.add(&r);
            if failed.is_none()
                && let Err(e) = write_row(ws, row, &r, &dt, &date)
            {
                failed = Some(e);
            }
            Ok(())
        })?;
        if let Some(e) = failed {
            return Err(e.into());
        }
        ws.autofilter(0, 0, row.max(1), COLUMNS.len() as u16 - 1)?;
    }
    {
        let ws = wb.add_worksheet();
        ws.set_name(HEAT_SHEET)?;
        heat.write(ws)?;
    }
    wb.save(path)?;
    Ok(n)
}

fn write_row(
    ws: &mut Worksheet,
    row: u32,
    r: &ExportRow,
    dt: &Format,
    date: &Format,
) -> Result<(), rust_xlsxwriter::XlsxError> {
    let text = |ws: &mut Worksheet, col: u16, s: &str| -> Result<(), rust_xlsxwriter::XlsxError> {
        if !s.is_empty() {
            ws.write_string(row, col, s)?;
        }
        Ok(())
    };
    text(ws, 0, &r.number)?;
    ws.write_datetime_with_format(row, 1, r.registered_at, dt)?;
    ws.write_datetime_with_format(row, 2, r.received_at, dt)?;
    text(ws, 3, &r.channel)?;
    text(ws, 4, r.kind.label())?;
    text(ws, 5, r.appeal_type.label())?;
    text(ws, 6, &r.applicant)?;
    text(ws, 7, &r.phone)?;
    text(ws, 8, &r.email)?;
    text(ws, 9, &r.applicant_address)?;
    text(ws, 10, &r.settlement)?;
    text(ws, 11, &r.address)?;
    text(ws, 12, &r.questions)?;
    text(ws, 13, &r.block)?;
    text(ws, 14, &r.person)?;
    text(ws, 15, r.status.label())?;
    ws.write_date_with_format(row, 16, r.due_date, date)?;
    if let Some(a) = r.answer_date {
        ws.write_date_with_format(row, 17, a, date)?;
    }
    if let Some(d) = r.days_left {
        ws.write_number(row, 18, d as f64)?;
    }
    ws.write_boolean(row, 19, r.overdue)?;
    // Excel refuses cells over 32,767 characters.
    let t: String = r.text.chars().take(32_000).collect();
    text(ws, 20, &t)?;
    Ok(())
}
