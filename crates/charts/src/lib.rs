//! Charts from data files, drawn at build time as inline SVG (plotters' SVG backend) and always
//! paired with the same numbers as a real table and a CSV download, so nobody depends on
//! seeing the picture. Templates call `chart(...)`; see docs/TEMPLATES.md.

pub mod downloads;
mod draw;
mod table;

use std::collections::HashMap;

use serde_json::Value;

pub use table::Table;

/// Which picture a table becomes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Trends over years: one line per series.
    Line,
    /// A comparison between categories: one horizontal bar per category.
    Bar,
    /// Categories split into parts: one stacked bar per category.
    Stacked,
}

impl Kind {
    pub fn parse(name: &str) -> Option<Kind> {
        match name {
            "line" => Some(Kind::Line),
            "bar" => Some(Kind::Bar),
            "stacked" => Some(Kind::Stacked),
            _ => None,
        }
    }

    /// The key of the kind's name in the interface strings.
    fn name_key(self) -> &'static str {
        match self {
            Kind::Line => "chart_kind_line",
            Kind::Bar => "chart_kind_bar",
            Kind::Stacked => "chart_kind_stacked",
        }
    }
}

/// What a template asks for: which rows of which data, as which chart.
#[derive(Debug, Clone)]
pub struct ChartRequest {
    pub kind: Kind,
    pub title: String,
    /// Column whose values run along the axis (years, or municipalities).
    pub x: String,
    /// Column with the numbers.
    pub y: String,
    /// Column that splits the numbers into series (forms of violence); none for one series.
    pub series: Option<String>,
    /// `column=value` pairs a row must match, e.g. `gemeente=Emmen`.
    pub filters: Vec<(String, String)>,
    /// What the numbers count, for the description and the table head ("meldingen").
    pub unit: String,
    /// The language of the page: the chart's own words (description, labels) are in it.
    pub lang: String,
}

/// The words a chart adds around the figures, in the page's language: the caller looks each
/// up by key in its interface strings and fills in the named placeholders (not escaped: the
/// chart escapes what goes into markup).
pub struct Words<'a> {
    fill: &'a FillWord<'a>,
}

/// Looks up an interface string by key and fills in its named placeholders.
pub type FillWord<'a> = dyn Fn(&str, &[(&str, &str)]) -> String + 'a;

impl<'a> Words<'a> {
    pub fn new(fill: &'a FillWord<'a>) -> Self {
        Words { fill }
    }

    fn get(&self, key: &str) -> String {
        (self.fill)(key, &[])
    }

    fn fill(&self, key: &str, values: &[(&str, &str)]) -> String {
        (self.fill)(key, values)
    }

    /// `aantal meldingen`: an axis, a table's caption.
    fn count_of(&self, unit: &str) -> String {
        self.fill("chart_count_of", &[("unit", unit)])
    }
}

/// A rendered chart: the `<figure>` HTML and the CSV file that belongs to it.
pub struct Chart {
    pub html: String,
    pub csv_path: String,
    pub csv: String,
}

/// Where CSV downloads are written, root-relative.
pub const CSV_FOLDER: &str = "/grafieken/";

/// Builds the chart for `request` from `rows` (a data file's records). `base_path` prefixes the
/// download link when the site lives below the host's root.
pub fn build(
    request: &ChartRequest,
    rows: &[Value],
    base_path: &str,
    words: &Words,
) -> Result<Chart, String> {
    let table = Table::select(request, rows)?;
    let csv = table.to_csv();
    // The same figures drawn on pages in different languages share one download.
    let key = ChartRequest { lang: String::new(), ..request.clone() };
    let hash = blake3::hash(format!("{key:?}\n{csv}").as_bytes()).to_hex();
    let id = format!("grafiek-{}", &hash[..10]);
    let csv_path = format!("{CSV_FOLDER}{id}.csv");
    let svg = draw::svg(request, &table, &words.count_of(&request.unit))?;
    let html = figure(request, &table, &id, &svg, &format!("{base_path}{csv_path}"), words);
    Ok(Chart { html, csv_path, csv })
}

fn escape(text: &str) -> String {
    kb_core::escape::html(text)
}

/// One sentence that says what the chart shows, for `<desc>` and screen readers.
fn description(request: &ChartRequest, table: &Table, words: &Words) -> String {
    let first = table.rows.first().map(|r| r.label.as_str()).unwrap_or_default();
    let last = table.rows.last().map(|r| r.label.as_str()).unwrap_or_default();
    let series = if table.columns.len() > 1 {
        words.fill(
            "chart_series",
            &[("count", &table.columns.len().to_string()), ("names", &table.columns.join(", "))],
        )
    } else {
        String::new()
    };
    let (max_row, max_col, max) = table.max_cell();
    let top = if table.columns.len() > 1 {
        words.fill("chart_top_in", &[("value", &format_number(max)), ("row", max_row), ("column", max_col)])
    } else {
        format!("{} ({})", format_number(max), max_row)
    };
    words.fill(
        "chart_description",
        &[
            ("kind", &words.get(request.kind.name_key())),
            ("unit", &request.unit),
            ("axis", &request.x),
            ("first", first),
            ("last", last),
            ("series", &series),
            ("top", &top),
        ],
    )
}

pub fn format_number(n: f64) -> String {
    if n.fract() == 0.0 { format!("{}", n as i64) } else { format!("{n:.1}").replace('.', ",") }
}

fn figure(
    request: &ChartRequest,
    table: &Table,
    id: &str,
    svg: &str,
    csv_path: &str,
    words: &Words,
) -> String {
    let title = escape(&request.title);
    let desc = escape(&description(request, table, words));
    // The SVG opens with plotters' fixed size; make it scale and name it for assistive tech.
    let svg = svg.replacen(
        "<svg ",
        &format!(
            "<svg class=\"kb-chart__svg\" role=\"img\" aria-labelledby=\"{id}-titel {id}-beschrijving\" focusable=\"false\" "
        ),
        1,
    );
    let svg = match svg.find('>') {
        Some(end) => format!(
            "{}><title id=\"{id}-titel\">{title}</title><desc id=\"{id}-beschrijving\">{desc}</desc>{}",
            &svg[..end],
            &svg[end + 1..]
        ),
        None => svg,
    };
    // Attributes that repeat SVG's defaults: 5-7 KB of every trend page.
    let svg = strip_size(&svg).replace(" opacity=\"1\"", "").replace(" stroke-width=\"1\"", "");
    // figcaption must be the figure's first or last child, so the table follows the figure.
    let mut html =
        // On a phone the chart keeps a readable size and scrolls sideways in its own box
        // (reachable by keyboard), instead of shrinking its text to nothing.
        format!(
            "<div class=\"kb-chart\" id=\"{id}\">\n<figure class=\"kb-chart__figure\">\n<div class=\"kb-chart__scroll\" role=\"region\" aria-label=\"{title}\" tabindex=\"0\">\n{svg}\n</div>\n"
        );
    html.push_str(&format!("<figcaption class=\"kb-chart__caption\">{title}</figcaption>\n</figure>\n"));
    html.push_str(&format!(
        "<details class=\"kb-details kb-chart__data\">\n<summary>{}</summary>\n",
        escape(&words.get("chart_show_table"))
    ));
    html.push_str(&table.to_html(
        &request.title,
        &words.count_of(&request.unit),
        // Named after its chart: two charts on a page must not give two regions one name.
        &words.fill("chart_table_label", &[("title", &request.title)]),
    ));
    html.push_str(&format!(
        "<p><a href=\"{csv_path}\" download>{}</a></p>\n</details>\n</div>\n",
        escape(&words.get("chart_download"))
    ));
    html
}

/// Drops the fixed `width`/`height` of the outer `<svg>` so CSS sizes it; the viewBox stays.
fn strip_size(svg: &str) -> String {
    let Some(end) = svg.find('>') else { return svg.to_string() };
    let (head, rest) = svg.split_at(end);
    let mut cleaned = head.to_string();
    for attr in ["width", "height"] {
        if let Some(start) = cleaned.find(&format!(" {attr}=\"")) {
            let value_start = start + attr.len() + 3;
            if let Some(len) = cleaned[value_start..].find('"') {
                cleaned.replace_range(start..value_start + len + 1, "");
            }
        }
    }
    format!("{cleaned}{rest}")
}

/// Parses `chart()` arguments from a template call.
pub fn request_from_args(args: &HashMap<String, Value>, default_lang: &str) -> Result<ChartRequest, String> {
    let text = |key: &str| args.get(key).and_then(Value::as_str).map(str::to_string);
    let kind_name = text("kind").unwrap_or_else(|| "line".into());
    let kind = Kind::parse(&kind_name)
        .ok_or_else(|| format!("chart(): unknown kind `{kind_name}` (known kinds: line, bar, stacked)"))?;
    let x = text("x").ok_or("chart() needs `x`, the column along the axis, like x=\"jaar\"")?;
    let y = text("y").ok_or("chart() needs `y`, the column with the numbers, like y=\"meldingen\"")?;
    let filters = match text("filter") {
        None => Vec::new(),
        Some(f) => f
            .split(';')
            .filter(|p| !p.trim().is_empty())
            .map(|pair| {
                pair.split_once('=')
                    .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
                    .ok_or_else(|| format!("chart(): filter `{pair}` must look like column=value"))
            })
            .collect::<Result<_, _>>()?,
    };
    Ok(ChartRequest {
        kind,
        title: text("title").ok_or("chart() needs a `title`: it is the caption and the SVG's title")?,
        unit: text("unit").unwrap_or_else(|| y.clone()),
        x,
        y,
        series: text("series"),
        filters,
        lang: text("lang").unwrap_or_else(|| default_lang.to_string()),
    })
}

#[cfg(test)]
mod hostile;
#[cfg(test)]
mod tests;
