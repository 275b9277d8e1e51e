//! The weekly analytic note as a document: the core's [`WeeklyNote`] laid out
//! in sections with tables, the heat map picture (PNG drawn by mcu-charts from
//! the note's own figures, so an archived note draws the same picture) and the
//! summary paragraph. No applicant is named anywhere in it.

use mcu_core::weekly::{RoadMapLine, WeekCount, WeeklyNote, fmt1};
use mcu_docs::{Block, Document, Table};

use crate::{ReportError, d, signed_percent};

fn h(level: u8, text: impl Into<String>) -> Block {
    Block::Heading {
        level,
        text: text.into(),
    }
}

fn opt1(v: Option<f64>) -> String {
    v.map_or_else(|| "—".to_owned(), fmt1)
}

fn counts_table(first: &str, rows: &[WeekCount], per_1000: bool) -> Block {
    let mut headers = vec![
        first.to_owned(),
        "За неделю".into(),
        "Неделей ранее".into(),
        "Изменение".into(),
    ];
    if per_1000 {
        headers.push("На 1000 жит.".into());
    }
    Block::Table(Table {
        headers,
        rows: rows
            .iter()
            .map(|r| {
                let mut row = vec![
                    r.name.clone(),
                    r.count.to_string(),
                    r.previous.to_string(),
                    signed_percent(r.change_percent),
                ];
                if per_1000 {
                    row.push(opt1(r.per_1000));
                }
                row
            })
            .collect(),
        widths: if per_1000 {
            vec![4.0, 1.3, 1.5, 1.4, 1.4]
        } else {
            vec![5.0, 1.3, 1.5, 1.4]
        },
        numeric: vec![false, true, true, true, true],
    })
}

/// The heat map picture of the note (PNG), drawn from the note's figures.
pub fn heat_png(n: &WeeklyNote) -> Result<Vec<u8>, ReportError> {
    let heat = &n.heat;
    let spec = mcu_charts::HeatmapSpec {
        title: "Тепловая карта: вопросы по отраслевым блокам и населённым пунктам".into(),
        subtitle: format!("{} – {}", d(n.from), d(n.to)),
        row_header: heat.row_header.clone(),
        col_header: heat.col_header.clone(),
        row_labels: heat.rows.clone(),
        col_labels: heat.cols.clone(),
        values: heat
            .counts
            .iter()
            .map(|r| r.iter().map(|v| *v as f64).collect())
            .collect(),
        row_totals: heat.row_totals.iter().map(|v| *v as f64).collect(),
        col_totals: heat.col_totals.iter().map(|v| *v as f64).collect(),
        total: heat.total as f64,
        value_label: "вопросов".into(),
        decimals: 0,
    };
    Ok(mcu_charts::heatmap_png(&spec)?)
}

/// The note as a document.
pub fn weekly_document(n: &WeeklyNote) -> Result<Document, ReportError> {
    let mut b: Vec<Block> = Vec::new();
    b.push(h(1, "Краткие итоги"));
    b.push(Block::Paragraph(n.summary.clone()));
    intake_section(n, &mut b);
    timeliness_section(n, &mut b);
    topics_section(n, &mut b);
    heat_section(n, &mut b)?;
    satisfaction_section(n, &mut b);
    overdue_sections(n, &mut b);
    Ok(Document {
        title: format!(
            "Аналитическая записка о работе с обращениями граждан за неделю {} – {}",
            d(n.from),
            d(n.to)
        ),
        org_header: crate::org_header(&n.office_name),
        subtitle: format!("Неделя {}, сроки — на {}", n.week, d(n.as_of)),
        blocks: b,
        footer_note: format!(
            "{} Персональные данные заявителей в записке не приводятся.",
            crate::made_by(n.made_at, &n.operator)
        ),
    })
}

/// Section 1: what came in, by channel, kind, block and settlement.
fn intake_section(n: &WeeklyNote, b: &mut Vec<Block>) {
    b.push(h(1, "1. Поступление обращений и сообщений"));
    b.push(Block::KeyValues(vec![
        (
            "Поступило за неделю".into(),
            format!(
                "{} (неделей ранее {}; {})",
                n.total.count,
                n.total.previous,
                signed_percent(n.total.change_percent)
            ),
        ),
        ("Вопросов (по ТОТК)".into(), n.questions.to_string()),
    ]));
    b.push(h(2, "По каналам поступления"));
    b.push(counts_table("Канал", &n.by_channel, false));
    b.push(h(2, "По видам"));
    b.push(counts_table("Вид", &n.by_kind, false));
    b.push(h(2, "По отраслевым блокам"));
    b.push(counts_table("Отраслевой блок", &n.by_block, false));
    b.push(h(2, "По населённым пунктам"));
    b.push(counts_table("Населённый пункт", &n.by_settlement, true));
}

/// Section 2: answers in and out of time, per person, and the rating.
fn timeliness_section(n: &WeeklyNote, b: &mut Vec<Block>) {
    b.push(h(1, "2. Своевременность"));
    let t = &n.timeliness;
    b.push(Block::KeyValues(vec![
        (
            "Дано ответов за неделю".into(),
            format!(
                "{}, из них в срок {}, с нарушением срока {}",
                t.total.answered_on_time + t.total.answered_late,
                t.total.answered_on_time,
                t.total.answered_late
            ),
        ),
        (
            "Доля ответов в срок".into(),
            t.on_time_percent
                .map_or_else(|| "—".into(), |p| format!("{} %", fmt1(p))),
        ),
        (
            "Среднее время ответа".into(),
            t.avg_days_to_answer
                .map_or_else(|| "—".into(), |v| format!("{} дн.", fmt1(v))),
        ),
        ("Сроки продлены".into(), t.total.extended.to_string()),
        (
            format!("На рассмотрении на {}", d(n.as_of)),
            format!(
                "{}, из них просрочено {}",
                t.total.open_in_time + t.total.open_overdue,
                t.total.open_overdue
            ),
        ),
    ]));
    if !t.by_person.is_empty() {
        b.push(h(2, "По ответственным"));
        b.push(Block::Table(Table {
            headers: vec![
                "Ответственный".into(),
                "Ответ в срок".into(),
                "Ответ с нарушением".into(),
                "Продлено".into(),
                "В работе".into(),
                "Просрочено".into(),
            ],
            rows: t
                .by_person
                .iter()
                .chain(std::iter::once(&t.total))
                .map(|p| {
                    vec![
                        p.name.clone(),
                        p.answered_on_time.to_string(),
                        p.answered_late.to_string(),
                        p.extended.to_string(),
                        p.open_in_time.to_string(),
                        p.open_overdue.to_string(),
                    ]
                })
                .collect(),
            widths: vec![3.8, 1.2, 1.5, 1.3, 1.3, 1.5],
            numeric: vec![false, true, true, true, true, true],
        }));
    }
    if let Some(r) = &n.rating {
        rating_section(r, b);
    }
}

/// Section 3: the frequent topics with their typical problems.
fn topics_section(n: &WeeklyNote, b: &mut Vec<Block>) {
    b.push(h(1, "3. Частые темы и типичные проблемы"));
    if n.top_topics.is_empty() {
        b.push(Block::Paragraph("Обращений за неделю не было.".into()));
    } else {
        b.push(Block::Table(Table {
            headers: vec![
                "Вопрос (ТОТК)".into(),
                "За неделю".into(),
                "Неделей ранее".into(),
                "Изменение".into(),
            ],
            rows: n
                .top_topics
                .iter()
                .map(|t| {
                    vec![
                        format!("{} {}", t.code, t.name),
                        t.count.to_string(),
                        t.previous.to_string(),
                        signed_percent(t.change_percent),
                    ]
                })
                .collect(),
            widths: vec![5.0, 1.3, 1.5, 1.4],
            numeric: vec![false, true, true, true],
        }));
        for t in &n.top_topics {
            if t.examples.is_empty() {
                continue;
            }
            b.push(h(3, format!("Типичные проблемы: {}", t.name)));
            b.push(Block::Bullets(
                t.examples.iter().map(|e| format!("«{e}»")).collect(),
            ));
        }
    }
}

/// Section 4: the heat map's picture and the problem points.
fn heat_section(n: &WeeklyNote, b: &mut Vec<Block>) -> Result<(), ReportError> {
    b.push(h(1, "4. Тепловая карта и проблемные точки"));
    if n.heat.total > 0 {
        b.push(Block::Image {
            png: heat_png(n)?,
            width_mm: 170.0,
            caption: "Вопросы обращений за неделю по отраслевым блокам и населённым пунктам".into(),
        });
    } else {
        b.push(Block::Paragraph(
            "За неделю нет вопросов для тепловой карты.".into(),
        ));
    }
    if n.problem_points.is_empty() {
        b.push(Block::Paragraph(
            "Проблемных точек (необычного роста жалоб по теме в населённом пункте) не выявлено."
                .into(),
        ));
    } else {
        b.push(Block::Paragraph(
            "Проблемная точка — тема в населённом пункте, по которой за неделю поступило заметно больше вопросов, чем обычно (в среднем за 8 предыдущих недель), и такой рост маловероятен как случайный."
                .into(),
        ));
        b.push(Block::Table(Table {
            headers: vec![
                "Вопрос".into(),
                "Населённый пункт".into(),
                "За неделю".into(),
                "Обычно в неделю".into(),
                "Рост, раз".into(),
            ],
            rows: n
                .problem_points
                .iter()
                .map(|p| {
                    vec![
                        p.topic_name.clone(),
                        p.settlement_name.clone(),
                        p.count.to_string(),
                        fmt1(p.baseline_mean),
                        fmt1(p.ratio),
                    ]
                })
                .collect(),
            widths: vec![4.0, 2.0, 1.2, 1.4, 1.1],
            numeric: vec![false, false, true, true, true],
        }));
    }
    Ok(())
}

/// Section 5: the applicants' ratings of the answers.
fn satisfaction_section(n: &WeeklyNote, b: &mut Vec<Block>) {
    b.push(h(1, "5. Удовлетворённость заявителей"));
    let s = &n.satisfaction;
    b.push(Block::KeyValues(vec![
        ("Удовлетворены ответом".into(), s.satisfied.to_string()),
        ("Не удовлетворены".into(), s.unsatisfied.to_string()),
        ("Нет оценки".into(), s.no_rating.to_string()),
        (
            "Доля положительных оценок".into(),
            s.positive_percent
                .map_or_else(|| "—".into(), |p| format!("{} %", fmt1(p))),
        ),
    ]));
}

/// The road map (section 6, when the note has one) and the overdue appeals.
fn overdue_sections(n: &WeeklyNote, b: &mut Vec<Block>) {
    // Notes archived before road maps had no such section and keep their numbering.
    let overdue_heading = match &n.road_map {
        Some(lines) => {
            road_map_section(lines, b);
            "7. Просроченные обращения"
        }
        None => "6. Просроченные обращения",
    };
    b.push(h(1, overdue_heading));
    if n.overdue.is_empty() {
        b.push(Block::Paragraph(format!(
            "На {} просроченных обращений нет.",
            d(n.as_of)
        )));
    } else {
        let shown = if n.overdue_total as usize > n.overdue.len() {
            format!(
                " Ниже — первые {} по сроку (с наибольшей просрочкой).",
                n.overdue.len()
            )
        } else {
            String::new()
        };
        b.push(Block::Paragraph(format!(
            "На {} просрочено {} обращений.{shown}",
            d(n.as_of),
            n.overdue_total
        )));
        b.push(Block::Table(Table {
            headers: vec![
                "№".into(),
                "Дата рег.".into(),
                "Вопрос".into(),
                "Нас. пункт".into(),
                "Ответственный".into(),
                "Срок".into(),
                "Дней просрочки".into(),
            ],
            rows: n
                .overdue
                .iter()
                .map(|o| {
                    vec![
                        o.number.clone(),
                        d(o.registered),
                        o.topic.clone(),
                        o.settlement.clone(),
                        o.holder.clone(),
                        d(o.due_date),
                        o.days_overdue.to_string(),
                    ]
                })
                .collect(),
            widths: vec![1.75, 1.45, 2.9, 1.45, 2.1, 1.45, 1.2],
            numeric: vec![false, false, false, false, false, false, true],
        }));
    }
}

/// Section 6, the road-map measures against root causes: open ones and those
/// finished during the week, with the appeals on their problem per week before
/// and since.
/// The rating of responsible persons from the start of the quarter (section 2).
fn rating_section(r: &mcu_core::rating::Rating, b: &mut Vec<Block>) {
    b.push(h(
        2,
        format!(
            "Рейтинг ответственных получателей с {} по {}",
            d(r.from),
            d(r.to)
        ),
    ));
    let s = &r.settings;
    b.push(Block::Paragraph(format!(
        "Балл — среднее критериев с весами: соблюдение сроков {}, принятые меры {}, удовлетворённость заявителей {}; место — не меньше {} ответов и просроченных на {}.",
        s.timeliness_weight,
        s.measures_weight,
        s.satisfaction_weight,
        s.min_base,
        d(r.as_of)
    )));
    if r.rows.is_empty() {
        b.push(Block::Paragraph("Обращений за период не было.".into()));
        return;
    }
    let pct = |v: Option<f64>| v.map_or_else(|| "—".to_owned(), fmt1);
    b.push(Block::Table(Table {
        headers: vec![
            "Место".into(),
            "Ответственный".into(),
            "Поступило".into(),
            "В срок, %".into(),
            "Меры приняты, %".into(),
            "Удовлетворены, %".into(),
            "Балл".into(),
        ],
        rows: r
            .rows
            .iter()
            .map(|x| {
                vec![
                    x.place.map_or_else(|| "—".to_owned(), |p| p.to_string()),
                    x.name.clone(),
                    x.registered.to_string(),
                    pct(x.timeliness_percent),
                    pct(x.measures_percent),
                    pct(x.satisfaction_percent),
                    pct(x.score),
                ]
            })
            .collect(),
        widths: vec![0.7, 3.7, 1.2, 0.9, 1.2, 1.8, 0.7],
        numeric: vec![true, false, true, true, true, true, true],
    }));
}

fn road_map_section(lines: &[RoadMapLine], b: &mut Vec<Block>) {
    b.push(h(1, "6. Дорожные карты по устранению причин обращений"));
    if lines.is_empty() {
        b.push(Block::Paragraph(
            "Мероприятий дорожных карт в работе нет.".into(),
        ));
        return;
    }
    let open = lines.iter().filter(|l| l.done_date.is_none()).count();
    let late = lines.iter().filter(|l| l.overdue).count();
    let done = lines.len() - open;
    b.push(Block::Paragraph(format!(
        "Мероприятий в работе: {open}, из них с нарушением срока: {late}; выполнено за неделю: {done}. \
         Обращений по проблеме в неделю — в среднем за 8 недель до начала мероприятия и с его начала."
    )));
    b.push(Block::Table(Table {
        headers: vec![
            "Проблема".into(),
            "Мероприятие".into(),
            "Тема, место".into(),
            "Ответственный".into(),
            "Срок".into(),
            "Состояние".into(),
            "Обращений в неделю".into(),
        ],
        rows: lines
            .iter()
            .map(|l| {
                vec![
                    l.problem.clone(),
                    l.measure.clone(),
                    l.place.clone(),
                    l.responsible.clone(),
                    d(l.due_date),
                    l.state.clone(),
                    format!(
                        "{} → {}",
                        fmt1(l.before_per_week),
                        l.since_per_week.map_or_else(|| "—".into(), fmt1)
                    ),
                ]
            })
            .collect(),
        widths: vec![2.0, 2.0, 2.6, 2.3, 1.75, 2.2, 1.65],
        numeric: vec![false, false, false, false, false, false, true],
    }));
}
