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
    let mut problems = Vec::new();
    let smart = config.site.markdown.smart_punctuation;
    let outlines = kb_markdown::Outlines::default();
    let title_required = matches!(node, NodeId::Page(_));
    let mut doc = super::build::document(
        Some(file),
        old.path.clone(),
        old.title.clone(),
        (smart, &lib.shortcodes, &outlines),
        &mut problems,
        title_required,
    );
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

/// What others read of a document's outline and title: heading anchors and texts (links,
/// glossary terms, checklist areas), the number of signals, the title.
fn shape(doc: &Document) -> (Vec<(u8, &str, &str)>, usize, &str, bool) {
    let headings = doc.outline.headings.iter().map(|h| (h.level, h.id.as_str(), h.title.as_str())).collect();
    (headings, doc.outline.task_count, &doc.title, doc.title_from_h1)
}
