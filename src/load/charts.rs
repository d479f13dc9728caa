//! The `chart()` template function: a chart drawn from a data file, for shortcode templates
//! (compiled in this stage) and page templates alike. It belongs to the load stage because
//! the shortcodes are compiled here, against the data files just read.

use std::collections::HashMap;
use std::sync::Arc;

use tera::Value;

/// The `chart()` template function: a chart from a data file, its CSV offered for download.
/// Pages' shortcode templates use it too.
pub fn chart_function(
    data: Arc<crate::load::data::DataFiles>,
    base: String,
    strings: Arc<crate::load::i18n::Translations>,
    lang: String,
) -> impl Fn(&HashMap<String, Value>) -> tera::Result<Value> + Send + Sync + 'static {
    move |args: &HashMap<String, Value>| {
        let path = args
            .get("data")
            .and_then(Value::as_str)
            .ok_or("chart() needs `data`, the data file, like chart(data=\"trends.csv\", ...)")?;
        let rows = match data.get(path) {
            Some(Value::Array(rows)) => rows,
            Some(_) => return Err(format!("chart(): `{path}` is not a list of rows").into()),
            None => return Err(format!("chart(): no data file `{path}` in data/").into()),
        };
        let request = kb_charts::request_from_args(args, &lang)?;
        let fill = |key: &str, values: &[(&str, &str)]| strings.fill(&request.lang, key, values);
        let words = kb_charts::Words::new(&fill);
        let chart = kb_charts::build(&request, rows, &base, &words)?;
        kb_charts::downloads::offer(kb_core::OutputFile::new(
            chart.csv_path.trim_start_matches('/'),
            chart.csv,
        ));
        Ok(Value::String(chart.html))
    }
}
