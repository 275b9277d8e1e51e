//! `mcu bench`: measures the core's journal and save paths on a database of a
//! given size. Figures go to BENCHMARKS.md; compare ratios from one run, the
//! machines are shared and noisy.

use std::time::{Duration, Instant};

use mcu_core::Actor;
use mcu_core::Office;
use mcu_core::model::{AppealDraft, JournalQuery, Status};

use crate::Failure;

fn stats(mut v: Vec<Duration>) -> (f64, f64) {
    v.sort_unstable();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    (
        ms(v[v.len() / 2]),
        ms(v[(v.len() * 95 / 100).min(v.len() - 1)]),
    )
}

fn measure(
    name: &str,
    runs: usize,
    mut f: impl FnMut() -> Result<(), Failure>,
) -> Result<(), Failure> {
    f()?; // warm the page cache and the statement cache
    let mut times = Vec::with_capacity(runs);
    for _ in 0..runs {
        let t = Instant::now();
        f()?;
        times.push(t.elapsed());
    }
    let (median, p95) = stats(times);
    println!("{name:<44} median {median:>8.2} ms   p95 {p95:>8.2} ms");
    Ok(())
}

/// Runs the measurements; `appeals` demo appeals are added to a fresh
/// temporary database unless the database already holds at least that many.
pub fn run(
    office: &Office,
    now: chrono::NaiveDateTime,
    appeals: usize,
    runs: usize,
    measurements: bool,
) -> Result<(), Failure> {
    let today = now.date();
    let total = office
        .journal(
            &JournalQuery {
                limit: 1,
                ..Default::default()
            },
            today,
        )?
        .total as usize;
    if total < appeals {
        let t = Instant::now();
        let r = office.demo(
            appeals - total,
            42,
            &Actor {
                operator: "bench",
                at: now,
            },
        )?;
        println!(
            "demo data: {} appeals added in {:.1} s",
            r.added,
            t.elapsed().as_secs_f64()
        );
    }
    let total = office
        .journal(
            &JournalQuery {
                limit: 1,
                ..Default::default()
            },
            today,
        )?
        .total;
    println!("database: {total} appeals; {runs} runs each\n");
    if !measurements {
        return Ok(());
    }

    let journal =
        |q: JournalQuery| move || office.journal(&q, today).map(|_| ()).map_err(Failure::from);
    let block = office
        .reference()?
        .blocks
        .iter()
        .find(|b| b.code == "utilities")
        .map(|b| b.id);
    measure(
        "journal: first page (100 rows + total)",
        runs,
        journal(JournalQuery::default()),
    )?;
    measure(
        "journal: filtered page (block + open)",
        runs,
        journal(JournalQuery {
            block_id: block,
            open_only: true,
            ..Default::default()
        }),
    )?;
    // Each filter of the journal's bar, as a block head or the curator uses
    // them: every one is a page and the total for the same filter.
    let r = office.reference()?;
    let person = r
        .persons
        .iter()
        .find(|p| !p.block_ids.is_empty())
        .map(|p| p.id);
    let settlement = r
        .settlements
        .iter()
        .find(|s| s.name == "Мосты")
        .map(|s| s.id);
    let filters: [(&str, JournalQuery); 6] = [
        (
            "journal: person + open",
            JournalQuery {
                person_id: person,
                open_only: true,
                ..Default::default()
            },
        ),
        (
            "journal: settlement",
            JournalQuery {
                settlement_id: settlement,
                ..Default::default()
            },
        ),
        (
            "journal: channel + last month",
            JournalQuery {
                channel: Some("pos".into()),
                from: Some(today - chrono::Duration::days(30)),
                ..Default::default()
            },
        ),
        (
            "journal: theme (ЖКХ)",
            JournalQuery {
                theme: Some(mcu_core::model::Theme::Housing),
                ..Default::default()
            },
        ),
        (
            "journal: topic 0005.0005.0056 + open",
            JournalQuery {
                topic: Some("0005.0005.0056".into()),
                open_only: true,
                ..Default::default()
            },
        ),
        (
            "journal: block, sorted by due date",
            JournalQuery {
                block_id: block,
                sort: mcu_core::model::SortKey::DueAsc,
                ..Default::default()
            },
        ),
    ];
    for (name, q) in filters {
        measure(name, runs, journal(q))?;
    }
    measure(
        "journal: overdue, by due date",
        runs,
        journal(JournalQuery {
            overdue: true,
            sort: mcu_core::model::SortKey::DueAsc,
            ..Default::default()
        }),
    )?;
    measure(
        "journal: status answered, page 50",
        runs,
        journal(JournalQuery {
            status: Some(Status::Answered),
            offset: 5000,
            ..Default::default()
        }),
    )?;
    measure(
        "search: «водоснабж» (frequent)",
        runs,
        journal(JournalQuery {
            search: "водоснабж".into(),
            ..Default::default()
        }),
    )?;
    measure(
        "search: «фельдшер» (rare)",
        runs,
        journal(JournalQuery {
            search: "фельдшер".into(),
            ..Default::default()
        }),
    )?;
    measure(
        "search: two words + filter",
        runs,
        journal(JournalQuery {
            search: "нет воды".into(),
            open_only: true,
            ..Default::default()
        }),
    )?;
    let newest = office.journal(&JournalQuery::default(), today)?.rows[0].clone();
    let first = newest.id;
    measure("card with history", runs, || {
        office.card(first, today).map(|_| ()).map_err(Failure::from)
    })?;
    // The form's hint while a name is typed: demo names repeat, so this
    // applicant has many appeals (a worse case than a real register's).
    let name = newest.applicant.clone();
    let earlier = office.applicant_appeals(&name, None, today)?.len();
    measure(
        &format!("form: applicant's earlier appeals ({earlier} shown)"),
        runs,
        || {
            office
                .applicant_appeals(&name, None, today)
                .map(|_| ())
                .map_err(Failure::from)
        },
    )?;
    measure("control screen (all clocks, breakdowns)", runs, || {
        office.control(now).map(|_| ()).map_err(Failure::from)
    })?;
    // The notifier's periodic check in its steady state: everything due was already notified.
    let pending = office.pending_notices(now)?;
    office.mark_notices_sent(&pending, now)?;
    measure("notifier: periodic check (nothing new)", runs, || {
        office
            .pending_notices(now)
            .map(|_| ())
            .map_err(Failure::from)
    })?;
    analytics(office, today, runs)?;
    let draft = AppealDraft {
        received_at: "2026-11-26T09:00".into(),
        registered_at: "2026-11-26T11:30".into(),
        channel: "pos".into(),
        appeal_type: "complaint".into(),
        applicant_name: "Бенчмарков Б.Б.".into(),
        settlement: "Мосты".into(),
        text: "Нет воды в доме по ул. Мира.".into(),
        questions: vec!["0005.0005.0056.1154".into()],
        block: "utilities".into(),
        ..Default::default()
    };
    let actor = Actor {
        operator: "bench",
        at: now,
    };
    measure("save: register an appeal with its audit", runs, || {
        office
            .register(&draft, &actor)
            .map(|_| ())
            .map_err(Failure::from)
    })?;
    reports(office, now, runs)
}

/// The weekly note, the indicators and the journal export: heavier, fewer runs.
fn reports(office: &Office, now: chrono::NaiveDateTime, runs: usize) -> Result<(), Failure> {
    let heavy = runs.clamp(1, 5);
    let today = now.date();
    let week = mcu_core::weekly::last_full_week(today);
    measure(
        "weekly note: model (figures, heat map, trends)",
        heavy,
        || {
            office
                .weekly_note(week, now, "bench", None)
                .map(|_| ())
                .map_err(Failure::from)
        },
    )?;
    let note = office.weekly_note(week, now, "bench", None)?;
    measure("weekly note: model + PDF", heavy, || {
        let n = office.weekly_note(week, now, "bench", None)?;
        let doc = mcu_reports::weekly::weekly_document(&n).map_err(Failure::from)?;
        mcu_reports::render(&doc, mcu_reports::DocFormat::Pdf)
            .map(|_| ())
            .map_err(Failure::from)
    })?;
    measure("weekly note: DOCX from the model", heavy, || {
        let doc = mcu_reports::weekly::weekly_document(&note).map_err(Failure::from)?;
        mcu_reports::render(&doc, mcu_reports::DocFormat::Docx)
            .map(|_| ())
            .map_err(Failure::from)
    })?;
    let quarter = mcu_core::indicators::ReportPeriod::last_quarter(today);
    measure("indicators: last quarter (model)", heavy, || {
        office
            .indicators(quarter, now, "bench")
            .map(|_| ())
            .map_err(Failure::from)
    })?;
    measure("indicators: last quarter + XLSX", heavy, || {
        let r = office.indicators(quarter, now, "bench")?;
        mcu_reports::indicators::indicators_xlsx(&r)
            .map(|_| ())
            .map_err(Failure::from)
    })?;
    // The newest 100,000 appeals (or all, if fewer): from the day of the 100,000th.
    let edge = office.journal(
        &JournalQuery {
            offset: 99_999,
            limit: 1,
            ..Default::default()
        },
        today,
    )?;
    let q = JournalQuery {
        from: edge.rows.first().map(|r| r.registered_at.date()),
        ..Default::default()
    };
    let rows = office.journal_count(&q, today)?;
    let path = std::env::temp_dir().join(format!("mcu-bench-{}.xlsx", std::process::id()));
    for format in [
        mcu_reports::journal::TableFormat::Xlsx,
        mcu_reports::journal::TableFormat::Csv,
    ] {
        let ext = format.extension();
        measure(
            &format!("journal export: {}, {rows} rows", ext.to_uppercase()),
            heavy.min(3),
            || {
                mcu_reports::journal::export_journal(
                    office,
                    &q,
                    today,
                    mcu_core::privacy::PersonalData::Masked,
                    format,
                    &path.with_extension(ext),
                )
                .map(|_| ())
                .map_err(Failure::from)
            },
        )?;
    }
    let _ = std::fs::remove_file(&path);
    let _ = std::fs::remove_file(path.with_extension("csv"));
    Ok(())
}

/// The heat map, growth and chart rendering. The facts are loaded once and
/// kept while the register is unchanged, so the load is measured apart.
fn analytics(office: &Office, today: chrono::NaiveDate, runs: usize) -> Result<(), Failure> {
    use mcu_core::analytics::heatmap::{ColDim, HeatmapQuery, RowDim};
    use mcu_core::analytics::week::week_start;
    let facts_runs = runs.clamp(1, 5);
    measure("analytics: load the facts (cold cache)", facts_runs, || {
        office
            .db()
            .read(mcu_core::analytics::facts::load)
            .map(|_| ())
            .map_err(Failure::from)
    })?;
    let monday = week_start(today) - chrono::Duration::weeks(1);
    measure("analytics: load one week's facts (cold)", runs, || {
        office
            .db()
            .read(|c| {
                mcu_core::analytics::facts::load_range(
                    c,
                    Some(monday),
                    Some(monday + chrono::Duration::days(6)),
                )
            })
            .map(|_| ())
            .map_err(Failure::from)
    })?;
    let heatmap = |q: HeatmapQuery| move || office.heatmap(&q).map(|_| ()).map_err(Failure::from);
    measure(
        "heat map: topic × settlement, all time",
        runs,
        heatmap(HeatmapQuery::default()),
    )?;
    measure(
        "heat map: theme × week, all time",
        runs,
        heatmap(HeatmapQuery {
            rows: RowDim::Theme,
            cols: ColDim::Week,
            ..Default::default()
        }),
    )?;
    measure(
        "heat map: topic × settlement, one week",
        runs,
        heatmap(HeatmapQuery {
            from: Some(monday),
            to: Some(monday + chrono::Duration::days(6)),
            ..Default::default()
        }),
    )?;
    measure(
        "heat map: section × month per 1,000, all time",
        runs,
        heatmap(HeatmapQuery {
            rows: RowDim::Section,
            cols: ColDim::Month,
            per_1000: true,
            ..Default::default()
        }),
    )?;
    let params = mcu_core::analytics::trends::TrendParams::default();
    measure("trends: problem points of one week", runs, || {
        office
            .trends(monday, &params)
            .map(|_| ())
            .map_err(Failure::from)
    })?;
    let h = office.heatmap(&HeatmapQuery::default())?;
    let h = &h;
    let chart = |f| {
        move || {
            mcu_reports::charts::heatmap_chart(h, f)
                .map(|_| ())
                .map_err(Failure::from)
        }
    };
    measure(
        "heat map SVG: topic × settlement",
        runs,
        chart(mcu_reports::charts::ChartFormat::Svg),
    )?;
    measure(
        "heat map PNG: topic × settlement",
        runs.clamp(1, 10),
        chart(mcu_reports::charts::ChartFormat::Png),
    )?;
    Ok(())
}
