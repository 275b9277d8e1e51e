//! The dynamics chart: lines and grouped bars, labels, legend, boxes, PNG, edge cases.

#![allow(clippy::unwrap_used)]

mod support;

use mcu_charts::{ChartError, LineSpec, Series, lines_png, lines_svg, palette};
use support::{assert_boxes_inside, assert_png_matches, assert_standalone_svg, has_text, texts};

fn weeks(n: usize) -> Vec<String> {
    (0..n).map(|i| format!("2026-W{:02}", 23 + i)).collect()
}

fn three_series(n: usize, bars: bool) -> LineSpec {
    let names = [
        "Перебои в водоснабжении",
        "Ямы на дорогах",
        "Уборка снега и наледи",
    ];
    LineSpec {
        title: "Динамика обращений".into(),
        subtitle: "по неделям".into(),
        x_labels: weeks(n),
        series: names
            .iter()
            .enumerate()
            .map(|(k, name)| Series {
                name: (*name).into(),
                values: (0..n).map(|i| ((i * (k + 3)) % 17) as f64).collect(),
            })
            .collect(),
        y_label: "обращений".into(),
        bars,
    }
}

#[test]
fn lines_over_26_weeks() {
    let s = three_series(26, false);
    let r = lines_svg(&s).unwrap();
    assert_standalone_svg(&r);
    assert!(has_text(&r, "Динамика обращений") && has_text(&r, "обращений"));
    for series in &s.series {
        assert!(has_text(&r, &series.name), "{}", series.name);
    }
    // Crowded labels are thinned out, but the first one is always there.
    assert!(has_text(&r, "2026-W23"));
    let shown = weeks(26).iter().filter(|w| has_text(&r, w)).count();
    assert!((5..26).contains(&shown), "{shown} of 26 labels");
    // The y axis starts at 0.
    assert!(has_text(&r, "0"));
    // One polyline per series in its palette colour.
    for k in 0..3 {
        let (red, green, blue) = palette(k);
        let stroke = format!("stroke=\"#{red:02X}{green:02X}{blue:02X}\"");
        assert!(r.svg.contains(&stroke), "{stroke}");
    }
    assert_eq!(
        r.svg.matches("<polyline").count(),
        3 + 3,
        "three lines and three legend keys"
    );
    assert_eq!(r.cells.len(), 78);
    assert_boxes_inside(&r);
    assert_png_matches(&lines_png(&s).unwrap(), &r, 100);
}

#[test]
fn grouped_bars() {
    let s = three_series(6, true);
    let r = lines_svg(&s).unwrap();
    assert_standalone_svg(&r);
    assert_eq!(r.cells.len(), 18);
    assert_boxes_inside(&r);
    // Bars of one x label sit side by side in series order, and taller values are taller.
    for i in 0..6 {
        let group: Vec<_> = (0..3)
            .map(|k| r.cells.iter().find(|b| b.row == k && b.col == i).unwrap())
            .collect();
        assert!(group[0].x < group[1].x && group[1].x < group[2].x);
        assert_eq!(
            group[0].y + group[0].h,
            group[2].y + group[2].h,
            "common baseline"
        );
    }
    let height = |k: usize, i: usize| r.cells.iter().find(|b| b.row == k && b.col == i).unwrap().h;
    let v = |k: usize, i: usize| s.series[k].values[i];
    let (a, b) = ((1, 5), (2, 2));
    assert!((height(a.0, a.1) / height(b.0, b.1) - v(a.0, a.1) / v(b.0, b.1)).abs() < 0.1);
    // All six month labels fit.
    assert!(s.x_labels.iter().all(|l| has_text(&r, l)));
    assert_png_matches(&lines_png(&s).unwrap(), &r, 100);
}

#[test]
fn one_point_and_all_zeros() {
    let s = three_series(1, false);
    let r = lines_svg(&s).unwrap();
    assert_eq!(r.cells.len(), 3);
    assert_png_matches(&lines_png(&s).unwrap(), &r, 50);

    let mut zeros = three_series(8, true);
    zeros
        .series
        .iter_mut()
        .for_each(|s| s.values.iter_mut().for_each(|v| *v = 0.0));
    let r = lines_svg(&zeros).unwrap();
    assert!(
        has_text(&r, "0") && has_text(&r, "1"),
        "an empty axis still runs 0..1"
    );
    assert_boxes_inside(&r);
}

#[test]
fn rates_on_the_axis_use_a_decimal_comma() {
    let mut s = three_series(4, false);
    s.series
        .iter_mut()
        .for_each(|x| x.values = vec![0.3, 1.1, 0.7, 0.2]);
    let r = lines_svg(&s).unwrap();
    assert!(
        texts(&r.svg).iter().any(|t| t.contains(',')),
        "{:?}",
        texts(&r.svg)
    );
    assert!(!texts(&r.svg).iter().any(|t| t.starts_with("0.")));
}

#[test]
fn nothing_to_draw_and_bad_data() {
    let empty = LineSpec {
        x_labels: vec![],
        series: vec![],
        ..three_series(1, false)
    };
    let r = lines_svg(&empty).unwrap();
    assert!(r.cells.is_empty() && has_text(&r, "Нет данных за период"));
    assert_png_matches(&lines_png(&empty).unwrap(), &r, 20);

    let mut short = three_series(5, false);
    short.series[1].values.pop();
    assert!(matches!(lines_svg(&short), Err(ChartError::Shape(_))));
    let mut nan = three_series(5, true);
    nan.series[0].values[0] = f64::INFINITY;
    assert!(matches!(lines_png(&nan), Err(ChartError::NotFinite(_))));
}
