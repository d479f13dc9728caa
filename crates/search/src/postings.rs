//! The inverted index the export publishes, counted straight from the analysed corpus.
//!
//! The export needs, per term, which documents and fields hold it, how often, and each field's
//! length; BM25 needs each field's average length. tantivy's writer computed those and the
//! export read them back, but filing every token into tantivy's arena (with positions), then
//! serializing and re-reading the segment, was a third of a build's CPU at 10,000 pages and
//! most of the index stage's memory. Here each document is counted on its own (in parallel),
//! from its tokens and their counts ([`super::tokens`]) and each token's terms, and the lists
//! are laid out in one array, term after term. The counts are tantivy's own: a
//! field's length is the number of terms its text was analysed into (compound parts and
//! infinitives included), stored as tantivy's one-byte fieldnorm code, so the browser's BM25
//! equals `kennisbank search`'s. A test builds both and compares them posting by posting.

use rayon::prelude::*;
use tantivy::fieldnorm::FieldNormReader;

use super::corpus::Analysed;
use super::tokens::{DocTokens, FIELD_COUNT};

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
    #[cfg(test)]
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

/// One chunk's postings: (term number, term frequency) in document and field order, each
/// field's (document, field, fieldnorm id, end of its pairs), and the field totals. (Pairs of
/// 8 bytes, not whole postings of 16 with the term: the lists take most of the stage's memory.)
struct Part {
    pairs: Vec<(u32, u32)>,
    fields: Vec<(u32, u8, u8, usize)>,
    totals: [u64; FIELD_COUNT],
}

/// Documents per parallel task.
const CHUNK: usize = 256;

/// Counts every document's terms, as tantivy's writer would index them: a field's length is
/// the number of terms its tokens stand for, each token counted as often as it occurs.
pub(super) fn count(docs: &[&DocTokens], analysed: &Analysed) -> Postings {
    let terms = analysed.names.len();
    let parts: Vec<Part> = docs
        .par_chunks(CHUNK)
        .enumerate()
        .map_init(
            || (vec![0u32; terms], Vec::new()),
            |(frequencies, touched), (chunk, docs)| {
                let mut part = Part { pairs: Vec::new(), fields: Vec::new(), totals: [0; FIELD_COUNT] };
                for (i, d) in docs.iter().enumerate() {
                    let doc = (chunk * CHUNK + i) as u32;
                    for (field, tokens) in d.fields.iter().enumerate() {
                        let mut length = 0u32;
                        for &(token, occurrences) in tokens.iter() {
                            for &term in analysed.terms[token as usize].iter() {
                                if frequencies[term as usize] == 0 {
                                    touched.push(term);
                                }
                                frequencies[term as usize] += occurrences;
                                length += occurrences;
                            }
                        }
                        part.totals[field] += u64::from(length);
                        let norm = FieldNormReader::fieldnorm_to_id(length);
                        part.pairs.extend(
                            touched
                                .drain(..)
                                .map(|term| (term, std::mem::take(&mut frequencies[term as usize]))),
                        );
                        part.fields.push((doc, field as u8, norm, part.pairs.len()));
                    }
                }
                part
            },
        )
        .collect();

    // A counting sort by term: the parts are in document order and each holds a term at most
    // once per document and field, so every term's list comes out sorted.
    let mut starts = vec![0usize; terms + 1];
    let mut total_tokens = [0u64; FIELD_COUNT];
    for part in &parts {
        for (term, _) in &part.pairs {
            starts[*term as usize + 1] += 1;
        }
        for (sum, add) in total_tokens.iter_mut().zip(&part.totals) {
            *sum += add;
        }
    }
    for t in 0..terms {
        starts[t + 1] += starts[t];
    }
    let mut list = vec![(0, 0, 0, 0); starts[terms]];
    let mut next = starts.clone();
    for part in parts {
        let mut from = 0;
        for (doc, field, norm, to) in part.fields {
            for &(term, tf) in &part.pairs[from..to] {
                let at = &mut next[term as usize];
                list[*at] = (doc, field, tf, norm);
                *at += 1;
            }
            from = to;
        }
    }
    Postings { names: analysed.names.clone(), starts, list, total_tokens }
}
