#!/usr/bin/env bash
# The relevance benchmark: judged queries (queries.tsv, see JUDGING.md) over three corpora, the
# example site and a copy of developer.overheid.nl (prepare-don.py), both Dutch, and the Material
# for MkDocs handbook (English, MIT; MKDOCS_DOCS), through three engines:
# the CLI reference (`kennisbank search`), kennisbank's client in headless Chromium, and
# Pagefind in headless Chromium on the same built site. Prints the tables of BENCHMARKS.md
# ("Relevance") and leaves the rankings in target/bench/relevance/.
#
#   bash benches/relevance/run.sh            # ~8 min on 2 shared cores
#   ENGINES="cli browser" bash benches/relevance/run.sh   # without Pagefind
#
# Needs: target/release/kennisbank (cargo build --release), node, Debian's chromium, and the
# npm dev-dependencies of benches/ (pagefind ships its binary in @pagefind/linux-x64; installed
# here with `npm ci` when missing). The don-site corpus: DON_SITE (default
# /work/shared/corpora/don-site, or ../shared/corpora/don-site beside the repository).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT"
HERE=benches/relevance
OUT=${OUT:-$ROOT/target/bench/relevance}
ENGINES=${ENGINES:-cli browser pagefind}
CORPORA=${CORPORA:-example don mkdocs}
DON_SITE=${DON_SITE:-$( [ -d /work/shared/corpora/don-site ] && echo /work/shared/corpora/don-site || echo "$ROOT/../shared/corpora/don-site")}
MKDOCS_DOCS=${MKDOCS_DOCS:-$( [ -d /work/shared/corpora/mkdocs-material-docs ] && echo /work/shared/corpora/mkdocs-material-docs/docs || echo "$ROOT/../shared/corpora/mkdocs-material-docs/docs")}
mkdir -p "$OUT"
if [ ! -x benches/node_modules/@pagefind/linux-x64/bin/pagefind_extended ] || [ ! -d benches/node_modules/playwright-core ]; then
    (cd benches && npm ci --no-audit --no-fund)
fi
PAGEFIND=$ROOT/benches/node_modules/@pagefind/linux-x64/bin/pagefind_extended
# A copy of the binary, so a concurrent `cargo build` cannot swap it mid-run.
cp "${KENNISBANK_BIN:-target/release/kennisbank}" "$OUT/kennisbank"
export KENNISBANK=$OUT/kennisbank

# Sources and built sites per corpus.
for c in $CORPORA; do
    if [ "$c" = example ]; then
        src=$ROOT
    elif [ "$c" = mkdocs ]; then
        # The Material for MkDocs handbook (MIT), English, its Markdown as it is.
        src=$OUT/mkdocs-src
        rm -rf "$src" && mkdir -p "$src" && cp -r "$MKDOCS_DOCS" "$src/content"
        printf 'title = "Material for MkDocs"\nbase_url = "https://mkdocs.example.org"\ndefault_language = "en"\n\n[[languages]]\ncode = "en"\nname = "English"\ndir = "ltr"\n\n[links]\ninternal = "warning"\n' >"$src/kennisbank.toml"
    else
        src=$OUT/don-src
        python3 $HERE/prepare-don.py "$DON_SITE" "$src"
    fi
    echo "$src" >"$OUT/$c.src"
    SOURCE_DATE_EPOCH=1764633600 "$KENNISBANK" build -q --root "$src" --output "$OUT/$c-site" 2>/dev/null
    if [[ " $ENGINES " == *" pagefind "* ]]; then
        # The built site as a Pagefind user would set it up (as benches/search.sh does), the
        # Dutch pages only (kennisbank's default index has only those too).
        rm -rf "$OUT/$c-pagefind"
        cp -r "$OUT/$c-site" "$OUT/$c-pagefind"
        python3 benches/pagefind-copy.py "$OUT/$c-pagefind" en/ ar/ 2>/dev/null
        "$PAGEFIND" --site "$OUT/$c-pagefind" --quiet
    fi
done

for c in $CORPORA; do
    args=()
    for e in $ENGINES; do
        case $e in
            cli) site=$(cat "$OUT/$c.src") ;;
            browser) site=$OUT/$c-site ;;
            pagefind) site=$OUT/$c-pagefind ;;
        esac
        nice node $HERE/measure.mjs "$e" "$site" "$c" >"$OUT/$c-$e.json"
        args+=("$e=$OUT/$c-$e.json")
    done
    echo
    echo "### $c"
    echo
    node $HERE/report.mjs "${args[@]}" | tee "$OUT/$c.md"
done
# Both corpora together.
if [ "$(echo $CORPORA | wc -w)" -gt 1 ]; then
    args=()
    for e in $ENGINES; do
        # (`node -e` has no script path in argv: the files start at argv[1].)
        node -e 'const fs=require("fs");const a=process.argv.slice(1).flatMap(f=>JSON.parse(fs.readFileSync(f)));console.log(JSON.stringify(a))' \
            $(for c in $CORPORA; do echo "$OUT/$c-$e.json"; done) >"$OUT/all-$e.json"
        args+=("$e=$OUT/all-$e.json")
    done
    echo
    echo "### all corpora"
    echo
    node $HERE/report.mjs "${args[@]}" | tee "$OUT/all.md"
fi
