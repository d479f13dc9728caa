//! tantivy's index of documents: what `kennisbank search` queries, and the reference the
//! published index is checked against (see [`super::postings`]).
//!
//! A query indexes only the documents that hold one of its terms, and scores them with the
//! statistics of the whole corpus ([`CorpusStatistics`], from the counted postings): BM25 reads
//! nothing else of the other documents, so the scores are those of an index of every document,
//! at a fraction of its cost (indexing them all took as long as rendering the site).

use anyhow::{Context, Result};
use rayon::prelude::*;
use tantivy::schema::{FAST, Field, IndexRecordOption, STRING, Schema, TextFieldIndexing, TextOptions};
use tantivy::{Index, TantivyDocument};

use super::corpus::{self, CachedTokenizer};
use super::postings::Postings;
use super::{FIELDS, SearchDoc};

const TOKENIZER: &str = "kennisbank";
/// The fast field with each document's position in the list it was built from.
const POSITION: &str = "position";
/// The index writer's threads: more gain little, as the analysis is done before.
const WRITER_THREADS: usize = 2;

/// The index and its fields.
pub struct Engine {
    pub index: Index,
    /// The text fields, in [`FIELDS`] order.
    pub fields: Vec<Field>,
    pub kind: Field,
    pub audience: Field,
    pub topic: Field,
}

impl Engine {
    /// One tantivy document per (position, search document), the position stored with it.
    /// Queries need no phrases, so no positions of words are kept.
    pub fn build(docs: &[(u32, &SearchDoc)], tokenizer: CachedTokenizer) -> Result<Engine> {
        let mut schema = Schema::builder();
        let indexing = TextFieldIndexing::default()
            .set_tokenizer(TOKENIZER)
            .set_index_option(IndexRecordOption::WithFreqs);
        let text = TextOptions::default().set_indexing_options(indexing);
        let fields: Vec<Field> =
            FIELDS.iter().map(|(name, _)| schema.add_text_field(name, text.clone())).collect();
        let kind = schema.add_text_field("kind", STRING);
        let audience = schema.add_text_field("audience", STRING);
        let topic = schema.add_text_field("topic", STRING);
        let position = schema.add_u64_field(POSITION, FAST);
        let index = Index::create_in_ram(schema.build());
        index.tokenizers().register(TOKENIZER, tantivy::tokenizer::TextAnalyzer::from(tokenizer));

        let mut writer = index
            .writer_with_num_threads::<TantivyDocument>(WRITER_THREADS, WRITER_THREADS * 60_000_000)
            .context("creating the search index")?;
        // Merging would only rewrite what is read once, right after the commit.
        writer.set_merge_policy(Box::new(tantivy::indexer::NoMergePolicy));
        // Documents are built in parallel in chunks (bounded memory), then handed to the
        // writer's threads. Segments and doc ids depend on those threads; each document's
        // position is stored with it, and everything read back is ordered by position.
        for chunk in docs.chunks(1024) {
            let built: Vec<TantivyDocument> = chunk
                .par_iter()
                .map(|(at, d)| {
                    let mut document = TantivyDocument::default();
                    for (field, text) in fields.iter().zip(corpus::field_texts(d)) {
                        document.add_text(*field, text);
                    }
                    document.add_u64(position, u64::from(*at));
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
        Ok(Engine { index, fields, kind, audience, topic })
    }
}

/// BM25's statistics of the whole corpus, for an engine that holds some of its documents.
pub struct CorpusStatistics<'a> {
    pub engine: &'a Engine,
    pub postings: &'a Postings,
    pub docs: &'a [SearchDoc],
}

impl tantivy::query::Bm25StatisticsProvider for CorpusStatistics<'_> {
    fn total_num_tokens(&self, field: Field) -> tantivy::Result<u64> {
        Ok(self.engine.fields.iter().position(|f| *f == field).map_or(0, |f| self.postings.total_tokens[f]))
    }

    fn total_num_docs(&self) -> tantivy::Result<u64> {
        Ok(self.docs.len() as u64)
    }

    fn doc_freq(&self, term: &tantivy::Term) -> tantivy::Result<u64> {
        let field = term.field();
        let value = term.value();
        let text = value.as_str().unwrap_or_default();
        if let Some(f) = self.engine.fields.iter().position(|x| *x == field) {
            return Ok(self.postings.of_term(text).iter().filter(|p| usize::from(p.1) == f).count() as u64);
        }
        let e = self.engine;
        let holds = |d: &SearchDoc| match field {
            f if f == e.kind => d.kind == text,
            f if f == e.audience => d.audience.iter().any(|a| a == text),
            f if f == e.topic => d.topics.iter().any(|t| t == text),
            _ => false,
        };
        Ok(self.docs.iter().filter(|d| holds(d)).count() as u64)
    }
}

/// Per segment (by ordinal), the position of each of its documents.
pub(super) fn positions(searcher: &tantivy::Searcher) -> Result<Vec<Vec<u32>>> {
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
    use std::collections::BTreeMap;

    use tantivy::DocSet;
    use tantivy::postings::Postings;

    use super::super::postings::{self, Posting};
    use super::super::tests::sample_docs;
    use super::super::{analyzer, corpus};
    use super::*;

    /// term -> postings, read back from the index's term dictionaries (what the export read
    /// before it counted them itself).
    fn read_back(engine: &Engine) -> (BTreeMap<String, Vec<Posting>>, Vec<u64>) {
        let reader = engine.index.reader().unwrap();
        let searcher = reader.searcher();
        let positions = positions(&searcher).unwrap();
        let mut terms: BTreeMap<String, Vec<Posting>> = BTreeMap::new();
        let mut totals = vec![0u64; engine.fields.len()];
        for (segment, position) in searcher.segment_readers().iter().zip(&positions) {
            for (f, field) in engine.fields.iter().enumerate() {
                let inverted = segment.inverted_index(*field).unwrap();
                totals[f] += inverted.total_num_tokens();
                let norms = segment.get_fieldnorms_reader(*field).unwrap();
                let mut stream = inverted.terms().stream().unwrap();
                while stream.advance() {
                    let term = String::from_utf8_lossy(stream.key()).into_owned();
                    let mut list = inverted
                        .read_postings_from_terminfo(stream.value(), IndexRecordOption::WithFreqs)
                        .unwrap();
                    let entry = terms.entry(term).or_default();
                    while list.doc() != tantivy::TERMINATED {
                        let doc = list.doc();
                        entry.push((
                            position[doc as usize],
                            f as u8,
                            list.term_freq(),
                            norms.fieldnorm_id(doc),
                        ));
                        list.advance();
                    }
                }
            }
        }
        for list in terms.values_mut() {
            list.sort_unstable();
        }
        (terms, totals)
    }

    #[test]
    fn the_counted_postings_are_tantivys() {
        // Long enough for fieldnorm codes above the exact range, with compounds, participles,
        // hyphens and repeated words, over several parallel chunks.
        let mut docs = sample_docs();
        let long = "De ex-partner heeft gedreigd en gedreigd. Kindermishandeling, huiselijk geweld \
                    en ouderenmishandeling: signalen bij kinderen van 0-4 jaar. "
            .repeat(12);
        for n in 0..1200 {
            let mut d = docs[n % 5].clone();
            d.url = format!("/p{n}/");
            d.headings = vec![format!("Stap {n}"), "Signalen herkennen".into()];
            d.keywords = vec!["meldcode".into()];
            d.description = "Een handreiking.".into();
            if n % 7 == 0 {
                d.body = format!("{} {long}", d.body).into();
            }
            docs.push(d);
        }
        let (table, tokens, analysed) = corpus::analyse_docs(&docs, analyzer::Analysis::for_language("nl"));
        let all: Vec<(u32, &SearchDoc)> = docs.iter().enumerate().map(|(i, d)| (i as u32, d)).collect();
        let engine = Engine::build(&all, analysed.tokenizer(&table)).unwrap();
        let counted =
            postings::Postings::unpack(&postings::count(&tokens.iter().collect::<Vec<_>>(), &analysed));
        let (expected, totals) = read_back(&engine);
        assert_eq!(counted.total_tokens.to_vec(), totals);
        assert!(expected.len() > 40, "{}", expected.len());
        assert!(expected.values().flatten().any(|p| p.3 > 40), "no long field");
        let counted_lists: BTreeMap<&str, &[Posting]> = counted.iter().collect();
        for (term, list) in &expected {
            assert_eq!(counted_lists.get(term.as_str()), Some(&list.as_slice()), "{term}");
        }
        assert_eq!(counted_lists.len(), expected.len());
    }
}
