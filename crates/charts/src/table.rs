//! The numbers behind a chart, selected from a data file: rows along the axis, one column per
//! series. The same table is drawn, shown as HTML and offered as CSV, so the three agree.

use serde_json::Value;

use super::{ChartRequest, escape, format_number};

#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub label: String,
    /// One value per column; `None` where the data has no row for that cell.
    pub values: Vec<Option<f64>>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    /// The axis column's name (`jaar`), the table's first header.
    pub axis: String,
    /// Series names, or the unit alone when there is one series.
    pub columns: Vec<String>,
    pub rows: Vec<Row>,
}

/// The largest magnitude a chart draws. Beyond it, axis ranges and tick steps lose their
/// precision (or overflow to infinity) and the drawing library's tick loop never ends; no real
/// count comes near it.
pub const MAX_MAGNITUDE: f64 = 1e15;

/// The most values along a chart's axis, series and cells (axis values times series) it draws.
/// Each cell is a mark in the SVG and a cell of the table beside it: a data file with N
/// distinct axis values and N distinct series would otherwise make N² of both (10,000 rows:
/// 10^8 cells). No chart a reader can take in comes near these.
pub const MAX_AXIS_VALUES: usize = 2_000;
pub const MAX_SERIES: usize = 60;
pub const MAX_CELLS: usize = 20_000;

/// Refuses a table larger than a chart can show, naming the column that makes it so.
fn check_size(request: &ChartRequest, axis: usize, series: usize) -> Result<(), String> {
    let hint = "choose fewer values with `filter`, or show the data as a table or a download";
    if axis > MAX_AXIS_VALUES {
        return Err(format!(
            "chart(): column `{}` has {axis} different values; a chart shows at most {MAX_AXIS_VALUES} ({hint})",
            request.x
        ));
    }
    if series > MAX_SERIES {
        let column = request.series.as_deref().unwrap_or_default();
        return Err(format!(
            "chart(): column `{column}` has {series} different series; a chart shows at most {MAX_SERIES} ({hint})"
        ));
    }
    if axis * series > MAX_CELLS {
        return Err(format!(
            "chart(): {axis} values of `{}` times {series} series is {} cells; a chart shows at most {MAX_CELLS} ({hint})",
            request.x,
            axis * series
        ));
    }
    Ok(())
}

/// Refuses values, sums, row totals and numeric axis values a chart cannot draw, naming the
/// first one found.
fn check_drawable(request: &ChartRequest, rows: &[Row]) -> Result<(), String> {
    let too_large = |what: String, v: f64| {
        Err(format!(
            "chart(): {what} is {v:e}, too large to draw; charts take numbers between -{MAX_MAGNITUDE:e} and {MAX_MAGNITUDE:e} (check the data file, or use a larger unit such as thousands)"
        ))
    };
    // NaN compares false with everything, so "drawable" is asked as a range, not its opposite.
    let drawable = |v: f64| (-MAX_MAGNITUDE..=MAX_MAGNITUDE).contains(&v);
    for row in rows {
        if let Ok(x) = row.label.parse::<f64>()
            && !drawable(x)
        {
            return too_large(format!("axis value `{}` in column `{}`", row.label, request.x), x);
        }
        let mut total = 0.0;
        for v in row.values.iter().flatten() {
            if !drawable(*v) {
                return too_large(
                    format!("the value of `{}` at `{}` (after summing rows)", request.y, row.label),
                    *v,
                );
            }
            total += v;
        }
        if !drawable(total) {
            return too_large(format!("the total of `{}` at `{}`", request.y, row.label), total);
        }
    }
    Ok(())
}

fn cell_text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

impl Table {
    /// Rows matching the request's filters, summed per axis value and series. Axis values sort
    /// numerically when they are all numbers (years), otherwise alphabetically.
    pub fn select(request: &ChartRequest, records: &[Value]) -> Result<Table, String> {
        // In order of first appearance, with a set beside each so a row costs the same
        // however many values came before it.
        let mut axis: Vec<String> = Vec::new();
        let mut columns: Vec<String> = Vec::new();
        let mut axis_seen: std::collections::HashSet<String> = Default::default();
        let mut columns_seen: std::collections::HashSet<String> = Default::default();
        let mut cells: std::collections::HashMap<(String, String), f64> = Default::default();
        for record in records {
            let Value::Object(map) = record else { continue };
            let matches =
                request.filters.iter().all(|(k, v)| map.get(k).and_then(cell_text).is_some_and(|c| &c == v));
            if !matches {
                continue;
            }
            let x = map
                .get(&request.x)
                .and_then(cell_text)
                .ok_or_else(|| format!("chart(): a row has no column `{}`", request.x))?;
            let y = map
                .get(&request.y)
                .and_then(Value::as_f64)
                .ok_or_else(|| format!("chart(): column `{}` must hold numbers (row {x})", request.y))?;
            let series = match &request.series {
                Some(s) => map
                    .get(s)
                    .and_then(cell_text)
                    .ok_or_else(|| format!("chart(): a row has no column `{s}`"))?,
                None => request.unit.clone(),
            };
            if axis_seen.insert(x.clone()) {
                axis.push(x.clone());
            }
            if columns_seen.insert(series.clone()) {
                columns.push(series.clone());
            }
            *cells.entry((x, series)).or_default() += y;
        }
        check_size(request, axis.len(), columns.len())?;
        if axis.is_empty() {
            let filters: Vec<String> = request.filters.iter().map(|(k, v)| format!("{k}={v}")).collect();
            return Err(format!("chart(): no rows match `{}`", filters.join(";")));
        }
        if axis.iter().all(|a| a.parse::<f64>().is_ok()) {
            axis.sort_by(|a, b| a.parse::<f64>().unwrap_or(0.0).total_cmp(&b.parse::<f64>().unwrap_or(0.0)));
        } else {
            axis.sort();
        }
        let rows: Vec<Row> = axis
            .into_iter()
            .map(|label| {
                let values =
                    columns.iter().map(|c| cells.get(&(label.clone(), c.clone())).copied()).collect();
                Row { label, values }
            })
            .collect();
        check_drawable(request, &rows)?;
        Ok(Table { axis: request.x.clone(), columns, rows })
    }

    /// The largest single cell: (row label, column name, value).
    pub fn max_cell(&self) -> (&str, &str, f64) {
        let mut best = ("", "", f64::MIN);
        for row in &self.rows {
            for (c, v) in row.values.iter().enumerate() {
                if let Some(v) = v
                    && *v > best.2
                {
                    best = (&row.label, &self.columns[c], *v);
                }
            }
        }
        best
    }

    /// The largest row total (for stacked bars) or cell (otherwise).
    /// The lowest and highest value a chart must show, 0 included: each value, or for
    /// stacked bars each running total along a row (a negative value stacks downwards).
    pub fn value_range(&self, stacked: bool) -> (f64, f64) {
        let mut range = (0.0_f64, 0.0_f64);
        for row in &self.rows {
            let mut total = 0.0;
            for v in row.values.iter().flatten() {
                let shown = if stacked {
                    total += v;
                    total
                } else {
                    *v
                };
                range = (range.0.min(shown), range.1.max(shown));
            }
        }
        range
    }

    pub fn to_csv(&self) -> String {
        let mut writer = csv::Writer::from_writer(Vec::new());
        let mut header = vec![self.axis.clone()];
        header.extend(self.columns.iter().cloned());
        let _ = writer.write_record(&header);
        for row in &self.rows {
            let mut record = vec![row.label.clone()];
            record.extend(row.values.iter().map(|v| v.map(plain_number).unwrap_or_default()));
            let _ = writer.write_record(&record);
        }
        String::from_utf8(writer.into_inner().unwrap_or_default()).unwrap_or_default()
    }

    /// The table as HTML; `count_of_unit` is what the numbers count (`aantal meldingen`),
    /// `label` the scrolling region's accessible name.
    pub fn to_html(&self, caption: &str, count_of_unit: &str, label: &str) -> String {
        let mut html = format!(
            "<div class=\"kb-table\" role=\"region\" aria-label=\"{}\" tabindex=\"0\">\n<table>\n",
            escape(label)
        );
        html.push_str(&format!("<caption>{} ({})</caption>\n", escape(caption), escape(count_of_unit)));
        html.push_str(&format!("<thead><tr><th scope=\"col\">{}</th>", escape(&capitalised(&self.axis))));
        for c in &self.columns {
            html.push_str(&format!("<th scope=\"col\">{}</th>", escape(&capitalised(c))));
        }
        html.push_str("</tr></thead>\n<tbody>\n");
        for row in &self.rows {
            html.push_str(&format!("<tr><th scope=\"row\">{}</th>", escape(&row.label)));
            for v in &row.values {
                match v {
                    Some(v) => html.push_str(&format!("<td>{}</td>", format_number(*v))),
                    None => html.push_str("<td><span aria-hidden=\"true\">–</span><span class=\"kb-visually-hidden\">geen gegevens</span></td>"),
                }
            }
            html.push_str("</tr>\n");
        }
        html.push_str("</tbody>\n</table>\n</div>\n");
        html
    }
}

fn plain_number(n: f64) -> String {
    if n.fract() == 0.0 { format!("{}", n as i64) } else { format!("{n}") }
}

fn capitalised(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}
