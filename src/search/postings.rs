//! The inverted index the export publishes, counted straight from the analysed corpus.
//!
//! The export needs, per term, which documents and fields hold it, how often, and each field's
//! length; BM25 needs each field's average length. tantivy's writer computed those and the
//! export read them back, but filing every token into tantivy's arena (with positions), then
//! serializing and re-reading the segment, was a third of a build's CPU at 10,000 pages and
//! most of the index stage's memory. Here each document is counted on its own (in parallel)
//! and the lists are laid out in one array, term after term. The counts are tantivy's own: a
//! field's length is the number of terms its text was analysed into (compound parts and
//! infinitives included), stored as tantivy's one-byte fieldnorm code, so the browser's BM25
//! equals `kennisbank search`'s. A test builds both and compares them posting by posting.

use rayon::prelude::*;
use rustc_hash::FxHashMap;
use tantivy::fieldnorm::FieldNormReader;

use super::SearchDoc;
use super::corpus::{Analysed, FIELD_COUNT, field_texts};

/// One posting: document, field index, term frequency, fieldnorm id (12 bytes: at 10,000
/// pages there are some 4.5 million).
pub(super) type Posting = (u32, u8, u32, u8);

/// Every term's postings, sorted by document and field, in one array.
pub(super) struct Postings {
    /// The term names, by number (sorted).
    names: std::sync::Arc<[String]>,
    /// Term number `t`'s postings are `list[starts[t]..starts[t + 1]]`.
    starts: Vec<usize>,
    list: Vec<Posting>,
    /// Per field, the number of terms in all documents (BM25's average field length).
    pub total_tokens: [u64; FIELD_COUNT],
}

impl Postings {
    /// (term, its postings) for every term, in term order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &[Posting])> {
        self.names
            .iter()
            .enumerate()
            .map(|(t, name)| (name.as_str(), self.of(t)))
            .filter(|(_, l)| !l.is_empty())
    }

    /// The same, in parallel (still yielding in term order when collected).
    pub fn par_iter(&self) -> impl IndexedParallelIterator<Item = (&str, &[Posting])> {
        self.names.par_iter().enumerate().map(|(t, name)| (name.as_str(), self.of(t)))
    }

    /// The postings of the term named `name` (none when no document holds it).
    pub fn of_term(&self, name: &str) -> &[Posting] {
        self.names.binary_search_by(|n| n.as_str().cmp(name)).map_or(&[], |t| self.of(t))
    }

    fn of(&self, term: usize) -> &[Posting] {
        &self.list[self.starts[term]..self.starts[term + 1]]
    }
}

/// One chunk's (term number, posting) pairs, and its field totals.
type Part = (Vec<(u32, Posting)>, [u64; FIELD_COUNT]);

/// Documents per parallel task.
const CHUNK: usize = 256;

/// Counts every document's terms, as tantivy's writer would index them.
pub(super) fn count(docs: &[SearchDoc], analysed: &Analysed) -> Postings {
    // Per chunk of documents, (term number, posting) in document and field order.
    let parts: Vec<Part> = docs
        .par_chunks(CHUNK)
        .enumerate()
        .map(|(chunk, docs)| {
            let mut part = Vec::new();
            let mut totals = [0u64; FIELD_COUNT];
            let mut frequencies: FxHashMap<u32, u32> = FxHashMap::default();
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
                    part.extend(frequencies.drain().map(|(term, tf)| (term, (doc, field as u8, tf, norm))));
                }
            }
            (part, totals)
        })
        .collect();

    // A counting sort by term: the parts are in document order and each holds a term at most
    // once per document and field, so every term's list comes out sorted.
    let terms = analysed.names.len();
    let mut starts = vec![0usize; terms + 1];
    let mut total_tokens = [0u64; FIELD_COUNT];
    for (part, totals) in &parts {
        for (term, _) in part {
            starts[*term as usize + 1] += 1;
        }
        for (sum, add) in total_tokens.iter_mut().zip(totals) {
            *sum += add;
        }
    }
    for t in 0..terms {
        starts[t + 1] += starts[t];
    }
    let mut list = vec![(0, 0, 0, 0); starts[terms]];
    let mut next = starts.clone();
    for (part, _) in parts {
        for (term, posting) in part {
            let at = &mut next[term as usize];
            list[*at] = posting;
            *at += 1;
        }
    }
    Postings { names: analysed.names.clone(), starts, list, total_tokens }
}
