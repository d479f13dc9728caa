#!/usr/bin/env python3
"""Edit-to-reload latency of `kennisbank serve`, and a background editor for the load test.

    python3 benches/serve-latency.py latency PORT PAGE_FILE PAGE_URL [--edits 20]
    python3 benches/serve-latency.py editor PAGE_FILE [--every 0.2]     (until killed)

latency: holds the Server-Sent Events stream open (/__kennisbank/events, as the live-reload
script does; `event: reload` after every rebuild), then 20 times: appends a paragraph with a
fresh marker to PAGE_FILE (after one uncounted edit), and measures the time until the `reload` event arrives and until
GET PAGE_URL returns the marker. Waits for the server to be idle between edits (no reload
for --settle seconds, 3 by default). Prints JSON.

editor: rewrites PAGE_FILE in place (as most editors save) every 0.2 s with a new line at the
end, for the load test that runs while files change.
"""

import argparse
import http.client
import json
import os
import queue
import socket
import statistics
import sys
import threading
import time

EVENTS_PATH = "/__kennisbank/events"


def sse_reader(port, events, ready):
    sock = socket.create_connection(("127.0.0.1", port))
    sock.sendall(f"GET {EVENTS_PATH} HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n".encode())
    f = sock.makefile("rb")
    event = None
    while True:
        line = f.readline()
        if not line:
            events.put(("closed", time.perf_counter()))
            return
        line = line.decode("utf-8", "replace").rstrip("\r\n")
        if line.startswith(": connected"):
            ready.set()
        elif line.startswith("event:"):
            event = line.split(":", 1)[1].strip()
        elif line.startswith("data:") and event:
            events.put((event, time.perf_counter(), line.split(":", 1)[1].strip()))
            event = None


def write_in_place(path, text):
    # One write after O_TRUNC: what an editor saving in place does.
    fd = os.open(path, os.O_WRONLY | os.O_TRUNC)
    try:
        os.write(fd, text.encode("utf-8"))
    finally:
        os.close(fd)


def percentile(values, p):
    s = sorted(values)
    k = (len(s) - 1) * p
    lo, hi = int(k), min(int(k) + 1, len(s) - 1)
    return s[lo] + (s[hi] - s[lo]) * (k - lo)


def latency(args):
    events = queue.Queue()
    ready = threading.Event()
    threading.Thread(target=sse_reader, args=(args.port, events, ready), daemon=True).start()
    if not ready.wait(10):
        sys.exit("no SSE stream")
    original = open(args.page_file, encoding="utf-8").read()
    conn = http.client.HTTPConnection("127.0.0.1", args.port, timeout=30)

    def get():
        conn.request("GET", args.page_url)
        r = conn.getresponse()
        return r.status, r.read()

    def drain(quiet):
        # Wait until no reload has come for `quiet` seconds: no rebuild is running.
        while True:
            try:
                events.get(timeout=quiet)
            except queue.Empty:
                return

    drain(1.0)
    samples = []
    quiet = 1.0
    try:
        # One edit that is not counted (i = -1): it shows how long a rebuild takes here, so that
        # the wait for a quiet server between edits can be long enough (a rebuild still running
        # from before would otherwise send the `reload` that the next edit is waiting for).
        for i in range(-1, args.edits):
            marker = f"benchmarkwijziging{i:03d}x{os.getpid()}"
            t0 = time.perf_counter()
            write_in_place(args.page_file, original + f"\n\nDeze alinea is gewijzigd: {marker}.\n")
            reload_at = None
            while reload_at is None:
                ev = events.get(timeout=60)
                if ev[0] == "reload":
                    reload_at = ev[1]
            served_at = None
            status = None
            deadline = t0 + 60
            while time.perf_counter() < deadline:
                status, body = get()
                if marker.encode() in body:
                    served_at = time.perf_counter()
                    break
                time.sleep(0.002)
            if i < 0:
                quiet = max(1.0, 1.5 * ((served_at or reload_at) - t0))
            else:
                samples.append(
                    {
                        "reload_ms": (reload_at - t0) * 1000,
                        "served_ms": (served_at - t0) * 1000 if served_at else None,
                        "status": status,
                    }
                )
            drain(max(quiet, args.settle))
    finally:
        write_in_place(args.page_file, original)
    reload_ms = [s["reload_ms"] for s in samples]
    served_ms = [s["served_ms"] for s in samples if s["served_ms"] is not None]
    print(
        json.dumps(
            {
                "edits": len(samples),
                "reload_median_ms": statistics.median(reload_ms),
                "reload_p95_ms": percentile(reload_ms, 0.95),
                "served_median_ms": statistics.median(served_ms) if served_ms else None,
                "served_p95_ms": percentile(served_ms, 0.95) if served_ms else None,
                "served_missing": len(samples) - len(served_ms),
                "samples": samples,
            }
        )
    )


def editor(args):
    original = open(args.page_file, encoding="utf-8").read()
    n = 0
    try:
        while True:
            n += 1
            write_in_place(args.page_file, original + f"\n\nTijdens de belastingtest bewerkt ({n}).\n")
            time.sleep(args.every)
    except KeyboardInterrupt:
        pass
    finally:
        write_in_place(args.page_file, original)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    a = sub.add_parser("latency")
    a.add_argument("port", type=int)
    a.add_argument("page_file")
    a.add_argument("page_url")
    a.add_argument("--edits", type=int, default=20)
    a.add_argument(
        "--settle",
        type=float,
        default=3.0,
        help="seconds without a reload before the next edit (background work, such as a search "
        "index update that sends no event, must be done too)",
    )
    e = sub.add_parser("editor")
    e.add_argument("page_file")
    e.add_argument("--every", type=float, default=0.2)
    args = ap.parse_args()
    if args.cmd == "latency":
        latency(args)
    else:
        import signal

        def stop(*_):
            raise KeyboardInterrupt

        signal.signal(signal.SIGTERM, stop)
        editor(args)


if __name__ == "__main__":
    main()
