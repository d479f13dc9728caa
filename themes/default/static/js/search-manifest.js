// The search index's manifest (search/manifest.json, docs/SEARCH-FORMAT.md), typed: the one
// file with a fixed name. It names every other file and carries what ranking needs, including
// the reference's ranking constants and the language's function words, so the client keeps no
// copy of them. Its Rust side is `src/search/manifest.rs`. Part of the search client.

/** The index format this client reads; it refuses any other. */
export const FORMAT_VERSION = 5;

// Its type, `Manifest`, is declared for the type check in tests/e2e/types/search.d.ts (not
// shipped: a visitor need not download types).

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
