//! `mcu heatmap`, `mcu trends` and `mcu rating`: the heat map as CSV, SVG or
//! PNG, the problem points of a week, the rating of responsible recipients.

use std::path::Path;

use mcu_core::analytics::heatmap::{ColDim, HeatmapQuery, RowDim};
use mcu_core::analytics::trends::TrendParams;
use mcu_core::model::{AppealKind, Theme};
use mcu_core::period;
use mcu_core::timeliness::GroupBy;
use mcu_reports::charts::{ChartFileFormat, heatmap_file};

use crate::table::{cut, render};
use crate::{Context, Failure, Format};

/// The heat map's options as typed on the command line.
pub struct HeatmapArgs<'a> {
    pub rows: RowDim,
    pub cols: ColDim,
    pub from: Option<&'a str>,
    pub to: Option<&'a str>,
    pub per_1000: bool,
    pub channel: Option<String>,
    pub kind: Option<AppealKind>,
    pub theme: Option<Theme>,
    pub format: ChartFileFormat,
    pub output: Option<&'a Path>,
}

pub fn heatmap(ctx: &Context, a: &HeatmapArgs<'_>) -> Result<(), Failure> {
    let (from, to) = period::period(a.from, a.to)?;
    let q = HeatmapQuery {
        rows: a.rows,
        cols: a.cols,
        from,
        to,
        channel: a.channel.clone(),
        kind: a.kind,
        theme: a.theme,
        per_1000: a.per_1000,
    };
    let h = ctx.office.heatmap(&q)?;
    let bytes = heatmap_file(&h, a.format)?;
    match a.output {
        None if a.format == ChartFileFormat::Csv => print!("{}", String::from_utf8_lossy(&bytes)),
        None => {
            return Err(Failure::input(
                "output: для svg и png укажите файл: -o FILE",
            ));
        }
        Some(out) => {
            mcu_reports::write_bytes(&bytes, out)?;
            println!(
                "Тепловая карта записана: {} ({} строк × {} столбцов, вопросов: {}).",
                out.display(),
                h.rows.len(),
                h.cols.len(),
                h.total
            );
        }
    }
    Ok(())
}

pub fn trends(
    ctx: &Context,
    week: Option<&str>,
    params: TrendParams,
    format: Format,
) -> Result<(), Failure> {
    // Without a week: the current one (the window's default is the last full week).
    let monday = period::optional_week("week", week)?.unwrap_or(ctx.now.date());
    let t = ctx.office.trends(monday, &params)?;
    if format == Format::Json {
        println!(
            "{}",
            serde_json::to_string_pretty(&t).expect("serialisable")
        );
        return Ok(());
    }
    println!(
        "Точки роста за неделю {} (с {}): проверено ячеек тема × населённый пункт: {}, отмечено: {}.",
        t.week,
        t.week_start.format("%d.%m.%Y"),
        t.cells,
        t.points.len()
    );
    println!(
        "База — {} предыдущих недель; порог: не меньше {} вопросов, рост не меньше чем в {} раза, p < {}.",
        t.params.baseline_weeks, t.params.min_count, t.params.min_ratio, t.params.alpha
    );
    if t.points.is_empty() {
        return Ok(());
    }
    let body: Vec<Vec<String>> = t
        .points
        .iter()
        .map(|p| {
            vec![
                cut(&p.topic_name, 36),
                cut(&p.settlement_name, 16),
                p.count.to_string(),
                p.baseline
                    .iter()
                    .map(u32::to_string)
                    .collect::<Vec<_>>()
                    .join(" "),
                format!("{:.2}", p.baseline_mean),
                format!("×{:.1}", p.ratio),
                format!("{:.1e}", p.p_value),
            ]
        })
        .collect();
    print!(
        "{}",
        render(
            &[
                "Тема",
                "Нас. пункт",
                "Неделя",
                "База по неделям",
                "Среднее",
                "Рост",
                "p"
            ],
            &body
        )
    );
    Ok(())
}

/// `mcu rating`: the rating of responsible recipients for appeals registered
/// in a period (by default from the start of this quarter to today).
pub fn rating(
    ctx: &Context,
    from: Option<&str>,
    to: Option<&str>,
    by: GroupBy,
    format: Format,
) -> Result<(), Failure> {
    let today = ctx.now.date();
    let (from, to) = period::period(from, to)?;
    let from = from.unwrap_or(mcu_core::rating::quarter_start(today));
    let to = to.unwrap_or(today);
    let r = ctx.office.rating(from, to, by, today)?;
    if format == Format::Json {
        println!(
            "{}",
            serde_json::to_string_pretty(&r).expect("serialisable")
        );
        return Ok(());
    }
    let s = &r.settings;
    println!(
        "Рейтинг ответственных получателей: обращения, зарегистрированные с {} по {}; просрочка на {}.",
        r.from.format("%d.%m.%Y"),
        r.to.format("%d.%m.%Y"),
        r.as_of.format("%d.%m.%Y")
    );
    println!(
        "Балл — среднее критериев с весами: сроки {}, меры приняты {}, удовлетворённость {}; место — не меньше {} ответов и просроченных.",
        s.timeliness_weight, s.measures_weight, s.satisfaction_weight, s.min_base
    );
    let pct = |v: Option<f64>| v.map_or_else(|| "—".to_owned(), |v| format!("{v:.1}"));
    let body: Vec<Vec<String>> = r
        .rows
        .iter()
        .map(|x| {
            vec![
                x.place.map_or_else(|| "—".to_owned(), |p| p.to_string()),
                cut(&x.name, 40),
                x.registered.to_string(),
                x.answered.to_string(),
                pct(x.timeliness_percent),
                pct(x.measures_percent),
                pct(x.satisfaction_percent),
                x.open_overdue.to_string(),
                pct(x.score),
            ]
        })
        .collect();
    println!(
        "{}",
        render(
            &[
                "Место",
                "Получатель",
                "Поступило",
                "Ответов",
                "В срок, %",
                "Меры, %",
                "Удовл., %",
                "Просрочено",
                "Балл",
            ],
            &body
        )
    );
    Ok(())
}
