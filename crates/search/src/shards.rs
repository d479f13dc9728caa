//! The vocabulary is published in shards, split at sorted bounds, so that a query fetches only
//! the shard its word falls in: how the exporter writes them and the reference query reads
//! them, in one place.

use std::collections::BTreeMap;

/// The vocabulary shard of a word: the last shard whose lower bound is not after it (bounds
/// are sorted, the first is ""; strings compare by code point, as in the client).
pub fn shard_of(bounds: &[String], word: &str) -> usize {
    bounds.partition_point(|b| b.as_str() <= word).saturating_sub(1)
}

/// The surface forms of shard `shard`, in order.
pub fn shard_range<'v>(
    vocabulary: &'v BTreeMap<String, String>,
    bounds: &[String],
    shard: usize,
) -> impl Iterator<Item = (&'v String, &'v String)> {
    use std::ops::Bound;
    let lower = Bound::Included(bounds[shard].clone());
    let upper = match bounds.get(shard + 1) {
        Some(b) => Bound::Excluded(b.clone()),
        None => Bound::Unbounded,
    };
    vocabulary.range::<String, _>((lower, upper))
}
