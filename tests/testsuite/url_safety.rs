//! Issue 30, items 12 and 13: a URL that cannot be a folder of the output (a `.` slug, an alias
//! onto a file the build writes, a name over 255 bytes, a file name without letters) is an
//! error at the file and line that chose it, in `build` and in `check` alike; the previous
//! output is left as it was. Before, these built with exit 0 (the page vanished) or failed
//! late with "cannot write ...: Is a directory" and no place. And issue 26: old URLs keep
//! working (aliases as host redirect files) and `check --old-urls` finds those that do not.

use serde_json::Value;

use crate::common::Site;

/// Runs `check --format json` (which must fail) and `build` (which must fail and write
/// nothing); returns check's diagnostics whose message holds `needle`.
fn refused(site: &Site, needle: &str) -> Vec<Value> {
    let (run, report) = site.check_json(&[]);
    assert_eq!(run.code, 1, "check passes:\n{run}");
    let found: Vec<Value> = report["diagnostics"]
        .as_array()
        .expect("`diagnostics` is a list")
        .iter()
        .filter(|d| d["message"].as_str().is_some_and(|m| m.contains(needle)))
        .cloned()
        .collect();
    assert!(!found.is_empty(), "no {needle:?} in check's report:\n{report:#}");
    let build = site.build(&[]);
    assert_ne!(build.code, 0, "build passes:\n{build}");
    assert!(build.stderr.contains(needle), "build does not say {needle:?}:\n{build}");
    assert!(!build.stderr.contains("Is a directory"), "{build}");
    assert!(!site.public().exists(), "a failed build wrote output");
    found
}

#[track_caller]
fn at(d: &Value, file: &str, line: u64) {
    assert_eq!((d["file"].as_str(), d["line"].as_u64()), (Some(file), Some(line)), "{d:#}");
}

#[test]
fn a_dot_slug_is_an_error_at_the_slug() {
    for slug in [".", "./", ".."] {
        let site = Site::minimal();
        site.write("content/punt.md", format!("---\ntitle: Punt\nslug: \"{slug}\"\n---\n\nTekst.\n"));
        let found = refused(&site, "cannot be written");
        assert_eq!(found.len(), 1, "{found:#?}");
        at(&found[0], "content/punt.md", 3);
    }
}

#[test]
fn a_dot_alias_is_an_error_not_dropped() {
    let site = Site::minimal();
    site.write("content/punt.md", "---\ntitle: Punt\naliases:\n  - /oud/\n  - \"/./\"\n---\n\nTekst.\n");
    let found = refused(&site, "the alias `/./` cannot be a URL of the site");
    at(&found[0], "content/punt.md", 5);
}

#[test]
fn aliases_onto_files_the_build_writes_are_errors_with_a_place() {
    for (n, name) in
        ["/sitemap.xml", "/404.html", "/_headers", "/robots.txt", "/.kennisbank-output"].iter().enumerate()
    {
        let site = Site::minimal();
        let lines = "\n".repeat(n);
        site.write(
            "content/p.md",
            format!("+++\ntitle = \"P\"\n{lines}aliases = [\"{name}\"]\n+++\n\nTekst.\n"),
        );
        let found = refused(&site, "a file the build writes itself");
        at(&found[0], "content/p.md", 3 + n as u64);
    }
}

#[test]
fn names_over_255_bytes_are_errors_with_a_place() {
    let long = "a".repeat(256);
    let site = Site::minimal();
    site.write("content/lang.md", format!("---\ntitle: Lang\nslug: {long}\n---\n\nTekst.\n"));
    at(&refused(&site, "256 bytes")[0], "content/lang.md", 3);

    let site = Site::minimal();
    site.write("content/alias.md", format!("---\ntitle: Alias\naliases: [\"/{long}/\"]\n---\n\nTekst.\n"));
    at(&refused(&site, "256 bytes")[0], "content/alias.md", 3);

    let site = Site::minimal();
    site.write(
        "kennisbank.toml",
        "title = \"T\"\nbase_url = \"https://t.example.nl\"\n\n[[taxonomies]]\nname = \"themas\"\n",
    );
    site.write("content/term.md", format!("---\ntitle: Term\nthemas: [\"{long}\"]\n---\n\nTekst.\n"));
    let found = refused(&site, "cannot have a page of its own");
    assert_eq!(found[0]["file"], "content/term.md", "{found:#?}");

    // 255 bytes is a name every file system holds.
    let site = Site::minimal();
    site.write(
        "content/precies.md",
        format!("---\ntitle: Precies\nslug: {}\n---\n\nTekst.\n", "b".repeat(255)),
    );
    site.build(&[]).ok();
    assert!(site.public().join("b".repeat(255)).join("index.html").is_file());
}

#[test]
fn a_file_name_without_letters_names_the_file() {
    let site = Site::minimal();
    site.write("content/-.md", "---\ntitle: Min\n---\n\nTekst.\n");
    let found = refused(&site, "it is made from the file name");
    at(&found[0], "content/-.md", 1);
    assert!(found[0]["hint"].as_str().unwrap().contains("rename content/-.md"), "{found:#?}");
}

#[test]
fn characters_no_file_system_holds_are_refused_in_a_slug() {
    for slug in ["\"urn:nl:vtd\"", "CON", "\"a\\\\b\""] {
        let site = Site::minimal();
        site.write("content/p.md", format!("---\ntitle: P\nslug: {slug}\n---\n\nTekst.\n"));
        at(&refused(&site, "cannot be written")[0], "content/p.md", 3);
    }
}

#[test]
fn an_id_that_is_no_name_leaves_the_url_to_the_file_name() {
    let site = Site::minimal();
    site.write("content/Signalen.md", "---\nid: \"urn:nl:vtd:signalen\"\ntitle: Signalen\n---\n\nTekst.\n");
    site.build(&[]).ok();
    assert!(site.public().join("signalen/index.html").is_file());
}

/// Issue 26, item 2: every alias is also a line of the host redirect files, `_redirects`
/// (Netlify, Cloudflare Pages) and an nginx map, with the base path; the redirect page stays.
#[test]
fn aliases_are_written_as_host_redirect_files() {
    let site = Site::minimal();
    site.write("kennisbank.toml", "title = \"T\"\nbase_url = \"https://t.example.nl/kb\"\n");
    site.write(
        "content/hulp/nieuw.md",
        "---\ntitle: Nieuw\naliases: [\"/Oud/Pagina/\", \"/oud.html\"]\n---\n\nTekst.\n",
    );
    site.build(&[]).ok();
    let netlify = site.output("_redirects");
    assert!(netlify.contains("/kb/Oud/Pagina/ /kb/hulp/nieuw/ 301\n"), "{netlify}");
    assert!(netlify.contains("/kb/Oud/Pagina /kb/hulp/nieuw/ 301\n"), "{netlify}");
    assert!(
        netlify.contains("/kb/oud.html/ /kb/hulp/nieuw/ 301\n") || netlify.contains("/kb/oud.html "),
        "{netlify}"
    );
    let nginx = site.output("nginx-redirects.conf");
    assert!(nginx.contains("map $uri $kennisbank_redirect {"), "{nginx}");
    assert!(nginx.contains("    \"/kb/Oud/Pagina/\" \"/kb/hulp/nieuw/\";\n"), "{nginx}");
    assert!(site.output("Oud/Pagina/index.html").contains("hulp/nieuw/"));
    // Issue 26: the canonical link holds the base path once, not `/kb/kb/`.
    let page = site.output("hulp/nieuw/index.html");
    assert!(page.contains("<link rel=\"canonical\" href=\"https://t.example.nl/kb/hulp/nieuw/\">"), "{page}");

    // A site without aliases gets neither file; a site's own `_redirects` is kept.
    let plain = Site::minimal();
    plain.build(&[]).ok();
    assert!(!plain.public().join("_redirects").exists());
    site.write("static/_redirects", "/x /y 302\n");
    site.build(&[]).ok();
    assert_eq!(site.output("_redirects"), "/x /y 302\n");
}

/// Issue 26, item 2: `check --old-urls FILE` reports every old URL that leads nowhere, at its
/// line in FILE (a list or the old site's sitemap); pages, aliases, folders without their last
/// slash and `index.html` forms all count as leading somewhere.
#[test]
fn check_reports_old_urls_that_lead_nowhere() {
    let site = Site::minimal();
    site.write("kennisbank.toml", "title = \"T\"\nbase_url = \"https://t.example.nl/kb\"\n");
    site.write("content/hulp/nieuw.md", "---\ntitle: Nieuw\naliases: [\"/Oud/Pagina/\"]\n---\n\nTekst.\n");
    site.write(
        "oud.txt",
        "# De oude site\nhttps://oud.example.nl/kb/hulp/nieuw/\nhttps://oud.example.nl/kb/Oud/Pagina\n/kb/hulp/index.html\nhttps://oud.example.nl/kb/hulp/Nieuw/\n/kb/weg.html\n",
    );
    let old = site.path("oud.txt");
    let (run, report) = site.check_json(&["--old-urls", old.to_str().unwrap()]);
    assert_eq!(run.code, 1, "{run}");
    let lost: Vec<(u64, String)> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["message"].as_str().is_some_and(|m| m.contains("leads nowhere")))
        .map(|d| (d["line"].as_u64().unwrap(), d["message"].as_str().unwrap().to_string()))
        .collect();
    assert_eq!(lost.len(), 2, "{lost:#?}");
    assert_eq!(lost[0].0, 5);
    assert!(lost[0].1.contains("`/hulp/Nieuw/`"), "{lost:#?}");
    assert_eq!(lost[1].0, 6);

    site.write(
        "sitemap.xml",
        "<?xml version=\"1.0\"?>\n<urlset>\n  <url><loc>https://oud.example.nl/kb/</loc></url>\n  <url><loc>https://oud.example.nl/kb/hulp/nieuw/</loc></url>\n</urlset>\n",
    );
    let sitemap = site.path("sitemap.xml");
    let (run, report) = site.check_json(&["--old-urls", sitemap.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{run}\n{report:#}");
}
