#!/usr/bin/env python3
"""Generated whole sites against the real release binary (issue 30).

Each case writes a site into a fresh folder (every kind, every dialect, data files and charts,
shortcodes, odd Unicode, path tricks, forged markers, hostile titles and URLs), then runs
`kennisbank build` (and on some cases `check`) under an address-space cap and a timeout, and
reports:

  panic       exit 101, a signal, or "panicked at" on stderr
  hang        the timeout was hit
  memory      an allocation failure under the cap (exit 134 / "memory allocation")
  escape      a file written or changed outside the output folder (the site folder and its
              parent are compared before and after)
  executable  in the output (sites use raw_html = "escape" or "strip", the modes that promise
              no raw HTML): a <script> that is not the theme's (module with src, or JSON
              data), an on...= attribute, or a javascript:/vbscript:/data:text/html URL in an
              href or src
  superlinear a scale probe whose 8N build took more than 10x its N build

Usage: scripts/fuzz-sites.py [--minutes 20] [--seed 1] [--binary target/release/kennisbank]
       [--memory-mb 4096] [--timeout 60] [--report RELIABILITY-run.json]
A short run: --minutes 1. Exit code 1 when anything was found.
"""

import argparse
import json
import os
import random
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from html.parser import HTMLParser
from pathlib import Path

ODD = ["\u202e", "\u200b", "\ufeff", "é", "ﬁ", "𝔘", "😀", "\u0301", "ا", "\r", "\t", "\\", "`", "<", ">", "&", '"', "'"]
HOSTILE = [
    '<img src=x onerror=alert(1)>',
    '<svg onload=alert(1)>',
    '<a href="javascript:alert(1)">x</a>',
    '<b onmouseover=alert(1)>b</b>',
    '<script>alert(1)</script>',
    '"><script>alert(1)</script>',
    '--><script>alert(1)</script><!--',
    '{{ x }}',
    '{% raw %}',
]
URLS = ["javascript:alert(1)", "JaVaScRiPt:alert(1)", " javascript:alert(1)", "java\tscript:alert(1)",
        "data:text/html,<script>alert(1)</script>", "vbscript:x", "https://example.org/", "/pad/", "@/index.md",
        "../../../../etc/passwd", "tel:0800-2000", "mailto:a@b.nl", "#kop"]
SAFE_URLS = ["https://example.org/", "tel:0800-2000", "mailto:a@b.nl", "http://example.org/x?a=b&c=<d>\"e"]
# Per site: whether its URLs may be refused ones (a site with one fails its build as it
# should, so most sites keep to allowed URLs and get their output checked).
STATE = {"hostile_urls": False}
SLUGS = [".", "./", "..", "a/../../b", "/", "-", "x" * 300, "con", "index.html", "sitemap.xml", "%2e%2e", "é"]


def pick(rng, items):
    return items[rng.randrange(len(items))]


def text(rng, n=6):
    words = ["melding", "signaal", "kind", "Veilig", "Thuis", "MDA++", "VT", "THV", "hulp", "0800-2000"]
    out = []
    for _ in range(rng.randrange(1, n + 1)):
        r = rng.random()
        if r < 0.08:
            out.append(pick(rng, ODD))
        elif r < 0.16:
            out.append(pick(rng, HOSTILE))
        else:
            out.append(pick(rng, words))
    return " ".join(out)


def toml_str(s):
    return json.dumps(s, ensure_ascii=False).replace("\\u0000", "")


def block(rng):
    """One piece of markdown in some dialect."""
    k = rng.randrange(24)
    t = lambda: text(rng)
    u = lambda: pick(rng, URLS if STATE["hostile_urls"] else SAFE_URLS)
    return [
        lambda: f"## {t()}\n\n{t()}\n",
        lambda: f"[{t()}]({u()})\n",
        lambda: f"![{t()}]({u()})\n",
        lambda: f"[a]({u()}){{ href={toml_str(u())} formaction={toml_str(u())} .c onclick=x }}\n",
        lambda: f'!!! note {toml_str(t())}\n    {t()}\n',
        lambda: f'??? tip {toml_str(t())}\n\t!!! warning\n\t\t{t()}\n',
        lambda: f'=== {toml_str(t())}\n\n    {t()}\n',
        lambda: f':::tip[{t()}]\n{t()}\n:::\n',
        lambda: f':::danger\n{t()}\n',
        lambda: f'<Tabs>\n<TabItem value="a" label={toml_str(t())}>\n\n{t()}\n\n</TabItem>\n</Tabs>\n',
        lambda: f'<Admonition type="note" title={toml_str(t())}>\n\n{t()}\n\n</Admonition>\n',
        lambda: f'{{/* {t()} */}} <Onbekend x="1"/> {t()}\n',
        lambda: f'{{{{< figure src="/a.png" link={toml_str(u())} alt={toml_str(t())} >}}}}\n',
        lambda: f'{{{{< contact name={toml_str(t())} >}}}}\n',
        lambda: f'{{% details(summary={toml_str(t())}) %}}\n{t()}\n{{% end %}}\n',
        lambda: f'{{{{% details summary={toml_str(t())} %}}}}\n{t()}\n',
        lambda: f'{{{{ chart(data="d.csv", x="jaar", y="aantal", title={toml_str(t())}, kind="{pick(rng, ["bar", "line", "stacked"])}") }}}}\n',
        lambda: '<!--kb:html html="&lt;script&gt;alert(1)&lt;/script&gt;"-->\n',
        lambda: f'<!--kb:callout kind="tip" title={toml_str(pick(rng, HOSTILE))}-->\n{t()}\n<!--kb:/callout-->\n',
        lambda: f"- [ ] {t()}\n- [x] {t()}\n",
        lambda: f"```\n{t()}\n```\n",
        lambda: f"| a | b |\n|---|---|\n| {t()} | {t()} |\n",
        lambda: f"{t()}[^1]\n\n[^1]: {t()}\n",
        lambda: f"<div onclick=\"x\">{t()}</div>\n",
    ][k]()


def front(rng, title, kind=None):
    lines = ["+++", f"title = {toml_str(title)}"]
    if kind:
        lines.append(f'kind = "{kind}"')
    if rng.random() < 0.15:
        lines.append(f"slug = {toml_str(pick(rng, SLUGS))}")
    if rng.random() < 0.15:
        lines.append(f"aliases = [{toml_str('/' + pick(rng, SLUGS) + '/')}]")
    if rng.random() < 0.3:
        lines.append(f"tags = [{toml_str(text(rng, 2))}]")
    return lines


def decision(rng):
    n = rng.randrange(1, 25)
    lines = front(rng, text(rng, 3), "decision") + ['start = "q0"']
    for i in range(n):
        for_next = lambda: f"q{i + 1}" if i + 1 < n and rng.random() < 0.97 else pick(rng, ["u0", "u1", f"q{rng.randrange(n)}"])
        lines += ["", "[[questions]]", f'id = "q{i}"', f"text = {toml_str(text(rng))}"]
        for label in ["Ja", "Nee"]:
            lines += ["[[questions.answers]]", f"label = {toml_str(label)}", f'next = "{for_next()}"']
    for j in range(2):
        lines += ["", "[[outcomes]]", f'id = "u{j}"', f"title = {toml_str(text(rng, 3))}", f"text = {toml_str(text(rng))}",
                  "[[outcomes.links]]", f"title = {toml_str(text(rng, 2))}", f"url = {toml_str(pick(rng, URLS if STATE['hostile_urls'] else SAFE_URLS))}"]
    return "\n".join(lines + ["+++", "", text(rng)]) + "\n"


def training(rng):
    lines = front(rng, text(rng, 3), "training")
    lines += ["", "[[sessions]]", 'start = "2026-12-01T09:00:00"', 'end = "2026-12-01T12:00:00"',
              f"location = {toml_str(text(rng, 2))}", f"register = {toml_str(pick(rng, URLS if STATE['hostile_urls'] else SAFE_URLS))}"]
    return "\n".join(lines + ["+++", "", text(rng)]) + "\n"


def page(rng):
    r = rng.random()
    if r < 0.12:
        return decision(rng)
    if r < 0.18:
        return training(rng)
    kind = pick(rng, [None, None, None, "checklist", "glossary", "slides", "page"])
    body = "".join(block(rng) + "\n" for _ in range(rng.randrange(1, 7)))
    if kind == "checklist":
        body = "## Gedrag\n\n- [ ] " + text(rng) + "\n\n" + body
    if kind == "glossary":
        body = "## Tijdelijk huisverbod (THV)\n\nUitleg.\n\n" + body
    return "\n".join(front(rng, text(rng, 3), kind) + ["+++", "", body])


def write_site(rng, root: Path):
    STATE["hostile_urls"] = rng.random() < 0.2
    (root / "content").mkdir(parents=True)
    (root / "data").mkdir()
    (root / "kennisbank.toml").write_text(
        f'title = "Fuzz"\nbase_url = "https://fuzz.example.nl"\n\n[markdown]\nraw_html = "{pick(rng, ["escape", "strip"])}"\n'
        '\n[[taxonomies]]\nname = "tags"\ntitle = "Tags"\n',
        encoding="utf-8")
    (root / "content" / "_index.md").write_text("+++\ntitle = \"Home\"\n+++\n\nWelkom.\n", encoding="utf-8")
    value = "12" if rng.random() < 0.7 else pick(rng, ["1.7e308", "1e308", "-1e308", "NaN", "inf", "", "abc", "3,5", "1e15"])
    (root / "data" / "d.csv").write_text(f"jaar,aantal\n2020,{value}\n2021,7\n", encoding="utf-8")
    for i in range(rng.randrange(1, 5)):
        folder = root / "content" / pick(rng, ["", "hulp", "hulp/diep", "é", "a b", "-"])
        folder.mkdir(parents=True, exist_ok=True)
        name = pick(rng, [f"p{i}.md", f"p{i}.mdx", "-.md", "index.md", "_index.md", f"{'x' * 40}{i}.md"])
        (folder / name).write_text(page(rng), encoding="utf-8", errors="replace")


def scale_site(rng, root: Path, n: int, probe: str):
    """A site whose one page repeats a construct N times."""
    bodies = {
        "unclosed": lambda n: '{{< contact name="s" >}}\n' * n,
        "nested": lambda n: '{% details(summary="a") %}\n' * n + "x\n" + "{% end %}\n" * n,
        "calls-on-a-line": lambda n: "{{< " * n,
        "escaped-calls": lambda n: "{{/* a() */}} " * n,
        "headings": lambda n: "## Kop\n\nx\n\n" * n,
        "attribute-lists": lambda n: "[a](/){.c}" * n,
        "mdx-comments": lambda n: "{/*c*/}" * n,
        "unknown-tags": lambda n: "<X>" * n,
    }
    (root / "content").mkdir(parents=True)
    (root / "kennisbank.toml").write_text('title = "Schaal"\nbase_url = "https://s.example.nl"\n', encoding="utf-8")
    (root / "content" / "_index.md").write_text("+++\ntitle = \"Home\"\n+++\n", encoding="utf-8")
    (root / "content" / "groot.md").write_text("+++\ntitle = \"Groot\"\n+++\n\n" + bodies[probe](n), encoding="utf-8")
    return list(bodies)


class Executable(HTMLParser):
    """Collects what in a page would run: a <script> that is not the theme's (a module or
    script loaded from the site, or JSON data), an on...= attribute, a script URL in a link."""

    URL_ATTRS = {"href", "src", "action", "formaction", "xlink:href", "data", "poster"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found = []

    def handle_starttag(self, tag, attrs):
        names = dict(attrs)
        if tag == "script":
            src = names.get("src") or ""
            kind = names.get("type") or ""
            if not (src.startswith("/") or kind in ("application/json", "application/ld+json")):
                self.found.append(f"<script {attrs}>")
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(f"<{tag} {name}=...>")
            if name in self.URL_ATTRS and value:
                cleaned = re.sub(r"[\x00-\x20]", "", value).lower()
                if cleaned.startswith(("javascript:", "vbscript:", "data:text/html")):
                    self.found.append(f"<{tag} {name}={value[:60]!r}>")

    handle_startendtag = handle_starttag


def executable(out: Path):
    found = []
    for path in out.rglob("*"):
        if path.suffix not in (".html", ".htm", ".svg") or not path.is_file():
            continue
        parser = Executable()
        parser.feed(path.read_text(encoding="utf-8", errors="replace"))
        found += [f"{path.relative_to(out)}: {f}" for f in parser.found]
    return found


def snapshot(folder: Path, skip: Path):
    state = {}
    for dirpath, dirnames, filenames in os.walk(folder):
        d = Path(dirpath)
        if d == skip or skip in d.parents:
            dirnames[:] = []
            continue
        for f in filenames:
            p = d / f
            try:
                st = p.lstat()
                state[str(p)] = (st.st_size, st.st_mtime_ns)
            except OSError:
                pass
    return state


def run(binary, args, cwd, memory_mb, timeout):
    def limit():
        cap = memory_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
    started = time.monotonic()
    try:
        p = subprocess.run([binary, *args], cwd=cwd, capture_output=True, timeout=timeout, preexec_fn=limit,
                           env={**os.environ, "SOURCE_DATE_EPOCH": "1796212800"})
        return p.returncode, p.stderr.decode("utf-8", "replace"), time.monotonic() - started
    except subprocess.TimeoutExpired:
        return None, "", time.monotonic() - started


def classify(code, stderr):
    if code is None:
        return "hang"
    if "memory allocation" in stderr or code == -6 or code == 134:
        return "memory"
    if code == 101 or code < 0 or "panicked at" in stderr:
        return "panic"
    return None


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--minutes", type=float, default=20)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--binary", default="target/release/kennisbank")
    ap.add_argument("--memory-mb", type=int, default=4096)
    ap.add_argument("--timeout", type=int, default=60)
    ap.add_argument("--report", default=None)
    a = ap.parse_args()
    binary = str(Path(a.binary).resolve())
    rng = random.Random(a.seed)
    deadline = time.monotonic() + a.minutes * 60
    counts = {"cases": 0, "builds_ok": 0, "builds_failed_cleanly": 0, "checks": 0, "scale_probes": 0}
    problems = []
    slowest = 0.0
    probes = scale_site(rng, Path(tempfile.mkdtemp()) / "x", 1, "headings")
    case = 0
    while time.monotonic() < deadline:
        case += 1
        parent = Path(tempfile.mkdtemp(prefix="kb-fuzz-"))
        root = parent / "site"
        out = root / "public"
        try:
            if case % 25 == 0:
                probe = probes[(case // 25) % len(probes)]
                times = []
                for n in (500, 4000):
                    shutil.rmtree(root, ignore_errors=True)
                    scale_site(rng, root, n, probe)
                    code, stderr, took = run(binary, ["build", "--root", str(root)], parent, a.memory_mb, a.timeout)
                    kind = classify(code, stderr)
                    if kind:
                        problems.append({"case": case, "kind": kind, "probe": probe, "n": n, "stderr": stderr[-2000:]})
                    times.append(took)
                counts["scale_probes"] += 1
                if times[1] > 10 * times[0] + 0.5:
                    problems.append({"case": case, "kind": "superlinear", "probe": probe, "seconds": times})
                continue
            write_site(rng, root)
            before = snapshot(parent, out)
            code, stderr, took = run(binary, ["build", "--root", str(root)], parent, a.memory_mb, a.timeout)
            slowest = max(slowest, took)
            counts["cases"] += 1
            kind = classify(code, stderr)
            if kind:
                kept = Path(tempfile.gettempdir()) / f"kb-fuzz-keep-{a.seed}-{case}"
                shutil.copytree(root, kept, dirs_exist_ok=True, ignore=shutil.ignore_patterns("public"))
                problems.append({"case": case, "kind": kind, "site": str(kept), "stderr": stderr[-2000:]})
                continue
            if code == 0:
                counts["builds_ok"] += 1
                for f in executable(out):
                    problems.append({"case": case, "kind": "executable", "where": f})
            else:
                counts["builds_failed_cleanly"] += 1
                first_error = next((l for l in stderr.splitlines() if l.startswith("error")), "")
                reasons = counts.setdefault("failure_reasons", {})
                key = re.sub(r"`[^`]*`", "`…`", first_error)[:90]
                reasons[key] = reasons.get(key, 0) + 1
            after = snapshot(parent, out)
            changed = sorted(k for k in set(before) | set(after) if before.get(k) != after.get(k))
            if changed:
                problems.append({"case": case, "kind": "escape", "files": changed[:20]})
            if case % 5 == 0:
                code, stderr, _ = run(binary, ["check", "--root", str(root)], parent, a.memory_mb, a.timeout)
                counts["checks"] += 1
                kind = classify(code, stderr)
                if kind:
                    problems.append({"case": case, "kind": kind, "command": "check", "stderr": stderr[-2000:]})
        finally:
            shutil.rmtree(parent, ignore_errors=True)
        if case % 100 == 0:
            print(f"{case} cases, {len(problems)} problems", file=sys.stderr, flush=True)
    by_kind = {}
    for p in problems:
        by_kind[p["kind"]] = by_kind.get(p["kind"], 0) + 1
    report = {"seed": a.seed, "minutes": a.minutes, "memory_mb": a.memory_mb, "timeout_s": a.timeout, **counts,
              "slowest_build_s": round(slowest, 2), "problems_by_kind": by_kind, "problems": problems[:200]}
    text = json.dumps(report, indent=2, ensure_ascii=False)
    if a.report:
        Path(a.report).write_text(text, encoding="utf-8")
    print(text)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
