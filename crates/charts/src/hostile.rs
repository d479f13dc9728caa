//! Hostile data for charts (issue 30): generated rows and requests never panic or hang, every
//! text that reaches the figure is escaped, the SVG stays well-formed, and the time taken is
//! linear in the rows (N and 8N within a factor of ten).

use std::time::{Duration, Instant};

use proptest::prelude::*;
use serde_json::{Value, json};

use super::*;

fn words_as_keys() -> impl Fn(&str, &[(&str, &str)]) -> String {
    // The placeholders' values come back unescaped, as the site's interface strings do.
    |key: &str, values: &[(&str, &str)]| {
        let filled: Vec<String> = values.iter().map(|(k, v)| format!("{k}={v}")).collect();
        format!("{key} {}", filled.join(" "))
    }
}

fn request(kind: Kind, series: Option<&str>) -> ChartRequest {
    ChartRequest {
        kind,
        title: "Meldingen".into(),
        x: "jaar".into(),
        y: "aantal".into(),
        series: series.map(str::to_string),
        filters: Vec::new(),
        unit: "meldingen".into(),
        lang: "nl".into(),
    }
}

/// CPU time the calling thread has used: the scaling checks time in it, so a busy machine
/// (other builds, other test threads) does not make a linear parser look quadratic.
fn thread_cpu_time() -> Duration {
    let mut t = libc::timespec { tv_sec: 0, tv_nsec: 0 };
    // SAFETY: `t` is a valid timespec for the call to fill in.
    let ok = unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut t) } == 0;
    assert!(ok, "no thread CPU clock");
    Duration::new(t.tv_sec as u64, t.tv_nsec as u32)
}

fn time(request: &ChartRequest, rows: &[Value]) -> Duration {
    let fill = words_as_keys();
    let words = Words::new(&fill);
    (0..3)
        .map(|_| {
            let started = thread_cpu_time();
            let _ = build(request, rows, "", &words);
            thread_cpu_time() - started
        })
        .min()
        .expect("three runs")
}

/// `rows(n)` and `rows(8n)` within a factor of ten (plus 50 ms for a busy machine).
fn assert_linear(what: &str, request: &ChartRequest, n: usize, rows: impl Fn(usize) -> Vec<Value>) {
    let (small, large) = (time(request, &rows(n)), time(request, &rows(8 * n)));
    assert!(
        large <= small * 10 + Duration::from_millis(50),
        "{what}: {n} took {small:?}, {} took {large:?}",
        8 * n
    );
}

#[test]
fn rows_cost_linear_time() {
    // Each new axis value was looked for among all the ones before it.
    assert_linear("N distinct years, a line", &request(Kind::Line, None), 250, |n| {
        (0..n).map(|i| json!({ "jaar": i, "aantal": i % 17 })).collect()
    });
    assert_linear("N distinct names, bars", &request(Kind::Bar, None), 250, |n| {
        (0..n).map(|i| json!({ "jaar": format!("gemeente {i}"), "aantal": 3 })).collect()
    });
    assert_linear("N rows summed into one bar", &request(Kind::Bar, None), 1000, |n| {
        (0..n).map(|_| json!({ "jaar": 2020, "aantal": 1.5 })).collect()
    });
    assert_linear(
        "N rows that match no filter",
        &ChartRequest { filters: vec![("gemeente".into(), "Assen".into())], ..request(Kind::Bar, None) },
        1000,
        |n| {
            (0..n)
                .map(|i| json!({ "jaar": i, "aantal": 1, "gemeente": "Emmen" }))
                .chain([json!({ "jaar": 1, "aantal": 1, "gemeente": "Assen" })])
                .collect()
        },
    );
}

#[test]
fn tables_too_large_to_show_are_refused() {
    let distinct = |n: usize| -> Vec<Value> {
        (0..n).map(|i| json!({ "jaar": i, "aantal": 1, "vorm": format!("v{i}") })).collect()
    };
    let err = Table::select(&request(Kind::Line, None), &distinct(table::MAX_AXIS_VALUES + 1)).unwrap_err();
    assert!(err.contains("column `jaar` has 2001 different values"), "{err}");
    let err =
        Table::select(&request(Kind::Line, Some("vorm")), &distinct(table::MAX_SERIES + 1)).unwrap_err();
    assert!(err.contains("column `vorm` has 61 different series"), "{err}");
    // 400 years times 59 forms, each row its own cell: N rows, N² cells without the cap.
    let square: Vec<Value> = (0..400 * 59)
        .map(|i| json!({ "jaar": i / 59, "aantal": 1, "vorm": format!("v{}", i % 59) }))
        .collect();
    let err = Table::select(&request(Kind::Stacked, Some("vorm")), &square).unwrap_err();
    assert!(err.contains("23600 cells"), "{err}");
    assert!(Table::select(&request(Kind::Line, Some("vorm")), &distinct(table::MAX_SERIES)).is_ok());
}

fn hostile_text() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::sample::select(vec![
            "<script>alert(1)</script>",
            "<img src=x onerror=alert(1)>",
            "\"><svg onload=alert(1)>",
            "]]><script>x</script>",
            "&amp;&lt;",
            "javascript:alert(1)",
            "\u{202e}",
            "\u{0}",
            "\u{1}",
            "\u{fffe}",
            "𝔘",
            "",
            "2020",
            "-0",
            "1e308",
        ])
        .prop_map(str::to_string),
        ".{0,12}",
    ]
}

fn cell() -> impl Strategy<Value = Value> {
    prop_oneof![
        any::<i64>().prop_map(Value::from),
        any::<f64>().prop_map(|f| serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number)),
        (-3000i64..3000).prop_map(Value::from),
        prop::sample::select(vec![1e15, -1e15, 1e16, 5e-324, 0.1, -0.0]).prop_map(Value::from),
        hostile_text().prop_map(Value::String),
        Just(Value::Null),
        Just(Value::Bool(true)),
        Just(json!([1, 2])),
    ]
}

fn rows() -> impl Strategy<Value = Vec<Value>> {
    prop::collection::vec(
        {
            // Mostly sound numbers, so that most charts get drawn and their output is checked.
            let number = prop_oneof![4 => (-1000i64..1000).prop_map(Value::from), 1 => cell()];
            let axis = prop_oneof![3 => (2000i64..2030).prop_map(Value::from), 2 => hostile_text().prop_map(Value::String), 1 => cell()];
            (axis, number, prop::sample::select(vec!["a", "b", "<b>", "\""]), prop::bool::weighted(0.95))
                .prop_map(
                    |(x, y, series, object)| {
                        if object { json!({ "jaar": x, "aantal": y, "vorm": series }) } else { x }
                    },
                )
        },
        0..40,
    )
}

fn chart_request() -> impl Strategy<Value = ChartRequest> {
    (
        prop::sample::select(vec![Kind::Line, Kind::Bar, Kind::Stacked]),
        hostile_text(),
        hostile_text(),
        prop::option::of(prop::sample::select(vec!["vorm", "<x>", "jaar"])),
        prop::collection::vec((prop::sample::select(vec!["vorm", "jaar"]), hostile_text()), 0..2),
    )
        .prop_map(|(kind, title, unit, series, filters)| ChartRequest {
            kind,
            title,
            x: "jaar".into(),
            y: "aantal".into(),
            series: series.map(str::to_string),
            filters: filters.into_iter().map(|(k, v)| (k.to_string(), v)).collect(),
            unit,
            lang: "nl".into(),
        })
}

/// The `<svg>...</svg>` inside the figure.
fn svg_of(html: &str) -> &str {
    let start = html.find("<svg").expect("an svg");
    let end = html.rfind("</svg>").expect("a closed svg") + "</svg>".len();
    &html[start..end]
}

fn well_formed(xml: &str) -> bool {
    let mut reader = quick_xml::Reader::from_str(xml);
    loop {
        match reader.read_event() {
            Ok(quick_xml::events::Event::Eof) => return true,
            Ok(_) => {}
            Err(_) => return false,
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 192, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn generated_charts_never_panic_and_escape_every_text(request in chart_request(), rows in rows()) {
        let fill = words_as_keys();
        let words = Words::new(&fill);
        let started = Instant::now();
        let built = build(&request, &rows, "/kb", &words);
        prop_assert!(started.elapsed() < Duration::from_secs(5), "{:?}", started.elapsed());
        if let Ok(chart) = &built {
            for raw in ["<script", "<img", "<svg onload", "]]>"] {
                prop_assert!(!chart.html.contains(raw), "{raw} in {}", chart.html);
            }
            prop_assert!(well_formed(svg_of(&chart.html)), "{}", chart.html);
            prop_assert!(chart.csv_path.starts_with(CSV_FOLDER));
        }
    }
}

#[test]
fn hostile_words_in_a_drawn_chart_are_escaped() {
    let hostile = "<img src=x onerror=alert(1)>";
    let request = ChartRequest {
        title: hostile.into(),
        unit: hostile.into(),
        series: Some("vorm".into()),
        ..request(Kind::Stacked, None)
    };
    let rows: Vec<Value> =
        (0..3).map(|i| json!({ "jaar": format!("{hostile}{i}"), "aantal": i, "vorm": hostile })).collect();
    let fill = words_as_keys();
    let chart = build(&request, &rows, "", &Words::new(&fill)).expect("drawn");
    assert!(!chart.html.contains("<img"), "{}", chart.html);
    assert!(chart.html.contains("&lt;img"), "{}", chart.html);
    assert!(well_formed(svg_of(&chart.html)), "{}", chart.html);
}

#[test]
fn a_line_over_a_huge_and_a_blank_x_is_drawn_or_refused_not_a_panic() {
    // Found by the property test above: plotters overflowed an integer on this axis.
    let rows: Vec<Value> = [json!(1e15), json!(" "), json!(2000)]
        .into_iter()
        .map(|jaar| json!({ "jaar": jaar, "aantal": 1 }))
        .collect();
    let fill = words_as_keys();
    let _ = build(&request(Kind::Line, None), &rows, "", &Words::new(&fill));
    // And a value far below the axis in every kind.
    let rows = vec![json!({ "jaar": 2000, "aantal": -1e15, "vorm": "a" })];
    for kind in [Kind::Line, Kind::Bar, Kind::Stacked] {
        let chart = build(&request(kind, Some("vorm")), &rows, "", &Words::new(&fill));
        assert!(chart.is_ok(), "{kind:?}: {:?}", chart.err());
    }
}
