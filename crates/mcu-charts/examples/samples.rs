//! Writes sample charts (SVG and PNG) with realistic Russian labels into a folder, to look at
//! them: `cargo run -p mcu-charts --example samples -- /tmp/charts`.
//!
//! The data are synthetic and deterministic (no random generator), so two runs give the same
//! files.

use std::path::Path;

use mcu_charts::{
    HeatmapSpec, LineSpec, MapPoint, MapSpec, Series, heatmap_png, heatmap_svg, lines_png,
    lines_svg, map_png, map_svg,
};

const TOPICS: [&str; 12] = [
    "Перебои в водоснабжении",
    "Отсутствие отопления в многоквартирном доме",
    "Ямы на дорогах",
    "Уборка снега и наледи",
    "Вывоз твёрдых коммунальных отходов",
    "Уличное освещение",
    "Несанкционированные свалки",
    "Работа общественного транспорта",
    "Благоустройство дворовых территорий",
    "Отключение электроэнергии",
    "Бездомные животные",
    "Состояние детских площадок и спортивных сооружений во дворах",
];

const SETTLEMENTS: [(&str, f64, f64, f64); 8] = [
    ("Михайло-Овсянка", 52.33, 49.52, 14.2),
    ("Красная Поляна", 52.41, 49.63, 3.1),
    ("Пестравка", 52.40, 49.96, 6.8),
    ("Марьевка", 52.47, 49.81, 1.9),
    ("Высокое", 52.52, 49.45, 2.4),
    ("Мосты", 52.30, 49.75, 1.2),
    ("Тепловка", 52.55, 49.70, 0.9),
    ("Падовка", 52.36, 49.41, 0.0),
];

/// A deterministic "random" count: a hash of the indexes, shaped so some cells are hot.
fn count(i: usize, j: usize, k: usize) -> f64 {
    let h = (i * 7919 + j * 104_729 + k * 31) % 97;
    let base = (h % 13) as f64;
    if h.is_multiple_of(11) {
        0.0
    } else if h.is_multiple_of(17) {
        base * 4.0 + 9.0
    } else {
        base
    }
}

fn heatmap(rows: &[String], cols: &[String], per_1000: bool, title: &str) -> HeatmapSpec {
    let values: Vec<Vec<f64>> = (0..rows.len())
        .map(|i| {
            (0..cols.len())
                .map(|j| {
                    let v = count(i, j, 1);
                    if per_1000 {
                        (v * 10.0 / 7.3).round() / 10.0
                    } else {
                        v
                    }
                })
                .collect()
        })
        .collect();
    let row_totals: Vec<f64> = values.iter().map(|r| r.iter().sum()).collect();
    let col_totals: Vec<f64> = (0..cols.len())
        .map(|j| values.iter().map(|r| r[j]).sum())
        .collect();
    HeatmapSpec {
        title: title.to_string(),
        subtitle: "01.06.2026 – 30.11.2026".to_string(),
        row_header: "Тема".to_string(),
        col_header: "Населённый пункт".to_string(),
        row_labels: rows.to_vec(),
        col_labels: cols.to_vec(),
        total: row_totals.iter().sum(),
        values,
        row_totals,
        col_totals,
        value_label: if per_1000 {
            "на 1000 жителей"
        } else {
            "обращений"
        }
        .to_string(),
        decimals: u8::from(per_1000),
    }
}

fn weeks(n: usize) -> Vec<String> {
    (0..n).map(|i| format!("2026-W{:02}", 23 + i)).collect()
}

fn write(dir: &Path, name: &str, svg: &str, png: &[u8]) -> std::io::Result<()> {
    std::fs::write(dir.join(format!("{name}.svg")), svg)?;
    std::fs::write(dir.join(format!("{name}.png")), png)?;
    println!("{}", dir.join(format!("{name}.png")).display());
    Ok(())
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "/tmp/charts".to_string());
    let dir = Path::new(&dir);
    std::fs::create_dir_all(dir)?;
    let topics: Vec<String> = TOPICS.iter().map(|s| s.to_string()).collect();
    let places: Vec<String> = SETTLEMENTS.iter().map(|s| s.0.to_string()).collect();

    let spec = heatmap(
        &topics,
        &places,
        false,
        "Обращения по темам и населённым пунктам",
    );
    write(
        dir,
        "heatmap_topics",
        &heatmap_svg(&spec)?.svg,
        &heatmap_png(&spec)?,
    )?;

    let spec = heatmap(&topics, &places, true, "Обращения на 1000 жителей");
    write(
        dir,
        "heatmap_per1000",
        &heatmap_svg(&spec)?.svg,
        &heatmap_png(&spec)?,
    )?;

    let mut spec = heatmap(&topics, &weeks(26), false, "Обращения по темам и неделям");
    spec.col_header = "Неделя".to_string();
    write(
        dir,
        "heatmap_weeks",
        &heatmap_svg(&spec)?.svg,
        &heatmap_png(&spec)?,
    )?;

    let many: Vec<String> = (0..40)
        .map(|i| format!("{} ({})", TOPICS[i % 12], i + 1))
        .collect();
    let mut spec = heatmap(&many, &weeks(26), false, "40 тем × 26 недель");
    spec.col_header = "Неделя".to_string();
    write(
        dir,
        "heatmap_40x26",
        &heatmap_svg(&spec)?.svg,
        &heatmap_png(&spec)?,
    )?;

    let single = heatmap(&topics[..1], &places[5..6], false, "Одна ячейка");
    write(
        dir,
        "heatmap_single",
        &heatmap_svg(&single)?.svg,
        &heatmap_png(&single)?,
    )?;

    let long = "Очень длинное название темы обращения, которое не помещается ни в какую таблицу";
    let long_rows = vec![long.to_string(), "Ямы".to_string()];
    let long_cols = vec![
        "Сельское поселение Михайло-Овсянка Пестравского района".to_string(),
        "Мосты".to_string(),
    ];
    let long = heatmap(&long_rows, &long_cols, true, "Длинные подписи");
    write(
        dir,
        "heatmap_long_labels",
        &heatmap_svg(&long)?.svg,
        &heatmap_png(&long)?,
    )?;

    let empty = HeatmapSpec {
        row_labels: vec![],
        col_labels: vec![],
        values: vec![],
        row_totals: vec![],
        col_totals: vec![],
        total: 0.0,
        ..heatmap(
            &topics[..1],
            &places[..1],
            false,
            "Обращения по темам и населённым пунктам",
        )
    };
    write(
        dir,
        "heatmap_empty",
        &heatmap_svg(&empty)?.svg,
        &heatmap_png(&empty)?,
    )?;

    let spec = MapSpec {
        title: "Обращения на 1000 жителей по населённым пунктам".to_string(),
        subtitle: "01.06.2026 – 30.11.2026".to_string(),
        points: SETTLEMENTS
            .iter()
            .map(|&(name, lat, lon, value)| MapPoint {
                name: name.to_string(),
                lat,
                lon,
                value,
            })
            .collect(),
        value_label: "на 1000 жителей".to_string(),
        decimals: 1,
    };
    write(dir, "map", &map_svg(&spec)?.svg, &map_png(&spec)?)?;

    let one = MapSpec {
        points: spec.points[..1].to_vec(),
        ..spec.clone()
    };
    write(dir, "map_one", &map_svg(&one)?.svg, &map_png(&one)?)?;

    let series = [
        "Перебои в водоснабжении",
        "Ямы на дорогах",
        "Уборка снега и наледи",
    ];
    let mut spec = LineSpec {
        title: "Динамика обращений по неделям".to_string(),
        subtitle: "01.06.2026 – 30.11.2026".to_string(),
        x_labels: weeks(26),
        series: series
            .iter()
            .enumerate()
            .map(|(k, name)| Series {
                name: name.to_string(),
                values: (0..26)
                    .map(|i| {
                        // A seasonal shape per series (water in summer, snow in winter), with noise.
                        let season = match k {
                            0 => 12.0 - (i as f64 - 6.0).abs() * 0.6,
                            1 => 6.0 + (i as f64 / 4.0).sin() * 3.0,
                            _ => (i as f64 - 14.0).max(0.0) * 1.8,
                        };
                        (season.max(0.0) + count(i, k * 5 + 2, k) / 2.0).round()
                    })
                    .collect(),
            })
            .collect(),
        y_label: "обращений".to_string(),
        bars: false,
    };
    write(dir, "lines", &lines_svg(&spec)?.svg, &lines_png(&spec)?)?;
    spec.bars = true;
    spec.x_labels = (6..12).map(|m| format!("2026-{m:02}")).collect();
    for s in &mut spec.series {
        s.values = s.values.chunks(4).map(|c| c.iter().sum()).take(6).collect();
    }
    spec.title = "Обращения по месяцам".to_string();
    write(dir, "bars", &lines_svg(&spec)?.svg, &lines_png(&spec)?)?;
    Ok(())
}
