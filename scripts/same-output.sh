#!/usr/bin/env bash
# Builds the example site with the code of REV (default: HEAD, the last commit) and with the
# working tree, and compares the two output trees byte for byte. A restructuring that should
# not change the output must print "identical". The build date is pinned, so the two builds
# see the same day.
#   bash scripts/same-output.sh [REV]
set -euo pipefail
cd "$(dirname "$0")/.."
rev="${1:-HEAD}"
work="$(mktemp -d)"
trap 'git worktree remove --force "$work/src" >/dev/null 2>&1 || true; rm -rf "$work"' EXIT
export SOURCE_DATE_EPOCH="${SOURCE_DATE_EPOCH:-1796212800}"

git worktree add --detach --quiet "$work/src" "$rev"
echo "== building $rev"
(cd "$work/src" && CARGO_TARGET_DIR="$PWD/../target" cargo build --release --quiet)
"$work/target/release/kennisbank" build --quiet --root . --output "$work/before"

echo "== building the working tree"
cargo build --release --quiet
./target/release/kennisbank build --quiet --output "$work/after"

if diff -r "$work/before" "$work/after" > "$work/diff.txt"; then
  echo "identical: $(find "$work/after" -type f | wc -l) files"
else
  echo "the output differs:"
  head -50 "$work/diff.txt"
  exit 1
fi
