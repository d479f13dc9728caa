//! Data files in `data/` (CSV, TOML, JSON), loaded once per build for templates
//! (`load_data(path=...)`) and for pages generated from data (`[[generate]]` in the config).
//!
//! CSV cells that read as numbers become numbers, so templates can compute with them; a row
//! with the wrong number of cells is an error naming its row and column.

use std::collections::BTreeMap;
use std::path::Path;

use serde_json::{Map, Value};
use walkdir::WalkDir;

use kb_core::diagnostics::Diagnostic;

/// Every data file by its path relative to `data/` (`gemeenten.toml`).
#[derive(Debug, Default, Clone)]
pub struct DataFiles {
    pub files: BTreeMap<String, Value>,
}

impl DataFiles {
    pub fn get(&self, path: &str) -> Option<&Value> {
        self.files.get(path.trim_start_matches("data/").trim_start_matches('/'))
    }
}

pub fn load(dir: &Path) -> (DataFiles, Vec<Diagnostic>) {
    let mut data = DataFiles::default();
    let mut problems = Vec::new();
    if !dir.is_dir() {
        return (data, problems);
    }
    for entry in WalkDir::new(dir).follow_links(true).sort_by_file_name() {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                problems.push(Diagnostic::error(format!("cannot read the data folder: {e}")).in_file(dir));
                continue;
            }
        };
        if !entry.file_type().is_file() {
            continue;
        }
        let path = entry.path();
        let rel = path.strip_prefix(dir).unwrap_or(path);
        let rel = rel.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/");
        let Some(ext) = path.extension().and_then(|e| e.to_str()) else { continue };
        if !matches!(ext, "csv" | "toml" | "json") {
            continue;
        }
        let text = match std::fs::read_to_string(path) {
            Ok(t) => t,
            Err(e) => {
                problems.push(
                    Diagnostic::error(format!("cannot read this data file: {e}"))
                        .in_file(path)
                        .with_hint("save it as UTF-8 text"),
                );
                continue;
            }
        };
        match parse(path, ext, &text) {
            Ok(value) => {
                data.files.insert(rel, value);
            }
            Err(mut d) => problems.append(&mut d),
        }
    }
    (data, problems)
}

pub fn parse(path: &Path, ext: &str, text: &str) -> Result<Value, Vec<Diagnostic>> {
    match ext {
        "json" => serde_json::from_str(text).map_err(|e| {
            vec![
                Diagnostic::error(format!("invalid JSON: {e}"))
                    .at_line_col(path, text, e.line(), e.column())
                    .with_hint("check for a missing comma or quote near this spot"),
            ]
        }),
        "toml" => toml::from_str::<toml::Table>(text)
            .map(|t| serde_json::to_value(t).unwrap_or(Value::Null))
            .map_err(|e| vec![crate::load::config::toml_error(path, text, &e)]),
        _ => parse_csv(path, text),
    }
}

fn parse_csv(path: &Path, text: &str) -> Result<Value, Vec<Diagnostic>> {
    let mut reader = csv::ReaderBuilder::new().flexible(true).from_reader(text.as_bytes());
    let headers = match reader.headers() {
        Ok(h) => h.clone(),
        Err(e) => {
            return Err(vec![Diagnostic::error(format!("cannot read the CSV header: {e}")).in_file(path)]);
        }
    };
    let mut rows = Vec::new();
    let mut problems = Vec::new();
    for record in reader.records() {
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                let line = e.position().map_or(1, |p| p.line() as usize);
                problems.push(
                    Diagnostic::error(format!("cannot read this CSV row: {e}"))
                        .at_line_col(path, text, line, 1),
                );
                continue;
            }
        };
        let line = record.position().map_or(1, |p| p.line() as usize);
        if record.len() != headers.len() {
            problems.push(
                Diagnostic::error(format!(
                    "row {} has {} cells, the header has {}",
                    line - 1,
                    record.len(),
                    headers.len()
                ))
                .at_line_col(path, text, line, 1)
                .with_hint(format!(
                    "every row needs a value for: {}",
                    headers.iter().collect::<Vec<_>>().join(", ")
                )),
            );
            continue;
        }
        let mut row = Map::new();
        for (name, cell) in headers.iter().zip(record.iter()) {
            let value = if cell.trim().is_empty() {
                Value::Null
            } else if let Ok(i) = cell.trim().parse::<i64>() {
                Value::from(i)
            } else if let Ok(f) = cell.trim().parse::<f64>() {
                serde_json::Number::from_f64(f).map_or(Value::String(cell.to_string()), Value::Number)
            } else {
                Value::String(cell.to_string())
            };
            row.insert(name.to_string(), value);
        }
        rows.push((line, Value::Object(row)));
    }
    // A column of numbers with one cell that is not a number is a typo, not text.
    for (column, name) in headers.iter().enumerate() {
        let numbers = rows.iter().filter(|(_, r)| r[name].is_number()).count();
        if numbers * 2 <= rows.len() {
            continue;
        }
        for (line, row) in &rows {
            if let Value::String(cell) = &row[name] {
                let col = text.lines().nth(line - 1).map_or(1, |l| column_of(l, column));
                problems.push(
                    Diagnostic::error(format!("column `{name}` holds numbers, but this row has `{cell}`"))
                        .at_line_col(path, text, *line, col)
                        .with_hint("write a number (no thousands separators, a dot for decimals), or leave the cell empty"),
                );
            }
        }
    }
    let rows: Vec<Value> = rows.into_iter().map(|(_, r)| r).collect();
    if problems.is_empty() { Ok(Value::Array(rows)) } else { Err(problems) }
}

/// 1-based character column where the `n`th (0-based) cell of a CSV line starts. A comma
/// inside a quoted cell (`"Assen, centrum"`) separates nothing; a doubled quote inside one
/// (`""`) closes and reopens it, which leaves it open.
fn column_of(line: &str, n: usize) -> usize {
    let mut quoted = false;
    let mut cell = 0;
    for (chars, c) in line.chars().enumerate() {
        match c {
            '"' => quoted = !quoted,
            ',' if !quoted => {
                cell += 1;
                if cell == n {
                    return chars + 2;
                }
            }
            _ => {}
        }
    }
    1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_numbers_become_numbers() {
        let v = parse(Path::new("d.csv"), "csv", "gemeente,jaar,meldingen\nAssen,2024,120\n").unwrap();
        assert_eq!(v[0]["meldingen"], 120);
        assert_eq!(v[0]["gemeente"], "Assen");
    }

    #[test]
    fn short_rows_are_errors_at_their_line() {
        let e = parse(Path::new("d.csv"), "csv", "a,b,c\n1,2,3\n4,5\n").unwrap_err();
        assert_eq!(e.len(), 1);
        assert_eq!(e[0].location.as_ref().unwrap().line, 3);
        assert!(e[0].message.contains("2 cells"));
    }

    #[test]
    fn a_word_in_a_number_column_is_an_error_at_row_and_column() {
        let e = parse(Path::new("d.csv"), "csv", "gemeente,meldingen\nAssen,12\nEmmen,veel\nMeppel,3\n")
            .unwrap_err();
        let loc = e[0].location.as_ref().unwrap();
        assert_eq!((loc.line, loc.column), (3, 7));
    }

    #[test]
    fn the_column_of_a_cell_after_a_quoted_comma_is_counted_from_real_cells() {
        let text = "plaats,toelichting,meldingen\n\"Assen, centrum\",\"zegt \"\"ja, nee\"\"\",veel\n";
        let e = parse(Path::new("d.csv"), "csv", &format!("{text}Emmen,x,3\nMeppel,y,4\n")).unwrap_err();
        let loc = e[0].location.as_ref().unwrap();
        assert_eq!((loc.line, loc.column), (2, 37), "{}", e[0].message);
        assert_eq!(column_of("a,b,c", 0), 1);
        assert_eq!(column_of("a,b,c", 2), 5);
    }

    #[test]
    fn bad_json_points_at_line_and_column() {
        let e = parse(Path::new("d.json"), "json", "{\n  \"a\": 1,\n  \"b\" 2\n}").unwrap_err();
        assert_eq!(e[0].location.as_ref().unwrap().line, 3);
    }
}
