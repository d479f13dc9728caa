//! The docs stage: the markdown of every page, section and translation rendered to HTML, a
//! table of contents and plain text, in parallel. It sits between the model and the two stages
//! that read it, `search` (the index reads the plain text) and `render` (templates place the
//! HTML); neither of those imports the other.
//!
//! Each document is rendered with the words of its own language (callout titles, the note on a
//! link to a page in another language), and with links already resolved by the model, so a
//! document never needs the rest of the site here.

use std::collections::HashMap;

use rayon::prelude::*;

use crate::config::Config;
use crate::content::kinds::KindData;
use crate::i18n::Translations;
use crate::markdown::slides::{RenderedSlide, render_deck};
use crate::markdown::{MarkdownLabels, RenderContext, Rendered, highlight::Highlighter};
use crate::site::{Document, Kind, Library, NodeId, PageId, SectionId, TranslationId};

/// The rendered markdown of the model's documents, in model order.
#[derive(Debug, Default)]
pub struct Docs {
    pub pages: Vec<Rendered>,
    pub sections: Vec<Rendered>,
    pub translations: Vec<Rendered>,
    /// Per page, its slides when it is a deck (`kind = "slides"`); empty for other pages.
    pub decks: Vec<Vec<RenderedSlide>>,
    /// Per translation, its slides when it translates a deck (or says `kind = "slides"`
    /// itself); empty for other translations.
    pub translation_decks: Vec<Vec<RenderedSlide>>,
}

impl Docs {
    pub fn get(&self, id: NodeId) -> &Rendered {
        match id {
            NodeId::Page(i) => self.page(i),
            NodeId::Section(i) => self.section(i),
            NodeId::Translation(i) => self.translation(i),
        }
    }

    pub fn page(&self, id: PageId) -> &Rendered {
        &self.pages[id.index()]
    }

    pub fn section(&self, id: SectionId) -> &Rendered {
        &self.sections[id.index()]
    }

    pub fn translation(&self, id: TranslationId) -> &Rendered {
        &self.translations[id.index()]
    }
}

/// Renders the markdown of every document.
pub fn render(config: &Config, lib: &Library, highlighter: &Highlighter, strings: &Translations) -> Docs {
    render_reusing(config, lib, highlighter, strings, Reused::default())
}

/// Documents rendered before that are still valid, in the model's order (`serve` hands in
/// what an edit did not touch); a missing or `None` entry is rendered.
#[derive(Debug, Default)]
pub struct Reused {
    pub pages: Vec<Option<Rendered>>,
    pub sections: Vec<Option<Rendered>>,
    pub translations: Vec<Option<Rendered>>,
}

/// [`render`], taking the documents in `reused` as they are.
pub fn render_reusing(
    config: &Config,
    lib: &Library,
    highlighter: &Highlighter,
    strings: &Translations,
    reused: Reused,
) -> Docs {
    let abbreviations = if config.site.knowledge.abbreviations {
        crate::site::glossary::abbreviations(&lib.glossary, config.base_path())
    } else {
        HashMap::new()
    };
    let default = config.site.default_language.as_str();
    let labels: HashMap<&str, MarkdownLabels> =
        config.site.languages.iter().map(|l| (l.code.as_str(), strings.markdown_labels(&l.code))).collect();
    let fallback = MarkdownLabels::default();
    let no_abbreviations = HashMap::new();
    let markdown = |doc: &Document, lang: &str, deck: Option<bool>, reused: Option<Rendered>| {
        // A note after each link that leaves the reader's language, in the reader's language.
        let foreign: HashMap<String, (String, String)> = doc
            .link_langs
            .iter()
            .map(|(dest, target)| {
                let note = if target == default {
                    strings.get(lang, "link_in_default_language").map(str::to_string).ok()
                } else {
                    None
                };
                let name = config.site.language(target).map_or(target.as_str(), |l| l.name.as_str());
                (dest.clone(), (target.clone(), note.unwrap_or_else(|| format!("({name})"))))
            })
            .collect();
        // Abbreviations link to the glossary, which is in the default language.
        let abbreviations = if lang == default { &abbreviations } else { &no_abbreviations };
        let labels = labels.get(lang).unwrap_or(&fallback);
        // A shortcode on an English page speaks English: its strings, dates and numbers.
        let shortcodes = lib.shortcodes.in_language(lang);
        document(config, highlighter, abbreviations, labels, &shortcodes, &foreign, doc, deck, reused)
    };
    let padded = |given: Vec<Option<Rendered>>, len: usize| {
        let mut given = given;
        given.resize_with(len, || None);
        given
    };
    let pages = padded(reused.pages, lib.pages.len());
    let sections = padded(reused.sections, lib.sections.len());
    let translations = padded(reused.translations, lib.translations.len());
    let (pages, decks) = lib
        .pages
        .par_iter()
        .zip(pages)
        .map(|(p, given)| markdown(&p.doc, default, deck_split(&p.doc), given))
        .unzip();
    // A translation of a deck is a deck too, cut as its original is unless it says otherwise.
    let (translations, translation_decks) = lib
        .translations
        .par_iter()
        .zip(translations)
        .map(|(t, given)| {
            let deck = deck_split(&t.doc).or_else(|| deck_split(lib.doc(t.original)));
            markdown(&t.doc, &t.lang, deck, given)
        })
        .unzip();
    Docs {
        pages,
        decks,
        sections: lib
            .sections
            .par_iter()
            .zip(sections)
            .map(|(s, given)| markdown(&s.doc, default, None, given).0)
            .collect(),
        translations,
        translation_decks,
    }
}

/// `Some(split at headings)` when `doc` is a slide deck.
fn deck_split(doc: &Document) -> Option<bool> {
    match &doc.front()?.kind_data {
        KindData::Slides(deck) => Some(deck.split_at_headings),
        _ => None,
    }
}

#[allow(clippy::too_many_arguments)] // the per-language values of one render, passed down once
fn document(
    config: &Config,
    highlighter: &Highlighter,
    abbreviations: &HashMap<String, crate::markdown::Abbreviation>,
    labels: &MarkdownLabels,
    shortcodes: &crate::markdown::Shortcodes,
    foreign_links: &HashMap<String, (String, String)>,
    doc: &Document,
    deck: Option<bool>,
    reused: Option<Rendered>,
) -> (Rendered, Vec<RenderedSlide>) {
    let Some(file) = &doc.file else {
        return (reused.unwrap_or_default(), Vec::new());
    };
    let kind = doc.kind();
    let no_abbreviations = HashMap::new();
    let ctx = RenderContext {
        outline: &doc.outline,
        links: &doc.links,
        highlighter,
        smart_punctuation: config.site.markdown.smart_punctuation,
        raw_html: config.site.markdown.raw_html,
        skip_h1: doc.title_from_h1,
        checklist: kind == Kind::Checklist,
        // The glossary does not link its own terms to itself.
        abbreviations: if kind == Kind::Glossary { &no_abbreviations } else { abbreviations },
        labels,
        foreign_links,
        shortcodes,
    };
    // A deck's slides are rendered on their own as well; the page's whole text still feeds
    // search (speaker notes included: a trainer finds a deck by what is said with it).
    let slides = match deck {
        Some(at_headings) => render_deck(file.body(), at_headings, &ctx),
        None => Vec::new(),
    };
    let rendered = reused.unwrap_or_else(|| {
        let (mut rendered, downloads) =
            crate::charts::downloads::collect(|| crate::markdown::render(file.body(), &ctx));
        rendered.downloads = downloads;
        rendered
    });
    (rendered, slides)
}
