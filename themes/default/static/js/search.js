// kennisbank search client: reads the static index that `kennisbank build` exports under
// /search/ and ranks like the tantivy reference (`kennisbank search`). Nothing leaves the
// device: every request goes to this site, for files that are the same for every visitor.
//
// API (an ES module, no dependencies):
//   import { search, createSearch } from "/js/search.<hash>.js";
//   const results = await search("tijdelijk huisverbod", { limit: 5, filters: { kind: "guidance" } });
//   // -> [{ url, title, score, excerpt, marks, anchorUrl, crumbs, kind, doc }]
//   const engine = createSearch({ manifestUrl, fetch });  // own instance (tests, other pages)
//   await engine.searchWithFacets(query, { limit, filters }) // -> { results, total, facets }
//
// The format is described in docs/SEARCH-FORMAT.md of kennisbank.

const MAX_EXPANSIONS = 8;
/** How many letters longer than a known last word its completions may be. */
const MAX_INFLECTION = 3;
/** The shortest part of a query compound that is split off, and the linking sounds. */
const MIN_PART = 4;
const LINKS = ["", "s", "e", "en", "er"];
const own = (o, k) => Object.prototype.hasOwnProperty.call(o, k);

/** Lowercased, accent-folded words, split like tantivy's SimpleTokenizer. */
export function foldWords(text) {
  const words = [];
  // Combining marks go before splitting (as the reference does): `دائمًا` is one word.
  const unmarked = String(text).normalize("NFD").replace(/\p{M}+/gu, "");
  for (const raw of unmarked.split(/[^\p{L}\p{N}]+/u)) {
    if (!raw) continue;
    if (new TextEncoder().encode(raw).length > 40) continue;
    words.push(fold(raw));
  }
  return words;
}

const SPECIAL = { ß: "ss", æ: "ae", œ: "oe", ø: "o", ł: "l", đ: "d", þ: "th", ı: "i" };

function fold(word) {
  return word
    .toLowerCase()
    .normalize("NFD")
    .replace(/\p{M}+/gu, "")
    .replace(/[ßæœøłđþı]/g, (c) => SPECIAL[c]);
}

/** Edits allowed for a word: 1 from 5 letters, 2 from 9 (as the reference). */
export function typoDistance(word) {
  const n = [...word].length;
  return n <= 4 ? 0 : n <= 8 ? 1 : 2;
}

export function levenshtein(a, b) {
  const s = [...a];
  const t = [...b];
  let prev = Array.from({ length: t.length + 1 }, (_, i) => i);
  for (let i = 1; i <= s.length; i++) {
    const cur = [i];
    for (let j = 1; j <= t.length; j++) {
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (s[i - 1] === t[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[t.length];
}

/** Compares strings by code point, as Rust compares them (and as the shard bounds are sorted). */
function codePointCompare(a, b) {
  if (!/[\ud800-\udfff]/.test(a + b)) return a < b ? -1 : a > b ? 1 : 0;
  const x = [...a].map((c) => c.codePointAt(0));
  const y = [...b].map((c) => c.codePointAt(0));
  for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return x[i] - y[i];
  return x.length - y.length;
}
const f = Math.fround;

/** Reads the varints and sets of docs/SEARCH-FORMAT.md from bytes. */
function reader(bytes) {
  let at = 0;
  const r = {
    byte: () => bytes[at++],
    varint() {
      let value = 0;
      let shift = 0;
      for (;;) {
        const byte = bytes[at++];
        value += (byte & 0x7f) * 2 ** shift;
        if (byte < 0x80) return value;
        shift += 7;
      }
    },
    /** `count` members of 0..universe: all of them, gaps (format 0) or a bitset (format 1). */
    set(count, universe) {
      const members = new Array(count);
      if (count === universe) {
        for (let i = 0; i < count; i++) members[i] = i;
        return members;
      }
      if (bytes[at++] === 0) {
        let value = 0;
        for (let i = 0; i < count; i++) {
          value = i === 0 ? r.varint() : value + r.varint();
          members[i] = value;
        }
      } else {
        let i = 0;
        for (let m = 0; m < universe; m++) if (bytes[at + (m >> 3)] & (1 << (m & 7))) members[i++] = m;
        at += (universe + 7) >> 3;
      }
      return members;
    },
    /** `count` term frequencies: varints (format 0) or two to a byte (format 1). */
    frequencies(count) {
      const out = new Array(count);
      if (bytes[at++] === 0) {
        for (let i = 0; i < count; i++) out[i] = r.varint();
      } else {
        for (let i = 0; i < count; i++) out[i] = (bytes[at + (i >> 1)] >> ((i & 1) * 4)) & 15;
        at += (count + 1) >> 1;
      }
      return out;
    },
    bytes(count) {
      at += count;
      return bytes.subarray(at - count, at);
    },
  };
  return r;
}

/** Reads a postings list into doc -> [[field, tf, fieldnorm id]]. */
export function decodePostings(bytes, docCount, fieldCount) {
  const r = reader(bytes);
  const n = r.varint();
  const docs = r.set(n, docCount);
  const fields = [];
  for (let field = 0; field < fieldCount; field++) {
    const m = r.varint();
    fields.push(m === 0 ? [] : r.set(m, n));
  }
  const perDoc = new Map(docs.map((d) => [d, []]));
  fields.forEach((positions, field) => {
    if (positions.length === 0) return;
    const tfs = r.frequencies(positions.length);
    const norms = r.bytes(positions.length);
    positions.forEach((p, i) => perDoc.get(docs[p]).push([field, tfs[i], norms[i]]));
  });
  return perDoc;
}

/** A facet value's documents, from its [count, base64 set]. */
function facetDocs([count, encoded], docCount) {
  return new Set(reader(base64Bytes(encoded)).set(count, docCount));
}

function base64Bytes(text) {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

export function createSearch({ manifestUrl, fetch: fetchImpl = globalThis.fetch.bind(globalThis) } = {}) {
  const files = new Map();
  let manifestPromise = null;

  function load(url, read) {
    if (!files.has(url)) {
      files.set(
        url,
        fetchImpl(url).then((r) => {
          if (!r.ok) throw new Error(`search: ${url} answered ${r.status}`);
          return read(r);
        }),
      );
    }
    return files.get(url);
  }
  const json = (url) => load(url, (r) => r.json());
  const binary = (url) => load(url, async (r) => new Uint8Array(await r.arrayBuffer()));

  const base = () => new URL(".", manifestUrl);

  async function manifest() {
    if (!manifestPromise) manifestPromise = json(String(manifestUrl));
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

  /** The surface forms a query word stands for, in the reference's order. */
  async function expand(m, word, asPrefix) {
    const forms = [];
    const s = await shard(m, word);
    if (!s) return forms;
    if (own(s.w, word)) forms.push(word);
    const surfaces = Object.keys(s.w);
    // The last word is completed as a prefix; a known word only to its inflections (every
    // longer form costs the fetch of its postings).
    if (asPrefix) {
      const known = forms.length > 0;
      const chars = [...word].length;
      const longer = surfaces
        .filter((x) => x.startsWith(word) && x !== word)
        .map((x) => [[...x].length, x])
        .filter(([n]) => !known || n <= chars + MAX_INFLECTION);
      longer.sort((a, b) => a[0] - b[0] || codePointCompare(a[1], b[1]));
      forms.push(...longer.slice(0, MAX_EXPANSIONS).map((x) => x[1]));
    }
    if (forms.length === 0) {
      const max = typoDistance(word);
      if (max > 0) {
        const near = [];
        for (const x of surfaces) {
          if (Math.abs([...x].length - [...word].length) > max) continue;
          const d = levenshtein(x, word);
          if (d <= max) near.push([d, x]);
        }
        near.sort((a, b) => a[0] - b[0] || codePointCompare(a[1], b[1]));
        forms.push(...near.slice(0, MAX_EXPANSIONS).map((n) => n[1]));
      }
    }
    if (forms.length === 0) forms.push(...(await splitCompound(m, word)));
    return forms;
  }

  /** A word the corpus lacks that is two corpus words glued together (`buurkind`): its modifier
   * (longest first, in the word's own shard) and head, with a linking sound between them. */
  async function splitCompound(m, word) {
    if (m.compounds === false || !/^[\x00-\x7f]*$/.test(word)) return [];
    for (let cut = word.length - MIN_PART; cut >= MIN_PART; cut--) {
      const modifier = word.slice(0, cut);
      if ((await termOf(m, modifier)) === null) continue;
      const rest = word.slice(cut);
      for (const link of LINKS) {
        if (!rest.startsWith(link)) continue;
        const head = rest.slice(link.length);
        if (head.length >= MIN_PART && (await termOf(m, head)) !== null) return [modifier, head];
      }
    }
    return [];
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

  /** For each query word: its alternatives (each a list of terms that must all occur: one
   * term, or all the terms of the glossary term the word abbreviates), and the surface forms
   * (for highlighting). */
  async function alternatives(m, query) {
    const words = foldWords(query);
    const completeLast = !/\s$/u.test(query);
    const groups = [];
    for (let i = 0; i < words.length; i++) {
      const word = words[i];
      const forms = await expand(m, word, completeLast && i === words.length - 1);
      const alts = [];
      const has = (alt) => alts.some((a) => a.length === alt.length && a.every((t, j) => t === alt[j]));
      for (const form of forms) {
        const t = await termOf(m, form);
        if (t !== null && !has([t])) alts.push([t]);
      }
      if (own(m.synonyms, word)) {
        let all = [];
        for (const syn of m.synonyms[word]) {
          const t = await termOf(m, syn);
          if (t === null) {
            all = [];
            break;
          }
          if (!all.includes(t)) all.push(t);
        }
        if (all.length > 0) {
          forms.push(...m.synonyms[word]);
          if (!has(all)) alts.push(all);
        }
      }
      groups.push({ word, forms, alts });
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

  /** BM25 in 32-bit floats, as tantivy computes it. */
  function scorer(m) {
    const k1 = f(m.k1);
    const b = f(m.b);
    const n = m.doc_count;
    const caches = m.avg_fieldnorm.map((avg) =>
      m.fieldnorm_table.map((norm) => f(k1 * f(f(f(1) - b) + f(f(b * f(norm)) / f(avg))))),
    );
    const idf = (df) => f(Math.log(f(f(1) + f(f(f(n - df) + f(0.5)) / f(f(df) + f(0.5))))));
    return { caches, idf, k1 };
  }

  async function rank(query, filters = {}) {
    const m = await manifest();
    const groups = await alternatives(m, query);
    if (groups.length === 0 || groups.some((g) => g.alts.length === 0)) return { m, groups, ranked: [] };
    const { caches, idf, k1 } = scorer(m);
    const fieldCount = m.fields.length;
    let total = null;
    /** doc -> the term's score, summed over the fields it occurs in. */
    async function termScores(term) {
      const list = await postings(m, term, termHome.get(term));
      const df = new Array(fieldCount).fill(0);
      for (const perField of list.values()) for (const [field] of perField) df[field]++;
      const weights = df.map((d) => f(idf(d) * f(f(1) + k1)));
      const scores = new Map();
      for (const [doc, perField] of list) {
        let sum = f(0);
        for (const [field, tf, norm] of perField) {
          const tfFactor = f(f(tf) / f(f(tf) + caches[field][norm]));
          sum = f(sum + f(f(weights[field] * tfFactor) * f(m.boosts[field])));
        }
        scores.set(doc, sum);
      }
      return scores;
    }
    for (const group of groups) {
      const best = new Map();
      for (const alt of group.alts) {
        let scores = null;
        for (const term of alt) {
          const next = await termScores(term);
          if (scores === null) {
            scores = next;
          } else {
            const both = new Map();
            for (const [doc, score] of scores) if (next.has(doc)) both.set(doc, f(score + next.get(doc)));
            scores = both;
          }
        }
        for (const [doc, sum] of scores) if (!best.has(doc) || best.get(doc) < sum) best.set(doc, sum);
      }
      if (total === null) {
        total = best;
      } else {
        const next = new Map();
        for (const [doc, score] of total) if (best.has(doc)) next.set(doc, f(score + best.get(doc)));
        total = next;
      }
    }
    let ranked = [...total].map(([doc, score]) => ({ doc, score }));
    const active = Object.entries(filters).filter(([, v]) => v);
    if (active.length > 0) {
      const facets = await json(new URL(m.facets, base()).href);
      for (const [facet, value] of active) {
        const entry = facets[facet] && facets[facet][value];
        const docs = entry ? facetDocs(entry, m.doc_count) : new Set();
        ranked = ranked.filter((r) => docs.has(r.doc));
      }
    }
    ranked.sort((a, b) => b.score - a.score || a.doc - b.doc);
    return { m, groups, ranked };
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
    const { m, groups, ranked } = await rank(query, filters);
    return results(m, groups, ranked, limit);
  }

  /** Results plus facet counts over every match (before the filters that are set). */
  async function searchWithFacets(query, { limit = 10, filters = {} } = {}) {
    const all = await rank(query, {});
    const filtered = Object.values(filters).some(Boolean) ? await rank(query, filters) : all;
    const facets = {};
    if (all.ranked.length > 0) {
      const data = await json(new URL(all.m.facets, base()).href);
      for (const [facet, values] of Object.entries(data)) {
        facets[facet] = {};
        for (const [value, entry] of Object.entries(values)) {
          const docs = facetDocs(entry, all.m.doc_count);
          const count = all.ranked.filter((r) => docs.has(r.doc)).length;
          if (count > 0) facets[facet][value] = count;
        }
      }
    }
    return {
      results: await results(filtered.m, filtered.groups, filtered.ranked, limit),
      total: filtered.ranked.length,
      facets,
    };
  }

  return { search, searchWithFacets, manifest };
}

let shared = null;

/** This page's index, and on a page in another language the default language's index too. */
function defaultEngines() {
  if (!shared) {
    const doc = typeof document !== "undefined" ? document : null;
    const meta = doc && doc.querySelector('meta[name="kb-search-manifest"]');
    const manifestUrl = meta ? new URL(meta.content, doc.baseURI) : new URL("../search/manifest.json", import.meta.url);
    const fallback = doc && doc.querySelector('meta[name="kb-search-fallback-manifest"]');
    shared = {
      primary: createSearch({ manifestUrl }),
      fallback: fallback ? createSearch({ manifestUrl: new URL(fallback.content, doc.baseURI)}) : null,
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
