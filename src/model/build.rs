//! Loaded content -> `Library`: URLs, collisions, order, neighbours, taxonomies, links.

use std::collections::HashMap;
use std::path::Path;

use rayon::prelude::*;

use super::{
    CopiedFile, Document, Library, NodeId, Page, PageId, Redirect, Section, SectionId, TranslationId, links,
    taxonomy,
};
use crate::load::config::Config;
use crate::load::content::{ContentFile, Loaded};
use kb_core::diagnostics::{Diagnostic, NameHint};
use kb_markdown::slugify;

pub fn build(
    config: &Config,
    loaded: Loaded,
    data: &crate::load::data::DataFiles,
) -> (Library, Vec<Diagnostic>) {
    let mut diagnostics = Vec::new();
    let smart = config.site.markdown.smart_punctuation;
    let mut lib = Library {
        unreadable: loaded.unreadable.into_iter().collect(),
        shortcodes: loaded.shortcodes,
        ..Library::default()
    };
    let shortcodes = std::sync::Arc::clone(&lib.shortcodes);
    let outlines = loaded.outlines;

    // Sections first: pages need their section's path.
    let mut section_of_dir: HashMap<String, SectionId> = HashMap::new();
    for loaded_section in loaded.sections {
        let parent = parent_dir(&loaded_section.dir).and_then(|p| nearest_section(&section_of_dir, &p));
        let slug = loaded_section
            .index
            .as_ref()
            .and_then(|f| f.front.slug.clone())
            .unwrap_or_else(|| slugify(last_segment(&loaded_section.dir)));
        let path = match parent {
            _ if loaded_section.dir.is_empty() => "/".to_string(),
            Some(p) => format!("{}{}/", lib.section(p).doc.path, slug),
            None => format!("/{slug}/"),
        };
        let fallback = if loaded_section.dir.is_empty() {
            config.site.title.clone()
        } else {
            humanize(last_segment(&loaded_section.dir))
        };
        let doc = document(
            loaded_section.index,
            path,
            fallback,
            (smart, &shortcodes, &outlines),
            &mut diagnostics,
            false,
        );
        section_of_dir.insert(loaded_section.dir.clone(), SectionId::new(lib.sections.len()));
        lib.sections.push(Section {
            doc,
            dir: loaded_section.dir,
            parent,
            pages: Vec::new(),
            subsections: Vec::new(),
        });
    }
    let mut bundle_paths: HashMap<String, String> = HashMap::new();
    let mut left_out_drafts: std::collections::HashSet<String> = std::collections::HashSet::new();
    let mut kept = Vec::with_capacity(loaded.pages.len());
    for loaded_page in loaded.pages {
        if loaded_page.file.front.draft && !config.drafts {
            left_out_drafts.insert(loaded_page.file.rel.clone());
            continue;
        }
        let Some(section) = nearest_section(&section_of_dir, &loaded_page.dir) else {
            continue;
        };
        let stem = match &loaded_page.bundle {
            Some(name) => name.clone(),
            None => Path::new(&loaded_page.file.rel)
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default(),
        };
        let slug = loaded_page.file.front.slug.clone().unwrap_or_else(|| slugify(&stem));
        let path = format!("{}{}/", lib.section(section).doc.path, slug);
        if let Some(bundle) = &loaded_page.bundle {
            bundle_paths.insert(crate::load::content::load_join(&loaded_page.dir, bundle), path.clone());
        }
        kept.push((loaded_page.file, section, path, humanize(&stem)));
    }
    // Reading a page's outline is a pass over its markdown: in parallel, kept in order.
    let made: Vec<(Page, Vec<Diagnostic>)> = kept
        .into_par_iter()
        .map(|(file, section, path, fallback)| {
            let mut problems = Vec::new();
            let doc =
                document(Some(file), path, fallback, (smart, &shortcodes, &outlines), &mut problems, true);
            (Page { doc, section, previous: None, next: None, assets: Vec::new() }, problems)
        })
        .collect();
    for (page, problems) in made {
        lib.pages.push(page);
        diagnostics.extend(problems);
    }

    for (i, s) in lib.sections.iter().enumerate() {
        if let Some(f) = &s.doc.file {
            lib.by_rel.insert(f.rel.clone(), NodeId::Section(SectionId::new(i)));
        }
    }
    for (i, p) in lib.pages.iter().enumerate() {
        if let Some(f) = &p.doc.file {
            lib.by_rel.insert(f.rel.clone(), NodeId::Page(PageId::new(i)));
        }
    }

    translations(config, &mut lib, loaded.translations, &left_out_drafts, &outlines, &mut diagnostics);
    copied_files(&mut lib, loaded.assets, &section_of_dir, &bundle_paths);
    let (generated, problems) = super::generated::generate(config, data);
    lib.generated = generated;
    diagnostics.extend(problems);
    check_collisions(config, &mut lib, &mut diagnostics);
    order(&mut lib);
    lib.taxonomies = taxonomy::collect(config, &lib);
    diagnostics.extend(unusable_terms(&lib));
    lib.glossary = super::glossary::collect(&lib);
    lib.link_table = std::sync::Arc::new(super::resolve::LinkTable::new(&lib));
    let (resolved, link_diagnostics) = links::resolve(config, &lib);
    diagnostics.extend(link_diagnostics);
    // (target, source) pairs given a backlink: looked up here, not in the target's list, which
    // for a page that every page links to made the model quadratic in the site.
    let mut backlinked: std::collections::HashSet<(NodeId, NodeId)> = std::collections::HashSet::new();
    for (node, map, link_langs, targets) in resolved {
        // Backlinks stay within a language: "pages that link here" lists pages the reader reads.
        let lang = lib.lang(node, &config.site.default_language).to_string();
        for target in targets {
            if lib.lang(target, &config.site.default_language) != lang {
                continue;
            }
            if target != node && backlinked.insert((target, node)) {
                lib.doc_mut(target).backlinks.push(node);
            }
        }
        let doc = lib.doc_mut(node);
        doc.links = map;
        doc.link_langs = link_langs;
    }
    let (kind_links, kind_diagnostics) = super::kinds::check(config, &lib);
    diagnostics.extend(kind_diagnostics);
    diagnostics.extend(super::menus::check(config, &lib));
    lib.products_of = kind_links.products_of;
    for (from, to) in kind_links.shown_links {
        if from != to && backlinked.insert((to, from)) {
            lib.doc_mut(to).backlinks.push(from);
        }
    }
    for (node, map) in kind_links.front_links {
        if let NodeId::Page(i) = node {
            lib.page_mut(i).doc.links.extend(map);
        }
    }
    let (settings, problems) = super::settings::derive(config, &lib);
    lib.settings = settings;
    diagnostics.extend(problems);
    once_per_site(&mut diagnostics, kb_markdown::VIDEO_LINK_WARNING);
    (lib, diagnostics)
}

/// Keeps the first diagnostic saying `message` and drops the repeats: a warning that is the
/// same for every call site is said once, with how many places it applies to.
fn once_per_site(diagnostics: &mut Vec<Diagnostic>, message: &str) {
    let mut seen = 0usize;
    diagnostics.retain(|d| {
        let repeat = d.message == message;
        seen += usize::from(repeat);
        !repeat || seen == 1
    });
    if seen > 1
        && let Some(first) = diagnostics.iter_mut().find(|d| d.message == message)
    {
        let more = format!("said once for the site: {} more call(s) elsewhere get the same link", seen - 1);
        first.hint = Some(match first.hint.take() {
            Some(hint) => format!("{hint} ({more})"),
            None => more,
        });
    }
}

/// Reads the outline and decides the title: front matter, else the first `# `, else (sections
/// only) the folder name. A page without any title is an error.
pub(super) fn document(
    file: Option<ContentFile>,
    path: String,
    fallback_title: String,
    (smart, shortcodes, outlines): (bool, &kb_markdown::Shortcodes, &kb_markdown::Outlines),
    diagnostics: &mut Vec<Diagnostic>,
    title_required: bool,
) -> Document {
    let outline = file
        .as_ref()
        .map(|f| {
            let on_page = shortcodes.on_page(crate::load::content::shortcode_page(f));
            outlines.analyze(f.body(), smart, &on_page)
        })
        .unwrap_or_default();
    let front_title = file.as_ref().and_then(|f| f.front.title.clone()).filter(|t| !t.trim().is_empty());
    let (title, title_from_h1) = match (front_title, &outline.h1) {
        (Some(t), _) => (t, false),
        (None, Some((h1, _))) => (h1.clone(), true),
        (None, None) => {
            if title_required && let Some(f) = &file {
                diagnostics.push(
                    Diagnostic::error("this page has no title")
                        .at_offset(&f.path, &f.source, 0, 1)
                        .with_hint(
                            "add `title = \"...\"` to the front matter, or start the text with a `# Heading`",
                        ),
                );
            }
            (fallback_title, false)
        }
    };
    if let Some(f) = &file {
        for note in &outline.shortcode_notes {
            let message = note.message.clone();
            diagnostics.push(
                if note.error { Diagnostic::error(message) } else { Diagnostic::warning(message) }
                    .at_offset(&f.path, &f.source, f.body_offset + note.offset, note.len)
                    .with_hint(note.hint.clone()),
            );
        }
        for link in &outline.links {
            if let Some(scheme) = kb_core::url_scheme::refused_scheme(&link.dest) {
                let (message, hint) = kb_core::url_scheme::problem(&link.dest, &scheme);
                // A warning, and the link is left out of the page (its text stays): sites written
                // for other generators carry such demo links, and must still build.
                diagnostics.push(
                    Diagnostic::warning(format!("{message}; the link is left out"))
                        .at_offset(&f.path, &f.source, f.body_offset + link.offset, link.len.max(1))
                        .with_hint(hint),
                );
            }
        }
        for raw in &outline.unsafe_html {
            diagnostics.push(
                Diagnostic::warning(format!(
                    "raw HTML with {} breaks the Content-Security-Policy",
                    raw.problem
                ))
                .at_offset(&f.path, &f.source, f.body_offset + raw.offset, 1)
                .with_hint(
                    "browsers will block it on the built site; write it in markdown instead, or set \
                         `raw_html = \"strip\"` (or \"escape\") under [markdown] in kennisbank.toml",
                ),
            );
        }
    }
    Document {
        file,
        title,
        path,
        outline,
        links: HashMap::new(),
        link_langs: HashMap::new(),
        backlinks: Vec::new(),
        title_from_h1,
    }
}

/// Pairs each translation with its original (by the path its file name gives), and gives it
/// the original's URL under `/<lang>/`. A translation of nothing is an error at its first line;
/// so is a second translation of the same page into the same language.
fn translations(
    config: &Config,
    lib: &mut Library,
    loaded: Vec<crate::load::content::LoadedTranslation>,
    left_out_drafts: &std::collections::HashSet<String>,
    outlines: &kb_markdown::Outlines,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let smart = config.site.markdown.smart_punctuation;
    let shortcodes = std::sync::Arc::clone(&lib.shortcodes);
    let mut claimed: HashMap<(NodeId, String), String> = HashMap::new();
    for mut t in loaded {
        let stem = t.original.trim_end_matches(".md");
        // The original as named, or the bundle or section folder of that name.
        let candidates = [t.original.clone(), format!("{stem}/index.md"), format!("{stem}/_index.md")];
        if (t.file.front.draft && !config.drafts) || candidates.iter().any(|c| left_out_drafts.contains(c)) {
            continue;
        }
        let first_line = t.file.source.lines().next().map_or(1, |l| l.len().max(1));
        let found = candidates
            .iter()
            .filter_map(|c| lib.by_rel.get(c))
            .find(|id| !matches!(id, NodeId::Translation(_)));
        let Some(&original) = found else {
            let known: Vec<&str> = lib
                .by_rel
                .iter()
                .filter(|(_, id)| !matches!(id, NodeId::Translation(_)))
                .map(|(rel, _)| rel.as_str())
                .collect();
            let hint = match NameHint::new(&t.original, &known, "pages").nearest() {
                Some(k) => format!("did you mean a translation of `{k}`? Name the file after it"),
                None => format!(
                    "a translation is named after the page it translates: `hulp/page.{lang}.md` beside \
                     `hulp/page.md`, or `{lang}/hulp/page.md`; create the original first, or rename this file",
                    lang = t.lang
                ),
            };
            diagnostics.push(
                Diagnostic::error(format!(
                    "this translation into `{}` has no original: there is no `content/{}`",
                    t.lang, t.original
                ))
                .at_offset(&t.file.path, &t.file.source, 0, first_line)
                .with_hint(hint),
            );
            continue;
        };
        if let Some(other) = claimed.get(&(original, t.lang.clone())) {
            diagnostics.push(
                Diagnostic::error(format!(
                    "`content/{}` has two translations into `{}`: this file and `content/{other}`",
                    lib.doc(original).rel(),
                    t.lang
                ))
                .at_offset(&t.file.path, &t.file.source, 0, first_line)
                .with_hint("keep one of them"),
            );
            continue;
        }
        // These kinds keep their substance in the front matter (a decision tree, sessions, an
        // expertise list), which a translation cannot carry yet: refuse rather than show Dutch.
        let kind =
            t.file.front.kind.clone().or_else(|| lib.doc(original).front().and_then(|f| f.kind.clone()));
        if let Some(kind @ ("decision" | "training" | "passport")) = kind.as_deref() {
            diagnostics.push(
                Diagnostic::error(format!("pages of kind `{kind}` cannot be translated yet"))
                    .at_offset(&t.file.path, &t.file.source, 0, first_line)
                    .with_hint(format!(
                        "their content lives in the front matter of the original page; write a page of its \
                         own (kind = \"guidance\") that explains it in `{}`, or remove this file",
                        t.lang
                    )),
            );
            continue;
        }
        claimed.insert((original, t.lang.clone()), t.file.rel.clone());
        let own = &t.file.front;
        let ignored: Vec<&str> = [
            ("slug", own.slug.is_some()),
            ("aliases", !own.aliases.is_empty()),
            ("taxonomies", !own.taxonomies.is_empty()),
        ]
        .into_iter()
        .filter_map(|(key, set)| set.then_some(key))
        .collect();
        if !ignored.is_empty() {
            diagnostics.push(
                Diagnostic::warning(format!(
                    "a translation keeps its original's URL and terms: `{}` here is ignored",
                    ignored.join("`, `")
                ))
                .at_offset(&t.file.path, &t.file.source, 0, first_line)
                .with_hint("remove it from this file; set it on the original if it should change"),
            );
        }
        if let Some(front) = lib.doc(original).front() {
            t.file.front = inherit_front(front, std::mem::take(&mut t.file.front));
        }
        let path = format!("/{}{}", t.lang, lib.doc(original).path);
        let fallback = lib.doc(original).title.clone();
        let in_its_language = shortcodes.in_language(&t.lang);
        // A translation without a title of its own would show the original's: an error.
        let doc =
            document(Some(t.file), path, fallback, (smart, &in_its_language, outlines), diagnostics, true);
        let id = TranslationId::new(lib.translations.len());
        lib.by_rel.insert(doc.rel().to_string(), NodeId::Translation(id));
        lib.translations_of.entry(original).or_default().push(id);
        lib.translations.push(super::Translation { doc, lang: t.lang, original });
    }
}

/// A translation's front matter: its own words (title, description, summary fields), the
/// original's facts (kind and its data, order, dates, owner, template). Taxonomy terms and
/// aliases are not inherited: they are Dutch words and Dutch URLs.
fn inherit_front(
    original: &crate::load::content::FrontMatter,
    own: crate::load::content::FrontMatter,
) -> crate::load::content::FrontMatter {
    let mut extra = original.extra.clone();
    extra.extend(own.extra);
    crate::load::content::FrontMatter {
        title: own.title,
        description: own.description,
        date: own.date.or(original.date),
        updated: own.updated.or(original.updated),
        draft: own.draft,
        weight: own.weight.or(original.weight),
        slug: None,
        aliases: Vec::new(),
        template: own.template.or_else(|| original.template.clone()),
        kind_data: if own.kind.is_some() { own.kind_data } else { original.kind_data.clone() },
        kind: own.kind.or_else(|| original.kind.clone()),
        audience: if own.audience.is_empty() { original.audience.clone() } else { own.audience },
        taxonomies: Default::default(),
        owner: own.owner.or_else(|| original.owner.clone()),
        review_by: own.review_by.or(original.review_by),
        paginate_by: own.paginate_by.or(original.paginate_by),
        extra,
    }
}

/// Every URL has one owner: pages, sections, aliases and generated pages may not share one.
fn check_collisions(config: &Config, lib: &mut Library, diagnostics: &mut Vec<Diagnostic>) {
    // URL -> who claimed it, as shown to the author.
    let mut seen: HashMap<String, String> = HashMap::new();
    for node in lib.node_ids() {
        let doc = lib.doc(node);
        if let Some(why) = super::url_rules::own_part_problem(&doc.path) {
            diagnostics.push(unusable_url(lib, node, why));
            continue;
        }
        if doc.file.is_none() {
            continue;
        }
        let owner = format!("content/{}", doc.rel());
        if let Some(previous) = seen.get(&doc.path) {
            diagnostics.push(collision(doc, &doc.path, previous));
        } else {
            seen.insert(doc.path.clone(), owner);
        }
    }
    let mut redirects = Vec::new();
    for page in &lib.pages {
        for (n, alias) in
            page.doc.front().map(|f| f.aliases.clone()).unwrap_or_default().into_iter().enumerate()
        {
            let from = normalize_alias(&alias);
            if let (Some(why), Some(file)) = (super::url_rules::url_problem(&from), &page.doc.file) {
                use crate::load::config::KeyStep::{Index, Key};
                diagnostics.push(
                    file.at_front_text(
                        &[Key("aliases"), Index(n)],
                        Diagnostic::error(format!("the alias `{alias}` cannot be a URL of the site: {why}"))
                            .with_hint(
                                "write the old URL as it was, like `/oude-map/pagina/`, or remove the alias",
                            ),
                    ),
                );
                continue;
            }
            if let Some(previous) = seen.get(&from) {
                diagnostics.push(collision(&page.doc, &from, previous));
            } else {
                seen.insert(from.clone(), format!("an alias in content/{}", page.doc.rel()));
                redirects.push(Redirect { from, to: page.doc.path.clone() });
            }
        }
    }
    for generated in &lib.generated {
        if let Some(previous) = seen.get(&generated.path) {
            use crate::load::config::KeyStep::{Index, Key};
            let rule =
                config.site.generate.iter().position(|g| g.template == generated.template).unwrap_or(0);
            diagnostics.push(
                config
                    .at(
                        &[Key("generate"), Index(rule), Key("path")],
                        Diagnostic::error(format!(
                            "a page generated from data wants the URL `{}`, which {previous} has",
                            generated.path
                        )),
                    )
                    .with_hint("change `path` of the [[generate]] rule, or the data"),
            );
        } else {
            seen.insert(generated.path.clone(), "a generated page".into());
        }
    }
    for file in &lib.files {
        let page_path = format!("/{}", file.path);
        if seen.contains_key(&page_path) {
            diagnostics.push(
                Diagnostic::error(format!("the file `{}` collides with a page URL", file.path))
                    .in_file(&file.source),
            );
        }
    }
    lib.redirects = redirects;
}

/// A page or section whose own part of the URL (its file or folder name, or its `slug`) cannot
/// be a folder of the output, at the `slug` that chose it or at the file.
fn unusable_url(lib: &Library, node: NodeId, why: String) -> Diagnostic {
    use crate::load::config::{KeyStep::Key, SpanPart};
    let doc = lib.doc(node);
    let hint = "set a `slug` of letters, digits and dashes in the front matter, like `slug: over-ons`";
    let Some(file) = &doc.file else {
        let dir = match node {
            NodeId::Section(s) => lib.section(s).dir.clone(),
            _ => String::new(),
        };
        return Diagnostic::error(format!("the folder content/{dir} cannot be a URL of the site: {why}"))
            .with_hint(
                "rename the folder to letters, digits and dashes, or give it an `_index.md` with a `slug`",
            );
    };
    let message = format!("the URL `{}` of this file cannot be written: {why}", doc.path);
    if file.front.slug.is_some() {
        file.at_front(&[Key("slug")], SpanPart::Value, Diagnostic::error(message).with_hint(hint))
    } else {
        Diagnostic::error(format!("{message} (it is made from the file name)"))
            .with_hint(format!("rename content/{} or {hint}", file.rel))
            .at_offset(&file.path, &file.source, 0, 1)
    }
}

/// A term whose list page cannot be written (a name over 255 bytes), at each page naming it.
fn unusable_terms(lib: &Library) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for taxonomy in &lib.taxonomies {
        for term in &taxonomy.terms {
            let Some(why) = super::url_rules::segment_problem(&term.slug) else { continue };
            for page in &term.pages {
                let Some(file) = &lib.page(*page).doc.file else { continue };
                out.push(
                    Diagnostic::error(format!(
                        "the {} term starting `{}` cannot have a page of its own: {why}",
                        taxonomy.name,
                        term.name.chars().take(40).collect::<String>()
                    ))
                    .with_hint("shorten the term; a term is a word or a few, not a sentence")
                    .at_offset(&file.path, &file.source, 0, 1),
                );
            }
        }
    }
    out
}

fn collision(doc: &Document, url: &str, other: &str) -> Diagnostic {
    let d = Diagnostic::error(format!("two files want the URL `{url}`: this one and {other}"))
        .with_hint("give one of them another file name, or set a different `slug` in its front matter");
    match &doc.file {
        Some(f) => d.at_offset(&f.path, &f.source, 0, 1),
        None => d,
    }
}

fn normalize_alias(alias: &str) -> String {
    let trimmed = alias.trim().trim_matches('/');
    let trimmed = trimmed.strip_suffix("index.html").unwrap_or(trimmed).trim_end_matches('/');
    if trimmed.is_empty() { "/".into() } else { format!("/{trimmed}/") }
}

/// Sorts pages and subsections and links neighbours.
fn order(lib: &mut Library) {
    let mut by_section: Vec<Vec<PageId>> = vec![Vec::new(); lib.sections.len()];
    for (i, p) in lib.pages_with_ids() {
        by_section[p.section.index()].push(i);
    }
    for (s, pages) in lib.section_ids().zip(by_section) {
        lib.section_mut(s).pages = pages;
        order_section(lib, s);
    }
    let mut subsections: Vec<Vec<SectionId>> = vec![Vec::new(); lib.sections.len()];
    for (i, s) in lib.sections_with_ids() {
        if let Some(p) = s.parent {
            subsections[p.index()].push(i);
        }
    }
    for (s, mut subs) in lib.section_ids().zip(subsections) {
        subs.sort_by_cached_key(|s| page_order_key(&lib.section(*s).doc));
        lib.section_mut(s).subsections = subs;
    }
}

/// Sorts section `s`'s pages (whatever order they are in: the key ends in the unique content
/// path) and links them as neighbours.
pub(super) fn order_section(lib: &mut Library, s: SectionId) {
    let mut pages = std::mem::take(&mut lib.section_mut(s).pages);
    pages.sort_by_cached_key(|p| page_order_key(&lib.page(*p).doc));
    for (n, &p) in pages.iter().enumerate() {
        lib.page_mut(p).previous = n.checked_sub(1).map(|m| pages[m]);
        lib.page_mut(p).next = pages.get(n + 1).copied();
    }
    lib.section_mut(s).pages = pages;
}

/// Weight (unset last), then date (newest first, undated last), then title, then file.
fn page_order_key(doc: &Document) -> (i64, std::cmp::Reverse<Option<jiff::civil::Date>>, String, String) {
    let front = doc.front();
    (
        front.and_then(|f| f.weight).unwrap_or(i64::MAX),
        std::cmp::Reverse(front.and_then(|f| f.date)),
        doc.title.to_lowercase(),
        doc.rel().to_string(),
    )
}

fn copied_files(
    lib: &mut Library,
    assets: Vec<crate::load::content::Asset>,
    section_of_dir: &HashMap<String, SectionId>,
    bundle_paths: &HashMap<String, String>,
) {
    let mut files: Vec<CopiedFile> = assets
        .into_par_iter()
        .map(|asset| {
            let (dir, name) = asset.rel.rsplit_once('/').unwrap_or(("", asset.rel.as_str()));
            // The nearest folder with a URL of its own decides where the file lands.
            let mut base = dir.to_string();
            let mut rest = name.to_string();
            let path = loop {
                if let Some(p) = bundle_paths.get(&base) {
                    break format!("{}{}", &p[1..], rest);
                }
                if let Some(&s) = section_of_dir.get(&base) {
                    break format!("{}{}", &lib.section(s).doc.path[1..], rest);
                }
                match base.rsplit_once('/') {
                    Some((parent, last)) => {
                        rest = format!("{last}/{rest}");
                        base = parent.to_string();
                    }
                    None if !base.is_empty() => {
                        rest = format!("{base}/{rest}");
                        base = String::new();
                    }
                    None => break rest,
                }
            };
            CopiedFile { source: asset.path, rel: asset.rel, path }
        })
        .collect();
    files.sort_by(|a, b| a.path.cmp(&b.path));
    for page in &mut lib.pages {
        let prefix = &page.doc.path[1..];
        if page.doc.rel().ends_with("/index.md") {
            // The paths under the bundle's folder are one run of the sorted list: found by
            // bisection, not by a pass over every file for every bundle (files x bundles).
            let start = files.partition_point(|f| f.path.as_str() < prefix);
            page.assets = files[start..]
                .iter()
                .take_while(|f| f.path.starts_with(prefix))
                .map(|f| format!("/{}", f.path))
                .collect();
        }
    }
    lib.files = files;
}

fn nearest_section(section_of_dir: &HashMap<String, SectionId>, dir: &str) -> Option<SectionId> {
    let mut d = dir.to_string();
    loop {
        if let Some(&s) = section_of_dir.get(&d) {
            return Some(s);
        }
        d = parent_dir(&d)?;
    }
}

fn parent_dir(dir: &str) -> Option<String> {
    if dir.is_empty() {
        return None;
    }
    Some(dir.rsplit_once('/').map_or(String::new(), |(p, _)| p.to_string()))
}

fn last_segment(dir: &str) -> &str {
    dir.rsplit('/').next().unwrap_or(dir)
}

/// `ouderen-en-mishandeling` -> `Ouderen en mishandeling`, for folders without a title.
fn humanize(name: &str) -> String {
    let text = name.replace(['-', '_'], " ");
    let mut chars = text.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}
