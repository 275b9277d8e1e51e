//! `mcu control` and `mcu notify --dry-run`: the control screen and the
//! notifications that are due, as of a moment.

use chrono::NaiveDateTime;
use mcu_core::model::JournalRow;

use crate::table::{cut, render};
use crate::{Context, Failure, Format};

/// `--at` or the context's "now".
pub fn moment(ctx: &Context, at: Option<&str>) -> Result<NaiveDateTime, Failure> {
    Ok(match at {
        None => ctx.now,
        Some(s) => mcu_core::period::moment("at", s)?,
    })
}

fn rows_table(rows: &[JournalRow]) -> String {
    let body: Vec<Vec<String>> = rows
        .iter()
        .map(|r| {
            vec![
                r.number.clone(),
                r.due_date.format("%d.%m.%Y").to_string(),
                r.days_left.map(|d| d.to_string()).unwrap_or_default(),
                cut(&r.topic_name, 36),
                cut(&r.settlement_name, 14),
                cut(
                    if r.person_name.is_empty() {
                        &r.block_name
                    } else {
                        &r.person_name
                    },
                    32,
                ),
            ]
        })
        .collect();
    render(
        &[
            "Номер",
            "Срок",
            "Дней",
            "Вопрос",
            "Нас. пункт",
            "Кто держит",
        ],
        &body,
    )
}

pub fn control(ctx: &Context, at: Option<&str>, format: Format) -> Result<(), Failure> {
    let at = moment(ctx, at)?;
    let s = ctx.office.control(at)?;
    if format == Format::Json {
        println!(
            "{}",
            serde_json::to_string_pretty(&s).expect("serialisable")
        );
        return Ok(());
    }
    let c = &s.counts;
    println!("Контроль сроков на {}", at.format("%d.%m.%Y %H:%M"));
    println!(
        "Просрочено: {}   Срок сегодня: {}   До {} (3 раб. дня): {}   Не распределено: {} (срок переадресации истёк: {})",
        c.overdue,
        c.due_today,
        s.soon_until.format("%d.%m.%Y"),
        c.due_soon,
        c.unassigned,
        c.redirect_overdue
    );
    println!(
        "Первичный ответ по инцидентам: ждут {}, просрочено {}   Продлено без уведомления: {}   Зарегистрировано позже 3 дней (за неделю): {}",
        c.first_response_pending,
        c.first_response_overdue,
        c.extension_notice_missing,
        c.registered_late
    );
    if c.road_map_overdue > 0 {
        println!(
            "Мероприятий дорожных карт с нарушением срока: {} (mcu roadmap list).",
            c.road_map_overdue
        );
    }
    if c.beyond_calendar > 0 {
        println!(
            "Внимание: {} сроков за пределами официального производственного календаря.",
            c.beyond_calendar
        );
    }
    for (title, rows) in [
        ("Просрочено", &s.overdue),
        ("Срок сегодня", &s.due_today),
        ("Скоро срок", &s.due_soon),
    ] {
        if !rows.is_empty() {
            println!("\n{title}:\n{}", rows_table(rows));
        }
    }
    let blocks: Vec<Vec<String>> = s
        .by_block
        .iter()
        .map(|b| {
            vec![
                cut(&b.name, 50),
                b.overdue.to_string(),
                b.due_today.to_string(),
                b.due_soon.to_string(),
                b.open.to_string(),
            ]
        })
        .collect();
    println!(
        "\nПо отраслевым блокам:\n{}",
        render(
            &["Блок", "Просрочено", "Сегодня", "Скоро", "Открыто"],
            &blocks
        )
    );
    Ok(())
}

pub fn notify(
    ctx: &Context,
    dry_run: bool,
    at: Option<&str>,
    format: Format,
) -> Result<(), Failure> {
    if !dry_run {
        return Err(Failure::input(
            "Уведомления на рабочий стол отправляет программа МЦУ·Дежурный; здесь доступен только просмотр: mcu notify --dry-run",
        ));
    }
    let at = moment(ctx, at)?;
    let notices = ctx.office.pending_notices(at)?;
    if format == Format::Json {
        println!(
            "{}",
            serde_json::to_string_pretty(&notices).expect("serialisable")
        );
        return Ok(());
    }
    if notices.is_empty() {
        println!("Новых уведомлений нет.");
    }
    for n in &notices {
        println!(
            "[{}] {}\n    {}",
            n.threshold,
            n.summary,
            n.body.replace('\n', "\n    ")
        );
    }
    Ok(())
}

pub fn handover(
    ctx: &Context,
    date: Option<&str>,
    format: mcu_reports::DocFormat,
    out: &std::path::Path,
) -> Result<(), Failure> {
    let day = mcu_core::period::optional_date("date", date)?.unwrap_or(ctx.now.date());
    let note = ctx.office.handover(day, ctx.now, &ctx.operator)?;
    let doc = mcu_reports::handover::handover_document(&note);
    mcu_reports::write(&doc, format, out)?;
    println!(
        "Сводка за {} записана: {} (поступило {}, дан ответ {}, просрочено {}).",
        day.format("%d.%m.%Y"),
        out.display(),
        note.arrived.len(),
        note.answered.len(),
        note.overdue.len()
    );
    Ok(())
}
