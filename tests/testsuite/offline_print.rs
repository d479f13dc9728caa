//! `[offline]` and `[print]`: the offline set's manifest, worker and budget, the print packs,
//! and the config errors that point at the line of `kennisbank.toml` to fix.

use crate::common::Site;

/// A site with a professional section of two pages and a page for the public in it.
fn site(config: &str) -> Site {
    let site = Site::minimal();
    site.write(
        "kennisbank.toml",
        format!("title = \"Testsite\"\nbase_url = \"https://test.example.nl\"\n{config}"),
    );
    site.write(
        "content/meldcode/_index.md",
        "+++\ntitle = \"Meldcode\"\naudience = [\"professional\"]\n+++\n\nDe stappen: [stap 2](@/meldcode/stap-2.md).\n",
    );
    site.write(
        "content/meldcode/stap-1.md",
        "+++\ntitle = \"Stap 1\"\nweight = 1\naudience = [\"professional\"]\n+++\n\n## Kijken\n\nZie [hulp](@/hulp.md) en [stap 2](@/meldcode/stap-2.md#wegen).\n",
    );
    site.write(
        "content/meldcode/stap-2.md",
        "+++\ntitle = \"Stap 2\"\nweight = 2\naudience = [\"professional\"]\n+++\n\n## Wegen\n\nOverleg met een collega.\n",
    );
    site.write(
        "content/meldcode/voor-ouders.md",
        "+++\ntitle = \"Voor ouders\"\nweight = 3\naudience = [\"public\"]\n+++\n\nUitleg voor ouders.\n",
    );
    site.write("content/hulp.md", "+++\ntitle = \"Hulp\"\naudience = [\"public\"]\n+++\n\nBel 0800-2000.\n");
    site
}

#[test]
fn the_offline_set_lists_professional_pages_only_and_the_build_prints_its_size() {
    let site = site("[offline]\nsections = [\"/meldcode/\"]\n");
    let run = site.build(&[]).ok().stdout_has("Offline set: 3 pages");
    assert!(run.stdout.contains(" KB."), "{run}");
    let manifest: serde_json::Value = serde_json::from_str(&site.output("offline/manifest.json")).unwrap();
    let pages: Vec<&str> =
        manifest["pages"].as_array().unwrap().iter().map(|p| p.as_str().unwrap()).collect();
    assert_eq!(pages, ["/meldcode/", "/meldcode/stap-1/", "/meldcode/stap-2/"]);
    let files: Vec<&str> =
        manifest["files"].as_array().unwrap().iter().map(|p| p.as_str().unwrap()).collect();
    assert!(files.iter().any(|f| f.starts_with("/css/kennisbank.")), "{files:?}");
    assert!(files.contains(&"/offline/search/manifest.json"), "{files:?}");
    // The search page comes along (it searches the stored pages on the device), as the script
    // that points it there; it is no page of a section, so the worker's refresh keeps it.
    assert!(files.contains(&"/zoeken/") && !pages.contains(&"/zoeken/"), "{files:?}");
    assert!(files.iter().any(|f| f.starts_with("/js/offline-copy.")), "{files:?}");
    assert_eq!(manifest["sections"], serde_json::json!(["/meldcode/"]));
    let search = site.output("zoeken/index.html");
    assert!(
        search
            .contains("<meta name=\"kb-offline-search-manifest\" content=\"/offline/search/manifest.json\">")
    );
    assert!(search.contains("data-kb-offline-notice") && !search.contains("data-kb-offline "));
    assert!(!site.output("hulp/index.html").contains("kb-offline-search-manifest"));
    for public in ["/meldcode/voor-ouders/", "/hulp/", "/", "/search/manifest.json", "/atom.xml"] {
        assert!(!files.contains(&public), "{public} is in the offline set");
    }
    let bytes: u64 = files
        .iter()
        .map(|f| {
            let rel = f.trim_start_matches('/');
            let rel = if rel.is_empty() || rel.ends_with('/') {
                format!("{rel}index.html")
            } else {
                rel.to_string()
            };
            std::fs::metadata(site.public().join(rel)).unwrap().len()
        })
        .sum();
    assert_eq!(manifest["bytes"].as_u64(), Some(bytes));
    // The worker at the root, unhashed; the CSP lets it run; the control on professional pages only.
    assert!(site.output("sw.js").contains("kb-offline-"));
    assert!(site.output("_headers").contains("worker-src 'self'"));
    assert!(site.output("meldcode/stap-1/index.html").contains("data-kb-offline"));
    assert!(!site.output("meldcode/voor-ouders/index.html").contains("data-kb-offline"));
    assert!(!site.output("hulp/index.html").contains("data-kb-offline"));
    // The offline search index knows the stored pages and nothing else.
    let docs = std::fs::read_dir(site.public().join("offline/search"))
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().starts_with("d-"))
        .flat_map(|d| std::fs::read_dir(d.path()).unwrap().flatten())
        .map(|f| std::fs::read_to_string(f.path()).unwrap())
        .collect::<String>();
    assert!(docs.contains("Stap 1") && !docs.contains("Voor ouders") && !docs.contains("0800-2000"));
}

#[test]
fn no_offline_section_means_no_worker_and_no_manifest() {
    let site = site("");
    let run = site.build(&[]).ok();
    assert!(!run.stdout.contains("Offline set"), "{run}");
    assert!(!site.public().join("sw.js").exists());
    assert!(!site.public().join("offline").exists());
    assert!(!site.output("meldcode/stap-1/index.html").contains("data-kb-offline"));
}

#[test]
fn an_unknown_offline_section_is_an_error_at_its_line() {
    let site = site("\n[offline]\nsections = [\"/meldcode/\", \"/meldcod/\"]\n");
    site.build(&[])
        .code(1)
        .stderr_has("[offline] sections: `/meldcod/` is not a section of this site")
        .stderr_has("kennisbank.toml:5:")
        .stderr_has("did you mean `/meldcode/`?");
    assert!(!site.public().exists());
}

#[test]
fn an_unknown_print_section_is_an_error_at_its_line() {
    let site = site("[print]\nsections = [\n  \"meldcode\",\n]\n");
    site.build(&[])
        .code(1)
        .stderr_has("[print] sections: `meldcode` is not a section of this site")
        .stderr_has("kennisbank.toml:5:3")
        .stderr_has("/meldcode/");
}

#[test]
fn an_offline_set_over_its_budget_is_an_error_at_the_budget() {
    let site = site("[offline]\nsections = [\"/meldcode/\"]\nbudget_kb = 1\n");
    site.build(&[])
        .code(1)
        .stderr_has("the offline set is ")
        .stderr_has("over its budget of 1 KB")
        .stderr_has("kennisbank.toml:5:13");
    assert!(!site.public().exists());
    let site = self::site("[offline]\nsections = [\"/meldcode/\"]\nbudget_kb = 5000\n");
    site.build(&[]).ok().stdout_has("of a budget of 5000 KB");
}

#[test]
fn a_print_pack_has_every_page_of_its_section_in_order() {
    let site = site("[print]\nsections = [\"/meldcode/\"]\n");
    site.build(&[]).ok();
    let pack = site.output("meldcode/afdrukken/index.html");
    let order: Vec<usize> = ["Meldcode", "Stap 1", "Stap 2", "Voor ouders"]
        .iter()
        .map(|title| {
            pack.find(&format!(">{title}</h2>")).unwrap_or_else(|| panic!("{title} missing:\n{pack}"))
        })
        .collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]), "pages out of order: {order:?}");
    // Ids are prefixed per page, headings one level down, links within the pack stay in it,
    // links out of it are absolute so that print shows where they lead.
    assert!(pack.contains("<h3 id=\"kb-print-1-kijken\">"), "{pack}");
    assert!(pack.contains("href=\"#kb-print-2\""));
    assert!(pack.contains("href=\"#kb-print-2-wegen\""));
    assert!(pack.contains("href=\"https://test.example.nl/hulp/\""));
    // The section links it, and the sitemap lists it.
    assert!(site.output("meldcode/index.html").contains("href=\"/meldcode/afdrukken/\""));
    assert!(site.output("sitemap.xml").contains("https://test.example.nl/meldcode/afdrukken/"));
}
