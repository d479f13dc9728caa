//! The shortcut for the other common edit: a page's title (or date, weight, description,
//! terms) changed in its front matter and nothing else. Lists, neighbours and backlinks show
//! it, so it is no body edit; but a full [`Session::update`] reloads and re-derives the whole
//! site for it (a second on 10,000 pages). Instead the page's new document is patched into the
//! last model ([`crate::model::patch::front_edit`] says when that is exact), the cross digests
//! are taken again, and only the jobs that read the page's facts render (see `reads`).

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Instant;

use super::patch::content_rel;
use super::{Failure, Report, Scope, Session, cross_digests, reads};
use crate::model::NodeId;
use kb_core::diagnostics::Diagnostics;

impl Session {
    /// The patch of a front-matter edit of one page, or `None` when the edit is not one (then
    /// nothing changed).
    pub(super) fn patch_front(&mut self, changed: &[PathBuf]) -> Option<Result<Report, Box<Failure>>> {
        let mut timer = Instant::now();
        let mut report = Report::default();
        let mut lap = |report: &mut Report, name: &'static str| {
            report.timings.push((name, timer.elapsed()));
            timer = Instant::now();
        };
        let [path] = changed else { return None };
        let built = self.built.as_ref()?;
        // After a failed render the jobs' keys are gone: only a full update knows what to redo.
        if built.jobs.is_empty() || self.templates.is_none() {
            return None;
        }
        let (config, library) = (&built.config, &built.library);
        let rel = content_rel(&config.content_dir, path)?;
        let node @ NodeId::Page(_) = *library.by_rel.get(&rel)? else { return None };
        let (file, _warnings) =
            crate::load::content::read_one(config, &config.content_dir.join(&rel), rel, true);
        let doc = crate::model::patch::front_edit(config, library, node, file.ok()?)?;
        lap(&mut report, "load");

        // From here on the last build changes.
        let mut built = self.built.take()?;
        // Copies only while a search job still holds the model.
        crate::model::patch::apply_front_edit(&built.config, Arc::make_mut(&mut built.library), node, doc);
        built.term_counts = reads::term_counts(&built.library);
        lap(&mut report, "model");
        let cross = cross_digests(&built.pages_input(&self.now));
        let scope = built.cross.changed(&cross).map_or(Scope::Everything, Scope::Reading);
        built.cross = cross;
        lap(&mut report, "digest");
        let jobs = std::mem::take(&mut built.jobs);
        let rendered = self.render(&mut built, jobs, scope, &mut report);
        lap(&mut report, "render");
        let lib = &built.library;
        report.patched = true;
        report.pages = lib.pages.len();
        report.documents = lib.pages.len() + lib.sections.len() + lib.translations.len();
        let config = built.config.clone();
        self.built = Some(built);
        self.generation += 1;
        Some(rendered.map(|()| report).map_err(|diagnostics: Diagnostics| {
            Box::new(Failure { diagnostics, config: Some(config), library: None })
        }))
    }
}
