//! Digests of what the docs and pages stages read, for `serve`'s incremental rebuild: equal
//! digests mean equal inputs, so the stage's earlier output is still right.
//!
//! Three kinds, from narrow to wide:
//! - a document's **docs key**: everything its markdown rendering reads (its body, outline,
//!   resolved links, language, and the site-wide markdown settings);
//! - the **cross digest**: everything one page's template may read about *other* documents
//!   (titles, URLs, front matter, summaries, order, backlinks, taxonomies, the link table...).
//!   While it is unchanged, a page's HTML depends only on its own docs key and related pages;
//! - a **job key** per template job, from those.
//!
//! Structured values are hashed through their `Debug` form (streamed, never allocated): every
//! model type has it, and a field added later is covered without anyone remembering to add it
//! here. Hash maps are hashed sorted, so that their iteration order does not matter.

use std::collections::HashMap;
use std::fmt::{Debug, Write};

use rayon::prelude::*;

use crate::docs::Docs;
use crate::model::{Document, Library, NodeId, PageId, SectionId, TranslationId};
use kb_markdown::Rendered;

/// A digest; 32 bytes of blake3, so that a collision is not a concern.
pub type Digest = blake3::Hash;

/// Feeds values into a blake3 hasher; `Debug` output is streamed into it.
pub struct Feed(blake3::Hasher);

impl Feed {
    pub fn new(domain: &str) -> Self {
        let mut feed = Feed(blake3::Hasher::new());
        feed.text(domain);
        feed
    }

    /// A string, length first, so that `("ab", "c")` and `("a", "bc")` differ.
    pub fn text(&mut self, text: &str) -> &mut Self {
        self.0.update(&(text.len() as u64).to_le_bytes());
        self.0.update(text.as_bytes());
        self
    }

    pub fn bytes(&mut self, bytes: &[u8]) -> &mut Self {
        self.0.update(&(bytes.len() as u64).to_le_bytes());
        self.0.update(bytes);
        self
    }

    pub fn debug(&mut self, value: &impl Debug) -> &mut Self {
        let _ = write!(self, "{value:?}");
        self.0.update(&[0xff]);
        self
    }

    pub fn digest(&mut self, digest: &Digest) -> &mut Self {
        self.0.update(digest.as_bytes());
        self
    }

    /// A map in key order.
    pub fn map<K: Ord + Debug, V: Debug>(&mut self, map: &HashMap<K, V>) -> &mut Self {
        let mut entries: Vec<_> = map.iter().collect();
        entries.sort_by(|a, b| a.0.cmp(b.0));
        self.debug(&entries)
    }

    pub fn finish(&self) -> Digest {
        self.0.finalize()
    }
}

impl Write for Feed {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        self.0.update(s.as_bytes());
        Ok(())
    }
}

/// A docs key per document of the model, in model order (like [`Docs`]).
#[derive(Debug, Default, Clone)]
pub struct DocKeys {
    pub pages: Vec<Digest>,
    pub sections: Vec<Digest>,
    pub translations: Vec<Digest>,
}

impl DocKeys {
    pub fn get(&self, id: NodeId) -> Digest {
        match id {
            NodeId::Page(i) => self.pages[i.index()],
            NodeId::Section(i) => self.sections[i.index()],
            NodeId::Translation(i) => self.translations[i.index()],
        }
    }

    pub fn set(&mut self, id: NodeId, key: Digest) {
        match id {
            NodeId::Page(i) => self.pages[i.index()] = key,
            NodeId::Section(i) => self.sections[i.index()] = key,
            NodeId::Translation(i) => self.translations[i.index()] = key,
        }
    }

    /// Every key with the node it belongs to.
    pub fn all(&self) -> impl Iterator<Item = (NodeId, Digest)> + '_ {
        let pages = self.pages.iter().enumerate().map(|(i, k)| (NodeId::Page(PageId::new(i)), *k));
        let sections =
            self.sections.iter().enumerate().map(|(i, k)| (NodeId::Section(SectionId::new(i)), *k));
        let translations = self
            .translations
            .iter()
            .enumerate()
            .map(|(i, k)| (NodeId::Translation(TranslationId::new(i)), *k));
        pages.chain(sections).chain(translations)
    }
}

/// What every document's markdown reads besides the document: the config (markdown settings,
/// languages), the interface strings (callout titles), the shortcode templates (and what they
/// were compiled with, `shortcodes`) and the glossary (abbreviations).
pub fn docs_global(
    config: &crate::load::config::Config,
    strings: &crate::load::i18n::Translations,
    shortcodes: &Digest,
    lib: &Library,
) -> Digest {
    let mut feed = Feed::new("docs-global");
    feed.debug(&config.site).debug(strings).digest(shortcodes).debug(&lib.glossary);
    feed.finish()
}

/// The docs key of every document. The document's path is part of it, so no two documents
/// share a key. The outline is not: it follows from the body, the language and what
/// `global` holds (settings and shortcode templates).
pub fn doc_keys(global: &Digest, lib: &Library) -> DocKeys {
    let key = |doc: &Document, lang: &str| doc_key(global, doc, lang);
    DocKeys {
        pages: lib.pages.par_iter().map(|p| key(&p.doc, "")).collect(),
        sections: lib.sections.par_iter().map(|s| key(&s.doc, "")).collect(),
        translations: lib.translations.par_iter().map(|t| key(&t.doc, &t.lang)).collect(),
    }
}

/// One document's docs key (see [`doc_keys`]).
pub fn doc_key(global: &Digest, doc: &Document, lang: &str) -> Digest {
    let mut feed = Feed::new("doc");
    feed.digest(global).text(&doc.path).text(doc.rel()).text(lang);
    feed.text(doc.file.as_ref().map_or("", |f| f.body()));
    feed.debug(&doc.kind()).debug(&doc.title_from_h1);
    feed.map(&doc.links).map(&doc.link_langs);
    feed.finish()
}

/// Everything a template job may read about documents other than its own, in two parts (see
/// [`Cross`]). Conservative on purpose: a change of the shape re-renders every job.
///
/// Heading ids are in it only when `anchors` (see [`templates_read_anchors`]): markdown links
/// to another page's `#anchor` are resolved by the model into the linking document's own docs
/// key, so a heading edit re-renders only the pages whose links it changed.
pub fn cross(lib: &Library, docs: &Docs, anchors: bool, site_views: &[u8]) -> Cross {
    let pages = facts(&lib.pages, &docs.pages, "page", anchors, |p, feed| {
        feed.debug(&(p.section, p.previous, p.next, &p.assets));
        &p.doc
    });
    let sections = facts(&lib.sections, &docs.sections, "section", anchors, |s, feed| {
        feed.debug(&(&s.dir, s.parent, &s.pages, &s.subsections));
        &s.doc
    });
    let translations = facts(&lib.translations, &docs.translations, "translation", anchors, |t, feed| {
        feed.text(&t.lang).debug(&t.original);
        &t.doc
    });
    let mut feed = Feed::new("shape");
    feed.debug(&(lib.pages.len(), lib.sections.len(), lib.translations.len()));
    // Any template may ask `url()` for any document's URL (and anchors).
    for node in lib.node_ids() {
        let doc = lib.doc(node);
        feed.text(&doc.path);
        for heading in doc.outline.headings.iter().filter(|_| anchors) {
            feed.text(&heading.id);
        }
    }
    // Pages read the names and URLs of their terms; the lists of pages per term are the term
    // jobs' own (see `reads::term_key`).
    for taxonomy in &lib.taxonomies {
        feed.text(&taxonomy.name).text(&taxonomy.title).text(&taxonomy.path);
        for term in &taxonomy.terms {
            feed.text(&term.name).text(&term.slug).text(&term.path);
        }
    }
    feed.debug(&lib.redirects).debug(&lib.files).debug(&lib.glossary);
    feed.debug(&lib.generated).map(&lib.translations_of).map(&lib.by_rel);
    // A werkplaats's page lists the products that name it.
    feed.map(&lib.products_of);
    let mut unreadable: Vec<_> = lib.unreadable.iter().collect();
    unreadable.sort();
    feed.debug(&unreadable).bytes(site_views);
    Cross { shape: feed.finish(), facts: DocKeys { pages, sections, translations } }
}

/// What template jobs read about other documents than their own: the site's shape, which
/// every job may read (URLs, taxonomies, redirects, the `site` view with its menus...), and
/// per document the facts that only the jobs showing it read (title, front matter, summary,
/// place in its section, backlinks). While the shape stands, a job whose own key is the same
/// renders the same HTML unless the facts of a document it reads changed (`reads`).
#[derive(Debug, Clone)]
pub struct Cross {
    pub shape: Digest,
    pub facts: DocKeys,
}

impl Cross {
    /// The documents whose facts differ between `self` and `new`, when the shape is the same
    /// (then the model has the same documents under the same ids); `None` when it is not.
    pub fn changed(&self, new: &Cross) -> Option<std::collections::HashSet<NodeId>> {
        if self.shape != new.shape {
            return None;
        }
        let old: HashMap<NodeId, Digest> = self.facts.all().collect();
        Some(new.facts.all().filter(|(node, facts)| old.get(node) != Some(facts)).map(|(n, _)| n).collect())
    }
}

/// The digest of what others read of each document: its own facts (fed by `own`, which
/// returns the document) and those every document has.
fn facts<T: Sync>(
    items: &[T],
    rendered: &[Rendered],
    domain: &str,
    anchors: bool,
    own: impl for<'a> Fn(&'a T, &mut Feed) -> &'a Document + Sync,
) -> Vec<Digest> {
    items
        .par_iter()
        .zip(rendered)
        .map(|(item, rendered)| {
            let mut feed = Feed::new(domain);
            let doc = own(item, &mut feed);
            feed.text(&doc.title).text(&doc.path).text(doc.rel()).debug(&doc.title_from_h1);
            feed.debug(&doc.front()).debug(&doc.backlinks).text(&rendered.summary);
            // The link table's anchors, which the template function `url()` checks.
            for heading in doc.outline.headings.iter().filter(|_| anchors) {
                feed.text(&heading.id);
            }
            feed.finish()
        })
        .collect()
}

/// Whether a template may ask `url()` for another page's heading anchor (it fails the render
/// when the anchor is gone, so every page of such a template reads every page's anchors): a
/// `url(` call whose `path` is an `@/` literal with a `#`, or not a literal at all. Paths that
/// start with `/` or a scheme never reach the link table.
pub fn templates_read_anchors(templates: &[crate::load::theme::ThemeFile]) -> bool {
    templates.iter().any(|file| {
        let text = String::from_utf8_lossy(&file.bytes);
        text.match_indices("url(").any(|(at, _)| {
            let call = &text[at + 4..];
            let call = &call[..call.find(')').unwrap_or(call.len())];
            let path = call
                .split_once("path")
                .map(|(_, rest)| rest.trim_start().trim_start_matches('=').trim_start());
            match path {
                Some(path) if path.starts_with("\"@/") => {
                    let literal = path[1..].split('"').next().unwrap_or_default();
                    let after = path.get(literal.len() + 2..).unwrap_or_default().trim_start();
                    literal.contains('#') || after.starts_with('~')
                }
                Some(path) => !(path.starts_with("\"/") || path.starts_with("\"http")),
                None => true,
            }
        })
    })
}

#[cfg(test)]
mod tests {
    use super::templates_read_anchors;
    use crate::load::theme::ThemeFile;

    fn reads(text: &str) -> bool {
        templates_read_anchors(&[ThemeFile {
            rel: "t.html".into(),
            bytes: text.into(),
            origin: "t.html".into(),
        }])
    }

    #[test]
    fn only_anchors_through_the_link_table_count() {
        assert!(!reads(r#"<a href="{{ url(path="@/hulp/_index.md", default="") }}">"#));
        assert!(!reads(r#"<a href="{{ url(path="/regio/" ~ slug ~ "/") }}#top">"#));
        assert!(!reads(r#"<a href="{{ url(path="https://example.nl/#x") }}">"#));
        assert!(reads(r#"<a href="{{ url(path="@/hulp/a.md#stappen") }}">"#));
        assert!(reads(r#"<a href="{{ url(path=page.extra.link) }}">"#));
        assert!(reads(r#"<a href="{{ url(path="@/" ~ name) }}">"#));
    }
}
