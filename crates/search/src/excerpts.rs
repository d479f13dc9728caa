//! What a search result shows of its page: the start of the text under each heading.
//!
//! Cut while the index is built, right after the documents' text is cut into tokens: nothing
//! later reads the text, so a build can let every document's plain text go before the
//! postings are counted, the index stage's peak (at 10,000 pages the text is tens of
//! megabytes; what the fragments keep of it is at most [`FRAGMENT_CHARS`] a page).

use super::SearchDoc;

/// Text kept per section in a result fragment, and per page.
const SECTION_CHARS: usize = 300;
const FRAGMENT_CHARS: usize = 1_200;

/// One section of a result fragment: the heading's id (empty before the first heading), the
/// heading, and the start of its text.
#[derive(Debug, Clone, Default)]
pub(super) struct Excerpt {
    pub id: String,
    pub heading: String,
    pub text: String,
}

/// The excerpts of each of `d`'s sections, in order: each section's text up to
/// [`SECTION_CHARS`] characters while the page's [`FRAGMENT_CHARS`] last (then empty).
pub(super) fn of(d: &SearchDoc) -> Box<[Excerpt]> {
    let mut budget = FRAGMENT_CHARS;
    d.sections
        .iter()
        .map(|s| {
            let keep = SECTION_CHARS.min(budget);
            let text: String = s.text(&d.body).chars().take(keep).collect();
            budget -= text.chars().count().min(budget);
            Excerpt { id: s.id.clone(), heading: s.heading.clone(), text }
        })
        .collect()
}
