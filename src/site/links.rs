//! Internal link resolution: `@/path.md#anchor`, relative `../other.md` and relative files.
//!
//! Every broken link of the whole site is reported at once, at the file:line:col where it is
//! written; `[links] internal` in the config sets whether that is an error or a warning.

use std::collections::{HashMap, HashSet};

use rayon::prelude::*;

use super::{Document, Library, NodeId};
use crate::config::{Config, LinkSeverity};
use crate::diagnostics::{Diagnostic, did_you_mean};

/// A document's links: destination -> href, destination -> language (links that leave the
/// document's language), and the pages linked to (for backlinks).
type Resolved = (NodeId, HashMap<String, String>, HashMap<String, String>, HashSet<NodeId>);

pub fn resolve(config: &Config, lib: &Library) -> (Vec<Resolved>, Vec<Diagnostic>) {
    let base = config.base_path();
    let files: HashMap<&str, &str> = lib.files.iter().map(|f| (f.rel.as_str(), f.path.as_str())).collect();
    let nodes: Vec<NodeId> = (0..lib.sections.len())
        .map(NodeId::Section)
        .chain((0..lib.pages.len()).map(NodeId::Page))
        .chain((0..lib.translations.len()).map(NodeId::Translation))
        .collect();
    let results: Vec<(Resolved, Vec<Diagnostic>)> = nodes
        .into_par_iter()
        .filter(|n| lib.doc(*n).file.is_some())
        .map(|node| resolve_one(config, lib, node, base, &files))
        .collect();
    let mut resolved = Vec::with_capacity(results.len());
    let mut diagnostics = Vec::new();
    for (r, d) in results {
        resolved.push(r);
        diagnostics.extend(d);
    }
    (resolved, diagnostics)
}

fn resolve_one(
    config: &Config,
    lib: &Library,
    node: NodeId,
    base: &str,
    files: &HashMap<&str, &str>,
) -> (Resolved, Vec<Diagnostic>) {
    let doc = lib.doc(node);
    let file = doc.file.as_ref().expect("filtered on file");
    // A translation in a language folder (`en/hulp/page.md`) links as its original would.
    let source_dir = lib.doc(lib.original(node)).rel().rsplit_once('/').map_or("", |(d, _)| d);
    let default = config.site.default_language.as_str();
    let lang = lib.lang(node, default);
    let mut link_langs = HashMap::new();
    let mut map = HashMap::new();
    let mut targets = HashSet::new();
    let mut diagnostics = Vec::new();
    let severity_error = config.site.links.internal == LinkSeverity::Error;
    let mut broken: Vec<Diagnostic> = Vec::new();
    let mut report = |offset: usize, len: usize, message: String, hint: String| {
        let d = if severity_error { Diagnostic::error(message) } else { Diagnostic::warning(message) };
        broken.push(d.at_offset(&file.path, &file.source, file.body_offset + offset, len).with_hint(hint));
    };
    for link in &doc.outline.links {
        let dest = link.dest.as_str();
        if is_absolute_or_external(dest) {
            continue;
        }
        let (path_part, anchor) = match dest.split_once('#') {
            Some((p, a)) => (p, Some(a)),
            None => (dest, None),
        };
        if path_part.is_empty() {
            if let Some(anchor) = anchor
                && !doc.outline.has_anchor(anchor)
            {
                report(
                    link.offset,
                    link.len,
                    format!("this page has no heading with the id `#{anchor}`"),
                    anchor_hint(doc, anchor),
                );
            }
            continue;
        }
        let target_rel = match path_part.strip_prefix("@/") {
            Some(rel) => Some(rel.to_string()),
            None if path_part.ends_with(".md") => match normalize(source_dir, path_part) {
                Some(rel) => Some(rel),
                None => {
                    report(
                        link.offset,
                        link.len,
                        format!("link to a page outside the content folder: `{path_part}`"),
                        "a relative link starts from this file's folder; or write `@/` followed by the path \
                         from the content folder"
                            .into(),
                    );
                    continue;
                }
            },
            None => None,
        };
        if let Some(rel) = target_rel {
            let found = lib.by_rel.get(&rel).copied().or_else(|| {
                let dir = rel.trim_end_matches('/');
                lib.by_rel
                    .get(&format!("{dir}/_index.md"))
                    .or_else(|| lib.by_rel.get(&format!("{dir}/index.md")))
                    .copied()
            });
            let Some(mut target) = found else {
                if lib.unreadable.contains(&rel) {
                    // That file's own error is reported; a link to it is no second problem.
                    continue;
                }
                report(
                    link.offset,
                    link.len,
                    format!("link to a page that does not exist: `{rel}`"),
                    missing_page_hint(lib, &rel),
                );
                continue;
            };
            // In a translation, `@/page.md` means that page in the reader's language where it
            // exists; elsewhere the link says which language it leads to.
            if !matches!(target, NodeId::Translation(_)) && lang != default {
                match lib.in_language(target, lang, default) {
                    Some(translated) => target = translated,
                    None => {
                        link_langs.insert(dest.to_string(), default.to_string());
                    }
                }
            } else if lib.lang(target, default) != lang {
                link_langs.insert(dest.to_string(), lib.lang(target, default).to_string());
            }
            // An anchor written for the original (`#dutch-heading`) that the translation lacks:
            // the link goes to the original, and says so.
            if let (Some(anchor), NodeId::Translation(_)) = (anchor, target) {
                let original = lib.original(target);
                if !lib.doc(target).outline.has_anchor(anchor) && lib.doc(original).outline.has_anchor(anchor)
                {
                    target = original;
                    link_langs.insert(dest.to_string(), default.to_string());
                }
            }
            let target_doc = lib.doc(target);
            let mut href = format!("{base}{}", target_doc.path);
            if let Some(anchor) = anchor {
                if !target_doc.outline.has_anchor(anchor) {
                    report(
                        link.offset,
                        link.len,
                        format!("`{rel}` has no heading with the id `#{anchor}`"),
                        anchor_hint(target_doc, anchor),
                    );
                }
                href.push('#');
                href.push_str(anchor);
            }
            targets.insert(target);
            map.insert(dest.to_string(), href);
        } else if let Some(rel) = normalize(source_dir, path_part) {
            match files.get(rel.as_str()) {
                Some(out) => {
                    let mut href = format!("{base}/{out}");
                    if let Some(anchor) = anchor {
                        href.push('#');
                        href.push_str(anchor);
                    }
                    map.insert(dest.to_string(), href);
                }
                None if config.static_dir.join(&rel).is_file() => {}
                None => {
                    let what = if link.is_image { "image" } else { "file" };
                    diagnostics.push(
                        Diagnostic::warning(format!("the linked {what} `{path_part}` does not exist"))
                            .at_offset(&file.path, &file.source, file.body_offset + link.offset, link.len)
                            .with_hint(format!("put the file at `content/{rel}`, or fix the path (it is relative to this file)")),
                    );
                }
            }
        }
    }
    diagnostics.extend(broken);
    ((node, map, link_langs, targets), diagnostics)
}

fn is_absolute_or_external(dest: &str) -> bool {
    dest.starts_with('/')
        || dest.contains("://")
        || ["mailto:", "tel:", "data:", "javascript:"].iter().any(|p| dest.starts_with(p))
}

/// Joins a relative path to the folder it is written in; `None` when it climbs above `content/`.
fn normalize(dir: &str, relative: &str) -> Option<String> {
    let mut parts: Vec<&str> = if dir.is_empty() { Vec::new() } else { dir.split('/').collect() };
    for segment in relative.split('/') {
        match segment {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            s => parts.push(s),
        }
    }
    Some(parts.join("/"))
}

fn anchor_hint(doc: &Document, anchor: &str) -> String {
    let ids: Vec<&str> = doc.outline.headings.iter().map(|h| h.id.as_str()).collect();
    match did_you_mean(anchor, &ids) {
        Some(id) => format!("did you mean `#{id}`?"),
        None if ids.is_empty() => "that page has no headings to link to".into(),
        None => {
            format!("headings there: {}", ids.iter().map(|i| format!("#{i}")).collect::<Vec<_>>().join(", "))
        }
    }
}

fn missing_page_hint(lib: &Library, rel: &str) -> String {
    let mut known: Vec<&str> = lib.by_rel.keys().map(String::as_str).collect();
    known.sort_unstable();
    let nearest = known
        .iter()
        .map(|k| (strsim::levenshtein(k, rel), *k))
        .min()
        .filter(|(d, _)| *d <= rel.len() / 3 + 2);
    match nearest {
        Some((_, k)) => format!("did you mean `@/{k}`? Paths are relative to the content folder"),
        None => "write `@/` followed by the path from the content folder, like `@/meldcode/_index.md`".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::normalize;

    #[test]
    fn relative_paths_normalize() {
        assert_eq!(normalize("a/b", "../c.md").as_deref(), Some("a/c.md"));
        assert_eq!(normalize("", "./c.md").as_deref(), Some("c.md"));
        assert_eq!(normalize("", "../c.md"), None);
    }
}
