//! The analysis of a whole corpus at once: in parallel, and each distinct word analysed once.
//!
//! Fed page by page through tantivy's analyser, the Dutch stemmer and the compound splitter
//! ran for every occurrence of every word (some 6 million times for 20,000 distinct words at
//! 10,000 pages), on the writer's one thread. Here a first pass cuts every text into raw
//! tokens (cheap, parallel) and collects the distinct ones; each is then analysed once by the
//! index analyser's own filters ([`Analysis::word_analyzer`], so the terms are exactly those
//! of [`Analysis::index_analyzer`]); and tantivy files the documents' text through
//! [`CachedTokenizer`], which looks each token up instead of analysing it again.

use std::borrow::Cow;
use std::collections::{BTreeSet, HashSet};
use std::sync::Arc;

use rayon::prelude::*;
use tantivy::tokenizer::{Token, TokenStream, Tokenizer};

use super::SearchDoc;
use super::analyzer::{self, Analysis, Folder, MAX_TOKEN_LEN};

/// Number of indexed text fields, in [`super::FIELDS`] order.
pub const FIELD_COUNT: usize = 6;

/// The indexed text of each field of a document, without combining marks (see
/// [`analyzer::strip_marks`]). Titles and fragments shown to readers keep their accents.
pub fn field_texts(d: &SearchDoc) -> [Cow<'_, str>; FIELD_COUNT] {
    let joined = |lines: &[String]| Cow::Owned(analyzer::strip_marks(&lines.join("\n")).into_owned());
    [
        analyzer::strip_marks(&d.title),
        joined(&d.headings),
        joined(&d.keywords),
        analyzer::strip_marks(&d.description),
        analyzer::strip_marks(&d.body),
        analyzer::strip_marks(super::file_name(&d.url)),
    ]
}

/// What the first pass finds in the corpus, as raw (unfolded) strings.
#[derive(Default)]
struct Scan {
    /// Every token the index analyser will see (words and closed hyphen forms), at most
    /// [`MAX_TOKEN_LEN`] bytes: longer ones are dropped by the analyser anyway.
    tokens: rustc_hash::FxHashSet<String>,
    /// The words and closed hyphen runs that make up the vocabulary (as [`analyzer::fold_runs`]
    /// cuts them).
    words: rustc_hash::FxHashSet<String>,
}

impl Scan {
    fn add(&mut self, text: &str) {
        analyzer::each_token(text, |token| {
            if token.len() <= MAX_TOKEN_LEN && !self.tokens.contains(token) {
                self.tokens.insert(token.to_string());
            }
        });
        for run in analyzer::raw_runs(text) {
            if run.len() > 1 {
                self.words.insert(run.concat());
            }
            for word in run {
                if !self.words.contains(word) {
                    self.words.insert(word.to_string());
                }
            }
        }
    }

    fn merge(self, other: Scan) -> Scan {
        let (mut big, small) =
            if self.tokens.len() >= other.tokens.len() { (self, other) } else { (other, self) };
        big.tokens.extend(small.tokens);
        big.words.extend(small.words);
        big
    }
}

/// The analysed corpus: its folded vocabulary, and the terms each raw token stands for.
pub struct Analysed {
    /// Every folded word of the corpus, and the closed form of each hyphenated word: the
    /// compound dictionary and the surface forms the browser looks up.
    pub words: BTreeSet<String>,
    /// Words of 4+ letters without digits that compounds are split against (empty for
    /// languages without compounding).
    pub dictionary: Arc<HashSet<String>>,
    /// Raw token -> the terms it is indexed as (its own first, then compound parts and
    /// infinitive), as numbers into `names`.
    terms: Arc<TermMap>,
    /// Every term of the corpus, sorted: a term's number is its place here, so lists kept by
    /// number are in term order.
    pub names: Arc<[String]>,
}

/// Raw token -> its term numbers, hashed with FxHash: looked up for every token of the corpus.
type TermMap = rustc_hash::FxHashMap<String, Box<[u32]>>;

/// Scans every document, then analyses each distinct token once, all in parallel.
pub fn analyse(docs: &[SearchDoc], analysis: Analysis) -> Analysed {
    let scan = docs
        .par_iter()
        .fold(Scan::default, |mut scan, d| {
            for text in field_texts(d) {
                scan.add(&text);
            }
            scan
        })
        .reduce(Scan::default, Scan::merge);
    let words: BTreeSet<String> = scan
        .words
        .into_par_iter()
        .map_init(Folder::default, |folder, word| folder.fold(&word))
        .collect::<Vec<_>>()
        .into_iter()
        .collect();
    let dictionary: Arc<HashSet<String>> = Arc::new(if analysis.compounds {
        words.iter().filter(|w| w.len() >= 4 && !w.chars().any(|c| c.is_ascii_digit())).cloned().collect()
    } else {
        HashSet::new()
    });
    let analysed: Vec<(String, Vec<String>)> = scan
        .tokens
        .into_par_iter()
        .map_init(
            || analysis.word_analyzer(dictionary.clone()),
            |analyzer, token| {
                let mut terms = Vec::new();
                let mut stream = analyzer.token_stream(&token);
                while stream.advance() {
                    terms.push(stream.token().text.clone());
                }
                drop(stream);
                (token, terms)
            },
        )
        .collect();
    let mut names: Vec<String> = analysed.iter().flat_map(|(_, terms)| terms.iter().cloned()).collect();
    names.par_sort_unstable();
    names.dedup();
    let number: rustc_hash::FxHashMap<&str, u32> =
        names.iter().enumerate().map(|(i, name)| (name.as_str(), i as u32)).collect();
    let terms: TermMap = analysed
        .into_par_iter()
        .map(|(token, terms)| (token, terms.iter().map(|t| number[t.as_str()]).collect()))
        .collect();
    Analysed { words, dictionary, terms: Arc::new(terms), names: names.into() }
}

impl Analysed {
    /// The index's tokenizer: each token of a field's text looked up in the analysed corpus.
    /// Tantivy files the text through it on its own writer threads. (Pre-tokenized documents
    /// gave the same index, but tantivy serializes a pre-tokenized field to JSON and parses it
    /// again: a fifth of the index stage's CPU at 10,000 pages.)
    pub fn tokenizer(&self) -> CachedTokenizer {
        CachedTokenizer { terms: Arc::clone(&self.terms), names: Arc::clone(&self.names) }
    }

    /// Calls `f` with the number (see `names`) of each term `text` is indexed as, in order:
    /// what [`CachedTokenizer`] emits, without the positions.
    pub fn each_term(&self, text: &str, mut f: impl FnMut(u32)) {
        analyzer::each_token(text, |token| {
            if let Some(terms) = self.terms.get(token) {
                terms.iter().for_each(|t| f(*t));
            }
        });
    }
}

/// Cuts `text` as the index analyser does (simple tokens plus closed hyphen forms) and calls
/// `f` with each token's terms from the analysed corpus. A token the corpus scan did not see
/// (longer than [`MAX_TOKEN_LEN`]) has no terms, as the analyser drops it.
fn each_token_terms<'a>(terms: &'a TermMap, text: &str, mut f: impl FnMut(&'a [u32], &Token)) {
    for token in analyzer::hyphen_join(text, analyzer::simple_tokens(text)) {
        if let Some(found) = terms.get(token.text.as_str()) {
            f(found, &token);
        }
    }
}

/// Emits each token's terms from the analysed corpus (see [`each_token_terms`]) at the
/// token's position.
#[derive(Clone)]
pub struct CachedTokenizer {
    terms: Arc<TermMap>,
    names: Arc<[String]>,
}

impl Tokenizer for CachedTokenizer {
    type TokenStream<'a> = CachedTokens<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> CachedTokens<'a> {
        let mut pending = Vec::new();
        each_token_terms(&self.terms, text, |terms, token| {
            for term in terms {
                pending.push((
                    self.names[*term as usize].as_str(),
                    token.position,
                    token.offset_from,
                    token.offset_to,
                ));
            }
        });
        pending.reverse();
        CachedTokens { pending, current: Token::default() }
    }
}

/// The terms of one text, last first (popped in order); each is copied into the one token
/// the stream hands out, so filing a term allocates nothing.
pub struct CachedTokens<'a> {
    pending: Vec<(&'a str, usize, usize, usize)>,
    current: Token,
}

impl TokenStream for CachedTokens<'_> {
    fn advance(&mut self) -> bool {
        let Some((term, position, from, to)) = self.pending.pop() else { return false };
        self.current.text.clear();
        self.current.text.push_str(term);
        self.current.position = position;
        self.current.offset_from = from;
        self.current.offset_to = to;
        true
    }

    fn token(&self) -> &Token {
        &self.current
    }

    fn token_mut(&mut self) -> &mut Token {
        &mut self.current
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// (term, position, offsets) of every token `analyzer` gives for `text`.
    fn stream(
        analyzer: &mut tantivy::tokenizer::TextAnalyzer,
        text: &str,
    ) -> Vec<(String, usize, usize, usize)> {
        let mut out = Vec::new();
        let mut tokens = analyzer.token_stream(text);
        while tokens.advance() {
            let t = tokens.token();
            out.push((t.text.clone(), t.position, t.offset_from, t.offset_to));
        }
        out
    }

    #[test]
    fn the_cached_tokenizer_gives_what_the_index_analyser_gives() {
        let body = "De ex-partner heeft gedreigd. Kindermishandeling en huiselijk geweld: \
                    kinderen van 0-4 jaar, een train-de-trainer en een veiligheidsplan.";
        let docs = vec![SearchDoc {
            title: "Partnergeweld herkennen".into(),
            body: body.into(),
            ..Default::default()
        }];
        let analysis = Analysis::for_language("nl");
        let analysed = analyse(&docs, analysis);
        let mut cached = tantivy::tokenizer::TextAnalyzer::from(analysed.tokenizer());
        let mut reference = analysis.index_analyzer(analysed.dictionary.clone());
        for text in field_texts(&docs[0]) {
            let expected = stream(&mut reference, &text);
            assert_eq!(stream(&mut cached, &text), expected, "{text}");
        }
        // The text has compound parts and an infinitive besides its words: the test sees them.
        let all = stream(&mut reference, body);
        assert!(all.iter().any(|t| t.0 == "dreig"), "{all:?}");
        assert!(all.len() > body.split_whitespace().count(), "{all:?}");
    }
}
