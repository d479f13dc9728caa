// The search contract, checked without a browser: the client engine (the built, hashed
// search.js, run in node on the built index files, read from disk through a counting fetch) and
// the reference ranking (`kennisbank search --json`, tantivy) must rank alike; realistic Dutch
// queries must find the page a reader expects; a two-word query must stay under 100 KB of
// fetched files, client code included; facet filters and counts must hold.
import { test, before } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, readdirSync, existsSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { gzipSync } from "node:zlib";
import { availableParallelism } from "node:os";
import { SITE_DIR } from "../lib.mjs";

const ROOT = fileURLToPath(new URL("../../../", import.meta.url));
const CLI = join(ROOT, "target", "release", "kennisbank");
const ORIGIN = "https://site.invalid";
const run = promisify(execFile);

// --- The client engine, on the built files --------------------------------------------------

const moduleName = readdirSync(join(SITE_DIR, "js")).find((name) => /^search\.[0-9a-f]+\.js$/.test(name));
const modulePath = moduleName ? join(SITE_DIR, "js", moduleName) : null;
let client;

before(async () => {
  assert.ok(modulePath, `no hashed search.<hash>.js under ${join(SITE_DIR, "js")}`);
  assert.ok(existsSync(CLI), `build the CLI first: ${CLI} is missing (cargo build --release)`);
  client = await import(pathToFileURL(modulePath).href);
});

/** A fresh engine (cold cache) whose fetch reads the site from disk and logs every file. */
function engine(manifestPath = "/search/manifest.json") {
  const fetched = [];
  const fetch = async (url) => {
    const u = new URL(url);
    assert.equal(u.origin, ORIGIN, `a request left the site: ${url}`);
    const file = join(SITE_DIR, decodeURIComponent(u.pathname));
    if (!file.startsWith(SITE_DIR) || !existsSync(file) || !statSync(file).isFile()) {
      return { ok: false, status: 404, json: async () => null };
    }
    const body = readFileSync(file);
    fetched.push({ path: u.pathname, bytes: body.length, gzip: gzipSync(body, { level: 9 }).length });
    return {
      ok: true,
      status: 200,
      json: async () => JSON.parse(body.toString("utf8")),
      arrayBuffer: async () => body.buffer.slice(body.byteOffset, body.byteOffset + body.length),
    };
  };
  const search = client.createSearch({ manifestUrl: new URL(`${ORIGIN}${manifestPath}`), fetch });
  return { search, fetched };
}

const jsCache = new Map();
/** The client's ranking (top 20), one fresh engine per query. */
function jsSearch(query) {
  if (!jsCache.has(query)) jsCache.set(query, engine().search.search(query, { limit: 20 }));
  return jsCache.get(query);
}

// --- The reference ranking ------------------------------------------------------------------

const throttle = pool(Math.max(2, availableParallelism()));
const cliCache = new Map();
/** `kennisbank search --json` (top 20), with the given extra flags. */
function cliSearch(query, flags = []) {
  const key = JSON.stringify([query, flags]);
  if (!cliCache.has(key)) {
    cliCache.set(
      key,
      throttle(async () => {
        const { stdout } = await run(CLI, ["search", "--json", "--limit", "20", "--root", ROOT, ...flags, "--", query], {
          maxBuffer: 1 << 24,
        });
        return JSON.parse(stdout);
      }),
    );
  }
  return cliCache.get(key);
}

/** Runs at most `n` tasks at once. */
function pool(n) {
  let active = 0;
  const waiting = [];
  const next = () => {
    if (active >= n || waiting.length === 0) return;
    active++;
    const { task, resolve, reject } = waiting.shift();
    task()
      .then(resolve, reject)
      .finally(() => {
        active--;
        next();
      });
  };
  return (task) =>
    new Promise((resolve, reject) => {
      waiting.push({ task, resolve, reject });
      next();
    });
}

/** Both sides must see the same pages: the CLI reads the sources, the client the built site. */
function staleHint() {
  const built = statSync(join(SITE_DIR, "search", "manifest.json")).mtimeMs;
  const newer = [];
  const walk = (dir) => {
    for (const name of readdirSync(dir)) {
      const full = join(dir, name);
      const st = statSync(full);
      if (st.isDirectory()) walk(full);
      else if (st.mtimeMs > built) newer.push(full.slice(ROOT.length));
    }
  };
  walk(join(ROOT, "content"));
  return newer.length ? `\n  (the site is older than ${newer.slice(0, 3).join(", ")}: rebuild it)` : "";
}

const tied = (a, b) => Math.abs(a - b) <= 1e-4 * Math.max(Math.abs(a), Math.abs(b), 1e-9);
const show = (results) => results.slice(0, 5).map((r) => `${r.url} ${r.score.toFixed(4)}`).join("\n    ");

/** Same top `n`: the same scores position by position, and the same URLs except where the
 * results swapped are tied (scores equal within 1e-4, relative). */
function assertSameTop(query, js, cli, n = 5) {
  const why = `query ${JSON.stringify(query)}\n  client:\n    ${show(js)}\n  reference:\n    ${show(cli)}${staleHint()}`;
  assert.equal(Math.min(js.length, n), Math.min(cli.length, n), `different result counts: ${why}`);
  // Both say alike whether the pages hold every word or only the most of them.
  assert.equal(Boolean(js[0] && js[0].partial), Boolean(cli[0] && cli[0].partial), `partial differs: ${why}`);
  for (let i = 0; i < Math.min(cli.length, n); i++) {
    assert.ok(tied(js[i].score, cli[i].score), `scores differ at ${i + 1}: ${why}`);
    if (js[i].url === cli[i].url) continue;
    // A swap is allowed only inside a tie: the reference's page sits in the client's list at a
    // tied score, and the other way round.
    const there = js.find((r) => r.url === cli[i].url);
    const back = cli.find((r) => r.url === js[i].url);
    assert.ok(there && tied(there.score, cli[i].score), `${cli[i].url} is not tied at ${i + 1}: ${why}`);
    assert.ok(back && tied(back.score, js[i].score), `${js[i].url} is not tied at ${i + 1}: ${why}`);
  }
}

// --- 1. Parity ------------------------------------------------------------------------------

// Single words, several words, the last word completed as a prefix (no trailing space) or not,
// typos, accents, abbreviations, compound parts, numbers, a word the site lacks.
const PARITY = [
  "huiselijk geweld",
  "kindermishandeling ",
  "mishandeling ",
  "mishand",
  "signalen",
  "signaal ",
  "tijdelijk huisverbod",
  "huisverbod ",
  "thv",
  "KM ",
  "HG",
  "RiHG",
  "MDA++",
  "egg",
  "melding advies",
  "meldcode stap 3",
  "collegiale consultatie",
  "aandachtsfunctionarissen",
  "aandachtsfunctionars",
  "kindermishandelign ",
  "ouderen mishandeling",
  "privé venster",
  "prive",
  "0-4 jaar",
  "12 18",
  "veilig thuis bellen",
  "zorgen om buurkind",
  "geschreeuw buren",
  "training kinderopvang",
  "seksueel misbruik",
  "geweld relatie ",
  "e-learning",
  "financiële uitbuiting",
  "cookies",
  "zzzzqx",
  // Issue 17: swaps, hyphenated and closed forms, participles, function words, abbreviations
  // above completions, the title bonus.
  "meldocde",
  "ex-partner",
  "expartner",
  "email",
  "train-de-trainer",
  "wat is een huisverbod",
  "hoe werkt de meldcode",
  "wat is",
  "de",
  "controleren",
  "dreigen ",
  "km",
  "tijdelijk huisverbod ",
  "signalen school",
  // Issue 29: compounds the site never uses, cut into parts (both found, or one part shared).
  "kinderbescherming",
  "geweldsplan",
  "huisverbodregels",
  "meldcodestappen ",
  "databank",
  "foutafhandeling",
  "signaalkaarten",
];
// And every query of the relevance benchmark on the example site (benches/relevance/).
const BENCH = readFileSync(join(ROOT, "benches", "relevance", "queries.tsv"), "utf8")
  .split("\n")
  .filter((line) => line.startsWith("example\t"))
  .map((line) => line.split("\t")[2]);

test("parity: the client and `kennisbank search` return the same top 5", async () => {
  assert.ok(PARITY.length >= 25);
  // The relevance queries too: the reference answers are shared, so they come for free.
  const queries = [...new Set([...PARITY, ...BENCH, ...RELEVANCE.map(([q]) => q)])];
  const answers = await Promise.all(queries.map(async (q) => [q, await jsSearch(q), await cliSearch(q)]));
  let nonEmpty = 0;
  for (const [q, js, cli] of answers) {
    assertSameTop(q, js, cli);
    if (cli.length > 0) nonEmpty++;
  }
  assert.ok(nonEmpty >= 25, `only ${nonEmpty} parity queries found anything`);
  console.log(`parity: ${answers.length} queries, ${nonEmpty} with results, all alike`);
});

test("a question no page answers whole finds the pages with the most of its words, in both", async () => {
  // No page holds `express`, `app` and `online` together (issue 29): not an empty page, but
  // the pages with the most of them, marked partial on both sides.
  for (const q of ["hoe zet ik mijn express app online", "peuters stalking"]) {
    const [js, cli] = [await jsSearch(q), await cliSearch(q)];
    assert.ok(cli.length > 0, `the reference found nothing for ${q}`);
    assert.equal(cli[0].partial, true, `the reference does not mark ${q} partial`);
    assertSameTop(q, js, cli);
    const answer = await engine().search.searchWithFacets(q, { limit: 5 });
    assert.equal(answer.partial, true);
    assert.ok(answer.total > 0);
  }
  // A query some page answers whole is not partial.
  const whole = await cliSearch("meldcode stappen");
  assert.ok(whole.length > 0 && !whole[0].partial);
  assert.equal((await engine().search.searchWithFacets("meldcode stappen", { limit: 5 })).partial, false);
});

// The English and Arabic indexes: each its own stemmer, the same contract. Arabic is typed
// without vowel marks and with plain alef; the pages have both (`دائمًا`, `أو`).
const TRANSLATED = {
  en: [
    ["domestic violence", "/en/hulp/wat-is-huiselijk-geweld/"],
    ["worried about myself", "/en/hulp/zorgen-over-mezelf/"],
    ["leave quickly button", "/en/hulp/snel-weg-knop/"],
    ["deleting your history", "/en/hulp/veilig-internetten/"],
    ["what happens when I call", "/en/hulp/wat-gebeurt-er-als-ik-bel/"],
    ["neighbour", "/en/hulp/zorgen-over-iemand-anders/"],
  ],
  ar: [
    ["العنف المنزلي", "/ar/hulp/wat-is-huiselijk-geweld/"],
    ["ماذا يحدث عندما اتصل", "/ar/hulp/wat-gebeurt-er-als-ik-bel/"],
    ["الانترنت بامان", "/ar/hulp/veilig-internetten/"],
    ["شخص اخر", "/ar/hulp/zorgen-over-iemand-anders/"],
    ["غادر بسرعة", "/ar/hulp/snel-weg-knop/"],
    ["القلق على نفسي", "/ar/hulp/zorgen-over-mezelf/"],
  ],
};

test("other languages: each index finds its own pages, and client and reference agree", async () => {
  const failures = [];
  for (const [lang, cases] of Object.entries(TRANSLATED)) {
    for (const [q, url] of cases) {
      const js = await engine(`/search/${lang}/manifest.json`).search.search(q, { limit: 20 });
      const cli = await cliSearch(q, ["--lang", lang]);
      assertSameTop(q, js, cli);
      assert.ok(js.every((r) => r.url.startsWith(`/${lang}/`)), `${q}: a page from another language in ${lang}`);
      // Where the excerpt holds a query word (vowel marks or not), it is highlighted.
      const plain = (t) => t.normalize("NFD").replace(/\p{M}+/gu, "").toLowerCase();
      const holds = js[0] && plain(q).split(/\s+/).some((w) => new RegExp(`(^|[^\\p{L}])${w}([^\\p{L}]|$)`, "u").test(plain(js[0].excerpt)));
      assert.ok(!holds || js[0].marks.length > 0, `${lang} ${q}: nothing highlighted in "${js[0]?.excerpt}"`);
      if (!js.slice(0, 3).some((r) => r.url === url)) failures.push(`${lang} ${JSON.stringify(q)} -> ${url}: got ${js.slice(0, 3).map((r) => r.url).join(" ")}`);
    }
  }
  assert.deepEqual(failures, []);
});

// --- 2. Relevance ---------------------------------------------------------------------------

// A query as a reader types it, and the page that must be among the first three results of
// both the client and the reference. Chosen from the content, not from the ranking.
const RELEVANCE = [
  // Abbreviations from the glossary.
  ["THV", "/handreikingen/tijdelijk-huisverbod/"],
  ["KM", "/handreikingen/strafbare-kindermishandeling/"],
  ["HG", "/hulp/wat-is-huiselijk-geweld/"],
  ["MDA++", "/handreikingen/mda-plus-plus/"],
  ["RiHG", "/handreikingen/tijdelijk-huisverbod/"],
  ["vgv", "/signalen/eergerelateerd-geweld/"],
  // Compound parts: a part finds the compound.
  ["mishandeling", "/handreikingen/strafbare-kindermishandeling/"],
  ["mishandeling", "/scholing/ouderenmishandeling-herkennen/"],
  ["huisverbod", "/hulp/huisverbod-uitgelegd/"],
  // "eer" alone: known as a word, so completed only to its inflections; "eerst" and "eerder"
  // (half weight) on short pages now outrank the compound part in "eergerelateerd".
  ["eer geweld", "/signalen/eergerelateerd-geweld/"],
  ["ouderen", "/signalen/ouderenmishandeling-slachtoffer/"],
  ["stalking ex", "/handreikingen/ex-partnerstalking/"],
  // A compound the site never writes: searched as its parts.
  ["zorgen om buurkind", "/hulp/zorgen-over-een-kind/"],
  // Plurals and singulars.
  ["aandachtsfunctionaris", "/handreikingen/aandachtsfunctionaris/"],
  ["aandachtsfunctionarissen", "/scholing/intervisie-aandachtsfunctionarissen/"],
  ["huisartsen", "/scholing/paspoorten/huisarts/"],
  ["kernteam", "/handreikingen/kernteams/"],
  ["signaal partnergeweld", "/signalen/partnergeweld/"],
  ["baby", "/signalen/0-4-jaar/"],
  // Typos.
  ["huisverbood", "/hulp/huisverbod-uitgelegd/"],
  ["kindermishandelign", "/handreikingen/strafbare-kindermishandeling/"],
  ["partnergewelt", "/signalen/partnergeweld/"],
  ["eergerelateert geweld", "/signalen/eergerelateerd-geweld/"],
  ["ouderemishandeling", "/signalen/ouderenmishandeling-slachtoffer/"],
  // Words of the public.
  ["slaan", "/hulp/wat-is-huiselijk-geweld/"],
  ["schreeuwen", "/scholing/voorlichting-ouderavond/"],
  ["geschreeuw buren", "/hulp/omstanders/"],
  // The easy-read page on violence at home ("Iemand ... maakt je bang") is the plainest answer
  // for the public since it was added (issue 27); the teenagers' signals page was before.
  ["bang thuis", "/hulp/makkelijk-lezen/"],
  ["privé venster", "/hulp/veilig-internetten/"],
  ["snel weg", "/hulp/snel-weg-knop/"],
  ["geweld relatie", "/hulp/geweld-in-je-relatie/"],
  ["jongeren hulp", "/hulp/hulp-voor-jongeren/"],
  ["veilig thuis bellen", "/over-ons/contact/"],
  ["wat gebeurt er na een melding", "/hulp/na-een-melding/"],
  ["mantelzorg", "/signalen/ouderenmishandeling-pleger/"],
  ["cookies", "/over-ons/privacy/"],
  // Professionals' words.
  ["kindcheck", "/handreikingen/kindcheck/"],
  ["0-4 jaar signalen", "/signalen/0-4-jaar/"],
  ["training huisarts", "/scholing/paspoorten/huisarts/"],
  ["collegiale consultatie", "/meldcode/stap-2-collegiale-consultatie/"],
  ["afwegingskader", "/meldcode/afwegingskader/"],
  ["meldcode stappen", "/meldcode/"],
  ["huwelijksdwang", "/signalen/eergerelateerd-geweld/"],
  ["burgemeester", "/handreikingen/tijdelijk-huisverbod/"],
  ["advies of melding", "/handreikingen/advies-of-melding/"],
  ["strafbaar", "/handreikingen/strafbare-kindermishandeling/"],
  ["webinar", "/scholing/webinar-eergerelateerd-geweld/"],
  ["train de trainer", "/scholing/train-de-trainer/"],
  ["leerkracht", "/scholing/paspoorten/leerkracht/"],
  ["ontspoorde zorg", "/signalen/ouderenmishandeling-pleger/"],
];

test("relevance: realistic Dutch queries find the expected page in the top 3 of both", async () => {
  const queries = new Set(RELEVANCE.map(([q]) => q));
  assert.ok(queries.size >= 30, `only ${queries.size} distinct queries`);
  const failures = [];
  let passed = 0;
  await Promise.all(
    RELEVANCE.map(async ([q, url]) => {
      const [js, cli] = await Promise.all([jsSearch(q), cliSearch(q)]);
      const jsRank = js.findIndex((r) => r.url === url) + 1;
      const cliRank = cli.findIndex((r) => r.url === url) + 1;
      if (jsRank >= 1 && jsRank <= 3 && cliRank >= 1 && cliRank <= 3) passed++;
      else {
        failures.push(
          `${JSON.stringify(q)} -> ${url}: client rank ${jsRank || "-"}, reference rank ${cliRank || "-"}\n` +
            `    client top 3: ${js.slice(0, 3).map((r) => r.url).join(" ")}\n` +
            `    reference top 3: ${cli.slice(0, 3).map((r) => r.url).join(" ")}`,
        );
      }
    }),
  );
  console.log(`relevance: ${passed} of ${RELEVANCE.length} expectations pass (${queries.size} distinct queries)`);
  assert.deepEqual(failures, [], `\n${failures.join("\n")}${staleHint()}`);
});

// --- 3. Bytes per query ---------------------------------------------------------------------

const TWO_WORDS = [
  "huiselijk geweld",
  "tijdelijk huisverbod",
  "signalen kindermishandeling",
  "collegiale consultatie",
  "zorgen kind",
  "privé venster",
  "training huisarts",
  "ouderen mishandeling",
];
const BUDGET = 100_000;

function tally(fetched, moduleBytes, moduleGzip) {
  const sum = (kind, key) => fetched.filter((f) => kind(f.path)).reduce((a, f) => a + f[key], 0);
  const isManifest = (p) => p.endsWith("/manifest.json");
  const isShard = (p) => /\/search\/v-[^/]+\//.test(p);
  const isPostings = (p) => /\/search\/p-[^/]+\//.test(p);
  const isFragment = (p) => /\/search\/d-[^/]+\//.test(p);
  const isFacets = (p) => /\/search\/facets\./.test(p);
  return {
    files: fetched.length + 1,
    manifest: sum(isManifest, "bytes"),
    shards: sum(isShard, "bytes"),
    shardCount: fetched.filter((f) => isShard(f.path)).length,
    postings: sum(isPostings, "bytes"),
    postingsCount: fetched.filter((f) => isPostings(f.path)).length,
    fragments: sum(isFragment, "bytes"),
    fragmentCount: fetched.filter((f) => isFragment(f.path)).length,
    facets: sum(isFacets, "bytes"),
    module: moduleBytes,
    total: moduleBytes + fetched.reduce((a, f) => a + f.bytes, 0),
    gzip: moduleGzip + fetched.reduce((a, f) => a + f.gzip, 0),
  };
}

function shardsOnSite() {
  const manifest = JSON.parse(readFileSync(join(SITE_DIR, "search", "manifest.json"), "utf8"));
  return manifest.bounds.length;
}

test("bytes: a two-word query fetches under 100 KB, client code included", async () => {
  const moduleBody = readFileSync(modulePath);
  const moduleGzip = gzipSync(moduleBody, { level: 9 }).length;
  const rows = [];
  for (const q of TWO_WORDS) {
    // As the header field asks (6 results), and as the results page asks (the first 10, with facets).
    const header = engine();
    const shown = await header.search.search(q, { limit: 6 });
    assert.ok(shown.length > 0, `${q} found nothing`);
    rows.push({ q, view: "header, 6 results", ...tally(header.fetched, moduleBody.length, moduleGzip) });
    const page = engine();
    await page.search.searchWithFacets(q, { limit: 10 });
    rows.push({ q, view: "results page, 10 + facets", ...tally(page.fetched, moduleBody.length, moduleGzip) });
  }
  const kb = (n) => (n / 1000).toFixed(1).padStart(5);
  console.log(`bytes per query (raw bytes, 1 KB = 1000 B; gzip -9 as sent compressed), ${shardsOnSite()} vocabulary shards on the site:`);
  for (const r of rows) {
    console.log(
      `  ${JSON.stringify(r.q).padEnd(30)} ${r.view.padEnd(26)} total ${kb(r.total)} KB (gzip ${kb(r.gzip)} KB) in ${r.files} files: ` +
        `module ${kb(r.module)}, manifest ${kb(r.manifest)}, ${r.shardCount} shards ${kb(r.shards)}, ` +
        `${r.postingsCount} postings files ${kb(r.postings)}, ` +
        `${r.fragmentCount} fragments ${kb(r.fragments)}, facets ${kb(r.facets)}`,
    );
  }
  for (const r of rows) assert.ok(r.total < BUDGET, `${r.q} (${r.view}) fetched ${r.total} bytes`);
});

// --- 4. Facets ------------------------------------------------------------------------------

/** The documents of a facet value, from the built facets file. */
function facetDocs(facet, value) {
  const manifest = JSON.parse(readFileSync(join(SITE_DIR, "search", "manifest.json"), "utf8"));
  const facets = JSON.parse(readFileSync(join(SITE_DIR, "search", manifest.facets), "utf8"));
  const [count, encoded] = facets[facet]?.[value] ?? [0, ""];
  const bytes = Buffer.from(encoded, "base64");
  const docs = new Set();
  if (count === manifest.doc_count) {
    for (let d = 0; d < count; d++) docs.add(d);
  } else if (bytes[0] === 1) {
    for (let d = 0; d < manifest.doc_count; d++) if (bytes[1 + (d >> 3)] & (1 << (d & 7))) docs.add(d);
  } else {
    // Gaps as LEB128 varints; the first is the document itself.
    let at = 1;
    let doc = 0;
    for (let i = 0; i < count; i++) {
      let gap = 0;
      for (let shift = 0; ; shift += 7) {
        const byte = bytes[at++];
        gap += (byte & 0x7f) * 2 ** shift;
        if (byte < 0x80) break;
      }
      doc = i === 0 ? gap : doc + gap;
      docs.add(doc);
    }
  }
  assert.equal(docs.size, count, `${facet}=${value}: the set holds its count`);
  return docs;
}

const FACET_CASES = [
  ["signalen ", "kind", "checklist"],
  ["geweld ", "kind", "training"],
  ["huisverbod ", "kind", "passport"],
  ["kindermishandeling ", "audience", "public"],
  ["geweld ", "audience", "trainer"],
  ["veilig ", "audience", "professional"],
];

test("facets: a kind or audience filter keeps only its results, and the counts match", async () => {
  for (const [q, facet, value] of FACET_CASES) {
    const { search } = engine();
    const all = await search.searchWithFacets(q, { limit: 1000 });
    const filtered = await search.searchWithFacets(q, { limit: 1000, filters: { [facet]: value } });
    const members = facetDocs(facet, value);
    const why = `${JSON.stringify(q)} filtered by ${facet}=${value}`;

    assert.ok(filtered.total > 0, `${why}: nothing left`);
    assert.ok(filtered.total < all.total, `${why}: the filter removed nothing`);
    assert.equal(filtered.results.length, filtered.total, why);
    for (const r of filtered.results) {
      assert.ok(members.has(r.doc), `${why}: ${r.url} is not ${value}`);
      if (facet === "kind") assert.equal(r.kind, value, `${why}: ${r.url}`);
    }
    // The filtered results are exactly the unfiltered ones of that facet, in the same order.
    const expected = all.results.filter((r) => members.has(r.doc)).map((r) => r.url);
    assert.deepEqual(filtered.results.map((r) => r.url), expected, why);
    // Counts are over every match, before filtering, and agree with what the filter keeps.
    assert.equal(filtered.facets[facet][value], filtered.total, `${why}: count`);
    assert.deepEqual(filtered.facets, all.facets, `${why}: counts change with the filter`);
    const kinds = Object.values(all.facets.kind).reduce((a, n) => a + n, 0);
    assert.equal(kinds, all.total, `${why}: every result has exactly one kind`);
    for (const [v, n] of Object.entries(all.facets[facet])) {
      const m = facetDocs(facet, v);
      assert.equal(n, all.results.filter((r) => m.has(r.doc)).length, `${why}: count of ${facet}=${v}`);
    }
    // The reference filters alike.
    const cli = await cliSearch(q, [`--${facet}`, value]);
    if (filtered.total <= 20) assert.equal(cli.length, filtered.total, `${why}: reference count`);
    assertSameTop(`${q} [${facet}=${value}]`, filtered.results, cli, 20);
    console.log(`facets: ${JSON.stringify(q)} ${facet}=${value}: ${filtered.total} of ${all.total}`);
  }
});

// --- 5. The client's own contract (issue 12) ----------------------------------------------

/** An engine over the built files whose fetch can be changed per test: `tweak(path, body)`
 * may return a new body (an object, for JSON), or `null` for a failed fetch (HTTP 503). */
function tweakedEngine(tweak) {
  const calls = [];
  const fetch = async (url) => {
    const u = new URL(url);
    const path = decodeURIComponent(u.pathname);
    calls.push(path);
    const file = join(SITE_DIR, path);
    const body = existsSync(file) && statSync(file).isFile() ? readFileSync(file) : null;
    const changed = body === null ? null : tweak(path, body);
    if (changed === null) return { ok: false, status: 503, json: async () => null };
    const isBytes = changed instanceof Buffer;
    return {
      ok: true,
      status: 200,
      json: async () => (isBytes ? JSON.parse(changed.toString("utf8")) : changed),
      arrayBuffer: async () => changed.buffer.slice(changed.byteOffset, changed.byteOffset + changed.length),
    };
  };
  return { engine: client.createSearch({ manifestUrl: new URL(`${ORIGIN}/search/manifest.json`), fetch }), calls };
}

test("a failed fetch is not remembered: the next query fetches the file again", async () => {
  for (const failing of ["/search/manifest.json", "/search/v-"]) {
    let failures = 1;
    const { engine } = tweakedEngine((path, body) => (path.startsWith(failing) && failures-- > 0 ? null : body));
    await assert.rejects(engine.search("meldcode", { limit: 3 }), /answered 503/, `${failing}: the first fetch fails`);
    const results = await engine.search("meldcode", { limit: 3 });
    assert.equal(results[0] && results[0].url, "/meldcode/", `${failing}: the second query must fetch it again`);
  }
});

test("the client refuses an index format it does not know, and truncates words as the manifest says", async () => {
  const manifestOf = (change) => (path, body) => {
    if (path !== "/search/manifest.json") return body;
    return { ...JSON.parse(body.toString("utf8")), ...change };
  };
  const future = tweakedEngine(manifestOf({ version: 99 })).engine;
  await assert.rejects(future.search("meldcode", { limit: 3 }), /index format 99/);
  // With max_token_len 12, `kindermishandeling` (18 bytes) is dropped as the reference drops
  // words over 40: the query is `meldcode` alone.
  const short = tweakedEngine(manifestOf({ max_token_len: 12 })).engine;
  const both = await short.search("kindermishandeling meldcode ", { limit: 10 });
  const alone = await engine().search.search("meldcode ", { limit: 10 });
  assert.deepEqual(
    both.map((r) => r.url),
    alone.map((r) => r.url),
  );
});

test("searchWithFacets ranks once, also with a filter", async () => {
  let reads = 0;
  const { engine: counted } = tweakedEngine((path, body) => {
    if (path !== "/search/manifest.json") return body;
    // Each ranking reads `k1` once (for its scorer): count them.
    const m = JSON.parse(body.toString("utf8"));
    return new Proxy(m, {
      get(target, key) {
        if (key === "k1") reads++;
        return target[key];
      },
    });
  });
  const answer = await counted.searchWithFacets("geweld ", { limit: 5, filters: { kind: "training" } });
  assert.ok(answer.results.length > 0 && answer.results.every((r) => r.kind === "training"));
  assert.ok(answer.facets.kind && answer.facets.kind.training === answer.total);
  assert.equal(reads, 1, `ranked ${reads} times`);
});
