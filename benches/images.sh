#!/usr/bin/env bash
# The image pipeline's cost: a site of 1,000 page bundles, each with a generated 2,000 x 1,333
# photo (about 450 KB, with EXIF), built cold (no previous output: every photo decoded, four
# WebP copies encoded, EXIF left out) and cached (the same build again: the copies are taken
# from the output folder it replaces). For reference, the same pages without their photos.
#
#   BENCH_OUT=/dev/shm/kennisbank-bench bash benches/images.sh     # as in BENCHMARKS.md
#   PAGES=200 RUNS=3 bash benches/images.sh
#
# Scratch: target/bench/images-* (corpora) and $BENCH_OUT (built sites).
set -euo pipefail

cd "$(dirname "$0")/.."
. benches/common.sh
PAGES=${PAGES:-1000}
RUNS=${RUNS:-3}

kennisbank_copy images
cargo build --release --quiet --example image_corpus
CORPUS=$WORK/images-$PAGES
TEXT=$WORK/images-$PAGES-text
if [ ! -f "$CORPUS/kennisbank.toml" ]; then
    rm -rf "$CORPUS"
    target/release/examples/image_corpus corpus "$CORPUS" "$PAGES"
fi
rm -rf "$TEXT" && cp -r "$CORPUS" "$TEXT"
find "$TEXT/content" -name '*.jpg' -delete
find "$TEXT/content" -name 'index.md' -exec sed -i '/^!\[/d' {} +
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg); corpus: $PAGES pages, $(du -sh "$CORPUS/content" | cut -f1)"

seconds() { # prints the wall time of "$@" in seconds
    local start end
    start=$(date +%s.%N)
    "$@" >/dev/null
    end=$(date +%s.%N)
    echo "$end - $start" | bc
}
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

cold=() cached=() text=()
for run in $(seq "$RUNS"); do
    rm -rf "$OUT/images-site" "$OUT/images-text"
    cold+=("$(seconds "$KB" build --quiet --root "$CORPUS" --output "$OUT/images-site")")
    cached+=("$(seconds "$KB" build --quiet --root "$CORPUS" --output "$OUT/images-site")")
    text+=("$(seconds "$KB" build --quiet --root "$TEXT" --output "$OUT/images-text")")
done
first=$(cd "$OUT/images-site" && find . -type f -print0 | sort -z | xargs -0 sha256sum | sha256sum)
"$KB" build --quiet --root "$CORPUS" --output "$OUT/images-site"
again=$(cd "$OUT/images-site" && find . -type f -print0 | sort -z | xargs -0 sha256sum | sha256sum)
[ "$first" = "$again" ] && same=yes || same=NO

printf 'cold   (no previous output): %s s (median of %s)\n' "$(printf '%s\n' "${cold[@]}" | median)" "$RUNS"
printf 'cached (previous output)   : %s s\n' "$(printf '%s\n' "${cached[@]}" | median)"
printf 'the pages without photos   : %s s\n' "$(printf '%s\n' "${text[@]}" | median)"
printf 'processed images: %s files, %s; originals: %s\n' \
    "$(find "$OUT/images-site/processed_images" -type f | wc -l)" \
    "$(du -sh "$OUT/images-site/processed_images" | cut -f1)" \
    "$(find "$OUT/images-site" -name foto.jpg -print0 | du -ch --files0-from=- | tail -1 | cut -f1)"
echo "a cached build's output is byte-identical to the cold one's: $same"
