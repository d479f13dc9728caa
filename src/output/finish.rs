//! The output stage's assembly: the offline set and the charts' downloads added to the pages'
//! files, then the search files of every language, then one collision check over all of them.

use kb_core::OutputFile;
use kb_core::diagnostics::Diagnostic;
use kb_search as search;

use crate::index::Indexes;
use crate::model as site;
use crate::pages::{Staged, render_pages};

use super::offline;

/// Stages 5 and 6 from the staged values: the pages, then the search export and the
/// collision check.
pub fn render_site(
    staged: &Staged,
    indexes: &Indexes,
    related: &[Vec<site::PageId>],
    now: &jiff::ZonedDateTime,
) -> (Vec<OutputFile>, Vec<Diagnostic>) {
    let (files, mut problems) = render_pages(staged, related, now, None);
    let (files, found) = finish_output(staged, indexes, files, now, None);
    problems.extend(found);
    (files, problems)
}

/// Stage 6 from the staged values: the offline set, then [`output_files`]. `staging` holds
/// the pages when the pages stage wrote them there as it rendered them.
pub fn finish_output(
    staged: &Staged,
    indexes: &Indexes,
    mut files: Vec<OutputFile>,
    now: &jiff::ZonedDateTime,
    staging: Option<&kb_core::staging::Staging>,
) -> (Vec<OutputFile>, Vec<Diagnostic>) {
    let offline = offline::OfflineInput {
        lib: &staged.library,
        docs: &staged.docs,
        theme: &staged.theme,
        today: now.date(),
        staging,
    };
    let (stored, mut problems) = offline::files(&offline, &files);
    files.extend(stored);
    // Charts drawn by shortcodes in the markdown offer their CSV downloads there.
    let mut offered: std::collections::BTreeMap<&str, &OutputFile> = Default::default();
    for rendered in staged.docs.pages.iter().chain(&staged.docs.sections).chain(&staged.docs.translations) {
        for file in &rendered.downloads {
            offered.entry(file.path.as_str()).or_insert(file);
        }
    }
    let taken: std::collections::HashSet<&str> = files.iter().map(|f| f.path.as_str()).collect();
    offered.retain(|path, _| !taken.contains(path));
    files.extend(offered.into_values().cloned());
    let (files, found) = output_files(staged.library.settings.search, indexes, files);
    problems.extend(found);
    (files, problems)
}

/// Stage 6: the published search files of every language added to `files`, then one check
/// over all of them that no two outputs claim the same path. Sorted by path.
pub fn output_files(
    publish_search: bool,
    indexes: &Indexes,
    mut files: Vec<OutputFile>,
) -> (Vec<OutputFile>, Vec<Diagnostic>) {
    let mut problems = Vec::new();
    if publish_search {
        let exports = indexes
            .default
            .iter()
            .map(|i| (i, "search/".to_string()))
            .chain(indexes.translated.iter().map(|i| (i, format!("search/{}/", i.lang))));
        for (index, base) in exports {
            match search::export(index, &base) {
                Ok(exported) => files.extend(exported),
                Err(e) => problems.push(Diagnostic::error(format!("search export: {e:#}"))),
            }
        }
    }
    problems.extend(super::collisions(&mut files));
    (files, problems)
}
