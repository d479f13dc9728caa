#!/usr/bin/env python3
"""The built site as a Pagefind user would set it up, in place (run it on a copy):
`data-pagefind-body` on the main element of the pages kennisbank indexes (not the tag lists,
A-Z, search page, 404), with the table of contents, related pages and previous/next marked
`data-pagefind-ignore`. Used by search.sh and relevance/run.sh.

    pagefind-copy.py SITE_COPY [MORE_SKIPPED_PREFIX ...]   (e.g. `en/ ar/`: other languages)
"""
import os
import sys

root = sys.argv[1]
skip = ("tags/", "themas/", "a-z/", "zoeken/", "404.html", "pagefind/") + tuple(sys.argv[2:])
marked = 0
for dirpath, _, files in os.walk(root):
    for name in files:
        if not name.endswith(".html"):
            continue
        path = os.path.join(dirpath, name)
        rel = os.path.relpath(path, root).replace(os.sep, "/")
        if rel.startswith(skip):
            continue
        html = open(path, encoding="utf-8").read()
        if "<main" not in html or 'http-equiv="refresh"' in html:
            continue
        html = html.replace("<main", "<main data-pagefind-body", 1)
        for tag in ('<nav class="kb-toc"', '<aside class="kb-related"', '<nav class="kb-pager"'):
            html = html.replace(tag, tag + " data-pagefind-ignore")
        open(path, "w", encoding="utf-8").write(html)
        marked += 1
print(f"pagefind copy: {marked} pages marked data-pagefind-body", file=sys.stderr)
