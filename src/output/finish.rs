//! The output stage's assembly: the offline set and the charts' downloads added to the pages'
//! files, then the search files of every language (which a build exports while the pages
//! are rendered), then one collision check over all of them.

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
    let search = search_files(staged.library.settings.search, indexes, None);
    let (files, found) = finish_output(staged, files, search, now, None);
    problems.extend(found);
    (files, problems)
}

/// Stage 6 from the staged values and the search files: the offline set, the charts'
/// downloads, the search files, then one check over all of them that no two outputs claim the
/// same path (see [`output_files`]). `staging` holds the pages when the pages stage wrote them
/// there as it rendered them.
pub fn finish_output(
    staged: &Staged,
    mut files: Vec<OutputFile>,
    search: (Vec<OutputFile>, Vec<Diagnostic>),
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
    let (search_files, found) = search;
    files.extend(search_files);
    problems.extend(found);
    problems.extend(super::collisions(&mut files));
    (files, problems)
}

/// Stage 6: the published search files of every language added to `files`, then one check
/// over all of them that no two outputs claim the same path. Sorted by path.
pub fn output_files(
    publish_search: bool,
    indexes: &Indexes,
    files: Vec<OutputFile>,
) -> (Vec<OutputFile>, Vec<Diagnostic>) {
    let (search, mut problems) = search_files(publish_search, indexes, None);
    let mut files = files;
    files.extend(search);
    problems.extend(super::collisions(&mut files));
    (files, problems)
}

/// The published search files of every language, written into `staging` as the export makes
/// them when given (the returned files then hold their paths only): the client index of
/// 100,000 pages is hundreds of megabytes. Reads only the indexes, so a build runs it beside
/// the pages stage.
pub fn search_files(
    publish_search: bool,
    indexes: &Indexes,
    staging: Option<&kb_core::staging::Staging>,
) -> (Vec<OutputFile>, Vec<Diagnostic>) {
    let mut files = Vec::new();
    let mut problems = Vec::new();
    if publish_search {
        let exports = indexes
            .default
            .iter()
            .map(|i| (i, "search/".to_string()))
            .chain(indexes.translated.iter().map(|i| (i, format!("search/{}/", i.lang))));
        for (index, base) in exports {
            let mut sink = |batch: Vec<OutputFile>| -> anyhow::Result<()> {
                match staging {
                    None => files.extend(batch),
                    Some(staging) => files.extend(write_staged(staging, batch)?),
                }
                Ok(())
            };
            if let Err(e) = search::export(index, &base, &mut sink) {
                problems.push(Diagnostic::error(format!("search export: {e:#}")));
            }
        }
    }
    (files, problems)
}

/// Writes `batch` into `staging` (in parallel: many small files) and returns their paths.
fn write_staged(
    staging: &kb_core::staging::Staging,
    batch: Vec<OutputFile>,
) -> anyhow::Result<Vec<OutputFile>> {
    use anyhow::Context as _;
    use rayon::prelude::*;
    staging.make_folders(&batch).context("cannot make the search index's folders")?;
    batch
        .par_iter()
        .try_for_each(|f| staging.write_in_place(f).with_context(|| format!("cannot write `{}`", f.path)))?;
    Ok(batch.into_iter().map(|f| OutputFile::new(f.path, Vec::new())).collect())
}
