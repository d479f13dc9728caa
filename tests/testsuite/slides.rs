//! Slide decks (`kind = "slides"`): the cut into slides, notes and layouts as the page shows
//! them, every problem at its file:line, and the links from trainings and the calendar.

use crate::common::{Site, between, kennisbank, run};
use crate::kinds::line_of;

const DECK: &str = r#"+++
title = "Ouderavond"
kind = "slides"
+++

<!-- layout: title -->
## Welkom

Notes:
Stel jezelf voor.

---

## Vragen

```
---
```

- een lijst

  ***

Notities: *kort* houden.

---

<!-- layout: two-columns -->
## Vragen

Links en rechts.
"#;

fn slides(html: &str) -> Vec<&str> {
    html.split("<section class=\"kb-slide ").skip(1).map(|s| s.split("</section>").next().unwrap()).collect()
}

#[test]
fn a_deck_is_one_labelled_section_per_slide_with_its_notes_and_layout() {
    let site = Site::minimal();
    site.write("content/ouderavond.md", DECK);
    site.build(&[]).ok();
    let html = site.output("ouderavond/index.html");
    let slides = slides(&html);
    assert_eq!(slides.len(), 3, "rules in code and lists cut nothing:\n{html}");
    for (n, slide) in slides.iter().enumerate() {
        assert!(
            slide.contains(&format!("aria-roledescription=\"dia\" aria-label=\"{} van 3\"", n + 1)),
            "{slide}"
        );
    }
    assert!(slides[0].starts_with("kb-slide--title\""));
    assert!(slides[0].contains("Stel jezelf voor.") && slides[0].contains("Notities voor de trainer"));
    assert!(!slides[0].contains("layout:"), "the layout comment is not shown");
    assert!(slides[1].starts_with("kb-slide--content\""));
    let notes = between(slides[1], "kb-slide__notes", "</div>\n        </div>");
    assert!(notes.contains("<em>kort</em> houden."), "{notes}");
    assert!(!between(slides[1], "kb-slide__content", "kb-slide__notes").contains("kort"));
    assert!(slides[2].starts_with("kb-slide--two-columns\""));
    // Heading ids are the page's: the second "Vragen" is `vragen-1`, as a link to it expects.
    assert!(slides[1].contains("<h2 id=\"vragen\">"));
    assert!(slides[2].contains("<h2 id=\"vragen-1\">"));
    assert!(html.contains("js/slides.") && html.contains("css/slides."), "the deck's script and styles");
}

#[test]
fn split_h2_starts_a_slide_at_every_heading() {
    let site = Site::minimal();
    let text = "+++\ntitle = \"Training\"\nkind = \"slides\"\nsplit = \"h2\"\n+++\n\n## Een\n\nA\n\n<!-- layout: title -->\n## Twee\n\nB\n\n---\n\n## Drie\n\nC\n";
    site.write("content/training.md", text);
    site.build(&[]).ok();
    let html = site.output("training/index.html");
    let slides = slides(&html);
    assert_eq!(slides.len(), 3);
    assert!(slides[1].starts_with("kb-slide--title\""), "the layout comment before `##` is that slide's");
}

#[test]
fn an_unknown_layout_or_split_is_an_error_at_its_line() {
    let site = Site::minimal();
    let text = DECK
        .replace("layout: two-columns", "layout: drie-kolommen")
        .replace("kind = \"slides\"", "kind = \"slides\"\nsplit = \"h3\"");
    site.write("content/ouderavond.md", &text);
    site.build(&[])
        .code(1)
        .stderr_has("unknown slide layout `drie-kolommen`")
        .stderr_has(&format!("content/ouderavond.md:{}:1", line_of(&text, "drie-kolommen")))
        .stderr_has("known layouts: content, title, two-columns, image")
        .stderr_has("unknown split `h3`")
        .stderr_has(&format!("content/ouderavond.md:{}:9\n", line_of(&text, "split =")));
}

#[test]
fn a_rule_under_text_is_a_warning_that_it_made_a_heading() {
    let site = Site::minimal();
    let text = "+++\ntitle = \"Dia's\"\nkind = \"slides\"\n+++\n\nEerste dia\n---\n\nTweede dia\n";
    site.write("content/dias.md", text);
    site.build(&[])
        .ok()
        .stderr_has("this `---` makes the line above it a heading, not a new slide")
        .stderr_has("content/dias.md:7:1")
        .stderr_has("leave an empty line above `---`");
}

const TRAINING: &str = "+++\ntitle = \"Basistraining\"\nkind = \"training\"\ndecks = [\"@/dias/basis.md\"]\n\n[[sessions]]\nstart = 2027-01-14T13:30:00\nend = 2027-01-14T16:30:00\nlocation = \"Assen\"\n+++\nWat je leert.\n";

#[test]
fn a_training_lists_its_decks_and_the_calendar_links_them() {
    let site = Site::minimal();
    site.write("content/basis.md", TRAINING);
    site.write(
        "content/dias/basis.md",
        "+++\ntitle = \"Dias basistraining\"\nkind = \"slides\"\n+++\n\n## Welkom\n",
    );
    site.build(&[]).ok();
    let training = site.output("basis/index.html");
    let decks = between(&training, "Presentaties bij deze training", "</section>");
    assert!(decks.contains("<a href=\"/dias/basis/\">Dias basistraining</a>"), "{decks}");
    let calendar = site.output("scholing/agenda/index.html");
    assert!(between(&calendar, "kb-session__decks", "</p>").contains("href=\"/dias/basis/\""));
    // The deck knows where it is used.
    assert!(between(&site.output("dias/basis/index.html"), "kb-related", "</aside>").contains("/basis/"));
}

#[test]
fn a_training_deck_that_is_missing_or_no_deck_is_an_error_at_its_line() {
    let site = Site::minimal();
    site.write("content/basis.md", TRAINING);
    site.build(&[])
        .code(1)
        .stderr_has("the deck `@/dias/basis.md` does not exist")
        .stderr_has(&format!("content/basis.md:{}:11", line_of(TRAINING, "decks =")));
    site.write("content/dias/basis.md", "+++\ntitle = \"Geen dia's\"\n+++\nTekst.\n");
    site.build(&[])
        .code(1)
        .stderr_has("`@/dias/basis.md` is not a slide deck")
        .stderr_has("only pages with `kind = \"slides\"` fit here");
}

#[test]
fn a_deck_is_found_by_what_its_speaker_notes_say() {
    let site = Site::minimal();
    site.write("content/ouderavond.md", DECK.replace("Stel jezelf voor.", "Noem de zebrapadregel."));
    let found = run(kennisbank()
        .args(["search", "--json", "--kind", "slides", "--root"])
        .arg(site.root())
        .arg("zebrapadregel"))
    .ok();
    let results: serde_json::Value = serde_json::from_str(&found.stdout).expect("JSON results");
    assert_eq!(results[0]["url"], "/ouderavond/", "{results}");
    assert_eq!(results[0]["kind"], "slides");
}

#[test]
fn a_translated_deck_is_a_deck_in_its_own_language() {
    let site = Site::minimal();
    site.write(
        "kennisbank.toml",
        "title = \"Testsite\"\nbase_url = \"https://test.example.nl\"\ndefault_language = \"nl\"\n\n\
         [[languages]]\ncode = \"nl\"\nname = \"Nederlands\"\n\n[[languages]]\ncode = \"en\"\nname = \"English\"\n",
    );
    site.write("content/ouderavond.md", DECK);
    // The translation names no kind: it is a deck because its original is.
    site.write(
        "content/ouderavond.en.md",
        "+++\ntitle = \"Parents' evening\"\n+++\n\n<!-- layout: title -->\n## Welcome\n\nNotes:\nIntroduce yourself.\n\n---\n\n## Questions\n",
    );
    site.build(&[]).ok();
    let html = site.output("en/ouderavond/index.html");
    let slides = slides(&html);
    assert_eq!(slides.len(), 2, "{html}");
    assert!(slides[0].starts_with("kb-slide--title\""), "{}", slides[0]);
    assert!(slides[0].contains("aria-roledescription=\"slide\" aria-label=\"1 of 2\""), "{}", slides[0]);
    assert!(slides[0].contains("Notes for the trainer") && slides[0].contains("Introduce yourself."));
    assert!(slides[1].contains("aria-label=\"2 of 2\"") && slides[1].contains("Questions"));
    assert!(
        html.contains(">Next slide</button>") && html.contains("js/slides."),
        "the deck's controls in English"
    );
    assert!(!html.contains("van 2") && !html.contains("Volgende dia"), "no Dutch words around the slides");
    // The original stays a Dutch deck.
    assert!(site.output("ouderavond/index.html").contains("aria-label=\"1 van 3\""));
}
