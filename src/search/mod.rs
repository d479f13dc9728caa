//! Search: a tantivy index built at build time, exported as small static shards for the browser
//! client, plus the reference query that `kennisbank search` answers with.
//!
//! The design and its reasons are in `docs/SEARCH-FORMAT.md`. In short: one tantivy document per
//! page; the export reads tantivy's own term dictionaries and postings (no second tokenizer pass
//! over the pages); the browser looks query words up in a vocabulary of surface forms, so it
//! needs no stemmer, and scores BM25 exactly as tantivy does.

pub mod analyzer;
mod corpus;
mod documents;
mod export;
mod query;
mod related;

use std::collections::BTreeMap;

use rayon::prelude::*;

use anyhow::{Context, Result};
use serde::Serialize;
use tantivy::schema::{FAST, Field, IndexRecordOption, STRING, Schema, TextFieldIndexing, TextOptions};
use tantivy::{Index, TantivyDocument};

pub use documents::{documents, documents_in, synonyms};
pub use export::export;
pub use query::{Filters, Hit, alternatives, left_out, search};

use crate::markdown::TextSection;

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

const TOKENIZER: &str = "kennisbank";

/// What is indexed of one page.
#[derive(Debug, Clone, Default, Serialize)]
pub struct SearchDoc {
    pub url: String,
    pub title: String,
    pub description: String,
    pub headings: Vec<String>,
    /// Taxonomy terms and glossary terms or abbreviations found on the page.
    pub keywords: Vec<String>,
    #[serde(skip)]
    pub body: String,
    pub kind: String,
    pub audience: Vec<String>,
    pub topics: Vec<String>,
    /// Titles of the sections above the page, for result breadcrumbs.
    pub crumbs: Vec<String>,
    pub sections: Vec<TextSection>,
}

/// The built index and what the export and queries need besides it.
pub struct SearchIndex {
    pub index: Index,
    pub fields: Vec<Field>,
    pub kind: Field,
    pub audience: Field,
    pub topic: Field,
    pub docs: Vec<SearchDoc>,
    /// Folded surface form -> analysed term (query side: no compound splitting).
    pub vocabulary: BTreeMap<String, String>,
    /// Folded abbreviation -> folded words it stands for (from the glossary).
    pub synonyms: BTreeMap<String, Vec<String>>,
    /// Each term's postings list, encoded for the client (the export writes these bytes).
    pub postings: BTreeMap<String, Vec<u8>>,
    /// Lower bound of each vocabulary shard, sorted; the first is "".
    pub shard_bounds: Vec<String>,
    /// The language of the pages in this index, and how its words are analysed.
    pub lang: String,
    pub analysis: analyzer::Analysis,
    /// What related pages are computed from.
    profiles: related::Profiles,
}

/// Builds the index of one language in memory: one segment, documents in the given order
/// (doc id = position), analysed with that language's stemmer.
pub fn build(
    docs: Vec<SearchDoc>,
    synonyms: BTreeMap<String, Vec<String>>,
    lang: &str,
) -> Result<SearchIndex> {
    let analysis = analyzer::Analysis::for_language(lang);
    let analysed = corpus::analyse(&docs, analysis);
    let mut schema = Schema::builder();
    let indexing = TextFieldIndexing::default()
        .set_tokenizer(TOKENIZER)
        .set_index_option(IndexRecordOption::WithFreqsAndPositions);
    let text = TextOptions::default().set_indexing_options(indexing);
    let fields: Vec<Field> =
        FIELDS.iter().map(|(name, _)| schema.add_text_field(name, text.clone())).collect();
    let kind = schema.add_text_field("kind", STRING);
    let audience = schema.add_text_field("audience", STRING);
    let topic = schema.add_text_field("topic", STRING);
    let position = schema.add_u64_field(POSITION, FAST);
    let schema = schema.build();
    let index = Index::create_in_ram(schema);
    index.tokenizers().register(TOKENIZER, tantivy::tokenizer::TextAnalyzer::from(analysed.tokenizer()));

    let mut writer = index
        .writer_with_num_threads::<TantivyDocument>(WRITER_THREADS, WRITER_THREADS * 60_000_000)
        .context("creating the search index")?;
    // Merging would only rewrite what is read once, right after the commit.
    writer.set_merge_policy(Box::new(tantivy::indexer::NoMergePolicy));
    // Documents are analysed in parallel in chunks (bounded memory), then handed to the
    // writer's threads, which only file the tokens. Segments and doc ids depend on those
    // threads; each document's position is stored with it, and everything read back is
    // ordered by position.
    for (chunk_number, chunk) in docs.chunks(1024).enumerate() {
        let built: Vec<TantivyDocument> = chunk
            .par_iter()
            .enumerate()
            .map(|(i, d)| {
                let mut document = TantivyDocument::default();
                for (field, text) in fields.iter().zip(corpus::field_texts(d)) {
                    document.add_text(*field, text);
                }
                document.add_u64(position, (chunk_number * 1024 + i) as u64);
                document.add_text(kind, d.kind.as_str());
                for a in &d.audience {
                    document.add_text(audience, a);
                }
                for t in &d.topics {
                    document.add_text(topic, t);
                }
                document
            })
            .collect();
        for document in built {
            writer.add_document(document).context("adding a page to the search index")?;
        }
    }
    writer.commit().context("writing the search index")?;

    // Surface forms: every folded word, every compound part (a part can be searched on its own
    // although it never stands alone in the text), and the infinitive of each participle.
    let forms: Vec<Vec<(String, String)>> = analysed
        .words
        .par_iter()
        .map_init(
            || analysis.query_analyzer(),
            |query, word| {
                let mut forms = vec![word.clone()];
                forms.extend(analyzer::compound_parts(word, &analysed.dictionary));
                if analysis.participles() {
                    forms.extend(analyzer::participle_infinitive(word));
                }
                forms
                    .into_iter()
                    .filter_map(|form| Some((analyzer::term_of(query, &form)?, form)))
                    .map(|(t, f)| (f, t))
                    .collect()
            },
        )
        .collect();
    let mut vocabulary = BTreeMap::new();
    for (form, term) in forms.into_iter().flatten() {
        vocabulary.entry(form).or_insert(term);
    }
    let postings = export::postings(&index, &fields)?;
    let profiles = related::profiles(&postings, docs.len());
    let postings = export::encode_all(postings, docs.len() as u32);
    // The bodies were read into the index: nothing later needs them (fragments come from the
    // sections), and at 100,000 pages they are hundreds of megabytes.
    let mut docs = docs;
    for d in &mut docs {
        d.body = String::new();
    }
    let shard_bounds = export::shard_bounds(&vocabulary, &postings);
    Ok(SearchIndex {
        index,
        fields,
        kind,
        audience,
        topic,
        docs,
        vocabulary,
        synonyms,
        postings,
        shard_bounds,
        lang: lang.to_string(),
        analysis,
        profiles,
    })
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

/// The fast field with each document's position in the list it was built from.
const POSITION: &str = "position";
/// The index writer's threads: more gain little, as the analysis is done before.
const WRITER_THREADS: usize = 2;

/// Per segment (by ordinal), the position of each of its documents.
pub(crate) fn positions(searcher: &tantivy::Searcher) -> Result<Vec<Vec<u32>>> {
    searcher
        .segment_readers()
        .iter()
        .map(|segment| {
            let column = segment.fast_fields().u64(POSITION)?;
            Ok((0..segment.max_doc()).map(|doc| column.first(doc).unwrap_or_default() as u32).collect())
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    pub(crate) fn sample() -> SearchIndex {
        let page = |url: &str, title: &str, body: &str| SearchDoc {
            url: url.into(),
            title: title.into(),
            body: body.into(),
            kind: "guidance".into(),
            ..SearchDoc::default()
        };
        let docs = vec![
            page("/km/", "Kindermishandeling", "Signalen van kindermishandeling bij jonge kinderen."),
            page("/om/", "Ouderenmishandeling", "Ouderenmishandeling komt vaker voor dan je denkt."),
            page(
                "/thv/",
                "Tijdelijk huisverbod",
                "Het huisverbod duurt tien dagen. Huisverbodzaken lopen via de burgemeester.",
            ),
            page("/mis/", "Wat is mishandeling", "Mishandeling is geweld tegen een ander."),
            page("/x/", "Privacy", "Deze site gebruikt geen cookies."),
        ];
        let mut synonyms = BTreeMap::new();
        synonyms.insert("thv".to_string(), vec!["tijdelijk".to_string(), "huisverbod".to_string()]);
        build(docs, synonyms, "nl").unwrap()
    }

    #[test]
    fn every_document_has_its_position() {
        let index = sample();
        let reader = index.index.reader().unwrap();
        let mut all: Vec<u32> = positions(&reader.searcher()).unwrap().into_iter().flatten().collect();
        all.sort_unstable();
        assert_eq!(all, (0..index.docs.len() as u32).collect::<Vec<_>>());
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
