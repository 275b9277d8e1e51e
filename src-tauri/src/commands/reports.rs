//! Reports: the weekly note (preview with an editable summary, export),
//! the indicators report, the report archive, the journal export and the
//! papers of one appeal (its card, the notices to the applicant). Every
//! exported note or report is kept in the archive with its figures.

use std::path::PathBuf;

use mcu_core::Actor;
use mcu_core::changes::{ChangePage, ChangeQuery};
use mcu_core::indicators::{IndicatorDef, IndicatorReport, ReportPeriod};
use mcu_core::model::ArchiveEntry;
use mcu_core::model::{JournalQuery, PaperKind};
use mcu_core::papers::PaperOption;
use mcu_core::period;
use mcu_core::privacy::PersonalData;
use mcu_core::reports::ReportContent;
use mcu_core::weekly::WeeklyNote;
use mcu_reports::archive::ReportFormat;
use mcu_reports::journal::JournalFormat;
use mcu_reports::{DocFormat, PrintFormat};
use serde::Serialize;
use tauri::State;
use ts_rs::TS;

use super::IpcResult;
use super::control::export_dir;
use crate::state::AppState;

/// An empty or whitespace summary means «keep the drafted one».
fn summary(s: Option<String>) -> Option<String> {
    s.filter(|s| !s.trim().is_empty())
}

/// `Документы/МЦУ-Дежурный/<stem>_<time>.<ext>`: a new file every time, so an
/// export never overwrites a document someone may have open.
fn out_path(state: &AppState, stem: &str, ext: &str) -> PathBuf {
    let now = state.clock.now();
    export_dir().join(format!("{stem}_{}.{ext}", now.format("%Y-%m-%d_%H%M%S")))
}

#[tauri::command]
pub async fn weekly_note(
    state: State<'_, AppState>,
    week: String,
    summary_text: Option<String>,
) -> IpcResult<WeeklyNote> {
    let monday = period::week("week", Some(week.as_str()), state.clock.now().date())?;
    let operator = state.operator().unwrap_or_default();
    let text = summary(summary_text);
    state.read(|o, now| o.weekly_note(monday, now, &operator, text.as_deref()))
}

/// Writes the weekly note and keeps it in the archive; returns the file's path.
#[tauri::command]
pub async fn export_weekly(
    state: State<'_, AppState>,
    week: String,
    summary_text: Option<String>,
    format: DocFormat,
) -> IpcResult<String> {
    let monday = period::week("week", Some(week.as_str()), state.clock.now().date())?;
    let operator = state.operator()?;
    let text = summary(summary_text);
    let note = state.read(|o, now| o.weekly_note(monday, now, &operator, text.as_deref()))?;
    let stem = format!("Записка_{}", note.week);
    export_archived(
        &state,
        &operator,
        ReportContent::Weekly(Box::new(note)),
        format.into(),
        &stem,
    )
}

/// Writes a report to a new file and keeps it in the archive; returns the path.
fn export_archived(
    state: &AppState,
    operator: &str,
    content: ReportContent,
    fmt: ReportFormat,
    stem: &str,
) -> IpcResult<String> {
    let path = out_path(state, stem, fmt.extension());
    let actor = Actor {
        operator,
        at: state.clock.now(),
    };
    mcu_reports::archive::export(&*state.office()?, &content, fmt, &path, &actor)?;
    Ok(path.display().to_string())
}

#[tauri::command]
pub async fn indicators(
    state: State<'_, AppState>,
    period_code: String,
) -> IpcResult<IndicatorReport> {
    let p = period::report_period("period", &period_code)?;
    let operator = state.operator().unwrap_or_default();
    state.read(|o, now| o.indicators(p, now, &operator))
}

/// The quarter before today's, as «2026-Q3» (the form's default).
#[tauri::command]
pub fn last_quarter(state: State<'_, AppState>) -> String {
    ReportPeriod::last_quarter(state.clock.now().date()).code()
}

#[tauri::command]
pub async fn export_indicators(
    state: State<'_, AppState>,
    period_code: String,
    format: ReportFormat,
) -> IpcResult<String> {
    let p = period::report_period("period", &period_code)?;
    let operator = state.operator()?;
    let report = state.read(|o, now| o.indicators(p, now, &operator))?;
    let stem = format!("Показатели_{}", p.code());
    export_archived(
        &state,
        &operator,
        ReportContent::Indicators(Box::new(report)),
        format,
        &stem,
    )
}

/// The indicator list in force (the office's own, else the built-in one).
#[tauri::command]
pub fn indicator_defs(state: State<'_, AppState>) -> IpcResult<Vec<IndicatorDef>> {
    state.read(|o, _| o.indicator_defs())
}

/// Saves the office's list (every error at once, at its field), audited.
#[tauri::command]
pub fn save_indicator_defs(
    state: State<'_, AppState>,
    defs: Vec<IndicatorDef>,
) -> IpcResult<Vec<IndicatorDef>> {
    state.write(|o, a| o.save_indicator_defs(&defs, a))?;
    state.read(|o, _| o.indicator_defs())
}

#[tauri::command]
pub fn default_indicator_defs() -> Vec<IndicatorDef> {
    mcu_core::indicators::default_indicators()
}

#[tauri::command]
pub fn report_archive(state: State<'_, AppState>) -> IpcResult<Vec<ArchiveEntry>> {
    state.read(|o, _| o.report_archive())
}

/// The archived report's frozen content (the preview shows what was printed).
#[tauri::command]
pub fn archived_report(state: State<'_, AppState>, id: i64) -> IpcResult<ReportContent> {
    state.read(|o, _| o.archived_report(id)).map(|r| r.content)
}

/// Writes an archived report again, exactly as it was made.
#[tauri::command]
pub async fn reopen_report(
    state: State<'_, AppState>,
    id: i64,
    format: ReportFormat,
) -> IpcResult<String> {
    let entry = state.read(|o, _| o.archived_report(id))?.entry;
    let path = out_path(
        &state,
        &format!("Архив_{}_{}", entry.id, entry.period),
        format.extension(),
    );
    mcu_reports::archive::reopen(&*state.office()?, id, format, &path)?;
    Ok(path.display().to_string())
}

/// Where the journal was saved and how many appeals it holds.
#[derive(Serialize, TS)]
#[ts(export)]
pub struct JournalExported {
    pub path: String,
    pub rows: u64,
}

/// Writes the journal with the current filters: a table (XLSX, CSV) or a
/// register to print (PDF, DOCX); personal data masked unless `unmasked`.
#[tauri::command]
pub async fn export_journal(
    state: State<'_, AppState>,
    query: JournalQuery,
    format: JournalFormat,
    unmasked: bool,
) -> IpcResult<JournalExported> {
    let pd = if unmasked {
        PersonalData::Full
    } else {
        PersonalData::Masked
    };
    let stem = match format.target() {
        Ok(_) => "Журнал",
        Err(_) => "Реестр_обращений",
    };
    let path = out_path(&state, stem, format.extension());
    let operator = state.operator().unwrap_or_default();
    let now = state.clock.now();
    let office = state.office()?;
    let rows = mcu_reports::journal::save(&office, &query, now, &operator, pd, format, &path)?;
    Ok(JournalExported {
        path: path.display().to_string(),
        rows,
    })
}

/// The papers the card offers (its РКК, the notices to the applicant), each
/// available or with the reason it is not.
#[tauri::command]
pub fn paper_options(state: State<'_, AppState>, id: i64) -> IpcResult<Vec<PaperOption>> {
    state.read(|o, now| o.paper_options(id, now.date()))
}

/// Writes a paper of the appeal as PDF or DOCX and returns the file's path;
/// a paper the appeal cannot have is refused at the field `kind`.
#[tauri::command]
pub async fn export_paper(
    state: State<'_, AppState>,
    id: i64,
    kind: PaperKind,
    format: PrintFormat,
) -> IpcResult<String> {
    let operator = state.operator().unwrap_or_default();
    let papers = state.read(|o, now| o.appeal_papers(id, kind, now, &operator))?;
    let stem = mcu_reports::papers::file_stem(kind, &papers.card.number);
    let path = out_path(&state, &stem, format.extension());
    let doc = mcu_reports::papers::paper_document(kind, &papers);
    mcu_reports::write(&doc, format.into(), &path)?;
    Ok(path.display().to_string())
}

/// A page of the office's change log, newest first.
#[tauri::command]
pub fn changes(state: State<'_, AppState>, query: ChangeQuery) -> IpcResult<ChangePage> {
    state.read(|o, _| o.changes(&query))
}
