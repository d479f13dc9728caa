// kennisbank search client: reads the index `kennisbank build` writes under /search/ and ranks
// like the reference (`kennisbank search`); nothing leaves the device. API: kennisbank's
// README ("Search"); format and query: its docs/SEARCH-FORMAT.md.

import { foldRuns, foldWords, fold, typoDistance, editDistance, codePointCompare, compoundSplit } from "./search-words.js";
import { decodePostings, facetDocs, base64Bytes } from "./search-postings.js";
import { f, bm25, coverage, combineRequired } from "./search-score.js";
import { FORMAT_VERSION, readManifest } from "./search-manifest.js";

// The ranking constants and function words come from the manifest (`ranking`,
// `function_words`), written there from the reference's own constants.
export { FORMAT_VERSION, foldRuns, foldWords, typoDistance, editDistance, decodePostings, coverage, combineRequired };

const own = (o, k) => Object.prototype.hasOwnProperty.call(o, k);

/**
 * A search engine over one index: fetches what each query needs (once), ranks as the reference.
 * @param {{ manifestUrl: URL | string, fetch?: (url: string) => Promise<any> }} options
 */
export function createSearch({ manifestUrl, fetch: fetchImpl = globalThis.fetch.bind(globalThis) }) {
  const files = new Map();
  let manifestPromise = null;

  /** A file, fetched once; a failed fetch is forgotten (the next query tries again). */
  function load(url, read) {
    if (!files.has(url)) {
      const pending = Promise.resolve()
        .then(() => fetchImpl(url))
        .then((r) => {
          if (!r.ok) throw new Error(`search: ${url} answered ${r.status}`);
          return read(r);
        });
      pending.catch(() => {
        if (files.get(url) === pending) files.delete(url);
      });
      files.set(url, pending);
    }
    return files.get(url);
  }
  const json = (url) => load(url, (r) => r.json());
  const binary = (url) => load(url, async (r) => new Uint8Array(await r.arrayBuffer()));

  const base = () => new URL(".", manifestUrl);

  /** The manifest, if of the version this client reads. */
  async function manifest() {
    if (!manifestPromise) {
      manifestPromise = json(String(manifestUrl)).then((m) => readManifest(m, String(manifestUrl)));
      manifestPromise.catch(() => {
        manifestPromise = null;
      });
    }
    return manifestPromise;
  }

  /** The vocabulary shard of a word: the last one whose lower bound is not after it. */
  function shardIndex(m, word) {
    let lo = 0;
    let hi = m.bounds.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (codePointCompare(m.bounds[mid], word) <= 0) lo = mid + 1;
      else hi = mid;
    }
    return Math.max(0, lo - 1);
  }

  async function shard(m, word) {
    return json(new URL(`${m.vocab}/${shardIndex(m, word)}.json`, base()).href);
  }

  /** The surface forms a query word stands for, in the reference's order. `completion` is
   * "prefix" (the last word as typed), "inflections" (another content word) or "none" (a
   * function word), as the reference's `Completion`. */
  async function expand(m, word, completion) {
    const { max_expansions: MAX_EXPANSIONS, max_inflection: MAX_INFLECTION, min_part: MIN_PART } = m.ranking;
    const forms = [];
    const s = await shard(m, word);
    if (!s) return forms;
    if (own(s.w, word)) forms.push(word);
    const surfaces = Object.keys(s.w);
    // Completions only to inflections (every longer form costs the fetch of its postings),
    // except for a last word the site does not know.
    const known = forms.length > 0;
    const chars = [...word].length;
    const anyLength = completion === "prefix" && !known;
    // A Dutch infinitive also completes from its stem (`plegen` -> `pleger`), as the reference.
    const ending = m.infinitive_ending;
    const stem = ending && word.endsWith(ending) ? word.slice(0, -ending.length) : null;
    const stemChars = stem !== null && [...stem].length >= MIN_PART ? [...stem].length : 0;
    if (completion === "prefix" || (completion === "inflections" && chars >= MIN_PART)) {
      const longer = surfaces
        .filter((x) => x !== word)
        .map((x) => /** @type {[number, string]} */ ([[...x].length, x]))
        .filter(
          ([n, x]) =>
            (x.startsWith(word) && (anyLength || n <= chars + MAX_INFLECTION)) ||
            (stemChars > 0 && stem !== null && x.startsWith(stem) && !x.startsWith(word) && n <= stemChars + MAX_INFLECTION),
        );
      longer.sort((a, b) => a[0] - b[0] || codePointCompare(a[1], b[1]));
      forms.push(...longer.slice(0, MAX_EXPANSIONS).map((x) => x[1]));
    }
    if (forms.length === 0) {
      const max = typoDistance(word);
      if (max > 0) {
        /** @type {[number, string][]} */
        const near = [];
        for (const x of surfaces) {
          if (Math.abs([...x].length - [...word].length) > max) continue;
          const d = editDistance(x, word);
          if (d <= max) near.push([d, x]);
        }
        near.sort((a, b) => a[0] - b[0] || codePointCompare(a[1], b[1]));
        forms.push(...near.slice(0, MAX_EXPANSIONS).map((n) => n[1]));
      }
    }
    return forms;
  }

  /** The reference's `split_compound`: a compound the site lacks, cut by `compoundSplit`; a
   * modifier stands for itself and the longer words of its shard that begin with it, a head for
   * what a typed word would. */
  async function splitCompound(m, word) {
    if (m.compounds === false) return null;
    const { min_part: MIN_PART, links: LINKS, max_expansions: MAX_EXPANSIONS } = m.ranking;
    return compoundSplit(word, MIN_PART, LINKS, async (part, role) => {
      if (role === "head") return expand(m, part, "inflections");
      const s = await shard(m, part);
      const forms = s && own(s.w, part) ? [part] : [];
      if (!s) return forms;
      const longer = Object.keys(s.w)
        .filter((x) => x.startsWith(part) && x !== part)
        .map((x) => /** @type {[number, string]} */ ([[...x].length, x]));
      longer.sort((a, b) => a[0] - b[0] || codePointCompare(a[1], b[1]));
      return forms.concat(longer.slice(0, MAX_EXPANSIONS).map((x) => x[1]));
    });
  }

  /** term -> a surface form whose shard holds the term's postings. */
  const termHome = new Map();

  async function termOf(m, surface) {
    const s = await shard(m, surface);
    if (!own(s.w, surface)) return null;
    const term = s.w[surface];
    if (!termHome.has(term)) termHome.set(term, surface);
    return term;
  }

  /** [word, completed as a prefix, parts]: a hyphenated word closed when the site knows that form.
   * @returns {Promise<[string, boolean, string[]][]>} */
  async function queryWords(m, query) {
    const maxLen = m.max_token_len || 40;
    const runs = foldRuns(query, maxLen);
    const completeLast = !/\s$/u.test(query);
    /** @type {[string, boolean, string[]][]} */
    const words = [];
    for (let i = 0; i < runs.length; i++) {
      const last = completeLast && i === runs.length - 1;
      const run = runs[i];
      if (run.length > 1) {
        const closed = run.join("");
        const known = async () => {
          if ((await expand(m, closed, last ? "prefix" : "inflections")).length > 0) return true;
          const split = await splitCompound(m, closed);
          return split !== null && split.head.length > 0;
        };
        if (new TextEncoder().encode(closed).length <= maxLen && (await known())) {
          words.push([closed, last, run]);
          continue;
        }
      }
      run.forEach((w, j) => words.push([w, last && j === run.length - 1, []]));
    }
    return words;
  }

  /** The distinct terms of `words`; none if one is unknown. */
  async function allTerms(m, words) {
    const all = [];
    for (const w of words) {
      const t = await termOf(m, w);
      if (t === null) return [];
      if (!all.includes(t)) all.push(t);
    }
    return all;
  }

  /** Per query word: alternatives ({ terms that must all occur, weight }), whether it is
   * required, and the surface forms (for highlighting). */
  async function alternatives(m, query) {
    const words = await queryWords(m, query);
    const functionWords = new Set(m.function_words);
    const { function_weight: FUNCTION_WEIGHT, completion_weight: COMPLETION_WEIGHT } = m.ranking;
    const { part_weight: PART_WEIGHT, shared_part_weight: SHARED_PART_WEIGHT } = m.ranking;
    const allFunction = words.every(([w]) => functionWords.has(w));
    const groups = [];
    for (const [word, prefix, parts] of words) {
      const required = allFunction || !functionWords.has(word);
      const completion = !required ? "none" : prefix ? "prefix" : "inflections";
      const base = required ? 1 : FUNCTION_WEIGHT;
      const forms = await expand(m, word, completion);
      const exact = (await termOf(m, word)) !== null || own(m.synonyms, word);
      const alts = [];
      const add = (terms, weight) => {
        if (!alts.some((a) => a.terms.length === terms.length && a.terms.every((t, j) => t === terms[j]))) {
          alts.push({ terms, weight });
        }
      };
      for (const form of forms) {
        const t = await termOf(m, form);
        if (t === null) continue;
        const completed = exact && form !== word;
        add([t], completed ? base * COMPLETION_WEIGHT : base);
      }
      // A compound the site lacks: its parts together, then one part it shares.
      const split = forms.length === 0 && required && !own(m.synonyms, word) ? await splitCompound(m, word) : null;
      if (split !== null) {
        const [mt, ht] = [split.modifier[0], split.head[0]];
        const m0 = await termOf(m, mt);
        const h0 = ht === undefined ? null : await termOf(m, ht);
        if (m0 !== null && h0 !== null) add(m0 === h0 ? [m0] : [m0, h0], base * PART_WEIGHT);
        for (const form of split.head.concat(split.modifier)) {
          const t = await termOf(m, form);
          if (t !== null) add([t], base * SHARED_PART_WEIGHT);
        }
        forms.push(...split.head, ...split.modifier);
      }
      // The glossary term the word abbreviates; the parts of a hyphenated word.
      for (const words of [own(m.synonyms, word) ? m.synonyms[word] : [], parts]) {
        const all = await allTerms(m, words);
        if (all.length > 0) {
          forms.push(...words);
          add(all, base);
        }
      }
      if (required || alts.length > 0) groups.push({ word, forms, alts, required });
    }
    return groups;
  }

  /** A term's postings: inline in the vocabulary shard of a surface form that maps to it, or a
   * file of their own when long. */
  async function postings(m, term, surface) {
    const s = await shard(m, surface);
    if (!own(s.t, term)) return new Map();
    const ref = s.t[term];
    const bytes =
      typeof ref === "number" ? await binary(new URL(`${m.postings}/${ref}.bin`, base()).href) : base64Bytes(ref);
    return decodePostings(bytes, m.doc_count, m.fields.length);
  }

  /** doc -> score factor of its kind (the manifest's `doc_weights`; absent means 1). */
  let weightsOf = null;
  function docWeights(m) {
    if (!weightsOf || weightsOf.m !== m) {
      const map = new Map();
      for (const [weight, docs] of m.doc_weights || []) for (const doc of docs) map.set(doc, weight);
      weightsOf = { m, map };
    }
    return weightsOf.map;
  }

  /** Every match, best first (filters are applied after, by `only`). */
  async function rank(query) {
    const m = await manifest();
    // A word on no page is left out when another required word matches (the reference's
    // `searched`), and named in `leftOut`; only unknown words find nothing.
    const all = await alternatives(m, query);
    const anyMatch = all.some((g) => g.required && g.alts.length > 0);
    const groups = anyMatch ? all.filter((g) => g.alts.length > 0) : [];
    const leftOut = anyMatch ? all.filter((g) => g.alts.length === 0).map((g) => g.word) : [];
    if (groups.length === 0) return { m, groups, ranked: [], leftOut, partial: false };
    const { caches, idf, k1 } = bm25(m);
    /** doc -> [score over its fields, times `weight`; a bit per field]. */
    async function termScores(term, weight) {
      const list = await postings(m, term, termHome.get(term));
      const df = m.fields.map(() => 0);
      for (const perField of list.values()) for (const [field] of perField) df[field]++;
      const weights = df.map((d) => f(idf(d) * f(f(1) + k1)));
      const scores = new Map();
      for (const [doc, perField] of list) {
        let sum = f(0);
        let bits = 0;
        for (const [field, tf, norm] of perField) {
          const tfFactor = f(f(tf) / f(f(tf) + caches[field][norm]));
          sum = f(sum + f(f(weights[field] * tfFactor) * f(m.boosts[field] * weight)));
          bits |= 1 << field;
        }
        scores.set(doc, [sum, bits]);
      }
      return scores;
    }
    // Per required word: doc -> [score, bits of the fields with the word]
    const perRequired = [];
    const optional = new Map();
    for (const group of groups) {
      const best = new Map();
      for (const alt of group.alts) {
        let scores = null;
        for (const term of alt.terms) {
          const next = await termScores(term, alt.weight);
          if (scores === null) scores = next;
          else {
            const both = new Map();
            for (const [doc, [s, k]] of scores) if (next.has(doc)) both.set(doc, [f(s + next.get(doc)[0]), k & next.get(doc)[1]]);
            scores = both;
          }
        }
        for (const [doc, [s, k]] of scores) {
          const [was, wasBits] = best.get(doc) || [s, 0];
          best.set(doc, [was < s ? s : was, wasBits | k]);
        }
      }
      if (!group.required) {
        for (const [doc, [s]] of best) optional.set(doc, optional.has(doc) ? f(optional.get(doc) + s) : s);
      } else {
        perRequired.push(best);
      }
    }
    const { required, partial } = combineRequired(perRequired);
    const { title_bonus: TITLE_BONUS, headings_bonus: HEADINGS_BONUS } = m.ranking;
    const several = perRequired.length > 1;
    const weights = docWeights(m);
    const ranked = [...required].map(([doc, [s, k, matched]]) => {
      const total = optional.has(doc) ? f(s + optional.get(doc)) : s;
      const bonus = !several || partial ? 1 : k & 1 ? TITLE_BONUS : k & 2 ? HEADINGS_BONUS : 1;
      const weight = weights.get(doc);
      const score = weight === undefined ? f(total * bonus) : f(f(total * bonus) * f(weight));
      return { doc, score: partial ? f(score * coverage(matched, perRequired.length)) : score };
    });
    ranked.sort((a, b) => b.score - a.score || a.doc - b.doc);
    return { m, groups, ranked, leftOut, partial };
  }

  /** The ranked documents that have each facet value of `filters`. */
  async function only(m, ranked, filters) {
    for (const [facet, value] of Object.entries(filters).filter(([, v]) => v)) {
      const data = await json(new URL(m.facets, base()).href);
      const entry = data[facet] && data[facet][value];
      const docs = entry ? facetDocs(entry, m.doc_count) : new Set();
      ranked = ranked.filter((r) => docs.has(r.doc));
    }
    return ranked;
  }

  /** Picks the section with the most query words and cuts an excerpt around the first one. */
  function excerpt(fragment, forms) {
    const wanted = new Set(forms);
    let best = { section: fragment.sections[0] || ["", "", ""], hits: -1 };
    for (const section of fragment.sections) {
      const hits = foldWords(section[2] + " " + section[1]).filter((w) => wanted.has(w)).length;
      if (hits > best.hits) best = { section, hits };
    }
    const [id, heading, text] = best.section;
    // Marks belong to their word (`دائمًا`), as when the index was built; fold drops them.
    const tokens = [...text.matchAll(/[\p{L}\p{N}][\p{L}\p{N}\p{M}]*/gu)];
    const matches = tokens.filter((t) => wanted.has(fold(t[0])));
    const first = matches.length ? matches[0].index : 0;
    const start = Math.max(0, text.lastIndexOf(" ", Math.max(0, first - 60)) + 1);
    let end = Math.min(text.length, start + 200);
    if (end < text.length) end = Math.max(text.lastIndexOf(" ", end), first + 1);
    const snippet = text.slice(start, end);
    const marks = matches
      .filter((t) => t.index >= start && t.index + t[0].length <= end)
      .map((t) => [t.index - start, t.index - start + t[0].length]);
    return {
      id,
      heading,
      excerpt: (start > 0 ? "…" : "") + snippet + (end < text.length ? "…" : ""),
      offset: start > 0 ? 1 : 0,
      marks,
    };
  }

  async function results(m, groups, ranked, limit) {
    const forms = groups.flatMap((g) => g.forms.concat([g.word]));
    return Promise.all(
      ranked.slice(0, limit).map(async ({ doc, score }) => {
        const fragment = await json(new URL(`${m.docs}/${doc}.json`, base()).href);
        const ex = excerpt(fragment, forms);
        return {
          doc,
          url: fragment.url,
          title: fragment.title,
          kind: fragment.kind,
          crumbs: fragment.crumbs,
          score,
          excerpt: ex.excerpt,
          marks: ex.marks.map(([a, b]) => [a + ex.offset, b + ex.offset]),
          heading: ex.heading,
          anchorUrl: ex.id ? `${fragment.url}#${ex.id}` : fragment.url,
        };
      }),
    );
  }

  async function search(query, { limit = 10, filters = {} } = {}) {
    const { m, groups, ranked, partial } = await rank(query);
    const found = await results(m, groups, await only(m, ranked, filters), limit);
    return partial ? found.map((r) => ({ ...r, partial })) : found;
  }

  /** Results plus facet counts over every match (before the filters that are set); ranks once. */
  async function searchWithFacets(query, { limit = 10, filters = {} } = {}) {
    const { m, groups, ranked, leftOut, partial } = await rank(query);
    const facets = {};
    if (ranked.length > 0) {
      for (const [facet, values] of Object.entries(await json(new URL(m.facets, base()).href))) {
        facets[facet] = {};
        for (const [value, entry] of Object.entries(values)) {
          const docs = facetDocs(entry, m.doc_count);
          const count = ranked.filter((r) => docs.has(r.doc)).length;
          if (count > 0) facets[facet][value] = count;
        }
      }
    }
    const shown = await only(m, ranked, filters);
    return { results: await results(m, groups, shown, limit), total: shown.length, facets, leftOut, partial };
  }

  return { search, searchWithFacets, manifest };
}

let shared = null;

/** This page's index, and on a page in another language the default language's index too. */
function defaultEngines() {
  if (!shared) {
    const doc = typeof document !== "undefined" ? document : null;
    const meta = /** @type {HTMLMetaElement | null} */ (doc && doc.querySelector('meta[name="kb-search-manifest"]'));
    const manifestUrl = meta ? new URL(meta.content, doc.baseURI) : new URL("../search/manifest.json", import.meta.url);
    const fallback = /** @type {HTMLMetaElement | null} */ (doc && doc.querySelector('meta[name="kb-search-fallback-manifest"]'));
    shared = {
      primary: createSearch({ manifestUrl }),
      fallback: fallback ? createSearch({ manifestUrl: new URL(fallback.content, doc.baseURI) }) : null,
      fallbackLang: fallback ? fallback.dataset.lang : null,
    };
  }
  return shared;
}

/** Results in the reader's language first; then, up to the limit, those of the default
 * language (each with `lang` set, so the page can say so). */
async function inLanguageOrder(run, limit, { counts = false } = {}) {
  const { primary, fallback, fallbackLang } = defaultEngines();
  if (!fallback) return run(primary, limit);
  // One after the other, so the default language's excerpts are fetched only for the places
  // left; if this language's index cannot be read, the default language's still answers. With
  // the places filled and no counts wanted, the default language's index is not read at all.
  const first = await run(primary, limit).catch(() => ({ results: [], total: 0, facets: {} }));
  const left = Math.max(0, limit - first.results.length);
  const rest = left > 0 || counts ? await run(fallback, left) : { results: [], total: 0, facets: {} };
  const facets = {};
  for (const answer of [first, rest]) {
    for (const [facet, values] of Object.entries(answer.facets || {})) {
      facets[facet] = facets[facet] || {};
      for (const [value, n] of Object.entries(values)) facets[facet][value] = (facets[facet][value] || 0) + n;
    }
  }
  return {
    results: first.results.concat(rest.results.map((r) => ({ ...r, lang: fallbackLang }))),
    total: (first.total || 0) + (rest.total || 0),
    facets,
    leftOut: first.leftOut || [],
    partial: Boolean(first.partial),
  };
}

/** Searches this site's index. Resolves to results, best first. */
export async function search(query, { limit = 10, filters = {} } = {}) {
  const answer = await inLanguageOrder(
    async (engine, n) => ({ results: await engine.search(query, { limit: n, filters }) }),
    limit,
  );
  return answer.results;
}

export function searchWithFacets(query, { limit = 10, filters = {} } = {}) {
  return inLanguageOrder((engine, n) => engine.searchWithFacets(query, { limit: n, filters }), limit, {
    counts: true,
  });
}
