//! Drawing with plotters' SVG backend. Series are told apart without colour: lines by dash
//! pattern, the shape of their marks and a direct label at their end, stacked parts by order and direct labels. Colours
//! reach at least 4.5:1 on the white chart background, so they work for text and marks alike.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::{ChartRequest, Kind, Table, format_number};

const WIDTH: u32 = 760;
const HEIGHT: u32 = 420;
const FONT: &str = "sans-serif";

/// Dark enough for 4.5:1 on white; ordered so neighbours differ in lightness too.
const PALETTE: [RGBColor; 6] = [
    RGBColor(0x0b, 0x4f, 0x9c),
    RGBColor(0x9c, 0x4a, 0x00),
    RGBColor(0x2e, 0x6b, 0x1f),
    RGBColor(0x7a, 0x1f, 0x5c),
    RGBColor(0x4d, 0x4d, 0x4d),
    RGBColor(0xa3, 0x1c, 0x1c),
];
/// (dash length, gap) per series; the first is solid.
const DASHES: [(u32, u32); 6] = [(0, 0), (10, 5), (3, 4), (14, 4), (6, 3), (2, 7)];

const AXIS: RGBColor = RGBColor(0x33, 0x33, 0x33);
const GRID: RGBColor = RGBColor(0xd0, 0xd4, 0xda);

/// Tick labels and axis titles.
fn axis_font() -> TextStyle<'static> {
    (FONT, 14).into_font().color(&AXIS)
}

fn color(i: usize) -> RGBColor {
    PALETTE[i % PALETTE.len()]
}

type Fail = String;
fn fail<E: std::fmt::Debug>(e: E) -> Fail {
    format!("chart(): drawing failed: {e:?}")
}

/// The chart as SVG; `count_label` names the value axis (`aantal meldingen`).
pub fn svg(request: &ChartRequest, table: &Table, count_label: &str) -> Result<String, Fail> {
    let mut out = String::new();
    {
        let root = SVGBackend::with_string(&mut out, (WIDTH, HEIGHT)).into_drawing_area();
        root.fill(&WHITE).map_err(fail)?;
        match request.kind {
            Kind::Line => line(&root, request, table, count_label)?,
            Kind::Bar => bars(&root, table, count_label)?,
            Kind::Stacked => stacked(&root, table, count_label)?,
        }
        root.present().map_err(fail)?;
    }
    Ok(out)
}

fn text_style(size: f64, color: RGBColor, h: HPos) -> TextStyle<'static> {
    (FONT, size).into_font().color(&color).pos(Pos::new(h, VPos::Center))
}

/// Direct labels beside the plot: spread vertically so none overlap, keeping their order.
fn place_labels(
    mut labels: Vec<(i32, String, RGBColor)>,
    top: i32,
    bottom: i32,
) -> Vec<(i32, String, RGBColor)> {
    const GAP: i32 = 17;
    labels.sort_by_key(|l| l.0);
    for i in 1..labels.len() {
        if labels[i].0 < labels[i - 1].0 + GAP {
            labels[i].0 = labels[i - 1].0 + GAP;
        }
    }
    if let Some(last) = labels.last()
        && last.0 > bottom
    {
        let shift = last.0 - bottom;
        for l in &mut labels {
            l.0 -= shift;
        }
    }
    for l in &mut labels {
        l.0 = l.0.max(top);
    }
    labels
}

/// The value axis: from 0 (or below it, for negative values) to a little over the highest
/// value. Every value lies inside it, so none maps outside the plot: a value far outside
/// overflowed plotters' pixel arithmetic.
fn y_range(table: &Table, stacked: bool) -> std::ops::Range<f64> {
    let (low, high) = table.value_range(stacked);
    let high = if high <= 0.0 { 1.0 } else { high * 1.1 };
    low * 1.1..high
}

/// Where each row sits on a line chart's x axis: at its label's number when every label is a
/// finite number (years), else at its place in the table (a label like "2020 Q1" among years
/// would otherwise sit at its row number, far from the rest).
fn x_positions(table: &Table) -> Vec<f64> {
    let numbers: Option<Vec<f64>> =
        table.rows.iter().map(|r| r.label.trim().parse::<f64>().ok().filter(|x| x.is_finite())).collect();
    numbers
        .filter(|xs| xs.iter().copied().fold(0.0_f64, |m, x| m.max(x.abs())) < 1e15)
        .unwrap_or_else(|| (0..table.rows.len()).map(|i| i as f64).collect())
}

fn line(
    root: &DrawingArea<SVGBackend, Shift>,
    request: &ChartRequest,
    table: &Table,
    count_label: &str,
) -> Result<(), Fail> {
    let xs = x_positions(table);
    // The axis spans every point (rows need not be in order), so no point maps outside the
    // plot: one far outside overflowed plotters' pixel arithmetic.
    let x0 = xs.iter().copied().fold(f64::INFINITY, f64::min);
    let x1 = xs.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let (x0, x1) = if x0.is_finite() && x1.is_finite() { (x0, x1) } else { (0.0, 1.0) };
    let x1 = if x1 > x0 { x1 } else { x0 + 1.0 };
    let mut chart = ChartBuilder::on(root)
        .margin(16)
        .margin_right(190)
        .x_label_area_size(44)
        .y_label_area_size(56)
        .build_cartesian_2d(x0..x1, y_range(table, false))
        .map_err(fail)?;
    chart
        .configure_mesh()
        .disable_x_mesh()
        .max_light_lines(0)
        .bold_line_style(GRID)
        .axis_style(AXIS)
        .x_labels(table.rows.len().min(12))
        .x_label_formatter(&|x| format!("{x:.0}"))
        .y_labels(6)
        .y_label_formatter(&|y| format_number(y.round()))
        .label_style(axis_font())
        .x_desc(request.x.clone())
        .y_desc(count_label)
        .axis_desc_style(axis_font())
        .draw()
        .map_err(fail)?;
    let mut labels = Vec::new();
    for (c, name) in table.columns.iter().enumerate() {
        let points: Vec<(f64, f64)> =
            table.rows.iter().zip(&xs).filter_map(|(r, x)| r.values[c].map(|v| (*x, v))).collect();
        let style = ShapeStyle::from(color(c)).stroke_width(3);
        let (dash, gap) = DASHES[c % DASHES.len()];
        if dash == 0 {
            chart.draw_series(LineSeries::new(points.clone(), style)).map_err(fail)?;
        } else {
            chart.draw_series(DashedLineSeries::new(points.clone(), dash, gap, style)).map_err(fail)?;
        }
        // One mark per data point, shaped by series: where two lines cross, their colours alone
        // (red beside green for some readers) would not tell them apart.
        let fill = color(c).filled();
        match c % 4 {
            0 => chart.draw_series(points.iter().map(|p| Circle::new(*p, 4, fill))),
            1 => chart.draw_series(points.iter().map(|p| TriangleMarker::new(*p, 6, fill))),
            2 => chart.draw_series(
                points.iter().map(|p| EmptyElement::at(*p) + Rectangle::new([(-4, -4), (4, 4)], fill)),
            ),
            _ => chart.draw_series(points.iter().map(|p| Cross::new(*p, 5, color(c).stroke_width(2)))),
        }
        .map_err(fail)?;
        if let Some(last) = points.last() {
            let (_, py) = chart.backend_coord(last);
            labels.push((py, format!("{name} ({})", format_number(last.1)), color(c)));
        }
    }
    let plot = chart.plotting_area().get_pixel_range();
    let label_x = plot.0.end + 10;
    for (y, text, c) in place_labels(labels, plot.1.start + 6, plot.1.end - 6) {
        root.draw(&Text::new(text, (label_x, y), text_style(14.0, c, HPos::Left))).map_err(fail)?;
    }
    Ok(())
}

fn bars(root: &DrawingArea<SVGBackend, Shift>, table: &Table, count_label: &str) -> Result<(), Fail> {
    let n = table.rows.len().max(1) as f64;
    let mut chart = ChartBuilder::on(root)
        .margin(16)
        .margin_right(60)
        .x_label_area_size(44)
        .y_label_area_size(150)
        .build_cartesian_2d(y_range(table, false), 0.0..n)
        .map_err(fail)?;
    chart
        .configure_mesh()
        .disable_y_mesh()
        .max_light_lines(0)
        .bold_line_style(GRID)
        .axis_style(AXIS)
        .y_labels(0)
        .x_labels(6)
        .x_label_formatter(&|x| format_number(x.round()))
        .label_style(axis_font())
        .x_desc(count_label)
        .axis_desc_style(axis_font())
        .draw()
        .map_err(fail)?;
    for (i, row) in table.rows.iter().enumerate() {
        let top = n - i as f64;
        let value = row.values.first().copied().flatten().unwrap_or(0.0);
        chart
            .draw_series(std::iter::once(Rectangle::new(
                [(0.0, top - 0.2), (value, top - 0.8)],
                color(0).filled(),
            )))
            .map_err(fail)?;
        let (x_end, y_mid) = chart.backend_coord(&(value, top - 0.5));
        let (x_start, _) = chart.backend_coord(&(0.0, top - 0.5));
        root.draw(&Text::new(row.label.clone(), (x_start - 8, y_mid), text_style(14.0, AXIS, HPos::Right)))
            .map_err(fail)?;
        root.draw(&Text::new(format_number(value), (x_end + 6, y_mid), text_style(14.0, AXIS, HPos::Left)))
            .map_err(fail)?;
    }
    Ok(())
}

fn stacked(root: &DrawingArea<SVGBackend, Shift>, table: &Table, count_label: &str) -> Result<(), Fail> {
    let n = table.rows.len().max(1) as f64;
    let mut chart = ChartBuilder::on(root)
        .margin(16)
        .margin_right(200)
        .x_label_area_size(44)
        .y_label_area_size(56)
        .build_cartesian_2d(0.0..n, y_range(table, true))
        .map_err(fail)?;
    chart
        .configure_mesh()
        .disable_x_mesh()
        .max_light_lines(0)
        .bold_line_style(GRID)
        .axis_style(AXIS)
        .x_labels(0)
        .y_labels(6)
        .y_label_formatter(&|y| format_number(y.round()))
        .label_style(axis_font())
        .y_desc(count_label)
        .axis_desc_style(axis_font())
        .draw()
        .map_err(fail)?;
    let mut labels = Vec::new();
    let (_, axis_y) = chart.backend_coord(&(0.0, 0.0));
    for (i, row) in table.rows.iter().enumerate() {
        let x = i as f64;
        let mut base = 0.0;
        for (c, v) in row.values.iter().enumerate() {
            let Some(v) = v else { continue };
            chart
                .draw_series(std::iter::once(Rectangle::new(
                    [(x + 0.15, base), (x + 0.85, base + v)],
                    color(c).filled(),
                )))
                .map_err(fail)?;
            if i + 1 == table.rows.len() {
                let (_, py) = chart.backend_coord(&(x + 0.85, base + v / 2.0));
                labels.push((py, table.columns[c].clone(), color(c)));
            }
            base += v;
        }
        let (px, _) = chart.backend_coord(&(x + 0.5, 0.0));
        root.draw(&Text::new(row.label.clone(), (px, axis_y + 18), text_style(14.0, AXIS, HPos::Center)))
            .map_err(fail)?;
    }
    let plot = chart.plotting_area().get_pixel_range();
    for (y, text, c) in place_labels(labels, plot.1.start + 6, plot.1.end - 6) {
        root.draw(&Text::new(text, (plot.0.end + 10, y), text_style(14.0, c, HPos::Left))).map_err(fail)?;
    }
    Ok(())
}
