//! Interface strings per language: what the theme's templates, scripts and rendered markdown
//! say around the content ("Snel weg", "Zoeken", "Belangrijk"), in each language of the site.
//!
//! They come from the theme's `i18n/<language>.toml`, overridden string by string by the site's
//! own `i18n/<language>.toml`, for every language in `kennisbank.toml`. They are loaded and
//! checked at the start of a build, beside the content, so their problems are reported with all
//! others. The default language is the reference: every other language needs each of its keys
//! (a missing one is an error naming key, language and file); a key that only a translation has
//! is a warning, and so is a `{placeholder}` that a translation leaves out; a placeholder the
//! reference does not have is an error, as no template fills it in.
//!
//! Templates read them with `t(key="...", lang=lang)` ([`Translate`]). A string is template
//! text: it may hold inline HTML and goes into the page as it is; `{name}` placeholders are
//! filled in with the call's arguments, escaped. Rendered markdown takes its callout labels
//! from here ([`Translations::markdown_labels`]). A theme without an `i18n/` folder, in a site
//! without one, has no strings: nothing is checked and markdown keeps its Dutch labels.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use tera::Value;
use toml::de::{DeTable, DeValue};

use crate::load::config::Config;
use kb_core::diagnostics::{Diagnostic, NameHint, unknown_name_hint};
use kb_markdown::MarkdownLabels;

/// The folder of translation files, in a theme and in a site.
pub const I18N_DIR: &str = "i18n";

/// The checked interface strings of every language of a site.
#[derive(Debug, Clone, Default)]
pub struct Translations {
    /// Language code -> key -> string (placeholders still in it).
    languages: BTreeMap<String, BTreeMap<String, String>>,
}

impl Translations {
    /// The string `key` of `lang`, placeholders unfilled. The error says what is wrong, for a
    /// template error.
    pub fn get(&self, lang: &str, key: &str) -> Result<&str, String> {
        let Some(strings) = self.languages.get(lang) else {
            if self.languages.is_empty() {
                return Err(format!(
                    "t(): no interface strings at all, so none for `{key}` in `{lang}`: the theme has no \
                     `{I18N_DIR}/` folder and neither has the site"
                ));
            }
            let known: Vec<&str> = self.languages.keys().map(String::as_str).collect();
            return Err(format!(
                "t(): no interface strings for the language `{lang}` (asked for `{key}`); {}",
                unknown_name_hint(lang, &known, "languages")
            ));
        };
        strings.get(key).map(String::as_str).ok_or_else(|| {
            let keys: Vec<&str> = strings.keys().map(String::as_str).collect();
            let hint = unknown_name_hint(key, &keys, "strings");
            format!("t(): no interface string `{key}` in the language `{lang}`; {hint}")
        })
    }

    /// A word the generator writes itself (a month, a chart's description): this site's
    /// string, else the built-in default theme's in `lang`, else its Dutch one. So a theme
    /// without translation files still gets words, and no interface text lives in Rust.
    pub fn word(&self, lang: &str, key: &str) -> String {
        self.languages
            .get(lang)
            .and_then(|s| s.get(key))
            .or_else(|| builtin().languages.get(lang).and_then(|s| s.get(key)))
            .or_else(|| builtin().languages.get(REFERENCE_LANGUAGE).and_then(|s| s.get(key)))
            .map_or_else(|| key.to_string(), String::clone)
    }

    /// [`Translations::word`] with its placeholders filled in (not escaped: the caller
    /// escapes the result where it goes into markup).
    pub fn fill(&self, lang: &str, key: &str, values: &[(&str, &str)]) -> String {
        let text = self.word(lang, key);
        fill(&text, |name| values.iter().find(|(n, _)| *n == name).map(|(_, v)| v.to_string()))
            .unwrap_or_else(|_| text.clone())
    }

    /// Fills the placeholders that stand for the organisation's facts (`{organisation}`,
    /// `{phone}`, `{phone_link}`, `{emergency}`: see `[organisation]`) into every string, so
    /// that `t()` needs no arguments for them and the theme's strings carry no organisation.
    fn fill_organisation(&mut self, config: &Config) {
        let org = &config.site.organisation;
        for (lang, strings) in &mut self.languages {
            let values = org.view(lang, config.base_path()).placeholders();
            for text in strings.values_mut() {
                if !text.contains('{') {
                    continue;
                }
                let value = |name: &str| values.iter().find(|(n, _)| *n == name).map(|(_, v)| v.clone());
                let filled = fill(text, |name| value(name).or_else(|| Some(format!("{{{name}}}"))));
                if let Ok(filled) = filled {
                    *text = filled;
                }
            }
        }
    }

    /// The labels that rendered markdown contains, in `lang`.
    pub fn markdown_labels(&self, lang: &str) -> MarkdownLabels {
        let word = |key: &str| self.word(lang, key);
        MarkdownLabels {
            note: word("callout_note"),
            tip: word("callout_tip"),
            important: word("callout_important"),
            warning: word("callout_warning"),
            caution: word("callout_caution"),
            table: word("markdown_table_label"),
            task_done: word("task_done"),
        }
    }
}

/// The language of the built-in default theme whose files every other is checked against.
const REFERENCE_LANGUAGE: &str = "nl";

/// The built-in default theme's strings, parsed once: the fallback of [`Translations::word`].
pub fn builtin() -> &'static Translations {
    static BUILTIN: std::sync::OnceLock<Translations> = std::sync::OnceLock::new();
    BUILTIN.get_or_init(|| {
        let mut languages = BTreeMap::new();
        for file in crate::load::theme::builtin_translation_files() {
            let (Some(code), Ok(source)) = (file.rel.strip_suffix(".toml"), String::from_utf8(file.bytes))
            else {
                continue;
            };
            if let Ok(parsed) = TranslationFile::parse(&file.origin, source) {
                let strings = parsed.strings.into_iter().map(|(k, (text, _))| (k, text)).collect();
                languages.insert(code.to_string(), strings);
            }
        }
        Translations { languages }
    })
}

/// The `t(key="...", lang=lang, name=value...)` template function. Its output is not escaped
/// again: the string is template text, and the values of its placeholders are escaped here.
pub struct Translate(pub Arc<Translations>);

impl tera::Function for Translate {
    fn call(&self, args: &HashMap<String, Value>) -> tera::Result<Value> {
        let text = |name: &str| args.get(name).and_then(Value::as_str);
        let (Some(key), Some(lang)) = (text("key"), text("lang")) else {
            return Err("t() needs `key` and `lang`, like t(key=\"skip_link\", lang=lang)".into());
        };
        let string = self.0.get(lang, key)?;
        let filled = fill(string, |name| args.get(name).map(|v| kb_core::escape::html(&plain(v)))).map_err(
            |name| {
                format!(
                    "t(): the `{lang}` string `{key}` has a placeholder `{{{name}}}`: pass its value, like \
                     t(key=\"{key}\", lang=lang, {name}=...)"
                )
            },
        )?;
        Ok(Value::String(filled))
    }

    fn is_safe(&self) -> bool {
        true
    }
}

/// A template value as text: strings as they are, numbers and booleans written out.
fn plain(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

/// `{name}` placeholders of `text`: byte range of each (braces included) and its name.
fn placeholders(text: &str) -> Vec<(Range<usize>, &str)> {
    let mut found = Vec::new();
    let mut rest = 0;
    while let Some(open) = text[rest..].find('{').map(|i| rest + i) {
        let name_len = text[open + 1..]
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .unwrap_or(text.len() - open - 1);
        let name = &text[open + 1..open + 1 + name_len];
        let closed = text[open + 1 + name_len..].starts_with('}');
        if closed && name.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_') {
            found.push((open..open + name_len + 2, name));
            rest = open + name_len + 2;
        } else {
            rest = open + 1;
        }
    }
    found
}

/// `text` with each placeholder replaced by `value(name)`; the first name without a value is
/// the error.
fn fill(text: &str, value: impl Fn(&str) -> Option<String>) -> Result<String, &str> {
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for (range, name) in placeholders(text) {
        out.push_str(&text[at..range.start]);
        out.push_str(&value(name).ok_or(name)?);
        at = range.end;
    }
    out.push_str(&text[at..]);
    Ok(out)
}

/// One translation file, read: its strings by key (`a.b` for a key `b` in a table `[a]`), each
/// with the byte range of its key, for diagnostics.
#[derive(Debug)]
struct TranslationFile {
    path: PathBuf,
    source: String,
    strings: BTreeMap<String, (String, Range<usize>)>,
}

impl TranslationFile {
    fn parse(path: &Path, source: String) -> Result<TranslationFile, Vec<Diagnostic>> {
        let mut strings = BTreeMap::new();
        let mut problems = Vec::new();
        match DeTable::parse(&source) {
            Ok(table) => collect_strings("", table.get_ref(), path, &source, &mut strings, &mut problems),
            Err(e) => {
                let span = e.span().unwrap_or(0..1);
                problems.push(
                    Diagnostic::error(format!("invalid TOML in a translation file: {}", e.message().trim()))
                        .at_offset(path, &source, span.start, span.len())
                        .with_hint(
                            "a translation file holds lines like `skip_link = \"Naar de inhoud\"`: a key, \
                             `=`, and the text between quotes",
                        ),
                );
            }
        }
        if !problems.is_empty() {
            return Err(problems);
        }
        Ok(TranslationFile { path: path.to_path_buf(), source, strings })
    }

    /// `diagnostic` at the key `key` of this file, or at the file when it has no such key.
    fn at_key(&self, key: &str, diagnostic: Diagnostic) -> Diagnostic {
        match self.strings.get(key) {
            Some((_, span)) => diagnostic.at_offset(&self.path, &self.source, span.start, span.len()),
            None => diagnostic.in_file(&self.path),
        }
    }
}

fn collect_strings(
    prefix: &str,
    table: &DeTable,
    path: &Path,
    source: &str,
    strings: &mut BTreeMap<String, (String, Range<usize>)>,
    problems: &mut Vec<Diagnostic>,
) {
    for (key, value) in table.iter() {
        let name =
            if prefix.is_empty() { key.get_ref().to_string() } else { format!("{prefix}.{}", key.get_ref()) };
        let found = match value.get_ref() {
            DeValue::String(text) => {
                strings.insert(name, (text.to_string(), key.span()));
                continue;
            }
            DeValue::Table(inner) => {
                collect_strings(&name, inner, path, source, strings, problems);
                continue;
            }
            DeValue::Integer(_) | DeValue::Float(_) => "a number",
            DeValue::Boolean(_) => "true or false",
            DeValue::Datetime(_) => "a date",
            DeValue::Array(_) => "a list",
        };
        let span = value.span();
        problems.push(
            Diagnostic::error(format!("the interface string `{name}` must be text, found {found}"))
                .at_offset(path, source, span.start, span.len())
                .with_hint("put the text between double quotes, like `skip_link = \"Naar de inhoud\"`"),
        );
    }
}

/// Reads and checks the translation files of every language of the site (see the module
/// documentation). Problems are returned, not raised: the build reports them with the rest.
pub fn load(config: &Config) -> (Translations, Vec<Diagnostic>) {
    let theme_files = match crate::load::theme::translation_files(config) {
        Ok(files) => files,
        Err(d) => return (Translations::default(), vec![d]),
    };
    let site_dir = config.root.join(I18N_DIR);
    if theme_files.is_empty() && !site_dir.is_dir() {
        return (Translations::default(), Vec::new());
    }
    let mut problems = Vec::new();
    let mut languages = Vec::new();
    for code in language_codes(config) {
        let file_name = format!("{code}.toml");
        let theme_file = theme_files.iter().find(|f| f.rel == file_name).map(|f| {
            let text = String::from_utf8(f.bytes.clone()).map_err(|_| "it is not UTF-8 text".to_string());
            (f.origin.clone(), text)
        });
        let site_path = site_dir.join(&file_name);
        let site_file = site_path.is_file().then(|| {
            let text = std::fs::read_to_string(&site_path).map_err(|e| e.to_string());
            (site_path.clone(), text)
        });
        // Theme first, then the site: the site's strings win.
        let mut layers = Vec::new();
        let mut broken = false;
        for (path, text) in theme_file.into_iter().chain(site_file) {
            let parsed = match text {
                Ok(text) => TranslationFile::parse(&path, text),
                Err(e) => Err(vec![
                    Diagnostic::error(format!("cannot read this translation file: {e}")).in_file(&path),
                ]),
            };
            match parsed {
                Ok(file) => layers.push(file),
                Err(found) => {
                    broken = true;
                    problems.extend(found);
                }
            }
        }
        if broken {
            // Checking the rest of this language would only repeat the problem.
            continue;
        }
        if layers.is_empty() {
            problems.push(missing_language(config, &code, &site_path));
            continue;
        }
        languages.push((code, layers));
    }
    let (mut translations, found) = check(&config.site.default_language, languages);
    problems.extend(found);
    translations.fill_organisation(config);
    (translations, problems)
}

/// The default language first, then the declared ones, each once.
fn language_codes(config: &Config) -> Vec<String> {
    let mut codes = vec![config.site.default_language.clone()];
    for language in &config.site.languages {
        if !codes.contains(&language.code) {
            codes.push(language.code.clone());
        }
    }
    codes
}

/// A declared language without any translation file: an error at its `code = "..."` line.
fn missing_language(config: &Config, code: &str, expected: &Path) -> Diagnostic {
    let name = config.site.languages.iter().find(|l| l.code == code).map_or(code, |l| l.name.as_str());
    let expected = kb_core::diagnostics::display_path(expected, &config.root);
    let theme_folder = if config.theme_dir.is_dir() {
        format!(
            " (or in the theme, {})",
            kb_core::diagnostics::display_path(&config.theme_dir.join(I18N_DIR), &config.root)
        )
    } else {
        String::new()
    };
    let d = Diagnostic::error(format!(
        "no translation file for the language `{code}` ({name}): expected {expected}{theme_folder}"
    ))
    .with_hint(format!(
        "copy the file of the default language `{}` to {expected} and translate its strings, or take \
         `{code}` out of [[languages]]",
        config.site.default_language
    ));
    // At its `code = "..."` in [[languages]]; the default language may be declared nowhere.
    use crate::load::config::KeyStep::{Index, Key};
    match config.site.languages.iter().position(|l| l.code == code) {
        Some(i) => config.at(&[Key("languages"), Index(i), Key("code")], d),
        None => config.at(&[Key("default_language")], d),
    }
}

/// The strings of one language, merged from its files: key -> (string, index of its file).
type Merged = BTreeMap<String, (String, usize)>;

/// Merges each language's files (later ones win, string by string) and checks every language
/// against the default one.
fn check(
    default_language: &str,
    languages: Vec<(String, Vec<TranslationFile>)>,
) -> (Translations, Vec<Diagnostic>) {
    let merged: Vec<(String, Vec<TranslationFile>, Merged)> = languages
        .into_iter()
        .map(|(code, files)| {
            let mut strings = Merged::new();
            for (i, file) in files.iter().enumerate() {
                for (key, (text, _)) in &file.strings {
                    strings.insert(key.clone(), (text.clone(), i));
                }
            }
            (code, files, strings)
        })
        .collect();
    let mut problems = Vec::new();
    if let Some((_, _, reference)) = merged.iter().find(|(code, _, _)| code == default_language) {
        for (code, files, strings) in merged.iter().filter(|(code, _, _)| code != default_language) {
            let translation = Translation { code, files, strings };
            problems.extend(translation.check(default_language, reference));
        }
    }
    let languages = merged
        .into_iter()
        .map(|(code, _, strings)| (code, strings.into_iter().map(|(k, (text, _))| (k, text)).collect()))
        .collect();
    (Translations { languages }, problems)
}

/// One language other than the default, for checking against the default.
struct Translation<'a> {
    code: &'a str,
    files: &'a [TranslationFile],
    strings: &'a Merged,
}

impl Translation<'_> {
    fn check(&self, default_language: &str, reference: &Merged) -> Vec<Diagnostic> {
        let code = self.code;
        let mut problems = Vec::new();
        // The file to add a missing string to: the site's when it has one, else the theme's.
        let Some(target) = self.files.last() else { return problems };
        for (key, (text, _)) in reference.iter().filter(|(key, _)| !self.strings.contains_key(*key)) {
            problems.push(
                Diagnostic::error(format!("`{key}` is missing from the `{code}` translation"))
                    .in_file(&target.path)
                    .with_hint(format!(
                        "every language needs each string of the default language `{default_language}`; add \
                         it to this file, translated. In `{default_language}` it reads: {key} = {text:?}"
                    )),
            );
        }
        let known: Vec<&str> = reference.keys().map(String::as_str).collect();
        for (key, (text, file)) in self.strings {
            let file = &self.files[*file];
            match reference.get(key) {
                Some((reference_text, _)) => {
                    problems.extend(self.placeholder_problems(key, text, reference_text, file));
                }
                None => {
                    let near = NameHint::new(key, &known, "strings");
                    let hint = match near.nearest() {
                        Some(_) => format!("{near}; templates"),
                        None => {
                            format!("add it to the `{default_language}` file too, or remove it: templates")
                        }
                    };
                    let d = Diagnostic::warning(format!(
                        "the `{code}` translation has a string `{key}` that the default language \
                         `{default_language}` lacks"
                    ))
                    .with_hint(format!("{hint} only use the strings of the default language"));
                    problems.push(file.at_key(key, d));
                }
            }
        }
        problems
    }

    /// A placeholder the reference lacks (an error: nothing fills it in) or one the translation
    /// leaves out (a warning: its value is not shown, which may be on purpose).
    fn placeholder_problems(
        &self,
        key: &str,
        text: &str,
        reference: &str,
        file: &TranslationFile,
    ) -> Vec<Diagnostic> {
        let code = self.code;
        let names = |s| placeholders(s).into_iter().map(|(_, n)| n.to_string()).collect::<BTreeSet<_>>();
        let (own, expected) = (names(text), names(reference));
        let listed = if expected.is_empty() {
            "none".to_string()
        } else {
            expected.iter().map(|n| format!("{{{n}}}")).collect::<Vec<_>>().join(", ")
        };
        let mut problems = Vec::new();
        for name in own.difference(&expected) {
            let d = Diagnostic::error(format!(
                "the `{code}` string `{key}` has a placeholder `{{{name}}}` that the default language's lacks"
            ))
            .with_hint(format!("templates fill in only the placeholders of the default language: {listed}"));
            problems.push(file.at_key(key, d));
        }
        for name in expected.difference(&own) {
            let d = Diagnostic::warning(format!(
                "the `{code}` string `{key}` leaves out the placeholder `{{{name}}}`"
            ))
            .with_hint(
                "the value the template passes for it is not shown; keep it, unless the language needs \
                 no such word",
            );
            problems.push(file.at_key(key, d));
        }
        problems
    }
}

#[cfg(test)]
mod tests;
