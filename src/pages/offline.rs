//! Which pages a reader may store for use without a network (`[offline] sections`), and the
//! `site.offline` view their "Offline bewaren" control reads. The output stage
//! (`crate::output::offline`) writes the manifest of the same pages, so the control and the stored set
//! cannot disagree.
//!
//! A page for the public (`audience = ["public", ...]`) is never in the set, even under an
//! offline section: a stored copy of a domestic-violence page on a shared phone is a trace.

use serde::Serialize;

use super::views::Views;
use crate::load::i18n::Translations;
use crate::model::{Document, Library};

/// Root-relative paths (without the base path) of the pages and sections under the offline
/// sections that are not for the public, then their print packs; in model order.
pub fn stored_paths(lib: &Library) -> Vec<String> {
    let roots = roots(lib);
    let under = |doc: &Document| roots.iter().any(|r| doc.path.starts_with(r)) && !doc.is_for_public();
    let mut paths: Vec<String> = lib
        .sections
        .iter()
        .map(|s| &s.doc)
        .chain(lib.pages.iter().map(|p| &p.doc))
        .filter(|doc| under(doc))
        .map(|doc| doc.path.clone())
        .collect();
    for &s in &lib.settings.print_sections {
        let doc = &lib.section(s).doc;
        if under(doc) {
            paths.push(super::print::pack_path(&doc.path));
        }
    }
    paths
}

/// The URL paths of the offline sections that exist.
fn roots(lib: &Library) -> Vec<&str> {
    lib.settings.offline_sections.iter().map(|s| lib.section(*s).doc.path.as_str()).collect()
}

/// `site.offline`: what the offline control and the worker need.
#[derive(Debug, Clone, Serialize)]
pub struct OfflineView {
    /// URLs of the pages that show the control (and are stored by it).
    pub pages: Vec<String>,
    /// The manifest of the offline set (`/offline/manifest.json`).
    pub manifest: String,
    /// The service worker (`/sw.js`), registered only when the reader stores the set.
    pub worker: String,
    /// The worker's scope: the site's root.
    pub scope: String,
    /// The search index of the stored pages, searched on a page served from the device.
    pub search_manifest: String,
    /// The build's date in words (`2 december 2026`), for "Offline kopie van ...".
    pub build_date: String,
    /// The search page, stored with the pages (empty when the site has no search): on the
    /// device it searches the stored pages.
    pub search_page: String,
}

/// `site.offline`, or `None` when the site names no offline sections.
pub fn view(views: &Views) -> Option<OfflineView> {
    let settings = views.settings;
    if settings.offline_sections.is_empty() {
        return None;
    }
    Some(OfflineView {
        pages: stored_paths(views.lib).iter().map(|p| views.url(p)).collect(),
        manifest: views.url(MANIFEST_PATH),
        worker: views.url(WORKER_PATH),
        scope: views.url("/"),
        search_manifest: views.url(&format!("/{SEARCH_DIR}manifest.json")),
        build_date: date_in_words(views.strings, &settings.default_language, views.today),
        search_page: if settings.search { views.url(SEARCH_PAGE) } else { String::new() },
    })
}

/// Where the build writes the manifest of the offline set.
pub const MANIFEST_PATH: &str = "/offline/manifest.json";
/// Where the build writes the service worker: at the root, so its scope covers every section.
pub const WORKER_PATH: &str = "/sw.js";
/// The search page of the default language, in the offline set beside the stored pages.
pub const SEARCH_PAGE: &str = "/zoeken/";
/// Where the search index of the offline set goes (relative to the site root).
pub const SEARCH_DIR: &str = "offline/search/";

/// `2 december 2026`, in the words of `lang`.
pub fn date_in_words(words: &Translations, lang: &str, date: jiff::civil::Date) -> String {
    let month = words.word(lang, &format!("month_{}", date.month()));
    words.fill(
        lang,
        "date_short",
        &[("day", &date.day().to_string()), ("month", &month), ("year", &date.year().to_string())],
    )
}
