#!/usr/bin/env bash
# The editor's live preview (issue 25): from the end of a typing pause to the preview updated,
# on the server's side. For each size, a generated corpus served by `kennisbank serve` (search
# index on, the default); the script opens the editor page for one page to read the session's
# token, then sends REQUESTS previews of that page, each body one keystroke longer than the last
# (a sentence typed into the page), one after the other, as the editor does after its 150 ms
# pause: POST /__kennisbank/editor/voorbeeld with the text, then GET
# /__kennisbank/editor/voorbeeld/<rel> (what the preview frame loads). A sample is the time from
# sending the POST to the last byte of that GET. Prints the median and p95 (and the POST and the
# GET apart) and writes target/bench/results/editor-preview.{json,md}.
#
#   bash benches/editor-preview.sh                      # 1,000 and 10,000 pages, about 2 minutes
#   SIZES=1000 REQUESTS=200 bash benches/editor-preview.sh
#   KENNISBANK_BIN=path/to/kennisbank bash benches/editor-preview.sh    # measure that binary, build none
#
# The browser's own part (the 150 ms pause itself, parsing and painting the frame) is not in it.
# Scratch: target/bench/editor-<n> (a copy of the corpus; nothing is saved, previews write no file).
set -euo pipefail

cd "$(dirname "$0")/.."
. benches/common.sh
SIZES=${SIZES:-"1000 10000"}
REQUESTS=${REQUESTS:-200}
WARMUP=${WARMUP:-10}

command -v python3 >/dev/null || apt_install python3
command -v curl >/dev/null || apt_install curl

if [ -n "${KENNISBANK_BIN:-}" ]; then
    KB=$KENNISBANK_BIN   # a binary to measure as it is (no cargo build)
    "$KB" --version
else
    kennisbank_copy editor
fi

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

server_pid=
cleanup() {
    if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
    server_pid=
}
trap cleanup EXIT

for n in $SIZES; do
    corpus=$WORK/corpus-$n
    if [ ! -f "$corpus/pages.tsv" ] || [ "$(wc -l <"$corpus/pages.tsv")" != "$n" ]; then
        echo "== corpus of $n pages"
        python3 benches/corpus.py --pages "$n" --out "$corpus" >/dev/null
    fi
    site=$WORK/editor-$n
    rm -rf "$site"
    mkdir -p "$site"
    cp -r "$corpus/content" "$site/content"
    python3 -B - "$site/kennisbank.toml" <<'PY'
import sys
sys.path.insert(0, "benches")
import peers
open(sys.argv[1], "w").write(peers.KB_CONFIG.format(search="true"))
PY
    # The page under edit: the 100th page of the corpus (as benches/serve.sh).
    rel=$(sed -n '100p' "$corpus/pages.tsv" | cut -f1)
    rel=${rel#content/}
    port=$(free_port)
    "$KB" serve --root "$site" --port "$port" >"$RESULTS/editor-preview-$n.log" 2>&1 &
    server_pid=$!
    for _ in $(seq 1 1200); do
        if curl -fsS -o /dev/null "http://127.0.0.1:$port/__kennisbank/editor/bewerk/$rel" 2>/dev/null; then break; fi
        if ! kill -0 "$server_pid" 2>/dev/null; then cat "$RESULTS/editor-preview-$n.log" >&2; exit 1; fi
        sleep 0.1
    done
    # Let the first build's search index and related pages finish (off the preview's path, but
    # on the same two cores).
    for _ in $(seq 1 600); do
        grep -q '^Search index and related pages updated' "$RESULTS/editor-preview-$n.log" && break
        sleep 0.1
    done
    echo "== $n pages: serving on port $port, editing $rel; load average: $(cut -d' ' -f1-3 /proc/loadavg)"
    python3 - "$port" "$rel" "$site/content/$rel" "$REQUESTS" "$WARMUP" >"$RESULTS/editor-preview-$n.json" <<'PY'
import http.client, json, re, sys, time
port, rel, path, count, warmup = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5])
origin = f"http://127.0.0.1:{port}"
conn = http.client.HTTPConnection("127.0.0.1", int(port), timeout=60)

def request(method, target, body=None, headers=None):
    conn.request(method, target, body=body, headers=headers or {})
    r = conn.getresponse()
    return r.status, r.read()

status, page = request("GET", f"/__kennisbank/editor/bewerk/{rel}")
assert status == 200, status
token = re.search(rb'<meta name="kb-token" content="([^"]+)"', page).group(1).decode()
headers = {"Origin": origin, "X-Kennisbank-Token": token, "Content-Type": "application/json"}
original = open(path, encoding="utf-8").read()
sentence = ("Bespreek de signalen eerst met een collega en noteer wat je ziet, "
            "niet wat je denkt; bel bij twijfel Veilig Thuis voor advies. ")

samples, posts, gets, sizes, diagnostics = [], [], [], [], []
for i in range(warmup + count):
    typed = (sentence * (1 + i // len(sentence)))[: i + 1]
    text = original.rstrip("\n") + "\n\n" + typed + f" [[{i}]]\n"
    body = json.dumps({"rel": rel, "text": text})
    t0 = time.perf_counter()
    status, answer = request("POST", "/__kennisbank/editor/voorbeeld", body, headers)
    t1 = time.perf_counter()
    assert status == 200, (status, answer[:300])
    answer = json.loads(answer)
    assert answer["page"] is True, answer
    status, html = request("GET", f"/__kennisbank/editor/voorbeeld/{rel}")
    t2 = time.perf_counter()
    assert status == 200 and f"[[{i}]]".encode() in html, (status, html[:200])
    if i >= warmup:
        samples.append((t2 - t0) * 1000)
        posts.append((t1 - t0) * 1000)
        gets.append((t2 - t1) * 1000)
        sizes.append(len(html))
        diagnostics.append(len(answer["diagnostics"]))
    time.sleep(0.02)

def pct(values, p):
    s = sorted(values)
    k = (len(s) - 1) * p
    lo, hi = int(k), min(int(k) + 1, len(s) - 1)
    return s[lo] + (s[hi] - s[lo]) * (k - lo)

out = {"rel": rel, "requests": len(samples), "warmup": warmup,
       "median_ms": pct(samples, 0.5), "p95_ms": pct(samples, 0.95), "max_ms": max(samples),
       "post_median_ms": pct(posts, 0.5), "post_p95_ms": pct(posts, 0.95),
       "get_median_ms": pct(gets, 0.5), "get_p95_ms": pct(gets, 0.95),
       "page_bytes": int(pct(sizes, 0.5)), "diagnostics": max(diagnostics), "samples_ms": samples}
print(json.dumps(out))
PY
    python3 - "$RESULTS/editor-preview-$n.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
print(f"   {d['requests']} previews: median {d['median_ms']:.1f} ms, p95 {d['p95_ms']:.1f} ms "
      f"(POST {d['post_median_ms']:.1f} / GET {d['get_median_ms']:.1f} ms median)")
PY
    cleanup
done

python3 - "$RESULTS" $SIZES <<'PY'
import json, sys
results, sizes = sys.argv[1], sys.argv[2:]
out = ["| pages | previews | median (ms) | p95 (ms) | max (ms) | POST median / p95 (ms) | GET frame median / p95 (ms) | page (KB) |",
       "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
summary = {}
for n in sizes:
    d = json.load(open(f"{results}/editor-preview-{n}.json"))
    summary[n] = {k: v for k, v in d.items() if k != "samples_ms"}
    out.append(f"| {int(n):,} | {d['requests']} | {d['median_ms']:.1f} | {d['p95_ms']:.1f} | {d['max_ms']:.1f} | "
               f"{d['post_median_ms']:.1f} / {d['post_p95_ms']:.1f} | {d['get_median_ms']:.1f} / {d['get_p95_ms']:.1f} | {d['page_bytes'] / 1024:.0f} |")
json.dump(summary, open(f"{results}/editor-preview.json", "w"), indent=1)
text = "\n".join(out) + "\n"
open(f"{results}/editor-preview.md", "w").write(text)
print(text)
PY
echo "(table also in $RESULTS/editor-preview.md)"
