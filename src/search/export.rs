//! Export of tantivy's inverted index as static files for the browser client. The format is
//! documented in `docs/SEARCH-FORMAT.md`; the client in `themes/default/static/js/search.js`
//! reads it. Postings come straight from the segment's term dictionaries and postings lists.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use anyhow::{Context, Result};
use base64::Engine as _;
use serde_json::{Value, json};
use tantivy::DocSet;
use tantivy::fieldnorm::FieldNormReader;
use tantivy::postings::Postings;
use tantivy::schema::IndexRecordOption;

use super::{FIELDS, SearchIndex};
use crate::output::OutputFile;

/// A shard (by 2-letter prefix) bigger than this is split by 3-letter prefix.
const SHARD_SPLIT_BYTES: usize = 12_000;
/// Text kept per section in a result fragment, and per page.
const SECTION_CHARS: usize = 700;
const FRAGMENT_CHARS: usize = 5_000;

/// One shard: surface form -> term, and term -> encoded postings.
type Shard<'a> = (BTreeMap<&'a str, &'a str>, BTreeMap<&'a str, Vec<u32>>);

/// One posting: document, field index, term frequency, fieldnorm id.
type Posting = (u32, usize, u32, u8);

/// term -> postings, for every field, read from the single segment.
pub(super) fn postings(index: &SearchIndex) -> Result<BTreeMap<String, Vec<Posting>>> {
    let reader = index.index.reader().context("opening the search index")?;
    let searcher = reader.searcher();
    let mut terms: BTreeMap<String, Vec<Posting>> = BTreeMap::new();
    for segment in searcher.segment_readers() {
        for (f, field) in index.fields.iter().enumerate() {
            let inverted = segment.inverted_index(*field)?;
            let norms = segment.get_fieldnorms_reader(*field)?;
            let mut stream = inverted.terms().stream()?;
            while stream.advance() {
                let term = String::from_utf8_lossy(stream.key()).into_owned();
                let mut list =
                    inverted.read_postings_from_terminfo(stream.value(), IndexRecordOption::WithFreqs)?;
                let entry = terms.entry(term).or_default();
                while list.doc() != tantivy::TERMINATED {
                    let doc = list.doc();
                    entry.push((doc, f, list.term_freq(), norms.fieldnorm_id(doc)));
                    list.advance();
                }
            }
        }
    }
    for list in terms.values_mut() {
        list.sort_unstable();
    }
    Ok(terms)
}

/// Average field length per field, as tantivy's BM25 computes it (f32).
pub(super) fn average_fieldnorms(index: &SearchIndex) -> Result<Vec<f32>> {
    let reader = index.index.reader()?;
    let searcher = reader.searcher();
    let docs = searcher.num_docs().max(1) as f32;
    index
        .fields
        .iter()
        .map(|field| {
            let mut tokens = 0u64;
            for segment in searcher.segment_readers() {
                tokens += segment.inverted_index(*field)?.total_num_tokens();
            }
            Ok(tokens as f32 / docs)
        })
        .collect()
}

/// The shard key of a surface form or term: the longest key that is a prefix of it.
pub fn shard_of<'k>(keys: &'k [String], word: &str) -> Option<&'k str> {
    keys.iter().filter(|k| word.starts_with(k.as_str())).max_by_key(|k| k.len()).map(String::as_str)
}

fn prefix(word: &str, chars: usize) -> String {
    word.chars().take(chars).collect()
}

/// Picks shard keys: 2-letter prefixes, split into 3-letter ones where a shard would be big.
pub(super) fn shard_keys(index: &SearchIndex) -> Result<Vec<String>> {
    let postings = postings(index)?;
    let mut size2: BTreeMap<String, usize> = BTreeMap::new();
    let mut size3: BTreeMap<String, usize> = BTreeMap::new();
    let mut add = |word: &str, bytes: usize| {
        *size2.entry(prefix(word, 2)).or_default() += bytes;
        *size3.entry(prefix(word, 3)).or_default() += bytes;
    };
    for (surface, term) in &index.vocabulary {
        add(surface, surface.len() + term.len() + 6);
    }
    for (term, list) in &postings {
        add(term, term.len() + list.len() * 8);
    }
    let mut keys: Vec<String> = Vec::new();
    for (key, size) in &size2 {
        keys.push(key.clone());
        if *size > SHARD_SPLIT_BYTES && key.chars().count() == 2 {
            keys.extend(
                size3.keys().filter(|k| k.starts_with(key.as_str()) && k.chars().count() == 3).cloned(),
            );
        }
    }
    keys.sort();
    keys.dedup();
    Ok(keys)
}

/// Encodes postings as a flat list: for each document, the gap to the previous document, a
/// bit mask of the fields it occurs in, then term frequency and fieldnorm id per field in order.
fn encode(list: &[Posting]) -> Vec<u32> {
    let mut out = Vec::with_capacity(list.len() * 4);
    let mut previous = 0;
    let mut i = 0;
    while i < list.len() {
        let doc = list[i].0;
        let mut j = i;
        let mut mask = 0u32;
        while j < list.len() && list[j].0 == doc {
            mask |= 1 << list[j].1;
            j += 1;
        }
        out.push(doc - previous);
        out.push(mask);
        for p in &list[i..j] {
            out.push(p.2);
            out.push(u32::from(p.3));
        }
        previous = doc;
        i = j;
    }
    out
}

fn hashed(path_stem: &str, bytes: &[u8], ext: &str) -> String {
    let hash = blake3::hash(bytes).to_hex();
    format!("{path_stem}.{}.{ext}", &hash[..10])
}

fn bitset(docs: impl Iterator<Item = usize>, len: usize) -> String {
    let mut bits = vec![0u8; len.div_ceil(8)];
    for d in docs {
        bits[d / 8] |= 1 << (d % 8);
    }
    base64::engine::general_purpose::STANDARD.encode(bits)
}

/// All files of the client index, under `search/`.
pub fn export(index: &SearchIndex) -> Result<Vec<OutputFile>> {
    let postings = postings(index)?;
    let averages = average_fieldnorms(index)?;
    let keys = &index.shard_keys;
    let mut files = Vec::new();

    let mut shards: BTreeMap<&str, Shard> = BTreeMap::new();
    for (surface, term) in &index.vocabulary {
        if let Some(key) = shard_of(keys, surface) {
            shards.entry(key).or_default().0.insert(surface, term);
        }
    }
    for (term, list) in &postings {
        if let Some(key) = shard_of(keys, term) {
            shards.entry(key).or_default().1.insert(term, encode(list));
        }
    }
    let mut shard_map = BTreeMap::new();
    for (key, (words, terms)) in shards {
        let body = json!({ "w": words, "t": terms }).to_string();
        let name = hashed(&format!("search/s/{}", url_safe(key)), body.as_bytes(), "json");
        shard_map.insert(key.to_string(), name.trim_start_matches("search/").to_string());
        files.push(OutputFile::new(name, body));
    }

    // One fragment per page, fetched only for the results shown.
    let mut fragments = Vec::with_capacity(index.docs.len());
    let mut all = blake3::Hasher::new();
    for d in &index.docs {
        let mut budget = FRAGMENT_CHARS;
        let sections: Vec<Value> = d
            .sections
            .iter()
            .map(|s| {
                let keep = SECTION_CHARS.min(budget);
                let text: String = s.text.chars().take(keep).collect();
                budget -= text.chars().count().min(budget);
                json!([s.id, s.heading, text])
            })
            .collect();
        let body = json!({
            "url": d.url,
            "title": d.title,
            "description": d.description,
            "kind": d.kind,
            "crumbs": d.crumbs,
            "sections": sections,
        })
        .to_string();
        all.update(body.as_bytes());
        fragments.push(body);
    }
    let docs_dir = format!("d-{}", &all.finalize().to_hex()[..10]);
    for (i, body) in fragments.into_iter().enumerate() {
        files.push(OutputFile::new(format!("search/{docs_dir}/{i}.json"), body));
    }

    let n = index.docs.len();
    let facet = |values: &dyn Fn(usize) -> Vec<String>| -> BTreeMap<String, String> {
        let mut by_value: BTreeMap<String, Vec<usize>> = BTreeMap::new();
        for i in 0..n {
            for v in values(i) {
                by_value.entry(v).or_default().push(i);
            }
        }
        by_value.into_iter().map(|(v, docs)| (v, bitset(docs.into_iter(), n))).collect()
    };
    let facets = json!({
        "kind": facet(&|i| vec![index.docs[i].kind.clone()]),
        "audience": facet(&|i| index.docs[i].audience.clone()),
        "topic": facet(&|i| index.docs[i].topics.clone()),
    })
    .to_string();
    let facets_name = hashed("search/facets", facets.as_bytes(), "json");
    files.push(OutputFile::new(facets_name.clone(), facets));

    let table: Vec<u32> = (0..=255u8).map(FieldNormReader::id_to_fieldnorm).collect();
    let manifest = json!({
        "version": 1,
        "doc_count": n,
        "k1": 1.2,
        "b": 0.75,
        "fields": FIELDS.iter().map(|(name, _)| *name).collect::<Vec<_>>(),
        "boosts": FIELDS.iter().map(|(_, boost)| *boost).collect::<Vec<_>>(),
        "avg_fieldnorm": averages,
        "fieldnorm_table": table,
        "shards": shard_map,
        "docs": docs_dir,
        "facets": facets_name.trim_start_matches("search/"),
        "synonyms": index.synonyms,
        "max_token_len": super::analyzer::MAX_TOKEN_LEN,
    });
    files.push(OutputFile::new("search/manifest.json", manifest.to_string()));
    Ok(files)
}

/// Shard keys are words; keep file names plain ASCII.
fn url_safe(key: &str) -> String {
    let mut out = String::new();
    for c in key.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else {
            let _ = write!(out, "_{:x}", c as u32);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn postings_encode_gaps_masks_and_norms() {
        let list = vec![(3, 0, 1, 5), (3, 4, 2, 9), (10, 4, 1, 7)];
        assert_eq!(encode(&list), vec![3, 0b10001, 1, 5, 2, 9, 7, 0b10000, 1, 7]);
    }

    #[test]
    fn longest_shard_key_wins() {
        let keys = vec!["ki".to_string(), "kin".to_string(), "mi".to_string()];
        assert_eq!(shard_of(&keys, "kinderen"), Some("kin"));
        assert_eq!(shard_of(&keys, "kip"), Some("ki"));
        assert_eq!(shard_of(&keys, "x"), None);
    }

    #[test]
    fn export_has_manifest_shards_and_fragments() {
        let index = super::super::tests::sample();
        let files = export(&index).unwrap();
        let manifest = files.iter().find(|f| f.path == "search/manifest.json").unwrap();
        let m: Value = serde_json::from_slice(&manifest.bytes).unwrap();
        assert_eq!(m["doc_count"], 5);
        assert_eq!(m["fieldnorm_table"].as_array().unwrap().len(), 256);
        let shards = m["shards"].as_object().unwrap();
        assert!(shards.keys().any(|k| "mishandeling".starts_with(k.as_str())));
        for file in shards.values() {
            assert!(files.iter().any(|f| f.path == format!("search/{}", file.as_str().unwrap())));
        }
        assert!(files.iter().any(|f| f.path.ends_with("/4.json")));
    }
}
