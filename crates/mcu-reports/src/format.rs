//! The file formats of everything this crate writes, as closed enums: the
//! window sends them over IPC by their lowercase code (TypeScript unions are
//! generated), the `mcu` command takes them as values (feature `clap`). Where
//! a document allows only some formats it takes a narrower enum, so a wrong
//! format cannot be asked for at all.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

pub use mcu_charts::ChartFormat;

/// A document: PDF, DOCX or plain text (the handover and weekly notes).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
#[cfg_attr(feature = "clap", derive(clap::ValueEnum))]
#[ts(export)]
pub enum DocFormat {
    Pdf,
    Docx,
    // The command also takes `text`.
    #[cfg_attr(feature = "clap", value(alias = "text"))]
    Txt,
}

impl DocFormat {
    pub fn extension(self) -> &'static str {
        match self {
            DocFormat::Pdf => "pdf",
            DocFormat::Docx => "docx",
            DocFormat::Txt => "txt",
        }
    }
}

/// A paper to print and sign: PDF or DOCX (an appeal's papers in the window,
/// the road map).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
#[cfg_attr(feature = "clap", derive(clap::ValueEnum))]
#[ts(export)]
pub enum PrintFormat {
    Pdf,
    Docx,
}

impl From<PrintFormat> for DocFormat {
    fn from(f: PrintFormat) -> Self {
        match f {
            PrintFormat::Pdf => DocFormat::Pdf,
            PrintFormat::Docx => DocFormat::Docx,
        }
    }
}

impl PrintFormat {
    pub fn extension(self) -> &'static str {
        DocFormat::from(self).extension()
    }
}

/// An archived report (the weekly note, the indicators): a document, or for
/// the indicators also an XLSX workbook.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
#[cfg_attr(feature = "clap", derive(clap::ValueEnum))]
#[ts(export)]
pub enum ReportFormat {
    Pdf,
    Docx,
    Txt,
    Xlsx,
}

impl From<DocFormat> for ReportFormat {
    fn from(f: DocFormat) -> Self {
        match f {
            DocFormat::Pdf => ReportFormat::Pdf,
            DocFormat::Docx => ReportFormat::Docx,
            DocFormat::Txt => ReportFormat::Txt,
        }
    }
}

impl ReportFormat {
    /// The document format, `None` for the workbook.
    pub fn doc(self) -> Option<DocFormat> {
        match self {
            ReportFormat::Pdf => Some(DocFormat::Pdf),
            ReportFormat::Docx => Some(DocFormat::Docx),
            ReportFormat::Txt => Some(DocFormat::Txt),
            ReportFormat::Xlsx => None,
        }
    }

    pub fn extension(self) -> &'static str {
        self.doc().map_or("xlsx", DocFormat::extension)
    }
}

/// The journal export as a table to work with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
#[cfg_attr(feature = "clap", derive(clap::ValueEnum))]
#[ts(export)]
pub enum TableFormat {
    Xlsx,
    Csv,
}

impl TableFormat {
    pub fn extension(self) -> &'static str {
        match self {
            TableFormat::Xlsx => "xlsx",
            TableFormat::Csv => "csv",
        }
    }
}

/// The journal's selection: a table (XLSX, CSV) or a register to print
/// (PDF, DOCX).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
#[cfg_attr(feature = "clap", derive(clap::ValueEnum))]
#[ts(export)]
pub enum JournalFormat {
    Xlsx,
    Csv,
    Pdf,
    Docx,
}

impl JournalFormat {
    /// The table's format, or the printed register's.
    pub fn target(self) -> Result<TableFormat, PrintFormat> {
        match self {
            JournalFormat::Xlsx => Ok(TableFormat::Xlsx),
            JournalFormat::Csv => Ok(TableFormat::Csv),
            JournalFormat::Pdf => Err(PrintFormat::Pdf),
            JournalFormat::Docx => Err(PrintFormat::Docx),
        }
    }

    pub fn extension(self) -> &'static str {
        match self.target() {
            Ok(t) => t.extension(),
            Err(p) => p.extension(),
        }
    }
}

/// A chart saved to a file: the picture, or (the heat map only) its figures
/// as CSV.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
#[cfg_attr(feature = "clap", derive(clap::ValueEnum))]
#[ts(export)]
pub enum ChartFileFormat {
    Csv,
    Svg,
    Png,
}

impl ChartFileFormat {
    /// The picture's format, `None` for the figures.
    pub fn picture(self) -> Option<ChartFormat> {
        match self {
            ChartFileFormat::Svg => Some(ChartFormat::Svg),
            ChartFileFormat::Png => Some(ChartFormat::Png),
            ChartFileFormat::Csv => None,
        }
    }

    pub fn extension(self) -> &'static str {
        self.picture().map_or("csv", ChartFormat::extension)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_cross_by_their_extension() {
        fn json<T: Serialize>(v: &T) -> String {
            serde_json::to_string(v).unwrap()
        }
        assert_eq!(json(&DocFormat::Txt), "\"txt\"");
        assert_eq!(json(&ReportFormat::Xlsx), "\"xlsx\"");
        assert_eq!(json(&JournalFormat::Docx), "\"docx\"");
        assert_eq!(json(&ChartFileFormat::Csv), "\"csv\"");
        assert_eq!(json(&PrintFormat::Pdf), "\"pdf\"");
        assert_eq!(json(&TableFormat::Csv), "\"csv\"");
        let txt: DocFormat = serde_json::from_str("\"txt\"").unwrap();
        assert_eq!(txt, DocFormat::Txt);
        for f in [
            ReportFormat::Pdf,
            ReportFormat::Docx,
            ReportFormat::Txt,
            ReportFormat::Xlsx,
        ] {
            assert_eq!(json(&f), format!("\"{}\"", f.extension()));
        }
        for f in [
            JournalFormat::Xlsx,
            JournalFormat::Csv,
            JournalFormat::Pdf,
            JournalFormat::Docx,
        ] {
            assert_eq!(json(&f), format!("\"{}\"", f.extension()));
        }
        for f in [
            ChartFileFormat::Csv,
            ChartFileFormat::Svg,
            ChartFileFormat::Png,
        ] {
            assert_eq!(json(&f), format!("\"{}\"", f.extension()));
        }
        assert_eq!(ReportFormat::from(DocFormat::Docx), ReportFormat::Docx);
        assert_eq!(ReportFormat::Xlsx.doc(), None);
        assert_eq!(DocFormat::from(PrintFormat::Pdf), DocFormat::Pdf);
        assert_eq!(JournalFormat::Pdf.target(), Err(PrintFormat::Pdf));
        assert_eq!(ChartFileFormat::Png.picture(), Some(ChartFormat::Png));
    }
}
