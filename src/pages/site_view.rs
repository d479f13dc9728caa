//! The `site` view every template gets: title, menus, top sections, taxonomies, search URLs,
//! safety settings. Built once per language, typed, never patched after the fact.

use std::collections::{BTreeMap, HashMap};

use serde::Serialize;

use super::views::{SectionSummary, Views};
use crate::load::config::LanguageConfig;
use crate::model::NodeId;

#[derive(Debug, Clone, Serialize)]
pub struct SiteView<'a> {
    pub title: &'a str,
    pub description: &'a str,
    pub base_url: &'a str,
    /// The language of the page being rendered.
    pub language: String,
    pub default_language: &'a str,
    pub languages: &'a [LanguageConfig],
    /// Menu name (`main`, `footer`) -> its items, in the page's language where translated.
    pub menus: BTreeMap<String, Vec<MenuItemView>>,
    /// The sections right below the home page.
    pub sections: Vec<SectionSummary<'a>>,
    pub taxonomies: Vec<TaxonomyLink<'a>>,
    /// The Content-Security-Policy of every page (also in a `<meta>` element).
    pub csp: &'static str,
    /// `[organisation]` in the page's language: name, numbers, chat, quick exit, logo.
    pub organisation: crate::load::config::organisation::OrganisationView,
    pub search: SearchUrls,
    pub extra: &'a toml::Table,
    /// The home page in the page's language.
    pub home_url: String,
    /// `YYYY-MM-DD`, the build's date.
    pub build_date: String,
    /// The first glossary page, for "look it up" links; `None` when the site has none.
    pub glossary_url: Option<String>,
    /// The training calendar, where the site has trainings.
    pub calendar_url: Option<String>,
    /// The passport overview, where the site has passports.
    pub passport_overview_url: Option<String>,
    /// The offline set's pages and files, where the site names `[offline] sections`.
    pub offline: Option<super::offline::OfflineView>,
    /// The print packs of the site (`[print] sections`), for the "Afdrukken" links.
    pub print_packs: Vec<super::print::PrintPackLink>,
}

#[derive(Debug, Clone, Serialize)]
pub struct MenuItemView {
    pub title: String,
    pub url: String,
    /// The content path (`hulp/_index.md`) for `@/` items.
    pub rel: Option<String>,
    /// Set when the item leads to a page in another language than the page's.
    pub lang: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct TaxonomyLink<'a> {
    pub name: &'a str,
    pub title: &'a str,
    pub url: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct SearchUrls {
    pub enabled: bool,
    /// The results page.
    pub url: String,
    /// The index manifest of the page's language.
    pub manifest: String,
    /// On a translated page: the default language's manifest, searched after its own.
    pub fallback_manifest: Option<String>,
}

/// Links to pages that exist only on some sites.
pub struct OptionalPages {
    pub calendar: bool,
    pub passport_overview: bool,
}

/// The site view of the default language, then one per language with translated pages.
pub fn site_views<'a>(
    views: &Views<'a>,
    optional: &OptionalPages,
    languages: &[&str],
) -> HashMap<String, SiteView<'a>> {
    let default = default_view(views, optional);
    let mut all: HashMap<String, SiteView<'a>> =
        languages.iter().map(|lang| (lang.to_string(), in_language(views, &default, lang))).collect();
    all.insert(views.default_language().to_string(), default);
    all
}

fn default_view<'a>(views: &Views<'a>, optional: &OptionalPages) -> SiteView<'a> {
    let settings = views.settings;
    let lib = views.lib;
    let menus = settings
        .site
        .menus
        .iter()
        .map(|(name, items)| {
            let items = items
                .iter()
                .map(|item| MenuItemView {
                    title: item.title.clone(),
                    url: views.menu_url(&item.url),
                    rel: match lib.link_table.resolve("", &item.url) {
                        Some(Ok(found)) => Some(found.rel),
                        _ => None,
                    },
                    lang: None,
                })
                .collect();
            (name.clone(), items)
        })
        .collect();
    let sections = lib
        .root_section()
        .map(|r| lib.section(r).subsections.iter().map(|s| views.section_summary(*s)).collect())
        .unwrap_or_default();
    let taxonomies = lib
        .taxonomies
        .iter()
        .map(|t| TaxonomyLink { name: &t.name, title: &t.title, url: views.url(&t.path) })
        .collect();
    let knowledge = &settings.site.knowledge;
    SiteView {
        title: &settings.site.title,
        description: &settings.site.description,
        base_url: &settings.base_url,
        language: settings.default_language.clone(),
        default_language: &settings.default_language,
        languages: &settings.languages,
        menus,
        sections,
        taxonomies,
        csp: super::feeds::CONTENT_SECURITY_POLICY,
        organisation: settings
            .site
            .organisation
            .view(&settings.default_language, views.settings.base_path.as_str()),
        search: SearchUrls {
            enabled: settings.search,
            url: views.url("/zoeken/"),
            manifest: views.url("/search/manifest.json"),
            fallback_manifest: None,
        },
        extra: &settings.site.extra,
        home_url: views.url("/"),
        build_date: views.today.to_string(),
        glossary_url: lib
            .pages
            .iter()
            .find(|p| p.doc.kind() == crate::model::Kind::Glossary)
            .map(|p| views.url(&p.doc.path)),
        calendar_url: optional.calendar.then(|| views.url(&knowledge.calendar)),
        passport_overview_url: optional.passport_overview.then(|| views.url(&knowledge.passport_overview)),
        offline: super::offline::view(views),
        print_packs: super::print::links(views),
    }
}

/// The site view for pages in `lang`: menus lead to the translations where they exist (and
/// say where they lead to the original language), the home page and search are that
/// language's.
fn in_language<'a>(views: &Views<'a>, default: &SiteView<'a>, lang: &str) -> SiteView<'a> {
    let lib = views.lib;
    let mut out = default.clone();
    out.language = lang.to_string();
    out.organisation = views.settings.site.organisation.view(lang, views.settings.base_path.as_str());
    if let Some(root) = lib.root_section() {
        let home = lib
            .in_language(NodeId::Section(root), lang, views.default_language())
            .unwrap_or(NodeId::Section(root));
        out.home_url = views.url(&lib.doc(home).path);
    }
    for item in out.menus.values_mut().flatten() {
        let Some(node) = item.rel.as_deref().and_then(|rel| lib.by_rel.get(rel)) else {
            // Other pages of this site (`/a-z/`) are in the default language.
            if item.url.starts_with('/') {
                item.lang = Some(views.default_language().to_string());
            }
            continue;
        };
        match lib.in_language(*node, lang, views.default_language()) {
            Some(translated) => {
                item.title = lib.doc(translated).title.clone();
                item.url = views.url(&lib.doc(translated).path);
            }
            None => item.lang = Some(views.default_language().to_string()),
        }
    }
    // Results in the reader's language first, then the rest from the default language's index.
    out.search.url = views.url(&format!("/{lang}/zoeken/"));
    out.search.fallback_manifest = Some(std::mem::replace(
        &mut out.search.manifest,
        views.url(&format!("/search/{lang}/manifest.json")),
    ));
    out
}
