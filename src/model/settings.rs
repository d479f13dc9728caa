//! The config, checked and resolved once, as the later stages read it. The model stage derives
//! it (the print and offline sections become section ids there, an entry that names no section
//! an error reported with the content's, before any page is rendered); docs, index, pages and
//! output read these settings and never `Config`, so that no check of the config can hide in
//! a late stage and every stage reads the same resolved value (the base path, the default
//! language, the switches).

use std::collections::BTreeMap;
use std::path::PathBuf;

use super::{Library, SectionId};
use crate::load::config::{
    Config, KeyStep, KnowledgeConfig, LanguageConfig, MenuItem, OrganisationConfig, RawHtmlPolicy,
};
use kb_core::diagnostics::{Diagnostic, unknown_name_hint};

/// The settings derived from the config and the model.
#[derive(Debug, Clone, Default)]
pub struct Settings {
    /// `[print] sections`, in the config's order: each gets a print pack.
    pub print_sections: Vec<SectionId>,
    /// `[offline] sections`, in the config's order: their pages may be stored offline.
    pub offline_sections: Vec<SectionId>,
    /// `[offline] budget_kb`: the most the offline set may weigh.
    pub offline_budget: Option<OfflineBudget>,
    /// The path part of the base URL without its last slash (empty, or `/kennisbank`): every
    /// URL of the site starts with it.
    pub base_path: String,
    /// The base URL as written, for absolute URLs (feeds, sitemap, structured data).
    pub base_url: String,
    pub default_language: String,
    /// The declared languages, in the config's order.
    pub languages: Vec<LanguageConfig>,
    /// Whether search is on: the index is published and the search page made.
    pub search: bool,
    /// How many related pages each page lists; 0: none are looked for.
    pub related: usize,
    pub markdown: MarkdownSettings,
    /// How many entries the Atom feed holds.
    pub feed_limit: usize,
    /// What the templates show of the site itself.
    pub site: SiteFacts,
    /// Where the image functions look for files, and the previous output's image cache.
    pub images: crate::load::images::ImageDirs,
    /// The site's `templates/`, which template errors point into.
    pub templates_dir: PathBuf,
}

/// The offline set's budget, and where the config sets it: the output stage, which alone
/// knows the set's size, reports going over it at that line.
#[derive(Debug, Clone)]
pub struct OfflineBudget {
    pub kb: u64,
    /// A diagnostic at `budget_kb` in `kennisbank.toml`, without its message yet.
    place: Diagnostic,
}

impl OfflineBudget {
    /// The error for a set of `bytes` over the budget; `None` within it.
    pub fn exceeded(&self, bytes: u64) -> Option<Diagnostic> {
        (bytes > self.kb * 1000).then(|| {
            let mut d = self.place.clone();
            d.message = format!("the offline set is {} KB, over its budget of {} KB", bytes.div_ceil(1000), self.kb);
            d.with_hint("raise `budget_kb`, or store fewer sections offline: each stored page costs the reader space on their device")
        })
    }
}

/// How markdown is rendered, as `[markdown]` and `[knowledge]` say.
#[derive(Debug, Clone, Default)]
pub struct MarkdownSettings {
    pub smart_punctuation: bool,
    pub raw_html: RawHtmlPolicy,
    /// The first use of a glossary abbreviation on a page becomes an `<abbr>` link.
    pub abbreviations: bool,
    /// The code colours' theme, known to the highlighter (`Config::read` checked it).
    pub highlight_theme: String,
}

/// The site's own words and links, as the templates show them.
#[derive(Debug, Clone, Default)]
pub struct SiteFacts {
    pub title: String,
    pub description: String,
    pub organisation: OrganisationConfig,
    pub knowledge: KnowledgeConfig,
    /// Named menus; their `@/` URLs are checked by the model (`menus::check`).
    pub menus: BTreeMap<String, Vec<MenuItem>>,
    /// The free `[extra]` table.
    pub extra: toml::Table,
}

impl Settings {
    /// The declared language `code`.
    pub fn language(&self, code: &str) -> Option<&LanguageConfig> {
        self.languages.iter().find(|l| l.code == code)
    }

    /// Codes of the languages pages may be translated into: all but the default.
    pub fn translation_languages(&self) -> impl Iterator<Item = &str> {
        self.languages.iter().map(|l| l.code.as_str()).filter(|c| *c != self.default_language)
    }
}

/// Derives the settings; a print or offline section that is not a section of the site is an
/// error at its line in `kennisbank.toml`.
pub fn derive(config: &Config, lib: &Library) -> (Settings, Vec<Diagnostic>) {
    let mut problems = Vec::new();
    let mut resolve = |table: &str, list: &[String]| {
        let (found, missing) = sections(config, lib, table, list);
        problems.extend(missing);
        found
    };
    let print_sections = resolve("print", &config.site.print.sections);
    let offline_sections = resolve("offline", &config.site.offline.sections);
    problems.extend(public_pages_offline(config, lib, &offline_sections));
    let site = &config.site;
    let settings = Settings {
        print_sections,
        offline_sections,
        offline_budget: site.offline.budget_kb.map(|kb| OfflineBudget {
            kb,
            place: config.at(&[KeyStep::Key("offline"), KeyStep::Key("budget_kb")], Diagnostic::error("")),
        }),
        base_path: config.base_path().to_string(),
        base_url: site.base_url.clone(),
        default_language: site.default_language.clone(),
        languages: site.languages.clone(),
        search: site.search.enabled,
        related: site.related.count,
        markdown: MarkdownSettings {
            smart_punctuation: site.markdown.smart_punctuation,
            raw_html: site.markdown.raw_html,
            abbreviations: site.knowledge.abbreviations,
            highlight_theme: site.markdown.highlight_theme.clone(),
        },
        feed_limit: site.feed.limit,
        site: SiteFacts {
            title: site.title.clone(),
            description: site.description.clone(),
            organisation: site.organisation.clone(),
            knowledge: site.knowledge.clone(),
            menus: site.menus.clone(),
            extra: site.extra.clone(),
        },
        images: crate::load::images::ImageDirs::of(config),
        templates_dir: config.templates_dir.clone(),
    };
    (settings, problems)
}

/// A warning for each page for the public under an offline section: such a page is left out
/// of the set, which the config's author may not expect.
fn public_pages_offline(config: &Config, lib: &Library, offline: &[SectionId]) -> Vec<Diagnostic> {
    let roots: Vec<&str> = offline.iter().map(|s| lib.section(*s).doc.path.as_str()).collect();
    let docs = lib.pages.iter().map(|p| &p.doc).chain(lib.sections.iter().map(|s| &s.doc));
    let public = docs.filter(|doc| roots.iter().any(|r| doc.path.starts_with(r)) && doc.is_for_public());
    public
        .map(|doc| {
            let message = format!("`{}` is for the public: it is not stored offline", doc.path);
            config
                .at(&[KeyStep::Key("offline"), KeyStep::Key("sections")], Diagnostic::warning(message))
                .with_hint(
                    "pages for the public are never stored on a device; remove `public` from its audience to store it",
                )
        })
        .collect()
}

/// The sections of `list` (URL paths, as `[table] sections` writes them), and an error for
/// each path that is not a section of the site.
fn sections(
    config: &Config,
    lib: &Library,
    table: &str,
    list: &[String],
) -> (Vec<SectionId>, Vec<Diagnostic>) {
    let mut found = Vec::new();
    let mut problems = Vec::new();
    for (n, path) in list.iter().enumerate() {
        match lib.sections_with_ids().find(|(_, s)| !s.dir.is_empty() && s.doc.path == *path) {
            Some((s, _)) => found.push(s),
            None => {
                let known: Vec<&str> =
                    lib.sections.iter().filter(|s| !s.dir.is_empty()).map(|s| s.doc.path.as_str()).collect();
                let hint = format!(
                    "{}; write the URL path of a section, with slashes (`/meldcode/`)",
                    unknown_name_hint(path, &known, "sections")
                );
                let message = format!("[{table}] sections: `{path}` is not a section of this site");
                let at = [KeyStep::Key(table), KeyStep::Key("sections"), KeyStep::Index(n)];
                problems.push(config.at(&at, Diagnostic::error(message)).with_hint(hint));
            }
        }
    }
    (found, problems)
}
