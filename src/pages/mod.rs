//! The pages stage: every page, section, taxonomy, generated and translated page through its
//! tera template, in parallel, plus the files that come with them (static assets, copied
//! content files, calendars, feeds, sitemap). Reads the model, the rendered markdown and the
//! related pages; returns in-memory output files. It never renders markdown and never reads
//! the search index.
//!
//! Steps, in order: assets (static files, fingerprinted) -> templates (tera with the template
//! functions) -> views (one site view per language) -> plan (a job per page, each with its
//! output path) -> render the jobs -> content files -> calendars -> feeds and sitemap (from
//! the plan).

mod assets;
pub mod feeds;
mod job;
pub mod jobs;
pub mod knowledge;
mod lists;
pub mod module_imports;
pub mod offline;
mod overviews;
pub mod print;
mod products;
mod redirect_files;
mod script_comments;
mod site_view;
mod slides;
mod staged;
pub use staged::{Staged, render_pages};
mod templates;
pub use templates::Compiled as CompiledTemplates;
mod views;

use std::sync::Arc;

use rayon::prelude::*;

use crate::docs::Docs;
use crate::load::theme::Theme;
use crate::model::Library;
use kb_core::OutputFile;
use kb_core::diagnostics::Diagnostic;
use kb_core::staging::Staging;
pub use views::{LinkView, PageSummary, PageView, SectionView};

/// Everything the templates render from.
pub struct PagesInput<'a> {
    pub lib: &'a Library,
    pub data: &'a crate::load::data::DataFiles,
    pub docs: &'a Docs,
    /// Related pages (page indices) per page, best first.
    pub related: &'a [Vec<crate::model::PageId>],
    pub theme: &'a Theme,
    pub now: &'a jiff::ZonedDateTime,
    /// Where each page goes as soon as it is rendered (`build`); `None` keeps the pages in
    /// memory (`serve`, `check`, tests). A page written there stays in the returned files
    /// with its path and no bytes, so the output stage still sees every path.
    pub staging: Option<&'a Staging>,
}

/// Renders every page. Problems are collected; the files of the jobs that worked are returned.
pub fn pages(input: &PagesInput) -> (Vec<OutputFile>, Vec<Diagnostic>) {
    let (output, diagnostics) = pages_where(input, &|_| true);
    (output.into_files(), diagnostics)
}

/// One job's page and the chart downloads it offers.
pub type JobFiles = (OutputFile, Vec<OutputFile>);

/// The pages stage's files with the template jobs apart, so that `serve` can keep the files of
/// the jobs an edit did not touch.
#[derive(Default)]
pub struct PagesOutput {
    /// Every job of the build, rendered or not.
    pub plan: Vec<jobs::PlannedJob>,
    /// Per job of `plan`: its page and the chart downloads it offers; `None` where the filter
    /// skipped the job or its template failed.
    pub jobs: Vec<Option<JobFiles>>,
    /// Everything else (assets, copied content files, calendars, feeds, sitemap), complete.
    pub other: Vec<OutputFile>,
}

impl PagesOutput {
    /// The files of a build: pages, then the downloads (one file where pages draw the same
    /// chart), then the rest.
    pub fn into_files(self) -> Vec<OutputFile> {
        let mut files = Vec::with_capacity(self.jobs.len() + self.other.len());
        let mut downloads: std::collections::BTreeMap<String, OutputFile> = Default::default();
        for (page, offered) in self.jobs.into_iter().flatten() {
            files.push(page);
            for file in offered {
                downloads.entry(file.path.clone()).or_insert(file);
            }
        }
        // A processed image is named after its bytes: one a template made and one the content
        // images made under the same name are the same file.
        let made: std::collections::HashSet<&str> = self.other.iter().map(|f| f.path.as_str()).collect();
        let downloads: Vec<OutputFile> = downloads
            .into_values()
            .filter(|d| !d.path.starts_with("processed_images/") || !made.contains(d.path.as_str()))
            .collect();
        files.extend(downloads);
        files.extend(self.other);
        files
    }
}

/// [`pages`], rendering only the jobs `render_job` accepts (the other files are all made).
pub fn pages_where(
    input: &PagesInput,
    render_job: &(dyn Fn(&jobs::PlannedJob) -> bool + Sync),
) -> (PagesOutput, Vec<Diagnostic>) {
    pages_reusing(input, &Rerender { job: render_job, other: true }, &mut None)
}

/// What `serve` asks of a render after an edit.
pub struct Rerender<'a> {
    /// Whether a job is rendered.
    pub job: &'a (dyn Fn(&jobs::PlannedJob) -> bool + Sync),
    /// Whether the files that are not jobs and read nothing but the model's listing facts,
    /// the theme and the config are made (static assets, calendars, feeds, sitemap, robots,
    /// headers); files copied from `content/` are made always (their bytes are not in the
    /// model).
    pub other: bool,
}

/// What every job renders with: the compiled templates and the views of the site, built once
/// per render (see [`with_renderer`]).
struct Renderer<'a> {
    assets: assets::Assets,
    compiled: &'a CompiledTemplates,
    shared: job::Shared<'a>,
    optional: jobs::Optional<'a>,
}

impl Renderer<'_> {
    /// The jobs `wanted` accepts, in parallel; `None` for the others. A template error is a
    /// diagnostic.
    fn render(
        &self,
        plan: &[jobs::PlannedJob],
        wanted: &(dyn Fn(&jobs::PlannedJob) -> bool + Sync),
        staging: Option<&Staging>,
    ) -> Vec<Option<Result<JobFiles, Diagnostic>>> {
        let (tera, sources, texts) = (&self.compiled.tera, &self.compiled.sources, &self.compiled.texts);
        plan.par_iter()
            .map_init(job::Contexts::default, |contexts, planned| {
                if !wanted(planned) {
                    return None;
                }
                let (html, downloads) =
                    kb_charts::downloads::collect(|| job::render(tera, &self.shared, contexts, planned));
                let page = match html {
                    Ok(html) => OutputFile::new(planned.file(), html),
                    Err(e) => return Some(Err(templates::template_error(&e, sources, texts))),
                };
                Some(match staging {
                    None => Ok((page, downloads)),
                    Some(staging) => match staging.write(&page) {
                        Ok(()) => Ok((OutputFile::new(page.path, Vec::new()), downloads)),
                        Err(e) => Err(Diagnostic::error(format!("cannot write `{}`: {e}", page.path))),
                    },
                })
            })
            .collect()
    }
}

/// Builds the [`Renderer`] (assets, templates compiled or kept in `templates`, views) and
/// hands it to `then`; the problems of the set-up instead when there is no renderer.
fn with_renderer<R>(
    input: &PagesInput,
    templates: &mut Option<CompiledTemplates>,
    then: impl FnOnce(Renderer<'_>) -> R,
) -> Result<R, Vec<Diagnostic>> {
    let PagesInput { lib, data, theme, now, .. } = *input;
    let settings = &lib.settings;

    // Assets: the theme's and the site's static files, and the syntax colours.
    let syntax_css = theme.syntax_css.clone().into_bytes();
    let assets = assets::collect(&theme.statics, vec![("css/syntax.css".to_string(), syntax_css)]);

    // Templates, with the functions they call.
    let base = settings.base_path.clone();
    let functions = templates::FunctionData {
        asset_urls: Arc::new(assets.urls.clone()),
        links: Arc::clone(&lib.link_table),
        base_path: base,
        data: Arc::new(data.clone()),
        translations: Arc::new(theme.strings.clone()),
        default_language: settings.default_language.clone(),
        images: crate::load::images::image_functions(
            &settings.images,
            lib.files.iter().map(|f| (f.path.clone(), f.source.clone())).collect(),
        ),
    };
    let compiled = templates::load_reusing(&theme.templates, &settings.templates_dir, functions, templates)?;

    // Views.
    let views = views_of(input);
    let calendar = overviews::calendar_view(&views, now.datetime());
    let matrix = overviews::passport_matrix(&views);
    let languages = lib.translated_languages();
    let optional_pages =
        site_view::OptionalPages { calendar: calendar.is_some(), passport_overview: matrix.is_some() };
    let sites = site_view::site_views(&views, &optional_pages, &languages);
    let optional = jobs::Optional {
        calendar: calendar.is_some(),
        passport_matrix: matrix.is_some(),
        languages: &languages,
    };
    let shared =
        job::Shared { views: &views, sites: &sites, calendar: calendar.as_ref(), matrix: matrix.as_ref() };
    Ok(then(Renderer { assets, compiled, shared, optional }))
}

/// The views every job renders from.
fn views_of<'a>(input: &PagesInput<'a>) -> views::Views<'a> {
    let PagesInput { lib, docs, related, theme, now, .. } = *input;
    views::Views {
        settings: &lib.settings,
        lib,
        page_html: &docs.pages,
        section_html: &docs.sections,
        translation_html: &docs.translations,
        decks: &docs.decks,
        translation_decks: &docs.translation_decks,
        today: now.date(),
        now: now.datetime(),
        related,
        strings: &theme.strings,
        empty: Default::default(),
    }
}

/// The `site` view of every language as every job gets it, serialized in language order: for
/// `serve`, which re-renders every page when it changed (a top section's title, a menu).
pub fn site_views_json(input: &PagesInput) -> Vec<u8> {
    let views = views_of(input);
    let optional_pages = site_view::OptionalPages {
        calendar: overviews::calendar_view(&views, input.now.datetime()).is_some(),
        passport_overview: overviews::passport_matrix(&views).is_some(),
    };
    let languages = input.lib.translated_languages();
    let sites: std::collections::BTreeMap<_, _> =
        site_view::site_views(&views, &optional_pages, &languages).into_iter().collect();
    serde_json::to_vec(&sites).expect("a site view serializes")
}

/// Renders only `jobs` (of the plan of the same model), for `serve`'s patch of a body edit:
/// per job its files, or the template's error.
pub fn jobs_only(
    input: &PagesInput,
    jobs: &[jobs::PlannedJob],
    templates: &mut Option<CompiledTemplates>,
) -> Result<Vec<JobFiles>, Vec<Diagnostic>> {
    with_renderer(input, templates, |renderer| {
        let mut files = Vec::with_capacity(jobs.len());
        let mut problems = Vec::new();
        for rendered in renderer.render(jobs, &|_| true, None).into_iter().flatten() {
            match rendered {
                Ok(job) => files.push(job),
                Err(d) => problems.push(d),
            }
        }
        if problems.is_empty() { Ok(files) } else { Err(problems) }
    })?
}

/// [`pages_where`] with the compiled templates kept in `templates` (compiled again only when
/// the template files changed), and the other files made only when `rerender.other` says so.
pub fn pages_reusing(
    input: &PagesInput,
    rerender: &Rerender,
    templates: &mut Option<CompiledTemplates>,
) -> (PagesOutput, Vec<Diagnostic>) {
    let made = with_renderer(input, templates, |renderer| pages_with(input, rerender, renderer));
    made.unwrap_or_else(|problems| (PagesOutput::default(), problems))
}

/// A file beside the content as it is published: as it is, or, for an image, without its
/// metadata and with the WebP copies that its `<img>` offers.
fn content_file(
    file: &crate::model::CopiedFile,
    images: &crate::docs::ContentImages,
    cache: &crate::load::images::ImageCache,
) -> Result<Vec<OutputFile>, Diagnostic> {
    let bytes = std::fs::read(&file.source)
        .map_err(|e| Diagnostic::error(format!("cannot read this file: {e}")).in_file(&file.source))?;
    let Some(image) = images.by_path.get(&file.path) else {
        return Ok(vec![OutputFile::new(file.path.clone(), bytes)]);
    };
    let problem = |e: &kb_images::ImageError| {
        Diagnostic::error(format!("this image cannot be published: {e}"))
            .in_file(&file.source)
            .with_hint("save it again as a JPEG, PNG or WebP of at most 12,000 pixels a side, or remove it")
    };
    let image = image.as_ref().map_err(problem)?;
    let original = crate::load::images::published_original(&bytes, &image.source).map_err(|e| problem(&e))?;
    let mut made =
        crate::load::images::make_variants(&bytes, &image.stem, &image.source, &image.variants, cache)
            .map_err(|e| problem(&e))?;
    made.push(OutputFile::new(file.path.clone(), original));
    Ok(made)
}

/// [`pages_reusing`] once the renderer is there: the plan, its jobs, the other files.
fn pages_with(input: &PagesInput, rerender: &Rerender, renderer: Renderer) -> (PagesOutput, Vec<Diagnostic>) {
    let PagesInput { lib, now, .. } = *input;
    let mut diagnostics = Vec::new();
    let plan = jobs::plan(lib, &renderer.optional);
    let rendered = renderer.render(&plan, rerender.job, input.staging);
    let jobs = rendered
        .into_iter()
        .map(|r| match r? {
            Ok(files) => Some(files),
            Err(d) => {
                diagnostics.push(d);
                None
            }
        })
        .collect();
    let Renderer { assets, shared, .. } = renderer;
    let views = shared.views;
    let mut files = Vec::with_capacity(assets.files.len() + lib.files.len());
    if rerender.other {
        files.extend(assets.files);
    }

    // Files beside the content (page bundles, images): copied, images without their
    // metadata and with their WebP copies.
    let cache = crate::load::images::ImageCache::in_output(&lib.settings.images.output);
    let copied: Vec<Result<Vec<OutputFile>, Diagnostic>> =
        lib.files.par_iter().map(|f| content_file(f, &input.docs.images, &cache)).collect();
    for c in copied {
        match c {
            Ok(made) => files.extend(made),
            Err(d) => diagnostics.push(d),
        }
    }
    // Two pages may show the same image: its copies are made for each, and written once.
    files.sort_by(|a, b| a.path.cmp(&b.path));
    files.dedup_by(|a, b| a.path == b.path && a.bytes == b.bytes);

    if rerender.other {
        files.extend(overviews::calendars(views, now));
        files.push(feeds::sitemap(views, &plan));
        files.push(feeds::atom(views));
        files.push(feeds::robots(views));
        files.extend(feeds::security_headers(views.settings.base_path.as_str()));
        // A site's own `_redirects` in static/ is the author's: ours is left out then.
        for host_file in redirect_files::host_files(views) {
            if !files.iter().any(|f| f.path == host_file.path) {
                files.push(host_file);
            }
        }
    }
    (PagesOutput { plan, jobs, other: files }, diagnostics)
}
