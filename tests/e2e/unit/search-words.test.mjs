// Unit tests of the search client's word functions (themes/default/static/js/search-words.js):
// folding and splitting as the index does it, and the edit distance of typo tolerance.
import { test } from "node:test";
import assert from "node:assert/strict";
import { foldWords, foldRuns, fold, typoDistance, editDistance, codePointCompare } from "../../../themes/default/static/js/search-words.js";

test("words are lowercased and lose their accents; ß and æ become two letters", () => {
  assert.deepEqual(foldWords("Privé ÉÉN Straße, Æsop!"), ["prive", "een", "strasse", "aesop"]);
  assert.equal(fold("Ëen"), "een");
});

test("words joined by one hyphen form a run; a spaced dash does not join", () => {
  assert.deepEqual(foldRuns("ex-partner en 0-4 jaar"), [["ex", "partner"], ["en"], ["0", "4"], ["jaar"]]);
  assert.deepEqual(foldRuns("huis - verbod"), [["huis"], ["verbod"]]);
});

test("a word longer than the limit in bytes is dropped and breaks a run", () => {
  assert.deepEqual(foldWords("kort kindermishandeling", 12), ["kort"]);
  assert.deepEqual(foldRuns("ex-kindermishandeling-partner", 12), [["ex"], ["partner"]]);
});

test("typo tolerance grows with the length of the word", () => {
  assert.deepEqual(["vier", "vijfj", "achtacht", "negennegen"].map(typoDistance), [0, 1, 1, 2]);
});

test("a swap of two neighbouring letters is one edit (optimal string alignment)", () => {
  assert.equal(editDistance("meldocde", "meldcode"), 1);
  assert.equal(editDistance("huisverbod", "huisverbod"), 0);
  assert.equal(editDistance("kat", "kast"), 1);
  assert.equal(editDistance("abc", "ca"), 3);
  assert.equal(editDistance("", "abc"), 3);
});

test("strings compare by code point, as Rust compares them", () => {
  assert.ok(codePointCompare("b", "ba") < 0);
  assert.ok(codePointCompare("z", "é") < 0);
  // UTF-16 would put U+FF5E before U+1F600; code points put it after.
  assert.ok(codePointCompare("\u{1F600}", "\uFF5E") > 0);
  assert.equal(codePointCompare("gelijk", "gelijk"), 0);
});
