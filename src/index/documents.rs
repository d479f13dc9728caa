//! What is indexed of each page: text from the rendered markdown, headings and taxonomy terms
//! (the glossary terms or abbreviations that occur on the page are added while its text is
//! cut for the index, see [`kb_search::Glossary`]).

use std::collections::BTreeMap;

use rayon::prelude::*;

use crate::docs::Docs;
use crate::model::{Document, Library, NodeId, SectionId, Translation, TranslationId};
use kb_search::SearchDoc;
use kb_search::analyzer::fold_words;

/// One document per page and per section with text of its own, pages first, in model order.
pub fn documents(lib: &Library, rendered: &Docs, base_path: &str) -> Vec<SearchDoc> {
    let mut docs: Vec<SearchDoc> = lib
        .pages
        .par_iter()
        .zip(&rendered.pages)
        .map(|(page, rendered)| {
            let crumbs =
                lib.section_chain(page.section).iter().map(|s| lib.section(*s).doc.title.clone()).collect();
            document(&lib.taxonomies, &page.doc, rendered, crumbs, base_path)
        })
        .collect();
    docs.par_extend(
        lib.sections
            .par_iter()
            .zip(&rendered.sections)
            .filter(|(section, rendered)| section.doc.file.is_some() && rendered.word_count > 0)
            .map(|(section, rendered)| {
                let crumbs = section.parent.map_or_else(Vec::new, |p| {
                    lib.section_chain(p).iter().map(|s| lib.section(*s).doc.title.clone()).collect()
                });
                document(&lib.taxonomies, &section.doc, rendered, crumbs, base_path)
            }),
    );
    docs
}

/// The documents of the translations into `lang`: pages first, then sections, in model
/// order; breadcrumbs in `lang` where the sections above are translated.
pub fn documents_in(lib: &Library, rendered: &Docs, lang: &str, base_path: &str) -> Vec<SearchDoc> {
    let title_in = |section: SectionId| {
        let id = lib
            .translation_into(NodeId::Section(section), lang)
            .map_or(NodeId::Section(section), NodeId::Translation);
        lib.doc(id).title.clone()
    };
    let mut translations: Vec<(TranslationId, &Translation)> =
        lib.translations_with_ids().filter(|(_, t)| t.lang == lang).collect();
    translations.sort_by_key(|(_, t)| matches!(t.original, NodeId::Section(_)));
    translations
        .into_iter()
        .filter(|(i, _)| rendered.translation(*i).word_count > 0)
        .map(|(i, t)| {
            let chain = match t.original {
                NodeId::Page(p) => lib.section_chain(lib.page(p).section),
                NodeId::Section(s) => lib.section(s).parent.map_or_else(Vec::new, |p| lib.section_chain(p)),
                NodeId::Translation(_) => Vec::new(),
            };
            let crumbs = chain.into_iter().map(title_in).collect();
            document(&lib.taxonomies, &t.doc, rendered.translation(i), crumbs, base_path)
        })
        .collect()
}

fn document(
    taxonomies: &[crate::model::Taxonomy],
    doc: &Document,
    rendered: &kb_markdown::Rendered,
    crumbs: Vec<String>,
    base_path: &str,
) -> SearchDoc {
    let front = doc.front();
    let mut keywords: Vec<String> =
        front.map(|f| f.taxonomies.values().flatten().cloned().collect()).unwrap_or_default();
    keywords.sort();
    keywords.dedup();
    SearchDoc {
        url: format!("{base_path}{}", doc.path),
        title: doc.title.clone(),
        description: front.and_then(|f| f.description.clone()).unwrap_or_default(),
        headings: doc.outline.headings.iter().map(|h| h.title.clone()).collect(),
        keywords,
        body: rendered.plain_text.clone(),
        kind: doc.kind().to_string(),
        audience: front.map(|f| f.audience.clone()).unwrap_or_default(),
        topics: topics(doc, taxonomies),
        crumbs,
        sections: rendered.sections.clone(),
    }
}

/// The terms of the first taxonomy, in the config's order, that the page uses: the `topic`
/// facet.
fn topics(doc: &Document, taxonomies: &[crate::model::Taxonomy]) -> Vec<String> {
    let Some(front) = doc.front() else { return Vec::new() };
    taxonomies.iter().find_map(|t| front.taxonomies.get(&t.name)).cloned().unwrap_or_default()
}

/// Folded abbreviation -> folded words of the term, for query expansion.
pub fn synonyms(lib: &Library) -> BTreeMap<String, Vec<String>> {
    lib.glossary
        .iter()
        .filter_map(|e| Some((e.abbreviation.as_ref()?.to_lowercase(), fold_words(&e.term))))
        .filter(|(a, _)| fold_words(a).len() == 1)
        .map(|(a, words)| (fold_words(&a).remove(0), words))
        .collect()
}
