//! `kennisbank theme copy NAME`, and `check`'s warning when a site's copy of a theme template
//! falls behind the theme.
//!
//! The theme is built into the binary, so an upgrade changes it silently under a site that
//! overrides one of its templates: a new block, a fixed bug, a new accessibility attribute
//! never reaches that site. A copy made by this command starts with a stamp line naming a
//! short hash of each `{% block %}` of the theme's template as it was; `check` compares them
//! with the theme's template now and names the blocks that changed, were added or went.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};

use crate::load::config::Config;
use kb_core::diagnostics::{Diagnostic, unknown_name_hint};

/// The start of a stamp line; what follows is `NAME whole=HASH block=HASH ...`.
const STAMP: &str = "{# kennisbank theme copy:";

/// The theme's templates (the site's own theme folder, or the built-in default theme).
fn theme_templates(config: &Config) -> Vec<crate::load::theme::ThemeFile> {
    crate::load::theme::theme_templates(config).unwrap_or_default()
}

/// Copies the theme's template `name` into the site's `templates/`, stamped. Never overwrites.
pub fn copy(config: &Config, name: &str) -> Result<PathBuf> {
    let templates = theme_templates(config);
    let Some(file) = templates.iter().find(|t| t.rel == name) else {
        let names: Vec<&str> = templates.iter().map(|t| t.rel.as_str()).collect();
        bail!("the theme has no template `{name}`; {}", unknown_name_hint(name, &names, "templates"));
    };
    let target = config.templates_dir.join(name);
    if target.exists() {
        bail!(
            "{} exists already; move it away first (kennisbank never overwrites a site's template)",
            target.display()
        );
    }
    let text = String::from_utf8_lossy(&file.bytes);
    let stamped = format!("{}\n{text}", stamp(name, &text));
    std::fs::create_dir_all(target.parent().unwrap_or(&config.templates_dir))
        .with_context(|| format!("cannot create {}", config.templates_dir.display()))?;
    std::fs::write(&target, stamped).with_context(|| format!("cannot write {}", target.display()))?;
    Ok(target)
}

/// The stamp line for the theme's template `name` with the text `text`.
fn stamp(name: &str, text: &str) -> String {
    let mut line = format!("{STAMP} {name} whole={}", short_hash(text));
    for (block, body) in blocks(text) {
        line.push_str(&format!(" {block}={}", short_hash(body)));
    }
    line.push_str(" #}");
    line
}

fn short_hash(text: &str) -> String {
    blake3::hash(text.as_bytes()).to_hex()[..10].to_string()
}

/// Each `{% block NAME %}` of a template with its text up to the matching `{% endblock %}`,
/// nested blocks inside their parents too, in the order they open.
fn blocks(text: &str) -> Vec<(&str, &str)> {
    let mut found = Vec::new();
    let mut open: Vec<(&str, usize)> = Vec::new();
    let mut at = 0;
    while let Some(i) = text[at..].find("{%") {
        let start = at + i;
        let Some(len) = text[start..].find("%}") else { break };
        let end = start + len + 2;
        let tag = text[start + 2..end - 2].trim_matches(|c: char| c == '-' || c.is_whitespace());
        let mut words = tag.split_whitespace();
        match words.next() {
            Some("block") => {
                if let Some(name) = words.next() {
                    open.push((name, start));
                }
            }
            Some("endblock") => {
                if let Some((name, from)) = open.pop() {
                    found.push((from, name, &text[from..end]));
                }
            }
            _ => {}
        }
        at = end;
    }
    found.sort_by_key(|(from, _, _)| *from);
    found.into_iter().map(|(_, name, body)| (name, body)).collect()
}

/// The stamp's template name and hashes, read from the first line of `text`.
fn read_stamp(text: &str) -> Option<(&str, Vec<(&str, &str)>)> {
    let line = text.lines().next()?.strip_prefix(STAMP)?.strip_suffix("#}")?;
    let mut words = line.split_whitespace();
    let name = words.next()?;
    let hashes = words.filter_map(|w| w.split_once('=')).collect();
    Some((name, hashes))
}

/// Warnings for the site's templates that override a theme template: a stamped copy whose
/// theme template changed since (naming the blocks), or a copy without a stamp.
pub fn drift(config: &Config) -> Vec<Diagnostic> {
    let theme = theme_templates(config);
    let mut found = Vec::new();
    for entry in walkdir::WalkDir::new(&config.templates_dir).sort_by_file_name().into_iter().flatten() {
        let path = entry.path();
        let Ok(rel) = path.strip_prefix(&config.templates_dir) else { continue };
        let rel = rel.to_string_lossy().replace('\\', "/");
        let Some(original) = theme.iter().find(|t| t.rel == rel) else { continue };
        let Ok(text) = std::fs::read_to_string(path) else { continue };
        let now = String::from_utf8_lossy(&original.bytes);
        found.extend(compare(path, &rel, &text, &now));
    }
    found
}

fn compare(path: &Path, name: &str, copy: &str, theme_now: &str) -> Option<Diagnostic> {
    let Some((_, hashes)) = read_stamp(copy) else {
        return Some(
            Diagnostic::warning(format!(
                "templates/{name} replaces the theme's {name}, with no record of which version it copied"
            ))
            .at_offset(path, copy, 0, 0)
            .with_hint(format!(
                "a newer theme's changes to {name} will not reach this site unnoticed only if the copy is \
                 stamped: move this file away, run `kennisbank theme copy {name}`, and carry your changes \
                 into the new copy"
            )),
        );
    };
    let old = |key: &str| hashes.iter().find(|(k, _)| *k == key).map(|(_, v)| *v);
    if old("whole") == Some(short_hash(theme_now).as_str()) {
        return None;
    }
    let now: Vec<(&str, String)> = blocks(theme_now).into_iter().map(|(n, b)| (n, short_hash(b))).collect();
    let changed: Vec<&str> =
        now.iter().filter(|(n, h)| old(n).is_some_and(|o| o != h)).map(|(n, _)| *n).collect();
    let added: Vec<&str> = now.iter().filter(|(n, _)| old(n).is_none()).map(|(n, _)| *n).collect();
    let removed: Vec<&str> = hashes
        .iter()
        .map(|(k, _)| *k)
        .filter(|k| *k != "whole" && !now.iter().any(|(n, _)| n == k))
        .collect();
    let mut what = Vec::new();
    for (words, list) in [("changed", &changed), ("new", &added), ("gone", &removed)] {
        if !list.is_empty() {
            what.push(format!("{words}: {}", list.join(", ")));
        }
    }
    if what.is_empty() {
        what.push("outside its blocks".into());
    }
    let stamp_len = copy.lines().next().map_or(0, str::len);
    Some(
        Diagnostic::warning(format!(
            "the theme's {name} changed since templates/{name} was copied from it ({})",
            what.join("; ")
        ))
        .at_offset(path, copy, 0, stamp_len)
        .with_hint(format!(
            "see the theme's version with `kennisbank theme copy {name}` in an empty folder (--root), carry \
             its changes into your copy, and replace the first line with its stamp line"
        )),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    const THEME: &str = "{% extends \"base.html\" %}\n{% block title %}T{% endblock title %}\n\
                         {% block content %}<main>{% block inner %}x{% endblock inner %}</main>{% endblock content %}\n";

    #[test]
    fn blocks_are_found_nested_and_in_order() {
        let names: Vec<&str> = blocks(THEME).iter().map(|(n, _)| *n).collect();
        assert_eq!(names, ["title", "content", "inner"]);
    }

    #[test]
    fn a_stamped_copy_names_the_blocks_the_theme_changed_added_and_dropped() {
        let copy = format!("{}\n{THEME}", stamp("page.html", THEME));
        assert!(compare(Path::new("t/page.html"), "page.html", &copy, THEME).is_none());
        let newer = THEME
            .replace("<main>", "<main id=\"inhoud\">")
            .replace("{% block title %}T{% endblock title %}", "{% block head %}{% endblock head %}");
        let d = compare(Path::new("t/page.html"), "page.html", &copy, &newer).expect("a warning");
        assert!(d.message.contains("changed: content"), "{}", d.message);
        assert!(d.message.contains("new: head"), "{}", d.message);
        assert!(d.message.contains("gone: title"), "{}", d.message);
        let unstamped = compare(Path::new("t/page.html"), "page.html", THEME, THEME).expect("a warning");
        assert!(unstamped.message.contains("no record"));
    }
}
