//! Each document's text cut into tokens once, before anything about the rest of the corpus is
//! known: what the index's every later step reads of the text.
//!
//! The terms a token is indexed as depend on the whole corpus (a compound is split against the
//! corpus's own words), so a document is kept as the tokens of each field with their counts
//! ([`DocTokens`]), tokens numbered in a [`TokenTable`]; [`super::corpus`] analyses each
//! distinct token once and [`super::postings`] counts from these lists. The one pass over the
//! text also gives the words the vocabulary is made of, and the glossary terms the page uses
//! (which become keywords, a field of their own). Nothing here depends on other documents, so
//! `serve` keeps each document's tokens between rebuilds and cuts only the changed ones
//! ([`super::cache`]).

use std::sync::Arc;

use rayon::prelude::*;
use rustc_hash::FxHashMap;

use super::SearchDoc;
use super::analyzer::{Folder, MAX_TOKEN_LEN, strip_marks, word_spans};
use super::glossary::Glossary;

/// Number of indexed text fields, in [`super::FIELDS`] order.
pub const FIELD_COUNT: usize = 6;

/// Documents per parallel task.
const CHUNK: usize = 256;
/// The most tasks in one wave (see [`cut_all`]).
const MAX_WAVE: usize = 32;

/// Token strings, numbered in the order first seen.
#[derive(Default)]
pub struct TokenTable {
    ids: FxHashMap<Arc<str>, u32>,
    names: Vec<Arc<str>>,
}

impl TokenTable {
    pub fn len(&self) -> usize {
        self.names.len()
    }

    pub fn name(&self, token: u32) -> &str {
        &self.names[token as usize]
    }

    fn number(&mut self, token: &str) -> u32 {
        if let Some(id) = self.ids.get(token) {
            return *id;
        }
        self.insert(token.into())
    }

    fn number_shared(&mut self, token: Arc<str>) -> u32 {
        match self.ids.get(&token) {
            Some(id) => *id,
            None => self.insert(token),
        }
    }

    fn insert(&mut self, token: Arc<str>) -> u32 {
        let id = self.names.len() as u32;
        self.ids.insert(Arc::clone(&token), id);
        self.names.push(token);
        id
    }

    /// The table of the tokens `keep` says to keep, and each old number's new one (`None`
    /// for a token dropped).
    pub fn compacted(&self, keep: impl Fn(u32) -> bool) -> (TokenTable, Vec<Option<u32>>) {
        let mut table = TokenTable::default();
        let renumber = (0..self.len() as u32)
            .map(|t| keep(t).then(|| table.insert(Arc::clone(&self.names[t as usize]))))
            .collect();
        (table, renumber)
    }
}

/// One document's tokens, numbered in a [`TokenTable`].
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DocTokens {
    /// Per field, in [`super::FIELDS`] order: (token, occurrences), each token once. Tokens are
    /// what the index analyser cuts a text into: words, and the closed form of each run of
    /// hyphen-joined words (`ex-partner` -> `expartner`), at most [`MAX_TOKEN_LEN`] bytes.
    pub fields: [Box<[(u32, u32)]>; FIELD_COUNT],
    /// The closed forms of hyphen runs as the vocabulary counts them (runs cut at words over
    /// [`MAX_TOKEN_LEN`] bytes, of any length): words of the vocabulary, mostly also tokens.
    pub runs: Box<[u32]>,
    /// Glossary terms and abbreviations found in the title and body: the page's keywords
    /// besides its own (see [`Glossary::keywords`]).
    pub found: Box<[String]>,
}

impl DocTokens {
    /// Every token number the document refers to.
    pub fn numbers(&self) -> impl Iterator<Item = u32> + '_ {
        self.fields.iter().flat_map(|f| f.iter().map(|(t, _)| *t)).chain(self.runs.iter().copied())
    }

    fn renumber(&mut self, new: impl Fn(u32) -> u32) {
        for field in &mut self.fields {
            field.iter_mut().for_each(|(t, _)| *t = new(*t));
        }
        self.runs.iter_mut().for_each(|t| *t = new(*t));
    }

    /// The same tokens under the numbers of a compacted table (see [`TokenTable::compacted`]).
    pub fn renumbered(mut self, renumber: &[Option<u32>]) -> DocTokens {
        self.renumber(|t| renumber[t as usize].expect("a kept document's token is kept"));
        self
    }
}

/// What the tokenizer makes of a piece of text (see [`cut_text`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Piece {
    /// A word (run of letters and digits) of at most [`MAX_TOKEN_LEN`] bytes: a token.
    Word,
    /// The closed form of a run of hyphen-joined words, at most [`MAX_TOKEN_LEN`] bytes: a token.
    Closed,
    /// The closed form of a run of hyphen-joined words as the vocabulary takes it (see
    /// [`DocTokens::runs`]).
    Run,
}

/// Cuts `text` once into the tokens of [`super::analyzer::each_token`] (words and closed forms
/// over [`MAX_TOKEN_LEN`] bytes left out, as the analyser drops them) and the hyphen runs of
/// [`super::analyzer::raw_runs`], in one pass. Words come in text order.
fn cut_text(text: &str, mut f: impl FnMut(&str, Piece)) {
    // The end of the last word, and whether it was over the limit.
    let mut previous: Option<(usize, bool)> = None;
    // The analyser's run (every word) and the vocabulary's (cut at long words).
    let (mut closed, mut closed_words) = (String::new(), 0);
    let (mut run, mut run_words) = (String::new(), 0);
    let end = |text: &mut String, words: &mut usize, piece: Piece, f: &mut dyn FnMut(&str, Piece)| {
        if *words > 1 && (piece == Piece::Run || text.len() <= MAX_TOKEN_LEN) {
            f(text, piece);
        }
        text.clear();
        *words = 0;
    };
    for (from, to) in word_spans(text) {
        let word = &text[from..to];
        let long = word.len() > MAX_TOKEN_LEN;
        let joined = previous.is_some_and(|(end, _)| &text[end..from] == "-");
        if !joined {
            end(&mut closed, &mut closed_words, Piece::Closed, &mut f);
        }
        if !joined || long || previous.is_some_and(|(_, long)| long) {
            end(&mut run, &mut run_words, Piece::Run, &mut f);
        }
        if !long {
            f(word, Piece::Word);
            run.push_str(word);
            run_words += 1;
        }
        closed.push_str(word);
        closed_words += 1;
        previous = Some((to, long));
    }
    end(&mut closed, &mut closed_words, Piece::Closed, &mut f);
    end(&mut run, &mut run_words, Piece::Run, &mut f);
}

/// Cuts the documents of one parallel task. A token of the corpus's table keeps its number
/// there; a new one is numbered in a table of the task's own, after the corpus's numbers.
struct Cutter<'g> {
    corpus: &'g TokenTable,
    table: TokenTable,
    /// Per token number: occurrences in the field being cut (`touched` lists the non-zero).
    counts: Vec<u32>,
    touched: Vec<u32>,
    glossary: &'g Glossary,
    /// Per token number: its glossary word number (`Some(None)`: none), once looked up.
    glossary_words: Vec<Option<Option<u32>>>,
    folder: Folder,
}

impl<'g> Cutter<'g> {
    fn new(corpus: &'g TokenTable, glossary: &'g Glossary) -> Self {
        Cutter {
            corpus,
            table: TokenTable::default(),
            counts: Vec::new(),
            touched: Vec::new(),
            glossary,
            glossary_words: Vec::new(),
            folder: Folder::default(),
        }
    }

    fn cut(&mut self, d: &SearchDoc) -> DocTokens {
        let mut fields: [Box<[(u32, u32)]>; FIELD_COUNT] = Default::default();
        let mut runs = Vec::new();
        // The title's and body's words, as glossary numbers; `None` stands for other words.
        let mut words: Vec<Option<u32>> = Vec::new();
        fields[0] = self.field(&strip_marks(&d.title), &mut runs, Some(&mut words));
        fields[4] = self.field(&strip_marks(&d.body), &mut runs, Some(&mut words));
        let found = if self.glossary.is_empty() { Vec::new() } else { self.glossary.keywords(&words) };
        let mut keywords = d.keywords.clone();
        if !found.is_empty() {
            keywords.extend(found.iter().cloned());
            keywords.sort();
            keywords.dedup();
        }
        fields[1] = self.field(&strip_marks(&d.headings.join("\n")), &mut runs, None);
        fields[2] = self.field(&strip_marks(&keywords.join("\n")), &mut runs, None);
        fields[3] = self.field(&strip_marks(&d.description), &mut runs, None);
        fields[5] = self.field(&strip_marks(super::file_name(&d.url)), &mut runs, None);
        runs.sort_unstable();
        runs.dedup();
        DocTokens { fields, runs: runs.into(), found: found.into() }
    }

    /// The tokens of one field's text, counted; its hyphen runs added to `runs`, and, for the
    /// glossary, its words to `words`.
    fn field(
        &mut self,
        text: &str,
        runs: &mut Vec<u32>,
        mut words: Option<&mut Vec<Option<u32>>>,
    ) -> Box<[(u32, u32)]> {
        let glossary = !self.glossary.is_empty();
        cut_text(text, |token, piece| {
            let t = self.number(token);
            if piece == Piece::Run {
                runs.push(t);
                return;
            }
            if self.counts.len() <= t as usize {
                self.counts.resize(t as usize + 1, 0);
            }
            if self.counts[t as usize] == 0 {
                self.touched.push(t);
            }
            self.counts[t as usize] += 1;
            if piece == Piece::Word
                && glossary
                && let Some(words) = words.as_deref_mut()
            {
                let word = self.glossary_word(t);
                // Other words in a row stand as one: only adjacency matters.
                if word.is_some() || words.last().is_none_or(Option::is_some) {
                    words.push(word);
                }
            }
        });
        let counts = &mut self.counts;
        self.touched.drain(..).map(|t| (t, std::mem::take(&mut counts[t as usize]))).collect()
    }

    fn number(&mut self, token: &str) -> u32 {
        match self.corpus.ids.get(token) {
            Some(t) => *t,
            None => self.corpus.len() as u32 + self.table.number(token),
        }
    }

    fn glossary_word(&mut self, token: u32) -> Option<u32> {
        if self.glossary_words.len() <= token as usize {
            self.glossary_words.resize(token as usize + 1, None);
        }
        if let Some(known) = self.glossary_words[token as usize] {
            return known;
        }
        let name = match token.checked_sub(self.corpus.len() as u32) {
            Some(own) => self.table.name(own),
            None => self.corpus.name(token),
        };
        let folded = self.folder.fold(name);
        let word = self.glossary.word(&folded);
        self.glossary_words[token as usize] = Some(word);
        word
    }
}

/// Cuts every document (in parallel), its tokens numbered in `table` (which keeps the numbers
/// it has and adds new tokens). The documents go in waves of tasks, growing from one: the
/// tokens each wave finds are added to the table before the next, so the tasks of later
/// waves find nearly every token there and keep few of their own.
pub fn cut_all(docs: &[&SearchDoc], glossary: &Glossary, table: &mut TokenTable) -> Vec<DocTokens> {
    let mut all = Vec::with_capacity(docs.len());
    let mut wave = 1;
    let mut rest = docs;
    while !rest.is_empty() {
        let (now, later) = rest.split_at((wave * CHUNK).min(rest.len()));
        rest = later;
        wave = (wave * 2).min(MAX_WAVE);
        let corpus = &*table;
        let chunks: Vec<(TokenTable, Vec<DocTokens>)> = now
            .par_chunks(CHUNK)
            .map(|chunk| {
                let mut cutter = Cutter::new(corpus, glossary);
                let cut = chunk.iter().map(|d| cutter.cut(d)).collect();
                (cutter.table, cut)
            })
            .collect();
        let known = table.len() as u32;
        for (own, mut cut) in chunks {
            let number: Vec<u32> = own.names.into_iter().map(|name| table.number_shared(name)).collect();
            for d in &mut cut {
                d.renumber(|t| t.checked_sub(known).map_or(t, |own| number[own as usize]));
            }
            all.extend(cut);
        }
    }
    all
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analyzer::{each_token, raw_runs};

    #[test]
    fn one_cut_gives_the_analysers_tokens_and_the_vocabularys_runs() {
        let long = "x".repeat(MAX_TOKEN_LEN + 1);
        let text = format!(
            "De ex-partner, train-de-trainer (0-4 jaar) é-é café-eigenaar -los- x--y \
             aa-bb-{long}-cc-dd {long} en-{long} kortwoordeen-kortwoordtwee-kortwoorddrie-vier"
        );
        let mut tokens = Vec::new();
        let mut runs = Vec::new();
        let mut words = Vec::new();
        cut_text(&text, |t, piece| match piece {
            Piece::Run => runs.push(t.to_string()),
            Piece::Word => {
                words.push(t.to_string());
                tokens.push(t.to_string());
            }
            Piece::Closed => tokens.push(t.to_string()),
        });
        let mut expected = Vec::new();
        each_token(&text, |t| {
            if t.len() <= MAX_TOKEN_LEN {
                expected.push(t.to_string());
            }
        });
        tokens.sort();
        expected.sort();
        assert_eq!(tokens, expected);
        let raw = raw_runs(&text);
        let expected_words: Vec<String> = raw.iter().flatten().map(|w| w.to_string()).collect();
        assert_eq!(words, expected_words);
        let expected_runs: Vec<String> = raw.iter().filter(|r| r.len() > 1).map(|r| r.concat()).collect();
        runs.sort();
        let mut expected_runs = expected_runs;
        expected_runs.sort();
        assert_eq!(runs, expected_runs);
        assert!(runs.contains(&"aabb".to_string()) && runs.contains(&"ccdd".to_string()), "{runs:?}");
        assert!(runs.iter().any(|r| r.len() > MAX_TOKEN_LEN), "{runs:?}");
    }
}
