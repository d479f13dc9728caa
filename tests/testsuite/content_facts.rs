//! The facts of the example site that a reader who knows the field corrected (issue 27), checked
//! on the site the real binary builds, so that none of them slips back: who falls under the
//! meldcode, when the talk of step 3 may be skipped, what the police can do without a complaint,
//! which phone numbers are real, how fast help after sexual violence must come, what
//! Veilig Thuis Drenthe can and cannot oblige, and that the fictional trend figures keep the
//! national proportion of advice requests to meldingen.
//!
//! Each test fails on the text as it was before the correction. The example site is built once
//! (into a temporary folder) and shared by the tests.

use std::fs;
use std::path::Path;

use crate::common::decode_entities;
use crate::common::example_page as html;

/// The text of a built page's main content: tags dropped, entities decoded, white space
/// collapsed. Only `<main>`, so the help banner and footer (the same on every page) do not
/// make a page pass.
#[track_caller]
fn text(rel: &str) -> String {
    let page = html(rel);
    let main = page.split_once("<main").map_or(page.as_str(), |(_, rest)| rest);
    let main = main.split_once("</main>").map_or(main, |(inner, _)| inner);
    plain(main)
}

/// The text of an HTML fragment.
fn plain(fragment: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in fragment.chars() {
        match c {
            '<' => in_tag = true,
            '>' => {
                in_tag = false;
                out.push(' ');
            }
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    decode_entities(&out).split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The markdown sources under `content/` (recursively), as (path relative to `content/`, text).
fn sources(under: &str) -> Vec<(String, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("content");
    let mut out = Vec::new();
    let mut stack = vec![root.join(under)];
    while let Some(dir) = stack.pop() {
        for entry in fs::read_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "md") {
                let rel = path.strip_prefix(&root).unwrap().to_string_lossy().into_owned();
                out.push((rel, fs::read_to_string(&path).unwrap()));
            }
        }
    }
    out.sort();
    out
}

/// Whether a source file is a Dutch page (not `page.en.md` / `page.ar.md`).
fn is_dutch(path: &str) -> bool {
    !path.ends_with(".en.md") && !path.ends_with(".ar.md")
}

#[track_caller]
fn assert_has(page: &str, body: &str, needle: &str) {
    assert!(body.contains(needle), "{page} should say {needle:?}:\n{body}");
}

#[track_caller]
fn assert_lacks(page: &str, body: &str, needle: &str) {
    assert!(!body.contains(needle), "{page} still says {needle:?}:\n{body}");
}

// 1. The police do not fall under the meldcode.
#[test]
fn the_basic_meldcode_training_does_not_count_the_police_under_the_meldcode() {
    let page = "scholing/basis-meldcode/index.html";
    let body = text(page);
    assert_lacks(page, &body, "jeugdhulp en politie");
    assert_has(page, &body, "De politie valt niet onder de meldcode");
}

// 2. The police do a kindcheck under their own rules, not the meldcode's.
#[test]
fn the_kindcheck_page_gives_the_police_their_own_rules() {
    let page = "handreikingen/kindcheck/index.html";
    let body = text(page);
    assert_lacks(page, &body, "wijkteams en de politie");
    assert_has(page, &body, "De politie valt niet onder de meldcode: zij doet een eigen kindcheck");
}

// 3. Step 3 may also be skipped when the client would break off contact.
#[test]
fn step_3_names_both_reasons_to_skip_the_talk() {
    let page = "meldcode/stap-3-gesprek/index.html";
    let body = text(page);
    assert_lacks(page, &body, "alleen overslaan");
    assert_has(page, &body, "in twee gevallen overslaan");
    assert_has(page, &body, "het contact met jou verbreekt");
    // The page on professional secrecy says the same, so the two cannot drift apart unnoticed.
    let secrecy = text("handreikingen/beroepsgeheim-en-meldrecht/index.html");
    assert_has("beroepsgeheim-en-meldrecht", &secrecy, "het contact met jou dan verbreekt");
    // And the trainer's slide on step 3.
    let deck = slide("Stap 3: het gesprek");
    assert_has("the step 3 slide", &deck, "contact verbreekt");
}

// 4. Only prosecution for belaging needs a complaint; the police can act on threats, a broken
// ban and acute danger at once.
#[test]
fn the_public_relationship_page_does_not_make_police_help_wait_for_a_complaint() {
    let page = "hulp/geweld-in-je-relatie/index.html";
    let body = text(page);
    assert_lacks(page, &body, "kan de stalker alleen aanpakken");
    assert_lacks(page, &body, "alleen aanpakken als jij aangifte doet");
    assert_has(page, &body, "Dan kan de politie meteen iets doen. Daar hoef je geen aangifte voor te doen.");
    assert_has(page, &body, "0900-8844");
    let pro = "handreikingen/ex-partnerstalking/index.html";
    assert_has(pro, &text(pro), "Voor al het andere is geen klacht nodig");
}

// 5. 0800-2000 is the real number of Veilig Thuis: never labelled as fictional.
#[test]
fn the_real_veilig_thuis_number_is_never_labelled_fictional() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("data/gemeenten.toml");
    let data: toml::Value = toml::from_str(&fs::read_to_string(path).unwrap()).expect("valid TOML");
    let mut checked = 0;
    for g in data["gemeenten"].as_array().unwrap() {
        let name = g["naam"].as_str().unwrap();
        let slug = name.to_lowercase().replace(' ', "-");
        let page = format!("regio/{slug}/index.html");
        let body = html(&page);
        // The term of the phone's row in the facts list.
        let (before, _) = body
            .split_once("</dt><dd>0800-2000</dd>")
            .unwrap_or_else(|| panic!("{page}: no row with the phone number of the kernteam"));
        let label = before.rsplit("<dt>").next().unwrap();
        assert!(!label.contains("fictief"), "{page}: 0800-2000 is labelled `{label}`");
        assert_eq!(label, "Telefoon (echt nummer van Veilig Thuis)", "{page}");
        checked += 1;
    }
    assert_eq!(checked, 12, "Drenthe has twelve municipalities");
    let page = "handreikingen/kernteams/index.html";
    let body = html(page);
    assert_lacks(page, &body, "Telefoon (fictief)");
    assert_has(page, &body, r#"<th scope="col">Telefoon (echt nummer van Veilig Thuis)</th>"#);
    assert_has(page, &text(page), "Het telefoonnummer is wel echt");
}

// 6. "Witnessing is child abuse" is the common reading of the Jeugdwet, not its text.
#[test]
fn the_glossary_does_not_put_witnessing_in_the_text_of_the_jeugdwet() {
    let page = "begrippen/index.html";
    let body = text(page);
    assert_lacks(
        page,
        &body,
        "Ook getuige zijn van huiselijk geweld is kindermishandeling. Zo staat het in de Jeugdwet.",
    );
    assert_has(page, &body, "Dat staat niet letterlijk in de wet");
}

// 7. Step 5 is two decisions, sometimes both, not either/or.
#[test]
fn the_meldcode_overview_words_step_5_as_two_decisions() {
    let page = "meldcode/index.html";
    let body = text(page);
    assert_lacks(page, &body, "of hulp biedt of organiseert, of meldt bij Veilig Thuis");
    assert_has(page, &body, "je neemt twee besluiten");
    assert_has(page, &body, "Soms doe je allebei");
}

// 8. HIV-PEP within about 72 hours, the morning-after pill within 3 to 5 days: the sooner the
// better, not "within a week".
#[test]
fn the_sexual_violence_page_gives_the_real_time_limits() {
    let page = "hulp/seksueel-geweld/index.html";
    let body = text(page);
    assert_lacks(page, &body, "Bel je binnen een week?");
    assert_has(page, &body, "Hoe sneller je belt, hoe meer er kan.");
    assert_has(page, &body, "binnen ongeveer 3 dagen (72 uur)");
    assert_has(page, &body, "3 tot 5 dagen");
}

// 9. Never ask about partner violence with the partner present.
#[test]
fn the_birth_training_never_asks_about_violence_with_the_partner_present() {
    let page = "over-ons/werkplaatsen/producten/training-veiligheid-rond-geboorte/index.html";
    let body = text(page);
    assert_lacks(page, &body, "hoe je de vraag stelt als de partner erbij is");
    assert_has(page, &body, "waarom je de vraag nooit stelt als de partner erbij is");
}

// 10. Veilig Thuis Drenthe cannot oblige outside professionals: their trainings are recommended.
#[test]
fn trainings_for_outside_professionals_are_recommended_not_compulsory() {
    for page in ["scholing/index.html", "scholing/paspoorten/index.html"] {
        let body = text(page);
        assert_lacks(page, &body, "welke trainingen verplicht zijn");
        assert_lacks(page, &body, "Verplichte trainingen");
        assert_has(page, &body, "aanbevelen");
    }
    // The passports of Veilig Thuis Drenthe's own staff may oblige; the others may not.
    for (path, source) in
        sources("scholing/paspoorten").into_iter().filter(|(p, _)| !p.contains("eigen-medewerkers"))
    {
        if source.contains("audience = [\"professional\"]") && source.contains("kind = \"passport\"") {
            assert!(
                !source.contains("verplichte trainingen"),
                "{path}: a passport for outside professionals calls its trainings compulsory"
            );
        }
    }
}

/// The text of the basistraining deck's slide whose heading is `heading`.
#[track_caller]
fn slide(heading: &str) -> String {
    let deck = html("voor-trainers/presentaties/basistraining-meldcode/index.html");
    let slides: Vec<String> = deck.split("<section class=\"kb-slide").skip(1).map(plain).collect();
    let found: Vec<&String> = slides.iter().filter(|s| s.contains(heading)).collect();
    assert_eq!(found.len(), 1, "one slide headed {heading:?}, found {}", found.len());
    found[0].clone()
}

// 11. Questions 1-2 of the afwegingskader belong to step 4, questions 3-5 to step 5.
#[test]
fn the_basistraining_deck_splits_the_five_questions_over_steps_4_and_5() {
    let step_4 = slide("Stap 4: wegen");
    let step_5 = slide("Stap 5: beslissen");
    for q in ["Heb ik een vermoeden", "Is er acute en/of structurele onveiligheid"] {
        assert_has("the step 4 slide", &step_4, q);
        assert_lacks("the step 5 slide", &step_5, q);
    }
    for q in [
        "Kan ik effectieve hulp bieden",
        "Aanvaarden de betrokkenen",
        "Leidt de hulp binnen de gewenste tijd",
    ] {
        assert_lacks("the step 4 slide", &step_4, q);
        assert_has("the step 5 slide", &step_5, q);
    }
}

// 12. The peuterspeelzaal is the peuteropvang since 2018.
#[test]
fn no_page_speaks_of_the_peuterspeelzaal() {
    for (path, source) in sources("").into_iter().filter(|(p, _)| is_dutch(p)) {
        assert!(
            !source.to_lowercase().contains("peuterspeelzaal"),
            "{path}: peuterspeelzaal is peuteropvang since 2018"
        );
    }
    assert_has(
        "voorlichting-ouderavond",
        &text("scholing/voorlichting-ouderavond/index.html"),
        "peuteropvang",
    );
}

// 13. The chat is linked; the calendar and the passport overview are links; a public page that
// tells a reader to call the police or to report a crime gives the non-urgent number.
#[test]
fn the_chat_the_calendar_and_the_passport_overview_are_links() {
    let chat = r#"href="https://www.veiligthuis.nl/""#;
    for page in [
        "hulp/hulplijnen/index.html",
        "over-ons/contact/index.html",
        "hulp/wat-gebeurt-er-als-ik-bel/index.html",
    ] {
        let body = html(page);
        let (_, after) = body.split_once(chat).unwrap_or_else(|| panic!("{page} does not link the chat"));
        let label = plain(after.split_once("</a>").unwrap().0.split_once('>').unwrap().1);
        assert_eq!(label, "chatten met Veilig Thuis", "{page}");
    }
    for page in ["scholing/index.html", "scholing/paspoorten/index.html"] {
        let body = html(page);
        assert_has(page, &body, r#"href="/scholing/agenda/""#);
        assert_has(page, &body, r#"href="/scholing/paspoorten/overzicht/""#);
        assert_lacks(page, &text(page), "staat op /scholing/");
    }
}

#[test]
fn public_pages_that_send_a_reader_to_the_police_give_the_number() {
    let mut checked = 0;
    for (path, source) in sources("hulp").into_iter().filter(|(p, _)| is_dutch(p)) {
        let lower = source.to_lowercase();
        let sends = ["bel de politie", "doe aangifte", "aangifte doen", "aangifte doet", "naar de politie"]
            .iter()
            .any(|p| lower.contains(p));
        if sends {
            assert!(
                source.contains("0900-8844"),
                "{path} sends the reader to the police without the number 0900-8844"
            );
            checked += 1;
        }
    }
    assert!(checked >= 3, "only {checked} pages send the reader to the police: the filter is wrong");
    let page = "hulp/hulplijnen/index.html";
    assert_has(page, &html(page), r#"href="tel:09008844""#);
}

// 14. Nationally there are about as many advice requests as meldingen (CBS); the fictional
// figures follow that, and the page says so.
#[test]
fn the_fictional_trend_figures_keep_the_national_proportion() {
    let mut per_year = std::collections::BTreeMap::<String, (f64, f64)>::new();
    let rows = csv::Reader::from_path(Path::new(env!("CARGO_MANIFEST_DIR")).join("data/trends.csv"))
        .unwrap()
        .into_records()
        .map(Result::unwrap)
        .collect::<Vec<_>>();
    for r in &rows {
        let year = per_year.entry(r[1].to_string()).or_default();
        year.0 += r[3].parse::<f64>().unwrap();
        year.1 += r[4].parse::<f64>().unwrap();
    }
    assert!(per_year.len() >= 5, "too few years in the trend data");
    for (year, (advice, reports)) in per_year {
        let ratio = advice / reports;
        assert!(
            (0.7..=1.4).contains(&ratio),
            "{year}: {advice} advice requests against {reports} meldingen ({ratio:.2}); nationally they are about equal"
        );
    }
    let page = "trends/index.html";
    assert_has(page, &text(page), "Landelijk zijn er ongeveer evenveel adviezen als meldingen.");
}

// ---------------------------------------------------------------------------------------------
// The professional passport of Veilig Thuis Drenthe's own staff (issue 27, second part).

/// The passports of the own functions, by page: the role they name and the level it sits at.
const OWN_PASSPORTS: [(&str, &str, &str); 8] = [
    ("alle-medewerkers", "alle medewerkers van Veilig Thuis Drenthe", "organisatie"),
    ("triage-en-advies", "triage en advies (Veilig Thuis)", "afdeling Voordeur"),
    ("veiligheidsbeoordeling", "veiligheidsbeoordeling (Veilig Thuis)", "afdeling Veiligheid en Onderzoek"),
    ("onderzoek", "onderzoek (Veilig Thuis)", "afdeling Veiligheid en Onderzoek"),
    ("casusregie", "casusregie en monitoring (Veilig Thuis)", "afdeling Casusregie en Monitoring"),
    ("vertrouwensarts", "vertrouwensarts (Veilig Thuis)", "functie, alle afdelingen"),
    ("gedragswetenschapper", "gedragswetenschapper (Veilig Thuis)", "functie, alle afdelingen"),
    ("teamleider", "teamleider (Veilig Thuis)", "functie, alle afdelingen"),
];

#[test]
fn every_own_function_has_a_passport_with_its_level_and_repeat_intervals() {
    let overview = html("scholing/paspoorten/overzicht/index.html");
    for (slug, role, level) in OWN_PASSPORTS {
        let page = format!("scholing/paspoorten/eigen-medewerkers/{slug}/index.html");
        let body = text(&page);
        assert_has(&page, &body, &format!("Rol {role}"));
        assert_has(&page, &body, &format!("Niveau: {level}."));
        assert_has(&page, &body, "is de scholing in dit paspoort verplicht");
        // Every passport names at least one training with a repeat interval.
        assert_has(&page, &body, "elke ");
        // The role is a column of the roles x trainings overview, so the calendar's overview
        // shows who needs which training how often.
        assert_has("the passport overview", &overview, &format!(">{role}</a></th>"));
    }
    // Every function passport builds on the organisation's.
    for (slug, _, _) in &OWN_PASSPORTS[1..] {
        let page = format!("scholing/paspoorten/eigen-medewerkers/{slug}/index.html");
        assert_has(&page, &html(&page), r#"href="/scholing/paspoorten/eigen-medewerkers/alle-medewerkers/""#);
    }
}

#[test]
fn the_own_passports_say_how_the_committee_sets_the_calendar() {
    let page = "scholing/paspoorten/eigen-medewerkers/index.html";
    let body = text(page);
    assert_has(page, &body, "Sinds september 2023");
    assert_has(page, &body, "De commissie Professioneel handelen");
    assert_has(page, &body, "meldingen van incidenten");
    assert_has(page, &body, "kenniswerkplaatsen");
    assert_has(page, &body, "leren op de werkplek (reflectieve praktijk) én interprofessioneel, tenzij");
    assert_has(page, &body, "Wie is wanneer aan de beurt?");
    assert_has(page, &html(page), r#"href="/scholing/agenda/""#);
    // The passports for outside roles stay recommendations, and say where the own ones are.
    let outside = "scholing/paspoorten/index.html";
    assert_has(outside, &html(outside), r#"href="/scholing/paspoorten/eigen-medewerkers/""#);
}

// ---------------------------------------------------------------------------------------------
// The topics a regional Veilig Thuis site offers (issue 27, third part).

/// The new public pages, each reached from the "Ik maak me zorgen" section page.
const PUBLIC_TOPICS: [&str; 7] = [
    "eer-en-dwang",
    "online-misbruik",
    "loverboys-en-uitbuiting",
    "stalking-en-controle",
    "kinderen-bij-scheiding",
    "makkelijk-lezen",
    "hulplijnen",
];

#[test]
fn the_public_topic_pages_exist_are_linked_and_have_an_owner() {
    let index = html("hulp/index.html");
    for slug in PUBLIC_TOPICS {
        assert_has("hulp/index.html", &index, &format!(r#"href="/hulp/{slug}/""#));
        let page = format!("hulp/{slug}/index.html");
        let body = text(&page);
        assert_has(&page, &body, "0800-2000");
    }
    for (path, source) in sources("hulp").into_iter().filter(|(p, _)| is_dutch(p)) {
        let slug = path.trim_start_matches("hulp/").trim_end_matches(".md");
        if PUBLIC_TOPICS[..6].contains(&slug) {
            assert!(
                source.contains("\nowner = ") && source.contains("\nreview_by = "),
                "{path}: no owner or review date"
            );
        }
    }
    // The helplines and pages the issue names.
    let page = "hulp/eer-en-dwang/index.html";
    assert_has(page, &text(page), "Landelijk Knooppunt Huwelijksdwang en Achterlating");
    assert_has(page, &html(page), r#"href="https://www.fier.nl/""#);
    let page = "hulp/online-misbruik/index.html";
    assert_has(page, &html(page), r#"href="https://www.helpwanted.nl/""#);
    let page = "hulp/hulplijnen/index.html";
    assert_has(page, &text(page), "Mantelzorglijn");
    assert_has(
        "the loverboys signals",
        &text("handreikingen/loverboys-en-mensenhandel/index.html"),
        "Criminele uitbuiting",
    );
}

#[test]
fn the_sexual_violence_and_perpetrator_pages_are_in_english_and_arabic() {
    for lang in ["en", "ar"] {
        for slug in ["seksueel-geweld", "zelf-geweld-gebruiken"] {
            let page = format!("{lang}/hulp/{slug}/index.html");
            let body = html(&page);
            assert_has(&page, &body, &format!(r#"<html lang="{lang}""#));
            assert_has(&page, &body, "tel:08002000");
        }
        // The time limits of fact 8 hold in every language.
        let page = format!("{lang}/hulp/seksueel-geweld/index.html");
        assert_has(&page, &text(&page), "72");
    }
}

#[test]
fn the_plan_topics_for_professionals_are_present() {
    let page = "handreikingen/samen-op-in-acuut/index.html";
    let body = text(page);
    assert_has(page, &body, "samen op in acuut");
    assert_has(page, &body, "actieoverleg");
    let page = "handreikingen/eerder-erbij-en-toekomstscenario/index.html";
    let body = text(page);
    assert_has(page, &body, "eerder erbij");
    assert_has(page, &body, "Toekomstscenario kind- en gezinsbescherming");
    let page = "handreikingen/tijdelijk-huisverbod/index.html";
    let body = text(page);
    for heading in [
        "Regie: één partij houdt het overzicht",
        "Een vast contactpersoon voor het gezin",
        "Preventief: het huisverbod eerder overwegen",
    ] {
        assert_has(page, &body, heading);
    }
}

// ---------------------------------------------------------------------------------------------
// Trainer material: the decks and printables that the pages promise.

#[test]
fn the_trainings_link_their_decks_and_the_promised_printables_exist() {
    for (training, deck) in [
        ("scholing/huisverbod-in-de-praktijk/index.html", "/voor-trainers/presentaties/huisverbod/"),
        (
            "scholing/webinar-eergerelateerd-geweld/index.html",
            "/voor-trainers/presentaties/eergerelateerd-geweld/",
        ),
    ] {
        assert_has(training, &html(training), &format!(r#"href="{deck}""#));
    }
    let page = "scholing/voorlichting-ouderavond/index.html";
    let body = html(page);
    assert_has(page, &body, r#"href="/voor-trainers/printbaar/kaartje-telefoonnummers/""#);
    assert_has(page, &body, r#"href="/voor-trainers/printbaar/draaiboek-ouderavond/""#);
    let page = "scholing/voorlichting-jongeren/index.html";
    assert_has(page, &html(page), r#"href="/voor-trainers/printbaar/handleiding-begeleider/""#);
    // The card and the poster carry the numbers a reader needs, the non-urgent police included.
    for page in [
        "voor-trainers/printbaar/kaartje-telefoonnummers/index.html",
        "voor-trainers/printbaar/poster-hulplijnen/index.html",
    ] {
        let body = text(page);
        for number in ["112", "0800-2000", "0900-8844", "0800-0432", "0800-0188"] {
            assert_has(page, &body, number);
        }
    }
}

/// The decks for trainers: the four subjects of the issue each have a deck of 8 to 15 slides,
/// every slide with speaker notes, and the training it belongs to links it.
#[test]
fn every_trainer_deck_has_8_to_15_slides_each_with_notes_and_is_linked_from_its_training() {
    for (deck, training) in [
        ("huisverbod", "huisverbod-in-de-praktijk"),
        ("eergerelateerd-geweld", "webinar-eergerelateerd-geweld"),
        ("mda-plus-plus", "mda-plus-plus-samenwerken"),
        ("jongerenles", "voorlichting-jongeren"),
        ("ouderavond", "voorlichting-ouderavond"),
        ("basistraining-meldcode", "basis-meldcode"),
    ] {
        let page = format!("voor-trainers/presentaties/{deck}/index.html");
        let body = html(&page);
        let slides: Vec<&str> = body
            .split("<section class=\"kb-slide ")
            .skip(1)
            .map(|s| s.split("</section>").next().unwrap())
            .collect();
        assert!((8..=15).contains(&slides.len()), "{page}: {} slides, not 8 to 15", slides.len());
        for (n, slide) in slides.iter().enumerate() {
            assert!(slide.contains("class=\"kb-slide__notes\""), "{page}: slide {} has no notes", n + 1);
        }
        let training = format!("scholing/{training}/index.html");
        assert_has(&training, &html(&training), &format!(r#"href="/voor-trainers/presentaties/{deck}/""#));
    }
    // The youth lesson and the MDA++ deck end with the numbers to call.
    assert_has("the youth lesson", &text("voor-trainers/presentaties/jongerenles/index.html"), "0800-0432");
    assert_has("the MDA++ deck", &text("voor-trainers/presentaties/mda-plus-plus/index.html"), "0800-2000");
    // The practice cases say they are made up.
    assert_has(
        "the MDA++ deck",
        &text("voor-trainers/presentaties/mda-plus-plus/index.html"),
        "Een verzonnen gezin",
    );
    assert_has(
        "the honour-violence deck",
        &text("voor-trainers/presentaties/eergerelateerd-geweld/index.html"),
        "De casus is verzonnen",
    );
}

/// The ids of a page, each once.
#[track_caller]
fn assert_unique_ids(page: &str, body: &str) {
    let mut seen = std::collections::BTreeSet::new();
    for part in body.split(" id=\"").skip(1) {
        let id = part.split('"').next().unwrap();
        assert!(seen.insert(id.to_string()), "{page}: the id {id:?} is there twice");
    }
}

#[test]
fn the_printables_are_print_ready() {
    // The card prints four to an A4: the page and three copies for paper only, hidden from
    // screen readers, with no id twice.
    let page = "voor-trainers/printbaar/kaartje-telefoonnummers/index.html";
    let body = html(page);
    assert_has(page, &body, "kb-printbaar--kaartje");
    assert_eq!(body.matches("kb-printbaar__blad").count(), 4, "{page}: not four cards");
    assert_eq!(
        body.matches(r#"kb-printbaar__blad kb-print-only" aria-hidden="true""#).count(),
        3,
        "{page}: the copies are not for paper only"
    );
    assert_has(page, &body, "css/printbaar.");
    assert_unique_ids(page, &body);
    // Every card on the sheet has the two numbers that matter most.
    let cards: Vec<&str> = body.split("kb-printbaar__blad").skip(1).collect();
    for card in cards {
        let card = plain(card.split("</table>").next().unwrap());
        assert_has(page, &card, "112");
        assert_has(page, &card, "0800-2000");
    }
    // The poster: one A4 in large type, with the chat besides the numbers.
    let page = "voor-trainers/printbaar/poster-hulplijnen/index.html";
    assert_has(page, &html(page), "kb-printbaar--poster");
    assert_has(page, &text(page), "Chat met Veilig Thuis");
    // The script and the guide: documents with boxes to tick, and what to do when someone
    // tells you something.
    let page = "voor-trainers/printbaar/draaiboek-ouderavond/index.html";
    let body = text(page);
    assert_has(page, &html(page), "kb-printbaar--document");
    assert_has(page, &html(page), "kb-task__box");
    assert_has(page, &body, "Beloof geen geheimhouding");
    assert_has(page, &body, "Bel 112");
    let page = "voor-trainers/printbaar/handleiding-begeleider/index.html";
    let body = text(page);
    assert_has(page, &html(page), r#"href="/voor-trainers/presentaties/jongerenles/""#);
    assert_has(page, &body, "Beloof geen geheimhouding");
    // Honour violence, forced marriage and FGM: straight to Veilig Thuis (meldcode step 2).
    assert_has(page, &body, "Neem dan direct contact op met Veilig Thuis");
}

/// The easy-read pages (LVB): each says it is in easy language, gives 0800-2000 and 112, is
/// reached from the "Ik maak me zorgen" section and from the first easy-read page, and keeps
/// its sentences short.
#[test]
fn the_easy_read_pages_are_short_sentenced_linked_and_give_the_numbers() {
    let index = html("hulp/index.html");
    let first = html("hulp/makkelijk-lezen/index.html");
    for slug in ["makkelijk-lezen-bellen", "makkelijk-lezen-huisverbod", "makkelijk-lezen-zorgen-om-iemand"] {
        let page = format!("hulp/{slug}/index.html");
        let href = format!(r#"href="/hulp/{slug}/""#);
        assert_has("hulp/index.html", &index, &href);
        assert_has("hulp/makkelijk-lezen/index.html", &first, &href);
        let body = text(&page);
        assert_has(&page, &body, "Deze pagina is in makkelijke taal.");
        assert_has(&page, &body, "0800-2000");
        assert_has(&page, &body, "112");
        // The text up to the part for the carer: no sentence longer than 14 words (a heading,
        // paragraph or list item ends a sentence too).
        let source = html(&page);
        let (_, prose) = source.split_once(r#"<div class="kb-prose">"#).expect("a text");
        let (easy, _) = prose.split_once(r#"id="ben-je-begeleider""#).expect("a part for the carer");
        let easy = plain(&easy.replace("</h2>", ". ").replace("</p>", ". ").replace("</li>", ". "));
        for sentence in easy.split(['.', '?', '!', ':']) {
            let words = sentence.split_whitespace().count();
            assert!(words <= 14, "{page}: a sentence of {words} words: {sentence:?}");
        }
    }
    // The huisverbod's terms, in easy words too.
    let page = "hulp/makkelijk-lezen-huisverbod/index.html";
    let body = text(page);
    assert_has(page, &body, "Een huisverbod duurt 10 dagen.");
    assert_has(page, &body, "Het duurt nooit langer dan 28 dagen.");
}

// Phone numbers are given only where the domain notes confirm them; Helpwanted is reached
// through its website. And since the 2024 sexual offences act, peers of similar age who share
// images with each other by consent are not punishable: the page must not say "always".
#[test]
fn no_unconfirmed_number_and_no_always_punishable_sexting() {
    for (rel, source) in sources("") {
        assert_lacks(&rel, &source, "261 52 75");
    }
    let page = "hulp/online-misbruik/index.html";
    let body = text(page);
    assert_lacks(page, &body, "altijd strafbaar");
    assert_has(page, &body, "mag niemand een naaktbeeld van jou doorsturen naar anderen");
}
