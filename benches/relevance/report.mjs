// Scores the rankings that measure.mjs wrote and prints markdown tables, overall and per query
// class, one row per engine. Usage: node report.mjs NAME=FILE.json [NAME=FILE.json ...]
//
// Metrics (per query, then the mean over queries), top 10 results:
//   MRR@10     1 / rank of the first answer (a page judged 2), 0 when none is in the top 10
//   nDCG@10    gain 2^grade - 1 (3 for an answer, 1 for a useful page), log2(rank + 1) discount,
//              divided by the best possible order of the judged pages
//   hits@3     share of queries with an answer in the top 3
//   recall@10  share of the judged pages (grade 1 or 2) in the top 10
import { readFileSync } from "node:fs";

export function score(q, urls) {
  const top = urls.slice(0, 10);
  const first = top.findIndex((u) => q.grades[u] === 2);
  const dcg = top.reduce((s, u, i) => s + (2 ** (q.grades[u] || 0) - 1) / Math.log2(i + 2), 0);
  const ideal = Object.values(q.grades)
    .sort((a, b) => b - a)
    .slice(0, 10)
    .reduce((s, g, i) => s + (2 ** g - 1) / Math.log2(i + 2), 0);
  const judged = Object.keys(q.grades).length;
  return {
    mrr: first < 0 ? 0 : 1 / (first + 1),
    ndcg: ideal ? dcg / ideal : 0,
    hits3: first >= 0 && first < 3 ? 1 : 0,
    recall: top.filter((u) => q.grades[u] > 0).length / judged,
  };
}

export function summarise(rows) {
  const n = rows.length || 1;
  const sum = (k) => rows.reduce((s, r) => s + r.m[k], 0);
  const median = (k) => {
    const v = rows.map((r) => r[k]).filter((x) => typeof x === "number").sort((a, b) => a - b);
    return v.length ? v[Math.floor((v.length - 1) / 2)] : null;
  };
  return {
    n: rows.length,
    mrr: sum("mrr") / n,
    ndcg: sum("ndcg") / n,
    hits3: sum("hits3"),
    recall: sum("recall") / n,
    gzip: median("gzip"),
    raw: median("raw"),
  };
}

if (process.argv[1] && process.argv[1].endsWith("report.mjs")) {
  const engines = process.argv.slice(2).map((arg) => {
    const at = arg.indexOf("=");
    const rows = JSON.parse(readFileSync(arg.slice(at + 1), "utf8")).map((r) => ({ ...r, m: score(r, r.urls) }));
    return { name: arg.slice(0, at), rows };
  });
  const kb = (x) => (x === null ? "" : `${(x / 1024).toFixed(1)} KB`);
  const f = (x) => x.toFixed(3);
  console.log("| engine | queries | MRR@10 | nDCG@10 | hits@3 | recall@10 | bytes/query (median, gzip / raw) |");
  console.log("| --- | ---: | ---: | ---: | ---: | ---: | ---: |");
  for (const e of engines) {
    const s = summarise(e.rows);
    const bytes = s.gzip === null ? "" : `${kb(s.gzip)} / ${kb(s.raw)}`;
    console.log(`| ${e.name} | ${s.n} | ${f(s.mrr)} | ${f(s.ndcg)} | ${s.hits3}/${s.n} | ${f(s.recall)} | ${bytes} |`);
  }
  const classes = [...new Set(engines.flatMap((e) => e.rows.map((r) => r.cls)))];
  console.log("");
  console.log(`| class | queries | ${engines.map((e) => `${e.name} MRR / nDCG / hits@3 / recall`).join(" | ")} |`);
  console.log(`| --- | ---: | ${engines.map(() => "---:").join(" | ")} |`);
  for (const c of classes) {
    const cells = engines.map((e) => {
      const s = summarise(e.rows.filter((r) => r.cls === c));
      return `${f(s.mrr)} / ${f(s.ndcg)} / ${s.hits3}/${s.n} / ${f(s.recall)}`;
    });
    const n = engines[0].rows.filter((r) => r.cls === c).length;
    console.log(`| ${c} | ${n} | ${cells.join(" | ")} |`);
  }
  if (process.env.MISSES) {
    for (const e of engines) {
      for (const r of e.rows.filter((r) => r.m.hits3 === 0)) {
        console.log(`miss ${e.name} [${r.cls}] ${r.query}: ${r.urls.slice(0, 3).join(" ")}`);
      }
    }
  }
}
