//! Export of the inverted index as static files for the browser client. The format is
//! documented in `docs/SEARCH-FORMAT.md`; the client in `themes/default/static/js/search.js`
//! reads it. Postings are the counted ones of [`super::postings`].
//!
//! What a query costs is what matters: a visitor fetches the manifest, one vocabulary shard per
//! query word, the postings of the terms it matches and a fragment per result shown. So the
//! vocabulary is cut into shards by size (not by a fixed prefix, which made one shard of all
//! words starting with `sch`), short postings lists travel inside the vocabulary shard, and long
//! ones are separate binary files fetched only for the terms a query uses.

use std::collections::BTreeMap;

use anyhow::Result;
use base64::Engine as _;
use serde::Serialize;
use serde_json::{Value, json};
use tantivy::fieldnorm::FieldNormReader;

use rayon::prelude::*;

use super::manifest::{FORMAT_VERSION, Manifest, Ranking};
use super::packed::{PackedPostings, TermLists};
use super::postings::Posting;
use super::shards::shard_range;
use super::{FIELDS, SearchIndex};
use kb_core::OutputFile;

/// A vocabulary shard is cut once its estimated size passes this (bytes, before compression).
const SHARD_BYTES: usize = 8_000;
/// After the target size, a shard may grow by this much more to end where words share the
/// shortest prefix, so a family of words (`school`, `scholen`, `schoolarts`) stays together.
const SHARD_SLACK: usize = 3_000;
/// Postings lists up to this size (encoded bytes) travel inside the vocabulary shard.
const INLINE_BYTES: usize = 192;

/// Every term's postings list, encoded for the client (see [`encode`]).
pub(super) fn encode_all(postings: &PackedPostings, doc_count: u32) -> BTreeMap<String, Vec<u8>> {
    let encoded: Vec<(String, Vec<u8>)> = (0..postings.term_count())
        .into_par_iter()
        .filter(|t| postings.is_held(*t))
        .map_init(Vec::new, |list, t| {
            list.clear();
            list.extend(postings.postings(t));
            // Grown byte by byte, a list has up to twice the capacity it uses; all lists are
            // held until the export.
            let mut encoded = encode(list, doc_count);
            encoded.shrink_to_fit();
            (postings.name(t).to_string(), encoded)
        })
        .collect();
    encoded.into_iter().collect()
}

/// Bytes a postings list adds to a shard that refers to it: inline base64, or a file number.
fn reference_bytes(term: &str, encoded: &[u8]) -> usize {
    let body = if encoded.len() <= INLINE_BYTES { encoded.len().div_ceil(3) * 4 + 2 } else { 6 };
    term.len() + body + 4
}

fn common_prefix(a: &str, b: &str) -> usize {
    a.chars().zip(b.chars()).take_while(|(x, y)| x == y).count()
}

/// Cuts the vocabulary into shards of about [`SHARD_BYTES`], at the point within the slack
/// where neighbouring words share the shortest prefix. Returns each shard's lower bound: the
/// shortest prefix of its first word that sorts after the previous shard's last word.
pub(super) fn shard_bounds(
    vocabulary: &BTreeMap<String, String>,
    encoded: &BTreeMap<String, Vec<u8>>,
) -> Vec<String> {
    let words: Vec<(&String, &String)> = vocabulary.iter().collect();
    let cost = |i: usize, seen: &mut std::collections::HashSet<String>| {
        let (surface, term) = words[i];
        let mut bytes = surface.len() + term.len() + 6;
        if seen.insert(term.clone()) {
            bytes += encoded.get(term).map_or(0, |e| reference_bytes(term, e));
        }
        bytes
    };
    let mut bounds = vec![String::new()];
    let mut start = 0;
    while start < words.len() {
        let mut seen = std::collections::HashSet::new();
        let mut size = 0;
        let mut end = start;
        while end < words.len() && size < SHARD_BYTES {
            size += cost(end, &mut seen);
            end += 1;
        }
        if end >= words.len() {
            break;
        }
        // Within the slack, end where the next word shares the least with the previous one.
        let mut best = (common_prefix(words[end - 1].0, words[end].0), end);
        let mut probe = end;
        while probe + 1 < words.len() && size < SHARD_BYTES + SHARD_SLACK && best.0 > 0 {
            size += cost(probe, &mut seen);
            probe += 1;
            let shared = common_prefix(words[probe - 1].0, words[probe].0);
            if shared < best.0 {
                best = (shared, probe);
            }
        }
        let cut = best.1;
        let first = words[cut].0;
        bounds.push(first.chars().take(common_prefix(words[cut - 1].0, first) + 1).collect());
        start = cut;
    }
    bounds
}

/// LEB128 varint.
fn put_varint(out: &mut Vec<u8>, mut value: u32) {
    while value >= 0x80 {
        out.push((value as u8) | 0x80);
        value >>= 7;
    }
    out.push(value as u8);
}

fn varint_len(value: u32) -> usize {
    (32 - value.max(1).leading_zeros() as usize).div_ceil(7)
}

/// A sorted set of `members` out of `0..universe`: nothing when it is all of them, else a
/// format byte and either the gaps as varints (0) or a bitset (1), whichever is smaller. The
/// reader knows how many members there are.
fn put_set(out: &mut Vec<u8>, members: &[u32], universe: u32) {
    if members.len() as u32 == universe {
        return;
    }
    let mut previous = 0;
    let gaps: usize = members
        .iter()
        .enumerate()
        .map(|(i, m)| {
            let gap = if i == 0 { *m } else { m - previous };
            previous = *m;
            varint_len(gap)
        })
        .sum();
    let bitset = (universe as usize).div_ceil(8);
    if gaps <= bitset {
        out.push(0);
        let mut previous = 0;
        for (i, m) in members.iter().enumerate() {
            put_varint(out, if i == 0 { *m } else { m - previous });
            previous = *m;
        }
    } else {
        out.push(1);
        let start = out.len();
        out.resize(start + bitset, 0);
        for m in members {
            out[start + (*m as usize) / 8] |= 1 << (m % 8);
        }
    }
}

/// Encodes one term's postings (sorted by document, then field):
///
/// ```text
/// varint n                      documents with the term
/// set(docs of 0..doc_count)     which ones
/// per field: varint m, set(positions of 0..n) when 0 < m < n
/// per field with m > 0: the m term frequencies, then m fieldnorm id bytes
/// ```
///
/// Term frequencies are a format byte and then either varints (0) or, when all are below 16,
/// two to a byte, low nibble first (1): most are 1 to 3.
///
/// Streams of one kind sit together (compresses well), and a term on every page costs a few
/// bytes per page instead of a gap, a field mask and its frequencies per page.
pub(super) fn encode(list: &[Posting], doc_count: u32) -> Vec<u8> {
    let mut docs: Vec<u32> = list.iter().map(|p| p.0).collect();
    docs.dedup();
    let n = docs.len() as u32;
    let mut per_field: Vec<Vec<(u32, u32, u8)>> = vec![Vec::new(); FIELDS.len()];
    let mut position = 0u32;
    for (i, p) in list.iter().enumerate() {
        if i > 0 && list[i - 1].0 != p.0 {
            position += 1;
        }
        per_field[usize::from(p.1)].push((position, p.2, p.3));
    }
    let mut out = Vec::new();
    put_varint(&mut out, n);
    put_set(&mut out, &docs, doc_count);
    for field in &per_field {
        put_varint(&mut out, field.len() as u32);
        if !field.is_empty() {
            let positions: Vec<u32> = field.iter().map(|e| e.0).collect();
            put_set(&mut out, &positions, n);
        }
    }
    for field in per_field.iter().filter(|f| !f.is_empty()) {
        if field.iter().all(|e| e.1 < 16) {
            out.push(1);
            for pair in field.chunks(2) {
                out.push(pair[0].1 as u8 | pair.get(1).map_or(0, |e| (e.1 as u8) << 4));
            }
        } else {
            out.push(0);
            for e in field {
                put_varint(&mut out, e.1);
            }
        }
        out.extend(field.iter().map(|e| e.2));
    }
    out
}

fn hashed(path_stem: &str, bytes: &[u8], ext: &str) -> String {
    let hash = blake3::hash(bytes).to_hex();
    format!("{path_stem}.{}.{ext}", &hash[..10])
}

fn short_hash(hasher: blake3::Hasher) -> String {
    hasher.finalize().to_hex()[..10].to_string()
}

/// A facet value's documents: their count and the set (see [`put_set`]) in base64.
fn facet_set(docs: &[u32], doc_count: u32) -> Value {
    let mut bytes = Vec::new();
    put_set(&mut bytes, docs, doc_count);
    json!([docs.len(), base64::engine::general_purpose::STANDARD.encode(bytes)])
}

/// Where [`export`] hands its files: in batches, each as soon as it is made, so that a build
/// can write them to disk (in parallel) instead of holding the whole client index in memory
/// next to the index it came from (at 100,000 pages, 600 MB more in the output stage).
pub type Sink<'a> = dyn FnMut(Vec<OutputFile>) -> Result<()> + 'a;

/// Files per batch handed to the sink.
const BATCH: usize = 1_024;

/// A page's result fragment, serialized as the JSON object it is published as (fields in
/// the order the object's keys sort in).
#[derive(Serialize)]
struct Fragment<'a> {
    crumbs: &'a [String],
    kind: &'a str,
    sections: Vec<(&'a str, &'a str, &'a str)>,
    title: &'a str,
    url: &'a str,
}

/// A vocabulary shard: its terms' postings (`t`) and its words' terms (`w`).
#[derive(Serialize)]
struct Shard<'a> {
    t: BTreeMap<&'a str, TermPostings>,
    w: BTreeMap<&'a str, &'a str>,
}

/// A term's postings in a shard: the number of its file, or the list itself in base64.
#[derive(Serialize)]
#[serde(untagged)]
enum TermPostings {
    File(usize),
    Inline(String),
}

/// The result fragment of document `i`.
fn fragment(index: &SearchIndex, i: usize) -> String {
    let d = &index.docs[i];
    let fragment = Fragment {
        crumbs: &d.crumbs,
        kind: &d.kind,
        sections: index.excerpts[i].sections().collect(),
        title: &d.title,
        url: &d.url,
    };
    serde_json::to_string(&fragment).expect("a fragment serializes")
}

/// The body of vocabulary shard `shard`.
fn shard(index: &SearchIndex, external: &BTreeMap<&str, usize>, shard: usize) -> String {
    let b64 = base64::engine::general_purpose::STANDARD;
    let mut body = Shard { t: BTreeMap::new(), w: BTreeMap::new() };
    for (surface, term) in shard_range(&index.vocabulary, &index.shard_bounds, shard) {
        body.w.insert(surface, term);
        if body.t.contains_key(term.as_str()) {
            continue;
        }
        let Some(encoded) = index.postings.get(term) else { continue };
        let reference = match external.get(term.as_str()) {
            Some(number) => TermPostings::File(*number),
            None => TermPostings::Inline(b64.encode(encoded)),
        };
        body.t.insert(term, reference);
    }
    serde_json::to_string(&body).expect("a shard serializes")
}

/// All files of the client index, under `base` (`search/`, or `search/<language>/`), handed
/// to `sink` in batches.
///
/// A folder's name is the hash of all its files, so the fragments are serialized twice:
/// once to hash them, once to hand them out (holding them all in between is what the sink
/// avoids). The postings files are the index's own bytes, hashed where they lie.
pub fn export(index: &SearchIndex, base: &str, sink: &mut Sink<'_>) -> Result<()> {
    let averages = &index.average_fieldnorms;

    // Long postings lists: one file each, numbered in term order.
    let external: BTreeMap<&str, usize> = index
        .postings
        .iter()
        .filter(|(_, e)| e.len() > INLINE_BYTES)
        .enumerate()
        .map(|(i, (term, _))| (term.as_str(), i))
        .collect();
    let mut postings_hash = blake3::Hasher::new();
    for term in external.keys() {
        postings_hash.update(&index.postings[*term]);
    }
    let postings_dir = format!("p-{}", short_hash(postings_hash));
    let numbered: Vec<(&str, usize)> = external.iter().map(|(term, number)| (*term, *number)).collect();
    for batch in numbered.chunks(BATCH) {
        sink(
            batch
                .iter()
                .map(|(term, number)| {
                    OutputFile::new(
                        format!("{base}{postings_dir}/{number}.bin"),
                        index.postings[*term].clone(),
                    )
                })
                .collect(),
        )?;
    }

    // Vocabulary shards: surface -> term, and each of their terms' postings (inline) or file.
    let shard_bodies: Vec<String> =
        (0..index.shard_bounds.len()).into_par_iter().map(|i| shard(index, &external, i)).collect();
    let mut vocab_hash = blake3::Hasher::new();
    for body in &shard_bodies {
        vocab_hash.update(body.as_bytes());
    }
    let vocab_dir = format!("v-{}", short_hash(vocab_hash));
    sink(
        shard_bodies
            .into_iter()
            .enumerate()
            .map(|(i, body)| OutputFile::new(format!("{base}{vocab_dir}/{i}.json"), body))
            .collect(),
    )?;

    // One fragment per page, fetched only for the results shown.
    let batches =
        || (0..index.docs.len()).step_by(BATCH).map(|from| from..(from + BATCH).min(index.docs.len()));
    let mut all = blake3::Hasher::new();
    for batch in batches() {
        let bodies: Vec<String> = batch.into_par_iter().map(|i| fragment(index, i)).collect();
        for body in &bodies {
            all.update(body.as_bytes());
        }
    }
    let docs_dir = format!("d-{}", short_hash(all));
    for batch in batches() {
        sink(
            batch
                .into_par_iter()
                .map(|i| OutputFile::new(format!("{base}{docs_dir}/{i}.json"), fragment(index, i)))
                .collect(),
        )?;
    }

    let n = index.docs.len();
    let facet = |values: &dyn Fn(usize) -> Vec<String>| -> BTreeMap<String, Value> {
        let mut by_value: BTreeMap<String, Vec<u32>> = BTreeMap::new();
        for i in 0..n {
            for v in values(i) {
                by_value.entry(v).or_default().push(i as u32);
            }
        }
        by_value.into_iter().map(|(v, docs)| (v, facet_set(&docs, n as u32))).collect()
    };
    let facets = json!({
        "kind": facet(&|i| vec![index.docs[i].kind.clone()]),
        "audience": facet(&|i| index.docs[i].audience.clone()),
        "topic": facet(&|i| index.docs[i].topics.clone()),
    })
    .to_string();
    let facets_name = hashed(&format!("{base}facets"), facets.as_bytes(), "json");
    let facets = OutputFile::new(facets_name.clone(), facets);

    let table: Vec<u32> = (0..=255u8).map(FieldNormReader::id_to_fieldnorm).collect();
    // [weight, [documents]] for each kind weight other than 1 (see `query::KIND_WEIGHTS`).
    let doc_weights: Vec<(f32, Vec<usize>)> = super::query::KIND_WEIGHTS
        .iter()
        .filter_map(|(kind, weight)| {
            let docs: Vec<usize> = (0..n).filter(|i| index.docs[*i].kind == *kind).collect();
            (!docs.is_empty()).then_some((*weight, docs))
        })
        .collect();
    let manifest = Manifest {
        version: FORMAT_VERSION,
        language: index.lang.clone(),
        compounds: index.analysis.compounds,
        infinitive_ending: index.analysis.infinitive_ending().unwrap_or_default().to_string(),
        doc_count: n,
        k1: 1.2,
        b: 0.75,
        fields: FIELDS.iter().map(|(name, _)| name.to_string()).collect(),
        boosts: FIELDS.iter().map(|(_, boost)| *boost).collect(),
        avg_fieldnorm: averages.clone(),
        fieldnorm_table: table,
        vocab: vocab_dir,
        bounds: index.shard_bounds.clone(),
        postings: postings_dir,
        docs: docs_dir,
        facets: facets_name.trim_start_matches(base).to_string(),
        synonyms: index.synonyms.clone(),
        max_token_len: super::analyzer::MAX_TOKEN_LEN,
        doc_weights,
        ranking: Ranking::reference(),
        function_words: super::function_words::for_language(&index.lang)
            .iter()
            .map(|w| w.to_string())
            .collect(),
    };
    let manifest = serde_json::to_string(&manifest)?;
    sink(vec![facets, OutputFile::new(format!("{base}manifest.json"), manifest)])
}

/// [`export`]'s files, all in memory (serve, the offline set, tests).
pub fn export_files(index: &SearchIndex, base: &str) -> Result<Vec<OutputFile>> {
    let mut files = Vec::new();
    export(index, base, &mut |batch| {
        files.extend(batch);
        Ok(())
    })?;
    Ok(files)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::shards::shard_of;

    /// Reads [`encode`]'s format back (the client's decoder, in Rust, for the tests).
    fn decode(bytes: &[u8], doc_count: u32) -> Vec<Posting> {
        let mut at = 0;
        let mut varint = |at: &mut usize| {
            let (mut value, mut shift) = (0u32, 0);
            loop {
                let byte = bytes[*at];
                *at += 1;
                value |= u32::from(byte & 0x7f) << shift;
                if byte < 0x80 {
                    return value;
                }
                shift += 7;
            }
        };
        let set = |at: &mut usize, count: u32, universe: u32, varint: &mut dyn FnMut(&mut usize) -> u32| {
            if count == universe {
                return (0..universe).collect::<Vec<_>>();
            }
            let format = bytes[*at];
            *at += 1;
            if format == 0 {
                let mut value = 0;
                (0..count)
                    .map(|i| {
                        let gap = varint(at);
                        value = if i == 0 { gap } else { value + gap };
                        value
                    })
                    .collect()
            } else {
                let len = (universe as usize).div_ceil(8);
                let members =
                    (0..universe).filter(|m| bytes[*at + (*m as usize) / 8] & (1 << (m % 8)) != 0).collect();
                *at += len;
                members
            }
        };
        let n = varint(&mut at);
        let docs = set(&mut at, n, doc_count, &mut varint);
        let mut fields = Vec::new();
        for _ in 0..FIELDS.len() {
            let m = varint(&mut at);
            fields.push(if m == 0 { Vec::new() } else { set(&mut at, m, n, &mut varint) });
        }
        let mut out = Vec::new();
        for (f, positions) in fields.iter().enumerate().filter(|(_, p)| !p.is_empty()) {
            let nibbles = bytes[at] == 1;
            at += 1;
            let tfs: Vec<u32> = if nibbles {
                let tfs = (0..positions.len())
                    .map(|i| u32::from(bytes[at + i / 2] >> (4 * (i % 2)) & 15))
                    .collect();
                at += positions.len().div_ceil(2);
                tfs
            } else {
                positions.iter().map(|_| varint(&mut at)).collect()
            };
            for (i, p) in positions.iter().enumerate() {
                out.push((docs[*p as usize], f as u8, tfs[i], bytes[at + i]));
            }
            at += positions.len();
        }
        assert_eq!(at, bytes.len(), "trailing bytes");
        out.sort_unstable();
        out
    }

    #[test]
    fn postings_round_trip_sparse_and_dense() {
        let sparse = vec![(3, 0, 1, 5), (3, 4, 2, 9), (10, 4, 1, 7), (300, 1, 200, 255)];
        assert_eq!(decode(&encode(&sparse, 1000), 1000), sparse);
        // On every page: no document set at all, a bitset for a field on some of them.
        let dense: Vec<Posting> = (0..64u32)
            .flat_map(|d| {
                let body = (d, 4, 1 + d % 3, (d % 7) as u8);
                if d % 2 == 0 { vec![(d, 0, 1, 3), body] } else { vec![body] }
            })
            .collect();
        let bytes = encode(&dense, 64);
        assert_eq!(decode(&bytes, 64), dense);
        assert!(bytes.len() < 64 * 3, "{} bytes for 64 pages", bytes.len());
    }

    #[test]
    fn sets_pick_the_smaller_form() {
        let mut gaps = Vec::new();
        put_set(&mut gaps, &[5, 900], 1000);
        assert_eq!(gaps[0], 0);
        let mut bits = Vec::new();
        put_set(&mut bits, &(0..500).map(|i| i * 2).collect::<Vec<_>>(), 1000);
        assert_eq!((bits[0], bits.len()), (1, 1 + 125));
        let mut all = Vec::new();
        put_set(&mut all, &[0, 1, 2], 3);
        assert!(all.is_empty());
    }

    #[test]
    fn shard_bounds_cover_every_word_in_order() {
        let vocabulary: BTreeMap<String, String> = (0..3000)
            .map(|i| {
                let w = format!(
                    "{}{}woord{i}",
                    (b'a' + (i % 26) as u8) as char,
                    (b'a' + (i / 26 % 26) as u8) as char
                );
                (w.clone(), w)
            })
            .collect();
        let bounds = shard_bounds(&vocabulary, &BTreeMap::new());
        assert!(bounds.len() > 3, "{} shards", bounds.len());
        assert_eq!(bounds[0], "");
        assert!(bounds.windows(2).all(|w| w[0] < w[1]));
        let mut seen = 0;
        for shard in 0..bounds.len() {
            for (surface, _) in shard_range(&vocabulary, &bounds, shard) {
                assert_eq!(shard_of(&bounds, surface), shard);
                seen += 1;
            }
        }
        assert_eq!(seen, vocabulary.len());
    }

    #[test]
    fn a_word_family_stays_in_one_shard() {
        let mut vocabulary = BTreeMap::new();
        for i in 0..700 {
            vocabulary.insert(format!("sa{i:04}"), "x".to_string());
        }
        for suffix in ["", "arts", "en", "leiding", "plein", "tijd"] {
            vocabulary.insert(format!("school{suffix}"), "schol".to_string());
        }
        for i in 0..700 {
            vocabulary.insert(format!("sz{i:04}"), "x".to_string());
        }
        let bounds = shard_bounds(&vocabulary, &BTreeMap::new());
        let shard = shard_of(&bounds, "school");
        assert!(
            ["schoolarts", "schoolen", "schoolleiding", "schooltijd"]
                .iter()
                .all(|w| shard_of(&bounds, w) == shard)
        );
    }

    #[test]
    fn export_has_manifest_shards_postings_and_fragments() {
        let index = super::super::tests::sample();
        let files = export_files(&index, "search/").unwrap();
        let manifest = files.iter().find(|f| f.path == "search/manifest.json").unwrap();
        let m: Value = serde_json::from_slice(&manifest.bytes).unwrap();
        assert_eq!(m["doc_count"], 5);
        assert_eq!(m["fieldnorm_table"].as_array().unwrap().len(), 256);
        let bounds = m["bounds"].as_array().unwrap();
        for shard in 0..bounds.len() {
            let path = format!("search/{}/{shard}.json", m["vocab"].as_str().unwrap());
            let file = files.iter().find(|f| f.path == path).unwrap();
            let s: Value = serde_json::from_slice(&file.bytes).unwrap();
            assert!(s["w"].is_object() && s["t"].is_object());
        }
        assert!(files.iter().any(|f| f.path.ends_with("/4.json")));
    }
}
