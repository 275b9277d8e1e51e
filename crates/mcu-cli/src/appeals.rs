//! The appeal commands: demo, add, list, show, deadline.

use mcu_core::Actor;
use mcu_core::calendar::{OfficeSchedule, WorkCalendar};
use mcu_core::deadline;
use mcu_core::model::{AppealDraft, AppealKind, JournalQuery, PaperKind, Status};

use crate::table::{cut, render};
use crate::{Context, Failure, Format};

pub fn demo(ctx: &Context, n: usize, seed: u64) -> Result<(), Failure> {
    let started = std::time::Instant::now();
    let r = ctx.office.demo(
        n,
        seed,
        &Actor {
            operator: "Демо-данные",
            at: ctx.now,
        },
    )?;
    println!(
        "Добавлено демо-обращений: {} (из них просрочено: {}) за {:.1} с.",
        r.added,
        r.overdue,
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

pub fn add(ctx: &Context, source: &str, format: Format) -> Result<(), Failure> {
    let value = crate::read_json(source)?;
    let draft = AppealDraft::from_json(value)
        .map_err(|e| Failure::input(format!("Неверная структура обращения: {e}")))?;
    let id = ctx.office.register(&draft, &ctx.actor())?;
    let card = ctx.office.card(id, ctx.now.date())?;
    match format {
        Format::Json => println!(
            "{}",
            serde_json::to_string_pretty(&card).expect("serialisable")
        ),
        _ => println!(
            "Зарегистрировано: № {}, срок {} ({}).",
            card.number,
            card.deadline.due_date.format("%d.%m.%Y"),
            card.deadline.rule_name
        ),
    }
    Ok(())
}

pub fn list(
    ctx: &Context,
    search: Option<String>,
    status: Option<Status>,
    overdue: bool,
    limit: u32,
    format: Format,
) -> Result<(), Failure> {
    let q = JournalQuery {
        search: search.unwrap_or_default(),
        status,
        overdue,
        limit,
        ..Default::default()
    };
    let page = ctx.office.journal(&q, ctx.now.date())?;
    match format {
        Format::Json => println!(
            "{}",
            serde_json::to_string_pretty(&page).expect("serialisable")
        ),
        Format::Csv => {
            let mut w = csv::Writer::from_writer(std::io::stdout());
            let io = Failure::csv_output;
            w.write_record([
                "number",
                "registered_at",
                "channel",
                "kind",
                "status",
                "due_date",
                "days_left",
                "settlement",
                "topic",
                "block",
                "person",
                "applicant",
                "excerpt",
            ])
            .map_err(io)?;
            for r in &page.rows {
                w.write_record([
                    r.number.clone(),
                    r.registered_at.format("%Y-%m-%dT%H:%M").to_string(),
                    r.channel_name.clone(),
                    r.kind.code().to_owned(),
                    r.status.code().to_owned(),
                    r.due_date.to_string(),
                    r.days_left.map(|d| d.to_string()).unwrap_or_default(),
                    r.settlement_name.clone(),
                    r.topic_name.clone(),
                    r.block_name.clone(),
                    r.person_name.clone(),
                    r.applicant.clone(),
                    r.excerpt.clone(),
                ])
                .map_err(io)?;
            }
            w.flush().map_err(Failure::output)?;
        }
        Format::Table => {
            let rows: Vec<Vec<String>> = page
                .rows
                .iter()
                .map(|r| {
                    vec![
                        r.number.clone(),
                        r.registered_at.format("%d.%m.%Y %H:%M").to_string(),
                        cut(&r.channel_name, 18),
                        r.status.label().to_owned(),
                        r.due_date.format("%d.%m.%Y").to_string(),
                        match r.days_left {
                            Some(d) if d < 0 => format!("просрочено {}", -d),
                            Some(d) => d.to_string(),
                            None => String::new(),
                        },
                        cut(&r.settlement_name, 16),
                        cut(&r.topic_name, 40),
                    ]
                })
                .collect();
            println!(
                "{}",
                render(
                    &[
                        "Номер",
                        "Регистрация",
                        "Канал",
                        "Статус",
                        "Срок",
                        "Дней",
                        "Нас. пункт",
                        "Вопрос"
                    ],
                    &rows
                )
            );
            println!("Показано {} из {}.", page.rows.len(), page.total);
        }
    }
    Ok(())
}

/// Writes a paper of the appeal (`mcu paper`): its card or a notice to the applicant.
pub fn paper(
    ctx: &Context,
    number: &str,
    kind: PaperKind,
    format: mcu_reports::DocFormat,
    out: &std::path::Path,
) -> Result<(), Failure> {
    let id = ctx.office.id_by_number(number)?;
    let papers = ctx.office.appeal_papers(id, kind, ctx.now, &ctx.operator)?;
    let doc = mcu_reports::papers::paper_document(kind, &papers);
    mcu_reports::write(&doc, format, out)?;
    println!(
        "{} № {} записан(а): {}",
        kind.label(),
        number,
        out.display()
    );
    Ok(())
}

pub fn show(ctx: &Context, number: &str, format: Format) -> Result<(), Failure> {
    let id = ctx.office.id_by_number(number)?;
    let c = ctx.office.card(id, ctx.now.date())?;
    if format == Format::Json {
        println!(
            "{}",
            serde_json::to_string_pretty(&c).expect("serialisable")
        );
        return Ok(());
    }
    let d = &c.draft;
    let applicant = if d.anonymous && d.applicant_name.is_empty() {
        "Анонимно".to_owned()
    } else {
        d.applicant_name.clone()
    };
    let rows = [
        ("Номер", c.number.clone()),
        ("Статус", c.status.label().to_owned()),
        ("Поступило", d.received_at.replace('T', " ")),
        ("Зарегистрировано", d.registered_at.replace('T', " ")),
        ("Канал", c.channel_name.clone()),
        ("Вид", c.kind_resolved.label().to_owned()),
        ("Заявитель", applicant),
        ("Населённый пункт", c.settlement_name.clone()),
        ("Адрес", d.address.clone()),
        (
            "Вопросы",
            c.question_views
                .iter()
                .map(|q| format!("{} {}", q.code, q.name))
                .collect::<Vec<_>>()
                .join("; "),
        ),
        ("Блок", c.block_name.clone()),
        ("Ответственный", c.person_name.clone()),
        (
            "Срок",
            format!(
                "{} ({})",
                c.deadline.due_date.format("%d.%m.%Y"),
                c.deadline.rule_name
            ),
        ),
        ("Текст", d.text.clone()),
    ];
    for (k, v) in rows {
        println!("{k:>18}: {v}");
    }
    println!("\nИстория изменений:");
    for h in &c.history {
        let what = if h.field.is_empty() {
            h.new_value.clone()
        } else {
            format!(
                "{}: {} → {}",
                h.field_label,
                cut(&h.old_value, 60),
                cut(&h.new_value, 60)
            )
        };
        println!(
            "  {}  {}  {}  {}",
            h.at.format("%d.%m.%Y %H:%M"),
            h.operator,
            h.action,
            what
        );
    }
    Ok(())
}

pub fn deadline(kind: AppealKind, registered: &str) -> Result<(), Failure> {
    let at = mcu_core::period::moment("registered", registered)?;
    let rules = deadline::default_rules();
    let rule = deadline::select_rule(&rules, kind, &[]).expect("a default rule for every kind");
    let d = deadline::compute(
        rule,
        at,
        &WorkCalendar::default(),
        &OfficeSchedule::default(),
    );
    println!("{}", d.due_date);
    Ok(())
}
