//! Front-matter links checked in the site model (a passport's trainings, a product's
//! werkplaats, a decision's outcome links): each problem at the place its key path names, in
//! TOML and YAML front matter, even where the same text is written elsewhere in the file.

use crate::common::Site;

/// A minimal site with one training, `@/scholing/basis.md`.
fn site_with_training() -> Site {
    let site = Site::minimal();
    site.write("content/scholing/_index.md", "+++\ntitle = \"Scholing\"\n+++\nTrainingen.\n");
    site.write("content/scholing/basis.md", "+++\ntitle = \"Basis\"\nkind = \"training\"\n+++\nTekst.\n");
    site
}

/// `file:line:column` of the `n`th (0-based) occurrence of `needle` in `text`, as a location
/// line of a diagnostic ends.
fn location(file: &str, text: &str, needle: &str, n: usize) -> String {
    let (offset, _) =
        text.match_indices(needle).nth(n).unwrap_or_else(|| panic!("{needle:?} #{n} is not in the text"));
    let line_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    let line = text[..offset].matches('\n').count() + 1;
    format!("{file}:{line}:{}\n", text[line_start..offset].chars().count() + 1)
}

#[test]
fn the_same_missing_training_twice_is_an_error_at_each_place() {
    let site = site_with_training();
    let text = "+++\ntitle = \"Paspoort\"\nkind = \"passport\"\nrole = \"leerkracht\"\n[[required]]\ntraining = \"@/scholing/weg.md\"\n[[required]]\ntraining = \"@/scholing/basis.md\"\n[[required]]\ntraining = \"@/scholing/weg.md\"\n+++\nTekst.\n";
    site.write("content/scholing/paspoort.md", text);
    let file = "content/scholing/paspoort.md";
    site.build(&[])
        .code(1)
        .stderr_has("the required training `@/scholing/weg.md` does not exist")
        .stderr_has(&location(file, text, "@/scholing/weg.md", 0))
        .stderr_has(&location(file, text, "@/scholing/weg.md", 1));
}

#[test]
fn a_missing_training_in_yaml_is_not_found_in_the_description() {
    let site = site_with_training();
    let text = "---\ntitle: Paspoort\ndescription: \"Vervangt @/scholing/weg.md van vorig jaar.\"\nkind: passport\nrole: leerkracht\nrequired:\n  - training: \"@/scholing/weg.md\"\n    repeat_every: 2 jaar\n---\nTekst.\n";
    site.write("content/scholing/paspoort.md", text);
    site.build(&[])
        .code(1)
        .stderr_has("the required training `@/scholing/weg.md` does not exist")
        .stderr_has(&location("content/scholing/paspoort.md", text, "@/scholing/weg.md", 1));
}

#[test]
fn a_dead_outcome_link_is_not_found_in_the_outcome_text() {
    let text = "+++\ntitle = \"Kader\"\nkind = \"decision\"\nstart = \"vraag\"\n[[questions]]\nid = \"vraag\"\ntext = \"Twijfel?\"\n[[questions.answers]]\nlabel = \"Ja\"\nnext = \"advies\"\n[[outcomes]]\nid = \"advies\"\ntitle = \"Advies\"\ntext = \"Lees @/nergens.md eerst.\"\n[[outcomes.links]]\ntitle = \"Nergens\"\nurl = \"@/nergens.md\"\n+++\nTekst.\n";
    let site = Site::minimal();
    site.write("content/kader.md", text);
    site.build(&[]).code(1).stderr_has("link to a page that does not exist").stderr_has(&location(
        "content/kader.md",
        text,
        "@/nergens.md",
        1,
    ));
}

#[test]
fn a_missing_werkplaats_in_yaml_is_not_found_in_the_description() {
    let text = "---\ntitle: Overzicht\ndescription: Gemaakt door @/werkplaatz.md en anderen.\ndate: 2026-05-12\nkind: product\nproduct_type: dataproduct\nwerkplaats: \"@/werkplaatz.md\"\nstatus: beschikbaar\n---\nTekst.\n";
    let site = Site::minimal();
    site.write("content/overzicht.md", text);
    site.build(&[])
        .code(1)
        .stderr_has("link to a page that does not exist: `werkplaatz.md`")
        .stderr_has(&location("content/overzicht.md", text, "@/werkplaatz.md", 1));
}
