use serde_json::json;

use super::*;

fn rows() -> Vec<Value> {
    let mut rows = Vec::new();
    for (g, base) in [("Assen", 40.0), ("Emmen", 60.0)] {
        for year in 2020..2023 {
            for (vorm, extra) in [("Kindermishandeling", 5.0), ("Partnergeweld", 2.0)] {
                rows.push(json!({ "gemeente": g, "jaar": year, "vorm": vorm, "meldingen": base + extra * f64::from(year - 2020) }));
            }
        }
    }
    rows
}

/// Builds the chart of `request`, its words left as their keys.
fn chart(request: ChartRequest) -> Result<Chart, String> {
    build(&request, &rows(), "", &Words::new(&|key, _| key.to_string()))
}

fn request(kind: Kind, series: Option<&str>, filter: &[(&str, &str)]) -> ChartRequest {
    ChartRequest {
        kind,
        title: "Meldingen in Emmen".into(),
        x: if kind == Kind::Bar { "gemeente".into() } else { "jaar".into() },
        y: "meldingen".into(),
        series: series.map(str::to_string),
        filters: filter.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect(),
        unit: "meldingen".into(),
        lang: "nl".into(),
    }
}

#[test]
fn the_table_sums_matching_rows_per_axis_value_and_series() {
    let t = Table::select(&request(Kind::Line, Some("vorm"), &[("gemeente", "Emmen")]), &rows()).unwrap();
    assert_eq!(t.columns, ["Kindermishandeling", "Partnergeweld"]);
    assert_eq!(t.rows.iter().map(|r| r.label.as_str()).collect::<Vec<_>>(), ["2020", "2021", "2022"]);
    assert_eq!(t.rows[2].values, [Some(70.0), Some(64.0)]);
    // Without a filter, the municipalities are summed.
    let all = Table::select(&request(Kind::Line, Some("vorm"), &[]), &rows()).unwrap();
    assert_eq!(all.rows[2].values, [Some(50.0 + 70.0), Some(44.0 + 64.0)]);
}

#[test]
fn the_csv_holds_exactly_the_table() {
    let t = Table::select(&request(Kind::Line, Some("vorm"), &[("gemeente", "Assen")]), &rows()).unwrap();
    assert_eq!(t.to_csv(), "jaar,Kindermishandeling,Partnergeweld\n2020,40,40\n2021,45,42\n2022,50,44\n");
}

#[test]
fn a_line_chart_is_valid_accessible_svg_with_one_mark_per_point() {
    let chart = chart(request(Kind::Line, Some("vorm"), &[("gemeente", "Emmen")])).unwrap();
    let svg_start = chart.html.find("<svg").unwrap();
    let svg_end = chart.html.find("</svg>").unwrap() + 6;
    let svg = &chart.html[svg_start..svg_end];
    assert!(well_formed(svg), "not well-formed: {svg}");
    assert!(svg.contains("role=\"img\""));
    assert!(svg.contains("<title id=") && svg.contains("<desc id="));
    assert!(!svg.contains("style="), "inline styles break the CSP");
    // 3 years x 2 series, each series' marks of its own shape (circles, then triangles).
    assert_eq!(svg.matches("<circle").count(), 3, "{svg}");
    assert_eq!(svg.matches("<polygon").count(), 3, "{svg}");
    assert!(svg.contains("Kindermishandeling (70)"), "direct label at the line's end");
    assert!(chart.html.contains("<table>") && chart.html.contains("<td>64</td>"));
    assert!(chart.csv_path.starts_with("/grafieken/grafiek-") && chart.csv_path.ends_with(".csv"));
}

#[test]
fn bars_and_stacks_draw_one_rectangle_per_value() {
    let bar = chart(request(Kind::Bar, None, &[("jaar", "2022")])).unwrap();
    // One background rectangle plus one bar per municipality.
    assert_eq!(bar.html.matches("<rect").count(), 1 + 2);
    let stacked = chart(request(Kind::Stacked, Some("vorm"), &[("gemeente", "Emmen")])).unwrap();
    assert_eq!(stacked.html.matches("<rect").count(), 1 + 3 * 2);
}

#[test]
fn mistakes_in_a_request_are_explained() {
    let err =
        Table::select(&request(Kind::Line, Some("vorm"), &[("gemeente", "Utrecht")]), &rows()).unwrap_err();
    assert!(err.contains("no rows match `gemeente=Utrecht`"), "{err}");
    let mut args = HashMap::new();
    args.insert("kind".to_string(), json!("pie"));
    assert!(request_from_args(&args, "nl").unwrap_err().contains("known kinds: line, bar, stacked"));
}

/// Well-formed XML, checked by a real parser (end tags must match their start tags).
fn well_formed(svg: &str) -> bool {
    let mut reader = quick_xml::Reader::from_str(svg);
    loop {
        match reader.read_event() {
            Ok(quick_xml::events::Event::Eof) => return true,
            Ok(_) => {}
            Err(_) => return false,
        }
    }
}

/// Values that overflow the drawing (alone, summed, or along a numeric axis) used to hang the
/// drawing library's tick loop; they are refused with a message naming the value.
#[test]
fn values_too_large_to_draw_are_an_error_not_a_hang() {
    let request = |kind: Kind| ChartRequest { x: "jaar".into(), ..request(kind, None, &[]) };
    let one = vec![json!({ "jaar": 2020, "meldingen": 1.7e308 })];
    let summed =
        vec![json!({ "jaar": 2020, "meldingen": 1e308 }), json!({ "jaar": 2020, "meldingen": 1e308 })];
    let wide_axis = vec![json!({ "jaar": -1e308, "meldingen": 1 }), json!({ "jaar": 1e308, "meldingen": 2 })];
    for (kind, rows) in
        [(Kind::Bar, &one), (Kind::Bar, &summed), (Kind::Line, &wide_axis), (Kind::Stacked, &one)]
    {
        let err = Table::select(&request(kind), rows).unwrap_err();
        assert!(err.contains("too large to draw"), "{kind:?}: {err}");
    }
    // The largest allowed value still draws.
    let fine = vec![json!({ "jaar": 2020, "meldingen": MAX_MAGNITUDE_FOR_TEST })];
    assert!(build(&request(Kind::Bar), &fine, "", &Words::new(&|key, _| key.to_string())).is_ok());
}

const MAX_MAGNITUDE_FOR_TEST: f64 = 1e15;
