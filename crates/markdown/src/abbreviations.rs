//! Finding the first use of each glossary abbreviation in a page's text, in time linear in
//! the text: abbreviations are looked up by the word they start with, at word starts only,
//! instead of searching the text once per abbreviation (a glossary of N abbreviations used on
//! one page cost N squared searches).

use std::collections::{HashMap, HashSet};

/// A glossary entry as a page links its abbreviation: the `<abbr>` title and the entry's href.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Abbreviation {
    pub title: String,
    pub href: String,
}

/// Whether `c` belongs to a word as abbreviations count it (`MDA++` is one word).
fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '+'
}

/// The word at the start of `text`.
fn first_word(text: &str) -> &str {
    let end = text.find(|c: char| !is_word_char(c)).unwrap_or(text.len());
    &text[..end]
}

/// The abbreviations of a site by their first word, longest first; the few that start with
/// another character (`(x)`) are searched for as before.
pub struct AbbreviationIndex<'t> {
    by_first_word: HashMap<&'t str, Vec<(&'t str, &'t Abbreviation)>>,
    others: Vec<(&'t str, &'t Abbreviation)>,
}

impl<'t> AbbreviationIndex<'t> {
    pub fn new(abbreviations: &'t HashMap<String, Abbreviation>) -> Self {
        let mut by_first_word: HashMap<&'t str, Vec<(&'t str, &'t Abbreviation)>> = HashMap::new();
        let mut others = Vec::new();
        for (abbr, entry) in abbreviations {
            let word = first_word(abbr);
            if word.is_empty() {
                others.push((abbr.as_str(), entry));
            } else {
                by_first_word.entry(word).or_default().push((abbr.as_str(), entry));
            }
        }
        for list in by_first_word.values_mut() {
            list.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then(a.0.cmp(b.0)));
        }
        others.sort_by(|a, b| a.0.cmp(b.0));
        Self { by_first_word, others }
    }

    /// The earliest use in `text` of an abbreviation not in `used`, standing as a word of its
    /// own: (byte offset, abbreviation, entry).
    pub fn first_use(
        &self,
        text: &str,
        used: &HashSet<&'t str>,
    ) -> Option<(usize, &'t str, &'t Abbreviation)> {
        let ends_word = |at: usize| text[at..].chars().next().is_none_or(|c| !is_word_char(c));
        let mut best = None;
        let mut previous: Option<char> = None;
        for (at, c) in text.char_indices() {
            let starts_word = is_word_char(c) && previous.is_none_or(|p| !is_word_char(p));
            previous = Some(c);
            if !starts_word {
                continue;
            }
            let Some(candidates) = self.by_first_word.get(first_word(&text[at..])) else { continue };
            let found = candidates.iter().find(|(abbr, _)| {
                !used.contains(abbr) && text[at..].starts_with(abbr) && ends_word(at + abbr.len())
            });
            if let Some((abbr, entry)) = found {
                best = Some((at, *abbr, *entry));
                break;
            }
        }
        for (abbr, entry) in &self.others {
            if used.contains(abbr) {
                continue;
            }
            let limit = best.map_or(text.len(), |(at, _, _)| at);
            let mut from = 0;
            while let Some(pos) = text[from..limit.min(text.len())].find(abbr) {
                let at = from + pos;
                let before = text[..at].chars().next_back();
                if before.is_none_or(|c| !is_word_char(c)) && ends_word(at + abbr.len()) {
                    best = Some((at, *abbr, *entry));
                    break;
                }
                from = at + abbr.len().max(1);
                if from >= limit {
                    break;
                }
            }
        }
        best
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn glossary(words: &[&str]) -> HashMap<String, Abbreviation> {
        words
            .iter()
            .map(|w| (w.to_string(), Abbreviation { title: format!("{w}!"), href: "/a-z/".into() }))
            .collect()
    }

    #[test]
    fn the_earliest_whole_word_use_wins() {
        let g = glossary(&["VT", "MDA++", "HG", "HG/KM"]);
        let index = AbbreviationIndex::new(&g);
        let used = HashSet::new();
        assert_eq!(index.first_use("Bel VTD of VT over HG/KM", &used).map(|b| (b.0, b.1)), Some((11, "VT")));
        assert_eq!(index.first_use("over HG/KM", &used).map(|b| b.1), Some("HG/KM"));
        assert_eq!(index.first_use("de MDA++-aanpak", &used).map(|b| b.1), Some("MDA++"));
        let used: HashSet<&str> = ["VT"].into();
        assert_eq!(index.first_use("VT en HG", &used).map(|b| (b.0, b.1)), Some((6, "HG")));
        assert!(index.first_use("VTD", &HashSet::new()).is_none());
    }
}
