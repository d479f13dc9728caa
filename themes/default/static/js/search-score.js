// The arithmetic of ranking, in 32-bit floats as tantivy does it (the reference ranking): BM25,
// and how the scores of the required words combine, with the fallback to the pages that hold
// the most words. Part of the search client (search.js); every function here is pure.

/** Rounds to a 32-bit float, as every step of tantivy's scoring does. */
export const f = Math.fround;

/** BM25 in 32-bit floats, as tantivy computes it: per field, the length factor of each
 * fieldnorm id, and the idf of a document frequency.
 * @param {{ k1: number, b: number, doc_count: number, avg_fieldnorm: number[], fieldnorm_table: number[] }} m
 */
export function bm25(m) {
  const k1 = f(m.k1);
  const b = f(m.b);
  const n = m.doc_count;
  const caches = m.avg_fieldnorm.map((avg) =>
    m.fieldnorm_table.map((norm) => f(k1 * f(f(f(1) - b) + f(f(b * f(norm)) / f(avg))))),
  );
  /** @param {number} df */
  const idf = (df) => f(Math.log(f(f(1) + f(f(f(n - df) + f(0.5)) / f(f(df) + f(0.5))))));
  return { caches, idf, k1 };
}

/** The score factor of a page that holds `matched` of the `required` words, when no page holds
 * them all (as the reference's `coverage`). */
export function coverage(matched, required) {
  return f(f(matched) / f(required));
}

/**
 * The pages that hold every required word (per word: doc -> [score, field bits]), their scores
 * added and the field bits and-ed, in the reference's order of addition. When no page holds
 * them all (two or more words), every page that holds some, with its score over the words it
 * holds and how many (`partial`): a page with some words beats an empty page.
 */
export function combineRequired(perRequired) {
  let all = null;
  for (const best of perRequired) {
    if (all === null) all = new Map([...best].map(([doc, [s, k]]) => [doc, [s, k, 1]]));
    else {
      const next = new Map();
      for (const [doc, [s, k, n]] of all) if (best.has(doc)) next.set(doc, [f(s + best.get(doc)[0]), k & best.get(doc)[1], n + 1]);
      all = next;
    }
  }
  if (all === null) return { required: new Map(), partial: false };
  if (all.size > 0 || perRequired.length < 2) return { required: all, partial: false };
  const some = new Map();
  for (const best of perRequired) {
    for (const [doc, [s, k]] of best) {
      const was = some.get(doc);
      some.set(doc, was ? [f(was[0] + s), was[1] & k, was[2] + 1] : [s, k, 1]);
    }
  }
  return { required: some, partial: true };
}
