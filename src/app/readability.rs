//! Readability of Dutch text: the Flesch-Douma score, with syllables counted from Dutch
//! hyphenation patterns (Knuth-Liang, via the hyphenation crate). A score is a hint for
//! writers, not a verdict: reports name the longest sentences and words that drive it.

use hyphenation::{Hyphenator, Language, Load, Standard};

pub struct Syllables {
    dutch: Standard,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Readability {
    /// 206.84 - 0.77 x syllables per 100 words - 0.93 x words per sentence.
    pub flesch_douma: f64,
    pub words: usize,
    pub sentences: usize,
    /// The longest sentences (by words), longest first.
    pub long_sentences: Vec<String>,
    /// The words with most syllables, most first.
    pub long_words: Vec<String>,
}

impl Syllables {
    pub fn new() -> anyhow::Result<Self> {
        Ok(Self { dutch: Standard::from_embedded(Language::Dutch)? })
    }

    /// Syllables of one word: hyphenation points + 1 (at least 1).
    pub fn count(&self, word: &str) -> usize {
        let lower = word.to_lowercase();
        let breaks = self.dutch.hyphenate(&lower).breaks.len();
        breaks + 1
    }

    pub fn measure(&self, text: &str) -> Option<Readability> {
        let sentences: Vec<&str> = text
            .split(['.', '!', '?', '\n'])
            .map(str::trim)
            .filter(|s| s.split_whitespace().any(|w| w.chars().any(char::is_alphabetic)))
            .collect();
        let words: Vec<&str> = sentences
            .iter()
            .flat_map(|s| s.split(|c: char| !c.is_alphanumeric() && c != '-'))
            .filter(|w| w.chars().any(char::is_alphabetic))
            .collect();
        if words.is_empty() {
            return None;
        }
        let syllables: usize = words.iter().map(|w| self.count(w)).sum();
        let per_100 = syllables as f64 * 100.0 / words.len() as f64;
        let per_sentence = words.len() as f64 / sentences.len() as f64;
        let mut long_sentences: Vec<&str> = sentences.clone();
        long_sentences.sort_by_key(|s| std::cmp::Reverse(s.split_whitespace().count()));
        let mut long_words: Vec<&str> = words.clone();
        long_words.sort_by_key(|w| (std::cmp::Reverse(self.count(w)), *w));
        long_words.dedup();
        Some(Readability {
            flesch_douma: 206.84 - 0.77 * per_100 - 0.93 * per_sentence,
            words: words.len(),
            sentences: sentences.len(),
            long_sentences: long_sentences.into_iter().take(3).map(str::to_string).collect(),
            long_words: long_words.into_iter().take(5).map(str::to_string).collect(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dutch_syllables_of_known_words() {
        let s = Syllables::new().unwrap();
        for (word, expected) in [
            ("kindermishandeling", 6),
            ("huiselijk", 3),
            ("geweld", 2),
            ("signalen", 3),
            ("aandachtsfunctionaris", 7),
            ("veilig", 2),
            ("thuis", 1),
        ] {
            assert_eq!(s.count(word), expected, "{word}");
        }
    }

    #[test]
    fn plain_text_scores_higher_than_dense_text() {
        let s = Syllables::new().unwrap();
        let plain = s.measure("Je bent niet alleen. Bel ons. Wij luisteren naar je.").unwrap();
        let dense = s
            .measure("De multidisciplinaire samenwerkingsverbanden inzake huiselijkgeweldproblematiek vereisen interorganisationele afstemmingsmechanismen.")
            .unwrap();
        assert!(plain.flesch_douma > 80.0, "{plain:?}");
        assert!(dense.flesch_douma < 30.0, "{dense:?}");
        assert_eq!(dense.long_words[0], "interorganisationele");
    }
}
