//! Translations: `page.en.md` beside its original or `en/page.md` in a language folder, paired
//! by path; a translation of nothing is an error at its first line; each version gets
//! `<html lang dir>`, `hreflang` alternates in the head and in the sitemap, a switcher listing
//! only the languages it has; and every language its own search index, with its own stemmer.

use crate::common;

use crate::common::{Site, kennisbank, run};

const CONFIG: &str = "title = \"Testsite\"\nbase_url = \"https://test.example.nl\"\n\n\
    [[languages]]\ncode = \"nl\"\nname = \"Nederlands\"\n\n\
    [[languages]]\ncode = \"en\"\nname = \"English\"\n\n\
    [[languages]]\ncode = \"ar\"\nname = \"العربية\"\ndir = \"rtl\"\n";

/// Dutch pages; an English translation beside one, an Arabic one in a language folder, and
/// an untranslated page the English one links to.
fn site() -> Site {
    let site = Site::minimal();
    site.write("kennisbank.toml", CONFIG);
    site.write("content/hulp/_index.md", "+++\ntitle = \"Hulp\"\n+++\n\nHulp bij geweld.\n");
    site.write(
        "content/hulp/slaan.md",
        "+++\ntitle = \"Als iemand je slaat\"\nweight = 1\n+++\n\nWordt je thuis geslagen? Bel Veilig Thuis.\n\n\
         Lees ook [na een melding](@/hulp/melding.md).\n",
    );
    site.write(
        "content/hulp/melding.md",
        "+++\ntitle = \"Na een melding\"\n+++\n\nWat er gebeurt na een melding bij Veilig Thuis.\n",
    );
    site.write(
        "content/hulp/slaan.en.md",
        "+++\ntitle = \"When someone hits you\"\ndescription = \"What you can do.\"\n+++\n\n\
         Are you being hit at home? Call Veilig Thuis. Nobody deserves beatings.\n\n\
         Read also [after a report](@/hulp/melding.md).\n",
    );
    site.write(
        "content/ar/hulp/slaan.md",
        "+++\ntitle = \"عندما يضربك شخص ما\"\n+++\n\nهل يضربك أحد في البيت؟ اتصل بـ Veilig Thuis.\n",
    );
    site
}

#[test]
fn translations_get_their_own_url_lang_dir_and_alternates() {
    let site = site();
    site.build(&[]).ok();
    let dutch = site.output("hulp/slaan/index.html");
    let english = site.output("en/hulp/slaan/index.html");
    let arabic = site.output("ar/hulp/slaan/index.html");
    assert!(english.contains("<html lang=\"en\" dir=\"ltr\">"), "{english}");
    assert!(arabic.contains("<html lang=\"ar\" dir=\"rtl\">"));
    assert!(dutch.contains("<html lang=\"nl\" dir=\"ltr\">"));
    assert!(english.contains("When someone hits you") && !english.contains("Als iemand je slaat</h1>"));
    // Every version lists all three as alternates, the default as x-default.
    for html in [&dutch, &english, &arabic] {
        for (code, path) in [("nl", "/hulp/slaan/"), ("en", "/en/hulp/slaan/"), ("ar", "/ar/hulp/slaan/")] {
            let link = format!(
                "<link rel=\"alternate\" hreflang=\"{code}\" href=\"https://test.example.nl{path}\">"
            );
            assert!(html.contains(&link), "missing {link}");
        }
        assert!(html.contains("hreflang=\"x-default\" href=\"https://test.example.nl/hulp/slaan/\""));
    }
    // The switcher names the other versions in their own language, and only those.
    let switcher = common::between(&english, "class=\"kb-languages\"", "</nav>");
    assert!(switcher.contains("href=\"/hulp/slaan/\" lang=\"nl\" hreflang=\"nl\""), "{switcher}");
    assert!(switcher.contains(">العربية</a>") && !switcher.contains(">English<"));
    // A page without translations has neither switcher nor alternates.
    let melding = site.output("hulp/melding/index.html");
    assert!(!melding.contains("kb-languages") && !melding.contains("hreflang=\"x-default\""));
    // The interface is in the page's language.
    assert!(english.contains("Leave quickly") && arabic.contains("غادر بسرعة") && dutch.contains("Snel weg"));
}

#[test]
fn a_link_from_a_translation_to_an_untranslated_page_says_it_is_dutch() {
    let site = site();
    site.build(&[]).ok();
    let english = site.output("en/hulp/slaan/index.html");
    assert!(
        english.contains("<a href=\"/hulp/melding/\" hreflang=\"nl\">after a report</a> <span class=\"kb-lang-note\">(in Dutch)</span>"),
        "{english}"
    );
    // The translated section lists the untranslated page as Dutch, the translated one in English.
    site.write("content/hulp/_index.en.md", "+++\ntitle = \"Help\"\n+++\n\nHelp with violence.\n");
    site.build(&[]).ok();
    let section = site.output("en/hulp/index.html");
    assert!(section.contains("href=\"/en/hulp/slaan/\">When someone hits you</a>"), "{section}");
    assert!(section.contains("href=\"/hulp/melding/\" lang=\"nl\" hreflang=\"nl\">Na een melding</a>"));
}

#[test]
fn the_sitemap_lists_translations_with_their_alternates() {
    let site = site();
    site.build(&[]).ok();
    let sitemap = site.output("sitemap.xml");
    assert!(sitemap.contains("xmlns:xhtml=\"http://www.w3.org/1999/xhtml\""));
    assert!(sitemap.contains("<loc>https://test.example.nl/en/hulp/slaan/</loc>"));
    let entry = common::between(&sitemap, "<loc>https://test.example.nl/ar/hulp/slaan/</loc>", "</url>");
    for code in ["nl", "en", "ar"] {
        assert!(entry.contains(&format!("<xhtml:link rel=\"alternate\" hreflang=\"{code}\"")), "{entry}");
    }
    let melding = common::between(&sitemap, "<loc>https://test.example.nl/hulp/melding/</loc>", "</url>");
    assert!(!melding.contains("xhtml:link"));
}

#[test]
fn a_translation_of_nothing_is_an_error_at_its_first_line() {
    let site = site();
    site.write("content/hulp/schoppen.en.md", "+++\ntitle = \"Kicking\"\n+++\n\nText.\n");
    site.write("content/en/hulp/slan.md", "+++\ntitle = \"Typo\"\n+++\n\nText.\n");
    let run = site.build(&[]).code(1);
    let stderr = &run.stderr;
    assert!(
        stderr.contains("this translation into `en` has no original: there is no `content/hulp/schoppen.md`"),
        "{run}"
    );
    assert!(stderr.contains("schoppen.en.md:1:1"), "{run}");
    // Both are reported, and the near miss gets a suggestion.
    assert!(
        stderr.contains("there is no `content/hulp/slan.md`") && stderr.contains("hulp/slaan.md"),
        "{run}"
    );
    // A failed build wrote nothing.
    assert!(!site.public().exists());
}

#[test]
fn two_translations_of_one_page_into_one_language_are_an_error() {
    let site = site();
    site.write("content/en/hulp/slaan.md", "+++\ntitle = \"Hitting\"\n+++\n\nText.\n");
    let run = site.build(&[]).code(1);
    assert!(run.stderr.contains("`content/hulp/slaan.md` has two translations into `en`"), "{run}");
}

#[test]
fn an_undeclared_language_suffix_is_a_warning_not_a_silent_page() {
    let site = site();
    site.write("content/hulp/slaan.de.md", "+++\ntitle = \"Wenn dich jemand schlägt\"\n+++\n\nText.\n");
    let run = site.build(&[]).ok();
    assert!(
        run.stderr.contains("looks like a translation into `de`, but the site has no language `de`"),
        "{run}"
    );
}

#[test]
fn the_default_language_must_be_declared() {
    let site = Site::minimal();
    site.write(
        "kennisbank.toml",
        "title = \"T\"\nbase_url = \"https://t.example\"\ndefault_language = \"nl\"\n\n\
         [[languages]]\ncode = \"en\"\nname = \"English\"\n",
    );
    let run = site.build(&[]).code(1);
    assert!(run.stderr.contains("the default language `nl` is not among the declared languages"), "{run}");
    assert!(run.stderr.contains("kennisbank.toml:3:1"), "{run}");
}

#[test]
fn each_language_has_its_own_index_and_stemmer() {
    let site = site();
    site.build(&[]).ok();
    for path in ["search/manifest.json", "search/en/manifest.json", "search/ar/manifest.json"] {
        assert!(site.public().join(path).is_file(), "{path}");
    }
    let english: serde_json::Value = serde_json::from_str(&site.output("search/en/manifest.json")).unwrap();
    assert_eq!(english["language"], "en");
    assert_eq!(english["compounds"], false);
    let search = |lang: &str, query: &str| {
        let run = run(kennisbank()
            .args(["search", "--json", "--lang", lang, "--root"])
            .arg(site.root())
            .arg(query))
        .ok();
        let hits: Vec<serde_json::Value> = serde_json::from_str(&run.stdout).unwrap();
        hits.iter().map(|h| h["url"].as_str().unwrap().to_string()).collect::<Vec<_>>()
    };
    // English stemming: "beating" finds "beatings"; the Dutch page is not in the English index.
    assert_eq!(search("en", "beating "), ["/en/hulp/slaan/"]);
    assert_eq!(search("en", "hit "), ["/en/hulp/slaan/"]);
    assert!(search("nl", "beating ").is_empty());
    assert!(search("nl", "geslagen ").contains(&"/hulp/slaan/".to_string()));
    assert_eq!(search("ar", "يضربك "), ["/ar/hulp/slaan/"]);
    let unknown =
        run(kennisbank().args(["search", "--lang", "fr", "--root"]).arg(site.root()).arg("x")).code(2);
    assert!(unknown.stderr.contains("no pages in the language `fr`"), "{unknown}");
}

#[test]
fn backlinks_stay_within_a_language() {
    let site = site();
    site.build(&[]).ok();
    // The English page links to the Dutch-only `melding`: that page does not list it.
    let melding = site.output("hulp/melding/index.html");
    assert!(!melding.contains("When someone hits you"), "an English backlink on a Dutch page");
    assert!(melding.contains("href=\"/hulp/slaan/\""), "the Dutch backlink is there");
}

#[test]
fn an_anchor_only_the_original_has_leads_to_the_original() {
    let site = site();
    site.write(
        "content/hulp/melding.md",
        "+++\ntitle = \"Na een melding\"\n+++\n\n## Wat er gebeurt\n\nUitleg.\n",
    );
    site.write(
        "content/hulp/melding.en.md",
        "+++\ntitle = \"After a report\"\n+++\n\n## What happens\n\nText.\n",
    );
    site.write(
        "content/hulp/slaan.en.md",
        "+++\ntitle = \"When someone hits you\"\n+++\n\nSee [what happens](@/hulp/melding.md#wat-er-gebeurt) \
         and [the English page](@/hulp/melding.md#what-happens).\n",
    );
    site.build(&[]).ok();
    let english = site.output("en/hulp/slaan/index.html");
    assert!(english.contains("href=\"/hulp/melding/#wat-er-gebeurt\" hreflang=\"nl\""), "{english}");
    assert!(english.contains("href=\"/en/hulp/melding/#what-happens\">"), "{english}");
}

#[test]
fn x_default_is_the_default_language_wherever_the_config_lists_it() {
    let site = site();
    // English listed first, Dutch still the default.
    site.write(
        "kennisbank.toml",
        "title = \"Testsite\"\nbase_url = \"https://test.example.nl\"\ndefault_language = \"nl\"\n\n\
         [[languages]]\ncode = \"en\"\nname = \"English\"\n\n\
         [[languages]]\ncode = \"nl\"\nname = \"Nederlands\"\n\n\
         [[languages]]\ncode = \"ar\"\nname = \"العربية\"\ndir = \"rtl\"\n",
    );
    site.build(&[]).ok();
    let english = site.output("en/hulp/slaan/index.html");
    assert!(
        english.contains("hreflang=\"x-default\" href=\"https://test.example.nl/hulp/slaan/\""),
        "{english}"
    );
    let sitemap = site.output("sitemap.xml");
    assert!(sitemap.contains("hreflang=\"x-default\" href=\"https://test.example.nl/hulp/slaan/\""));
}

#[test]
fn translations_need_a_title_and_cannot_translate_front_matter_kinds() {
    let site = site();
    site.write("content/hulp/_index.en.md", "+++\ndescription = \"No title.\"\n+++\n\nHelp.\n");
    site.write(
        "content/hulp/kiezen.md",
        "+++\ntitle = \"Kiezen\"\nkind = \"decision\"\nstart = \"vraag\"\n\n[[questions]]\nid = \"vraag\"\n\
         text = \"Ja of nee?\"\n[[questions.answers]]\nlabel = \"Ja\"\nnext = \"klaar\"\n[[questions.answers]]\n\
         label = \"Nee\"\nnext = \"klaar\"\n\n[[outcomes]]\nid = \"klaar\"\ntitle = \"Klaar\"\ntext = \"Klaar.\"\n+++\n\nKies.\n",
    );
    site.write("content/hulp/kiezen.en.md", "+++\ntitle = \"Choose\"\n+++\n\nChoose.\n");
    let run = site.build(&[]).code(1);
    assert!(
        run.stderr.contains("_index.en.md:1:1") && run.stderr.contains("this page has no title"),
        "{run}"
    );
    assert!(run.stderr.contains("pages of kind `decision` cannot be translated yet"), "{run}");
}

#[test]
fn fields_a_translation_cannot_change_are_a_warning() {
    let site = site();
    site.write(
        "content/hulp/slaan.en.md",
        "+++\ntitle = \"When someone hits you\"\nslug = \"hitting\"\naliases = [\"/old/\"]\n+++\n\nText.\n",
    );
    let run = site.build(&[]).ok();
    assert!(run.stderr.contains("`slug`, `aliases` here is ignored"), "{run}");
    assert!(!site.public().join("old/index.html").exists(), "no redirect from the translation's alias");
    // The URL stays the original's.
    assert!(site.public().join("en/hulp/slaan/index.html").is_file());
}

#[test]
fn check_reports_a_translation_whose_original_is_due_for_review() {
    let site = site();
    site.write(
        "content/hulp/slaan.md",
        "+++\ntitle = \"Als iemand je slaat\"\nreview_by = 2020-01-01\nowner = \"Team\"\n+++\n\nTekst.\n",
    );
    let (_, json) = site.check_json(&[]);
    let text = json.to_string();
    assert!(text.contains("review date 2020-01-01 has passed"), "{text}");
    assert!(text.contains("review date 2020-01-01 of the original has passed"), "{text}");
    assert!(text.contains("slaan.en.md"), "{text}");
}
