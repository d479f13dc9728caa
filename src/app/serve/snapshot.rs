//! What the server answers from: the files of the last good build, and the report of a failed
//! rebuild with the pages it concerns. Swapped under a lock; requests hold it only to clone an
//! `Arc`.

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, RwLock};

use super::session::{Failure, Files, Session};
use crate::load::config::Config;
use crate::model::Library;
use kb_core::diagnostics::Diagnostics;

#[derive(Default)]
pub struct Snapshot {
    pub files: Arc<Files>,
    /// Set when the last rebuild failed: the report, and the URL paths it concerns (`None`:
    /// every page, e.g. for a template or config error).
    pub error: Option<(String, Option<HashSet<String>>)>,
    /// Content file (relative to `content/`) -> URL path, from the last good build: a file whose
    /// front matter no longer parses is missing from a failed build, but still has its URL here.
    urls: HashMap<String, String>,
    /// The same, URL path -> content file: looked up for every page served with the editor.
    sources: HashMap<String, String>,
}

pub type Shared = RwLock<Snapshot>;

impl Snapshot {
    /// The URL path of the page made from content file `rel`.
    pub fn url_of(&self, rel: &str) -> Option<String> {
        self.urls.get(rel).cloned()
    }

    /// The content file whose page is at URL path `url` (`/meldcode/`); a translation's own
    /// file for a translated page.
    pub fn rel_of(&self, url: &str) -> Option<String> {
        self.sources.get(url).cloned()
    }
}

/// Swaps the session's files in and clears an error; with `new_model`, the URLs of the
/// content files are taken from the session's model.
pub fn publish(snapshot: &Shared, session: &Session, new_model: bool) {
    let urls = match (session.library(), session.config()) {
        (Some(library), Some(config)) if new_model => Some(urls(config, library)),
        _ => None,
    };
    let mut lock = snapshot.write().unwrap_or_else(|e| e.into_inner());
    lock.files = Arc::clone(session.files());
    lock.error = None;
    if let Some(urls) = urls {
        lock.sources = urls.iter().map(|(rel, url)| (url.clone(), rel.clone())).collect();
        lock.urls = urls;
    }
}

fn urls(config: &Config, library: &Library) -> HashMap<String, String> {
    library
        .by_rel
        .iter()
        .map(|(rel, id)| (rel.clone(), format!("{}{}", config.base_path(), library.doc(*id).path)))
        .collect()
}

/// Reports a failed rebuild: on the terminal, and on the pages it concerns.
pub fn fail(snapshot: &Shared, session: &Session, failure: Box<Failure>, root: &std::path::Path, why: &str) {
    let Failure { mut diagnostics, config, library } = *failure;
    diagnostics.sort();
    let color = std::io::IsTerminal::is_terminal(&std::io::stderr());
    eprint!("{}", diagnostics.render(root, color));
    let report = diagnostics.render(root, false);
    let library = library.as_ref().or(session.library());
    let pages = match (&config, library) {
        (Some(config), Some(library)) => {
            let previous = snapshot.read().map(|s| s.urls.clone()).unwrap_or_default();
            broken_pages(config, &diagnostics, library, &previous)
        }
        _ => None,
    };
    let mut lock = snapshot.write().unwrap_or_else(|e| e.into_inner());
    lock.error = Some((report, pages));
    eprintln!("Rebuild failed ({why}); still serving the last good build for other pages.");
}

/// URL paths of the pages whose files have errors; `None` when an error is not in a page.
fn broken_pages(
    config: &Config,
    diagnostics: &Diagnostics,
    library: &Library,
    previous: &HashMap<String, String>,
) -> Option<HashSet<String>> {
    let mut pages = HashSet::new();
    for d in diagnostics.items.iter().filter(|d| d.is_error()) {
        let file = &d.location.as_ref()?.file;
        let rel = file.strip_prefix(&config.content_dir).ok()?;
        let rel = rel.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/");
        let url = match library.by_rel.get(&rel) {
            Some(id) => format!("{}{}", config.base_path(), library.doc(*id).path),
            None => previous.get(&rel)?.clone(),
        };
        pages.insert(url);
    }
    Some(pages)
}
