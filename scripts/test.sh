#!/usr/bin/env bash
# Runs every test of kennisbank, on a fresh machine too: installs what the tests need first
# (Debian's chromium and a Java runtime for the HTML checker, npm dev-dependencies of the
# browser suite), then: format and lint checks, unit and integration tests, a build of the
# example site, and the browser suite over every page of it.
set -euo pipefail
cd "$(dirname "$0")/.."
# One build date for every test (2026-12-02 12:00 UTC): the browser suite checks training
# sessions, review dates and "last changed" lines, which must not change from day to day.
export SOURCE_DATE_EPOCH="${SOURCE_DATE_EPOCH:-1796212800}"

echo "== installing test dependencies (only what is missing)"
bash tests/e2e/install.sh

echo "== search client and editor script: unit tests (node --test), type check (tsc over JSDoc), lint (eslint)"
node --test tests/e2e/unit/
tests/e2e/node_modules/.bin/tsc -p tests/e2e/tsconfig.json
tests/e2e/node_modules/.bin/eslint -c tests/e2e/eslint.config.mjs themes/default/static/js/search*.js src/app/serve/editor/assets/editor.js tests/e2e/unit

echo "== cargo fmt --check"
cargo fmt --all -- --check

echo "== cargo clippy"
cargo clippy --release --all-targets --locked -- -D warnings

echo "== cargo test (unit and integration tests, real binary on fixture sites)"
cargo test --release --locked

echo "== the README's install command, then a new site with the installed program (reuses the release build)"
install_root="$(mktemp -d)"
cargo install --locked --path . --root "$install_root" --target-dir target --quiet
(cd "$install_root" && PATH="$install_root/bin:$PATH" kennisbank init nieuwe-site -q \
  && cd nieuwe-site && PATH="$install_root/bin:$PATH" kennisbank build -q && test -f public/index.html)
rm -rf "$install_root"

echo "== building the example site"
site_dir="$PWD/target/e2e-site"
./target/release/kennisbank build --output "$site_dir"

echo "== browser tests (headless Chromium, axe-core, Nu Html Checker)"
KB_SITE_DIR="$site_dir" npm --prefix tests/e2e test
