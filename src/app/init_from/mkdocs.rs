//! `mkdocs.yml` -> [`Imported`]: the site name, URL, description, language (`theme.language`),
//! `docs_dir` as the content folder, and `nav` as the main menu. MkDocs' own YAML tags
//! (`!ENV`, `!!python/name:...`) are read as values that cannot be used, never as a failure.

use std::path::Path;

use anyhow::{Result, anyhow};

use super::tree::{Value, from_yaml};
use super::{Imported, Setting};

pub fn read(source: &str, file: String, old: &Path) -> Result<Imported> {
    let config = from_yaml(source).map_err(|e| anyhow!("cannot read {file}: {e}"))?;
    let directory_urls = config.get("use_directory_urls") != Some(&Value::Bool(false));
    let mut imported = Imported {
        generator: "MkDocs",
        config_file: file,
        url_scheme: super::routes::UrlScheme::MkDocs { directory_urls },
        ..Imported::default()
    };
    let docs_dir = config.get("docs_dir").and_then(Value::text).unwrap_or_else(|| "docs".into());
    imported.content.push((docs_dir.clone().into(), String::new()));
    for entry in config.entries() {
        let (key, line) = (entry.key.as_str(), entry.line);
        let text = entry.value.text();
        match (key, text) {
            ("site_name", Some(t)) => imported.set(Setting::Title, t, key, line),
            ("site_description", Some(t)) => imported.set(Setting::Description, t, key, line),
            ("site_url", Some(t)) => imported.set(Setting::BaseUrl, t, key, line),
            ("docs_dir", Some(t)) => {
                imported.mapped(key, line, format!("its files are copied into content/ (from {t}/)"))
            }
            ("theme", _) => theme(&mut imported, &entry.value, line),
            ("use_directory_urls", _) => imported.mapped(
                key,
                line,
                "each page keeps its URL (`a/b.html` by an alias to kennisbank's `/a/b/`)",
            ),
            ("nav", _) => nav(&mut imported, &entry.value, line, &old.join(&docs_dir)),
            _ => {
                let why = match &entry.value {
                    Value::Unreadable(what) => format!("{what} cannot be read"),
                    _ => reason(key).to_string(),
                };
                imported.unmapped(key, line, why);
            }
        }
    }
    if config.get("docs_dir").is_none() {
        imported.mapped("docs_dir (not set)", 0, "docs/ is copied into content/ (MkDocs' default)");
    }
    Ok(imported)
}

fn theme(imported: &mut Imported, theme: &Value, line: usize) {
    match theme.get("language").and_then(Value::text) {
        Some(lang) => imported.set(Setting::DefaultLanguage, lang, "theme.language", line),
        None => {
            imported.default_language = Some("en".into());
            imported.mapped("theme.language (not set)", line, "default_language = \"en\" (MkDocs' default)");
        }
    }
    let other: Vec<&str> =
        theme.entries().iter().map(|e| e.key.as_str()).filter(|k| *k != "language").collect();
    if !other.is_empty() {
        imported.unmapped(
            &format!("theme.{}", other.join(", theme.")),
            line,
            "the default theme has its own look, colours and features",
        );
    }
}

/// A nav entry: its title (none for a bare `page.md`) and a page path, a URL or children.
enum NavItem<'a> {
    Page(Option<&'a str>, String),
    Section(&'a str, &'a [Value]),
}

fn nav_item(value: &Value) -> Option<NavItem<'_>> {
    match value {
        Value::Text(path) => Some(NavItem::Page(None, path.clone())),
        Value::Table(entries) => {
            let entry = entries.first()?;
            match &entry.value {
                Value::Text(path) => Some(NavItem::Page(Some(entry.key.as_str()), path.clone())),
                Value::List(children) => Some(NavItem::Section(entry.key.as_str(), children)),
                _ => None,
            }
        }
        _ => None,
    }
}

/// The top level of `nav` becomes the main menu; the order of every page becomes advice (a
/// weight per file), since kennisbank orders by front matter and init does not edit pages.
fn nav(imported: &mut Imported, nav: &Value, line: usize, docs: &Path) {
    let mut order = Vec::new();
    flatten(nav.items(), &mut order);
    for item in nav.items() {
        let (title, target) = match nav_item(item) {
            Some(NavItem::Page(Some(title), path)) => (title, Some(path)),
            Some(NavItem::Section(title, children)) => {
                let mut pages = Vec::new();
                flatten(children, &mut pages);
                let first = pages.iter().find(|p| p.ends_with("index.md")).or(pages.first()).cloned();
                (title, first)
            }
            _ => continue,
        };
        let Some(target) = target else { continue };
        let url = if target.contains("://") {
            target
        } else if docs.join(&target).is_file() {
            format!("@/{target}")
        } else {
            imported.unmapped(&format!("nav: {title}"), line, format!("{target} is not in the docs folder"));
            continue;
        };
        imported.menu.push((title.to_string(), url));
    }
    imported.mapped("nav", line, format!("[menus] main ({} entries: the top level)", imported.menu.len()));
    let pages: Vec<&String> = order.iter().filter(|p| !p.contains("://")).collect();
    if pages.len() > 1 {
        let mut advice = format!(
            "The order of nav ({}:{line}) is not applied to the {} pages: kennisbank orders the pages of a \
             section by `weight` in their front matter, and init writes no more into your markdown files than the \
             slug and aliases that keep their URLs. To keep MkDocs' order, add these weights:",
            imported.config_file,
            pages.len()
        );
        for (i, page) in pages.iter().enumerate() {
            advice.push_str(&format!("\n  content/{page}  weight = {}", (i + 1) * 10));
        }
        imported.advice.push(advice);
    }
}

/// Every page path of a nav (sub)tree, in order.
fn flatten(items: &[Value], out: &mut Vec<String>) {
    for item in items {
        match nav_item(item) {
            Some(NavItem::Page(_, path)) => out.push(path),
            Some(NavItem::Section(_, children)) => flatten(children, out),
            None => {}
        }
    }
}

fn reason(key: &str) -> &'static str {
    match key {
        "markdown_extensions" => {
            "kennisbank reads admonitions, details, content tabs, attribute lists, md_in_html, def_list, \
             footnotes and icons without settings; other extensions are not read"
        }
        "plugins" => "kennisbank has no plugins; search is built in, tags are [[taxonomies]]",
        "extra_css" | "extra_javascript" => {
            "not loaded: the default theme's Content-Security-Policy allows its own files only"
        }
        "repo_url" | "repo_name" | "edit_uri" | "copyright" | "site_author" => {
            "not shown by the default theme"
        }
        "hooks" => "Python hooks are not run",
        "extra" => "values for MkDocs templates; kennisbank's templates read [extra] in kennisbank.toml",
        _ => "kennisbank has no such setting",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MKDOCS: &str = "site_name: Gids voor scholen\nsite_url: https://gids.example.nl/\ntheme:\n  name: material\n  language: nl\n  features:\n    - navigation.tabs\nextra:\n  analytics:\n    property: !ENV GA_KEY\nmarkdown_extensions:\n  - pymdownx.emoji:\n      emoji_generator: !!python/name:material.extensions.emoji.to_svg\nnav:\n  - Start: index.md\n  - Signalen:\n    - signalen/index.md\n    - Op school: signalen/school.md\n  - Forum: https://forum.example.org\n  - Weg: weg.md\n";

    #[test]
    fn maps_the_settings_and_reports_the_rest_at_their_lines() {
        let dir = std::env::temp_dir().join(format!("kb-mkdocs-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("docs/signalen")).unwrap();
        for page in ["index.md", "signalen/index.md", "signalen/school.md"] {
            std::fs::write(dir.join("docs").join(page), "# x\n").unwrap();
        }
        let imported = read(MKDOCS, "mkdocs.yml".into(), &dir).unwrap();
        std::fs::remove_dir_all(&dir).unwrap();
        assert_eq!(imported.title.as_deref(), Some("Gids voor scholen"));
        assert_eq!(imported.base_url.as_deref(), Some("https://gids.example.nl/"));
        assert_eq!(imported.default_language.as_deref(), Some("nl"));
        assert_eq!(
            imported.menu,
            vec![
                ("Start".to_string(), "@/index.md".to_string()),
                ("Signalen".into(), "@/signalen/index.md".into()),
                ("Forum".into(), "https://forum.example.org".into()),
            ]
        );
        let unmapped: Vec<(&str, usize)> =
            imported.unmapped.iter().map(|n| (n.key.as_str(), n.line)).collect();
        assert_eq!(
            unmapped,
            vec![
                ("theme.name, theme.features", 3),
                ("extra", 8),
                ("markdown_extensions", 11),
                ("nav: Weg", 14)
            ]
        );
        assert!(
            imported.advice[0].contains("content/signalen/school.md  weight = 30"),
            "{:?}",
            imported.advice
        );
    }
}
