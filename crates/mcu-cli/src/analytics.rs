//! `mcu heatmap`, `mcu trends` and `mcu rating`: the heat map as CSV, SVG or
//! PNG, the problem points of a week, the rating of responsible recipients.

use std::path::Path;

use mcu_core::analytics::heatmap::{ColDim, HeatmapQuery, RowDim, to_csv};
use mcu_core::analytics::trends::TrendParams;
use mcu_core::analytics::week::parse_week;
use mcu_core::model::{AppealKind, Theme};
use mcu_reports::charts::{ChartFormat, heatmap_chart};

use crate::table::{cut, render};
use crate::{Context, Failure, Format};

fn date(field: &str, s: Option<&str>) -> Result<Option<chrono::NaiveDate>, Failure> {
    s.map(|s| {
        mcu_core::period::parse_date(s).ok_or_else(|| {
            Failure::input(format!(
                "{field}: не удалось разобрать «{s}»; ожидается YYYY-MM-DD"
            ))
        })
    })
    .transpose()
}

fn pick<T: Copy>(field: &str, s: &str, options: &[(&str, T)]) -> Result<T, Failure> {
    options
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(s.trim()))
        .map(|(_, v)| *v)
        .ok_or_else(|| {
            let all: Vec<&str> = options.iter().map(|(k, _)| *k).collect();
            Failure::input(format!(
                "{field}: неизвестное значение «{s}»; допустимы {}",
                all.join(", ")
            ))
        })
}

/// The heat map's options as typed on the command line.
pub struct HeatmapArgs<'a> {
    pub rows: &'a str,
    pub cols: &'a str,
    pub from: Option<&'a str>,
    pub to: Option<&'a str>,
    pub per_1000: bool,
    pub channel: Option<String>,
    pub kind: Option<&'a str>,
    pub theme: Option<&'a str>,
    pub format: &'a str,
    pub output: Option<&'a Path>,
}

pub fn heatmap(ctx: &Context, a: &HeatmapArgs<'_>) -> Result<(), Failure> {
    let rows = pick(
        "rows",
        a.rows,
        &[
            ("topic", RowDim::Topic),
            ("theme", RowDim::Theme),
            ("block", RowDim::Block),
            ("section", RowDim::Section),
        ],
    )?;
    let cols = pick(
        "cols",
        a.cols,
        &[
            ("settlement", ColDim::Settlement),
            ("week", ColDim::Week),
            ("month", ColDim::Month),
            ("block", ColDim::Block),
        ],
    )?;
    let kind = a
        .kind
        .map(|k| {
            AppealKind::from_code(k).ok_or_else(|| {
                Failure::input(format!(
                    "kind: неизвестный вид «{k}»; допустимы 59fz, pos, im"
                ))
            })
        })
        .transpose()?;
    let theme = a
        .theme
        .map(|t| {
            Theme::from_code(t).ok_or_else(|| {
                let all: Vec<&str> = Theme::ALL.iter().map(|t| t.code()).collect();
                Failure::input(format!(
                    "theme: неизвестная тема «{t}»; допустимы {}",
                    all.join(", ")
                ))
            })
        })
        .transpose()?;
    let q = HeatmapQuery {
        rows,
        cols,
        from: date("from", a.from)?,
        to: date("to", a.to)?,
        channel: a.channel.clone(),
        kind,
        theme,
        per_1000: a.per_1000,
    };
    let h = ctx.office.heatmap(&q)?;
    let bytes = match a.format {
        "csv" => to_csv(&h).into_bytes(),
        f => {
            let format = ChartFormat::from_code(f).ok_or_else(|| {
                Failure::input(format!(
                    "format: неизвестный формат «{f}»; допустимы csv, svg, png"
                ))
            })?;
            heatmap_chart(&h, format)
                .map_err(|e| Failure {
                    code: 1,
                    message: e.to_string(),
                })?
                .bytes()
        }
    };
    match a.output {
        None if a.format == "csv" => print!("{}", String::from_utf8_lossy(&bytes)),
        None => {
            return Err(Failure::input(
                "output: для svg и png укажите файл: -o FILE",
            ));
        }
        Some(out) => {
            mcu_reports::write_bytes(&bytes, out).map_err(|e| Failure {
                code: 1,
                message: e.to_string(),
            })?;
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
    let monday = match week {
        None => ctx.now.date(),
        Some(w) => parse_week(w).ok_or_else(|| {
            Failure::input(format!(
                "week: не удалось разобрать «{w}»; ожидается YYYY-Www, например 2026-W48"
            ))
        })?,
    };
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
    by: &str,
    format: Format,
) -> Result<(), Failure> {
    use mcu_core::timeliness::GroupBy;
    let today = ctx.now.date();
    let from = date("from", from)?.unwrap_or(mcu_core::rating::quarter_start(today));
    let to = date("to", to)?.unwrap_or(today);
    let by = pick(
        "by",
        by,
        &[("person", GroupBy::Person), ("block", GroupBy::Block)],
    )?;
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
