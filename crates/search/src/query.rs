//! The reference query: what `kennisbank search` answers, and what the browser client must
//! match (the parity test compares them). Query words are expanded against the vocabulary
//! exactly as the client does (exact form, prefix of the last word, typos, the parts of a
//! compound the corpus does not contain, together or one shared, glossary synonyms), then
//! tantivy scores: every word must match; per word the best of its alternatives counts; per
//! alternative the boosted BM25 of each field is summed. An alternative is one term, or for a
//! glossary term of several words all of its terms (each must occur; their scores add up).

use serde::Serialize;
use tantivy::Term;
use tantivy::collector::TopDocs;
use tantivy::query::{
    BooleanQuery, BoostQuery, ConstScoreQuery, DisjunctionMaxQuery, Occur, Query, TermQuery,
};
use tantivy::schema::IndexRecordOption;

use super::shards::{shard_of, shard_range};
use super::{FIELDS, SearchIndex, analyzer};

/// How many alternatives one word may expand to (prefix and typo candidates).
pub const MAX_EXPANSIONS: usize = 8;
/// How many letters longer than a known last word its completions may be.
pub const MAX_INFLECTION: usize = 3;
/// The shortest part of a query compound that is split off (`buur|kind`).
pub const MIN_PART: usize = 4;

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Hit {
    pub url: String,
    pub title: String,
    pub score: f32,
    pub kind: String,
    /// No page holds every searched word, so this one holds only some of them ([`search`]'s
    /// fallback); the results page says so. Left out of JSON when false.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub partial: bool,
}

#[derive(Debug, Clone, Default)]
pub struct Filters {
    pub kind: Option<String>,
    pub audience: Option<String>,
    pub topic: Option<String>,
}

/// A completion of a word the site knows as it is typed (or a glossary abbreviation) counts
/// half: `km` the abbreviation comes before `kmo`, `mda` before `mdas`.
pub const COMPLETION_WEIGHT: f32 = 0.5;
/// A question or function word next to content words counts a quarter, and is not required.
pub const FUNCTION_WEIGHT: f32 = 0.25;
/// A compound the site never uses matches the pages that have both its parts at this weight
/// (`fouten afhandelen` for `foutafhandeling`), and those with one part of it, alone or in
/// another compound, at [`SHARED_PART_WEIGHT`] (`database` for `databank`): below a word the
/// site knows, since a part says less than the whole.
pub const PART_WEIGHT: f32 = 0.5;
pub const SHARED_PART_WEIGHT: f32 = 0.25;
/// Bonus factors when every required query word (two or more) is in the title, or in the
/// headings.
pub const TITLE_BONUS: f32 = 1.5;
pub const HEADINGS_BONUS: f32 = 1.25;

/// Score factors of page kinds whose text repeats or summarises other pages: a slide deck says
/// its subject on every slide and teaches what the guidance pages explain, so for `meldcode` the
/// meldcode's own page comes before the deck about it. Other kinds count fully.
pub const KIND_WEIGHTS: &[(&str, f32)] = &[("slides", 0.5)];

/// The score factor of a page of `kind` ([`KIND_WEIGHTS`]).
pub fn kind_weight(kind: &str) -> f32 {
    KIND_WEIGHTS.iter().find(|(k, _)| *k == kind).map_or(1.0, |(_, w)| *w)
}

/// One query word: what it may match, and whether a page must match it.
#[derive(Debug, Clone, PartialEq)]
pub struct Group {
    pub word: String,
    pub alternatives: Vec<Alternative>,
    pub required: bool,
}

/// One way a query word matches: all of `terms` (one, or the words of a glossary term), its
/// score multiplied by `weight`.
#[derive(Debug, Clone, PartialEq)]
pub struct Alternative {
    pub terms: Vec<String>,
    pub weight: f32,
}

/// One query word as typed: folded, whether it is completed as a prefix (the last one, unless
/// the query ends in a space), and for a hyphenated word its parts.
#[derive(Debug, Clone, PartialEq)]
pub struct QueryWord {
    pub word: String,
    pub prefix: bool,
    pub parts: Vec<String>,
}

/// The query's words. A hyphenated word (`ex-partner`) is one word, closed (`expartner`), when
/// the site knows that form (the index has the closed form of every hyphenated word); it then
/// also matches a page that has all its parts (`0-4` on a page that says `0 tot 4`). Otherwise
/// its parts are words of their own.
pub fn query_words(index: &SearchIndex, query: &str) -> Vec<QueryWord> {
    let runs = analyzer::fold_runs(query);
    let complete_last = !query.ends_with(char::is_whitespace);
    let mut words = Vec::new();
    for (i, run) in runs.iter().enumerate() {
        let last = complete_last && i + 1 == runs.len();
        if run.len() > 1 {
            let closed = run.concat();
            let completion = if last { Completion::Prefix } else { Completion::Inflections };
            let known = || {
                !expand(index, &closed, completion).is_empty()
                    || split_compound(index, &closed).is_some_and(|s| !s.head.is_empty())
            };
            if closed.len() <= analyzer::MAX_TOKEN_LEN && known() {
                words.push(QueryWord { word: closed, prefix: last, parts: run.clone() });
                continue;
            }
        }
        let n = run.len();
        words.extend(run.iter().enumerate().map(|(j, w)| QueryWord {
            word: w.clone(),
            prefix: last && j + 1 == n,
            parts: Vec::new(),
        }));
    }
    words
}

/// How a query word is completed to the longer words of the site that start with it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Completion {
    /// The last word as it is being typed: every completion of a word the site does not know,
    /// a known word only to its inflections.
    Prefix,
    /// Any other content word: to its inflections ([`MAX_INFLECTION`] letters more), since the
    /// stemmer does not join every verb form (`herken` -> `herk`, `herkennen` -> `herken`).
    Inflections,
    /// A function word: not completed.
    None,
}

/// The surface forms a query word stands for, in the order the client uses.
pub fn expand(index: &SearchIndex, word: &str, completion: Completion) -> Vec<String> {
    let mut forms: Vec<String> = Vec::new();
    if index.vocabulary.contains_key(word) {
        forms.push(word.to_string());
    }
    // Candidates are the surface forms of the word's own shard, as the client has them.
    let shard: Vec<&String> =
        shard_range(&index.vocabulary, &index.shard_bounds, shard_of(&index.shard_bounds, word))
            .map(|(s, _)| s)
            .collect();
    // Completions are limited to inflections (`mantelzorg` -> `mantelzorger`, `zorg` ->
    // `zorgen`), since every longer form costs the fetch of its postings (`school` would pull
    // `schoolarts`, `schoolleiding`, ...); only a last word the site does not know is completed
    // to anything longer.
    let known = !forms.is_empty();
    let chars = word.chars().count();
    let any_length = completion == Completion::Prefix && !known;
    let completes = match completion {
        Completion::Prefix => true,
        Completion::Inflections => chars >= MIN_PART,
        Completion::None => false,
    };
    // A Dutch infinitive also completes from its stem, to the nouns and forms made from it
    // (`plegen` -> `pleger`, `plegers`; `dreigen` -> `dreiging`), which neither Snowball nor
    // a completion of the whole word reaches.
    let stem = infinitive_stem(index, word);
    let stem_chars = stem.map_or(0, |s| s.chars().count());
    if completes {
        let mut longer: Vec<(usize, &String)> = shard
            .iter()
            .filter(|s| s.as_str() != word)
            .map(|s| (s.chars().count(), *s))
            .filter(|(n, s)| {
                (s.starts_with(word) && (any_length || *n <= chars + MAX_INFLECTION))
                    || stem.is_some_and(|t| {
                        s.starts_with(t) && !s.starts_with(word) && *n <= stem_chars + MAX_INFLECTION
                    })
            })
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
                .map(|s| (strsim::osa_distance(s, word), *s))
                .filter(|(d, _)| *d <= max)
                .collect();
            near.sort();
            forms.extend(near.into_iter().take(MAX_EXPANSIONS).map(|(_, s)| s.clone()));
        }
    }
    forms
}

/// The stem of an infinitive ([`super::analyzer::INFINITIVE_ENDING`], Dutch only) of at least
/// [`MIN_PART`] letters: `plegen` -> `pleg`.
fn infinitive_stem<'w>(index: &SearchIndex, word: &'w str) -> Option<&'w str> {
    let ending = index.analysis.infinitive_ending()?;
    word.strip_suffix(ending).filter(|s| s.chars().count() >= MIN_PART)
}

/// A query compound the site never uses, cut into a modifier and a head (`foutafhandeling` ->
/// `fout` + `afhandeling`, `databank` -> `data` + `bank`), each with the surface forms that
/// stand for it ([`split_compound`]).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct CompoundSplit {
    /// The modifier's forms: itself if known, then the longer words that begin with it
    /// (inflections and other compounds of it: `data` -> `database`), fewest letters first.
    pub modifier: Vec<String>,
    /// The head's forms, as a typed word gets them (itself, inflections, typos); empty when no
    /// cut leaves a head the site knows: then only the modifier is shared.
    pub head: Vec<String>,
}

/// Which part of a compound a lookup is for ([`compound_split`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    Modifier,
    Head,
}

/// The rule that cuts a query compound, shared with the client (`splitCompound` in
/// `search-words.js`), with the lookups left to the caller: `forms(part, role)` gives the
/// surface forms that stand for a part. Cuts go from the longest modifier down; both parts have
/// at least `min_part` letters and a linking sound of `links` may sit between them
/// (`veiligheid|s|plan`). The first cut whose modifier and head both have forms wins; if none
/// does, the longest modifier with forms is kept alone (`data` of `databank`, when the site
/// writes `database` but never `bank`). The head is looked up only after a modifier with
/// forms (the client fetches the head's shard for it). ASCII words only.
pub fn compound_split(
    word: &str,
    min_part: usize,
    links: &[&str],
    mut forms: impl FnMut(&str, Part) -> Vec<String>,
) -> Option<CompoundSplit> {
    if !word.is_ascii() || word.len() < 2 * min_part {
        return None;
    }
    let mut modifier_only = None;
    for cut in (min_part..=word.len() - min_part).rev() {
        let (modifier, rest) = word.split_at(cut);
        let modifier_forms = forms(modifier, Part::Modifier);
        if modifier_forms.is_empty() {
            continue;
        }
        for link in links {
            if let Some(head) = rest.strip_prefix(link)
                && head.len() >= min_part
            {
                let head_forms = forms(head, Part::Head);
                if !head_forms.is_empty() {
                    return Some(CompoundSplit { modifier: modifier_forms, head: head_forms });
                }
            }
        }
        modifier_only.get_or_insert(modifier_forms);
    }
    modifier_only.map(|modifier| CompoundSplit { modifier, head: Vec::new() })
}

/// [`compound_split`] against this index's vocabulary, as the client does it against the
/// shards: a modifier's forms are itself and up to [`MAX_EXPANSIONS`] longer words that begin
/// with it; a head's are those of a typed word ([`expand`]).
pub fn split_compound(index: &SearchIndex, word: &str) -> Option<CompoundSplit> {
    if !index.analysis.compounds {
        return None;
    }
    compound_split(word, MIN_PART, &analyzer::LINKS, |part, role| match role {
        Part::Modifier => modifier_forms(index, part),
        Part::Head => expand(index, part, Completion::Inflections),
    })
}

/// A modifier itself (if known) and the longer words of its shard that begin with it, fewest
/// letters first.
fn modifier_forms(index: &SearchIndex, modifier: &str) -> Vec<String> {
    let shard = shard_of(&index.shard_bounds, modifier);
    let mut forms: Vec<String> = Vec::new();
    if index.vocabulary.contains_key(modifier) {
        forms.push(modifier.to_string());
    }
    let mut longer: Vec<(usize, &String)> = shard_range(&index.vocabulary, &index.shard_bounds, shard)
        .map(|(s, _)| s)
        .filter(|s| s.starts_with(modifier) && s.as_str() != modifier)
        .map(|s| (s.chars().count(), s))
        .collect();
    longer.sort();
    forms.extend(longer.into_iter().take(MAX_EXPANSIONS).map(|(_, s)| s.clone()));
    forms
}

/// Edits allowed for a word: 1 from 5 letters, 2 from 9. An edit is an insertion, a deletion,
/// a substitution or a swap of two neighbouring letters (`meldocde`): optimal string alignment
/// distance, as the client computes it.
pub fn typo_distance(word: &str) -> usize {
    match word.chars().count() {
        0..=4 => 0,
        5..=8 => 1,
        _ => 2,
    }
}

/// What each query word may match (alternatives deduplicated, in a stable order): single
/// terms (completions of a known word at [`COMPLETION_WEIGHT`]), then the glossary term the word
/// abbreviates as one alternative of all its terms (it counts only when all its words occur:
/// `RiHG` is not any page that says `geweld`), then for a hyphenated word all its parts as one
/// alternative. Function words are optional, at [`FUNCTION_WEIGHT`], unless the query has
/// nothing else.
pub fn alternatives(index: &SearchIndex, query: &str) -> Vec<Group> {
    let words = query_words(index, query);
    let function_words = super::function_words::for_language(&index.lang);
    let all_function = words.iter().all(|w| function_words.contains(&w.word.as_str()));
    words
        .iter()
        .map(|QueryWord { word, prefix, parts }| {
            let required = all_function || !function_words.contains(&word.as_str());
            let completion = match (required, *prefix) {
                (false, _) => Completion::None,
                (true, true) => Completion::Prefix,
                (true, false) => Completion::Inflections,
            };
            let base = if required { 1.0 } else { FUNCTION_WEIGHT };
            let exact = index.vocabulary.contains_key(word) || index.synonyms.contains_key(word);
            let mut alternatives: Vec<Alternative> = Vec::new();
            let mut add = |terms: Vec<String>, weight: f32| {
                if !alternatives.iter().any(|a| a.terms == terms) {
                    alternatives.push(Alternative { terms, weight });
                }
            };
            let forms = expand(index, word, completion);
            for f in &forms {
                if let Some(t) = index.vocabulary.get(f) {
                    let completed = exact && f != word;
                    add(vec![t.clone()], if completed { base * COMPLETION_WEIGHT } else { base });
                }
            }
            // A compound the site never uses: its parts together, written apart or hyphenated
            // (`fouten afhandelen` for `foutafhandeling`), then a part it shares with the
            // site's own words (`database` for `databank`, `error afhandeling`).
            if forms.is_empty()
                && required
                && !index.synonyms.contains_key(word)
                && let Some(split) = split_compound(index, word)
            {
                let term = |f: &String| index.vocabulary.get(f).cloned();
                if let (Some(m), Some(h)) =
                    (split.modifier.first().and_then(term), split.head.first().and_then(term))
                {
                    let mut both = vec![m];
                    if !both.contains(&h) {
                        both.push(h);
                    }
                    add(both, base * PART_WEIGHT);
                }
                for f in split.head.iter().chain(&split.modifier) {
                    if let Some(t) = term(f) {
                        add(vec![t], base * SHARED_PART_WEIGHT);
                    }
                }
            }
            // The glossary term the word abbreviates; the parts of a hyphenated word.
            for words in [index.synonyms.get(word.as_str()).map_or(&[][..], Vec::as_slice), parts.as_slice()]
            {
                let all = all_terms(index, words);
                if !all.is_empty() {
                    add(all, base);
                }
            }
            Group { word: word.clone(), alternatives, required }
        })
        .filter(|g| g.required || !g.alternatives.is_empty())
        .collect()
}

/// The distinct terms of `words`, or none when one of them is not a word of the site.
fn all_terms(index: &SearchIndex, words: &[String]) -> Vec<String> {
    let mut all: Vec<String> = Vec::new();
    for w in words {
        match index.vocabulary.get(w) {
            Some(t) if !all.contains(t) => all.push(t.clone()),
            Some(_) => {}
            None => return Vec::new(),
        }
    }
    all
}

/// The query words that are searched: a word the site does not contain in any form (no
/// alternative) is left out when another required word matches, so one unknown word (a name, a
/// typo beyond repair) does not hide the pages the other words find; the reader is told which
/// words were left out ([`left_out`]). A query of only unknown words finds nothing.
pub fn searched(groups: Vec<Group>) -> Vec<Group> {
    if some_required_word_matches(&groups) {
        groups.into_iter().filter(|g| !g.alternatives.is_empty()).collect()
    } else {
        Vec::new()
    }
}

/// The words [`searched`] leaves out, as typed (folded).
pub fn left_out(groups: &[Group]) -> Vec<String> {
    if some_required_word_matches(groups) {
        groups.iter().filter(|g| g.alternatives.is_empty()).map(|g| g.word.clone()).collect()
    } else {
        Vec::new()
    }
}

fn some_required_word_matches(groups: &[Group]) -> bool {
    groups.iter().any(|g| g.required && !g.alternatives.is_empty())
}

/// The ranked pages for `query`. A page must hold every required word; when no page holds them
/// all (two or more), the pages that hold some are ranked instead, by how many they hold and how
/// rare those are: the score of the words a page holds times the share of required words it
/// holds (`matched / required`); every hit is then marked `partial`. Filters apply after that
/// choice, as in the client.
pub fn search(index: &SearchIndex, query: &str, limit: usize, filters: &Filters) -> anyhow::Result<Vec<Hit>> {
    let groups = searched(alternatives(index, query));
    if groups.is_empty() {
        return Ok(Vec::new());
    }
    // One term in any field, each field with its boost (times the alternative's weight); the
    // scores of the fields add up.
    let terms = groups.iter().flat_map(|g| &g.alternatives).flat_map(|a| &a.terms).map(String::as_str);
    let (engine, postings) = index.engine_for(terms)?;
    let statistics = super::engine::CorpusStatistics { engine: &engine, postings, docs: &index.docs };
    let term_query = |term: &String, weight: f32| -> Box<dyn Query> {
        let per_field: Vec<(Occur, Box<dyn Query>)> = engine
            .fields
            .iter()
            .zip(FIELDS)
            .map(|(field, (_, boost))| {
                let q = TermQuery::new(Term::from_field_text(*field, term), IndexRecordOption::WithFreqs);
                (Occur::Should, Box::new(BoostQuery::new(Box::new(q), boost * weight)) as Box<dyn Query>)
            })
            .collect();
        Box::new(BooleanQuery::new(per_field))
    };
    let group_query = |group: &Group| -> Box<dyn Query> {
        let disjuncts: Vec<Box<dyn Query>> = group
            .alternatives
            .iter()
            .map(|a| match a.terms.as_slice() {
                [term] => term_query(term, a.weight),
                _ => Box::new(BooleanQuery::new(
                    a.terms.iter().map(|t| (Occur::Must, term_query(t, a.weight))).collect(),
                )) as Box<dyn Query>,
            })
            .collect();
        Box::new(DisjunctionMaxQuery::new(disjuncts))
    };
    let required: Vec<&Group> = groups.iter().filter(|g| g.required).collect();
    let required_queries: Vec<Box<dyn Query>> = required.iter().map(|g| group_query(g)).collect();
    let optional_clauses = || -> Vec<(Occur, Box<dyn Query>)> {
        groups.iter().filter(|g| !g.required).map(|g| (Occur::Should, group_query(g))).collect()
    };
    let reader = engine.index.reader()?;
    let searcher = reader.searcher();
    let positions = super::engine::positions(&searcher)?;
    let each = |occur: Occur| -> Vec<(Occur, Box<dyn Query>)> {
        required_queries.iter().map(|q| (occur, q.box_clone())).collect()
    };
    let partial = required.len() >= 2
        && searcher.search(&BooleanQuery::new(each(Occur::Must)), &tantivy::collector::Count)? == 0;
    let mut clauses = if partial {
        vec![(Occur::Must, Box::new(BooleanQuery::new(each(Occur::Should))) as Box<dyn Query>)]
    } else {
        each(Occur::Must)
    };
    clauses.extend(optional_clauses());
    for (field, value) in
        [(engine.kind, &filters.kind), (engine.audience, &filters.audience), (engine.topic, &filters.topic)]
    {
        if let Some(v) = value {
            let q = TermQuery::new(Term::from_field_text(field, v), IndexRecordOption::Basic);
            clauses.push((Occur::Must, Box::new(ConstScoreQuery::new(Box::new(q), 0.0))));
        }
    }
    // Every match: the title bonus may lift a page from far down.
    let all = TopDocs::with_limit(index.docs.len().max(1));
    let top = searcher.search_with_statistics_provider(&BooleanQuery::new(clauses), &all, &statistics)?;
    let (in_title, in_headings) = if required.len() >= 2 {
        (
            all_in_field(&searcher, &positions, engine.fields[0], &required)?,
            all_in_field(&searcher, &positions, engine.fields[1], &required)?,
        )
    } else {
        Default::default()
    };
    // How many required words each page holds (only needed for the fallback).
    let mut matched: std::collections::HashMap<u32, u32> = std::collections::HashMap::new();
    if partial {
        for q in &required_queries {
            for address in searcher.search(q.as_ref(), &tantivy::collector::DocSetCollector)? {
                *matched
                    .entry(positions[address.segment_ord as usize][address.doc_id as usize])
                    .or_default() += 1;
            }
        }
    }
    let mut hits: Vec<(f32, u32)> = top
        .into_iter()
        .map(|(score, address)| {
            let doc = positions[address.segment_ord as usize][address.doc_id as usize];
            let bonus = if in_title.contains(&doc) {
                TITLE_BONUS
            } else if in_headings.contains(&doc) {
                HEADINGS_BONUS
            } else {
                1.0
            };
            let score = score * bonus * kind_weight(&index.docs[doc as usize].kind);
            if partial { (score * coverage(matched[&doc], required.len()), doc) } else { (score, doc) }
        })
        .collect();
    // Ties in a stable order: the lower document number (the client does the same).
    hits.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    hits.truncate(limit.max(1));
    Ok(hits
        .into_iter()
        .map(|(score, doc)| {
            let d = &index.docs[doc as usize];
            Hit { url: d.url.clone(), title: d.title.clone(), score, kind: d.kind.clone(), partial }
        })
        .collect())
}

/// The score factor of a page that holds `matched` of the `required` words, when no page holds
/// them all: a page with two of three words before one with a single rarer word, unless that
/// word weighs more than twice as much.
pub fn coverage(matched: u32, required: usize) -> f32 {
    matched as f32 / required as f32
}

/// The documents that have every one of `groups` in `field` (some alternative of each, all of
/// its terms).
fn all_in_field(
    searcher: &tantivy::Searcher,
    positions: &[Vec<u32>],
    field: tantivy::schema::Field,
    groups: &[&Group],
) -> anyhow::Result<std::collections::HashSet<u32>> {
    use tantivy::collector::DocSetCollector;
    let clauses: Vec<(Occur, Box<dyn Query>)> = groups
        .iter()
        .map(|g| {
            let any: Vec<(Occur, Box<dyn Query>)> = g
                .alternatives
                .iter()
                .map(|a| {
                    let all: Vec<(Occur, Box<dyn Query>)> = a
                        .terms
                        .iter()
                        .map(|t| {
                            let q = TermQuery::new(Term::from_field_text(field, t), IndexRecordOption::Basic);
                            (Occur::Must, Box::new(q) as Box<dyn Query>)
                        })
                        .collect();
                    (Occur::Should, Box::new(BooleanQuery::new(all)) as Box<dyn Query>)
                })
                .collect();
            (Occur::Must, Box::new(BooleanQuery::new(any)) as Box<dyn Query>)
        })
        .collect();
    let docs = searcher.search(&BooleanQuery::new(clauses), &DocSetCollector)?;
    Ok(docs.into_iter().map(|a| positions[a.segment_ord as usize][a.doc_id as usize]).collect())
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
    fn a_query_of_only_unknown_words_finds_nothing() {
        let index = sample();
        assert!(urls(&index, "zzzz ").is_empty());
    }

    #[test]
    fn a_word_on_no_page_is_left_out_and_named() {
        let index = sample();
        let with = urls(&index, "qqqqq mishandeling ");
        assert!(!with.is_empty());
        assert_eq!(with, urls(&index, "mishandeling "));
        assert_eq!(left_out(&alternatives(&index, "qqqqq mishandeling ")), ["qqqqq"]);
        assert!(left_out(&alternatives(&index, "mishandeling ")).is_empty());
        assert!(left_out(&alternatives(&index, "qqqqq zzzzz")).is_empty());
    }

    #[test]
    fn an_unknown_word_anywhere_stands_for_its_inflections() {
        let index = index_of(&[
            ("/herkennen/", "Ouderenmishandeling herkennen", "Signalen bij een oudere."),
            ("/oudere/", "Ouderenmishandeling", "Wat je doet."),
        ]);
        assert!(expand(&index, "herken", Completion::Inflections).contains(&"herkennen".to_string()));
        assert_eq!(urls(&index, "herken ouderenmishandeling")[0], "/herkennen/");
    }

    fn index_of(pages: &[(&str, &str, &str)]) -> SearchIndex {
        let docs = pages
            .iter()
            .map(|(url, title, body)| super::super::SearchDoc {
                url: url.to_string(),
                title: title.to_string(),
                body: (*body).into(),
                kind: "guidance".into(),
                ..Default::default()
            })
            .collect();
        let mut synonyms = std::collections::BTreeMap::new();
        synonyms.insert("thv".to_string(), vec!["tijdelijk".to_string(), "huisverbod".to_string()]);
        let glossary = super::super::Glossary::default();
        super::super::build(docs, synonyms, &glossary, "nl", super::super::Purpose::Query, None).unwrap()
    }

    #[test]
    fn a_glossary_term_counts_only_as_a_whole() {
        let index = index_of(&[
            ("/thv/", "Het huisverbod", "Een tijdelijk huisverbod duurt tien dagen."),
            ("/tijd/", "Tijdelijk", "Tijdelijk gesloten."),
            ("/verbod/", "Verboden", "Een huisverbod of een contactverbod."),
        ]);
        assert_eq!(alternatives(&index, "thv ")[0].alternatives.last().map(|a| a.terms.len()), Some(2));
        assert_eq!(urls(&index, "thv "), ["/thv/"]);
    }

    #[test]
    fn an_unknown_compound_is_searched_as_its_parts() {
        let index = index_of(&[
            ("/kind/", "Zorgen over een kind", "Wat je doet als een kind thuis niet veilig is."),
            ("/buur/", "De buur", "Een buur hoort iets."),
            ("/plan/", "Een plan", "Een plan voor veiligheid."),
        ]);
        let split = |w: &str| split_compound(&index, w).map(|s| (s.modifier, s.head));
        assert_eq!(split("buurkind"), Some((vec!["buur".into()], vec!["kind".into()])));
        assert_eq!(split("veiligheidsplan"), Some((vec!["veiligheid".into()], vec!["plan".into()])));
        assert_eq!(split("kind"), None);
        assert_eq!(urls(&index, "zorgen buurkind ").first().map(String::as_str), Some("/kind/"));
        assert_eq!(urls(&index, "buurkind ").len(), 2);
    }

    #[test]
    fn the_compound_rule_cuts_at_the_longest_modifier_with_a_head_and_else_keeps_the_modifier() {
        let words = ["fout", "fouten", "afhandeling", "data", "database", "veiligheid", "plan"];
        let forms = |part: &str, _: Part| -> Vec<String> {
            words.iter().filter(|w| w.starts_with(part)).map(|w| w.to_string()).collect()
        };
        let links = analyzer::LINKS;
        let split = |w: &str| compound_split(w, MIN_PART, &links, forms);
        let both = split("foutafhandeling").unwrap();
        assert_eq!(
            (both.modifier.as_slice(), both.head.as_slice()),
            (&["fout".to_string(), "fouten".into()][..], &["afhandeling".to_string()][..])
        );
        // A linking sound between the parts.
        assert_eq!(split("veiligheidsplan").unwrap().head, ["plan"]);
        // No head the site knows: the modifier alone, with the compounds that begin with it.
        let shared = split("databank").unwrap();
        assert_eq!(shared.modifier, ["data", "database"]);
        assert!(shared.head.is_empty());
        // Parts of fewer than four letters are not cut off; non-ASCII words are not cut.
        assert_eq!(split("datbank"), None);
        assert_eq!(split("fouté"), None);
    }

    #[test]
    fn a_compound_the_site_lacks_finds_its_parts_apart_and_a_shared_part_below_them() {
        let index = index_of(&[
            ("/errors/", "Error afhandeling", "Zo vang je een error af."),
            ("/apart/", "Fouten afhandelen", "Wat doe je met fouten? Je moet ze afhandelen."),
            ("/database/", "Een database kiezen", "Een database bewaart je gegevens."),
            ("/fout/", "Fout", "Een fout maken mag."),
            ("/css/", "Opmaak", "Kleuren en letters."),
        ]);
        // `afhandeling` meets `afhandelen` as a typo would (two edits from eleven letters).
        let found = urls(&index, "foutafhandeling ");
        assert_eq!(found.first().map(String::as_str), Some("/apart/"), "{found:?}");
        for url in ["/errors/", "/fout/"] {
            assert!(found.contains(&url.to_string()), "{url} missing from {found:?}");
        }
        assert_eq!(urls(&index, "databank "), ["/database/"]);
        assert_eq!(urls(&index, "databank"), ["/database/"]);
        let groups = alternatives(&index, "foutafhandeling ");
        assert_eq!(groups[0].alternatives[0].weight, PART_WEIGHT);
        assert!(groups[0].alternatives[1..].iter().all(|a| a.weight == SHARED_PART_WEIGHT));
        // A word the site knows is not cut.
        assert_eq!(urls(&index, "database "), ["/database/"]);
    }

    #[test]
    fn an_infinitive_completes_from_its_stem_at_half_weight() {
        let index = index_of(&[
            ("/plegers/", "Plegers", "Wie is de pleger?"),
            ("/feit/", "Een feit", "Wie een feit gaat plegen, of het al heeft gepleegd."),
        ]);
        let forms = expand(&index, "plegen", Completion::Inflections);
        assert_eq!(forms, ["plegen", "pleger", "plegers"]);
        let groups = alternatives(&index, "plegen ");
        assert!(groups[0].alternatives[1..].iter().all(|a| a.weight == COMPLETION_WEIGHT));
        assert_eq!(urls(&index, "plegen ").len(), 2);
        // Not in English, and not from a stem shorter than a compound part.
        assert!(infinitive_stem(&index, "doen").is_none());
    }

    #[test]
    fn title_outweighs_body() {
        let index = sample();
        assert_eq!(urls(&index, "kindermishandeling ").first().map(String::as_str), Some("/km/"));
    }

    #[test]
    fn a_swap_of_two_letters_is_one_edit() {
        let index = sample();
        assert_eq!(urls(&index, "privayc ").first().map(String::as_str), Some("/x/"));
        assert_eq!(urls(&index, "huisvebrod ").first().map(String::as_str), Some("/thv/"));
    }

    #[test]
    fn function_words_are_optional_unless_they_are_all_there_is() {
        let index = index_of(&[
            ("/thv/", "Het huisverbod", "Een tijdelijk huisverbod duurt tien dagen."),
            ("/wat/", "Wat is dit", "Wat is een pagina zonder onderwerp."),
        ]);
        let groups = alternatives(&index, "wat is een huisverbod");
        assert_eq!(groups.iter().filter(|g| g.required).count(), 1);
        assert_eq!(urls(&index, "wat is een huisverbod")[0], "/thv/");
        // `hoe` is on no page: an optional word that matches nothing is no reason for no results.
        assert_eq!(urls(&index, "hoe huisverbod "), ["/thv/"]);
        assert_eq!(urls(&index, "wat is ")[0], "/wat/");
    }

    #[test]
    fn a_known_word_outranks_its_completions() {
        let index = index_of(&[
            ("/mda/", "Samenwerken", "In de mda werken partners samen."),
            ("/mdas/", "Mdaverslag", "Het mdaverslag en het mdaverslag en nog een mdaverslag."),
        ]);
        let groups = alternatives(&index, "mda");
        assert_eq!(groups[0].alternatives[0].weight, 1.0);
        assert!(groups[0].alternatives[1..].iter().all(|a| a.weight == COMPLETION_WEIGHT));
        assert_eq!(urls(&index, "mda")[0], "/mda/");
    }

    #[test]
    fn hyphenated_and_closed_forms_meet() {
        let index = index_of(&[
            ("/stalking/", "Stalking door een ex-partner", "Wat je doet."),
            ("/mail/", "Contact", "Stuur een email."),
            ("/leeftijd/", "Kinderen van 0 tot 4 jaar", "Baby's en peuters."),
        ]);
        assert_eq!(urls(&index, "expartner "), ["/stalking/"]);
        assert_eq!(urls(&index, "ex-partner "), ["/stalking/"]);
        assert_eq!(urls(&index, "e-mail "), ["/mail/"]);
        assert!(urls(&index, "0-4 jaar ").contains(&"/leeftijd/".to_string()));
    }

    #[test]
    fn all_words_in_the_title_earn_a_bonus() {
        let index = index_of(&[
            ("/body/", "Over geweld", "Een veiligheidsplan maken bij geweld, geweld, geweld en een plan."),
            ("/title/", "Veiligheidsplan bij geweld", "Een plan."),
        ]);
        assert_eq!(urls(&index, "veiligheidsplan geweld ")[0], "/title/");
    }

    #[test]
    fn a_deck_counts_half_against_the_page_it_teaches() {
        let mut index = index_of(&[
            ("/deck/", "Meldcode", "Meldcode. Meldcode. De meldcode."),
            ("/meldcode/", "De meldcode bij huiselijk geweld", "De meldcode heeft vijf stappen."),
        ]);
        assert_eq!(urls(&index, "meldcode")[0], "/deck/");
        index.docs[0].kind = "slides".into();
        assert_eq!(urls(&index, "meldcode"), ["/meldcode/", "/deck/"]);
    }

    #[test]
    fn when_no_page_holds_every_word_the_pages_with_the_most_come_first() {
        let index = index_of(&[
            ("/css/", "Opmaak met CSS", "Kleuren en letters."),
            ("/online/", "Online", "Je site online op een server."),
            ("/express/", "Een Express app", "Zo bouw je een app met Express."),
        ]);
        let question = "hoe zet ik mijn express app online";
        // Only the content words are required.
        let required: Vec<String> =
            alternatives(&index, question).into_iter().filter(|g| g.required).map(|g| g.word).collect();
        assert_eq!(required, ["express", "app", "online"]);
        let hits = search(&index, question, 10, &Filters::default()).unwrap();
        let found: Vec<&str> = hits.iter().map(|h| h.url.as_str()).collect();
        assert_eq!(found, ["/express/", "/online/"]);
        assert!(hits.iter().all(|h| h.partial));
        // A page with every word: only that one, and not partial.
        let index = index_of(&[
            ("/online/", "Online", "Je site online op een server."),
            ("/deploy/", "Een Express app online", "Express."),
        ]);
        let hits = search(&index, question, 10, &Filters::default()).unwrap();
        assert_eq!(hits.iter().map(|h| h.url.as_str()).collect::<Vec<_>>(), ["/deploy/"]);
        assert!(!hits[0].partial);
    }

    #[test]
    fn the_share_of_words_a_page_holds_scales_its_score() {
        assert_eq!(coverage(2, 3), 2.0 / 3.0);
        assert_eq!(coverage(3, 3), 1.0);
    }

    #[test]
    fn the_file_name_is_searched_too() {
        let index = index_of(&[("/hulp/snel-weg-knop/", "Weg van deze site", "Klik op de knop.")]);
        assert_eq!(urls(&index, "snel "), ["/hulp/snel-weg-knop/"]);
    }
}
