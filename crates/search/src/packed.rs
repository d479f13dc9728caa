//! Each term's postings as a compact byte stream, written as they are counted.
//!
//! Published, a term's list goes out in the client's encoding ([`super::export::encode`]),
//! which needs the whole list at once: its document count comes first, and each of its sets
//! is written as gaps or as a bitset, whichever is smaller. Until every list was complete they
//! were held as 12-byte tuples: 548 MB at 100,000 pages, the largest step of the index stage.
//! Here a posting takes 3 to 5 bytes, and [`postings::count`](super::postings::count) measures
//! each list's exact length before it writes them, so all lists lie in one buffer without
//! slack. The related pages and the client encoding read the lists back one at a time.
//!
//! A posting's bytes: `varint(tf << 4 | same_document << 3 | field)`, then `varint(gap to the
//! previous posting's document)` unless it is in the same document (the first posting's gap
//! is from document 0), then the fieldnorm id byte.

use super::tokens::FIELD_COUNT;

/// One posting: document, field index, term frequency, fieldnorm id.
pub(super) type Posting = (u32, u8, u32, u8);

/// Postings lists read one term at a time: what the related pages' profiles and the client
/// encoding read ([`PackedPostings`], or plain lists in tests).
pub trait TermLists: Sync {
    /// The number of terms, numbered in term order.
    fn term_count(&self) -> usize;
    fn name(&self, term: usize) -> &str;
    /// Term number `term`'s postings, sorted by document and field.
    fn postings(&self, term: usize) -> impl Iterator<Item = Posting> + '_;
}

/// "No document yet" in the per-term document columns.
const NONE: u32 = u32::MAX;
/// The flag of a posting in the same document as the one before it.
const SAME_DOCUMENT: u64 = 1 << 3;

/// Every term's postings, each a byte stream (see the module doc), in one buffer.
pub(super) struct PackedPostings {
    /// The term names, by number (sorted).
    names: std::sync::Arc<[String]>,
    /// Term number `t`'s stream is `bytes[starts[t]..starts[t + 1]]`.
    starts: Vec<usize>,
    bytes: Vec<u8>,
    /// Per field, the number of terms in all documents (BM25's average field length).
    pub total_tokens: [u64; FIELD_COUNT],
}

fn varint_len(value: u64) -> usize {
    (64 - value.max(1).leading_zeros() as usize).div_ceil(7)
}

fn head(field: u8, tf: u32, same_document: bool) -> u64 {
    u64::from(tf) << 4 | if same_document { SAME_DOCUMENT } else { 0 } | u64::from(field)
}

/// The exact length of each term's stream, measured over a run of consecutive documents
/// (documents in order), so that the runs' measures add up to the whole corpus's.
pub(super) struct ListSizes {
    /// Per term: the first and the last document of the run that holds it.
    first: Vec<u32>,
    last: Vec<u32>,
    /// Per term: its stream's length over the run, the first posting's gap taken from 0.
    bytes: Vec<usize>,
}

impl ListSizes {
    pub fn new(terms: usize) -> Self {
        ListSizes { first: vec![NONE; terms], last: vec![NONE; terms], bytes: vec![0; terms] }
    }

    /// Adds a posting of `term` in document `doc` (not before the run's last document).
    pub fn add(&mut self, term: u32, doc: u32, field: u8, tf: u32) {
        let t = term as usize;
        let same = self.last[t] == doc;
        let mut bytes = varint_len(head(field, tf, same)) + 1;
        if !same {
            if self.first[t] == NONE {
                self.first[t] = doc;
            }
            bytes += varint_len(u64::from(doc - self.previous(t)));
        }
        self.last[t] = doc;
        self.bytes[t] += bytes;
    }

    /// The document a gap to `doc` starts from: the last one of the run, or 0.
    fn previous(&self, t: usize) -> u32 {
        if self.last[t] == NONE { 0 } else { self.last[t] }
    }

    /// The measures of this run followed by those of the run right after it.
    pub fn then(mut self, next: ListSizes) -> ListSizes {
        for t in 0..self.bytes.len() {
            let first = next.first[t];
            if first == NONE {
                continue;
            }
            let mut bytes = next.bytes[t];
            if self.last[t] != NONE {
                // The next run's first gap was measured from 0.
                bytes = bytes - varint_len(u64::from(first)) + varint_len(u64::from(first - self.last[t]));
            } else {
                self.first[t] = first;
            }
            self.bytes[t] += bytes;
            self.last[t] = next.last[t];
        }
        self
    }

    /// Where each term's stream starts in one buffer of all of them (and, last, its length).
    pub fn starts(self) -> Vec<usize> {
        let mut starts = Vec::with_capacity(self.bytes.len() + 1);
        let mut at = 0;
        starts.push(at);
        for b in self.bytes {
            at += b;
            starts.push(at);
        }
        starts
    }
}

/// Writes postings into their terms' streams, laid out by [`ListSizes::starts`]; postings
/// must come in document order (field order within a document).
pub(super) struct ListWriter {
    names: std::sync::Arc<[String]>,
    starts: Vec<usize>,
    next: Vec<usize>,
    last: Vec<u32>,
    bytes: Vec<u8>,
}

impl ListWriter {
    pub fn new(names: std::sync::Arc<[String]>, starts: Vec<usize>) -> Self {
        let terms = starts.len() - 1;
        let bytes = vec![0; starts[terms]];
        ListWriter { names, next: starts[..terms].to_vec(), starts, last: vec![NONE; terms], bytes }
    }

    pub fn push(&mut self, term: u32, (doc, field, tf, norm): Posting) {
        let t = term as usize;
        let same = self.last[t] == doc;
        let at = &mut self.next[t];
        put_varint(&mut self.bytes, at, head(field, tf, same));
        if !same {
            let previous = if self.last[t] == NONE { 0 } else { self.last[t] };
            put_varint(&mut self.bytes, at, u64::from(doc - previous));
        }
        self.bytes[*at] = norm;
        *at += 1;
        self.last[t] = doc;
    }

    /// The lists, each exactly as long as it was measured.
    pub fn finish(self, total_tokens: [u64; FIELD_COUNT]) -> PackedPostings {
        let ListWriter { names, starts, next, bytes, .. } = self;
        assert!(
            next.iter().zip(&starts[1..]).all(|(n, end)| n == end),
            "a postings list was not written to its measured length"
        );
        PackedPostings { names, starts, bytes, total_tokens }
    }
}

fn put_varint(out: &mut [u8], at: &mut usize, mut value: u64) {
    while value >= 0x80 {
        out[*at] = (value as u8) | 0x80;
        *at += 1;
        value >>= 7;
    }
    out[*at] = value as u8;
    *at += 1;
}

/// One term's postings read back from its stream, in order.
struct ListReader<'a> {
    bytes: &'a [u8],
    at: usize,
    doc: u32,
}

impl ListReader<'_> {
    fn varint(&mut self) -> u64 {
        let (mut value, mut shift) = (0u64, 0);
        loop {
            let byte = self.bytes[self.at];
            self.at += 1;
            value |= u64::from(byte & 0x7f) << shift;
            if byte < 0x80 {
                return value;
            }
            shift += 7;
        }
    }
}

impl Iterator for ListReader<'_> {
    type Item = Posting;

    fn next(&mut self) -> Option<Posting> {
        if self.at >= self.bytes.len() {
            return None;
        }
        let head = self.varint();
        if head & SAME_DOCUMENT == 0 {
            self.doc += self.varint() as u32;
        }
        let norm = self.bytes[self.at];
        self.at += 1;
        Some((self.doc, (head & 0b111) as u8, (head >> 4) as u32, norm))
    }
}

impl TermLists for PackedPostings {
    fn term_count(&self) -> usize {
        self.names.len()
    }

    fn name(&self, term: usize) -> &str {
        &self.names[term]
    }

    fn postings(&self, term: usize) -> impl Iterator<Item = Posting> + '_ {
        ListReader { bytes: &self.bytes[self.starts[term]..self.starts[term + 1]], at: 0, doc: 0 }
    }
}

impl PackedPostings {
    /// Whether a document holds term number `term`.
    pub fn is_held(&self, term: usize) -> bool {
        self.starts[term] < self.starts[term + 1]
    }

    /// The term names, by number.
    pub fn names(&self) -> &std::sync::Arc<[String]> {
        &self.names
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Postings of two terms over 600 documents: gaps of every varint length, several fields
    /// of one document, and term frequencies past one byte.
    fn sample() -> Vec<(u32, Posting)> {
        let mut all = Vec::new();
        for doc in (0..600u32).map(|d| d * d * 7) {
            all.push((0, (doc, 0, 1, 3)));
            all.push((0, (doc, 4, doc % 300 + 1, 200)));
            if doc % 3 == 0 {
                all.push((1, (doc, 2, 70_000, 17)));
            }
        }
        all
    }

    #[test]
    fn lists_measured_in_runs_are_written_to_their_length_and_read_back() {
        let postings = sample();
        // Measured in three runs of consecutive documents, joined as a parallel count joins them.
        let runs: Vec<ListSizes> = [0..100_000, 100_000..1_000_000, 1_000_000..u32::MAX]
            .into_iter()
            .map(|documents| {
                let mut sizes = ListSizes::new(2);
                for &(t, (doc, field, tf, _)) in postings.iter().filter(|(_, p)| documents.contains(&p.0)) {
                    sizes.add(t, doc, field, tf);
                }
                sizes
            })
            .collect();
        let sizes = runs.into_iter().reduce(ListSizes::then).unwrap();
        let names: std::sync::Arc<[String]> = vec!["a".to_string(), "b".to_string()].into();
        let mut writer = ListWriter::new(names, sizes.starts());
        postings.iter().for_each(|&(t, p)| writer.push(t, p));
        let packed = writer.finish([0; FIELD_COUNT]);
        for term in 0..2 {
            let expected: Vec<Posting> =
                postings.iter().filter(|(t, _)| *t == term as u32).map(|(_, p)| *p).collect();
            assert_eq!(packed.postings(term).collect::<Vec<_>>(), expected);
        }
    }
}
