//! The values of the stages before the pages, held together: what the pages and output
//! stages read, and what `serve` keeps between edits.

use kb_core::OutputFile;
use kb_core::diagnostics::Diagnostic;
use kb_core::staging::Staging;
use kb_markdown::highlight::Highlighter;

use crate::docs;
use crate::load::{data, theme};
use crate::model as site;

/// The values of the stages up to the docs: what the later stages read. `serve` keeps them
/// to render the pages twice (first without related pages and search files, then with).
pub struct Staged {
    pub library: site::Library,
    pub data: data::DataFiles,
    pub theme: theme::Theme,
    pub highlighter: Highlighter,
    pub docs: docs::Docs,
}

/// Stage 5, the pages, from the staged values (into `staging` as they are rendered, when
/// given).
pub fn render_pages(
    staged: &Staged,
    related: &[Vec<site::PageId>],
    now: &jiff::ZonedDateTime,
    staging: Option<&Staging>,
) -> (Vec<OutputFile>, Vec<Diagnostic>) {
    super::pages(&super::PagesInput {
        lib: &staged.library,
        data: &staged.data,
        docs: &staged.docs,
        related,
        theme: &staged.theme,
        now,
        staging,
    })
}
