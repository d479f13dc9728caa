//! `docusaurus.config.{ts,js,mjs}` -> [`Imported`], read by [`super::js_object`] without
//! running it: `title`, `tagline`, `url` + `baseUrl`, `i18n`, the docs and blog folders of the
//! classic preset (and of `plugin-content-docs` instances) as content under their route, the
//! static folders, and the navbar's links as the main menu.

use std::path::{Path, PathBuf};

use anyhow::Result;

use super::js_object::config_object;
use super::tree::{Entry, Value};
use super::{Imported, Setting};

pub fn read(source: &str, file: String, _old: &Path) -> Result<Imported> {
    let mut imported = Imported {
        generator: "Docusaurus",
        config_file: file,
        url_scheme: super::routes::UrlScheme::Docusaurus { trailing_slash: None, blogs: vec!["blog".into()] },
        ..Imported::default()
    };
    let config = match config_object(source) {
        Ok(config) => config,
        Err(why) => {
            // The content is still worth importing: the folders Docusaurus uses by default.
            imported.unmapped(
                "(the whole file)",
                0,
                format!("not read: {why}; the default folders are imported"),
            );
            imported.content = vec![("docs".into(), "docs".into()), ("blog".into(), "blog".into())];
            imported.statics.push("static".into());
            return Ok(imported);
        }
    };
    let mut content_set = false;
    let mut statics_set = false;
    for entry in config.entries() {
        let (key, line) = (entry.key.as_str(), entry.line);
        match key {
            "title" | "tagline" => match entry.value.text() {
                Some(text) => {
                    let setting = if key == "title" { Setting::Title } else { Setting::Description };
                    imported.set(setting, text, key, line);
                }
                None => unreadable(&mut imported, entry),
            },
            "url" => match entry.value.text() {
                Some(url) => {
                    let base = config.get("baseUrl").and_then(Value::text).unwrap_or_default();
                    let path = base.trim_matches('/');
                    let joined = if path.is_empty() {
                        url.trim_end_matches('/').to_string()
                    } else {
                        format!("{}/{path}", url.trim_end_matches('/'))
                    };
                    imported.set(Setting::BaseUrl, joined, "url + baseUrl", line);
                }
                None => unreadable(&mut imported, entry),
            },
            "baseUrl" => {}
            "trailingSlash" => {
                if let super::routes::UrlScheme::Docusaurus { trailing_slash, .. } = &mut imported.url_scheme
                {
                    *trailing_slash = match &entry.value {
                        Value::Bool(b) => Some(*b),
                        _ => None,
                    };
                }
                imported.mapped(key, line, "the old URLs are read with it; kennisbank's end in `/`");
            }
            "i18n" => i18n(&mut imported, &entry.value, line),
            "presets" => {
                for preset in entry.value.items() {
                    let name = preset.items().first().and_then(Value::text).unwrap_or_default();
                    if matches!(name.as_str(), "classic" | "@docusaurus/preset-classic") {
                        let options = preset.items().get(1).cloned().unwrap_or(Value::Table(Vec::new()));
                        classic(&mut imported, &options, line);
                        content_set = true;
                    } else {
                        imported.unmapped(
                            &format!("presets: {name}"),
                            line,
                            "only the classic preset is read",
                        );
                    }
                }
            }
            "plugins" => plugins(&mut imported, &entry.value, line),
            "staticDirectories" => {
                imported
                    .statics
                    .extend(entry.value.items().iter().filter_map(Value::text).map(PathBuf::from));
                imported.mapped(key, line, "copied into static/");
                statics_set = true;
            }
            "themeConfig" => theme_config(&mut imported, &entry.value, line),
            _ => {
                let why = match &entry.value {
                    Value::Unreadable(what) => format!("{what} cannot be read"),
                    _ => reason(key).to_string(),
                };
                imported.unmapped(key, line, why);
            }
        }
    }
    if !content_set {
        imported.content.splice(0..0, [("docs".into(), "docs".into()), ("blog".into(), "blog".into())]);
    }
    if !statics_set {
        imported.statics.push("static".into());
    }
    Ok(imported)
}

fn unreadable(imported: &mut Imported, entry: &Entry) {
    let what = match &entry.value {
        Value::Unreadable(what) => what.clone(),
        _ => "not text".into(),
    };
    imported.unmapped(&entry.key, entry.line, format!("{what} cannot be read"));
}

fn i18n(imported: &mut Imported, i18n: &Value, line: usize) {
    if let Some(locale) = i18n.get("defaultLocale").and_then(Value::text) {
        imported.set(Setting::DefaultLanguage, locale, "i18n.defaultLocale", line);
    }
    let locales: Vec<String> =
        i18n.get("locales").map(Value::items).unwrap_or_default().iter().filter_map(Value::text).collect();
    if locales.len() > 1 {
        for code in locales {
            let label = i18n
                .at("localeConfigs")
                .and_then(|c| c.get(&code))
                .and_then(|c| c.get("label"))
                .and_then(Value::text);
            imported.languages.push((code.clone(), label.unwrap_or(code)));
        }
        imported.mapped("i18n.locales", line, "[[languages]] (translations are files like page.en.md; Docusaurus' i18n/ folders are not copied)");
    }
}

/// Where a content plugin's folder goes: `routeBasePath` under `content/` ("" for the root).
fn content_folder(imported: &mut Imported, options: &Value, default: &str) {
    if options == &Value::Bool(false) {
        return;
    }
    let path = options.get("path").and_then(Value::text).unwrap_or_else(|| default.into());
    let route = options.get("routeBasePath").and_then(Value::text).unwrap_or_else(|| default.into());
    imported.content.push((path.into(), route.trim_matches('/').to_string()));
}

fn classic(imported: &mut Imported, options: &Value, line: usize) {
    content_folder(imported, options.get("docs").unwrap_or(&Value::Null), "docs");
    let blog = options.get("blog").unwrap_or(&Value::Null);
    content_folder(imported, blog, "blog");
    if let super::routes::UrlScheme::Docusaurus { blogs, .. } = &mut imported.url_scheme {
        blogs.clear();
        if blog != &Value::Bool(false) {
            let route = blog.get("routeBasePath").and_then(Value::text).unwrap_or_else(|| "blog".into());
            blogs.push(route.trim_matches('/').to_string());
        }
    }
    let read: Vec<String> =
        imported.content.iter().map(|(from, to)| format!("{}/ -> content/{to}", from.display())).collect();
    imported.mapped("presets: classic (docs, blog)", line, format!("content folders: {}", read.join(", ")));
    let other: Vec<&str> =
        options.entries().iter().map(|e| e.key.as_str()).filter(|k| !matches!(*k, "docs" | "blog")).collect();
    if !other.is_empty() {
        imported.unmapped(
            &format!("presets: classic ({})", other.join(", ")),
            line,
            "the default theme does this its own way",
        );
    }
}

fn plugins(imported: &mut Imported, plugins: &Value, line: usize) {
    for plugin in plugins.items() {
        let (name, options) = match plugin {
            Value::Text(name) => (name.clone(), Value::Table(Vec::new())),
            Value::List(pair) => (
                pair.first().and_then(Value::text).unwrap_or_default(),
                pair.get(1).cloned().unwrap_or(Value::Table(Vec::new())),
            ),
            Value::Unreadable(what) => {
                imported.unmapped("plugins", line, format!("{what} cannot be read"));
                continue;
            }
            _ => continue,
        };
        if name == "@docusaurus/plugin-content-docs" || name == "content-docs" {
            let id = options.get("id").and_then(Value::text).unwrap_or_else(|| "docs".into());
            content_folder(imported, &options, &id);
            imported.mapped(&format!("plugins: {name}"), line, "a content folder");
        } else {
            imported.unmapped(&format!("plugins: {name}"), line, "plugins are not run");
        }
    }
}

fn theme_config(imported: &mut Imported, theme: &Value, line: usize) {
    for item in theme.at("navbar.items").map(Value::items).unwrap_or_default() {
        let label = item.get("label").and_then(Value::text);
        let target = item.get("to").or_else(|| item.get("href")).and_then(Value::text);
        match (label, target) {
            (Some(label), Some(url)) => imported.menu.push((label, url)),
            (Some(label), None) => imported.unmapped(
                &format!("themeConfig.navbar: {label}"),
                line,
                "a link without `to` or `href` (a sidebar or version menu)",
            ),
            _ => {}
        }
    }
    if !imported.menu.is_empty() {
        imported.mapped(
            "themeConfig.navbar.items",
            line,
            format!("[menus] main ({} links)", imported.menu.len()),
        );
    }
    let other: Vec<&str> =
        theme.entries().iter().map(|e| e.key.as_str()).filter(|k| *k != "navbar").collect();
    if !other.is_empty() {
        imported.unmapped(
            &format!("themeConfig ({})", other.join(", ")),
            line,
            "the default theme has its own look, footer and search",
        );
    }
}

fn reason(key: &str) -> &'static str {
    match key {
        "favicon" => "the default theme has its own icon; a favicon.ico in static/ replaces it",
        "organizationName" | "projectName" | "deploymentBranch" | "trailingSlash" => {
            "deploying is not kennisbank's part"
        }
        "onBrokenLinks" | "onBrokenMarkdownLinks" | "onBrokenAnchors" => {
            "[links] internal in kennisbank.toml says what a broken link is"
        }
        "themes" => "the default theme (or theme = \"...\" in kennisbank.toml) is used",
        "markdown" => "kennisbank reads MDX, admonitions and tabs without settings; mermaid is not drawn",
        "customFields" => "values for React components, which kennisbank does not run",
        "headTags" | "scripts" | "stylesheets" | "clientModules" => {
            "not loaded: the site loads only its own files (Content-Security-Policy)"
        }
        _ => "kennisbank has no such setting",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn maps_title_url_language_folders_and_navbar() {
        let source = "const config = {\n  title: 'Gids',\n  tagline: 'Voor scholen',\n  url: 'https://gids.example.nl',\n  baseUrl: '/school/',\n  favicon: 'img/x.ico',\n  i18n: { defaultLocale: 'nl', locales: ['nl'] },\n  presets: [['classic', { docs: { path: 'handboek', routeBasePath: '/' }, blog: false, theme: {} }]],\n  plugins: [['@docusaurus/plugin-content-docs', { id: 'community', path: 'community' }], 'docusaurus-plugin-sass'],\n  themeConfig: { navbar: { items: [{ label: 'Blog', to: '/blog' }, { type: 'docSidebar', label: 'Docs' }] }, footer: {} },\n};\nmodule.exports = config;\n";
        let imported = read(source, "docusaurus.config.js".into(), Path::new(".")).unwrap();
        assert_eq!(imported.title.as_deref(), Some("Gids"));
        assert_eq!(imported.description.as_deref(), Some("Voor scholen"));
        assert_eq!(imported.base_url.as_deref(), Some("https://gids.example.nl/school"));
        assert_eq!(imported.default_language.as_deref(), Some("nl"));
        assert!(imported.languages.is_empty());
        assert_eq!(
            imported.content,
            vec![
                (PathBuf::from("handboek"), String::new()),
                (PathBuf::from("community"), "community".into())
            ]
        );
        assert_eq!(imported.statics, vec![PathBuf::from("static")]);
        assert_eq!(imported.menu, vec![("Blog".to_string(), "/blog".to_string())]);
        let unmapped: Vec<(&str, usize)> =
            imported.unmapped.iter().map(|n| (n.key.as_str(), n.line)).collect();
        assert_eq!(
            unmapped,
            vec![
                ("favicon", 6),
                ("presets: classic (theme)", 8),
                ("plugins: docusaurus-plugin-sass", 9),
                ("themeConfig.navbar: Docs", 10),
                ("themeConfig (footer)", 10)
            ]
        );
    }

    #[test]
    fn a_config_made_by_a_function_still_imports_the_default_folders() {
        let imported = read(
            "export default async function () { return {}; }",
            "docusaurus.config.mjs".into(),
            Path::new("."),
        )
        .unwrap();
        assert_eq!(imported.unmapped[0].key, "(the whole file)");
        assert!(imported.unmapped[0].what.contains("made by a function"), "{:?}", imported.unmapped);
        assert_eq!(imported.content.len(), 2);
    }
}
