//! Moving or renaming a page in the editor: the file moves, every `@/` link to it in the site
//! is rewritten to the new path, and the old URL becomes an alias of the page, so that
//! nothing that pointed at it breaks.

use std::path::Path;

use serde_json::{Map, Value};
use walkdir::WalkDir;

use super::{fields, store};

/// What a move did: the files whose links were rewritten (content paths).
pub struct Moved {
    pub relinked: Vec<String>,
}

/// Moves content file `from` to `to` (both as `@/` links name them); `old_url` is the page's
/// URL path before, kept as an alias. `Err` is a reason in Dutch.
pub fn move_page(root: &Path, from: &str, to: &str, old_url: Option<&str>) -> Result<Moved, String> {
    let content = root.join("content");
    let name = |rel: &str| rel.rsplit('/').next().unwrap_or(rel).to_string();
    if name(from) == "_index.md" || name(from) == "index.md" {
        return Err("Een sectie of een pagina met een eigen map verplaats je door de map te verplaatsen; dat kan hier (nog) niet.".into());
    }
    if !to.ends_with(".md") || name(to) == "_index.md" || name(to) == "index.md" {
        return Err("Het nieuwe pad eindigt op .md, bijvoorbeeld signalen/nieuwe-naam.md.".into());
    }
    let source = store::confine(&content, from).map_err(str::to_string)?;
    let target = store::confine(&content, to).map_err(str::to_string)?;
    if target.exists() {
        return Err("Op die plek staat al een pagina. Kies een andere naam.".into());
    }
    let text =
        std::fs::read_to_string(&source).map_err(|_| "Deze pagina bestaat niet (meer).".to_string())?;
    let text = match old_url {
        Some(url) => with_alias(&text, url)?,
        None => text,
    };
    // The new file first, then the old one goes: a failure in between leaves both, never none.
    store::write_atomically(&target, text.as_bytes()).map_err(|e| format!("Verplaatsen lukte niet: {e}"))?;
    std::fs::remove_file(&source).map_err(|e| format!("Het oude bestand kon niet weg: {e}"))?;
    let mut relinked = Vec::new();
    for entry in WalkDir::new(&content).into_iter().filter_map(Result::ok) {
        let path = entry.path();
        if !entry.file_type().is_file() || path.extension().is_none_or(|e| e != "md" && e != "mdx") {
            continue;
        }
        let Ok(text) = std::fs::read_to_string(path) else { continue };
        if let Some(changed) = relink(&text, from, to) {
            store::write_atomically(path, changed.as_bytes())
                .map_err(|e| format!("Een link bijwerken lukte niet: {e}"))?;
            let rel = path.strip_prefix(&content).unwrap_or(path).to_string_lossy().replace('\\', "/");
            relinked.push(rel);
        }
    }
    relinked.sort();
    Ok(Moved { relinked })
}

/// `text` with every `@/from` link (with or without an anchor) pointing at `@/to`; `None` when
/// it has none. A longer path that starts the same (`@/a/een.md.bak`, `@/a/een.mdx`) is no link to it.
fn relink(text: &str, from: &str, to: &str) -> Option<String> {
    let needle = format!("@/{from}");
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    let mut changed = false;
    while let Some(i) = rest.find(&needle) {
        let after = &rest[i + needle.len()..];
        let ends =
            after.chars().next().is_none_or(|c| !(c.is_alphanumeric() || matches!(c, '.' | '-' | '_' | '/')));
        out.push_str(&rest[..i]);
        if ends {
            out.push_str("@/");
            out.push_str(to);
            changed = true;
        } else {
            out.push_str(&needle);
        }
        rest = after;
    }
    out.push_str(rest);
    changed.then_some(out)
}

/// `text` with `url` added to its front matter's `aliases`.
fn with_alias(text: &str, url: &str) -> Result<String, String> {
    use crate::load::content::front_matter::{self, Format};
    let file = Path::new("pagina.md");
    let split = front_matter::split(file, text).map_err(|d| d.message)?;
    let map = front_matter::parse_map(file, text, &split).map_err(|d| d.message)?;
    let mut aliases: Vec<Value> = match map.get("aliases") {
        Some(Value::Array(items)) => items.clone(),
        Some(Value::String(s)) => vec![Value::String(s.clone())],
        _ => Vec::new(),
    };
    if aliases.iter().any(|a| a.as_str() == Some(url)) {
        return Ok(text.to_string());
    }
    aliases.push(Value::String(url.to_string()));
    if split.format == Format::Yaml {
        if map.contains_key("aliases") {
            return Err("Deze pagina heeft al oude adressen in YAML. Zet het oude adres er zelf bij en verplaats dan.".into());
        }
        let at = split.front_offset;
        let line = format!("aliases: [{}]\n", serde_json::to_string(url).unwrap_or_default());
        return Ok(format!("{}{line}{}", &text[..at], &text[at..]));
    }
    let mut values = Map::new();
    values.insert("aliases".into(), Value::Array(aliases));
    fields::apply(text, &values)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_to_the_page_and_only_to_it_are_rewritten() {
        let text = "Zie [een](@/a/een.md), [kop](@/a/een.md#kop), [ander](@/a/een.md.bak) en [twee](@/a/eentje.md).\n";
        let out = relink(text, "a/een.md", "b/eerste.md").unwrap();
        assert_eq!(
            out,
            "Zie [een](@/b/eerste.md), [kop](@/b/eerste.md#kop), [ander](@/a/een.md.bak) en [twee](@/a/eentje.md).\n"
        );
        assert!(relink("Geen link.", "a/een.md", "b.md").is_none());
    }

    #[test]
    fn the_old_url_becomes_an_alias_in_toml_and_yaml() {
        let toml = with_alias("+++\ntitle = \"Een\"\n+++\n\nTekst.\n", "/a/een/").unwrap();
        assert_eq!(toml, "+++\ntitle = \"Een\"\naliases = [\"/a/een/\"]\n+++\n\nTekst.\n");
        let yaml = with_alias("---\ntitle: Een\n---\n\nTekst.\n", "/a/een/").unwrap();
        assert_eq!(yaml, "---\naliases: [\"/a/een/\"]\ntitle: Een\n---\n\nTekst.\n");
    }
}
