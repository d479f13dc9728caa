//! The analysis of a whole corpus at once: in parallel, and each distinct token analysed once.
//!
//! Fed page by page through tantivy's analyser, the Dutch stemmer and the compound splitter
//! ran for every occurrence of every word (some 6 million times for 20,000 distinct words at
//! 10,000 pages), on the writer's one thread. Here each document is cut into tokens once
//! ([`super::tokens`]); each distinct token is then analysed once by the index analyser's own
//! filters ([`Analysis::word_analyzer`], so the terms are exactly those of
//! [`Analysis::index_analyzer`]), against the compound dictionary of the corpus's words; and
//! tantivy files the documents' text through [`CachedTokenizer`], which looks each token up
//! instead of analysing it again.

use std::borrow::Cow;
use std::collections::{BTreeSet, HashSet};
use std::sync::Arc;

use rayon::prelude::*;
use tantivy::tokenizer::{Token, TokenStream, Tokenizer};

use super::SearchDoc;
use super::analyzer::{self, Analysis, Folder};
use super::tokens::{DocTokens, FIELD_COUNT, TokenTable};

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

/// The analysed corpus: its folded vocabulary, and the terms each token stands for.
pub struct Analysed {
    /// Every folded word of the corpus, and the closed form of each hyphenated word: the
    /// compound dictionary and the surface forms the browser looks up.
    pub words: BTreeSet<String>,
    /// Words of 4+ letters without digits that compounds are split against (empty for
    /// languages without compounding).
    pub dictionary: Arc<HashSet<String>>,
    /// Per token number (see [`TokenTable`]): the terms it is indexed as (its own first, then
    /// compound parts and infinitive), as numbers into `names`; none for a token no document
    /// of this corpus has.
    pub terms: Vec<Box<[u32]>>,
    /// Every term of the corpus, sorted: a term's number is its place here, so lists kept by
    /// number are in term order.
    pub names: Arc<[String]>,
}

/// Raw token -> its term numbers, hashed with FxHash: looked up for every token of the corpus.
type TermMap = rustc_hash::FxHashMap<String, Box<[u32]>>;

/// What a token number stands for in a corpus: a token of some document's text, or only a
/// word of the vocabulary (see [`DocTokens::runs`]).
const TOKEN: u8 = 1;
const WORD: u8 = 2;

/// What the last analysis of a corpus in one language found, for the next one (serve): a
/// token's terms depend on the corpus only through the dictionary's words found inside it, so
/// a token is analysed again only when such a word came or went.
#[derive(Default)]
pub struct Remembered {
    /// The compound dictionary of the last analysis.
    dictionary: Arc<HashSet<String>>,
    /// Per token number: its folded form, once folded.
    folded: Vec<Option<Box<str>>>,
    /// Per token number: its terms against `dictionary`, once analysed.
    terms: Vec<Option<Box<[String]>>>,
    /// The last vocabulary (surface form -> query term; see [`super::vocabulary`]).
    pub(super) vocabulary: rustc_hash::FxHashMap<String, String>,
}

/// Past this many dictionary words come or gone, every token is analysed again.
const MAX_CHANGED: usize = 2_000;
/// The endings a compound's modifier is looked up with (see [`analyzer::compound_parts`]).
const MODIFIER_ENDINGS: [&str; 4] = ["", "en", "eren", "s"];

impl Remembered {
    /// Forgets every token's analysis whose compound splitting could look up one of the
    /// dictionary's words that differ from `dictionary`: a word inside the token, or a word
    /// that is a piece of it plus one of the endings a modifier is tried with.
    fn forget_changed(&mut self, dictionary: &HashSet<String>) {
        let changed: Vec<&String> =
            self.dictionary.symmetric_difference(dictionary).take(MAX_CHANGED + 1).collect();
        if changed.len() > MAX_CHANGED {
            self.terms.iter_mut().for_each(|t| *t = None);
            return;
        }
        let pieces: Vec<&str> = changed
            .iter()
            .flat_map(|w| MODIFIER_ENDINGS.iter().filter_map(|end| w.strip_suffix(end)))
            .collect();
        if pieces.is_empty() {
            return;
        }
        let folded = &self.folded;
        self.terms.par_iter_mut().enumerate().filter(|(_, t)| t.is_some()).for_each(|(token, terms)| {
            let affected = folded[token].as_deref().is_none_or(|f| pieces.iter().any(|p| f.contains(p)));
            if affected {
                *terms = None;
            }
        });
    }
}

/// Analyses each distinct token of `docs` (in parallel), against the dictionary of their
/// words; tokens `memory` has the terms of are not analysed again.
pub fn analyse(
    table: &TokenTable,
    docs: &[&DocTokens],
    analysis: Analysis,
    memory: Option<&mut Remembered>,
) -> Analysed {
    let mut scratch = Remembered::default();
    let memory = match memory {
        Some(memory) => memory,
        None => &mut scratch,
    };
    let mut kinds = vec![0u8; table.len()];
    for d in docs {
        for field in &d.fields {
            field.iter().for_each(|(t, _)| kinds[*t as usize] |= TOKEN);
        }
        d.runs.iter().for_each(|t| kinds[*t as usize] |= WORD);
    }
    let used = |kind: u8| -> Vec<u32> {
        kinds.iter().enumerate().filter(|(_, k)| **k & kind != 0).map(|(t, _)| t as u32).collect()
    };
    memory.folded.resize(table.len(), None);
    memory.terms.resize(table.len(), None);

    // Every token is a word of the vocabulary: words, and closed forms of runs of short words.
    let all = used(TOKEN | WORD);
    let unfolded: Vec<u32> = all.iter().copied().filter(|t| memory.folded[*t as usize].is_none()).collect();
    let folded: Vec<Box<str>> = unfolded
        .par_iter()
        .map_init(Folder::default, |folder, t| folder.fold(table.name(*t)).into_boxed_str())
        .collect();
    for (t, f) in unfolded.into_iter().zip(folded) {
        memory.folded[t as usize] = Some(f);
    }
    let words: BTreeSet<String> =
        all.iter().filter_map(|t| memory.folded[*t as usize].as_deref().map(String::from)).collect();
    let dictionary: Arc<HashSet<String>> = Arc::new(if analysis.compounds {
        words.iter().filter(|w| w.len() >= 4 && !w.chars().any(|c| c.is_ascii_digit())).cloned().collect()
    } else {
        HashSet::new()
    });
    memory.forget_changed(&dictionary);
    memory.dictionary = Arc::clone(&dictionary);

    let tokens = used(TOKEN);
    let unanalysed: Vec<u32> =
        tokens.iter().copied().filter(|t| memory.terms[*t as usize].is_none()).collect();
    let analysed: Vec<Box<[String]>> = unanalysed
        .par_iter()
        .map_init(
            || analysis.word_analyzer(dictionary.clone()),
            |analyzer, t| {
                let mut terms = Vec::new();
                let mut stream = analyzer.token_stream(table.name(*t));
                while stream.advance() {
                    terms.push(stream.token().text.clone());
                }
                terms.into_boxed_slice()
            },
        )
        .collect();
    for (t, terms) in unanalysed.into_iter().zip(analysed) {
        memory.terms[t as usize] = Some(terms);
    }

    let of = |t: &u32| memory.terms[*t as usize].as_deref().unwrap_or_default();
    let mut names: Vec<&str> = tokens.iter().flat_map(of).map(String::as_str).collect();
    names.par_sort_unstable();
    names.dedup();
    let number: rustc_hash::FxHashMap<&str, u32> =
        names.iter().enumerate().map(|(i, name)| (*name, i as u32)).collect();
    let numbered: Vec<Box<[u32]>> =
        tokens.par_iter().map(|t| of(t).iter().map(|term| number[term.as_str()]).collect()).collect();
    let mut terms: Vec<Box<[u32]>> = vec![Box::default(); table.len()];
    for (t, found) in tokens.into_iter().zip(numbered) {
        terms[t as usize] = found;
    }
    let names: Arc<[String]> = names.into_iter().map(String::from).collect();
    Analysed { words, dictionary, terms, names }
}

/// Cuts and analyses `docs` (no glossary), for tests of what is made of a corpus.
#[cfg(test)]
pub(super) fn analyse_docs(docs: &[SearchDoc], analysis: Analysis) -> (TokenTable, Vec<DocTokens>, Analysed) {
    let mut table = TokenTable::default();
    let all: Vec<&SearchDoc> = docs.iter().collect();
    let tokens = super::tokens::cut_all(&all, &super::Glossary::default(), &mut table);
    let analysed = analyse(&table, &tokens.iter().collect::<Vec<_>>(), analysis, None);
    (table, tokens, analysed)
}

impl Analysed {
    /// The index's tokenizer: each token of a field's text looked up in the analysed corpus.
    /// Tantivy files the text through it on its own writer threads. (Pre-tokenized documents
    /// gave the same index, but tantivy serializes a pre-tokenized field to JSON and parses it
    /// again: a fifth of the index stage's CPU at 10,000 pages.)
    pub fn tokenizer(&self, table: &TokenTable) -> CachedTokenizer {
        let terms: TermMap = (0..table.len())
            .filter(|t| !self.terms[*t].is_empty())
            .map(|t| (table.name(t as u32).to_string(), self.terms[t].clone()))
            .collect();
        CachedTokenizer { terms: Arc::new(terms), names: Arc::clone(&self.names) }
    }
}

/// Cuts `text` as the index analyser does (simple tokens plus closed hyphen forms) and calls
/// `f` with each token's terms from the analysed corpus. A token the corpus scan did not see
/// (longer than [`analyzer::MAX_TOKEN_LEN`]) has no terms, as the analyser drops it.
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
        let (table, _, analysed) = analyse_docs(&docs, analysis);
        let mut cached = tantivy::tokenizer::TextAnalyzer::from(analysed.tokenizer(&table));
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
