#!/usr/bin/env bash
# Build time: kennisbank against Hugo and mdBook (and Zola when it is installed) on the same
# generated corpus, at 1,000 and 10,000 pages. Timed with hyperfine; writes
# target/bench/results/build-N.{json,md} and prints a table with ratios (peer / kennisbank:
# above 1 means kennisbank is faster).
#
#   BENCH_OUT=/dev/shm/kennisbank-bench bash benches/build.sh   # as in BENCHMARKS.md (~7 min)
#   bash benches/build.sh                 # both sizes, 5 runs each, built sites under /tmp
#   MDBOOK_MAX_PAGES=10000 bash benches/build.sh   # mdBook at 10,000 pages too (an hour or more)
#   SIZES=1000 RUNS=10 bash benches/build.sh
#
# Installs what is missing: hugo and hyperfine (Debian), mdbook (cargo install --locked).
# Scratch: target/bench/ (corpus, sites) and $BENCH_OUT (built sites, default /tmp/kennisbank-bench).
set -euo pipefail

cd "$(dirname "$0")/.."
. benches/common.sh
SIZES=${SIZES:-"1000 10000"}
RUNS=${RUNS:-5}
# mdBook takes minutes at 10,000 pages (7.7 min for one build without search here): timed only
# up to this size, to keep the script under 10 minutes. MDBOOK_MAX_PAGES=10000 times it too.
MDBOOK_MAX_PAGES=${MDBOOK_MAX_PAGES:-1000}

command -v hyperfine >/dev/null || apt_install hyperfine
command -v hugo >/dev/null || apt_install hugo
command -v python3 >/dev/null || apt_install python3
[ -x /usr/bin/time ] || apt_install time
export PATH="$HOME/.cargo/bin:$PATH"
command -v mdbook >/dev/null || cargo install mdbook --locked
# Zola is on no registry here: the Zola 0.22.1 binary of ../shared/peers is timed (or ZOLA=...,
# or a `zola` on PATH), when it builds the corpus (see below).

kennisbank_copy build

ZOLA=${ZOLA:-$ROOT/../shared/peers/zola}
[ -x "$ZOLA" ] || ZOLA=$(command -v zola || true)
have_zola=no
if [ -n "$ZOLA" ] && [ -x "$ZOLA" ]; then have_zola=yes; fi

for n in $SIZES; do
    corpus=$WORK/corpus-$n
    sites=$WORK/sites-$n
    echo "== corpus of $n pages"
    python3 benches/corpus.py --pages "$n" --out "$corpus"
    python3 benches/peers.py "$corpus" "$sites"

    # One untimed build each: checks that every tool builds the corpus, and records what each
    # writes (files, bytes) and its peak memory.
    stats=$RESULTS/build-$n-outputs.tsv
    : >"$stats"
    record() { # name, output dir, command...
        local name=$1 out=$2
        shift 2
        rm -rf "$out"
        if ! /usr/bin/time -o "$OUT/$name.rss" -f '%M' "$@" >/dev/null 2>"$OUT/$name.log"; then
            echo "$name failed to build the $n-page corpus:" >&2
            tail -n 20 "$OUT/$name.log" >&2
            exit 1
        fi
        local rss
        rss=$(cat "$OUT/$name.rss")
        local files bytes
        files=$(find "$out" -type f | wc -l)
        bytes=$(du -sb "$out" | cut -f1)
        printf '%s\t%s\t%s\t%s\n' "$name" "$files" "$bytes" "$rss" >>"$stats"
    }
    record kennisbank "$OUT/kb-$n" "$KB" -q build --root "$sites/kennisbank" --output "$OUT/kb-$n"
    record kennisbank-nosearch "$OUT/kbns-$n" "$KB" -q build --root "$sites/kennisbank-nosearch" --output "$OUT/kbns-$n"
    record hugo "$OUT/hugo-$n" hugo --quiet -s "$sites/hugo" -d "$OUT/hugo-$n"
    mdbook_args=()
    if [ "$n" -le "$MDBOOK_MAX_PAGES" ]; then
        record mdbook "$OUT/mdbook-$n" mdbook build -d "$OUT/mdbook-$n" "$sites/mdbook"
        record mdbook-nosearch "$OUT/mdbookns-$n" mdbook build -d "$OUT/mdbookns-$n" "$sites/mdbook-nosearch"
        mdbook_args=(
            -n mdbook --prepare "rm -rf $OUT/mdbook-$n" "mdbook build -d $OUT/mdbook-$n $sites/mdbook"
            -n mdbook-nosearch --prepare "rm -rf $OUT/mdbookns-$n" "mdbook build -d $OUT/mdbookns-$n $sites/mdbook-nosearch"
        )
    else
        echo "mdBook left out at $n pages (MDBOOK_MAX_PAGES=$MDBOOK_MAX_PAGES): its build time grows with the square of the page count" >&2
    fi
    zola_args=()
    if [ "$have_zola" = yes ]; then
        if (cd "$sites/zola" && "$ZOLA" build -o "$OUT/zola-$n" --force >/dev/null 2>"$OUT/zola.log"); then
            record zola "$OUT/zola-$n" sh -c "cd '$sites/zola' && '$ZOLA' build -o '$OUT/zola-$n' --force"
            zola_args=(-n zola --prepare "rm -rf $OUT/zola-$n" "cd $sites/zola && $ZOLA build -o $OUT/zola-$n --force")
        else
            echo "zola did not build the corpus (see $OUT/zola.log); left out" >&2
        fi
    fi
    # kennisbank's own account of where the time goes.
    "$KB" -v build --root "$sites/kennisbank" --output "$OUT/kb-$n" | grep -E '^  [a-z]+ ' >"$RESULTS/build-$n-stages.txt" || true

    echo "== timing $n pages ($RUNS runs, 1 warmup); load average: $(cut -d' ' -f1-3 /proc/loadavg)"
    hyperfine --warmup 1 --runs "$RUNS" --style basic \
        --export-json "$RESULTS/build-$n.json" \
        -n kennisbank --prepare "rm -rf $OUT/kb-$n" \
        "$KB -q build --root $sites/kennisbank --output $OUT/kb-$n" \
        -n kennisbank-nosearch --prepare "rm -rf $OUT/kbns-$n" \
        "$KB -q build --root $sites/kennisbank-nosearch --output $OUT/kbns-$n" \
        -n hugo --prepare "rm -rf $OUT/hugo-$n" \
        "hugo --quiet -s $sites/hugo -d $OUT/hugo-$n" \
        "${mdbook_args[@]}" "${zola_args[@]}"
done

python3 - "$RESULTS" $SIZES <<'PY'
import json, sys
results, sizes = sys.argv[1], sys.argv[2:]
what = {
    "kennisbank": "pages, sections, tags, feed, sitemap, A-Z, related pages, tantivy search index + shards",
    "kennisbank-nosearch": "the same without the search index (and so without related pages)",
    "hugo": "pages, sections, tags, feed, sitemap (templates in benches/peers.py)",
    "mdbook": "pages (one book), client-side search index (elasticlunr JSON)",
    "mdbook-nosearch": "pages (one book), no search index",
    "zola": "pages, sections, tags, sitemap",
}
out = []
for n in sizes:
    data = json.load(open(f"{results}/build-{n}.json"))["results"]
    stats = {}
    for line in open(f"{results}/build-{n}-outputs.tsv"):
        name, files, size, rss = line.rstrip("\n").split("\t")
        stats[name] = (int(files), int(size), int(rss))
    kb = next(r["mean"] for r in data if r["command"] == "kennisbank")
    kbns = next(r["mean"] for r in data if r["command"] == "kennisbank-nosearch")
    out.append(f"\n### {int(n):,} pages (ratios of wall means)\n")
    out.append("| tool | wall mean ± σ (s) | wall min (s) | CPU user+sys (s) | peer / kennisbank | peer / kennisbank-nosearch | files | output MB | peak RSS MB |")
    out.append("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for r in data:
        name = r["command"]
        files, size, rss = stats.get(name, (0, 0, 0))
        out.append(
            f"| {name} | {r['mean']:.3f} ± {r['stddev']:.3f} | {r['min']:.3f} | {r['user'] + r['system']:.2f} | {r['mean'] / kb:.2f} | "
            f"{r['mean'] / kbns:.2f} | {files:,} | {size / 1e6:.1f} | {rss / 1024:.0f} |"
        )
    try:
        stages = open(f"{results}/build-{n}-stages.txt").read().split("\n")
        out.append("\nkennisbank's stages (`kennisbank -v build`, one run): " + ", ".join(
            " ".join(s.split()) for s in stages if s.strip()))
    except OSError:
        pass
out.append("\nWhat each builds:\n")
for k, v in what.items():
    out.append(f"- {k}: {v}")
text = "\n".join(out) + "\n"
open(f"{results}/build.md", "w").write(text)
print(text)
PY
echo "(table also in $RESULTS/build.md)"
