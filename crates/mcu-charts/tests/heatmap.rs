//! The heat map: texts in the SVG, cell geometry, the PNG, and the edge cases (empty, one
//! cell, 40 × 26, zeros, rates with a decimal comma, long and hostile labels, bad shapes).

#![allow(clippy::unwrap_used)]

mod support;

use mcu_charts::{
    CellBox, ChartError, HeatmapSpec, Rendered, heatmap_png, heatmap_svg, scale_color,
};
use support::{assert_boxes_inside, assert_png_matches, assert_standalone_svg, has_text, texts};

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
    "Детские площадки",
];
const PLACES: [&str; 8] = [
    "Михайло-Овсянка",
    "Красная Поляна",
    "Пестравка",
    "Марьевка",
    "Высокое",
    "Мосты",
    "Тепловка",
    "Падовка",
];

/// A spec with totals computed from `values`.
fn spec(rows: Vec<String>, cols: Vec<String>, values: Vec<Vec<f64>>, decimals: u8) -> HeatmapSpec {
    let row_totals: Vec<f64> = values.iter().map(|r| r.iter().sum()).collect();
    let col_totals: Vec<f64> = (0..cols.len())
        .map(|j| values.iter().map(|r| r[j]).sum())
        .collect();
    HeatmapSpec {
        title: "Обращения по темам и населённым пунктам".into(),
        subtitle: "01.06.2026 – 30.11.2026".into(),
        row_header: "Тема".into(),
        col_header: "Населённый пункт".into(),
        row_labels: rows,
        col_labels: cols,
        total: row_totals.iter().sum(),
        values,
        row_totals,
        col_totals,
        value_label: if decimals == 0 {
            "обращений"
        } else {
            "на 1000 жителей"
        }
        .into(),
        decimals,
    }
}

fn grid(rows: usize, cols: usize) -> Vec<Vec<f64>> {
    (0..rows)
        .map(|i| (0..cols).map(|j| ((i * 7 + j * 3) % 11) as f64).collect())
        .collect()
}

fn topics_by_places() -> HeatmapSpec {
    let rows = TOPICS.iter().map(|s| s.to_string()).collect();
    let cols = PLACES.iter().map(|s| s.to_string()).collect();
    let mut values = grid(12, 8);
    values[4][0] = 37.0;
    spec(rows, cols, values, 0)
}

fn weeks(n: usize) -> Vec<String> {
    (0..n).map(|i| format!("2026-W{:02}", 23 + i)).collect()
}

/// The boxes cover the rectangle spanned by them exactly once: no overlaps, no holes.
fn assert_tiling(r: &Rendered, rows: usize, cols: usize) {
    let cells = &r.cells;
    assert_eq!(cells.len(), rows * cols);
    let x0 = cells.iter().map(|b| b.x).fold(f64::INFINITY, f64::min);
    let y0 = cells.iter().map(|b| b.y).fold(f64::INFINITY, f64::min);
    let x1 = cells.iter().map(|b| b.x + b.w).fold(0.0, f64::max);
    let y1 = cells.iter().map(|b| b.y + b.h).fold(0.0, f64::max);
    let area: f64 = cells.iter().map(|b| b.w * b.h).sum();
    assert!(
        (area - (x1 - x0) * (y1 - y0)).abs() < 1e-6,
        "holes or overlaps"
    );
    let overlaps = |a: &CellBox, b: &CellBox| {
        a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h
    };
    for (i, a) in cells.iter().enumerate() {
        for b in &cells[i + 1..] {
            assert!(!overlaps(a, b), "{a:?} overlaps {b:?}");
        }
    }
    // Every (row, col) once, rows top to bottom and columns left to right.
    let mut seen = vec![false; rows * cols];
    for b in cells {
        assert!(
            !std::mem::replace(&mut seen[b.row * cols + b.col], true),
            "{b:?} twice"
        );
        let first = cells.iter().find(|c| c.row == 0 && c.col == 0).unwrap();
        assert_eq!(b.x, first.x + b.col as f64 * first.w);
        assert_eq!(b.y, first.y + b.row as f64 * first.h);
    }
}

#[test]
fn svg_has_the_texts_and_the_cells() {
    let s = topics_by_places();
    let r = heatmap_svg(&s).unwrap();
    assert_standalone_svg(&r);
    assert!(has_text(&r, "Обращения по темам и населённым пунктам"));
    assert!(has_text(&r, "01.06.2026 – 30.11.2026"));
    assert!(
        has_text(&r, "Перебои в водоснабжении"),
        "Cyrillic row label as text"
    );
    assert!(has_text(&r, "Пестравка"), "column label");
    // Long settlement names wrap over two lines at a space or after a hyphen.
    assert!(has_text(&r, "Михайло-") && has_text(&r, "Овсянка"));
    assert!(has_text(&r, "37"), "a cell value");
    assert!(has_text(&r, "обращений"), "legend title");
    assert!(has_text(&r, "Тема") && has_text(&r, "Населённый пункт") && has_text(&r, "Итого"));
    let total = s.total.to_string();
    assert!(has_text(&r, &total), "grand total {total}");
    assert!(r.svg.contains(r#"font-family="DejaVu Sans, sans-serif""#));
    assert_boxes_inside(&r);
    assert_tiling(&r, 12, 8);
}

#[test]
fn cells_are_coloured_by_the_scale() {
    let s = topics_by_places();
    let r = heatmap_svg(&s).unwrap();
    // The hottest cell's rect is drawn with the top colour of the scale, exactly at its box.
    let b = r.cells.iter().find(|b| b.row == 4 && b.col == 0).unwrap();
    let (red, green, blue) = scale_color(37.0, 37.0);
    let rect = format!(
        r##"<rect x="{}" y="{}" width="{}" height="{}" opacity="1" fill="#{red:02X}{green:02X}{blue:02X}""##,
        b.x, b.y, b.w, b.h
    );
    assert!(r.svg.contains(&rect), "{rect}");
}

#[test]
fn png_has_the_same_layout() {
    let s = topics_by_places();
    let r = heatmap_svg(&s).unwrap();
    let png = assert_png_matches(&heatmap_png(&s).unwrap(), &r, 200);
    // The middle of the hottest cell is its scale colour in the PNG too (at twice the size).
    let b = r.cells.iter().find(|b| b.row == 4 && b.col == 0).unwrap();
    let corner = png.pixel((b.x * 2.0) as u32 + 3, (b.y * 2.0) as u32 + 4);
    assert_eq!(corner, scale_color(37.0, 37.0));
}

#[test]
fn empty_spec_says_there_is_no_data() {
    let s = spec(vec![], vec![], vec![], 0);
    let r = heatmap_svg(&s).unwrap();
    assert_standalone_svg(&r);
    assert!(r.cells.is_empty());
    assert!(has_text(&r, "Нет данных за период"));
    assert!(has_text(&r, "Обращения по темам и населённым пунктам"));
    assert_png_matches(&heatmap_png(&s).unwrap(), &r, 20);

    // Rows without columns are just as empty.
    let s = spec(vec!["Ямы на дорогах".into()], vec![], vec![vec![]], 0);
    assert!(has_text(&heatmap_svg(&s).unwrap(), "Нет данных за период"));
}

#[test]
fn single_cell() {
    let s = spec(
        vec!["Ямы на дорогах".into()],
        vec!["Мосты".into()],
        vec![vec![3.0]],
        0,
    );
    let r = heatmap_svg(&s).unwrap();
    assert_standalone_svg(&r);
    assert_tiling(&r, 1, 1);
    assert_boxes_inside(&r);
    assert!(has_text(&r, "Ямы на дорогах") && has_text(&r, "Мосты") && has_text(&r, "3"));
    assert_png_matches(&heatmap_png(&s).unwrap(), &r, 100);
}

#[test]
fn forty_rows_by_twenty_six_weeks() {
    let rows: Vec<String> = (0..40)
        .map(|i| format!("{} {}", TOPICS[i % 12], i + 1))
        .collect();
    let mut s = spec(rows, weeks(26), grid(40, 26), 0);
    s.col_header = "Неделя".into();
    let r = heatmap_svg(&s).unwrap();
    assert_standalone_svg(&r);
    assert_tiling(&r, 40, 26);
    assert_boxes_inside(&r);
    // Every week is labelled (turned to fit), and the picture stays a sane size.
    for w in weeks(26) {
        assert!(has_text(&r, &w), "{w}");
    }
    assert!(
        r.svg.contains("rotate(270"),
        "many columns turn their labels"
    );
    assert!(
        r.width < 1600 && r.height < 1600,
        "{}×{}",
        r.width,
        r.height
    );
    assert_png_matches(&heatmap_png(&s).unwrap(), &r, 200);
}

#[test]
fn zero_values() {
    let s = spec(
        vec!["Ямы на дорогах".into(), "Мосты".into()],
        weeks(3),
        vec![vec![0.0; 3]; 2],
        0,
    );
    let r = heatmap_svg(&s).unwrap();
    assert_tiling(&r, 2, 3);
    // Zeros are dots, the legend runs from 0 to 0, the totals are 0.
    assert_eq!(texts(&r.svg).iter().filter(|t| *t == "·").count(), 6);
    assert!(has_text(&r, "0"));
    assert_png_matches(&heatmap_png(&s).unwrap(), &r, 50);
}

#[test]
fn rates_use_a_decimal_comma() {
    let values = vec![vec![12.5, 0.04, 3.0], vec![1.25, 7.0, 0.0]];
    let s = spec(
        vec!["Ямы на дорогах".into(), "Уличное освещение".into()],
        weeks(3),
        values,
        1,
    );
    let r = heatmap_svg(&s).unwrap();
    assert!(has_text(&r, "12,5"));
    assert!(has_text(&r, "3,0"));
    assert!(has_text(&r, "15,5"), "row total");
    assert!(has_text(&r, "на 1000 жителей"));
    // 0.04 rounds to 0,0 and is shown as a zero, like 0.0: "0,0" is left only in the legend.
    assert_eq!(texts(&r.svg).iter().filter(|t| *t == "·").count(), 2);
    assert_eq!(texts(&r.svg).iter().filter(|t| *t == "0,0").count(), 1);
    assert!(texts(&r.svg).iter().all(|t| !t.contains("12.5")));
}

#[test]
fn long_labels_are_truncated() {
    let long = "Очень длинное название темы обращения, которое не помещается ни в какую разумную ширину таблицы";
    let s = spec(vec![long.into()], vec![long.into()], vec![vec![1.0]], 0);
    let r = heatmap_svg(&s).unwrap();
    let all = texts(&r.svg);
    let row = all
        .iter()
        .find(|t| t.starts_with("Очень длинное название") && t.ends_with('…'))
        .unwrap();
    assert!(row.chars().count() <= 40, "{row}");
    assert!(!all.iter().any(|t| t == long));
    assert!(r.width < 1200);
    assert_boxes_inside(&r);
}

#[test]
fn hostile_text_stays_text() {
    let s = spec(
        vec!["<script>x()</script> & «Ёлки»\u{7}\nстрока".into()],
        vec!["\"Мосты\"".into()],
        vec![vec![1.0]],
        0,
    );
    let r = heatmap_svg(&s).unwrap();
    assert!(!r.svg.contains("<script>"));
    assert!(!r.svg.contains('\u{7}'));
    assert!(has_text(
        &r,
        "&lt;script&gt;x()&lt;/script&gt; &amp; «Ёлки» строка"
    ));
    assert!(has_text(&r, "&quot;Мосты&quot;"));
}

#[test]
fn inconsistent_data_is_refused() {
    let mut s = topics_by_places();
    s.values[3].pop();
    assert!(matches!(heatmap_svg(&s), Err(ChartError::Shape(_))));
    let mut s = topics_by_places();
    s.col_totals.pop();
    assert!(matches!(heatmap_png(&s), Err(ChartError::Shape(_))));
    let mut s = topics_by_places();
    s.values[0][0] = f64::NAN;
    let err = heatmap_svg(&s).unwrap_err();
    assert!(matches!(err, ChartError::NotFinite(_)));
    assert!(err.to_string().contains("недопустимое значение"));
}

#[test]
fn specs_and_results_cross_json() {
    let s = topics_by_places();
    let json = serde_json::to_string(&s).unwrap();
    assert_eq!(serde_json::from_str::<HeatmapSpec>(&json).unwrap(), s);
    let r = heatmap_svg(&s).unwrap();
    let back: Rendered = serde_json::from_str(&serde_json::to_string(&r).unwrap()).unwrap();
    assert_eq!(back, r);
}
