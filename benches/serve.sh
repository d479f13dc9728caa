#!/usr/bin/env bash
# `kennisbank serve` on a generated 1,000-page site: wrk with 64 connections for 10 s against a
# page, once on a quiet site and once while a script rewrites a content file every 200 ms
# (requests/s, errors: must be 0); then the edit-to-reload latency over 20 edits (median, p95)
# and the server's own time per stage for each edit (the incremental rebuild: how many documents
# and pages it rendered again), with the search index on (the default) and off. Writes
# target/bench/results/serve.{json,md}.
#
#   bash benches/serve.sh                   # about 3 minutes
#   PAGES=1000 DURATION=10 bash benches/serve.sh
#
# Installs what is missing: wrk (Debian). Scratch: target/bench/serve-* (an editable copy of
# the corpus; the benchmark edits files there, never in content/).
set -euo pipefail

cd "$(dirname "$0")/.."
. benches/common.sh
PAGES=${PAGES:-1000}
DURATION=${DURATION:-10}
CONNECTIONS=${CONNECTIONS:-64}
EDITS=${EDITS:-20}

command -v wrk >/dev/null || apt_install wrk
command -v curl >/dev/null || apt_install curl
command -v ss >/dev/null || apt_install iproute2

kennisbank_copy serve

corpus=$WORK/corpus-$PAGES
if [ ! -f "$corpus/pages.tsv" ] || [ "$(wc -l <"$corpus/pages.tsv")" != "$PAGES" ]; then
    python3 benches/corpus.py --pages "$PAGES" --out "$corpus"
fi
# The page under load and under edit: the 100th page of the corpus.
page_rel=$(sed -n '100p' "$corpus/pages.tsv" | cut -f1)
page_url="/${page_rel%.md}/"

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

server_pid=
editor_pid=
cleanup() {
    if [ -n "$editor_pid" ]; then kill "$editor_pid" 2>/dev/null || true; wait "$editor_pid" 2>/dev/null || true; fi
    if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
    editor_pid=
    server_pid=
}
trap cleanup EXIT

# wrk's summary as JSON: requests/s, requests, errors (socket errors + non-2xx/3xx), latencies.
wrk_json() {
    python3 - "$1" <<'PY'
import json, re, sys
text = open(sys.argv[1]).read()
def num(pattern, default=0.0):
    m = re.search(pattern, text)
    return float(m.group(1)) if m else default
def ms(value, unit):
    return float(value) * {"us": 0.001, "ms": 1, "s": 1000}[unit]
lat = re.search(r"Latency\s+([\d.]+)(us|ms|s)\s+([\d.]+)(us|ms|s)\s+([\d.]+)(us|ms|s)", text)
sock = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", text)
socket_errors = sum(int(x) for x in sock.groups()) if sock else 0
non2xx = int(num(r"Non-2xx or 3xx responses: (\d+)"))
print(json.dumps({
    "requests_per_s": num(r"Requests/sec:\s+([\d.]+)"),
    "requests": int(num(r"(\d+) requests in")),
    "socket_errors": socket_errors,
    "non_2xx_3xx": non2xx,
    "errors": socket_errors + non2xx,
    "latency_avg_ms": ms(lat.group(1), lat.group(2)) if lat else None,
    "latency_max_ms": ms(lat.group(5), lat.group(6)) if lat else None,
}))
PY
}

# During a load run: how many of wrk's connections sit with a request the server has not read
# (Recv-Q > 0: no thread is serving that connection), and the server's thread count. wrk counts
# a starved connection as no error at all, so this is the check that every connection is served.
probe() { # port, server pid, json out
    sleep "$(python3 -c "print(min(3, $DURATION / 2))")"
    local est waiting threads
    est=$(ss -tnH state established "( sport = :$1 )" | wc -l)
    waiting=$(ss -tnH state established "( sport = :$1 )" | awk '$1 > 0' | wc -l)
    threads=$(ls "/proc/$2/task" | wc -l)
    printf '{"connections": %s, "waiting": %s, "threads": %s}\n' "$est" "$waiting" "$threads" >"$3"
}

run_variant() { # name, search true|false
    local name=$1 search=$2
    local site=$WORK/serve-$name-$PAGES
    rm -rf "$site"
    mkdir -p "$site"
    cp -r "$corpus/content" "$site/content"
    python3 -B - "$site/kennisbank.toml" "$search" <<'PY'
import sys
sys.path.insert(0, "benches")
import peers
open(sys.argv[1], "w").write(peers.KB_CONFIG.format(search=sys.argv[2]))
PY
    local port
    port=$(free_port)
    "$KB" serve --root "$site" --port "$port" >"$RESULTS/serve-$name.log" 2>&1 &
    server_pid=$!
    for _ in $(seq 1 600); do
        if curl -fsS -o /dev/null "http://127.0.0.1:$port$page_url" 2>/dev/null; then break; fi
        sleep 0.1
    done
    curl -fsS -o /dev/null "http://127.0.0.1:$port$page_url"
    echo "== $name: serving $PAGES pages on port $port; load average: $(cut -d' ' -f1-3 /proc/loadavg)"

    # The first seconds after start apart: a fresh server has been seen to answer far slower
    # in its first load run than in the next (see BENCHMARKS.md).
    echo "   wrk -c$CONNECTIONS -d2s, the first load after start"
    DURATION=2 probe "$port" "$server_pid" "$RESULTS/serve-$name-probe-first.json" &
    wrk -t2 -c"$CONNECTIONS" -d2s --latency "http://127.0.0.1:$port$page_url" >"$RESULTS/serve-$name-wrk-first.txt"
    wait $!
    wrk_json "$RESULTS/serve-$name-wrk-first.txt" >"$RESULTS/serve-$name-wrk-first.json"

    echo "   wrk -c$CONNECTIONS -d${DURATION}s, site unchanged"
    probe "$port" "$server_pid" "$RESULTS/serve-$name-probe-quiet.json" &
    wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --latency "http://127.0.0.1:$port$page_url" >"$RESULTS/serve-$name-wrk-quiet.txt"
    wait $!
    wrk_json "$RESULTS/serve-$name-wrk-quiet.txt" >"$RESULTS/serve-$name-wrk-quiet.json"

    echo "   wrk -c$CONNECTIONS -d${DURATION}s, the page rewritten every 200 ms"
    python3 benches/serve-latency.py editor "$site/content/$page_rel" --every 0.2 &
    editor_pid=$!
    probe "$port" "$server_pid" "$RESULTS/serve-$name-probe-edits.json" &
    local probe_pid=$!
    wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --latency "http://127.0.0.1:$port$page_url" >"$RESULTS/serve-$name-wrk-edits.txt"
    wait "$probe_pid"
    kill "$editor_pid"
    wait "$editor_pid" 2>/dev/null || true
    editor_pid=
    wrk_json "$RESULTS/serve-$name-wrk-edits.txt" >"$RESULTS/serve-$name-wrk-edits.json"
    sleep 1

    echo "   edit-to-reload latency, $EDITS edits"
    local before
    before=$(grep -c '^Built ' "$RESULTS/serve-$name.log" || true)
    python3 benches/serve-latency.py latency "$port" "$site/content/$page_rel" "$page_url" --edits "$EDITS" >"$RESULTS/serve-$name-latency.json"
    # The server's own rebuild times for those edits, in all and per stage, and how long the
    # search index and related pages took to follow (off the reload's path).
    tail -n +"$((before + 1))" <(grep '^Built ' "$RESULTS/serve-$name.log") >"$RESULTS/serve-$name-rebuild-lines.txt"
    sed -E 's/.* in ([0-9]+) ms.*/\1/' "$RESULTS/serve-$name-rebuild-lines.txt" >"$RESULTS/serve-$name-rebuilds.txt"
    local searched
    searched=$(grep -c '^Search index and related pages updated' "$RESULTS/serve-$name.log" || true)
    grep '^Search index and related pages updated' "$RESULTS/serve-$name.log" | tail -n +2 |
        sed -E 's/.* in ([0-9]+) ms.*/\1/' >"$RESULTS/serve-$name-search.txt" || true
    echo "   search updates seen: $searched"
    cleanup
}

run_variant search true
run_variant nosearch false

python3 - "$RESULTS" "$PAGES" "$CONNECTIONS" "$DURATION" "$page_url" <<'PY'
import json, statistics, sys
results, pages, conns, duration, url = sys.argv[1:]
out = [f"\n### `kennisbank serve`, {int(pages):,}-page site, wrk -c{conns} -d{duration}s on one page ({url})\n",
       "| search index | site | requests/s | requests | errors | connections left waiting (of open) | server threads | mean latency (ms) | max latency (ms) |",
       "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
summary = {}
for name, label in (("search", "on (default)"), ("nosearch", "off")):
    for state, slabel in (("first", "unchanged, first 2 s after start"), ("quiet", "unchanged"), ("edits", "page rewritten every 200 ms")):
        w = json.load(open(f"{results}/serve-{name}-wrk-{state}.json"))
        summary[f"{name}-{state}"] = w
        p = json.load(open(f"{results}/serve-{name}-probe-{state}.json"))
        w["probe"] = p
        out.append(f"| {label} | {slabel} | {w['requests_per_s']:,.0f} | {w['requests']:,} | {w['errors']} | {p['waiting']} (of {p['connections']}) | {p['threads']} | {w['latency_avg_ms']:.2f} | {w['latency_max_ms']:.1f} |")
out += ["", f"### Edit-to-reload latency, {int(pages):,}-page site (ms from the write to the `reload` event / to the new page being served)\n",
        "| search index | edits | reload median | reload p95 | served median | served p95 | server's rebuild, median |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |"]
for name, label in (("search", "on (default)"), ("nosearch", "off")):
    l = json.load(open(f"{results}/serve-{name}-latency.json"))
    summary[f"{name}-latency"] = {k: v for k, v in l.items() if k != "samples"}
    rebuilds = [int(x) for x in open(f"{results}/serve-{name}-rebuilds.txt").read().split()]
    rb = f"{statistics.median(rebuilds):.0f}" if rebuilds else "-"
    served_med = f"{l['served_median_ms']:.0f}" if l["served_median_ms"] is not None else "-"
    served_p95 = f"{l['served_p95_ms']:.0f}" if l["served_p95_ms"] is not None else "-"
    out.append(f"| {label} | {l['edits']} | {l['reload_median_ms']:.0f} | {l['reload_p95_ms']:.0f} | {served_med} | {served_p95} | {rb} |")
import re
out += ["", f"### The server's rebuild per edit, {int(pages):,}-page site (median ms per stage; the search index and related pages follow on another thread)\n",
        "| search index | load | model | markdown | render | documents rendered | pages rendered | search + related after the edit |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
for name, label in (("search", "on (default)"), ("nosearch", "off")):
    lines = open(f"{results}/serve-{name}-rebuild-lines.txt").read().splitlines()
    stages = {}
    for line in lines:
        for stage, ms in re.findall(r"(load|model|markdown|render) ([\d.]+) ms", line):
            stages.setdefault(stage, []).append(float(ms))
    med = lambda k: f"{statistics.median(stages[k]):.1f}" if stages.get(k) else "-"
    docs = [re.search(r"markdown (\d+) of (\d+) documents", l) for l in lines]
    jobs = [re.search(r"templates (\d+) of (\d+) pages", l) for l in lines]
    docs_med = f"{statistics.median(int(m.group(1)) for m in docs if m):.0f} of {docs[0].group(2)}" if docs and docs[0] else "-"
    jobs_med = f"{statistics.median(int(m.group(1)) for m in jobs if m):.0f} of {jobs[0].group(2)}" if jobs and jobs[0] else "-"
    search = [int(x) for x in open(f"{results}/serve-{name}-search.txt").read().split()]
    search_med = f"{statistics.median(search):.0f} (n={len(search)})" if search else "-"
    summary[f"{name}-stages"] = {k: statistics.median(v) for k, v in stages.items()}
    out.append(f"| {label} | {med('load')} | {med('model')} | {med('markdown')} | {med('render')} | {docs_med} | {jobs_med} | {search_med} |")
json.dump(summary, open(f"{results}/serve.json", "w"), indent=1)
text = "\n".join(out) + "\n"
open(f"{results}/serve.md", "w").write(text)
print(text)
PY
echo "(tables also in $RESULTS/serve.md)"
