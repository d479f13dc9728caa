//! The editor's live preview: the page as a build would make it from text that is not saved,
//! rendered by the body-edit path (read the text, make its document, render its markdown and
//! its page's template) without publishing anything. The last build is patched only while
//! the page renders and put back after, so other tabs keep seeing the saved site.

use std::sync::Arc;

use super::Session;
use crate::model::NodeId;
use crate::pages::jobs::{Job, PlannedJob};
use kb_core::diagnostics::Diagnostic;

/// A preview: the page's HTML (none when the text cannot be read at all, or the page has no
/// page of its own to show) and what a build would report in the text.
pub struct Preview {
    pub html: Option<Vec<u8>>,
    pub diagnostics: Vec<Diagnostic>,
}

impl Session {
    /// The content file `rel` (as `@/` links name it) with `source` as its text; `None` when
    /// no good build is there or `rel` is no page of it.
    pub fn preview(&mut self, rel: &str, source: String) -> Option<Preview> {
        let Session { built, templates, highlighter, now, .. } = self;
        let built = built.as_mut()?;
        let node = *built.library.by_rel.get(rel)?;
        let path = built.config.content_dir.join(rel);
        let is_page = matches!(node, NodeId::Page(_));
        let (file, mut diagnostics) =
            crate::load::content::read_text(&built.config, &path, rel.to_string(), is_page, source);
        let file = match file {
            Ok(file) => file,
            Err(problem) => {
                diagnostics.push(problem);
                return Some(Preview { html: None, diagnostics });
            }
        };
        let (doc, problems) =
            crate::model::patch::preview_document(&built.config, &built.library, node, file);
        diagnostics.extend(problems);
        let strings = &built.theme.strings;
        let markdown = crate::docs::render_document(&built.library, highlighter, strings, &doc);

        let old_doc = std::mem::replace(Arc::make_mut(&mut built.library).doc_mut(node), doc);
        diagnostics.extend(crate::model::patch::kind_problems(&built.config, &built.library, &path));
        let old_markdown =
            markdown.map(|m| std::mem::replace(Arc::make_mut(&mut built.docs).get_mut(node), m));
        let job: Vec<PlannedJob> =
            built.plan.iter().filter(|j| shows(&j.job, node)).take(1).cloned().collect();
        let input = built.pages_input(now);
        let html = match crate::pages::jobs_only(&input, &job, templates) {
            Ok(mut made) => made.pop().map(|(page, _)| page.bytes),
            Err(problems) => {
                diagnostics.extend(problems);
                None
            }
        };
        *Arc::make_mut(&mut built.library).doc_mut(node) = old_doc;
        if let Some(old) = old_markdown {
            *Arc::make_mut(&mut built.docs).get_mut(node) = old;
        }
        diagnostics.sort_by(|a, b| a.location.cmp(&b.location));
        Some(Preview { html, diagnostics })
    }
}

/// Whether `job` is the (first) page that shows `node`.
fn shows(job: &Job, node: NodeId) -> bool {
    match *job {
        Job::Page(i) => node == NodeId::Page(i),
        Job::Section { section, pager } => pager <= 1 && node == NodeId::Section(section),
        Job::Translation(t) => node == NodeId::Translation(t),
        _ => false,
    }
}
