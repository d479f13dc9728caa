//! Loading: walk `content/`, classify folders as sections or page bundles, split and read front
//! matter. Nothing here knows about URLs or rendering; the site model takes it from here.

mod colocated;
pub mod front_matter;
#[cfg(test)]
mod hostile;
mod kind;
pub mod kinds;
mod load;
mod read_cache;
pub mod schema;
mod title;
mod yaml_keys;

use std::path::PathBuf;

use crate::load::config::{KeyStep, SpanPart};
use kb_core::diagnostics::Diagnostic;

pub use colocated::shortcode_page;
pub use front_matter::FrontMatter;
pub use kind::Kind;
pub(crate) use load::join as load_join;
pub use load::{load, load_reusing, read_one, read_text};
pub use read_cache::ReadCache;

/// One markdown file as read from disk.
#[derive(Debug, Clone)]
pub struct ContentFile {
    pub path: PathBuf,
    /// Path relative to `content/`, with `/` separators: what `@/` links name.
    pub rel: String,
    pub source: String,
    /// Byte offset of the markdown body (after the front matter).
    pub body_offset: usize,
    pub front: FrontMatter,
}

impl ContentFile {
    pub fn body(&self) -> &str {
        &self.source[self.body_offset..]
    }

    /// A diagnostic at the front-matter key or value `path` leads to, for checks made after
    /// loading (the site model's kind checks): the same lookup the loader's reader uses, so a
    /// place is found by its key path, never by searching for its text.
    pub fn at_front(&self, path: &[KeyStep], part: SpanPart, diagnostic: Diagnostic) -> Diagnostic {
        self.with_reader(diagnostic, |r, d| r.at(path, part, d))
    }

    /// [`Self::at_front`] at the text written at `path`, inside its quotes (a link as written).
    pub fn at_front_text(&self, path: &[KeyStep], diagnostic: Diagnostic) -> Diagnostic {
        self.with_reader(diagnostic, |r, d| r.at_text(path, d))
    }

    fn with_reader(
        &self,
        diagnostic: Diagnostic,
        at: impl FnOnce(&front_matter::FieldReader, Diagnostic) -> Diagnostic,
    ) -> Diagnostic {
        match front_matter::split(&self.path, &self.source) {
            Ok(split) => at(&front_matter::FieldReader::new(&self.path, &self.source, &split), diagnostic),
            Err(_) => diagnostic.at_offset(&self.path, &self.source, 0, 1),
        }
    }
}

/// A page: a `.md` file, or a folder with only an `index.md` (a bundle).
#[derive(Debug, Clone)]
pub struct LoadedPage {
    pub file: ContentFile,
    /// Folder of the page relative to `content/` (`""` at the top).
    pub dir: String,
    /// Set for a bundle: the bundle's own folder name, whose other files are copied beside it.
    pub bundle: Option<String>,
}

/// A section: a folder with `_index.md`, or with `index.md` beside other pages, or a plain
/// folder holding pages (an implicit section, titled after the folder).
#[derive(Debug, Clone)]
pub struct LoadedSection {
    /// Folder relative to `content/` (`""` for the home page).
    pub dir: String,
    pub index: Option<ContentFile>,
}

/// A translation of a page or section into another language of the site: `page.en.md` beside
/// the original, or `en/page.md` in a folder named after the language.
#[derive(Debug, Clone)]
pub struct LoadedTranslation {
    pub file: ContentFile,
    /// Language code, one of the site's languages but not the default.
    pub lang: String,
    /// The original's path relative to `content/` (`hulp/page.md`), as the file name says;
    /// the site model checks that it exists.
    pub original: String,
}

/// A file that is not markdown, copied to the same place in the output.
#[derive(Debug, Clone)]
pub struct Asset {
    pub path: PathBuf,
    /// Path relative to `content/`, `/` separated.
    pub rel: String,
}

#[derive(Debug, Default)]
pub struct Loaded {
    pub sections: Vec<LoadedSection>,
    pub pages: Vec<LoadedPage>,
    pub assets: Vec<Asset>,
    pub translations: Vec<LoadedTranslation>,
    /// Markdown files that could not be read (their own error is reported), relative to
    /// `content/`: links to them are not reported again as links to missing pages.
    pub unreadable: Vec<String>,
    /// The shortcode templates, compiled once the theme and data are read (see `crate::load`).
    pub shortcodes: std::sync::Arc<kb_markdown::Shortcodes>,
    /// Outlines of bodies analysed before (`serve`), for the model to copy instead of
    /// analysing the body again; empty in a build.
    pub outlines: std::sync::Arc<kb_markdown::Outlines>,
}
