//! Question and function words per language: the words of a typed question (`hoe zet ik mijn
//! app online`) that say little about what a page is about. The query makes them optional and
//! lets them count a quarter (`query::FUNCTION_WEIGHT`), so a question ranks like its content
//! words. The lists are written into the search manifest (`function_words`), so the browser
//! client reads them from there and never keeps a copy of its own.
//!
//! The words are folded forms (lowercase, no accents), as the query compares them. A word that
//! is often the subject of a page in this domain (`zorg`, `hulp`, `kind`, `melden`) is not on
//! the list, however common it is.

/// Dutch: pronouns, articles, prepositions, conjunctions, question words, auxiliary and modal
/// verbs and the light verbs of a question (`zet ik ... online`, `krijg ik`).
pub const DUTCH: &[&str] = &[
    "aan", "al", "alle", "alleen", "als", "ben", "bent", "bij", "dan", "dat", "de", "deze", "die", "dit",
    "doe", "doen", "doet", "door", "een", "en", "er", "ga", "gaan", "gaat", "heb", "hebben", "hebt", "heeft",
    "het", "hoe", "hoeveel", "hun", "ik", "in", "is", "je", "jij", "jou", "jouw", "kan", "krijg", "krijgt",
    "kun", "kunnen", "kunt", "mag", "me", "met", "mij", "mijn", "moet", "moeten", "mogen", "na", "naar",
    "niet", "nog", "of", "om", "ons", "onze", "ook", "op", "over", "te", "tot", "u", "uit", "uw", "van",
    "voor", "waar", "waarom", "wanneer", "was", "wat", "we", "wel", "welk", "welke", "werkt", "wie", "wij",
    "wil", "willen", "word", "worden", "wordt", "ze", "zet", "zetten", "zij", "zijn", "zo", "zou", "zouden",
];

/// English: the same kinds of words.
pub const ENGLISH: &[&str] = &[
    "a", "about", "am", "an", "and", "are", "as", "at", "be", "by", "can", "could", "did", "do", "does",
    "for", "from", "get", "has", "have", "how", "i", "if", "in", "is", "it", "me", "my", "of", "on", "or",
    "our", "should", "so", "that", "the", "their", "there", "this", "to", "was", "we", "what", "when",
    "where", "which", "who", "why", "will", "with", "would", "you", "your",
];

/// German: the same kinds of words.
pub const GERMAN: &[&str] = &[
    "als", "am", "an", "auf", "aus", "bei", "bin", "bist", "das", "dass", "dein", "dem", "den", "der", "des",
    "die", "du", "ein", "eine", "einen", "einer", "er", "es", "fur", "hat", "ich", "ihr", "im", "in", "ist",
    "kann", "man", "mein", "meine", "mich", "mir", "mit", "muss", "nach", "nicht", "oder", "sie", "sind",
    "soll", "um", "und", "von", "wann", "warum", "was", "welche", "wer", "wie", "wo", "zu", "zum", "zur",
];

/// The function words of a language (its primary code: `nl`, `en-GB` -> `en`); none for a
/// language without a list, whose every word then counts.
pub fn for_language(code: &str) -> &'static [&'static str] {
    let primary = code.split(['-', '_']).next().unwrap_or(code).to_ascii_lowercase();
    match primary.as_str() {
        "nl" => DUTCH,
        "en" => ENGLISH,
        "de" => GERMAN,
        _ => &[],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_are_folded_and_sorted_without_duplicates() {
        for list in [DUTCH, ENGLISH, GERMAN] {
            assert!(list.windows(2).all(|w| w[0] < w[1]), "not sorted or a duplicate near {list:?}");
            assert!(list.iter().all(|w| w.chars().all(|c| c.is_ascii_lowercase())));
        }
    }

    #[test]
    fn a_language_is_found_by_its_primary_code() {
        assert!(for_language("nl").contains(&"hoe"));
        assert!(for_language("en-GB").contains(&"how"));
        assert!(for_language("ar").is_empty());
    }

    #[test]
    fn the_words_of_a_typed_question_are_function_words() {
        for word in ["hoe", "zet", "ik", "mijn", "dat", "alleen", "kunnen"] {
            assert!(DUTCH.contains(&word), "{word}");
        }
        // Subjects of pages in this domain stay content words.
        for word in ["zorg", "hulp", "kind", "melden", "online"] {
            assert!(!DUTCH.contains(&word), "{word}");
        }
    }
}
