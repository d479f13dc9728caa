//! Rendering: markdown to HTML, then every page, section, taxonomy, redirect and generated file
//! through tera, in parallel, into a list of in-memory output files. The model is only read.

mod assets;
pub mod feeds;
pub mod i18n;
pub mod knowledge;
mod templates;
mod views;

use std::collections::HashMap;
use std::sync::Arc;

use rayon::prelude::*;
use serde::Serialize;
use serde_json::{Value, json};
use tera::{Context, Tera};

use crate::config::Config;
use crate::diagnostics::Diagnostic;
use crate::markdown::{
    MarkdownLabels, RenderContext, Rendered, highlight::Highlighter, render as render_markdown,
};
use crate::output::OutputFile;
use crate::site::{Library, NodeId};
use views::{PageSummary, Views};

/// Dark-mode companion of the configured highlight theme.
const DARK_HIGHLIGHT_THEME: &str = "base16-ocean.dark";

/// What one template render produces.
enum Job {
    Page(usize),
    Section {
        section: usize,
        pager: usize,
    },
    Taxonomy(usize),
    Term(usize, usize),
    AtoZ,
    Search,
    NotFound,
    Generated(usize),
    Calendar,
    PassportMatrix,
    Redirect(usize),
    /// A translated page or section.
    Translation(usize),
    /// The search results page of a language other than the default (`/en/zoeken/`).
    SearchIn(String),
}

/// The markdown of every page, section and translation, rendered (in parallel, in model order).
#[derive(Debug, Default)]
pub struct RenderedDocs {
    pub pages: Vec<Rendered>,
    pub sections: Vec<Rendered>,
    pub translations: Vec<Rendered>,
}

/// Each document is rendered with the words of its own language (callout titles, the note on a
/// link to a page in another language).
pub fn markdown_all(
    config: &Config,
    lib: &Library,
    highlighter: &Highlighter,
    strings: &i18n::Translations,
) -> RenderedDocs {
    let abbreviations = if config.site.knowledge.abbreviations {
        crate::site::glossary::abbreviations(&lib.glossary, config.base_path())
    } else {
        HashMap::new()
    };
    let default = config.site.default_language.as_str();
    let labels: HashMap<&str, MarkdownLabels> =
        config.site.languages.iter().map(|l| (l.code.as_str(), strings.markdown_labels(&l.code))).collect();
    let fallback = MarkdownLabels::default();
    let no_abbreviations = HashMap::new();
    let markdown = |doc: &crate::site::Document, lang: &str| {
        // A note after each link that leaves the reader's language, in the reader's language.
        let foreign: HashMap<String, (String, String)> = doc
            .link_langs
            .iter()
            .map(|(dest, target)| {
                let note = if target == default {
                    strings.get(lang, "link_in_default_language").map(str::to_string).ok()
                } else {
                    None
                };
                let name = config.site.language(target).map_or(target.as_str(), |l| l.name.as_str());
                (dest.clone(), (target.clone(), note.unwrap_or_else(|| format!("({name})"))))
            })
            .collect();
        // Abbreviations link to the glossary, which is in the default language.
        let abbreviations = if lang == default { &abbreviations } else { &no_abbreviations };
        let labels = labels.get(lang).unwrap_or(&fallback);
        render_doc(config, highlighter, abbreviations, labels, &foreign, doc)
    };
    RenderedDocs {
        pages: lib.pages.par_iter().map(|p| markdown(&p.doc, default)).collect(),
        sections: lib.sections.par_iter().map(|s| markdown(&s.doc, default)).collect(),
        translations: lib.translations.par_iter().map(|t| markdown(&t.doc, &t.lang)).collect(),
    }
}

/// Everything that templates render, and the files that come with them.
pub struct RenderInput<'a> {
    pub config: &'a Config,
    pub lib: &'a Library,
    pub data: &'a crate::data::DataFiles,
    pub docs: &'a RenderedDocs,
    /// Related pages (page indices) per page, best first.
    pub related: &'a [Vec<usize>],
    pub highlighter: &'a Highlighter,
    pub now: &'a jiff::ZonedDateTime,
    /// The interface strings of every language, for `t()`.
    pub translations: &'a i18n::Translations,
}

pub fn render(input: &RenderInput) -> (Vec<OutputFile>, Vec<Diagnostic>) {
    let RenderInput { config, lib, data, docs, related, highlighter, now, translations } = *input;
    let today = now.date();
    let mut diagnostics = Vec::new();
    let page_html = &docs.pages;
    let section_html = &docs.sections;

    let highlight_theme = &config.site.markdown.highlight_theme;
    let Some(syntax_css) = highlighter.stylesheet(highlight_theme, DARK_HIGHLIGHT_THEME) else {
        let d = Diagnostic::error(format!("unknown highlight theme `{highlight_theme}`"))
            .in_file(&config.root.join(crate::config::CONFIG_FILE))
            .with_hint(format!("known themes: {}", highlighter.theme_names().join(", ")));
        return (Vec::new(), vec![d]);
    };
    let theme = match crate::theme::load(config) {
        Ok(t) => t,
        Err(d) => return (Vec::new(), vec![d]),
    };
    let assets = match assets::collect(
        theme.statics,
        &config.static_dir,
        vec![("css/syntax.css".to_string(), syntax_css.into_bytes())],
    ) {
        Ok(a) => a,
        Err(e) => return (Vec::new(), vec![Diagnostic::error(format!("{e:#}"))]),
    };
    let base = config.base_path().to_string();
    let content_urls: HashMap<String, String> =
        lib.by_rel.iter().map(|(rel, id)| (rel.clone(), format!("{base}{}", lib.doc(*id).path))).collect();
    let theme_texts: std::collections::BTreeMap<String, String> = theme
        .templates
        .iter()
        .map(|f| (f.rel.clone(), String::from_utf8_lossy(&f.bytes).into_owned()))
        .collect();
    let downloads = Arc::new(std::sync::Mutex::new(std::collections::BTreeMap::new()));
    let functions = templates::FunctionData {
        asset_urls: Arc::new(assets.urls.clone()),
        content_urls: Arc::new(content_urls.clone()),
        base_path: base.clone(),
        data: Arc::new(data.clone()),
        downloads: Arc::clone(&downloads),
        translations: Arc::new(translations.clone()),
    };
    let (tera, sources) = match templates::load(theme.templates, &config.templates_dir, functions) {
        Ok(t) => t,
        Err(d) => return (Vec::new(), d),
    };

    let views = Views {
        config,
        lib,
        page_html,
        section_html,
        translation_html: &docs.translations,
        today,
        empty: Default::default(),
    };
    let mut site = site_view(&views, &content_urls);
    let mut jobs: Vec<Job> = (0..lib.pages.len()).map(Job::Page).collect();
    for (s, section) in lib.sections.iter().enumerate() {
        for pager in 0..pager_count(section.doc.front().and_then(|f| f.paginate_by), section.pages.len()) {
            jobs.push(Job::Section { section: s, pager });
        }
    }
    for (t, tax) in lib.taxonomies.iter().enumerate() {
        jobs.push(Job::Taxonomy(t));
        jobs.extend((0..tax.terms.len()).map(|k| Job::Term(t, k)));
    }
    jobs.extend([Job::AtoZ, Job::NotFound]);
    if config.site.search.enabled {
        jobs.push(Job::Search);
    }
    jobs.extend((0..lib.generated.len()).map(Job::Generated));
    let calendar = knowledge::calendar_view(&views, now.datetime());
    let matrix = knowledge::passport_matrix(&views);
    if calendar.is_some() {
        jobs.push(Job::Calendar);
    }
    if matrix.is_some() {
        jobs.push(Job::PassportMatrix);
    }
    // Links to the calendar and the passport overview only where those pages exist.
    let knowledge_urls = &config.site.knowledge;
    site["calendar_url"] = json!(calendar.as_ref().map(|_| views.url(&knowledge_urls.calendar)));
    site["passport_overview_url"] =
        json!(matrix.as_ref().map(|_| views.url(&knowledge_urls.passport_overview)));
    let translated_languages = lib.translated_languages(&config.site);
    let sites: HashMap<String, Value> = translated_languages
        .iter()
        .map(|lang| (lang.to_string(), site_in(&views, &site, lang)))
        .chain([(config.site.default_language.clone(), site.clone())])
        .collect();
    jobs.extend((0..lib.translations.len()).map(Job::Translation));
    if config.site.search.enabled {
        jobs.extend(translated_languages.iter().map(|l| Job::SearchIn(l.to_string())));
    }
    let generated = Generated { related, calendar, matrix, now: now.datetime(), sites: &sites };
    jobs.extend((0..lib.redirects.len()).map(Job::Redirect));

    let mut texts = theme_texts;
    for (name, path) in &sources {
        if let Ok(text) = std::fs::read_to_string(path) {
            texts.insert(name.clone(), text);
        }
    }
    let rendered: Vec<Result<OutputFile, Diagnostic>> = jobs
        .par_iter()
        .map(|job| {
            render_job(&tera, &views, &site, &generated, job)
                .map_err(|e| templates::template_error(&e, &sources, &texts))
        })
        .collect();
    let mut files = Vec::with_capacity(rendered.len() + assets.files.len());
    for r in rendered {
        match r {
            Ok(f) => files.push(f),
            Err(d) => diagnostics.push(d),
        }
    }
    files.extend(assets.files);
    let copied: Vec<Result<OutputFile, Diagnostic>> = lib
        .files
        .par_iter()
        .map(|f| {
            std::fs::read(&f.source)
                .map(|bytes| OutputFile::new(f.path.clone(), bytes))
                .map_err(|e| Diagnostic::error(format!("cannot read this file: {e}")).in_file(&f.source))
        })
        .collect();
    for c in copied {
        match c {
            Ok(f) => files.push(f),
            Err(d) => diagnostics.push(d),
        }
    }
    files.extend(knowledge::calendars(&views, now));
    if let Ok(mut csvs) = downloads.lock() {
        files.extend(
            std::mem::take(&mut *csvs)
                .into_iter()
                .map(|(path, csv)| OutputFile::new(path.trim_start_matches('/'), csv)),
        );
    }
    let mut extra_paths = vec!["/a-z/".to_string()];
    if config.site.search.enabled {
        extra_paths.push("/zoeken/".to_string());
        extra_paths.extend(translated_languages.iter().map(|l| format!("/{l}/zoeken/")));
    }
    if generated.calendar.is_some() {
        extra_paths.push(config.site.knowledge.calendar.clone());
    }
    if generated.matrix.is_some() {
        extra_paths.push(config.site.knowledge.passport_overview.clone());
    }
    extra_paths.extend(lib.generated.iter().map(|g| g.path.clone()));
    extra_paths.extend(
        lib.taxonomies
            .iter()
            .flat_map(|t| std::iter::once(t.path.clone()).chain(t.terms.iter().map(|k| k.path.clone()))),
    );
    files.push(feeds::sitemap(&views, &extra_paths));
    files.push(feeds::atom(&views));
    files.push(feeds::robots(&views));
    files.extend(feeds::security_headers());
    files.sort_by(|a, b| a.path.cmp(&b.path));
    for pair in files.windows(2) {
        if pair[0].path == pair[1].path {
            diagnostics.push(
                Diagnostic::error(format!("two outputs want the same file `{}`", pair[0].path)).with_hint(
                    "a static file or content file has the same path as a generated page; rename one",
                ),
            );
        }
    }
    (files, diagnostics)
}

fn render_doc(
    config: &Config,
    highlighter: &Highlighter,
    abbreviations: &HashMap<String, crate::markdown::Abbreviation>,
    labels: &MarkdownLabels,
    foreign_links: &HashMap<String, (String, String)>,
    doc: &crate::site::Document,
) -> Rendered {
    let Some(file) = &doc.file else {
        return Rendered::default();
    };
    let kind = file.front.kind.as_deref();
    let no_abbreviations = HashMap::new();
    let ctx = RenderContext {
        outline: &doc.outline,
        links: &doc.links,
        highlighter,
        smart_punctuation: config.site.markdown.smart_punctuation,
        raw_html: config.site.markdown.raw_html,
        skip_h1: doc.title_from_h1,
        checklist: kind == Some("checklist"),
        abbreviations: if kind == Some("glossary") { &no_abbreviations } else { abbreviations },
        labels,
        foreign_links,
    };
    render_markdown(file.body(), &ctx)
}

fn pager_count(paginate_by: Option<usize>, pages: usize) -> usize {
    match paginate_by {
        Some(n) if pages > n => pages.div_ceil(n),
        _ => 1,
    }
}

fn pager_path(section_path: &str, pager: usize) -> String {
    if pager == 0 { section_path.to_string() } else { format!("{section_path}pagina/{}/", pager + 1) }
}

/// `/a/b/` -> `a/b/index.html`.
fn index_file(path: &str) -> String {
    format!("{}index.html", path.trim_start_matches('/'))
}

fn site_view(views: &Views, content_urls: &HashMap<String, String>) -> Value {
    let config = &views.config.site;
    let menus: serde_json::Map<String, Value> = config
        .menus
        .iter()
        .map(|(name, items)| {
            let items: Vec<Value> = items
                .iter()
                .map(|item| {
                    let url = match item.url.strip_prefix("@/") {
                        Some(rel) => content_urls.get(rel).cloned().unwrap_or_else(|| item.url.clone()),
                        None if item.url.starts_with('/') => views.url(&item.url),
                        None => item.url.clone(),
                    };
                    json!({ "title": item.title, "url": url, "rel": item.url.strip_prefix("@/"), "lang": null })
                })
                .collect();
            (name.clone(), Value::Array(items))
        })
        .collect();
    let sections: Vec<Value> = views
        .lib
        .root_section()
        .map(|r| views.lib.sections[r].subsections.iter().map(|s| json!(views.section_summary(*s))).collect())
        .unwrap_or_default();
    let taxonomies: Vec<Value> = views
        .lib
        .taxonomies
        .iter()
        .map(|t| json!({ "name": t.name, "title": t.title, "url": views.url(&t.path) }))
        .collect();
    json!({
        "title": config.title,
        "description": config.description,
        "base_url": config.base_url,
        "language": config.default_language,
        "languages": config.languages,
        "menus": menus,
        "sections": sections,
        "taxonomies": taxonomies,
        "csp": feeds::CONTENT_SECURITY_POLICY,
        "quick_exit_url": config.safety.quick_exit_url,
        "search": {
            "enabled": config.search.enabled,
            "url": views.url("/zoeken/"),
            "manifest": views.url("/search/manifest.json"),
            "fallback_manifest": null,
        },
        "default_language": config.default_language,
        "extra": config.extra,
        "home_url": views.url("/"),
        "build_date": views.today.to_string(),
        // The first glossary page, for "look it up" links; none when the site has no glossary.
        "glossary_url": views.lib.pages.iter().find(|p| p.doc.front().and_then(|f| f.kind.as_deref()) == Some("glossary")).map(|p| views.url(&p.doc.path)),
    })
}

fn context(site: &Value, views: &Views, path: &str) -> Context {
    let mut ctx = Context::new();
    ctx.insert("site", site);
    ctx.insert("current_path", &views.url(path));
    set_language(&mut ctx, views, &views.config.site.default_language);
    ctx.insert("versions", &Vec::<Value>::new());
    ctx
}

/// `lang` and `dir` of the page: `<html lang dir>`, and the language of every `t()`.
fn set_language(ctx: &mut Context, views: &Views, lang: &str) {
    ctx.insert("lang", lang);
    let dir = views.config.site.language(lang).map_or(crate::config::TextDirection::Ltr, |l| l.dir);
    ctx.insert("dir", &dir);
}

/// The site view for pages in `lang`: menus lead to the translations where they exist (and
/// say where they lead to the original language), the home page and search are that
/// language's.
fn site_in(views: &Views, site: &Value, lang: &str) -> Value {
    let lib = views.lib;
    let mut out = site.clone();
    out["language"] = json!(lang);
    if let Some(root) = lib.root_section() {
        let home = views.url(
            &lib.doc(
                lib.in_language(NodeId::Section(root), lang, views.default_language())
                    .unwrap_or(NodeId::Section(root)),
            )
            .path,
        );
        out["home_url"] = json!(home);
    }
    if let Some(menus) = out["menus"].as_object_mut() {
        for items in menus.values_mut() {
            for item in items.as_array_mut().into_iter().flatten() {
                let Some(node) = item["rel"].as_str().and_then(|rel| lib.by_rel.get(rel)) else {
                    // Other pages of this site (`/a-z/`) are in the default language.
                    if item["url"].as_str().is_some_and(|u| u.starts_with('/')) {
                        item["lang"] = json!(views.default_language());
                    }
                    continue;
                };
                match lib.in_language(*node, lang, views.default_language()) {
                    Some(translated) => {
                        item["title"] = json!(lib.doc(translated).title);
                        item["url"] = json!(views.url(&lib.doc(translated).path));
                    }
                    None => item["lang"] = json!(views.default_language()),
                }
            }
        }
    }
    out["search"]["url"] = json!(views.url(&format!("/{lang}/zoeken/")));
    out["search"]["manifest"] = json!(views.url(&format!("/search/{lang}/manifest.json")));
    // Results in the reader's language first, then the rest from the default language's index.
    out["search"]["fallback_manifest"] = site["search"]["manifest"].clone();
    out
}

fn insert<T: Serialize>(ctx: &mut Context, key: &str, value: &T) {
    ctx.insert(key, value);
}

/// Views of pages that are generated rather than written, computed once.
struct Generated<'a> {
    related: &'a [Vec<usize>],
    calendar: Option<Value>,
    matrix: Option<Value>,
    now: jiff::civil::DateTime,
    /// The site view per language code.
    sites: &'a HashMap<String, Value>,
}

fn render_job(
    tera: &Tera,
    views: &Views,
    site: &Value,
    generated: &Generated,
    job: &Job,
) -> Result<OutputFile, tera::Error> {
    let lib = views.lib;
    match job {
        Job::Page(i) => {
            let doc = &lib.pages[*i].doc;
            let mut ctx = context(site, views, &doc.path);
            ctx.insert("versions", &views.versions(NodeId::Page(*i)));
            let mut page = serde_json::to_value(views.page(*i))?;
            page["related"] = json!(
                generated.related[*i]
                    .iter()
                    .map(|r| json!({ "title": lib.pages[*r].doc.title, "url": views.url(&lib.pages[*r].doc.path) }))
                    .collect::<Vec<_>>()
            );
            if let Some((key, value)) = knowledge::page_fields(views, *i, generated.now) {
                page[key] = value;
            }
            insert(&mut ctx, "page", &page);
            let template = doc.front().and_then(|f| f.template.clone()).unwrap_or_else(|| "page.html".into());
            Ok(OutputFile::new(index_file(&doc.path), tera.render(&template, &ctx)?))
        }
        Job::Section { section, pager } => {
            let s = &lib.sections[*section];
            let per_page = s.doc.front().and_then(|f| f.paginate_by);
            let count = pager_count(per_page, s.pages.len());
            let pages: &[usize] = match per_page {
                Some(n) if count > 1 => &s.pages[pager * n..((pager + 1) * n).min(s.pages.len())],
                _ => &s.pages,
            };
            let path = pager_path(&s.doc.path, *pager);
            let mut ctx = context(site, views, &path);
            // Alternates only on the first page of a list: the others have no counterparts.
            if *pager == 0 {
                ctx.insert("versions", &views.versions(NodeId::Section(*section)));
            }
            insert(&mut ctx, "section", &views.section(*section, &s.pages));
            if count > 1 {
                let summaries: Vec<PageSummary> = pages.iter().map(|p| views.summary(*p)).collect();
                let url = |k: usize| views.url(&pager_path(&s.doc.path, k));
                insert(
                    &mut ctx,
                    "paginator",
                    &json!({
                        "pages": summaries,
                        "current_index": pager + 1,
                        "number_pagers": count,
                        "previous": pager.checked_sub(1).map(url),
                        "next": (pager + 1 < count).then(|| url(pager + 1)),
                        "first": url(0),
                        "last": url(count - 1),
                    }),
                );
            }
            let default = if s.dir.is_empty() { "index.html" } else { "section.html" };
            let template = s.doc.front().and_then(|f| f.template.clone()).unwrap_or_else(|| default.into());
            Ok(OutputFile::new(index_file(&path), tera.render(&template, &ctx)?))
        }
        Job::Taxonomy(t) => {
            let tax = &lib.taxonomies[*t];
            let mut ctx = context(site, views, &tax.path);
            insert(&mut ctx, "taxonomy", &taxonomy_view(views, *t));
            Ok(OutputFile::new(index_file(&tax.path), tera.render("taxonomy.html", &ctx)?))
        }
        Job::Term(t, k) => {
            let term = &lib.taxonomies[*t].terms[*k];
            let mut ctx = context(site, views, &term.path);
            insert(&mut ctx, "taxonomy", &taxonomy_view(views, *t));
            let pages: Vec<PageSummary> = term.pages.iter().map(|p| views.summary(*p)).collect();
            insert(
                &mut ctx,
                "term",
                &json!({ "name": term.name, "slug": term.slug, "url": views.url(&term.path), "pages": pages }),
            );
            Ok(OutputFile::new(index_file(&term.path), tera.render("term.html", &ctx)?))
        }
        Job::AtoZ => {
            let mut ctx = context(site, views, "/a-z/");
            insert(&mut ctx, "letters", &a_to_z(views));
            Ok(OutputFile::new("a-z/index.html", tera.render("az.html", &ctx)?))
        }
        Job::Generated(g) => {
            let page = &lib.generated[*g];
            let mut ctx = context(site, views, &page.path);
            let ancestors = views.ancestors_of_path(&page.path);
            insert(
                &mut ctx,
                "page",
                &json!({
                    "title": page.title,
                    "description": page.description,
                    "url": views.url(&page.path),
                    "permalink": views.permalink(&page.path),
                    "ancestors": ancestors,
                    "kind": "page",
                    "audience": [],
                    "toc": [],
                    "content": "",
                    "extra": {},
                }),
            );
            insert(&mut ctx, "data", &page.record);
            Ok(OutputFile::new(index_file(&page.path), tera.render(&page.template, &ctx)?))
        }
        Job::Calendar => {
            let path = &views.config.site.knowledge.calendar;
            let mut ctx = context(site, views, path);
            insert(&mut ctx, "ancestors", &views.ancestors_of_path(path));
            insert(&mut ctx, "calendar", &generated.calendar);
            Ok(OutputFile::new(index_file(path), tera.render("calendar.html", &ctx)?))
        }
        Job::PassportMatrix => {
            let path = &views.config.site.knowledge.passport_overview;
            let mut ctx = context(site, views, path);
            insert(&mut ctx, "ancestors", &views.ancestors_of_path(path));
            insert(&mut ctx, "matrix", &generated.matrix);
            Ok(OutputFile::new(index_file(path), tera.render("passports.html", &ctx)?))
        }
        Job::Search => {
            let ctx = context(site, views, "/zoeken/");
            Ok(OutputFile::new("zoeken/index.html", tera.render("search.html", &ctx)?))
        }
        Job::SearchIn(lang) => {
            let path = format!("/{lang}/zoeken/");
            let mut ctx = context(&generated.sites[lang], views, &path);
            set_language(&mut ctx, views, lang);
            Ok(OutputFile::new(index_file(&path), tera.render("search.html", &ctx)?))
        }
        Job::Translation(t) => {
            let translation = &lib.translations[*t];
            let lang = translation.lang.as_str();
            let doc = &translation.doc;
            let mut ctx = context(&generated.sites[lang], views, &doc.path);
            set_language(&mut ctx, views, lang);
            ctx.insert("versions", &views.versions(NodeId::Translation(*t)));
            let template = doc.front().and_then(|f| f.template.clone());
            match translation.original {
                NodeId::Page(p) => {
                    let mut page = serde_json::to_value(views.translated_page(*t, p))?;
                    // Related pages that are translated too: a list in the reader's language.
                    page["related"] = json!(
                        generated.related[p]
                            .iter()
                            .filter_map(|r| lib.in_language(NodeId::Page(*r), lang, views.default_language()))
                            .map(|id| json!({ "title": lib.doc(id).title, "url": views.url(&lib.doc(id).path) }))
                            .collect::<Vec<_>>()
                    );
                    // A translated checklist counts its own signals (other kinds with front
                    // matter content cannot be translated: the model refuses them).
                    if let Some(("checklist", mut value)) = knowledge::page_fields(views, p, generated.now) {
                        value["signal_count"] = json!(doc.outline.task_count);
                        page["checklist"] = value;
                    }
                    insert(&mut ctx, "page", &page);
                    let template = template.unwrap_or_else(|| "page.html".into());
                    Ok(OutputFile::new(index_file(&doc.path), tera.render(&template, &ctx)?))
                }
                NodeId::Section(s) => {
                    insert(&mut ctx, "section", &views.translated_section(*t, s));
                    let default = if lib.sections[s].dir.is_empty() { "index.html" } else { "section.html" };
                    let template = template.unwrap_or_else(|| default.into());
                    Ok(OutputFile::new(index_file(&doc.path), tera.render(&template, &ctx)?))
                }
                NodeId::Translation(_) => Err(tera::Error::msg("a translation of a translation")),
            }
        }
        Job::NotFound => {
            let ctx = context(site, views, "/404.html");
            Ok(OutputFile::new("404.html", tera.render("404.html", &ctx)?))
        }
        Job::Redirect(r) => {
            let redirect = &lib.redirects[*r];
            let mut ctx = context(site, views, &redirect.from);
            // Root-relative, so a redirect never leaves the host the site is served from.
            insert(&mut ctx, "redirect_to", &views.url(&redirect.to));
            Ok(OutputFile::new(index_file(&redirect.from), tera.render("redirect.html", &ctx)?))
        }
    }
}

fn taxonomy_view(views: &Views, t: usize) -> Value {
    let tax = &views.lib.taxonomies[t];
    let terms: Vec<Value> = tax
        .terms
        .iter()
        .map(|k| json!({ "name": k.name, "slug": k.slug, "url": views.url(&k.path), "page_count": k.pages.len() }))
        .collect();
    json!({ "name": tax.name, "title": tax.title, "url": views.url(&tax.path), "terms": terms })
}

/// Every page and section but the home page, grouped by first letter.
fn a_to_z(views: &Views) -> Vec<Value> {
    let lib = views.lib;
    let documents = lib
        .pages
        .iter()
        .map(|p| &p.doc)
        .chain(lib.sections.iter().filter(|s| !s.dir.is_empty()).map(|s| &s.doc))
        .map(|doc| {
            let description = doc.front().and_then(|f| f.description.clone()).unwrap_or_default();
            (doc.title.clone(), doc.path.clone(), description)
        });
    let generated = lib.generated.iter().map(|g| (g.title.clone(), g.path.clone(), g.description.clone()));
    let mut entries: Vec<(String, String, String, String)> = documents
        .chain(generated)
        .map(|(title, path, description)| {
            let key = deunicode::deunicode(&title).to_lowercase();
            let letter =
                key.chars().find(|c| c.is_ascii_alphanumeric()).map_or('#', |c| c.to_ascii_uppercase());
            let letter = if letter.is_ascii_digit() { "0-9".to_string() } else { letter.to_string() };
            (letter, key, title, format!("{}\u{0}{description}", views.url(&path)))
        })
        .collect();
    entries.sort();
    let mut letters: Vec<Value> = Vec::new();
    let mut current: Option<(String, Vec<Value>)> = None;
    for (letter, _, title, url_desc) in entries {
        let (url, description) = url_desc.split_once('\u{0}').unwrap_or((&url_desc, ""));
        let page = json!({ "title": title, "url": url, "description": description });
        match &mut current {
            Some((l, pages)) if *l == letter => pages.push(page),
            _ => {
                if let Some((l, pages)) = current.take() {
                    letters.push(json!({ "letter": l, "pages": pages }));
                }
                current = Some((letter, vec![page]));
            }
        }
    }
    if let Some((l, pages)) = current {
        letters.push(json!({ "letter": l, "pages": pages }));
    }
    letters
}
