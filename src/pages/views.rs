//! Serializable views of the model for templates. Templates never see the internal structs,
//! so the model can change without breaking themes; `docs/TEMPLATES.md` documents these.

use std::collections::BTreeMap;

use jiff::civil::Date;
use serde::Serialize;
use serde_json::{Map, Value};

use crate::model::resolve::LinkProblem;
use crate::model::settings::Settings;
use crate::model::{Document, Kind, Library, NodeId, Page, PageId, Section, SectionId, TranslationId};
use kb_markdown::{Rendered, TocEntry};

#[derive(Debug, Clone, Serialize)]
pub struct LinkView {
    pub title: String,
    pub url: String,
    /// Set when the target is in another language than the page that links to it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lang: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct TermLink {
    pub name: String,
    pub url: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct PageSummary<'a> {
    pub title: &'a str,
    pub description: &'a str,
    pub summary: &'a str,
    pub url: String,
    pub date: Option<String>,
    pub kind: Kind,
    pub audience: &'a [String],
    pub taxonomies: BTreeMap<&'a str, Vec<TermLink>>,
    /// The language the page is in (in a translated list, some may still be in Dutch).
    pub lang: &'a str,
}

#[derive(Debug, Clone, Serialize)]
pub struct SectionSummary<'a> {
    pub title: &'a str,
    pub description: &'a str,
    pub url: String,
    pub page_count: usize,
    pub lang: &'a str,
}

/// One language version of a page, for the language switcher and `hreflang` alternates.
#[derive(Debug, Clone, Serialize)]
pub struct VersionView<'a> {
    pub code: &'a str,
    /// The language's name in that language (`English`, `العربية`).
    pub name: &'a str,
    pub dir: crate::load::config::TextDirection,
    /// The page's title in that language.
    pub title: &'a str,
    pub url: String,
    pub permalink: String,
    /// The version being rendered.
    pub current: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct PageView<'a> {
    pub title: &'a str,
    pub description: &'a str,
    pub content: std::borrow::Cow<'a, str>,
    pub summary: &'a str,
    pub toc: &'a [TocEntry],
    pub url: String,
    pub permalink: String,
    pub date: Option<String>,
    pub updated: Option<String>,
    pub reading_time: usize,
    pub word_count: usize,
    pub kind: Kind,
    pub audience: &'a [String],
    pub taxonomies: BTreeMap<&'a str, Vec<TermLink>>,
    pub owner: Option<&'a str>,
    pub review_by: Option<String>,
    pub review_overdue: bool,
    pub extra: &'a Map<String, Value>,
    pub ancestors: Vec<LinkView>,
    pub backlinks: Vec<LinkView>,
    pub previous: Option<LinkView>,
    pub next: Option<LinkView>,
    pub lang: &'a str,
    pub assets: Vec<String>,
    pub rel: &'a str,
    /// Pages most like this one, best first; for a translation, those translated too.
    pub related: Vec<LinkView>,
    /// `training`, `passport`, `decision`, `checklist`, `slides` or `product`, by the page's
    /// kind; `products` on a werkplaats's page.
    #[serde(flatten)]
    pub kind_fields: super::knowledge::KindView<'a>,
}

#[derive(Debug, Clone, Serialize)]
pub struct SectionView<'a> {
    #[serde(flatten)]
    pub page: PageView<'a>,
    pub pages: Vec<PageSummary<'a>>,
    pub subsections: Vec<SectionSummary<'a>>,
    /// Pages generated from data right below this section (by title).
    pub generated: Vec<LinkView>,
}

/// Builds views; holds what every view needs.
pub struct Views<'a> {
    pub settings: &'a Settings,
    pub lib: &'a Library,
    pub page_html: &'a [Rendered],
    pub section_html: &'a [Rendered],
    pub translation_html: &'a [Rendered],
    /// Per page, its slides when it is a deck.
    pub decks: &'a [Vec<kb_markdown::slides::RenderedSlide>],
    /// Per translation, its slides when it translates a deck.
    pub translation_decks: &'a [Vec<kb_markdown::slides::RenderedSlide>],
    pub today: Date,
    /// The build's moment: which training sessions are past.
    pub now: jiff::civil::DateTime,
    /// Related pages per page (by page index), best first.
    pub related: &'a [Vec<PageId>],
    /// The interface strings, for the words views hold (dates).
    pub strings: &'a crate::load::i18n::Translations,
    pub empty: Map<String, Value>,
}

impl<'a> Views<'a> {
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.settings.base_path.as_str())
    }

    pub fn permalink(&self, path: &str) -> String {
        let base = self.settings.base_url.trim_end_matches('/');
        let after_scheme = base.find("://").map_or(0, |i| i + 3);
        let origin = base[after_scheme..].find('/').map_or(base, |i| &base[..after_scheme + i]);
        format!("{origin}{}", self.url(path))
    }

    fn link(&self, id: NodeId) -> LinkView {
        let doc = self.lib.doc(id);
        LinkView { title: doc.title.clone(), url: self.url(&doc.path), lang: None }
    }

    /// A menu item's URL: `@/` content paths resolved, root-relative paths under the base path,
    /// anything else as written. (The model checked the `@/` paths.)
    /// The href of a menu item: an `@/` link resolved as in markdown (with the same
    /// `_index.md` fallbacks and anchor), a site path under the base path, anything else as
    /// written. A broken `@/` link is an error of the build (`model::menus`).
    pub fn menu_url(&self, url: &str) -> String {
        let table = &self.lib.link_table;
        match table.resolve("", url) {
            Some(Ok(found)) | Some(Err(LinkProblem::NoAnchor { found, .. })) => {
                self.url(&table.path_of(&found))
            }
            Some(Err(_)) => url.to_string(),
            None if url.starts_with('/') => self.url(url),
            None => url.to_string(),
        }
    }

    pub fn default_language(&self) -> &'a str {
        &self.settings.default_language
    }

    /// A link to `id` in `lang` where it is translated, else to the original, saying so.
    fn link_in(&self, id: NodeId, lang: &str) -> LinkView {
        let default = self.default_language();
        let target = self.lib.in_language(id, lang, default).unwrap_or(self.lib.original(id));
        let target_lang = self.lib.lang(target, default);
        LinkView { lang: (target_lang != lang).then(|| target_lang.to_string()), ..self.link(target) }
    }

    /// Every language version of `id` in the order the config lists languages.
    pub fn versions(&self, id: NodeId) -> Vec<VersionView<'a>> {
        let default = self.default_language();
        let versions = self.lib.versions(id);
        self.settings
            .languages
            .iter()
            .filter_map(|language| {
                let version = versions.iter().find(|v| self.lib.lang(**v, default) == language.code)?;
                let doc = self.lib.doc(*version);
                let path = &doc.path;
                Some(VersionView {
                    code: &language.code,
                    name: &language.name,
                    dir: language.dir,
                    title: &doc.title,
                    url: self.url(path),
                    permalink: self.permalink(path),
                    current: *version == id,
                })
            })
            .collect()
    }

    fn taxonomy_links(&'a self, doc: &'a Document) -> BTreeMap<&'a str, Vec<TermLink>> {
        let mut map = BTreeMap::new();
        let Some(front) = doc.front() else { return map };
        for (name, terms) in &front.taxonomies {
            let Some(tax) = self.lib.taxonomies.iter().find(|t| &t.name == name) else {
                continue;
            };
            let links = terms
                .iter()
                .filter_map(|term| {
                    // The terms are sorted by slug.
                    let slug = kb_markdown::slugify(term);
                    let t = tax.terms.binary_search_by(|t| t.slug.as_str().cmp(&slug)).ok()?;
                    let t = &tax.terms[t];
                    Some(TermLink { name: t.name.clone(), url: self.url(&t.path) })
                })
                .collect();
            map.insert(name.as_str(), links);
        }
        map
    }

    fn rendered(&'a self, id: NodeId) -> &'a Rendered {
        match id {
            NodeId::Page(i) => &self.page_html[i.index()],
            NodeId::Section(i) => &self.section_html[i.index()],
            NodeId::Translation(i) => &self.translation_html[i.index()],
        }
    }

    fn document_view(&'a self, id: NodeId, section_for_ancestors: Option<SectionId>) -> PageView<'a> {
        let doc: &'a Document = self.lib.doc(id);
        let rendered = self.rendered(id);
        let front = doc.front();
        let review_by = front.and_then(|f| f.review_by);
        let ancestors = section_for_ancestors
            .map(|s| self.lib.section_chain(s).into_iter().map(|i| self.link(NodeId::Section(i))).collect())
            .unwrap_or_default();
        let mut backlinks: Vec<LinkView> = doc.backlinks.iter().map(|b| self.link(*b)).collect();
        backlinks.sort_by(|a, b| a.title.cmp(&b.title));
        PageView {
            title: &doc.title,
            description: front.and_then(|f| f.description.as_deref()).unwrap_or(""),
            content: rendered.html(),
            summary: &rendered.summary,
            toc: &rendered.toc,
            url: self.url(&doc.path),
            permalink: self.permalink(&doc.path),
            date: front.and_then(|f| f.date).map(|d| d.to_string()),
            updated: front.and_then(|f| f.updated).map(|d| d.to_string()),
            reading_time: rendered.word_count.div_ceil(200).max(1),
            word_count: rendered.word_count,
            kind: doc.kind(),
            audience: front.map_or(&[][..], |f| f.audience.as_slice()),
            taxonomies: self.taxonomy_links(doc),
            owner: front.and_then(|f| f.owner.as_deref()),
            review_by: review_by.map(|d| d.to_string()),
            review_overdue: review_by.is_some_and(|d| d < self.today),
            extra: front.map_or(&self.empty, |f| &f.extra),
            ancestors,
            backlinks,
            previous: None,
            next: None,
            lang: &self.settings.default_language,
            assets: Vec::new(),
            rel: doc.rel(),
            related: Vec::new(),
            kind_fields: Default::default(),
        }
    }

    /// Breadcrumbs for a page that has no section of its own (generated pages): the sections
    /// whose paths are prefixes of `path`.
    pub fn ancestors_of_path(&self, path: &str) -> Vec<LinkView> {
        let mut sections: Vec<&Section> = self
            .lib
            .sections
            .iter()
            .filter(|s| path.starts_with(&s.doc.path) && path != s.doc.path)
            .collect();
        sections.sort_by_key(|s| s.doc.path.len());
        sections
            .iter()
            .map(|s| LinkView { title: s.doc.title.clone(), url: self.url(&s.doc.path), lang: None })
            .collect()
    }

    pub fn page(&'a self, i: PageId) -> PageView<'a> {
        let page: &Page = self.lib.page(i);
        let mut view = self.document_view(NodeId::Page(i), Some(page.section));
        view.previous = page.previous.map(|p| self.link(NodeId::Page(p)));
        view.next = page.next.map(|p| self.link(NodeId::Page(p)));
        view.assets = page.assets.iter().map(|a| self.url(a)).collect();
        view.related = self.related[i.index()].iter().map(|r| self.link(NodeId::Page(*r))).collect();
        view.kind_fields = super::knowledge::kind_view(self, i, page.doc.outline.task_count, self.now);
        view
    }

    pub fn summary(&'a self, i: PageId) -> PageSummary<'a> {
        let doc = &self.lib.page(i).doc;
        let front = doc.front();
        PageSummary {
            title: &doc.title,
            description: front.and_then(|f| f.description.as_deref()).unwrap_or(""),
            summary: &self.page_html[i.index()].summary,
            url: self.url(&doc.path),
            date: front.and_then(|f| f.date).map(|d| d.to_string()),
            kind: doc.kind(),
            audience: front.map_or(&[][..], |f| f.audience.as_slice()),
            taxonomies: self.taxonomy_links(doc),
            lang: self.default_language(),
        }
    }

    /// Page `i` in `lang` where it is translated, else the original (its `lang` says which).
    pub fn summary_in(&'a self, i: PageId, lang: &str) -> PageSummary<'a> {
        let Some(NodeId::Translation(t)) =
            self.lib.in_language(NodeId::Page(i), lang, self.default_language())
        else {
            return self.summary(i);
        };
        let translation = self.lib.translation(t);
        let front = translation.doc.front();
        PageSummary {
            title: &translation.doc.title,
            description: front.and_then(|f| f.description.as_deref()).unwrap_or(""),
            summary: &self.translation_html[t.index()].summary,
            url: self.url(&translation.doc.path),
            date: front.and_then(|f| f.date).map(|d| d.to_string()),
            kind: translation.doc.kind(),
            audience: front.map_or(&[][..], |f| f.audience.as_slice()),
            taxonomies: BTreeMap::new(),
            lang: &translation.lang,
        }
    }

    fn generated_below(&self, section_path: &str) -> Vec<LinkView> {
        let mut links: Vec<LinkView> = self
            .lib
            .generated
            .iter()
            .filter(|g| {
                g.path
                    .strip_prefix(section_path)
                    .is_some_and(|rest| !rest.is_empty() && !rest.trim_end_matches('/').contains('/'))
            })
            .map(|g| LinkView { title: g.title.clone(), url: self.url(&g.path), lang: None })
            .collect();
        links.sort_by(|a, b| a.title.cmp(&b.title));
        links
    }

    pub fn section_summary(&self, i: SectionId) -> SectionSummary<'a> {
        let s: &Section = self.lib.section(i);
        SectionSummary {
            title: &s.doc.title,
            description: s.doc.front().and_then(|f| f.description.as_deref()).unwrap_or(""),
            url: self.url(&s.doc.path),
            page_count: s.pages.len(),
            lang: self.default_language(),
        }
    }

    pub fn section_summary_in(&self, i: SectionId, lang: &str) -> SectionSummary<'a> {
        match self.lib.in_language(NodeId::Section(i), lang, self.default_language()) {
            Some(NodeId::Translation(t)) => {
                let translation = self.lib.translation(t);
                SectionSummary {
                    title: &translation.doc.title,
                    description: translation.doc.front().and_then(|f| f.description.as_deref()).unwrap_or(""),
                    url: self.url(&translation.doc.path),
                    page_count: self.lib.section(i).pages.len(),
                    lang: &translation.lang,
                }
            }
            _ => self.section_summary(i),
        }
    }

    pub fn section(&'a self, i: SectionId, pages: &[PageId]) -> SectionView<'a> {
        let s = self.lib.section(i);
        SectionView {
            page: self.document_view(NodeId::Section(i), s.parent),
            pages: pages.iter().map(|p| self.summary(*p)).collect(),
            subsections: s.subsections.iter().map(|c| self.section_summary(*c)).collect(),
            generated: self.generated_below(&s.doc.path),
        }
    }

    /// A translated page: its own text, in its original's place; breadcrumbs, previous and
    /// next in the same language where they are translated.
    pub fn translated_page(&'a self, t: TranslationId, page: PageId) -> PageView<'a> {
        let lang = &self.lib.translation(t).lang;
        let original = self.lib.page(page);
        let mut view = self.document_view(NodeId::Translation(t), None);
        view.ancestors = self
            .lib
            .section_chain(original.section)
            .into_iter()
            .map(|s| self.link_in(NodeId::Section(s), lang))
            .collect();
        let same_language = |p: Option<PageId>| {
            p.and_then(|p| self.lib.in_language(NodeId::Page(p), lang, self.default_language()))
                .map(|id| self.link(id))
        };
        view.previous = same_language(original.previous);
        view.next = same_language(original.next);
        view.assets = original.assets.iter().map(|a| self.url(a)).collect();
        view.lang = lang;
        // Related pages that are translated too: a list in the reader's language.
        view.related = self.related[page.index()]
            .iter()
            .filter_map(|r| self.lib.in_language(NodeId::Page(*r), lang, self.default_language()))
            .map(|id| self.link(id))
            .collect();
        // A translated checklist counts its own signals; other kinds with front-matter content
        // cannot be translated (the model refuses them).
        let own =
            super::knowledge::kind_view(self, page, self.lib.translation(t).doc.outline.task_count, self.now);
        view.kind_fields.checklist = own.checklist;
        // A translated deck shows its own slides, with the words of its language.
        view.kind_fields.slides = super::slides::slides_view(&self.translation_decks[t.index()]);
        view
    }

    /// A translated section: its own text; its pages and subsections in the same language
    /// where translated, else in the original language (marked, so the list says so).
    pub fn translated_section(&'a self, t: TranslationId, section: SectionId) -> SectionView<'a> {
        let lang = &self.lib.translation(t).lang;
        let original = self.lib.section(section);
        let mut page = self.document_view(NodeId::Translation(t), None);
        if let Some(parent) = original.parent {
            page.ancestors = self
                .lib
                .section_chain(parent)
                .into_iter()
                .map(|s| self.link_in(NodeId::Section(s), lang))
                .collect();
        }
        page.lang = lang;
        SectionView {
            page,
            pages: original.pages.iter().map(|p| self.summary_in(*p, lang)).collect(),
            subsections: original.subsections.iter().map(|s| self.section_summary_in(*s, lang)).collect(),
            generated: Vec::new(),
        }
    }
}
