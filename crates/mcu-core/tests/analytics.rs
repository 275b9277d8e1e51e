//! Heat map, growth and dynamics: snapshots of aggregation matrices on a small
//! fixed dataset, per-1,000 normalisation, empty periods, the cell → journal
//! filter, cache invalidation, and a real public dataset aggregated through
//! the same code.

#![allow(clippy::unwrap_used)] // tests fail loudly on purpose

mod common;

use std::collections::HashMap;

use common::*;
use expect_test::{Expect, expect};
use mcu_core::analytics::dynamics::SeriesBy;
use mcu_core::analytics::facts::{Facts, NONE, Place, TopicInfo};
use mcu_core::analytics::heatmap::{
    ColDim, Heatmap, HeatmapQuery, RowDim, cell_query, heatmap, to_csv,
};
use mcu_core::analytics::trends::TrendParams;
use mcu_core::analytics::week::day_number;
use mcu_core::appeals::ActionRequest;
use mcu_core::model::*;

/// A small fixed register: roads and water in three settlements over three weeks.
fn fixture() -> TestOffice {
    let t = office();
    let add = |day: &str, topic: &str, place: &str, channel: &str| {
        let mut dr = draft();
        dr.received_at = format!("{day}T08:00");
        dr.registered_at = format!("{day}T09:00");
        dr.questions = vec![topic.into()];
        dr.settlement = place.into();
        dr.channel = channel.into();
        t.office.register(&dr, &actor()).unwrap();
    };
    let roads = "0003.0009.0099.0742";
    let water = "0005.0005.0056.1154";
    add("2026-11-02", roads, "Пестравка", "letter");
    add("2026-11-03", roads, "Пестравка", "pos");
    add("2026-11-04", water, "Мосты", "pos");
    add("2026-11-10", roads, "Мосты", "im");
    add("2026-11-11", water, "Мосты", "pos");
    add("2026-11-12", water, "Мосты", "pos");
    add("2026-11-17", water, "Михайло-Овсянка", "phone");
    add("2026-11-18", water, "", "pos");
    // Two questions of one section in one appeal: two questions, one appeal.
    let mut dr = draft();
    dr.registered_at = "2026-11-19T10:00".into();
    dr.received_at = "2026-11-19T09:00".into();
    dr.questions = vec![roads.into(), "0003.0009.0097.0690".into()];
    dr.settlement = "Пестравка".into();
    t.office.register(&dr, &actor()).unwrap();
    t
}

fn show(h: &Heatmap) -> String {
    let mut out = String::new();
    let nonzero: Vec<usize> = (0..h.cols.len())
        .filter(|j| h.col_totals[*j] > 0 || h.query.cols != ColDim::Settlement)
        .collect();
    out.push_str(&format!("{:<32}", ""));
    for j in &nonzero {
        out.push_str(&format!("{:>16}", h.cols[*j].name));
    }
    out.push_str(&format!("{:>8}\n", "Итого"));
    for (i, r) in h.rows.iter().enumerate() {
        out.push_str(&format!(
            "{:<32}",
            r.name.chars().take(30).collect::<String>()
        ));
        for j in &nonzero {
            let cell = match h.values[i][*j] {
                Some(v) if h.query.per_1000 => format!("{v:.2}"),
                Some(_) => h.counts[i][*j].to_string(),
                None => "—".into(),
            };
            out.push_str(&format!("{cell:>16}"));
        }
        out.push_str(&format!("{:>8}\n", h.row_totals[i]));
    }
    out.push_str(&format!("total {}\n", h.total));
    out
}

fn check(q: HeatmapQuery, e: Expect) {
    let t = fixture();
    let h = t.office.heatmap(&q).unwrap();
    assert_eq!(h.counts.iter().flatten().sum::<u64>(), h.total);
    if !q.per_1000 {
        // Margins of counts are the full sums, whatever the populations.
        let as_f = |v: &[u64]| v.iter().map(|n| Some(*n as f64)).collect::<Vec<_>>();
        assert_eq!(h.row_total_values, as_f(&h.row_totals));
        assert_eq!(h.col_total_values, as_f(&h.col_totals));
        assert_eq!(h.total_value, Some(h.total as f64));
    }
    e.assert_eq(&show(&h));
}

#[test]
fn topics_by_settlement() {
    check(
        HeatmapQuery {
            rows: RowDim::Topic,
            cols: ColDim::Settlement,
            ..Default::default()
        },
        expect![[r#"
                                             Михайло-Овсянка           Мосты       Пестравка       Не указан   Итого
            Перебои в водоснабжении                        1               3               0               1       5
            Эксплуатация и сохранность авт                 0               1               3               0       4
            Уличное освещение                              0               0               1               0       1
            total 10
        "#]],
    );
}

#[test]
fn themes_by_week_include_empty_rows_of_time() {
    check(
        HeatmapQuery {
            rows: RowDim::Theme,
            cols: ColDim::Week,
            from: Some(d("2026-10-26")),
            to: Some(d("2026-11-22")),
            ..Default::default()
        },
        expect![[r#"
                                                    2026-W44        2026-W45        2026-W46        2026-W47   Итого
            ЖКХ                                            0               1               2               2       5
            Дорожная деятельность                          0               2               1               1       4
            Вне социально значимых тем                     0               0               0               1       1
            total 10
        "#]],
    );
}

#[test]
fn per_thousand_residents_and_unknown_populations() {
    let t = fixture();
    let h = t
        .office
        .heatmap(&HeatmapQuery {
            rows: RowDim::Theme,
            cols: ColDim::Settlement,
            per_1000: true,
            ..Default::default()
        })
        .unwrap();
    let col = |name: &str| h.cols.iter().position(|c| c.name == name).unwrap();
    let row = |name: &str| h.rows.iter().position(|c| c.name == name).unwrap();
    // Мосты: 955 residents, 3 water questions → 3.14 per 1,000.
    let v = h.values[row("ЖКХ")][col("Мосты")].unwrap();
    assert!((v - 3.0 * 1000.0 / 955.0).abs() < 1e-9);
    // Майское's population is unknown: no figure, and it is listed.
    assert_eq!(h.values[row("ЖКХ")][col("Майское")], None);
    assert!(h.missing_population.contains(&"Майское".to_string()));
    // The total per 1,000 uses only the known populations (6573 + 730 + 955).
    let known = 6573.0 + 730.0 + 955.0;
    assert!(
        (h.total_value.unwrap() - 9.0 * 1000.0 / known).abs() < 1e-9,
        "{:?}",
        h.total_value
    );
    // Week columns are normalised by the district's population (14,881).
    let w = t
        .office
        .heatmap(&HeatmapQuery {
            rows: RowDim::Theme,
            cols: ColDim::Week,
            per_1000: true,
            ..Default::default()
        })
        .unwrap();
    assert!((w.total_value.unwrap() - 10.0 * 1000.0 / 14881.0).abs() < 1e-9);
}

#[test]
fn filters_and_empty_periods() {
    let t = fixture();
    let pos = t
        .office
        .heatmap(&HeatmapQuery {
            channel: Some("pos".into()),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(pos.total, 5);
    let water = t
        .office
        .heatmap(&HeatmapQuery {
            theme: Some(Theme::Housing),
            cols: ColDim::Block,
            ..Default::default()
        })
        .unwrap();
    assert_eq!(water.total, 5);
    let empty = t
        .office
        .heatmap(&HeatmapQuery {
            from: Some(d("2020-01-01")),
            to: Some(d("2020-01-31")),
            cols: ColDim::Week,
            ..Default::default()
        })
        .unwrap();
    assert_eq!(empty.total, 0);
    assert!(empty.rows.is_empty());
    assert_eq!(
        empty.cols.len(),
        5,
        "the weeks of January 2020 are still columns"
    );
    let none = mcu_core::analytics::heatmap::heatmap(
        &Facts::default(),
        &HeatmapQuery {
            cols: ColDim::Month,
            ..Default::default()
        },
    );
    assert_eq!((none.total, none.cols.len()), (0, 0));
    let csv = to_csv(&empty);
    assert!(csv.starts_with("Тема (вопрос ТОТК),2020-W01,"), "{csv}");
}

#[test]
fn csv_cells_add_up_to_the_total() {
    let t = fixture();
    let h = t.office.heatmap(&HeatmapQuery::default()).unwrap();
    let csv = to_csv(&h);
    let mut sum = 0;
    for line in csv.lines().skip(1).filter(|l| !l.starts_with("Итого")) {
        let cells: Vec<&str> = line.split(',').collect();
        sum += cells[1..cells.len() - 1]
            .iter()
            .map(|c| c.parse::<u64>().unwrap())
            .sum::<u64>();
    }
    assert_eq!(sum, 10, "the (appeal, question) pairs");
    let s = t
        .office
        .heatmap(&HeatmapQuery {
            rows: RowDim::Section,
            cols: ColDim::Month,
            ..Default::default()
        })
        .unwrap();
    let roads = s.rows.iter().position(|r| r.key == "0003").unwrap();
    assert_eq!(
        (s.counts[roads][0], s.appeals[roads][0]),
        (5, 4),
        "questions and appeals of section 0003"
    );
}

#[test]
fn a_cell_opens_the_journal_with_the_same_count() {
    let t = fixture();
    for (rows, cols) in [
        (RowDim::Topic, ColDim::Settlement),
        (RowDim::Theme, ColDim::Week),
        (RowDim::Section, ColDim::Month),
        (RowDim::Topic, ColDim::Block),
    ] {
        let h = t
            .office
            .heatmap(&HeatmapQuery {
                rows,
                cols,
                ..Default::default()
            })
            .unwrap();
        for i in 0..h.rows.len() {
            for j in 0..h.cols.len() {
                let (q, exact) = cell_query(&h, i, j);
                if !exact || h.counts[i][j] == 0 {
                    continue;
                }
                let n = t
                    .office
                    .journal(&JournalQuery { limit: 1, ..q }, d("2026-11-27"))
                    .unwrap()
                    .total;
                assert_eq!(
                    n, h.appeals[i][j],
                    "{rows:?}×{cols:?} cell {} × {}",
                    h.rows[i].name, h.cols[j].name
                );
            }
        }
    }
}

#[test]
fn facts_are_cached_until_the_register_changes() {
    let t = fixture();
    let a = t.office.facts().unwrap();
    assert_eq!(a.len(), 10);
    // A status change does not touch the facts.
    let id = t
        .office
        .journal(&JournalQuery::default(), d("2026-11-27"))
        .unwrap()
        .rows[0]
        .id;
    let v = t.office.card(id, d("2026-11-27")).unwrap().version;
    t.office
        .act(id, v, &ActionRequest::StartWork, &actor())
        .unwrap_err(); // not assigned yet
    let assign = ActionRequest::Assign {
        block: "utilities".into(),
        person: String::new(),
    };
    t.office.act(id, v, &assign, &actor()).unwrap();
    let b = t.office.facts().unwrap();
    assert!(std::sync::Arc::ptr_eq(&a, &b) == (a.generation == b.generation));
    // A new appeal does.
    t.office.register(&draft(), &actor()).unwrap();
    assert_eq!(t.office.facts().unwrap().len(), 11);
    // The load reads appeals in registration order through their index.
    let plan: String = t
        .office
        .db()
        .read(|c| {
            let mut st = c.prepare(&format!(
                "EXPLAIN QUERY PLAN {}",
                mcu_core::analytics::facts::LOAD_SQL
            ))?;
            let rows = st.query_map(["2026-11-01", "2026-11-08"], |r| r.get::<_, String>(3))?;
            Ok(rows.map(Result::unwrap).collect::<Vec<_>>().join("\\n"))
        })
        .unwrap();
    assert!(
        plan.contains("USING INDEX appeals_registered (registered_at>? AND registered_at<?)")
            && plan.contains("SEARCH q USING PRIMARY KEY (appeal_id=?)")
            && !plan.contains("TEMP B-TREE"),
        "{plan}"
    );
}

#[test]
fn growth_flags_a_jump_in_one_village() {
    let t = office();
    let add = |day: &str, place: &str| {
        let mut dr = draft();
        dr.received_at = format!("{day}T08:00");
        dr.registered_at = format!("{day}T09:00");
        dr.questions = vec!["0005.0005.0056.1154".into()];
        dr.settlement = place.into();
        t.office.register(&dr, &actor()).unwrap();
    };
    // Pestravka: steady 2 a week for 8 weeks, then 3 (noise). Мосты: one in 8 weeks, then 6.
    for w in 0..8 {
        let day = d("2026-09-28") + chrono::Duration::weeks(w);
        add(&day.to_string(), "Пестравка");
        add(&(day + chrono::Duration::days(2)).to_string(), "Пестравка");
    }
    add("2026-10-14", "Мосты");
    for i in 0..6 {
        add(
            &(d("2026-11-23") + chrono::Duration::days(i % 5)).to_string(),
            "Мосты",
        );
    }
    for i in 0..3 {
        add(
            &(d("2026-11-23") + chrono::Duration::days(i)).to_string(),
            "Пестравка",
        );
    }
    let tr = t
        .office
        .trends(d("2026-11-25"), &TrendParams::default())
        .unwrap();
    assert_eq!(tr.week, "2026-W48");
    assert_eq!(tr.cells, 2);
    assert_eq!(tr.points.len(), 1, "{:#?}", tr.points);
    let p = &tr.points[0];
    assert_eq!((p.settlement_name.as_str(), p.count), ("Мосты", 6));
    assert_eq!(p.baseline.iter().sum::<u32>(), 1);
    assert!(p.p_value < 1e-4 && p.ratio > 8.0, "{p:?}");
}

#[test]
fn dynamics_by_channel_theme_and_block() {
    let t = fixture();
    let by_channel = t
        .office
        .dynamics(
            Some(d("2026-11-02")),
            Some(d("2026-11-22")),
            SeriesBy::Channel,
            false,
        )
        .unwrap();
    assert_eq!(by_channel.labels, ["2026-W45", "2026-W46", "2026-W47"]);
    let pos = by_channel
        .series
        .iter()
        .find(|s| s.name.starts_with("ПОС"))
        .unwrap();
    assert_eq!(pos.values, [2, 2, 1]);
    assert_eq!(
        by_channel.series[0].name, pos.name,
        "the busiest channel first"
    );
    let by_theme = t
        .office
        .dynamics(None, None, SeriesBy::Theme, true)
        .unwrap();
    assert_eq!(by_theme.labels, ["2026-11"]);
    let total: u64 = by_theme.series.iter().flat_map(|s| s.values.iter()).sum();
    assert_eq!(total, 10);
}

/// Baltimore's 311 sample, read from ../shared/data: agency × neighbourhood ×
/// week through the same aggregation, checked against an independent count.
#[test]
fn baltimore_311_sample_through_the_same_aggregation() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../../shared/data/baltimore_311_sample_10k.csv"
    );
    let mut reader = csv::Reader::from_path(path)
        .unwrap_or_else(|e| panic!("the shared dataset {path} is needed: {e}"));
    let headers = reader.headers().unwrap().clone();
    let col = |n: &str| headers.iter().position(|h| h == n).unwrap();
    let (created, agency, hood) = (col("CreatedDate"), col("Agency"), col("Neighborhood"));
    let mut f = Facts::default();
    let mut agencies: HashMap<String, u32> = HashMap::new();
    let mut hoods: HashMap<String, u32> = HashMap::new();
    // The independent count: per (agency, ISO week) straight from the rows.
    let mut independent: HashMap<(String, String), u64> = HashMap::new();
    let mut rows = 0;
    for rec in reader.records() {
        let rec = rec.unwrap();
        let date = chrono::NaiveDateTime::parse_from_str(&rec[created], "%m/%d/%Y %I:%M:%S %p")
            .unwrap()
            .date();
        let a = rec[agency].to_string();
        let next = agencies.len() as u32;
        let ai = *agencies.entry(a.clone()).or_insert_with(|| {
            f.topics.push(TopicInfo {
                code: a.clone(),
                name: a.clone(),
                theme: None,
            });
            next
        });
        let h = rec[hood].trim().to_string();
        let hi = if h.is_empty() {
            NONE
        } else {
            let next = hoods.len() as u32;
            *hoods.entry(h.clone()).or_insert_with(|| {
                f.settlements.push(Place {
                    id: i64::from(next),
                    name: h.clone(),
                    population: None,
                    lat: None,
                    lon: None,
                });
                next
            })
        };
        f.push(rows, day_number(date), ai, NONE, hi, NONE, 0);
        *independent
            .entry((a, mcu_core::analytics::week::week_label(date)))
            .or_insert(0) += 1;
        rows += 1;
    }
    f.sort();
    assert_eq!(rows, 10_000);
    let h = heatmap(
        &f,
        &HeatmapQuery {
            rows: RowDim::Topic,
            cols: ColDim::Week,
            ..Default::default()
        },
    );
    assert_eq!(h.total, 10_000);
    assert_eq!(h.rows.len(), agencies.len());
    for (i, r) in h.rows.iter().enumerate() {
        for (j, c) in h.cols.iter().enumerate() {
            assert_eq!(
                h.counts[i][j],
                independent
                    .get(&(r.key.clone(), c.key.clone()))
                    .copied()
                    .unwrap_or(0),
                "{} {}",
                r.key,
                c.key
            );
        }
    }
    let by_hood = heatmap(
        &f,
        &HeatmapQuery {
            rows: RowDim::Topic,
            cols: ColDim::Settlement,
            ..Default::default()
        },
    );
    assert_eq!(by_hood.total, 10_000);
    let blank = by_hood
        .cols
        .iter()
        .position(|c| c.key.is_empty())
        .expect("a column for rows without a neighbourhood");
    assert_eq!(
        by_hood.col_totals[blank], 800,
        "the README says 800 rows have no neighbourhood"
    );
}

#[test]
fn the_map_places_settlements_and_lists_those_without_coordinates() {
    let t = fixture();
    let m = t
        .office
        .settlement_map(&HeatmapQuery {
            theme: Some(Theme::Housing),
            ..Default::default()
        })
        .unwrap();
    let by = |name: &str| m.points.iter().find(|p| p.name == name).unwrap();
    assert_eq!(by("Мосты").count, 3);
    assert_eq!(by("Михайло-Овсянка").count, 1);
    assert!(by("Мосты").lat.is_some());
    assert_eq!(m.unplaced, 1, "the water question with no settlement");
    let n = t.office.reference().unwrap().settlements.len();
    assert_eq!(
        m.points.len(),
        n,
        "every settlement is on the map or in the list"
    );
    for p in &m.points {
        assert_eq!(
            p.lat.is_none() || p.lon.is_none(),
            m.without_coords.contains(&p.name),
            "{}",
            p.name
        );
    }
}

#[test]
fn a_bounded_period_loads_only_its_facts_and_agrees_with_the_whole() {
    let t = fixture();
    let week = HeatmapQuery {
        from: Some(d("2026-11-09")),
        to: Some(d("2026-11-15")),
        ..Default::default()
    };
    let part = t.office.heatmap(&week).unwrap();
    let loaded = t.office.facts_for(week.from, week.to).unwrap();
    assert_eq!(loaded.len(), 3, "only the week's questions were read");
    // The same figures from the whole register.
    let whole = mcu_core::analytics::heatmap::heatmap(
        &t.office
            .db()
            .read(mcu_core::analytics::facts::load)
            .unwrap(),
        &week,
    );
    assert_eq!(part, whole);
    // The whole register is loaded when asked for all time, and then serves the week too.
    assert_eq!(t.office.facts().unwrap().len(), 10);
    assert_eq!(t.office.facts_for(week.from, week.to).unwrap().len(), 10);
}
