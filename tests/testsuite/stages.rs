//! The build as stages: one resolver for every kind of link, related pages without a published
//! search index, the topic facet from the first declared taxonomy, `kennisbank search` without
//! templates, and one collision check over every output file.

use crate::common::{Site, kennisbank, run};

/// A decision aid whose outcome links to `link`, and a meldcode section with a step page.
fn decision_linking_to(link: &str) -> Site {
    let site = Site::minimal();
    site.write(
        "content/meldcode/_index.md",
        "+++\ntitle = \"Meldcode\"\n+++\n\n## De stappen\n\nVijf stappen.\n",
    );
    site.write(
        "content/meldcode/stap-1.md",
        "+++\ntitle = \"Stap 1\"\n+++\n\n## Signalen\n\nBrengt signalen in kaart.\n",
    );
    site.write(
        "content/meldcode/kader.md",
        format!(
            "+++\ntitle = \"Afwegingskader\"\nkind = \"decision\"\nstart = \"vraag\"\n\n[[questions]]\nid = \"vraag\"\ntext = \"Is er een vermoeden?\"\n[[questions.answers]]\nlabel = \"Ja\"\nnext = \"melden\"\n[[questions.answers]]\nlabel = \"Nee\"\nnext = \"melden\"\n\n[[outcomes]]\nid = \"melden\"\ntitle = \"Melden\"\n[[outcomes.links]]\ntitle = \"De meldcode\"\nurl = \"{link}\"\n+++\n\nLoop de vragen door.\n"
        ),
    );
    site
}

#[test]
fn a_decision_outcome_resolves_folders_and_relative_paths_like_markdown() {
    for (link, href) in [
        ("@/meldcode/", "href=\"/meldcode/\""),
        ("stap-1.md#signalen", "href=\"/meldcode/stap-1/#signalen\""),
        ("@/meldcode/_index.md#de-stappen", "href=\"/meldcode/#de-stappen\""),
    ] {
        let site = decision_linking_to(link);
        site.build(&[]).ok();
        let html = site.output("meldcode/kader/index.html");
        assert!(html.contains(href), "`{link}` should become {href}");
    }
}

#[test]
fn a_decision_outcome_with_a_missing_anchor_is_an_error_at_its_place() {
    let site = decision_linking_to("@/meldcode/stap-1.md#signaal");
    let run = site.build(&[]).code(1);
    assert!(run.stderr.contains("has no heading with the id `#signaal`"), "{run}");
    assert!(run.stderr.contains("#signalen"), "the hint names the headings there:\n{run}");
    assert!(run.stderr.contains("kader.md:"), "the error names the file and line:\n{run}");
}

#[test]
fn a_menu_item_that_leads_nowhere_is_an_error_in_the_config() {
    let site = Site::minimal();
    site.write("content/hulp/_index.md", "+++\ntitle = \"Hulp\"\n+++\n\nHulp.\n");
    site.write(
        "kennisbank.toml",
        "title = \"Testsite\"\nbase_url = \"https://test.example.nl\"\n\n[menus]\nmain = [\n  { title = \"Hulp\", url = \"@/hulp/\" },\n  { title = \"Weg\", url = \"@/hulp/weg.md\" },\n]\n",
    );
    let run = site.build(&[]).code(1);
    assert!(run.stderr.contains("menu `main`: link to a page that does not exist: `hulp/weg.md`"), "{run}");
    assert!(run.stderr.contains("kennisbank.toml:7:"), "the error points at the item's url:\n{run}");

    site.write(
        "kennisbank.toml",
        "title = \"Testsite\"\nbase_url = \"https://test.example.nl\"\n\n[menus]\nmain = [{ title = \"Hulp\", url = \"@/hulp/\" }]\n",
    );
    site.build(&[]).ok();
    let home = site.output("index.html");
    assert!(home.contains("href=\"/hulp/\""), "a folder in a menu resolves to its page");
    assert!(!home.contains("href=\"@/"), "no menu item keeps its `@/` link as the href:\n{home}");
}

#[test]
fn url_in_a_template_resolves_anchors_and_checks_them() {
    let site = Site::minimal();
    site.write("content/meldcode/stap-1.md", "+++\ntitle = \"Stap 1\"\n+++\n\n## Signalen\n\nTekst.\n");
    site.write("templates/404.html", "{{ url(path=\"@/meldcode/stap-1.md#signalen\") }}");
    site.build(&[]).ok();
    assert_eq!(site.output("404.html"), "/meldcode/stap-1/#signalen");

    site.write("templates/404.html", "{{ url(path=\"@/meldcode/stap-1.md#signaal\") }}");
    let run = site.build(&[]).code(1);
    assert!(run.stderr.contains("has no heading with the id `#signaal`"), "{run}");
}

fn related_site(search: bool) -> Site {
    let site = Site::minimal();
    site.write(
        "kennisbank.toml",
        format!(
            "title = \"Testsite\"\nbase_url = \"https://test.example.nl\"\n\n[search]\nenabled = {search}\n"
        ),
    );
    let body = "Huiselijk geweld en kindermishandeling: signalen herkennen, de meldcode volgen en advies vragen bij Veilig Thuis.";
    for (name, title) in
        [("a", "Signalen herkennen"), ("b", "Meldcode volgen"), ("c", "Advies vragen"), ("d", "Privacy")]
    {
        let text = if name == "d" { "Deze site gebruikt geen cookies." } else { body };
        site.write(&format!("content/{name}.md"), format!("+++\ntitle = \"{title}\"\n+++\n\n{text}\n"));
    }
    site
}

#[test]
fn related_pages_do_not_need_a_published_search_index() {
    for search in [true, false] {
        let site = related_site(search);
        site.build(&[]).ok();
        let html = site.output("a/index.html");
        let (_, related) =
            html.split_once("kb-related").unwrap_or_else(|| panic!("no related pages (search {search})"));
        assert!(related.contains("/b/") && related.contains("/c/"), "search {search}: {related}");
        assert_eq!(site.public().join("search/manifest.json").exists(), search);
    }
    let site = related_site(false);
    site.write(
        "kennisbank.toml",
        "title = \"Testsite\"\nbase_url = \"https://test.example.nl\"\n\n[related]\ncount = 0\n",
    );
    site.build(&[]).ok();
    assert!(!site.output("a/index.html").contains("kb-related"), "count = 0 turns them off");
}

#[test]
fn the_topic_facet_is_the_first_declared_taxonomy() {
    let site = Site::minimal();
    // Declared `themas` before `doelgroep`: alphabetically `doelgroep` comes first.
    site.write(
        "kennisbank.toml",
        "title = \"Testsite\"\nbase_url = \"https://test.example.nl\"\n\n[[taxonomies]]\nname = \"themas\"\n\n[[taxonomies]]\nname = \"doelgroep\"\n",
    );
    site.write(
        "content/a.md",
        "+++\ntitle = \"Signalen\"\n[taxonomies]\ndoelgroep = [\"school\"]\nthemas = [\"kindermishandeling\"]\n+++\n\nSignalen van kindermishandeling.\n",
    );
    site.build(&[]).ok();
    let facets = std::fs::read_dir(site.public().join("search"))
        .unwrap()
        .flatten()
        .find(|e| e.file_name().to_string_lossy().starts_with("facets"))
        .map(|e| std::fs::read_to_string(e.path()).unwrap())
        .expect("a facets file");
    let facets: serde_json::Value = serde_json::from_str(&facets).unwrap();
    let topics: Vec<&String> = facets["topic"].as_object().expect("a topic facet").keys().collect();
    assert_eq!(
        topics,
        ["kindermishandeling"],
        "the topic facet took another taxonomy than the first declared"
    );
}

#[test]
fn search_answers_without_templates() {
    let site = related_site(true);
    // A template that cannot render: a build fails, a query does not need it.
    site.write("templates/page.html", "{{ nonexistent_variable.field }}");
    site.build(&[]).code(1);
    let run = run(kennisbank().args(["search", "--root"]).arg(site.root()).args(["--json", "meldcode"])).ok();
    assert!(run.stdout.contains("/b/"), "{run}");
}

#[test]
fn a_static_file_in_the_place_of_a_search_file_is_an_error() {
    let site = related_site(true);
    site.write("static/search/manifest.json", "{}");
    let run = site.build(&[]).code(1);
    assert!(run.stderr.contains("two outputs want the same file `search/manifest.json`"), "{run}");
}
