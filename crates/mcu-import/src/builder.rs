//! Building a mapping in the window: the file's columns, and a form over the
//! parts people set by pointing (name, which column fills which field, date
//! formats). The mapping's TOML text stays the whole truth: the form is read
//! from it and written back into it, so value tables, defaults and
//! coordinates typed in the text are kept.

use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::error::{ImportError, ImportResult};
use crate::mapping::{Columns, FIELDS, Mapping, SourceOptions};
use crate::source::{Flow, Record, RowSink, read_file};

/// The columns of a file's header (nothing else is read).
pub fn file_columns(path: &Path, opts: &SourceOptions) -> ImportResult<Vec<String>> {
    struct Header(Vec<String>);
    impl RowSink for Header {
        fn header(&mut self, columns: &[String]) -> ImportResult<()> {
            self.0 = columns.to_vec();
            Ok(())
        }
        fn row(&mut self, _: Record, _: u64, _: u64) -> ImportResult<Flow> {
            Ok(Flow::Stop)
        }
    }
    let mut sink = Header(Vec::new());
    read_file(path, opts, &mut sink)?;
    Ok(sink.0)
}

/// One field of the form: the columns that fill it (none, one or several joined).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[ts(export)]
pub struct FieldColumns {
    pub field: String,
    pub label: String,
    pub columns: Vec<String>,
}

/// The pointable parts of a mapping.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[ts(export)]
pub struct MappingForm {
    pub name: String,
    pub title: String,
    /// Every field a mapping can fill, in the form's order.
    pub fields: Vec<FieldColumns>,
    /// chrono formats, e.g. `%d.%m.%Y %H:%M`.
    pub datetime: Vec<String>,
}

fn parse(text: &str) -> ImportResult<Mapping> {
    toml::from_str(text)
        .map_err(|e| ImportError::Mapping(format!("Сопоставление записано с ошибкой: {e}")))
}

/// The form of a mapping's text (not checked: a mapping being built may be
/// incomplete).
pub fn form_of(text: &str) -> ImportResult<MappingForm> {
    let m = parse(text)?;
    let fields = FIELDS
        .iter()
        .map(|(field, label)| FieldColumns {
            field: (*field).to_owned(),
            label: (*label).to_owned(),
            columns: m
                .columns
                .get(*field)
                .map(|c| c.names().into_iter().map(str::to_owned).collect())
                .unwrap_or_default(),
        })
        .collect();
    Ok(MappingForm {
        name: m.name,
        title: m.title,
        fields,
        datetime: m.formats.datetime,
    })
}

/// Writes the form into the mapping's text; everything else is kept.
pub fn apply_form(text: &str, form: &MappingForm) -> ImportResult<String> {
    let mut m = parse(text)?;
    m.name = form.name.trim().to_owned();
    m.title = form.title.trim().to_owned();
    m.formats.datetime = form
        .datetime
        .iter()
        .map(|f| f.trim().to_owned())
        .filter(|f| !f.is_empty())
        .collect();
    m.columns.clear();
    for f in &form.fields {
        let cols: Vec<String> = f
            .columns
            .iter()
            .map(|c| c.trim().to_owned())
            .filter(|c| !c.is_empty())
            .collect();
        match cols.len() {
            0 => {}
            1 => {
                m.columns
                    .insert(f.field.clone(), Columns::One(cols[0].clone()));
            }
            _ => {
                m.columns.insert(f.field.clone(), Columns::Many(cols));
            }
        }
    }
    Ok(m.to_toml())
}

/// A new mapping's text for a file: every column whose name is a field's
/// label (or the field's own name) is mapped; the rest is left to the operator.
pub fn draft_for(columns: &[String], name: &str) -> String {
    let mut m = Mapping::preset("excel-register").expect("shipped presets are valid");
    m.name = name.to_owned();
    m.title.clear();
    m.description.clear();
    m.values.clear();
    m.columns.clear();
    for (field, label) in FIELDS {
        if let Some(c) = columns.iter().find(|c| {
            let c = c.trim().to_lowercase();
            c == *field || c == label.to_lowercase()
        }) {
            m.columns
                .insert((*field).to_owned(), Columns::One(c.clone()));
        }
    }
    m.to_toml()
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = r#"
name = "моё"
[formats]
datetime = ["%d.%m.%Y"]
[defaults]
channel = "pos"
[columns]
text = ["Тема", "Текст"]
external_id = "Номер"
[values."Категория"]
"Дороги" = { topic = "0003.0009.0099.0742" }
"#;

    #[test]
    fn the_form_lists_every_field_with_its_columns() {
        let f = form_of(TEXT).unwrap();
        assert_eq!(f.name, "моё");
        assert_eq!(f.fields.len(), FIELDS.len());
        let text = f.fields.iter().find(|x| x.field == "text").unwrap();
        assert_eq!(text.columns, ["Тема", "Текст"]);
        assert_eq!(text.label, "текст");
        assert!(
            f.fields
                .iter()
                .find(|x| x.field == "topic")
                .unwrap()
                .columns
                .is_empty()
        );
        assert_eq!(f.datetime, ["%d.%m.%Y"]);
    }

    #[test]
    fn applying_the_form_keeps_values_and_defaults() {
        let mut f = form_of(TEXT).unwrap();
        f.name = " своё ".into();
        for x in &mut f.fields {
            match x.field.as_str() {
                "external_id" => x.columns.clear(),
                "settlement" => x.columns = vec!["Поселение".into(), " ".into()],
                _ => {}
            }
        }
        f.datetime = vec!["%Y-%m-%d".into(), "".into()];
        let out = apply_form(TEXT, &f).unwrap();
        let m = Mapping::from_toml(&out).unwrap();
        assert_eq!(m.name, "своё");
        assert!(!m.columns.contains_key("external_id"));
        assert_eq!(m.columns["settlement"], Columns::One("Поселение".into()));
        assert_eq!(
            m.columns["text"],
            Columns::Many(vec!["Тема".into(), "Текст".into()])
        );
        assert_eq!(m.defaults["channel"].as_text(), "pos");
        assert!(m.values["Категория"].contains_key("Дороги"));
        assert_eq!(m.formats.datetime, ["%Y-%m-%d"]);
    }

    #[test]
    fn a_broken_text_is_a_mapping_error() {
        assert!(matches!(form_of("name = "), Err(ImportError::Mapping(_))));
        assert!(matches!(
            apply_form("[columns\n", &form_of(TEXT).unwrap()),
            Err(ImportError::Mapping(_))
        ));
    }

    #[test]
    fn a_draft_maps_columns_named_like_fields() {
        let cols = [
            "Номер".to_owned(),
            "Текст".into(),
            "ФИО заявителя".into(),
            "lat".into(),
        ];
        let m = Mapping::from_toml(&draft_for(&cols, "новое")).unwrap();
        assert_eq!(m.columns["text"], Columns::One("Текст".into()));
        assert_eq!(
            m.columns["applicant_name"],
            Columns::One("ФИО заявителя".into())
        );
        assert_eq!(m.columns["lat"], Columns::One("lat".into()));
        assert!(
            !m.columns.contains_key("external_id"),
            "«Номер» is not a field label"
        );
        assert!(m.values.is_empty());
    }

    #[test]
    fn the_header_is_read_without_the_rows() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("f.csv");
        std::fs::write(&p, "А;Б;В\n1;2;3\n4;5;6\n").unwrap();
        assert_eq!(
            file_columns(&p, &SourceOptions::default()).unwrap(),
            ["А", "Б", "В"]
        );
    }
}
