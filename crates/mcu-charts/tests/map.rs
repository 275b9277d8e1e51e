//! The schematic map: the projection, circle sizes and boxes, labels, PNG, edge cases.

#![allow(clippy::unwrap_used)]

mod support;

use mcu_charts::{CellBox, ChartError, MapPoint, MapSpec, map_png, map_svg};
use support::{assert_boxes_inside, assert_png_matches, assert_standalone_svg, has_text};

const SETTLEMENTS: [(&str, f64, f64, f64); 8] = [
    ("Михайло-Овсянка", 52.33, 49.52, 14.2),
    ("Красная Поляна", 52.41, 49.63, 3.1),
    ("Пестравка", 52.40, 49.95, 6.8),
    ("Марьевка", 52.47, 49.81, 1.9),
    ("Высокое", 52.55, 49.45, 2.4),
    ("Мосты", 52.30, 49.75, 1.2),
    ("Тепловка", 52.52, 49.70, 0.9),
    ("Падовка", 52.36, 49.40, 0.0),
];

fn district() -> MapSpec {
    MapSpec {
        title: "Обращения на 1000 жителей".into(),
        subtitle: "ноябрь 2026".into(),
        points: SETTLEMENTS
            .iter()
            .map(|&(name, lat, lon, value)| MapPoint {
                name: name.into(),
                lat,
                lon,
                value,
            })
            .collect(),
        value_label: "на 1000 жителей".into(),
        decimals: 1,
    }
}

fn center(b: &CellBox) -> (f64, f64) {
    (b.x + b.w / 2.0, b.y + b.h / 2.0)
}

#[test]
fn svg_has_every_settlement_with_its_value() {
    let s = district();
    let r = map_svg(&s).unwrap();
    assert_standalone_svg(&r);
    assert!(has_text(&r, "Обращения на 1000 жителей") && has_text(&r, "ноябрь 2026"));
    for (name, ..) in SETTLEMENTS {
        assert!(has_text(&r, name), "{name}");
    }
    assert!(has_text(&r, "14,2") && has_text(&r, "0,0"));
    assert!(has_text(&r, "на 1000 жителей"), "legend title");
    // Graticule labels in degrees.
    assert!(has_text(&r, "52,4° с. ш.") && has_text(&r, "49,6° в. д."));
    assert!(r.svg.contains("<circle"));
    assert_boxes_inside(&r);
}

#[test]
fn one_box_per_point_where_the_circle_is() {
    let s = district();
    let r = map_svg(&s).unwrap();
    assert_eq!(r.cells.len(), 8);
    let mut rows: Vec<usize> = r.cells.iter().map(|b| b.row).collect();
    rows.sort_unstable();
    assert_eq!(rows, (0..8).collect::<Vec<_>>());
    assert!(r.cells.iter().all(|b| b.col == 0 && b.w == b.h));
    let by_row = |i: usize| r.cells.iter().find(|b| b.row == i).unwrap();
    // Each box is the bounding box of a <circle> in the SVG.
    for b in &r.cells {
        let (cx, cy) = center(b);
        let circle = format!(r#"<circle cx="{cx}" cy="{cy}" r="{}""#, b.w / 2.0);
        assert!(r.svg.contains(&circle), "{circle}");
    }
    // East is right, north is up.
    let (mosty, vysokoe, padovka, pestravka) = (by_row(5), by_row(4), by_row(7), by_row(2));
    assert!(center(pestravka).0 > center(padovka).0);
    assert!(center(vysokoe).1 < center(mosty).1);
    // Area ∝ value (radii are whole pixels, so within rounding).
    let (big, small) = (by_row(0), by_row(2));
    let ratio = (big.w / small.w).powi(2);
    assert!((ratio - 14.2 / 6.8).abs() < 0.25, "{ratio}");
    // A zero is still there, small.
    assert!(padovka.w >= 6.0 && padovka.w < small.w);
}

#[test]
fn longitude_is_shrunk_by_the_cosine_of_latitude() {
    let point = |name: &str, lat: f64, lon: f64| MapPoint {
        name: name.into(),
        lat,
        lon,
        value: 1.0,
    };
    let s = MapSpec {
        points: vec![
            point("А", 52.4, 49.6),
            point("Б", 52.5, 49.6),
            point("В", 52.4, 49.7),
        ],
        ..district()
    };
    let r = map_svg(&s).unwrap();
    let c: Vec<(f64, f64)> = (0..3)
        .map(|i| center(r.cells.iter().find(|b| b.row == i).unwrap()))
        .collect();
    let north = c[0].1 - c[1].1;
    let east = c[2].0 - c[0].0;
    let expected = 52.45f64.to_radians().cos();
    assert!(
        (east / north - expected).abs() < 0.02,
        "{} vs {expected}",
        east / north
    );
}

#[test]
fn png_matches_the_svg() {
    let s = district();
    let r = map_svg(&s).unwrap();
    assert_png_matches(&map_png(&s).unwrap(), &r, 200);
}

#[test]
fn a_single_point_and_points_without_values() {
    let one = MapSpec {
        points: district().points[..1].to_vec(),
        ..district()
    };
    let r = map_svg(&one).unwrap();
    assert_eq!(r.cells.len(), 1);
    assert_boxes_inside(&r);
    assert!(has_text(&r, "Михайло-Овсянка"));
    assert_png_matches(&map_png(&one).unwrap(), &r, 100);

    let mut zeros = district();
    zeros.points.iter_mut().for_each(|p| p.value = 0.0);
    let r = map_svg(&zeros).unwrap();
    assert_eq!(r.cells.len(), 8);
    assert_boxes_inside(&r);
    assert_png_matches(&map_png(&zeros).unwrap(), &r, 50);
}

#[test]
fn no_points_and_bad_points() {
    let empty = MapSpec {
        points: vec![],
        ..district()
    };
    let r = map_svg(&empty).unwrap();
    assert!(r.cells.is_empty() && has_text(&r, "Нет данных за период"));
    assert_png_matches(&map_png(&empty).unwrap(), &r, 20);

    let mut bad = district();
    bad.points[2].lat = f64::NAN;
    assert!(matches!(map_svg(&bad), Err(ChartError::NotFinite(_))));
    let mut bad = district();
    bad.points[2].lon = 200.0;
    assert!(matches!(map_png(&bad), Err(ChartError::Shape(_))));
}
