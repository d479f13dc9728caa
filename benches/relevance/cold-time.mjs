// Cold-query time of kennisbank's client: each judged query of one corpus through a fresh
// engine (empty cache: manifest, shards, postings and excerpts read again), in node, with a
// fetch that reads the built site from disk. Prints the median and the 90th percentile in ms
// over all queries, best of 3 rounds per query (the machine is shared). Node's disk reads are
// not a browser's network: compare builds with each other, not with a browser.
//
//   node benches/relevance/cold-time.mjs BUILT_SITE CORPUS
import { readFileSync, readdirSync } from "node:fs";
import { join, dirname } from "node:path";
import { pathToFileURL, fileURLToPath } from "node:url";
import { performance } from "node:perf_hooks";

const [site, corpus] = process.argv.slice(2);
const HERE = dirname(fileURLToPath(import.meta.url));
const name = readdirSync(join(site, "js")).find((n) => /^search\.[0-9a-f]+\.js$/.test(n));
const client = await import(pathToFileURL(join(site, "js", name)).href);
const queries = readFileSync(join(HERE, "queries.tsv"), "utf8")
  .split("\n")
  .filter((l) => l.startsWith(`${corpus}\t`))
  .map((l) => l.split("\t")[2]);
const fetch = async (url) => {
  const body = readFileSync(join(site, decodeURIComponent(new URL(url).pathname)));
  return {
    ok: true,
    json: async () => JSON.parse(body.toString("utf8")),
    arrayBuffer: async () => body.buffer.slice(body.byteOffset, body.byteOffset + body.length),
  };
};
const times = [];
for (const q of queries) {
  let best = Infinity;
  for (let round = 0; round < 3; round++) {
    const engine = client.createSearch({ manifestUrl: new URL("https://x.invalid/search/manifest.json"), fetch });
    const start = performance.now();
    await engine.searchWithFacets(q, { limit: 10 });
    best = Math.min(best, performance.now() - start);
  }
  times.push(best);
}
times.sort((a, b) => a - b);
const at = (p) => times[Math.min(times.length - 1, Math.floor(p * times.length))].toFixed(1);
console.log(JSON.stringify({ corpus, queries: times.length, median_ms: Number(at(0.5)), p90_ms: Number(at(0.9)) }));
