//! The editor's form for a page's front matter: the values the form holds, written back into
//! the file's own front matter. Which fields there are and their types come from the kinds'
//! description (`load::content::schema`), like everything else about a kind.
//!
//! The file keeps its shape: TOML is edited in place with `toml_edit`, so key order, comments
//! and layout stay; a field whose value did not change is never rewritten; an emptied field is
//! removed. (YAML front matter is edited as text: no YAML library here keeps comments.)

use std::path::Path;

use serde_json::{Map, Value};
use toml_edit::{Array, ArrayOfTables, DocumentMut, Item, Table};

use crate::load::content::Kind;
use crate::load::content::front_matter::{self, Format};
use crate::load::content::schema::{self, Field, FieldType};

/// `text` (a whole markdown file) with the front-matter fields in `values` set to them; the
/// fields of the page's kind not in `values` are left alone. `Err` says why in Dutch.
pub fn apply(text: &str, values: &Map<String, Value>) -> Result<String, String> {
    let file = Path::new("pagina.md");
    let split = front_matter::split(file, text)
        .map_err(|d| format!("De gegevens bovenaan zijn niet af: {}", d.message))?;
    if split.format == Format::Yaml {
        return Err("Dit bestand schrijft de gegevens in YAML (tussen ---). Pas ze aan in de tekst.".into());
    }
    let old = front_matter::parse_map(file, text, &split).map_err(|d| {
        format!("De gegevens bovenaan zijn niet te lezen: {}. Herstel dat eerst in de tekst.", d.message)
    })?;
    let mut doc: DocumentMut =
        split.front.parse().map_err(|_| "De gegevens bovenaan zijn niet te lezen.".to_string())?;
    let kind_name =
        values.get("kind").and_then(Value::as_str).or_else(|| old.get("kind").and_then(Value::as_str));
    let kind = Kind::of(kind_name);
    for field in schema::COMMON.iter().chain(schema::of(kind).fields) {
        let Some(new) = values.get(field.name) else { continue };
        let new = normalise(field, new);
        if old.get(field.name).map(|v| normalise(field, v)).unwrap_or(Value::Null) == new {
            continue;
        }
        if is_empty(&new) {
            doc.remove(field.name);
        } else {
            let mut new = item(field, &new)?;
            match doc.get_mut(field.name) {
                // In place: the key keeps its comments and place, the value its spacing.
                Some(existing) => {
                    if let (Item::Value(old), Item::Value(value)) = (&*existing, &mut new) {
                        *value.decor_mut() = old.decor().clone();
                    }
                    *existing = new;
                }
                None => {
                    doc.insert(field.name, new);
                }
            }
        }
    }
    let front = doc.to_string();
    Ok(match split.format {
        Format::None => format!("+++\n{front}+++\n\n{}", &text[split.body_offset..]),
        _ => format!(
            "{}{front}{}",
            &text[..split.front_offset],
            &text[split.front_offset + split.front.len()..]
        ),
    })
}

/// The value as the form and the reader both mean it: a date and time from a form has no
/// seconds (`2027-01-14T13:30`), a number may come as text, rows drop their empty fields.
fn normalise(field: &Field, value: &Value) -> Value {
    match (&field.kind, value) {
        (FieldType::DateTime, Value::String(s)) if s.len() == 16 => Value::String(format!("{s}:00")),
        (FieldType::Integer, Value::String(s)) => s.trim().parse::<i64>().map_or(value.clone(), Value::from),
        (FieldType::Number, Value::String(s)) => s
            .trim()
            .replace(',', ".")
            .parse::<f64>()
            .ok()
            .and_then(serde_json::Number::from_f64)
            .map_or(value.clone(), Value::Number),
        (FieldType::Number, Value::Number(n)) => {
            n.as_f64().and_then(serde_json::Number::from_f64).map_or(value.clone(), Value::Number)
        }
        (FieldType::Rows { fields }, Value::Array(rows)) => Value::Array(
            rows.iter()
                .map(|row| match row {
                    Value::Object(cells) => Value::Object(
                        fields
                            .iter()
                            .filter_map(|f| {
                                let v = normalise(f, cells.get(f.name)?);
                                (!is_empty(&v)).then(|| (f.name.to_string(), v))
                            })
                            .collect(),
                    ),
                    other => other.clone(),
                })
                .collect(),
        ),
        (_, Value::String(s)) if s.trim().is_empty() => Value::Null,
        _ => value.clone(),
    }
}

fn is_empty(value: &Value) -> bool {
    match value {
        Value::Null => true,
        Value::String(s) => s.trim().is_empty(),
        Value::Array(items) => items.is_empty(),
        Value::Object(map) => map.is_empty(),
        _ => false,
    }
}

/// The TOML item for `value` of `field`: dates as TOML dates, rows as `[[field]]` tables.
fn item(field: &Field, value: &Value) -> Result<Item, String> {
    if let (FieldType::Rows { fields }, Value::Array(rows)) = (&field.kind, value) {
        let mut tables = ArrayOfTables::new();
        for row in rows {
            let Value::Object(cells) = row else { continue };
            let mut table = Table::new();
            for f in fields.iter() {
                if let Some(v) = cells.get(f.name).filter(|v| !is_empty(v)) {
                    table.insert(f.name, item(f, v)?);
                }
            }
            tables.push(table);
        }
        return Ok(Item::ArrayOfTables(tables));
    }
    Ok(Item::Value(value_of(field, value)?))
}

fn value_of(field: &Field, value: &Value) -> Result<toml_edit::Value, String> {
    let wrong = || format!("`{}` heeft een waarde die hier niet past.", field.name);
    Ok(match (&field.kind, value) {
        (FieldType::Date | FieldType::DateTime, Value::String(s)) => match s.parse::<toml_edit::Datetime>() {
            Ok(d) => toml_edit::Value::from(d),
            Err(_) => toml_edit::Value::from(s.as_str()),
        },
        (_, Value::String(s)) => toml_edit::Value::from(s.as_str()),
        (_, Value::Bool(b)) => toml_edit::Value::from(*b),
        (_, Value::Number(n)) => match n.as_i64() {
            Some(i) => toml_edit::Value::from(i),
            None => toml_edit::Value::from(n.as_f64().ok_or_else(wrong)?),
        },
        (_, Value::Array(items)) => {
            let mut array = Array::new();
            for v in items {
                match v {
                    Value::String(s) => array.push(s.as_str()),
                    _ => return Err(wrong()),
                }
            }
            toml_edit::Value::Array(array)
        }
        _ => return Err(wrong()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn values(v: Value) -> Map<String, Value> {
        v.as_object().unwrap().clone()
    }

    #[test]
    fn untouched_fields_comments_and_order_stay() {
        let text = "+++\n# Eigenaar: team scholing\ntitle = \"Basistraining\"\nkind = \"training\"\nduration = '3 uur'\nowner = \"Team\"\n+++\n\nTekst.\n";
        let same =
            apply(text, &values(json!({ "title": "Basistraining", "duration": "3 uur", "owner": "Team" })))
                .unwrap();
        assert_eq!(same, text, "nothing changed, nothing rewritten");
        let changed =
            apply(text, &values(json!({ "title": "Basistraining meldcode", "duration": "3 uur" }))).unwrap();
        assert_eq!(changed, text.replace("\"Basistraining\"", "\"Basistraining meldcode\""));
    }

    #[test]
    fn sessions_become_tables_with_dates_and_an_emptied_field_goes() {
        let text = "+++\ntitle = \"Training\"\nkind = \"training\"\ntrainer = \"Anna\"\n+++\n\nTekst.\n";
        let form = json!({
            "trainer": "",
            "sessions": [
                { "start": "2027-01-14T13:30", "end": "2027-01-14T16:30", "location": "Assen", "places": "16" },
                { "start": "2027-02-11T09:00", "end": "2027-02-11T12:00", "location": "Emmen", "places": "" }
            ]
        });
        let out = apply(text, &values(form)).unwrap();
        assert!(!out.contains("trainer"), "{out}");
        assert!(out.contains("[[sessions]]\nstart = 2027-01-14T13:30:00\nend = 2027-01-14T16:30:00\nlocation = \"Assen\"\nplaces = 16\n"), "{out}");
        assert!(out.contains("location = \"Emmen\"") && out.ends_with("+++\n\nTekst.\n"), "{out}");
        // What the form wrote reads back without a problem.
        let split = front_matter::split(Path::new("a.md"), &out).unwrap();
        let map = front_matter::parse_map(Path::new("a.md"), &out, &split).unwrap();
        let (front, problems) = front_matter::read(Path::new("a.md"), &out, &split, map, &[]);
        assert!(problems.is_empty(), "{problems:#?}");
        let crate::load::content::kinds::KindData::Training(training) = front.kind_data else { panic!() };
        assert_eq!(training.sessions.len(), 2);
    }

    #[test]
    fn yaml_is_left_to_the_text() {
        assert!(apply("---\ntitle: A\n---\n", &values(json!({ "title": "B" }))).is_err());
    }
}
