//! Which glossary terms and abbreviations a page uses, so that `THV` finds pages that only say
//! "tijdelijk huisverbod" and the other way round: found words go into the page's keywords.
//!
//! A page's words are looked at while [`super::tokens`] cuts its text for the index (one pass
//! over the text, not one per purpose): each distinct word is folded once and looked up among
//! the glossary's words, and the terms are matched on those numbers.

use rustc_hash::FxHashMap;

use super::analyzer::fold_words;

/// The glossary as the index reads it.
#[derive(Default)]
pub struct Glossary {
    /// Every folded word of a term and every lowercased abbreviation, numbered.
    words: FxHashMap<String, u32>,
    entries: Vec<Entry>,
    /// Everything the matching reads, hashed: part of the key a page's analysis is cached by.
    digest: [u8; 32],
}

struct Entry {
    /// The term's folded words (numbers into `words`), matched as consecutive words.
    term_words: Vec<u32>,
    /// The lowercased abbreviation (as added to the keywords) and its number.
    abbreviation: Option<(String, u32)>,
    /// The term as written (added to the keywords when the abbreviation is found).
    term: String,
}

impl Glossary {
    /// The glossary of `entries`, each a term and its abbreviation (the model's glossary).
    pub fn new<'a>(entries: impl IntoIterator<Item = (&'a str, Option<&'a str>)>) -> Glossary {
        let mut words: FxHashMap<String, u32> = FxHashMap::default();
        let mut number = |word: String| {
            let next = words.len() as u32;
            *words.entry(word).or_insert(next)
        };
        let mut hasher = blake3::Hasher::new();
        let entries = entries
            .into_iter()
            .map(|(term, abbreviation)| {
                for part in [Some(term), abbreviation] {
                    let part = part.unwrap_or_default();
                    hasher.update(&(part.len() as u64).to_le_bytes()).update(part.as_bytes());
                }
                hasher.update(&[u8::from(abbreviation.is_some())]);
                Entry {
                    term_words: fold_words(term).into_iter().map(&mut number).collect(),
                    abbreviation: abbreviation.map(|a| {
                        let lower = a.to_lowercase();
                        (lower.clone(), number(lower))
                    }),
                    term: term.to_string(),
                }
            })
            .collect();
        Glossary { words, entries, digest: *hasher.finalize().as_bytes() }
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    pub fn digest(&self) -> &[u8; 32] {
        &self.digest
    }

    /// The number of a folded word among the glossary's words.
    pub fn word(&self, folded: &str) -> Option<u32> {
        self.words.get(folded).copied()
    }

    /// The keywords a page gets from its words (title then body, folded, words longer than
    /// [`super::analyzer::MAX_TOKEN_LEN`] left out), given as their glossary numbers (`None`
    /// for one or more other words): the abbreviation of each term the page uses, and the term
    /// of each abbreviation it uses.
    pub fn keywords(&self, words: &[Option<u32>]) -> Vec<String> {
        let mut present = vec![false; self.words.len()];
        for w in words.iter().flatten() {
            present[*w as usize] = true;
        }
        let mut found = Vec::new();
        for entry in &self.entries {
            let term = entry.term_words.as_slice();
            let has_term = match term {
                [] => false,
                [only] => present[*only as usize],
                [first, ..] => {
                    present[*first as usize]
                        && words.windows(term.len()).any(|w| w.iter().zip(term).all(|(a, b)| *a == Some(*b)))
                }
            };
            if has_term && let Some((abbreviation, _)) = &entry.abbreviation {
                found.push(abbreviation.clone());
            }
            if entry.abbreviation.as_ref().is_some_and(|(_, number)| present[*number as usize]) {
                found.push(entry.term.clone());
            }
        }
        found
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::SearchDoc;
    use crate::tokens::{TokenTable, cut_all};

    /// A glossary entry as the model has it.
    struct GlossaryEntry {
        term: String,
        abbreviation: Option<String>,
    }

    fn entry(term: &str, abbreviation: Option<&str>) -> GlossaryEntry {
        GlossaryEntry { term: term.into(), abbreviation: abbreviation.map(Into::into) }
    }

    fn terms(entries: &[GlossaryEntry]) -> impl Iterator<Item = (&str, Option<&str>)> {
        entries.iter().map(|e| (e.term.as_str(), e.abbreviation.as_deref()))
    }

    /// What the index's keywords got from the glossary before the text was cut once: every
    /// word of the title and body folded, each term looked for in them.
    fn reference(entries: &[GlossaryEntry], title: &str, body: &str) -> Vec<String> {
        let words = fold_words(&format!("{title} {body}"));
        let mut found = Vec::new();
        for e in entries {
            let term = fold_words(&e.term);
            let abbreviation = e.abbreviation.as_ref().map(|a| a.to_lowercase());
            if !term.is_empty() && words.windows(term.len()).any(|w| w == term.as_slice()) {
                found.extend(abbreviation.clone());
            }
            if abbreviation.as_ref().is_some_and(|a| words.contains(a)) {
                found.push(e.term.clone());
            }
        }
        found.sort();
        found
    }

    #[test]
    fn terms_and_abbreviations_are_found_as_before() {
        let entries = [
            entry("Tijdelijk huisverbod", Some("THV")),
            entry("Veilig Thuis", Some("VT")),
            entry("Meldcode", None),
            entry("Café-overleg", Some("CO")),
            entry("Één woord", None),
        ];
        let glossary = Glossary::new(terms(&entries));
        let pages = [
            ("Tijdelijk", "huisverbod opgelegd. Bel VT."),
            ("Het huisverbod", "Een tijdelijk, huisverbod is geen tijdelijk huisverbod? Wel: THV!"),
            ("Meldcode", &format!("veilig {} thuis; veilig thuis", "x".repeat(60))),
            ("Caf\u{e9}-overleg", "een woord, één woord, co"),
            ("Niets", "Hier staat niets van dat alles."),
        ];
        for (title, body) in pages {
            let doc = SearchDoc { title: title.into(), body: body.into(), ..SearchDoc::default() };
            let cut = cut_all(&[&doc], &glossary, &mut TokenTable::default());
            let mut found = cut[0].found.to_vec();
            found.sort();
            assert_eq!(found, reference(&entries, title, body), "{title}: {body}");
        }
    }
}
