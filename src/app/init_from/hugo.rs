//! Hugo's `hugo.toml`/`.yaml`/`.json` (or `config.*`) and Zola's `config.toml` -> [`Imported`].
//! Both keep content in `content/` and files in `static/`, with the same `_index.md` sections
//! and `page.en.md` translations kennisbank reads.

use std::path::Path;

use anyhow::{Result, anyhow};

use super::tree::{Value, from_toml, from_yaml};
use super::{Imported, Setting};

/// Reads a Hugo or Zola configuration file by its extension.
pub fn parse(path: &Path, source: &str) -> Result<Value> {
    let parsed = match path.extension().and_then(|e| e.to_str()) {
        Some("yaml" | "yml") => from_yaml(source),
        Some("json") => super::js_object::first_object(source),
        _ => from_toml(source),
    };
    parsed.map_err(|e| anyhow!(e))
}

pub fn read_hugo(config: &Value, file: String, old: &Path) -> Imported {
    let mut imported = Imported { generator: "Hugo", config_file: file, ..Imported::default() };
    let mut permalinks = Vec::new();
    let (mut ugly, mut keep_case) = (false, false);
    // Hugo reads its keys case-insensitively (`baseURL`, `baseurl`).
    let mut content_dir = "content".to_string();
    let mut static_dir = "static".to_string();
    for entry in config.entries() {
        let (key, line) = (entry.key.as_str(), entry.line);
        let text = entry.value.text();
        match (key.to_lowercase().as_str(), text) {
            ("title", Some(t)) => imported.set(Setting::Title, t, key, line),
            ("baseurl", Some(t)) => imported.set(Setting::BaseUrl, t, key, line),
            ("defaultcontentlanguage", Some(t)) => imported.set(Setting::DefaultLanguage, t, key, line),
            ("languagecode", Some(t)) => {
                if config.entries().iter().all(|e| !e.key.eq_ignore_ascii_case("defaultContentLanguage")) {
                    imported.set(Setting::DefaultLanguage, t, key, line);
                } else {
                    imported.mapped(key, line, "(defaultContentLanguage is used)");
                }
            }
            ("contentdir", Some(t)) => {
                content_dir = t;
                imported.mapped(key, line, "its files are copied into content/");
            }
            ("staticdir", Some(t)) => {
                static_dir = t;
                imported.mapped(key, line, "its files are copied into static/");
            }
            ("taxonomies", _) => {
                // `tag = "tags"`: the plural is the name pages use.
                imported.taxonomies.extend(entry.value.entries().iter().filter_map(|e| e.value.text()));
                imported.mapped(key, line, "[[taxonomies]]");
            }
            ("menus" | "menu", _) => {
                hugo_menu(&mut imported, &entry.value, key, line, &old.join(&content_dir))
            }
            ("languages", _) => {
                for language in entry.value.entries() {
                    let name = language
                        .value
                        .get("languageName")
                        .and_then(Value::text)
                        .unwrap_or_else(|| language.key.clone());
                    imported.languages.push((language.key.clone(), name));
                }
                imported.mapped(key, line, "[[languages]] (translations are files like page.en.md)");
            }
            ("permalinks", _) => {
                // `[permalinks] posts = "..."`, or per kind: `[permalinks.page] posts = "..."`.
                let table = entry.value.get("page").unwrap_or(&entry.value);
                permalinks
                    .extend(table.entries().iter().filter_map(|e| Some((e.key.clone(), e.value.text()?))));
                imported.mapped(key, line, "each page keeps its old URL (a slug, or an alias from it)");
            }
            ("uglyurls", _) => {
                ugly = entry.value == Value::Bool(true);
                imported.mapped(key, line, "the old `.html` URLs lead to the new ones (aliases)");
            }
            ("disablepathtolower", _) => {
                keep_case = entry.value == Value::Bool(true);
                imported.mapped(key, line, "the old URLs are read with their case (slugs keep it)");
            }
            ("params", _) => match entry.value.get("description").and_then(Value::text) {
                Some(description) => {
                    imported.set(Setting::Description, description, "params.description", line);
                    imported.unmapped("params (the rest)", line, "values for Hugo templates");
                }
                None => imported.unmapped(key, line, "values for Hugo templates"),
            },
            _ => imported.unmapped(key, line, hugo_reason(&key.to_lowercase())),
        }
    }
    imported.content.push((content_dir.into(), String::new()));
    imported.statics.push(static_dir.into());
    imported.url_scheme = super::routes::UrlScheme::Hugo { permalinks, ugly, keep_case };
    imported
}

/// `[[menus.main]]` entries (`name`, `url` or `pageRef`, `weight`) in weight order; other
/// menus are reported.
fn hugo_menu(imported: &mut Imported, menus: &Value, key: &str, line: usize, content: &Path) {
    for menu in menus.entries() {
        if menu.key != "main" {
            imported.unmapped(
                &format!("{key}.{}", menu.key),
                menu.line.max(line),
                "only the main menu is read",
            );
            continue;
        }
        let mut items: Vec<(f64, String, String)> = Vec::new();
        for item in menu.value.items() {
            let name = item.get("name").and_then(Value::text);
            let weight = match item.get("weight") {
                Some(Value::Number(n)) => *n,
                _ => f64::MAX,
            };
            let url = match (item.get("pageRef").and_then(Value::text), item.get("url").and_then(Value::text))
            {
                (Some(page), _) => page_ref(&page, content),
                (None, Some(url)) => Some(url),
                _ => None,
            };
            match (name, url) {
                (Some(name), Some(url)) => items.push((weight, name, url)),
                (name, _) => imported.unmapped(
                    &format!("{key}.main: {}", name.unwrap_or_default()),
                    menu.line.max(line),
                    "an entry without a name or a page it leads to",
                ),
            }
        }
        items.sort_by(|a, b| a.0.total_cmp(&b.0));
        imported.menu.extend(items.into_iter().map(|(_, name, url)| (name, url)));
        imported.mapped(&format!("{key}.main"), menu.line.max(line), "[menus] main");
    }
}

/// A Hugo `pageRef` (`/docs/start`) as an `@/` content path, when the file is there.
fn page_ref(page: &str, content: &Path) -> Option<String> {
    let page = page.trim_matches('/');
    if page.is_empty() {
        return Some("/".into());
    }
    [format!("{page}.md"), format!("{page}/_index.md"), format!("{page}/index.md"), page.to_string()]
        .into_iter()
        .find(|candidate| content.join(candidate).is_file())
        .map(|found| format!("@/{found}"))
}

fn hugo_reason(key: &str) -> &'static str {
    match key {
        "theme" | "themesdir" | "layoutdir" => {
            "the default theme (or theme = \"...\" in kennisbank.toml) is used"
        }
        "markup" => "kennisbank reads markdown with its own settings ([markdown] in kennisbank.toml)",
        "outputs" | "outputformats" | "mediatypes" => {
            "kennisbank writes HTML, feeds, a sitemap and a search index"
        }
        "googleanalytics" | "services" | "privacy" => "the site loads nothing from other hosts",
        "module" => "Hugo modules are not read",
        _ => "kennisbank has no such setting",
    }
}

pub fn read_zola(config: &Value, file: String) -> Imported {
    let mut imported = Imported {
        generator: "Zola",
        config_file: file,
        url_scheme: super::routes::UrlScheme::Zola,
        ..Imported::default()
    };
    for entry in config.entries() {
        let (key, line) = (entry.key.as_str(), entry.line);
        match (key, entry.value.text()) {
            ("title", Some(t)) => imported.set(Setting::Title, t, key, line),
            ("description", Some(t)) => imported.set(Setting::Description, t, key, line),
            ("base_url", Some(t)) => imported.set(Setting::BaseUrl, t, key, line),
            ("default_language", Some(t)) => imported.set(Setting::DefaultLanguage, t, key, line),
            ("taxonomies", _) => {
                imported
                    .taxonomies
                    .extend(entry.value.items().iter().filter_map(|t| t.get("name")).filter_map(Value::text));
                imported.mapped(
                    key,
                    line,
                    "[[taxonomies]] (names; feeds and pagination per taxonomy are not)",
                );
            }
            ("languages", _) => {
                for language in entry.value.entries() {
                    imported.languages.push((language.key.clone(), language.key.clone()));
                }
                imported.mapped(key, line, "[[languages]] (add each language's name in kennisbank.toml)");
            }
            _ => imported.unmapped(key, line, zola_reason(key)),
        }
    }
    imported.content.push(("content".into(), String::new()));
    imported.statics.push("static".into());
    imported
}

fn zola_reason(key: &str) -> &'static str {
    match key {
        "theme" => {
            "the default theme (or theme = \"...\" in kennisbank.toml) is used; of Zola's templates/ only the shortcodes are copied"
        }
        "build_search_index" | "search" => {
            "kennisbank always builds its own search ([search] in kennisbank.toml)"
        }
        "generate_feeds" | "generate_feed" | "feed_filenames" | "feed_filename" => {
            "kennisbank writes an Atom feed per section ([feed] in kennisbank.toml)"
        }
        "compile_sass" => "Sass is not compiled; the default theme has its own CSS",
        "markdown" => "kennisbank reads markdown with its own settings ([markdown] in kennisbank.toml)",
        "extra" => "values for Zola templates; kennisbank's templates read [extra] in kennisbank.toml",
        "link_checker" => "kennisbank checks internal links on every build; external links are not fetched",
        _ => "kennisbank has no such setting",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hugo_toml_maps_title_url_language_taxonomies_and_menu() {
        let source = "baseURL = 'https://hugo.example.nl/'\nlanguageCode = 'nl-NL'\ntitle = 'Hugo-gids'\ntheme = 'ananke'\n\n[taxonomies]\ntag = 'tags'\n\n[params]\ndescription = 'Over Hugo'\n\n[[menus.main]]\nname = 'Later'\nurl = '/later/'\nweight = 20\n\n[[menus.main]]\nname = 'Eerst'\nurl = '/eerst/'\nweight = 10\n";
        let value = parse(Path::new("hugo.toml"), source).unwrap();
        let imported = read_hugo(&value, "hugo.toml".into(), Path::new("."));
        assert_eq!(imported.title.as_deref(), Some("Hugo-gids"));
        assert_eq!(imported.base_url.as_deref(), Some("https://hugo.example.nl/"));
        assert_eq!(imported.default_language.as_deref(), Some("nl-NL"));
        assert_eq!(imported.description.as_deref(), Some("Over Hugo"));
        assert_eq!(imported.taxonomies, vec!["tags".to_string()]);
        assert_eq!(
            imported.menu,
            vec![("Eerst".into(), "/eerst/".into()), ("Later".into(), "/later/".into())]
        );
        let theme = imported.unmapped.iter().find(|n| n.key == "theme").map(|n| n.line);
        assert_eq!(theme, Some(4), "{:?}", imported.unmapped);
    }

    #[test]
    fn hugo_yaml_and_json_read_the_same() {
        let yaml = parse(Path::new("hugo.yaml"), "title: Y\nbaseURL: https://y.nl/\n").unwrap();
        assert_eq!(
            read_hugo(&yaml, "hugo.yaml".into(), Path::new(".")).base_url.as_deref(),
            Some("https://y.nl/")
        );
        let json =
            parse(Path::new("hugo.json"), "{\"title\": \"J\", \"baseURL\": \"https://j.nl/\"}").unwrap();
        assert_eq!(read_hugo(&json, "hugo.json".into(), Path::new(".")).title.as_deref(), Some("J"));
    }

    #[test]
    fn zola_maps_its_keys_and_taxonomies() {
        let source = "base_url = \"https://zola.example.nl\"\ntitle = \"Zola-gids\"\ndefault_language = \"nl\"\ncompile_sass = true\ntaxonomies = [\n  { name = \"themas\", feed = true },\n]\n\n[markdown]\nhighlight_code = true\n";
        let value = parse(Path::new("config.toml"), source).unwrap();
        let imported = read_zola(&value, "config.toml".into());
        assert_eq!(imported.title.as_deref(), Some("Zola-gids"));
        assert_eq!(imported.taxonomies, vec!["themas".to_string()]);
        let unmapped: Vec<(&str, usize)> =
            imported.unmapped.iter().map(|n| (n.key.as_str(), n.line)).collect();
        assert_eq!(unmapped, vec![("compile_sass", 4), ("markdown", 9)]);
    }
}
