//! `kennisbank.toml` -> a validated `Config`: absolute paths, defaults, languages.
//!
//! This is the first stage of a build. Unknown keys are errors (a typo in a config silently
//! ignored is a feature silently off), reported at their line with the nearest known key.

pub mod organisation;

pub use kb_markdown::RawHtmlPolicy;
pub use organisation::OrganisationConfig;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use kb_core::diagnostics::{Diagnostic, Diagnostics, unknown_name_hint};

pub const CONFIG_FILE: &str = "kennisbank.toml";

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct SiteConfig {
    pub title: String,
    #[serde(default)]
    pub description: String,
    #[serde(default = "default_base_url")]
    pub base_url: String,
    #[serde(default = "default_language")]
    pub default_language: String,
    #[serde(default)]
    pub languages: Vec<LanguageConfig>,
    #[serde(default = "default_theme")]
    pub theme: String,
    #[serde(default)]
    pub taxonomies: Vec<TaxonomyConfig>,
    #[serde(default)]
    pub markdown: MarkdownConfig,
    #[serde(default)]
    pub links: LinksConfig,
    #[serde(default)]
    pub search: SearchConfig,
    #[serde(default)]
    pub related: RelatedConfig,
    #[serde(default)]
    pub feed: FeedConfig,
    /// `[organisation]`: who runs the site, its numbers, chat and quick exit.
    #[serde(default)]
    pub organisation: OrganisationConfig,
    #[serde(default)]
    pub knowledge: KnowledgeConfig,
    #[serde(default)]
    pub check: CheckConfig,
    /// `[offline]`: sections professionals may store on their device, by choice.
    #[serde(default)]
    pub offline: OfflineConfig,
    /// `[print]`: sections that get a print pack (`/<section>/afdrukken/`).
    #[serde(default)]
    pub print: PrintConfig,
    /// Pages generated from a data file and a template alone (one per record).
    #[serde(default)]
    pub generate: Vec<GenerateConfig>,
    /// Named menus for templates; `url` may be an `@/` content path.
    #[serde(default)]
    pub menus: BTreeMap<String, Vec<MenuItem>>,
    /// Free table for templates.
    #[serde(default)]
    pub extra: toml::Table,
    #[serde(default)]
    pub publish: PublishConfig,
}

/// `[publish]`: where the editor's "Publiceer" sends the site's changes, when the site is a
/// git repository: a remote and a branch, or a new branch per change for sites that review
/// by merge request.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct PublishConfig {
    #[serde(default = "default_remote")]
    pub remote: String,
    /// The branch to push to; empty: the branch checked out.
    #[serde(default)]
    pub branch: String,
    /// Each publish goes to a new branch `kennisbank/<date>-<time>` (for review), not to `branch`.
    #[serde(default)]
    pub branch_per_change: bool,
}

impl Default for PublishConfig {
    fn default() -> Self {
        PublishConfig { remote: default_remote(), branch: String::new(), branch_per_change: false }
    }
}

fn default_remote() -> String {
    "origin".into()
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct LanguageConfig {
    pub code: String,
    pub name: String,
    #[serde(default = "default_dir")]
    pub dir: TextDirection,
}

impl SiteConfig {
    /// The declared language `code`.
    pub fn language(&self, code: &str) -> Option<&LanguageConfig> {
        self.languages.iter().find(|l| l.code == code)
    }

    /// Codes of the languages pages may be translated into: all but the default.
    pub fn translation_languages(&self) -> impl Iterator<Item = &str> {
        self.languages.iter().map(|l| l.code.as_str()).filter(|c| *c != self.default_language)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum TextDirection {
    Ltr,
    Rtl,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct TaxonomyConfig {
    pub name: String,
    #[serde(default)]
    pub title: Option<String>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct MarkdownConfig {
    #[serde(default = "default_highlight_theme")]
    pub highlight_theme: String,
    #[serde(default = "yes")]
    pub smart_punctuation: bool,
    #[serde(default)]
    pub raw_html: RawHtmlPolicy,
}

impl Default for MarkdownConfig {
    fn default() -> Self {
        Self {
            highlight_theme: default_highlight_theme(),
            smart_punctuation: true,
            raw_html: RawHtmlPolicy::default(),
        }
    }
}

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct LinksConfig {
    #[serde(default)]
    pub internal: LinkSeverity,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum LinkSeverity {
    #[default]
    Error,
    Warning,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct SearchConfig {
    #[serde(default = "yes")]
    pub enabled: bool,
}

impl Default for SearchConfig {
    fn default() -> Self {
        Self { enabled: true }
    }
}

/// Related pages ("Lees ook") at the end of each page, found by their words. They do not need
/// the search index to be published: with `[search] enabled = false` they are still found.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RelatedConfig {
    /// How many related pages each page lists; 0 turns them off.
    #[serde(default = "default_related_count")]
    pub count: usize,
}

impl Default for RelatedConfig {
    fn default() -> Self {
        Self { count: default_related_count() }
    }
}

fn default_related_count() -> usize {
    3
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct FeedConfig {
    #[serde(default = "default_feed_limit")]
    pub limit: usize,
}

impl Default for FeedConfig {
    fn default() -> Self {
        Self { limit: default_feed_limit() }
    }
}

/// Where the knowledge-base pages that are generated (not written) go, and glossary links.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct KnowledgeConfig {
    /// Turn the first use of a glossary abbreviation on a page into an `<abbr>` link.
    #[serde(default = "yes")]
    pub abbreviations: bool,
    /// The training calendar (scholingskalender); its `.ics` sits beside it.
    #[serde(default = "default_calendar")]
    pub calendar: String,
    /// The roles x trainings matrix of the professional passports.
    #[serde(default = "default_passport_overview")]
    pub passport_overview: String,
}

impl Default for KnowledgeConfig {
    fn default() -> Self {
        Self {
            abbreviations: true,
            calendar: default_calendar(),
            passport_overview: default_passport_overview(),
        }
    }
}

fn default_calendar() -> String {
    "/scholing/agenda/".into()
}
fn default_passport_overview() -> String {
    "/scholing/paspoorten/overzicht/".into()
}

/// `[check]`: thresholds of `kennisbank check`.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct CheckConfig {
    /// Lowest Flesch-Douma score for public pages (60 is about B1; higher is easier).
    #[serde(default = "default_readability_min")]
    pub readability_min: f64,
}

impl Default for CheckConfig {
    fn default() -> Self {
        Self { readability_min: default_readability_min() }
    }
}

fn default_readability_min() -> f64 {
    60.0
}

/// `[offline]`: the sections a reader can store for use without a network, by clicking
/// "Offline bewaren". Nothing is stored without that click, and never a page for the public.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct OfflineConfig {
    /// Section URL paths (`/meldcode/`); each must be a section of the site.
    #[serde(default)]
    pub sections: Vec<String>,
    /// The most the offline set may weigh, in kilobytes (1,000 bytes); more is a build error.
    #[serde(default)]
    pub budget_kb: Option<u64>,
}

/// `[print]`: the sections printed as one document each, at `/<section>/afdrukken/`.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct PrintConfig {
    /// Section URL paths (`/meldcode/`); each must be a section of the site.
    #[serde(default)]
    pub sections: Vec<String>,
}

/// `[[generate]]`: one page per record of a data file. `{field}` in `path` and `title` is
/// replaced by the record's value (slugified in `path`).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct GenerateConfig {
    /// File under `data/`, like `gemeenten.toml`.
    pub data: String,
    /// Key of the list of records in the file (TOML and JSON); a CSV file is the list itself.
    #[serde(default)]
    pub items: Option<String>,
    pub path: String,
    pub title: String,
    #[serde(default)]
    pub description: Option<String>,
    pub template: String,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct MenuItem {
    pub title: String,
    pub url: String,
}

fn default_base_url() -> String {
    "http://localhost".into()
}
fn default_language() -> String {
    "nl".into()
}
fn default_theme() -> String {
    "default".into()
}
fn default_dir() -> TextDirection {
    TextDirection::Ltr
}
fn default_highlight_theme() -> String {
    "InspiredGitHub".into()
}
fn default_feed_limit() -> usize {
    20
}
fn yes() -> bool {
    true
}

/// Options that come from the command line rather than the config file.
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    pub output: Option<PathBuf>,
    pub base_url: Option<String>,
    pub drafts: bool,
}

/// The validated configuration every later stage reads.
#[derive(Debug, Clone)]
pub struct Config {
    pub site: SiteConfig,
    pub root: PathBuf,
    pub content_dir: PathBuf,
    pub output_dir: PathBuf,
    pub static_dir: PathBuf,
    pub templates_dir: PathBuf,
    pub theme_dir: PathBuf,
    pub data_dir: PathBuf,
    pub drafts: bool,
    /// The text of `kennisbank.toml`, for diagnostics that point into it.
    pub source: String,
    /// The path part of the base URL, derived once.
    base_path: String,
}

/// One step of the path to a value in `kennisbank.toml`: a key or a position in a list.
#[derive(Debug, Clone, Copy)]
pub enum KeyStep<'a> {
    Key(&'a str),
    Index(usize),
}

impl Config {
    /// Reads `kennisbank.toml` under `root` and checks it whole: every error of the file is
    /// reported at once, at its line, before any stage runs.
    pub fn load(root: &Path, options: &BuildOptions) -> Result<Config, Diagnostics> {
        match Config::read(root, options) {
            (Some(config), problems) if !problems.iter().any(Diagnostic::is_error) => Ok(config),
            (_, problems) => {
                let mut problems = Diagnostics::from(problems);
                problems.sort();
                Err(problems)
            }
        }
    }

    /// [`Config::load`] that also returns the config when it has errors, with each wrong
    /// entry left at its default: `build` and `check` go on reading the content with it, so
    /// that the errors of the config and of the content come in one round. `None` when the
    /// file cannot be read or parsed at all.
    pub fn read(root: &Path, options: &BuildOptions) -> (Option<Config>, Vec<Diagnostic>) {
        let root = std::path::absolute(root).unwrap_or_else(|_| root.to_path_buf());
        let file = root.join(CONFIG_FILE);
        let source = match std::fs::read_to_string(&file) {
            Ok(source) => source,
            Err(e) => {
                let d = Diagnostic::error(format!("cannot read the site configuration: {e}"))
                    .in_file(&file)
                    .with_hint(format!(
                        "run kennisbank in a site folder (one with {CONFIG_FILE}), pass --root DIR, \
                         or create a site with `kennisbank init DIR`"
                    ));
                return (None, vec![d]);
            }
        };
        let (site, mut problems) = parse_all(&file, &source);
        let Some(mut site) = site else {
            return (None, problems);
        };
        if let Some(url) = &options.base_url {
            site.base_url = url.clone();
        }
        site.base_url = site.base_url.trim_end_matches('/').to_string();
        if let Err(d) = check_base_url(&site.base_url) {
            problems.push(match &options.base_url {
                Some(_) => d,
                None => match span_of(&source, &[KeyStep::Key("base_url")]) {
                    Some(span) => d.at_offset(&file, &source, span.start, span.len()),
                    None => d.in_file(&file),
                },
            });
        }
        if site.languages.is_empty() {
            site.languages.push(LanguageConfig {
                code: site.default_language.clone(),
                name: site.default_language.clone(),
                dir: TextDirection::Ltr,
            });
        }
        let output_dir = match &options.output {
            Some(p) => std::path::absolute(p).unwrap_or_else(|_| p.clone()),
            None => root.join("public"),
        };
        let theme_dir = root.join("themes").join(&site.theme);
        let base_path = path_of_url(&site.base_url).to_string();
        let config = Config {
            source,
            base_path,
            content_dir: root.join("content"),
            static_dir: root.join("static"),
            templates_dir: root.join("templates"),
            theme_dir,
            data_dir: root.join("data"),
            output_dir,
            drafts: options.drafts,
            root,
            site,
        };
        problems.extend(organisation::problems(&config));
        problems.extend(config.highlight_theme_problem());
        (Some(config), problems)
    }

    /// An unknown `[markdown] highlight_theme`, found before any stage runs.
    fn highlight_theme_problem(&self) -> Option<Diagnostic> {
        let theme = &self.site.markdown.highlight_theme;
        let names = kb_markdown::highlight::builtin_theme_names();
        if names.contains(&theme.as_str()) {
            return None;
        }
        let d = Diagnostic::error(format!("unknown highlight theme `{theme}`"))
            .with_hint(unknown_name_hint(theme, &names, "themes"));
        Some(self.at(&[KeyStep::Key("markdown"), KeyStep::Key("highlight_theme")], d))
    }

    pub fn taxonomy(&self, name: &str) -> Option<&TaxonomyConfig> {
        self.site.taxonomies.iter().find(|t| t.name == name)
    }

    /// The path part of the base URL (`/kb` for `https://x.nl/kb`), prefixed to every link.
    pub fn base_path(&self) -> &str {
        &self.base_path
    }

    /// `diagnostic` at the value that `path` leads to in `kennisbank.toml` (like
    /// `menus.main[2].url`), or at the file when that value is not written there.
    pub fn at(&self, path: &[KeyStep], diagnostic: Diagnostic) -> Diagnostic {
        let file = self.root.join(CONFIG_FILE);
        match span_of(&self.source, path) {
            Some(span) => diagnostic.at_offset(&file, &self.source, span.start, span.len()),
            None => diagnostic.in_file(&file),
        }
    }
}

/// Which part of a `key = value` a diagnostic points at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SpanPart {
    /// The key: an unknown or misspelt key.
    Key,
    /// The value: a wrong type, an unknown value, a bad date.
    Value,
}

/// Where the value at `path` is written in TOML `source`: the one span-aware lookup for every
/// diagnostic that points into a TOML file.
pub fn span_of(source: &str, path: &[KeyStep]) -> Option<std::ops::Range<usize>> {
    toml_span(source, path, SpanPart::Value)
}

/// [`span_of`] for the key or the value at `path`. A list item has no key: its value's span.
pub fn toml_span(source: &str, path: &[KeyStep], part: SpanPart) -> Option<std::ops::Range<usize>> {
    toml_span_in(&toml::de::DeTable::parse(source).ok()?, path, part)
}

/// [`toml_span`] in a table parsed already (front matter asks for many places in one file).
pub fn toml_span_in(
    root: &toml::Spanned<toml::de::DeTable>,
    path: &[KeyStep],
    part: SpanPart,
) -> Option<std::ops::Range<usize>> {
    use toml::de::{DeTable, DeValue};
    let mut span = root.span();
    let mut table: Option<&DeTable> = Some(root.get_ref());
    let mut array: Option<&[toml::Spanned<DeValue>]> = None;
    for (n, step) in path.iter().enumerate() {
        let (key_span, next) = match step {
            KeyStep::Key(key) => {
                table?.iter().find(|(k, _)| k.get_ref() == key).map(|(k, v)| (Some(k.span()), v))?
            }
            KeyStep::Index(i) => (None, array?.get(*i)?),
        };
        span = match key_span {
            Some(k) if part == SpanPart::Key && n + 1 == path.len() => k,
            _ => next.span(),
        };
        table = None;
        array = None;
        match next.get_ref() {
            DeValue::Table(t) => table = Some(t),
            DeValue::Array(items) => array = Some(items.as_ref()),
            _ => {}
        }
    }
    Some(span)
}

/// `/kb` for `https://x.nl/kb`, "" for `https://x.nl`.
fn path_of_url(url: &str) -> &str {
    let after_scheme = url.find("://").map_or(url, |i| &url[i + 3..]);
    after_scheme.find('/').map_or("", |i| &after_scheme[i..])
}

/// Parses config text; an unknown key becomes a diagnostic with the nearest known key.
pub fn parse(file: &Path, source: &str) -> Result<SiteConfig, Diagnostic> {
    match parse_all(file, source) {
        (Some(site), problems) if problems.is_empty() => Ok(site),
        (_, problems) => {
            Err(problems.into_iter().next().unwrap_or_else(|| Diagnostic::error("cannot read the config")))
        }
    }
}

/// Parses config text and collects every error in it, not only the first: after each error
/// the entry it points at is blanked out (same length, so later positions stay right) and
/// the text is read again. The config read without the wrong entries is returned too, for
/// the checks that come after reading, unless the file could not be read at all.
pub fn parse_all(file: &Path, source: &str) -> (Option<SiteConfig>, Vec<Diagnostic>) {
    let mut text = source.to_string();
    let mut problems = Vec::new();
    // Each round blanks at least one entry, so a file has at most as many rounds as entries.
    for _ in 0..64 {
        match toml::from_str::<SiteConfig>(&text) {
            Ok(site) => {
                if let Err(d) = check_languages(file, source, &site) {
                    problems.push(d);
                }
                // With its wrong entries left out, for the checks that look at the whole.
                return (Some(site), problems);
            }
            Err(e) => {
                problems.push(toml_error(file, source, &e));
                let blanked = e.span().and_then(|span| blank_entry(&text, span));
                match blanked {
                    Some(next) if next != text => text = next,
                    _ => break,
                }
            }
        }
    }
    (None, problems)
}

/// `text` with the innermost `key = value` entry (or `[table]` with its keys) that contains
/// `span` replaced by spaces; `None` when no entry contains it (a syntax error).
fn blank_entry(text: &str, span: std::ops::Range<usize>) -> Option<String> {
    use toml::de::{DeTable, DeValue};
    let root = DeTable::parse(text).ok()?;
    // The smallest entry whose key or value holds the span.
    let mut best: Option<std::ops::Range<usize>> = None;
    let mut stack: Vec<&toml::Spanned<DeValue>> = Vec::new();
    let mut consider = |key: std::ops::Range<usize>, value: std::ops::Range<usize>| {
        let (start, end) = (key.start.min(value.start), key.end.max(value.end));
        if start <= span.start
            && span.start < end.max(start + 1)
            && best.as_ref().is_none_or(|b| end - start < b.len())
        {
            best = Some(start..end);
        }
    };
    for (k, v) in root.get_ref().iter() {
        consider(k.span(), v.span());
        stack.push(v);
    }
    while let Some(value) = stack.pop() {
        match value.get_ref() {
            DeValue::Table(t) => {
                for (k, v) in t.iter() {
                    consider(k.span(), v.span());
                    stack.push(v);
                }
            }
            DeValue::Array(items) => stack.extend(items.iter()),
            _ => {}
        }
    }
    let mut range = best?;
    // A `[table]` header: its keys follow on the next lines, up to the next header.
    let line_start = text[..range.start].rfind('\n').map_or(0, |i| i + 1);
    if text[line_start..].trim_start().starts_with('[') {
        let body = text[range.end..].find("\n[").map_or(text.len(), |i| range.end + i + 1);
        range = line_start..body.max(range.end);
    }
    let mut out = text.to_string();
    let blank: String = text[range.clone()].chars().map(|c| if c == '\n' { '\n' } else { ' ' }).collect();
    // Multi-byte characters become one space each: pad to keep byte offsets.
    let pad = range.len() - blank.len();
    out.replace_range(range, &format!("{blank}{}", " ".repeat(pad)));
    Some(out)
}

/// A base URL must be an absolute http(s) address: every permalink, the sitemap and the feed
/// are made from it.
fn check_base_url(url: &str) -> Result<(), Diagnostic> {
    let rest = url.strip_prefix("https://").or_else(|| url.strip_prefix("http://"));
    match rest {
        Some(host) if !host.is_empty() && !host.starts_with('/') && !host.contains(char::is_whitespace) => {
            Ok(())
        }
        _ => Err(Diagnostic::error(format!("`{url}` is not a base URL kennisbank can use")).with_hint(
            "write the address the site will have, with https:// and the host, like \
             \"https://kennisbank.example.nl\" (or \"http://localhost\" for trying it out)",
        )),
    }
}

/// Language codes name folders, file suffixes (`page.en.md`) and URLs (`/en/`): short
/// lowercase BCP 47 tags, each declared once, the default among them.
fn check_languages(file: &Path, source: &str, site: &SiteConfig) -> Result<(), Diagnostic> {
    let at = |needle: &str, message: String, hint: String| {
        let d = Diagnostic::error(message).with_hint(hint);
        // The value on a `code = "..."` line where there is one, else its first occurrence.
        let found = source
            .find(&format!("code = {needle}"))
            .map(|i| i + "code = ".len())
            .or_else(|| source.find(needle));
        match found {
            Some(offset) => d.at_offset(file, source, offset, needle.len()),
            None => d.in_file(file),
        }
    };
    let mut seen = std::collections::HashSet::new();
    for language in &site.languages {
        let code = &language.code;
        // `nl`, `pt-BR`, `zh-Hant`: a 2-3 letter language, then subtags of 2-8 letters or digits.
        let valid = code.split('-').enumerate().all(|(i, part)| {
            let size = if i == 0 { (2..=3).contains(&part.len()) } else { (2..=8).contains(&part.len()) };
            size && part.chars().all(|c| c.is_ascii_alphabetic() || (i > 0 && c.is_ascii_digit()))
        });
        if !valid {
            return Err(at(
                &format!("\"{code}\""),
                format!("`{code}` is not a language code kennisbank can use"),
                "use a BCP 47 tag such as `nl`, `en`, `ar` or `pt-BR`: it becomes part of URLs and \
                 file names"
                    .into(),
            ));
        }
        if !seen.insert(code.as_str()) {
            return Err(at(
                &format!("\"{code}\""),
                format!("the language `{code}` is declared twice"),
                "keep one `[[languages]]` table per language".into(),
            ));
        }
    }
    if !site.languages.is_empty() && !seen.contains(site.default_language.as_str()) {
        let codes: Vec<&str> = site.languages.iter().map(|l| l.code.as_str()).collect();
        return Err(at(
            "default_language",
            format!("the default language `{}` is not among the declared languages", site.default_language),
            format!(
                "add a `[[languages]]` table with code = \"{}\", or set default_language to one of them; {}",
                site.default_language,
                unknown_name_hint(&site.default_language, &codes, "languages")
            ),
        ));
    }
    Ok(())
}

/// Turns a toml/serde error into a diagnostic; used for the config and TOML front matter.
pub fn toml_error(file: &Path, source: &str, error: &toml::de::Error) -> Diagnostic {
    let message = error.message().trim().to_string();
    let (message, hint) = explain_serde_message(&message);
    let diagnostic = Diagnostic::error(message);
    let diagnostic = match error.span() {
        Some(span) => diagnostic.at_offset(file, source, span.start, span.len()),
        None => diagnostic.in_file(file),
    };
    match hint {
        Some(h) => diagnostic.with_hint(h),
        None => diagnostic,
    }
}

/// serde's "unknown field `x`, expected one of `a`, `b`" -> a message plus a did-you-mean hint.
pub fn explain_serde_message(message: &str) -> (String, Option<String>) {
    let Some(rest) = message.strip_prefix("unknown field `") else {
        if message.starts_with("unknown variant `") {
            let mut words = backticked(message).into_iter();
            let value = words.next().unwrap_or_default();
            let known: Vec<String> = words.collect();
            let known: Vec<&str> = known.iter().map(String::as_str).collect();
            return (message.to_string(), Some(unknown_name_hint(&value, &known, "values")));
        }
        return (message.to_string(), None);
    };
    let field = rest.split('`').next().unwrap_or_default().to_string();
    if let Some((_, moved)) = MOVED_KEYS.iter().find(|(old, _)| *old == field) {
        return (format!("unknown key `{field}`"), Some((*moved).to_string()));
    }
    let known: Vec<String> = backticked(message).into_iter().skip(1).collect();
    let known_refs: Vec<&str> = known.iter().map(String::as_str).collect();
    (format!("unknown key `{field}`"), Some(unknown_name_hint(&field, &known_refs, "keys here")))
}

/// Keys of earlier versions, and where their settings went.
const MOVED_KEYS: &[(&str, &str)] = &[(
    "safety",
    "`[safety] quick_exit_url` moved to `[organisation] quick_exit_url` (with the organisation's \
     name, numbers and chat)",
)];

fn backticked(text: &str) -> Vec<String> {
    text.split('`').skip(1).step_by(2).map(str::to_string).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_found_where_they_are_written() {
        let source = "title = \"x\"\n[menus]\nmain = [\n  { title = \"a\", url = \"@/a.md\" },\n  { title = \"b\", url = \"@/b.md\" },\n]\n";
        let span = span_of(
            source,
            &[KeyStep::Key("menus"), KeyStep::Key("main"), KeyStep::Index(1), KeyStep::Key("url")],
        )
        .unwrap();
        assert_eq!(&source[span], "\"@/b.md\"");
        assert!(span_of(source, &[KeyStep::Key("menus"), KeyStep::Key("footer")]).is_none());
        assert_eq!(path_of_url("https://x.nl/kb"), "/kb");
        assert_eq!(path_of_url("https://x.nl"), "");
    }

    #[test]
    fn unknown_key_names_line_and_nearest_key() {
        let src = "title = \"x\"\ndescripton = \"y\"\n";
        let err = parse(Path::new("kennisbank.toml"), src).unwrap_err();
        assert_eq!(err.message, "unknown key `descripton`");
        assert_eq!(err.location.unwrap().line, 2);
        assert!(err.hint.unwrap().contains("did you mean `description`?"));
    }

    #[test]
    fn nested_unknown_key_is_reported() {
        let src = "title = \"x\"\n[markdown]\nsmart_punctuaton = true\n";
        let err = parse(Path::new("k.toml"), src).unwrap_err();
        assert_eq!(err.location.unwrap().line, 3);
        assert!(err.hint.unwrap().contains("smart_punctuation"));
    }

    #[test]
    fn defaults_fill_in() {
        let cfg = parse(Path::new("k.toml"), "title = \"x\"\n").unwrap();
        assert_eq!(cfg.default_language, "nl");
        assert_eq!(cfg.theme, "default");
        assert!(cfg.markdown.smart_punctuation);
    }

    #[test]
    fn bad_enum_value_lists_the_known_ones() {
        let src = "title = \"x\"\n[markdown]\nraw_html = \"maybe\"\n";
        let err = parse(Path::new("k.toml"), src).unwrap_err();
        assert!(err.hint.unwrap().contains("keep"));
    }
}
