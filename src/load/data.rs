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
        let text = match read_bounded(path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::FileTooLarge => {
                problems.push(
                    Diagnostic::error(format!(
                        "this data file is larger than {} MiB",
                        MAX_DATA_FILE_BYTES >> 20
                    ))
                    .in_file(path)
                    .with_hint("a chart or a template reads a small table; split the data or leave out what no page shows"),
                );
                continue;
            }
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

/// The largest data file read (the bound content files have too): a build holds every data
/// file in memory, and a link to something endless must not fill it.
pub const MAX_DATA_FILE_BYTES: u64 = 32 << 20;

/// The problems one CSV file reports, at most; the rest are counted in one last diagnostic.
/// Placing each costs a look at the file, so a file with a problem on every row would
/// otherwise cost time quadratic in its length.
pub const MAX_PROBLEMS_PER_DATA_FILE: usize = 50;

/// The file as UTF-8 text, at most [`MAX_DATA_FILE_BYTES`] (`FileTooLarge` beyond).
fn read_bounded(path: &Path) -> std::io::Result<String> {
    use std::io::Read;
    let mut text = String::new();
    std::fs::File::open(path)?.take(MAX_DATA_FILE_BYTES + 1).read_to_string(&mut text)?;
    if text.len() as u64 > MAX_DATA_FILE_BYTES {
        return Err(std::io::ErrorKind::FileTooLarge.into());
    }
    Ok(text)
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
    // Problems past the cap are only counted: placing one costs a look at the file.
    let mut unlisted = 0usize;
    let mut room = |problems: &Vec<Diagnostic>| {
        let room = problems.len() < MAX_PROBLEMS_PER_DATA_FILE;
        if !room {
            unlisted += 1;
        }
        room
    };
    for record in reader.records() {
        let record = match record {
            Ok(r) => r,
            Err(_) if !room(&problems) => continue,
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
            if !room(&problems) {
                continue;
            }
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
                if !room(&problems) {
                    continue;
                }
                let col = text.lines().nth(line - 1).map_or(1, |l| column_of(l, column));
                problems.push(
                    Diagnostic::error(format!("column `{name}` holds numbers, but this row has `{cell}`"))
                        .at_line_col(path, text, *line, col)
                        .with_hint("write a number (no thousands separators, a dot for decimals), or leave the cell empty"),
                );
            }
        }
    }
    if unlisted > 0 {
        problems.push(
            Diagnostic::error(format!("{unlisted} more problems in this file are not listed"))
                .in_file(path)
                .with_hint(format!(
                    "only the first {MAX_PROBLEMS_PER_DATA_FILE} are shown; fix those and read the file again"
                )),
        );
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

    /// Issue 30: hostile data files. Time linear in the file (N and 8N rows within a factor
    /// of ten), however many rows are wrong; deep nesting ends quickly; generated files never
    /// panic and every problem points into its file.
    mod hostile {
        use std::time::{Duration, Instant};

        use proptest::prelude::*;

        use super::super::*;

        fn assert_linear(what: &str, ext: &str, n: usize, text: impl Fn(usize) -> String) {
            kb_core::scaling::assert_linear(what, n, text, |t| {
                let _ = parse(Path::new("d"), ext, t);
            });
        }

        #[test]
        fn rows_cost_linear_time_even_when_each_is_wrong() {
            let rows = |n: usize, row: &str| format!("jaar,aantal\n{}", row.repeat(n));
            assert_linear("N sound rows", "csv", 2_000, |n| rows(n, "2020,12\n"));
            assert_linear("N short rows", "csv", 2_000, |n| rows(n, "2020\n"));
            // Rows that are each wrong cost what sound rows cost, give or take: the problems
            // past the first 50 are only counted. (Measured against sound rows of the same
            // size: CSV parsing alone grows a little faster than the rows from 8,000 to 64,000,
            // through memory, so N against 8N would measure the allocator, not this.)
            let n = 16_000;
            let wrong = rows(n, "2020,12\n2021,veel\n2022,3\n");
            let sound = rows(n, "2020,12\n2021,13\n2022,3\n");
            let cost = |text: &str| kb_core::scaling::cpu_time(|| drop(parse(Path::new("d"), "csv", text)));
            let (wrong, sound) = (cost(&wrong), cost(&sound));
            assert!(
                wrong <= sound * 3 + Duration::from_millis(20),
                "N words in a number column: {wrong:?}, N sound rows: {sound:?}"
            );
            assert_linear("N JSON rows", "json", 2000, |n| {
                format!("[{}{{}}]", "{\"jaar\": 2020, \"aantal\": 1},".repeat(n))
            });
            assert_linear("N TOML rows", "toml", 2000, |n| "[[rij]]\njaar = 2020\naantal = 1\n".repeat(n));
        }

        #[test]
        fn many_problems_are_capped_with_a_count() {
            let text = format!("jaar,aantal\n{}", "2020\n".repeat(500));
            let found = parse(Path::new("d.csv"), "csv", &text).unwrap_err();
            assert_eq!(found.len(), MAX_PROBLEMS_PER_DATA_FILE + 1);
            assert!(
                found[MAX_PROBLEMS_PER_DATA_FILE].message.contains("450 more problems"),
                "{:?}",
                found.last()
            );
        }

        #[test]
        fn deep_nesting_ends_quickly_with_an_error() {
            for (ext, text) in [
                ("json", format!("{}1{}", "[".repeat(200_000), "]".repeat(200_000))),
                ("toml", format!("a = {}1{}", "[".repeat(200_000), "]".repeat(200_000))),
                ("toml", format!("a = {}", "{b = ".repeat(100_000))),
                ("csv", format!("a\n{}\n", "\"".repeat(100_001))),
            ] {
                let started = Instant::now();
                let found = parse(Path::new("d"), ext, &text);
                assert!(started.elapsed() < Duration::from_secs(5), "{ext}: {:?}", started.elapsed());
                if ext != "csv" {
                    assert!(found.is_err(), "{ext}");
                }
            }
        }

        #[test]
        fn a_data_file_over_the_bound_is_an_error_at_the_file() {
            let dir = tempfile::tempdir().unwrap();
            let big = std::fs::File::create(dir.path().join("groot.csv")).unwrap();
            big.set_len(MAX_DATA_FILE_BYTES + 1).unwrap();
            let (data, found) = load(dir.path());
            assert!(data.get("groot.csv").is_none());
            assert_eq!(found.len(), 1, "{found:?}");
            assert!(found[0].message.contains("larger than 32 MiB"), "{found:?}");
        }

        fn cell() -> impl Strategy<Value = String> {
            prop::sample::select(vec![
                "2020",
                "1.7e308",
                "-1e308",
                "NaN",
                "inf",
                "",
                "abc",
                "3,5",
                "\"a,b\"",
                "\"",
                "\"\"",
                "<script>",
                "\u{feff}",
                "\u{0}",
                "\r",
                "é",
                " 12 ",
                "1e15",
                "-0",
                "0x10",
                "9223372036854775808",
            ])
            .prop_map(str::to_string)
        }

        fn csv_text() -> impl Strategy<Value = String> {
            let row = prop::collection::vec(cell(), 0..5).prop_map(|cells| cells.join(","));
            (prop::collection::vec(row, 0..20), prop::sample::select(vec!["\n", "\r\n", "\r"]))
                .prop_map(|(rows, end)| rows.join(end))
        }

        proptest! {
            #![proptest_config(ProptestConfig { cases: 192, failure_persistence: None, ..ProptestConfig::default() })]

            #[test]
            fn generated_csv_never_panics_and_points_into_the_file(text in csv_text()) {
                if let Err(found) = parse(Path::new("d.csv"), "csv", &text) {
                    let lines = text.split(['\n', '\r']).count().max(1);
                    prop_assert!(found.len() <= MAX_PROBLEMS_PER_DATA_FILE + 1);
                    for d in &found {
                        if let Some(at) = &d.location {
                            prop_assert!(at.line <= lines + 1, "line {} of {lines}: {d:?}", at.line);
                        }
                    }
                }
            }

            #[test]
            fn generated_json_and_toml_never_panic(text in "[\\[\\]{}\",:=0-9a-z. \n\\\\]{0,80}") {
                let _ = parse(Path::new("d.json"), "json", &text);
                let _ = parse(Path::new("d.toml"), "toml", &text);
            }
        }
    }
}
