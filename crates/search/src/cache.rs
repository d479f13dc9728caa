//! What `serve` keeps of the search index between rebuilds: each document's tokens
//! ([`DocTokens`]), keyed by a digest of everything cutting it reads, and per language what
//! the analysis of those tokens found ([`Remembered`]).
//!
//! After an edit, serve's search job rebuilt the whole index: at 10,000 pages, seconds of
//! which most went to cutting every document's text again. With the cache a job cuts only the
//! documents whose text changed (or that are new) and builds the rest of the index, which
//! depends on the whole corpus (compound splitting, statistics, shards), from the kept tokens:
//! the same bytes as a fresh build, as a test checks.

use rustc_hash::{FxHashMap, FxHashSet};

use super::SearchDoc;
use super::corpus::Remembered;
use super::glossary::Glossary;
use super::tokens::{DocTokens, TokenTable, cut_all};
use rayon::prelude::*;

/// A digest of a document's indexed text and of the glossary it was matched against.
type Key = [u8; 32];

/// Each document's tokens from the last search job, for the next (see the module docs). A
/// build uses none: it cuts every document and drops the tokens once counted.
#[derive(Default)]
pub struct AnalysisCache {
    table: TokenTable,
    docs: FxHashMap<Key, DocTokens>,
    /// The documents of the job running now: the others go at [`AnalysisCache::sweep`].
    used: FxHashSet<Key>,
    /// A build's tokens, by document (not kept between jobs).
    unkeyed: Vec<DocTokens>,
    /// Per language code: the last analysis of its documents' tokens.
    analyses: FxHashMap<String, Remembered>,
}

/// The documents of one corpus as tokens.
pub(super) struct Tokens<'c> {
    pub table: &'c TokenTable,
    pub docs: Vec<&'c DocTokens>,
}

/// Tokens no document refers to any more are dropped (the table renumbered) once they are
/// more than the live ones and this many.
const SLACK_TOKENS: usize = 100_000;

/// Documents a build cuts before it lets go of their text (see
/// [`AnalysisCache::tokens_in_batches`]).
const BATCH: usize = 16_384;

impl AnalysisCache {
    /// The tokens of each of `docs`: from the cache where a document's key is in it, else cut
    /// and kept for the next job (a build, which keeps nothing, uses
    /// [`AnalysisCache::tokens_in_batches`]).
    pub(super) fn tokens(&mut self, docs: &[SearchDoc], glossary: &Glossary) -> Tokens<'_> {
        let keys: Vec<Key> = docs.par_iter().map(|d| key(d, glossary)).collect();
        let mut missing: Vec<(Key, &SearchDoc)> = Vec::new();
        let mut seen = FxHashSet::default();
        for (key, d) in keys.iter().zip(docs) {
            if !self.docs.contains_key(key) && seen.insert(*key) {
                missing.push((*key, d));
            }
        }
        let cut: Vec<&SearchDoc> = missing.iter().map(|(_, d)| *d).collect();
        let cut = cut_all(&cut, glossary, &mut self.table);
        self.docs.extend(missing.into_iter().map(|(key, _)| key).zip(cut));
        self.used.extend(keys.iter().copied());
        Tokens { table: &self.table, docs: keys.iter().map(|key| &self.docs[key]).collect() }
    }

    /// [`AnalysisCache::tokens`] for a build, which keeps nothing: batch after batch of
    /// documents, handing each batch to `after` once it is cut, so that a build lets go of
    /// the text batch by batch rather than all at the end (at 100,000 pages the text was
    /// 400 MB held next to the growing tokens and excerpts: the index stage's peak). The
    /// tokens are numbered as in one cut of all the documents (in the order first met).
    pub(super) fn tokens_in_batches(
        &mut self,
        docs: &mut [SearchDoc],
        glossary: &Glossary,
        mut after: impl FnMut(&mut [SearchDoc]),
    ) -> Tokens<'_> {
        let mut cut = Vec::with_capacity(docs.len());
        for batch in docs.chunks_mut(BATCH) {
            let all: Vec<&SearchDoc> = batch.iter().collect();
            cut.extend(cut_all(&all, glossary, &mut self.table));
            after(batch);
        }
        self.unkeyed = cut;
        Tokens { table: &self.table, docs: self.unkeyed.iter().collect() }
    }

    /// What the last job remembered of the analysis of language `lang` (nothing the first
    /// time), taken out: give it back with [`AnalysisCache::put_remembered`].
    pub(super) fn take_remembered(&mut self, lang: &str) -> Remembered {
        self.analyses.remove(lang).unwrap_or_default()
    }

    pub(super) fn put_remembered(&mut self, lang: &str, remembered: Remembered) {
        self.analyses.insert(lang.to_string(), remembered);
    }

    /// Drops the tokens of documents that the last job did not have: to call after each job
    /// (all its languages).
    pub fn sweep(&mut self) {
        self.unkeyed = Vec::new();
        let used = std::mem::take(&mut self.used);
        self.docs.retain(|key, _| used.contains(key));
        let mut live = vec![false; self.table.len()];
        for d in self.docs.values() {
            d.numbers().for_each(|t| live[t as usize] = true);
        }
        let count = live.iter().filter(|l| **l).count();
        if self.table.len() > 2 * count + SLACK_TOKENS {
            let (table, renumber) = self.table.compacted(|t| live[t as usize]);
            self.table = table;
            // Remembered analyses are by token number: begin again.
            self.analyses.clear();
            for d in self.docs.values_mut() {
                *d = std::mem::take(d).renumbered(&renumber);
            }
        }
    }
}

/// The key of a document's tokens: every text [`cut_all`] reads, each with its length (so
/// that no two documents' texts run together the same), and the glossary.
fn key(d: &SearchDoc, glossary: &Glossary) -> Key {
    let mut hasher = blake3::Hasher::new();
    let mut text = |s: &str| {
        hasher.update(&(s.len() as u64).to_le_bytes());
        hasher.update(s.as_bytes());
    };
    text(&d.title);
    text(&d.description);
    text(&d.body);
    text(super::file_name(&d.url));
    for list in [&d.headings, &d.keywords] {
        text(&list.len().to_string());
        list.iter().for_each(|s| text(s));
    }
    hasher.update(glossary.digest());
    *hasher.finalize().as_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Purpose, build, export_files};

    fn page(n: usize, body: &str) -> SearchDoc {
        SearchDoc {
            url: format!("/thema/pagina-{n}/"),
            title: format!("Pagina {n} over huiselijk geweld"),
            headings: vec!["Signalen".into(), format!("Stap {n}")],
            keywords: vec!["meldcode".into()],
            body: body.into(),
            kind: "guidance".into(),
            ..SearchDoc::default()
        }
    }

    fn corpus() -> Vec<SearchDoc> {
        let bodies = [
            "Kindermishandeling en ouderenmishandeling: signalen bij kinderen. Een THV duurt tien dagen.",
            "Het tijdelijk huisverbod geldt voor de ex-partner; huisverbodzaken lopen via de burgemeester.",
            "Eerder gesignaleerd, nu gemeld: de meldcode helpt bij het wegen van signalen.",
            "Stalking door een ex-partner is partnergeweld. Veiligheidsplan en train-de-trainer.",
        ];
        (0..600).map(|n| page(n, &format!("{} Regel {}.", bodies[n % bodies.len()], n % 37))).collect()
    }

    fn glossary() -> Glossary {
        Glossary::new([("Tijdelijk huisverbod", Some("THV"))])
    }

    /// Every exported file (path, bytes) of an index, and the related pages of its first ten.
    type Built = (Vec<(String, Vec<u8>)>, Vec<Vec<usize>>);

    /// What an index of `docs` gives (see [`Built`]).
    fn built(docs: Vec<SearchDoc>, cache: Option<&mut AnalysisCache>) -> Built {
        let index = build(docs, Default::default(), &glossary(), "nl", Purpose::Export, cache).unwrap();
        let files = export_files(&index, "search/").unwrap().into_iter().map(|f| (f.path, f.bytes)).collect();
        (files, index.related_all(10, 5))
    }

    #[test]
    fn a_cached_rebuild_gives_the_bytes_of_a_fresh_one() {
        let mut cache = AnalysisCache::default();
        let mut docs = corpus();
        assert_eq!(built(docs.clone(), Some(&mut cache)), built(docs.clone(), None));
        cache.sweep();

        // Edited (a new word that splits others: `mishandeling`), added, removed and moved
        // documents, and one that now uses a glossary term.
        docs[3].body = "Mishandeling en huisverbod: nieuwe woorden zoals geweldsspiraal.".into();
        docs[7].title = "Ex-partner-stalking".into();
        docs[12].body = "Hier staat alleen: tijdelijk huisverbod.".into();
        docs.push(page(900, "Een nieuwe pagina over kindermishandelingszaken en THV."));
        docs.remove(20);
        docs.swap(1, 30);
        let cut_before = cache.docs.len();
        assert_eq!(built(docs.clone(), Some(&mut cache)), built(docs.clone(), None));
        assert_eq!(cache.docs.len(), cut_before + 4, "only the changed documents are cut");
        cache.sweep();

        // A word leaves the dictionary again (compounds that were split against it are not).
        docs[3].body = "Geen losse woorden meer, alleen samenstellingen.".into();
        assert_eq!(built(docs.clone(), Some(&mut cache)), built(docs.clone(), None));
        cache.sweep();
        assert_eq!(
            cache.docs.len(),
            docs.iter().map(|d| key(d, &glossary())).collect::<FxHashSet<_>>().len()
        );

        // Many documents gone: the table is compacted and still gives the same bytes.
        let mut few: Vec<SearchDoc> = docs[..40].to_vec();
        few[0].body = (0..SLACK_TOKENS).map(|n| format!("woord{n}")).collect::<Vec<_>>().join(" ").into();
        assert_eq!(built(few.clone(), Some(&mut cache)), built(few.clone(), None));
        cache.sweep();
        few[0].body = "Kort.".into();
        assert_eq!(built(few.clone(), Some(&mut cache)), built(few.clone(), None));
        cache.sweep();
        assert!(cache.table.len() < SLACK_TOKENS, "{}", cache.table.len());
        assert_eq!(built(few.clone(), Some(&mut cache)), built(few, None));
    }
}
