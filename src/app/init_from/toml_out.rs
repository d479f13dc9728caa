//! The new site's `kennisbank.toml`, written as text so it can carry comments that say where
//! each setting came from.

use std::fmt::Write;
use std::path::Path;

use super::Imported;

/// A TOML string literal of `text`.
fn quoted(text: &str) -> String {
    toml::Value::String(text.to_string()).to_string()
}

pub fn config(imported: &Imported, old: &Path) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "# Made by `kennisbank init --from` from {} ({}).\n# What could not be mapped was reported then; see the README on content from other generators.\n",
        old.join(&imported.config_file).display(),
        imported.generator
    );
    let title = imported.title.clone().unwrap_or_else(|| {
        old.canonicalize()
            .ok()
            .and_then(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
            .unwrap_or_else(|| "Kennisbank".into())
    });
    let _ = writeln!(out, "title = {}", quoted(&title));
    if let Some(description) = &imported.description {
        let _ = writeln!(out, "description = {}", quoted(description.trim()));
    }
    if let Some(url) = &imported.base_url {
        let _ = writeln!(out, "base_url = {}", quoted(url.trim_end_matches('/')));
    }
    if let Some(lang) = &imported.default_language {
        let _ = writeln!(out, "default_language = {}", quoted(lang));
    }
    out.push_str(
        "\n# An imported site often links to files it did not bring along (images, pages of a plugin):\n\
         # broken internal links are warnings, so the site builds. Once `kennisbank check` is clean,\n\
         # remove these two lines to make them errors again.\n[links]\ninternal = \"warning\"\n",
    );
    for (code, name) in &imported.languages {
        let _ = writeln!(out, "\n[[languages]]\ncode = {}\nname = {}", quoted(code), quoted(name));
    }
    for name in &imported.taxonomies {
        let _ = writeln!(out, "\n[[taxonomies]]\nname = {}", quoted(name));
    }
    if !imported.menu.is_empty() {
        out.push_str("\n[menus]\nmain = [\n");
        for (title, url) in &imported.menu {
            let _ = writeln!(out, "  {{ title = {}, url = {} }},", quoted(title), quoted(url));
        }
        out.push_str("]\n");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_written_config_is_valid_toml_with_every_setting() {
        let imported = Imported {
            generator: "MkDocs",
            config_file: "mkdocs.yml".into(),
            title: Some("Gids \"nieuw\"".into()),
            base_url: Some("https://gids.example.nl/".into()),
            default_language: Some("en".into()),
            taxonomies: vec!["tags".into()],
            menu: vec![("Start".into(), "@/index.md".into())],
            ..Imported::default()
        };
        let text = config(&imported, Path::new("/oud"));
        let value: toml::Table = toml::from_str(&text).unwrap();
        assert_eq!(value["title"].as_str(), Some("Gids \"nieuw\""));
        assert_eq!(value["base_url"].as_str(), Some("https://gids.example.nl"));
        assert_eq!(value["links"]["internal"].as_str(), Some("warning"));
        assert_eq!(value["taxonomies"][0]["name"].as_str(), Some("tags"));
        assert_eq!(value["menus"]["main"][0]["url"].as_str(), Some("@/index.md"));
        assert!(
            text.starts_with("# Made by `kennisbank init --from` from /oud/mkdocs.yml (MkDocs)."),
            "{text}"
        );
    }
}
