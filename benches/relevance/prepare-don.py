#!/usr/bin/env python3
"""Copies the developer.overheid.nl (DON) Docusaurus content into a kennisbank site that
builds today, without Docusaurus/MDX support. Usage: prepare-don.py SOURCE DEST

What it changes (and only this; the text of the pages stays as it is):
- `.mdx` files become `.md`; `import ...` / `export ...` lines and lines that are only a JSX
  component (`<DocCardList />`, `<Tabs>`) are dropped, as are ```mdx-code-block fences;
- a page without a `title` gets one: its first `# ` heading, else the file name;
- blog posts `blog/YYYY/MM/DD-slug.md` keep their path; `authors.yml`, `_category_.json` and
  other non-markdown files are left out;
- Docusaurus front matter fields kennisbank does not know stay as they are (kept under
  `extra`), `tags` count as a taxonomy;
- a kennisbank.toml: Dutch, `[links] internal = "warning"` (Docusaurus links like
  `/docs/...` are not `@/` links), a `tags` taxonomy.
"""
import os
import re
import shutil
import sys

src, dest = sys.argv[1], sys.argv[2]
if os.path.exists(dest):
    shutil.rmtree(dest)
content = os.path.join(dest, "content")
os.makedirs(content)

JSX_LINE = re.compile(r"^\s*</?[A-Z][A-Za-z0-9.]*(\s[^>]*)?/?>\s*$")
IMPORT = re.compile(r"^\s*(import|export)\s")


def title_from(body, name):
    for line in body.splitlines():
        m = re.match(r"^#\s+(.+?)\s*#*\s*$", line)
        if m:
            return m.group(1), True
    stem = re.sub(r"^\d+-", "", name)
    return stem.replace("-", " ").replace("_", " ").capitalize(), False


def transform(text, name):
    front, body = "", text
    if text.startswith("---\n"):
        end = text.find("\n---", 4)
        if end > 0:
            front, body = text[4:end], text[end + 4 :].lstrip("\n")
    lines, in_mdx_block = [], False
    for line in body.splitlines():
        if line.strip().startswith("```mdx-code-block"):
            in_mdx_block = True
            continue
        if in_mdx_block and line.strip() == "```":
            in_mdx_block = False
            continue
        if IMPORT.match(line) or JSX_LINE.match(line):
            continue
        lines.append(line)
    body = "\n".join(lines) + "\n"
    if not re.search(r"^title\s*:", front, re.M):
        title, from_heading = title_from(body, name)
        if from_heading:
            # kennisbank takes the first `# ` heading as the title when there is none.
            pass
        else:
            front = (front + "\n" if front else "") + 'title: "' + title.replace('"', "'") + '"'
    return "---\n" + front.strip("\n") + "\n---\n\n" + body


pages = 0
for section in ("docs", "blog", "communities"):
    for dirpath, _, files in os.walk(os.path.join(src, section)):
        for name in sorted(files):
            if not name.endswith((".md", ".mdx")):
                continue
            rel = os.path.relpath(os.path.join(dirpath, name), src)
            out = os.path.join(content, re.sub(r"\.mdx$", ".md", rel))
            os.makedirs(os.path.dirname(out), exist_ok=True)
            text = open(os.path.join(dirpath, name), encoding="utf-8").read()
            stem = os.path.splitext(name)[0]
            if stem == "index":
                stem = os.path.basename(dirpath)
            open(out, "w", encoding="utf-8").write(transform(text, stem))
            pages += 1

open(os.path.join(content, "_index.md"), "w", encoding="utf-8").write(
    '+++\ntitle = "developer.overheid.nl"\n+++\n\nKennisbank, blog en communities van developer.overheid.nl.\n'
)
open(os.path.join(dest, "kennisbank.toml"), "w", encoding="utf-8").write(
    """title = "developer.overheid.nl (kopie voor de relevantiebenchmark)"
base_url = "https://developer.overheid.nl"
default_language = "nl"

[[taxonomies]]
name = "tags"
title = "Tags"

[links]
internal = "warning"
"""
)
print(f"prepare-don: {pages} pages into {dest}", file=sys.stderr)
