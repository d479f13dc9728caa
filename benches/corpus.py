#!/usr/bin/env python3
"""Generate a synthetic, Dutch-ish markdown corpus that kennisbank, Zola and Hugo build as is
(and mdBook after build.sh strips the front matter and writes a SUMMARY.md).

    python3 benches/corpus.py --pages 1000 --out target/bench/corpus-1000

Layout (N regular pages, plus one _index.md per section):

    OUT/content/_index.md
    OUT/content/begrippen.md                       a glossary page (see below)
    OUT/content/<thema>/_index.md                  top sections (10 subsections each)
    OUT/content/<thema>/<onderwerp>/_index.md      subsections (~50 pages each)
    OUT/content/<thema>/<onderwerp>/<slug>.md      pages
    OUT/pages.tsv                                  path, title, section titles (for mdBook)

Front matter is TOML between `+++` lines: title, date, description, weight, and a trailing
`[taxonomies]` table with `tags` (Zola's form; kennisbank reads it too; build.sh drops the
`[taxonomies]` line for Hugo, which wants `tags` at the top level). Bodies have headings, lists,
a table, a code block, a blockquote and 2-4 relative links (`../x/y.md`) to other pages: the one
link form that every tool accepts (kennisbank and mdBook resolve it, Zola and Hugo pass it on).

`--shape plain` is a plain documentation site instead: no `[taxonomies]` in any page, one or
two code blocks (5-25 lines, eight languages) on four pages of five, and one level of folders
more (each subsection holds parts of 10 pages: `<thema>/<onderwerp>/deel-NN/<slug>.md`). The
default shape (`knowledge`) has tags on every page and a short code block on one page in thirty.

Deterministic: the same --seed and --pages give byte-identical files. The vocabulary mixes
common Dutch words with generated compounds (jeugd+zorg+team) drawn from a Zipf-like
distribution, so the vocabulary grows with the corpus as real text does; each subsection has
a topic (75 words it uses far more often than the rest of the corpus does), so content words
cluster by section as in a real knowledge base instead of appearing on every page.
"""

import argparse
import bisect
import datetime
import os
import random
import shutil
import sys

FUNCTION_WORDS = (
    "de het een en van in op te dat die is voor met niet aan er zijn ook als bij om door "
    "maar wordt of naar dan kan uit over nog wel zo meer al moet tot hun deze worden zich "
    "wat wanneer waar samen daarna eerst vaak soms altijd nooit direct samen goed"
).split()

WORDS = (
    "kind kinderen ouder ouders jongere jongeren gezin gezinnen school leerkracht huisarts "
    "signaal signalen zorgen zorg melding meldcode advies adviesvraag gesprek gesprekken "
    "veiligheid veilig onveilig geweld mishandeling verwaarlozing relatie partner ex-partner "
    "oudere ouderen mantelzorger hulpverlener hulpverleners professional professionals "
    "stappenplan afweging beslissing collega consultatie aandachtsfunctionaris dossier "
    "verslag afspraak afspraken risico risico's situatie situaties gedrag letsel spanning "
    "ruzie dreiging angst steun hulp begeleiding behandeling wijkteam gemeente regio "
    "politie rechter verbod huisverbod beschermingsmaatregel onderzoek beoordeling "
    "vervolg monitoring evaluatie training scholing cursus deelnemers trainer werkvorm "
    "casus casussen voorbeeld voorbeelden vraag vragen antwoord antwoorden informatie "
    "toestemming privacy beroepsgeheim meldrecht zwijgplicht documentatie registratie "
    "week weken maand maanden jaar jaren dag dagen moment periode kwartaal "
    "belangrijk duidelijk zorgvuldig snel rustig open eerlijk concreet zichtbaar "
    "bespreek noteer vraag overleg beoordeel weeg besluit meld bel schrijf leg controleer "
    "ziet hoort merkt vertelt zegt voelt denkt weet wil kan mag moet gaat komt blijft "
    "Drenthe Assen Emmen Meppel Hoogeveen Coevorden Borger-Odoorn Aa-en-Hunze Tynaarlo "
    "Westerveld Midden-Drenthe Noordenveld De-Wolden"
).split()

# Parts of generated compounds (kinder + mishandeling, jeugd + zorg + team).
HEADS = (
    "kinder jeugd ouder gezins school partner huis relatie zorg buurt wijk veiligheids "
    "signaal meld advies risico hulp straat familie werk opvoed ontwikkelings spreek "
    "crisis nazorg vertrouwens beschermings regio keten samenwerkings praktijk scholings "
    "trainings kennis leer taal bewijs dossier"
).split()
TAILS = (
    "mishandeling geweld zorg team werker plan lijst gesprek vraag kader verbod code "
    "functionaris overleg netwerk traject onderzoek protocol situatie signaal aanpak "
    "training moment afspraak verslag rapport handleiding instrument model beleid "
    "partner omgeving begeleiding ondersteuning veiligheid kaart route"
).split()

TAGS = (
    "kindermishandeling huiselijk-geweld ouderenmishandeling verwaarlozing meldcode "
    "scholing jongeren baby-en-peuter school huisarts politie huisverbod veiligheidsplan "
    "privacy samenwerking signalen gesprekstechniek kernteam nazorg stalking "
    "seksueel-geweld loverboys eergerelateerd-geweld financieel-misbruik mantelzorg "
    "opvoedingsondersteuning zorgmijding psychische-problemen verslaving scheiding "
    "digitale-veiligheid radicalisering vluchtelingen beperking wijkteam gemeente "
    "rechtspraak jeugdbescherming onderwijs kinderopvang sport verenigingen geloof "
    "cultuur trauma herstel preventie monitoring kwaliteit data"
).split()

CODE_SAMPLES = [
    ("toml", '[melding]\nstap = {n}\nstatus = "in behandeling"\nteam = "{w}"\n'),
    ("json", '{{\n  "stap": {n},\n  "onderwerp": "{w}",\n  "klaar": false\n}}\n'),
    ("bash", "# exporteer het overzicht van week {n}\nkennisbank check --format json > {w}.json\n"),
    ("python", "def risico(score):\n    # drempel voor {w}\n    return score >= {n}\n"),
]

# Longer blocks for the plain shape: (language, lines to draw from).
PLAIN_CODE = [
    ("python", ["def {w}(score, drempel={n}):", "    if score >= drempel:", "        return True",
                "    # controleer de {w} opnieuw", "    waarden = [x * {n} for x in range(10)]",
                "    return sum(waarden) > drempel", "print({w}({n}))"]),
    ("javascript", ["const {w} = ({{ stap }}) => stap * {n};", "for (let i = 0; i < {n}; i++) {{",
                    "  console.log(`stap ${{i}}`, {w}({{ stap: i }}));", "}}",
                    "export function kies(lijst) {{ return lijst.filter(Boolean); }}"]),
    ("rust", ["fn {w}(n: u32) -> u32 {{", "    let mut totaal = 0;", "    for i in 0..n {{ totaal += i * {n}; }}",
              "    totaal", "}}", "#[derive(Debug, Clone)]", "struct Stap {{ nummer: u32, klaar: bool }}"]),
    ("yaml", ["{w}:", "  stap: {n}", "  klaar: false", "  teams:", "    - wijkteam", "    - huisarts",
              "  opmerking: \"controleer {w}\""]),
    ("bash", ["#!/usr/bin/env bash", "set -euo pipefail", "for f in content/*.md; do", "  grep -c '{w}' \"$f\"",
              "done", "kennisbank check --format json > {w}.json", "echo \"klaar: {n}\""]),
    ("json", ["{{", '  "stap": {n},', '  "onderwerp": "{w}",', '  "teams": ["wijkteam", "huisarts"],',
              '  "klaar": false', "}}"]),
    ("toml", ["[{w}]", "stap = {n}", 'status = "in behandeling"', "teams = [\"wijkteam\", \"huisarts\"]",
              "[{w}.melding]", "klaar = false"]),
    ("html", ["<section class=\"{w}\">", "  <h2>Stap {n}</h2>", "  <p>Bespreek de {w}.</p>",
              "  <a href=\"/meldcode/\">Meldcode</a>", "</section>"]),
]


def plain_code(rng, vocab):
    lang, lines = PLAIN_CODE[rng.randrange(len(PLAIN_CODE))]
    count = rng.randint(5, 25)
    w = slugify(vocab.word(rng)).replace("-", "_") or "waarde"
    body = [lines[k % len(lines)].format(n=rng.randint(1, 99), w=w) for k in range(count)]
    return [f"```{lang}", *body, "```", ""]


class Vocabulary:
    def __init__(self, rng, size):
        compounds = set()
        # Two- and three-part compounds give ~53,000 words; the vocabulary of a 100,000-page
        # corpus is larger, so once draws keep repeating (500 in a row: never below ~50,000
        # words, so smaller corpora stay byte-identical) a fourth part is added. Without this
        # switch the loop never ended at 100,000 pages.
        repeats, four_parts = 0, False
        while len(compounds) < size:
            parts = [rng.choice(HEADS), rng.choice(TAILS)]
            if four_parts:
                parts[1:1] = [rng.choice(HEADS), rng.choice(HEADS)]
            elif rng.random() < 0.3:
                parts.insert(1, rng.choice(HEADS))
            word = "".join(parts)
            if word in compounds:
                repeats += 1
                four_parts = four_parts or repeats >= 500
            else:
                repeats = 0
                compounds.add(word)
        # Common words first: the Zipf draw favours the front of the list.
        common = list(WORDS)
        rare = sorted(compounds)
        rng.shuffle(common)
        rng.shuffle(rare)
        self.words = common + rare
        self.common, self.rare = common, rare
        self.weights = [1.0 / (i + 30) ** 1.0 for i in range(len(self.words))]
        self.cum = []
        total = 0.0
        for w in self.weights:
            total += w
            self.cum.append(total)
        self.total = total

        self.topic = None

    def make_topics(self, rng, count):
        """A topic per subsection: content words are bursty, as in real text (a word frequent
        in its own section is rare elsewhere), so document frequencies are not all near 100%."""
        return [rng.sample(self.common, 15) + rng.sample(self.rare, 60) for _ in range(count)]

    def word(self, rng):
        if self.topic and rng.random() < 0.45:
            # Skewed towards the front of the topic's list.
            return self.topic[int(len(self.topic) * rng.random() ** 2)]
        return self.words[bisect.bisect_left(self.cum, rng.random() * self.total)]


def sentence(rng, vocab, lo=7, hi=18):
    n = rng.randint(lo, hi)
    out = []
    for _ in range(n):
        out.append(rng.choice(FUNCTION_WORDS) if rng.random() < 0.38 else vocab.word(rng))
    text = " ".join(out)
    return text[0].upper() + text[1:] + rng.choice([".", ".", ".", "?", "!"])


def paragraph(rng, vocab, lo=2, hi=4):
    return " ".join(sentence(rng, vocab) for _ in range(rng.randint(lo, hi)))


def title_words(rng, vocab, n):
    words = [vocab.word(rng) for _ in range(n)]
    t = " ".join(words)
    return t[0].upper() + t[1:]


def slugify(text):
    out = []
    for ch in text.lower():
        out.append(ch if ch.isalnum() else "-")
    slug = "-".join(p for p in "".join(out).split("-") if p)
    return slug[:48].rstrip("-")


def toml_str(s):
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--pages", type=int, default=1000)
    ap.add_argument("--out", required=True)
    ap.add_argument("--seed", type=int, default=20261124)
    ap.add_argument("--per-section", type=int, default=50)
    ap.add_argument("--shape", choices=["knowledge", "plain"], default="knowledge")
    args = ap.parse_args()

    rng = random.Random(args.seed)
    n = args.pages
    # Vocabulary grows with the corpus (Heaps' law, roughly).
    vocab = Vocabulary(rng, int(60 * n ** 0.6) + 500)

    subsections = max(1, -(-n // args.per_section))
    per_top = 10
    tops = max(1, -(-subsections // per_top))

    out = os.path.abspath(args.out)
    content = os.path.join(out, "content")
    if os.path.exists(content):
        shutil.rmtree(content)
    os.makedirs(content)

    # Plan every page first so links can point anywhere.
    top_info = []
    for t in range(tops):
        title = title_words(rng, vocab, 2)
        top_info.append((f"thema-{t + 1:02d}-{slugify(title)[:24].rstrip('-')}", title))
    sub_info = []  # (top index, dir, title)
    for s in range(subsections):
        t = s // per_top
        title = title_words(rng, vocab, 3)
        sub_info.append((t, f"onderwerp-{s + 1:03d}-{slugify(title)[:24].rstrip('-')}", title))
    topics = vocab.make_topics(rng, subsections)
    pages = []  # (subsection index, file stem, title)
    for i in range(n):
        s = i * subsections // n
        vocab.topic = topics[s]
        title = title_words(rng, vocab, rng.randint(3, 7))
        pages.append((s, f"{slugify(title)}-{i + 1:05d}", title))

    plain = args.shape == "plain"
    part_size = 10

    def rel_dir(s, i=None):
        t, d, _ = sub_info[s]
        if plain and i is not None:
            return os.path.join(top_info[t][0], d, f"deel-{(i % args.per_section) // part_size + 1:02d}")
        return os.path.join(top_info[t][0], d)

    def write(path, text):
        full = os.path.join(content, path)
        os.makedirs(os.path.dirname(full), exist_ok=True)
        with open(full, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)

    base_date = datetime.date(2023, 1, 1)

    write(
        "_index.md",
        '+++\ntitle = "Kennisbank benchmark"\ndescription = "Een gegenereerde kennisbank om te meten."\n+++\n\n'
        + paragraph(rng, vocab)
        + "\n",
    )
    # A glossary page: kennisbank's default theme links to @/begrippen.md from /a-z/ and
    # /zoeken/, so a site without one does not build (true of `kennisbank init` too, as of
    # this writing). A plain page, so every peer builds it as well.
    vocab.topic = None
    glossary = ['+++\ntitle = "Begrippen"\ndescription = "Woorden en afkortingen uit deze kennisbank."\n+++\n']
    for k in range(30):
        term = vocab.word(rng)
        glossary.append(f"## {term[0].upper() + term[1:]} ({term[:3].upper()})\n\n{paragraph(rng, vocab, 1, 2)}\n")
    write("begrippen.md", "\n".join(glossary))
    for t, (d, title) in enumerate(top_info):
        write(
            os.path.join(d, "_index.md"),
            f"+++\ntitle = {toml_str(title)}\ndescription = {toml_str(sentence(rng, vocab))}\nweight = {t + 1}\n+++\n\n"
            + paragraph(rng, vocab)
            + "\n",
        )
    for s, (t, d, title) in enumerate(sub_info):
        vocab.topic = topics[s]
        write(
            os.path.join(top_info[t][0], d, "_index.md"),
            f"+++\ntitle = {toml_str(title)}\ndescription = {toml_str(sentence(rng, vocab))}\nweight = {s + 1}\n+++\n\n"
            + paragraph(rng, vocab)
            + "\n",
        )

    tsv = []
    parts_written = set()
    for i, (s, stem, title) in enumerate(pages):
        vocab.topic = topics[s]
        here = rel_dir(s, i)
        if plain and here not in parts_written:
            parts_written.add(here)
            part = os.path.basename(here)
            write(
                os.path.join(here, "_index.md"),
                f"+++\ntitle = {toml_str('Deel ' + part[5:].lstrip('0'))}\nweight = {int(part[5:])}\n+++\n\n"
                + paragraph(rng, vocab, 1, 2)
                + "\n",
            )
        date = base_date + datetime.timedelta(days=rng.randint(0, 1000))
        tags = sorted(set(rng.sample(TAGS, rng.randint(1, 4))))
        fm = (
            "+++\n"
            f"title = {toml_str(title)}\n"
            f"date = {date.isoformat()}\n"
            f"description = {toml_str(sentence(rng, vocab, 8, 16))}\n"
            f"weight = {i % args.per_section + 1}\n"
            + ("" if plain else "\n[taxonomies]\n" f"tags = [{', '.join(toml_str(x) for x in tags)}]\n")
            + "+++\n\n"
        )
        code_blocks = (rng.randint(1, 2) if rng.random() < 0.8 else 0) if plain else 0
        body = [paragraph(rng, vocab, 2, 4), ""]
        link_targets = [rng.randrange(n) for _ in range(rng.randint(2, 4))]
        headings = rng.randint(3, 6)
        for h in range(headings):
            body.append(f"## {title_words(rng, vocab, rng.randint(2, 5))}")
            body.append("")
            body.append(paragraph(rng, vocab))
            body.append("")
            kind = (i + h) % 6
            if kind == 0:
                for _ in range(rng.randint(3, 6)):
                    body.append(f"- {sentence(rng, vocab, 4, 10)}")
                body.append("")
            elif kind == 1:
                for k in range(rng.randint(3, 5)):
                    body.append(f"{k + 1}. {sentence(rng, vocab, 5, 12)}")
                body.append("")
            elif kind == 2:
                body.append("| Stap | Wie | Wanneer |")
                body.append("| --- | --- | --- |")
                for k in range(rng.randint(3, 6)):
                    body.append(f"| {k + 1} | {vocab.word(rng)} | binnen {rng.randint(1, 14)} dagen |")
                body.append("")
            elif kind == 3 and i % 5 == 0:
                lang, tpl = CODE_SAMPLES[i % len(CODE_SAMPLES)]
                body.append(f"```{lang}")
                body.append(tpl.format(n=rng.randint(1, 9), w=vocab.word(rng)).rstrip("\n"))
                body.append("```")
                body.append("")
            elif kind == 4:
                body.append("> " + sentence(rng, vocab))
                body.append("")
            if code_blocks and h in (1, 3):
                code_blocks -= 1
                body += plain_code(rng, vocab)
            if h == 1 and rng.random() < 0.5:
                body.append(f"### {title_words(rng, vocab, 3)}")
                body.append("")
                body.append(paragraph(rng, vocab, 1, 3))
                body.append("")
            if link_targets:
                target = link_targets.pop()
                ts, tstem, ttitle = pages[target]
                rel = os.path.relpath(os.path.join(rel_dir(ts, target), tstem + ".md"), here)
                body.append(f"Lees ook [{ttitle.lower()}]({rel}) voor {vocab.word(rng)}.")
                body.append("")
        write(os.path.join(here, stem + ".md"), fm + "\n".join(body))
        t = sub_info[s][0]
        tsv.append(
            "\t".join([os.path.join(here, stem + ".md"), title, str(s), sub_info[s][2], str(t), top_info[t][1]])
        )

    with open(os.path.join(out, "pages.tsv"), "w", encoding="utf-8", newline="\n") as fh:
        fh.write("\n".join(tsv) + "\n")
    print(f"{n} pages, {subsections} subsections, {tops} sections in {content}", file=sys.stderr)


if __name__ == "__main__":
    main()
