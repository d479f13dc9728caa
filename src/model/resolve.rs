//! The one resolver for links to content: `@/meldcode/stap-1.md#anchor`, `@/meldcode/` (the
//! folder's `_index.md` or `index.md`), and `../stap-2.md` relative to the file it is written
//! in. Markdown links, front matter (decision outcomes, passports), menus in the config and the
//! template function `url()` all resolve through [`LinkTable::resolve`], so a link means the
//! same wherever it is written and its anchor is checked everywhere.

use std::collections::{HashMap, HashSet};

use super::{Library, NodeId};
use kb_core::diagnostics::NameHint;

/// Every link target of a site: content paths with their URL path and heading ids. Built once
/// with the model; shared (behind an `Arc`) with the template function `url()`.
#[derive(Debug, Clone, Default)]
pub struct LinkTable {
    targets: HashMap<String, Target>,
    /// Content paths of markdown files that could not be read (their own error is reported).
    unreadable: HashSet<String>,
}

#[derive(Debug, Clone)]
struct Target {
    node: NodeId,
    /// Root-relative URL path without the base path.
    path: String,
    anchors: Vec<String>,
}

/// What a link to content leads to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resolved {
    pub node: NodeId,
    /// The content path the link found (after the `_index.md` / `index.md` fallbacks).
    pub rel: String,
    pub anchor: Option<String>,
}

/// Why a link to content does not resolve.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LinkProblem {
    /// A relative path that climbs above `content/`.
    OutsideContent,
    /// No page or section at that path; the hint names the nearest one.
    NoPage { rel: String, hint: String },
    /// The file exists but could not be read: its own error says why, the link is no second
    /// problem.
    Unreadable,
    /// The page exists but has no heading with that id; the link still leads to the page.
    NoAnchor { found: Resolved, hint: String },
}

impl LinkProblem {
    /// The message and hint of a diagnostic about the link `dest`.
    pub fn explain(&self, dest: &str) -> (String, String) {
        match self {
            LinkProblem::OutsideContent => (
                format!("link to a page outside the content folder: `{dest}`"),
                "a relative link starts from this file's folder; or write `@/` followed by the path from \
                 the content folder"
                    .into(),
            ),
            LinkProblem::NoPage { rel, hint } => {
                (format!("link to a page that does not exist: `{rel}`"), hint.clone())
            }
            LinkProblem::Unreadable => {
                (format!("link to a file that could not be read: `{dest}`"), String::new())
            }
            LinkProblem::NoAnchor { found, hint } => (
                format!(
                    "`{}` has no heading with the id `#{}`",
                    found.rel,
                    found.anchor.as_deref().unwrap_or("")
                ),
                hint.clone(),
            ),
        }
    }
}

impl LinkTable {
    pub fn new(lib: &Library) -> LinkTable {
        let targets = lib
            .by_rel
            .iter()
            .map(|(rel, node)| {
                let doc = lib.doc(*node);
                let anchors = doc.outline.headings.iter().map(|h| h.id.clone()).collect();
                (rel.clone(), Target { node: *node, path: doc.path.clone(), anchors })
            })
            .collect();
        LinkTable { targets, unreadable: lib.unreadable.clone() }
    }

    /// Resolves `dest` written in a file in the content folder `from_dir` (`meldcode`, or ""
    /// for the root). `None`: not a link to content (external, site-absolute, a file that
    /// is not markdown, or only an anchor).
    pub fn resolve(&self, from_dir: &str, dest: &str) -> Option<Result<Resolved, LinkProblem>> {
        if is_absolute_or_external(dest) {
            return None;
        }
        let (path, anchor) = match dest.split_once('#') {
            Some((p, a)) => (p, Some(a.to_string())),
            None => (dest, None),
        };
        // An MDX page (Docusaurus) is listed under its `.md` name, so `x.mdx` links find it.
        let md;
        let path = match path.strip_suffix(".mdx") {
            Some(stem) => {
                md = format!("{stem}.md");
                md.as_str()
            }
            None => path,
        };
        let rel = match path.strip_prefix("@/") {
            Some(rel) => rel.to_string(),
            None if path.ends_with(".md") => match normalize(from_dir, path) {
                Some(rel) => rel,
                None => return Some(Err(LinkProblem::OutsideContent)),
            },
            None => return None,
        };
        Some(self.find(&rel, anchor))
    }

    fn find(&self, rel: &str, anchor: Option<String>) -> Result<Resolved, LinkProblem> {
        let dir = rel.trim_end_matches('/');
        let candidates = [rel.to_string(), format!("{dir}/_index.md"), format!("{dir}/index.md")];
        let Some((rel, target)) = candidates.iter().find_map(|c| self.targets.get(c).map(|t| (c, t))) else {
            if self.unreadable.contains(rel) {
                return Err(LinkProblem::Unreadable);
            }
            return Err(LinkProblem::NoPage { rel: rel.to_string(), hint: self.missing_page_hint(rel) });
        };
        let found = Resolved { node: target.node, rel: rel.clone(), anchor };
        match &found.anchor {
            Some(a) if !has_anchor(&target.anchors, a) => {
                let hint = anchor_hint(&target.anchors, a);
                Err(LinkProblem::NoAnchor { found, hint })
            }
            _ => Ok(found),
        }
    }

    /// The page or section `dest` leads to when written in the content folder `from_dir`,
    /// whatever its anchor says (a missing anchor is reported where the link is checked):
    /// for links outside markdown (menus, kinds' fields) that need the target's title.
    pub fn target(&self, from_dir: &str, dest: &str) -> Option<NodeId> {
        match self.resolve(from_dir, dest)? {
            Ok(found) | Err(LinkProblem::NoAnchor { found, .. }) => Some(found.node),
            Err(_) => None,
        }
    }

    /// The URL path of a resolved link, with its anchor.
    pub fn path_of(&self, found: &Resolved) -> String {
        let path = self.targets.get(&found.rel).map_or("", |t| t.path.as_str());
        match &found.anchor {
            Some(a) => format!("{path}#{a}"),
            None => path.to_string(),
        }
    }

    fn missing_page_hint(&self, rel: &str) -> String {
        let mut known: Vec<&str> = self.targets.keys().map(String::as_str).collect();
        known.sort_unstable();
        let hint = NameHint::new(rel, &known, "pages").prefixed("@/");
        match hint.nearest() {
            Some(_) => format!("{hint}; paths are relative to the content folder"),
            None => {
                "write `@/` followed by the path from the content folder, like `@/meldcode/_index.md`".into()
            }
        }
    }
}

fn has_anchor(anchors: &[String], id: &str) -> bool {
    anchors.iter().any(|a| a == id) || kb_markdown::is_footnote_anchor(id)
}

pub fn anchor_hint(anchors: &[String], anchor: &str) -> String {
    let ids: Vec<&str> = anchors.iter().map(String::as_str).collect();
    if ids.is_empty() {
        return "that page has no headings to link to".into();
    }
    NameHint::new(anchor, &ids, "headings there").prefixed("#").to_string()
}

pub fn is_absolute_or_external(dest: &str) -> bool {
    dest.starts_with('/')
        || dest.contains("://")
        || ["mailto:", "tel:", "data:", "javascript:"].iter().any(|p| dest.starts_with(p))
}

/// Joins a relative path to the folder it is written in; `None` when it climbs above `content/`.
pub fn normalize(dir: &str, relative: &str) -> Option<String> {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{PageId, SectionId};

    fn table() -> LinkTable {
        let target = |node, path: &str, anchors: &[&str]| Target {
            node,
            path: path.into(),
            anchors: anchors.iter().map(|a| a.to_string()).collect(),
        };
        let mut targets = HashMap::new();
        targets.insert(
            "meldcode/_index.md".into(),
            target(NodeId::Section(SectionId::new(1)), "/meldcode/", &["stappen"]),
        );
        targets.insert(
            "meldcode/stap-1.md".into(),
            target(NodeId::Page(PageId::new(0)), "/meldcode/stap-1/", &["signalen"]),
        );
        LinkTable { targets, unreadable: HashSet::from(["kapot.md".to_string()]) }
    }

    #[test]
    fn folders_resolve_to_their_index_and_relative_paths_to_the_same_page() {
        let t = table();
        let folder = t.resolve("", "@/meldcode/").unwrap().unwrap();
        assert_eq!(folder.node, NodeId::Section(SectionId::new(1)));
        assert_eq!(t.path_of(&folder), "/meldcode/");
        let relative = t.resolve("meldcode", "./stap-1.md#signalen").unwrap().unwrap();
        assert_eq!(relative, t.resolve("", "@/meldcode/stap-1.md#signalen").unwrap().unwrap());
        // An MDX file is listed under its `.md` name.
        assert_eq!(relative, t.resolve("meldcode", "stap-1.mdx#signalen").unwrap().unwrap());
        assert_eq!(t.path_of(&relative), "/meldcode/stap-1/#signalen");
    }

    #[test]
    fn problems_are_told_apart() {
        let t = table();
        assert!(matches!(t.resolve("", "@/meldcode/stap-2.md"), Some(Err(LinkProblem::NoPage { .. }))));
        assert!(matches!(t.resolve("", "@/meldcode/#stapen"), Some(Err(LinkProblem::NoAnchor { .. }))));
        assert!(matches!(t.resolve("", "../x.md"), Some(Err(LinkProblem::OutsideContent))));
        assert_eq!(t.resolve("", "@/kapot.md"), Some(Err(LinkProblem::Unreadable)));
        assert_eq!(t.resolve("", "https://example.org/"), None);
        assert_eq!(t.resolve("", "/a-z/"), None);
        assert_eq!(t.resolve("", "plaatje.png"), None);
    }

    #[test]
    fn relative_paths_normalize() {
        assert_eq!(normalize("a/b", "../c.md").as_deref(), Some("a/c.md"));
        assert_eq!(normalize("", "./c.md").as_deref(), Some("c.md"));
        assert_eq!(normalize("", "../c.md"), None);
    }
}
