//! Serializable views of the model for templates. Templates never see the internal structs,
//! so the model can change without breaking themes; `docs/TEMPLATES.md` documents these.

use std::collections::BTreeMap;

use jiff::civil::Date;
use serde::Serialize;
use serde_json::{Map, Value};

use crate::config::Config;
use crate::markdown::{Rendered, TocEntry};
use crate::site::{Document, Library, NodeId, Page, Section};

#[derive(Debug, Clone, Serialize)]
pub struct LinkView {
    pub title: String,
    pub url: String,
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
    pub kind: &'a str,
    pub audience: &'a [String],
    pub taxonomies: BTreeMap<&'a str, Vec<TermLink>>,
}

#[derive(Debug, Clone, Serialize)]
pub struct SectionSummary<'a> {
    pub title: &'a str,
    pub description: &'a str,
    pub url: String,
    pub page_count: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct PageView<'a> {
    pub title: &'a str,
    pub description: &'a str,
    pub content: &'a str,
    pub summary: &'a str,
    pub toc: &'a [TocEntry],
    pub url: String,
    pub permalink: String,
    pub date: Option<String>,
    pub updated: Option<String>,
    pub reading_time: usize,
    pub word_count: usize,
    pub kind: &'a str,
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
    pub translations: Vec<Value>,
    pub assets: Vec<String>,
    pub rel: &'a str,
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
    pub config: &'a Config,
    pub lib: &'a Library,
    pub page_html: &'a [Rendered],
    pub section_html: &'a [Rendered],
    pub today: Date,
    pub empty: Map<String, Value>,
}

impl<'a> Views<'a> {
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.config.base_path())
    }

    pub fn permalink(&self, path: &str) -> String {
        let base = self.config.site.base_url.trim_end_matches('/');
        let after_scheme = base.find("://").map_or(0, |i| i + 3);
        let origin = base[after_scheme..].find('/').map_or(base, |i| &base[..after_scheme + i]);
        format!("{origin}{}", self.url(path))
    }

    fn link(&self, id: NodeId) -> LinkView {
        let doc = self.lib.doc(id);
        LinkView { title: doc.title.clone(), url: self.url(&doc.path) }
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
                    let slug = crate::markdown::slugify(term);
                    tax.terms
                        .iter()
                        .find(|t| t.slug == slug)
                        .map(|t| TermLink { name: t.name.clone(), url: self.url(&t.path) })
                })
                .collect();
            map.insert(name.as_str(), links);
        }
        map
    }

    fn rendered(&'a self, id: NodeId) -> &'a Rendered {
        match id {
            NodeId::Page(i) => &self.page_html[i],
            NodeId::Section(i) => &self.section_html[i],
        }
    }

    fn document_view(&'a self, id: NodeId, section_for_ancestors: Option<usize>) -> PageView<'a> {
        let doc: &'a Document = match id {
            NodeId::Page(i) => &self.lib.pages[i].doc,
            NodeId::Section(i) => &self.lib.sections[i].doc,
        };
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
            content: &rendered.html,
            summary: &rendered.summary,
            toc: &rendered.toc,
            url: self.url(&doc.path),
            permalink: self.permalink(&doc.path),
            date: front.and_then(|f| f.date).map(|d| d.to_string()),
            updated: front.and_then(|f| f.updated).map(|d| d.to_string()),
            reading_time: rendered.word_count.div_ceil(200).max(1),
            word_count: rendered.word_count,
            kind: front.and_then(|f| f.kind.as_deref()).unwrap_or("guidance"),
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
            lang: &self.config.site.default_language,
            translations: Vec::new(),
            assets: Vec::new(),
            rel: doc.rel(),
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
        sections.iter().map(|s| LinkView { title: s.doc.title.clone(), url: self.url(&s.doc.path) }).collect()
    }

    pub fn page(&'a self, i: usize) -> PageView<'a> {
        let page: &Page = &self.lib.pages[i];
        let mut view = self.document_view(NodeId::Page(i), Some(page.section));
        view.previous = page.previous.map(|p| self.link(NodeId::Page(p)));
        view.next = page.next.map(|p| self.link(NodeId::Page(p)));
        view.assets = page.assets.iter().map(|a| self.url(a)).collect();
        view
    }

    pub fn summary(&'a self, i: usize) -> PageSummary<'a> {
        let doc = &self.lib.pages[i].doc;
        let front = doc.front();
        PageSummary {
            title: &doc.title,
            description: front.and_then(|f| f.description.as_deref()).unwrap_or(""),
            summary: &self.page_html[i].summary,
            url: self.url(&doc.path),
            date: front.and_then(|f| f.date).map(|d| d.to_string()),
            kind: front.and_then(|f| f.kind.as_deref()).unwrap_or("guidance"),
            audience: front.map_or(&[][..], |f| f.audience.as_slice()),
            taxonomies: self.taxonomy_links(doc),
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
            .map(|g| LinkView { title: g.title.clone(), url: self.url(&g.path) })
            .collect();
        links.sort_by(|a, b| a.title.cmp(&b.title));
        links
    }

    pub fn section_summary(&self, i: usize) -> SectionSummary<'a> {
        let s: &Section = &self.lib.sections[i];
        SectionSummary {
            title: &s.doc.title,
            description: s.doc.front().and_then(|f| f.description.as_deref()).unwrap_or(""),
            url: self.url(&s.doc.path),
            page_count: s.pages.len(),
        }
    }

    pub fn section(&'a self, i: usize, pages: &[usize]) -> SectionView<'a> {
        let s = &self.lib.sections[i];
        SectionView {
            page: self.document_view(NodeId::Section(i), s.parent),
            pages: pages.iter().map(|p| self.summary(*p)).collect(),
            subsections: s.subsections.iter().map(|c| self.section_summary(*c)).collect(),
            generated: self.generated_below(&s.doc.path),
        }
    }
}
