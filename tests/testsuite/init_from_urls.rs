//! Issue 26, items 1-3: `kennisbank init NEW --from OLD` keeps every URL of the old site. The
//! fixtures `tests/fixtures/urls-<generator>` hold one file per URL rule of MkDocs,
//! Docusaurus, Hugo and Zola; the old URLs listed here for MkDocs and Zola are those their
//! real builds wrote (MkDocs 1.6, Zola 0.22.1), for Docusaurus and Hugo those their code
//! gives. After the import and a build, `check --old-urls old-urls.txt` finds every one.

use crate::common::{Run, Site, kennisbank, run};

/// Imports `old` into a new site, builds it, and returns the new site and the init run.
fn import_and_build(old: &Site) -> (Site, Run) {
    let new = Site::empty();
    let init = run(kennisbank().arg("init").arg(new.path("site")).arg("--from").arg(old.root())).ok();
    let built = run(kennisbank().args(["build", "--quiet", "--root"]).arg(new.path("site")));
    assert_eq!(built.code, 0, "the import does not build:\n{init}\n{built}");
    (new, init)
}

/// The URLs of `old-urls.txt` (its comment lines left out).
fn listed(new: &Site) -> Vec<String> {
    let text = std::fs::read_to_string(new.path("site/old-urls.txt")).expect("old-urls.txt is written");
    text.lines().filter(|l| !l.starts_with('#') && !l.is_empty()).map(str::to_string).collect()
}

/// Every old URL that `check --old-urls old-urls.txt` says leads nowhere.
fn leading_nowhere(new: &Site) -> Vec<String> {
    let out = run(kennisbank()
        .args(["check", "--format", "json", "--old-urls", "old-urls.txt", "--root"])
        .arg(new.path("site"))
        .current_dir(new.path("site")));
    let report: serde_json::Value =
        serde_json::from_str(&out.stdout).unwrap_or_else(|e| panic!("{e}\n{out}"));
    report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|d| d["message"].as_str())
        .filter(|m| m.contains("leads nowhere"))
        .map(str::to_string)
        .collect()
}

fn out_has(init: &Run, text: &str) -> bool {
    init.stdout.contains(text) || panic!("no `{text}` in:\n{init}")
}

/// Imports the fixture, and checks that its old URLs are `expected` and all lead to a page.
fn keeps_every_url(fixture: &str, expected: &[&str]) -> (Site, Run) {
    let old = Site::fixture(fixture);
    let (new, init) = import_and_build(&old);
    let mut want: Vec<String> = expected.iter().map(|s| s.to_string()).collect();
    want.sort();
    assert_eq!(listed(&new), want, "{fixture}:\n{init}");
    assert_eq!(leading_nowhere(&new), Vec::<String>::new(), "{fixture}:\n{init}");
    (new, init)
}

#[test]
fn init_from_mkdocs_keeps_every_url() {
    // `mkdocs build` of the fixture writes exactly these pages.
    let (new, init) = keeps_every_url(
        "urls-mkdocs",
        &["/", "/Setup/", "/Setup/Kleur/", "/gids/", "/gids/stap/", "/versie-1.2/"],
    );
    let out = &init.stdout;
    assert!(
        out.contains("URLs of the old site (6 pages: 3 the same, 3 the same by a slug, 0 by an alias"),
        "{out}"
    );
    assert!(out.contains("/Setup/Kleur/  -> /Setup/Kleur/  (same, slug in content/Setup/Kleur.md)"), "{out}");
    assert!(out.contains("changed: content/Setup/README.md -> content/Setup/index.md"), "{out}");
    assert!(new.path("site/public/Setup/Kleur/index.html").is_file(), "the case is kept");
    assert!(new.path("site/content/gids/README.md").is_file(), "a README beside an index stays a page");
}

#[test]
fn init_from_mkdocs_without_directory_urls_aliases_the_html_urls() {
    let old = Site::fixture("urls-mkdocs");
    old.write("mkdocs.yml", "site_name: Oude gids\nuse_directory_urls: false\n");
    let (new, init) = import_and_build(&old);
    let listed = listed(&new);
    assert!(listed.contains(&"/Setup/Kleur.html".to_string()), "{listed:?}");
    assert!(listed.contains(&"/Setup/index.html".to_string()), "{listed:?}");
    assert!(init.stdout.contains("/Setup/Kleur.html"), "{init}");
    assert!(init.stdout.contains("(alias in content/Setup/Kleur.md)"), "{init}");
    assert_eq!(leading_nowhere(&new), Vec::<String>::new(), "{init}");
}

#[test]
fn init_from_docusaurus_keeps_every_url() {
    let (new, init) = keeps_every_url(
        "urls-docusaurus",
        &[
            "/gids/",
            "/gids/intro",
            "/gids/mongo-queries/",
            "/gids/mongo-queries/basis",
            "/gids/v1.2+beta/notities",
            "/gids/handleiding/",
            "/gids/handleiding/eerste-stap",
            "/gids/elders/pad",
            "/gids/relatief-pad",
            "/blog/2025/03/26/lente",
            "/blog/2025/04/01/april",
            "/blog/2025/05/02/mei",
            "/blog/zomer",
            "/samen/",
            "/samen/overleg",
        ],
    );
    let out = &init.stdout;
    assert!(out.contains("/gids/intro  "), "{out}");
    assert!(out.contains("-> /gids/intro/  (same, slug in content/gids/01-intro.md)"), "{out}");
    assert!(out.contains("-> /blog/2025-03-26-lente/  (alias in content/blog/2025-03-26-lente.md)"), "{out}");
    assert!(out.contains("changed: content/gids/v1.2+beta/_index.md written (slug: v1.2+beta"), "{out}");
    assert!(
        out.contains("changed: content/gids/handleiding/handleiding.md -> content/gids/handleiding/index.md"),
        "{out}"
    );
    assert!(!out.contains("_deel"), "a partial has no URL of its own: {out}");
    assert!(
        out.contains("changed: content/gids/welkom.md -> content/gids/index.md"),
        "slug: / is the docs' home: {out}"
    );
    let intro = new.read("site/content/gids/01-intro.md");
    assert!(intro.starts_with("---\ntitle: Intro\nslug: \"intro\"\n---\n"), "{intro}");
    let los = new.read("site/content/gids/los.md");
    assert!(los.contains("aliases: [\"/gids/elders/pad\"]"), "{los}");
}

#[test]
fn init_from_hugo_keeps_every_url() {
    let (new, init) = keeps_every_url(
        "urls-hugo",
        &[
            "/",
            "/posts/",
            "/2024/02/eerste-bericht/",
            "/2024/03/twee/",
            "/docs/",
            "/docs/mijn-pagina/",
            "/archief/oud.html",
            "/docs/kort/",
            "/docs/met-alias/",
            "/docs/bundel/",
        ],
    );
    let out = &init.stdout;
    assert!(
        out.contains("/2024/02/eerste-bericht/  -> /posts/eerste/  (alias in content/posts/eerste.md)"),
        "{out}"
    );
    assert!(out.contains("/docs/kort/  "), "{out}");
    assert!(new.path("site/public/oude-plek/index.html").is_file(), "Hugo's own aliases stay");
}

#[test]
fn init_from_zola_keeps_every_url() {
    // `zola build` of the fixture writes exactly these pages (and the alias /oude-blog/zelf/).
    let (new, init) = keeps_every_url(
        "urls-zola",
        &[
            "/",
            "/Blog/",
            "/Blog/eerste-post/",
            "/Blog/map/",
            "/Blog/nieuw-jaar/",
            "/Blog/zelf-gekozen/",
            "/elders/pad/",
            "/oud/",
        ],
    );
    assert!(out_has(
        &init,
        "content/oud/_index.md had `redirect_to = \"Blog/\"` in Zola: /oud/ now shows the section's list"
    ));
    let out = &init.stdout;
    assert!(out.contains("/elders/pad/  "), "{out}");
    assert!(out.contains("-> /Blog/x/  (alias in content/Blog/x.md)"), "{out}");
    let section = new.read("site/content/Blog/_index.md");
    assert!(section.starts_with("+++\nslug = \"Blog\"\ntitle = \"Blog\"\n"), "{section}");
    assert!(new.path("site/public/oude-blog/zelf/index.html").is_file(), "Zola's own aliases stay");
}

/// Item 3: names no host or file system holds (`:`, Windows' reserved names) get a name that
/// every one holds; their old URLs are reported as not kept (a redirect page cannot be such a
/// folder either: the report says to add them to the host's own redirects), and two files that would share one URL are an error naming both.
#[test]
fn init_from_renames_what_no_host_holds_and_refuses_collisions() {
    let old = Site::empty();
    old.write("mkdocs.yml", "site_name: Oud\n");
    old.write("docs/index.md", "# Start\n");
    old.write("docs/con.md", "# Con\n");
    old.write("docs/urn:nl:x.md", "# Urn\n");
    let (new, init) = import_and_build(&old);
    let out = &init.stdout;
    assert!(
        out.contains(
            "-> /con-pagina/  (NOT KEPT: no redirect page can be written there (`con` is a reserved"
        ),
        "{out}"
    );
    assert!(out.contains("/urn:nl:x/  -> /urn-nl-x/  (NOT KEPT:"), "{out}");
    let list = new.read("site/old-urls.txt");
    assert!(list.contains("# not kept: /con/ ("), "{list}");
    assert!(new.path("site/public/con-pagina/index.html").is_file());

    old.write("docs/urn-nl-x.md", "# Ook urn\n");
    let again = Site::empty();
    let out = run(kennisbank().arg("init").arg(again.path("site")).arg("--from").arg(old.root())).code(2);
    assert!(
        out.stderr.contains("content/urn-nl-x.md and content/urn:nl:x.md would both have the URL /urn-nl-x/"),
        "{out}"
    );
    assert!(out.stderr.contains("hint: rename one of them in the old site"), "{out}");
    assert!(!again.path("site").exists(), "nothing is made");
}
