#!/usr/bin/env bash
# `kennisbank search` against `kennisbank build` on the same generated corpus: a query runs the
# stages up to the index (load, model, docs, index) and never renders a template, so it should
# take well under a build's time. Runs alternate (build, search, build, search, ...); prints
# the median of each and the ratio search / build.
#
#   bash benches/search-command.sh              # 10,000 pages, 5 runs each
#   PAGES=1000 RUNS=9 bash benches/search-command.sh
set -euo pipefail
cd "$(dirname "$0")/.."
. benches/common.sh
PAGES=${PAGES:-10000}
RUNS=${RUNS:-5}

kennisbank_copy search-command
corpus=$WORK/corpus-$PAGES
sites=$WORK/sites-$PAGES
if [ ! -d "$sites/kennisbank" ]; then
    python3 benches/corpus.py --pages "$PAGES" --out "$corpus"
    python3 benches/peers.py "$corpus" "$sites"
fi
site=$sites/kennisbank

python3 - "$KB" "$site" "$OUT/search-command-$PAGES" "$RUNS" <<'PY'
import statistics, subprocess, sys, time
kb, site, out, runs = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
commands = {
    "build": [kb, "-q", "build", "--root", site, "--output", out],
    "search": [kb, "-q", "search", "--root", site, "--json", "--", "huiselijk geweld"],
}
times = {name: [] for name in commands}
for _ in range(runs):
    for name, cmd in commands.items():
        start = time.perf_counter()
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
        times[name].append(time.perf_counter() - start)
build, search = statistics.median(times["build"]), statistics.median(times["search"])
print(f"build  median {build:.2f} s  runs {' '.join(f'{t:.2f}' for t in times['build'])}")
print(f"search median {search:.2f} s  runs {' '.join(f'{t:.2f}' for t in times['search'])}")
print(f"search / build: {search / build:.2f}")
PY
