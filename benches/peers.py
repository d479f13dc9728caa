#!/usr/bin/env python3
"""Lay out one generated corpus (benches/corpus.py) as a site for each tool that build.sh times.

    python3 benches/peers.py CORPUS_DIR SITES_DIR

writes, from CORPUS_DIR/content (never changing it):

    SITES_DIR/kennisbank/          kennisbank.toml (search on) + content/ (hard links)
    SITES_DIR/kennisbank-nosearch/ the same with [search] enabled = false
    SITES_DIR/hugo/                hugo.toml + layouts/ + content/ (copy: `[taxonomies]` line dropped,
                                   so `tags` is top-level front matter, Hugo's form)
    SITES_DIR/mdbook/              book.toml + src/SUMMARY.md + src/ (front matter stripped,
                                   `# title` added: mdBook takes titles from SUMMARY.md and
                                   shows front matter as text)
    SITES_DIR/mdbook-nosearch/     the same book with [output.html.search] enable = false
    SITES_DIR/zola-search/         the same with `build_search_index = true` (fuse index)
    SITES_DIR/zola/                config.toml + templates/ + content/ (hard links: the corpus is
                                   written in Zola's form). build.sh and scaling.sh time the
                                   Zola binary of ../shared/peers; build.sh tries a build first
                                   and leaves Zola out if it fails.

The peer templates do about what kennisbank's default theme does on every page, so the
comparison is of generators, not of template sizes: a layout with a header menu of the top
sections, breadcrumbs, title, description, date, reading time, a table of contents, the
content, tag links, previous/next in the section; section pages list subsections and pages with
their descriptions; a page per tag listing its pages; one feed; a sitemap.
"""

import os
import shutil
import sys

KB_CONFIG = """# Written by benches/peers.py: the benchmark corpus as a kennisbank site.
title = "Kennisbank benchmark"
description = "Een gegenereerde kennisbank om te meten."
base_url = "https://kennisbank.example.nl"

[[taxonomies]]
name = "tags"
title = "Tags"

[feed]
limit = 20

[search]
enabled = {search}
"""

HUGO_CONFIG = """# Written by benches/peers.py: the benchmark corpus as a Hugo site.
baseURL = "https://kennisbank.example.nl/"
languageCode = "nl"
defaultContentLanguage = "nl"
title = "Kennisbank benchmark"
rssLimit = 20
enableRobotsTXT = true

[taxonomies]
tag = "tags"

# One feed for the site, as kennisbank writes one atom.xml (Hugo's default is a feed for every
# section and term).
[outputs]
home = ["HTML", "RSS"]
section = ["HTML"]
taxonomy = ["HTML"]
term = ["HTML"]

[markup.highlight]
codeFences = true
noClasses = false   # CSS classes, as kennisbank (its CSP forbids inline styles)

[markup.tableOfContents]
startLevel = 2
endLevel = 3
"""

HUGO_LAYOUTS = {
    "_default/baseof.html": """<!DOCTYPE html>
<html lang="nl">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ .Title }} - {{ site.Title }}</title>
<meta name="description" content="{{ with .Description }}{{ . }}{{ else }}{{ site.Title }}{{ end }}">
<link rel="canonical" href="{{ .Permalink }}">
<link rel="stylesheet" href="/css/site.css">
</head>
<body>
<a href="#inhoud">Naar de inhoud</a>
<header><a href="/">{{ site.Title }}</a>
<nav aria-label="Hoofdmenu"><ul>{{ range site.Sections }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul></nav>
</header>
<nav aria-label="Kruimelpad"><ol>{{ range .Ancestors.Reverse }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}<li aria-current="page">{{ .Title }}</li></ol></nav>
<main id="inhoud">{{ block "main" . }}{{ end }}</main>
<footer><a href="/sitemap.xml">Sitemap</a></footer>
</body>
</html>
""",
    "_default/single.html": """{{ define "main" }}<article>
<h1>{{ .Title }}</h1>
{{ with .Description }}<p class="lead">{{ . }}</p>{{ end }}
<p><time datetime="{{ .Date.Format "2006-01-02" }}">{{ .Date.Format "2 January 2006" }}</time> · {{ .ReadingTime }} min · {{ .WordCount }} woorden</p>
<nav aria-label="Op deze pagina">{{ .TableOfContents }}</nav>
{{ .Content }}
{{ with .GetTerms "tags" }}<ul class="tags">{{ range . }}<li><a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a></li>{{ end }}</ul>{{ end }}
<nav aria-label="Vorige en volgende">{{ with .PrevInSection }}<a rel="prev" href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}{{ with .NextInSection }}<a rel="next" href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}</nav>
</article>{{ end }}
""",
    "_default/list.html": """{{ define "main" }}<h1>{{ .Title }}</h1>
{{ .Content }}
{{ with .Sections }}<ul class="sections">{{ range . }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ with .Description }}<p>{{ . }}</p>{{ end }}</li>{{ end }}</ul>{{ end }}
<ul class="pages">{{ range .RegularPages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> <time datetime="{{ .Date.Format "2006-01-02" }}">{{ .Date.Format "2 January 2006" }}</time>{{ with .Description }}<p>{{ . }}</p>{{ end }}</li>{{ end }}</ul>
{{ end }}
""",
    "_default/terms.html": """{{ define "main" }}<h1>{{ .Title }}</h1>
<ul>{{ range .Data.Terms.Alphabetical }}<li><a href="{{ .Page.RelPermalink }}">{{ .Page.Title }}</a> ({{ .Count }})</li>{{ end }}</ul>
{{ end }}
""",
}

HUGO_CSS = "body{font-family:sans-serif;max-width:50rem;margin:auto}\n"

MDBOOK_CONFIG = """# Written by benches/peers.py: the benchmark corpus as an mdBook.
[book]
title = "Kennisbank benchmark"
language = "nl"
src = "src"

[output.html]
site-url = "/"

[output.html.search]
enable = {search}
"""


ZOLA_CONFIG = """# Written by benches/peers.py: the benchmark corpus as a Zola site.
base_url = "https://kennisbank.example.nl"
title = "Kennisbank benchmark"
default_language = "nl"
compile_sass = false
build_search_index = {search}
taxonomies = [{{ name = "tags" }}]

# Zola 0.22 replaced syntect with giallo: highlighting is a table of its own now.
[markdown.highlighting]
theme = "catppuccin-mocha"
"""

ZOLA_BASE = """<!DOCTYPE html>
<html lang="nl">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{% block title %}{{ config.title }}{% endblock %}</title>
<link rel="stylesheet" href="/css/site.css">
</head>
<body>
<a href="#inhoud">Naar de inhoud</a>
<header><a href="/">{{ config.title }}</a>
{% set home = get_section(path="_index.md") %}
<nav aria-label="Hoofdmenu"><ul>{% for s in home.subsections %}{% set sub = get_section(path=s, metadata_only=true) %}<li><a href="{{ sub.permalink }}">{{ sub.title }}</a></li>{% endfor %}</ul></nav>
</header>
<main id="inhoud">{% block main %}{% endblock %}</main>
<footer><a href="/sitemap.xml">Sitemap</a></footer>
</body>
</html>
"""

ZOLA_TEMPLATES = {
    "base.html": ZOLA_BASE,
    "page.html": """{% extends "base.html" %}
{% block title %}{{ page.title }} - {{ config.title }}{% endblock %}
{% block main %}<nav aria-label="Kruimelpad"><ol>{% for a in page.ancestors %}{% set s = get_section(path=a, metadata_only=true) %}<li><a href="{{ s.permalink }}">{{ s.title }}</a></li>{% endfor %}<li aria-current="page">{{ page.title }}</li></ol></nav>
<article><h1>{{ page.title }}</h1>
{% if page.description %}<p class="lead">{{ page.description }}</p>{% endif %}
<p>{% if page.date %}<time datetime="{{ page.date }}">{{ page.date | date(format="%-d %B %Y") }}</time> · {% endif %}{{ page.reading_time }} min · {{ page.word_count }} woorden</p>
<nav aria-label="Op deze pagina"><ul>{% for h in page.toc %}<li><a href="#{{ h.id }}">{{ h.title }}</a>{% if h.children %}<ul>{% for c in h.children %}<li><a href="#{{ c.id }}">{{ c.title }}</a></li>{% endfor %}</ul>{% endif %}</li>{% endfor %}</ul></nav>
{{ page.content | safe }}
{% if page.taxonomies.tags %}<ul class="tags">{% for t in page.taxonomies.tags %}<li><a href="{{ get_taxonomy_url(kind="tags", name=t) }}">{{ t }}</a></li>{% endfor %}</ul>{% endif %}
<nav aria-label="Vorige en volgende">{% if page.lower %}<a rel="prev" href="{{ page.lower.permalink }}">{{ page.lower.title }}</a>{% endif %}{% if page.higher %}<a rel="next" href="{{ page.higher.permalink }}">{{ page.higher.title }}</a>{% endif %}</nav>
</article>{% endblock %}
""",
    "section.html": """{% extends "base.html" %}
{% block title %}{{ section.title }} - {{ config.title }}{% endblock %}
{% block main %}<h1>{{ section.title }}</h1>
{{ section.content | safe }}
<ul class="sections">{% for s in section.subsections %}{% set sub = get_section(path=s, metadata_only=true) %}<li><a href="{{ sub.permalink }}">{{ sub.title }}</a>{% if sub.description %}<p>{{ sub.description }}</p>{% endif %}</li>{% endfor %}</ul>
<ul class="pages">{% for p in section.pages %}<li><a href="{{ p.permalink }}">{{ p.title }}</a>{% if p.date %} <time datetime="{{ p.date }}">{{ p.date | date(format="%-d %B %Y") }}</time>{% endif %}{% if p.description %}<p>{{ p.description }}</p>{% endif %}</li>{% endfor %}</ul>
{% endblock %}
""",
    "taxonomy_list.html": """{% extends "base.html" %}
{% block main %}<h1>{{ taxonomy.name }}</h1>
<ul>{% for t in terms %}<li><a href="{{ t.permalink }}">{{ t.name }}</a> ({{ t.page_count }})</li>{% endfor %}</ul>
{% endblock %}
""",
    "taxonomy_single.html": """{% extends "base.html" %}
{% block main %}<h1>{{ term.name }}</h1>
<ul>{% for p in term.pages %}<li><a href="{{ p.permalink }}">{{ p.title }}</a>{% if p.description %}<p>{{ p.description }}</p>{% endif %}</li>{% endfor %}</ul>
{% endblock %}
""",
}
ZOLA_TEMPLATES["index.html"] = ZOLA_TEMPLATES["section.html"]


def split_front_matter(text):
    if text.startswith("+++\n"):
        end = text.index("\n+++\n", 3)
        return text[4:end], text[end + 5 :]
    return "", text


def fm_title(front):
    for line in front.splitlines():
        if line.startswith("title = "):
            return line[len("title = ") :].strip().strip('"')
    return "Zonder titel"


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="\n") as fh:
        fh.write(text)


def fresh(path):
    if os.path.exists(path):
        shutil.rmtree(path)
    os.makedirs(path)


def content_files(content):
    for dirpath, dirnames, filenames in os.walk(content):
        dirnames.sort()
        for name in sorted(filenames):
            if name.endswith(".md"):
                full = os.path.join(dirpath, name)
                yield os.path.relpath(full, content), full


def kennisbank(content, sites):
    for name, search in (("kennisbank", "true"), ("kennisbank-nosearch", "false")):
        site = os.path.join(sites, name)
        fresh(site)
        write(os.path.join(site, "kennisbank.toml"), KB_CONFIG.format(search=search))
        shutil.copytree(content, os.path.join(site, "content"), copy_function=os.link)


def hugo(content, sites):
    site = os.path.join(sites, "hugo")
    fresh(site)
    write(os.path.join(site, "hugo.toml"), HUGO_CONFIG)
    for rel, text in HUGO_LAYOUTS.items():
        write(os.path.join(site, "layouts", rel), text)
    write(os.path.join(site, "static", "css", "site.css"), HUGO_CSS)
    for rel, full in content_files(content):
        with open(full, encoding="utf-8") as fh:
            text = fh.read()
        write(os.path.join(site, "content", rel), text.replace("\n[taxonomies]\n", "\n", 1))


def mdbook(content, sites):
    book = os.path.join(sites, "mdbook")
    fresh(book)
    write(os.path.join(book, "book.toml"), MDBOOK_CONFIG.format(search="true"))
    src = os.path.join(book, "src")
    titles = {}
    for rel, full in content_files(content):
        with open(full, encoding="utf-8") as fh:
            front, body = split_front_matter(fh.read())
        title = fm_title(front)
        titles[rel] = title
        write(os.path.join(src, rel), f"# {title}\n\n{body.lstrip()}")
    # SUMMARY.md: the home and glossary as prefix chapters, then the section tree.
    lines = ["# Summary", "", "[Kennisbank benchmark](_index.md)", "[Begrippen](begrippen.md)", ""]
    tree = {}
    for rel in titles:
        parts = rel.split(os.sep)
        if len(parts) == 1:
            continue
        tree.setdefault(parts[0], {}).setdefault(parts[1] if len(parts) > 2 else "", []).append(rel)
    for top in sorted(tree):
        top_index = f"{top}/_index.md"
        lines.append(f"- [{titles[top_index]}]({top_index})")
        for sub in sorted(k for k in tree[top] if k):
            sub_index = f"{top}/{sub}/_index.md"
            lines.append(f"  - [{titles[sub_index]}]({sub_index})")
            for rel in sorted(tree[top][sub]):
                if not rel.endswith("_index.md"):
                    lines.append(f"    - [{titles[rel]}]({rel})")
    write(os.path.join(src, "SUMMARY.md"), "\n".join(lines) + "\n")

    other = os.path.join(sites, "mdbook-nosearch")
    fresh(other)
    write(os.path.join(other, "book.toml"), MDBOOK_CONFIG.format(search="false"))
    shutil.copytree(src, os.path.join(other, "src"), copy_function=os.link)


def zola(content, sites):
    site = os.path.join(sites, "zola")
    fresh(site)
    write(os.path.join(site, "config.toml"), ZOLA_CONFIG.format(search="false"))
    for rel, text in ZOLA_TEMPLATES.items():
        write(os.path.join(site, "templates", rel), text)
    write(os.path.join(site, "static", "css", "site.css"), HUGO_CSS)
    shutil.copytree(content, os.path.join(site, "content"), copy_function=os.link)
    # The same with Zola's search index: elasticlunr refuses Dutch, fuse builds one.
    searching = os.path.join(sites, "zola-search")
    fresh(searching)
    write(
        os.path.join(searching, "config.toml"),
        ZOLA_CONFIG.format(search="true") + '\n[search]\nindex_format = "fuse_javascript"\n',
    )
    for rel, text in ZOLA_TEMPLATES.items():
        write(os.path.join(searching, "templates", rel), text)
    write(os.path.join(searching, "static", "css", "site.css"), HUGO_CSS)
    shutil.copytree(content, os.path.join(searching, "content"), copy_function=os.link)


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: peers.py CORPUS_DIR SITES_DIR")
    corpus, sites = (os.path.abspath(a) for a in sys.argv[1:])
    content = os.path.join(corpus, "content")
    os.makedirs(sites, exist_ok=True)
    kennisbank(content, sites)
    hugo(content, sites)
    mdbook(content, sites)
    zola(content, sites)


if __name__ == "__main__":
    main()
