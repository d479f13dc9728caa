//! The inverted index the export publishes, counted straight from the analysed corpus.
//!
//! The export needs, per term, which documents and fields hold it, how often, and each field's
//! length; BM25 needs each field's average length. tantivy's writer computed those and the
//! export read them back, but filing every token into tantivy's arena (with positions), then
//! serializing and re-reading the segment, was a third of a build's CPU at 10,000 pages and
//! most of the index stage's memory. Here each document is counted on its own (in parallel),
//! from its tokens and their counts ([`super::tokens`]) and each token's terms, and the lists
//! are written packed into one buffer, term after term ([`super::packed`]). The counts are tantivy's own: a
//! field's length is the number of terms its text was analysed into (compound parts and
//! infinitives included), stored as tantivy's one-byte fieldnorm code, so the browser's BM25
//! equals `kennisbank search`'s. A test builds both and compares them posting by posting.

use rayon::prelude::*;
use tantivy::fieldnorm::FieldNormReader;

use super::corpus::Analysed;
use super::packed::{ListSizes, ListWriter, PackedPostings, TermLists};
use super::tokens::{DocTokens, FIELD_COUNT};

/// One posting: document, field index, term frequency, fieldnorm id (12 bytes: at 10,000
/// pages there are some 4.5 million; see [`super::packed`] for how they are held).
pub(super) use super::packed::Posting;

/// Every term's postings, sorted by document and field, in one array: what a query here
/// reads ([`super::Purpose::Query`]); publishing reads the lists packed ([`PackedPostings`]).
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
    pub fn new(
        names: std::sync::Arc<[String]>,
        starts: Vec<usize>,
        list: Vec<Posting>,
        total_tokens: [u64; FIELD_COUNT],
    ) -> Self {
        Postings { names, starts, list, total_tokens }
    }

    /// The lists of `packed` as tuples, one array of all of them, for queries.
    pub fn unpack(packed: &PackedPostings) -> Postings {
        let terms = packed.term_count();
        let counts: Vec<usize> = (0..terms).into_par_iter().map(|t| packed.postings(t).count()).collect();
        let mut starts = Vec::with_capacity(terms + 1);
        starts.push(0);
        for c in counts {
            starts.push(starts.last().copied().unwrap_or_default() + c);
        }
        let list: Vec<Posting> = (0..terms).flat_map(|t| packed.postings(t)).collect();
        Postings::new(packed.names().clone(), starts, list, packed.total_tokens)
    }

    /// (term, its postings) for every term, in term order.
    #[cfg(test)]
    pub fn iter(&self) -> impl Iterator<Item = (&str, &[Posting])> {
        self.names
            .iter()
            .enumerate()
            .map(|(t, name)| (name.as_str(), self.of(t)))
            .filter(|(_, l)| !l.is_empty())
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
/// field's (document, field, fieldnorm id, end of its pairs). (Pairs of 8 bytes, not whole
/// postings of 12: only a wave's documents are held this way at once, see [`count`].)
struct Part {
    pairs: Vec<(u32, u32)>,
    fields: Vec<(u32, u8, u8, usize)>,
}

/// Documents per parallel task.
const CHUNK: usize = 256;
/// Chunks counted (in parallel) before their postings are filed into the lists, per thread.
const WAVE_PER_THREAD: usize = 2;

/// Each term's occurrences in one field at a time (a scratch reused by one thread).
struct FieldCounter {
    /// Per term number: occurrences in the field being counted (`touched` lists the non-zero).
    frequencies: Vec<u32>,
    touched: Vec<u32>,
}

impl FieldCounter {
    fn new(terms: usize) -> Self {
        FieldCounter { frequencies: vec![0; terms], touched: Vec::new() }
    }

    /// Counts one field's tokens as terms and returns the field's length; its terms are then
    /// in `touched`, to be read with [`FieldCounter::drain`].
    fn field(&mut self, tokens: &[(u32, u32)], analysed: &Analysed) -> u32 {
        let mut length = 0u32;
        for &(token, occurrences) in tokens {
            for &term in analysed.terms[token as usize].iter() {
                if self.frequencies[term as usize] == 0 {
                    self.touched.push(term);
                }
                self.frequencies[term as usize] += occurrences;
                length += occurrences;
            }
        }
        length
    }

    /// The counted field's (term, frequency) pairs, clearing them for the next field.
    fn drain(&mut self) -> impl Iterator<Item = (u32, u32)> + '_ {
        let frequencies = &mut self.frequencies;
        self.touched.drain(..).map(|term| (term, std::mem::take(&mut frequencies[term as usize])))
    }
}

/// Counts every document's terms, as tantivy's writer would index them: a field's length is
/// the number of terms its tokens stand for, each token counted as often as it occurs.
///
/// Twice: first only how long each term's packed list is (see [`ListSizes`]), so that the
/// one buffer of all lists can be laid out without slack; then wave by wave
/// ([`WAVE_PER_THREAD`] chunks of documents per thread) the postings themselves, each wave
/// written into the buffer before the next is counted. Counting once and keeping every
/// document's pairs until the lists were filled held the pairs of the whole corpus next to
/// them: the index stage's peak, some 40 MB at 10,000 pages.
pub(super) fn count(docs: &[&DocTokens], analysed: &Analysed) -> PackedPostings {
    let terms = analysed.names.len();
    // Pass 1: each term's list length, and the field totals. A fold runs over consecutive
    // chunks in order and the reduction joins neighbouring runs in order, as
    // [`ListSizes::then`] needs.
    let (sizes, total_tokens) = docs
        .par_chunks(CHUNK)
        .enumerate()
        .fold(
            || (FieldCounter::new(terms), ListSizes::new(terms), [0u64; FIELD_COUNT]),
            |(mut counter, mut sizes, mut totals), (chunk, docs)| {
                for (i, d) in docs.iter().enumerate() {
                    let doc = (chunk * CHUNK + i) as u32;
                    for (field, tokens) in d.fields.iter().enumerate() {
                        totals[field] += u64::from(counter.field(tokens, analysed));
                        counter.drain().for_each(|(term, tf)| sizes.add(term, doc, field as u8, tf));
                    }
                }
                (counter, sizes, totals)
            },
        )
        .map(|(_, sizes, totals)| (Some(sizes), totals))
        .reduce(
            || (None, [0u64; FIELD_COUNT]),
            |(sizes, mut totals), (more, more_totals)| {
                totals.iter_mut().zip(more_totals).for_each(|(t, m)| *t += m);
                let sizes = match (sizes, more) {
                    (Some(sizes), Some(more)) => Some(sizes.then(more)),
                    (sizes, more) => sizes.or(more),
                };
                (sizes, totals)
            },
        );
    let starts = sizes.unwrap_or_else(|| ListSizes::new(terms)).starts();

    // Pass 2, wave by wave: the waves are in document order and each holds a term at most
    // once per document and field, so every term's list comes out sorted.
    let mut lists = ListWriter::new(analysed.names.clone(), starts);
    let wave_chunks = WAVE_PER_THREAD * rayon::current_num_threads().max(1);
    for (wave, docs) in docs.chunks(CHUNK * wave_chunks).enumerate() {
        let parts: Vec<Part> = docs
            .par_chunks(CHUNK)
            .enumerate()
            .map_init(
                || FieldCounter::new(terms),
                |counter, (chunk, docs)| {
                    let mut part = Part { pairs: Vec::new(), fields: Vec::new() };
                    for (i, d) in docs.iter().enumerate() {
                        let doc = ((wave * wave_chunks + chunk) * CHUNK + i) as u32;
                        for (field, tokens) in d.fields.iter().enumerate() {
                            let norm = FieldNormReader::fieldnorm_to_id(counter.field(tokens, analysed));
                            part.pairs.extend(counter.drain());
                            part.fields.push((doc, field as u8, norm, part.pairs.len()));
                        }
                    }
                    part
                },
            )
            .collect();
        for part in parts {
            let mut from = 0;
            for (doc, field, norm, to) in part.fields {
                for &(term, tf) in &part.pairs[from..to] {
                    lists.push(term, (doc, field, tf, norm));
                }
                from = to;
            }
        }
    }
    lists.finish(total_tokens)
}
