//! Each generator's rule for the URL of a markdown file, read from its own code, so that
//! `init --from` knows the URL every page had on the old site and can keep it (a `slug`) or
//! lead it to the new one (an alias). Pure functions of the file's path inside its content
//! folder and its front matter: no disk, no site, unit- and property-tested.
//!
//! URLs are site-relative (without the old site's base path) and as the old generator wrote
//! them: a trailing slash or not, `.html` or not. [`same`] compares them with kennisbank's.

mod docusaurus;
mod hugo;
mod mkdocs;
mod zola;

use serde_json::{Map, Value};

pub use docusaurus::strip_number_prefix;

/// How the old generator made URLs, with the settings of its configuration that change them.
#[derive(Debug, Clone, Default, PartialEq)]
pub enum UrlScheme {
    /// No rules known: no URL map is made.
    #[default]
    None,
    /// `use_directory_urls` (default true): `a/b.md` is `/a/b/`, else `/a/b.html`.
    MkDocs {
        directory_urls: bool,
    },
    /// `trailingSlash` (undefined, true or false), and which content folders (by their place
    /// under `content/`) are blogs rather than docs.
    Docusaurus {
        trailing_slash: Option<bool>,
        blogs: Vec<String>,
    },
    /// `[permalinks]` (section -> pattern), `uglyURLs`, `disablePathToLower`.
    Hugo {
        permalinks: Vec<(String, String)>,
        ugly: bool,
        keep_case: bool,
    },
    Zola,
}

/// One markdown file of the old site, as the rules see it.
#[derive(Debug, Clone, Copy)]
pub struct OldFile<'a> {
    /// The path inside its content folder (`signalen/school.md`), `/`-separated.
    pub rel: &'a str,
    /// The route the content folder was served under (Docusaurus' `routeBasePath`, as the
    /// folder under `content/`); "" for the site's root.
    pub route: &'a str,
    pub front: &'a Map<String, Value>,
}

/// The URL `file` had on the old site; `None` when it had none (a draft, a partial, a page
/// that another file shadows is the caller's to know).
pub fn old_url(scheme: &UrlScheme, file: OldFile) -> Option<String> {
    match scheme {
        UrlScheme::None => None,
        UrlScheme::MkDocs { directory_urls } => Some(mkdocs::url(file.rel, *directory_urls)),
        UrlScheme::Docusaurus { trailing_slash, blogs } => {
            if blogs.iter().any(|b| b == file.route) {
                docusaurus::blog_url(file, *trailing_slash)
            } else {
                docusaurus::doc_url(file, *trailing_slash)
            }
        }
        UrlScheme::Hugo { permalinks, ugly, keep_case } => hugo::url(file, permalinks, *ugly, *keep_case),
        UrlScheme::Zola => zola::url(file),
    }
}

/// The URL of the site's folder `path` as kennisbank writes it: `/a/b/`. `/a/b`, `/a/b/` and
/// `/a/b/index.html` are one URL (the host serves the folder's `index.html`); `/a/b.html` is
/// not.
pub fn folder_form(url: &str) -> String {
    let path = url.split(['?', '#']).next().unwrap_or_default();
    let path = path.strip_suffix("index.html").unwrap_or(path);
    if path.ends_with(".html") {
        return if path.starts_with('/') { path.to_string() } else { format!("/{path}") };
    }
    let inner = path.trim_matches('/');
    if inner.is_empty() { "/".into() } else { format!("/{inner}/") }
}

/// Whether the old URL `old` is the kennisbank URL `new` (`/a/b/`).
pub fn same(old: &str, new: &str) -> bool {
    folder_form(old) == new
}

/// `/a/b/c/` -> `/a/b/`; the root has none.
pub fn parent(url: &str) -> Option<String> {
    let inner = url.trim_matches('/');
    if inner.is_empty() {
        return None;
    }
    Some(match inner.rsplit_once('/') {
        Some((parent, _)) => format!("/{parent}/"),
        None => "/".into(),
    })
}

/// `/a/b/c/` -> `c`.
pub fn last_segment(url: &str) -> &str {
    url.trim_matches('/').rsplit('/').next().unwrap_or_default()
}

/// Text of a front-matter field, if it is text (or a number, which YAML reads from `id: 57`).
fn text<'a>(front: &'a Map<String, Value>, key: &str) -> Option<std::borrow::Cow<'a, str>> {
    match front.get(key)? {
        Value::String(s) => Some(s.as_str().into()),
        Value::Number(n) => Some(n.to_string().into()),
        _ => None,
    }
}

fn is_true(front: &Map<String, Value>, key: &str) -> bool {
    front.get(key) == Some(&Value::Bool(true))
}

/// `dir/name.ext` -> (`dir`, `name`), the extension one of markdown's.
fn split_file(rel: &str) -> (&str, &str) {
    let (dir, file) = rel.rsplit_once('/').unwrap_or(("", rel));
    let stem = [".mdx", ".md", ".markdown"].iter().find_map(|ext| file.strip_suffix(ext)).unwrap_or(file);
    (dir, stem)
}

/// Joins URL parts with one `/` between each, dropping empty ones: `("/docs/", "/a")` ->
/// `/docs/a`.
fn join(parts: &[&str]) -> String {
    let mut out = String::new();
    for part in parts {
        for segment in part.split('/').filter(|s| !s.is_empty()) {
            out.push('/');
            out.push_str(segment);
        }
    }
    if out.is_empty() { "/".into() } else { out }
}

#[cfg(test)]
mod tests;
