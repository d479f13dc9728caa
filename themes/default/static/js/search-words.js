// Query words as the search index has them: folded (lowercase, no accents), split like tantivy's
// SimpleTokenizer, hyphenated runs kept together; the word distances of typo tolerance; and the
// rule that cuts a compound the site lacks into its parts.
// Part of the search client (search.js); every function here is pure.

/** Lowercased, accent-folded words, split like tantivy's SimpleTokenizer; longer than `maxLen` bytes dropped. */
export function foldWords(text, maxLen = 40) {
  return foldRuns(text, maxLen).flat();
}

/** Folded words in runs joined by single hyphens (`ex-partner` -> [["ex", "partner"]]). */
export function foldRuns(text, maxLen = 40) {
  const runs = [];
  // Combining marks go before splitting (as the reference does): `دائمًا` is one word.
  const unmarked = String(text).normalize("NFD").replace(/\p{M}+/gu, "");
  let end = null;
  for (const m of unmarked.matchAll(/[\p{L}\p{N}]+/gu)) {
    if (new TextEncoder().encode(m[0]).length > maxLen) {
      end = null;
      continue;
    }
    const word = fold(m[0]);
    if (end !== null && runs.length > 0 && unmarked.slice(end, m.index) === "-") runs[runs.length - 1].push(word);
    else runs.push([word]);
    end = m.index + m[0].length;
  }
  return runs;
}

const SPECIAL = { ß: "ss", æ: "ae", œ: "oe", ø: "o", ł: "l", đ: "d", þ: "th", ı: "i" };

export function fold(word) {
  return word
    .toLowerCase()
    .normalize("NFD")
    .replace(/\p{M}+/gu, "")
    .replace(/[ßæœøłđþı]/g, (c) => SPECIAL[c]);
}

/** Edits allowed for a word: 1 from 5 letters, 2 from 9 (as the reference); a swap is one. */
export function typoDistance(word) {
  const n = [...word].length;
  return n <= 4 ? 0 : n <= 8 ? 1 : 2;
}

/** Optimal string alignment distance (a swap of neighbours is one edit), as `strsim::osa_distance`. */
export function editDistance(a, b) {
  const s = [...a];
  const t = [...b];
  let before = null;
  let prev = Array.from({ length: t.length + 1 }, (_, i) => i);
  for (let i = 1; i <= s.length; i++) {
    const cur = [i];
    for (let j = 1; j <= t.length; j++) {
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (s[i - 1] === t[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && s[i - 1] === t[j - 2] && s[i - 2] === t[j - 1]) cur[j] = Math.min(cur[j], before[j - 2] + 1);
    }
    before = prev;
    prev = cur;
  }
  return prev[t.length];
}

/** Compares strings by code point, as Rust compares them (and as the shard bounds are sorted). */
export function codePointCompare(a, b) {
  if (!/[\ud800-\udfff]/.test(a + b)) return a < b ? -1 : a > b ? 1 : 0;
  const x = [...a].map((c) => c.codePointAt(0));
  const y = [...b].map((c) => c.codePointAt(0));
  for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return x[i] - y[i];
  return x.length - y.length;
}

/**
 * The reference's `compound_split`: a compound cut into a modifier and a head, each with the
 * surface forms `forms(part, role)` finds for it (role "modifier" or "head"). Cuts go from the
 * longest modifier down, both parts at least `minPart` letters, a linking sound of `links` may
 * sit between them; the first cut whose modifier and head both have forms wins, else the longest
 * modifier with forms alone (`data` of `databank`). The head is looked up only after a
 * modifier with forms. ASCII words only.
 * @param {string} word
 * @param {number} minPart
 * @param {string[]} links
 * @param {(part: string, role: "modifier" | "head") => Promise<string[]>} forms
 * @returns {Promise<{ modifier: string[], head: string[] } | null>}
 */
export async function compoundSplit(word, minPart, links, forms) {
  if (!/^[\p{ASCII}]*$/u.test(word) || word.length < 2 * minPart) return null;
  let modifierOnly = null;
  for (let cut = word.length - minPart; cut >= minPart; cut--) {
    const modifier = await forms(word.slice(0, cut), "modifier");
    if (modifier.length === 0) continue;
    const rest = word.slice(cut);
    for (const link of links) {
      if (!rest.startsWith(link) || rest.length - link.length < minPart) continue;
      const head = await forms(rest.slice(link.length), "head");
      if (head.length > 0) return { modifier, head };
    }
    if (modifierOnly === null) modifierOnly = modifier;
  }
  return modifierOnly === null ? null : { modifier: modifierOnly, head: [] };
}
