//! `kennisbank build` end to end: the example site, reproducibility, `init` and `new`, and sites
//! written for Zola, Hugo and MkDocs/Docusaurus (fixtures in `tests/fixtures/`).

use crate::common;

use std::fs;
use std::path::Path;

use crate::common::{Site, crawl, kennisbank, run, tree};
use tempfile::TempDir;

/// Builds the example site at the repository root into a temporary folder.
fn build_example(out: &Path) -> common::Run {
    run(kennisbank().arg("build").arg("--root").arg(env!("CARGO_MANIFEST_DIR")).arg("--output").arg(out))
}

#[test]
fn example_site_builds_without_warnings_and_every_page_is_reachable() {
    let tmp = TempDir::new().unwrap();
    let out = tmp.path().join("site");
    let built = build_example(&out).ok();
    // A build reports warnings on stderr and counts them in its summary line; there must be none.
    assert!(built.stderr.is_empty(), "the example site has warnings:\n{built}");
    assert!(built.stdout.contains("Built ") && !built.stdout.contains("warning"), "{built}");

    let files = tree(&out);
    for required in ["index.html", "sitemap.xml", "robots.txt", "404.html", "atom.xml", ".kennisbank-output"]
    {
        assert!(files.contains_key(required), "{required} is missing");
    }
    let robots = String::from_utf8_lossy(&files["robots.txt"]).into_owned();
    assert!(robots.contains("Sitemap: https://kennisbank.example.nl/sitemap.xml"), "{robots}");
    let atom = String::from_utf8_lossy(&files["atom.xml"]).into_owned();
    assert!(
        atom.contains("<feed xmlns=\"http://www.w3.org/2005/Atom\"") && atom.contains("<entry>"),
        "{atom}"
    );

    let crawl = crawl(&files);
    assert!(crawl.broken.is_empty(), "internal links that lead nowhere: {:#?}", crawl.broken);
    let pages: Vec<&String> = files
        .iter()
        .filter(|(name, bytes)| {
            name.ends_with(".html")
                && *name != "404.html"
                // Redirect pages for old URLs (aliases) are reached by their old URL, not by links.
                && !String::from_utf8_lossy(bytes).contains("http-equiv=\"refresh\"")
        })
        .map(|(name, _)| name)
        .collect();
    assert!(pages.len() > 50, "the example site has only {} pages", pages.len());
    let unreachable: Vec<&&String> = pages.iter().filter(|p| !crawl.reached.contains(**p)).collect();
    assert!(unreachable.is_empty(), "pages no link leads to from the home page: {unreachable:#?}");

    // Every page is in the sitemap.
    let sitemap = String::from_utf8_lossy(&files["sitemap.xml"]).into_owned();
    for page in &pages {
        let url = format!("https://kennisbank.example.nl/{}", page.trim_end_matches("index.html"));
        assert!(sitemap.contains(&format!("<loc>{url}</loc>")), "{url} is not in sitemap.xml");
    }
}

#[test]
fn css_and_js_names_carry_a_content_hash() {
    let site = Site::minimal();
    site.write("static/css/eigen.css", "body { color: black; }\n");
    site.build(&[]).ok();
    let names = |site: &Site| -> Vec<String> {
        tree(&site.public()).into_keys().filter(|n| n.ends_with(".css") || n.ends_with(".js")).collect()
    };
    let first = names(&site);
    assert!(first.iter().any(|n| n.starts_with("css/")) && first.iter().any(|n| n.starts_with("js/")));
    for name in &first {
        let file = name.rsplit('/').next().unwrap();
        let parts: Vec<&str> = file.split('.').collect();
        assert_eq!(parts.len(), 3, "{name} is not NAME.HASH.EXT");
        assert!(
            parts[1].len() >= 8 && parts[1].chars().all(|c| c.is_ascii_hexdigit()),
            "{name} carries no hash"
        );
    }
    let home = site.output("index.html");
    let own = first.iter().find(|n| n.starts_with("css/eigen.")).expect("the site's own stylesheet");
    assert!(first.iter().all(|n| !n.ends_with("/eigen.css")));

    // Other contents, another name; the pages link the new name.
    site.write("static/css/eigen.css", "body { color: navy; }\n");
    site.build(&[]).ok();
    let second = names(&site);
    let own2 = second.iter().find(|n| n.starts_with("css/eigen.")).unwrap();
    assert_ne!(own, own2, "the hash did not change with the contents");
    let kennisbank_css = first.iter().find(|n| n.starts_with("css/kennisbank.")).unwrap();
    let hrefs = common::attribute_values(&home, "href");
    assert!(
        hrefs.contains(&format!("/{kennisbank_css}")),
        "the page does not link {kennisbank_css}: {hrefs:?}"
    );
}

#[test]
fn two_builds_with_the_same_date_are_byte_identical() {
    let tmp = TempDir::new().unwrap();
    let (a, b) = (tmp.path().join("a"), tmp.path().join("b"));
    build_example(&a).ok();
    build_example(&b).ok();
    let (first, second) = (tree(&a), tree(&b));
    assert!(first.len() > 100);
    common::assert_same_tree(&first, &second);
}

#[test]
fn the_output_is_the_same_whatever_the_thread_count() {
    let tmp = TempDir::new().unwrap();
    let mut trees = Vec::new();
    for threads in ["1", "2", "5"] {
        let out = tmp.path().join(threads);
        let mut cmd = kennisbank();
        cmd.env("RAYON_NUM_THREADS", threads);
        run(cmd.arg("build").arg("--root").arg(env!("CARGO_MANIFEST_DIR")).arg("--output").arg(&out)).ok();
        trees.push(tree(&out));
    }
    assert!(trees[0].len() > 100);
    common::assert_same_tree(&trees[0], &trees[1]);
    common::assert_same_tree(&trees[0], &trees[2]);
}

#[test]
fn init_makes_a_site_that_builds_at_once() {
    let tmp = TempDir::new().unwrap();
    let dir = tmp.path().join("mijn-kennisbank");
    run(kennisbank().arg("init").arg(&dir)).ok().stdout_has("Created a new site");
    assert!(dir.join("kennisbank.toml").is_file());
    let built = run(kennisbank().arg("build").arg("--root").arg(&dir)).ok();
    assert!(built.stderr.is_empty(), "{built}");
    let html = fs::read_to_string(dir.join("public/signalen/voorbeeld-signalenlijst/index.html")).unwrap();
    assert!(html.contains("type=\"checkbox\""), "the example checklist has no checkboxes");
}

#[test]
fn init_refuses_a_folder_with_files() {
    let site = Site::minimal();
    let before = tree(site.root());
    run(kennisbank().arg("init").arg(site.root())).code(2).stderr_has("not empty");
    common::assert_same_tree(&before, &tree(site.root()));
}

#[test]
fn new_writes_front_matter_that_builds_for_every_kind() {
    let tmp = TempDir::new().unwrap();
    let dir = tmp.path().join("site");
    run(kennisbank().arg("init").arg(&dir)).ok();
    let kinds = ["checklist", "guidance", "training", "passport", "decision", "glossary", "page"];
    for kind in kinds {
        let rel = format!("content/nieuw/{kind}-pagina.md");
        run(kennisbank().args(["new", &rel, "--kind", kind, "--root"]).arg(&dir)).ok().stdout_has("Created");
        let text = fs::read_to_string(dir.join(&rel)).unwrap();
        assert!(text.starts_with("+++\n") && text.contains(&format!("kind = \"{kind}\"")), "{text}");
    }
    let built = run(kennisbank().arg("build").arg("--root").arg(&dir)).ok();
    assert!(built.stderr.is_empty(), "pages made by `new` have problems:\n{built}");
    let checklist = fs::read_to_string(dir.join("public/nieuw/checklist-pagina/index.html")).unwrap();
    assert_eq!(checklist.matches("type=\"checkbox\"").count(), 2, "{checklist}");
    assert!(dir.join("public/nieuw/training-pagina/cursus.ics").is_file());
}

#[test]
fn new_refuses_an_existing_file_and_an_unknown_kind() {
    let site = Site::minimal();
    run(kennisbank().args(["new", "content/_index.md", "--root"]).arg(site.root()))
        .code(2)
        .stderr_has("already exists");
    run(kennisbank().args(["new", "content/x.md", "--kind", "recept", "--root"]).arg(site.root()))
        .code(2)
        .stderr_has("unknown kind `recept`");
    assert!(!site.path("content/x.md").exists());
}

#[test]
fn zola_style_site_builds() {
    let site = Site::fixture("zola");
    let built = site.build(&[]).ok();
    assert!(built.stderr.is_empty(), "{built}");

    let first = site.output("blog/eerste-bericht/index.html");
    assert!(first.contains("Eerste bericht"));
    // `@/` link with an anchor resolved to a URL.
    assert!(
        common::attribute_values(&first, "href").iter().any(|h| h == "/blog/tweede-bericht/#verder-lezen")
    );
    // Code highlighted into classes, never inline styles.
    assert!(first.contains("hl-") && !first.contains("style=\""), "code is not highlighted into classes");
    // Taxonomy pages from `[taxonomies]`.
    let rust = site.output("tags/rust/index.html");
    assert!(rust.contains("Eerste bericht") && !rust.contains("Tweede bericht"));
    assert!(site.output("tags/nieuws/index.html").contains("Tweede bericht"));
    // The section lists its pages newest first.
    let blog = site.output("blog/index.html");
    let (second_at, first_at) = (blog.find("Tweede bericht").unwrap(), blog.find("Eerste bericht").unwrap());
    assert!(second_at < first_at, "the blog does not list the newest post first");
    // A page bundle: its other files are copied beside it.
    assert_eq!(site.output("over-ons/jaarplan.txt"), "Jaarplan 2026: meer lezers.\n");
    assert!(site.output("over-ons/index.html").contains("Wij maken deze site."));
}

#[test]
fn aliases_make_redirect_pages() {
    let site = Site::fixture("zola");
    site.build(&[]).ok();
    let redirect = site.output("oud/tweede/index.html");
    assert!(redirect.contains("http-equiv=\"refresh\""), "{redirect}");
    let targets: Vec<String> = common::attribute_values(&redirect, "href");
    assert!(targets.iter().any(|t| t == "/blog/tweede-bericht/"), "{targets:?}");
    assert!(
        redirect.contains("url=/blog/tweede-bericht/")
            || redirect.contains("url=&#x2F;blog&#x2F;tweede-bericht&#x2F;")
    );
}

#[test]
fn hugo_style_site_builds_with_yaml_dates_tags_and_drafts_left_out() {
    let site = Site::fixture("hugo");
    let built = site.build(&[]).ok();
    assert!(built.stderr.is_empty(), "{built}");
    let post = site.output("posts/signalen-op-school/index.html");
    assert!(post.contains("Signalen op school"));
    // `lastmod` counts as `updated`.
    assert!(post.contains("2026-02-03"), "lastmod is not shown");
    // A relative link between .md files becomes a URL.
    assert!(common::attribute_values(&post, "href").iter().any(|h| h == "/posts/gesprek-voeren/"));
    // Top-level `tags:` and `categories:` lists feed the declared taxonomies.
    let school = site.output("tags/school/index.html");
    assert!(school.contains("Signalen op school") && school.contains("Gesprek voeren"));
    assert!(site.output("categories/nieuws/index.html").contains("Signalen op school"));
    // The draft is not built, and not listed.
    assert!(!site.public().join("posts/concept").exists());
    assert!(!site.output("posts/index.html").contains("Nog niet af"));
    assert!(!site.output("sitemap.xml").contains("concept"));
}

#[test]
fn drafts_are_built_only_with_the_drafts_flag() {
    let site = Site::fixture("hugo");
    site.build(&["--drafts"]).ok();
    assert!(site.output("posts/concept/index.html").contains("Dit concept is nog niet klaar."));
    assert!(site.output("posts/index.html").contains("Nog niet af"));
    site.build(&[]).ok();
    assert!(!site.public().join("posts/concept").exists(), "a build without --drafts kept the draft");
}

#[test]
fn mkdocs_and_docusaurus_style_site_builds() {
    let site = Site::fixture("mkdocs");
    let built = site.build(&[]).ok();
    assert!(built.stderr.is_empty(), "unknown front-matter fields gave warnings:\n{built}");
    // `index.md` at the top is the home page; `index.md` beside other pages is their section.
    assert!(site.output("index.html").contains("Startpagina"));
    let section = site.output("handleiding/index.html");
    assert!(section.contains("Alles over het gebruik."));
    // Pages in the section, ordered by `sidebar_position`.
    let install = section.find(">Installeren</a>").expect("the section lists Installeren");
    let use_ = section.find(">Gebruiken</a>").expect("the section lists Gebruiken");
    assert!(install < use_, "sidebar_position does not order the pages (alphabetical would not)");
    // The first `# ` heading is the title, and it is not repeated in the body.
    let page = site.output("handleiding/installeren/index.html");
    assert!(page.contains("<title>Installeren"), "the title is not the first heading");
    assert_eq!(page.matches("<h1").count(), 1, "the heading is repeated in the body");
    assert!(page.contains("Zo installeer je het."));
}

#[test]
fn two_files_that_want_one_url_are_an_error_naming_both() {
    let site = Site::minimal();
    site.write("content/hulp.md", "+++\ntitle = \"Hulp\"\n+++\nTekst.\n");
    site.write("content/hulp/index.md", "+++\ntitle = \"Ook hulp\"\n+++\nTekst.\n");
    let failed = site.build(&[]).code(1).stderr_has("two files want the URL `/hulp/`");
    assert!(
        failed.stderr.contains("content/hulp.md") && failed.stderr.contains("content/hulp/index.md"),
        "{failed}"
    );
}

#[test]
fn usage_errors_exit_with_2() {
    run(&mut kennisbank()).code(2);
    run(kennisbank().arg("bouw")).code(2).stderr_has("unrecognized subcommand");
    run(kennisbank().args(["build", "--nope"])).code(2).stderr_has("--nope");
    run(kennisbank().args(["new"])).code(2);
    run(kennisbank().args(["serve", "--port", "geen-getal"])).code(2);
}

#[test]
fn help_and_version() {
    run(kennisbank().arg("--help")).ok().stdout_has("Exit codes");
    run(kennisbank().args(["build", "--help"])).ok().stdout_has("--drafts");
    run(kennisbank().arg("--version")).ok().stdout_has(env!("CARGO_PKG_VERSION"));
}
