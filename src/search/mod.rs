//! Search: a tantivy index built at build time, exported as small static shards for the browser
//! client, plus the reference query that `kennisbank search` answers with.
//!
//! The design and its reasons are in `docs/SEARCH-FORMAT.md`. In short: one tantivy document per
//! page; the export reads tantivy's own term dictionaries and postings (no second tokenizer pass
//! over the pages); the browser looks query words up in a vocabulary of surface forms, so it
//! needs no stemmer, and scores BM25 exactly as tantivy does.

pub mod analyzer;
mod documents;
mod export;
mod query;

use std::collections::{BTreeMap, HashSet};
use std::sync::Arc;

use anyhow::{Context, Result};
use serde::Serialize;
use tantivy::schema::{
    Field, IndexRecordOption, STORED, STRING, Schema, TextFieldIndexing, TextOptions, Value as _,
};
use tantivy::{Index, TantivyDocument, doc};

pub use documents::{documents, documents_in, synonyms};
pub use export::export;
pub use query::{Filters, Hit, search};

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
}

/// Builds the index of one language in memory: one segment, documents in the given order
/// (doc id = position), analysed with that language's stemmer.
pub fn build(
    docs: Vec<SearchDoc>,
    synonyms: BTreeMap<String, Vec<String>>,
    lang: &str,
) -> Result<SearchIndex> {
    let analysis = analyzer::Analysis::for_language(lang);
    // The indexed text of each document, per field, without combining marks (see
    // `analyzer::strip_marks`): once, for the vocabulary and the index alike. Titles and
    // fragments shown to readers keep their accents.
    let texts: Vec<[String; 6]> = docs
        .iter()
        .map(|d| {
            let m = |text: &str| analyzer::strip_marks(text).into_owned();
            [
                m(&d.title),
                m(&d.headings.join("\n")),
                m(&d.keywords.join("\n")),
                m(&d.description),
                m(&d.body),
                m(file_name(&d.url)),
            ]
        })
        .collect();
    let mut counts = analyzer::vocabulary(texts.iter().flatten().map(String::as_str));
    // The closed form of each hyphenated word is a word of the corpus too (the index has it).
    for text in texts.iter().flatten() {
        for closed in analyzer::hyphen_joined(text) {
            *counts.entry(closed).or_insert(0) += 1;
        }
    }
    let dictionary: Arc<HashSet<String>> = Arc::new(if analysis.compounds {
        counts.keys().filter(|w| w.len() >= 4 && !w.chars().any(|c| c.is_ascii_digit())).cloned().collect()
    } else {
        HashSet::new()
    });

    let mut schema = Schema::builder();
    let indexing = TextFieldIndexing::default()
        .set_tokenizer(TOKENIZER)
        .set_index_option(IndexRecordOption::WithFreqsAndPositions);
    let text = TextOptions::default().set_indexing_options(indexing);
    let fields: Vec<Field> =
        FIELDS.iter().map(|(name, _)| schema.add_text_field(name, text.clone())).collect();
    let kind = schema.add_text_field("kind", STRING | STORED);
    let audience = schema.add_text_field("audience", STRING | STORED);
    let topic = schema.add_text_field("topic", STRING | STORED);
    let url = schema.add_text_field("url", STORED);
    let schema = schema.build();
    let index = Index::create_in_ram(schema);
    index.tokenizers().register(TOKENIZER, analysis.index_analyzer(dictionary.clone()));

    let mut writer = index
        .writer_with_num_threads::<TantivyDocument>(1, 50_000_000)
        .context("creating the search index")?;
    for (d, text) in docs.iter().zip(texts) {
        let [title, headings, keywords, description, body, file] = text;
        let mut document = doc!(
            fields[0] => title,
            fields[1] => headings,
            fields[2] => keywords,
            fields[3] => description,
            fields[4] => body,
            fields[5] => file,
            kind => d.kind.as_str(),
            url => d.url.as_str(),
        );
        for a in &d.audience {
            document.add_text(audience, a);
        }
        for t in &d.topics {
            document.add_text(topic, t);
        }
        writer.add_document(document).context("adding a page to the search index")?;
    }
    writer.commit().context("writing the search index")?;

    // Surface forms: every folded word, every compound part (a part can be searched on its own
    // although it never stands alone in the text), and the infinitive of each participle.
    let mut query = analysis.query_analyzer();
    let mut vocabulary = BTreeMap::new();
    for word in counts.keys() {
        let mut forms = vec![word.clone()];
        forms.extend(analyzer::compound_parts(word, &dictionary));
        if analysis.participles() {
            forms.extend(analyzer::participle_infinitive(word));
        }
        for form in forms {
            if vocabulary.contains_key(&form) {
                continue;
            }
            if let Some(term) = analyzer::term_of(&mut query, &form) {
                vocabulary.insert(form, term);
            }
        }
    }
    let postings = export::encoded_postings(&index, &fields, docs.len() as u32)?;
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
    })
}

/// The file name a page was written as, from its URL: the last part (`/hulp/snel-weg-knop/` ->
/// `snel-weg-knop`; a section's `_index.md` is named by its folder).
fn file_name(url: &str) -> &str {
    url.trim_end_matches('/').rsplit('/').next().unwrap_or_default()
}

impl SearchIndex {
    /// For each of the first `count` documents, up to `limit` documents most like it, best
    /// first. One reader for all (opening one is not cheap), documents in parallel.
    pub fn related_all(&self, count: usize, limit: usize) -> Result<Vec<Vec<usize>>> {
        use rayon::prelude::*;
        let reader = self.index.reader()?;
        let searcher = reader.searcher();
        (0..count.min(self.docs.len()))
            .into_par_iter()
            .map(|doc| self.related(&searcher, doc, limit))
            .collect()
    }

    /// Pages most like page `doc` (tantivy's MoreLikeThis over title and body), best first.
    pub fn related(&self, searcher: &tantivy::Searcher, doc: usize, limit: usize) -> Result<Vec<usize>> {
        use tantivy::query::MoreLikeThisQuery;
        let d = &self.docs[doc];
        let fields = vec![
            (self.fields[0], vec![tantivy::schema::OwnedValue::Str(d.title.clone())]),
            (self.fields[4], vec![tantivy::schema::OwnedValue::Str(d.body.clone())]),
        ];
        let query = MoreLikeThisQuery::builder()
            .with_min_doc_frequency(2)
            .with_max_doc_frequency((self.docs.len() / 4).max(3) as u64)
            .with_min_term_frequency(1)
            .with_min_word_length(4)
            // Every qualifying term: picking the "best" 20 breaks ties in hash order, which made
            // the related pages differ from build to build.
            .with_max_query_terms(usize::MAX)
            .with_document_fields(fields);
        // MoreLikeThis gathers its terms in hash order, so float sums of equal pages differ in
        // the last bits from run to run. Compare rounded scores and break ties by document, so
        // the same input gives the same related pages (and byte-identical output).
        let top = searcher.search(&query, &tantivy::collector::TopDocs::with_limit(limit + 8))?;
        let mut found: Vec<(i64, usize)> = top
            .into_iter()
            .map(|(score, address)| ((f64::from(score) * 1e4).round() as i64, address.doc_id as usize))
            .filter(|(_, i)| *i != doc)
            .collect();
        found.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
        Ok(found.into_iter().map(|(_, i)| i).take(limit).collect())
    }

    /// The stored URL of document `doc` (a check that doc ids are positions).
    pub fn stored_url(&self, doc: u32) -> Option<String> {
        let reader = self.index.reader().ok()?;
        let searcher = reader.searcher();
        let stored: TantivyDocument = searcher.doc(tantivy::DocAddress::new(0, doc)).ok()?;
        let url = self.index.schema().get_field("url").ok()?;
        stored.get_first(url).and_then(|v| v.as_str().map(str::to_string))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
    fn doc_ids_are_positions() {
        let index = sample();
        assert_eq!(index.stored_url(2).as_deref(), Some("/thv/"));
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
