//! `mcu report weekly|indicators|archive|reopen` and `mcu export journal`:
//! the weekly note, the indicators report, the report archive and the journal
//! export. Every exported note or report is kept in the archive.

use std::path::Path;

use mcu_core::indicators::ReportPeriod;
use mcu_core::model::JournalQuery;
use mcu_core::period;
use mcu_core::privacy::PersonalData;
use mcu_core::reports::ReportContent;
use mcu_reports::DocFormat;
use mcu_reports::archive::ReportFormat;
use mcu_reports::journal::JournalFormat;

use crate::table::render;
use crate::{Context, Failure};

pub fn weekly(
    ctx: &Context,
    week: Option<&str>,
    format: DocFormat,
    summary_file: Option<&Path>,
    out: &Path,
) -> Result<(), Failure> {
    let monday = period::week("week", week, ctx.now.date())?;
    let summary = match summary_file {
        None => None,
        Some(p) => Some(std::fs::read_to_string(p).map_err(|e| {
            Failure::input(format!(
                "summary-file: не удалось прочитать {}: {e}",
                p.display()
            ))
        })?),
    };
    let note = ctx
        .office
        .weekly_note(monday, ctx.now, &ctx.operator, summary.as_deref())?;
    let (week, total, overdue) = (note.week.clone(), note.total.count, note.overdue_total);
    let id = mcu_reports::archive::export(
        &ctx.office,
        &ReportContent::Weekly(Box::new(note)),
        format.into(),
        out,
        &ctx.actor(),
    )?;
    println!(
        "Аналитическая записка за неделю {week} записана: {} (поступило {total}, просрочено {overdue}); в архиве под № {id}.",
        out.display()
    );
    Ok(())
}

pub fn indicators(
    ctx: &Context,
    quarter: Option<&str>,
    year: Option<&str>,
    format: ReportFormat,
    out: &Path,
) -> Result<(), Failure> {
    let period = match (quarter, year) {
        (Some(_), Some(_)) => {
            return Err(Failure::input(
                "period: укажите либо --quarter, либо --year, но не оба",
            ));
        }
        (Some(q), None) => period::quarter("quarter", q)?,
        (None, Some(y)) => period::year("year", y)?,
        (None, None) => ReportPeriod::last_quarter(ctx.now.date()),
    };
    let report = ctx.office.indicators(period, ctx.now, &ctx.operator)?;
    let label = report.period_label.clone();
    let count = report.values.len();
    let id = mcu_reports::archive::export(
        &ctx.office,
        &ReportContent::Indicators(Box::new(report)),
        format,
        out,
        &ctx.actor(),
    )?;
    println!(
        "Показатели за {label} ({count}) записаны: {}; в архиве под № {id}.",
        out.display()
    );
    Ok(())
}

/// Prints the indicator list in force as JSON; or saves one from a JSON file
/// (every error at once, nothing saved on error); or restores the built-in one.
pub fn indicator_list(ctx: &Context, save: Option<&Path>, reset: bool) -> Result<(), Failure> {
    let defs = match (save, reset) {
        (Some(p), _) => {
            let text = std::fs::read_to_string(p).map_err(|e| {
                Failure::input(format!("save: не удалось прочитать {}: {e}", p.display()))
            })?;
            serde_json::from_str(&text)
                .map_err(|e| Failure::input(format!("save: перечень записан с ошибкой: {e}")))?
        }
        (None, true) => mcu_core::indicators::default_indicators(),
        (None, false) => ctx.office.indicator_defs()?,
    };
    if save.is_some() || reset {
        ctx.office.save_indicator_defs(&defs, &ctx.actor())?;
        eprintln!("Перечень показателей сохранён ({}).", defs.len());
    }
    println!(
        "{}",
        serde_json::to_string_pretty(&defs).map_err(|e| Failure {
            code: 1,
            message: e.to_string()
        })?
    );
    Ok(())
}

pub fn archive(ctx: &Context) -> Result<(), Failure> {
    let list = ctx.office.report_archive()?;
    if list.is_empty() {
        println!("Архив отчётов пуст.");
        return Ok(());
    }
    let rows: Vec<Vec<String>> = list
        .iter()
        .map(|e| {
            vec![
                e.id.to_string(),
                e.made_at.format("%d.%m.%Y %H:%M").to_string(),
                e.period.clone(),
                e.format.clone(),
                e.title.clone(),
                e.operator.clone(),
            ]
        })
        .collect();
    print!(
        "{}",
        render(
            &["№", "Сформирован", "Период", "Формат", "Отчёт", "Дежурный"],
            &rows
        )
    );
    Ok(())
}

pub fn reopen(ctx: &Context, id: i64, format: ReportFormat, out: &Path) -> Result<(), Failure> {
    let content = mcu_reports::archive::reopen(&ctx.office, id, format, out)?;
    println!(
        "Отчёт № {id} из архива («{}») записан: {}.",
        content.title(),
        out.display()
    );
    Ok(())
}

pub fn journal(
    ctx: &Context,
    from: Option<&str>,
    to: Option<&str>,
    unmasked: bool,
    format: JournalFormat,
    out: &Path,
) -> Result<(), Failure> {
    let (from, to) = period::period(from, to)?;
    let q = JournalQuery {
        from,
        to,
        ..JournalQuery::default()
    };
    let pd = if unmasked {
        PersonalData::Full
    } else {
        PersonalData::Masked
    };
    // A table to work with (xlsx, csv) or a register to print (pdf, docx).
    let n = mcu_reports::journal::save(&ctx.office, &q, ctx.now, &ctx.operator, pd, format, out)?;
    println!(
        "Журнал выгружен: {} ({n} обращений{}).",
        out.display(),
        if unmasked {
            ", персональные данные не скрыты"
        } else {
            ", персональные данные скрыты"
        }
    );
    Ok(())
}
