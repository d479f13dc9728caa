//! Interface strings come from the theme's translation files (`themes/default/i18n/`), checked
//! at build time: a language that lacks a string fails the build with the string, the language
//! and the file named; the Dutch site says what it said before the strings moved there.

use std::fs;
use std::path::Path;

use crate::common::{Site, kennisbank, run};

/// The default theme's Dutch strings: the reference every other language must match.
fn dutch_strings() -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/i18n/nl.toml");
    fs::read_to_string(&path).expect("the default theme has nl.toml")
}

/// A minimal site that declares Dutch and `code`.
fn site_with_language(code: &str, name: &str) -> Site {
    let site = Site::minimal();
    site.write(
        "kennisbank.toml",
        format!(
            "title = \"Testsite\"\nbase_url = \"https://test.example.nl\"\n\n\
             [[languages]]\ncode = \"nl\"\nname = \"Nederlands\"\n\n\
             [[languages]]\ncode = \"{code}\"\nname = \"{name}\"\n"
        ),
    );
    site
}

#[test]
fn a_string_missing_in_an_extra_language_fails_the_build_naming_it() {
    let site = site_with_language("de", "Deutsch");
    // German: the Dutch file without the quick exit's explanation.
    let german: String = dutch_strings()
        .lines()
        .filter(|l| !l.starts_with("quick_exit_explanation "))
        .map(|l| l.to_owned() + "\n")
        .collect();
    site.write("i18n/de.toml", german);
    let run = site
        .build(&[])
        .code(1)
        .stderr_has("error: `quick_exit_explanation` is missing from the `de` translation")
        .stderr_has("i18n/de.toml")
        .stderr_has("Build failed: 1 error(s)");
    assert!(!site.public().exists(), "a failed build wrote output:\n{run}");

    // `check` reports the same, as JSON for CI.
    let (run, json) = site.check_json(&[]);
    assert_eq!(run.code, 1, "{run}");
    let found = json["diagnostics"].as_array().expect("a list of diagnostics").iter().any(|d| {
        d["severity"] == "error"
            && d["message"]
                .as_str()
                .is_some_and(|m| m.contains("`quick_exit_explanation`") && m.contains("`de`"))
            && d["file"].as_str().is_some_and(|f| f.ends_with("i18n/de.toml"))
    });
    assert!(found, "check does not report the missing string:\n{json:#}");
}

#[test]
fn a_language_without_translations_fails_the_build_naming_the_file_to_write() {
    site_with_language("fy", "Frysk")
        .build(&[])
        .code(1)
        .stderr_has("no translation file for the language `fy` (Frysk): expected i18n/fy.toml")
        .stderr_has("kennisbank.toml:9:8");
}

#[test]
fn languages_of_the_default_theme_build_without_warnings() {
    let site = Site::minimal();
    site.write(
        "kennisbank.toml",
        "title = \"Testsite\"\nbase_url = \"https://test.example.nl\"\n\n\
         [[languages]]\ncode = \"nl\"\nname = \"Nederlands\"\n\n\
         [[languages]]\ncode = \"en\"\nname = \"English\"\n\n\
         [[languages]]\ncode = \"ar\"\nname = \"العربية\"\ndir = \"rtl\"\n",
    );
    let run = site.build(&[]).ok();
    assert!(run.stderr.is_empty(), "{run}");
    assert!(site.output("index.html").contains(">Snel weg<span"), "Dutch is the default language");
}

#[test]
fn a_broken_translation_file_is_an_error_at_its_line_and_column() {
    let site = Site::minimal();
    site.write("i18n/nl.toml", "home = \"Start\"\nskip_link = \"Naar de inhoud\n");
    site.build(&[])
        .code(1)
        .stderr_has("error: invalid TOML in a translation file")
        .stderr_has("i18n/nl.toml:2:");
}

#[test]
fn the_site_overrides_a_theme_string() {
    let site = Site::minimal();
    site.write("i18n/nl.toml", "quick_exit_label = \"Weg hier\"\n");
    site.build(&[]).ok();
    let home = site.output("index.html");
    assert!(home.contains(">Weg hier<span class=\"kb-visually-hidden\">"), "{home}");
    assert!(home.contains("Naar de inhoud"), "the other strings stay the theme's");
}

#[test]
fn the_example_site_says_what_it_said_in_dutch() {
    let out = tempfile::TempDir::new().expect("a temporary folder");
    run(kennisbank()
        .arg("build")
        .arg("--root")
        .arg(env!("CARGO_MANIFEST_DIR"))
        .arg("--output")
        .arg(out.path()))
    .ok();
    let page = |rel: &str| {
        fs::read_to_string(out.path().join(rel)).unwrap_or_else(|e| panic!("cannot read {rel}: {e}"))
    };
    let home = page("index.html");
    for text in [
        "<a class=\"kb-skip-link\" href=\"#inhoud\">Naar de inhoud</a>",
        "<nav class=\"kb-topbar\" aria-label=\"Snel weg\">",
        ">Snel weg<span class=\"kb-visually-hidden\"> (verlaat deze website direct; of druk twee keer op Escape of drie keer op Shift)</span></a>",
        "<strong>Direct gevaar?</strong> Bel <a href=\"tel:112\">112</a>.",
        "placeholder=\"Bijvoorbeeld: signalen baby\"",
        "Deze website gebruikt geen cookies en volgt je niet.",
        "data-kb-label-all-results=\"Alle resultaten bekijken\"",
    ] {
        assert!(home.contains(text), "the home page lacks {text:?}");
    }
    let checklist = page("signalen/0-4-jaar/index.html");
    for text in [
        "data-kb-label-count=\"{ticked} van {total} signalen aangevinkt\"",
        "data-kb-date-locale=\"nl-NL\"",
        "<h2 id=\"kb-next-step-title\">Wat doe je nu?</h2>",
        "<nav class=\"kb-breadcrumbs\" aria-label=\"Kruimelpad\">",
    ] {
        assert!(checklist.contains(text), "the checklist lacks {text:?}");
    }
    assert!(page("404.html").contains("<h1 class=\"kb-title\">Deze pagina bestaat niet</h1>"));
    assert!(page("a-z/index.html").contains("<h1 class=\"kb-title\">Alle pagina's van A tot Z</h1>"));
    assert!(page("zoeken/index.html").contains("data-kb-label-kind-guidance=\"Handreiking\""));
}
