// Unit tests of the search client's readers of the binary index format
// (themes/default/static/js/search-postings.js, docs/SEARCH-FORMAT.md "Postings").
import { test } from "node:test";
import assert from "node:assert/strict";
import { decodePostings, facetDocs, base64Bytes } from "../../../themes/default/static/js/search-postings.js";

test("a postings list with gaps, a subset of a field and packed frequencies reads back", () => {
  // Documents 0 and 2 of 3; field 0 in both, field 1 in the second only.
  const bytes = new Uint8Array([
    2, // n documents
    0, 0, 2, // set(2 of 3), gaps: 0, then +2
    2, // field 0: all of them
    1, 0, 1, // field 1: one, at position 1
    0, 3, 1, // field 0 frequencies as varints
    5, 6, // field 0 fieldnorm ids
    1, 0x02, // field 1 frequencies, two to a byte: 2
    7, // field 1 fieldnorm id
  ]);
  const postings = decodePostings(bytes, 3, 2);
  assert.deepEqual([...postings], [
    [0, [[0, 3, 5]]],
    [2, [[0, 1, 6], [1, 2, 7]]],
  ]);
});

test("a set of every document costs no bytes; a bitset is read bit by bit", () => {
  const all = decodePostings(new Uint8Array([2, 1, 0, 1, 9, 0, 1, 0]), 2, 1);
  assert.deepEqual([...all.keys()], [0, 1]);
  // Documents 1 and 9 of 10 as a bitset: bit 1 of byte 0, bit 1 of byte 1.
  const set = base64Bytes(btoa(String.fromCharCode(1, 0b10, 0b10)));
  assert.deepEqual([...facetDocs([2, btoa(String.fromCharCode(...set))], 10)], [1, 9]);
});

test("varints over one byte carry on", () => {
  // 300 documents of 301: gaps 0 then +300 (0xac 0x02).
  const bytes = new Uint8Array([2, 0, 0, 0xac, 0x02, 0, 0, 1, 1, 4, 4]);
  assert.deepEqual([...decodePostings(bytes, 301, 1).keys()], [0, 300]);
});
