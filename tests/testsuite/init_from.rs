//! `kennisbank init NEW --from OLD`: a site of MkDocs, Docusaurus, Hugo or Zola (fixtures
//! written in each generator's form, and the two real corpora) becomes a kennisbank site that
//! builds, with a report of what was and was not mapped; OLD is left as it was.

use std::path::Path;

use crate::common::{Run, Site, copy_dir, kennisbank, run, tree};

/// Runs `init NEW --from OLD` with OLD a copy of `tests/fixtures/<fixture>`; returns the old
/// site, the new one, and the run.
fn import(fixture: &str) -> (Site, Site, Run) {
    let old = Site::fixture(fixture);
    let new = Site::empty();
    let target = new.path("site");
    let out = run(kennisbank().arg("init").arg(&target).arg("--from").arg(old.root()));
    (old, new, out)
}

fn config(new: &Site) -> String {
    std::fs::read_to_string(new.path("site/kennisbank.toml")).expect("kennisbank.toml is written")
}

fn build(new: &Site) -> Run {
    run(kennisbank().args(["build", "--root"]).arg(new.path("site")))
}

fn output(new: &Site, rel: &str) -> String {
    let path = new.path("site/public").join(rel);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

#[test]
fn mkdocs_site_imports_and_builds() {
    let (old, new, out) = import("import-mkdocs");
    let before = tree(old.root());
    let out = out.ok();
    let toml = config(&new);
    assert!(toml.contains("title = \"Handboek signalen\"\n"), "{toml}");
    assert!(toml.contains("description = \"Wat je doet als je je zorgen maakt.\"\n"), "{toml}");
    assert!(toml.contains("base_url = \"https://handboek.example.nl\"\n"), "{toml}");
    assert!(toml.contains("default_language = \"nl\"\n"), "{toml}");
    assert!(toml.contains("[links]\ninternal = \"warning\"\n"), "{toml}");
    assert!(
        toml.contains("main = [\n  { title = \"Start\", url = \"@/index.md\" },\n  { title = \"Signalen\", url = \"@/signalen/index.md\" },\n  { title = \"Over ons\", url = \"@/over.md\" },\n]"),
        "{toml}"
    );
    // The report: what was mapped and what not, each at its line; MkDocs' tags did not fail it.
    assert!(out.stdout.contains("mkdocs.yml:2   site_name -> title"), "{out}");
    assert!(out.stdout.contains("mkdocs.yml:6   repo_url: not shown by the default theme"), "{out}");
    assert!(out.stdout.contains("mkdocs.yml:12  extra: values for MkDocs templates"), "{out}");
    assert!(out.stdout.contains("mkdocs.yml:16  markdown_extensions: kennisbank reads admonitions"), "{out}");
    assert!(
        out.stdout.contains("mkdocs.yml:7   theme.name, theme.features: the default theme has its own look"),
        "{out}"
    );
    assert!(out.stdout.contains("handboek/ -> content/ (4 files)"), "{out}");
    assert!(out.stdout.contains("content/signalen/school.md  weight = 30"), "nav order as weights: {out}");
    // The markdown is copied as it was written; the old site is untouched.
    assert_eq!(
        std::fs::read(new.path("site/content/signalen/school.md")).unwrap(),
        std::fs::read(old.path("handboek/signalen/school.md")).unwrap()
    );
    assert_eq!(tree(old.root()), before);
    build(&new).ok();
    let home = output(&new, "index.html");
    assert!(home.contains("href=\"/signalen/\">Signalen</a>"), "the menu leads to the section: {home}");
    assert!(home.contains("kb-callout--tip"), "{home}");
}

#[test]
fn docusaurus_site_imports_and_builds() {
    let (_old, new, out) = import("import-docusaurus");
    let out = out.ok();
    let toml = config(&new);
    assert!(toml.contains("title = \"Ontwikkelaarsgids\"\n"), "{toml}");
    assert!(toml.contains("description = \"Bouwen voor de gemeente\"\n"), "{toml}");
    assert!(toml.contains("base_url = \"https://gids.example.nl\"\n"), "{toml}");
    assert!(toml.contains("default_language = \"nl\"\n"), "{toml}");
    assert!(!toml.contains("[[languages]]"), "one locale is no translation: {toml}");
    assert!(toml.contains("{ title = \"Kennisbank\", url = \"/kennisbank/aan-de-slag/intro\" },\n  { title = \"Blog\", url = \"/blog\" },\n  { title = \"Code\", url = \"https://git.example.nl\" },"), "{toml}");
    assert!(out.stdout.contains("docusaurus.config.ts:6   title -> title"), "{out}");
    assert!(out.stdout.contains("docusaurus.config.ts:9   url + baseUrl -> base_url"), "{out}");
    assert!(
        out.stdout.contains("docusaurus.config.ts:8   favicon: the default theme has its own icon"),
        "{out}"
    );
    assert!(out.stdout.contains("docusaurus.config.ts:11  onBrokenLinks:"), "{out}");
    assert!(out.stdout.contains("themeConfig (footer): the default theme"), "{out}");
    assert!(out.stdout.contains("docs/ -> content/kennisbank/ (2 files)"), "{out}");
    assert!(out.stdout.contains("blog/ -> content/blog/ (1 files)"), "{out}");
    assert!(out.stdout.contains("static/ -> static/ (1 files)"), "{out}");
    build(&new).ok();
    assert!(
        output(&new, "kennisbank/aan-de-slag/intro/index.html")
            .contains("href=\"/kennisbank/aan-de-slag/installatie/\"")
    );
    let page = output(&new, "kennisbank/aan-de-slag/installatie/index.html");
    assert!(page.contains("kb-tabs"), "{page}");
    assert!(!page.contains("import Tabs"), "{page}");
}

#[test]
fn hugo_site_imports_and_builds() {
    let (_old, new, out) = import("import-hugo");
    let out = out.ok();
    let toml = config(&new);
    assert!(toml.contains("title = \"Hugo-kennisbank\"\n"), "{toml}");
    assert!(toml.contains("description = \"Berichten over de meldcode.\"\n"), "{toml}");
    assert!(toml.contains("base_url = \"https://hugo.example.nl\"\n"), "{toml}");
    assert!(toml.contains("default_language = \"nl\"\n"), "nl-nl is nl: {toml}");
    assert!(toml.contains("[[taxonomies]]\nname = \"tags\"\n"), "{toml}");
    assert!(
        toml.contains("main = [\n  { title = \"Start\", url = \"/\" },\n  { title = \"Berichten\", url = \"@/posts/_index.md\" },\n]"),
        "menus in weight order, pageRef as a content path: {toml}"
    );
    assert!(out.stdout.contains("hugo.toml:5   theme: the default theme"), "{out}");
    assert!(
        out.stdout.contains("hugo.toml:23  markup: kennisbank reads markdown with its own settings"),
        "{out}"
    );
    assert!(
        !new.path("site/layouts").exists() && !new.path("site/templates").exists(),
        "layouts stay behind"
    );
    build(&new).ok();
    let post = output(&new, "posts/meldcode/index.html");
    assert!(post.contains("<figure class=\"kb-figure\">"), "{post}");
    assert!(output(&new, "tags/meldcode/index.html").contains("De meldcode in vijf stappen"));
    assert!(new.path("site/public/stappen.png").is_file());
}

#[test]
fn zola_site_imports_and_builds() {
    let (_old, new, out) = import("import-zola");
    let out = out.ok();
    let toml = config(&new);
    assert!(
        toml.contains(
            "title = \"Zola-kennisbank\"\nbase_url = \"https://zola.example.nl\"\ndefault_language = \"nl\"\n"
        ),
        "{toml}"
    );
    assert!(toml.contains("[[taxonomies]]\nname = \"themas\"\n"), "{toml}");
    assert!(out.stdout.contains("config.toml:5   compile_sass: Sass is not compiled"), "{out}");
    assert!(out.stdout.contains("config.toml:11  markdown:"), "{out}");
    assert!(out.stdout.contains("config.toml:14  extra: values for Zola templates"), "{out}");
    assert!(!new.path("site/templates").exists(), "Zola's page templates are not kennisbank's");
    build(&new).ok();
    assert!(output(&new, "themas/veiligheid/index.html").contains("Eerste bericht"));
}

#[test]
fn an_existing_config_is_never_overwritten() {
    let old = Site::fixture("import-zola");
    let new = Site::minimal();
    let before = tree(new.root());
    let out = run(kennisbank().arg("init").arg(new.root()).arg("--from").arg(old.root())).code(2);
    assert!(
        out.stderr.contains("kennisbank.toml exists already, and kennisbank init never overwrites it"),
        "{out}"
    );
    assert!(out.stderr.contains("hint: to import again, move it away first"), "{out}");
    assert_eq!(tree(new.root()), before);
}

#[test]
fn a_folder_without_a_known_config_is_a_clear_error() {
    let old = Site::empty();
    old.write("README.md", "# Niets\n");
    let new = Site::empty();
    let out = run(kennisbank().arg("init").arg(new.path("site")).arg("--from").arg(old.root())).code(2);
    assert!(out.stderr.contains("has no configuration of a generator kennisbank can import"), "{out}");
    assert!(out.stderr.contains("mkdocs.yml (MkDocs), docusaurus.config.ts"), "{out}");
    assert!(!new.path("site").exists(), "nothing is made");
}

/// A corpus with a configuration written for this test in the generator's form (the corpora
/// are vendored without theirs), imported and built.
fn import_corpus(corpus: &str, config_name: &str, config_text: &str) -> (Site, Run) {
    let old = Site::empty();
    let source = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpora").join(corpus);
    copy_dir(&source, old.root());
    old.write(config_name, config_text);
    let new = Site::empty();
    let out = run(kennisbank().arg("init").arg(new.path("site")).arg("--from").arg(old.root())).ok();
    let built = run(kennisbank().args(["build", "--quiet", "--root"]).arg(new.path("site")));
    assert_eq!(built.code, 0, "{corpus} does not build after init --from:\n{}\n{}", out.stdout, built.stderr);
    // Issue 26: every URL of the old site leads to a page (don-site: 150 of 224 did before).
    let checked = run(kennisbank()
        .args(["check", "--old-urls", "old-urls.txt", "--root"])
        .arg(new.path("site"))
        .current_dir(new.path("site")));
    assert!(!checked.to_string().contains("leads nowhere"), "{corpus}: old URLs lost:\n{checked}");
    assert!(out.stdout.contains(", 0 not kept)"), "{corpus}:\n{}", out.stdout);
    (new, out)
}

#[test]
fn the_mkdocs_material_corpus_imports_and_builds() {
    let nav = "nav:\n  - Home: index.md\n  - Getting started:\n    - Installation: getting-started.md\n    - Creating your site: creating-your-site.md\n  - Setup:\n    - setup/index.md\n    - Changing the colors: setup/changing-the-colors.md\n  - Reference:\n    - reference/index.md\n    - Admonitions: reference/admonitions.md\n";
    let config = format!(
        "site_name: Material for MkDocs\nsite_url: https://material.example.org/\ntheme:\n  name: material\n  features:\n    - content.code.annotate\nextra:\n  analytics:\n    property: !ENV GOOGLE_ANALYTICS_KEY\nmarkdown_extensions:\n  - pymdownx.emoji:\n      emoji_index: !!python/name:material.extensions.emoji.twemoji\n  - pymdownx.tabbed:\n      slugify: !!python/object/apply:pymdownx.slugs.slugify\n        kwds:\n          case: lower\n{nav}"
    );
    let (new, out) = import_corpus("mkdocs-material-docs", "mkdocs.yml", &config);
    assert!(out.stdout.contains("default_language = \"en\" (MkDocs' default)"), "{}", out.stdout);
    let toml = std::fs::read_to_string(new.path("site/kennisbank.toml")).unwrap();
    assert!(toml.contains("{ title = \"Setup\", url = \"@/setup/index.md\" },"), "{toml}");
    assert!(new.path("site/public/reference/admonitions/index.html").is_file());
}

#[test]
fn the_developer_overheid_corpus_imports_and_builds() {
    let config = "import type { Config } from \"@docusaurus/types\";\n\nconst config: Config & { customFields: { x: string } } = {\n  title: \"developer.overheid.nl\",\n  url: \"https://developer.example.nl\",\n  baseUrl: \"/\",\n  customFields: { key: process.env.KEY },\n  i18n: { defaultLocale: \"nl\", locales: [\"nl\"] },\n  presets: [[\"classic\", { docs: { path: \"docs\", routeBasePath: \"kennisbank\" }, blog: { path: \"blog\" } }]],\n  plugins: [\n    [\"@docusaurus/plugin-content-docs\", { id: \"communities\", path: \"communities\", routeBasePath: \"communities\" }],\n  ],\n};\n\nexport default config;\n";
    let (new, out) = import_corpus("don-site", "docusaurus.config.ts", config);
    assert!(out.stdout.contains("customFields: values for React components"), "{}", out.stdout);
    assert!(new.path("site/content/kennisbank").is_dir() && new.path("site/content/communities").is_dir());
    assert!(
        new.path("site/public/kennisbank/index.html").is_file()
            || new.path("site/public/kennisbank").is_dir()
    );
}

/// Issue 30, item 11: a path in a foreign config that leads out of the old site (a route with
/// `..`, a content folder `..` or an absolute one) is refused before anything is written, and
/// nothing is made: not the new site, not a folder beside it.
#[test]
fn paths_out_of_the_old_or_new_site_are_refused_and_nothing_is_written() {
    let configs = [
        (
            "presets: [['classic', { docs: { path: 'docs', routeBasePath: '../../../x' } }]]",
            "cannot be a folder of the new site",
        ),
        ("presets: [['classic', { docs: { path: '..' } }]]", "is not inside the old site"),
        ("presets: [['classic', { docs: { path: '/etc' } }]]", "is not inside the old site"),
        ("staticDirectories: ['../..']", "is not inside the old site"),
    ];
    for (options, why) in configs {
        let work = Site::empty();
        work.write("old/docs/intro.md", "# Intro\n");
        work.write("old/docusaurus.config.js", format!("module.exports = {{ title: 'Oud', {options} }};\n"));
        let before = tree(work.root());
        let out = run(kennisbank()
            .current_dir(work.path("old"))
            .arg("init")
            .arg(work.path("nested/deeper/new"))
            .arg("--from")
            .arg(work.path("old")))
        .code(2);
        assert!(out.stderr.contains("docusaurus.config.js"), "{options}: the config is named:\n{out}");
        assert!(out.stderr.contains(why), "{options}:\n{out}");
        assert!(out.stderr.contains("hint:"), "{options}:\n{out}");
        assert_eq!(tree(work.root()), before, "{options}: something was written:\n{out}");
        assert!(!work.path("nested").exists(), "{options}");
    }
}

/// A failed import (here the copy fails halfway: a file `blog` from the docs folder where the
/// blog folder must go) leaves nothing behind, not even the parents it created.
#[test]
fn a_failed_import_leaves_nothing_behind() {
    let work = Site::empty();
    work.write("old/docs/intro.md", "# Intro\n");
    work.write("old/docs/blog", "a file named blog\n");
    work.write("old/blog/2025-01-01-welkom.md", "# Welkom\n");
    work.write(
        "old/docusaurus.config.js",
        "module.exports = { title: 'Oud', presets: [['classic', { docs: { routeBasePath: '/' } }]] };\n",
    );
    let before = tree(work.root());
    let out =
        run(kennisbank().arg("init").arg(work.path("a/b/new")).arg("--from").arg(work.path("old"))).code(2);
    assert!(out.stderr.contains("cannot create"), "{out}");
    assert_eq!(tree(work.root()), before, "something was left behind:\n{out}");
    assert!(!work.path("a").exists());
    let leftovers: Vec<_> = std::fs::read_dir(work.root()).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(leftovers.len(), 1, "{leftovers:?}");
}

/// The new site may lie inside the folder the config copies (`path: '.'`, the new site made
/// inside the old one): it is not copied into itself.
#[test]
fn a_new_site_inside_the_copied_folder_is_not_copied_into_itself() {
    let work = Site::empty();
    work.write("old/intro.md", "# Intro\n");
    work.write("old/docusaurus.config.js", "module.exports = { title: 'Oud', presets: [['classic', { docs: { path: '.', routeBasePath: '/' }, blog: false }]] };\n");
    let out =
        run(kennisbank().current_dir(work.path("old")).arg("init").arg("nieuw").arg("--from").arg(".")).ok();
    assert!(work.path("old/nieuw/content/intro.md").is_file(), "{out}");
    assert!(!work.path("old/nieuw/content/nieuw").exists(), "the new site was copied into itself");
    let files = tree(&work.path("old/nieuw"));
    assert!(files.len() < 10, "{:?}", files.keys().collect::<Vec<_>>());
}

/// The old site's photos, written into its page bundle (generated, with EXIF).
fn with_photos(old: &Site) {
    old.write("content/reis/haven.jpg", kb_images::sample::photo(1600, 1067, 5));
    old.write("content/reis/strand.jpg", kb_images::sample::photo(1200, 900, 6));
}

/// Processed images of the new site's build (file names under `processed_images/`).
fn processed(new: &Site) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(new.path("site/public/processed_images"))
        .map(|d| d.filter_map(|e| Some(e.ok()?.file_name().to_string_lossy().to_string())).collect())
        .unwrap_or_default();
    names.sort();
    names
}

#[test]
fn zola_shortcodes_with_image_functions_come_along_and_run() {
    let old = Site::fixture("import-zola-images");
    with_photos(&old);
    let new = Site::empty();
    let out = run(kennisbank().arg("init").arg(new.path("site")).arg("--from").arg(old.root())).ok();
    assert!(
        out.stdout
            .contains("templates/shortcodes/figure.html   -> templates/shortcodes/ (Tera: runs as it is)"),
        "{out}"
    );
    assert!(
        out.stdout
            .contains("templates/shortcodes/gallery.html  -> templates/shortcodes/ (Tera: runs as it is)"),
        "{out}"
    );
    assert!(
        out.stdout.contains("templates/page.html                not used: the theme renders the pages"),
        "{out}"
    );
    assert!(out.stdout.contains("shortcodes -> templates/shortcodes/ (2 files)"), "{out}");
    assert!(!new.path("site/templates/page.html").exists());
    build(&new).ok();
    let page = output(&new, "reis/index.html");
    // figure: resize_image(fit_width 600) and get_image_metadata via page.colocated_path.
    assert!(page.contains("width=\"600\" height=\"400\" alt=\"Boten in de haven\">"), "{page}");
    assert!(page.contains("Boten in de haven (1600 x 1067)"), "{page}");
    // gallery: every image of page.assets, filled to 240 x 180.
    assert_eq!(page.matches("width=\"240\" height=\"180\" alt=\"Foto ").count(), 2, "{page}");
    let made = processed(&new);
    assert!(made.iter().any(|n| n.starts_with("haven.") && n.ends_with(".jpg")), "{made:?}");
    assert!(made.iter().any(|n| n.starts_with("strand.") && n.ends_with(".jpg")), "{made:?}");
}

#[test]
fn hugo_image_shortcodes_are_written_in_tera_and_the_rest_reported() {
    let old = Site::fixture("import-hugo-images");
    with_photos(&old);
    let new = Site::empty();
    let out = run(kennisbank().arg("init").arg(new.path("site")).arg("--from").arg(old.root())).ok();
    assert!(
        out.stdout.contains("layouts/shortcodes/img.html     -> templates/shortcodes/img.html (written in Tera from the Go template: resize_image(op=\"fit_width\", width=600, format=\"webp\", quality=75); check it)"),
        "{out}"
    );
    assert!(out.stdout.contains("resize_image(op=\"fill\", width=240, height=180)"), "{out}");
    assert!(
        out.stdout.contains("layouts/shortcodes/notice.html  not used: a Go template, which kennisbank cannot run; write it in Tera with {{ body }} for .Inner"),
        "{out}"
    );
    assert!(
        out.stdout.contains("layouts/_default/single.html    not used: the theme renders the pages"),
        "{out}"
    );
    build(&new).ok();
    let page = output(&new, "reis/index.html");
    assert!(page.contains("width=\"600\" height=\"400\" alt=\"Boten in de haven\">"), "{page}");
    assert!(page.contains("width=\"240\" height=\"180\" alt=\"\">"), "{page}");
    let made = processed(&new);
    assert!(made.iter().any(|n| n.starts_with("haven.") && n.ends_with(".webp")), "{made:?}");
    assert!(made.iter().any(|n| n.starts_with("strand.") && n.ends_with(".jpg")), "{made:?}");
}
