#!/usr/bin/env bash
# The publishing steps of docs/PUBLISHING.md, run on this machine: build the example site with
# a given kennisbank binary into a temporary folder, check that the output holds what a static
# host needs, "deploy" it by copying it into a second folder (as the CI upload does), serve that
# folder with a local static server that behaves like GitLab Pages and GitHub Pages (files as
# they are, 404.html with status 404 for a missing page) and fetch pages from it.
#
#   bash scripts/publish-local.sh [KENNISBANK_BINARY] [SITE_DIR]
#
# KENNISBANK_BINARY defaults to target/release/kennisbank, SITE_DIR to the repository root (the
# example site). The site is copied to the temporary folder first and built from there, so the
# check that the build writes nothing outside its output folder does not depend on the working
# tree. Needs python3. Removes its temporary folder on exit (KEEP=1 keeps it). Exit code 0 when
# every check passes; otherwise the failed check is printed on stderr.
set -euo pipefail

cd "$(dirname "$0")/.."
KB=${1:-target/release/kennisbank}
SITE=${2:-$PWD}
case $KB in /*) ;; *) KB=$PWD/$KB ;; esac
[ -x "$KB" ] || { echo "publish-local: no kennisbank binary at $KB (cargo build --release)" >&2; exit 1; }
[ -f "$SITE/kennisbank.toml" ] || { echo "publish-local: no kennisbank.toml in $SITE" >&2; exit 1; }
command -v python3 >/dev/null || { echo "publish-local: needs python3" >&2; exit 1; }

TMP=$(mktemp -d "${TMPDIR:-/tmp}/kennisbank-publish.XXXXXX")
server_pid=
cleanup() {
    if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
    if [ "${KEEP:-0}" = 1 ]; then echo "kept $TMP"; else rm -rf "$TMP"; fi
}
trap cleanup EXIT
fail() { echo "publish-local: FAILED: $*" >&2; exit 1; }

# 1. The site's sources, as a CI job checks them out (no public/, no target/).
echo "== copying the site from $SITE"
mkdir -p "$TMP/site"
for item in kennisbank.toml content static templates themes data i18n; do
    [ -e "$SITE/$item" ] && cp -R "$SITE/$item" "$TMP/site/"
done
# Every file of the sources (path and checksum): the build must leave them as they are.
listing() { (cd "$1" && find . -path ./public -prune -o -type f -print0 | sort -z | xargs -0 -r sha256sum && find . -path ./public -prune -o -print | sort); }
listing "$TMP/site" >"$TMP/before.txt"

# 2. The build, as in CI: `kennisbank build` writes public/ beside kennisbank.toml.
echo "== kennisbank build ($("$KB" --version))"
(cd "$TMP/site" && "$KB" build --quiet) || fail "kennisbank build failed"
OUT=$TMP/site/public

# 3. What a host needs, and nothing outside the output folder.
echo "== checking the output"
listing "$TMP/site" >"$TMP/after.txt"
diff -u "$TMP/before.txt" "$TMP/after.txt" >"$TMP/diff.txt" ||
    fail "the build changed files outside public/:"$'\n'"$(head -n 20 "$TMP/diff.txt")"
for f in index.html 404.html _headers sitemap.xml robots.txt meldcode/index.html; do
    [ -s "$OUT/$f" ] || fail "public/$f is missing or empty"
done
links=$(find "$OUT" -type l | head -n 5)
[ -z "$links" ] || fail "symbolic links in the output (a host may follow them out of the site): $links"
others=$(find "$OUT" ! -type f ! -type d | head -n 5)
[ -z "$others" ] || fail "other things than files and folders in the output: $others"
python3 - "$OUT" <<'PY' || exit 1
import os, re, sys
out = sys.argv[1]
def fail(why):
    sys.exit(f"publish-local: FAILED: {why}")
headers = open(os.path.join(out, "_headers"), encoding="utf-8").read()
csp = re.search(r"^\s+Content-Security-Policy: (.+)$", headers, re.M)
if not csp or "/*" not in headers.splitlines():
    fail("_headers has no Content-Security-Policy for /*")
policy = csp.group(1)
for part in ("default-src 'self'", "script-src 'self'", "object-src 'none'", "frame-ancestors 'none'"):
    if part not in policy:
        fail(f"the Content-Security-Policy in _headers lacks {part!r}: {policy}")
for name in ("X-Content-Type-Options: nosniff", "Referrer-Policy: no-referrer"):
    if name not in headers:
        fail(f"_headers lacks {name}")
# Hosts that cannot set headers (GitLab Pages, GitHub Pages) still get the policy from the
# <meta> element of every page: the same policy without frame-ancestors (not allowed there).
meta_policy = policy.replace("; frame-ancestors 'none'", "")
for page in ("index.html", "404.html", "meldcode/index.html"):
    html = open(os.path.join(out, page), encoding="utf-8").read()
    meta = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">', html)
    if not meta or meta.group(1).replace("&#x27;", "'").replace("&#39;", "'") != meta_policy:
        fail(f"{page} has no <meta> Content-Security-Policy equal to _headers' ({meta and meta.group(1)})")
    if re.search(r'<script[^>]+src="(https?:)?//', html):
        fail(f"{page} loads a script from another host")
print(f"   {sum(len(f) for _, _, f in os.walk(out))} files; _headers and the <meta> policy agree: {meta_policy}")
PY

# 4. "Deploy": the upload copies the folder's files (GitHub's upload-pages-artifact leaves
# hidden files out, so do we: the .kennisbank-output marker stays behind).
echo "== deploying (copy) and serving"
mkdir -p "$TMP/www"
(cd "$OUT" && find . -type f ! -path '*/.*' -print0 | tar --null -T - -cf -) | tar -xf - -C "$TMP/www"
[ -f "$TMP/www/index.html" ] || fail "the copy has no index.html"

# A static host as GitLab Pages and GitHub Pages are: files as they are, a folder's index.html,
# and 404.html with status 404 for anything missing; it sets no headers of its own.
python3 - "$TMP/www" "$TMP/port" >"$TMP/server.log" 2>&1 <<'PY' &
import functools, http.server, os, sys
root, port_file = sys.argv[1], sys.argv[2]
class Host(http.server.SimpleHTTPRequestHandler):
    def send_error(self, code, message=None, explain=None):
        page = os.path.join(root, "404.html")
        if code != 404 or not os.path.exists(page):
            return super().send_error(code, message, explain)
        body = open(page, "rb").read()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)
    def log_message(self, *args):
        pass
server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Host, directory=root))
with open(port_file + ".tmp", "w") as f:
    f.write(str(server.server_address[1]))
os.replace(port_file + ".tmp", port_file)
server.serve_forever()
PY
server_pid=$!
for _ in $(seq 1 100); do
    [ -s "$TMP/port" ] && break
    kill -0 "$server_pid" 2>/dev/null || fail "the local server did not start: $(cat "$TMP/server.log")"
    sleep 0.05
done
[ -s "$TMP/port" ] || fail "the local server did not start"
port=$(cat "$TMP/port")
echo "   serving $TMP/www on http://127.0.0.1:$port/"

python3 - "$port" "$TMP/www" <<'PY' || exit 1
import re, sys, urllib.error, urllib.request
port, www = sys.argv[1], sys.argv[2]
base = f"http://127.0.0.1:{port}"
def fail(why):
    sys.exit(f"publish-local: FAILED: {why}")
def get(path):
    try:
        with urllib.request.urlopen(base + path, timeout=10) as r:
            return r.status, r.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode("utf-8", "replace")
status, home = get("/")
if status != 200 or "<title>" not in home:
    fail(f"/ answered {status}")
status, page = get("/meldcode/")
if status != 200 or not re.search(r"<h1[^>]*>[^<]*[Mm]eldcode", page):
    fail(f"/meldcode/ answered {status} without its heading")
# The page's own files (stylesheet, scripts) are there under the URLs the page uses.
assets = re.findall(r'<(?:link rel="stylesheet"|script)[^>]+(?:href|src)="(/[^"]+)"', page)
if not assets:
    fail("/meldcode/ names no stylesheet or script")
for asset in assets:
    status, _ = get(asset)
    if status != 200:
        fail(f"{asset} (used by /meldcode/) answered {status}")
missing = "/deze-pagina-bestaat-niet/"
status, body = get(missing)
expected = open(f"{www}/404.html", encoding="utf-8").read()
if status != 404 or body != expected:
    fail(f"{missing} answered {status} {'with' if body == expected else 'without'} the site's 404.html")
title = re.search(r"<title>([^<]*)</title>", body).group(1)
print(f"   / 200, /meldcode/ 200 ({len(assets)} assets 200), {missing} 404 with 404.html ({title!r})")
PY
echo "== published locally: all checks passed"
