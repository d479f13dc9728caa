//! The one shape every generator's configuration is read into: keys with the line they are
//! written on, and values that are either read (text, numbers, lists, tables) or not
//! (`Unreadable`: a JavaScript expression, a YAML tag), so the report can name each one.

/// A value of a configuration file.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Text(String),
    Number(f64),
    Bool(bool),
    Null,
    List(Vec<Value>),
    Table(Vec<Entry>),
    /// Written, but not a plain value: what it is, in a few words (`a function call`).
    Unreadable(String),
}

/// One `key = value` of a table, with the 1-based line the key is on (0: not known).
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    pub key: String,
    pub line: usize,
    pub value: Value,
}

impl Value {
    /// The value at `key` of a table.
    pub fn get(&self, key: &str) -> Option<&Value> {
        self.entry(key).map(|e| &e.value)
    }

    pub fn entry(&self, key: &str) -> Option<&Entry> {
        match self {
            Value::Table(entries) => entries.iter().rev().find(|e| e.key == key),
            _ => None,
        }
    }

    /// The value at a dotted path of keys (`i18n.defaultLocale`).
    pub fn at(&self, path: &str) -> Option<&Value> {
        path.split('.').try_fold(self, |value, key| value.get(key))
    }

    /// Text, or a number or boolean written as text.
    pub fn text(&self) -> Option<String> {
        match self {
            Value::Text(t) => Some(t.clone()),
            Value::Number(n) => Some(n.to_string()),
            Value::Bool(b) => Some(b.to_string()),
            _ => None,
        }
    }

    pub fn entries(&self) -> &[Entry] {
        match self {
            Value::Table(entries) => entries,
            _ => &[],
        }
    }

    pub fn items(&self) -> &[Value] {
        match self {
            Value::List(items) => items,
            _ => &[],
        }
    }
}

/// A TOML document as a [`Value`] with the line of every key.
pub fn from_toml(source: &str) -> Result<Value, String> {
    use toml::de::{DeTable, DeValue};
    let table = DeTable::parse(source).map_err(|e| e.to_string())?;
    let lines = LineIndex::new(source);
    fn convert(value: &DeValue, lines: &LineIndex) -> Value {
        match value {
            DeValue::String(s) => Value::Text(s.to_string()),
            DeValue::Integer(i) => {
                i.as_str().parse().map_or(Value::Unreadable("a number".into()), Value::Number)
            }
            DeValue::Float(f) => {
                f.as_str().parse().map_or(Value::Unreadable("a number".into()), Value::Number)
            }
            DeValue::Boolean(b) => Value::Bool(*b),
            DeValue::Datetime(d) => Value::Text(d.to_string()),
            DeValue::Array(items) => Value::List(items.iter().map(|i| convert(i.get_ref(), lines)).collect()),
            DeValue::Table(table) => Value::Table(
                table
                    .iter()
                    .map(|(k, v)| Entry {
                        key: k.get_ref().to_string(),
                        line: lines.line(k.span().start),
                        value: convert(v.get_ref(), lines),
                    })
                    .collect(),
            ),
        }
    }
    Ok(convert(&DeValue::Table(table.into_inner()), &lines))
}

/// A YAML document as a [`Value`]. Tags the file's own generator resolves when it runs
/// (MkDocs' `!ENV`, `!!python/name:...`) are `Unreadable`, never a failure. serde_yaml keeps no
/// positions, so lines are those of top-level keys (found by [`yaml_top_level_lines`]).
pub fn from_yaml(source: &str) -> Result<Value, String> {
    if let Some(at) = crate::load::yaml_nesting::too_deep(source) {
        let line = source[..at].matches('\n').count() + 1;
        let max = crate::load::yaml_nesting::MAX_FLOW_DEPTH;
        return Err(format!("it nests more than {max} levels deep at line {line}"));
    }
    let cleaned = without_python_tags(source);
    let value: serde_yaml_ng::Value = serde_yaml_ng::from_str(&cleaned).map_err(|e| e.to_string())?;
    let mut converted = convert_yaml(&value);
    // The last line of each top-level key (a key written twice counts where it is last).
    let lines: std::collections::HashMap<_, _> = yaml_top_level_lines(source).into_iter().collect();
    if let Value::Table(entries) = &mut converted {
        for entry in entries {
            entry.line = lines.get(&entry.key).copied().unwrap_or(0);
        }
    }
    Ok(converted)
}

/// `!!python/name:x.y` and `!!python/object/apply:x.y` are PyYAML's own tags, which a YAML
/// parser for Rust rightly refuses: each becomes the plain tag `!python` (kept, so the value
/// is reported as unreadable), keeping the rest of its line.
fn without_python_tags(source: &str) -> std::borrow::Cow<'_, str> {
    if !source.contains("!!python/") {
        return source.into();
    }
    let mut out = String::with_capacity(source.len());
    let mut rest = source;
    while let Some(at) = rest.find("!!python/") {
        out.push_str(&rest[..at]);
        let after = &rest[at..];
        let end = after.find(|c: char| c.is_whitespace()).unwrap_or(after.len());
        out.push_str("!python");
        rest = &after[end..];
    }
    out.push_str(rest);
    out.into()
}

fn convert_yaml(value: &serde_yaml_ng::Value) -> Value {
    use serde_yaml_ng::Value as Y;
    match value {
        Y::Null => Value::Null,
        Y::Bool(b) => Value::Bool(*b),
        Y::Number(n) => n.as_f64().map_or(Value::Unreadable("a number".into()), Value::Number),
        Y::String(s) => Value::Text(s.clone()),
        Y::Sequence(items) => Value::List(items.iter().map(convert_yaml).collect()),
        Y::Mapping(map) => Value::Table(
            map.iter()
                .map(|(k, v)| Entry {
                    key: match k {
                        Y::String(s) => s.clone(),
                        other => serde_yaml_ng::to_string(other).unwrap_or_default().trim().to_string(),
                    },
                    line: 0,
                    value: convert_yaml(v),
                })
                .collect(),
        ),
        Y::Tagged(tagged) => Value::Unreadable(format!("a value with the tag {}", tagged.tag)),
    }
}

/// (key, 1-based line) of each top-level `key:` of a block-style YAML mapping.
pub fn yaml_top_level_lines(source: &str) -> Vec<(String, usize)> {
    let mut found = Vec::new();
    for (n, line) in source.lines().enumerate() {
        if line.starts_with([' ', '\t', '#', '-']) || line.trim().is_empty() {
            continue;
        }
        let Some((key, _)) = line.split_once(':') else { continue };
        let key = key.trim().trim_matches(['"', '\'']);
        if !key.is_empty() && !key.contains(' ') {
            found.push((key.to_string(), n + 1));
        }
    }
    found
}

/// Byte offset -> 1-based line.
pub struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    pub fn new(source: &str) -> LineIndex {
        let starts = std::iter::once(0).chain(source.match_indices('\n').map(|(i, _)| i + 1)).collect();
        LineIndex { starts }
    }

    pub fn line(&self, offset: usize) -> usize {
        self.starts.partition_point(|s| *s <= offset)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn toml_keys_keep_their_lines() {
        let v = from_toml("title = \"A\"\n\n[extra]\nx = 1\n").unwrap();
        assert_eq!(v.entry("title").map(|e| e.line), Some(1));
        assert_eq!(v.get("extra").and_then(|e| e.entry("x")).map(|e| e.line), Some(4));
        assert_eq!(v.at("extra.x"), Some(&Value::Number(1.0)));
    }

    #[test]
    fn yaml_with_mkdocs_tags_reads_and_reports_them() {
        let source = "site_name: Gids\nextra:\n  key: !ENV GA_KEY\nmarkdown_extensions:\n  - pymdownx.emoji:\n      emoji_generator: !!python/name:material.extensions.emoji.to_svg\n      slugify: !!python/object/apply:pymdownx.slugs.slugify\n        kwds:\n          case: lower\n  - toc:\n      permalink: true\n";
        let v = from_yaml(source).unwrap();
        assert_eq!(v.get("site_name").and_then(Value::text).as_deref(), Some("Gids"));
        assert!(matches!(v.at("extra.key"), Some(Value::Unreadable(why)) if why.contains("!ENV")), "{v:?}");
        assert_eq!(v.entry("markdown_extensions").map(|e| e.line), Some(4));
        let emoji = &v.get("markdown_extensions").unwrap().items()[0];
        let generator = emoji.get("pymdownx.emoji").and_then(|e| e.get("emoji_generator"));
        assert!(matches!(generator, Some(Value::Unreadable(why)) if why.contains("python")), "{emoji:?}");
    }

    #[test]
    fn lines_of_offsets() {
        let index = LineIndex::new("a\nb\nc");
        assert_eq!((index.line(0), index.line(2), index.line(4)), (1, 2, 3));
    }
}
