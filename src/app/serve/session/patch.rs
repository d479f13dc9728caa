//! The shortcut for the common edit: a trainer saves a page whose text changed and nothing
//! else. [`Session::update`] reruns load and model for the whole site on every edit (0.7 s on
//! 10,000 pages); a body edit instead reads the saved files only, patches their documents into
//! the last build's model ([`crate::model::patch`] says when that is exact), renders their
//! markdown and the jobs that show it, and keeps everything else.
//!
//! The patch holds only when the listing facts others read are the same: the summary (the
//! cross digest's one fact from the markdown) and no chart downloads (those are put together
//! across the site). Anything else falls back to [`Session::update`], which is always right.

use std::collections::hash_map::Entry;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

use super::{Failure, Report, Session, job_documents, job_key, related_indices};
use crate::model::{Document, NodeId, PageId};
use crate::pages::jobs::{Job, PlannedJob};
use kb_core::diagnostics::{Diagnostic, Diagnostics};
use kb_markdown::Rendered;

impl Session {
    /// Takes in an edit of the `changed` files (all paths of one save, as the watcher saw
    /// them): a body edit of pages or sections is patched into the last build, anything else
    /// is [`Session::update`] (or, for a front-matter edit of one page,
    /// `Session::patch_front`).
    pub fn update_files(&mut self, changed: &[PathBuf]) -> Result<Report, Box<Failure>> {
        if let Some(done) = self.patch(changed) {
            return done;
        }
        match self.patch_front(changed) {
            Some(done) => done,
            None => self.update(),
        }
    }

    /// The patch of a body edit, or `None` when the edit is not one (then nothing changed).
    fn patch(&mut self, changed: &[PathBuf]) -> Option<Result<Report, Box<Failure>>> {
        let mut timer = Instant::now();
        let mut report = Report::default();
        let mut lap = |report: &mut Report, name: &'static str| {
            report.timings.push((name, timer.elapsed()));
            timer = Instant::now();
        };
        let built = self.built.as_ref()?;
        // After a failed render the jobs' keys are gone: only a full update knows what to redo.
        if built.jobs.is_empty() || self.templates.is_none() || changed.is_empty() {
            return None;
        }
        let (config, library) = (&built.config, &built.library);
        let mut edits: Vec<(NodeId, Document)> = Vec::new();
        for path in changed {
            let rel = content_rel(&config.content_dir, path)?;
            let node = *library.by_rel.get(&rel)?;
            if edits.iter().any(|(n, _)| *n == node) {
                continue;
            }
            let path = config.content_dir.join(&rel);
            let (file, _warnings) =
                crate::load::content::read_one(config, &path, rel, matches!(node, NodeId::Page(_)));
            edits.push((node, crate::model::patch::body_edit(config, library, node, file.ok()?)?));
        }
        lap(&mut report, "load");
        let strings = &built.theme.strings;
        let mut rendered: Vec<Rendered> = Vec::with_capacity(edits.len());
        for (node, doc) in &edits {
            let new = crate::docs::render_document(library, &self.highlighter, strings, doc)?;
            let old = built.docs.get(*node);
            if new.summary != old.summary || !new.downloads.is_empty() || !old.downloads.is_empty() {
                return None;
            }
            rendered.push(new);
        }
        lap(&mut report, "markdown");

        // From here on the last build changes.
        let built = self.built.as_mut()?;
        let nodes: Vec<NodeId> = edits.iter().map(|(node, _)| *node).collect();
        {
            // Copies only while a search job still holds the model or the docs.
            let library = Arc::make_mut(&mut built.library);
            let docs = Arc::make_mut(&mut built.docs);
            for ((node, doc), markdown) in edits.into_iter().zip(rendered) {
                built.doc_keys.set(node, super::digest::doc_key(&built.docs_global, &doc, ""));
                *library.doc_mut(node) = doc;
                *docs.get_mut(node) = markdown;
            }
        }
        let lib = &*built.library;
        let stale: Vec<PlannedJob> = built
            .plan
            .iter()
            .filter(|job| job_documents(&job.job, lib).iter().any(|n| nodes.contains(n)))
            .cloned()
            .collect();
        lap(&mut report, "model");
        if let Err(items) = self.render_jobs(&stale, &mut report) {
            let config = self.built.as_ref().map(|b| b.config.clone());
            return Some(Err(Box::new(Failure {
                diagnostics: Diagnostics { items },
                config,
                library: None,
            })));
        }
        lap(&mut report, "render");
        let lib = &*self.built.as_ref()?.library;
        report.patched = true;
        report.pages = lib.pages.len();
        report.documents = lib.pages.len() + lib.sections.len() + lib.translations.len();
        report.documents_rendered = nodes.len();
        report.jobs = self.built.as_ref()?.plan.len();
        report.jobs_rendered = stale.len();
        self.generation += 1;
        Some(Ok(report))
    }

    /// Takes a search job's result in by rendering again only the pages whose related pages
    /// changed (and their translations), and swapping the search files. For a last build
    /// whose render went through (its jobs' keys are there).
    pub(super) fn patch_related(
        &mut self,
        related: HashMap<String, Vec<String>>,
        search_files: Vec<(String, Arc<Vec<u8>>)>,
    ) -> Result<Report, Diagnostics> {
        let started = Instant::now();
        let Some(built) = self.built.as_ref() else { return Ok(Report::default()) };
        let lib = &*built.library;
        let changed: HashSet<PageId> = lib
            .pages_with_ids()
            .filter(|(_, page)| self.related.get(page.doc.rel()) != related.get(page.doc.rel()))
            .map(|(i, _)| i)
            .collect();
        let shows_changed = |node: NodeId| matches!(node, NodeId::Page(i) if changed.contains(&i));
        let stale: Vec<PlannedJob> = built
            .plan
            .iter()
            .filter(|job| match &job.job {
                Job::Page(i) => changed.contains(i),
                Job::Translation(t) => shows_changed(lib.translation(*t).original),
                _ => false,
            })
            .cloned()
            .collect();
        let mut report = Report { pages: lib.pages.len(), jobs: built.plan.len(), ..Report::default() };
        report.jobs_rendered = stale.len();
        self.related = related;
        if let Some(built) = self.built.as_mut() {
            built.related = related_indices(&built.library, &self.related);
        }
        let files = Arc::make_mut(&mut self.files);
        let new_paths: HashSet<&str> = search_files.iter().map(|(path, _)| path.as_str()).collect();
        for (path, _) in &self.search_files {
            if !new_paths.contains(path.as_str()) {
                files.remove(path);
                report.files_removed += 1;
            }
        }
        for (path, bytes) in &search_files {
            if files.get(path).is_none_or(|old| old != bytes) {
                report.files_changed += 1;
                files.insert(path.clone(), Arc::clone(bytes));
            }
        }
        self.search_files = search_files;
        let rendered = self.render_jobs(&stale, &mut report).map_err(|items| Diagnostics { items });
        report.timings.push(("render", started.elapsed()));
        rendered.map(|()| report)
    }

    /// Renders `stale` (jobs of the last build's plan) again, and puts their files and keys in
    /// place of the old ones. On a template error the jobs' keys are dropped: the next update
    /// renders everything.
    fn render_jobs(&mut self, stale: &[PlannedJob], report: &mut Report) -> Result<(), Vec<Diagnostic>> {
        let Session { built, files, templates, now, .. } = self;
        let Some(built) = built.as_mut() else { return Ok(()) };
        let input = built.pages_input(now);
        let made = match crate::pages::jobs_only(&input, stale, templates) {
            Ok(made) => made,
            Err(problems) => {
                built.jobs.clear();
                return Err(problems);
            }
        };
        let files = Arc::make_mut(files);
        for (planned, (page, offered)) in stale.iter().zip(made) {
            let key = job_key(planned, built);
            let downloads = offered.iter().map(|d| d.path.clone()).collect();
            built.jobs.insert(page.path.clone(), (key, downloads));
            if files.get(&page.path).is_none_or(|old| **old != page.bytes) {
                report.files_changed += 1;
                files.insert(page.path, Arc::new(page.bytes));
            }
            // As in a full render, the first page that offers a download gives it.
            for file in offered {
                if let Entry::Vacant(free) = files.entry(file.path) {
                    report.files_changed += 1;
                    free.insert(Arc::new(file.bytes));
                }
            }
        }
        Ok(())
    }
}

/// The content path (`hulp/stappen.md`) of a changed markdown file under `content`; an
/// `.mdx` file goes by its `.md` name, as the loader reads it.
pub(super) fn content_rel(content: &Path, path: &Path) -> Option<String> {
    let rel = path.strip_prefix(content).ok()?;
    let parts: Vec<&str> = rel.components().map(|c| c.as_os_str().to_str()).collect::<Option<_>>()?;
    let rel = parts.join("/");
    match rel.strip_suffix(".mdx") {
        Some(stem) => Some(format!("{stem}.md")),
        None => rel.ends_with(".md").then_some(rel),
    }
}
