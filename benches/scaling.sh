#!/usr/bin/env bash
# Scaling: kennisbank (search on) against Zola with its search index, Hugo, and Hugo + Pagefind,
# on the same generated corpus at 1,000, 10,000 and 100,000 pages. The tools' runs alternate
# (A B C D, A B C D, ...), so a slow minute on a shared machine hits every tool alike; each run
# is timed by /usr/bin/time (wall, user+sys CPU, peak RSS). Prints and writes
# target/bench/results/scaling.md: medians, ratios to kennisbank, kennisbank's stages.
#
#   BENCH_OUT=/dev/shm/kennisbank-bench bash benches/scaling.sh     # as in BENCHMARKS.md
#   SIZES="1000 10000" RUNS=5 bash benches/scaling.sh
#   SHAPE=plain BENCH_OUT=/dev/shm/kennisbank-bench bash benches/scaling.sh   # the plain docs corpus
#
# RUNS (default 3) runs per tool and size; RUNS_LARGE (default 1) at 100,000 pages, where one
# round of the four tools takes minutes. TOOLS (default all four) picks some of them, e.g.
# TOOLS="kennisbank zola-search" SIZES=100000. Needs the Zola binary of ../shared/peers (or ZOLA=...).
# Installs what is missing: hugo (Debian), pagefind (npm, into benches/node_modules).
set -euo pipefail

cd "$(dirname "$0")/.."
. benches/common.sh
SIZES=${SIZES:-"1000 10000 100000"}
RUNS=${RUNS:-3}
RUNS_LARGE=${RUNS_LARGE:-1}
# The corpus shape (benches/corpus.py --shape): `knowledge` (tags on every page, few code
# blocks) or `plain` (a documentation site: no taxonomies, code on most pages, deeper folders).
SHAPE=${SHAPE:-knowledge}
ZOLA=${ZOLA:-$ROOT/../shared/peers/zola}

command -v hugo >/dev/null || apt_install hugo
command -v python3 >/dev/null || apt_install python3
[ -x /usr/bin/time ] || apt_install time
[ -x "$ZOLA" ] || { echo "no Zola binary at $ZOLA (set ZOLA=...)" >&2; exit 1; }
if [ ! -x benches/node_modules/@pagefind/linux-x64/bin/pagefind_extended ]; then
    (cd benches && npm install --no-audit --no-fund --loglevel=error)
fi
PAGEFIND=$ROOT/benches/node_modules/@pagefind/linux-x64/bin/pagefind_extended

kennisbank_copy scaling
TSV=$RESULTS/scaling.tsv
: >"$TSV"

for n in $SIZES; do
    suffix=$n
    [ "$SHAPE" = knowledge ] || suffix=$SHAPE-$n
    corpus=$WORK/corpus-$suffix
    sites=$WORK/sites-$suffix
    echo "== $SHAPE corpus of $n pages"
    [ -f "$corpus/pages.tsv" ] || python3 benches/corpus.py --pages "$n" --shape "$SHAPE" --out "$corpus" >/dev/null
    python3 benches/peers.py "$corpus" "$sites"
    runs=$RUNS
    [ "$n" -ge 100000 ] && runs=$RUNS_LARGE

    # name -> command; every command writes its site into $OUT/<name>-$n (removed before a run).
    declare -A cmd=(
        [kennisbank]="$KB -q build --root $sites/kennisbank --output $OUT/kennisbank-$n"
        [zola-search]="cd $sites/zola-search && $ZOLA build -o $OUT/zola-search-$n --force"
        [hugo]="hugo --quiet -s $sites/hugo -d $OUT/hugo-$n"
        [hugo-pagefind]="hugo --quiet -s $sites/hugo -d $OUT/hugo-pagefind-$n && $PAGEFIND --site $OUT/hugo-pagefind-$n --silent"
    )
    read -r -a order <<<"${TOOLS:-kennisbank zola-search hugo hugo-pagefind}"
    for run in $(seq 1 "$runs"); do
        for name in "${order[@]}"; do
            rm -rf "$OUT/$name-$n"
            if ! /usr/bin/time -o "$OUT/time" -f '%e %U %S %M' sh -c "${cmd[$name]}" >/dev/null 2>"$OUT/$name.log"; then
                echo "$name failed at $n pages:" >&2
                tail -n 20 "$OUT/$name.log" >&2
                exit 1
            fi
            read -r wall user sys rss <"$OUT/time"
            printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$n" "$name" "$run" "$wall" "$(awk "BEGIN{print $user + $sys}")" "$rss" >>"$TSV"
            echo "  $n $name run $run: ${wall} s wall, peak ${rss} KB (load $(cut -d' ' -f1 /proc/loadavg))"
        done
    done
    files=$(find "$OUT/kennisbank-$n" -type f | wc -l)
    # kennisbank's own account of its stages (one more run).
    rm -rf "$OUT/kennisbank-$n"
    "$KB" -v build --root "$sites/kennisbank" --output "$OUT/kennisbank-$n" | grep -E '^  [a-z]+ ' \
        >"$RESULTS/scaling-$n-stages.txt"
    echo "$files" >"$RESULTS/scaling-$n-files.txt"
    unset cmd
done

python3 - "$TSV" "$RESULTS" "$SHAPE" <<'PY'
import statistics, sys
from collections import defaultdict
tsv, results, shape = sys.argv[1], sys.argv[2], sys.argv[3]
runs = defaultdict(list)
for line in open(tsv):
    n, name, _, wall, cpu, rss = line.split("\t")
    runs[(int(n), name)].append((float(wall), float(cpu), int(rss)))
sizes = sorted({n for n, _ in runs})
out = []
for n in sizes:
    kb = statistics.median(w for w, _, _ in runs[(n, "kennisbank")])
    kb_rss = max(r for _, _, r in runs[(n, "kennisbank")])
    files = open(f"{results}/scaling-{n}-files.txt").read().strip()
    count = len(runs[(n, "kennisbank")])
    out.append(f"\n### {n:,} pages, {shape} corpus ({count} alternating run{'s' if count > 1 else ''} per tool; medians)\n")
    out.append("| tool | wall (s) | CPU user+sys (s) | peak RSS (MiB) | pages/s | wall / kennisbank's | peak RSS / kennisbank's |")
    out.append("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    for name in ["kennisbank", "zola-search", "hugo", "hugo-pagefind"]:
        r = runs.get((n, name))
        if not r:
            continue
        wall = statistics.median(w for w, _, _ in r)
        cpu = statistics.median(c for _, c, _ in r)
        rss = max(x for _, _, x in r)
        out.append(f"| {name} | {wall:.2f} | {cpu:.2f} | {rss / 1024:.0f} | {n / wall:,.0f} | {wall / kb:.2f} | {rss / kb_rss:.2f} |")
    stages = [" ".join(s.split()) for s in open(f"{results}/scaling-{n}-stages.txt").read().split("\n") if s.strip()]
    out.append(f"\nkennisbank wrote {int(files):,} files. Its stages (`kennisbank -v build`, one more run; wall, then CPU of all threads):\n")
    out += [f"- {s}" for s in stages]
text = "\n".join(out) + "\n"
open(f"{results}/scaling.md", "w").write(text)
print(text)
PY
echo "(table also in $RESULTS/scaling.md)"
