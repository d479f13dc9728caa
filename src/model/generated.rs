//! Pages generated from data (`[[generate]]` in the config): one page per record of a data
//! file, from a template alone, such as "Veilig Thuis in Emmen" for each municipality.

use serde_json::Value;

use crate::load::config::{Config, GenerateConfig};
use crate::load::data::DataFiles;
use kb_core::diagnostics::Diagnostic;
use kb_markdown::slugify;

#[derive(Debug, Clone)]
pub struct GeneratedPage {
    pub title: String,
    pub description: String,
    /// Root-relative path without the base path.
    pub path: String,
    pub template: String,
    pub record: Value,
}

pub fn generate(config: &Config, data: &DataFiles) -> (Vec<GeneratedPage>, Vec<Diagnostic>) {
    let mut pages = Vec::new();
    let mut problems = Vec::new();
    use crate::load::config::KeyStep::{Index, Key};
    for (n, rule) in config.site.generate.iter().enumerate() {
        let Some(file) = data.get(&rule.data) else {
            problems.push(
                config
                    .at(
                        &[Key("generate"), Index(n), Key("data")],
                        Diagnostic::error(format!(
                            "[[generate]] names the data file `{}`, which does not exist",
                            rule.data
                        )),
                    )
                    .with_hint(format!("put it in {}", config.data_dir.display())),
            );
            continue;
        };
        let records = match &rule.items {
            Some(key) => file.get(key),
            None => Some(file),
        };
        let Some(Value::Array(records)) = records else {
            problems.push(
                config
                    .at(
                        &[Key("generate"), Index(n), Key(if rule.items.is_some() { "items" } else { "data" })],
                        Diagnostic::error(format!("`{}` holds no list of records", rule.data)),
                    )
                    .with_hint("set `items` to the key of the list, like items = \"gemeenten\" for [[gemeenten]] tables"),
            );
            continue;
        };
        for record in records {
            match page(rule, record) {
                Ok(p) => pages.push(p),
                Err(field) => problems.push(
                    Diagnostic::error(format!("a record in `{}` has no field `{field}`", rule.data))
                        .in_file(&config.data_dir.join(&rule.data))
                        .with_hint(format!("`path` and `title` of this [[generate]] use {{{field}}}")),
                ),
            }
        }
    }
    pages.sort_by(|a, b| a.path.cmp(&b.path));
    (pages, problems)
}

fn page(rule: &GenerateConfig, record: &Value) -> Result<GeneratedPage, String> {
    let title = fill(&rule.title, record, false)?;
    let mut path = fill(&rule.path, record, true)?;
    if !path.starts_with('/') {
        path.insert(0, '/');
    }
    if !path.ends_with('/') {
        path.push('/');
    }
    let description = match &rule.description {
        Some(d) => fill(d, record, false)?,
        None => String::new(),
    };
    Ok(GeneratedPage { title, description, path, template: rule.template.clone(), record: record.clone() })
}

/// Replaces `{field}` with the record's value; `Err(field)` when the record lacks it.
fn fill(pattern: &str, record: &Value, slug: bool) -> Result<String, String> {
    let mut out = String::new();
    let mut rest = pattern;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let Some(close) = rest[open..].find('}') else { break };
        let field = &rest[open + 1..open + close];
        let value = match record.get(field) {
            Some(Value::String(s)) => s.clone(),
            Some(Value::Null) | None => return Err(field.to_string()),
            Some(other) => other.to_string(),
        };
        out.push_str(&if slug { slugify(&value) } else { value });
        rest = &rest[open + close + 1..];
    }
    out.push_str(rest);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn placeholders_are_filled_and_slugged_in_paths() {
        let rule = GenerateConfig {
            data: "g.toml".into(),
            items: Some("gemeenten".into()),
            path: "/regio/{naam}/".into(),
            title: "Veilig Thuis in {naam}".into(),
            description: None,
            template: "region.html".into(),
        };
        let p = page(&rule, &json!({ "naam": "Aa en Hunze" })).unwrap();
        assert_eq!(p.path, "/regio/aa-en-hunze/");
        assert_eq!(p.title, "Veilig Thuis in Aa en Hunze");
        assert_eq!(page(&rule, &json!({ "name": "x" })).unwrap_err(), "naam");
    }
}
