//! Every field the templates see is documented in docs/TEMPLATES.md, and every documented
//! field exists. The views are taken from real output: the example site is built with
//! templates that print their whole context (`__tera_context`) as JSON, so a field that a
//! view gains or loses shows up here.

use crate::common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use crate::common::{Site, kennisbank, run};

/// Template variables whose fields are documented, each in a table under a `## \`name\``
/// heading; nested objects as `page.training` etc.
const DOCUMENTED: &[&str] = &[
    "site",
    "page",
    "section",
    "paginator",
    "taxonomy",
    "term",
    "calendar",
    "matrix",
    "page.training",
    "page.passport",
    "page.decision",
    "page.checklist",
    "site.offline",
    "pack",
    "page.slides",
    "page.product",
];

/// Field names per documented variable, read from the tables of docs/TEMPLATES.md.
fn documented_fields(doc: &str) -> BTreeMap<String, BTreeSet<String>> {
    let mut fields: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut current: Option<String> = None;
    for line in doc.lines() {
        if let Some(heading) = line.strip_prefix("## ") {
            current = heading.split('`').nth(1).filter(|_| heading.starts_with('`')).map(str::to_string);
            continue;
        }
        let Some(name) = &current else { continue };
        let Some(cell) = line.strip_prefix("| ").and_then(|l| l.split(" |").next()) else { continue };
        if cell == "field" || cell.starts_with("---") {
            continue;
        }
        let set = fields.entry(name.clone()).or_default();
        set.extend(cell.split(", ").map(|f| f.trim_matches('`').to_string()));
    }
    fields
}

/// The object at `path` (`page.training`) of a context, if it is one.
fn object_at<'a>(
    context: &'a serde_json::Value,
    path: &str,
) -> Option<&'a serde_json::Map<String, serde_json::Value>> {
    path.split('.').try_fold(context, |v, key| v.get(key))?.as_object()
}

#[test]
fn every_view_field_is_documented_and_every_documented_field_exists() {
    let site = Site::empty();
    let example = Path::new(env!("CARGO_MANIFEST_DIR"));
    for dir in ["content", "data", "themes", "templates"] {
        common::copy_dir(&example.join(dir), &site.path(dir));
    }
    site.write("kennisbank.toml", std::fs::read_to_string(example.join("kennisbank.toml")).unwrap());
    // A paginated list, so that `paginator` is rendered too.
    let signals = std::fs::read_to_string(site.path("content/signalen/_index.md")).unwrap();
    site.write("content/signalen/_index.md", signals.replacen("+++\n", "+++\npaginate_by = 3\n", 1));
    // Every page template prints its context instead of HTML.
    let templates = std::fs::read_dir(example.join("themes/default/templates")).unwrap();
    for entry in templates.flatten() {
        let name = entry.file_name().to_string_lossy().to_string();
        if !matches!(name.as_str(), "base.html" | "macros.html" | "trends-example-note.html") {
            site.write(&format!("templates/{name}"), "{{ __tera_context | safe }}");
        }
    }
    let out = site.path("public");
    run(kennisbank().args(["build", "--root"]).arg(site.root()).arg("--output").arg(&out)).ok();

    let mut seen: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for file in walkdir::WalkDir::new(&out).into_iter().flatten() {
        if file.path().extension().is_none_or(|e| e != "html") {
            continue;
        }
        let text = std::fs::read_to_string(file.path()).unwrap();
        let Ok(context) = serde_json::from_str::<serde_json::Value>(&text) else { continue };
        for name in DOCUMENTED {
            if let Some(object) = object_at(&context, name) {
                seen.entry(name.to_string()).or_default().extend(object.keys().cloned());
            }
        }
    }
    let doc = std::fs::read_to_string(example.join("docs/TEMPLATES.md")).unwrap();
    let mut documented = documented_fields(&doc);
    // A section view has the page fields too (docs/TEMPLATES.md says so in words).
    let page = documented.get("page").cloned().unwrap_or_default();
    documented.entry("section".into()).or_default().extend(page);

    let mut problems = Vec::new();
    for name in DOCUMENTED {
        let seen = seen.get(*name).cloned().unwrap_or_default();
        let documented = documented.get(*name).cloned().unwrap_or_default();
        assert!(!seen.is_empty(), "the example site renders no `{name}`: the test cannot check it");
        // The kind fields are documented in their own tables, not as fields of `page`.
        let kinds = ["training", "passport", "decision", "checklist", "slides", "product"];
        for field in seen.difference(&documented) {
            if !(*name == "page" || *name == "section") || !kinds.contains(&field.as_str()) {
                problems.push(format!("`{name}.{field}` is not documented in docs/TEMPLATES.md"));
            }
        }
        for field in documented.difference(&seen) {
            if *name != "section" {
                problems.push(format!("`{name}.{field}` is documented but no template sees it"));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
