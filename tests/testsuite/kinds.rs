//! The knowledge-base kinds: every validation error at its file:line, and the rendering of the
//! `kinds` fixture (checklist checkboxes, training calendars and JSON-LD, the passport matrix,
//! the decision tree). Built with SOURCE_DATE_EPOCH = 2026-11-01.

use crate::common;

use std::io::BufReader;

use crate::common::{Run, Site, between};

/// A minimal site plus one page; the build must fail.
fn failing(rel: &str, text: &str) -> Run {
    let site = Site::minimal();
    site.write(rel, text);
    site.build(&[]).code(1)
}

/// 1-based line of the first line of `text` holding `needle`.
pub(crate) fn line_of(text: &str, needle: &str) -> usize {
    text.lines().position(|l| l.contains(needle)).unwrap_or_else(|| panic!("{needle:?} not in text")) + 1
}

/// 1-based line of the `n`th (0-based) line of `text` holding `needle`.
fn nth_line_of(text: &str, needle: &str, n: usize) -> usize {
    text.lines().enumerate().filter(|(_, l)| l.contains(needle)).nth(n).expect("enough matches").0 + 1
}

// ---------------------------------------------------------------------------------------------
// Checklists

#[test]
fn checklist_with_an_unknown_age_band() {
    let text = "+++\ntitle = \"Signalen\"\nkind = \"checklist\"\nage_band = \"0-5\"\n+++\n\n## Gedrag\n\n- [ ] Is angstig\n";
    failing("content/lijst.md", text)
        .stderr_has("unknown age band `0-5`")
        .stderr_has(&format!("content/lijst.md:{}:12\n", line_of(text, "age_band")))
        .stderr_has("did you mean `0-4`? Known age bands: 0-4, 4-12, 12-18, volwassenen, ouderen");
}

#[test]
fn checklist_without_signals() {
    let text = "+++\ntitle = \"Signalen\"\nkind = \"checklist\"\nage_band = \"0-4\"\n+++\nAlleen tekst, geen signalen.\n";
    failing("content/lijst.md", text)
        .stderr_has("this checklist has no signals")
        .stderr_has("content/lijst.md:6:1");
}

#[test]
fn checklist_renders_one_labelled_checkbox_per_signal() {
    let site = Site::fixture("kinds");
    site.build(&[]).ok();
    let html = site.output("signalen/baby/index.html");
    let signals = [
        "Blauwe plekken op plaatsen waar een kind niet snel valt",
        "Groeit slecht zonder medische oorzaak",
        "Is erg angstig of schrikt snel",
        "Huilt ontroostbaar",
        "Zoekt geen troost bij de ouder",
    ];
    let boxes: Vec<&str> = html.split("<input").skip(1).filter(|t| t.contains("type=\"checkbox\"")).collect();
    assert_eq!(boxes.len(), signals.len(), "one checkbox per task-list item");
    for (input, signal) in boxes.iter().zip(signals) {
        let id = between(input, "id=\"", "\"");
        let label = between(&html, &format!("<label class=\"kb-signal__label\" for=\"{id}\">"), "</label>");
        assert_eq!(label, signal, "checkbox {id} is not labelled with its signal");
        assert_eq!(html.matches(&format!("id=\"{id}\"")).count(), 1, "id {id} is not unique");
        let tag = &input[..input.find('>').expect("a closed tag")];
        assert!(!tag.contains("checked"), "a signal is ticked before anyone ticked it");
    }
    // The areas of observation are headings; the standard caution and next step are on the page.
    assert!(html.contains("<h2 id=\"lichamelijk\">Lichamelijk</h2>"), "the `##` area is no heading");
    assert!(html.contains("Signalen bewijzen niets"));
    assert!(html.contains("0800-2000"));
}

// ---------------------------------------------------------------------------------------------
// Decision aids

/// A sound tree; tests break one thing in it.
const TREE: &str = r#"+++
title = "Afwegingskader"
kind = "decision"
start = "vermoeden"

[[questions]]
id = "vermoeden"
text = "Is er een vermoeden?"
[[questions.answers]]
label = "Nee"
next = "geen-zorg"
[[questions.answers]]
label = "Ja"
next = "acuut"

[[questions]]
id = "acuut"
text = "Is er acute onveiligheid?"
[[questions.answers]]
label = "Ja"
next = "melden"
[[questions.answers]]
label = "Nee"
next = "geen-zorg"

[[outcomes]]
id = "geen-zorg"
title = "Geen melding"

[[outcomes]]
id = "melden"
title = "Melden"
+++

Loop de vragen door.
"#;

#[test]
fn the_sound_tree_builds() {
    let site = Site::minimal();
    site.write("content/kader.md", TREE);
    site.build(&[]).ok();
}

#[test]
fn decision_with_a_missing_target() {
    let text = TREE.replace("next = \"acuut\"", "next = \"akuut\"");
    failing("content/kader.md", &text)
        .stderr_has("answer `Ja` of `vermoeden` leads to `akuut`, which does not exist")
        .stderr_has(&format!("content/kader.md:{}:8", line_of(&text, "next = \"akuut\"")))
        .stderr_has("did you mean `acuut`?");
}

#[test]
fn decision_with_a_loop() {
    let text = TREE.replace("next = \"melden\"", "next = \"vermoeden\"");
    failing("content/kader.md", &text)
        .stderr_has("answer `Ja` of `acuut` leads back to `vermoeden`: the tree has a loop")
        .stderr_has(&format!("content/kader.md:{}:8", line_of(&text, "next = \"vermoeden\"")));
}

#[test]
fn decision_with_an_unreachable_question() {
    let text = TREE.replace(
        "[[outcomes]]\nid = \"geen-zorg\"",
        "[[questions]]\nid = \"vergeten\"\ntext = \"Wie vraagt dit?\"\n[[questions.answers]]\nlabel = \"Ja\"\nnext = \"melden\"\n\n[[outcomes]]\nid = \"geen-zorg\"",
    );
    failing("content/kader.md", &text)
        .stderr_has("question `vergeten` can never be reached")
        .stderr_has(&format!("content/kader.md:{}:6", line_of(&text, "id = \"vergeten\"")));
}

#[test]
fn decision_with_a_duplicate_id() {
    let text = TREE
        .replace("id = \"melden\"", "id = \"acuut\"")
        .replace("next = \"melden\"", "next = \"geen-zorg\"");
    failing("content/kader.md", &text)
        .stderr_has("the id `acuut` is used twice")
        // At the second definition, not at an answer that names it.
        .stderr_has(&format!("content/kader.md:{}:6", nth_line_of(&text, "id = \"acuut\"", 1)));
}

#[test]
fn decision_whose_start_is_no_question() {
    let text = TREE.replace("start = \"vermoeden\"", "start = \"begin\"");
    failing("content/kader.md", &text)
        .stderr_has("`start` names `begin`, which is no question")
        .stderr_has(&format!("content/kader.md:{}:9\n", line_of(&text, "start = ")));
}

#[test]
fn decision_renders_the_whole_tree_without_javascript() {
    let site = Site::fixture("kinds");
    site.build(&[]).ok();
    let html = site.output("meldcode/afwegingskader/index.html");
    for text in [
        "Heb je een vermoeden van huiselijk geweld of kindermishandeling?",
        "Is er acute onveiligheid?",
        "Geen melding nodig",
        "Melden bij Veilig Thuis",
        "Hulp bieden of organiseren",
    ] {
        assert!(html.contains(text), "{text:?} is not on the page");
    }
    // Outcome text is markdown; outcome links with `@/` are resolved.
    assert!(html.contains("<strong>0800-2000</strong>"));
    assert!(common::attribute_values(&html, "href").iter().any(|h| h == "/signalen/baby/"));
    // The tree for the script is a JSON data block, not an inline script.
    let data = between(&html, "<script type=\"application/json\" data-kb-decision-data>", "</script>");
    let data: serde_json::Value = serde_json::from_str(data).expect("the decision data is JSON");
    assert_eq!(data["start"], "vermoeden");
    assert_eq!(data["questions"].as_array().unwrap().len(), 2);
}

// ---------------------------------------------------------------------------------------------
// Trainings

const TRAINING: &str = r#"+++
title = "Basistraining"
kind = "training"
format = "klassikaal"

[[sessions]]
start = 2027-01-14T13:30:00
end = 2027-01-14T16:30:00
location = "Assen"

[[sessions]]
start = 2027-02-14T13:30:00
end = 2027-02-14T16:30:00
location = "Emmen"
+++

Wat je leert.
"#;

#[test]
fn training_with_an_unknown_format() {
    let text = TRAINING.replace("format = \"klassikaal\"", "format = \"webinr\"");
    failing("content/training.md", &text)
        .stderr_has("unknown training format `webinr`")
        .stderr_has(&format!("content/training.md:{}:10\n", line_of(&text, "format =")))
        .stderr_has("did you mean `webinar`? Known formats: klassikaal, e-learning, webinar, intervisie");
}

#[test]
fn training_session_that_ends_before_it_starts() {
    let text = TRAINING.replace("end = 2027-02-14T16:30:00", "end = 2027-02-14T12:00:00");
    failing("content/training.md", &text)
        .stderr_has("session 2 ends before it starts")
        .stderr_has(&format!("content/training.md:{}:7\n", nth_line_of(&text, "end = ", 1)));
}

#[test]
fn training_session_with_a_bad_datetime() {
    let text = TRAINING.replace("start = 2027-02-14T13:30:00", "start = \"14 februari om half twee\"");
    failing("content/training.md", &text)
        .stderr_has("`start` of session 2 is not a date and time: `14 februari om half twee`")
        .stderr_has(&format!("content/training.md:{}:9\n", line_of(&text, "februari om half")))
        .stderr_has("2027-01-14T13:30:00");
}

#[test]
fn training_session_without_an_end() {
    let text = TRAINING.replace("end = 2027-01-14T16:30:00\n", "");
    failing("content/training.md", &text)
        .stderr_has("session 1 has no `end` time")
        // At the session's `[[sessions]]` header, the whole of it (its key path `sessions[0]`).
        .stderr_has(&format!("content/training.md:{}:1\n", line_of(&text, "[[sessions]]")));
}

/// Events of an `.ics` file, parsed by a real iCalendar parser, as (DTSTART, LOCATION, SUMMARY).
fn events(ics: &str) -> Vec<(String, String, String)> {
    let mut calendars = ical::IcalParser::new(BufReader::new(ics.as_bytes()));
    let calendar = calendars.next().expect("one calendar").expect("a valid calendar");
    assert!(calendars.next().is_none(), "more than one calendar");
    let property = |event: &ical::parser::ical::component::IcalEvent, name: &str| {
        event.properties.iter().find(|p| p.name == name).and_then(|p| p.value.clone()).unwrap_or_default()
    };
    let mut found: Vec<(String, String, String)> = calendar
        .events
        .iter()
        .map(|e| {
            assert!(!property(e, "UID").is_empty() && !property(e, "DTEND").is_empty(), "incomplete VEVENT");
            (property(e, "DTSTART"), property(e, "LOCATION"), property(e, "SUMMARY"))
        })
        .collect();
    found.sort();
    found
}

#[test]
fn training_calendars_parse_as_icalendar_and_hold_the_sessions() {
    let site = Site::fixture("kinds");
    site.build(&[]).ok();
    let course = events(&site.output("scholing/basistraining/cursus.ics"));
    let basis = "Basistraining meldcode".to_string();
    // Local times in Amsterdam, written in UTC: 13:30 in September is 11:30Z, in January 12:30Z.
    assert_eq!(
        course,
        vec![
            ("20260915T113000Z".to_string(), "Assen".to_string(), basis.clone()),
            ("20270114T123000Z".to_string(), "Emmen".to_string(), basis.clone()),
            ("20270310T080000Z".to_string(), "Hoogeveen".to_string(), basis.clone()),
        ]
    );
    let all = events(&site.output("scholing/agenda.ics"));
    assert_eq!(all.len(), 4, "the calendar holds every session of every training: {all:?}");
    assert!(all.contains(&("20270204T180000Z".into(), "Online".into(), "Verdieping kindcheck".into())));
    // The course page links its own calendar file.
    let page = site.output("scholing/basistraining/index.html");
    assert!(
        common::attribute_values(&page, "href").iter().any(|h| h == "/scholing/basistraining/cursus.ics")
    );
}

#[test]
fn training_page_shows_upcoming_and_past_sessions_relative_to_the_build_date() {
    let site = Site::fixture("kinds");
    site.build(&[]).ok();
    let page = site.output("scholing/basistraining/index.html");
    let upcoming = between(&page, "<ul class=\"kb-session-list\">", "</ul>");
    assert!(upcoming.contains("donderdag 14 januari 2027") && upcoming.contains("Hoogeveen"));
    assert!(!upcoming.contains("Assen"), "a past session is listed as upcoming");
    let past = between(&page, "<details class=\"kb-details\">", "</details>");
    assert!(past.contains("Assen") && past.contains("15 september 2026"));
    // The calendar page lists upcoming sessions only, grouped by month.
    let agenda = site.output("scholing/agenda/index.html");
    for month in ["januari 2027", "februari 2027", "maart 2027"] {
        assert!(agenda.contains(month), "{month} is missing from the calendar");
    }
    assert!(!agenda.contains("september 2026"), "the calendar lists a past session");
}

#[test]
fn training_page_carries_course_json_ld() {
    let site = Site::fixture("kinds");
    site.build(&[]).ok();
    let page = site.output("scholing/basistraining/index.html");
    let json = between(&page, "<script type=\"application/ld+json\">", "</script>");
    let course: serde_json::Value = serde_json::from_str(json).expect("the JSON-LD parses as JSON");
    assert_eq!(course["@context"], "https://schema.org");
    assert_eq!(course["@type"], "Course");
    assert_eq!(course["name"], "Basistraining meldcode");
    assert_eq!(course["provider"]["name"], "Expertisecentrum Test");
    let instances = course["hasCourseInstance"].as_array().expect("hasCourseInstance is a list");
    assert_eq!(instances.len(), 3);
    for instance in instances {
        assert_eq!(instance["@type"], "CourseInstance");
        assert_eq!(instance["courseMode"], "onsite");
    }
    assert_eq!(instances[1]["startDate"], "2027-01-14T13:30:00+01:00");
    assert_eq!(instances[1]["location"]["name"], "Emmen");
}

// ---------------------------------------------------------------------------------------------
// Passports

fn site_with_training() -> Site {
    let site = Site::minimal();
    site.write("content/scholing/_index.md", "+++\ntitle = \"Scholing\"\n+++\nTrainingen.\n");
    site.write("content/scholing/basis.md", TRAINING);
    site.write("content/scholing/uitleg.md", "+++\ntitle = \"Uitleg\"\n+++\nGeen training.\n");
    site
}

#[test]
fn passport_that_requires_a_missing_training() {
    let site = site_with_training();
    let text = "+++\ntitle = \"Paspoort leerkracht\"\nkind = \"passport\"\nrole = \"leerkracht\"\n\n[[required]]\ntraining = \"@/scholing/basis.md\"\n\n[[required]]\ntraining = \"@/scholing/bestaat-niet.md\"\n+++\nTekst.\n";
    site.write("content/scholing/leerkracht.md", text);
    let line = line_of(text, "bestaat-niet");
    site.build(&[])
        .code(1)
        .stderr_has("the required training `@/scholing/bestaat-niet.md` does not exist")
        .stderr_has(&format!("content/scholing/leerkracht.md:{line}:13"))
        .stderr_has("known trainings: @/scholing/basis.md");
}

#[test]
fn passport_that_requires_a_page_that_is_no_training() {
    let site = site_with_training();
    let text = "+++\ntitle = \"Paspoort\"\nkind = \"passport\"\nrole = \"huisarts\"\n[[required]]\ntraining = \"@/scholing/uitleg.md\"\n+++\nTekst.\n";
    site.write("content/scholing/huisarts.md", text);
    site.build(&[])
        .code(1)
        .stderr_has("`@/scholing/uitleg.md` is not a training")
        .stderr_has(&format!("content/scholing/huisarts.md:{}:13", line_of(text, "uitleg.md")));
}

#[test]
fn passport_without_a_role() {
    let text = "+++\ntitle = \"Paspoort\"\nkind = \"passport\"\nexpertise = [\"Signalen\"]\n+++\nTekst.\n";
    failing("content/paspoort.md", text)
        .stderr_has("a passport needs a `role`")
        .stderr_has(&format!("content/paspoort.md:{}:1", line_of(text, "kind =")));
}

#[test]
fn passport_pages_and_the_roles_by_trainings_matrix() {
    let site = Site::fixture("kinds");
    site.build(&[]).ok();
    let matrix = site.output("scholing/paspoorten/overzicht/index.html");
    let table = between(&matrix, "<table>", "</table>");
    let head = between(table, "<thead>", "</thead>");
    for role in ["huisarts", "leerkracht"] {
        assert!(head.contains(&format!(">{role}</a></th>")), "role {role} is not a column");
    }
    let rows: Vec<&str> = between(table, "<tbody>", "</tbody>").split("<tr>").skip(1).collect();
    assert_eq!(rows.len(), 2, "one row per required training");
    let row =
        |title: &str| *rows.iter().find(|r| r.contains(title)).unwrap_or_else(|| panic!("no row {title}"));
    // Columns: huisarts, leerkracht (by role name). Basis: both; verdieping: huisarts only.
    let cells = |r: &str| r.split("<td>").skip(1).map(|c| c.contains("✓")).collect::<Vec<bool>>();
    assert_eq!(cells(row("Basistraining meldcode")), vec![true, true]);
    assert_eq!(cells(row("Verdieping kindcheck")), vec![true, false]);
    assert!(row("Verdieping kindcheck").contains("elke 3 jaar"));

    let passport = site.output("scholing/paspoorten/leerkracht/index.html");
    assert!(passport.contains("Een gesprek voeren met een kind"));
    assert!(common::attribute_values(&passport, "href").iter().any(|h| h == "/scholing/basistraining/"));
}

// ---------------------------------------------------------------------------------------------
// Products of the kenniswerkplaatsen

/// A site with a training, a werkplaats page and a file for the products to offer.
fn site_with_werkplaats() -> Site {
    let site = site_with_training();
    site.write("content/werkplaats.md", "+++\ntitle = \"Werkplaats Onbegrepen gedrag\"\n+++\nWat we doen.\n");
    site.write("content/producten/_index.md", "+++\ntitle = \"Producten\"\n+++\nAlle producten.\n");
    site.write("content/producten/cijfers.csv", "gemeente,aantal\nAssen,1\n");
    site
}

const PRODUCT: &str = r#"+++
title = "Overzicht per gemeente"
description = "Cijfers per gemeente."
date = 2026-05-12
kind = "product"
product_type = "dataproduct"
werkplaats = "@/werkplaats.md"
status = "beschikbaar"
trainings = ["@/scholing/basis.md"]

[[files]]
title = "Cijfers (CSV)"
file = "cijfers.csv"
+++
Een verzonnen voorbeeld.
"#;

#[test]
fn product_with_an_unknown_type_and_status() {
    let text = PRODUCT.replace("\"dataproduct\"", "\"data-product\"").replace("\"beschikbaar\"", "\"klaar\"");
    let site = site_with_werkplaats();
    site.write("content/producten/overzicht.md", &text);
    site.build(&[])
        .code(1)
        .stderr_has("unknown product type `data-product`")
        .stderr_has(&format!("content/producten/overzicht.md:{}:1", line_of(&text, "product_type =")))
        .stderr_has("did you mean `dataproduct`?")
        .stderr_has("unknown status `klaar`")
        .stderr_has(&format!("content/producten/overzicht.md:{}:1", line_of(&text, "status =")))
        .stderr_has("known values: in ontwikkeling, beschikbaar, vervangen");
}

#[test]
fn product_without_a_werkplaats_or_date() {
    let text = PRODUCT.replace("werkplaats = \"@/werkplaats.md\"\n", "").replace("date = 2026-05-12\n", "");
    let site = site_with_werkplaats();
    site.write("content/producten/overzicht.md", &text);
    let kind_line = line_of(&text, "kind =");
    site.build(&[])
        .code(1)
        .stderr_has("a product needs `werkplaats`")
        .stderr_has(&format!("content/producten/overzicht.md:{kind_line}:1"));
    let text = PRODUCT.replace("date = 2026-05-12\n", "");
    site.write("content/producten/overzicht.md", &text);
    site.build(&[])
        .code(1)
        .stderr_has("a product needs a `date`")
        .stderr_has(&format!("content/producten/overzicht.md:{}:1", line_of(&text, "kind =")));
}

#[test]
fn product_whose_werkplaats_training_and_file_do_not_exist() {
    let text = PRODUCT
        .replace("@/werkplaats.md", "@/werkplaatz.md")
        .replace("@/scholing/basis.md", "@/scholing/uitleg.md")
        .replace("file = \"cijfers.csv\"", "file = \"ontbreekt.csv\"");
    let site = site_with_werkplaats();
    site.write("content/producten/overzicht.md", &text);
    site.build(&[])
        .code(1)
        .stderr_has("link to a page that does not exist: `werkplaatz.md`")
        .stderr_has("did you mean `@/werkplaats.md`?")
        .stderr_has(&format!("content/producten/overzicht.md:{}:15", line_of(&text, "werkplaats =")))
        .stderr_has("`@/scholing/uitleg.md` is not a training")
        .stderr_has(&format!("content/producten/overzicht.md:{}:15", line_of(&text, "trainings =")))
        .stderr_has("the file `ontbreekt.csv` does not exist")
        .stderr_has(&format!("content/producten/overzicht.md:{}:9", line_of(&text, "ontbreekt.csv")));
}

#[test]
fn werkplaats_page_lists_its_products_newest_first() {
    let site = site_with_werkplaats();
    site.write("content/producten/overzicht.md", PRODUCT);
    let newer = PRODUCT
        .replace("Overzicht per gemeente", "Oefening gesprek")
        .replace("2026-05-12", "2026-09-01")
        .replace("\"dataproduct\"", "\"vaardigheidsproduct\"")
        .replace("\"beschikbaar\"", "\"in ontwikkeling\"");
    site.write("content/producten/oefening.md", newer);
    site.build(&[]).ok();

    let werkplaats = site.output("werkplaats/index.html");
    let list = between(&werkplaats, "Producten van deze werkplaats", "</section>");
    let (oefening, overzicht) =
        (list.find("Oefening gesprek").unwrap(), list.find("Overzicht per gemeente").unwrap());
    assert!(oefening < overzicht, "the newest product comes first:\n{list}");
    assert!(list.contains("Vaardigheidsproduct · In ontwikkeling"), "{list}");
    assert!(list.contains("href=\"/producten/overzicht/\""));

    let product = site.output("producten/overzicht/index.html");
    let facts = between(&product, "<dl class=\"kb-facts\">", "</dl>");
    assert!(facts.contains("<dd>Dataproduct</dd>") && facts.contains("<dd>Beschikbaar</dd>"), "{facts}");
    assert!(facts.contains("<a href=\"/werkplaats/\">Werkplaats Onbegrepen gedrag</a>"));
    assert!(product.contains("<a href=\"/producten/cijfers.csv\" download>Cijfers (CSV)</a>"));
    assert!(product.contains("<a href=\"/scholing/basis/\">Basistraining</a>"));
    assert_eq!(site.output("producten/cijfers.csv"), "gemeente,aantal\nAssen,1\n");
    // The training shows the product that uses it among its related pages.
    assert!(
        between(&site.output("scholing/basis/index.html"), "kb-related", "</aside>")
            .contains("Overzicht per gemeente")
    );
}
