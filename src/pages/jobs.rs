//! The render plan: every page the templates render, as a job that knows its output path and
//! whether the sitemap lists it. Each named step adds the jobs of one kind of page; the sitemap
//! is derived from the plan, so a new kind of page cannot be forgotten there.

use crate::model::settings::Settings;
use crate::model::{Library, NodeId, PageId, SectionId, TranslationId};

/// What one template render produces.
#[derive(Debug, Clone)]
pub enum Job {
    Page(PageId),
    Section {
        section: SectionId,
        pager: usize,
    },
    Taxonomy(usize),
    Term(usize, usize),
    AtoZ,
    Search,
    /// The search results page of a language other than the default (`/en/zoeken/`).
    SearchIn(String),
    NotFound,
    Generated(usize),
    Calendar,
    PassportMatrix,
    /// A translated page or section.
    Translation(TranslationId),
    Redirect(usize),
    /// The print pack of a section (see `print.rs`).
    PrintPack(SectionId),
}

/// How the sitemap lists a job's page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Listed {
    /// A page or section: with its last change and its language versions.
    Node(NodeId),
    /// A generated page: its URL only.
    Path,
    /// Not listed (the 404 page, redirects, later pages of a paginated list).
    No,
}

#[derive(Debug, Clone)]
pub struct PlannedJob {
    pub job: Job,
    /// Root-relative URL path without the base path (`/meldcode/`), or `/404.html`.
    pub path: String,
    pub listed: Listed,
}

impl PlannedJob {
    fn new(job: Job, path: impl Into<String>, listed: Listed) -> Self {
        Self { job, path: path.into(), listed }
    }

    /// The file the job writes: `meldcode/index.html`, `404.html`.
    pub fn file(&self) -> String {
        Self::file_of(&self.path)
    }

    /// The file a page at root-relative URL `path` is written to.
    pub fn file_of(path: &str) -> String {
        let path = path.trim_start_matches('/');
        if path.is_empty() || path.ends_with('/') { format!("{path}index.html") } else { path.to_string() }
    }
}

/// Which optional pages the site has.
pub struct Optional<'a> {
    pub calendar: bool,
    pub passport_matrix: bool,
    /// Languages other than the default that have translated pages.
    pub languages: &'a [&'a str],
}

/// Every job of a build, step by step.
pub fn plan(lib: &Library, optional: &Optional) -> Vec<PlannedJob> {
    let mut jobs = Vec::new();
    jobs.extend(pages(lib));
    jobs.extend(sections(lib));
    jobs.extend(taxonomies(lib));
    jobs.extend(site_pages(&lib.settings, optional));
    jobs.extend(generated(lib));
    jobs.extend(translations(lib));
    jobs.extend(redirects(lib));
    jobs.extend(super::print::jobs(lib));
    jobs
}

fn pages(lib: &Library) -> impl Iterator<Item = PlannedJob> + '_ {
    lib.pages_with_ids()
        .map(|(i, p)| PlannedJob::new(Job::Page(i), &p.doc.path, Listed::Node(NodeId::Page(i))))
}

/// Each section, and each further page of a paginated section (`/nieuws/pagina/2/`).
fn sections(lib: &Library) -> impl Iterator<Item = PlannedJob> + '_ {
    lib.sections_with_ids().flat_map(|(s, section)| {
        let count = pager_count(section.doc.front().and_then(|f| f.paginate_by), section.pages.len());
        (0..count).map(move |pager| {
            let listed = if pager == 0 { Listed::Node(NodeId::Section(s)) } else { Listed::No };
            PlannedJob::new(Job::Section { section: s, pager }, pager_path(&section.doc.path, pager), listed)
        })
    })
}

fn taxonomies(lib: &Library) -> impl Iterator<Item = PlannedJob> + '_ {
    lib.taxonomies.iter().enumerate().flat_map(|(t, tax)| {
        std::iter::once(PlannedJob::new(Job::Taxonomy(t), &tax.path, Listed::Path)).chain(
            tax.terms
                .iter()
                .enumerate()
                .map(move |(k, term)| PlannedJob::new(Job::Term(t, k), &term.path, Listed::Path)),
        )
    })
}

/// The pages every site has (A-Z, 404, search) and the knowledge-base overviews.
fn site_pages(settings: &Settings, optional: &Optional) -> Vec<PlannedJob> {
    let knowledge = &settings.site.knowledge;
    let mut jobs = vec![
        PlannedJob::new(Job::AtoZ, "/a-z/", Listed::Path),
        PlannedJob::new(Job::NotFound, "/404.html", Listed::No),
    ];
    if settings.search {
        jobs.push(PlannedJob::new(Job::Search, super::offline::SEARCH_PAGE, Listed::Path));
        jobs.extend(
            optional.languages.iter().map(|l| {
                PlannedJob::new(Job::SearchIn(l.to_string()), format!("/{l}/zoeken/"), Listed::Path)
            }),
        );
    }
    if optional.calendar {
        jobs.push(PlannedJob::new(Job::Calendar, &knowledge.calendar, Listed::Path));
    }
    if optional.passport_matrix {
        jobs.push(PlannedJob::new(Job::PassportMatrix, &knowledge.passport_overview, Listed::Path));
    }
    jobs
}

fn generated(lib: &Library) -> impl Iterator<Item = PlannedJob> + '_ {
    lib.generated
        .iter()
        .enumerate()
        .map(|(g, page)| PlannedJob::new(Job::Generated(g), &page.path, Listed::Path))
}

fn translations(lib: &Library) -> impl Iterator<Item = PlannedJob> + '_ {
    lib.translations_with_ids().map(|(t, tr)| {
        PlannedJob::new(Job::Translation(t), &tr.doc.path, Listed::Node(NodeId::Translation(t)))
    })
}

fn redirects(lib: &Library) -> impl Iterator<Item = PlannedJob> + '_ {
    lib.redirects
        .iter()
        .enumerate()
        .map(|(r, redirect)| PlannedJob::new(Job::Redirect(r), &redirect.from, Listed::No))
}

/// How many list pages a section of `pages` pages has with `paginate_by` per page.
pub fn pager_count(paginate_by: Option<usize>, pages: usize) -> usize {
    match paginate_by {
        Some(n) if pages > n => pages.div_ceil(n),
        _ => 1,
    }
}

/// The URL path of list page `pager` (0-based) of a section.
pub fn pager_path(section_path: &str, pager: usize) -> String {
    if pager == 0 { section_path.to_string() } else { format!("{section_path}pagina/{}/", pager + 1) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pagination_counts_and_paths() {
        assert_eq!(pager_count(None, 100), 1);
        assert_eq!(pager_count(Some(10), 10), 1);
        assert_eq!(pager_count(Some(10), 11), 2);
        assert_eq!(pager_path("/nieuws/", 0), "/nieuws/");
        assert_eq!(pager_path("/nieuws/", 1), "/nieuws/pagina/2/");
    }

    #[test]
    fn output_files_of_paths() {
        let job = |path: &str| PlannedJob::new(Job::AtoZ, path, Listed::No);
        assert_eq!(job("/").file(), "index.html");
        assert_eq!(job("/a/b/").file(), "a/b/index.html");
        assert_eq!(job("/404.html").file(), "404.html");
    }
}
