//! Stage 4, index: the search index of each language from the rendered documents, and the
//! related pages of each page from the default language's index. Reads the model and the
//! docs; the pages stage reads its result.

pub mod documents;

use kb_core::diagnostics::Diagnostic;
use kb_search as search;

use crate::docs;
use crate::model as site;

pub use documents::{documents, documents_in, synonyms};

/// The search index of each language: the default language's first.
#[derive(Default)]
pub struct Indexes {
    /// The default language's index; also built, unpublished, for related pages when search
    /// is off.
    pub default: Option<search::SearchIndex>,
    /// One per other language that has translated pages (only with search on).
    pub translated: Vec<search::SearchIndex>,
}

/// Stage 4a: the search indexes, each language analysed with its own stemmer; for publishing,
/// or also for queries (`kennisbank search`).
pub fn index(
    library: &site::Library,
    docs: &docs::Docs,
    purpose: search::Purpose,
) -> (Indexes, Vec<Diagnostic>) {
    index_from(index_input(library, docs), purpose, None)
}

/// Abbreviation -> the words it stands for, from the glossary.
type Synonyms = std::collections::BTreeMap<String, Vec<String>>;

/// What the search indexes are built from, owned: `serve` takes it from the model and the
/// docs and builds the indexes on another thread while the next edit is rendered.
#[derive(Default)]
pub struct IndexInput {
    /// The default language's documents, synonyms, glossary and code; `None` when neither
    /// search nor related pages are on.
    default: Option<(Vec<search::SearchDoc>, Synonyms, search::Glossary, String)>,
    /// Language code and documents, per other language with translated pages (search on).
    translated: Vec<(String, Vec<search::SearchDoc>)>,
}

/// The documents of each search index ([`index`]'s first half).
pub fn index_input(library: &site::Library, docs: &docs::Docs) -> IndexInput {
    let settings = &library.settings;
    if !settings.search && settings.related == 0 {
        return IndexInput::default();
    }
    let base = settings.base_path.as_str();
    let default = settings.default_language.clone();
    let translated = if settings.search {
        library
            .translated_languages()
            .into_iter()
            .map(|lang| (lang.to_string(), documents_in(library, docs, lang, base)))
            .collect()
    } else {
        Vec::new()
    };
    IndexInput {
        default: Some((
            documents(library, docs, base),
            synonyms(library),
            search::Glossary::new(crate::model::glossary::terms(&library.glossary)),
            default,
        )),
        translated,
    }
}

/// The search indexes from their documents ([`index`]'s second half). With a `cache` (serve),
/// only the documents whose text changed since the cache's last job are cut again.
pub fn index_from(
    input: IndexInput,
    purpose: search::Purpose,
    mut cache: Option<&mut search::AnalysisCache>,
) -> (Indexes, Vec<Diagnostic>) {
    let mut indexes = Indexes::default();
    let mut problems = Vec::new();
    if let Some((documents, synonyms, glossary, default)) = input.default {
        match search::build(documents, synonyms, &glossary, &default, purpose, cache.as_deref_mut()) {
            Ok(index) => indexes.default = Some(index),
            Err(e) => problems.push(Diagnostic::error(format!("search index: {e:#}"))),
        }
    }
    for (lang, documents) in input.translated {
        let none = search::Glossary::default();
        match search::build(documents, Default::default(), &none, &lang, purpose, cache.as_deref_mut()) {
            Ok(index) => indexes.translated.push(index),
            Err(e) => problems.push(Diagnostic::error(format!("search index ({lang}): {e:#}"))),
        }
    }
    if let Some(cache) = cache {
        cache.sweep();
    }
    (indexes, problems)
}

/// Stage 4b: up to `[related] count` related pages per page (by page index), best first.
pub fn related(library: &site::Library, indexes: &Indexes) -> Vec<Vec<site::PageId>> {
    related_of(library.settings.related, library.pages.len(), indexes)
}

/// [`related`], `count` per page, for the model's first `pages` documents, the pages
/// (`serve`'s search job has let the model go by then).
pub fn related_of(count: usize, pages: usize, indexes: &Indexes) -> Vec<Vec<site::PageId>> {
    // The index's documents start with the pages, in model order.
    indexes
        .default
        .as_ref()
        .filter(|_| count > 0)
        .map(|index| {
            let found = index.related_all(pages, count);
            found.into_iter().map(|related| related.into_iter().map(site::PageId::new).collect()).collect()
        })
        .unwrap_or_else(|| vec![Vec::new(); pages])
}
