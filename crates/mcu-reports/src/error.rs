//! Why a report could not be made, and its public shape: every variant
//! converts into `mcu_core::PublicError` with its own code, so the shell's
//! commands end in `?`. Chart errors arrive here too (mcu-charts knows
//! nothing of the core).

use mcu_core::{ErrorCode, PublicError};

#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    #[error("{0}")]
    Render(#[from] mcu_docs::DocError),
    #[error("не удалось записать файл {path}: {source}")]
    Write {
        path: String,
        source: std::io::Error,
    },
    #[error("{0}")]
    Chart(#[from] mcu_charts::ChartError),
    #[error("не удалось записать XLSX: {0}")]
    Xlsx(String),
    /// The content cannot be written in the asked format (refused at `format`).
    #[error("{0}")]
    Unsupported(String),
    #[error("не удалось записать CSV: {0}")]
    Csv(String),
    #[error("{}", .0.to_public().message)]
    Core(#[from] mcu_core::CoreError),
}

impl From<rust_xlsxwriter::XlsxError> for ReportError {
    fn from(e: rust_xlsxwriter::XlsxError) -> Self {
        ReportError::Xlsx(e.to_string())
    }
}

/// The public shape: a document or chart that could not be made is
/// `render`, a file that could not be written `io`, a format the content does
/// not allow a validation error at `format`.
impl From<ReportError> for PublicError {
    fn from(e: ReportError) -> Self {
        let code = match e {
            ReportError::Core(c) => return c.into(),
            ReportError::Unsupported(m) => return PublicError::field("format", m),
            ReportError::Render(_) | ReportError::Chart(_) | ReportError::Xlsx(_) => {
                ErrorCode::Render
            }
            ReportError::Write { .. } | ReportError::Csv(_) => ErrorCode::Io,
        };
        PublicError::new(code, e.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use mcu_charts::ChartError;
    use mcu_core::CoreError;

    fn code(e: ReportError) -> ErrorCode {
        PublicError::from(e).code
    }

    #[test]
    fn every_variant_has_its_code() {
        let write = || ReportError::Write {
            path: "/x.pdf".into(),
            source: std::io::Error::other("диск полон"),
        };
        assert_eq!(code(write()), ErrorCode::Io);
        assert_eq!(code(ReportError::Csv("диск".into())), ErrorCode::Io);
        assert_eq!(code(ReportError::Xlsx("ошибка".into())), ErrorCode::Render);
        for doc in [
            mcu_docs::DocError::NotPng {
                caption: "Карта".into(),
            },
            mcu_docs::DocError::Layout("x".into()),
            mcu_docs::DocError::Pdf("x".into()),
            mcu_docs::DocError::Docx("x".into()),
        ] {
            assert_eq!(code(doc.into()), ErrorCode::Render);
        }
        for chart in [
            ChartError::Shape("x".into()),
            ChartError::NotFinite("x".into()),
            ChartError::Font,
            ChartError::Draw("x".into()),
            ChartError::Encode("x".into()),
        ] {
            let message = chart.to_string();
            let public = PublicError::from(ReportError::from(chart));
            assert_eq!(public.code, ErrorCode::Render);
            assert_eq!(public.message, message, "the chart's own words");
        }
        assert_eq!(
            code(CoreError::NotFound("Нет такого отчёта.".into()).into()),
            ErrorCode::NotFound
        );
        assert_eq!(
            code(CoreError::field("kind", "Нельзя.").into()),
            ErrorCode::Validation
        );
    }

    #[test]
    fn a_refused_format_is_an_error_at_the_field() {
        let e = PublicError::from(ReportError::Unsupported("только PDF".into()));
        assert_eq!(e.code, ErrorCode::Validation);
        assert_eq!(e.message, "только PDF");
        assert_eq!(
            e.fields,
            vec![mcu_core::FieldError::new("format", "только PDF")]
        );
    }

    #[test]
    fn a_write_error_names_the_file() {
        let e = PublicError::from(ReportError::Write {
            path: "/папка/записка.pdf".into(),
            source: std::io::Error::other("нет места"),
        });
        assert_eq!(
            e.message,
            "не удалось записать файл /папка/записка.pdf: нет места"
        );
        assert!(e.fields.is_empty());
    }
}
