//! Reading rows from a file: CSV (UTF-8 or Windows-1251, delimiter detected)
//! streamed record by record, XLSX streamed cell by cell, XLS/ODS/XLSB through
//! calamine's sheet ranges. Rows are pushed to a callback, so a file is never
//! held in memory. Damaged input is a Russian [`ImportError::Damaged`].

use std::fs::File;
use std::io::{BufReader, Cursor, Read, Seek, SeekFrom};
use std::path::Path;

use calamine::{Data, DataRef, Reader};
use mcu_core::bulk::fmt_dt;

use crate::error::{ImportError, ImportResult};
use crate::mapping::SourceOptions;

/// One data row: its number as people see it (the line of a CSV file where the
/// record starts, the row of a sheet) and its cells as text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record {
    pub row: u64,
    pub fields: Vec<String>,
    /// The record has more cells than the header (a delimiter inside an
    /// unquoted value): it is rejected, not guessed.
    pub overfull: bool,
}

/// Whether to keep reading.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flow {
    Continue,
    Stop,
}

/// Receives the header, then the rows; `position` is how far into the input
/// the reader is (bytes for CSV, rows for sheets), out of `total`.
pub trait RowSink {
    fn header(&mut self, columns: &[String]) -> ImportResult<()>;
    fn row(&mut self, record: Record, position: u64, total: u64) -> ImportResult<Flow>;
}

/// The file kinds we read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Csv,
    Xlsx,
    /// XLS, ODS, XLSB: read through calamine's ranges.
    Workbook,
}

impl Format {
    /// By extension, then by the first bytes (a zip is a workbook).
    pub fn detect(name: &str, head: &[u8]) -> Format {
        let ext = name.rsplit('.').next().unwrap_or("").to_ascii_lowercase();
        match ext.as_str() {
            "xlsx" | "xlsm" => Format::Xlsx,
            "xls" | "ods" | "xlsb" => Format::Workbook,
            "csv" | "txt" | "tsv" => Format::Csv,
            _ if head.starts_with(b"PK\x03\x04") => Format::Xlsx,
            _ if head.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) => Format::Workbook,
            _ => Format::Csv,
        }
    }
}

/// Reads a file from disk into `sink`.
pub fn read_file(path: &Path, opts: &SourceOptions, sink: &mut dyn RowSink) -> ImportResult<()> {
    let open_err = |e: std::io::Error| ImportError::Open {
        path: path.display().to_string(),
        source: e,
    };
    let mut file = File::open(path).map_err(open_err)?;
    let total = file.metadata().map_err(open_err)?.len();
    let mut head = [0u8; 8];
    let n = read_up_to(&mut file, &mut head).map_err(open_err)?;
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    let format = Format::detect(name, &head[..n]);
    file.seek(SeekFrom::Start(0)).map_err(open_err)?;
    match format {
        Format::Csv => {
            let ends_with_newline = total == 0 || {
                file.seek(SeekFrom::End(-1)).map_err(open_err)?;
                let mut last = [0u8; 1];
                file.read_exact(&mut last).map_err(open_err)?;
                file.seek(SeekFrom::Start(0)).map_err(open_err)?;
                last[0] == b'\n' || last[0] == b'\r'
            };
            read_csv(
                BufReader::with_capacity(1 << 16, file),
                total,
                ends_with_newline,
                opts,
                sink,
            )
        }
        Format::Xlsx => read_xlsx(BufReader::new(file), opts, sink),
        Format::Workbook => {
            let mut bytes = Vec::new();
            file.read_to_end(&mut bytes).map_err(open_err)?;
            read_workbook(Cursor::new(bytes), opts, sink)
        }
    }
}

/// Reads bytes (tests, fuzzing, the clipboard) as if they were a file named `name`.
pub fn read_bytes(
    name: &str,
    bytes: &[u8],
    opts: &SourceOptions,
    sink: &mut dyn RowSink,
) -> ImportResult<()> {
    match Format::detect(name, bytes) {
        Format::Csv => {
            let ends = bytes.is_empty() || matches!(bytes.last(), Some(b'\n' | b'\r'));
            read_csv(Cursor::new(bytes), bytes.len() as u64, ends, opts, sink)
        }
        Format::Xlsx => read_xlsx(Cursor::new(bytes), opts, sink),
        Format::Workbook => read_workbook(Cursor::new(bytes), opts, sink),
    }
}

fn read_up_to(r: &mut impl Read, buf: &mut [u8]) -> std::io::Result<usize> {
    let mut n = 0;
    while n < buf.len() {
        match r.read(&mut buf[n..])? {
            0 => break,
            k => n += k,
        }
    }
    Ok(n)
}

// ---- CSV -----------------------------------------------------------------

/// A reader that decodes a legacy encoding into UTF-8 as it goes.
struct Transcode<R> {
    inner: R,
    decoder: encoding_rs::Decoder,
    input: Vec<u8>,
    out: Vec<u8>,
    pos: usize,
    done: bool,
}

impl<R: Read> Transcode<R> {
    fn new(inner: R, encoding: &'static encoding_rs::Encoding) -> Self {
        Transcode {
            inner,
            decoder: encoding.new_decoder_without_bom_handling(),
            input: vec![0; 1 << 15],
            out: Vec::new(),
            pos: 0,
            done: false,
        }
    }
}

impl<R: Read> Read for Transcode<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        while self.pos >= self.out.len() {
            if self.done {
                return Ok(0);
            }
            let n = self.inner.read(&mut self.input)?;
            let last = n == 0;
            let cap = self.decoder.max_utf8_buffer_length(n).unwrap_or(n * 3 + 16);
            self.out.resize(cap, 0);
            let (_, _, written, _) =
                self.decoder
                    .decode_to_utf8(&self.input[..n], &mut self.out, last);
            self.out.truncate(written);
            self.pos = 0;
            self.done = last;
        }
        let k = buf.len().min(self.out.len() - self.pos);
        buf[..k].copy_from_slice(&self.out[self.pos..self.pos + k]);
        self.pos += k;
        Ok(k)
    }
}

enum Encoding {
    Utf8,
    Legacy(&'static encoding_rs::Encoding),
}

/// Decides the encoding from the first bytes and the mapping's wish.
fn sniff_encoding(head: &[u8], wish: &str) -> ImportResult<(Encoding, usize)> {
    if head.starts_with(&[0xEF, 0xBB, 0xBF]) {
        return Ok((Encoding::Utf8, 3));
    }
    if head.starts_with(&[0xFF, 0xFE]) {
        return Ok((Encoding::Legacy(encoding_rs::UTF_16LE), 2));
    }
    if head.starts_with(&[0xFE, 0xFF]) {
        return Ok((Encoding::Legacy(encoding_rs::UTF_16BE), 2));
    }
    let wish = wish.to_ascii_lowercase();
    if matches!(wish.as_str(), "windows-1251" | "cp1251") {
        return Ok((Encoding::Legacy(encoding_rs::WINDOWS_1251), 0));
    }
    let valid = match std::str::from_utf8(head) {
        Ok(_) => true,
        // Cut in the middle of a character at the end of the sample.
        Err(e) => e.error_len().is_none(),
    };
    if valid {
        Ok((Encoding::Utf8, 0))
    } else if matches!(wish.as_str(), "utf-8" | "utf8") {
        Err(ImportError::Damaged(
            "Файл не в кодировке UTF-8, как указано в сопоставлении. Сохраните его в UTF-8 или укажите encoding = \"windows-1251\".".into(),
        ))
    } else {
        Ok((Encoding::Legacy(encoding_rs::WINDOWS_1251), 0))
    }
}

fn sniff_delimiter(head: &[u8], wish: &str) -> u8 {
    if let Some(&b) = wish.as_bytes().first() {
        return b;
    }
    let line_end = head.iter().position(|&b| b == b'\n').unwrap_or(head.len());
    let line = &head[..line_end];
    let count = |d: u8| line.iter().filter(|&&b| b == d).count();
    [b';', b'\t', b'|', b',']
        .into_iter()
        .max_by_key(|&d| (count(d), d == b','))
        .filter(|&d| count(d) > 0)
        .unwrap_or(b',')
}

fn read_csv<R: Read>(
    mut input: R,
    total: u64,
    ends_with_newline: bool,
    opts: &SourceOptions,
    sink: &mut dyn RowSink,
) -> ImportResult<()> {
    let io_err =
        |e: std::io::Error| ImportError::Damaged(format!("Не удалось прочитать файл: {e}"));
    let mut head = vec![0u8; 1 << 16];
    let n = read_up_to(&mut input, &mut head).map_err(io_err)?;
    head.truncate(n);
    if head.is_empty() {
        return Err(ImportError::Damaged(
            "Файл пуст: нет даже строки заголовка.".into(),
        ));
    }
    let (encoding, skip) = sniff_encoding(&head, &opts.encoding)?;
    let delimiter = sniff_delimiter(&head[skip..], &opts.delimiter);
    let body = Cursor::new(head[skip..].to_vec()).chain(input);
    let reader: Box<dyn Read> = match encoding {
        Encoding::Utf8 => Box::new(body),
        Encoding::Legacy(enc) => Box::new(Transcode::new(body, enc)),
    };
    let mut csv = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .buffer_capacity(1 << 16)
        .from_reader(reader);
    let csv_err = |e: csv::Error| match e.kind() {
        csv::ErrorKind::Utf8 { pos, .. } => ImportError::Damaged(format!(
            "Строка {}: текст не в кодировке UTF-8. Сохраните файл в UTF-8 или укажите encoding = \"windows-1251\" в сопоставлении; ничего не импортировано.",
            pos.as_ref().map(|p| p.line()).unwrap_or(0)
        )),
        csv::ErrorKind::Io(e) => ImportError::Damaged(format!("Не удалось прочитать файл: {e}")),
        _ => ImportError::Damaged(format!("Файл CSV повреждён: {e}")),
    };
    let mut rec = csv::StringRecord::new();
    if !csv.read_record(&mut rec).map_err(csv_err)? {
        return Err(ImportError::Damaged(
            "Файл пуст: нет даже строки заголовка.".into(),
        ));
    }
    let header: Vec<String> = rec.iter().map(|s| s.trim().to_owned()).collect();
    let width = header.len();
    sink.header(&header)?;
    // Each record is held back one step: only the last one can be cut off.
    let mut pending: Option<(Record, bool)> = None;
    loop {
        let more = csv.read_record(&mut rec).map_err(csv_err)?;
        if let Some((p, short)) = pending.take() {
            if !more && short && !ends_with_newline {
                return Err(ImportError::Damaged(format!(
                    "Файл обрезан: последняя строка {} неполная (столбцов меньше, чем в заголовке, и нет конца строки). Ничего не импортировано.",
                    p.row
                )));
            }
            if sink.row(p, csv.position().byte(), total)? == Flow::Stop {
                return Ok(());
            }
        }
        if !more {
            break;
        }
        let row = rec.position().map(|p| p.line()).unwrap_or(0);
        let fields: Vec<String> = rec.iter().map(str::to_owned).collect();
        let short = fields.len() < width;
        pending = Some((normalise(row, fields, width)?, short));
    }
    Ok(())
}

/// Pads a short record (spreadsheets drop trailing empty cells), marks an
/// overfull one, refuses a short record spanning lines (a broken quote).
fn normalise(row: u64, mut fields: Vec<String>, width: usize) -> ImportResult<Record> {
    if fields.iter().all(|f| f.trim().is_empty()) && fields.len() <= width {
        return Ok(Record {
            row,
            fields: Vec::new(),
            overfull: false,
        });
    }
    if fields.len() < width {
        if fields.iter().any(|f| f.contains('\n')) {
            return Err(ImportError::Damaged(format!(
                "Файл CSV повреждён: запись, начатая в строке {row}, содержит {} столбцов вместо {width} и захватывает несколько строк — вероятно, незакрытая кавычка. Ничего не импортировано.",
                fields.len()
            )));
        }
        fields.resize(width, String::new());
        return Ok(Record {
            row,
            fields,
            overfull: false,
        });
    }
    let mut overfull = false;
    if fields.len() > width {
        if fields[width..].iter().all(|f| f.trim().is_empty()) {
            fields.truncate(width);
        } else {
            overfull = true;
        }
    }
    Ok(Record {
        row,
        fields,
        overfull,
    })
}

// ---- workbooks -----------------------------------------------------------

fn damaged_book(e: impl std::fmt::Display) -> ImportError {
    ImportError::Damaged(format!(
        "Файл не удалось прочитать как книгу Excel/OpenDocument (повреждён, обрезан или это не книга): {e}. Ничего не импортировано."
    ))
}

fn sheet_name(names: &[String], wish: &str) -> ImportResult<String> {
    if wish.is_empty() {
        names
            .first()
            .cloned()
            .ok_or_else(|| ImportError::Damaged("В книге нет ни одного листа.".into()))
    } else if names.iter().any(|n| n == wish) {
        Ok(wish.to_owned())
    } else {
        Err(ImportError::Mapping(format!(
            "В книге нет листа «{wish}»; есть: {}.",
            names.join(", ")
        )))
    }
}

fn float_text(f: f64) -> String {
    if f.fract() == 0.0 && f.abs() < 1e15 {
        format!("{}", f as i64)
    } else {
        f.to_string()
    }
}

fn cell_text(d: &DataRef<'_>) -> String {
    match d {
        DataRef::Int(i) => i.to_string(),
        DataRef::Float(f) => float_text(*f),
        DataRef::String(s) => s.clone(),
        DataRef::SharedString(s) => (*s).to_owned(),
        DataRef::Bool(b) => if *b { "да" } else { "нет" }.to_owned(),
        DataRef::DateTime(dt) => dt
            .as_datetime()
            .map(fmt_dt)
            .unwrap_or_else(|| float_text(dt.as_f64())),
        DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => s.clone(),
        DataRef::Error(_) | DataRef::Empty => String::new(),
    }
}

fn data_text(d: &Data) -> String {
    match d {
        Data::Int(i) => i.to_string(),
        Data::Float(f) => float_text(*f),
        Data::String(s) => s.clone(),
        Data::Bool(b) => if *b { "да" } else { "нет" }.to_owned(),
        Data::DateTime(dt) => dt
            .as_datetime()
            .map(fmt_dt)
            .unwrap_or_else(|| float_text(dt.as_f64())),
        Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Error(_) | Data::Empty => String::new(),
    }
}

/// Collects cells of one sheet row by row and hands full rows to the sink.
struct RowAssembler<'s> {
    sink: &'s mut dyn RowSink,
    width: Option<usize>,
    first_col: u32,
    current: Option<(u32, Vec<String>)>,
    total: u64,
}

impl RowAssembler<'_> {
    fn cell(&mut self, row: u32, col: u32, text: String) -> ImportResult<Flow> {
        let mut flow = Flow::Continue;
        if self.current.as_ref().is_some_and(|(r, _)| *r != row) {
            flow = self.flush()?;
        }
        let (_, cells) = self.current.get_or_insert_with(|| (row, Vec::new()));
        if col < self.first_col {
            return Ok(flow);
        }
        let i = (col - self.first_col) as usize;
        // A sheet can claim any column; a hostile file must not make us allocate gigabytes.
        if i > 16_384 {
            return Err(ImportError::Damaged(format!(
                "Строка {}: ячейка в столбце {} — в книге не может быть столько столбцов.",
                row + 1,
                col + 1
            )));
        }
        if cells.len() <= i {
            cells.resize(i + 1, String::new());
        }
        cells[i] = text;
        Ok(flow)
    }

    fn flush(&mut self) -> ImportResult<Flow> {
        let Some((row, mut cells)) = self.current.take() else {
            return Ok(Flow::Continue);
        };
        match self.width {
            None => {
                while cells.last().is_some_and(|c| c.trim().is_empty()) {
                    cells.pop();
                }
                if cells.is_empty() {
                    return Ok(Flow::Continue); // blank lines above the header
                }
                let header: Vec<String> = cells.iter().map(|c| c.trim().to_owned()).collect();
                self.width = Some(header.len());
                self.sink.header(&header)?;
                Ok(Flow::Continue)
            }
            Some(w) => {
                let mut overfull = false;
                if cells.len() > w {
                    if cells[w..].iter().all(|c| c.trim().is_empty()) {
                        cells.truncate(w);
                    } else {
                        overfull = true;
                    }
                }
                if cells.iter().all(|c| c.trim().is_empty()) {
                    cells.clear();
                } else if cells.len() < w {
                    cells.resize(w, String::new());
                }
                self.sink.row(
                    Record {
                        row: u64::from(row) + 1,
                        fields: cells,
                        overfull,
                    },
                    u64::from(row) + 1,
                    self.total,
                )
            }
        }
    }

    fn finish(&mut self) -> ImportResult<()> {
        if self.flush()? == Flow::Stop {
            return Ok(());
        }
        if self.width.is_none() {
            return Err(ImportError::Damaged(
                "Лист пуст: нет даже строки заголовка.".into(),
            ));
        }
        Ok(())
    }
}

fn read_xlsx<RS: Read + Seek>(
    input: RS,
    opts: &SourceOptions,
    sink: &mut dyn RowSink,
) -> ImportResult<()> {
    let mut book: calamine::Xlsx<RS> = calamine::Xlsx::new(input).map_err(damaged_book)?;
    let name = sheet_name(&book.sheet_names(), &opts.sheet)?;
    let mut cells = book.worksheet_cells_reader(&name).map_err(damaged_book)?;
    let (first_col, total) = {
        let d = cells.dimensions();
        (d.start.1, u64::from(d.end.0) + 1)
    };
    let mut asm = RowAssembler {
        sink,
        width: None,
        first_col,
        current: None,
        total,
    };
    while let Some(cell) = cells.next_cell().map_err(damaged_book)? {
        let (r, c) = cell.get_position();
        if asm.cell(r, c, cell_text(cell.get_value()))? == Flow::Stop {
            return Ok(());
        }
    }
    asm.finish()
}

fn read_workbook<RS: Read + Seek + Clone>(
    input: RS,
    opts: &SourceOptions,
    sink: &mut dyn RowSink,
) -> ImportResult<()> {
    let mut book = calamine::open_workbook_auto_from_rs(input).map_err(damaged_book)?;
    let name = sheet_name(&book.sheet_names(), &opts.sheet)?;
    let range = book.worksheet_range(&name).map_err(damaged_book)?;
    let (r0, c0) = range.start().unwrap_or((0, 0));
    let total = range.height() as u64;
    let mut asm = RowAssembler {
        sink,
        width: None,
        first_col: c0,
        current: None,
        total,
    };
    for (i, row) in range.rows().enumerate() {
        for (j, v) in row.iter().enumerate() {
            if asm.cell(r0 + i as u32, c0 + j as u32, data_text(v))? == Flow::Stop {
                return Ok(());
            }
        }
    }
    asm.finish()
}
