//! Search: an inverted index built at build time, exported as small static shards for the
//! browser client, plus the reference query that `kennisbank search` answers with tantivy.
//!
//! The design and its reasons are in `docs/SEARCH-FORMAT.md`. In short: one document per page;
//! each document's text is cut into tokens once ([`tokens`]; `serve` keeps them between
//! rebuilds, [`cache`]), each distinct token is analysed once ([`corpus`]), the postings are
//! counted from that as
//! tantivy's writer counts them ([`postings`]), and tantivy's own index of the same documents
//! is built only to answer queries here ([`engine`]); the browser looks query words up in a
//! vocabulary of surface forms, so it needs no stemmer, and scores BM25 exactly as tantivy does.

pub mod analyzer;
mod cache;
mod corpus;
mod engine;
mod excerpts;
mod export;
mod function_words;
mod glossary;
pub mod manifest;
mod packed;
mod postings;
mod query;
mod related;
mod shards;
mod tokens;
mod vocabulary;

use std::collections::BTreeMap;

use anyhow::{Context, Result};
use rayon::prelude::*;
use serde::Serialize;

pub use cache::AnalysisCache;
pub use export::{Sink, export, export_files};
pub use glossary::Glossary;
pub use query::{Filters, Hit, alternatives, left_out, search};

use kb_markdown::TextSection;

/// Text fields in scoring order, with their boosts, from title down to file. `file` is the
/// page's file name (the last part of its URL, `ex-partnerstalking`): authors name files after
/// their subject, but a title says it better, so it counts least. The browser client reads the
/// same numbers from the manifest.
pub const FIELDS: [(&str, f32); 6] = [
    ("title", 4.0),
    ("headings", 2.0),
    ("keywords", 1.5),
    ("description", 1.2),
    ("body", 1.0),
    ("file", 0.5),
];

/// What is indexed of one page.
#[derive(Debug, Clone, Default, Serialize)]
pub struct SearchDoc {
    pub url: String,
    pub title: String,
    pub description: String,
    pub headings: Vec<String>,
    /// Taxonomy terms, sorted; [`build`] adds the glossary terms or abbreviations found on the
    /// page.
    pub keywords: Vec<String>,
    #[serde(skip)]
    pub body: std::sync::Arc<str>,
    pub kind: String,
    pub audience: Vec<String>,
    pub topics: Vec<String>,
    /// Titles of the sections above the page, for result breadcrumbs.
    pub crumbs: Vec<String>,
    /// The body cut at headings. [`build`] turns them into the result fragments' excerpts
    /// and empties them (and, for publishing, the body).
    pub sections: std::sync::Arc<[TextSection]>,
}

/// The built index and what the export and queries need besides it.
pub struct SearchIndex {
    /// What [`search`] builds its tantivy index from: only when built for queries.
    query_source: Option<QuerySource>,
    pub docs: Vec<SearchDoc>,
    /// Per document: what its result fragment shows of its text (see [`excerpts::of`]).
    excerpts: Vec<excerpts::Excerpts>,
    /// Folded surface form -> analysed term (query side: no compound splitting).
    pub vocabulary: BTreeMap<String, String>,
    /// Folded abbreviation -> folded words it stands for (from the glossary).
    pub synonyms: BTreeMap<String, Vec<String>>,
    /// Each term's postings list, encoded for the client (the export writes these bytes).
    pub postings: BTreeMap<String, Vec<u8>>,
    /// Average length of each field, in terms, as tantivy's BM25 computes it.
    pub average_fieldnorms: Vec<f32>,
    /// Lower bound of each vocabulary shard, sorted; the first is "".
    pub shard_bounds: Vec<String>,
    /// The language of the pages in this index, and how its words are analysed.
    pub lang: String,
    pub analysis: analyzer::Analysis,
    /// What related pages are computed from.
    profiles: related::Profiles,
}

/// The counted postings (which documents a query can match, and the corpus statistics) and
/// the analysed corpus (to index those documents with tantivy), kept for queries.
struct QuerySource {
    postings: postings::Postings,
    tokenizer: corpus::CachedTokenizer,
}

/// What an index is built for. Publishing needs only the encoded postings; answering a query
/// here (`kennisbank search`, the tests' reference) also keeps the documents' text and the
/// counted postings, from which each query builds tantivy's index of the documents it can
/// match (see [`engine`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    Export,
    Query,
}

/// Builds the index of one language in memory, documents in the given order (doc id =
/// position), analysed with that language's stemmer; each document's keywords get the
/// `glossary`'s terms and abbreviations it uses. With a `cache` (serve), documents whose text
/// the cache has are not cut again, and the cache keeps the tokens of the others.
pub fn build(
    docs: Vec<SearchDoc>,
    synonyms: BTreeMap<String, Vec<String>>,
    glossary: &Glossary,
    lang: &str,
    purpose: Purpose,
    cache: Option<&mut AnalysisCache>,
) -> Result<SearchIndex> {
    let analysis = analyzer::Analysis::for_language(lang);
    let mut docs = docs;
    let mut cache = cache;
    // What serve remembers of this language's last analysis, taken out while the tokens are
    // borrowed from the cache.
    let mut remembered = cache.as_deref_mut().map(|c| c.take_remembered(lang));
    let excerpts: Vec<excerpts::Excerpts>;
    let (analysed, counted, tokenizer) = {
        let mut unkept = AnalysisCache::default();
        let keep = cache.is_some();
        let cut = match cache.as_deref_mut() {
            Some(cache) => cache,
            None => &mut unkept,
        };
        // The text once cut: the fragments' excerpts are all that is read of it from here
        // on (and a query's engine, which indexes the bodies). What the sections pointed
        // into is let go, so that when the docs let go of it too (see `Docs::release_text`),
        // the text is freed before the postings are counted; in a build, batch by batch.
        let mut made = Vec::with_capacity(docs.len());
        let mut excerpt_and_release = |batch: &mut [SearchDoc]| {
            made.par_extend(batch.par_iter().map(excerpts::of));
            for d in batch {
                d.sections = std::sync::Arc::from([]);
                if purpose == Purpose::Export {
                    d.body = "".into();
                }
            }
        };
        let cache::Tokens { table, docs: tokens } = if keep {
            let tokens = cut.tokens(&docs, glossary);
            excerpt_and_release(&mut docs);
            tokens
        } else {
            cut.tokens_in_batches(&mut docs, glossary, excerpt_and_release)
        };
        excerpts = made;
        for (d, tokens) in docs.iter_mut().zip(&tokens) {
            if !tokens.found.is_empty() {
                d.keywords.extend(tokens.found.iter().cloned());
                d.keywords.sort();
                d.keywords.dedup();
            }
        }
        let analysed = corpus::analyse(table, &tokens, analysis, remembered.as_mut());
        let counted = postings::count(&tokens, &analysed);
        let tokenizer = (purpose == Purpose::Query).then(|| analysed.tokenizer(table));
        (analysed, counted, tokenizer)
    };
    let known = remembered.as_mut().map(|r| std::mem::take(&mut r.vocabulary)).unwrap_or_default();
    let vocabulary = vocabulary::vocabulary(&analysed, analysis, &known);
    // The corpus's words, dictionary and token terms are read by nothing after the
    // vocabulary: let them go before the profiles and the encoded lists are made.
    drop((analysed, known));
    if let (Some(cache), Some(mut remembered)) = (cache, remembered) {
        remembered.vocabulary = vocabulary.iter().map(|(f, t)| (f.clone(), t.clone())).collect();
        cache.put_remembered(lang, remembered);
    }
    let doc_count = docs.len().max(1) as f32;
    let average_fieldnorms = counted.total_tokens.iter().map(|t| *t as f32 / doc_count).collect();
    // Side by side: the profiles are laid out window by window, mostly on one thread, and
    // the lists are encoded on the others; both only read the counted postings.
    let (profiles, postings) = rayon::join(
        || related::profiles(&counted, docs.len()),
        || export::encode_all(&counted, docs.len() as u32),
    );
    let query_source =
        tokenizer.map(|tokenizer| QuerySource { postings: postings::Postings::unpack(&counted), tokenizer });
    drop(counted);
    let shard_bounds = export::shard_bounds(&vocabulary, &postings);
    Ok(SearchIndex {
        query_source,
        docs,
        excerpts,
        vocabulary,
        synonyms,
        postings,
        average_fieldnorms,
        shard_bounds,
        lang: lang.to_string(),
        analysis,
        profiles,
    })
}

impl SearchIndex {
    /// tantivy's index of the documents that hold one of `terms`, and the statistics of the
    /// whole corpus to score them with; only for an index built for queries.
    fn engine_for<'t>(
        &self,
        terms: impl Iterator<Item = &'t str>,
    ) -> Result<(engine::Engine, &postings::Postings)> {
        let source = self
            .query_source
            .as_ref()
            .context("this search index was built for publishing only, not for queries")?;
        let candidates: std::collections::BTreeSet<u32> =
            terms.flat_map(|t| source.postings.of_term(t)).map(|p| p.0).collect();
        let docs: Vec<(u32, &SearchDoc)> =
            candidates.into_iter().map(|d| (d, &self.docs[d as usize])).collect();
        Ok((engine::Engine::build(&docs, source.tokenizer.clone())?, &source.postings))
    }
}

/// The file name a page was written as, from its URL: the last part (`/hulp/snel-weg-knop/` ->
/// `snel-weg-knop`; a section's `_index.md` is named by its folder).
fn file_name(url: &str) -> &str {
    url.trim_end_matches('/').rsplit('/').next().unwrap_or_default()
}

impl SearchIndex {
    /// For each of the first `count` documents (the pages), up to `limit` of them most like
    /// it, best first.
    pub fn related_all(&self, count: usize, limit: usize) -> Vec<Vec<usize>> {
        self.profiles.related_all(count, limit)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    pub(crate) fn sample() -> SearchIndex {
        let mut synonyms = BTreeMap::new();
        synonyms.insert("thv".to_string(), vec!["tijdelijk".to_string(), "huisverbod".to_string()]);
        build(sample_docs(), synonyms, &Glossary::default(), "nl", Purpose::Query, None).unwrap()
    }

    pub(crate) fn sample_docs() -> Vec<SearchDoc> {
        let page = |url: &str, title: &str, body: &str| SearchDoc {
            url: url.into(),
            title: title.into(),
            body: body.into(),
            kind: "guidance".into(),
            ..SearchDoc::default()
        };
        vec![
            page("/km/", "Kindermishandeling", "Signalen van kindermishandeling bij jonge kinderen."),
            page("/om/", "Ouderenmishandeling", "Ouderenmishandeling komt vaker voor dan je denkt."),
            page(
                "/thv/",
                "Tijdelijk huisverbod",
                "Het huisverbod duurt tien dagen. Huisverbodzaken lopen via de burgemeester.",
            ),
            page("/mis/", "Wat is mishandeling", "Mishandeling is geweld tegen een ander."),
            page("/x/", "Privacy", "Deze site gebruikt geen cookies."),
        ]
    }

    #[test]
    fn compound_parts_are_in_the_vocabulary() {
        let index = sample();
        // `kinder` stands in no text: only a split of `kindermishandeling` (with `kinderen` on
        // the page as its evidence) can have put it into the vocabulary.
        let words: HashSet<String> = index
            .docs
            .iter()
            .flat_map(|d| analyzer::fold_words(&format!("{} {}", d.title, d.body)))
            .collect();
        assert!(!words.contains("kinder"));
        assert!(index.vocabulary.contains_key("kinder"), "compound part `kinder` missing");
        assert!(index.vocabulary.contains_key("mishandeling"));
    }
}
