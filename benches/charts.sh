#!/usr/bin/env bash
# What the trend charts cost: the example site built with and without its trend pages
# (12 municipalities + the province, 26 charts over 12 x 10 x 6 rows of data/trends.csv).
# Usage: bash benches/charts.sh   (needs hyperfine: installed from Debian when missing)
set -euo pipefail
cd "$(dirname "$0")/.."
. benches/common.sh
command -v hyperfine >/dev/null || apt_install hyperfine
cargo build --release --quiet
work=target/bench/charts
rm -rf "$work" && mkdir -p "$work"
for variant in with without; do
  mkdir -p "$work/$variant"
  cp -r kennisbank.toml content data "$work/$variant/"
done
# Without: drop the trend section and the [[generate]] block that makes the trend pages.
rm -rf "$work/without/content/trends"
python3 - "$work/without/kennisbank.toml" <<'PY'
import sys
path = sys.argv[1]
text = open(path).read()
start = text.index("# One trend page per municipality")
open(path, "w").write(text[:start])
PY
export SOURCE_DATE_EPOCH=1790000000
hyperfine --warmup 2 --runs 15 --export-markdown "$work/result.md" \
  -n "with trend charts" "target/release/kennisbank build -q --root $work/with --output $work/out-with" \
  -n "without trend charts" "target/release/kennisbank build -q --root $work/without --output $work/out-without"
echo "charts written: $(ls "$work/out-with/grafieken" | wc -l) CSV files, $(grep -o '<svg class="kb-chart__svg"' -r "$work/out-with/trends" | wc -l) SVG charts"
cat "$work/result.md"
# Whole builds are noisy at this size; the render stage (where charts are drawn) is the
# direct measure. Median of 15 runs each.
for variant in with without; do
  for _ in $(seq 15); do
    target/release/kennisbank build -v --root "$work/$variant" --output "$work/out-$variant" 2>&1 | awk '$1 == "render" { print $2 }'
  done | sort -n | awk -v v="$variant" '{ a[NR] = $1 } END { print "render stage, " v " trend charts: median " a[int((NR + 1) / 2)] " ms" }'
done
