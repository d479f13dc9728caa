//! The offline set, written in the output stage: the files a reader stores by clicking
//! "Offline bewaren" on a page under `[offline] sections`, and nothing else.
//!
//! The set is the pages `render::offline::stored_paths` names (never a page for the public),
//! the search page (`/zoeken/`, which holds no content of its own), the assets those pages
//! refer to (stylesheets, scripts, images), and a search index of the stored pages alone
//! (`/offline/search/`), so that search works on the device without carrying the text of
//! public pages there. `/offline/manifest.json` lists every URL with the total size and
//! a version hash of the contents; the service worker (`/sw.js`, from the theme's static files,
//! written unhashed so that its URL stays the same between builds) stores exactly that list.
//! `[offline] budget_kb` caps the total size.
//!
//! The worker brings a stored set up to date when the reader is online and the manifest's
//! version changed; `sections` tells it which pages belong to the sections the reader stored,
//! so a section added to the config later is not stored without a click.

use std::borrow::Cow;
use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use crate::pages::offline::{MANIFEST_PATH, SEARCH_DIR, SEARCH_PAGE, WORKER_PATH, stored_paths};
use kb_core::OutputFile;
use kb_core::diagnostics::Diagnostic;

/// The theme's service worker, among its static files.
const WORKER_SOURCE: &str = "sw.js";

/// The kinds of file a stored page may need besides itself. Feeds, calendars and the site's
/// full search index are left out: they carry the text of public pages.
const ASSET_EXTENSIONS: [&str; 10] =
    ["css", "js", "mjs", "svg", "png", "jpg", "jpeg", "webp", "gif", "woff2"];

/// `/offline/manifest.json`: what the worker stores.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct OfflineManifest {
    /// A hash of every listed file's path and contents: the cache's name, so a new build's set
    /// never mixes with an older one.
    pub version: String,
    /// `YYYY-MM-DD`, the build's date.
    pub build_date: String,
    /// The sum of the listed files' sizes.
    pub bytes: u64,
    /// The URLs of the offline sections: a listed page belongs to the one its URL starts with.
    pub sections: Vec<String>,
    /// The stored pages' URLs.
    pub pages: Vec<String>,
    /// Every URL to store: the pages, then their assets and the search files.
    pub files: Vec<String>,
}

/// A listed file: its output path and contents.
type Listed<'a> = (String, Cow<'a, [u8]>);

/// The inputs of the offline set besides the output files.
pub struct OfflineInput<'a> {
    pub lib: &'a crate::model::Library,
    pub docs: &'a crate::docs::Docs,
    pub theme: &'a crate::load::theme::Theme,
    pub today: jiff::civil::Date,
    /// Where the pages were written as they were rendered: their bytes are read back from
    /// there (the output files hold only their paths then).
    pub staging: Option<&'a kb_core::staging::Staging>,
}

/// The files of the offline set (manifest, search index, worker), or none when the site names
/// no offline sections. A set over its budget is reported (pages for the public under an
/// offline section are reported by the model, `model::settings`).
pub fn files(input: &OfflineInput, output: &[OutputFile]) -> (Vec<OutputFile>, Vec<Diagnostic>) {
    let OfflineInput { lib, docs, theme, today, staging } = *input;
    let settings = &lib.settings;
    if settings.offline_sections.is_empty() {
        return (Vec::new(), Vec::new());
    }
    let sections = &settings.offline_sections;
    let mut problems = Vec::new();
    let base = settings.base_path.as_str();
    let unreadable = std::cell::RefCell::new(Vec::new());
    let pages: Vec<String> = stored_paths(lib);
    let page_urls: BTreeSet<String> = pages.iter().map(|p| format!("{base}{p}")).collect();

    // The offline search index: the stored pages only.
    let mut extra = Vec::new();
    let documents: Vec<_> =
        crate::index::documents(lib, docs, base).into_iter().filter(|d| page_urls.contains(&d.url)).collect();
    if settings.search && !documents.is_empty() {
        let built = kb_search::build(
            documents,
            crate::index::synonyms(lib),
            &kb_search::Glossary::new(crate::model::glossary::terms(&lib.glossary)),
            &settings.default_language,
            kb_search::Purpose::Export,
            None,
        )
        .and_then(|index| kb_search::export_files(&index, SEARCH_DIR));
        match built {
            Ok(search) => extra.extend(search),
            Err(e) => problems.push(Diagnostic::error(format!("offline search index: {e:#}"))),
        }
    }

    // Pages, the search page, the assets they refer to, the search files. A page the build
    // wrote into its staging folder already is read back from there.
    let files: std::collections::HashMap<&str, &OutputFile> =
        output.iter().chain(&extra).rev().map(|f| (f.path.as_str(), f)).collect();
    let by_path = |p: &str| -> Option<Listed> {
        let f = files.get(p)?;
        match staging {
            Some(staging) if staging.holds(&f.path) => match staging.read(&f.path) {
                Ok(bytes) => Some((f.path.clone(), Cow::Owned(bytes))),
                Err(e) => {
                    unreadable
                        .borrow_mut()
                        .push(Diagnostic::error(format!("cannot read `{}` back: {e}", f.path)));
                    None
                }
            },
            _ => Some((f.path.clone(), Cow::Borrowed(f.bytes.as_slice()))),
        }
    };
    let mut listed: Vec<Listed> = Vec::new();
    let mut seen = BTreeSet::new();
    let search_page = (settings.search && !pages.is_empty()).then_some(SEARCH_PAGE);
    for page in pages.iter().map(String::as_str).chain(search_page) {
        let file = crate::pages::jobs::PlannedJob::file_of(page);
        if let Some(f) = by_path(&file) {
            seen.insert(file);
            listed.push(f);
        }
    }
    let mut assets = BTreeSet::new();
    for (_, bytes) in &listed {
        for url in referenced(&String::from_utf8_lossy(bytes)) {
            if let Some(rel) = url.strip_prefix(base).and_then(|u| u.strip_prefix('/')) {
                assets.insert(rel.to_string());
            }
        }
    }
    // The assets, and the modules their scripts import (`search.js` imports its parts).
    let mut assets: Vec<String> = assets.into_iter().rev().collect();
    while let Some(rel) = assets.pop() {
        let asset = rel.rsplit_once('.').is_some_and(|(_, ext)| ASSET_EXTENSIONS.contains(&ext));
        if asset
            && seen.insert(rel.clone())
            && let Some(f) = by_path(&rel)
        {
            let folder = rel.rfind('/').map_or("", |at| &rel[..=at]);
            for specifier in crate::pages::module_imports::imports(&String::from_utf8_lossy(&f.1)) {
                assets.push(format!("{folder}{}", &specifier[2..]));
            }
            listed.push(f);
        }
    }
    listed.extend(extra.iter().map(|f| (f.path.clone(), Cow::Borrowed(f.bytes.as_slice()))));
    problems.append(&mut unreadable.borrow_mut());

    let bytes: u64 = listed.iter().map(|(_, b)| b.len() as u64).sum();
    let mut hash = blake3::Hasher::new();
    for (path, contents) in &listed {
        hash.update(path.as_bytes());
        hash.update(contents);
    }
    let url_of = |path: &str| {
        let path = path.strip_suffix("index.html").unwrap_or(path);
        format!("{base}/{path}")
    };
    let manifest = OfflineManifest {
        version: hash.finalize().to_hex()[..12].to_string(),
        build_date: today.to_string(),
        bytes,
        sections: sections.iter().map(|s| format!("{base}{}", lib.section(*s).doc.path)).collect(),
        pages: page_urls.iter().cloned().collect(),
        files: listed.iter().map(|(path, _)| url_of(path)).collect(),
    };
    if let Some(budget) = &settings.offline_budget {
        problems.extend(budget.exceeded(bytes));
    }
    match serde_json::to_vec(&manifest) {
        Ok(json) => extra.push(OutputFile::new(MANIFEST_PATH.trim_start_matches('/'), json)),
        Err(e) => problems.push(Diagnostic::error(format!("offline manifest: {e}"))),
    }
    match theme.statics.iter().rev().find(|f| f.rel == WORKER_SOURCE) {
        Some(worker) => {
            extra.push(OutputFile::new(WORKER_PATH.trim_start_matches('/'), worker.bytes.clone()))
        }
        None => problems.push(
            Diagnostic::error("the theme has no service worker (`static/sw.js`) for `[offline] sections`")
                .with_hint(
                    "use the default theme's `static/sw.js`, or remove `[offline]` from kennisbank.toml",
                ),
        ),
    }
    (extra, problems)
}

/// The manifest among the output files, for the build's report.
pub fn manifest(files: &[OutputFile]) -> Option<OfflineManifest> {
    let path = MANIFEST_PATH.trim_start_matches('/');
    files.iter().find(|f| f.path == path).and_then(|f| serde_json::from_slice(&f.bytes).ok())
}

/// Root-relative URLs in `src`, `href`, `content` and `srcset` attributes of a page (the
/// search module is named in a `<meta content>`; a stored page shows its images offline
/// whichever copy of a `srcset` the device picks).
fn referenced(html: &str) -> Vec<&str> {
    let mut found = Vec::new();
    for attribute in [" src=\"", " href=\"", " content=\"", " srcset=\""] {
        let mut rest = html;
        while let Some(at) = rest.find(attribute) {
            rest = &rest[at + attribute.len()..];
            let Some(end) = rest.find('"') else { break };
            let values = &rest[..end];
            let candidates: Vec<&str> = if attribute == " srcset=\"" {
                values.split(',').filter_map(|c| c.split_whitespace().next()).collect()
            } else {
                vec![values]
            };
            for value in candidates {
                if value.starts_with('/') && !value.starts_with("//") {
                    found.push(value.split(['#', '?']).next().unwrap_or(value));
                }
            }
            rest = &rest[end..];
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn referenced_urls_are_root_relative_ones_only() {
        let html = r#"<link href="/css/a.1.css"><script src="/js/b.2.js"></script><meta name="x" content="/js/s.3.js"><a href="https://x.nl/">x</a><a href="/meldcode/#top">m</a><a href="//cdn.x/">c</a>"#;
        assert_eq!(referenced(html), ["/js/b.2.js", "/css/a.1.css", "/meldcode/", "/js/s.3.js"]);
        let picture = r#"<source srcset="/p/a.1.webp 480w, /p/a.2.webp 960w"><img src="/a.jpg">"#;
        assert_eq!(referenced(picture), ["/a.jpg", "/p/a.1.webp", "/p/a.2.webp"]);
    }
}
