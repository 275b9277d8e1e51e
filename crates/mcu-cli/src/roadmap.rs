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
    let table: Vec<Vec<String>> = rows
        .iter()
        .map(|r| {
            let (before, since) = (r.effect.before_per_week, r.effect.since_per_week);
            let week = |v: f64| format!("{v:.1}");
            vec![
                r.item.id.to_string(),
                cut(&r.item.measure, 40),
                cut(&r.item.responsible, 24),
                r.item.due_date.format("%d.%m.%Y").to_string(),
                r.state.clone(),
                format!(
                    "{} → {}",
                    week(before),
                    since.map_or_else(|| "—".into(), week)
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

/// Writes the road map as a document to approve and print.
pub fn export(
    ctx: &Context,
    format: mcu_reports::PrintFormat,
    output: &std::path::Path,
) -> Result<(), Failure> {
    let plan = ctx.office.road_map_plan(ctx.now, &ctx.operator)?;
    let doc = mcu_reports::roadmap::plan_document(&plan);
    mcu_reports::write(&doc, format.into(), output)?;
    println!(
        "Дорожная карта сохранена: {} (мероприятий: {}).",
        output.display(),
        plan.rows.len()
    );
    Ok(())
}
