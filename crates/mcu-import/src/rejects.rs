//! The rejects file: every rejected row as it was read, with its row number
//! and the Russian reason in a last column, so that it can be fixed and
//! imported again. Written to a `.part` file and renamed only when the
//! import is kept; a dry run or a failure leaves nothing behind.

use std::path::{Path, PathBuf};

use crate::apply::{Compiled, REASON_COLUMN};
use crate::error::{ImportError, ImportResult};
use crate::source::Record;

/// The default rejects file: `<stem>.rejected.csv` next to the source.
pub fn rejects_path_for(source: &Path) -> PathBuf {
    let stem = source
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or("import");
    source.with_file_name(format!("{stem}.rejected.csv"))
}

/// A row's (or the header's) values without the file's own reason column:
/// a rejects file imported again and rejected again gets one fresh reason.
fn without_reason<'a>(compiled: &Compiled<'_>, values: &'a [String]) -> Vec<&'a str> {
    values
        .iter()
        .enumerate()
        .filter(|(i, _)| Some(*i) != compiled.reason_column)
        .map(|(_, v)| v.as_str())
        .collect()
}

pub(crate) struct Rejects {
    pub(crate) part: PathBuf,
    pub(crate) target: PathBuf,
    pub(crate) writer: Option<csv::Writer<std::fs::File>>,
}

impl Rejects {
    pub(crate) fn write(
        &mut self,
        compiled: &Compiled<'_>,
        record: &Record,
        reason: &str,
    ) -> ImportResult<()> {
        let err = |e: std::io::Error| ImportError::Open {
            path: self.part.display().to_string(),
            source: e,
        };
        if self.writer.is_none() {
            let mut f = std::fs::File::create(&self.part).map_err(err)?;
            // A BOM makes Excel open the UTF-8 file with Cyrillic intact.
            std::io::Write::write_all(&mut f, "\u{feff}".as_bytes()).map_err(err)?;
            let mut w = csv::WriterBuilder::new().flexible(true).from_writer(f);
            let mut header = without_reason(compiled, &compiled.header);
            header.push(REASON_COLUMN);
            w.write_record(&header).map_err(|e| err(e.into()))?;
            self.writer = Some(w);
        }
        let w = self.writer.as_mut().expect("opened above");
        let mut fields = without_reason(compiled, &record.fields);
        let reason = format!("Строка {}: {reason}", record.row);
        fields.push(&reason);
        w.write_record(&fields).map_err(|e| err(e.into()))?;
        Ok(())
    }

    pub(crate) fn finish(mut self, keep: bool) -> ImportResult<Option<PathBuf>> {
        let Some(mut w) = self.writer.take() else {
            return Ok(None);
        };
        let err = |e: std::io::Error| ImportError::Open {
            path: self.target.display().to_string(),
            source: e,
        };
        w.flush().map_err(err)?;
        drop(w);
        if keep {
            std::fs::rename(&self.part, &self.target).map_err(err)?;
            Ok(Some(self.target.clone()))
        } else {
            let _ = std::fs::remove_file(&self.part);
            Ok(None)
        }
    }
}

impl Drop for Rejects {
    fn drop(&mut self) {
        if self.writer.take().is_some() {
            let _ = std::fs::remove_file(&self.part);
        }
    }
}
