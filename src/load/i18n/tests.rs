use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;

use tera::{Context, Function, Tera, Value};

use super::*;
use crate::load::config::BuildOptions;
use kb_core::diagnostics::Severity;

fn file(path: &str, source: &str) -> TranslationFile {
    TranslationFile::parse(Path::new(path), source.to_string()).expect("valid TOML")
}

fn errors(problems: &[Diagnostic]) -> Vec<&Diagnostic> {
    problems.iter().filter(|d| d.severity == Severity::Error).collect()
}

fn warnings(problems: &[Diagnostic]) -> Vec<&Diagnostic> {
    problems.iter().filter(|d| d.severity == Severity::Warning).collect()
}

/// A site in a temporary folder with `config` as its `kennisbank.toml` and `files` beside it.
fn site(config: &str, files: &[(&str, &str)]) -> (tempfile::TempDir, Config) {
    let dir = tempfile::TempDir::new().expect("a temporary folder");
    std::fs::write(dir.path().join("kennisbank.toml"), config).expect("write the config");
    for (rel, text) in files {
        let path = dir.path().join(rel);
        std::fs::create_dir_all(path.parent().expect("a parent")).expect("create folders");
        std::fs::write(path, text).expect("write a file");
    }
    let config = Config::load(dir.path(), &BuildOptions::default()).expect("a valid config");
    (dir, config)
}

#[test]
fn a_missing_key_is_an_error_naming_key_language_and_file() {
    let nl = file("i18n/nl.toml", "skip_link = \"Naar de inhoud\"\nhome = \"Home\"\nsearch = \"Zoek\"\n");
    let en = file("i18n/en.toml", "home = \"Home\"\n");
    let (translations, problems) = check("nl", vec![("nl".into(), vec![nl]), ("en".into(), vec![en])]);
    let errors = errors(&problems);
    assert_eq!(errors.len(), 2, "every missing key is reported: {problems:#?}");
    let messages: Vec<&str> = errors.iter().map(|d| d.message.as_str()).collect();
    assert!(messages.contains(&"`skip_link` is missing from the `en` translation"), "{messages:?}");
    assert!(messages.contains(&"`search` is missing from the `en` translation"), "{messages:?}");
    for d in errors {
        assert_eq!(d.location.as_ref().map(|l| l.file.as_path()), Some(Path::new("i18n/en.toml")));
        assert!(d.hint.as_deref().unwrap_or_default().contains("it reads:"), "{d:?}");
    }
    assert_eq!(translations.get("en", "home"), Ok("Home"));
}

#[test]
fn a_language_without_a_file_is_an_error_naming_the_expected_path() {
    let config = "title = \"T\"\n\n[[languages]]\ncode = \"nl\"\nname = \"Nederlands\"\n\n\
                  [[languages]]\ncode = \"fy\"\nname = \"Frysk\"\n";
    let (_dir, config) = site(config, &[]);
    let (_, problems) = load(&config);
    let [d] = problems.as_slice() else { panic!("one problem expected: {problems:#?}") };
    assert!(d.is_error());
    assert!(d.message.contains("`fy` (Frysk)"), "{}", d.message);
    assert!(d.message.contains("i18n/fy.toml"), "{}", d.message);
    let location = d.location.as_ref().expect("a location");
    assert!(location.file.ends_with("kennisbank.toml"));
    assert_eq!((location.line, location.column), (8, 8), "at the value of `code = \"fy\"`");
}

#[test]
fn invalid_toml_is_reported_at_its_line_and_column() {
    let source = "home = \"Home\"\nskip_link = = \"x\"\n";
    let problems = TranslationFile::parse(Path::new("i18n/nl.toml"), source.into()).unwrap_err();
    let [d] = problems.as_slice() else { panic!("one problem expected: {problems:#?}") };
    assert!(d.message.starts_with("invalid TOML in a translation file"), "{}", d.message);
    let location = d.location.as_ref().expect("a location");
    assert_eq!((location.line, location.column), (2, 13));
    assert_eq!(d.source_line.as_deref(), Some("skip_link = = \"x\""));
}

#[test]
fn a_value_that_is_no_text_is_an_error() {
    let problems = TranslationFile::parse(Path::new("nl.toml"), "home = 3\n".into()).unwrap_err();
    assert_eq!(problems[0].message, "the interface string `home` must be text, found a number");
}

#[test]
fn tables_make_dotted_keys() {
    let nl = file("nl.toml", "[search]\nbutton = \"Zoek\"\n");
    let (translations, problems) = check("nl", vec![("nl".into(), vec![nl])]);
    assert!(problems.is_empty(), "{problems:#?}");
    assert_eq!(translations.get("nl", "search.button"), Ok("Zoek"));
}

#[test]
fn an_extra_key_is_a_warning_at_its_line() {
    let nl = file("nl.toml", "home = \"Home\"\n");
    let en = file("en.toml", "home = \"Home\"\nhomme = \"Home\"\n");
    let (_, problems) = check("nl", vec![("nl".into(), vec![nl]), ("en".into(), vec![en])]);
    assert!(errors(&problems).is_empty(), "{problems:#?}");
    let [d] = warnings(&problems)[..] else { panic!("one warning expected: {problems:#?}") };
    assert!(d.message.contains("`homme`") && d.message.contains("`en`"), "{}", d.message);
    assert_eq!(d.location.as_ref().map(|l| l.line), Some(2));
    assert!(d.hint.as_deref().unwrap_or_default().contains("did you mean `home`?"), "{:?}", d.hint);
}

#[test]
fn placeholders_must_be_those_of_the_default_language() {
    let nl = file("nl.toml", "pages = \"{n} pagina's\"\nlink = '<a href=\"{url}\">hier</a>'\n");
    let en = file("en.toml", "pages = \"{count} pages\"\nlink = \"here\"\n");
    let (_, problems) = check("nl", vec![("nl".into(), vec![nl]), ("en".into(), vec![en])]);
    let [error] = errors(&problems)[..] else { panic!("one error expected: {problems:#?}") };
    assert!(error.message.contains("`{count}`"), "{}", error.message);
    let left_out: Vec<&str> = warnings(&problems).iter().map(|d| d.message.as_str()).collect();
    assert_eq!(left_out.len(), 2, "{left_out:?}");
    assert!(left_out.iter().any(|m| m.contains("`{url}`")), "{left_out:?}");
}

#[test]
fn placeholders_are_found_and_filled() {
    let names: Vec<&str> = placeholders("{a} x {b_2} {} {1x} {c").into_iter().map(|(_, n)| n).collect();
    assert_eq!(names, ["a", "b_2"]);
    let filled = fill("{n} van {total}", |name| (name == "n").then(|| "3".to_string()));
    assert_eq!(filled, Err("total"));
    assert_eq!(fill("{n}{n}", |_| Some("1".into())), Ok("11".to_string()));
}

#[test]
fn the_default_theme_has_every_string_in_every_language() {
    let config = "title = \"T\"\n\n[[languages]]\ncode = \"nl\"\nname = \"Nederlands\"\n\n\
                  [[languages]]\ncode = \"en\"\nname = \"English\"\n\n\
                  [[languages]]\ncode = \"ar\"\nname = \"العربية\"\ndir = \"rtl\"\n";
    let (_dir, config) = site(config, &[]);
    let (translations, problems) = load(&config);
    assert!(problems.is_empty(), "{problems:#?}");
    assert_eq!(translations.get("nl", "quick_exit_label"), Ok("Snel weg"));
    assert_eq!(translations.get("en", "quick_exit_label"), Ok("Leave quickly"));
    assert_eq!(translations.get("ar", "quick_exit_label"), Ok("غادر بسرعة"));
    assert_eq!(translations.markdown_labels("nl").important, "Belangrijk");
    assert_eq!(translations.markdown_labels("en").important, "Important");
}

#[test]
fn the_site_overrides_the_theme_string_by_string() {
    let (_dir, config) = site("title = \"T\"\n", &[("i18n/nl.toml", "quick_exit_label = \"Weg hier\"\n")]);
    let (translations, problems) = load(&config);
    assert!(problems.is_empty(), "{problems:#?}");
    assert_eq!(translations.get("nl", "quick_exit_label"), Ok("Weg hier"));
    assert_eq!(translations.get("nl", "skip_link"), Ok("Naar de inhoud"));
}

#[test]
fn a_theme_without_translations_has_no_strings_and_dutch_markdown_labels() {
    let (_dir, config) =
        site("title = \"T\"\ntheme = \"eigen\"\n", &[("themes/eigen/templates/base.html", "")]);
    let (translations, problems) = load(&config);
    assert!(problems.is_empty(), "{problems:#?}");
    assert!(translations.get("nl", "home").unwrap_err().contains("no `i18n/` folder"));
    assert_eq!(translations.markdown_labels("nl").warning, "Waarschuwing");
}

fn call(translations: &Arc<Translations>, args: &[(&str, Value)]) -> tera::Result<Value> {
    let args: HashMap<String, Value> = args.iter().map(|(k, v)| (k.to_string(), v.clone())).collect();
    Translate(Arc::clone(translations)).call(&args)
}

#[test]
fn t_fills_in_escaped_values_and_names_unknown_keys_and_languages() {
    let nl = file("nl.toml", "hint = '<a href=\"{url}\">Kijk</a> ({n})'\nhome = \"Home\"\n");
    let translations = Arc::new(check("nl", vec![("nl".into(), vec![nl])]).0);
    let s = |v: &str| Value::String(v.into());
    let out = call(
        &translations,
        &[("key", s("hint")), ("lang", s("nl")), ("url", s("/a?b=\"c\"")), ("n", 3.into())],
    );
    assert_eq!(out.unwrap(), s("<a href=\"/a?b=&quot;c&quot;\">Kijk</a> (3)"));

    let unknown_key = call(&translations, &[("key", s("hoem")), ("lang", s("nl"))]).unwrap_err().to_string();
    assert!(unknown_key.contains("`hoem`") && unknown_key.contains("`nl`"), "{unknown_key}");
    assert!(unknown_key.contains("did you mean `home`?"), "{unknown_key}");
    let unknown_lang = call(&translations, &[("key", s("home")), ("lang", s("de"))]).unwrap_err().to_string();
    assert!(unknown_lang.contains("`de`") && unknown_lang.contains("`home`"), "{unknown_lang}");
    let no_value = call(&translations, &[("key", s("hint")), ("lang", s("nl"))]).unwrap_err().to_string();
    assert!(no_value.contains("{url}"), "{no_value}");
    assert!(call(&translations, &[("key", s("home"))]).is_err(), "`lang` is required");
}

#[test]
fn t_output_is_not_escaped_again() {
    let nl = file("nl.toml", "az = \"Alle pagina's\"\nname = \"In {name}\"\n");
    let translations = Arc::new(check("nl", vec![("nl".into(), vec![nl])]).0);
    let mut tera = Tera::default();
    tera.autoescape_on(vec![".html"]);
    tera.register_function("t", Translate(translations));
    tera.add_raw_template(
        "p.html",
        "{{ t(key=\"az\", lang=lang) }} {{ t(key=\"name\", lang=lang, name=x) }}",
    )
    .expect("a valid template");
    let mut ctx = Context::new();
    ctx.insert("lang", "nl");
    ctx.insert("x", "<b>");
    assert_eq!(tera.render("p.html", &ctx).expect("renders"), "Alle pagina's In &lt;b&gt;");
}
