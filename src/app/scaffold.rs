//! `kennisbank init` and `kennisbank new`: starting points that build at once.

use std::path::{Component, Path, PathBuf};

use anyhow::{Context, Result, bail};

use crate::load::content::front_matter::KNOWN_KINDS;
use crate::load::content::{Kind, schema};
use kb_core::diagnostics::unknown_name_hint;

const CONFIG: &str = r#"title = "Mijn kennisbank"
description = "Signalen, handreikingen en scholing over huiselijk geweld en kindermishandeling."
base_url = "https://kennisbank.example.nl"
default_language = "nl"

# Your organisation: the theme shows these facts wherever it points readers to help (the help
# banner, the footer, the 404 page). Fill them in: what is empty is left out of the pages, and
# `kennisbank check` reports it until it is filled in.
[organisation]
name = ""                # the full name, like "Veilig Thuis Drenthe"
short_name = ""          # how a sentence calls you: "Bel Veilig Thuis"
phone = ""               # the number for advice, as people dial it: "0800-2000"
phone_note = ""          # said after the number: "gratis, dag en nacht"
chat_url = ""            # a chat for advice (https://...), if you have one
chat_hours = ""          # when the chat is open
emergency = "112"
quick_exit_url = "https://www.buienradar.nl/"   # where "Snel weg" goes: a neutral site
logo = ""                # an image in static/, like "/logo.svg"

[[taxonomies]]
name = "themas"
title = "Thema's"

[menus]
main = [
  { title = "Signalen", url = "@/signalen/_index.md" },
]
footer = [
  { title = "Alle pagina's A-Z", url = "/a-z/" },
]
"#;

const HOME: &str = r#"+++
title = "Mijn kennisbank"
description = "Alles over signalen en wat je kunt doen."
+++

Welkom. Begin bij de [signalen](@/signalen/_index.md).
"#;

const SECTION: &str = r#"+++
title = "Signalen"
description = "Lijsten met signalen en uitleg over wat je ermee doet."
+++

Hier vind je signalenlijsten en uitleg.
"#;

const PAGE_ONE: &str = r#"+++
title = "Wat is een signaal?"
description = "Een signaal is iets wat je ziet of hoort en wat je zorgen geeft."
weight = 10
audience = ["professional"]
[taxonomies]
themas = ["signalen"]
+++

Een signaal bewijst niets. Het is een reden om beter te kijken.

## Wat doe je met een signaal?

Schrijf op wat je ziet. Lees daarna [wat je kunt doen](@/signalen/wat-kun-je-doen.md).
"#;

const PAGE_TWO: &str = r#"+++
title = "Wat kun je doen?"
description = "De eerste stappen als je je zorgen maakt."
weight = 20
+++

> [!TIP]
> Twijfel je? Vraag advies. Het nummer staat onderaan elke pagina.

Bij direct gevaar bel je 112. Zie ook [wat een signaal is](@/signalen/wat-is-een-signaal.md#wat-doe-je-met-een-signaal)
en de [voorbeeld-signalenlijst](@/signalen/voorbeeld-signalenlijst.md).
"#;

const CHECKLIST: &str = r#"+++
title = "Voorbeeld van een signalenlijst"
description = "Een korte lijst om te laten zien hoe een signalenlijst werkt."
kind = "checklist"
weight = 30
audience = ["professional"]
+++

## Gedrag van het kind

- [ ] Is vaak angstig of schrikachtig
- [ ] Wil niet naar huis

## Lichamelijk

- [ ] Heeft verwondingen die niet passen bij de uitleg

> [!IMPORTANT]
> Signalen bewijzen niets en geen lijst is compleet. Bespreek je zorgen met een collega.
"#;

/// Creates a new site in `dir`, which must not exist or be empty.
pub fn init(dir: &Path) -> Result<()> {
    if dir.exists() && std::fs::read_dir(dir)?.next().is_some() {
        bail!("{} already exists and is not empty; choose a new folder name", dir.display());
    }
    let files = [
        ("kennisbank.toml", CONFIG),
        ("content/_index.md", HOME),
        ("content/signalen/_index.md", SECTION),
        ("content/signalen/wat-is-een-signaal.md", PAGE_ONE),
        ("content/signalen/wat-kun-je-doen.md", PAGE_TWO),
        ("content/signalen/voorbeeld-signalenlijst.md", CHECKLIST),
        (".gitignore", "/public/\n"),
    ];
    for (rel, text) in files {
        let path = dir.join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).with_context(|| format!("cannot create {}", parent.display()))?;
        }
        std::fs::write(&path, text).with_context(|| format!("cannot write {}", path.display()))?;
    }
    Ok(())
}

/// Creates `path` (under `content/` of `root`) with the front matter of `kind`.
pub fn new_page(root: &Path, path: &Path, kind: &str) -> Result<PathBuf> {
    new_page_titled(root, path, kind, None)
}

/// [`new_page`] with a title (else one made from the file name): the editor's "Nieuwe pagina".
pub fn new_page_titled(root: &Path, path: &Path, kind: &str, title: Option<&str>) -> Result<PathBuf> {
    if !KNOWN_KINDS.contains(&kind) {
        bail!("unknown kind `{kind}`; {}", unknown_name_hint(kind, KNOWN_KINDS, "kinds"));
    }
    if path.components().any(|c| matches!(c, Component::ParentDir)) || path.is_absolute() {
        bail!("give the path inside the site, like content/signalen/school.md (no `..`, not absolute)");
    }
    if !path.starts_with("content") || path.extension().is_none_or(|e| e != "md") {
        bail!("the path must start with content/ and end in .md, like content/signalen/school.md");
    }
    let full = root.join(path);
    if full.exists() {
        bail!("{} already exists; choose another name (nothing was changed)", full.display());
    }
    let stem = path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    let title = match title {
        Some(t) => t.to_string(),
        None => {
            let t = stem.replace(['-', '_'], " ");
            let mut c = t.chars();
            c.next().map(|f| f.to_uppercase().chain(c).collect::<String>()).unwrap_or_default()
        }
    };
    let today = crate::load::clock::today();
    let text = linked_to_existing_pages(root, &front_matter_for(kind, &title, &today.to_string()));
    if let Some(parent) = full.parent() {
        std::fs::create_dir_all(parent).with_context(|| format!("cannot create {}", parent.display()))?;
    }
    std::fs::write(&full, text).with_context(|| format!("cannot write {}", full.display()))?;
    Ok(full)
}

/// The new page's front matter comes from the kind's description (every field of the kind
/// with an example value to overwrite); the body is a start per kind.
fn front_matter_for(kind: &str, title: &str, today: &str) -> String {
    let kind = Kind::of(Some(kind));
    let front = schema::starter_toml(kind, title, today, &next_year(today));
    let body = match kind {
        Kind::Checklist => "## Gebied van observatie\n\n- [ ] Eerste signaal\n- [ ] Tweede signaal\n",
        Kind::Training => "Wat je leert in deze training.\n",
        Kind::Passport => "Wat deze rol moet kennen en kunnen.\n",
        Kind::Slides => {
            "<!-- layout: title -->\n## Titel van de presentatie\n\nNotes:\nWat je zegt bij deze dia.\n\n---\n\n## Tweede dia\n\n- Eerste punt\n- Tweede punt\n\nNotes:\nWat je zegt bij deze dia.\n"
        }
        Kind::Decision => "Beantwoord de vragen. Je ziet dan wat je kunt doen.\n",
        Kind::Guidance => "Schrijf hier de handreiking.\n",
        _ => "Schrijf hier de tekst.\n",
    };
    format!("+++\n{front}+++\n\n{body}")
}

/// A required link's example (`werkplaats = "@/over-ons/werkplaatsen/_index.md"`) names a page
/// of the example site; where the site has no such page, the link goes to the home page, with
/// a comment to change it, so that the new page builds at once.
fn linked_to_existing_pages(root: &Path, text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for line in text.split_inclusive('\n') {
        let target = line.split_once("= \"@/").and_then(|(_, rest)| rest.split_once('"')).map(|(t, _)| t);
        match target {
            Some(rel)
                if !root.join("content").join(rel).exists() && root.join("content/_index.md").exists() =>
            {
                out.push_str(&line.replacen(&format!("@/{rel}"), "@/_index.md", 1).replace(
                    '\n',
                    "  # the home page for now: write the @/ path of the page this should link to\n",
                ));
            }
            _ => out.push_str(line),
        }
    }
    out
}

fn next_year(today: &str) -> String {
    let (year, rest) = today.split_once('-').unwrap_or(("2027", "01-01"));
    let year: i32 = year.parse().unwrap_or(2026);
    let rest = if rest == "02-29" { "02-28" } else { rest };
    format!("{}-{rest}", year + 1)
}
