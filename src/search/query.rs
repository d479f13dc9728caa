//! The reference query: what `kennisbank search` answers, and what the browser client must
//! match (the parity test compares them). Query words are expanded against the vocabulary
//! exactly as the client does (exact form, prefix of the last word, typos, the parts of a
//! compound the corpus does not contain, glossary synonyms), then tantivy scores: every word
//! must match; per word the best of its alternatives counts; per alternative the boosted BM25 of
//! each field is summed. An alternative is one term, or for a glossary term of several words all
//! of its terms (each must occur; their scores add up).

use serde::Serialize;
use tantivy::Term;
use tantivy::collector::TopDocs;
use tantivy::query::{
    BooleanQuery, BoostQuery, ConstScoreQuery, DisjunctionMaxQuery, Occur, Query, TermQuery,
};
use tantivy::schema::IndexRecordOption;

use super::export::{shard_of, shard_range};
use super::{FIELDS, SearchIndex, analyzer};

/// How many alternatives one word may expand to (prefix and typo candidates).
pub const MAX_EXPANSIONS: usize = 8;
/// How many letters longer than a known last word its completions may be.
pub const MAX_INFLECTION: usize = 3;
/// The shortest part of a query compound that is split off (`buur|kind`).
const MIN_PART: usize = 4;

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
    // Candidates are the surface forms of the word's own shard, as the client has them.
    let shard: Vec<&String> =
        shard_range(&index.vocabulary, &index.shard_bounds, shard_of(&index.shard_bounds, word))
            .map(|(s, _)| s)
            .collect();
    // The last word is completed as a prefix; a word the site knows only to its inflections
    // (`mantelzorg` -> `mantelzorger`, `zorg` -> `zorgen`), since every longer form costs the
    // fetch of its postings (`school` would pull `schoolarts`, `schoolleiding`, ...).
    if as_prefix {
        let known = !forms.is_empty();
        let chars = word.chars().count();
        let mut longer: Vec<(usize, &String)> = shard
            .iter()
            .filter(|s| s.starts_with(word) && s.as_str() != word)
            .map(|s| (s.chars().count(), *s))
            .filter(|(n, _)| !known || *n <= chars + MAX_INFLECTION)
            .collect();
        longer.sort();
        forms.extend(longer.into_iter().take(MAX_EXPANSIONS).map(|(_, s)| s.clone()));
    }
    if forms.is_empty() {
        let max = typo_distance(word);
        if max > 0 {
            let mut near: Vec<(usize, &String)> = shard
                .iter()
                .filter(|s| s.chars().count().abs_diff(word.chars().count()) <= max)
                .map(|s| (strsim::levenshtein(s, word), *s))
                .filter(|(d, _)| *d <= max)
                .collect();
            near.sort();
            forms.extend(near.into_iter().take(MAX_EXPANSIONS).map(|(_, s)| s.clone()));
        }
    }
    if forms.is_empty() {
        forms.extend(split_compound(index, word));
    }
    forms
}

/// A word the corpus does not contain that is two corpus words glued together (`buurkind`,
/// `veiligheidsplan`), as its modifier and head: the longest known modifier wins, a linking
/// sound may sit between them. Both parts then stand for the word, as the parts of a compound
/// in the text do at index time. The modifier shares the word's shard, so the client needs
/// only the shard of the head.
pub fn split_compound(index: &SearchIndex, word: &str) -> Vec<String> {
    if !index.analysis.compounds || !word.is_ascii() {
        return Vec::new();
    }
    for cut in (MIN_PART..=word.len().saturating_sub(MIN_PART)).rev() {
        let (modifier, rest) = word.split_at(cut);
        if !index.vocabulary.contains_key(modifier) {
            continue;
        }
        for link in analyzer::LINKS {
            if let Some(head) = rest.strip_prefix(link)
                && head.len() >= MIN_PART
                && index.vocabulary.contains_key(head)
            {
                return vec![modifier.to_string(), head.to_string()];
            }
        }
    }
    Vec::new()
}

/// Edits allowed for a word: 1 from 5 letters, 2 from 9.
pub fn typo_distance(word: &str) -> usize {
    match word.chars().count() {
        0..=4 => 0,
        5..=8 => 1,
        _ => 2,
    }
}

/// The alternatives each query word may match (deduplicated, in a stable order): single
/// terms, then the glossary term the word abbreviates as one alternative of all its terms (it
/// counts only when all its words occur: `RiHG` is not any page that says `geweld`).
pub fn alternatives(index: &SearchIndex, query: &str) -> Vec<Vec<Vec<String>>> {
    let (words, complete_last) = query_words(query);
    let last = words.len().saturating_sub(1);
    words
        .iter()
        .enumerate()
        .filter(|(_, w)| w.len() <= analyzer::MAX_TOKEN_LEN)
        .map(|(i, word)| {
            let mut alternatives: Vec<Vec<String>> = Vec::new();
            for f in expand(index, word, complete_last && i == last) {
                if let Some(t) = index.vocabulary.get(&f) {
                    let alternative = vec![t.clone()];
                    if !alternatives.contains(&alternative) {
                        alternatives.push(alternative);
                    }
                }
            }
            if let Some(synonyms) = index.synonyms.get(word.as_str()) {
                let mut all: Vec<String> = Vec::new();
                for s in synonyms {
                    match index.vocabulary.get(s) {
                        Some(t) if !all.contains(t) => all.push(t.clone()),
                        Some(_) => {}
                        None => {
                            all.clear();
                            break;
                        }
                    }
                }
                if !all.is_empty() && !alternatives.contains(&all) {
                    alternatives.push(all);
                }
            }
            alternatives
        })
        .collect()
}

pub fn search(index: &SearchIndex, query: &str, limit: usize, filters: &Filters) -> anyhow::Result<Vec<Hit>> {
    let groups = alternatives(index, query);
    if groups.is_empty() || groups.iter().any(Vec::is_empty) {
        return Ok(Vec::new());
    }
    // One term in any field, each field with its boost; the scores of the fields add up.
    let term_query = |term: &String| -> Box<dyn Query> {
        let per_field: Vec<(Occur, Box<dyn Query>)> = index
            .fields
            .iter()
            .zip(FIELDS)
            .map(|(field, (_, boost))| {
                let q = TermQuery::new(Term::from_field_text(*field, term), IndexRecordOption::WithFreqs);
                (Occur::Should, Box::new(BoostQuery::new(Box::new(q), boost)) as Box<dyn Query>)
            })
            .collect();
        Box::new(BooleanQuery::new(per_field))
    };
    let mut must: Vec<(Occur, Box<dyn Query>)> = groups
        .iter()
        .map(|alternatives| {
            let disjuncts: Vec<Box<dyn Query>> = alternatives
                .iter()
                .map(|terms| match terms.as_slice() {
                    [term] => term_query(term),
                    _ => Box::new(BooleanQuery::new(
                        terms.iter().map(|t| (Occur::Must, term_query(t))).collect(),
                    )) as Box<dyn Query>,
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

    fn index_of(pages: &[(&str, &str, &str)]) -> SearchIndex {
        let docs = pages
            .iter()
            .map(|(url, title, body)| super::super::SearchDoc {
                url: url.to_string(),
                title: title.to_string(),
                body: body.to_string(),
                kind: "guidance".into(),
                ..Default::default()
            })
            .collect();
        let mut synonyms = std::collections::BTreeMap::new();
        synonyms.insert("thv".to_string(), vec!["tijdelijk".to_string(), "huisverbod".to_string()]);
        super::super::build(docs, synonyms, "nl").unwrap()
    }

    #[test]
    fn a_glossary_term_counts_only_as_a_whole() {
        let index = index_of(&[
            ("/thv/", "Het huisverbod", "Een tijdelijk huisverbod duurt tien dagen."),
            ("/tijd/", "Tijdelijk", "Tijdelijk gesloten."),
            ("/verbod/", "Verboden", "Een huisverbod of een contactverbod."),
        ]);
        assert_eq!(alternatives(&index, "thv ")[0].last().map(Vec::len), Some(2));
        assert_eq!(urls(&index, "thv "), ["/thv/"]);
    }

    #[test]
    fn an_unknown_compound_is_searched_as_its_parts() {
        let index = index_of(&[
            ("/kind/", "Zorgen over een kind", "Wat je doet als een kind thuis niet veilig is."),
            ("/buur/", "De buur", "Een buur hoort iets."),
            ("/plan/", "Een plan", "Een plan voor veiligheid."),
        ]);
        assert_eq!(split_compound(&index, "buurkind"), ["buur", "kind"]);
        assert_eq!(split_compound(&index, "veiligheidsplan"), ["veiligheid", "plan"]);
        assert!(split_compound(&index, "kind").is_empty());
        assert_eq!(urls(&index, "zorgen buurkind ").first().map(String::as_str), Some("/kind/"));
        assert_eq!(urls(&index, "buurkind ").len(), 2);
    }

    #[test]
    fn title_outweighs_body() {
        let index = sample();
        assert_eq!(urls(&index, "kindermishandeling ").first().map(String::as_str), Some("/km/"));
    }
}
