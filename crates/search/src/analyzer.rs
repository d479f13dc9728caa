//! The Dutch analyser: tokenize (a hyphenated word also as one closed word), drop very long
//! tokens, lowercase, fold accents, split compounds against the corpus's own vocabulary and add
//! the infinitive of a past participle (index side only), Snowball Dutch stemmer.
//!
//! Dutch glues words together (`kindermishandeling`), so a reader searching `mishandeling`
//! must find it. At index time a compound also yields its parts at the same position; at query
//! time words are not split, so `kindermishandeling` still finds only the compound. Writers and
//! readers hyphenate differently (`ex-partner`, `expartner`; `e-mail`, `email`): a hyphenated
//! word is indexed as its parts and as the closed form, and a query's hyphenated word is looked
//! up closed first. Snowball Dutch keeps the `ge-` of a participle (`gesignaleerd` is not
//! `signaleren`): a participle in the text also yields its infinitive.

use std::collections::{BTreeMap, HashSet};
use std::sync::Arc;

use tantivy::tokenizer::{
    AsciiFoldingFilter, Language, LowerCaser, RawTokenizer, RemoveLongFilter, SimpleTokenizer, Stemmer,
    TextAnalyzer, Token, TokenFilter, TokenStream, Tokenizer,
};

/// Tokens longer than this (bytes) are dropped: they are URLs or noise, not words.
pub const MAX_TOKEN_LEN: usize = 40;
/// Parts shorter than this are not split off: too many false splits (`mis` + `handeling`).
const MIN_MODIFIER: usize = 4;
const MIN_HEAD: usize = 5;
/// The ending of a Dutch infinitive (`plegen`).
pub const INFINITIVE_ENDING: &str = "en";
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
        self.index_filters(HyphenJoin, dictionary)
    }

    /// The index analyser's filters on one raw token (the whole input is the token): the terms
    /// a word of the text is indexed as, the word's own first, then its compound parts and
    /// infinitive. `corpus` runs it once per distinct word instead of once per occurrence.
    pub fn word_analyzer(self, dictionary: Arc<HashSet<String>>) -> TextAnalyzer {
        self.index_filters(RawTokenizer::default(), dictionary)
    }

    /// The index side's filters after `tokenizer`: one chain, so a word analysed alone gets
    /// exactly the terms it gets in running text.
    fn index_filters<T: Tokenizer>(self, tokenizer: T, dictionary: Arc<HashSet<String>>) -> TextAnalyzer {
        let builder = TextAnalyzer::builder(tokenizer)
            .filter(RemoveLongFilter::limit(MAX_TOKEN_LEN))
            .filter(LowerCaser)
            .filter(AsciiFoldingFilter)
            .filter(CompoundParts {
                dictionary: if self.compounds { dictionary } else { Arc::default() },
                participles: self.participles(),
            })
            .dynamic();
        match self.stemmer {
            Some(language) => builder.filter_dynamic(Stemmer::new(language)).build(),
            None => builder.build(),
        }
    }

    /// The ending of an infinitive whose stem a query word completes from too (`plegen` ->
    /// `pleger`): Dutch only.
    pub fn infinitive_ending(self) -> Option<&'static str> {
        self.participles().then_some(INFINITIVE_ENDING)
    }

    /// Whether participles (`ge-...-d/t`) also stand for their infinitive: Dutch only.
    pub fn participles(self) -> bool {
        self.stemmer == Some(Language::Dutch)
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
    let mut folder = Folder::default();
    word_spans(&text)
        .filter(|(from, to)| to - from <= MAX_TOKEN_LEN)
        .map(|(from, to)| folder.fold(&text[from..to]))
        .collect()
}

/// Lowercases and folds accents of single words, as the analysers do (tantivy's own filters,
/// built once rather than per word).
pub struct Folder(TextAnalyzer);

impl Default for Folder {
    fn default() -> Self {
        Self(
            TextAnalyzer::builder(RawTokenizer::default())
                .filter(LowerCaser)
                .filter(AsciiFoldingFilter)
                .build(),
        )
    }
}

impl Folder {
    pub fn fold(&mut self, word: &str) -> String {
        term_of(&mut self.0, word).unwrap_or_default()
    }
}

/// The words of a text as tantivy's simple tokenizer cuts them (runs of letters and digits),
/// with their offsets and positions.
pub fn simple_tokens(text: &str) -> Vec<Token> {
    let mut tokenizer = SimpleTokenizer::default();
    let mut stream = tokenizer.token_stream(text);
    let mut tokens = Vec::new();
    while stream.advance() {
        tokens.push(stream.token().clone());
    }
    tokens
}

/// Where the words of [`simple_tokens`] are in `text` (byte ranges), without copying them:
/// maximal runs of alphanumeric characters, as tantivy's simple tokenizer cuts them.
pub fn word_spans(text: &str) -> impl Iterator<Item = (usize, usize)> + '_ {
    let mut chars = text.char_indices();
    std::iter::from_fn(move || {
        let (from, _) = chars.by_ref().find(|(_, c)| c.is_alphanumeric())?;
        let to = chars.by_ref().find(|(_, c)| !c.is_alphanumeric()).map_or(text.len(), |(i, _)| i);
        Some((from, to))
    })
}

/// Calls `f` with each token [`hyphen_join`] gives for `text` (words, and the closed form of
/// each run of hyphen-joined words), without positions: the closed form comes after its
/// run's last word, as there. Allocates nothing per word, for passes over a whole corpus.
pub fn each_token(text: &str, mut f: impl FnMut(&str)) {
    let mut previous_end: Option<usize> = None;
    let mut closed = String::new();
    let mut run_words = 0;
    for (from, to) in word_spans(text) {
        let joined = previous_end.is_some_and(|end| &text[end..from] == "-");
        if !joined {
            if run_words > 1 {
                f(&closed);
            }
            closed.clear();
            run_words = 0;
        }
        let word = &text[from..to];
        f(word);
        closed.push_str(word);
        run_words += 1;
        previous_end = Some(to);
    }
    if run_words > 1 {
        f(&closed);
    }
}

/// Whether token `b` follows token `a` with a single hyphen between them (`ex-partner`).
fn hyphen_between(text: &str, a: &Token, b: &Token) -> bool {
    &text[a.offset_to..b.offset_from] == "-"
}

/// Folded words as [`fold_words`] gives them, grouped into runs of words that the text joins
/// with a single hyphen (`ex-partner` -> [[`ex`, `partner`]], `de meldcode` -> [[`de`],
/// [`meldcode`]]). Words over [`MAX_TOKEN_LEN`] bytes are dropped (and end a run).
pub fn fold_runs(text: &str) -> Vec<Vec<String>> {
    let text = strip_marks(text);
    let mut folder = Folder::default();
    raw_runs(&text).into_iter().map(|run| run.into_iter().map(|w| folder.fold(w)).collect()).collect()
}

/// The words of [`fold_runs`] before folding, as slices of `text`.
pub fn raw_runs(text: &str) -> Vec<Vec<&str>> {
    let mut runs: Vec<Vec<&str>> = Vec::new();
    let mut previous_end: Option<usize> = None;
    for (from, to) in word_spans(text) {
        if to - from > MAX_TOKEN_LEN {
            previous_end = None;
            continue;
        }
        let word = &text[from..to];
        match (previous_end, runs.last_mut()) {
            (Some(end), Some(run)) if &text[end..from] == "-" => run.push(word),
            _ => runs.push(vec![word]),
        }
        previous_end = Some(to);
    }
    runs
}

/// The closed forms of the hyphenated words of a text (`ex-partner` -> `expartner`), folded.
pub fn hyphen_joined(text: &str) -> Vec<String> {
    fold_runs(text).into_iter().filter(|run| run.len() > 1).map(|run| run.concat()).collect()
}

/// The infinitive of a Dutch past participle of a regular verb (`gesignaleerd` ->
/// `signaleren`, `gemaakt` -> `maken`, `gedreigd` -> `dreigen`), for words of 7+ letters that
/// look like one: `ge` + stem + `d`/`t`. A long vowel before the last consonant is written
/// single in the infinitive, and `f`/`s` after a long vowel become `v`/`z` (`geleefd` ->
/// `leven`). Nouns that look like participles (`gezondheid`, `gewicht`) get a form nobody
/// searches for, which costs nothing; `geweld` is too short to be taken for one.
pub fn participle_infinitive(word: &str) -> Option<String> {
    const VOWELS: &[u8] = b"aeiouy";
    let stem = word.strip_prefix("ge")?.strip_suffix(['d', 't'])?;
    let b = stem.as_bytes();
    if word.len() < 7 || b.len() < 4 || !word.is_ascii() || stem.ends_with("hei") || stem.ends_with("ch") {
        return None;
    }
    if !b.iter().any(|c| VOWELS.contains(c)) || VOWELS.contains(&b[b.len() - 1]) {
        return None;
    }
    let n = b.len();
    let (last, v1, v2) = (b[n - 1], b[n - 2], b[n - 3]);
    let long = VOWELS.contains(&v1) && VOWELS.contains(&v2);
    let mut base = String::from(&stem[..n - 1]);
    if long && v1 == v2 && v1 != b'i' {
        base.pop();
    }
    base.push(match last {
        b'f' if long => 'v',
        b's' if long => 'z',
        c => c as char,
    });
    Some(format!("{base}en"))
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

/// Token filter that emits a token's compound parts, and a participle's infinitive, after it,
/// at the same position.
#[derive(Clone)]
pub struct CompoundParts {
    dictionary: Arc<HashSet<String>>,
    participles: bool,
}

impl TokenFilter for CompoundParts {
    type Tokenizer<T: Tokenizer> = CompoundPartsFilter<T>;

    fn transform<T: Tokenizer>(self, tokenizer: T) -> CompoundPartsFilter<T> {
        CompoundPartsFilter { dictionary: self.dictionary, participles: self.participles, inner: tokenizer }
    }
}

#[derive(Clone)]
pub struct CompoundPartsFilter<T> {
    dictionary: Arc<HashSet<String>>,
    participles: bool,
    inner: T,
}

impl<T: Tokenizer> Tokenizer for CompoundPartsFilter<T> {
    type TokenStream<'a> = CompoundPartsStream<'a, T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        CompoundPartsStream {
            dictionary: &self.dictionary,
            participles: self.participles,
            tail: self.inner.token_stream(text),
            pending: Vec::new(),
        }
    }
}

pub struct CompoundPartsStream<'a, T> {
    dictionary: &'a HashSet<String>,
    participles: bool,
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
        let mut parts = compound_parts(&token.text, self.dictionary);
        if self.participles {
            parts.extend(participle_infinitive(&token.text));
        }
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

/// Tantivy's simple tokenizer, plus the closed form of each run of hyphen-joined words
/// (`ex-partner` -> `ex`, `partner`, `expartner`), emitted after the run's last word at its
/// position: the parts stay searchable, and so does the word as others write it.
#[derive(Clone, Default)]
pub struct HyphenJoin;

impl Tokenizer for HyphenJoin {
    type TokenStream<'a> = BufferedTokens;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> BufferedTokens {
        BufferedTokens { tokens: hyphen_join(text, simple_tokens(text)), at: 0 }
    }
}

/// The simple tokens of `text` with the closed form of each run of hyphen-joined words after
/// the run's last word, at its position (see [`HyphenJoin`]).
pub fn hyphen_join(text: &str, simple: Vec<Token>) -> Vec<Token> {
    let mut tokens: Vec<Token> = Vec::with_capacity(simple.len());
    let mut run_start: Option<usize> = None;
    // Whether the last token is the closed form of the run so far (replaced when the run
    // goes on: `train-de-trainer` gets one closed form, `traindetrainer`).
    let mut closed = false;
    for token in simple {
        let joined = tokens.last().is_some_and(|prev| hyphen_between(text, prev, &token));
        if !joined {
            run_start = None;
        }
        if joined && closed {
            tokens.pop();
        }
        let first = *run_start.get_or_insert(tokens.len());
        tokens.push(token.clone());
        closed = false;
        if joined {
            let whole: String = tokens[first..].iter().map(|t| t.text.as_str()).collect();
            let start = tokens[first].offset_from;
            tokens.push(Token { text: whole, offset_from: start, ..token });
            closed = true;
        }
    }
    tokens
}

/// Tokens computed ahead, handed out one by one.
pub struct BufferedTokens {
    tokens: Vec<Token>,
    at: usize,
}

impl TokenStream for BufferedTokens {
    fn advance(&mut self) -> bool {
        self.at += 1;
        self.at <= self.tokens.len()
    }

    fn token(&self) -> &Token {
        &self.tokens[self.at - 1]
    }

    fn token_mut(&mut self) -> &mut Token {
        &mut self.tokens[self.at - 1]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_token_gives_the_tokens_of_hyphen_join() {
        let text = "De ex-partner, train-de-trainer (0-4 jaar) é-é  café-eigenaar -los- x--y ß-Straße";
        let spans: Vec<&str> = word_spans(text).map(|(from, to)| &text[from..to]).collect();
        let simple: Vec<String> = simple_tokens(text).into_iter().map(|t| t.text).collect();
        assert_eq!(spans, simple);
        let expected: Vec<String> =
            hyphen_join(text, simple_tokens(text)).into_iter().map(|t| t.text).collect();
        let mut got = Vec::new();
        each_token(text, |t| got.push(t.to_string()));
        assert!(got.contains(&"traindetrainer".to_string()), "{got:?}");
        assert_eq!(got, expected);
    }

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

    #[test]
    fn participles_meet_their_infinitive() {
        assert_eq!(participle_infinitive("gesignaleerd").as_deref(), Some("signaleren"));
        assert_eq!(participle_infinitive("gemaakt").as_deref(), Some("maken"));
        assert_eq!(participle_infinitive("gedreigd").as_deref(), Some("dreigen"));
        assert_eq!(participle_infinitive("gewijzigd").as_deref(), Some("wijzigen"));
        assert_eq!(participle_infinitive("geleefd").as_deref(), Some("leven"));
        assert_eq!(participle_infinitive("gereisd").as_deref(), Some("reizen"));
        for not_one in ["geweld", "gezondheid", "gewicht", "gebied", "signaleren", "gemeente"] {
            assert_eq!(participle_infinitive(not_one), None, "{not_one}");
        }
        // In the index, the participle also stands for its infinitive's term.
        let mut index = index_analyzer(dict(&[]));
        let mut query = query_analyzer();
        assert!(
            tokens(&mut index, "Eerder gesignaleerd").contains(&term_of(&mut query, "signaleren").unwrap())
        );
        assert_eq!(term_of(&mut query, "gemaakt"), Some("gemaakt".to_string()));
    }

    #[test]
    fn hyphenated_words_are_indexed_as_parts_and_closed() {
        let mut index = index_analyzer(dict(&[]));
        assert_eq!(
            tokens(&mut index, "Een ex-partner mailt"),
            ["een", "ex", "partner", "expartner", "mailt"]
        );
        assert_eq!(tokens(&mut index, "train-de-trainer"), ["train", "de", "trainer", "traindetrainer"]);
        assert_eq!(tokens(&mut index, "a - b"), ["a", "b"]);
        assert_eq!(
            fold_runs("De E-mail, 0-4 jaar"),
            [vec!["de"], vec!["e", "mail"], vec!["0", "4"], vec!["jaar"]]
        );
        assert_eq!(hyphen_joined("ex-partner en e-mail"), ["expartner", "email"]);
    }
}
