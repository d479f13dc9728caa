//! The vocabulary the browser looks query words up in: surface form -> analysed term.
//!
//! Surface forms are every folded word of the corpus, every compound part (a part can be
//! searched on its own although it never stands alone in the text) and the infinitive of each
//! participle. A form's term is the query analyser's (no compound splitting), a function of the
//! form alone: serve remembers the last vocabulary between rebuilds, and only new forms are
//! stemmed.

use std::collections::BTreeMap;

use rayon::prelude::*;
use rustc_hash::FxHashMap;

use super::analyzer::{self, Analysis};
use super::corpus::Analysed;

/// Every surface form of the corpus and its term; forms in `known` (an earlier vocabulary of
/// the same language) are not analysed again.
pub fn vocabulary(
    analysed: &Analysed,
    analysis: Analysis,
    known: &FxHashMap<String, String>,
) -> BTreeMap<String, String> {
    let forms: Vec<Vec<(String, String)>> = analysed
        .words
        .par_iter()
        .map_init(
            || analysis.query_analyzer(),
            |query, word| {
                let mut forms = vec![word.clone()];
                forms.extend(analyzer::compound_parts(word, &analysed.dictionary));
                if analysis.participles() {
                    forms.extend(analyzer::participle_infinitive(word));
                }
                forms
                    .into_iter()
                    .filter_map(|form| {
                        let term = match known.get(&form) {
                            Some(term) => term.clone(),
                            None => analyzer::term_of(query, &form)?,
                        };
                        Some((form, term))
                    })
                    .collect()
            },
        )
        .collect();
    let mut vocabulary = BTreeMap::new();
    for (form, term) in forms.into_iter().flatten() {
        vocabulary.entry(form).or_insert(term);
    }
    vocabulary
}
