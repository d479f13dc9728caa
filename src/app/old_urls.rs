//! `kennisbank check --old-urls FILE`: does every URL of the old site still lead somewhere?
//! After a move (`init --from`), links from elsewhere, bookmarks and search engines still
//! point at the old site's URLs. FILE lists them, one per line, or is the old site's
//! `sitemap.xml` (its `<loc>` elements); each one that is no page, section, alias, term page,
//! generated page or copied file of the new site is an error at its line in FILE.

use std::collections::HashSet;
use std::path::Path;

use crate::load::config::Config;
use crate::model::Library;
use kb_core::diagnostics::Diagnostic;

/// Every URL of `file` (read from `text`) that leads nowhere in `lib`.
pub fn missing(config: &Config, lib: &Library, file: &Path, text: &str) -> Vec<Diagnostic> {
    let known = known_paths(lib);
    let mut problems = Vec::new();
    for (line, url) in listed_urls(text) {
        let path = site_path(&url, config.base_path());
        if !leads_somewhere(&known, &path) {
            problems.push(
                Diagnostic::error(format!("the old URL `{url}` leads nowhere in this site (`{path}`)"))
                    .with_hint(
                        "add it to `aliases` in the front matter of the page that replaces it, so the old \
                         link redirects there",
                    )
                    .at_line_col(file, text, line, 1),
            );
        }
    }
    problems
}

/// Root-relative paths (without the base path) the built site answers.
fn known_paths(lib: &Library) -> HashSet<String> {
    let mut known: HashSet<String> = lib.node_ids().map(|n| lib.doc(n).path.clone()).collect();
    known.extend(lib.redirects.iter().map(|r| r.from.clone()));
    known.extend(lib.generated.iter().map(|g| g.path.clone()));
    known.extend(lib.files.iter().map(|f| format!("/{}", f.path)));
    for taxonomy in &lib.taxonomies {
        known.insert(taxonomy.path.clone());
        known.extend(taxonomy.terms.iter().map(|t| t.path.clone()));
    }
    for file in crate::model::url_rules::RESERVED_TOP_LEVEL {
        known.insert(format!("/{file}"));
    }
    known
}

fn leads_somewhere(known: &HashSet<String>, path: &str) -> bool {
    if known.contains(path) {
        return true;
    }
    // `/a/b` is served as `/a/b/` when it is a folder; `/a/b/index.html` is `/a/b/`.
    let folder = match path.strip_suffix("index.html") {
        Some(folder) => folder.to_string(),
        None if !path.ends_with('/') => format!("{path}/"),
        None => return false,
    };
    known.contains(&folder)
}

/// (1-based line, URL) of each URL in a list (blank lines and `#` comments left out) or in
/// the `<loc>` elements of a sitemap.
fn listed_urls(text: &str) -> Vec<(usize, String)> {
    let mut urls = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let trimmed = line.trim();
        if text.contains("<loc>") {
            let mut rest = trimmed;
            while let Some(start) = rest.find("<loc>") {
                let after = &rest[start + 5..];
                let Some(end) = after.find("</loc>") else { break };
                urls.push((n + 1, unescape_xml(after[..end].trim())));
                rest = &after[end..];
            }
        } else if !trimmed.is_empty() && !trimmed.starts_with('#') {
            urls.push((n + 1, trimmed.to_string()));
        }
    }
    urls
}

fn unescape_xml(text: &str) -> String {
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}

/// `https://host/base/a/b/?q#x` -> `/a/b/` (percent-decoded), without the site's base path.
fn site_path(url: &str, base_path: &str) -> String {
    let without_origin = match url.find("://") {
        Some(at) => url[at + 3..].find('/').map_or("/", |slash| &url[at + 3 + slash..]),
        None => url,
    };
    let path = without_origin.split(['?', '#']).next().unwrap_or_default();
    let decoded = percent_encoding::percent_decode_str(path).decode_utf8_lossy().into_owned();
    let base = base_path.trim_end_matches('/');
    let inside = if !base.is_empty() && (decoded == base || decoded.starts_with(&format!("{base}/"))) {
        decoded[base.len()..].to_string()
    } else {
        decoded
    };
    if inside.starts_with('/') { inside } else { format!("/{inside}") }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_lose_origin_base_query_and_encoding() {
        assert_eq!(site_path("https://oud.example.nl/kb/a/B%C3%A9/?x=1#kop", "/kb"), "/a/Bé/");
        assert_eq!(site_path("https://oud.example.nl", ""), "/");
        assert_eq!(site_path("/kb", "/kb"), "/");
        assert_eq!(site_path("/kbx/a/", "/kb"), "/kbx/a/");
        assert_eq!(site_path("a/b.html", ""), "/a/b.html");
    }

    #[test]
    fn lists_and_sitemaps_are_read_with_lines() {
        let list = "# oude site\nhttps://x.nl/a/\n\n/b/\n";
        assert_eq!(listed_urls(list), vec![(2, "https://x.nl/a/".to_string()), (4, "/b/".to_string())]);
        let sitemap = "<?xml version=\"1.0\"?>\n<urlset>\n<url><loc>https://x.nl/a/?p=1&amp;q=2</loc></url>\n<url>\n  <loc>https://x.nl/b/</loc>\n</url>\n</urlset>\n";
        assert_eq!(
            listed_urls(sitemap),
            vec![(3, "https://x.nl/a/?p=1&q=2".to_string()), (5, "https://x.nl/b/".to_string())]
        );
    }

    #[test]
    fn folders_and_their_index_files_are_the_same_url() {
        let known: HashSet<String> = ["/a/".to_string(), "/".to_string()].into();
        for path in ["/a/", "/a", "/a/index.html", "/", "/index.html"] {
            assert!(leads_somewhere(&known, path), "{path}");
        }
        for path in ["/A/", "/a.html", "/b/"] {
            assert!(!leads_somewhere(&known, path), "{path}");
        }
    }
}
