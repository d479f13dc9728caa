//! The inverted index the export publishes, counted straight from the analysed corpus.
//!
//! The export needs, per term, which documents and fields hold it, how often, and each field's
//! length; BM25 needs each field's average length. tantivy's writer computed those and the
//! export read them back, but filing every token into tantivy's arena (with positions), then
//! serializing and re-reading the segment, was a third of a build's CPU at 10,000 pages and
//! most of the index stage's memory. Here each document is counted on its own (in parallel)
//! and the lists are merged. The counts are tantivy's own: a field's length is the number of
//! terms its text was analysed into (compound parts and infinitives included), stored as
//! tantivy's one-byte fieldnorm code, so the browser's BM25 equals `kennisbank search`'s.
//! A test builds both and compares them posting by posting.

use std::collections::BTreeMap;

use rayon::prelude::*;
use rustc_hash::FxHashMap;
use tantivy::fieldnorm::FieldNormReader;

use super::SearchDoc;
use super::corpus::{Analysed, FIELD_COUNT, field_texts};

/// One posting: document, field index, term frequency, fieldnorm id.
pub(super) type Posting = (u32, usize, u32, u8);

/// What the export and related pages read of the index.
pub(super) struct Counted {
    /// Term -> its postings, sorted.
    pub postings: BTreeMap<String, Vec<Posting>>,
    /// Per field, the number of terms in all documents (BM25's average field length).
    pub total_tokens: [u64; FIELD_COUNT],
}

/// Term -> postings of one part of the corpus.
type Lists<'a> = FxHashMap<&'a str, Vec<Posting>>;

/// Documents per parallel task: large enough that merging the tasks' lists stays cheap.
const CHUNK: usize = 512;

/// Counts every document's terms, as tantivy's writer would index them.
pub(super) fn count(docs: &[SearchDoc], analysed: &Analysed) -> Counted {
    let parts: Vec<(Lists, [u64; FIELD_COUNT])> = docs
        .par_chunks(CHUNK)
        .enumerate()
        .map(|(chunk, docs)| {
            let mut lists = Lists::default();
            let mut totals = [0u64; FIELD_COUNT];
            let mut frequencies: FxHashMap<&str, u32> = FxHashMap::default();
            for (i, d) in docs.iter().enumerate() {
                let doc = (chunk * CHUNK + i) as u32;
                for (field, text) in field_texts(d).iter().enumerate() {
                    let mut length = 0u32;
                    analysed.each_term(text, |term| {
                        *frequencies.entry(term).or_insert(0) += 1;
                        length += 1;
                    });
                    totals[field] += u64::from(length);
                    let norm = FieldNormReader::fieldnorm_to_id(length);
                    for (term, tf) in frequencies.drain() {
                        lists.entry(term).or_default().push((doc, field, tf, norm));
                    }
                }
            }
            (lists, totals)
        })
        .collect();
    let mut total_tokens = [0u64; FIELD_COUNT];
    let mut merged = Lists::default();
    for (lists, totals) in parts {
        for (sum, add) in total_tokens.iter_mut().zip(totals) {
            *sum += add;
        }
        for (term, list) in lists {
            merged.entry(term).or_default().extend(list);
        }
    }
    let mut sorted: Vec<(&str, Vec<Posting>)> = merged.into_iter().collect();
    sorted.par_iter_mut().for_each(|(_, list)| list.sort_unstable());
    let postings = sorted.into_iter().map(|(term, list)| (term.to_string(), list)).collect();
    Counted { postings, total_tokens }
}
