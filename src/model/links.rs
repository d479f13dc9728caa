//! Internal link resolution: `@/path.md#anchor`, relative `../other.md` and relative files.
//!
//! Every broken link of the whole site is reported at once, at the file:line:col where it is
//! written; `[links] internal` in the config sets whether that is an error or a warning.

use std::collections::{HashMap, HashSet};

use rayon::prelude::*;

use super::resolve::{LinkProblem, anchor_hint, is_absolute_or_external, normalize};
use super::{Document, Library, NodeId};
use crate::load::config::{Config, LinkSeverity};
use kb_core::diagnostics::Diagnostic;

/// A document's links: destination -> href, destination -> language (links that leave the
/// document's language), and the pages linked to (for backlinks).
pub type Resolved = (NodeId, HashMap<String, String>, HashMap<String, String>, HashSet<NodeId>);

pub fn resolve(config: &Config, lib: &Library) -> (Vec<Resolved>, Vec<Diagnostic>) {
    let base = config.base_path();
    let files: HashMap<&str, &str> = lib.files.iter().map(|f| (f.rel.as_str(), f.path.as_str())).collect();
    let nodes: Vec<NodeId> = lib.node_ids().collect();
    let results: Vec<(Resolved, Vec<Diagnostic>)> = nodes
        .into_par_iter()
        .filter(|n| lib.doc(*n).file.is_some())
        .map(|node| resolve_one(config, lib, node, lib.doc(node), base, &files))
        .collect();
    let mut resolved = Vec::with_capacity(results.len());
    let mut diagnostics = Vec::new();
    for (r, d) in results {
        resolved.push(r);
        diagnostics.extend(d);
    }
    (resolved, diagnostics)
}

/// The links of `node` of `lib` as they are written in `doc` (its document, or the document
/// it is about to have: `serve`'s patch of a body edit), with their problems.
pub fn resolve_document(
    config: &Config,
    lib: &Library,
    node: NodeId,
    doc: &Document,
) -> (Resolved, Vec<Diagnostic>) {
    if doc.file.is_none() {
        return ((node, HashMap::new(), HashMap::new(), HashSet::new()), Vec::new());
    }
    let files: HashMap<&str, &str> = lib.files.iter().map(|f| (f.rel.as_str(), f.path.as_str())).collect();
    resolve_one(config, lib, node, doc, config.base_path(), &files)
}

fn resolve_one(
    config: &Config,
    lib: &Library,
    node: NodeId,
    doc: &Document,
    base: &str,
    files: &HashMap<&str, &str>,
) -> (Resolved, Vec<Diagnostic>) {
    let file = doc.file.as_ref().expect("filtered on file");
    // A translation in a language folder (`en/hulp/page.md`) links as its original would.
    let source_dir = lib.link_dir(node);
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
    let table = &lib.link_table;
    for link in &doc.outline.links {
        let dest = link.dest.as_str();
        if let Some(anchor) = dest.strip_prefix('#') {
            if !doc.outline.has_anchor(anchor) {
                let anchors: Vec<String> = doc.outline.headings.iter().map(|h| h.id.clone()).collect();
                report(
                    link.offset,
                    link.len,
                    format!("this page has no heading with the id `#{anchor}`"),
                    anchor_hint(&anchors, anchor),
                );
            }
            continue;
        }
        // The anchor is checked below, on the page the link leads to in the reader's language.
        let found = match table.resolve(source_dir, dest) {
            Some(Ok(found)) | Some(Err(LinkProblem::NoAnchor { found, .. })) => found,
            Some(Err(LinkProblem::Unreadable)) => continue,
            Some(Err(problem)) => {
                let (message, mut hint) = problem.explain(dest);
                if !severity_error {
                    // An empty href: the page shows the link's text without a link, never an
                    // address that leads nowhere (`@/...`).
                    map.insert(dest.to_string(), String::new());
                    hint.push_str("; until then the page shows the link's text without a link");
                }
                report(link.offset, link.len, message, hint);
                continue;
            }
            None => {
                if let Some(d) = file_link(config, files, source_dir, link, &mut map, base) {
                    diagnostics.push(d.at_offset(
                        &file.path,
                        &file.source,
                        file.body_offset + link.offset,
                        link.len,
                    ));
                }
                continue;
            }
        };
        let mut target = found.node;
        let anchor = found.anchor.as_deref();
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
            if !lib.doc(target).outline.has_anchor(anchor) && lib.doc(original).outline.has_anchor(anchor) {
                target = original;
                link_langs.insert(dest.to_string(), default.to_string());
            }
        }
        let target_doc = lib.doc(target);
        let mut href = format!("{base}{}", target_doc.path);
        if let Some(anchor) = anchor {
            if !target_doc.outline.has_anchor(anchor) {
                let anchors: Vec<String> = target_doc.outline.headings.iter().map(|h| h.id.clone()).collect();
                report(
                    link.offset,
                    link.len,
                    format!("`{}` has no heading with the id `#{anchor}`", found.rel),
                    anchor_hint(&anchors, anchor),
                );
            }
            href.push('#');
            href.push_str(anchor);
        }
        targets.insert(target);
        map.insert(dest.to_string(), href);
    }
    diagnostics.extend(broken);
    ((node, map, link_langs, targets), diagnostics)
}

/// A link to a file beside the content (an image, a PDF): to its copy in the output. A
/// warning (without its place, which the caller adds) when the file does not exist.
fn file_link(
    config: &Config,
    files: &HashMap<&str, &str>,
    source_dir: &str,
    link: &kb_markdown::LinkRef,
    map: &mut HashMap<String, String>,
    base: &str,
) -> Option<Diagnostic> {
    let dest = link.dest.as_str();
    if is_absolute_or_external(dest) {
        return None;
    }
    let (path_part, anchor) = match dest.split_once('#') {
        Some((p, a)) => (p, Some(a)),
        None => (dest, None),
    };
    let rel = normalize(source_dir, path_part)?;
    match files.get(rel.as_str()) {
        Some(out) => {
            let mut href = format!("{base}/{out}");
            if let Some(anchor) = anchor {
                href.push('#');
                href.push_str(anchor);
            }
            map.insert(dest.to_string(), href);
            None
        }
        None if config.static_dir.join(&rel).is_file() => None,
        None => {
            let what = if link.is_image { "image" } else { "file" };
            Some(Diagnostic::warning(format!("the linked {what} `{path_part}` does not exist")).with_hint(
                format!("put the file at `content/{rel}`, or fix the path (it is relative to this file)"),
            ))
        }
    }
}
