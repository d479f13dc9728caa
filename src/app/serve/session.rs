//! The incremental rebuild behind `serve`: the stages' values of the last good build, kept so
//! that an edit recomputes only what it touched.
//!
//! An update always reruns the cheap stages (config, load, model). The docs stage renders only
//! the documents whose docs key changed (see [`digest`]); the others are moved over from the
//! last build. The pages stage renders every job when the config, theme, data or the site's
//! shape (the cross digests, see [`digest::Cross`]) changed, and otherwise only the jobs whose
//! own key changed or that read a document whose facts changed (see `reads`): an edit to a
//! page's body re-renders that page, one to its title the pages that show it. Output bytes are
//! compared, so that only changed files replace the served ones. Body edits and front-matter
//! edits of one page skip load and model too (`session/patch.rs`, `session/front.rs`).
//!
//! The search index and related pages are slow on a large site, so they are not part of an
//! update: [`Session::search_job`] hands out what they need, [`SearchJob::run`] builds them on
//! another thread, and [`Session::apply_search`] takes the result in (re-rendering the pages
//! whose related pages changed); the search thread then runs the latest update's job. A full build and an update
//! followed by its search job give the same bytes; `tests/testsuite/serve_incremental.rs`
//! checks that on random edits.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use super::digest::{self, Cross, Digest, DocKeys, Feed};
use super::reads;
use super::reload::{self, LoadCache};
use crate::docs::{Docs, Reused};
use crate::load::config::{BuildOptions, Config};
use crate::model::{Library, NodeId, PageId};
use crate::pages::jobs::{Job, PlannedJob};
use kb_core::OutputFile;
use kb_core::diagnostics::{Diagnostic, Diagnostics};
use kb_markdown::highlight::Highlighter;

mod front;
mod patch;
mod preview;

pub use preview::Preview;

/// The served files by path (`a/index.html`, no leading slash).
pub type Files = HashMap<String, Arc<Vec<u8>>>;

/// The last good build's stage values.
struct Built {
    config: Config,
    library: Arc<Library>,
    docs: Arc<Docs>,
    data: crate::load::data::DataFiles,
    theme: crate::load::theme::Theme,
    /// What every document's markdown reads besides the document (see [`digest::docs_global`]).
    docs_global: Digest,
    doc_keys: DocKeys,
    /// Every template job of the model, as the last render planned them.
    plan: Vec<PlannedJob>,
    /// Config, theme, data and build time.
    global: Digest,
    cross: Cross,
    /// Per taxonomy, its terms' page counts (see [`reads::term_counts`]).
    term_counts: Vec<Digest>,
    /// Related pages per page of `library`, from the session's related pages by content path
    /// (see [`related_indices`]). Set with a new model or a new search result, never per edit:
    /// looking up every page's related pages by path took 70 of the 76 ms of a body edit at
    /// 100,000 pages. A patch keeps the model's page ids, so these stay right through it.
    related: Vec<Vec<PageId>>,
    /// Job file -> the key it was rendered with, and the downloads it offered.
    jobs: Jobs,
    /// The paths of the files that are not jobs' (assets, feeds, sitemap...): kept as they
    /// are while neither the global nor the cross digest changes.
    other: Vec<String>,
}

type Jobs = HashMap<String, (Digest, Vec<String>)>;

/// Which jobs an update renders besides those whose own key changed.
enum Scope {
    /// All: the config, theme, data or the site's shape changed.
    Everything,
    /// Those that read one of these documents' facts (see [`reads`]).
    Reading(HashSet<NodeId>),
}

impl Built {
    /// What the pages stage renders this build from.
    fn pages_input<'a>(&'a self, now: &'a jiff::ZonedDateTime) -> crate::pages::PagesInput<'a> {
        crate::pages::PagesInput {
            lib: &self.library,
            data: &self.data,
            docs: &self.docs,
            related: &self.related,
            theme: &self.theme,
            now,
            staging: None,
        }
    }
}

pub struct Session {
    root: PathBuf,
    options: BuildOptions,
    highlighter: Highlighter,
    /// The build's moment, fixed when serving starts (so that a later edit does not
    /// re-render every page for a new date).
    now: jiff::ZonedDateTime,
    built: Option<Built>,
    /// What the load stage reuses: parsed content files, shortcodes, outlines.
    load_cache: LoadCache,
    /// The page templates, compiled once while their files stay the same.
    templates: Option<crate::pages::CompiledTemplates>,
    files: Arc<Files>,
    /// Related pages by content path, from the last search job.
    related: HashMap<String, Vec<String>>,
    /// The published search files of the last search job.
    search_files: Vec<(String, Arc<Vec<u8>>)>,
    /// Counts updates; a search job is for the generation it was handed out in.
    generation: u64,
    /// The generation of the search job whose result is in.
    search_generation: u64,
    /// Each document's tokens from the last search job (out while a job runs).
    search_cache: Option<kb_search::AnalysisCache>,
}

/// What an update did, for the terminal.
#[derive(Debug, Default)]
pub struct Report {
    pub pages: usize,
    pub documents: usize,
    pub documents_rendered: usize,
    pub jobs: usize,
    pub jobs_rendered: usize,
    pub files_changed: usize,
    pub files_removed: usize,
    /// A body or front-matter edit patched into the last build (see `Session::update_files`):
    /// the model's pages and URLs are the ones before.
    pub patched: bool,
    /// Stage name and time taken, in order.
    pub timings: Vec<(&'static str, Duration)>,
}

impl std::fmt::Display for Report {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let total: Duration = self.timings.iter().map(|(_, d)| *d).sum();
        write!(
            f,
            "{} pages in {} ms{}: markdown {} of {} documents, templates {} of {} pages, {} files changed, {} removed (",
            self.pages,
            total.as_millis(),
            if self.patched { " (patched)" } else { "" },
            self.documents_rendered,
            self.documents,
            self.jobs_rendered,
            self.jobs,
            self.files_changed,
            self.files_removed
        )?;
        for (i, (name, took)) in self.timings.iter().enumerate() {
            let sep = if i == 0 { "" } else { ", " };
            write!(f, "{sep}{name} {:.1} ms", took.as_secs_f64() * 1000.0)?;
        }
        write!(f, ")")
    }
}

/// Why an update failed: the problems, and the model if the failure came before the session
/// took it (to tell which pages the problems are in; else see [`Session::library`]).
pub struct Failure {
    pub diagnostics: Diagnostics,
    pub config: Option<Config>,
    pub library: Option<Library>,
}

/// What a search job needs: owned or shared values, so that it runs beside the next update.
pub struct SearchJob {
    generation: u64,
    library: Arc<Library>,
    docs: Arc<Docs>,
    /// The documents' tokens from the last job: only changed documents are cut again.
    cache: kb_search::AnalysisCache,
}

/// A search job's result.
pub struct SearchUpdate {
    generation: u64,
    related: HashMap<String, Vec<String>>,
    files: Vec<OutputFile>,
    pub problems: Vec<Diagnostic>,
    /// The job's cache, for the next job.
    cache: kb_search::AnalysisCache,
}

impl Session {
    /// A session that has built nothing yet; the first [`Session::update`] builds everything.
    pub fn new(root: &Path, options: BuildOptions) -> Self {
        crate::load::images::remember_made_images();
        Session {
            root: root.to_path_buf(),
            options,
            highlighter: Highlighter::new(),
            now: crate::load::clock::build_time(),
            built: None,
            load_cache: LoadCache::default(),
            templates: None,
            files: Arc::default(),
            related: HashMap::new(),
            search_files: Vec::new(),
            generation: 0,
            search_generation: 0,
            search_cache: None,
        }
    }

    /// The files of the last good build.
    pub fn files(&self) -> &Arc<Files> {
        &self.files
    }

    /// The config of the last update that got past the model stage.
    pub fn config(&self) -> Option<&Config> {
        self.built.as_ref().map(|b| &b.config)
    }

    /// The model of the last update that got past the model stage.
    pub fn library(&self) -> Option<&Library> {
        self.built.as_ref().map(|b| &*b.library)
    }

    /// Reads the site again and recomputes what changed. On failure the last good files stay.
    pub fn update(&mut self) -> Result<Report, Box<Failure>> {
        let mut report = Report::default();
        let mut timer = Instant::now();
        let mut lap = |report: &mut Report, name: &'static str| {
            report.timings.push((name, timer.elapsed()));
            timer = Instant::now();
        };
        let config = Config::load(&self.root, &self.options)
            .map_err(|d| Box::new(Failure { diagnostics: d, config: None, library: None }))?;
        let mut diagnostics = Diagnostics::default();
        let (loaded, problems) = reload::load(&config, &mut self.load_cache);
        diagnostics.extend(problems);
        let reload::Reloaded { content, shortcodes, data, theme } = loaded;
        lap(&mut report, "load");
        let (library, problems) = crate::model::build(&config, content, &data);
        diagnostics.extend(problems);
        reload::remember_outlines(&mut self.load_cache, &config, &library);
        lap(&mut report, "model");
        if diagnostics.has_errors() {
            return Err(Box::new(Failure { diagnostics, config: Some(config), library: Some(library) }));
        }

        // From here on the last build's documents are moved into this one: a failure later
        // leaves a build whose jobs all render again next time.
        let previous = self.built.take();
        let docs_global = digest::docs_global(&config, &theme.strings, &shortcodes, &library);
        let doc_keys = digest::doc_keys(&docs_global, &library);
        let (reused, previous) = match previous {
            Some(p) => {
                let Built {
                    docs, doc_keys: old_keys, global, cross, jobs, other, library, theme, data, ..
                } = p;
                // The old model is thrown away on another thread: freeing it takes as long as
                // the rest of a small update.
                std::thread::spawn(move || drop((library, theme, data)));
                (reusable_docs(docs, &old_keys, &doc_keys), Some((global, cross, jobs, other)))
            }
            None => (Reused::default(), None),
        };
        report.documents = library.pages.len() + library.sections.len() + library.translations.len();
        report.documents_rendered = report.documents
            - [&reused.pages, &reused.sections, &reused.translations]
                .iter()
                .map(|given| given.iter().filter(|r| r.is_some()).count())
                .sum::<usize>();
        let docs = crate::docs::render_reusing(&library, &self.highlighter, &theme.strings, reused);
        lap(&mut report, "markdown");

        let cross = {
            let input = crate::pages::PagesInput {
                lib: &library,
                data: &data,
                docs: &docs,
                related: &[],
                theme: &theme,
                now: &self.now,
                staging: None,
            };
            cross_digests(&input)
        };
        let global = global_digest(&config, &theme, &data, &self.now);
        let (scope, jobs, other) = match previous {
            Some((g, c, jobs, other)) => {
                let changed = if g == global { c.changed(&cross) } else { None };
                (changed.map_or(Scope::Everything, Scope::Reading), jobs, other)
            }
            None => (Scope::Everything, Jobs::new(), Vec::new()),
        };
        let term_counts = reads::term_counts(&library);
        let related = related_indices(&library, &self.related);
        let mut built = Built {
            config,
            library: Arc::new(library),
            docs: Arc::new(docs),
            data,
            theme,
            docs_global,
            doc_keys,
            plan: Vec::new(),
            global,
            term_counts,
            related,
            cross,
            jobs: Jobs::new(),
            other,
        };
        let rendered = self.render(&mut built, jobs, scope, &mut report);
        lap(&mut report, "render");
        let config = built.config.clone();
        report.pages = built.library.pages.len();
        self.built = Some(built);
        // A search job handed out before is for another model now, whatever came of this one.
        self.generation += 1;
        rendered
            .map(|()| report)
            .map_err(|diagnostics| Box::new(Failure { diagnostics, config: Some(config), library: None }))
    }

    /// What the search index and related pages of the last update need, when the site has
    /// either.
    pub fn search_job(&mut self) -> Option<SearchJob> {
        let built = self.built.as_ref()?;
        let settings = &built.library.settings;
        (settings.search || settings.related > 0).then(|| SearchJob {
            generation: self.generation,
            library: Arc::clone(&built.library),
            docs: Arc::clone(&built.docs),
            cache: self.search_cache.take().unwrap_or_default(),
        })
    }

    /// Takes a search job's result in, re-rendering the pages whose related pages changed.
    /// A result that an edit overtook is taken too (while edits keep coming, a slightly old
    /// index beats none; the next job's result replaces it); `None` for a result older than
    /// the one already in.
    pub fn apply_search(&mut self, update: SearchUpdate) -> Option<Result<Report, Diagnostics>> {
        self.search_cache = Some(update.cache);
        if update.generation <= self.search_generation {
            return None;
        }
        let mut built = self.built.take()?;
        if update.problems.iter().any(Diagnostic::is_error) {
            self.built = Some(built);
            return Some(Err(Diagnostics { items: update.problems }));
        }
        self.search_generation = update.generation;
        let search_files: Vec<_> = update.files.into_iter().map(|f| (f.path, Arc::new(f.bytes))).collect();
        if !built.jobs.is_empty() {
            self.built = Some(built);
            return Some(self.patch_related(update.related, search_files));
        }
        // The last render failed: every job renders again.
        self.related = update.related;
        built.related = related_indices(&built.library, &self.related);
        self.search_files = search_files;
        let started = Instant::now();
        let mut report = Report { pages: built.library.pages.len(), ..Report::default() };
        let rendered = self.render(&mut built, Jobs::new(), Scope::Reading(HashSet::new()), &mut report);
        report.timings.push(("render", started.elapsed()));
        self.built = Some(built);
        Some(rendered.map(|()| report))
    }

    /// The pages stage: every job for [`Scope::Everything`], else the jobs whose key is not
    /// the one in `previous` or that read a changed document; then the served files put
    /// together from the new and the kept ones.
    fn render(
        &mut self,
        built: &mut Built,
        mut previous: Jobs,
        scope: Scope,
        report: &mut Report,
    ) -> Result<(), Diagnostics> {
        let input = built.pages_input(&self.now);
        let key = |job: &PlannedJob| job_key(job, built);
        let stale = |job: &PlannedJob| match &scope {
            Scope::Everything => true,
            Scope::Reading(changed) => {
                previous.get(&job.file()).is_none_or(|(k, _)| *k != key(job))
                    || reads::of(&job.job, &built.library, &built.related).any_of(changed)
            }
        };
        // Feeds, the sitemap and calendars list documents' facts: made again when one changed.
        let other = match &scope {
            Scope::Everything => true,
            Scope::Reading(changed) => !changed.is_empty(),
        };
        let rerender = crate::pages::Rerender { job: &stale, other };
        let (output, problems) = crate::pages::pages_reusing(&input, &rerender, &mut self.templates);
        if problems.iter().any(Diagnostic::is_error) {
            return Err(Diagnostics { items: problems });
        }

        let old = Arc::clone(&self.files);
        let mut files = Files::with_capacity(old.len());
        let mut put = |files: &mut Files, path: String, bytes: Vec<u8>| match old.get(&path) {
            Some(same) if **same == bytes => {
                files.insert(path, Arc::clone(same));
            }
            _ => {
                report.files_changed += 1;
                files.insert(path, Arc::new(bytes));
            }
        };
        report.jobs = output.plan.len();
        let mut jobs = Jobs::with_capacity(output.plan.len());
        for (planned, out) in output.plan.iter().zip(output.jobs) {
            let file = planned.file();
            let (key, downloads) = match out {
                Some((page, offered)) => {
                    report.jobs_rendered += 1;
                    put(&mut files, page.path, page.bytes);
                    let paths = offered.iter().map(|d| d.path.clone()).collect();
                    for d in offered {
                        if !files.contains_key(&d.path) {
                            put(&mut files, d.path, d.bytes);
                        }
                    }
                    (key(planned), paths)
                }
                None => {
                    // Skipped: its key is the one it was rendered with (`stale` compared them).
                    let Some((key, paths)) = previous.remove(&file) else { continue };
                    for path in std::iter::once(&file).chain(&paths) {
                        if let Some(bytes) = old.get(path) {
                            files.entry(path.clone()).or_insert_with(|| Arc::clone(bytes));
                        }
                    }
                    (key, paths)
                }
            };
            jobs.insert(file, (key, downloads));
        }
        built.plan = output.plan;
        if other {
            built.other = output.other.iter().map(|f| f.path.clone()).collect();
        } else {
            // Only the files copied from `content/` were made: the rest are the last ones.
            for path in &built.other {
                if let Some(bytes) = old.get(path) {
                    files.insert(path.clone(), Arc::clone(bytes));
                }
            }
            for file in &output.other {
                if !built.other.contains(&file.path) {
                    built.other.push(file.path.clone());
                }
            }
        }
        for file in output.other {
            put(&mut files, file.path, file.bytes);
        }
        // Charts drawn by shortcodes in the markdown offer their CSV downloads, as in a build
        // (`crate::output::finish_output`): where no other file has the path.
        let docs = &built.docs;
        for rendered in docs.pages.iter().chain(&docs.sections).chain(&docs.translations) {
            for file in &rendered.downloads {
                if !files.contains_key(&file.path) {
                    put(&mut files, file.path.clone(), file.bytes.clone());
                }
            }
        }
        for (path, bytes) in &self.search_files {
            files.insert(path.clone(), Arc::clone(bytes));
        }
        report.files_removed = old.keys().filter(|path| !files.contains_key(*path)).count();
        self.files = Arc::new(files);
        built.jobs = jobs;
        Ok(())
    }
}

impl SearchJob {
    /// The search index, related pages and search files (seconds on a large site).
    pub fn run(mut self) -> SearchUpdate {
        // The documents are copied out first and the model and docs let go: while a job holds
        // them, an update has to copy what it changes (a body edit's patch, the documents a
        // full update reuses) instead of taking it.
        let input = crate::index::index_input(&self.library, &self.docs);
        let (related_count, search) = (self.library.settings.related, self.library.settings.search);
        let rels: Vec<String> = self.library.pages.iter().map(|p| p.doc.rel().to_string()).collect();
        drop((self.docs, self.library));
        let (indexes, mut problems) =
            crate::index::index_from(input, kb_search::Purpose::Export, Some(&mut self.cache));
        let related = crate::index::related_of(related_count, rels.len(), &indexes);
        let (files, found) = crate::output::output_files(search, &indexes, Vec::new());
        problems.extend(found);
        let related = rels
            .iter()
            .zip(&related)
            .filter(|(_, found)| !found.is_empty())
            .map(|(rel, found)| (rel.clone(), found.iter().map(|i| rels[i.index()].clone()).collect()))
            .collect();
        SearchUpdate { generation: self.generation, related, files, problems, cache: self.cache }
    }
}

/// The last build's documents whose key is among `keys`, moved (or, while a search job still
/// holds them, copied) to their place in the new model's order.
fn reusable_docs(docs: Arc<Docs>, old_keys: &DocKeys, keys: &DocKeys) -> Reused {
    let by_key: HashMap<Digest, NodeId> = old_keys.all().map(|(id, k)| (k, id)).collect();
    let mut docs = Arc::try_unwrap(docs);
    let mut take = |key: &Digest| {
        let id = *by_key.get(key)?;
        Some(match &mut docs {
            Ok(owned) => std::mem::take(match id {
                NodeId::Page(i) => &mut owned.pages[i.index()],
                NodeId::Section(i) => &mut owned.sections[i.index()],
                NodeId::Translation(i) => &mut owned.translations[i.index()],
            }),
            Err(shared) => shared.get(id).clone(),
        })
    };
    Reused {
        pages: keys.pages.iter().map(&mut take).collect(),
        sections: keys.sections.iter().map(&mut take).collect(),
        translations: keys.translations.iter().map(&mut take).collect(),
    }
}

/// The cross digests of what `input` renders from (its related pages are not read).
fn cross_digests(input: &crate::pages::PagesInput) -> Cross {
    let site_views = crate::pages::site_views_json(input);
    let anchors = digest::templates_read_anchors(&input.theme.templates);
    digest::cross(input.lib, input.docs, anchors, &site_views)
}

/// Related pages per page of `lib`, from related pages by content path.
fn related_indices(lib: &Library, related: &HashMap<String, Vec<String>>) -> Vec<Vec<PageId>> {
    lib.pages
        .iter()
        .map(|page| {
            related.get(page.doc.rel()).map_or_else(Vec::new, |found| {
                found
                    .iter()
                    .filter_map(|rel| match lib.by_rel.get(rel) {
                        Some(NodeId::Page(i)) => Some(*i),
                        _ => None,
                    })
                    .collect()
            })
        })
        .collect()
}

/// What every job reads besides the model: config, theme (templates, static files, strings),
/// data files and the build's moment.
fn global_digest(
    config: &Config,
    theme: &crate::load::theme::Theme,
    data: &crate::load::data::DataFiles,
    now: &jiff::ZonedDateTime,
) -> Digest {
    let mut feed = Feed::new("global");
    feed.debug(config).debug(&theme.strings).debug(data).debug(now);
    for file in theme.templates.iter().chain(&theme.statics) {
        feed.text(&file.rel).bytes(&file.bytes);
    }
    feed.finish()
}

/// A job's own inputs: while the cross digests stand, a job renders the same HTML as long as
/// this is the same: the docs keys of [`job_documents`], the related pages of the pages it
/// shows in full, and for a term its list of pages. Lists and overviews read nothing but the
/// cross digests' facts.
fn job_key(job: &PlannedJob, built: &Built) -> Digest {
    let (lib, keys) = (&*built.library, &built.doc_keys);
    let mut feed = Feed::new("job");
    feed.text(&job.path).debug(&job.job);
    for node in job_documents(&job.job, lib) {
        feed.digest(&keys.get(node));
    }
    if let Job::Term(t, k) = &job.job {
        reads::term_key(&mut feed, lib, &built.term_counts, *t, *k);
    }
    // A translation's view reads its original's related pages too; a print pack none.
    let shown = match &job.job {
        Job::Page(i) => Some(*i),
        Job::Translation(t) => match lib.translation(*t).original {
            NodeId::Page(p) => Some(p),
            _ => None,
        },
        _ => None,
    };
    if let Some(i) = shown {
        feed.debug(&built.related.get(i.index()));
    }
    feed.finish()
}

/// The documents whose markdown a job shows: its own, a translation's original, and every
/// page of a print pack.
fn job_documents(job: &Job, lib: &Library) -> Vec<NodeId> {
    match job {
        Job::Page(i) => vec![NodeId::Page(*i)],
        Job::Section { section, .. } => vec![NodeId::Section(*section)],
        Job::PrintPack(section) => std::iter::once(NodeId::Section(*section))
            .chain(crate::pages::print::pages_in_order(lib, *section).into_iter().map(NodeId::Page))
            .collect(),
        Job::Translation(t) => vec![NodeId::Translation(*t), lib.translation(*t).original],
        _ => Vec::new(),
    }
}
