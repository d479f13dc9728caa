//! Splitting a markdown file into front matter and body, and reading the front matter.
//!
//! TOML (`+++`) and YAML (`---`) are both parsed into one JSON-like map first, so the typed
//! reading below is written once. Every problem becomes a diagnostic pointing at the key's line
//! in the file, because that is where the author has to look.

use std::cell::{Cell, OnceCell, RefCell};
use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use jiff::civil::Date;
use serde_json::{Map, Value};

use crate::load::config::{KeyStep, SpanPart};
use kb_core::diagnostics::{Diagnostic, NameHint, unknown_name_hint};

/// Fields of MkDocs (Material), Docusaurus and Hugo that kennisbank keeps under `extra` for
/// templates without a "did you mean" warning: they are right where they were written.
pub const PEER_FIELDS: &[&str] = &[
    "id",
    "sidebar_label",
    "sidebar_position",
    "sidebar_class_name",
    "displayed_sidebar",
    "pagination_label",
    "hide",
    "hide_title",
    "hide_table_of_contents",
    "toc_min_heading_level",
    "toc_max_heading_level",
    "custom_edit_url",
    "unlisted",
    "keywords",
    "image",
    "icon",
    "status",
    "subtitle",
    "authors",
    "categories",
    "tags",
    "search",
    "lastmod",
    "summary",
    "type",
    "layout",
    "links",
    "readtime",
];

/// The kinds' names, from the one `Kind` enum.
pub const KNOWN_KINDS: &[&str] = &super::kind::NAMES;

/// The terms one page may name in one taxonomy. Every term page lists its pages with their
/// terms, so a page with N terms costs N x N on its term pages (issue 30: 4,000 terms on one
/// page took 26 s); a hundred is far more than a page is about.
pub const MAX_TERMS_PER_TAXONOMY: usize = 100;

/// The problems one front matter reports, at most; the rest are counted in one last
/// diagnostic. Placing a problem costs a look at the file, and a generated front matter can
/// hold a problem per line (a tree of thousands of answers leading nowhere): the cap keeps
/// reading it linear, and no author reads the 51st problem before fixing the first.
pub const MAX_PROBLEMS_PER_FRONT_MATTER: usize = 50;

pub const KNOWN_AUDIENCES: &[&str] = &["professional", "public", "trainer"];

/// A markdown file cut in two. Offsets are bytes into the whole file.
#[derive(Debug, Clone, Copy)]
pub struct Split<'a> {
    pub format: Format,
    pub front: &'a str,
    pub front_offset: usize,
    pub body: &'a str,
    pub body_offset: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Toml,
    Yaml,
    None,
}

/// Cuts off the front matter. An opening fence without a closing one is an error at line 1.
pub fn split<'a>(file: &Path, source: &'a str) -> Result<Split<'a>, Diagnostic> {
    let mut start = if source.starts_with('\u{feff}') { 3 } else { 0 };
    // Zola, Hugo and MkDocs accept blank lines before the opening fence.
    let blank_lines: usize = source[start..]
        .split_inclusive('\n')
        .take_while(|line| line.ends_with('\n') && line.trim().is_empty())
        .map(str::len)
        .sum();
    let after_blanks = &source[start + blank_lines..];
    if blank_lines > 0 && (after_blanks.starts_with("+++") || after_blanks.starts_with("---")) {
        start += blank_lines;
    }
    let text = &source[start..];
    let (format, fence) = if text.starts_with("+++") {
        (Format::Toml, "+++")
    } else if text.starts_with("---") && text[3..].trim_start_matches([' ', '\t']).starts_with(['\n', '\r']) {
        (Format::Yaml, "---")
    } else {
        return Ok(Split {
            format: Format::None,
            front: "",
            front_offset: start,
            body: text,
            body_offset: start,
        });
    };
    let first_newline = match text.find('\n') {
        Some(i) => i + 1,
        None => text.len(),
    };
    let front_offset = start + first_newline;
    let mut offset = first_newline;
    for line in text[first_newline..].split_inclusive('\n') {
        let trimmed = line.trim_end();
        if trimmed == fence || (format == Format::Yaml && trimmed == "...") {
            let front = &source[front_offset..start + offset];
            let body_offset = start + offset + line.len();
            return Ok(Split { format, front, front_offset, body: &source[body_offset..], body_offset });
        }
        offset += line.len();
    }
    Err(Diagnostic::error(format!("the front matter opened with `{fence}` is never closed"))
        .at_offset(file, source, start, 3)
        .with_hint(format!("add a line with only `{fence}` after the last front-matter field")))
}

/// Parses the front matter text into a map. `Format::None` gives an empty map.
pub fn parse_map(file: &Path, source: &str, split: &Split) -> Result<Map<String, Value>, Diagnostic> {
    match split.format {
        Format::None => Ok(Map::new()),
        Format::Toml => match toml::from_str::<toml::Table>(split.front) {
            Ok(table) => Ok(toml_table_to_json(table)),
            Err(e) => {
                let (message, hint) = crate::load::config::explain_serde_message(e.message().trim());
                let offset = split.front_offset + e.span().map_or(0, |s| s.start);
                let len = e.span().map_or(1, |s| s.len());
                let d = Diagnostic::error(format!("invalid TOML front matter: {message}"))
                    .at_offset(file, source, offset, len)
                    .with_hint(hint.unwrap_or_else(|| {
                        "TOML front matter looks like `title = \"Text\"`, one field per line; \
                         text goes between double quotes"
                            .into()
                    }));
                Err(d)
            }
        },
        Format::Yaml => {
            if split.front.trim().is_empty() {
                return Ok(Map::new());
            }
            if let Some(at) = crate::load::yaml_nesting::too_deep(split.front) {
                let max = crate::load::yaml_nesting::MAX_FLOW_DEPTH;
                return Err(Diagnostic::error(format!(
                    "YAML front matter nests more than {max} levels deep"
                ))
                .at_offset(file, source, split.front_offset + at, 1)
                .with_hint(
                    "front matter holds fields and short lists; close the brackets opened before this one",
                ));
            }
            // PyYAML (and so MkDocs) keeps the last of a repeated key; serde_yaml refuses it.
            let front = super::yaml_keys::without_overridden_keys(split.front);
            match serde_yaml_ng::from_str::<serde_yaml_ng::Value>(&front) {
                Ok(serde_yaml_ng::Value::Mapping(m)) => Ok(yaml_mapping_to_json(m)),
                Ok(serde_yaml_ng::Value::Null) => Ok(Map::new()),
                Ok(_) => Err(Diagnostic::error("YAML front matter must be a list of `key: value` fields")
                    .at_offset(file, source, split.front_offset, 1)
                    .with_hint("write one field per line, like `title: Mijn pagina`")),
                Err(e) => {
                    let offset = split.front_offset + e.location().map_or(0, |l| l.index());
                    let message = e.to_string();
                    let message = message.split(" at line ").next().unwrap_or(&message).to_string();
                    Err(Diagnostic::error(format!("invalid YAML front matter: {message}"))
                        .at_offset(file, source, offset, 1)
                        .with_hint("YAML fields look like `title: Mijn pagina`; indent nested lists with spaces, never tabs"))
                }
            }
        }
    }
}

fn toml_table_to_json(table: toml::Table) -> Map<String, Value> {
    table.into_iter().map(|(k, v)| (k, toml_to_json(v))).collect()
}

fn toml_to_json(value: toml::Value) -> Value {
    match value {
        toml::Value::String(s) => Value::String(s),
        toml::Value::Integer(i) => Value::from(i),
        toml::Value::Float(f) => serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number),
        toml::Value::Boolean(b) => Value::Bool(b),
        toml::Value::Datetime(d) => Value::String(d.to_string()),
        toml::Value::Array(a) => Value::Array(a.into_iter().map(toml_to_json).collect()),
        toml::Value::Table(t) => Value::Object(toml_table_to_json(t)),
    }
}

fn yaml_mapping_to_json(mapping: serde_yaml_ng::Mapping) -> Map<String, Value> {
    mapping
        .into_iter()
        .map(|(k, v)| {
            let key = match k {
                serde_yaml_ng::Value::String(s) => s,
                other => serde_yaml_ng::to_string(&other).unwrap_or_default().trim().to_string(),
            };
            (key, yaml_to_json(v))
        })
        .collect()
}

fn yaml_to_json(value: serde_yaml_ng::Value) -> Value {
    use serde_yaml_ng::Value as Y;
    match value {
        Y::Null => Value::Null,
        Y::Bool(b) => Value::Bool(b),
        Y::Number(n) => {
            if let Some(i) = n.as_i64() {
                Value::from(i)
            } else {
                n.as_f64().and_then(serde_json::Number::from_f64).map_or(Value::Null, Value::Number)
            }
        }
        Y::String(s) => Value::String(s),
        Y::Sequence(s) => Value::Array(s.into_iter().map(yaml_to_json).collect()),
        Y::Mapping(m) => Value::Object(yaml_mapping_to_json(m)),
        Y::Tagged(t) => yaml_to_json(t.value),
    }
}

/// The typed front matter of a page or section.
#[derive(Debug, Clone, Default)]
pub struct FrontMatter {
    pub title: Option<String>,
    pub description: Option<String>,
    pub date: Option<Date>,
    pub updated: Option<Date>,
    pub draft: bool,
    pub weight: Option<i64>,
    pub slug: Option<String>,
    pub aliases: Vec<String>,
    pub template: Option<String>,
    pub kind: Option<String>,
    pub audience: Vec<String>,
    /// Taxonomy name -> terms, from `[taxonomies]` and from top-level lists named like a taxonomy.
    pub taxonomies: BTreeMap<String, Vec<String>>,
    pub owner: Option<String>,
    pub review_by: Option<Date>,
    pub paginate_by: Option<usize>,
    /// The typed fields of the page's kind (checklist, training, ...).
    pub kind_data: super::kinds::KindData,
    /// `extra` plus every field without a meaning of its own (kept for templates).
    pub extra: Map<String, Value>,
}

/// Reads the typed fields; collects every problem instead of stopping at the first.
pub struct FieldReader<'a> {
    file: &'a Path,
    source: &'a str,
    split: &'a Split<'a>,
    /// The front matter read for its places, on the first diagnostic: many problems in one
    /// file (every answer of a tree leading nowhere) cost one parse, not one each.
    spans: OnceCell<FrontSpans<'a>>,
    /// [`key_offset`] per key, for the same reason.
    key_offsets: RefCell<HashMap<String, usize>>,
    /// Diagnostics placed so far: past [`MAX_PROBLEMS_PER_FRONT_MATTER`] they are only counted.
    placed: Cell<usize>,
    pub diagnostics: Vec<Diagnostic>,
}

impl<'a> FieldReader<'a> {
    pub fn new(file: &'a Path, source: &'a str, split: &'a Split<'a>) -> Self {
        Self {
            file,
            source,
            split,
            spans: OnceCell::new(),
            key_offsets: RefCell::new(HashMap::new()),
            placed: Cell::new(0),
            diagnostics: Vec::new(),
        }
    }

    /// Whether the front matter has as many problems as are reported: a caller can skip the
    /// costly part of another one (a "did you mean" over every name).
    pub fn is_full(&self) -> bool {
        self.diagnostics.len() >= MAX_PROBLEMS_PER_FRONT_MATTER
    }

    /// Whether another diagnostic gets a place; past the cap it will only be counted.
    fn place_another(&self) -> bool {
        let placed = self.placed.get();
        self.placed.set(placed + 1);
        placed < MAX_PROBLEMS_PER_FRONT_MATTER
    }

    /// The diagnostics, at most [`MAX_PROBLEMS_PER_FRONT_MATTER`] and one that counts the rest.
    fn into_diagnostics(mut self) -> Vec<Diagnostic> {
        if self.diagnostics.len() > MAX_PROBLEMS_PER_FRONT_MATTER {
            let rest = self.diagnostics.split_off(MAX_PROBLEMS_PER_FRONT_MATTER);
            let any_error = rest.iter().any(|d| d.severity == kb_core::diagnostics::Severity::Error);
            let message = format!("{} more problems in this front matter are not listed", rest.len());
            let d = if any_error { Diagnostic::error(message) } else { Diagnostic::warning(message) }
                .at_offset(self.file, self.source, self.split.front_offset, 1)
                .with_hint(format!(
                    "only the first {MAX_PROBLEMS_PER_FRONT_MATTER} are shown; fix those and build again"
                ));
            self.diagnostics.push(d);
        }
        self.diagnostics
    }

    /// Where the key or value at `path` is written (byte offsets into the whole file).
    fn span_of(&self, path: &[KeyStep], part: SpanPart) -> Option<std::ops::Range<usize>> {
        let span = self.spans.get_or_init(|| FrontSpans::parse(self.split)).span_of(path, part)?;
        Some(self.split.front_offset + span.start..self.split.front_offset + span.end)
    }

    fn key_offset(&self, key: &str) -> usize {
        if let Some(offset) = self.key_offsets.borrow().get(key) {
            return *offset;
        }
        let offset = key_offset(self.split, key);
        self.key_offsets.borrow_mut().insert(key.to_string(), offset);
        offset
    }

    /// A diagnostic at the key or the value that `path` leads to, in TOML or YAML front
    /// matter: the one lookup for where a front-matter problem is written. When the whole path
    /// is not written, it points at the value of the longest part that is (a list item written
    /// as one text: `audience: public`); when none is (a field read from an alias, a key
    /// inside a table read on its own), at the line of the last key, else at the front matter's
    /// start.
    pub fn at(&self, path: &[KeyStep], part: SpanPart, diagnostic: Diagnostic) -> Diagnostic {
        if !self.place_another() {
            return diagnostic;
        }
        let found = (1..=path.len())
            .rev()
            .find_map(|n| self.span_of(&path[..n], if n == path.len() { part } else { SpanPart::Value }));
        if let Some(span) = found {
            return diagnostic.at_offset(self.file, self.source, span.start, span.len().max(1));
        }
        let last_key = path.iter().rev().find_map(|s| if let KeyStep::Key(k) = s { Some(*k) } else { None });
        match last_key {
            Some(key) => diagnostic.at_offset(self.file, self.source, self.key_offset(key), key.len()),
            None => diagnostic.at_offset(self.file, self.source, self.split.front_offset, 1),
        }
    }

    /// A diagnostic at the top-level `key` (an unknown or misspelt field).
    pub fn at_key(&self, key: &str, diagnostic: Diagnostic) -> Diagnostic {
        self.at(&[KeyStep::Key(key)], SpanPart::Key, diagnostic)
    }

    /// A diagnostic at the value of the top-level `key` (a wrong type, an unknown value).
    pub fn at_value_of(&self, key: &str, diagnostic: Diagnostic) -> Diagnostic {
        self.at(&[KeyStep::Key(key)], SpanPart::Value, diagnostic)
    }

    /// A diagnostic at the text written at `path`, inside its quotes: for a value that is
    /// itself the subject (a link as written), so the column is where that text starts.
    pub fn at_text(&self, path: &[KeyStep], diagnostic: Diagnostic) -> Diagnostic {
        let Some(span) = self.span_of(path, SpanPart::Value) else {
            return self.at(path, SpanPart::Value, diagnostic);
        };
        if !self.place_another() {
            return diagnostic;
        }
        let written = &self.source[span.clone()];
        let quoted = written.len() >= 2
            && (written.starts_with('"') && written.ends_with('"')
                || written.starts_with('\'') && written.ends_with('\''));
        let inner = if quoted { span.start + 1..span.end - 1 } else { span };
        diagnostic.at_offset(self.file, self.source, inner.start, inner.len().max(1))
    }

    fn wrong_type(&mut self, key: &str, expected: &str, found: &Value, example: &str) {
        self.wrong_type_in(&[], key, expected, found, example);
    }

    /// A wrong type of `key` in the table at `at` (the top level when empty).
    fn wrong_type_in(&mut self, at: &[KeyStep], key: &str, expected: &str, found: &Value, example: &str) {
        let d = Diagnostic::error(format!("`{key}` must be {expected}, found {}", describe(found)))
            .with_hint(format!("write it like `{example}`"));
        let path: Vec<KeyStep> = at.iter().copied().chain([KeyStep::Key(key)]).collect();
        let d = self.at(&path, SpanPart::Value, d);
        self.diagnostics.push(d);
    }

    pub fn string(&mut self, map: &mut Map<String, Value>, key: &str) -> Option<String> {
        self.string_in(map, &[], key)
    }

    /// [`Self::string`] for a field of a table that sits at `at` (`questions[2]`): a wrong type
    /// is reported at that table's field, not at the first line with the same key.
    pub fn string_in(&mut self, map: &mut Map<String, Value>, at: &[KeyStep], key: &str) -> Option<String> {
        match map.remove(key)? {
            Value::String(s) => Some(s),
            Value::Null => None,
            other => {
                self.wrong_type_in(at, key, "text", &other, &format!("{key} = \"...\""));
                None
            }
        }
    }

    pub fn bool(&mut self, map: &mut Map<String, Value>, key: &str) -> bool {
        match map.remove(key) {
            None | Some(Value::Null) => false,
            Some(Value::Bool(b)) => b,
            Some(other) => {
                self.wrong_type(key, "true or false", &other, &format!("{key} = true"));
                false
            }
        }
    }

    pub fn integer(&mut self, map: &mut Map<String, Value>, key: &str) -> Option<i64> {
        self.integer_in(map, &[], key)
    }

    /// [`Self::integer`] for a field of the table at `at`.
    pub fn integer_in(&mut self, map: &mut Map<String, Value>, at: &[KeyStep], key: &str) -> Option<i64> {
        match map.remove(key)? {
            Value::Number(n) if n.is_i64() => n.as_i64(),
            Value::Null => None,
            other => {
                self.wrong_type_in(at, key, "a whole number", &other, &format!("{key} = 10"));
                None
            }
        }
    }

    pub fn string_list(&mut self, map: &mut Map<String, Value>, key: &str) -> Vec<String> {
        match map.remove(key) {
            None | Some(Value::Null) => Vec::new(),
            Some(Value::String(s)) => vec![s],
            Some(Value::Array(items)) if items.iter().all(Value::is_string) => {
                items.into_iter().filter_map(|v| v.as_str().map(str::to_string)).collect()
            }
            Some(other) => {
                self.wrong_type(key, "a list of text", &other, &format!("{key} = [\"a\", \"b\"]"));
                Vec::new()
            }
        }
    }

    pub fn date(&mut self, map: &mut Map<String, Value>, key: &str) -> Option<Date> {
        let value = map.remove(key)?;
        let Value::String(text) = &value else {
            if !value.is_null() {
                self.wrong_type(key, "a date", &value, &format!("{key} = 2026-03-01"));
            }
            return None;
        };
        match parse_date(text) {
            Some(d) => Some(d),
            None => {
                let d = Diagnostic::error(format!("`{key}` is not a date I can read: `{text}`"))
                    .with_hint(format!("write dates as year-month-day, like `{key} = 2026-03-01`"));
                let d = self.at_value_of(key, d);
                self.diagnostics.push(d);
                None
            }
        }
    }
}

/// Accepts `2026-03-01`, `2026-03-01T10:00:00`, with or without offset or `Z`.
pub fn parse_date(text: &str) -> Option<Date> {
    let text = text.trim();
    if let Ok(d) = text.parse::<Date>() {
        return Some(d);
    }
    if let Ok(ts) = text.parse::<jiff::Timestamp>() {
        return Some(ts.to_zoned_datetime(jiff::tz::TimeZone::UTC).date());
    }
    text.parse::<jiff::civil::DateTime>().ok().map(|dt| dt.date())
}

/// Reads all fields. `taxonomy_names` lets Hugo-style top-level lists (`tags = [...]`) feed a
/// declared taxonomy.
pub fn read(
    file: &Path,
    source: &str,
    split: &Split,
    mut map: Map<String, Value>,
    taxonomy_names: &[&str],
) -> (FrontMatter, Vec<Diagnostic>) {
    let mut r = FieldReader::new(file, source, split);
    // The MkDocs Material blog writes `date:` as a table: `created:` and `updated:`.
    let blog_updated = match map.get_mut("date") {
        Some(Value::Object(dates)) if dates.contains_key("created") => {
            let updated = dates.remove("updated");
            let created = dates.remove("created").unwrap_or(Value::Null);
            map.insert("date".into(), created);
            updated
        }
        _ => None,
    };
    if let Some(updated) = blog_updated {
        map.entry("updated").or_insert(updated);
    }
    let mut fm = FrontMatter {
        title: r.string(&mut map, "title"),
        description: r.string(&mut map, "description"),
        date: r.date(&mut map, "date"),
        updated: r.date(&mut map, "updated"),
        draft: r.bool(&mut map, "draft"),
        weight: r.integer(&mut map, "weight"),
        slug: r.string(&mut map, "slug"),
        aliases: r.string_list(&mut map, "aliases"),
        template: r.string(&mut map, "template"),
        kind: r.string(&mut map, "kind"),
        audience: r.string_list(&mut map, "audience"),
        owner: r.string(&mut map, "owner"),
        review_by: r.date(&mut map, "review_by"),
        ..FrontMatter::default()
    };
    if fm.updated.is_none() {
        // Hugo writes `lastmod`; keep it meaningful without a warning.
        if let Some(Value::String(s)) = map.get("lastmod") {
            fm.updated = parse_date(s);
        }
    }
    if fm.weight.is_none() {
        // Docusaurus orders pages with `sidebar_position`.
        fm.weight = map.get("sidebar_position").and_then(Value::as_i64);
    }
    fm.paginate_by =
        r.integer(&mut map, "paginate_by").and_then(|n| usize::try_from(n).ok()).filter(|n| *n > 0);
    if let Some(kind) = &fm.kind
        && !KNOWN_KINDS.contains(&kind.as_str())
    {
        let hint = unknown_name_hint(kind, KNOWN_KINDS, "kinds");
        let d = r.at_value_of("kind", Diagnostic::error(format!("unknown kind `{kind}`")).with_hint(hint));
        r.diagnostics.push(d);
    }
    for (n, audience) in fm.audience.iter().enumerate() {
        if !KNOWN_AUDIENCES.contains(&audience.as_str()) {
            let hint = unknown_name_hint(audience, KNOWN_AUDIENCES, "audiences");
            let d = r.at(
                &[KeyStep::Key("audience"), KeyStep::Index(n)],
                SpanPart::Value,
                Diagnostic::error(format!("unknown audience `{audience}`")).with_hint(hint),
            );
            r.diagnostics.push(d);
        }
    }
    if let Some(kind) = fm.kind.clone() {
        fm.kind_data = super::kinds::read(&kind, &mut r, &map);
    }
    match map.remove("taxonomies") {
        None | Some(Value::Null) => {}
        Some(Value::Object(table)) => {
            for (name, terms) in table {
                let mut single = Map::new();
                single.insert(name.clone(), terms);
                let list = r.string_list(&mut single, &name);
                if !taxonomy_names.contains(&name.as_str()) {
                    let hint = format!(
                        "{}; or declare it in kennisbank.toml: [[taxonomies]] name = \"{name}\"",
                        unknown_name_hint(&name, taxonomy_names, "taxonomies")
                    );
                    let d = r.at(
                        &[KeyStep::Key("taxonomies"), KeyStep::Key(&name)],
                        SpanPart::Key,
                        Diagnostic::error(format!("unknown taxonomy `{name}`")).with_hint(hint),
                    );
                    r.diagnostics.push(d);
                    continue;
                }
                fm.taxonomies.entry(name).or_default().extend(list);
            }
        }
        Some(other) => {
            r.wrong_type("taxonomies", "a table", &other, "[taxonomies] themas = [\"verwaarlozing\"]")
        }
    }
    for name in taxonomy_names {
        if let Some(Value::Array(_) | Value::String(_)) = map.get(*name) {
            let list = r.string_list(&mut map, name);
            fm.taxonomies.entry((*name).to_string()).or_default().extend(list);
        }
    }
    for (name, list) in &mut fm.taxonomies {
        if list.len() > MAX_TERMS_PER_TAXONOMY {
            let d = r.at(
                &[KeyStep::Key("taxonomies"), KeyStep::Key(name)],
                SpanPart::Value,
                Diagnostic::error(format!(
                    "{} `{name}` terms on one page; a page names at most {MAX_TERMS_PER_TAXONOMY}",
                    list.len()
                ))
                .with_hint(
                    "keep the terms that say what the page is about; a term with one page helps no one",
                ),
            );
            r.diagnostics.push(d);
            list.truncate(MAX_TERMS_PER_TAXONOMY);
        }
    }
    match map.remove("extra") {
        None | Some(Value::Null) => {}
        Some(Value::Object(extra)) => fm.extra = extra,
        Some(other) => r.wrong_type("extra", "a table", &other, "[extra] key = \"value\""),
    }
    if fm.slug.is_none() {
        // Docusaurus names a page's URL after its `id` when it has no `slug`. An id that is no
        // name (`urn:nl:...`, metadata of an MkDocs site's own tooling) names no URL.
        fm.slug = map.get("id").and_then(Value::as_str).filter(|id| is_plain_name(id)).map(str::to_string);
    }
    if let Some(slug) = fm.slug.take() {
        // Docusaurus writes `slug: /path/from/root`; the last part is the one a slug names here.
        let last = slug.trim_end_matches('/').rsplit('/').next().unwrap_or_default().to_string();
        if last != slug {
            fm.extra.insert("slug".into(), Value::String(slug));
        }
        fm.slug = Some(last).filter(|s| !s.is_empty());
    }
    // The fields this page's kind may carry, from the kinds' description: a misspelt field of
    // the kind (`age_bnd`) gets its "did you mean" like a common one.
    let known = super::schema::field_names(super::Kind::of(fm.kind.as_deref()));
    for (key, value) in map {
        if let Some(known) = NameHint::new(&key, &known, "fields")
            .nearest()
            .filter(|_| !PEER_FIELDS.contains(&key.as_str()) && !known.contains(&key.as_str()))
        {
            let d = Diagnostic::warning(format!("unknown field `{key}`: did you mean `{known}`?"))
                .with_hint(format!("fields that are not known are kept for templates under `extra`; rename it to `{known}` if that is what you meant"));
            let d = r.at_key(&key, d);
            r.diagnostics.push(d);
        }
        fm.extra.entry(key).or_insert(value);
    }
    (fm, r.into_diagnostics())
}

/// The front matter read once more, for where its keys and values are written (serde gives
/// no places): TOML through toml's spanned tables, YAML through saphyr's events.
enum FrontSpans<'a> {
    Toml(toml::Spanned<toml::de::DeTable<'a>>),
    Yaml(super::yaml_keys::YamlSpans),
    Unreadable,
}

impl<'a> FrontSpans<'a> {
    fn parse(split: &Split<'a>) -> Self {
        let parsed = match split.format {
            Format::Toml => toml::de::DeTable::parse(split.front).ok().map(FrontSpans::Toml),
            Format::Yaml => super::yaml_keys::YamlSpans::parse(split.front).map(FrontSpans::Yaml),
            Format::None => None,
        };
        parsed.unwrap_or(FrontSpans::Unreadable)
    }

    /// Byte offsets into the front matter, from the table parsed once.
    fn span_of(&self, path: &[KeyStep], part: SpanPart) -> Option<std::ops::Range<usize>> {
        match self {
            FrontSpans::Toml(root) => crate::load::config::toml_span_in(root, path, part),
            FrontSpans::Yaml(yaml) => yaml.span_of(path, part),
            FrontSpans::Unreadable => None,
        }
    }
}

/// Letters, digits, `-`, `_` and inner dots: an `id` that can be a URL's last part.
fn is_plain_name(id: &str) -> bool {
    !id.is_empty()
        && !id.starts_with('.')
        && !id.ends_with('.')
        && id.chars().all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.'))
}

/// Byte offset (in the whole file) where `key` is written in the front matter, by its line:
/// the fallback for a key `FieldReader::span_of` cannot reach.
fn key_offset(split: &Split, key: &str) -> usize {
    key_offsets(split, key).first().copied().unwrap_or(split.front_offset)
}

/// Every place `key` is written (as `key =`, `key:`, `[key]` or `[[key]]`), in order.
fn key_offsets(split: &Split, key: &str) -> Vec<usize> {
    let mut found = Vec::new();
    let mut offset = split.front_offset;
    for line in split.front.split_inclusive('\n') {
        let trimmed = line.trim_start();
        let indent = line.len() - trimmed.len();
        let item = trimmed.strip_prefix("- ").unwrap_or(trimmed);
        let unquoted = item.trim_start_matches(['"', '\'']);
        if let Some(rest) = unquoted.strip_prefix(key) {
            let rest = rest.trim_start_matches(['"', '\'']).trim_start();
            if rest.starts_with('=') || rest.starts_with(':') {
                found.push(offset + indent + (trimmed.len() - unquoted.len()));
            }
        }
        let inner = trimmed.trim_start_matches('[').trim_start();
        if trimmed.starts_with('[')
            && inner.starts_with(key)
            && inner[key.len()..].trim_start().starts_with(']')
        {
            found.push(offset + indent + trimmed.find(key).unwrap_or(0));
        }
        offset += line.len();
    }
    found
}

fn describe(value: &Value) -> &'static str {
    match value {
        Value::Null => "nothing",
        Value::Bool(_) => "true/false",
        Value::Number(_) => "a number",
        Value::String(_) => "text",
        Value::Array(_) => "a list",
        Value::Object(_) => "a table",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_str(src: &str) -> (FrontMatter, Vec<Diagnostic>) {
        let file = Path::new("a.md");
        let split = split(file, src).unwrap();
        let map = parse_map(file, src, &split).unwrap();
        read(file, src, &split, map, &["themas", "tags"])
    }

    /// Line and column of the diagnostic whose message contains `needle`.
    fn place(diagnostics: &[Diagnostic], needle: &str) -> (usize, usize) {
        let d = diagnostics
            .iter()
            .find(|d| d.message.contains(needle))
            .unwrap_or_else(|| panic!("no `{needle}` in {diagnostics:?}"));
        let at = d.location.as_ref().expect("a location");
        (at.line, at.column)
    }

    type LineCol = (usize, usize);

    /// Reads the same fields written as TOML and as YAML; each case is a message and where it
    /// must point in each: (line, column) in the TOML file, then in the YAML file.
    fn assert_places(toml: &str, yaml: &str, cases: &[(&str, LineCol, LineCol)]) {
        let (_, t) = read_str(toml);
        let (_, y) = read_str(yaml);
        for (needle, in_toml, in_yaml) in cases {
            assert_eq!(place(&t, needle), *in_toml, "TOML: {needle}");
            assert_eq!(place(&y, needle), *in_yaml, "YAML: {needle}");
        }
    }

    #[test]
    fn every_front_matter_problem_points_at_its_key_or_value() {
        assert_places(
            "+++\ntitle = 3\ndate = \"gisteren\"\nkind = \"traning\"\naudience = [\"public\", \"publiek\"]\ntitel = \"x\"\n[taxonomies]\nthema = [\"a\"]\n+++\n",
            "---\ntitle: 3\ndate: gisteren\nkind: traning\naudience: [public, publiek]\ntitel: x\ntaxonomies:\n  thema: [a]\n---\n",
            &[
                ("`title` must be text", (2, 9), (2, 8)),
                ("not a date", (3, 8), (3, 7)),
                ("unknown kind", (4, 8), (4, 7)),
                ("unknown audience `publiek`", (5, 23), (5, 20)),
                ("unknown field `titel`", (6, 1), (6, 1)),
                ("unknown taxonomy `thema`", (8, 1), (8, 3)),
            ],
        );
    }

    #[test]
    fn problems_of_a_kind_point_at_their_value() {
        assert_places(
            "+++\ntitle = \"Één\"\nkind = \"training\"\nformat = \"webinr\"\n[[sessions]]\nstart = \"morgen\"\nend = \"2027-01-14T16:30:00\"\n+++\n",
            "---\ntitle: Één\nkind: training\nformat: webinr\nsessions:\n  - start: morgen\n    end: 2027-01-14T16:30:00\n---\n",
            &[("unknown training format", (4, 10), (4, 9)), ("`start` of session 1", (6, 9), (6, 12))],
        );
        let (_, c) = read_str("---\ntitle: Lijst\nkind: checklist\nage_band: 0-5\n---\n");
        assert_eq!(place(&c, "unknown age band"), (4, 11));
    }

    #[test]
    fn toml_and_yaml_read_the_same() {
        let (t, _) = read_str("+++\ntitle = \"A\"\ndate = 2026-01-02\ntags = [\"x\"]\n+++\nbody");
        let (y, _) = read_str("---\ntitle: A\ndate: 2026-01-02\ntags: [x]\n---\nbody");
        assert_eq!(t.title, y.title);
        assert_eq!(t.date, y.date);
        assert_eq!(t.taxonomies, y.taxonomies);
    }

    #[test]
    fn typo_of_known_field_warns_at_its_line() {
        let (fm, d) = read_str("+++\ntitle = \"A\"\ntitel = \"B\"\n+++\n");
        assert_eq!(d.len(), 1);
        assert!(d[0].message.contains("did you mean `title`"));
        assert_eq!(d[0].location.as_ref().unwrap().line, 3);
        assert_eq!(fm.extra["titel"], "B");
    }

    #[test]
    fn wrong_type_and_bad_date_are_errors_at_their_lines() {
        let (_, d) = read_str("+++\ntitle = 3\ndate = \"gisteren\"\n+++\n");
        assert_eq!(d.len(), 2);
        assert_eq!(d[0].location.as_ref().unwrap().line, 2);
        assert!(d[1].message.contains("not a date"));
    }

    #[test]
    fn unclosed_front_matter_is_an_error() {
        let e = split(Path::new("a.md"), "+++\ntitle = \"A\"\n").unwrap_err();
        assert!(e.message.contains("never closed"));
    }

    #[test]
    fn unknown_taxonomy_is_an_error() {
        let (_, d) = read_str("+++\ntitle = \"A\"\n[taxonomies]\nthema = [\"x\"]\n+++\n");
        assert!(d[0].message.contains("unknown taxonomy `thema`"));
        assert!(d[0].hint.as_ref().unwrap().contains("themas"));
    }

    #[test]
    fn dates_in_several_forms() {
        assert!(parse_date("2026-03-01").is_some());
        assert!(parse_date("2026-03-01T10:00:00Z").is_some());
        assert!(parse_date("2026-03-01T10:00:00+01:00").is_some());
        assert!(parse_date("2026-03-01 10:00:00").is_some());
        assert!(parse_date("1 maart").is_none());
    }

    #[test]
    fn blank_lines_and_a_bom_may_come_before_the_fence() {
        let (fm, _) = read_str("\n\n+++\ntitle = \"Zola\"\n+++\nTekst.\n");
        assert_eq!(fm.title.as_deref(), Some("Zola"));
        let (fm, _) = read_str("\u{feff}\n---\ntitle: MkDocs\n---\n");
        assert_eq!(fm.title.as_deref(), Some("MkDocs"));
        let s = split(Path::new("a.md"), "\n\nGeen front matter.\n").unwrap();
        assert_eq!(s.format, Format::None);
        assert_eq!(s.body, "\n\nGeen front matter.\n");
    }

    #[test]
    fn a_repeated_yaml_key_keeps_the_later_value() {
        let (fm, d) = read_str("---\ntitle: Eerst\nhide:\n  - toc\ntitle: Later\n---\n");
        assert_eq!(fm.title.as_deref(), Some("Later"));
        assert!(d.is_empty(), "{d:?}");
        assert_eq!(fm.extra["hide"][0], "toc");
    }

    #[test]
    fn peer_fields_are_kept_quietly() {
        let src = "---\nid: intro\nsidebar_label: Start\nsidebar_position: 3\nslug: /start\nhide:\n  - navigation\n---\n";
        let (fm, d) = read_str(src);
        assert!(d.is_empty(), "{d:?}");
        assert_eq!(fm.weight, Some(3));
        assert_eq!(fm.extra["sidebar_label"], "Start");
        assert_eq!(fm.extra["id"], "intro");
        assert_eq!(fm.slug.as_deref(), Some("start"));
        assert_eq!(fm.extra["hide"][0], "navigation");
        let (fm, _) = read_str("---\nid: intro\n---\n");
        assert_eq!(fm.slug.as_deref(), Some("intro"), "the id names the URL without a slug");
        let (fm, _) = read_str("---\nid: \"urn:nl:vtd:signalen\"\n---\n");
        assert_eq!(fm.slug, None, "an id that is no name is metadata, not a URL");
    }

    #[test]
    fn mkdocs_blog_dates_are_a_table() {
        let (fm, d) = read_str("---\ndate:\n  created: 2025-01-02\n  updated: 2025-02-03\n---\n");
        assert!(d.is_empty(), "{d:?}");
        assert_eq!(fm.date, parse_date("2025-01-02"));
        assert_eq!(fm.updated, parse_date("2025-02-03"));
    }
}
