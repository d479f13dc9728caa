//! The site model: pages and sections with their URLs, order, taxonomies, resolved links and
//! backlinks. Built from what `content::load` read; rendering takes it from here and never
//! changes it.

mod build;
pub mod generated;
pub mod glossary;
mod ids;
mod kinds;
mod links;
mod menus;
pub mod patch;
pub mod resolve;
pub mod settings;
mod taxonomy;
pub mod url_rules;

use std::collections::{HashMap, HashSet};

pub use build::build;
pub use ids::{PageId, SectionId, TranslationId};
pub use taxonomy::{Taxonomy, Term};

pub use crate::load::content::Kind;

use crate::load::content::ContentFile;
use kb_markdown::Outline;

/// A page or a section, as a link target or a backlink source.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum NodeId {
    Page(PageId),
    Section(SectionId),
    /// A translation of a page or section (`Library::translations`).
    Translation(TranslationId),
}

/// What pages and sections have in common.
#[derive(Debug, Clone)]
pub struct Document {
    /// The markdown file; `None` for a folder without an index file.
    pub file: Option<ContentFile>,
    pub title: String,
    /// Root-relative path without the base path: `/signalen/0-4-jaar/`.
    pub path: String,
    pub outline: Outline,
    /// Link destinations as written -> hrefs, for the renderer.
    pub links: HashMap<String, String>,
    /// Link destinations whose target is in another language than this document (a
    /// translation linking to a page that is not translated) -> that language's code.
    pub link_langs: HashMap<String, String>,
    pub backlinks: Vec<NodeId>,
    /// The title came from the first `# ` heading, which is then left out of the body.
    pub title_from_h1: bool,
}

impl Document {
    pub fn front(&self) -> Option<&crate::load::content::FrontMatter> {
        self.file.as_ref().map(|f| &f.front)
    }

    /// Whether the page is for the public (`audience` names `public`): such a page is never
    /// stored on a device.
    pub fn is_for_public(&self) -> bool {
        self.front().is_some_and(|f| f.audience.iter().any(|a| a == "public"))
    }

    /// The page's kind; `Guidance` where the front matter names none.
    pub fn kind(&self) -> crate::load::content::Kind {
        crate::load::content::Kind::of(self.front().and_then(|f| f.kind.as_deref()))
    }

    pub fn rel(&self) -> &str {
        self.file.as_ref().map_or("", |f| f.rel.as_str())
    }
}

#[derive(Debug, Clone)]
pub struct Page {
    pub doc: Document,
    pub section: SectionId,
    pub previous: Option<PageId>,
    pub next: Option<PageId>,
    /// Root-relative paths of files copied beside a bundle page.
    pub assets: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct Section {
    pub doc: Document,
    pub dir: String,
    pub parent: Option<SectionId>,
    /// Pages in display order: weight, then date (newest first), then title.
    pub pages: Vec<PageId>,
    pub subsections: Vec<SectionId>,
}

/// A page or section in another language of the site. It is its original's sibling, not a page
/// of its own: it has the original's place (URL under `/<lang>/`, section, kind, template) and
/// its own text; lists, taxonomies, feeds and related pages stay with the originals.
#[derive(Debug, Clone)]
pub struct Translation {
    pub doc: Document,
    pub lang: String,
    /// A page or a section, never another translation.
    pub original: NodeId,
}

/// An old URL that redirects to a page.
#[derive(Debug, Clone)]
pub struct Redirect {
    pub from: String,
    pub to: String,
}

/// A non-markdown file from `content/` and where it goes in the output.
#[derive(Debug, Clone)]
pub struct CopiedFile {
    pub source: std::path::PathBuf,
    /// Path relative to `content/`, as relative links name it.
    pub rel: String,
    pub path: String,
}

#[derive(Debug, Clone, Default)]
pub struct Library {
    /// The config's section settings (print, offline) resolved to ids.
    pub settings: settings::Settings,
    pub sections: Vec<Section>,
    pub pages: Vec<Page>,
    pub taxonomies: Vec<Taxonomy>,
    pub redirects: Vec<Redirect>,
    pub files: Vec<CopiedFile>,
    pub glossary: Vec<glossary::GlossaryEntry>,
    pub generated: Vec<generated::GeneratedPage>,
    pub translations: Vec<Translation>,
    /// Original -> its translations, for lookups by page.
    pub translations_of: HashMap<NodeId, Vec<TranslationId>>,
    /// Content path (`meldcode/_index.md`) -> node, for `@/` links and templates.
    pub by_rel: HashMap<String, NodeId>,
    /// Content paths of markdown files that could not be read; see `Loaded::unreadable`.
    pub unreadable: HashSet<String>,
    /// Every link target, for the one link resolver (shared with the template `url()`).
    pub link_table: std::sync::Arc<resolve::LinkTable>,
    /// The shortcode templates the bodies were analysed with; the docs stage renders with them.
    pub shortcodes: std::sync::Arc<kb_markdown::Shortcodes>,
    /// A kenniswerkplaats's page -> the products (pages) that name it, in model order:
    /// the werkplaats page lists them without scanning the site.
    pub products_of: HashMap<NodeId, Vec<PageId>>,
}

/// The markdown bodies [`Library::take_bodies`] took, in model order (`None`: a document
/// without a file).
#[derive(Debug, Default)]
pub struct Bodies {
    pub pages: Vec<Option<String>>,
    pub sections: Vec<Option<String>>,
    pub translations: Vec<Option<String>>,
}

impl Library {
    /// Takes every document's markdown body out, keeping the front matter (later diagnostics
    /// point into it), for the docs stage to render and drop one by one (see
    /// [`crate::docs::render_taking`]). At 100,000 pages the bodies are hundreds of megabytes
    /// that no later stage reads; `build` calls this, `serve` and `check` keep the bodies (an
    /// edit is compared with them, and editorial checks read them).
    pub fn take_bodies(&mut self) -> Bodies {
        use rayon::prelude::*;
        fn take(doc: &mut Document) -> Option<String> {
            let file = doc.file.as_mut()?;
            let body = file.source.split_off(file.body_offset);
            file.source.shrink_to_fit();
            Some(body)
        }
        Bodies {
            pages: self.pages.par_iter_mut().map(|p| take(&mut p.doc)).collect(),
            sections: self.sections.par_iter_mut().map(|s| take(&mut s.doc)).collect(),
            translations: self.translations.par_iter_mut().map(|t| take(&mut t.doc)).collect(),
        }
    }

    /// The content folder that relative links written in `node`'s file start from: a
    /// translation in a language folder (`en/hulp/page.md`) links as its original would.
    pub fn link_dir(&self, node: NodeId) -> &str {
        self.doc(self.original(node)).rel().rsplit_once('/').map_or("", |(d, _)| d)
    }

    /// The page or section a link written in `node`'s file (front matter, a kind's field)
    /// leads to, resolved as the same link in its markdown would be.
    pub fn link_target(&self, node: NodeId, written: &str) -> Option<NodeId> {
        self.link_table.target(self.link_dir(node), written)
    }

    pub fn page(&self, id: PageId) -> &Page {
        &self.pages[id.index()]
    }

    pub fn page_mut(&mut self, id: PageId) -> &mut Page {
        &mut self.pages[id.index()]
    }

    pub fn section(&self, id: SectionId) -> &Section {
        &self.sections[id.index()]
    }

    pub fn section_mut(&mut self, id: SectionId) -> &mut Section {
        &mut self.sections[id.index()]
    }

    pub fn translation(&self, id: TranslationId) -> &Translation {
        &self.translations[id.index()]
    }

    /// Every page id, in model order.
    pub fn page_ids(&self) -> impl Iterator<Item = PageId> + use<> {
        (0..self.pages.len()).map(PageId::new)
    }

    /// Every section id, in model order (the content root first).
    pub fn section_ids(&self) -> impl Iterator<Item = SectionId> + use<> {
        (0..self.sections.len()).map(SectionId::new)
    }

    /// Every translation id, in model order.
    pub fn translation_ids(&self) -> impl Iterator<Item = TranslationId> + use<> {
        (0..self.translations.len()).map(TranslationId::new)
    }

    /// Pages with their ids, in model order.
    pub fn pages_with_ids(&self) -> impl Iterator<Item = (PageId, &Page)> {
        self.pages.iter().enumerate().map(|(i, p)| (PageId::new(i), p))
    }

    /// Sections with their ids, in model order.
    pub fn sections_with_ids(&self) -> impl Iterator<Item = (SectionId, &Section)> {
        self.sections.iter().enumerate().map(|(i, s)| (SectionId::new(i), s))
    }

    /// Translations with their ids, in model order.
    pub fn translations_with_ids(&self) -> impl Iterator<Item = (TranslationId, &Translation)> {
        self.translations.iter().enumerate().map(|(i, t)| (TranslationId::new(i), t))
    }

    /// Every node: sections, then pages, then translations.
    pub fn node_ids(&self) -> impl Iterator<Item = NodeId> + use<> {
        self.section_ids()
            .map(NodeId::Section)
            .chain(self.page_ids().map(NodeId::Page))
            .chain(self.translation_ids().map(NodeId::Translation))
    }

    pub fn doc(&self, id: NodeId) -> &Document {
        match id {
            NodeId::Page(i) => &self.page(i).doc,
            NodeId::Section(i) => &self.section(i).doc,
            NodeId::Translation(i) => &self.translation(i).doc,
        }
    }

    pub fn doc_mut(&mut self, id: NodeId) -> &mut Document {
        match id {
            NodeId::Page(i) => &mut self.page_mut(i).doc,
            NodeId::Section(i) => &mut self.section_mut(i).doc,
            NodeId::Translation(i) => &mut self.translations[i.index()].doc,
        }
    }

    /// The page or section a node is, or translates.
    pub fn original(&self, id: NodeId) -> NodeId {
        match id {
            NodeId::Translation(i) => self.translation(i).original,
            other => other,
        }
    }

    /// The language of a node.
    pub fn lang<'a>(&'a self, id: NodeId, default: &'a str) -> &'a str {
        match id {
            NodeId::Translation(i) => &self.translation(i).lang,
            _ => default,
        }
    }

    /// The version of `id` in `lang` (the original when `lang` is the default), if it exists.
    pub fn in_language(&self, id: NodeId, lang: &str, default: &str) -> Option<NodeId> {
        let original = self.original(id);
        if lang == default {
            return Some(original);
        }
        self.translation_into(original, lang).map(NodeId::Translation)
    }

    /// The languages of `site` that have translated pages, in the config's order.
    pub fn translated_languages(&self) -> Vec<&str> {
        let declared = self.settings.translation_languages();
        declared.filter(|l| self.translations.iter().any(|t| t.lang == *l)).collect()
    }

    /// The translation of the page or section `original` into `lang`, if there is one.
    pub fn translation_into(&self, original: NodeId, lang: &str) -> Option<TranslationId> {
        self.translations_of.get(&original)?.iter().copied().find(|t| self.translation(*t).lang == lang)
    }

    /// Every version of `id`: the original first, then its translations.
    pub fn versions(&self, id: NodeId) -> Vec<NodeId> {
        let original = self.original(id);
        let mut versions = vec![original];
        if let Some(translations) = self.translations_of.get(&original) {
            versions.extend(translations.iter().map(|t| NodeId::Translation(*t)));
        }
        versions
    }

    /// The home page's section (the content root).
    pub fn root_section(&self) -> Option<SectionId> {
        self.sections.iter().position(|s| s.dir.is_empty()).map(SectionId::new)
    }

    /// Sections from the home page down to `section`, inclusive.
    pub fn section_chain(&self, section: SectionId) -> Vec<SectionId> {
        let mut chain = vec![section];
        let mut current = section;
        while let Some(parent) = self.section(current).parent {
            chain.push(parent);
            current = parent;
        }
        chain.reverse();
        chain
    }
}
