// Unit tests of the manifest check (themes/default/static/js/search-manifest.js): the client
// reads only its own format, and only a manifest that carries the ranking constants.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readManifest, FORMAT_VERSION } from "../../../themes/default/static/js/search-manifest.js";

const ranking = {
  completion_weight: 0.5, function_weight: 0.25, title_bonus: 1.5, headings_bonus: 1.25,
  max_expansions: 8, max_inflection: 3, min_part: 4, links: ["", "s"],
};

test("a manifest of this format with its constants is read", () => {
  const m = { version: FORMAT_VERSION, ranking, function_words: ["hoe"] };
  assert.equal(readManifest(m, "/search/manifest.json"), m);
});

test("another format, or none, is refused with both versions named", () => {
  assert.throws(() => readManifest({ version: 3, ranking, function_words: [] }, "/m.json"), /index format 3 at \/m\.json, this client reads 5/);
  assert.throws(() => readManifest(null, "/m.json"), /index format null/);
});

test("a manifest without its ranking constants is refused", () => {
  assert.throws(() => readManifest({ version: FORMAT_VERSION }, "/m.json"), /lacks its ranking constants/);
});
