//! A page's or section's new text patched into the model, for `serve`: the common edit (a
//! trainer rewrites a paragraph) changes one document, and rebuilding the model of a
//! 10,000-page site for it takes longer than the edit is worth.
//!
//! A patch is only made when the model that a full build would make differs from the old one in
//! that document's own fields: same front matter, title, headings (anchors, glossary terms,
//! checklist areas), task count and pages linked to (backlinks), and no error in the new text.
//! Everything else (a new heading, a new link target, a front-matter edit, a slide deck, a
//! kind whose front matter links elsewhere) is `None`: rebuild the model.

use super::{Document, Library, NodeId};
use crate::load::config::Config;
use crate::load::content::ContentFile;
use crate::load::content::kinds::KindData;

/// `node`'s document made again from `file` as the model stage makes it (at the old URL, with
/// the old title as the fallback), and the problems found on the way; its links unresolved.
fn reread(
    config: &Config,
    lib: &Library,
    node: NodeId,
    file: ContentFile,
) -> (Document, Vec<kb_core::diagnostics::Diagnostic>) {
    let old = lib.doc(node);
    let smart = config.site.markdown.smart_punctuation;
    let outlines = kb_markdown::Outlines::default();
    let mut problems = Vec::new();
    let doc = super::build::document(
        Some(file),
        old.path.clone(),
        old.title.clone(),
        (smart, &lib.shortcodes, &outlines),
        &mut problems,
        matches!(node, NodeId::Page(_)),
    );
    (doc, problems)
}

/// `node`'s document with `file` as its text, when nothing but that document changes.
pub fn body_edit(config: &Config, lib: &Library, node: NodeId, file: ContentFile) -> Option<Document> {
    if matches!(node, NodeId::Translation(_)) {
        // A translation's front matter is merged with its original's; leave it to the model.
        return None;
    }
    let old = lib.doc(node);
    let old_file = old.file.as_ref()?;
    // Kinds whose front matter links to other pages add those links to the document's own
    // (`kinds::check`); a deck's body is checked slide by slide. Both: rebuild.
    if !matches!(old_file.front.kind_data, KindData::None | KindData::Checklist(_))
        || format!("{:?}", old_file.front) != format!("{:?}", file.front)
    {
        return None;
    }
    let (mut doc, problems) = reread(config, lib, node, file);
    if shape(&doc) != shape(old) || problems.iter().any(|d| d.is_error()) {
        return None;
    }
    let ((_, links, link_langs, targets), problems) = super::links::resolve_document(config, lib, node, &doc);
    let ((_, _, _, old_targets), _) = super::links::resolve_document(config, lib, node, old);
    if targets != old_targets || problems.iter().any(|d| d.is_error()) {
        return None;
    }
    doc.links = links;
    doc.link_langs = link_langs;
    doc.backlinks = old.backlinks.clone();
    Some(doc)
}

/// `page`'s document with `file` as its text, when only what the model sorts and lists by
/// changed in the front matter: title, description, dates, weight, terms, audience, owner,
/// `extra`; the text below it the same. Then the model changes in that document, its
/// section's order (neighbours) and the taxonomies, which [`apply_front_edit`] redoes; its
/// markdown, links and backlinks stay. Anything else (a slug, aliases, a template, a kind, a
/// translated page, a title taken from the text's `# heading`) is `None`: rebuild the model.
pub fn front_edit(config: &Config, lib: &Library, node: NodeId, file: ContentFile) -> Option<Document> {
    let NodeId::Page(_) = node else { return None };
    // A translation inherits its original's front matter.
    if lib.translations_of.contains_key(&node) {
        return None;
    }
    let old = lib.doc(node);
    let old_file = old.file.as_ref()?;
    if old_file.body() != file.body()
        || !matches!(file.front.kind_data, KindData::None)
        || file.front.title.is_none()
        || fixed_front(&old_file.front) != fixed_front(&file.front)
    {
        return None;
    }
    // A term whose list page cannot be written is an error of the full build.
    let terms = file.front.taxonomies.values().flatten().map(|name| kb_markdown::slugify(name));
    if terms.filter(|slug| !slug.is_empty()).any(|slug| super::url_rules::segment_problem(&slug).is_some()) {
        return None;
    }
    let (mut doc, problems) = reread(config, lib, node, file);
    let (new_shape, old_shape) = (shape(&doc), shape(old));
    if (new_shape.0, new_shape.1, new_shape.3) != (old_shape.0, old_shape.1, old_shape.3)
        || !problems.is_empty()
    {
        return None;
    }
    doc.links = old.links.clone();
    doc.link_langs = old.link_langs.clone();
    doc.backlinks = old.backlinks.clone();
    Some(doc)
}

/// Puts a document that [`front_edit`] made in `lib`, and sorts what it sorts by again: the
/// page's section (previous and next) and the taxonomies' lists.
pub fn apply_front_edit(config: &Config, lib: &mut Library, node: NodeId, doc: Document) {
    let NodeId::Page(page) = node else { return };
    *lib.doc_mut(node) = doc;
    super::build::order_section(lib, lib.page(page).section);
    lib.taxonomies = super::taxonomy::collect(config, lib);
}

/// The front matter without the fields [`front_edit`] lets change, as text to compare.
fn fixed_front(front: &crate::load::content::FrontMatter) -> String {
    let fixed = crate::load::content::FrontMatter {
        title: None,
        description: None,
        date: None,
        updated: None,
        weight: None,
        audience: Vec::new(),
        taxonomies: Default::default(),
        owner: None,
        review_by: None,
        extra: Default::default(),
        ..front.clone()
    };
    format!("{fixed:?}")
}

/// What others read of a document's outline and title: heading anchors and texts (links,
/// glossary terms, checklist areas), the number of signals, the title.
fn shape(doc: &Document) -> (Vec<(u8, &str, &str)>, usize, &str, bool) {
    let headings = doc.outline.headings.iter().map(|h| (h.level, h.id.as_str(), h.title.as_str())).collect();
    (headings, doc.outline.task_count, &doc.title, doc.title_from_h1)
}

/// `node`'s document with `file` as its text for the editor's preview, whatever changed, and
/// the problems a build would report in it (its markdown, its links). Only this document is
/// made again: pages that list or link to it keep what they read of the old one, which is
/// right for a preview of this page and why a save still goes through the watcher's update.
pub fn preview_document(
    config: &Config,
    lib: &Library,
    node: NodeId,
    file: ContentFile,
) -> (Document, Vec<kb_core::diagnostics::Diagnostic>) {
    let old = lib.doc(node);
    let (mut doc, mut problems) = reread(config, lib, node, file);
    let ((_, links, link_langs, _), found) = super::links::resolve_document(config, lib, node, &doc);
    problems.extend(found);
    doc.links = links;
    doc.link_langs = link_langs;
    doc.backlinks = old.backlinks.clone();
    (doc, problems)
}

/// The problems of the kinds' links (a passport's trainings, a product's werkplaats) that lie
/// in the file at `path`, once its new document is in `lib`.
pub fn kind_problems(
    config: &Config,
    lib: &Library,
    path: &std::path::Path,
) -> Vec<kb_core::diagnostics::Diagnostic> {
    let (_, problems) = super::kinds::check(config, lib);
    problems.into_iter().filter(|d| d.location.as_ref().is_some_and(|l| l.file == path)).collect()
}
