//! Reading and mapping on a second thread while the import writes. Parsing
//! the file (XML for XLSX) and the pure part of examining a row (cleaning,
//! dates, value tables, hashes) overlap with SQLite's work on the calling
//! thread, which holds the write transaction. Rows travel in small batches
//! through a bounded channel, so memory does not grow with the file; when the
//! writer stops (an error, a cancel) the reader stops at its next batch.

use std::path::Path;
use std::sync::Arc;
use std::sync::mpsc::{Receiver, SyncSender, sync_channel};

use chrono::NaiveDateTime;

use crate::apply::Compiled;
use crate::error::ImportResult;
use crate::examine::{Prepared, prepare};
use crate::mapping::Mapping;
use crate::source::{self, Flow, Record, RowSink};

/// Rows per message: one channel hand-over per row would wake the reader for
/// every row the writer takes.
const BATCH: usize = 256;
/// Batches in flight: bounds the memory held between the two threads.
const IN_FLIGHT: usize = 8;

/// A row as the writer receives it: `prepared` is `None` for an empty or an
/// overfull row (nothing to map).
pub(crate) struct ReadRow {
    pub(crate) record: Record,
    pub(crate) prepared: Option<Prepared>,
    pub(crate) position: u64,
    pub(crate) total: u64,
}

/// What the writer does with the file's mapping and rows.
pub(crate) trait PreparedSink<'m> {
    fn header(&mut self, compiled: Arc<Compiled<'m>>) -> ImportResult<()>;
    fn row(&mut self, row: ReadRow) -> ImportResult<Flow>;
}

enum Message<'m> {
    Header(Arc<Compiled<'m>>),
    Rows(Vec<ReadRow>),
}

/// The reader thread's sink: binds the mapping to the header, prepares rows
/// and sends them on in batches.
struct Reader<'m> {
    mapping: &'m Mapping,
    now: NaiveDateTime,
    compiled: Option<Arc<Compiled<'m>>>,
    batch: Vec<ReadRow>,
    out: SyncSender<ImportResult<Message<'m>>>,
}

impl<'m> Reader<'m> {
    /// Sends the pending batch; `false` when the writer has gone.
    fn flush(&mut self) -> bool {
        if self.batch.is_empty() {
            return true;
        }
        let rows = std::mem::replace(&mut self.batch, Vec::with_capacity(BATCH));
        self.out.send(Ok(Message::Rows(rows))).is_ok()
    }
}

impl<'m> RowSink for Reader<'m> {
    fn header(&mut self, columns: &[String]) -> ImportResult<()> {
        let compiled = Arc::new(Compiled::new(self.mapping, columns, self.now)?);
        self.compiled = Some(compiled.clone());
        // A writer that has gone is noticed at the first batch.
        let _ = self.out.send(Ok(Message::Header(compiled)));
        Ok(())
    }

    fn row(&mut self, record: Record, position: u64, total: u64) -> ImportResult<Flow> {
        let compiled = self.compiled.as_ref().expect("header comes first");
        let prepared =
            (!record.fields.is_empty() && !record.overfull).then(|| prepare(compiled, &record));
        self.batch.push(ReadRow {
            record,
            prepared,
            position,
            total,
        });
        if self.batch.len() >= BATCH && !self.flush() {
            return Ok(Flow::Stop);
        }
        Ok(Flow::Continue)
    }
}

/// Reads `path` with `mapping` on a second thread and hands the header's
/// compiled mapping, then every row with its prepared mapping, to `sink` on
/// this thread, in file order. A read error reaches the caller after the rows
/// before it, as it would from a single thread.
pub(crate) fn read_prepared<'m>(
    path: &Path,
    mapping: &'m Mapping,
    now: NaiveDateTime,
    sink: &mut dyn PreparedSink<'m>,
) -> ImportResult<()> {
    let (out, input) = sync_channel(IN_FLIGHT);
    std::thread::scope(|scope| {
        scope.spawn(move || {
            let mut reader = Reader {
                mapping,
                now,
                compiled: None,
                batch: Vec::with_capacity(BATCH),
                out,
            };
            match source::read_file(path, &mapping.source, &mut reader) {
                Ok(()) => {
                    reader.flush();
                }
                Err(e) => {
                    if reader.flush() {
                        let _ = reader.out.send(Err(e));
                    }
                }
            }
        });
        // `input` is dropped when this returns, so a reader still sending stops.
        deliver(input, sink)
    })
}

fn deliver<'m>(
    input: Receiver<ImportResult<Message<'m>>>,
    sink: &mut dyn PreparedSink<'m>,
) -> ImportResult<()> {
    for message in input {
        match message? {
            Message::Header(compiled) => sink.header(compiled)?,
            Message::Rows(rows) => {
                for row in rows {
                    if sink.row(row)? == Flow::Stop {
                        return Ok(());
                    }
                }
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ImportError;

    const MAPPING: &str = "name = \"t\"\n[columns]\nexternal_id = \"Номер\"\ntext = \"Текст\"\n";

    fn now() -> NaiveDateTime {
        chrono::NaiveDate::from_ymd_opt(2026, 11, 27)
            .unwrap()
            .and_hms_opt(10, 0, 0)
            .unwrap()
    }

    /// Keeps what it receives; fails at row `fail_at` when given.
    struct Keep {
        header: Vec<String>,
        rows: Vec<(u64, Option<String>)>,
        fail_at: Option<u64>,
    }

    impl<'m> PreparedSink<'m> for Keep {
        fn header(&mut self, compiled: Arc<Compiled<'m>>) -> ImportResult<()> {
            self.header = compiled.header.clone();
            Ok(())
        }
        fn row(&mut self, row: ReadRow) -> ImportResult<Flow> {
            if Some(row.record.row) == self.fail_at {
                return Err(ImportError::Cancelled);
            }
            let id = row.prepared.map(|p| p.mapped.draft.external_id);
            self.rows.push((row.record.row, id));
            Ok(Flow::Continue)
        }
    }

    fn file(rows: usize, tail: &str) -> tempfile::NamedTempFile {
        use std::io::Write;
        let mut f = tempfile::Builder::new().suffix(".csv").tempfile().unwrap();
        writeln!(f, "Номер;Текст").unwrap();
        for i in 0..rows {
            if i == 3 {
                writeln!(f, ";").unwrap(); // an empty row: nothing to map
            } else {
                writeln!(f, "N-{i};<b>текст</b> {i}").unwrap();
            }
        }
        write!(f, "{tail}").unwrap();
        f.flush().unwrap();
        f
    }

    fn keep(fail_at: Option<u64>) -> Keep {
        Keep {
            header: Vec::new(),
            rows: Vec::new(),
            fail_at,
        }
    }

    #[test]
    fn every_row_arrives_in_file_order_with_its_mapping() {
        let mapping = Mapping::from_toml(MAPPING).unwrap();
        let f = file(3 * BATCH + 7, "");
        let mut sink = keep(None);
        read_prepared(f.path(), &mapping, now(), &mut sink).unwrap();
        assert_eq!(sink.header, ["Номер", "Текст"]);
        assert_eq!(sink.rows.len(), 3 * BATCH + 7);
        for (i, (line, id)) in sink.rows.iter().enumerate() {
            assert_eq!(*line, i as u64 + 2, "CSV line of data row {i}");
            let want = (i != 3).then(|| format!("N-{i}"));
            assert_eq!(id, &want);
        }
    }

    #[test]
    fn a_read_error_arrives_after_the_rows_before_it() {
        let mapping = Mapping::from_toml(MAPPING).unwrap();
        // A quote that never closes, after 600 good rows.
        let f = file(600, "\"N-x;не закрыто\nи дальше\n");
        let mut sink = keep(None);
        let r = read_prepared(f.path(), &mapping, now(), &mut sink);
        assert!(matches!(r, Err(ImportError::Damaged(_))), "{r:?}");
        assert_eq!(sink.rows.len(), 600);
    }

    #[test]
    fn the_reader_stops_when_the_writer_fails() {
        let mapping = Mapping::from_toml(MAPPING).unwrap();
        let f = file(50 * BATCH, "");
        let mut sink = keep(Some(12));
        // Returning at all means the reader thread ended (the scope joins it)
        // although most of the file was never taken.
        let r = read_prepared(f.path(), &mapping, now(), &mut sink);
        assert!(matches!(r, Err(ImportError::Cancelled)), "{r:?}");
        assert_eq!(sink.rows.len(), 10);
    }

    #[test]
    fn a_missing_column_is_the_mappings_error() {
        let mapping =
            Mapping::from_toml("name = \"t\"\n[columns]\ntext = \"Нет такого\"\n").unwrap();
        let f = file(5, "");
        let r = read_prepared(f.path(), &mapping, now(), &mut keep(None));
        assert!(r.is_err());
    }
}
