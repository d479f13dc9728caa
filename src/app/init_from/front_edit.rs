//! Writes the `slug` and `aliases` that keep a page's old URL into the front matter of its
//! copy in the new site: the one change `init --from` makes to a markdown file. The rest of
//! the file is kept byte for byte; a key written before (`slug: /x` of Docusaurus) is replaced,
//! aliases the page had are kept. YAML (`---`) and TOML (`+++`) front matter are both written;
//! a file without front matter gets a YAML one.

use std::path::Path;

use crate::load::content::front_matter::{Format, parse_map, split};

/// What to set in a page's front matter.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FrontEdit {
    pub slug: Option<String>,
    /// Old URLs that lead here, added to the page's own `aliases`.
    pub aliases: Vec<String>,
}

/// `source` with `edit` applied; `None` when its front matter cannot be read (the build
/// reports that at its line, and the page keeps its text).
pub fn apply(source: &str, edit: &FrontEdit) -> Option<String> {
    let file = Path::new("page.md");
    let parts = split(file, source).ok()?;
    let map = parse_map(file, source, &parts).ok()?;
    let mut aliases: Vec<String> = match map.get("aliases") {
        Some(serde_json::Value::Array(items)) => {
            items.iter().filter_map(|v| v.as_str().map(str::to_string)).collect()
        }
        Some(serde_json::Value::String(one)) => vec![one.clone()],
        _ => Vec::new(),
    };
    for alias in &edit.aliases {
        if !aliases.contains(alias) {
            aliases.push(alias.clone());
        }
    }
    let mut replaced = Vec::new();
    if edit.slug.is_some() {
        replaced.push("slug");
    }
    if !edit.aliases.is_empty() {
        replaced.push("aliases");
    }
    let quoted = |s: &str| serde_json::to_string(s).unwrap_or_else(|_| "\"\"".into());
    let list = || format!("[{}]", aliases.iter().map(|a| quoted(a)).collect::<Vec<_>>().join(", "));
    let (sep, format) = match parts.format {
        Format::Toml => (" = ", Format::Toml),
        _ => (": ", Format::Yaml),
    };
    let mut lines = String::new();
    if let Some(slug) = &edit.slug {
        lines.push_str(&format!("slug{sep}{}\n", quoted(slug)));
    }
    if !edit.aliases.is_empty() {
        lines.push_str(&format!("aliases{sep}{}\n", list()));
    }
    if lines.is_empty() {
        return Some(source.to_string());
    }
    let front = &source[parts.front_offset..parts.front_offset + parts.front.len()];
    let kept = without_keys(front, &replaced, format);
    let mut out = String::with_capacity(source.len() + lines.len() + 8);
    match parts.format {
        Format::None => {
            out.push_str(&source[..parts.body_offset]);
            out.push_str("---\n");
            out.push_str(&lines);
            out.push_str("---\n");
            out.push_str(&source[parts.body_offset..]);
        }
        Format::Toml => {
            // Top-level keys go before the first table.
            out.push_str(&source[..parts.front_offset]);
            out.push_str(&lines);
            out.push_str(&kept);
            out.push_str(&source[parts.front_offset + parts.front.len()..]);
        }
        Format::Yaml => {
            out.push_str(&source[..parts.front_offset]);
            out.push_str(&kept);
            if !kept.is_empty() && !kept.ends_with('\n') {
                out.push('\n');
            }
            out.push_str(&lines);
            out.push_str(&source[parts.front_offset + parts.front.len()..]);
        }
    }
    Some(out)
}

/// The front matter without the top-level `keys` (and the lines that continue them: an
/// indented or `- ` list in YAML, a multi-line array in TOML).
fn without_keys(front: &str, keys: &[&str], format: Format) -> String {
    let mut out = String::with_capacity(front.len());
    let mut skipping = false;
    let mut in_table = false;
    let mut open_brackets: i64 = 0;
    for line in front.split_inclusive('\n') {
        let trimmed = line.trim_start();
        if skipping {
            let continues = match format {
                Format::Toml => open_brackets > 0,
                _ => line.starts_with([' ', '\t', '-']) || trimmed.is_empty(),
            };
            if continues {
                open_brackets += brackets(line);
                continue;
            }
            skipping = false;
        }
        if format == Format::Toml && trimmed.starts_with('[') {
            in_table = true;
        }
        let top_level = !line.starts_with([' ', '\t']) && !in_table;
        let key = trimmed.split([':', '=', ' ']).next().unwrap_or_default().trim_matches(['"', '\'']);
        let is_key = match format {
            Format::Toml => trimmed.trim_start_matches(|c: char| c != '=' && c != '[').starts_with('='),
            _ => trimmed.contains(':'),
        };
        if top_level && is_key && keys.contains(&key) {
            skipping = true;
            open_brackets = if format == Format::Toml { brackets(line) } else { 0 };
            continue;
        }
        out.push_str(line);
    }
    out
}

/// `[` minus `]` outside strings on a TOML line: more than 0 while an array is open.
fn brackets(line: &str) -> i64 {
    let mut depth = 0;
    let mut quote: Option<char> = None;
    let mut escaped = false;
    for c in line.chars() {
        match (quote, c) {
            (Some('"'), '\\') if !escaped => {
                escaped = true;
                continue;
            }
            (Some(q), c) if c == q && !escaped => quote = None,
            (None, '"' | '\'') => quote = Some(c),
            (None, '#') => break,
            (None, '[') => depth += 1,
            (None, ']') => depth -= 1,
            _ => {}
        }
        escaped = false;
    }
    depth
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn slug(s: &str) -> FrontEdit {
        FrontEdit { slug: Some(s.into()), aliases: vec![] }
    }

    #[test]
    fn yaml_slug_replaces_the_old_one_and_keeps_the_rest() {
        let source = "---\ntitle: Intro\nslug: /elders\nid: x\n---\n# Intro\n";
        let out = apply(source, &slug("intro")).unwrap();
        assert_eq!(out, "---\ntitle: Intro\nid: x\nslug: \"intro\"\n---\n# Intro\n");
    }

    #[test]
    fn aliases_are_added_to_the_pages_own() {
        let source = "---\ntitle: A\naliases:\n- /oud/\n- /ouder/\nweight: 2\n---\nTekst\n";
        let edit = FrontEdit { slug: None, aliases: vec!["/Oud/".into(), "/oud/".into()] };
        let out = apply(source, &edit).unwrap();
        assert_eq!(
            out,
            "---\ntitle: A\nweight: 2\naliases: [\"/oud/\", \"/ouder/\", \"/Oud/\"]\n---\nTekst\n"
        );
    }

    #[test]
    fn toml_keys_go_before_the_first_table() {
        let source =
            "+++\ntitle = \"A\"\naliases = [\n  \"/x/\",\n]\n[extra]\nslug = \"blijft\"\n+++\nTekst\n";
        let edit = FrontEdit { slug: Some("b".into()), aliases: vec!["/y/".into()] };
        let out = apply(source, &edit).unwrap();
        assert_eq!(
            out,
            "+++\nslug = \"b\"\naliases = [\"/x/\", \"/y/\"]\ntitle = \"A\"\n[extra]\nslug = \"blijft\"\n+++\nTekst\n"
        );
    }

    #[test]
    fn a_page_without_front_matter_gets_one() {
        let out = apply("# Kop\n", &slug("Kop")).unwrap();
        assert_eq!(out, "---\nslug: \"Kop\"\n---\n# Kop\n");
    }

    #[test]
    fn the_written_front_matter_reads_back() {
        for source in ["---\ntitle: 'a: b'\n---\nx", "+++\ntitle = \"a\"\n+++\nx", "x"] {
            let edit = FrontEdit { slug: Some("a\"b\\c".into()), aliases: vec!["/é/\u{1}/".into()] };
            let out = apply(source, &edit).unwrap();
            let parts = split(Path::new("p.md"), &out).unwrap();
            let map = parse_map(Path::new("p.md"), &out, &parts).unwrap();
            assert_eq!(map["slug"], "a\"b\\c", "{out}");
            assert_eq!(map["aliases"][0], "/é/\u{1}/", "{out}");
        }
    }

    proptest! {
        /// Whatever the front matter, the edit never panics, and when it is written it reads
        /// back with the slug set.
        #[test]
        fn any_front_matter_edits_or_is_left(
            fence in prop::sample::select(vec!["---", "+++", ""]),
            body in "[a-z:=\\[\\]\"' \\-\n#]{0,80}",
            value in "[a-zA-Z/\"\\\\ é]{0,10}",
        ) {
            let source = if fence.is_empty() { body } else { format!("{fence}\n{body}\n{fence}\ntekst\n") };
            let edit = FrontEdit { slug: Some(value.clone()), aliases: vec![value.clone()] };
            if let Some(out) = apply(&source, &edit) {
                let parts = split(Path::new("p.md"), &out);
                if let Ok(parts) = parts
                    && let Ok(map) = parse_map(Path::new("p.md"), &out, &parts)
                {
                    prop_assert_eq!(map.get("slug").and_then(|s| s.as_str()), Some(value.as_str()), "{}", out);
                }
            }
        }
    }

    #[test]
    fn long_front_matter_costs_linear_time() {
        kb_core::scaling::assert_linear(
            "N lines of front matter",
            2000,
            |n| {
                let keys: String = (0..n).map(|i| format!("k{i}:\n  - [1, 2]\n")).collect();
                format!("---\nslug: a\naliases:\n  - /x/\n{keys}---\nx\n")
            },
            |s| {
                let _ = apply(s, &slug("x"));
            },
        );
    }
}
