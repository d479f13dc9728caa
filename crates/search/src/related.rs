//! Related pages from the term statistics the index already has.
//!
//! tantivy's MoreLikeThis re-analysed every page's text and then ran a query over every posting
//! of every term in it: work that grows with the site for each page, so quadratic over the site
//! (x17 from 10,000 to 100,000 pages). Here each page is described by its most characteristic
//! terms (tf-idf over title and body, from the postings the export reads anyway), and pages
//! meet only through the lists of those terms, each capped: at most
//! [`TERMS_PER_PAGE`] x [`PAGES_PER_TERM`] candidates per page, whatever the size of the site.
//! Ties are broken by term and by page, and sums run in term order, so the same input gives
//! the same related pages whatever the number of threads.

use rayon::prelude::*;

use super::packed::{Posting, TermLists};

/// How many terms describe a page.
const TERMS_PER_PAGE: usize = 24;
/// How many pages a term's list keeps (those for which it weighs most).
const PAGES_PER_TERM: usize = 48;
/// Documents whose weights are laid out at once (see [`profiles`]).
const PROFILE_WINDOW: usize = 8_192;
/// Terms shorter than this (characters) say little about a subject.
const MIN_TERM_CHARS: usize = 4;
/// Field indices in [`super::FIELDS`] and their weight here: a word in the title says more.
const TITLE: (u8, f32) = (0, 2.0);
const BODY: (u8, f32) = (4, 1.0);

/// Each document's characteristic terms and each term's best documents.
#[derive(Default)]
pub struct Profiles {
    /// Per document: (term number, weight), by term number.
    terms: Vec<Vec<(u32, f32)>>,
    /// Per document: the length of its weight vector (for the cosine).
    norms: Vec<f32>,
    /// Per term number: (document, weight), heaviest first, at most [`PAGES_PER_TERM`].
    lists: Vec<Vec<(u32, f32)>>,
}

/// Builds the profiles from every term's postings.
///
/// A term's weights are not listed per term and then laid out by document (both lists at
/// once, next to the postings, were the index stage's peak at 10,000 pages): the terms that
/// describe pages are picked first, then their weights are written straight into the layout
/// by document.
pub fn profiles(lists: &impl TermLists, doc_count: usize) -> Profiles {
    let n = doc_count.max(1) as f32;
    // A term in more than a quarter of the pages tells them apart no better than "de".
    let max_df = (doc_count / 4).max(3);
    // Per term (in parallel): its idf when it describes pages; none for a term too short,
    // too rare or too common.
    let idfs: Vec<Option<f32>> = (0..lists.term_count())
        .into_par_iter()
        .map(|t| {
            if lists.name(t).chars().count() < MIN_TERM_CHARS {
                return None;
            }
            let df = weighed_documents(lists.postings(t)).count();
            (2..=max_df).contains(&df).then(|| (n / df as f32).ln())
        })
        .collect();
    // The kept terms numbered in term order, each with a cursor into its postings.
    let mut cursors: Vec<_> = idfs
        .iter()
        .enumerate()
        .filter_map(|(t, idf)| Some((lists.postings(t).peekable(), (*idf)?)))
        .collect();
    let term_number = cursors.len() as u32;
    // Window after window of documents, the kept terms' weights laid out by document, the
    // heaviest of each document kept. All the weights at once were the index stage's peak
    // at 100,000 pages (8 bytes for most postings); a window's are a few megabytes, and the
    // cursors read each list once over all windows.
    let mut per_doc: Vec<Vec<(u32, f32)>> = Vec::with_capacity(doc_count);
    for window in (0..doc_count).step_by(PROFILE_WINDOW) {
        let end = (window + PROFILE_WINDOW).min(doc_count);
        let mut by_doc: Vec<Vec<(u32, f32)>> = vec![Vec::new(); end - window];
        for (number, (cursor, idf)) in cursors.iter_mut().enumerate() {
            let mut in_window = std::iter::from_fn(|| cursor.next_if(|p| (p.0 as usize) < end));
            each_weight(&mut in_window, |doc, w| {
                by_doc[doc as usize - window].push((number as u32, w * *idf))
            });
        }
        per_doc.par_extend(by_doc.into_par_iter().map(|mut terms| {
            keep_heaviest(&mut terms, TERMS_PER_PAGE);
            terms.shrink_to_fit();
            terms
        }));
    }
    drop(cursors);
    let mut lists: Vec<Vec<(u32, f32)>> = vec![Vec::new(); term_number as usize];
    let mut norms = Vec::with_capacity(doc_count);
    for (doc, terms) in per_doc.iter_mut().enumerate() {
        terms.sort_unstable_by_key(|(t, _)| *t);
        norms.push(terms.iter().map(|(_, w)| w * w).sum::<f32>().sqrt());
        for &(t, w) in terms.iter() {
            lists[t as usize].push((doc as u32, w));
        }
    }
    for list in &mut lists {
        list.sort_unstable_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        list.truncate(PAGES_PER_TERM);
    }
    Profiles { terms: per_doc, norms, lists }
}

/// The weight of a term in a field of [`TITLE`] or [`BODY`] with frequency `tf` (none for
/// other fields).
fn field_weight(field: u8, tf: u32) -> Option<f32> {
    let boost = match field {
        f if f == TITLE.0 => TITLE.1,
        f if f == BODY.0 => BODY.1,
        _ => return None,
    };
    Some(boost * (1.0 + (tf as f32).ln()))
}

/// The documents in which a term's postings (sorted by document) have a weight, each once.
fn weighed_documents(list: impl Iterator<Item = Posting>) -> impl Iterator<Item = u32> {
    let mut last = None;
    list.filter(|&(_, field, _, _)| field == TITLE.0 || field == BODY.0).filter_map(move |p| {
        let new = last != Some(p.0);
        last = Some(p.0);
        new.then_some(p.0)
    })
}

/// Calls `f` with each document of a term's postings (sorted by document) and the term's
/// weighted log term frequency over title and body in it, in document order.
fn each_weight(list: impl Iterator<Item = Posting>, mut f: impl FnMut(u32, f32)) {
    let mut current: Option<(u32, f32)> = None;
    for (doc, field, tf, _) in list {
        let Some(w) = field_weight(field, tf) else { continue };
        match &mut current {
            Some((d, sum)) if *d == doc => *sum += w,
            _ => {
                if let Some((d, sum)) = current {
                    f(d, sum);
                }
                current = Some((doc, w));
            }
        }
    }
    if let Some((d, sum)) = current {
        f(d, sum);
    }
}

/// One thread's scratch for [`Profiles::related`]: the score sum of each document met (none
/// between calls), and those documents.
struct Scores {
    sums: Vec<Option<f32>>,
    touched: Vec<u32>,
}

/// Keeps the `k` heaviest terms (ties: the lower term number).
fn keep_heaviest(terms: &mut Vec<(u32, f32)>, k: usize) {
    terms.sort_unstable_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    terms.truncate(k);
}

impl Profiles {
    /// For each of the first `count` documents, up to `limit` of the first `count` documents
    /// most like it (cosine of the profiles), best first.
    pub fn related_all(&self, count: usize, limit: usize) -> Vec<Vec<usize>> {
        (0..count.min(self.terms.len()))
            .into_par_iter()
            .map_init(
                || Scores { sums: vec![None; count], touched: Vec::new() },
                |scores, doc| self.related(doc, count, limit, scores),
            )
            .collect()
    }

    fn related(&self, doc: usize, count: usize, limit: usize, scores: &mut Scores) -> Vec<usize> {
        // Each candidate's sum runs in term order, whatever the order candidates are met in.
        for &(t, w) in &self.terms[doc] {
            for &(other, w_other) in &self.lists[t as usize] {
                if other as usize != doc && (other as usize) < count {
                    let sum = scores.sums[other as usize].get_or_insert_with(|| {
                        scores.touched.push(other);
                        0.0
                    });
                    *sum += w * w_other;
                }
            }
        }
        let mut found: Vec<(f32, u32)> = scores
            .touched
            .drain(..)
            .map(|other| {
                let dot = scores.sums[other as usize].take().unwrap_or_default();
                (dot / self.norms[other as usize].max(f32::MIN_POSITIVE), other)
            })
            .collect();
        found.sort_unstable_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        found.into_iter().take(limit).map(|(_, other)| other as usize).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// (document, field, term frequency) of one term.
    type Occurrence = (u32, u8, u32);

    fn postings(terms: &[(&str, &[Occurrence])]) -> Vec<(String, Vec<Posting>)> {
        let mut all: Vec<(String, Vec<Posting>)> = terms
            .iter()
            .map(|(term, list)| (term.to_string(), list.iter().map(|&(d, f, tf)| (d, f, tf, 0)).collect()))
            .collect();
        all.sort();
        all
    }

    /// Lists as tuples, for tests.
    struct Lists<'a>(&'a [(String, Vec<Posting>)]);

    impl TermLists for Lists<'_> {
        fn term_count(&self) -> usize {
            self.0.len()
        }
        fn name(&self, term: usize) -> &str {
            &self.0[term].0
        }
        fn postings(&self, term: usize) -> impl Iterator<Item = Posting> + '_ {
            self.0[term].1.iter().copied()
        }
    }

    fn profiles(postings: &[(String, Vec<Posting>)], doc_count: usize) -> Profiles {
        super::profiles(&Lists(postings), doc_count)
    }

    #[test]
    fn pages_sharing_rare_terms_are_related() {
        // Pages 0 and 1 share `huisverbod` (rare); 2 and 3 share `stalking`; `maken` is in more
        // than a quarter of the 20 pages, too common to count.
        let p = postings(&[
            ("huisverbod", &[(0, 4, 3), (1, 0, 1)]),
            ("stalking", &[(2, 4, 2), (3, 4, 2)]),
            ("maken", &[(0, 4, 1), (1, 4, 1), (2, 4, 1), (3, 4, 1), (4, 4, 1), (5, 4, 1)]),
            ("filler", &[(4, 4, 1), (5, 4, 1), (6, 4, 1), (7, 4, 1), (8, 4, 1), (9, 4, 1)]),
        ]);
        let profiles = profiles(&p, 20);
        let related = profiles.related_all(4, 3);
        assert_eq!(related[0], [1]);
        assert_eq!(related[1], [0]);
        assert_eq!(related[2], [3]);
        // Only the first `count` documents are candidates.
        assert!(profiles.related_all(1, 3)[0].is_empty());
    }

    #[test]
    fn short_terms_and_single_pages_say_nothing() {
        let p = postings(&[("thv", &[(0, 4, 1), (1, 4, 1)]), ("uniek", &[(0, 4, 5)])]);
        assert!(profiles(&p, 10).related_all(2, 3).iter().all(Vec::is_empty));
    }
}
