// kennisbank search client: reads the index `kennisbank build` writes under /search/ and ranks
// like the reference (`kennisbank search`); nothing leaves the device. API: kennisbank's
// README ("Search"); format and query: its docs/SEARCH-FORMAT.md.

/** The index format this client reads (docs/SEARCH-FORMAT.md). */
export const FORMAT_VERSION = 3;
const MAX_EXPANSIONS = 8;
/** How many letters longer than a known last word its completions may be. */
const MAX_INFLECTION = 3;
/** The shortest part of a query compound that is split off, and the linking sounds. */
const MIN_PART = 4;
const LINKS = ["", "s", "e", "en", "er"];
const own = (o, k) => Object.prototype.hasOwnProperty.call(o, k);
// Weights and bonuses, and the function words: as the reference (src/search/query.rs).
const COMPLETION_WEIGHT = 0.5;
const FUNCTION_WEIGHT = 0.25;
const TITLE_BONUS = 1.5;
const HEADINGS_BONUS = 1.25;
const FUNCTION_WORDS = new Set(
  ("aan al als ben bij dan dat de die dit doe doen doet een en er ga gaat heb hebt heeft het hoe hun ik in is je " +
    "jij kan kun kunt me met mij mijn moet na naar niet of om ons op over te tot u uit van voor waar waarom wanneer " +
    "wat welk welke werkt wie wil word wordt ze zij zijn").split(" "),
);

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

function fold(word) {
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
      manifestPromise = json(String(manifestUrl)).then((m) => {
        if (!m || m.version !== FORMAT_VERSION) {
          throw new Error(`search: index format ${m && m.version} at ${manifestUrl}, this client reads ${FORMAT_VERSION}`);
        }
        return m;
      });
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
    if (completion === "prefix" || (completion === "inflections" && chars >= MIN_PART)) {
      const longer = surfaces
        .filter((x) => x.startsWith(word) && x !== word)
        .map((x) => [[...x].length, x])
        .filter(([n]) => anyLength || n <= chars + MAX_INFLECTION);
      longer.sort((a, b) => a[0] - b[0] || codePointCompare(a[1], b[1]));
      forms.push(...longer.slice(0, MAX_EXPANSIONS).map((x) => x[1]));
    }
    if (forms.length === 0) {
      const max = typoDistance(word);
      if (max > 0) {
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

  /** [word, completed as a prefix, parts]: a hyphenated word closed when the site knows that form. */
  async function queryWords(m, query) {
    const maxLen = m.max_token_len || 40;
    const runs = foldRuns(query, maxLen);
    const completeLast = !/\s$/u.test(query);
    const words = [];
    for (let i = 0; i < runs.length; i++) {
      const last = completeLast && i === runs.length - 1;
      const run = runs[i];
      if (run.length > 1) {
        const closed = run.join("");
        if (new TextEncoder().encode(closed).length <= maxLen && (await expand(m, closed, last ? "prefix" : "inflections")).length > 0) {
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
    const allFunction = words.every(([w]) => FUNCTION_WORDS.has(w));
    const groups = [];
    for (const [word, prefix, parts] of words) {
      const required = allFunction || !FUNCTION_WORDS.has(word);
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
        const completed = exact && form !== word && form.startsWith(word);
        add([t], completed ? base * COMPLETION_WEIGHT : base);
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

  /** Every match, best first (filters are applied after, by `only`). */
  async function rank(query) {
    const m = await manifest();
    // A word on no page is left out when another required word matches (the reference's
    // `searched`), and named in `leftOut`; only unknown words find nothing.
    const all = await alternatives(m, query);
    const anyMatch = all.some((g) => g.required && g.alts.length > 0);
    const groups = anyMatch ? all.filter((g) => g.alts.length > 0) : [];
    const leftOut = anyMatch ? all.filter((g) => g.alts.length === 0).map((g) => g.word) : [];
    if (groups.length === 0) return { m, groups, ranked: [], leftOut };
    const { caches, idf, k1 } = scorer(m);
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
    // doc -> [score, bits of the fields with every required word]
    let required = null;
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
      } else if (required === null) {
        required = best;
      } else {
        const next = new Map();
        for (const [doc, [s, k]] of required) if (best.has(doc)) next.set(doc, [f(s + best.get(doc)[0]), k & best.get(doc)[1]]);
        required = next;
      }
    }
    const several = groups.filter((g) => g.required).length > 1;
    const weights = docWeights(m);
    const ranked = [...required].map(([doc, [s, k]]) => {
      const total = optional.has(doc) ? f(s + optional.get(doc)) : s;
      const bonus = !several ? 1 : k & 1 ? TITLE_BONUS : k & 2 ? HEADINGS_BONUS : 1;
      const weight = weights.get(doc);
      return { doc, score: weight === undefined ? f(total * bonus) : f(f(total * bonus) * f(weight)) };
    });
    ranked.sort((a, b) => b.score - a.score || a.doc - b.doc);
    return { m, groups, ranked, leftOut };
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
    const { m, groups, ranked } = await rank(query);
    return results(m, groups, await only(m, ranked, filters), limit);
  }

  /** Results plus facet counts over every match (before the filters that are set); ranks once. */
  async function searchWithFacets(query, { limit = 10, filters = {} } = {}) {
    const { m, groups, ranked, leftOut } = await rank(query);
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
    return { results: await results(m, groups, shown, limit), total: shown.length, facets, leftOut };
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
    leftOut: first.leftOut || [],
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
