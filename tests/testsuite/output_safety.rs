//! The output folder is never lost and never something else: a failed build leaves the previous
//! site as it was, and kennisbank replaces only a folder it made itself (`.kennisbank-output`).

use crate::common;

use std::fs;

use crate::common::{Site, assert_same_tree, kennisbank, run, tree};
use tempfile::TempDir;

const MARKER: &str = ".kennisbank-output";

fn site_with_page() -> Site {
    let site = Site::minimal();
    site.write("content/pagina.md", "+++\ntitle = \"Pagina\"\n+++\n\nEerste versie.\n");
    site
}

#[test]
fn a_failed_build_leaves_the_previous_output_byte_identical() {
    let site = site_with_page();
    site.build(&[]).ok();
    let before = tree(&site.public());
    assert!(before.contains_key(MARKER) && before.contains_key("pagina/index.html"));

    site.write(
        "content/pagina.md",
        "+++\ntitle = \"Pagina\"\n\nTweede versie, zonder einde van de front matter.\n",
    );
    let failed = site.build(&[]).code(1).stderr_has("Nothing was written");
    assert!(failed.stderr.contains("is unchanged"), "{failed}");
    assert_same_tree(&before, &tree(&site.public()));
    // No half-written staging folder is left beside the output.
    let leftovers: Vec<String> = fs::read_dir(site.root())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("kennisbank-new") || n.contains("kennisbank-old"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn a_build_that_fails_after_writing_pages_leaves_no_trace() {
    // The pages go into the staging folder as they are rendered: here the home page and the
    // section pages are written before the page template fails.
    let site = site_with_page();
    site.build(&[]).ok();
    let before = tree(&site.public());
    site.write("templates/page.html", "{{ page.no_such_field.deeper }}");
    site.build(&[]).code(1).stderr_has("Nothing was written");
    assert_same_tree(&before, &tree(&site.public()));
    let names: Vec<String> = fs::read_dir(site.root())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(!names.iter().any(|n| n.contains("kennisbank-new")), "{names:?}");
}

#[test]
fn a_good_build_replaces_its_own_output_completely() {
    let site = site_with_page();
    site.build(&[]).ok();
    assert!(site.public().join("pagina/index.html").is_file());
    fs::remove_file(site.path("content/pagina.md")).unwrap();
    site.build(&[]).ok();
    assert!(!site.public().join("pagina").exists(), "a page that is gone was left in the output");
    assert!(site.public().join(MARKER).is_file());
}

#[test]
fn the_site_root_is_refused_as_output() {
    let site = site_with_page();
    let before = tree(site.root());
    site.build(&["--output", site.root().to_str().unwrap()])
        .code(2)
        .stderr_has("refusing to write the site into");
    assert_same_tree(&before, &tree(site.root()));
}

#[test]
fn a_folder_holding_the_site_is_refused_as_output() {
    let parent = TempDir::new().unwrap();
    let root = parent.path().join("site");
    common::copy_dir(&common::fixture_dir("zola"), &root);
    let before = tree(parent.path());
    run(kennisbank().arg("build").arg("--root").arg(&root).arg("--output").arg(parent.path()))
        .code(2)
        .stderr_has("the site folder itself");
    assert_same_tree(&before, &tree(parent.path()));
}

#[test]
fn content_and_folders_inside_it_are_refused_as_output() {
    let site = site_with_page();
    site.write("content/sub/andere.md", "+++\ntitle = \"Andere\"\n+++\nTekst.\n");
    let before = tree(site.root());
    for output in ["content", "content/sub", "content/nieuw"] {
        site.build(&["--output", site.path(output).to_str().unwrap()])
            .code(2)
            .stderr_has("it is inside `content/`");
        assert_same_tree(&before, &tree(site.root()));
    }
}

#[test]
fn a_folder_with_files_kennisbank_did_not_write_is_refused() {
    let site = site_with_page();
    site.write("docs/verslag.txt", "Belangrijk, niet weggooien.\n");
    site.write("docs/foto/vakantie.jpg", [0xff, 0xd8, 0xff, 0xe0]);
    let before = tree(site.root());
    site.build(&["--output", site.path("docs").to_str().unwrap()])
        .code(2)
        .stderr_has(".kennisbank-output marker");
    assert_same_tree(&before, &tree(site.root()));
}

#[test]
fn a_file_is_refused_as_output() {
    let site = site_with_page();
    site.write("uitvoer", "een bestand\n");
    site.build(&["--output", site.path("uitvoer").to_str().unwrap()]).code(2).stderr_has("is a file");
    assert_eq!(fs::read_to_string(site.path("uitvoer")).unwrap(), "een bestand\n");
}

#[test]
fn an_empty_folder_and_a_marked_folder_are_accepted() {
    let site = site_with_page();
    let out = TempDir::new().unwrap();
    let target = out.path().join("www");
    fs::create_dir(&target).unwrap();
    site.build(&["--output", target.to_str().unwrap()]).ok();
    assert!(target.join(MARKER).is_file() && target.join("pagina/index.html").is_file());
    // A stale file in a folder kennisbank made is replaced with the rest.
    fs::write(target.join("oud.html"), "oud").unwrap();
    site.build(&["--output", target.to_str().unwrap()]).ok();
    assert!(!target.join("oud.html").exists());
}
