// Bytes a visitor's browser fetches to answer one search, with a cold cache, for kennisbank's
// client index and for Pagefind, on the same built site. Used by benches/search.sh.
//
//   node benches/search-bytes.mjs kennisbank SITE_DIR QUERIES_JSON
//   node benches/search-bytes.mjs pagefind   SITE_DIR QUERIES_JSON   (SITE_DIR/pagefind/ built)
//
// Prints JSON: one record per query and scenario with the files fetched, their bytes as stored
// (raw) and gzip-compressed (what a host with gzip on sends; Pagefind's index files are
// compressed already, so for them the smaller of the two counts), and the number of results.
//
// Scenarios, the same for both engines:
//   dropdown  the header search: the ranked list and title + excerpt of the top 6 results
//   page      the results page: the first 10 results with excerpts, as kennisbank's page shows
//             them before "More results" (Pagefind's UI shows 5); kennisbank also fetches its
//             facet counts here (the Pagefind site has no filters)
//
// kennisbank: the built js/search.<hash>.js module is imported under node and given a fetch
// that reads the site's files from disk and counts them (a fresh engine per query is a cold
// cache; the module's own bytes are counted too, as a browser loads it on first use).
// Pagefind: Debian's Chromium (headless, through playwright-core) loads /pagefind/pagefind.js
// from a local server that records every file it sends; a fresh browser context per query is a
// cold cache. The UI scripts of either (search-ui.js, pagefind-ui.js) are not counted.

import { createServer } from "node:http";
import { readFileSync, readdirSync, statSync } from "node:fs";
import { join, extname, normalize } from "node:path";
import { pathToFileURL } from "node:url";
import { gzipSync } from "node:zlib";

const [mode, site, queriesFile] = process.argv.slice(2);
if (!mode || !site || !queriesFile) {
  console.error("usage: node search-bytes.mjs kennisbank|pagefind SITE_DIR QUERIES_JSON");
  process.exit(2);
}
const queries = JSON.parse(readFileSync(queriesFile, "utf8"));
const SCENARIOS = { dropdown: 6, page: 10 };

const gzCache = new Map();
function sizes(file) {
  if (!gzCache.has(file)) {
    const bytes = readFileSync(file);
    const gz = gzipSync(bytes, { level: 6 }).length;
    gzCache.set(file, { raw: bytes.length, gzip: Math.min(gz, bytes.length) });
  }
  return gzCache.get(file);
}

/** Totals of the fetched files; `client_*` is the engine's code (JS, WebAssembly), the rest is index. */
function tally(files, isClient) {
  const t = { files: files.length, raw: 0, gzip: 0, client_raw: 0, client_gzip: 0 };
  for (const f of files) {
    const s = sizes(f);
    t.raw += s.raw;
    t.gzip += s.gzip;
    if (isClient(f)) {
      t.client_raw += s.raw;
      t.client_gzip += s.gzip;
    }
  }
  return t;
}
const kbClient = (f) => /\/js\/search\.[0-9a-f]+\.js$/.test(f);
const pfClient = (f) => /\/pagefind\/(pagefind\.js|pagefind-worker\.js|wasm\.[^/]*)$/.test(f);

async function kennisbank() {
  const js = readdirSync(join(site, "js")).find((n) => /^search\.[0-9a-f]+\.js$/.test(n));
  if (!js) throw new Error(`no js/search.<hash>.js in ${site}`);
  const modulePath = join(site, "js", js);
  const { createSearch } = await import(pathToFileURL(modulePath).href);
  const origin = "http://kennisbank.invalid";
  const out = [];
  for (const query of queries) {
    for (const [scenario, limit] of Object.entries(SCENARIOS)) {
      const fetched = [modulePath];
      const fetchFromDisk = async (url) => {
        const path = decodeURIComponent(new URL(url).pathname);
        const file = join(site, normalize(path));
        fetched.push(file);
        const body = readFileSync(file);
        return new Response(body, { status: 200, headers: { "content-type": "application/json" } });
      };
      const engine = createSearch({ manifestUrl: new URL("/search/manifest.json", origin), fetch: fetchFromDisk });
      const started = performance.now();
      let results;
      let matches = null;
      if (scenario === "dropdown") {
        results = await engine.search(query, { limit });
      } else {
        const answer = await engine.searchWithFacets(query, { limit, filters: {} });
        results = answer.results;
        matches = answer.total;
      }
      const ms = performance.now() - started;
      out.push({
        engine: "kennisbank",
        query,
        scenario,
        results: results.length,
        matches,
        top: results[0] ? results[0].title : null,
        ms: Math.round(ms * 10) / 10,
        ...tally(fetched, kbClient),
        paths: fetched.map((f) => f.slice(site.length)),
      });
    }
  }
  return out;
}

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript",
  ".json": "application/json",
  ".css": "text/css",
  ".wasm": "application/wasm",
};

async function pagefind() {
  const { chromium } = await import("playwright-core");
  let log = [];
  const harness = "<!DOCTYPE html><html lang=\"nl\"><head><meta charset=\"utf-8\"><title>bench</title></head><body></body></html>";
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url, "http://x").pathname);
    if (path === "/__bench.html") {
      res.writeHead(200, { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" });
      res.end(harness);
      return;
    }
    const file = join(site, normalize(path));
    if (!file.startsWith(site)) {
      res.writeHead(400).end();
      return;
    }
    try {
      const st = statSync(file);
      if (!st.isFile()) throw new Error("not a file");
      log.push(file);
      res.writeHead(200, { "content-type": TYPES[extname(file)] || "application/octet-stream" });
      res.end(readFileSync(file));
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise((r) => server.listen(0, "127.0.0.1", r));
  const origin = `http://127.0.0.1:${server.address().port}`;
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
  const out = [];
  try {
    for (const query of queries) {
      for (const [scenario, limit] of Object.entries(SCENARIOS)) {
        const context = await browser.newContext();
        const page = await context.newPage();
        await page.goto(`${origin}/__bench.html`);
        log = [];
        const started = Date.now();
        const answer = await page.evaluate(
          async ({ query, limit }) => {
            const pf = await import("/pagefind/pagefind.js");
            const search = await pf.search(query);
            const data = await Promise.all(search.results.slice(0, limit).map((r) => r.data()));
            return { count: search.results.length, top: data[0] ? data[0].meta.title : null };
          },
          { query, limit },
        );
        const ms = Date.now() - started;
        const fetched = log.slice();
        await context.close();
        out.push({
          engine: "pagefind",
          query,
          scenario,
          results: Math.min(answer.count, limit),
          matches: answer.count,
          top: answer.top,
          ms,
          ...tally(fetched, pfClient),
          paths: fetched.map((f) => f.slice(site.length)),
        });
      }
    }
  } finally {
    await browser.close();
    server.close();
  }
  return out;
}

const records = mode === "kennisbank" ? await kennisbank() : mode === "pagefind" ? await pagefind() : null;
if (!records) {
  console.error(`unknown engine ${mode}`);
  process.exit(2);
}
process.stdout.write(JSON.stringify(records, null, 1) + "\n");
