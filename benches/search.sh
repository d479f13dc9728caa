#!/usr/bin/env bash
# Search: kennisbank's client index against Pagefind on the same built sites (the example site,
# and the generated 10,000-page corpus): index build time, index bytes and files written, and
# the bytes a browser fetches for 10 queries with a cold cache. Writes
# target/bench/results/search-*.{json,md} and prints the tables.
#
#   bash benches/search.sh                  # both sites (about 6 minutes)
#   SITES=example RUNS=5 bash benches/search.sh
#
# Installs what is missing: hyperfine and chromium (Debian), pagefind and playwright-core
# (npm, into benches/node_modules).
set -euo pipefail

cd "$(dirname "$0")/.."
. benches/common.sh
SITES=${SITES:-"example 10000"}
RUNS=${RUNS:-3}

command -v hyperfine >/dev/null || apt_install hyperfine
command -v node >/dev/null || apt_install nodejs npm
[ -x /usr/bin/chromium ] || apt_install chromium
if [ ! -x benches/node_modules/@pagefind/linux-x64/bin/pagefind_extended ] || [ ! -d benches/node_modules/playwright-core ]; then
    (cd benches && npm install --no-audit --no-fund --loglevel=error)
fi
PAGEFIND=$ROOT/benches/node_modules/@pagefind/linux-x64/bin/pagefind_extended

kennisbank_copy search

# The queries: realistic for each site, four of them two words.
cat >"$WORK/queries-example.json" <<'EOF'
["kindermishandeling", "tijdelijk huisverbod", "signalen baby", "meldcode", "ouderenmishandeling",
 "collegiale consultatie", "slaan", "verwaarlozing", "veiligheidsplan", "huiselijk geweld"]
EOF
cat >"$WORK/queries-10000.json" <<'EOF'
["meldcode", "huisverbod", "signalen school", "kindermishandeling", "veiligheidsplan",
 "gesprek ouders", "training", "huisarts Emmen", "jeugdzorg", "partner geweld"]
EOF

# A kennisbank site root with search off: the same files, another kennisbank.toml.
nosearch_root() { # source root, target dir
    local src=$1 dst=$2
    rm -rf "$dst"
    mkdir -p "$dst"
    for d in content data static templates themes; do
        if [ -e "$src/$d" ]; then ln -s "$src/$d" "$dst/$d"; fi
    done
    python3 - "$src/kennisbank.toml" "$dst/kennisbank.toml" <<'PY'
import re, sys
text = open(sys.argv[1], encoding="utf-8").read()
if re.search(r"^\[search\]", text, re.M):
    text = re.sub(r"(^\[search\][^\[]*?^enabled\s*=\s*)true", r"\1false", text, flags=re.M | re.S)
    if not re.search(r"^\[search\][^\[]*?^enabled\s*=\s*false", text, re.M | re.S):
        text = text.replace("[search]", "[search]\nenabled = false", 1)
else:
    text += "\n[search]\nenabled = false\n"
open(sys.argv[2], "w", encoding="utf-8").write(text)
PY
}

# The built site as a Pagefind user would set it up (see pagefind-copy.py). A copy: the
# kennisbank output stays as it was.
pagefind_copy() { # built site, copy
    rm -rf "$2"
    cp -r "$1" "$2"
    python3 benches/pagefind-copy.py "$2"
}

for s in $SITES; do
    if [ "$s" = example ]; then
        root=$ROOT
    else
        corpus=$WORK/corpus-$s
        if [ ! -f "$corpus/pages.tsv" ] || [ "$(wc -l <"$corpus/pages.tsv")" != "$s" ]; then
            python3 benches/corpus.py --pages "$s" --out "$corpus"
        fi
        python3 benches/peers.py "$corpus" "$WORK/sites-$s"
        root=$WORK/sites-$s/kennisbank
    fi
    nosearch=$WORK/search-nosearch-$s
    nosearch_root "$root" "$nosearch"
    built=$OUT/search-kb-$s
    pfsite=$OUT/search-pf-$s

    echo "== $s: kennisbank build, then Pagefind over a copy of it"
    "$KB" -q build --root "$root" --output "$built"
    pagefind_copy "$built" "$pfsite"
    "$PAGEFIND" --site "$pfsite" --quiet
    "$KB" -v build --root "$root" --output "$built" | grep -E '^  (index|related|export) ' >"$RESULTS/search-$s-stages.txt" || true

    echo "== $s: index build time ($RUNS runs, 1 warmup); load average: $(cut -d' ' -f1-3 /proc/loadavg)"
    hyperfine --warmup 1 --runs "$RUNS" --style basic --export-json "$RESULTS/search-$s-time.json" \
        -n kennisbank --prepare "rm -rf $OUT/t-kb-$s" "$KB -q build --root $root --output $OUT/t-kb-$s" \
        -n kennisbank-nosearch --prepare "rm -rf $OUT/t-kbns-$s" "$KB -q build --root $nosearch --output $OUT/t-kbns-$s" \
        -n pagefind --prepare "rm -rf $pfsite/pagefind" "$PAGEFIND --site $pfsite --quiet"
    rm -rf "$OUT/t-kb-$s" "$OUT/t-kbns-$s"

    echo "== $s: bytes fetched per query (cold cache)"
    node benches/search-bytes.mjs kennisbank "$built" "$WORK/queries-$s.json" >"$RESULTS/search-$s-kennisbank.json"
    node benches/search-bytes.mjs pagefind "$pfsite" "$WORK/queries-$s.json" >"$RESULTS/search-$s-pagefind.json"

    # What each wrote: kennisbank's search/ folder and client module; Pagefind's bundle, its
    # index (entry, meta, wasm, index chunks, fragments) apart from its optional UI files.
    python3 - "$built" "$pfsite/pagefind" >"$RESULTS/search-$s-index.json" <<'PY'
import json, os, re, sys
def walk(d):
    for dp, _, fs in os.walk(d):
        for f in fs:
            p = os.path.join(dp, f)
            yield os.path.relpath(p, d), os.path.getsize(p)
kb, pf = sys.argv[1], sys.argv[2]
kb_files = list(walk(os.path.join(kb, "search")))
kb_js = [(f, s) for f, s in walk(os.path.join(kb, "js")) if re.match(r"search\.[0-9a-f]+\.js$", f)]
pf_files = list(walk(pf))
ui = re.compile(r"pagefind-(ui|modular-ui|component-ui|highlight)\.(js|css)$")
pf_ui = [(f, s) for f, s in pf_files if ui.search(f)]
pf_index = [(f, s) for f, s in pf_files if not ui.search(f)]
manifest = json.load(open(os.path.join(kb, "search", "manifest.json")))
print(json.dumps({
    "kennisbank": {"files": len(kb_files) + len(kb_js), "bytes": sum(s for _, s in kb_files + kb_js),
                   "client_bytes": sum(s for _, s in kb_js), "docs": manifest.get("doc_count")},
    "pagefind": {"files": len(pf_index), "bytes": sum(s for _, s in pf_index),
                 "ui_files": len(pf_ui), "ui_bytes": sum(s for _, s in pf_ui),
                 "client_bytes": sum(s for f, s in pf_index if f in ("pagefind.js", "pagefind-worker.js") or f.startswith("wasm."))},
}))
PY
done

python3 - "$RESULTS" $SITES <<'PY'
import json, statistics, sys
results, sites = sys.argv[1], sys.argv[2:]
out = []
def kb_(n): return f"{n / 1000:.1f} KB"
for s in sites:
    title = "the example site" if s == "example" else f"the generated {int(s):,}-page corpus"
    t = {r["command"]: r for r in json.load(open(f"{results}/search-{s}-time.json"))["results"]}
    idx = json.load(open(f"{results}/search-{s}-index.json"))
    kb = json.load(open(f"{results}/search-{s}-kennisbank.json"))
    pf = json.load(open(f"{results}/search-{s}-pagefind.json"))
    try:
        stages = " ".join(open(f"{results}/search-{s}-stages.txt").read().split())
    except OSError:
        stages = ""
    extra = t["kennisbank"]["mean"] - t["kennisbank-nosearch"]["mean"]
    out.append(f"\n### Index: {title}\n")
    out.append("| | kennisbank | Pagefind | Pagefind / kennisbank |")
    out.append("| --- | ---: | ---: | ---: |")
    out.append(f"| index build time (s) | {extra:.2f} (build with search − without: {t['kennisbank']['mean']:.2f} − {t['kennisbank-nosearch']['mean']:.2f}) | {t['pagefind']['mean']:.2f} ± {t['pagefind']['stddev']:.2f} (a run over the built HTML) | {t['pagefind']['mean'] / extra:.2f} |")
    out.append(f"| index files written | {idx['kennisbank']['files']:,} | {idx['pagefind']['files']:,} (+{idx['pagefind']['ui_files']} UI files) | {idx['pagefind']['files'] / idx['kennisbank']['files']:.2f} |")
    out.append(f"| index bytes written | {kb_(idx['kennisbank']['bytes'])} | {kb_(idx['pagefind']['bytes'])} (+{kb_(idx['pagefind']['ui_bytes'])} UI) | {idx['pagefind']['bytes'] / idx['kennisbank']['bytes']:.2f} |")
    out.append(f"| client code (engine) | {kb_(idx['kennisbank']['client_bytes'])} | {kb_(idx['pagefind']['client_bytes'])} (JS + WebAssembly) | {idx['pagefind']['client_bytes'] / idx['kennisbank']['client_bytes']:.2f} |")
    if stages:
        out.append(f"\nkennisbank's own stage timings (`-v`, one build): {stages} (related pages, by tantivy's MoreLikeThis, are part of what search on costs).")
    for scenario, label in (("dropdown", "header search: top 6 with excerpts"), ("page", "results page: first 10 with excerpts, and facet counts")):
        out.append(f"\n### Bytes fetched per query, cold cache, {title}: {label}\n")
        out.append("| query | kennisbank files | kennisbank raw | kennisbank gzip | of which index data (gzip) | Pagefind files | Pagefind raw | Pagefind gzip | of which index data (gzip) | Pagefind / kennisbank (gzip) | matches kb / pf |")
        out.append("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
        a = [r for r in kb if r["scenario"] == scenario]
        b = [r for r in pf if r["scenario"] == scenario]
        for x, y in zip(a, b):
            m = lambda r: r["matches"] if r.get("matches") is not None else r["results"]
            d = lambda r: r["gzip"] - r["client_gzip"]
            out.append(f"| {x['query']} | {x['files']} | {kb_(x['raw'])} | {kb_(x['gzip'])} | {kb_(d(x))} | {y['files']} | {kb_(y['raw'])} | {kb_(y['gzip'])} | {kb_(d(y))} | {y['gzip'] / x['gzip']:.2f} | {m(x)} / {m(y)} |")
        med = lambda rs, k: statistics.median(r[k] for r in rs)
        medd = lambda rs: statistics.median(r["gzip"] - r["client_gzip"] for r in rs)
        out.append(f"| **median** | {med(a, 'files'):.0f} | {kb_(med(a, 'raw'))} | {kb_(med(a, 'gzip'))} | {kb_(medd(a))} | {med(b, 'files'):.0f} | {kb_(med(b, 'raw'))} | {kb_(med(b, 'gzip'))} | {kb_(medd(b))} | {med(b, 'gzip') / med(a, 'gzip'):.2f} | |")
        two = [(x, y) for x, y in zip(a, b) if len(x["query"].split()) == 2]
        if two:
            out.append(f"| **two-word max** | | {kb_(max(x['raw'] for x, _ in two))} | {kb_(max(x['gzip'] for x, _ in two))} | | | {kb_(max(y['raw'] for _, y in two))} | {kb_(max(y['gzip'] for _, y in two))} | | | |")
text = "\n".join(out) + "\n"
open(f"{results}/search.md", "w").write(text)
print(text)
PY
echo "(tables also in $RESULTS/search.md)"
