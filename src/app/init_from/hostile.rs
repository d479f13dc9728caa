//! Hostile foreign configurations (issue 30): generated `docusaurus.config.js`, `mkdocs.yml`,
//! Hugo and Zola files never panic, the scanner and readers take time linear in the file (N
//! and 8N within a factor of ten), whatever was read becomes a `kennisbank.toml` that parses
//! and says back exactly what was read, and every folder that passes the confinement check is
//! a relative path inside the old site.

use std::path::{Component, Path};
use std::time::{Duration, Instant};

use proptest::prelude::*;

use super::{Imported, confine, docusaurus, hugo, js_object, mkdocs, toml_out};

/// Reads `source` as the file `name` of an old site, as `init --from` does (without a disk).
fn import(name: &str, source: &str) -> anyhow::Result<Imported> {
    let old = Path::new("/nonexistent/old");
    match name {
        "mkdocs.yml" => mkdocs::read(source, name.into(), old),
        "docusaurus.config.js" => docusaurus::read(source, name.into(), old),
        _ => {
            let value = hugo::parse(Path::new(name), source)?;
            if value.get("base_url").is_some() {
                Ok(hugo::read_zola(&value, name.into()))
            } else {
                Ok(hugo::read_hugo(&value, name.into(), old))
            }
        }
    }
}

/// `source(n)` and `source(8n)` read within a factor of ten (in CPU time).
fn assert_linear(what: &str, name: &str, n: usize, source: impl Fn(usize) -> String) {
    kb_core::scaling::assert_linear(what, n, source, |s| {
        let _ = import(name, s);
    });
}

#[test]
fn configs_cost_linear_time() {
    let js = |body: String| format!("module.exports = {{ title: 'T', {body} }};\n");
    assert_linear("N keys", "docusaurus.config.js", 1000, |n| {
        js((0..n).map(|i| format!("k{i}: 'v', ")).collect())
    });
    assert_linear("N comments", "docusaurus.config.js", 1000, |n| js("/* c */ // d\n".repeat(n)));
    assert_linear("N nested arrays", "docusaurus.config.js", 1000, |n| js(format!("a: {}", "[".repeat(n))));
    assert_linear("N nested objects", "docusaurus.config.js", 1000, |n| {
        js(format!("a: {}", "{b: ".repeat(n)))
    });
    assert_linear("N open strings", "docusaurus.config.js", 1000, |n| js("a: '".repeat(n)));
    assert_linear("N templates", "docusaurus.config.js", 1000, |n| js(format!("a: {}", "`${".repeat(n))));
    assert_linear("N navbar items", "docusaurus.config.js", 500, |n| {
        let items: String = (0..n).map(|i| format!("{{ label: 'L{i}', to: '/p{i}' }}, ")).collect();
        js(format!("themeConfig: {{ navbar: {{ items: [{items}] }} }}"))
    });
    assert_linear("no exported object, N assignments", "docusaurus.config.js", 1000, |n| {
        "const a = 1;\n".repeat(n)
    });
    assert_linear("N nav entries", "mkdocs.yml", 500, |n| {
        let nav: String = (0..n).map(|i| format!("  - P{i}: p{i}.md\n")).collect();
        format!("site_name: T\nnav:\n{nav}")
    });
    assert_linear("N top-level keys", "mkdocs.yml", 500, |n| {
        (0..n).map(|i| format!("k{i}: v\n")).collect::<String>() + "site_name: T\n"
    });
    assert_linear("N Hugo menus", "hugo.toml", 500, |n| {
        let menus: String = (0..n)
            .map(|i| format!("[[menus.main]]\nname = \"M{i}\"\npageRef = \"/p{i}\"\nweight = {}\n", n - i))
            .collect();
        format!("title = \"T\"\n{menus}")
    });
    assert_linear("N Zola taxonomies", "config.toml", 500, |n| {
        let taxonomies: String = (0..n).map(|i| format!("{{ name = \"t{i}\" }}, ")).collect();
        format!("base_url = \"https://x.nl\"\ntitle = \"T\"\ntaxonomies = [{taxonomies}]\n")
    });
}

#[test]
fn deep_yaml_in_mkdocs_is_refused_quickly() {
    let deep = format!("site_name: T\nnav: {}\n", "[".repeat(100_000));
    let started = Instant::now();
    let err = import("mkdocs.yml", &deep).unwrap_err();
    assert!(started.elapsed() < Duration::from_secs(2), "{:?}", started.elapsed());
    assert!(format!("{err:#}").contains("nests more than 128 levels deep at line 2"), "{err:#}");
}

fn hostile_text() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::sample::select(vec![
            "<script>alert(1)</script>",
            "\"",
            "'",
            "`",
            "\\",
            "${x}",
            "\n",
            "\u{0}",
            "\u{202e}",
            "𝔘",
            "..",
            "../..",
            "/etc",
            ".",
            "",
            "docs",
            "a/b",
            "C:\\x",
            "~",
            "%2e%2e",
            "javascript:alert(1)",
            "https://x.nl/",
            "{",
            "}",
            "[",
            "]",
            "/*",
            "*/",
            "//",
            "#",
            "=",
            "[[menus.main]]",
            "nl",
            "x".repeat(300).leak(),
        ])
        .prop_map(str::to_string),
        ".{0,10}",
    ]
}

/// A JavaScript string literal (JSON's quoting is one).
fn js_quoted(text: &str) -> String {
    serde_json::to_string(text).expect("a string")
}

/// A docusaurus.config.js, from pieces sound and not.
fn docusaurus_config() -> impl Strategy<Value = String> {
    let value = prop_oneof![
        hostile_text().prop_map(|t| js_quoted(&t)),
        hostile_text().prop_map(|t| format!("'{}'", t.replace(['\'', '\\', '\n'], ""))),
        hostile_text().prop_map(|t| format!("`{}`", t.replace(['`', '\\'], ""))),
        any::<i32>().prop_map(|n| n.to_string()),
        Just("process.env.X".to_string()),
        Just("require('x')".to_string()),
        Just("() => 1".to_string()),
        Just("[".to_string()),
        Just("{".to_string()),
    ];
    let key = prop::sample::select(vec![
        "title",
        "tagline",
        "url",
        "baseUrl",
        "i18n",
        "presets",
        "themeConfig",
        "staticDirectories",
        "plugins",
        "defaultLocale",
        "locales",
        "docs",
        "path",
        "routeBasePath",
        "navbar",
        "items",
        "label",
        "to",
        "href",
    ]);
    let entry = prop_oneof![
        (key.clone(), value.clone()).prop_map(|(k, v)| format!("{k}: {v}")),
        (key.clone(), prop::collection::vec(value.clone(), 0..3))
            .prop_map(|(k, v)| format!("{k}: [{}]", v.join(", "))),
        (key.clone(), key.clone(), value.clone()).prop_map(|(k, j, v)| format!("{k}: {{ {j}: {v} }}")),
        (key, value.clone(), value).prop_map(|(k, a, b)| format!(
            "{k}: [['classic', {{ docs: {{ path: {a}, routeBasePath: {b} }} }}]]"
        )),
        hostile_text(),
    ];
    let head = prop::sample::select(vec![
        "module.exports = ",
        "export default ",
        "const config = ",
        "",
        "/** @type */ export default ",
    ]);
    (head, prop::collection::vec(entry, 0..8), prop::bool::weighted(0.9)).prop_map(
        |(head, entries, closed)| {
            format!("{head}{{ {} {}", entries.join(", "), if closed { "};" } else { "" })
        },
    )
}

fn mkdocs_config() -> impl Strategy<Value = String> {
    let key = prop::sample::select(vec![
        "site_name",
        "site_url",
        "site_description",
        "docs_dir",
        "theme",
        "nav",
        "extra",
        "plugins",
        "language",
        "name",
    ]);
    let line = prop_oneof![
        (key.clone(), hostile_text()).prop_map(|(k, v)| format!("{k}: {}", js_quoted(&v))),
        (key.clone(), hostile_text()).prop_map(|(k, v)| format!("{k}: {v}")),
        (prop::sample::select(vec!["  ", "  - ", "    - "]), key.clone(), hostile_text())
            .prop_map(|(i, k, v)| format!("{i}{k}: {}", js_quoted(&v))),
        (prop::sample::select(vec!["  - ", "    - "]), hostile_text())
            .prop_map(|(i, v)| format!("{i}{}", js_quoted(&v))),
        key.prop_map(|k| format!("{k}: !ENV X")),
        Just("theme:\n  name: material\n  language: nl".to_string()),
        Just("a: &a [*a]".to_string()),
        hostile_text(),
    ];
    prop::collection::vec(line, 0..12).prop_map(|lines| lines.join("\n"))
}

fn hugo_or_zola_config() -> impl Strategy<Value = (String, &'static str)> {
    let key = prop::sample::select(vec![
        "title",
        "baseURL",
        "base_url",
        "languageCode",
        "default_language",
        "contentDir",
        "staticDir",
        "theme",
        "name",
        "pageRef",
        "url",
        "weight",
        "tag",
    ]);
    let line = prop_oneof![
        (key.clone(), hostile_text()).prop_map(|(k, v)| format!("{k} = {}", toml::Value::String(v))),
        (key.clone(), any::<i64>()).prop_map(|(k, v)| format!("{k} = {v}")),
        prop::sample::select(vec![
            "[[menus.main]]",
            "[taxonomies]",
            "[params]",
            "[languages.nl]",
            "[markup]",
            "taxonomies = [{ name = \"t\" }]",
            "[[languages]]"
        ])
        .prop_map(str::to_string),
        hostile_text(),
    ];
    (
        prop::collection::vec(line, 0..12),
        prop::sample::select(vec!["hugo.toml", "config.toml", "hugo.yaml", "hugo.json"]),
    )
        .prop_map(|(lines, name)| (lines.join("\n"), name))
}

/// What an import promises for any input: a sound `kennisbank.toml` saying back what was
/// read, and folders that pass the check only when they are inside the old site.
fn check_import(imported: &Imported) -> Result<(), TestCaseError> {
    let text = toml_out::config(imported, Path::new("/nonexistent/old"));
    let parsed: toml::Table =
        toml::from_str(&text).map_err(|e| TestCaseError::fail(format!("{e}\n{text}")))?;
    if let Some(title) = &imported.title {
        prop_assert_eq!(parsed["title"].as_str(), Some(title.as_str()), "{}", text);
    }
    if confine::check(Path::new("/nonexistent/old"), imported).is_ok() {
        for from in imported.content.iter().map(|(from, _)| from).chain(&imported.statics) {
            prop_assert!(
                from.components().all(|c| matches!(c, Component::Normal(_) | Component::CurDir)),
                "{:?}",
                from
            );
        }
        for (_, under) in &imported.content {
            prop_assert!(!under.split('/').any(|p| p == ".." || p == "."), "{}", under);
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 192, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn generated_docusaurus_configs_never_panic(source in docusaurus_config()) {
        let _ = js_object::config_object(&source);
        if let Ok(imported) = import("docusaurus.config.js", &source) {
            check_import(&imported)?;
        }
    }

    #[test]
    fn generated_mkdocs_configs_never_panic(source in mkdocs_config()) {
        if let Ok(imported) = import("mkdocs.yml", &source) {
            check_import(&imported)?;
        }
    }

    #[test]
    fn generated_hugo_and_zola_configs_never_panic((source, name) in hugo_or_zola_config()) {
        if let Ok(imported) = import(name, &source) {
            check_import(&imported)?;
        }
    }
}
