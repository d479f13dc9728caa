use std::path::Path;

use super::*;
use crate::load::content::front_matter::{parse_map, read, split};
use kb_core::diagnostics::{Diagnostic, Severity};

fn read_toml(front: &str) -> Vec<Diagnostic> {
    let source = format!("+++\n{front}+++\n\nTekst.\n");
    let file = Path::new("nieuw.md");
    let split = split(file, &source).unwrap();
    let map = parse_map(file, &source, &split).unwrap_or_else(|d| panic!("{d:?}\n{source}"));
    read(file, &source, &split, map, &["themas"]).1
}

fn errors(diagnostics: &[Diagnostic]) -> Vec<&Diagnostic> {
    diagnostics.iter().filter(|d| d.severity == Severity::Error).collect()
}

#[test]
fn every_kind_is_described_once() {
    for kind in Kind::ALL {
        assert_eq!(KINDS.iter().filter(|k| k.kind == kind).count(), 1, "{kind}");
    }
    assert_eq!(KINDS.len(), Kind::ALL.len());
}

#[test]
fn the_starter_of_every_kind_reads_without_a_problem() {
    for kind in Kind::ALL {
        let front = starter_toml(kind, "Nieuwe \"pagina\"", "2026-12-01", "2027-12-01");
        let diagnostics = read_toml(&front);
        assert!(diagnostics.is_empty(), "{kind}:\n{front}\n{diagnostics:#?}");
    }
}

/// A value of the wrong type for each type of field.
fn wrong_value(kind: &FieldType) -> toml::Value {
    match kind {
        Integer | Number | Bool => toml::Value::String("x".into()),
        Texts | Links | ManyOf { .. } | Terms | Table | Rows { .. } => toml::Value::Integer(5),
        Text | Paragraph | Date | DateTime | Link | OneOf { .. } => {
            toml::Value::Table(toml::Table::from_iter([("x".to_string(), toml::Value::Integer(1))]))
        }
    }
}

/// Every field of the description, top-level or in a row: its path as (key, row index) steps.
fn every_field(fields: &'static [Field], at: Vec<&'static str>, out: &mut Vec<(Vec<&'static str>, Field)>) {
    for f in fields {
        let mut path = at.clone();
        path.push(f.name);
        out.push((path.clone(), *f));
        if let Rows { fields: inner } = f.kind {
            every_field(inner, path, out);
        }
    }
}

/// Sets the value at `path` (through the first row of each list of rows) in a TOML table.
fn set(table: &mut toml::Table, path: &[&str], value: toml::Value) {
    match path {
        [last] => {
            table.insert((*last).to_string(), value);
        }
        [first, rest @ ..] => {
            let rows = table.entry(first.to_string()).or_insert_with(|| toml::Value::Array(Vec::new()));
            let toml::Value::Array(items) = rows else { panic!("{first} is no list") };
            if items.is_empty() {
                items.push(toml::Value::Table(toml::Table::new()));
            }
            let toml::Value::Table(row) = &mut items[0] else { panic!("{first} holds no table") };
            set(row, rest, value);
        }
        [] => {}
    }
}

/// The reader refuses a wrong value of every described field with an error that names the
/// field: so each field described is read, with the type described. (A field read but not
/// described is caught by the example site, which builds without an "unknown field" warning.)
#[test]
fn the_reader_checks_every_described_field() {
    for schema in KINDS {
        let mut fields = Vec::new();
        every_field(COMMON, Vec::new(), &mut fields);
        every_field(schema.fields, Vec::new(), &mut fields);
        for (path, field) in fields {
            if path == ["kind"] {
                continue; // a wrong kind is a page of another kind: checked below
            }
            let front = full_example_toml(schema.kind);
            let mut table: toml::Table = toml::from_str(&front).unwrap();
            set(&mut table, &path, wrong_value(&field.kind));
            let text = toml::to_string(&table).unwrap();
            let diagnostics = read_toml(&text);
            let named = format!("`{}`", field.name);
            assert!(
                errors(&diagnostics).iter().any(|d| d.message.contains(&named)),
                "{}: a wrong `{}` passes unnoticed:\n{text}\n{diagnostics:#?}",
                schema.kind,
                path.join(".")
            );
        }
    }
    let wrong_kind = read_toml("kind = \"recept\"\n");
    assert!(errors(&wrong_kind).iter().any(|d| d.message.contains("unknown kind")));
}

#[test]
fn the_full_example_of_every_kind_reads_without_a_problem() {
    for kind in Kind::ALL {
        let front = full_example_toml(kind);
        let diagnostics = read_toml(&front);
        assert!(diagnostics.is_empty(), "{kind}:\n{front}\n{diagnostics:#?}");
    }
}

#[test]
fn required_fields_are_required_by_the_reader() {
    for schema in KINDS {
        for field in schema.fields.iter().filter(|f| f.required) {
            let front = starter_toml(schema.kind, "Titel", "2026-12-01", "2027-12-01");
            let mut table: toml::Table = toml::from_str(&front).unwrap();
            table.remove(field.name);
            let text = toml::to_string(&table).unwrap();
            let diagnostics = read_toml(&text);
            let named = format!("`{}`", field.name);
            assert!(
                errors(&diagnostics).iter().any(|d| d.message.contains(&named)),
                "{}: a missing `{}` passes:\n{diagnostics:#?}",
                schema.kind,
                field.name
            );
        }
    }
}

#[test]
fn a_misspelt_field_of_the_kind_gets_a_did_you_mean() {
    let diagnostics = read_toml("kind = \"checklist\"\nage_bnd = \"0-4\"\n");
    assert!(diagnostics.iter().any(|d| d.message.contains("did you mean `age_band`")), "{diagnostics:#?}");
    let quiet = read_toml("kind = \"checklist\"\nage_band = \"0-4\"\n");
    assert!(quiet.is_empty(), "{quiet:#?}");
}

#[test]
fn the_reference_in_templates_md_is_current() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/TEMPLATES.md");
    let doc = std::fs::read_to_string(&path).unwrap();
    let (start, end) = ("<!-- front-matter:start -->\n", "<!-- front-matter:end -->");
    let from = doc.find(start).expect("the start marker") + start.len();
    let to = doc.find(end).expect("the end marker");
    let expected = reference_markdown();
    if doc[from..to] != expected {
        if std::env::var_os("UPDATE_SNAPSHOTS").is_some() {
            std::fs::write(&path, format!("{}{expected}{}", &doc[..from], &doc[to..])).unwrap();
        } else {
            panic!(
                "docs/TEMPLATES.md's front-matter reference is out of date: run \
                 `UPDATE_SNAPSHOTS=1 cargo test --release -p kennisbank schema` and review the diff"
            );
        }
    }
}

#[test]
fn the_description_serializes_for_the_editor() {
    let json = serde_json::to_value(DESCRIPTION).unwrap();
    let training = json["kinds"].as_array().unwrap().iter().find(|k| k["kind"] == "training").unwrap();
    let sessions = training["fields"].as_array().unwrap().iter().find(|f| f["name"] == "sessions").unwrap();
    assert_eq!(sessions["type"], "rows");
    assert_eq!(sessions["fields"][0]["name"], "start");
    assert_eq!(sessions["fields"][0]["type"], "date_time");
    assert_eq!(sessions["fields"][0]["required"], true);
}
