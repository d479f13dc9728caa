#!/usr/bin/env python3
"""Generated whole sites against the real release binary (issue 30).

Each case writes a site into a fresh folder (every kind, every dialect, data files and charts,
shortcodes, odd Unicode, path tricks, forged markers, hostile titles and URLs), then runs
`kennisbank build` (and on some cases `check`) under an address-space cap (RLIMIT_AS) and a
CPU-time cap (RLIMIT_CPU), with a generous wall-clock timeout behind them, and reports:

  panic       exit 101, a signal, or "panicked at" on stderr
  hang        the CPU-time cap was hit (SIGXCPU), or the wall-clock timeout with the process
              asleep (a blocking read, say). Hangs are told by CPU time, not wall time, so a
              busy machine that gives a build little CPU does not make a false hang.
  memory      an allocation failure under the cap (exit 134 / "memory allocation")
  escape      a file written or changed outside the output folder (the site folder and its
              parent are compared before and after)
  executable  in the output (sites use raw_html = "escape" or "strip", the modes that promise
              no raw HTML): a <script> that is not the theme's (module with src, or JSON
              data), an on...= attribute, or a javascript:/vbscript:/data:text/html URL in an
              href or src
  superlinear a scale probe whose 8N build took more than 10x the CPU time of its N build

Every tenth case is an `init --from` case instead: an old site with a generated MkDocs,
Docusaurus, Hugo or Zola configuration (odd values, path tricks, broken syntax) is imported
with `kennisbank init NEW --from OLD`; anything written outside NEW is an escape, and a new
site that was made is built.

Usage: scripts/fuzz-sites.py [--minutes 20] [--seed 1] [--binary target/release/kennisbank]
       [--memory-mb 4096] [--cpu-seconds 60] [--timeout 600] [--report RELIABILITY-run.json]
A short run: --minutes 1. Exit code 1 when anything was found.
"""

import argparse
import json
import os
import random
import re
import resource
import shutil
import signal
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
    if rng.random() < 0.04:
        lines.append(f"slug = {toml_str(pick(rng, SLUGS))}")
    if rng.random() < 0.04:
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
    if kind in (None, "page") and rng.random() < 0.25:
        return "\n".join(yaml_front(rng, text(rng, 3)) + ["", body])
    return "\n".join(front(rng, text(rng, 3), kind) + ["+++", "", body])

PATHS = ["docs", "content", ".", "..", "../..", "/etc", "../../../x", "a/../../b", "docs/../..", "static", "x" * 300,
         "é", "a b", "", "/", "~", "C:\\x", "docs\x00x"]


def yaml_str(s):
    return json.dumps(s, ensure_ascii=False).replace("\\u0000", "")


def yaml_front(rng, title):
    """YAML front matter, with the odd things YAML allows (anchors, tags, flow nesting)."""
    lines = ["---", f"title: {yaml_str(title)}"]
    r = rng.random()
    if r < 0.1:
        lines.append("title2: &a " + yaml_str(text(rng, 2)))
        lines.append("tags: [*a, *a, *a]")
    elif r < 0.2:
        lines.append("tags: " + "[" * rng.randrange(1, 200) + "x" + "]" * rng.randrange(0, 200))
    elif r < 0.3:
        lines.append(f"description: !!python/object {yaml_str(text(rng))}")
    elif r < 0.33:
        lines.append(f"slug: {yaml_str(pick(rng, SLUGS))}")
    elif r < 0.5:
        lines.append(f"tags:\n  - {yaml_str(text(rng, 2))}\n  - {yaml_str(text(rng, 2))}")
    elif r < 0.55:
        lines.append("---")  # a second document
    elif r < 0.6:
        lines.append(f"date: {pick(rng, ['2026-13-45', '0000-00-00', '2026-12-01T25:00:00', '99999-01-01', 'morgen'])}")
    elif r < 0.65:
        lines.append(f"weight: {pick(rng, ['1e400', '-0', '0x10', '9223372036854775808', '.inf', '.nan'])}")
    lines.append("---")
    return lines


def data_files(rng, data: Path):
    """Data files beside d.csv: JSON and TOML, sometimes broken, deep or huge in a number."""
    r = rng.random()
    if r < 0.2:
        depth = rng.randrange(1, 5000)
        (data / "diep.json").write_text("[" * depth + "1" + "]" * depth, encoding="utf-8")
    elif r < 0.35:
        depth = rng.randrange(1, 5000)
        (data / "diep.toml").write_text("a = " + "[" * depth + "1" + "]" * depth + "\n", encoding="utf-8")
    elif r < 0.5:
        (data / "rijen.json").write_text(json.dumps(
            [{"jaar": 2020 + i, "aantal": pick(rng, [1, 1e308, -1e308, "x", None, 3.5, 10**20])} for i in range(rng.randrange(0, 20))]),
            encoding="utf-8")
    elif r < 0.6:
        (data / "kapot.json").write_text(pick(rng, ['{"a": ', "[1, 2", '{"a" 1}', "\ufeff{}", "", "nul", '"\\ud800"']), encoding="utf-8")
    elif r < 0.7:
        (data / "kapot.toml").write_text(pick(rng, ["a = ", "[a\n", "a = 1\na = 2\n", "a = 1e400\n", "a.b.c.d = 1\n[a]\n"]),
                                         encoding="utf-8")


def write_foreign_site(rng, old: Path):
    """An old site of another generator, for `init --from`: a configuration with odd values,
    path tricks and broken syntax, and a little content."""
    old.mkdir(parents=True)
    t = lambda: text(rng, 3)
    path = lambda: pick(rng, PATHS) if rng.random() < 0.5 else pick(rng, ["docs", "content"])
    generator = pick(rng, ["mkdocs", "docusaurus", "hugo", "zola"])
    for folder in ("docs", "content", "static", "blog"):
        (old / folder).mkdir()
        (old / folder / "intro.md").write_text(f"# {t()}\n\n{t()}\n", encoding="utf-8")
    if generator == "mkdocs":
        nav = "\n".join(f"  - {yaml_str(t())}: {yaml_str(pick(rng, ['intro.md', '../x.md', 'https://x.nl', 'javascript:x', '']))}"
                        for _ in range(rng.randrange(0, 6)))
        config = (f"site_name: {yaml_str(t())}\nsite_url: {yaml_str(pick(rng, URLS))}\ndocs_dir: {yaml_str(path())}\n"
                  f"site_description: {yaml_str(t())}\ntheme:\n  name: material\n  language: {yaml_str(pick(rng, ['nl', 'en', 'x' * 50, '']))}\n"
                  f"nav:\n{nav}\n" + pick(rng, ["", "extra: !ENV X\n", "a: &a [*a]\n", "nav: " + "[" * 3000 + "\n",
                                               "plugins:\n  - search\n  - i18n:\n      languages: [nl, en]\n"]))
        name = "mkdocs.yml"
    elif generator == "docusaurus":
        options = pick(rng, [
            f"presets: [['classic', {{ docs: {{ path: {json.dumps(path())}, routeBasePath: {json.dumps(path())} }}, blog: false }}]]",
            f"staticDirectories: [{json.dumps(path())}]",
            f"i18n: {{ defaultLocale: {json.dumps(t())}, locales: ['nl', {json.dumps(t())}] }}",
            "themeConfig: { navbar: { items: [" + ", ".join(f"{{ label: {json.dumps(t())}, to: {json.dumps(pick(rng, URLS))} }}" for _ in range(3)) + "] } }",
            "t: [ ", "a: " + "{" * 3000, "a: `${x}`, b: /re/g, c: () => 1, d: require('x')", "a: '\\u{110000}'",
        ])
        config = pick(rng, ["module.exports = {{ title: {t}, url: {u}, {o} }};\n", "export default {{ title: {t}, url: {u}, {o} }};\n",
                            "const config = {{ title: {t}, url: {u}, {o} }};\nexport default config;\n"]).format(
            t=json.dumps(t(), ensure_ascii=False), u=json.dumps(pick(rng, URLS)), o=options)
        name = pick(rng, ["docusaurus.config.js", "docusaurus.config.ts", "docusaurus.config.mjs"])
    elif generator == "hugo":
        config = (f"baseURL = {toml_str(pick(rng, URLS))}\ntitle = {toml_str(t())}\nlanguageCode = {toml_str(pick(rng, ['nl-nl', 'x', '']))}\n"
                  f"contentDir = {toml_str(path())}\nstaticDir = {toml_str(path())}\n"
                  + "".join(f"[[menus.main]]\nname = {toml_str(t())}\npageRef = {toml_str(pick(rng, URLS))}\nweight = {rng.randrange(-5, 5)}\n"
                            for _ in range(rng.randrange(0, 4)))
                  + pick(rng, ["", "[taxonomies]\ntag = \"tags\"\n", "[taxonomies]\n\"../x\" = \"../x\"\n", "a = [" + "[" * 3000 + "\n"]))
        name = pick(rng, ["hugo.toml", "config.toml"]) if rng.random() < 0.8 else "hugo.yaml"
        if name == "hugo.yaml":
            config = f"baseURL: {yaml_str(pick(rng, URLS))}\ntitle: {yaml_str(t())}\ncontentDir: {yaml_str(path())}\n"
    else:
        config = (f"base_url = {toml_str(pick(rng, URLS))}\ntitle = {toml_str(t())}\ndefault_language = {toml_str(pick(rng, ['nl', 'x' * 40]))}\n"
                  + pick(rng, ["", "taxonomies = [{ name = \"themas\" }, { name = \"../x\" }]\n", "[markdown]\nhighlight_code = true\n",
                               "[extra]\na = " + "[" * 3000 + "\n", "[[languages]]\n"]))
        name = "config.toml"
    (old / name).write_text(config, encoding="utf-8", errors="replace")


def write_site(rng, root: Path):
    STATE["hostile_urls"] = rng.random() < 0.2
    (root / "content").mkdir(parents=True)
    (root / "data").mkdir()
    (root / "kennisbank.toml").write_text(
        f'title = "Fuzz"\nbase_url = "https://fuzz.example.nl"\n\n[markdown]\nraw_html = "{pick(rng, ["escape", "strip"])}"\n'
        '\n[[taxonomies]]\nname = "tags"\ntitle = "Tags"\n',
        encoding="utf-8")
    (root / "content" / "_index.md").write_text("+++\ntitle = \"Home\"\n+++\n\nWelkom.\n", encoding="utf-8")
    value = "12" if rng.random() < 0.85 else pick(rng, ["1.7e308", "1e308", "-1e308", "NaN", "inf", "", "abc", "3,5", "1e15"])
    (root / "data" / "d.csv").write_text(f"jaar,aantal\n2020,{value}\n2021,7\n", encoding="utf-8")
    if rng.random() < 0.35:
        data_files(rng, root / "data")
    for i in range(rng.randrange(1, 5)):
        folder = root / "content" / pick(rng, ["", "", "hulp", "hulp", "hulp/diep", "é", "a b", "-" if rng.random() < 0.1 else "x"])
        folder.mkdir(parents=True, exist_ok=True)
        name = pick(rng, [f"p{i}.md", f"p{i}.md", f"p{i}.mdx", "-.md" if rng.random() < 0.1 else f"q{i}.md", "index.md",
                          "_index.md", f"{'x' * 40}{i}.md"])
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


class Outcome:
    """How one run of the binary ended: exit code (None after the wall timeout), stderr,
    wall and CPU seconds (user + system, all threads, from the kernel's accounting)."""

    def __init__(self, code, stderr, wall, cpu):
        self.code, self.stderr, self.wall, self.cpu = code, stderr, wall, cpu


def run(binary, args, cwd, a):
    def limit():
        cap = a.memory_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
        # SIGXCPU at the soft limit, SIGKILL a few seconds later at the hard one.
        resource.setrlimit(resource.RLIMIT_CPU, (a.cpu_seconds, a.cpu_seconds + 5))
    # One worker, one child at a time: the change in RUSAGE_CHILDREN is this child's.
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.monotonic()
    try:
        p = subprocess.run([binary, *args], cwd=cwd, capture_output=True, timeout=a.timeout, preexec_fn=limit,
                           env={**os.environ, "SOURCE_DATE_EPOCH": "1796212800"})
        code, stderr = p.returncode, p.stderr.decode("utf-8", "replace")
    except subprocess.TimeoutExpired as e:
        code, stderr = None, (e.stderr or b"").decode("utf-8", "replace")
    wall = time.monotonic() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return Outcome(code, stderr, wall, cpu)


def classify(o, cpu_seconds):
    if o.code is None:
        return "hang"  # asleep past the wall timeout (the CPU cap would have ended a busy one)
    if o.code in (-signal.SIGXCPU, -signal.SIGKILL) and o.cpu >= cpu_seconds - 1:
        return "hang"
    if "memory allocation" in o.stderr or o.code == -6 or o.code == 134:
        return "memory"
    if o.code == 101 or o.code < 0 or "panicked at" in o.stderr:
        return "panic"
    return None


def problem(kind, o, **extra):
    return {"kind": kind, "exit": o.code, "cpu_s": round(o.cpu, 2), "wall_s": round(o.wall, 2), **extra,
            "stderr": o.stderr[-2000:]}


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--minutes", type=float, default=20)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--binary", default="target/release/kennisbank")
    ap.add_argument("--memory-mb", type=int, default=4096)
    ap.add_argument("--cpu-seconds", type=int, default=60, help="CPU-time cap per run (a hang)")
    ap.add_argument("--timeout", type=int, default=600, help="wall-clock cap per run, for runs asleep")
    ap.add_argument("--report", default=None)
    a = ap.parse_args()
    binary = str(Path(a.binary).resolve())
    rng = random.Random(a.seed)
    began = time.monotonic()
    deadline = began + a.minutes * 60
    load_before = os.getloadavg()
    counts = {"cases": 0, "builds_ok": 0, "builds_failed_cleanly": 0, "checks": 0, "scale_probes": 0,
              "imports": 0, "imports_ok": 0, "imports_failed_cleanly": 0, "imported_builds": 0}
    problems = []
    slowest = {"wall_s": 0.0, "cpu_s": 0.0}
    loads = []
    probes = scale_site(rng, Path(tempfile.mkdtemp()) / "x", 1, "headings")
    case = 0

    def keep(root, case):
        kept = Path(tempfile.gettempdir()) / f"kb-fuzz-keep-{a.seed}-{case}"
        shutil.copytree(root, kept, dirs_exist_ok=True, ignore=shutil.ignore_patterns("public"))
        return str(kept)

    def note_reason(key, stderr):
        first_error = next((l for l in stderr.splitlines() if l.startswith("error")), "")
        reasons = counts.setdefault(key, {})
        short = re.sub(r"/tmp/kb-fuzz-[^/]+/", "", re.sub(r"`[^`]*`", "`…`", first_error))[:90]
        reasons[short] = reasons.get(short, 0) + 1

    while time.monotonic() < deadline:
        case += 1
        # Here, not at the end: scale probes and imports leave the loop early.
        if case % 50 == 0:
            loads.append(os.getloadavg()[0])
        if case % 500 == 0:
            print(f"{case} cases, {len(problems)} problems, {round((time.monotonic() - began) / 60, 1)} min",
                  file=sys.stderr, flush=True)
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
                    o = run(binary, ["build", "--root", str(root)], parent, a)
                    kind = classify(o, a.cpu_seconds)
                    if kind:
                        problems.append(problem(kind, o, case=case, probe=probe, n=n))
                    times.append(o.cpu)
                counts["scale_probes"] += 1
                if times[1] > 10 * times[0] + 0.5:
                    problems.append({"case": case, "kind": "superlinear", "probe": probe, "cpu_seconds": times})
                continue
            if case % 10 == 0:
                old, new = parent / "old", parent / "new"
                write_foreign_site(rng, old)
                before = snapshot(parent, new)
                o = run(binary, ["init", str(new), "--from", str(old)], parent, a)
                counts["imports"] += 1
                kind = classify(o, a.cpu_seconds)
                if kind:
                    problems.append(problem(kind, o, case=case, command="init --from", site=keep(old, case)))
                    continue
                after = snapshot(parent, new)
                changed = sorted(k for k in set(before) | set(after) if before.get(k) != after.get(k))
                if changed:
                    problems.append({"case": case, "kind": "escape", "command": "init --from", "files": changed[:20],
                                     "site": keep(old, case)})
                if o.code != 0:
                    counts["imports_failed_cleanly"] += 1
                    note_reason("import_failure_reasons", o.stderr)
                    if new.exists() and any(new.iterdir()):
                        problems.append({"case": case, "kind": "escape", "command": "init --from",
                                         "files": ["a failed import left files in NEW"], "site": keep(old, case)})
                    continue
                counts["imports_ok"] += 1
                o = run(binary, ["build", "--root", str(new), "--output", str(parent / "new-out")], parent, a)
                counts["imported_builds"] += 1
                kind = classify(o, a.cpu_seconds)
                if kind:
                    problems.append(problem(kind, o, case=case, command="build after init", site=keep(old, case)))
                continue
            write_site(rng, root)
            before = snapshot(parent, out)
            o = run(binary, ["build", "--root", str(root)], parent, a)
            slowest = {"wall_s": max(slowest["wall_s"], round(o.wall, 2)), "cpu_s": max(slowest["cpu_s"], round(o.cpu, 2))}
            counts["cases"] += 1
            kind = classify(o, a.cpu_seconds)
            if kind:
                problems.append(problem(kind, o, case=case, site=keep(root, case)))
                continue
            if o.code == 0:
                counts["builds_ok"] += 1
                for f in executable(out):
                    problems.append({"case": case, "kind": "executable", "where": f, "site": keep(root, case)})
            else:
                counts["builds_failed_cleanly"] += 1
                note_reason("failure_reasons", o.stderr)
            after = snapshot(parent, out)
            changed = sorted(k for k in set(before) | set(after) if before.get(k) != after.get(k))
            if changed:
                problems.append({"case": case, "kind": "escape", "files": changed[:20], "site": keep(root, case)})
            if case % 5 == 0:
                o = run(binary, ["check", "--root", str(root)], parent, a)
                counts["checks"] += 1
                kind = classify(o, a.cpu_seconds)
                if kind:
                    problems.append(problem(kind, o, case=case, command="check", site=keep(root, case)))
        finally:
            shutil.rmtree(parent, ignore_errors=True)
    by_kind = {}
    for p in problems:
        by_kind[p["kind"]] = by_kind.get(p["kind"], 0) + 1
    report = {"seed": a.seed, "minutes": a.minutes, "memory_mb": a.memory_mb, "cpu_seconds": a.cpu_seconds,
              "timeout_s": a.timeout, "cpus": os.cpu_count(), "load_at_start": [round(x, 2) for x in load_before],
              "load_1min_samples": {"min": min(loads, default=None), "max": max(loads, default=None),
                                    "mean": round(sum(loads) / len(loads), 2) if loads else None},
              "wall_minutes": round((time.monotonic() - began) / 60, 1), **counts,
              "slowest_build": slowest, "problems_by_kind": by_kind, "problems": problems[:200]}
    text = json.dumps(report, indent=2, ensure_ascii=False)
    if a.report:
        Path(a.report).write_text(text, encoding="utf-8")
    print(text)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
