//! `mcu roadmap`: the road-map measures against root causes, listed or saved.

use mcu_core::roadmap::RoadMapDraft;

use crate::table::{cut, render};
use crate::{Context, Failure, Format};

pub fn list(ctx: &Context, format: Format) -> Result<(), Failure> {
    let rows = ctx.office.road_map(ctx.now.date())?;
    if format == Format::Json {
        println!(
            "{}",
            serde_json::to_string_pretty(&rows).expect("serialisable")
        );
        return Ok(());
    }
    let per_week = |n: i64, days: i64| format!("{:.1}", n as f64 * 7.0 / days as f64);
    let table: Vec<Vec<String>> = rows
        .iter()
        .map(|r| {
            let e = &r.effect;
            vec![
                r.item.id.to_string(),
                cut(&r.item.measure, 40),
                cut(&r.item.responsible, 24),
                r.item.due_date.format("%d.%m.%Y").to_string(),
                format!(
                    "{}{}",
                    r.item.status.label(),
                    if r.overdue {
                        ", просрочено"
                    } else {
                        ""
                    }
                ),
                format!(
                    "{} → {}",
                    per_week(e.before, mcu_core::roadmap::EFFECT_WEEKS * 7),
                    match e.since {
                        Some(n) if e.since_days >= 7 => per_week(n, e.since_days),
                        _ => "—".into(),
                    }
                ),
            ]
        })
        .collect();
    println!(
        "{}",
        render(
            &[
                "№",
                "Мероприятие",
                "Ответственный",
                "Срок",
                "Состояние",
                "Обращений в неделю (до → с начала)"
            ],
            &table
        )
    );
    Ok(())
}

/// Adds a measure, or changes one when the JSON has its `id` and `version`.
pub fn save(ctx: &Context, source: &str) -> Result<(), Failure> {
    let draft: RoadMapDraft = serde_json::from_value(crate::read_json(source)?)
        .map_err(|e| Failure::input(format!("Неверная структура мероприятия: {e}")))?;
    let id = ctx.office.save_road_map(&draft, &ctx.actor())?;
    println!("Мероприятие № {id} сохранено.");
    Ok(())
}
