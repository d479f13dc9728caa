// Unit tests of the search client's ranking arithmetic (themes/default/static/js/search-score.js):
// BM25 in 32-bit floats as tantivy computes it, and how required words combine, with the
// fallback to the pages that hold the most of them (issue 29).
import { test } from "node:test";
import assert from "node:assert/strict";
import { bm25, coverage, combineRequired, f } from "../../../themes/default/static/js/search-score.js";

test("idf and the length factor are tantivy's, in 32-bit floats", () => {
  const { idf, caches, k1 } = bm25({ k1: 1.2, b: 0.75, doc_count: 10, avg_fieldnorm: [4], fieldnorm_table: [0, 4, 8] });
  assert.equal(k1, f(1.2));
  assert.equal(idf(1), f(Math.log(1 + 9.5 / 1.5)));
  assert.ok(idf(1) > idf(5));
  // A field of average length: k1 itself; twice as long: k1 × (0.25 + 1.5).
  assert.equal(caches[0][1], f(1.2));
  assert.equal(caches[0][2], f(f(1.2) * f(1.75)));
});

test("pages must hold every required word when some page does", () => {
  const a = new Map([[1, [f(2), 0b01]], [2, [f(1), 0b11]]]);
  const b = new Map([[2, [f(3), 0b01]], [3, [f(5), 0b01]]]);
  const { required, partial } = combineRequired([a, b]);
  assert.equal(partial, false);
  assert.deepEqual([...required], [[2, [f(4), 0b01, 2]]]);
});

test("when no page holds them all, the pages with some are kept, with how many", () => {
  const a = new Map([[1, [f(2), 0b01]]]);
  const b = new Map([[2, [f(3), 0b10]]]);
  const c = new Map([[1, [f(1), 0b11]], [3, [f(5), 0b01]]]);
  const { required, partial } = combineRequired([a, b, c]);
  assert.equal(partial, true);
  assert.deepEqual(required.get(1), [f(3), 0b01, 2]);
  assert.deepEqual(required.get(2), [f(3), 0b10, 1]);
  assert.deepEqual(required.get(3), [f(5), 0b01, 1]);
  // Page 1 (two of three words) comes before page 3 (one rarer word) after coverage.
  assert.ok(f(f(3) * coverage(2, 3)) > f(f(5) * coverage(1, 3)));
  assert.equal(coverage(2, 3), f(2 / 3));
});

test("one required word that no page holds finds nothing, and is not partial", () => {
  assert.deepEqual(combineRequired([new Map()]), { required: new Map(), partial: false });
  assert.deepEqual(combineRequired([]), { required: new Map(), partial: false });
});
