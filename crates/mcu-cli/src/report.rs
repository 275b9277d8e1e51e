//! `mcu report weekly|indicators|archive|reopen` and `mcu export journal`:
//! the weekly note, the indicators report, the report archive and the journal
//! export. Every exported note or report is kept in the archive.

use std::path::Path;

use mcu_core::indicators::ReportPeriod;
use mcu_core::model::JournalQuery;
use mcu_core::privacy::PersonalData;
use mcu_core::reports::ReportContent;
use mcu_reports::archive::ReportFormat;
use mcu_reports::journal::TableFormat;

use crate::table::render;
use crate::{Context, Failure};

pub(crate) fn failed(e: mcu_reports::ReportError) -> Failure {
    match e {
        mcu_reports::ReportError::Core(c) => c.into(),
        mcu_reports::ReportError::Unsupported(m) => Failure::input(format!("format: {m}")),
        other => Failure {
            code: 1,
            message: other.to_string(),
        },
    }
}

fn report_format(format: &str, allowed: &[&str]) -> Result<ReportFormat, Failure> {
    ReportFormat::from_code(format)
        .filter(|f| allowed.contains(&f.extension()))
        .ok_or_else(|| {
            Failure::input(format!(
                "format: неизвестный формат «{format}»; допустимы {}",
                allowed.join(", ")
            ))
        })
}

pub fn weekly(
    ctx: &Context,
    week: Option<&str>,
    format: &str,
    summary_file: Option<&Path>,
    out: &Path,
) -> Result<(), Failure> {
    let fmt = report_format(format, &["docx", "pdf", "txt"])?;
    let monday = match week {
        None => mcu_core::weekly::last_full_week(ctx.now.date()),
        Some(w) => mcu_core::analytics::week::parse_week(w).ok_or_else(|| {
            Failure::input(format!(
                "week: не удалось разобрать «{w}»; ожидается YYYY-Www, например 2026-W47"
            ))
        })?,
    };
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
        fmt,
        out,
        &ctx.actor(),
    )
    .map_err(failed)?;
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
    format: &str,
    out: &Path,
) -> Result<(), Failure> {
    let fmt = report_format(format, &["xlsx", "docx", "pdf"])?;
    let period = match (quarter, year) {
        (Some(_), Some(_)) => {
            return Err(Failure::input(
                "period: укажите либо --quarter, либо --year, но не оба",
            ));
        }
        (Some(q), None) => ReportPeriod::parse(q)
            .filter(|p| matches!(p, ReportPeriod::Quarter { .. }))
            .ok_or_else(|| {
                Failure::input(format!(
                    "quarter: не удалось разобрать «{q}»; ожидается YYYY-Qn, например 2026-Q3"
                ))
            })?,
        (None, Some(y)) => ReportPeriod::parse(y)
            .filter(|p| matches!(p, ReportPeriod::Year { .. }))
            .ok_or_else(|| {
                Failure::input(format!(
                    "year: не удалось разобрать «{y}»; ожидается год, например 2026"
                ))
            })?,
        (None, None) => ReportPeriod::last_quarter(ctx.now.date()),
    };
    let report = ctx.office.indicators(period, ctx.now, &ctx.operator)?;
    let label = report.period_label.clone();
    let count = report.values.len();
    let id = mcu_reports::archive::export(
        &ctx.office,
        &ReportContent::Indicators(Box::new(report)),
        fmt,
        out,
        &ctx.actor(),
    )
    .map_err(failed)?;
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

pub fn reopen(ctx: &Context, id: i64, format: &str, out: &Path) -> Result<(), Failure> {
    let fmt = report_format(format, &["docx", "pdf", "txt", "xlsx"])?;
    let content = mcu_reports::archive::reopen(&ctx.office, id, fmt, out).map_err(failed)?;
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
    format: &str,
    out: &Path,
) -> Result<(), Failure> {
    // A table to work with (xlsx, csv) or a register to print (pdf, docx).
    let doc_format =
        mcu_reports::DocFormat::from_code(format).filter(|f| *f != mcu_reports::DocFormat::Txt);
    let fmt = match (TableFormat::from_code(format), doc_format) {
        (Some(t), _) => Ok(t),
        (None, Some(d)) => Err(d),
        (None, None) => {
            return Err(Failure::input(format!(
                "format: неизвестный формат «{format}»; допустимы xlsx, csv, pdf, docx"
            )));
        }
    };
    let date = |name: &str, s: Option<&str>| -> Result<_, Failure> {
        s.map(|s| {
            mcu_core::period::parse_date(s).ok_or_else(|| {
                Failure::input(format!(
                    "{name}: не удалось разобрать «{s}»; ожидается YYYY-MM-DD"
                ))
            })
        })
        .transpose()
    };
    let q = JournalQuery {
        from: date("from", from)?,
        to: date("to", to)?,
        ..JournalQuery::default()
    };
    let pd = if unmasked {
        PersonalData::Full
    } else {
        PersonalData::Masked
    };
    let n = match fmt {
        Ok(table) => {
            mcu_reports::journal::export_journal(&ctx.office, &q, ctx.now.date(), pd, table, out)
        }
        Err(doc) => mcu_reports::registry::print_journal(
            &ctx.office,
            &q,
            ctx.now,
            &ctx.operator,
            pd,
            doc,
            out,
        ),
    }
    .map_err(failed)?;
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
