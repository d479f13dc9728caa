// Unit tests of the search client's word functions (themes/default/static/js/search-words.js):
// folding and splitting as the index does it, the edit distance of typo tolerance, and the rule
// that cuts a compound (the same cases as the reference's unit test of `compound_split`).
import { test } from "node:test";
import assert from "node:assert/strict";
import { foldWords, foldRuns, fold, typoDistance, editDistance, codePointCompare, compoundSplit } from "../../../themes/default/static/js/search-words.js";

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

test("a compound is cut at the longest modifier with a head, else its modifier is kept alone", async () => {
  const words = ["fout", "fouten", "afhandeling", "data", "database", "veiligheid", "plan"];
  const looked = [];
  const forms = async (/** @type {string} */ part, /** @type {string} */ role) => {
    looked.push(`${role}:${part}`);
    return words.filter((w) => w.startsWith(part));
  };
  const links = ["", "s", "e", "en", "er"];
  const split = (/** @type {string} */ w) => compoundSplit(w, 4, links, forms);
  assert.deepEqual(await split("foutafhandeling"), { modifier: ["fout", "fouten"], head: ["afhandeling"] });
  assert.deepEqual((await split("veiligheidsplan"))?.head, ["plan"]);
  assert.deepEqual(await split("databank"), { modifier: ["data", "database"], head: [] });
  assert.equal(await split("datbank"), null);
  assert.equal(await split("fouté"), null);
  // A head is looked up only after a modifier with forms (each lookup may cost a fetch).
  looked.length = 0;
  await split("databank");
  assert.deepEqual(looked, ["modifier:data", "head:bank"]);
});
