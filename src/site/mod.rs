//! The site model: pages and sections with their URLs, order, taxonomies, resolved links and
//! backlinks. Built from what `content::load` read; rendering takes it from here and never
//! changes it.

mod build;
pub mod generated;
pub mod glossary;
mod kinds;
mod links;
mod taxonomy;

use std::collections::{HashMap, HashSet};

pub use build::build;
pub use taxonomy::{Taxonomy, Term};

use crate::content::ContentFile;
use crate::markdown::Outline;

/// A page or a section, as a link target or a backlink source.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum NodeId {
    Page(usize),
    Section(usize),
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
    pub backlinks: Vec<NodeId>,
    /// The title came from the first `# ` heading, which is then left out of the body.
    pub title_from_h1: bool,
}

impl Document {
    pub fn front(&self) -> Option<&crate::content::FrontMatter> {
        self.file.as_ref().map(|f| &f.front)
    }

    pub fn rel(&self) -> &str {
        self.file.as_ref().map_or("", |f| f.rel.as_str())
    }
}

#[derive(Debug, Clone)]
pub struct Page {
    pub doc: Document,
    pub section: usize,
    pub previous: Option<usize>,
    pub next: Option<usize>,
    /// Root-relative paths of files copied beside a bundle page.
    pub assets: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct Section {
    pub doc: Document,
    pub dir: String,
    pub parent: Option<usize>,
    /// Pages in display order: weight, then date (newest first), then title.
    pub pages: Vec<usize>,
    pub subsections: Vec<usize>,
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
    pub sections: Vec<Section>,
    pub pages: Vec<Page>,
    pub taxonomies: Vec<Taxonomy>,
    pub redirects: Vec<Redirect>,
    pub files: Vec<CopiedFile>,
    pub glossary: Vec<glossary::GlossaryEntry>,
    pub generated: Vec<generated::GeneratedPage>,
    /// Content path (`meldcode/_index.md`) -> node, for `@/` links and templates.
    pub by_rel: HashMap<String, NodeId>,
    /// Content paths of markdown files that could not be read; see `Loaded::unreadable`.
    pub unreadable: HashSet<String>,
}

impl Library {
    pub fn doc(&self, id: NodeId) -> &Document {
        match id {
            NodeId::Page(i) => &self.pages[i].doc,
            NodeId::Section(i) => &self.sections[i].doc,
        }
    }

    /// The home page's section (the content root).
    pub fn root_section(&self) -> Option<usize> {
        self.sections.iter().position(|s| s.dir.is_empty())
    }

    /// Sections from the home page down to `section`, inclusive.
    pub fn section_chain(&self, section: usize) -> Vec<usize> {
        let mut chain = vec![section];
        let mut current = section;
        while let Some(parent) = self.sections[current].parent {
            chain.push(parent);
            current = parent;
        }
        chain.reverse();
        chain
    }
}
