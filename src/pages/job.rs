//! Rendering one planned job through its template, with the view it needs.

use std::collections::HashMap;

use serde::Serialize;
use serde_json::Value;
use tera::{Context, Tera};

use super::jobs::{Job, PlannedJob, pager_count, pager_path};
use super::lists;
use super::site_view::SiteView;
use super::views::{LinkView, PageSummary, Views};
use crate::load::content::Kind;
use crate::model::NodeId;

/// What every job reads besides the model: the site views and the generated overviews.
pub struct Shared<'a> {
    pub views: &'a Views<'a>,
    /// The site view per language code.
    pub sites: &'a std::collections::HashMap<String, SiteView<'a>>,
    pub calendar: Option<&'a super::overviews::CalendarView<'a>>,
    pub matrix: Option<&'a super::overviews::PassportMatrix>,
}

/// A page that is generated from a data record rather than written.
#[derive(Serialize)]
struct GeneratedPageView<'a> {
    title: &'a str,
    description: &'a str,
    url: String,
    permalink: String,
    ancestors: Vec<LinkView>,
    kind: &'static str,
    audience: [&'static str; 0],
    toc: [&'static str; 0],
    content: &'static str,
    extra: serde_json::Map<String, serde_json::Value>,
}

/// One page of a paginated section.
#[derive(Serialize)]
struct Paginator<'a> {
    pages: Vec<PageSummary<'a>>,
    current_index: usize,
    number_pagers: usize,
    previous: Option<String>,
    next: Option<String>,
    first: String,
    last: String,
}

/// The contexts of one render worker, one per language, each with the `site` view serialized
/// into it once. Serialized for every job, `site` (its top sections, menus, taxonomies) cost
/// O(top sections) per page: most of the render stage at 100,000 pages with 200 top sections.
/// A job adds its own keys through [`JobContext`], which removes them again when dropped, so
/// no key of one job is seen by the next.
#[derive(Default)]
pub struct Contexts {
    by_lang: HashMap<String, Context>,
    /// Values that many jobs share (a taxonomy with all its terms, on each of its term pages),
    /// serialized once per worker: moved into a job's context and out again when it ends.
    /// Serialized per job, N terms cost N x N (issue 30).
    kept: HashMap<(&'static str, usize), Value>,
}

impl Contexts {
    /// The context for a job in `lang` at `path`: `site`, `lang`, `dir`, `current_path`,
    /// `current_permalink` and an empty `versions`.
    pub fn job<'c>(&'c mut self, shared: &Shared, lang: &str, path: &str) -> JobContext<'c> {
        let ctx = self.by_lang.entry(lang.to_string()).or_insert_with(|| base_context(shared, lang));
        let mut job = JobContext { ctx, kept: &mut self.kept, added: Vec::new(), lent: Vec::new() };
        job.insert("current_path", &shared.views.url(path));
        // Absolute: the origin and the path, which holds the base path once (the base URL's
        // path and `current_path` would give it twice).
        job.insert("current_permalink", &shared.views.permalink(path));
        job.insert("versions", &Vec::<()>::new());
        job
    }
}

/// A worker's context lent to one job; the keys the job inserts are removed on drop.
pub struct JobContext<'c> {
    ctx: &'c mut Context,
    kept: &'c mut HashMap<(&'static str, usize), Value>,
    added: Vec<&'static str>,
    /// Keys moved in from `kept`, moved back on drop.
    lent: Vec<(&'static str, usize)>,
}

impl JobContext<'_> {
    pub fn insert<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) {
        self.ctx.insert(key, value);
        if !self.added.contains(&key) {
            self.added.push(key);
        }
    }

    /// Inserts `key`, the value `make` gives for `id`, serialized only the first time this
    /// worker needs it: the same `key` and `id` must always stand for the same value.
    pub fn insert_kept<T: Serialize>(&mut self, key: &'static str, id: usize, make: impl FnOnce() -> T) {
        let value = match self.kept.remove(&(key, id)) {
            Some(value) => value,
            None => serde_json::to_value(make()).expect("a view serializes"),
        };
        let mut one = serde_json::Map::new();
        one.insert(key.to_string(), value);
        self.ctx.extend(Context::from_value(Value::Object(one)).expect("an object is a context"));
        self.lent.push((key, id));
    }

    pub fn get(&self) -> &Context {
        self.ctx
    }
}

impl Drop for JobContext<'_> {
    fn drop(&mut self) {
        for key in &self.added {
            self.ctx.remove(key);
        }
        for (key, id) in self.lent.drain(..) {
            if let Some(value) = self.ctx.remove(key) {
                self.kept.insert((key, id), value);
            }
        }
    }
}

fn base_context(shared: &Shared, lang: &str) -> Context {
    let views = shared.views;
    let mut ctx = Context::new();
    let site = shared.sites.get(lang).unwrap_or(&shared.sites[views.default_language()]);
    ctx.insert("site", site);
    ctx.insert("lang", lang);
    let dir = views.settings.language(lang).map_or(crate::load::config::TextDirection::Ltr, |l| l.dir);
    ctx.insert("dir", &dir);
    ctx
}

/// Renders `job` to its HTML.
pub fn render(
    tera: &Tera,
    shared: &Shared,
    contexts: &mut Contexts,
    planned: &PlannedJob,
) -> Result<String, tera::Error> {
    let views = shared.views;
    let lib = views.lib;
    let default = views.default_language();
    let path = planned.path.as_str();
    match &planned.job {
        Job::Page(i) => {
            let doc = &lib.page(*i).doc;
            let mut ctx = contexts.job(shared, default, path);
            ctx.insert("versions", &views.versions(NodeId::Page(*i)));
            ctx.insert("page", &views.page(*i));
            let template = doc.front().and_then(|f| f.template.as_deref()).unwrap_or(doc.kind().template());
            tera.render(template, ctx.get())
        }
        Job::Section { section, pager } => {
            let s = lib.section(*section);
            let per_page = s.doc.front().and_then(|f| f.paginate_by);
            let count = pager_count(per_page, s.pages.len());
            let mut ctx = contexts.job(shared, default, path);
            // Alternates only on the first page of a list: the others have no counterparts.
            if *pager == 0 {
                ctx.insert("versions", &views.versions(NodeId::Section(*section)));
            }
            ctx.insert("section", &views.section(*section, &s.pages));
            if let Some(n) = per_page.filter(|_| count > 1) {
                let pages = &s.pages[pager * n..((pager + 1) * n).min(s.pages.len())];
                let url = |k: usize| views.url(&pager_path(&s.doc.path, k));
                let paginator = Paginator {
                    pages: pages.iter().map(|p| views.summary(*p)).collect(),
                    current_index: pager + 1,
                    number_pagers: count,
                    previous: pager.checked_sub(1).map(url),
                    next: (pager + 1 < count).then(|| url(pager + 1)),
                    first: url(0),
                    last: url(count - 1),
                };
                ctx.insert("paginator", &paginator);
            }
            let fallback = if s.dir.is_empty() { "index.html" } else { "section.html" };
            tera.render(s.doc.front().and_then(|f| f.template.as_deref()).unwrap_or(fallback), ctx.get())
        }
        Job::Taxonomy(t) => {
            let mut ctx = contexts.job(shared, default, path);
            ctx.insert("taxonomy", &lists::taxonomy(views, *t));
            tera.render("taxonomy.html", ctx.get())
        }
        Job::Term(t, k) => {
            let mut ctx = contexts.job(shared, default, path);
            ctx.insert_kept("taxonomy", *t, || lists::taxonomy(views, *t));
            ctx.insert("term", &lists::term(views, *t, *k));
            tera.render("term.html", ctx.get())
        }
        Job::AtoZ => {
            let mut ctx = contexts.job(shared, default, path);
            ctx.insert("letters", &lists::a_to_z(views));
            tera.render("az.html", ctx.get())
        }
        Job::Generated(g) => {
            let page = &lib.generated[*g];
            let mut ctx = contexts.job(shared, default, path);
            let view = GeneratedPageView {
                title: &page.title,
                description: &page.description,
                url: views.url(&page.path),
                permalink: views.permalink(&page.path),
                ancestors: views.ancestors_of_path(&page.path),
                kind: "page",
                audience: [],
                toc: [],
                content: "",
                extra: serde_json::Map::new(),
            };
            ctx.insert("page", &view);
            ctx.insert("data", &page.record);
            tera.render(&page.template, ctx.get())
        }
        Job::Calendar => {
            let mut ctx = contexts.job(shared, default, path);
            ctx.insert("ancestors", &views.ancestors_of_path(path));
            ctx.insert("calendar", &shared.calendar);
            tera.render("calendar.html", ctx.get())
        }
        Job::PassportMatrix => {
            let mut ctx = contexts.job(shared, default, path);
            ctx.insert("ancestors", &views.ancestors_of_path(path));
            ctx.insert("matrix", &shared.matrix);
            tera.render("passports.html", ctx.get())
        }
        Job::Search => tera.render("search.html", contexts.job(shared, default, path).get()),
        Job::SearchIn(lang) => tera.render("search.html", contexts.job(shared, lang, path).get()),
        Job::Translation(t) => {
            let translation = lib.translation(*t);
            let doc = &translation.doc;
            let mut ctx = contexts.job(shared, &translation.lang, path);
            ctx.insert("versions", &views.versions(NodeId::Translation(*t)));
            let template = doc.front().and_then(|f| f.template.as_deref());
            match translation.original {
                NodeId::Page(p) => {
                    let page = views.translated_page(*t, p);
                    // A translated deck is a deck; other kinds' own views (a product's) are
                    // not translated, so they read as plain pages.
                    let fallback =
                        if page.kind_fields.slides.is_some() { Kind::Slides.template() } else { "page.html" };
                    ctx.insert("page", &page);
                    tera.render(template.unwrap_or(fallback), ctx.get())
                }
                NodeId::Section(s) => {
                    ctx.insert("section", &views.translated_section(*t, s));
                    let fallback = if lib.section(s).dir.is_empty() { "index.html" } else { "section.html" };
                    tera.render(template.unwrap_or(fallback), ctx.get())
                }
                NodeId::Translation(_) => Err(tera::Error::msg("a translation of a translation")),
            }
        }
        Job::NotFound => tera.render("404.html", contexts.job(shared, default, path).get()),
        Job::PrintPack(s) => super::print::render(tera, shared, contexts, planned, *s),
        Job::Redirect(r) => {
            let mut ctx = contexts.job(shared, default, path);
            // Root-relative, so a redirect never leaves the host the site is served from.
            ctx.insert("redirect_to", &views.url(&lib.redirects[*r].to));
            tera.render("redirect.html", ctx.get())
        }
    }
}
