//! Markdown: pulldown-cmark events -> HTML, table of contents, plain text and links.
//!
//! It runs in two steps. `analyze` reads a body once for what the site model needs before
//! anything is rendered: the heading ids (link targets), the links (to resolve and check) and
//! the first `# ` heading (a title when the front matter has none). `render` then turns the body
//! into HTML with those links already resolved, so rendering never needs the whole site.
//!
//! Both read the body as `prepare` rewrites it first: the block syntax of MkDocs, Docusaurus
//! and MDX (admonitions, tabs, components, attribute lists) becomes CommonMark plus markers, with
//! every offset mapped back to the author's file. Shortcodes are expanded there too, from the
//! templates the load stage compiled ([`Shortcodes`]).

mod abbreviations;
mod analyze;
mod attributes;
mod directives;
pub mod highlight;
#[cfg(test)]
mod hostile;
mod icons;
mod lines;
mod markers;
mod mdx;
mod mkdocs;
mod outlines;
mod parsed_lines;
mod prepare;
mod render;
pub mod safe_inline;
mod shortcodes;
pub mod slides;

pub use abbreviations::Abbreviation;
pub use analyze::{Heading, LinkRef, Outline, RawHtml, analyze, is_footnote_anchor};
pub use attributes::ResponsiveImage;
pub use lines::DialectNote;
pub use outlines::Outlines;
pub use prepare::prepare;
pub use render::{RawHtmlPolicy, RenderContext, Rendered, TextSection, TocEntry, render};
pub use shortcodes::{Shortcodes, VIDEO_LINK_WARNING};

use pulldown_cmark::Options;

/// Parser options shared by analysis and rendering: both must see the same events.
pub fn parser_options(smart_punctuation: bool) -> Options {
    let mut options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_GFM;
    if smart_punctuation {
        options |= Options::ENABLE_SMART_PUNCTUATION;
    }
    options
}

/// The interface words that rendered markdown holds: callout titles, the accessible name of a
/// scrolling table, the hidden "done" of a ticked task. A build passes the
/// ones of the theme's translation files (`i18n`). They are put into the HTML as they
/// are, like template text.
#[derive(Debug, Clone)]
pub struct MarkdownLabels {
    pub note: String,
    pub tip: String,
    pub important: String,
    pub warning: String,
    pub caution: String,
    pub table: String,
    pub task_done: String,
}

#[cfg(test)]
impl MarkdownLabels {
    /// The default theme's Dutch labels, for this crate's tests (the application reads them
    /// from the theme's interface strings).
    pub(crate) fn dutch() -> Self {
        let word = |w: &str| w.to_string();
        MarkdownLabels {
            note: word("Opmerking"),
            tip: word("Tip"),
            important: word("Belangrijk"),
            warning: word("Waarschuwing"),
            caution: word("Pas op"),
            table: word("Tabel"),
            task_done: word("(gedaan)"),
        }
    }
}

/// URL- and id-safe form of a text: `Wat gebeurt er na 10 dagen?` -> `wat-gebeurt-er-na-10-dagen`.
pub fn slugify(text: &str) -> String {
    let ascii = deunicode::deunicode(text);
    let mut slug = String::with_capacity(ascii.len());
    for c in ascii.chars() {
        if c.is_ascii_alphanumeric() {
            slug.push(c.to_ascii_lowercase());
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    while slug.ends_with('-') {
        slug.pop();
    }
    slug
}

#[cfg(test)]
mod tests {
    use super::slugify;

    #[test]
    fn slugs_fold_accents_and_punctuation() {
        assert_eq!(slugify("Wat gebeurt er na 10 dagen?"), "wat-gebeurt-er-na-10-dagen");
        assert_eq!(slugify("Ouderenmishandeling: één overzicht"), "ouderenmishandeling-een-overzicht");
        assert_eq!(slugify("  --  "), "");
    }
}
