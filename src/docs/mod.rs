//! The docs stage: the markdown of every page, section and translation rendered to HTML, a
//! table of contents and plain text, in parallel. It sits between the model and the two stages
//! that read it, `search` (the index reads the plain text) and `render` (templates place the
//! HTML); neither of those imports the other.
//!
//! Each document is rendered with the words of its own language (callout titles, the note on a
//! link to a page in another language), and with links already resolved by the model, so a
//! document never needs the rest of the site here.

mod images;

use std::collections::HashMap;
use std::sync::Arc;

use rayon::prelude::*;

use crate::load::content::kinds::KindData;
use crate::load::i18n::Translations;
use crate::model::{Bodies, Document, Kind, Library, NodeId, PageId, SectionId, TranslationId};
pub use images::{ContentImage, ContentImages, is_image};
use kb_core::spill::Spill;
use kb_markdown::slides::{RenderedSlide, render_deck};
use kb_markdown::{MarkdownLabels, RenderContext, Rendered, highlight::Highlighter};

/// The rendered markdown of the model's documents, in model order.
#[derive(Debug, Default, Clone)]
pub struct Docs {
    pub pages: Vec<Rendered>,
    pub sections: Vec<Rendered>,
    pub translations: Vec<Rendered>,
    /// Per page, its slides when it is a deck (`kind = "slides"`); empty for other pages.
    pub decks: Vec<Vec<RenderedSlide>>,
    /// Per translation, its slides when it translates a deck (or says `kind = "slides"`
    /// itself); empty for other translations.
    pub translation_decks: Vec<Vec<RenderedSlide>>,
    /// The content images: their sizes and the copies the pages stage makes of them.
    pub images: Arc<ContentImages>,
}

impl Docs {
    pub fn get(&self, id: NodeId) -> &Rendered {
        match id {
            NodeId::Page(i) => self.page(i),
            NodeId::Section(i) => self.section(i),
            NodeId::Translation(i) => self.translation(i),
        }
    }

    pub fn get_mut(&mut self, id: NodeId) -> &mut Rendered {
        match id {
            NodeId::Page(i) => &mut self.pages[i.index()],
            NodeId::Section(i) => &mut self.sections[i.index()],
            NodeId::Translation(i) => &mut self.translations[i.index()],
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

    /// Lets go of every document's plain text and its sections, for a build that has handed
    /// them to the search index (which keeps only what its result fragments show): at 10,000
    /// pages they are tens of megabytes, held through the index stage's peak for nothing.
    /// Only the index and the offline search index read them after the docs stage; `check`
    /// and `serve` keep them.
    pub fn release_text(&mut self) {
        for rendered in self.pages.iter_mut().chain(&mut self.sections).chain(&mut self.translations) {
            rendered.plain_text = "".into();
            rendered.sections = Arc::from([]);
        }
    }
}

/// Renders the markdown of every document.
pub fn render(lib: &Library, highlighter: &Highlighter, strings: &Translations) -> Docs {
    render_all(lib, highlighter, strings, Reused::default(), Bodies::default(), None)
}

/// [`render`] for a build that writes to disk: renders the `bodies` taken out of `lib` (see
/// [`Library::take_bodies`]), dropping each once rendered, and keeps the HTML in `spill`
/// rather than in memory. At 100,000 pages the bodies and the compressed HTML were a
/// gigabyte held through this stage; each is now held only while its document is rendered.
pub fn render_taking(
    lib: &Library,
    highlighter: &Highlighter,
    strings: &Translations,
    bodies: Bodies,
    spill: Option<Arc<Spill>>,
) -> Docs {
    render_all(lib, highlighter, strings, Reused::default(), bodies, spill)
}

/// Documents rendered before that are still valid, in the model's order (`serve` hands in
/// what an edit did not touch); a missing or `None` entry is rendered.
#[derive(Debug, Default)]
pub struct Reused {
    pub pages: Vec<Option<Rendered>>,
    pub sections: Vec<Option<Rendered>>,
    pub translations: Vec<Option<Rendered>>,
}

/// What every document's markdown is rendered with besides the document: the glossary's
/// abbreviations and each language's labels, computed once per render.
struct Markdown<'a> {
    lib: &'a Library,
    highlighter: &'a Highlighter,
    strings: &'a Translations,
    abbreviations: HashMap<String, kb_markdown::Abbreviation>,
    labels: HashMap<&'a str, MarkdownLabels>,
    images: Arc<ContentImages>,
    /// Where the HTML is kept until the pages stage, when not in memory.
    spill: Option<Arc<Spill>>,
}

impl<'a> Markdown<'a> {
    fn new(
        lib: &'a Library,
        highlighter: &'a Highlighter,
        strings: &'a Translations,
        spill: Option<Arc<Spill>>,
    ) -> Self {
        let settings = &lib.settings;
        let abbreviations = if settings.markdown.abbreviations {
            crate::model::glossary::abbreviations(&lib.glossary, &settings.base_path)
        } else {
            HashMap::new()
        };
        let labels =
            settings.languages.iter().map(|l| (l.code.as_str(), strings.markdown_labels(&l.code))).collect();
        let images = Arc::new(ContentImages::read(lib));
        Markdown { lib, highlighter, strings, abbreviations, labels, images, spill }
    }

    /// One document in `lang`, cut into slides when `deck` says so; `reused` as it is. The
    /// body is `body` when the model's was taken out, else the model's.
    fn render(
        &self,
        doc: &Document,
        lang: &str,
        deck: Option<bool>,
        reused: Option<Rendered>,
        body: Option<String>,
    ) -> (Rendered, Vec<RenderedSlide>) {
        let (settings, strings) = (&self.lib.settings, self.strings);
        let default = settings.default_language.as_str();
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
                let name = settings.language(target).map_or(target.as_str(), |l| l.name.as_str());
                (dest.clone(), (target.clone(), note.unwrap_or_else(|| format!("({name})"))))
            })
            .collect();
        // Abbreviations link to the glossary, which is in the default language.
        let no_abbreviations = HashMap::new();
        let abbreviations = if lang == default { &self.abbreviations } else { &no_abbreviations };
        let fallback = crate::load::i18n::builtin().markdown_labels("nl");
        let labels = self.labels.get(lang).unwrap_or(&fallback);
        // A shortcode on an English page speaks English: its strings, dates and numbers.
        let mut shortcodes = self.lib.shortcodes.in_language(lang);
        if let Some(file) = &doc.file {
            shortcodes = shortcodes.on_page(crate::load::content::shortcode_page(file));
        }
        let words = Words { abbreviations, labels, foreign_links: &foreign, images: &self.images.responsive };
        let held = Held { reused, body, spill: self.spill.as_ref() };
        document(&settings.markdown, self.highlighter, &words, &shortcodes, doc, deck, held)
    }
}

/// [`render`], taking the documents in `reused` as they are.
pub fn render_reusing(
    lib: &Library,
    highlighter: &Highlighter,
    strings: &Translations,
    reused: Reused,
) -> Docs {
    render_all(lib, highlighter, strings, reused, Bodies::default(), None)
}

/// Every document: reused, or rendered from its body in `bodies` (when taken out of the
/// model) or in the model; the HTML kept in `spill` when given.
fn render_all(
    lib: &Library,
    highlighter: &Highlighter,
    strings: &Translations,
    reused: Reused,
    bodies: Bodies,
    spill: Option<Arc<Spill>>,
) -> Docs {
    let markdown = Markdown::new(lib, highlighter, strings, spill);
    let default = lib.settings.default_language.as_str();
    fn padded<T>(given: Vec<Option<T>>, len: usize) -> Vec<Option<T>> {
        let mut given = given;
        given.resize_with(len, || None);
        given
    }
    let pages = padded(reused.pages, lib.pages.len());
    let sections = padded(reused.sections, lib.sections.len());
    let translations = padded(reused.translations, lib.translations.len());
    let Bodies { pages: page_bodies, sections: section_bodies, translations: translation_bodies } = bodies;
    let page_bodies = padded(page_bodies, lib.pages.len());
    let section_bodies = padded(section_bodies, lib.sections.len());
    let translation_bodies = padded(translation_bodies, lib.translations.len());
    let (pages, decks) = lib
        .pages
        .par_iter()
        .zip(pages)
        .zip(page_bodies)
        .map(|((p, given), body)| markdown.render(&p.doc, default, deck_split(&p.doc), given, body))
        .unzip();
    // A translation of a deck is a deck too, cut as its original is unless it says otherwise.
    let (translations, translation_decks) = lib
        .translations
        .par_iter()
        .zip(translations)
        .zip(translation_bodies)
        .map(|((t, given), body)| {
            let deck = deck_split(&t.doc).or_else(|| deck_split(lib.doc(t.original)));
            markdown.render(&t.doc, &t.lang, deck, given, body)
        })
        .unzip();
    Docs {
        pages,
        decks,
        sections: lib
            .sections
            .par_iter()
            .zip(sections)
            .zip(section_bodies)
            .map(|((s, given), body)| markdown.render(&s.doc, default, None, given, body).0)
            .collect(),
        translations,
        translation_decks,
        images: markdown.images,
    }
}

/// The markdown of one page or section of `lib` whose document is now `doc` (`serve`'s patch
/// of a body edit); `None` for a slide deck, whose slides come with it.
pub fn render_document(
    lib: &Library,
    highlighter: &Highlighter,
    strings: &Translations,
    doc: &Document,
) -> Option<Rendered> {
    if deck_split(doc).is_some() {
        return None;
    }
    let markdown = Markdown::new(lib, highlighter, strings, None);
    Some(markdown.render(doc, &lib.settings.default_language, None, None, None).0)
}

/// `Some(split at headings)` when `doc` is a slide deck.
fn deck_split(doc: &Document) -> Option<bool> {
    match &doc.front()?.kind_data {
        KindData::Slides(deck) => Some(deck.split_at_headings),
        _ => None,
    }
}

/// What the caller holds for one document: its rendering from before (serve), its body when
/// taken out of the model, and where its HTML is kept.
struct Held<'a> {
    reused: Option<Rendered>,
    body: Option<String>,
    spill: Option<&'a Arc<Spill>>,
}

/// What a document is rendered with besides its body, in its language.
struct Words<'a> {
    abbreviations: &'a HashMap<String, kb_markdown::Abbreviation>,
    labels: &'a MarkdownLabels,
    foreign_links: &'a HashMap<String, (String, String)>,
    images: &'a HashMap<String, kb_markdown::ResponsiveImage>,
}

fn document(
    options: &crate::model::settings::MarkdownSettings,
    highlighter: &Highlighter,
    words: &Words,
    shortcodes: &kb_markdown::Shortcodes,
    doc: &Document,
    deck: Option<bool>,
    held: Held,
) -> (Rendered, Vec<RenderedSlide>) {
    let Some(file) = &doc.file else {
        return (held.reused.unwrap_or_default(), Vec::new());
    };
    let body = held.body.as_deref().unwrap_or_else(|| file.body());
    let kind = doc.kind();
    let no_abbreviations = HashMap::new();
    let ctx = RenderContext {
        outline: &doc.outline,
        links: &doc.links,
        highlighter,
        smart_punctuation: options.smart_punctuation,
        raw_html: options.raw_html,
        skip_h1: doc.title_from_h1,
        checklist: kind == Kind::Checklist,
        // The glossary does not link its own terms to itself.
        abbreviations: if kind == Kind::Glossary { &no_abbreviations } else { words.abbreviations },
        labels: words.labels,
        foreign_links: words.foreign_links,
        shortcodes,
        images: words.images,
    };
    // A deck's slides are rendered on their own as well; the page's whole text still feeds
    // search (speaker notes included: a trainer finds a deck by what is said with it).
    let slides = match deck {
        Some(at_headings) => render_deck(body, at_headings, &ctx),
        None => Vec::new(),
    };
    let rendered = held.reused.unwrap_or_else(|| {
        let (mut rendered, downloads) = kb_charts::downloads::collect(|| kb_markdown::render(body, &ctx));
        rendered.downloads = downloads;
        rendered.compact(held.spill);
        rendered
    });
    (rendered, slides)
}
