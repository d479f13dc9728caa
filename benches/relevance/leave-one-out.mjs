// Leave-one-out: the client (themes/default/static/js/search*.js) with one of the ranking fixes
// of issues 17 and 29 turned off at a time, on the built sites, in node (the `createSearch` API with a
// fetch that reads the built files). Prints one markdown row per variant: MRR@10 / nDCG@10 /
// hits@3 / recall@10 over all queries, the example site, the DON copy, then the MRR@10 of some
// classes.
//
//   node leave-one-out.mjs EXAMPLE_BUILT_DIR DON_BUILT_DIR [MKDOCS_BUILT_DIR]
//   (run.sh leaves them in target/bench/relevance/example-site, don-site and mkdocs-site; the
//   queries of a corpus without a site are skipped)
import { readFileSync, writeFileSync, mkdtempSync, mkdirSync } from "node:fs";
import { join, dirname } from "node:path";
import { tmpdir } from "node:os";
import { pathToFileURL, fileURLToPath } from "node:url";
import { score, summarise } from "./report.mjs";
const HERE = dirname(fileURLToPath(import.meta.url));
const JS = join(HERE, "..", "..", "themes", "default", "static", "js");
const MODULES = ["search.js", "search-words.js", "search-postings.js", "search-score.js", "search-manifest.js"];
const SCRATCH = mkdtempSync(join(tmpdir(), "kb-leave-one-out-"));
// Per variant: patches of the client's modules ([file, from, to]), and a change of the manifest
// (the ranking constants and function words live there since format 4).
const ranking = (change) => (m) => ({ ...m, ranking: { ...m.ranking, ...change } });
const variants = {
  final: {},
  "no swap as one edit": { patches: [["search-words.js", "if (i > 1 && j > 1 && s[i - 1] === t[j - 2]", "if (false && s[i - 1] === t[j - 2]"]] },
  "no exact-above-completion": { manifest: ranking({ completion_weight: 1 }) },
  "no function words": { manifest: (m) => ({ ...m, function_words: [] }) },
  "no title bonus": { manifest: ranking({ title_bonus: 1, headings_bonus: 1 }) },
  "no closed hyphen lookup (query side)": { patches: [["search.js", "if (run.length > 1) {", "if (false) {"]] },
  "no file-name field": {
    patches: [
      ["search.js", "for (const [field, tf, norm] of perField) {\n", "for (const [field, tf, norm] of perField) {\n          if (field === 5) continue;\n"],
      ["search.js", "scores.set(doc, [sum, bits]);", "if (bits) scores.set(doc, [sum, bits]);"],
    ],
  },
  "no compound cut (query side)": { manifest: (m) => ({ ...m, compounds: false }) },
  "no infinitive stem": { manifest: (m) => ({ ...m, infinitive_ending: "" }) },
  "no fallback to the most words": { patches: [["search-score.js", "if (all.size > 0 || perRequired.length < 2)", "if (true)"]] },
};
const queries = [];
for (const line of readFileSync(join(HERE, "queries.tsv"), "utf8").split("\n")) {
  if (!line.trim() || line.startsWith("#")) continue;
  const [corpus, cls, query, judged] = line.split("\t");
  const grades = {};
  for (const g of judged.trim().split(/\s+/)) grades[g.slice(g.indexOf(":") + 1)] = Number(g.slice(0, g.indexOf(":")));
  queries.push({ corpus, cls, query, grades });
}
const SITES = { example: process.argv[2], don: process.argv[3], mkdocs: process.argv[4] };
const f = (x) => x.toFixed(3);
for (const [name, { patches = [], manifest = (m) => m }] of Object.entries(variants)) {
  const dir = join(SCRATCH, `variant-${Object.keys(variants).indexOf(name)}`);
  mkdirSync(dir);
  for (const module of MODULES) {
    let src = readFileSync(join(JS, module), "utf8");
    for (const [file, a, b] of patches.filter(([file]) => file === module)) {
      if (!src.includes(a)) throw new Error(`${name}: ${file}: ${a}`);
      src = src.replace(a, b);
    }
    writeFileSync(join(dir, module), src);
  }
  const mod = await import(pathToFileURL(join(dir, "search.js")).href);
  const rows = [];
  for (const q of queries) {
    const site = SITES[q.corpus];
    if (!site) continue;
    const fetch = async (url) => {
      const path = decodeURIComponent(new URL(url).pathname);
      const body = readFileSync(join(site, path));
      const parsed = () => (path.endsWith("/manifest.json") ? manifest(JSON.parse(body)) : JSON.parse(body));
      return { ok: true, json: async () => parsed(), arrayBuffer: async () => body.buffer.slice(body.byteOffset, body.byteOffset + body.length) };
    };
    const engine = mod.createSearch({ manifestUrl: new URL("https://x.invalid/search/manifest.json"), fetch });
    const urls = (await engine.search(q.query, { limit: 10 })).map((r) => r.url);
    rows.push({ ...q, urls, m: score(q, urls) });
  }
  const line = (rs) => { const s = summarise(rs); return `${f(s.mrr)} | ${f(s.ndcg)} | ${s.hits3}/${s.n} | ${f(s.recall)}`; };
  const cls = (c) => { const s = summarise(rows.filter((r) => r.cls === c)); return `${f(s.mrr)}`; };
  console.log(`| ${name} | ${line(rows)} | ${line(rows.filter((r) => r.corpus === "example"))} | ${line(rows.filter((r) => r.corpus === "don"))} | ${["transposition", "abbreviation", "question", "hyphen", "two-words", "word", "compound", "participle"].map(cls).join(" | ")} |`);
}
