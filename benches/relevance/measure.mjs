// Runs the judged queries of queries.tsv through one search engine on one built site and prints
// the ranked URLs (top 10) and the bytes each query fetched, as JSON. Used by run.sh.
//
//   node measure.mjs cli      SITE_ROOT  CORPUS   `kennisbank search --json` on the site's sources
//   node measure.mjs browser  BUILT_DIR  CORPUS   kennisbank's search.js in headless Chromium
//   node measure.mjs pagefind PF_DIR     CORPUS   Pagefind's pagefind.js in headless Chromium
//
// Browser engines: a local server sends the built files and records each one; every query runs
// in a fresh browser context (a cold cache) on a blank page of the same origin, which imports
// the engine's module and asks it for the first 10 results with their URLs (kennisbank: its
// `createSearch(...).search(query, { limit: 10 })`, which also fetches the 10 fragments;
// Pagefind: `search(query)` and `data()` of the first 10). Bytes are the files sent, raw and
// gzip-compressed (Pagefind's own files are compressed already: the smaller of the two), the
// engine's code included. The query is sent as typed (no trailing space: the last word is
// completed as a prefix by kennisbank, as in its header search).
import { createServer } from "node:http";
import { readFileSync, readdirSync, statSync, existsSync } from "node:fs";
import { join, extname, normalize, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { gzipSync } from "node:zlib";

const HERE = dirname(fileURLToPath(import.meta.url));
const [mode, site, corpus] = process.argv.slice(2);
if (!mode || !site || !corpus) {
  console.error("usage: node measure.mjs cli|browser|pagefind SITE CORPUS");
  process.exit(2);
}

export function readQueries(file = join(HERE, "queries.tsv")) {
  const out = [];
  for (const line of readFileSync(file, "utf8").split("\n")) {
    if (!line.trim() || line.startsWith("#")) continue;
    const [c, cls, query, judged] = line.split("\t");
    const grades = {};
    for (const g of judged.trim().split(/\s+/)) {
      const at = g.indexOf(":");
      grades[g.slice(at + 1)] = Number(g.slice(0, at));
    }
    out.push({ corpus: c, cls, query, grades });
  }
  return out;
}

const queries = readQueries().filter((q) => q.corpus === corpus);
const sizeCache = new Map();
function sizes(file) {
  if (!sizeCache.has(file)) {
    const bytes = readFileSync(file);
    sizeCache.set(file, { raw: bytes.length, gzip: Math.min(gzipSync(bytes, { level: 6 }).length, bytes.length) });
  }
  return sizeCache.get(file);
}

async function cli() {
  const run = promisify(execFile);
  const bin = process.env.KENNISBANK || join(HERE, "..", "..", "target", "release", "kennisbank");
  const out = [];
  for (const q of queries) {
    const { stdout } = await run(bin, ["search", "--json", "--limit", "10", "--root", site, "--", q.query], {
      maxBuffer: 1 << 24,
    });
    out.push({ ...q, urls: JSON.parse(stdout).map((h) => h.url) });
  }
  return out;
}

const TYPES = { ".html": "text/html; charset=utf-8", ".js": "text/javascript", ".json": "application/json", ".wasm": "application/wasm" };

async function browser(engine) {
  const { chromium } = await import(join(HERE, "..", "node_modules", "playwright-core", "index.mjs"));
  let log = [];
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url, "http://x").pathname);
    if (path === "/__bench.html") {
      res.writeHead(200, { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" });
      res.end('<!DOCTYPE html><html lang="nl"><head><meta charset="utf-8"><title>bench</title></head><body></body></html>');
      return;
    }
    const file = join(site, normalize(path));
    if (!file.startsWith(site) || !existsSync(file) || !statSync(file).isFile()) {
      res.writeHead(404).end();
      return;
    }
    log.push(file);
    res.writeHead(200, { "content-type": TYPES[extname(file)] || "application/octet-stream" });
    res.end(readFileSync(file));
  });
  await new Promise((r) => server.listen(0, "127.0.0.1", r));
  const origin = `http://127.0.0.1:${server.address().port}`;
  const chromiumPath = process.env.CHROMIUM_PATH || "/usr/bin/chromium";
  const b = await chromium.launch({ executablePath: chromiumPath, args: ["--no-sandbox", "--disable-gpu", "--no-first-run"] });
  const moduleName =
    engine === "kennisbank" ? readdirSync(join(site, "js")).find((n) => /^search\.[0-9a-f]+\.js$/.test(n)) : null;
  const out = [];
  try {
    for (const q of queries) {
      const context = await b.newContext();
      const page = await context.newPage();
      await page.goto(`${origin}/__bench.html`);
      log = [];
      const urls = await page.evaluate(
        async ({ engine, moduleName, query }) => {
          if (engine === "kennisbank") {
            const { createSearch } = await import(`/js/${moduleName}`);
            const s = createSearch({ manifestUrl: new URL("/search/manifest.json", location.href) });
            return (await s.search(query, { limit: 10 })).map((r) => r.url);
          }
          const pf = await import("/pagefind/pagefind.js");
          const found = await pf.search(query);
          const data = await Promise.all(found.results.slice(0, 10).map((r) => r.data()));
          return data.map((d) => d.url);
        },
        { engine, moduleName, query: q.query },
      );
      const files = [...log];
      const raw = files.reduce((n, f) => n + sizes(f).raw, 0);
      const gzip = files.reduce((n, f) => n + sizes(f).gzip, 0);
      out.push({ ...q, urls, files: files.length, raw, gzip });
      await context.close();
    }
  } finally {
    await b.close();
    server.close();
  }
  return out;
}

const results = mode === "cli" ? await cli() : await browser(mode === "browser" ? "kennisbank" : "pagefind");
console.log(JSON.stringify(results));
