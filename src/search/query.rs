//! The reference query: what `kennisbank search` answers, and what the browser client must
//! match (the parity test compares them). Query words are expanded against the vocabulary
//! exactly as the client does (exact form, prefix of the last word, typos, glossary synonyms),
//! then tantivy scores: every word must match; per word the best of its alternatives counts;
//! per alternative the boosted BM25 of each field is summed.

use serde::Serialize;
use tantivy::Term;
use tantivy::collector::TopDocs;
use tantivy::query::{
    BooleanQuery, BoostQuery, ConstScoreQuery, DisjunctionMaxQuery, Occur, Query, TermQuery,
};
use tantivy::schema::IndexRecordOption;

use super::export::shard_of;
use super::{FIELDS, SearchIndex, analyzer};

/// How many alternatives one word may expand to (prefix and typo candidates).
pub const MAX_EXPANSIONS: usize = 8;

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Hit {
    pub url: String,
    pub title: String,
    pub score: f32,
    pub kind: String,
}

#[derive(Debug, Clone, Default)]
pub struct Filters {
    pub kind: Option<String>,
    pub audience: Option<String>,
    pub topic: Option<String>,
}

/// Folded query words; the last one is completed as a prefix unless the query ends in a space.
pub fn query_words(query: &str) -> (Vec<String>, bool) {
    let words = analyzer::fold_words(query);
    let complete_last = !query.ends_with(char::is_whitespace);
    (words, complete_last)
}

/// The surface forms a query word stands for, in the order the client uses.
pub fn expand(index: &SearchIndex, word: &str, as_prefix: bool) -> Vec<String> {
    let mut forms: Vec<String> = Vec::new();
    if index.vocabulary.contains_key(word) {
        forms.push(word.to_string());
    }
    let Some(key) = shard_of(&index.shard_keys, word) else { return forms };
    // Candidates are the surface forms of the word's own shard, as the client has them.
    let shard: Vec<&String> =
        index.vocabulary.keys().filter(|s| shard_of(&index.shard_keys, s) == Some(key)).collect();
    if as_prefix {
        let mut longer: Vec<&String> =
            shard.iter().copied().filter(|s| s.starts_with(word) && s.as_str() != word).collect();
        longer.sort_by(|a, b| a.len().cmp(&b.len()).then(a.cmp(b)));
        forms.extend(longer.into_iter().take(MAX_EXPANSIONS).cloned());
    }
    if forms.is_empty() {
        let max = typo_distance(word);
        if max > 0 {
            let mut near: Vec<(usize, &String)> = shard
                .iter()
                .filter(|s| s.len().abs_diff(word.len()) <= max)
                .map(|s| (strsim::levenshtein(s, word), *s))
                .filter(|(d, _)| *d <= max)
                .collect();
            near.sort();
            forms.extend(near.into_iter().take(MAX_EXPANSIONS).map(|(_, s)| s.clone()));
        }
    }
    forms
}

/// Edits allowed for a word: 1 from 5 letters, 2 from 9.
pub fn typo_distance(word: &str) -> usize {
    match word.chars().count() {
        0..=4 => 0,
        5..=8 => 1,
        _ => 2,
    }
}

/// The analysed terms each query word may match (deduplicated, in a stable order).
pub fn alternatives(index: &SearchIndex, query: &str) -> Vec<Vec<String>> {
    let (words, complete_last) = query_words(query);
    let last = words.len().saturating_sub(1);
    words
        .iter()
        .enumerate()
        .filter(|(_, w)| w.len() <= analyzer::MAX_TOKEN_LEN)
        .map(|(i, word)| {
            let mut forms = expand(index, word, complete_last && i == last);
            if let Some(synonyms) = index.synonyms.get(word.as_str()) {
                for s in synonyms {
                    if index.vocabulary.contains_key(s) {
                        forms.push(s.clone());
                    }
                }
            }
            let mut terms: Vec<String> = Vec::new();
            for f in forms {
                if let Some(t) = index.vocabulary.get(&f)
                    && !terms.contains(t)
                {
                    terms.push(t.clone());
                }
            }
            terms
        })
        .collect()
}

pub fn search(index: &SearchIndex, query: &str, limit: usize, filters: &Filters) -> anyhow::Result<Vec<Hit>> {
    let groups = alternatives(index, query);
    if groups.is_empty() || groups.iter().any(Vec::is_empty) {
        return Ok(Vec::new());
    }
    let mut must: Vec<(Occur, Box<dyn Query>)> = groups
        .iter()
        .map(|terms| {
            let disjuncts: Vec<Box<dyn Query>> = terms
                .iter()
                .map(|term| {
                    let per_field: Vec<(Occur, Box<dyn Query>)> = index
                        .fields
                        .iter()
                        .zip(FIELDS)
                        .map(|(field, (_, boost))| {
                            let q = TermQuery::new(
                                Term::from_field_text(*field, term),
                                IndexRecordOption::WithFreqs,
                            );
                            (Occur::Should, Box::new(BoostQuery::new(Box::new(q), boost)) as Box<dyn Query>)
                        })
                        .collect();
                    Box::new(BooleanQuery::new(per_field)) as Box<dyn Query>
                })
                .collect();
            (Occur::Must, Box::new(DisjunctionMaxQuery::new(disjuncts)) as Box<dyn Query>)
        })
        .collect();
    for (field, value) in
        [(index.kind, &filters.kind), (index.audience, &filters.audience), (index.topic, &filters.topic)]
    {
        if let Some(v) = value {
            let q = TermQuery::new(Term::from_field_text(field, v), IndexRecordOption::Basic);
            must.push((Occur::Must, Box::new(ConstScoreQuery::new(Box::new(q), 0.0))));
        }
    }
    let reader = index.index.reader()?;
    let searcher = reader.searcher();
    let top = searcher.search(&BooleanQuery::new(must), &TopDocs::with_limit(limit.max(1)))?;
    let mut hits: Vec<(f32, u32)> = top.into_iter().map(|(score, address)| (score, address.doc_id)).collect();
    // Ties in a stable order: the lower document number (the client does the same).
    hits.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    Ok(hits
        .into_iter()
        .map(|(score, doc)| {
            let d = &index.docs[doc as usize];
            Hit { url: d.url.clone(), title: d.title.clone(), score, kind: d.kind.clone() }
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::super::tests::sample;
    use super::*;

    fn urls(index: &SearchIndex, q: &str) -> Vec<String> {
        search(index, q, 10, &Filters::default()).unwrap().into_iter().map(|h| h.url).collect()
    }

    #[test]
    fn compound_parts_find_the_compounds() {
        let index = sample();
        let found = urls(&index, "mishandeling ");
        for url in ["/km/", "/om/", "/mis/"] {
            assert!(found.contains(&url.to_string()), "{url} missing from {found:?}");
        }
        assert!(urls(&index, "huisverbod ").contains(&"/thv/".to_string()));
    }

    #[test]
    fn typos_prefixes_and_synonyms() {
        let index = sample();
        assert_eq!(urls(&index, "ouderenmishandling ").first().map(String::as_str), Some("/om/"));
        assert_eq!(urls(&index, "priv").first().map(String::as_str), Some("/x/"));
        assert_eq!(urls(&index, "thv ").first().map(String::as_str), Some("/thv/"));
    }

    #[test]
    fn every_word_must_match() {
        let index = sample();
        assert!(urls(&index, "cookies mishandeling ").is_empty());
        assert!(urls(&index, "zzzz ").is_empty());
    }

    #[test]
    fn title_outweighs_body() {
        let index = sample();
        assert_eq!(urls(&index, "kindermishandeling ").first().map(String::as_str), Some("/km/"));
    }
}
