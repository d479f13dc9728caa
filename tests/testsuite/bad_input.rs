//! Bad input never panics: each problem is an error (or a warning) at `file:line:col`, the build
//! exits with 1 and writes nothing, and all problems of one build are reported together.

use crate::common::{Run, Site};

/// A minimal site plus one file; builds it and expects exit code 1.
fn failing_build(rel: &str, contents: impl AsRef<[u8]>) -> Run {
    let site = Site::minimal();
    site.write(rel, contents);
    let run = site.build(&[]).code(1).stderr_has("Build failed:");
    assert!(!site.public().exists(), "a failed build wrote output");
    run
}

/// 1-based column of the first `needle` in `line`, counted in characters.
fn column_of(line: &str, needle: &str) -> usize {
    line[..line.find(needle).expect("needle in line")].chars().count() + 1
}

#[test]
fn malformed_toml_front_matter() {
    failing_build("content/kapot.md", "+++\ntitle = \"A\"\nweight = = 3\n+++\n\nTekst.\n")
        .stderr_has("error: invalid TOML front matter")
        .stderr_has("content/kapot.md:3:10")
        .stderr_has("weight = = 3");
}

#[test]
fn malformed_yaml_front_matter() {
    failing_build("content/kapot.md", "---\ntitle: B\ntags: [a, b\ndate: 2026-01-01\n---\n\nTekst.\n")
        .stderr_has("error: invalid YAML front matter")
        .stderr_has("content/kapot.md:4:5");
}

#[test]
fn yaml_front_matter_that_is_no_mapping() {
    failing_build("content/lijst.md", "---\n- een\n- twee\n---\n\nTekst.\n")
        .stderr_has("YAML front matter must be a list of `key: value` fields")
        .stderr_has("content/lijst.md:2:1");
}

#[test]
fn unclosed_toml_front_matter() {
    failing_build("content/open.md", "+++\ntitle = \"A\"\n\nTekst zonder einde.\n")
        .stderr_has("the front matter opened with `+++` is never closed")
        .stderr_has("content/open.md:1:1");
}

#[test]
fn unclosed_yaml_front_matter() {
    failing_build("content/open.md", "---\ntitle: A\n\nTekst zonder einde.\n")
        .stderr_has("the front matter opened with `---` is never closed")
        .stderr_has("content/open.md:1:1");
}

#[test]
fn wrong_types_in_front_matter() {
    let run = failing_build(
        "content/typen.md",
        "+++\ntitle = 3\ndraft = \"ja\"\nweight = \"zwaar\"\naliases = 7\n+++\n\n# Kop\n",
    );
    let run = run
        .stderr_has("`title` must be text, found a number")
        .stderr_has("content/typen.md:2:9")
        .stderr_has("`draft` must be true or false, found text")
        .stderr_has("content/typen.md:3:9")
        .stderr_has("`weight` must be a whole number, found text")
        .stderr_has("content/typen.md:4:10")
        .stderr_has("`aliases` must be a list of text, found a number")
        .stderr_has("content/typen.md:5:11");
    assert!(run.stderr.contains("Build failed: 4 error(s)"), "{run}");
}

#[test]
fn unparseable_dates() {
    failing_build("content/datum.md", "+++\ntitle = \"A\"\ndate = \"gisteren\"\n+++\n\nTekst.\n")
        .stderr_has("`date` is not a date I can read: `gisteren`")
        .stderr_has("content/datum.md:3:8");
    failing_build("content/datum.md", "---\ntitle: A\nreview_by: 31-02-2026\n---\n\nTekst.\n")
        .stderr_has("`review_by` is not a date I can read: `31-02-2026`")
        .stderr_has("content/datum.md:3:12");
}

#[test]
fn non_utf8_file() {
    // "Café" in Latin-1: the é (0xE9) is the 4th character of line 4.
    failing_build("content/latin1.md", b"+++\ntitle = \"A\"\n+++\nCaf\xe9 au lait\n")
        .stderr_has("this `.md` file is not valid UTF-8 text")
        .stderr_has("content/latin1.md:4:4");
}

#[test]
fn empty_file() {
    failing_build("content/leeg.md", "").stderr_has("this file is empty").stderr_has("content/leeg.md:1:1");
    failing_build("content/wit.md", "  \n\n\t\n")
        .stderr_has("this file is empty")
        .stderr_has("content/wit.md:1:1");
}

#[test]
fn binary_markdown_file() {
    // A zip archive renamed to .md: valid UTF-8 up to its first NUL byte (5th character).
    failing_build("content/archief.md", b"PK\x03\x04\x00\x00\x08\x00rest")
        .stderr_has("this `.md` file is a binary file, not text")
        .stderr_has("content/archief.md:1:5");
    // A PNG renamed to .md: not UTF-8 from the first byte.
    failing_build("content/plaatje.md", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
        .stderr_has("this `.md` file is a binary file, not text")
        .stderr_has("content/plaatje.md:1:1");
}

#[test]
fn binary_files_that_are_not_markdown_are_copied_unchanged() {
    let site = Site::minimal();
    let bytes: Vec<u8> = (0u8..=255).chain([0, 0, 0xff, 0xfe]).collect();
    site.write("content/beelden/folder.pdf", &bytes);
    site.write("content/beelden/pagina.md", "+++\ntitle = \"Beelden\"\n+++\n\n[De folder](folder.pdf)\n");
    site.build(&[]).ok();
    assert_eq!(std::fs::read(site.public().join("beelden/folder.pdf")).unwrap(), bytes);
}

/// An image is published without its metadata, so it is read: one that is no image is an
/// error naming the file, and nothing is written.
#[test]
fn a_corrupt_image_is_an_error_with_its_file() {
    let site = Site::minimal();
    let png: Vec<u8> = (0u8..=255).chain([0, 0, 0xff, 0xfe]).collect();
    site.write("content/beelden/logo.png", &png);
    site.write("content/beelden/pagina.md", "+++\ntitle = \"Beelden\"\n+++\n\n![Logo](logo.png)\n");
    site.build(&[]).code(1).stderr_has("this image cannot be published").stderr_has("logo.png");
    assert!(!site.public().exists());
}

#[cfg(unix)]
#[test]
fn symlink_loop() {
    let site = Site::minimal();
    site.write("content/sub/pagina.md", "+++\ntitle = \"Pagina\"\n+++\n\nTekst.\n");
    std::os::unix::fs::symlink("..", site.path("content/sub/lus")).unwrap();
    let site_root = site.root().to_path_buf();
    let run = site.build(&[]).code(1);
    let run = run.stderr_has("symbolic link loop").stderr_has("content/sub/lus");
    assert!(run.stderr.contains(&site_root.join("content").display().to_string()), "{run}");
}

#[test]
fn a_10_mb_line_builds() {
    let site = Site::minimal();
    let line = "woord ".repeat(10 * 1024 * 1024 / 6);
    site.write("content/lang.md", format!("+++\ntitle = \"Lang\"\n+++\n{line}\n"));
    let started = std::time::Instant::now();
    site.build(&[]).ok();
    assert!(started.elapsed().as_secs() < 30, "a 10 MB line took {:?}", started.elapsed());
    assert!(site.public().join("lang/index.html").metadata().unwrap().len() > 10_000_000);
}

#[test]
fn an_error_at_the_end_of_a_10_mb_line_has_its_real_column_and_a_short_snippet() {
    let line = format!("{}[weg](@/nergens.md)", "woord ".repeat(10 * 1024 * 1024 / 6));
    let column = column_of(&line, "@/nergens.md");
    let run = failing_build("content/lang.md", format!("+++\ntitle = \"Lang\"\n+++\n{line}\n"))
        .stderr_has("link to a page that does not exist: `nergens.md`")
        .stderr_has(&format!("content/lang.md:4:{column}"));
    assert!(run.stderr.len() < 4_000, "the 10 MB line flooded stderr ({} bytes)", run.stderr.len());
}

#[test]
fn duplicate_slugs() {
    let site = Site::minimal();
    site.write("content/a.md", "+++\ntitle = \"A\"\nslug = \"zelfde\"\n+++\nTekst.\n");
    site.write("content/b.md", "+++\ntitle = \"B\"\nslug = \"zelfde\"\n+++\nTekst.\n");
    site.build(&[])
        .code(1)
        .stderr_has("two files want the URL `/zelfde/`: this one and content/a.md")
        .stderr_has("content/b.md:1:1");
}

#[test]
fn unknown_config_key_with_did_you_mean() {
    let site = Site::minimal();
    site.write("kennisbank.toml", "title = \"T\"\ndescripton = \"x\"\n");
    site.build(&[])
        .code(1)
        .stderr_has("error: unknown key `descripton`")
        .stderr_has("kennisbank.toml:2:1")
        .stderr_has("did you mean `description`?");
    site.write("kennisbank.toml", "title = \"T\"\n\n[markdown]\nsmart_punctuaton = true\n");
    site.build(&[])
        .code(1)
        .stderr_has("unknown key `smart_punctuaton`")
        .stderr_has("kennisbank.toml:4:1")
        .stderr_has("did you mean `smart_punctuation`?");
    assert!(!site.public().exists());
}

#[test]
fn misspelt_front_matter_field_is_a_warning() {
    let site = Site::minimal();
    site.write("content/a.md", "+++\ntitle = \"A\"\ntitel = \"B\"\naudiense = [\"public\"]\n+++\n\nTekst.\n");
    let run = site
        .build(&[])
        .ok()
        .stderr_has("warning: unknown field `titel`: did you mean `title`?")
        .stderr_has("content/a.md:3:1")
        .stderr_has("warning: unknown field `audiense`: did you mean `audience`?")
        .stderr_has("content/a.md:4:1");
    assert!(run.stdout.contains("2 warning(s)"), "{run}");
    assert!(site.public().join("a/index.html").is_file());
}

#[test]
fn broken_internal_links() {
    let site = Site::minimal();
    site.write("content/pagina.md", "+++\ntitle = \"Pagina\"\n+++\n\n## Verder lezen\n\nTekst.\n");
    let line5 = "Zie [weg](@/nergens.md) en [bijna](@/pagnia.md) en [terug](../buiten.md).";
    site.write("content/links.md", format!("+++\ntitle = \"Links\"\n+++\n\n{line5}\n"));
    let run = site
        .build(&[])
        .code(1)
        .stderr_has("link to a page that does not exist: `nergens.md`")
        .stderr_has(&format!("content/links.md:5:{}", column_of(line5, "@/nergens.md")))
        .stderr_has("link to a page that does not exist: `pagnia.md`")
        .stderr_has(&format!("content/links.md:5:{}", column_of(line5, "@/pagnia.md")))
        .stderr_has("did you mean `@/pagina.md`?")
        .stderr_has("link to a page outside the content folder: `../buiten.md`")
        .stderr_has(&format!("content/links.md:5:{}", column_of(line5, "../buiten.md")));
    assert!(run.stderr.contains("Build failed: 3 error(s)"), "{run}");
}

#[test]
fn missing_anchor() {
    let site = Site::minimal();
    site.write("content/pagina.md", "+++\ntitle = \"Pagina\"\n+++\n\n## Verder lezen\n\nTekst.\n");
    let line = "Zie [daar](@/pagina.md#verder-lezn) en [hier](#nergens).";
    site.write("content/links.md", format!("+++\ntitle = \"Links\"\n+++\n\n## Kop\n\n{line}\n"));
    site.build(&[])
        .code(1)
        .stderr_has("`pagina.md` has no heading with the id `#verder-lezn`")
        .stderr_has(&format!("content/links.md:7:{}", column_of(line, "@/pagina.md#verder-lezn")))
        .stderr_has("did you mean `#verder-lezen`?")
        .stderr_has("this page has no heading with the id `#nergens`")
        .stderr_has(&format!("content/links.md:7:{}", column_of(line, "#nergens")));
}

#[test]
fn broken_links_are_warnings_when_the_config_says_so() {
    let site = Site::minimal();
    site.write(
        "kennisbank.toml",
        "title = \"T\"\nbase_url = \"https://test.example.nl\"\n[links]\ninternal = \"warning\"\n",
    );
    site.write("content/links.md", "+++\ntitle = \"Links\"\n+++\n\n[weg](@/nergens.md)\n");
    site.build(&[])
        .ok()
        .stderr_has("warning: link to a page that does not exist: `nergens.md`")
        .stderr_has("content/links.md:5:");
}

#[test]
fn unknown_kind_audience_and_taxonomy() {
    let site = Site::minimal();
    site.write(
        "content/a.md",
        "+++\ntitle = \"A\"\nkind = \"checklst\"\naudience = [\"publiek\"]\n[taxonomies]\nthema = [\"x\"]\n+++\n\nTekst.\n",
    );
    site.build(&[])
        .code(1)
        .stderr_has("unknown kind `checklst`")
        .stderr_has("content/a.md:3:8")
        .stderr_has("did you mean `checklist`?")
        .stderr_has("unknown audience `publiek`")
        .stderr_has("content/a.md:4:13")
        .stderr_has("unknown taxonomy `thema`")
        .stderr_has("content/a.md:6:1\n");
}

#[test]
fn a_page_without_any_title_is_titled_after_its_file() {
    // Like MkDocs and Docusaurus: no front-matter title and no `# ` heading is no error.
    let site = Site::minimal();
    site.write("content/naamloos-blad.md", "+++\ndescription = \"Geen titel\"\n+++\n\nAlleen tekst.\n");
    site.write("content/met-kop.md", "+++\ndescription = \"Geen titel\"\n+++\n\n## Een kop\n");
    let run = site.build(&[]).ok();
    assert!(!run.stderr.contains("naamloos-blad.md"), "no heading, so no warning:\n{run}");
    assert!(run.stderr.contains("content/met-kop.md:5:1"), "{run}");
    assert!(site.output("naamloos-blad/index.html").contains("<h1 class=\"kb-title\">Naamloos blad</h1>"));
}

#[test]
fn several_errors_in_one_build_are_reported_together() {
    let site = Site::minimal();
    site.write("content/a-toml.md", "+++\ntitle = \"A\"\nweight = = 3\n+++\n");
    site.write("content/b-yaml.md", "---\ntitle: [B\n---\n");
    site.write("content/c-leeg.md", "");
    site.write("content/d-datum.md", "+++\ntitle = \"D\"\ndate = \"morgen\"\n+++\nTekst.\n");
    site.write("content/e-latin1.md", b"+++\ntitle = \"E\"\n+++\n\xe9\n");
    site.write("kennisbank.toml", "title = \"T\"\n");
    let run = site.build(&[]).code(1);
    let order = [
        "content/a-toml.md:3:",
        "content/b-yaml.md:",
        "content/c-leeg.md:1:1",
        "content/d-datum.md:3:8",
        "content/e-latin1.md:4:1",
    ];
    let mut last = 0;
    for location in order {
        let at = run.stderr.find(location).unwrap_or_else(|| panic!("{location} is not reported:\n{run}"));
        assert!(at >= last, "{location} is out of order:\n{run}");
        last = at;
    }
    assert!(run.stderr.contains("Build failed: 5 error(s), 0 warning(s)"), "{run}");
}

#[test]
fn links_to_a_page_that_could_not_be_read_are_no_second_error() {
    let site = Site::minimal();
    site.write("content/kapot.md", "+++\ntitle = \"Kapot\"\nweight = = 3\n+++\n\nTekst.\n");
    site.write("content/heel.md", "+++\ntitle = \"Heel\"\n+++\n\nZie [kapot](@/kapot.md).\n");
    let run = site.build(&[]).code(1).stderr_has("content/kapot.md:3:10");
    assert!(!run.stderr.contains("content/heel.md"), "a follow-up error for the link:\n{run}");
    assert!(run.stderr.contains("Build failed: 1 error(s)"), "{run}");
}
