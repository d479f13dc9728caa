//! The search manifest (`search/manifest.json`), typed: the one file of the client index with a
//! fixed name, naming every other file and carrying what the client needs to rank exactly as
//! the reference does. The ranking constants and the language's function words are written
//! here from the Rust constants of [`super::query`] and [`super::function_words`], so the
//! browser client reads them from the manifest and keeps no copy that could drift.
//! `docs/SEARCH-FORMAT.md` describes every field.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// The format of the client index; the client refuses any other. 4 added `ranking` and
/// `function_words`; 5 the compound weights of `ranking` and `infinitive_ending`.
pub const FORMAT_VERSION: u32 = 5;

/// `search/manifest.json`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Manifest {
    pub version: u32,
    pub language: String,
    /// Whether query compounds the site lacks are split (Dutch and German).
    pub compounds: bool,
    /// The ending of an infinitive whose stem query words complete from too (`en`: `plegen` ->
    /// `pleger`); empty when the language has none.
    pub infinitive_ending: String,
    pub doc_count: usize,
    pub k1: f32,
    pub b: f32,
    pub fields: Vec<String>,
    pub boosts: Vec<f32>,
    pub avg_fieldnorm: Vec<f32>,
    pub fieldnorm_table: Vec<u32>,
    pub vocab: String,
    pub bounds: Vec<String>,
    pub postings: String,
    pub docs: String,
    pub facets: String,
    pub synonyms: BTreeMap<String, Vec<String>>,
    pub max_token_len: usize,
    /// `[weight, [documents]]` per page kind that does not count fully.
    pub doc_weights: Vec<(f32, Vec<usize>)>,
    pub ranking: Ranking,
    /// The question and function words of `language`, folded.
    pub function_words: Vec<String>,
}

/// The constants of the query ([`super::query`]), as the client must use them.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Ranking {
    pub completion_weight: f32,
    pub function_weight: f32,
    /// A compound the site lacks: both parts, and one shared part.
    pub part_weight: f32,
    pub shared_part_weight: f32,
    pub title_bonus: f32,
    pub headings_bonus: f32,
    pub max_expansions: usize,
    pub max_inflection: usize,
    /// The shortest part of a query compound that is split off.
    pub min_part: usize,
    /// Linking sounds between the parts of a compound (`veiligheid|s|plan`).
    pub links: Vec<String>,
}

impl Ranking {
    /// The reference's constants.
    pub fn reference() -> Self {
        use super::query;
        Self {
            completion_weight: query::COMPLETION_WEIGHT,
            function_weight: query::FUNCTION_WEIGHT,
            part_weight: query::PART_WEIGHT,
            shared_part_weight: query::SHARED_PART_WEIGHT,
            title_bonus: query::TITLE_BONUS,
            headings_bonus: query::HEADINGS_BONUS,
            max_expansions: query::MAX_EXPANSIONS,
            max_inflection: query::MAX_INFLECTION,
            min_part: query::MIN_PART,
            links: super::analyzer::LINKS.iter().map(|s| s.to_string()).collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_manifest_of_an_index_reads_back_with_the_reference_constants() {
        let index = super::super::tests::sample();
        let files = super::super::export_files(&index, "search/").unwrap();
        let file = files.iter().find(|f| f.path == "search/manifest.json").expect("a manifest");
        let manifest: Manifest = serde_json::from_slice(&file.bytes).unwrap();
        assert_eq!(manifest.version, FORMAT_VERSION);
        assert_eq!(manifest.ranking, Ranking::reference());
        assert_eq!(manifest.ranking.function_weight, 0.25);
        assert!(manifest.function_words.iter().any(|w| w == "hoe"));
        assert_eq!(manifest.doc_count, index.docs.len());
    }
}
