//! A new organisation's path (issue 32): `init`, fill in `[organisation]`, build, `check`
//! clean, serve; what trips a newcomer: another organisation's facts in the theme, errors
//! that come in rounds, features half off, folders `serve` does not see.

use std::time::Duration;

use crate::common::{self, Server, Site, kennisbank, run};

/// Words and numbers of Veilig Thuis Drenthe that a site of another organisation must not show.
const VEILIG_THUIS_FACTS: [&str; 5] = ["Veilig Thuis", "0800-2000", "08002000", "Drenthe", "0800 2000"];

fn init_site() -> Site {
    let tmp = Site::empty();
    run(kennisbank().arg("init").arg(tmp.path("site")).arg("-q")).ok();
    tmp
}

fn config_of(tmp: &Site) -> String {
    tmp.read("site/kennisbank.toml")
}

/// Every output file holding one of `needles`, with the needle.
fn files_with(dir: &std::path::Path, needles: &[&str]) -> Vec<String> {
    common::tree(dir)
        .into_iter()
        .filter_map(|(path, bytes)| {
            let text = String::from_utf8_lossy(&bytes);
            needles.iter().find(|n| text.contains(**n)).map(|n| format!("{path}: {n}"))
        })
        .collect()
}

#[test]
fn an_init_site_shows_no_fact_of_veilig_thuis_and_check_asks_for_the_organisation() {
    let tmp = init_site();
    let root = tmp.path("site");
    run(kennisbank().arg("build").arg("--root").arg(&root)).ok();
    let found = files_with(&root.join("public"), &VEILIG_THUIS_FACTS);
    assert!(found.is_empty(), "an init site shows facts of Veilig Thuis: {found:?}");
    let home = std::fs::read_to_string(root.join("public/index.html")).unwrap();
    // The emergency number stays; no advice number is shown while none is given.
    assert!(home.contains("<a href=\"tel:112\">112</a>"), "{home}");

    // check names each fact still to fill in, at its line in kennisbank.toml.
    let check = run(kennisbank().args(["check", "--format", "json", "--root"]).arg(&root)).ok();
    let report: serde_json::Value = serde_json::from_str(&check.stdout).unwrap();
    let messages: Vec<&str> =
        report["diagnostics"].as_array().unwrap().iter().filter_map(|d| d["message"].as_str()).collect();
    assert!(messages.iter().any(|m| m.contains("`[organisation] name` is empty")), "{messages:?}");
    assert!(messages.iter().any(|m| m.contains("`[organisation] phone` is empty")), "{messages:?}");

    // Filled in: check is clean, and the facts are on every page.
    let config = config_of(&tmp)
        .replace("short_name = \"\"", "short_name = \"het Steunpunt\"")
        .replace("\nname = \"\"", "\nname = \"Steunpunt Huiselijk Geweld Voorbeeldstad\"")
        .replace("phone = \"\"", "phone = \"030 123 45 67\"")
        .replace("phone_note = \"\"", "phone_note = \"op werkdagen\"");
    tmp.write("site/kennisbank.toml", config);
    let check = run(kennisbank().args(["check", "--deny-warnings", "--root"]).arg(&root));
    assert_eq!(check.code, 0, "an init site with its organisation filled in is not check-clean:\n{check}");
    run(kennisbank().arg("build").arg("--root").arg(&root)).ok();
    for page in ["index.html", "404.html", "signalen/wat-kun-je-doen/index.html"] {
        let html = std::fs::read_to_string(root.join("public").join(page)).unwrap();
        assert!(
            html.contains("het Steunpunt <a href=\"tel:0301234567\">030 123 45 67</a> (op werkdagen)"),
            "{page} lacks the organisation's number:\n{html}"
        );
    }
}

#[test]
fn the_organisation_speaks_the_pages_language_and_bad_facts_are_errors_at_their_line() {
    let site = Site::minimal();
    site.write(
        "kennisbank.toml",
        "title = \"T\"\nbase_url = \"https://t.example.nl\"\n\
         [[languages]]\ncode = \"nl\"\nname = \"Nederlands\"\n\
         [[languages]]\ncode = \"en\"\nname = \"English\"\n\
         [organisation]\nname = \"Org\"\nphone = \"0800-1234\"\nphone_note = \"gratis\"\n\
         chat_url = \"https://chat.example.nl/\"\nchat_hours = \"ma-vr 9-17\"\n\
         [[organisation.phones]]\nlabel = \"De Kindertelefoon\"\nnumber = \"0800-0432\"\n\
         [organisation.translations.en]\nphone_note = \"free\"\n",
    );
    site.write("content/_index.en.md", "+++\ntitle = \"Home\"\n+++\n\nWelcome.\n");
    site.build(&[]).ok();
    let nl = site.output("index.html");
    assert!(nl.contains("<a href=\"tel:08001234\">0800-1234</a> (gratis)"), "{nl}");
    assert!(nl.contains("De Kindertelefoon: <a href=\"tel:08000432\">0800-0432</a>"), "{nl}");
    assert!(nl.contains("href=\"https://chat.example.nl/\""), "{nl}");
    let en = site.output("en/index.html");
    assert!(en.contains("<a href=\"tel:08001234\">0800-1234</a> (free)"), "{en}");

    // Two wrong facts and a wrong key: one round, each at its line.
    site.write(
        "kennisbank.toml",
        "title = \"T\"\nbase_url = \"https://t.example.nl\"\n\
         [organisation]\nphone = \"bel ons\"\nchat_url = \"javascript:alert(1)\"\nnaam = \"x\"\n",
    );
    let run = site.build(&[]).code(1);
    for (needle, line) in
        [("not a phone number", ":4:"), ("not a web address", ":5:"), ("unknown key `naam`", ":6:")]
    {
        assert!(run.stderr.contains(needle), "missing {needle:?}:\n{run}");
        assert!(run.stderr.contains(&format!("kennisbank.toml{line}")), "not at line {line}:\n{run}");
    }
    // The old `[safety]` says where its setting went.
    site.write(
        "kennisbank.toml",
        "title = \"T\"\nbase_url = \"https://t.example.nl\"\n[safety]\nquick_exit_url = \"https://www.buienradar.nl/\"\n",
    );
    site.build(&[]).code(1).stderr_has("moved to `[organisation] quick_exit_url`");
}

#[test]
fn config_and_content_errors_come_in_one_round() {
    let site = Site::minimal();
    site.write(
        "kennisbank.toml",
        "title = \"T\"\nbase_url = \"https://t.example.nl\"\ndescripton = \"x\"\n\
         [markdown]\nhighlight_theme = \"Nope\"\nsmart_punctuaton = true\n\
         [links]\ninternal = \"maybe\"\n\
         [[taxonomies]]\nname = \"themas\"\n",
    );
    site.write(
        "content/a.md",
        "+++\ntitle = \"A\"\n[taxonomies]\nonbekend = [\"x\"]\n+++\n\nZie [weg](@/weg.md).\n",
    );
    let run = site.build(&[]).code(1);
    for needle in [
        "unknown key `descripton`",
        "unknown highlight theme `Nope`",
        "unknown key `smart_punctuaton`",
        "unknown variant `maybe`",
        "unknown taxonomy `onbekend`",
        "`weg.md`",
    ] {
        assert!(run.stderr.contains(needle), "one round does not report {needle:?}:\n{run}");
    }
    // Each once: no follow-up errors of a blanked entry.
    assert_eq!(run.stderr.matches("error:").count(), 6, "{run}");
    assert!(!site.public().exists(), "a failed build wrote output");

    // `check` reports the editorial warnings even when the content has errors.
    site.write("kennisbank.toml", "title = \"T\"\nbase_url = \"https://t.example.nl\"\n");
    site.write("content/b.md", "+++\ntitle = \"A\"\n+++\n\nDezelfde titel als a.\n");
    let (_, report) = site.check_json(&[]);
    let messages: Vec<&str> =
        report["diagnostics"].as_array().unwrap().iter().filter_map(|d| d["message"].as_str()).collect();
    assert!(messages.iter().any(|m| m.contains("unknown taxonomy")), "{messages:?}");
    assert!(messages.iter().any(|m| m.contains("same title")), "{messages:?}");
    assert!(messages.iter().any(|m| m.contains("orphan page")), "{messages:?}");
}

#[test]
fn a_base_url_that_is_no_address_is_refused() {
    let site = Site::minimal();
    site.build(&["--base-url", "notaurl"]).code(1).stderr_has("is not a base URL");
    site.write("kennisbank.toml", "title = \"T\"\nbase_url = \"kennisbank.nl\"\n");
    site.build(&[]).code(1).stderr_has("kennisbank.toml:2:");
}

#[test]
fn search_switched_off_leaves_no_trace_in_the_pages() {
    let site = Site::minimal();
    site.write(
        "kennisbank.toml",
        "title = \"T\"\nbase_url = \"https://t.example.nl\"\n[search]\nenabled = false\n",
    );
    site.write("content/a.md", "+++\ntitle = \"A\"\n+++\n\nTekst.\n");
    site.build(&[]).ok();
    for page in ["index.html", "a/index.html", "404.html"] {
        let html = site.output(page);
        for trace in ["kb-search", "role=\"search\"", "/search/", "/zoeken/", "search-ui", "search."] {
            assert!(!html.contains(trace), "{page} keeps `{trace}` with search off:\n{html}");
        }
    }
    assert!(!site.public().join("zoeken").exists() && !site.public().join("search").exists());
}

#[test]
fn a_broken_link_allowed_as_a_warning_leaves_no_dead_href() {
    let site = Site::minimal();
    site.write(
        "kennisbank.toml",
        "title = \"T\"\nbase_url = \"https://t.example.nl\"\n[links]\ninternal = \"warning\"\n",
    );
    site.write(
        "content/a.md",
        "+++\ntitle = \"A\"\n+++\n\nZie [de oude pagina](@/bestaat/niet.md) en [dit](../weg.md).\n",
    );
    let run = site.build(&[]).ok();
    assert!(run.stderr.contains("without a link"), "the warning does not say what the page shows:\n{run}");
    let html = site.output("a/index.html");
    assert!(!html.contains("href=\"@/") && !html.contains("weg.md"), "{html}");
    assert!(html.contains("de oude pagina") && html.contains("dit"), "the link text went too:\n{html}");
}

#[test]
fn serve_sees_folders_made_after_it_started() {
    let tmp = init_site();
    let root = tmp.path("site");
    assert!(!root.join("templates").exists() && !root.join("i18n").exists());
    let server = Server::start(&root);
    assert!(server.get("/").unwrap().body.contains("Mijn kennisbank"));
    // A translation file in a new i18n/ folder, then a template in a new templates/ folder.
    tmp.write("site/i18n/nl.toml", "skip_link = \"Spring naar de tekst\"\n");
    server.wait_for("/", Duration::from_secs(10), "the new i18n folder", |r| {
        r.body.contains("Spring naar de tekst")
    });
    tmp.write("site/templates/shortcodes/groet.html", "<p class=\"groet\">Hallo {{ naam }}</p>\n");
    std::thread::sleep(Duration::from_millis(300));
    tmp.write("site/content/groet.md", "+++\ntitle = \"Groet\"\n+++\n\n{{ groet(naam=\"Anna\") }}\n");
    server.wait_for("/groet/", Duration::from_secs(10), "the shortcode in a new templates folder", |r| {
        r.body.contains("<p class=\"groet\">Hallo Anna</p>")
    });
    // A later edit inside the new folder is seen too.
    tmp.write("site/templates/shortcodes/groet.html", "<p class=\"groet\">Dag {{ naam }}</p>\n");
    server.wait_for("/groet/", Duration::from_secs(10), "an edit in the new folder", |r| {
        r.body.contains("<p class=\"groet\">Dag Anna</p>")
    });
}

#[test]
fn every_kind_new_writes_builds_in_a_new_site_and_new_help_names_them_all() {
    let tmp = init_site();
    let root = tmp.path("site");
    let help = run(kennisbank().args(["new", "--help"])).ok();
    let kinds = [
        "guidance",
        "checklist",
        "decision",
        "training",
        "passport",
        "glossary",
        "slides",
        "product",
        "page",
    ];
    for kind in kinds {
        assert!(help.stdout.contains(kind), "`new --help` does not name the kind {kind}:\n{help}");
        run(kennisbank()
            .arg("new")
            .arg(format!("content/nieuw/{kind}.md"))
            .args(["--kind", kind, "--root"])
            .arg(&root))
        .ok();
    }
    let build = run(kennisbank().arg("build").arg("--root").arg(&root));
    assert_eq!(build.code, 0, "a page `new` wrote does not build:\n{build}");
}

#[test]
fn quiet_check_prints_only_errors() {
    let site = Site::minimal();
    site.write("content/a.md", "+++\ntitle = \"A\"\n+++\n\nNiemand linkt hierheen.\n");
    let quiet = run(kennisbank().args(["check", "-q", "--root"]).arg(site.root())).ok();
    assert!(!quiet.stdout.contains("warning"), "{quiet}");
    let loud = run(kennisbank().args(["check", "--root"]).arg(site.root())).ok();
    assert!(loud.stdout.contains("orphan page"), "{loud}");
}

#[test]
fn host_files_say_how_long_a_file_may_be_cached() {
    let site = Site::minimal();
    site.write("kennisbank.toml", "title = \"T\"\nbase_url = \"https://t.example.nl/kb\"\n");
    site.build(&[]).ok();
    let headers = site.output("_headers");
    assert!(headers.contains("/*\n") && headers.contains("  Cache-Control: no-store\n"), "{headers}");
    assert!(headers.contains("/kb/css/*\n  Cache-Control: public, max-age=31536000, immutable"), "{headers}");
    // The asset rules come after the rule for every path (Netlify takes the later one).
    assert!(headers.find("no-store").unwrap() < headers.find("immutable").unwrap());
    let nginx = site.output("nginx-security-headers.conf");
    assert!(nginx.contains("if ($uri ~ \"^/kb/(css|js)/\")"), "{nginx}");
    assert!(nginx.contains("add_header Cache-Control $kb_cache_control always;"), "{nginx}");
}

#[test]
fn a_copied_theme_template_is_watched_for_changes_in_the_theme() {
    let tmp = init_site();
    let root = tmp.path("site");
    run(kennisbank().args(["theme", "copy", "page.html", "--root"]).arg(&root)).ok();
    let copy = std::fs::read_to_string(root.join("templates/page.html")).unwrap();
    assert!(copy.starts_with("{# kennisbank theme copy: page.html whole="), "{copy}");
    // A fresh copy is up to date; a second copy never overwrites.
    let check = run(kennisbank().args(["check", "--root"]).arg(&root));
    assert!(!check.stdout.contains("changed since"), "{check}");
    run(kennisbank().args(["theme", "copy", "page.html", "--root"]).arg(&root))
        .code(2)
        .stderr_has("exists already");
    // A copy made from an older theme (its `content` block differed) is reported by block.
    let stamp = copy.lines().next().unwrap();
    let old_content = stamp
        .split_whitespace()
        .find(|w| w.starts_with("content="))
        .expect("page.html has a content block")
        .to_string();
    let old_whole = stamp.split_whitespace().find(|w| w.starts_with("whole=")).unwrap().to_string();
    let older =
        copy.replacen(&old_content, "content=0000000000", 1).replacen(&old_whole, "whole=0000000000", 1);
    tmp.write("site/templates/page.html", older);
    let check = run(kennisbank().args(["check", "--root"]).arg(&root));
    assert!(
        check.stdout.contains("the theme's page.html changed since templates/page.html was copied"),
        "{check}"
    );
    assert!(check.stdout.contains("changed: content"), "{check}");
    // A copy without a stamp is named too.
    tmp.write("site/templates/section.html", "{% extends \"base.html\" %}\n");
    let check = run(kennisbank().args(["check", "--root"]).arg(&root));
    assert!(check.stdout.contains("templates/section.html replaces the theme's section.html"), "{check}");
}
