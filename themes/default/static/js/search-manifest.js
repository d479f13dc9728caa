// The search index's manifest (search/manifest.json, docs/SEARCH-FORMAT.md), typed: the one
// file with a fixed name. It names every other file and carries what ranking needs, including
// the reference's ranking constants and the language's function words, so the client keeps no
// copy of them. Its Rust side is `src/search/manifest.rs`. Part of the search client.

/** The index format this client reads; it refuses any other. */
export const FORMAT_VERSION = 4;

/**
 * The reference's query constants (`src/search/query.rs`).
 * @typedef {object} Ranking
 * @property {number} completion_weight a longer form of a known word counts this much
 * @property {number} function_weight a question or function word counts this much
 * @property {number} title_bonus every required word (two or more) in the title
 * @property {number} headings_bonus every required word in the headings
 * @property {number} max_expansions alternatives per query word at most
 * @property {number} max_inflection letters a completion of a known word may add
 * @property {number} min_part the shortest part of a split compound
 * @property {string[]} links linking sounds between compound parts
 */

/**
 * @typedef {object} Manifest
 * @property {number} version
 * @property {string} language
 * @property {boolean} compounds
 * @property {number} doc_count
 * @property {number} k1
 * @property {number} b
 * @property {string[]} fields
 * @property {number[]} boosts
 * @property {number[]} avg_fieldnorm
 * @property {number[]} fieldnorm_table
 * @property {string} vocab
 * @property {string[]} bounds
 * @property {string} postings
 * @property {string} docs
 * @property {string} facets
 * @property {Record<string, string[]>} synonyms
 * @property {number} max_token_len
 * @property {[number, number[]][]} doc_weights
 * @property {Ranking} ranking
 * @property {string[]} function_words
 */

/**
 * The manifest read from `url`, if it is of the format this client reads.
 * @param {unknown} value the parsed JSON
 * @param {string} url where it came from, for the error
 * @returns {Manifest}
 */
export function readManifest(value, url) {
  const m = /** @type {Partial<Manifest> | null} */ (value);
  if (!m || typeof m !== "object" || m.version !== FORMAT_VERSION) {
    throw new Error(`search: index format ${m && m.version} at ${url}, this client reads ${FORMAT_VERSION}`);
  }
  if (!m.ranking || !Array.isArray(m.function_words)) {
    throw new Error(`search: the manifest at ${url} lacks its ranking constants`);
  }
  return /** @type {Manifest} */ (m);
}
