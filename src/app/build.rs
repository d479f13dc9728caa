//! A whole build, stage after stage, timed: what `kennisbank build` and `check` run, and what
//! tests inspect. Stops after the docs when the input already has errors, so that errors are
//! not repeated as follow-up errors of the index and the templates.

use std::time::{Duration, Instant};

use kb_core::OutputFile;
use kb_core::diagnostics::Diagnostics;
use kb_search as search;

use crate::index::Indexes;
use crate::load::Loaded;
use crate::load::config::Config;
use crate::model as site;
use crate::pages::{Staged, render_pages};
use crate::{docs, index, load, model, output};

/// Everything a build produced, held in memory: `build` writes it, tests inspect it.
#[derive(Default)]
pub struct BuiltSite {
    pub files: Vec<OutputFile>,
    pub diagnostics: Diagnostics,
    pub pages: usize,
    pub sections: usize,
    /// Each stage's name and the time it took, in order.
    pub timings: Vec<StageTime>,
    /// The model and rendered markdown, for `kennisbank check`.
    pub library: site::Library,
    pub docs: docs::Docs,
    /// The manifest of the offline set, when the site names `[offline] sections`.
    pub offline: Option<output::offline::OfflineManifest>,
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

/// Runs every stage but writing. Stops after the docs when the input already has errors, so
/// that errors are not repeated as follow-up errors.
pub fn build_site(config: &Config) -> BuiltSite {
    build_site_with_progress(config, &|_| {})
}

/// The number of stages [`build_site_with_progress`] reports, for a progress bar's length.
pub const STAGES: u64 = 8;

/// [`build_site`], calling `progress` with the name of each stage as it finishes (for a
/// progress bar on a terminal).
pub fn build_site_with_progress(config: &Config, progress: &dyn Fn(&'static str)) -> BuiltSite {
    build_site_after(config, Vec::new(), progress)
}

/// [`build_site_with_progress`] for a config that has problems already (`earlier`, from
/// [`Config::read`]): they are reported with the build's own, and errors among them stop the
/// build after the docs, as errors of the content do. One round shows every error.
pub fn build_site_after(
    config: &Config,
    earlier: Vec<kb_core::diagnostics::Diagnostic>,
    progress: &dyn Fn(&'static str),
) -> BuiltSite {
    build_site_into(config, earlier, progress, None)
}

/// [`build_site_after`], writing each page into `staging` as soon as it is rendered (what
/// `kennisbank build` does, so that the site's HTML is never all in memory at once): the
/// returned files then hold those pages' paths without their bytes, and
/// [`crate::output::commit`] writes the rest and swaps the folder in.
pub fn build_site_into(
    config: &Config,
    earlier: Vec<kb_core::diagnostics::Diagnostic>,
    progress: &dyn Fn(&'static str),
    staging: Option<&kb_core::staging::Staging>,
) -> BuiltSite {
    let mut built = BuiltSite::default();
    built.diagnostics.extend(earlier);
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

    let (loaded, problems) = load::load(config);
    built.diagnostics.extend(problems);
    lap(&mut built, "load");

    let Loaded { content, data, theme, highlighter } = loaded;
    let (library, problems) = model::build(config, content, &data);
    built.diagnostics.extend(problems);
    built.pages = library.pages.len();
    built.sections = library.sections.len();
    lap(&mut built, "model");
    let mut library = library;
    let (docs, spill) = match staging {
        // Writing to disk: nothing after the docs stage reads the markdown again, and the
        // HTML waits for the pages stage in a file (see `docs::render_taking`). Without a
        // spill file (the folder refused one), the HTML waits in memory.
        Some(staging) => {
            let bodies = library.take_bodies();
            let spill = kb_core::spill::Spill::in_dir(staging.dir()).ok().map(std::sync::Arc::new);
            (docs::render_taking(&library, &highlighter, &theme.strings, bodies, spill.clone()), spill)
        }
        None => (docs::render(&library, &highlighter, &theme.strings), None),
    };
    lap(&mut built, "markdown");
    if built.diagnostics.has_errors() {
        // The model has what `check`'s editorial checks read; rendering it would only add
        // follow-up errors.
        built.library = library;
        built.docs = docs;
        built.diagnostics.sort();
        return built;
    }

    let input = index::index_input(&library, &docs);
    let mut docs = docs;
    if staging.is_some() && library.settings.offline_sections.is_empty() {
        // Writing to disk, and no offline search index to build from the docs later: the
        // search index has all it reads of the text (see release_text).
        docs.release_text();
    }
    let (indexes, problems) = index::index_from(input, search::Purpose::Export, None);
    built.diagnostics.extend(problems);
    lap(&mut built, "index");
    let related = index::related(&library, &indexes);
    lap(&mut built, "related");

    let staged = Staged { library, data, theme, highlighter, docs };
    let now = load::clock::build_time();
    // The search files are exported beside the pages: they read only the indexes, and the
    // export's serial stretches fill the cores the pages leave idle (the stage's times
    // include it). The indexes go as soon as they are exported, not when the pages are done:
    // some 300 MB at 100,000 pages.
    let publish_search = staged.library.settings.search;
    let export = move || {
        let files = output::search_files(publish_search, &indexes, staging);
        drop(indexes);
        files
    };
    let ((files, problems), search) = rayon::join(|| render_pages(&staged, &related, &now, staging), export);
    built.diagnostics.extend(problems);
    lap(&mut built, "render");
    let (files, problems) = output::finish_output(&staged, files, search, &now, staging);
    built.diagnostics.extend(problems);
    built.offline = output::offline::manifest(&files);
    built.files = files;
    if let Some(failure) = spill.and_then(|spill| spill.failure()) {
        built.diagnostics.push(
            kb_core::diagnostics::Diagnostic::error(format!(
                "the pages' text could not be read back from the build's temporary file: {failure}"
            ))
            .with_hint("check the disk the output folder is on (space, errors), then build again"),
        );
    }
    lap(&mut built, "output");

    built.docs = staged.docs;
    built.library = staged.library;
    built.diagnostics.sort();
    built
}

/// Runs the stages a query needs, load -> model -> docs -> index, and never a template.
pub fn search_indexes(config: &Config) -> (Indexes, Diagnostics) {
    let mut diagnostics = Diagnostics::default();
    let (loaded, problems) = load::load(config);
    diagnostics.extend(problems);
    let (library, problems) = model::build(config, loaded.content, &loaded.data);
    diagnostics.extend(problems);
    if diagnostics.has_errors() {
        return (Indexes::default(), diagnostics);
    }
    let docs = docs::render(&library, &loaded.highlighter, &loaded.theme.strings);
    let (indexes, problems) = index::index(&library, &docs, search::Purpose::Query);
    diagnostics.extend(problems);
    (indexes, diagnostics)
}
