//! kennisbank: markdown in, a complete, accessible, private static knowledge-base site out.
//!
//! A build is a list of stages. Each is a function from the values of earlier stages to a new
//! value, data flowing one way; no module imports a later stage:
//!
//! 1. [`load`]: config is given; content (front matter, in parallel), data files, the theme
//!    (templates, static files, interface strings) and the syntax highlighter, each read once
//! 2. [`model`]: the `Library`: URLs, order, taxonomies, resolved links, backlinks
//! 3. [`docs`]: the markdown of every document -> HTML, table of contents, plain text
//! 4. [`index`]: the search index of each language; [`related`]: related pages per page
//! 5. [`pages`]: every page through its template -> in-memory output files
//! 6. [`output`]: the offline set ([`offline`]) and the search export added, one collision check over every file, then
//!    `output::write` swaps them in atomically (or `serve` serves them from memory)
//!
//! `build_site` runs them all; `kennisbank search` stops after the index, `check` adds
//! editorial checks to a whole build, `serve` keeps the values and reruns stages on an edit.
//! Problems are collected as `Diagnostic`s across all stages and reported together.

pub mod charts;
pub mod check;
pub mod cli;
pub mod config;
pub mod content;
pub mod data;
pub mod diagnostics;
pub mod docs;
pub mod escape;
pub mod i18n;
pub mod init_from;
pub mod markdown;
pub mod offline;
pub mod output;
pub mod readability;
pub mod render;
pub mod scaffold;
pub mod search;
pub mod serve;
pub mod site;
pub mod theme;
pub mod url_scheme;

use std::time::{Duration, Instant};

use config::Config;
use diagnostics::{Diagnostic, Diagnostics};
use markdown::highlight::Highlighter;
use output::OutputFile;

/// What the load stage read: every input of a build but the config.
pub struct Loaded {
    pub content: content::Loaded,
    pub data: data::DataFiles,
    pub theme: theme::Theme,
    pub highlighter: Highlighter,
}

/// Stage 1: reads content, data and theme (the highlighter's syntaxes load meanwhile).
pub fn load(config: &Config) -> (Loaded, Vec<Diagnostic>) {
    let highlighter = std::thread::spawn(Highlighter::new);
    let (mut content, mut problems) = content::load(config);
    let (theme, found) = theme::load(config);
    problems.extend(found);
    problems.extend(theme::missing_page_templates(config, &mut content, &theme));
    let (data, found) = data::load(&config.data_dir);
    problems.extend(found);
    let (shortcodes, found) = theme::shortcodes(config, &theme, &data);
    problems.extend(found);
    content.shortcodes = std::sync::Arc::new(shortcodes);
    let highlighter = highlighter.join().unwrap_or_default();
    (Loaded { content, data, theme, highlighter }, problems)
}

/// Stage 2: the site model.
pub fn model(
    config: &Config,
    content: content::Loaded,
    data: &data::DataFiles,
) -> (site::Library, Vec<Diagnostic>) {
    site::build(config, content, data)
}

/// Stage 3: the markdown of every document.
pub fn docs(
    config: &Config,
    library: &site::Library,
    highlighter: &Highlighter,
    theme: &theme::Theme,
) -> docs::Docs {
    docs::render(config, library, highlighter, &theme.strings)
}

/// The search index of each language: the default language's first.
#[derive(Default)]
pub struct Indexes {
    /// The default language's index; also built, unpublished, for related pages when search
    /// is off.
    pub default: Option<search::SearchIndex>,
    /// One per other language that has translated pages (only with search on).
    pub translated: Vec<search::SearchIndex>,
}

/// Stage 4a: the search indexes, each language analysed with its own stemmer; for publishing,
/// or also for queries (`kennisbank search`).
pub fn index(
    config: &Config,
    library: &site::Library,
    docs: &docs::Docs,
    purpose: search::Purpose,
) -> (Indexes, Vec<Diagnostic>) {
    index_from(index_input(config, library, docs), purpose, None)
}

/// Abbreviation -> the words it stands for, from the glossary.
type Synonyms = std::collections::BTreeMap<String, Vec<String>>;

/// What the search indexes are built from, owned: `serve` takes it from the model and the
/// docs and builds the indexes on another thread while the next edit is rendered.
#[derive(Default)]
pub struct IndexInput {
    /// The default language's documents, synonyms, glossary and code; `None` when neither
    /// search nor related pages are on.
    default: Option<(Vec<search::SearchDoc>, Synonyms, search::Glossary, String)>,
    /// Language code and documents, per other language with translated pages (search on).
    translated: Vec<(String, Vec<search::SearchDoc>)>,
}

/// The documents of each search index ([`index`]'s first half).
pub fn index_input(config: &Config, library: &site::Library, docs: &docs::Docs) -> IndexInput {
    let search = config.site.search.enabled;
    if !search && config.site.related.count == 0 {
        return IndexInput::default();
    }
    let base = config.base_path();
    let default = config.site.default_language.clone();
    let translated = if search {
        library
            .translated_languages(&config.site)
            .into_iter()
            .map(|lang| (lang.to_string(), search::documents_in(library, docs, lang, base)))
            .collect()
    } else {
        Vec::new()
    };
    IndexInput {
        default: Some((
            search::documents(library, docs, base),
            search::synonyms(library),
            search::Glossary::new(&library.glossary),
            default,
        )),
        translated,
    }
}

/// The search indexes from their documents ([`index`]'s second half). With a `cache` (serve),
/// only the documents whose text changed since the cache's last job are cut again.
pub fn index_from(
    input: IndexInput,
    purpose: search::Purpose,
    mut cache: Option<&mut search::AnalysisCache>,
) -> (Indexes, Vec<Diagnostic>) {
    let mut indexes = Indexes::default();
    let mut problems = Vec::new();
    if let Some((documents, synonyms, glossary, default)) = input.default {
        match search::build(documents, synonyms, &glossary, &default, purpose, cache.as_deref_mut()) {
            Ok(index) => indexes.default = Some(index),
            Err(e) => problems.push(Diagnostic::error(format!("search index: {e:#}"))),
        }
    }
    for (lang, documents) in input.translated {
        let none = search::Glossary::default();
        match search::build(documents, Default::default(), &none, &lang, purpose, cache.as_deref_mut()) {
            Ok(index) => indexes.translated.push(index),
            Err(e) => problems.push(Diagnostic::error(format!("search index ({lang}): {e:#}"))),
        }
    }
    if let Some(cache) = cache {
        cache.sweep();
    }
    (indexes, problems)
}

/// Stage 4b: up to `[related] count` related pages per page (by page index), best first.
pub fn related(config: &Config, library: &site::Library, indexes: &Indexes) -> Vec<Vec<site::PageId>> {
    related_of(config, library.pages.len(), indexes)
}

/// [`related`] for the model's first `pages` documents, the pages (`serve`'s search job has
/// let the model go by then).
pub fn related_of(config: &Config, pages: usize, indexes: &Indexes) -> Vec<Vec<site::PageId>> {
    let count = config.site.related.count;
    // The index's documents start with the pages, in model order.
    indexes
        .default
        .as_ref()
        .filter(|_| count > 0)
        .map(|index| {
            let found = index.related_all(pages, count);
            found.into_iter().map(|related| related.into_iter().map(site::PageId::new).collect()).collect()
        })
        .unwrap_or_else(|| vec![Vec::new(); pages])
}

/// Stage 5: every page through its template, with the files that come with them.
pub fn pages(input: &render::PagesInput) -> (Vec<OutputFile>, Vec<Diagnostic>) {
    render::pages(input)
}

/// The values of the stages up to the docs: what the later stages read. `serve` keeps them
/// to render the pages twice (first without related pages and search files, then with).
pub struct Staged {
    pub library: site::Library,
    pub data: data::DataFiles,
    pub theme: theme::Theme,
    pub highlighter: Highlighter,
    pub docs: docs::Docs,
}

/// Stages 5 and 6 from the staged values: the pages, then the search export and the
/// collision check.
pub fn render_site(
    config: &Config,
    staged: &Staged,
    indexes: &Indexes,
    related: &[Vec<site::PageId>],
    now: &jiff::ZonedDateTime,
) -> (Vec<OutputFile>, Vec<Diagnostic>) {
    let (files, mut problems) = render_pages(config, staged, related, now);
    let (files, found) = finish_output(config, staged, indexes, files, now);
    problems.extend(found);
    (files, problems)
}

/// Stage 5 from the staged values.
pub fn render_pages(
    config: &Config,
    staged: &Staged,
    related: &[Vec<site::PageId>],
    now: &jiff::ZonedDateTime,
) -> (Vec<OutputFile>, Vec<Diagnostic>) {
    pages(&render::PagesInput {
        config,
        lib: &staged.library,
        data: &staged.data,
        docs: &staged.docs,
        related,
        theme: &staged.theme,
        highlighter: &staged.highlighter,
        now,
    })
}

/// Stage 6 from the staged values: the offline set, then [`output_files`].
pub fn finish_output(
    config: &Config,
    staged: &Staged,
    indexes: &Indexes,
    mut files: Vec<OutputFile>,
    now: &jiff::ZonedDateTime,
) -> (Vec<OutputFile>, Vec<Diagnostic>) {
    let offline = offline::OfflineInput {
        config,
        lib: &staged.library,
        docs: &staged.docs,
        theme: &staged.theme,
        today: now.date(),
    };
    let (stored, mut problems) = offline::files(&offline, &files);
    files.extend(stored);
    // Charts drawn by shortcodes in the markdown offer their CSV downloads there.
    let mut offered: std::collections::BTreeMap<&str, &OutputFile> = Default::default();
    for rendered in staged.docs.pages.iter().chain(&staged.docs.sections).chain(&staged.docs.translations) {
        for file in &rendered.downloads {
            offered.entry(file.path.as_str()).or_insert(file);
        }
    }
    offered.retain(|path, _| !files.iter().any(|f| f.path == *path));
    files.extend(offered.into_values().cloned());
    let (files, found) = output_files(config, indexes, files);
    problems.extend(found);
    (files, problems)
}

/// Stage 6: the published search files of every language added to `files`, then one check
/// over all of them that no two outputs claim the same path. Sorted by path.
pub fn output_files(
    config: &Config,
    indexes: &Indexes,
    mut files: Vec<OutputFile>,
) -> (Vec<OutputFile>, Vec<Diagnostic>) {
    let mut problems = Vec::new();
    if config.site.search.enabled {
        let exports = indexes
            .default
            .iter()
            .map(|i| (i, "search/".to_string()))
            .chain(indexes.translated.iter().map(|i| (i, format!("search/{}/", i.lang))));
        for (index, base) in exports {
            match search::export(index, &base) {
                Ok(exported) => files.extend(exported),
                Err(e) => problems.push(Diagnostic::error(format!("search export: {e:#}"))),
            }
        }
    }
    problems.extend(output::collisions(&mut files));
    (files, problems)
}

/// Everything a build produced, held in memory: `build` writes it, tests inspect it.
#[derive(Default)]
pub struct BuiltSite {
    pub files: Vec<OutputFile>,
    pub diagnostics: Diagnostics,
    pub pages: usize,
    pub sections: usize,
    /// Each stage's name and the time it took, in order.
    pub timings: Vec<StageTime>,
    /// The search index of the default language (with search on), built for publishing (see
    /// [`search_indexes`] for one that answers queries).
    pub search: Option<search::SearchIndex>,
    /// One search index per other language that has translated pages.
    pub translated_search: Vec<search::SearchIndex>,
    /// The model and rendered markdown, for `kennisbank check`.
    pub library: site::Library,
    pub docs: docs::Docs,
    /// The manifest of the offline set, when the site names `[offline] sections`.
    pub offline: Option<offline::OfflineManifest>,
}

/// The wall-clock and CPU time of one stage, and the peak memory so far. The CPU time (all
/// threads) tells what a stage costs when the machine is shared and wall time says more about
/// the neighbours; the peak after each stage tells which stage raised it.
#[derive(Debug, Clone, Copy)]
pub struct StageTime {
    pub name: &'static str,
    pub wall: Duration,
    pub cpu: Duration,
    /// Peak resident memory of the process at the end of the stage, in bytes.
    pub peak_memory: u64,
}

fn resource_usage() -> Option<libc::rusage> {
    // SAFETY: getrusage only writes the struct it is given.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    (unsafe { libc::getrusage(libc::RUSAGE_SELF, &mut usage) } == 0).then_some(usage)
}

/// CPU time used by this process so far, user and system, all threads.
pub fn cpu_time() -> Duration {
    let time = |t: libc::timeval| Duration::new(t.tv_sec as u64, t.tv_usec as u32 * 1000);
    resource_usage().map_or(Duration::ZERO, |u| time(u.ru_utime) + time(u.ru_stime))
}

/// The most resident memory this process has used so far, in bytes.
pub fn peak_memory() -> u64 {
    resource_usage().map_or(0, |u| u.ru_maxrss.max(0) as u64 * 1024)
}

impl BuiltSite {
    pub fn file(&self, path: &str) -> Option<&OutputFile> {
        self.files.iter().find(|f| f.path == path)
    }
}

/// Runs every stage but writing. Stops before the docs when the input already has errors, so
/// that errors are not repeated as follow-up errors.
pub fn build_site(config: &Config) -> BuiltSite {
    build_site_with_progress(config, &|_| {})
}

/// The number of stages [`build_site_with_progress`] reports, for a progress bar's length.
pub const STAGES: u64 = 8;

/// [`build_site`], calling `progress` with the name of each stage as it finishes (for a
/// progress bar on a terminal).
pub fn build_site_with_progress(config: &Config, progress: &dyn Fn(&'static str)) -> BuiltSite {
    let mut built = BuiltSite::default();
    let (mut timer, mut cpu) = (Instant::now(), cpu_time());
    let mut lap = |built: &mut BuiltSite, name: &'static str| {
        let now = cpu_time();
        built.timings.push(StageTime {
            name,
            wall: timer.elapsed(),
            cpu: now.saturating_sub(cpu),
            peak_memory: peak_memory(),
        });
        progress(name);
        (timer, cpu) = (Instant::now(), now);
    };

    let (loaded, problems) = load(config);
    built.diagnostics.extend(problems);
    lap(&mut built, "load");

    let Loaded { content, data, theme, highlighter } = loaded;
    let (library, problems) = model(config, content, &data);
    built.diagnostics.extend(problems);
    built.pages = library.pages.len();
    built.sections = library.sections.len();
    lap(&mut built, "model");
    if built.diagnostics.has_errors() {
        built.library = library;
        built.diagnostics.sort();
        return built;
    }

    let docs = docs(config, &library, &highlighter, &theme);
    lap(&mut built, "markdown");

    let (indexes, problems) = index(config, &library, &docs, search::Purpose::Export);
    built.diagnostics.extend(problems);
    lap(&mut built, "index");
    let related = related(config, &library, &indexes);
    lap(&mut built, "related");

    let staged = Staged { library, data, theme, highlighter, docs };
    let now = build_time();
    let (files, problems) = render_pages(config, &staged, &related, &now);
    built.diagnostics.extend(problems);
    lap(&mut built, "render");
    let (files, problems) = finish_output(config, &staged, &indexes, files, &now);
    built.diagnostics.extend(problems);
    built.offline = offline::manifest(&files);
    built.files = files;
    lap(&mut built, "output");

    if config.site.search.enabled {
        built.search = indexes.default;
        built.translated_search = indexes.translated;
    }
    built.docs = staged.docs;
    built.library = staged.library;
    built.diagnostics.sort();
    built
}

/// Runs the stages a query needs, load -> model -> docs -> index, and never a template.
pub fn search_indexes(config: &Config) -> (Indexes, Diagnostics) {
    let mut diagnostics = Diagnostics::default();
    let (loaded, problems) = load(config);
    diagnostics.extend(problems);
    let (library, problems) = model(config, loaded.content, &loaded.data);
    diagnostics.extend(problems);
    if diagnostics.has_errors() {
        return (Indexes::default(), diagnostics);
    }
    let docs = docs(config, &library, &loaded.highlighter, &loaded.theme);
    let (indexes, problems) = index(config, &library, &docs, search::Purpose::Query);
    diagnostics.extend(problems);
    (indexes, diagnostics)
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
