//! The Dutch analyser: tokenize, drop very long tokens, lowercase, fold accents, split compounds
//! against the corpus's own vocabulary (index side only), Snowball Dutch stemmer.
//!
//! Dutch glues words together (`kindermishandeling`), so a reader searching `mishandeling`
//! must find it. At index time a compound also yields its parts at the same position; at query
//! time words are not split, so `kindermishandeling` still finds only the compound.

use std::collections::{BTreeMap, HashSet};
use std::sync::Arc;

use tantivy::tokenizer::{
    AsciiFoldingFilter, Language, LowerCaser, RemoveLongFilter, SimpleTokenizer, Stemmer, TextAnalyzer,
    Token, TokenFilter, TokenStream, Tokenizer,
};

/// Tokens longer than this (bytes) are dropped: they are URLs or noise, not words.
pub const MAX_TOKEN_LEN: usize = 40;
/// Parts shorter than this are not split off: too many false splits (`mis` + `handeling`).
const MIN_MODIFIER: usize = 4;
const MIN_HEAD: usize = 5;
/// Linking sounds between the parts of a Dutch compound (`kind-er-mishandeling`).
pub const LINKS: [&str; 5] = ["", "s", "e", "en", "er"];

/// How the words of one language are analysed: its Snowball stemmer (none: folding and
/// lowercasing only), and whether compounds are split (Dutch and German glue words together).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Analysis {
    pub stemmer: Option<Language>,
    pub compounds: bool,
}

impl Analysis {
    /// The analysis for a language code (`nl`, `en`, `ar`, `pt-br`, ...).
    pub fn for_language(code: &str) -> Self {
        let primary = code.split('-').next().unwrap_or(code);
        let stemmer = match primary {
            "ar" => Some(Language::Arabic),
            "da" => Some(Language::Danish),
            "de" => Some(Language::German),
            "el" => Some(Language::Greek),
            "en" => Some(Language::English),
            "es" => Some(Language::Spanish),
            "fi" => Some(Language::Finnish),
            "fr" => Some(Language::French),
            "hu" => Some(Language::Hungarian),
            "it" => Some(Language::Italian),
            "nl" => Some(Language::Dutch),
            "no" | "nb" | "nn" => Some(Language::Norwegian),
            "pt" => Some(Language::Portuguese),
            "ro" => Some(Language::Romanian),
            "ru" => Some(Language::Russian),
            "sv" => Some(Language::Swedish),
            "ta" => Some(Language::Tamil),
            "tr" => Some(Language::Turkish),
            _ => None,
        };
        Self { stemmer, compounds: matches!(primary, "nl" | "de") }
    }

    /// The analyser used for indexing, with the corpus vocabulary as compound dictionary.
    pub fn index_analyzer(self, dictionary: Arc<HashSet<String>>) -> TextAnalyzer {
        let builder = TextAnalyzer::builder(SimpleTokenizer::default())
            .filter(RemoveLongFilter::limit(MAX_TOKEN_LEN))
            .filter(LowerCaser)
            .filter(AsciiFoldingFilter)
            .filter(CompoundParts { dictionary: if self.compounds { dictionary } else { Arc::default() } })
            .dynamic();
        match self.stemmer {
            Some(language) => builder.filter_dynamic(Stemmer::new(language)).build(),
            None => builder.build(),
        }
    }

    /// The analyser for query words: the same, without compound splitting.
    pub fn query_analyzer(self) -> TextAnalyzer {
        let builder = TextAnalyzer::builder(SimpleTokenizer::default())
            .filter(RemoveLongFilter::limit(MAX_TOKEN_LEN))
            .filter(LowerCaser)
            .filter(AsciiFoldingFilter)
            .dynamic();
        match self.stemmer {
            Some(language) => builder.filter_dynamic(Stemmer::new(language)).build(),
            None => builder.build(),
        }
    }
}

/// Dutch, the analysis the tests of this module use.
#[cfg(test)]
fn index_analyzer(dictionary: Arc<HashSet<String>>) -> TextAnalyzer {
    Analysis::for_language("nl").index_analyzer(dictionary)
}

#[cfg(test)]
fn query_analyzer() -> TextAnalyzer {
    Analysis::for_language("nl").query_analyzer()
}

/// The text without combining marks (after canonical decomposition): `é` becomes `e`, Arabic
/// vowel marks (`دائمًا` -> `دائما`) and the hamza above `أ` go, as the browser's
/// `normalize("NFD")` and `\p{M}` do. Done before tokenizing: a tokenizer would split a word
/// at each mark, and a reader types most words without them.
pub fn strip_marks(text: &str) -> std::borrow::Cow<'_, str> {
    use unicode_normalization::UnicodeNormalization;
    use unicode_normalization::char::is_combining_mark;
    if text.is_ascii() {
        return std::borrow::Cow::Borrowed(text);
    }
    std::borrow::Cow::Owned(text.nfd().filter(|c| !is_combining_mark(*c)).collect())
}

/// Lowercased, accent-folded words as they occur: the "surface forms" the browser looks up.
pub fn fold_words(text: &str) -> Vec<String> {
    let text = strip_marks(text);
    let text = text.as_ref();
    let mut analyzer = TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(MAX_TOKEN_LEN))
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .build();
    let mut stream = analyzer.token_stream(text);
    let mut words = Vec::new();
    while stream.advance() {
        words.push(stream.token().text.clone());
    }
    words
}

/// The analysed term of one query word (`None` when analysis leaves nothing).
pub fn term_of(analyzer: &mut TextAnalyzer, word: &str) -> Option<String> {
    let mut stream = analyzer.token_stream(word);
    if stream.advance() { Some(stream.token().text.clone()) } else { None }
}

/// The parts of a compound whose modifier and head are both corpus words, e.g.
/// `kindermishandeling` -> [`kind`, `mishandeling`], `huisverbodzaken` -> [`huisverbod`, `zaken`].
/// The longest head wins; the head is split again when it is a compound itself.
pub fn compound_parts(word: &str, dictionary: &HashSet<String>) -> Vec<String> {
    let mut parts = Vec::new();
    split_into(word, dictionary, &mut parts, 0);
    parts
}

fn split_into(word: &str, dictionary: &HashSet<String>, parts: &mut Vec<String>, depth: usize) {
    if depth > 3 || word.len() < MIN_MODIFIER + MIN_HEAD || !word.is_ascii() {
        return;
    }
    for cut in MIN_MODIFIER..=word.len() - MIN_HEAD {
        let (left, head) = word.split_at(cut);
        if !dictionary.contains(head) {
            continue;
        }
        // The modifier is a corpus word itself, or the stem of one (`kind` of `kinderen`);
        // when it is neither, the head alone is split off (`ouderen|mishandeling`).
        let known =
            |m: &str| ["", "en", "eren", "s"].iter().any(|end| dictionary.contains(&format!("{m}{end}")));
        let modifier = LINKS.iter().find_map(|link| {
            let m = left.strip_suffix(link)?;
            (m.len() >= MIN_MODIFIER && known(m)).then_some(m)
        });
        if let Some(modifier) = modifier {
            parts.push(modifier.to_string());
        }
        parts.push(head.to_string());
        split_into(head, dictionary, parts, depth + 1);
        return;
    }
}

/// Builds the compound dictionary: every folded word of the corpus, with its count.
pub fn vocabulary<'a>(texts: impl Iterator<Item = &'a str>) -> BTreeMap<String, usize> {
    let mut words = BTreeMap::new();
    for text in texts {
        for w in fold_words(text) {
            *words.entry(w).or_insert(0) += 1;
        }
    }
    words
}

/// Token filter that emits a token's compound parts after it, at the same position.
#[derive(Clone)]
pub struct CompoundParts {
    dictionary: Arc<HashSet<String>>,
}

impl TokenFilter for CompoundParts {
    type Tokenizer<T: Tokenizer> = CompoundPartsFilter<T>;

    fn transform<T: Tokenizer>(self, tokenizer: T) -> CompoundPartsFilter<T> {
        CompoundPartsFilter { dictionary: self.dictionary, inner: tokenizer }
    }
}

#[derive(Clone)]
pub struct CompoundPartsFilter<T> {
    dictionary: Arc<HashSet<String>>,
    inner: T,
}

impl<T: Tokenizer> Tokenizer for CompoundPartsFilter<T> {
    type TokenStream<'a> = CompoundPartsStream<'a, T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        CompoundPartsStream {
            dictionary: &self.dictionary,
            tail: self.inner.token_stream(text),
            pending: Vec::new(),
        }
    }
}

pub struct CompoundPartsStream<'a, T> {
    dictionary: &'a HashSet<String>,
    tail: T,
    /// Parts still to emit, last first; the current token is the last one while non-empty.
    pending: Vec<Token>,
}

impl<T: TokenStream> TokenStream for CompoundPartsStream<'_, T> {
    fn advance(&mut self) -> bool {
        if self.pending.pop().is_some() && !self.pending.is_empty() {
            return true;
        }
        if !self.tail.advance() {
            return false;
        }
        let token = self.tail.token();
        let parts = compound_parts(&token.text, self.dictionary);
        if !parts.is_empty() {
            // Emitted after the whole word: the word itself, then each part (same position).
            self.pending = parts.into_iter().rev().map(|text| Token { text, ..token.clone() }).collect();
            self.pending.push(token.clone());
        }
        true
    }

    fn token(&self) -> &Token {
        self.pending.last().unwrap_or_else(|| self.tail.token())
    }

    fn token_mut(&mut self) -> &mut Token {
        match self.pending.last_mut() {
            Some(t) => t,
            None => self.tail.token_mut(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dict(words: &[&str]) -> Arc<HashSet<String>> {
        Arc::new(words.iter().map(|w| w.to_string()).collect())
    }

    fn tokens(analyzer: &mut TextAnalyzer, text: &str) -> Vec<String> {
        let mut stream = analyzer.token_stream(text);
        let mut out = Vec::new();
        while stream.advance() {
            out.push(stream.token().text.clone());
        }
        out
    }

    #[test]
    fn compounds_split_against_the_vocabulary() {
        let d = dict(&["kind", "mishandeling", "ouderen", "huisverbod", "zaken"]);
        assert_eq!(compound_parts("kindermishandeling", &d), ["kind", "mishandeling"]);
        assert_eq!(compound_parts("ouderenmishandeling", &d), ["ouderen", "mishandeling"]);
        assert_eq!(compound_parts("huisverbodzaken", &d), ["huisverbod", "zaken"]);
        assert!(compound_parts("mishandeling", &d).is_empty());
    }

    #[test]
    fn index_tokens_carry_the_parts_query_tokens_do_not() {
        let d = dict(&["kind", "mishandeling"]);
        let mut index = index_analyzer(d);
        let mut query = query_analyzer();
        let indexed = tokens(&mut index, "Kindermishandeling");
        let mishandeling = term_of(&mut query, "mishandeling").unwrap();
        assert!(indexed.contains(&mishandeling), "{indexed:?}");
        assert_eq!(tokens(&mut query, "Kindermishandeling").len(), 1);
    }

    #[test]
    fn accents_plurals_and_long_tokens() {
        let mut query = query_analyzer();
        assert_eq!(term_of(&mut query, "geëmotioneerd"), term_of(&mut query, "geemotioneerd"));
        assert_eq!(term_of(&mut query, "signalen"), term_of(&mut query, "signaal"));
        assert_eq!(term_of(&mut query, "kinderen"), term_of(&mut query, "kinder"));
        assert_eq!(term_of(&mut query, &"x".repeat(60)), None);
    }
}
