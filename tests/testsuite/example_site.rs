//! Facts on the example site that a professional or a visitor acts on, checked on the built
//! site: the afwegingskader aid asks the five official questions in their order, every page
//! that shows a kernteam agrees with `data/gemeenten.toml`, the helplines page has the right
//! numbers and every page links to it, and the trend pages show figures per 1,000 inhabitants.
//!
//! The example site is built once (into a temporary folder) and shared by the tests.

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

use crate::common::{between, decode_entities};
use crate::common::{example_page as page, example_site as site};
use serde_json::Value;

/// The text of an HTML fragment: tags dropped, entities decoded, white space collapsed.
fn text(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
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

fn data_file() -> toml::Value {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("data/gemeenten.toml");
    toml::from_str(&fs::read_to_string(path).expect("data/gemeenten.toml")).expect("valid TOML")
}

fn slug(name: &str) -> String {
    name.to_lowercase().replace(' ', "-")
}

// ---------------------------------------------------------------------------------------------
// The afwegingskader

/// The decision tree of the aid, as the page hands it to its script.
fn decision_data() -> Value {
    let html = page("meldcode/afwegingskader/index.html");
    let json = between(&html, "<script type=\"application/json\" data-kb-decision-data>", "</script>");
    serde_json::from_str(json).expect("the decision data is JSON")
}

/// The entry of the list `data[list]` whose `key` is `value`.
#[track_caller]
fn entry<'a>(data: &'a Value, list: &str, key: &str, value: &str) -> &'a Value {
    let entries = data[list].as_array().unwrap_or_else(|| panic!("no list {list}"));
    entries.iter().find(|e| e[key] == value).unwrap_or_else(|| panic!("no {key} {value:?} in {list}"))
}

fn question<'a>(data: &'a Value, id: &str) -> &'a Value {
    entry(data, "questions", "id", id)
}

/// Where the answer `label` of question `id` leads.
fn next<'a>(data: &'a Value, id: &str, label: &str) -> &'a str {
    entry(question(data, id), "answers", "label", label)["next"].as_str().unwrap()
}

fn outcome_title<'a>(data: &'a Value, id: &str) -> &'a str {
    entry(data, "outcomes", "id", id)["title"].as_str().unwrap()
}

#[test]
fn the_decision_aid_asks_the_five_questions_of_the_afwegingskader_in_order() {
    let data = decision_data();
    // The five questions of the afwegingskader (2019), by what each asks.
    let official = [
        "vermoeden",
        "acute en/of structurele onveiligheid",
        "effectieve hulp te bieden of te organiseren",
        "aanvaarden de betrokkenen de hulp",
        "binnen de gewenste termijn",
    ];
    assert_eq!(data["questions"].as_array().unwrap().len(), 5, "the aid has exactly five questions");

    // Walking the way on which every question is asked: a suspicion, no acute or structural
    // unsafety, help possible, help accepted; then question 5.
    let way = ["Ja", "Nee", "Ja", "Ja"];
    let mut id = data["start"].as_str().unwrap().to_string();
    for (n, asks) in official.iter().enumerate() {
        let q = question(&data, &id);
        let text = q["text"].as_str().unwrap().to_lowercase();
        assert!(text.contains(asks), "question {} should ask about {asks:?}, asks {text:?}", n + 1);
        if let Some(answer) = way.get(n) {
            id = next(&data, &id, answer).to_string();
        }
    }
}

#[test]
fn each_answer_of_the_afwegingskader_leads_to_its_official_outcome() {
    let data = decision_data();
    let start = data["start"].as_str().unwrap();
    let q2 = next(&data, start, "Ja");
    let q3 = next(&data, q2, "Nee");
    let q4 = next(&data, q3, "Ja");
    let q5 = next(&data, q4, "Ja");

    assert!(outcome_title(&data, next(&data, start, "Nee")).contains("Sluit af"), "1: no suspicion closes");
    assert!(
        outcome_title(&data, next(&data, q2, "Ja")).contains("Meld bij Veilig Thuis"),
        "2: unsafety reports"
    );
    assert!(
        outcome_title(&data, next(&data, q3, "Nee")).contains("Meld bij Veilig Thuis"),
        "3: no help reports"
    );
    assert!(
        outcome_title(&data, next(&data, q4, "Nee")).contains("Meld bij Veilig Thuis"),
        "4: help refused reports"
    );
    assert!(outcome_title(&data, next(&data, q5, "Nee")).contains("opnieuw"), "5: no result reports (again)");
    assert!(outcome_title(&data, next(&data, q5, "Ja")).contains("afspraken"), "5: closes with agreements");
}

#[test]
fn the_honour_violence_check_is_in_step_2_not_a_question_of_the_aid() {
    let data = decision_data();
    for q in data["questions"].as_array().unwrap() {
        let text = q["text"].as_str().unwrap().to_lowercase();
        assert!(!text.contains("eergerelateerd"), "the aid asks about honour violence: {text}");
    }
    let step2 = text(&page("meldcode/stap-2-collegiale-consultatie/index.html"));
    for form in ["eergerelateerd geweld", "huwelijksdwang", "achterlating", "vrouwelijke genitale verminking"]
    {
        assert!(step2.contains(form), "step 2 does not name {form}");
    }
    assert!(
        step2.contains("direct contact op met Veilig Thuis"),
        "step 2 does not say to contact Veilig Thuis directly"
    );
}

// ---------------------------------------------------------------------------------------------
// Kernteams

#[test]
fn every_page_that_shows_a_kernteam_agrees_with_the_data_file() {
    let data = data_file();
    let municipalities = data["gemeenten"].as_array().unwrap();
    let teams = data["kernteams"].as_array().unwrap();
    let overview = page("handreikingen/kernteams/index.html");

    let mut members: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for g in municipalities {
        let name = g["naam"].as_str().unwrap();
        let team_name = g["kernteam"].as_str().unwrap();
        members.entry(team_name).or_default().push(name);
        let team = teams
            .iter()
            .find(|t| t["naam"].as_str() == Some(team_name))
            .expect("the team is in the data file");

        let region = page(&format!("regio/{}/index.html", slug(name)));
        assert!(
            region.contains(&format!("data-kb-kernteam=\"{team_name}\"")),
            "{name}: region page shows another team"
        );
        for field in ["telefoon", "email"] {
            let value = team[field].as_str().unwrap();
            assert!(region.contains(value), "{name}: region page lacks the team's {field} {value}");
        }
        for other in teams.iter().map(|t| t["naam"].as_str().unwrap()).filter(|t| *t != team_name) {
            assert!(!text(&region).contains(other), "{name}: region page names {other}");
        }
    }

    // The kernteams page: one row per team, listing exactly its municipalities.
    for team in teams {
        let team_name = team["naam"].as_str().unwrap();
        let row = between(&overview, &format!("<tr data-kb-kernteam=\"{team_name}\">"), "</tr>");
        let row = text(row);
        for g in municipalities {
            let name = g["naam"].as_str().unwrap();
            let listed = row.split(", ").any(|part| part.contains(name));
            let belongs = members[team_name].contains(&name);
            assert_eq!(listed, belongs, "kernteams page: {name} under {team_name}: {row}");
        }
        for field in ["telefoon", "email"] {
            assert!(
                row.contains(team[field].as_str().unwrap()),
                "kernteams page: {team_name} lacks its {field}"
            );
        }
    }
}

#[test]
fn region_pages_tell_residents_what_they_can_do_not_that_a_kernteam_thinks_along() {
    for g in data_file()["gemeenten"].as_array().unwrap() {
        let name = g["naam"].as_str().unwrap();
        let region = text(&page(&format!("regio/{}/index.html", slug(name))));
        assert!(!region.contains("denkt mee"), "{name}: the kernteam 'denkt mee' with the public");
        assert!(region.contains("0800-2000"), "{name}: no Veilig Thuis number");
        assert!(region.contains("wijkteam"), "{name}: the municipality's local team is not named");
        assert!(
            region.contains("ondersteunt professionals"),
            "{name}: does not say whom the kernteam is for"
        );
    }
}

// ---------------------------------------------------------------------------------------------
// Helplines

#[test]
fn the_helplines_page_has_the_national_numbers_and_the_interpreter() {
    let helplines = text(&page("hulp/hulplijnen/index.html"));
    for (line, number) in [
        ("Veilig Thuis", "0800-2000"),
        ("De Kindertelefoon", "0800-0432"),
        ("Centrum Seksueel Geweld", "0800-0188"),
        ("113 Zelfmoordpreventie", "0800-0113"),
        ("Slachtofferhulp Nederland", "0900-0101"),
        ("acuut gevaar", "112"),
    ] {
        assert!(helplines.contains(number), "{line}: {number} is not on the helplines page");
    }
    for topic in ["vrouwenopvang", "zelf geweld gebruikt", "tolk"] {
        assert!(helplines.contains(topic), "the helplines page does not mention {topic:?}");
    }
    // The tel: links dial the numbers that are shown.
    for tel in ["tel:08000432", "tel:08000188", "tel:113", "tel:08000113", "tel:09000101", "tel:08002000"] {
        assert!(page("hulp/hulplijnen/index.html").contains(tel), "no {tel} link");
    }
}

#[test]
fn every_page_links_to_the_helplines_and_says_it_is_an_example_site() {
    let mut missing = Vec::new();
    for entry in walkdir::WalkDir::new(site()) {
        let entry = entry.unwrap();
        let rel = entry.path().strip_prefix(site()).unwrap().to_string_lossy().replace('\\', "/");
        if !rel.ends_with("index.html") || rel.starts_with("grafieken/") {
            continue;
        }
        let html = fs::read_to_string(entry.path()).unwrap();
        if html.contains("http-equiv=\"refresh\"") {
            continue; // a redirect page for an alias
        }
        // The Dutch page, or its translation where the page is in another language.
        if !["", "/en", "/ar"].iter().any(|lang| html.contains(&format!("href=\"{lang}/hulp/hulplijnen/\"")))
        {
            missing.push(format!("{rel}: no link to the helplines"));
        }
        if !html.contains("class=\"kb-example-notice\"") {
            missing.push(format!("{rel}: no example notice"));
        }
    }
    assert!(missing.is_empty(), "{}", missing.join("\n"));
}

// ---------------------------------------------------------------------------------------------
// Trends

#[test]
fn trend_pages_show_figures_per_1000_inhabitants_with_the_population_sourced() {
    let data = data_file();
    let rows: Vec<csv::StringRecord> =
        csv::Reader::from_path(Path::new(env!("CARGO_MANIFEST_DIR")).join("data/trends.csv"))
            .unwrap()
            .records()
            .map(Result::unwrap)
            .collect();
    for g in data["gemeenten"].as_array().unwrap() {
        let name = g["naam"].as_str().unwrap();
        let population = g["inwoners"].as_integer().unwrap_or_else(|| panic!("{name}: no population")) as f64;
        let html = page(&format!("trends/{}/index.html", slug(name)));
        let table = text(between(&html, "data-kb-per-1000", "</table>"));
        let body = text(&html);
        // The population with its source and reference date, written the Dutch way, and
        // labelled as an unchecked example figure.
        let written =
            format!("{},{:03}", population as u64 / 1000, population as u64 % 1000).replace(',', ".");
        assert!(
            body.contains(&format!(
                "{name} had op 1 januari 2024 ongeveer {written} inwoners (CBS, afgerond voorbeeldcijfer)."
            )),
            "{name}: the population is not labelled with its source, date and status"
        );
        assert!(
            body.contains("niet nagekeken bij het CBS"),
            "{name}: the page does not say the figures are unchecked"
        );
        // 2025: the reports summed over the forms of violence, per 1,000 inhabitants.
        let reports: f64 = rows
            .iter()
            .filter(|r| &r[0] == name && &r[1] == "2025")
            .map(|r| r[4].parse::<f64>().unwrap())
            .sum();
        let per_1000 = (reports * 1000.0 / population * 10.0).round() / 10.0;
        // Always one decimal, the Dutch way: "3,0", never "3".
        let shown = format!("{per_1000:.1}").replace('.', ",");
        let year = table.split("2025 ").nth(1).unwrap_or_else(|| panic!("{name}: no 2025 row in {table}"));
        assert!(
            year.starts_with(&format!("{reports} {shown} ")),
            "{name}: 2025 should show {reports} reports, {shown} per 1,000; shows {year}"
        );
    }
    let overview = text(&page("trends/index.html"));
    assert!(overview.contains("per 1.000 inwoners"), "the overview has no comparison per 1,000");
    assert!(
        overview.contains("Inwoners (CBS, 1 januari 2024, afgerond)"),
        "the overview's population column has no source"
    );
    // Every figure per 1,000 in the overview has one decimal.
    let table = text(between(&page("trends/index.html"), "data-kb-per-1000", "</table>"));
    for g in data["gemeenten"].as_array().unwrap() {
        let name = g["naam"].as_str().unwrap();
        let row = table.split(&format!("{name} ")).nth(1).unwrap_or_else(|| panic!("no row for {name}"));
        let cells: Vec<&str> = row.split(' ').take(5).collect();
        for per_1000 in [cells[2], cells[4]] {
            let (whole, tenth) =
                per_1000.split_once(',').unwrap_or_else(|| panic!("{name}: `{per_1000}` has no decimal"));
            assert!(whole.parse::<u32>().is_ok() && tenth.len() == 1, "{name}: `{per_1000}`");
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Landmarks and regions

/// The landmarks and named regions of a page as (role, accessible name): the elements a
/// screen reader lists by name. The name is `aria-label`, or the text of the elements
/// `aria-labelledby` names.
fn named_landmarks(html: &str) -> Vec<(String, String)> {
    const IMPLICIT: &[(&str, &str)] = &[
        ("nav", "navigation"),
        ("aside", "complementary"),
        ("section", "region"),
        ("form", "form"),
        ("main", "main"),
    ];
    const ROLES: &[&str] =
        &["region", "navigation", "complementary", "search", "form", "main", "banner", "contentinfo"];
    let attribute = |tag: &str, name: &str| {
        let needle = format!(" {name}=\"");
        tag.find(&needle).map(|at| {
            let rest = &tag[at + needle.len()..];
            rest[..rest.find('"').unwrap_or(rest.len())].to_string()
        })
    };
    let text_of_id = |id: &str| {
        let needle = format!(" id=\"{id}\"");
        let Some(at) = html.find(&needle) else { return format!("#{id} (missing)") };
        let open = html[..at].rfind('<').unwrap_or(at);
        let element: String = html[open + 1..].chars().take_while(|c| c.is_ascii_alphanumeric()).collect();
        let body = &html[at..];
        let body = &body[body.find('>').map_or(0, |i| i + 1)..];
        let end = body.find(&format!("</{element}>")).unwrap_or(body.len());
        text(&body[..end])
    };
    let mut found = Vec::new();
    let mut rest = html;
    while let Some(at) = rest.find('<') {
        rest = &rest[at + 1..];
        let Some(end) = rest.find('>') else { break };
        let tag = &rest[..end];
        let element: String = tag.chars().take_while(|c| c.is_ascii_alphanumeric()).collect();
        let role = attribute(tag, "role")
            .or_else(|| IMPLICIT.iter().find(|(e, _)| *e == element).map(|(_, r)| r.to_string()));
        let Some(role) = role.filter(|r| ROLES.contains(&r.as_str())) else { continue };
        let name = match (attribute(tag, "aria-label"), attribute(tag, "aria-labelledby")) {
            (_, Some(ids)) => ids.split_whitespace().map(text_of_id).collect::<Vec<_>>().join(" "),
            (Some(label), None) => decode_entities(&label),
            (None, None) => continue,
        };
        found.push((role, name));
    }
    found
}

#[test]
fn no_page_has_two_landmarks_or_regions_of_one_name() {
    let mut problems = Vec::new();
    let mut pages = 0;
    for entry in walkdir::WalkDir::new(site()).into_iter().flatten() {
        if entry.path().extension().is_none_or(|e| e != "html") {
            continue;
        }
        let html = fs::read_to_string(entry.path()).unwrap();
        pages += 1;
        let mut seen: BTreeMap<(String, String), usize> = BTreeMap::new();
        for landmark in named_landmarks(&html) {
            *seen.entry(landmark).or_default() += 1;
        }
        for ((role, name), count) in seen.into_iter().filter(|(_, n)| *n > 1) {
            let rel = entry.path().strip_prefix(site()).unwrap().display().to_string();
            problems.push(format!("{rel}: {count} × {role} \"{name}\""));
        }
    }
    assert!(pages > 100, "only {pages} pages found");
    assert!(problems.is_empty(), "landmarks that share a name:\n{}", problems.join("\n"));
}

#[test]
fn the_landmark_scan_sees_names_from_labels_and_labelledby() {
    let html = r#"<nav aria-label="Menu"></nav><div role="region" aria-labelledby="c" tabindex="0"><table><caption id="c">Cijfers <em>2025</em></caption></table></div><aside aria-label="Tip"></aside><aside aria-label="Tip"></aside><section class="x"></section>"#;
    assert_eq!(
        named_landmarks(html),
        [
            ("navigation".to_string(), "Menu".to_string()),
            ("region".to_string(), "Cijfers 2025".to_string()),
            ("complementary".to_string(), "Tip".to_string()),
            ("complementary".to_string(), "Tip".to_string()),
        ]
    );
}

// ---------------------------------------------------------------------------------------------
// Slide decks

#[test]
fn the_parents_evening_deck_has_an_image_slide_with_a_local_drawing_and_dutch_alt_text() {
    let html = page("voor-trainers/presentaties/ouderavond/index.html");
    let slide = between(&html, "<section class=\"kb-slide kb-slide--image\"", "</section>");
    assert!(slide.contains("aria-roledescription=\"dia\""), "{slide}");
    assert!(slide.contains("<h2 id=\"hulp-is-dichtbij\">Hulp is dichtbij</h2>"), "{slide}");
    let img = between(slide, "<img ", ">");
    let src = between(img, "src=\"", "\"");
    assert_eq!(src, "/afbeeldingen/hulp-dichtbij.svg");
    assert!(site().join(src.trim_start_matches('/')).is_file(), "{src} is not in the built site");
    let alt = between(img, "alt=\"", "\"");
    for word in ["Tekening", "gezin", "school", "wijkteam", "huisarts", "Veilig Thuis"] {
        assert!(alt.contains(word), "the alt text names no `{word}`: {alt}");
    }
    assert!(slide.contains("Notities voor de trainer"), "the image slide has its notes");
}
