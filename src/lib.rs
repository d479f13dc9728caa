//! kennisbank: markdown in, a complete, accessible, private static knowledge-base site out.
//!
//! A build is a list of stages, each a module with one job, data flowing one way:
//!
//! 1. `config`: `kennisbank.toml` -> validated `Config`
//! 2. `content::load`: walk `content/`, read front matter (in parallel); `render::i18n::load`:
//!    the theme's interface strings per language, checked
//! 3. `site::build`: the model: URLs, order, taxonomies, links, backlinks
//! 4. `render`: markdown and templates -> in-memory output files (in parallel)
//! 5. `output`: write them to a fresh folder and swap it in atomically
//!
//! Problems are collected as `Diagnostic`s across all stages and reported together.

pub mod charts;
pub mod check;
pub mod cli;
pub mod config;
pub mod content;
pub mod data;
pub mod diagnostics;
pub mod markdown;
pub mod output;
pub mod readability;
pub mod render;
pub mod scaffold;
pub mod search;
pub mod serve;
pub mod site;
pub mod theme;

use std::time::{Duration, Instant};

use config::Config;
use diagnostics::Diagnostics;
use output::OutputFile;

/// Everything a build produced, held in memory: `build` writes it, tests inspect it.
#[derive(Default)]
pub struct BuiltSite {
    pub files: Vec<OutputFile>,
    pub diagnostics: Diagnostics,
    pub pages: usize,
    pub sections: usize,
    /// Stage name and time taken, in order.
    pub timings: Vec<(&'static str, Duration)>,
    /// The search index of the default language, for `kennisbank search` and tests.
    pub search: Option<search::SearchIndex>,
    /// One search index per other language that has translated pages.
    pub translated_search: Vec<search::SearchIndex>,
    /// The model and rendered markdown, for `kennisbank check`.
    pub library: site::Library,
    pub docs: render::RenderedDocs,
}

impl BuiltSite {
    pub fn file(&self, path: &str) -> Option<&OutputFile> {
        self.files.iter().find(|f| f.path == path)
    }
}

/// Runs every stage but writing. Stops before rendering when the input already has errors, so
/// that errors are not repeated as follow-up errors.
pub fn build_site(config: &Config) -> BuiltSite {
    build_site_with_progress(config, &|_| {})
}

/// The number of stages [`build_site_with_progress`] reports, for a progress bar's length.
pub const STAGES: u64 = 7;

/// [`build_site`], calling `progress` with the name of each stage as it finishes (for a
/// progress bar on a terminal).
pub fn build_site_with_progress(config: &Config, progress: &dyn Fn(&'static str)) -> BuiltSite {
    let mut built = BuiltSite::default();
    let mut timer = Instant::now();
    let mut lap = |built: &mut BuiltSite, name: &'static str| {
        built.timings.push((name, timer.elapsed()));
        progress(name);
        timer = Instant::now();
    };

    let highlighter = std::thread::spawn(markdown::highlight::Highlighter::new);
    let (loaded, problems) = content::load(config);
    built.diagnostics.extend(problems);
    let (translations, problems) = render::i18n::load(config);
    built.diagnostics.extend(problems);
    lap(&mut built, "load");

    let (data, problems) = data::load(&config.data_dir);
    built.diagnostics.extend(problems);
    let (library, problems) = site::build(config, loaded, &data);
    built.diagnostics.extend(problems);
    built.pages = library.pages.len();
    built.sections = library.sections.len();
    lap(&mut built, "model");

    let highlighter = highlighter.join().unwrap_or_default();
    if built.diagnostics.has_errors() {
        built.library = library;
        built.diagnostics.sort();
        return built;
    }
    let docs = render::markdown_all(config, &library, &highlighter, &translations);
    lap(&mut built, "markdown");

    let search_index = if config.site.search.enabled {
        let documents = search::documents(&library, &docs, config.base_path());
        match search::build(documents, search::synonyms(&library), &config.site.default_language) {
            Ok(index) => Some(index),
            Err(e) => {
                built.diagnostics.push(diagnostics::Diagnostic::error(format!("search index: {e:#}")));
                None
            }
        }
    } else {
        None
    };
    lap(&mut built, "index");
    // Related pages: search documents start with the pages, in model order.
    let pages = library.pages.len();
    let related: Vec<Vec<usize>> = search_index
        .as_ref()
        .and_then(|idx| idx.related_all(pages, 3).ok())
        .map(|all| all.into_iter().map(|found| found.into_iter().filter(|r| *r < pages).collect()).collect())
        .unwrap_or_else(|| vec![Vec::new(); pages]);
    lap(&mut built, "related");

    let now = build_time();
    let input = render::RenderInput {
        config,
        lib: &library,
        data: &data,
        docs: &docs,
        related: &related,
        highlighter: &highlighter,
        now: &now,
        translations: &translations,
    };
    let (files, problems) = render::render(&input);
    built.diagnostics.extend(problems);
    built.files = files;
    lap(&mut built, "render");

    if let Some(index) = &search_index {
        // Each language its own index, analysed with its own stemmer: an English query is
        // stemmed as English and finds the English pages.
        let languages = library.translated_languages(&config.site);
        for lang in languages {
            let documents = search::documents_in(&library, &docs, lang, config.base_path());
            match search::build(documents, Default::default(), lang) {
                Ok(translated) => built.translated_search.push(translated),
                Err(e) => built
                    .diagnostics
                    .push(diagnostics::Diagnostic::error(format!("search index ({lang}): {e:#}"))),
            }
        }
        let exports = std::iter::once((index, "search/".to_string()))
            .chain(built.translated_search.iter().map(|i| (i, format!("search/{}/", i.lang))));
        for (index, base) in exports {
            match search::export(index, &base) {
                Ok(files) => built.files.extend(files),
                Err(e) => {
                    built.diagnostics.push(diagnostics::Diagnostic::error(format!("search export: {e:#}")))
                }
            }
        }
        built.files.sort_by(|a, b| a.path.cmp(&b.path));
        lap(&mut built, "export");
    }
    built.search = search_index;
    built.docs = docs;
    built.library = library;
    built.diagnostics.sort();
    built
}

/// The build's date in Europe/Amsterdam. `SOURCE_DATE_EPOCH` (seconds) fixes it, for
/// reproducible builds and tests.
pub fn today() -> jiff::civil::Date {
    build_time().date()
}

/// The build's moment in Europe/Amsterdam (`SOURCE_DATE_EPOCH` fixes it).
pub fn build_time() -> jiff::ZonedDateTime {
    let tz = jiff::tz::TimeZone::get("Europe/Amsterdam").unwrap_or(jiff::tz::TimeZone::UTC);
    let now = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse::<i64>().ok())
        .and_then(|s| jiff::Timestamp::from_second(s).ok())
        .unwrap_or_else(jiff::Timestamp::now);
    now.to_zoned_datetime(tz)
}
